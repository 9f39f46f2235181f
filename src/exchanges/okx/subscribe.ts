// Subscriptions → OKX channel args and `{"op":"subscribe","args":[…]}` frames (pure), the socket each stream
// rides on (`/ws/v5/public` or `/ws/v5/business`), and the kline bar names. Liquidations are one instType-wide
// channel, so every symbol of an instType shares one subscription.

import type { Account, StreamKind, StreamSpec } from "../../core/index.ts";
import { instTypeOfOkxNative } from "./symbols.ts";
import type { OkxChannelArg } from "./wire.ts";

/**
 * Channel args per subscribe frame. OKX caps a request at 64 KB ("the total length of multiple channels cannot
 * exceed 64 KB"); 200 args stay far below it.
 */
export const OKX_MAX_ARGS_PER_FRAME = 200;

/**
 * Canonical interval → OKX bar. From 6h up the plain bars (`6H`, `1D`, `1W` …) open at UTC+8; the `…utc` bars
 * open at UTC 0 like every other venue's, so those are the ones dig3 uses.
 */
const BAR_OF_INTERVAL: Readonly<Record<string, string>> = {
  "1s": "1s",
  "1m": "1m",
  "3m": "3m",
  "5m": "5m",
  "15m": "15m",
  "30m": "30m",
  "1h": "1H",
  "2h": "2H",
  "4h": "4H",
  "6h": "6Hutc",
  "12h": "12Hutc",
  "1d": "1Dutc",
  "2d": "2Dutc",
  "3d": "3Dutc",
  "1w": "1Wutc",
  "1M": "1Mutc",
  "3M": "3Mutc",
};

const INTERVAL_OF_BAR: Readonly<Record<string, string>> = Object.fromEntries(
  Object.entries(BAR_OF_INTERVAL).map(([interval, bar]) => [bar, interval]),
);

/** Canonical kline intervals OKX streams; options have no `1s` ("1s candle is not supported by OPTION"). */
export const OKX_KLINE_INTERVALS: readonly string[] = Object.keys(BAR_OF_INTERVAL);
export const OKX_OPTION_KLINE_INTERVALS: readonly string[] = OKX_KLINE_INTERVALS.filter((i) => i !== "1s");

/** OKX bar of a canonical interval (`1d` → `1Dutc`); the input itself when unknown (OKX rejects it). */
export function barOfInterval(interval: string): string {
  return BAR_OF_INTERVAL[interval] ?? interval;
}

/** Canonical interval of an OKX bar (`1Dutc` → `1d`), undefined for bars dig3 does not subscribe (UTC+8 days). */
export function intervalOfBar(bar: string): string | undefined {
  return INTERVAL_OF_BAR[bar];
}

/** Where a stream is served: candles and `trades-all` only on `/ws/v5/business`, everything else on `/public`. */
export type OkxRoute = "public" | "business";

export function okxRouteOf(account: Account, kind: StreamKind | undefined): OkxRoute {
  if (kind === "kline") return "business";
  // Options trade over `option-trades` on /public; `trades-all` lives on /business.
  if (kind === "trade" && account !== "option") return "business";
  return "public";
}

/** The channel arg a stream rides on, or undefined when the stream is no socket stream on this account. */
export function channelArgOf(spec: StreamSpec): OkxChannelArg | undefined {
  const instId = spec.native;
  const isSpot = spec.account === "spot";
  const isOption = spec.account === "option";
  switch (spec.kind) {
    case "trade":
      return isOption
        ? { channel: "option-trades", instType: "OPTION", instId }
        : { channel: "trades-all", instId };
    case "agg_trade":
      return { channel: "trades", instId };
    case "book":
      return { channel: "books", instId };
    case "kline":
      return { channel: `candle${barOfInterval(spec.interval ?? "1m")}`, instId };
    case "ticker":
      return { channel: "tickers", instId };
    case "mark_price":
      return isSpot ? undefined : { channel: "mark-price", instId };
    case "funding_rate":
      return isSpot || isOption ? undefined : { channel: "funding-rate", instId };
    case "open_interest":
      return isSpot ? undefined : { channel: "open-interest", instId };
    case "liquidation":
      return isSpot || isOption
        ? undefined
        : { channel: "liquidation-orders", instType: instTypeOfOkxNative(instId, spec.account) };
  }
}

/** Channel id for the hub's ref-counting: liquidations of one instType share a single subscription. */
export function channelOfSpec(spec: StreamSpec): string {
  const arg = channelArgOf(spec);
  if (!arg) return `${spec.account}|${spec.kind}|${spec.native}`;
  return `${spec.account}|${arg.channel}|${arg.instId ?? arg.instType ?? ""}`;
}

function uniqueArgs(specs: readonly StreamSpec[]): OkxChannelArg[] {
  const byKey = new Map<string, OkxChannelArg>();
  for (const spec of specs) {
    const arg = channelArgOf(spec);
    if (arg) byKey.set(`${arg.channel}|${arg.instId ?? ""}|${arg.instType ?? ""}`, arg);
  }
  return [...byKey.values()];
}

function framesFor(
  op: "subscribe" | "unsubscribe",
  specs: readonly StreamSpec[],
  requestId: number,
): string[] {
  const args = uniqueArgs(specs);
  const frames: string[] = [];
  for (let at = 0; at < args.length; at += OKX_MAX_ARGS_PER_FRAME) {
    // `id` (digits, ≤ 32 chars) comes back on the acks and on an error, tying a refusal to its request.
    frames.push(
      JSON.stringify({ id: String(requestId), op, args: args.slice(at, at + OKX_MAX_ARGS_PER_FRAME) }),
    );
  }
  return frames;
}

export function subscribeFrames(specs: readonly StreamSpec[], requestId: number): string[] {
  return framesFor("subscribe", specs, requestId);
}

export function unsubscribeFrames(specs: readonly StreamSpec[], requestId: number): string[] {
  return framesFor("unsubscribe", specs, requestId);
}
