// Subscriptions → Bybit v5 topics and `{"op":"subscribe","args":[…]}` frames (pure). Ticker, mark price, funding and
// open interest all ride on `tickers.{symbol}`; option trades on `publicTrade.{baseCoin}`: shared topics are
// subscribed once and left when their last stream goes.

import type { Account, StreamSpec } from "../../core/index.ts";

/**
 * Topics per subscribe request. "Spot can input up to 10 args for each subscription request sent to one connection";
 * derivatives have no per-request cap, but one number keeps every category inside the spot rule.
 * https://bybit-exchange.github.io/docs/v5/ws/connect (Public channel - Args limits)
 */
export const BYBIT_MAX_TOPICS_PER_FRAME = 10;

/** Order book depths per category, shallowest first. https://bybit-exchange.github.io/docs/v5/websocket/public/orderbook */
export const BYBIT_BOOK_DEPTHS: Readonly<Record<Account, readonly number[]>> = {
  spot: [1, 50, 200, 1000],
  linear: [1, 50, 200, 1000],
  inverse: [1, 50, 200, 1000],
  option: [25, 100],
};

/** Depth used when the subscriber names none: the 20 ms streams (50 levels; 25 on options). */
const DEFAULT_BOOK_DEPTH: Readonly<Record<Account, number>> = {
  spot: 50,
  linear: 50,
  inverse: 50,
  option: 25,
};

/** Canonical kline interval → Bybit's (`1m` → `1`, `1h` → `60`, `1d` → `D`). */
export const BYBIT_KLINE_INTERVALS: Readonly<Record<string, string>> = {
  "1m": "1",
  "3m": "3",
  "5m": "5",
  "15m": "15",
  "30m": "30",
  "1h": "60",
  "2h": "120",
  "4h": "240",
  "6h": "360",
  "12h": "720",
  "1d": "D",
  "1w": "W",
  "1M": "M",
};

/** Bybit's kline interval → canonical. */
export const CANONICAL_KLINE_INTERVALS: Readonly<Record<string, string>> = Object.fromEntries(
  Object.entries(BYBIT_KLINE_INTERVALS).map(([canonical, native]) => [native, canonical]),
);

/** The depth of the book topic for a wanted depth: the shallowest offered one that covers it. */
export function bookDepthOf(account: Account, wanted: number | undefined): number {
  const depths = BYBIT_BOOK_DEPTHS[account];
  if (wanted === undefined || !Number.isFinite(wanted) || wanted <= 0) return DEFAULT_BOOK_DEPTH[account];
  return depths.find((depth) => depth >= wanted) ?? depths[depths.length - 1]!;
}

/** `BTC-27DEC24-100000-C` → `BTC`: option trades are published per base coin. */
function optionBaseOf(native: string): string {
  return native.split("-")[0] ?? native;
}

/** The topic a spec rides on (`orderbook.50.BTCUSDT`), or undefined when it is no socket stream of the category. */
export function topicOf(spec: StreamSpec): string | undefined {
  const symbol = spec.native.toUpperCase();
  const isDerivative = spec.account === "linear" || spec.account === "inverse";
  switch (spec.kind) {
    case "trade":
      return spec.account === "option" ? `publicTrade.${optionBaseOf(symbol)}` : `publicTrade.${symbol}`;
    case "book":
      return `orderbook.${bookDepthOf(spec.account, spec.depth)}.${symbol}`;
    case "kline": {
      const interval = BYBIT_KLINE_INTERVALS[spec.interval ?? "1m"];
      return spec.account === "option" || !interval ? undefined : `kline.${interval}.${symbol}`;
    }
    case "ticker":
      return `tickers.${symbol}`;
    case "mark_price":
    case "open_interest":
      return spec.account === "spot" ? undefined : `tickers.${symbol}`;
    case "funding_rate":
      return isDerivative ? `tickers.${symbol}` : undefined;
    case "liquidation":
      return isDerivative ? `allLiquidation.${symbol}` : undefined;
    case "agg_trade":
      return undefined;
  }
}

/** Channel id for the hub's ref-counting: specs on the same topic share one subscription. */
export function channelOfSpec(spec: StreamSpec): string {
  return `${spec.account}|${topicOf(spec) ?? `${spec.kind}|${spec.native}`}`;
}

function uniqueTopics(specs: readonly StreamSpec[]): string[] {
  const topics = new Set<string>();
  for (const spec of specs) {
    const topic = topicOf(spec);
    if (topic) topics.add(topic);
  }
  return [...topics];
}

function framesFor(
  op: "subscribe" | "unsubscribe",
  specs: readonly StreamSpec[],
  requestId: number,
): string[] {
  const topics = uniqueTopics(specs);
  const frames: string[] = [];
  for (let at = 0; at < topics.length; at += BYBIT_MAX_TOPICS_PER_FRAME) {
    const args = topics.slice(at, at + BYBIT_MAX_TOPICS_PER_FRAME);
    // `req_id` comes back in the reply; one per frame so a refused batch names itself.
    const reqId =
      topics.length > BYBIT_MAX_TOPICS_PER_FRAME
        ? `${requestId}.${at / BYBIT_MAX_TOPICS_PER_FRAME}`
        : `${requestId}`;
    frames.push(JSON.stringify({ req_id: reqId, op, args }));
  }
  return frames;
}

/** `{"req_id":"7","op":"subscribe","args":[…]}` frames, at most BYBIT_MAX_TOPICS_PER_FRAME topics each. */
export function subscribeFrames(specs: readonly StreamSpec[], requestId: number): string[] {
  return framesFor("subscribe", specs, requestId);
}

export function unsubscribeFrames(specs: readonly StreamSpec[], requestId: number): string[] {
  return framesFor("unsubscribe", specs, requestId);
}

/** The client heartbeat, every 20 s. https://bybit-exchange.github.io/docs/v5/ws/connect (How to Send the Heartbeat Packet) */
export const BYBIT_PING_FRAME = '{"op":"ping"}';
