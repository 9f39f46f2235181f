// Subscriptions → Bitstamp channel names and `bts:subscribe` / `bts:unsubscribe` frames (pure), one channel per
// frame as the protocol wants. Mark price and funding both ride on `funding_rate_<market>` and share it.

import type { StreamSpec } from "../../core/index.ts";

/** Bitstamp: "keep them under 512 bytes"; one channel per frame keeps every frame far below. */
export const BITSTAMP_MAX_FRAME_BYTES = 512;

/** The wire channel a spec rides on (`diff_order_book_btcusd`), or undefined when it is not a socket stream. */
export function channelNameOf(spec: StreamSpec): string | undefined {
  const market = spec.native.toLowerCase();
  switch (spec.kind) {
    case "trade":
      return `live_trades_${market}`;
    case "book":
      // Full depth as diffs, bridged to the REST snapshot; `order_book_` would cap the book at 100 levels.
      return `diff_order_book_${market}`;
    case "mark_price":
    case "funding_rate":
      return spec.account === "linear" ? `funding_rate_${market}` : undefined;
    default:
      // agg_trade, kline, liquidation: not offered; ticker and open interest: polled over REST.
      return undefined;
  }
}

/** Channel id for the hub's ref-counting: specs with the same wire channel share one subscription. */
export function channelOfSpec(spec: StreamSpec): string {
  return `${spec.account}|${channelNameOf(spec) ?? `${spec.kind}|${spec.native}`}`;
}

function framesFor(event: "bts:subscribe" | "bts:unsubscribe", specs: readonly StreamSpec[]): string[] {
  const channels = new Set<string>();
  for (const spec of specs) {
    const channel = channelNameOf(spec);
    if (channel) channels.add(channel);
  }
  return [...channels].map((channel) => JSON.stringify({ event, data: { channel } }));
}

/** `{"event":"bts:subscribe","data":{"channel":C}}`, one frame per distinct channel. Bitstamp has no request id. */
export function subscribeFrames(specs: readonly StreamSpec[], _requestId: number): string[] {
  return framesFor("bts:subscribe", specs);
}

export function unsubscribeFrames(specs: readonly StreamSpec[], _requestId: number): string[] {
  return framesFor("bts:unsubscribe", specs);
}
