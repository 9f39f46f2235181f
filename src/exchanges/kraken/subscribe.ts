// Kraken subscriptions → outbound frames (pure), by market: spot WebSocket v2 (spot/subscribe.ts) or Futures
// WebSocket v1 (futures/subscribe.ts). Specs on one socket always share an account, so the first one decides.

import type { StreamSpec } from "../../core/index.ts";
import { futuresChannelIdOf, futuresSubscribeFrames, futuresUnsubscribeFrames } from "./futures/subscribe.ts";
import { spotChannelIdOf, spotSubscribeFrames, spotUnsubscribeFrames } from "./spot/subscribe.ts";

function isSpot(specs: readonly StreamSpec[]): boolean {
  return specs[0]?.account === "spot";
}

export function subscribeFrames(specs: readonly StreamSpec[], requestId: number): string[] {
  if (specs.length === 0) return [];
  return isSpot(specs) ? spotSubscribeFrames(specs, requestId) : futuresSubscribeFrames(specs);
}

export function unsubscribeFrames(specs: readonly StreamSpec[], requestId: number): string[] {
  if (specs.length === 0) return [];
  return isSpot(specs) ? spotUnsubscribeFrames(specs, requestId) : futuresUnsubscribeFrames(specs);
}

/** Streams that share a wire channel (futures ticker and trade feeds) share one subscription. */
export function channelOfSpec(spec: StreamSpec): string {
  return spec.account === "spot" ? spotChannelIdOf(spec) : futuresChannelIdOf(spec);
}
