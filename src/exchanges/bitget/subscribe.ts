// Subscriptions → Bitget v3 (UTA) channel args and `{"op":"subscribe","args":[…]}` frames (pure). Ticker, mark
// price, funding and open interest all ride on one `ticker` topic; liquidations on one topic per product type, so
// every symbol of a product type shares that subscription.

import type { StreamSpec } from "../../core/index.ts";
import { instTypeOf } from "./symbols.ts";
import type { BitgetV3Arg, BitgetV3InstType } from "./wire.ts";

/**
 * Args per subscribe request. Each request counts against "240 subscription requests/Hour/connection" and the
 * 10 messages a second, so a shard's streams go out together; 20 short args keep a frame small.
 */
export const BITGET_MAX_ARGS_PER_FRAME = 20;

/** Canonical interval → the v3 `interval` (socket and REST alike): "1m, 3m, 5m, 15m, 30m, 1H, 4H, 6H, 12H, 1D". */
const INTERVAL_OF_CANONICAL: Readonly<Record<string, string>> = {
  "1m": "1m",
  "3m": "3m",
  "5m": "5m",
  "15m": "15m",
  "30m": "30m",
  "1h": "1H",
  "4h": "4H",
  "6h": "6H",
  "12h": "12H",
  "1d": "1D",
};

const CANONICAL_OF_INTERVAL: Readonly<Record<string, string>> = Object.fromEntries(
  Object.entries(INTERVAL_OF_CANONICAL).map(([canonical, native]) => [native, canonical]),
);

/** Canonical kline intervals Bitget's v3 socket and REST serve (every account). */
export const BITGET_KLINE_INTERVALS: readonly string[] = Object.keys(INTERVAL_OF_CANONICAL);

/** Bitget interval of a canonical one (`1h` → `1H`); the input itself when unknown (the venue refuses it). */
export function bitgetIntervalOf(interval: string): string {
  return INTERVAL_OF_CANONICAL[interval] ?? interval;
}

/**
 * Canonical interval of a Bitget one: v3 `1H`, and the v2 channel suffixes of recordings (`candle1m`, `candle1H`,
 * `candle1Dutc`); undefined for bars dig3 does not read (v2's UTC+8 `1D`, `1W`, `1M`).
 */
export function canonicalIntervalOf(interval: string): string | undefined {
  return CANONICAL_OF_INTERVAL[interval] ?? CANONICAL_OF_INTERVAL[interval.replace(/utc$/, "")];
}

/** The channel arg a stream rides on, or undefined when the stream is no socket stream on its account. */
export function channelArgOf(spec: StreamSpec): BitgetV3Arg | undefined {
  const symbol = spec.native.toUpperCase();
  const instType = instTypeOf(symbol, spec.account) as BitgetV3InstType;
  const isFutures = spec.account === "linear" || spec.account === "inverse";
  switch (spec.kind) {
    case "trade":
      return { instType, topic: "publicTrade", symbol };
    case "book":
      return { instType, topic: "books", symbol };
    case "kline":
      return { instType, topic: "kline", symbol, interval: bitgetIntervalOf(spec.interval ?? "1m") };
    case "ticker":
      return { instType, topic: "ticker", symbol };
    case "mark_price":
    case "funding_rate":
    case "open_interest":
      return isFutures ? { instType, topic: "ticker", symbol } : undefined;
    case "liquidation":
      return isFutures ? { instType, topic: "liquidation" } : undefined;
    case "agg_trade":
      return undefined;
  }
}

/** Channel id for the hub's ref-counting: specs on one arg share one subscription. */
export function channelOfSpec(spec: StreamSpec): string {
  const arg = channelArgOf(spec);
  if (!arg) return `${spec.account}|${spec.kind}|${spec.native}`;
  return [arg.instType, arg.topic, arg.symbol ?? "*", arg.interval ?? ""].join("|");
}

function uniqueArgs(specs: readonly StreamSpec[]): BitgetV3Arg[] {
  const byKey = new Map<string, BitgetV3Arg>();
  for (const spec of specs) {
    const arg = channelArgOf(spec);
    if (arg) byKey.set(channelOfSpec(spec), arg);
  }
  return [...byKey.values()];
}

function framesFor(op: "subscribe" | "unsubscribe", specs: readonly StreamSpec[]): string[] {
  const args = uniqueArgs(specs);
  const frames: string[] = [];
  for (let at = 0; at < args.length; at += BITGET_MAX_ARGS_PER_FRAME)
    frames.push(JSON.stringify({ op, args: args.slice(at, at + BITGET_MAX_ARGS_PER_FRAME) }));
  return frames;
}

/** Bitget requests carry no id (acks echo the arg), so `requestId` goes unused. */
export function subscribeFrames(specs: readonly StreamSpec[], _requestId: number): string[] {
  return framesFor("subscribe", specs);
}

export function unsubscribeFrames(specs: readonly StreamSpec[], _requestId: number): string[] {
  return framesFor("unsubscribe", specs);
}
