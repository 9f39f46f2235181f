// Subscriptions → Coinbase Advanced Trade subscribe / unsubscribe frames (pure). One channel per message, as the
// venue requires; every subscribe batch also subscribes `heartbeats`, which keeps quiet channels open.

import type { StreamKind, StreamSpec } from "../../core/index.ts";

/** Product ids per frame. Coinbase documents no cap; this keeps one frame a few KB. */
export const COINBASE_MAX_PRODUCTS_PER_FRAME = 100;

const CHANNEL_OF_KIND: Partial<Record<StreamKind, string>> = {
  trade: "market_trades",
  book: "level2",
  kline: "candles",
  ticker: "ticker",
};

/** The socket channel a spec rides on, or undefined when the socket does not carry that kind. */
export function wireChannelOf(spec: StreamSpec): string | undefined {
  return CHANNEL_OF_KIND[spec.kind];
}

/** Channel id for the hub's ref-counting. Candles have one granularity (5m), so the interval does not split them. */
export function channelOfSpec(spec: StreamSpec): string {
  return `${spec.account}|${wireChannelOf(spec) ?? spec.kind}|${spec.native.toUpperCase()}`;
}

/**
 * The heartbeats subscription. Sent with every subscribe batch because the hub calls `subscribe` with the socket's
 * full stream set on every (re)connect; a repeat on an open socket is harmless (the subscription set is a set).
 */
export const HEARTBEATS_FRAME = JSON.stringify({ type: "subscribe", channel: "heartbeats" });

function framesFor(type: "subscribe" | "unsubscribe", specs: readonly StreamSpec[]): string[] {
  const byChannel = new Map<string, Set<string>>();
  for (const spec of specs) {
    const channel = wireChannelOf(spec);
    if (!channel) continue;
    let products = byChannel.get(channel);
    if (!products) {
      products = new Set();
      byChannel.set(channel, products);
    }
    products.add(spec.native.toUpperCase());
  }
  const frames: string[] = [];
  for (const [channel, products] of byChannel) {
    const ids = [...products];
    for (let at = 0; at < ids.length; at += COINBASE_MAX_PRODUCTS_PER_FRAME) {
      frames.push(
        JSON.stringify({ type, product_ids: ids.slice(at, at + COINBASE_MAX_PRODUCTS_PER_FRAME), channel }),
      );
    }
  }
  return frames;
}

/** `{"type":"subscribe","product_ids":[…],"channel":C}` per channel, heartbeats first. */
export function subscribeFrames(specs: readonly StreamSpec[], _requestId: number): string[] {
  const frames = framesFor("subscribe", specs);
  return frames.length > 0 ? [HEARTBEATS_FRAME, ...frames] : [];
}

/** Unsubscribes the specs' products; heartbeats stay (other streams on the socket still need them). */
export function unsubscribeFrames(specs: readonly StreamSpec[], _requestId: number): string[] {
  return framesFor("unsubscribe", specs);
}
