// Subscriptions → HyperLiquid subscribe frames (pure): one `{"method":"subscribe","subscription":{…}}` message per
// subscription (the venue takes no batches). Ticker, mark price, funding and open interest share one wire channel:
// `activeAssetCtx` (mark, oracle, funding, open interest, 24 h stats) together with `bbo` (best bid and offer).
// Docs: https://hyperliquid.gitbook.io/hyperliquid-docs/for-developers/api/websocket/subscriptions

import type { StreamSpec } from "../../core/index.ts";

/** Client keep-alive: "send heartbeat messages … { "method": "ping" }", answered `{"channel":"pong"}`. */
export const HYPERLIQUID_PING = JSON.stringify({ method: "ping" });

/** Candle intervals of the `candle` channel and `candleSnapshot`; the names are dig3's canonical ones. */
export const HYPERLIQUID_INTERVALS: readonly string[] = [
  "1m",
  "3m",
  "5m",
  "15m",
  "30m",
  "1h",
  "2h",
  "4h",
  "8h",
  "12h",
  "1d",
  "3d",
  "1w",
  "1M",
];

export type HyperliquidSubscription = Record<string, string>;

/** The wire subscriptions a spec needs (none for kinds HyperLiquid does not publish). */
export function subscriptionsOf(spec: StreamSpec): HyperliquidSubscription[] {
  const coin = spec.native;
  switch (spec.kind) {
    case "trade":
      return [{ type: "trades", coin }];
    case "book":
      return [{ type: "l2Book", coin }];
    case "kline":
      return [{ type: "candle", coin, interval: spec.interval ?? "1m" }];
    case "ticker":
    case "mark_price":
    case "funding_rate":
    case "open_interest":
      return [
        { type: "activeAssetCtx", coin },
        { type: "bbo", coin },
      ];
    case "agg_trade":
    case "liquidation":
      return [];
  }
}

/** Specs on the same wire subscriptions share one channel (subscribed once, unsubscribed with the last of them). */
export function channelOfSpec(spec: StreamSpec): string {
  const [first] = subscriptionsOf(spec);
  if (!first) return `${spec.account}|${spec.kind}|${spec.native}`;
  const key = first.type === "activeAssetCtx" ? "ctx" : first.type;
  return `${spec.account}|${key}|${spec.native}|${first.interval ?? ""}`;
}

function framesOf(method: "subscribe" | "unsubscribe", specs: readonly StreamSpec[]): string[] {
  const seen = new Set<string>();
  const frames: string[] = [];
  for (const spec of specs) {
    for (const subscription of subscriptionsOf(spec)) {
      const frame = JSON.stringify({ method, subscription });
      if (seen.has(frame)) continue;
      seen.add(frame);
      frames.push(frame);
    }
  }
  return frames;
}

export function subscribeFrames(specs: readonly StreamSpec[], _requestId: number): string[] {
  return framesOf("subscribe", specs);
}

export function unsubscribeFrames(specs: readonly StreamSpec[], _requestId: number): string[] {
  return framesOf("unsubscribe", specs);
}
