// Subscriptions → dYdX v4 indexer frames (pure): `{"type":"subscribe","channel":C,"id":X,"batched":B}`, one per
// wire channel. Mark price, funding, open interest and ticker all ride the single `v4_markets` channel (every
// market, no id), so they share one channel key and one subscription.
// Docs: https://docs.dydx.exchange/api_integration-indexer/indexer_websocket

import type { StreamSpec } from "../../core/index.ts";

/** Canonical interval ↔ the indexer's candle resolution. */
export const DYDX_RESOLUTIONS: Readonly<Record<string, string>> = {
  "1m": "1MIN",
  "5m": "5MINS",
  "15m": "15MINS",
  "30m": "30MINS",
  "1h": "1HOUR",
  "4h": "4HOURS",
  "1d": "1DAY",
};

export const DYDX_INTERVALS: readonly string[] = Object.keys(DYDX_RESOLUTIONS);

export function intervalOfResolution(resolution: string): string | undefined {
  for (const [interval, wire] of Object.entries(DYDX_RESOLUTIONS)) if (wire === resolution) return interval;
  return undefined;
}

export interface DydxSubscription {
  channel: string;
  id?: string;
  /** "batched: true" groups updates of ~a block into one `channel_batch_data` (fewer frames on busy books). */
  batched?: boolean;
}

export function subscriptionOf(spec: StreamSpec): DydxSubscription | undefined {
  switch (spec.kind) {
    case "book":
      return { channel: "v4_orderbook", id: spec.native, batched: true };
    case "trade":
    case "liquidation":
      return { channel: "v4_trades", id: spec.native, batched: true };
    case "kline":
      return {
        channel: "v4_candles",
        id: `${spec.native}/${DYDX_RESOLUTIONS[spec.interval ?? "1m"] ?? "1MIN"}`,
      };
    case "ticker":
    case "mark_price":
    case "funding_rate":
    case "open_interest":
      return { channel: "v4_markets", batched: true };
    case "agg_trade":
      return undefined;
  }
}

export function channelOfSpec(spec: StreamSpec): string {
  const sub = subscriptionOf(spec);
  if (!sub) return `${spec.account}|${spec.kind}|${spec.native}`;
  return `${sub.channel}|${sub.id ?? ""}`;
}

function framesOf(type: "subscribe" | "unsubscribe", specs: readonly StreamSpec[]): string[] {
  const seen = new Set<string>();
  const frames: string[] = [];
  for (const spec of specs) {
    const sub = subscriptionOf(spec);
    if (!sub) continue;
    const key = `${sub.channel}|${sub.id ?? ""}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const frame: Record<string, unknown> = { type, channel: sub.channel };
    if (sub.id !== undefined) frame.id = sub.id;
    if (type === "subscribe" && sub.batched) frame.batched = true;
    frames.push(JSON.stringify(frame));
  }
  return frames;
}

export function subscribeFrames(specs: readonly StreamSpec[], _requestId: number): string[] {
  return framesOf("subscribe", specs);
}

export function unsubscribeFrames(specs: readonly StreamSpec[], _requestId: number): string[] {
  return framesOf("unsubscribe", specs);
}
