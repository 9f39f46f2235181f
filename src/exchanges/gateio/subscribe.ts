// Subscriptions → Gate.io channels and `{"time","id","channel","event","payload"}` request frames. Pairs of list
// channels (trades, tickers, liquidations) share one frame per channel; book and candle channels take one frame per
// stream. Futures ticker, mark price, funding and open interest all ride on `futures.tickers` and share it.

import type { Account, StreamSpec } from "../../core/index.ts";
import type { GateRequest } from "./wire.ts";

/**
 * Book depth the socket maintains, and that the REST snapshot must match: "the level of the WebSocket subscription
 * should equal the limit of the REST snapshot, otherwise updates may not cover the snapshot's levels". `100ms`
 * pushes the top 100 levels on spot (`20ms` only 20); on futures the level is the third payload item.
 */
export const GATE_BOOK_LEVELS = 100;
const BOOK_SPEED = "100ms";

/** Contracts (or pairs) per subscribe frame of a list channel; Gate documents no cap, this keeps frames small. */
export const GATE_MAX_NATIVES_PER_FRAME = 50;

/**
 * Canonical interval → Gate interval, per market. Spot: 10s, 30s, 1m, 3m, 5m, 15m, 30m, 1h, 2h, 4h, 6h, 8h, 12h, 1d,
 * 7d, 30d; futures: 10s, 1m, 5m, 15m, 30m, 1h, 4h, 8h, 1d, 7d. `7d` bars open every 7 days from the epoch (a
 * Thursday), so they are not dig3's Monday `1w`; `30d` is left out until its alignment is confirmed.
 */
const SPOT_INTERVALS = ["1m", "3m", "5m", "15m", "30m", "1h", "2h", "4h", "6h", "8h", "12h", "1d"] as const;
const FUTURES_INTERVALS = ["1m", "5m", "15m", "30m", "1h", "4h", "8h", "1d"] as const;

export const GATE_KLINE_INTERVALS: Readonly<Record<"spot" | "linear" | "inverse", readonly string[]>> = {
  spot: SPOT_INTERVALS,
  linear: FUTURES_INTERVALS,
  inverse: FUTURES_INTERVALS,
};

/** `spot.` or `futures.`: the prefix of every channel of an account. */
export function channelPrefixOf(account: Account): "spot" | "futures" {
  return account === "spot" ? "spot" : "futures";
}

/** Gate's interval name of a canonical one (they spell the supported ones alike). */
export function gateIntervalOf(interval: string): string {
  return interval;
}

interface ChannelCall {
  channel: string;
  /** The payload items of this one stream. */
  payload: string[];
  /** List channels take many natives in one payload; the others one stream per frame. */
  isList: boolean;
}

/** The channel and payload a spec rides on, or undefined when the stream is no socket stream of its account. */
export function channelCallOf(spec: StreamSpec): ChannelCall | undefined {
  const prefix = channelPrefixOf(spec.account);
  const native = spec.native;
  const isFutures = prefix === "futures";
  switch (spec.kind) {
    case "trade":
      return { channel: `${prefix}.trades`, payload: [native], isList: true };
    case "book":
      return {
        channel: `${prefix}.order_book_update`,
        payload: isFutures ? [native, BOOK_SPEED, String(GATE_BOOK_LEVELS)] : [native, BOOK_SPEED],
        isList: false,
      };
    case "kline":
      return {
        channel: `${prefix}.candlesticks`,
        payload: [gateIntervalOf(spec.interval ?? "1m"), native],
        isList: false,
      };
    case "ticker":
      return { channel: `${prefix}.tickers`, payload: [native], isList: true };
    case "mark_price":
    case "funding_rate":
    case "open_interest":
      return isFutures ? { channel: "futures.tickers", payload: [native], isList: true } : undefined;
    case "liquidation":
      return isFutures
        ? { channel: "futures.public_liquidates", payload: [native], isList: true }
        : undefined;
    case "agg_trade":
      return undefined;
  }
}

/** Channel id for the hub's ref-counting: futures tickers, mark, funding and open interest share one subscription. */
export function channelOfSpec(spec: StreamSpec): string {
  const call = channelCallOf(spec);
  if (!call) return `${spec.account}|${spec.kind}|${spec.native}`;
  return `${spec.account}|${call.channel}|${call.payload.join(",")}`;
}

function requestTimeS(): number {
  // Gate refuses requests whose `time` is more than 60 s off its clock, so the frame carries the current second.
  return Math.floor(Date.now() / 1000);
}

function framesFor(
  event: "subscribe" | "unsubscribe",
  specs: readonly StreamSpec[],
  requestId: number,
): string[] {
  const lists = new Map<string, Set<string>>();
  const singles = new Map<string, GateRequest>();
  const time = requestTimeS();
  for (const spec of specs) {
    const call = channelCallOf(spec);
    if (!call) continue;
    if (call.isList) {
      const natives = lists.get(call.channel) ?? new Set<string>();
      for (const item of call.payload) natives.add(item);
      lists.set(call.channel, natives);
    } else {
      const key = `${call.channel}|${call.payload.join(",")}`;
      if (!singles.has(key))
        singles.set(key, { time, id: requestId, channel: call.channel, event, payload: call.payload });
    }
  }
  const frames: string[] = [];
  for (const [channel, natives] of lists) {
    const all = [...natives];
    for (let at = 0; at < all.length; at += GATE_MAX_NATIVES_PER_FRAME) {
      const payload = all.slice(at, at + GATE_MAX_NATIVES_PER_FRAME);
      frames.push(JSON.stringify({ time, id: requestId, channel, event, payload } satisfies GateRequest));
    }
  }
  for (const request of singles.values()) frames.push(JSON.stringify(request));
  return frames;
}

export function subscribeFrames(specs: readonly StreamSpec[], requestId: number): string[] {
  return framesFor("subscribe", specs, requestId);
}

export function unsubscribeFrames(specs: readonly StreamSpec[], requestId: number): string[] {
  return framesFor("unsubscribe", specs, requestId);
}
