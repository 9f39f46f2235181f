// Kraken Futures subscriptions → WebSocket v1 `subscribe` / `unsubscribe` frames (pure), one per feed. Several
// stream kinds ride on one feed: ticker, mark price, funding and open interest on `ticker`; trades and liquidations
// on `trade`.

import type { StreamSpec } from "../../../core/index.ts";

export type KrakenFuturesFeed = "trade" | "book" | "ticker";

/** Products per subscribe frame; Kraken documents no cap, this keeps a frame small. */
export const KRAKEN_FUTURES_PRODUCTS_PER_FRAME = 50;

export function futuresFeedOf(spec: StreamSpec): KrakenFuturesFeed | undefined {
  switch (spec.kind) {
    case "trade":
    case "liquidation":
      return "trade";
    case "book":
      return "book";
    case "ticker":
    case "mark_price":
    case "funding_rate":
    case "open_interest":
      return "ticker";
    default:
      return undefined;
  }
}

/** Channel id for the hub's ref-counting: kinds that share a feed share one subscription. */
export function futuresChannelIdOf(spec: StreamSpec): string {
  return `${spec.account}|${futuresFeedOf(spec) ?? spec.kind}|${spec.native.toUpperCase()}`;
}

function framesFor(event: "subscribe" | "unsubscribe", specs: readonly StreamSpec[]): string[] {
  const byFeed = new Map<KrakenFuturesFeed, string[]>();
  for (const spec of specs) {
    const feed = futuresFeedOf(spec);
    if (!feed) continue;
    const products = byFeed.get(feed) ?? [];
    const product = spec.native.toUpperCase();
    if (!products.includes(product)) products.push(product);
    byFeed.set(feed, products);
  }
  const frames: string[] = [];
  for (const [feed, products] of byFeed) {
    for (let at = 0; at < products.length; at += KRAKEN_FUTURES_PRODUCTS_PER_FRAME) {
      frames.push(
        JSON.stringify({
          event,
          feed,
          product_ids: products.slice(at, at + KRAKEN_FUTURES_PRODUCTS_PER_FRAME),
        }),
      );
    }
  }
  return frames;
}

/** `{"event":"subscribe","feed":"book","product_ids":["PF_XBTUSD"]}` (the feed has no request ids). */
export function futuresSubscribeFrames(specs: readonly StreamSpec[]): string[] {
  return framesFor("subscribe", specs);
}

export function futuresUnsubscribeFrames(specs: readonly StreamSpec[]): string[] {
  return framesFor("unsubscribe", specs);
}
