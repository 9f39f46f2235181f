// Subscriptions → Lighter subscribe frames (pure): one `{"type":"subscribe","channel":"order_book/1"}` per channel.
// Trades and liquidations share `trade/{id}` (liquidations arrive in its `liquidation_trades`); ticker, mark price,
// funding and open interest share `market_stats/{id}` (spot tickers: `spot_market_stats/{id}`). Klines are not on the socket (REST `candles` poll).
// Docs: https://apidocs.lighter.xyz/docs/websocket-reference

import type { StreamSpec } from "../../core/index.ts";

/** Client keep-alive: "send something at least every 2 minutes" (market-data guide: `{"type":"ping"}`). */
export const LIGHTER_PING = JSON.stringify({ type: "ping" });

/** Candle resolutions of REST `candles`; the names are dig3's canonical ones. */
export const LIGHTER_INTERVALS: readonly string[] = ["1m", "5m", "15m", "30m", "1h", "4h", "12h", "1d", "1w"];

/** The wire channel of a spec (`order_book/1`), or undefined for kinds the socket does not carry. */
export function wireChannelOf(spec: StreamSpec): string | undefined {
  const id = spec.native;
  switch (spec.kind) {
    case "book":
      return `order_book/${id}`;
    case "trade":
    case "liquidation":
      return `trade/${id}`;
    // "The market_stats and spot_market_stats channels": perpetual stats and spot stats are separate channels.
    case "ticker":
    case "mark_price":
    case "funding_rate":
    case "open_interest":
      return spec.account === "spot" ? `spot_market_stats/${id}` : `market_stats/${id}`;
    case "agg_trade":
    case "kline":
      return undefined;
  }
}

export function channelOfSpec(spec: StreamSpec): string {
  return `${spec.account}|${wireChannelOf(spec) ?? `${spec.kind}/${spec.native}`}`;
}

function framesOf(type: "subscribe" | "unsubscribe", specs: readonly StreamSpec[]): string[] {
  const seen = new Set<string>();
  const frames: string[] = [];
  for (const spec of specs) {
    const channel = wireChannelOf(spec);
    if (!channel || seen.has(channel)) continue;
    seen.add(channel);
    frames.push(JSON.stringify({ type, channel }));
  }
  return frames;
}

export function subscribeFrames(specs: readonly StreamSpec[], _requestId: number): string[] {
  return framesOf("subscribe", specs);
}

export function unsubscribeFrames(specs: readonly StreamSpec[], _requestId: number): string[] {
  return framesOf("unsubscribe", specs);
}
