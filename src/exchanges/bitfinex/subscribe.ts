// Subscriptions → Bitfinex channel requests and frames (pure): the `conf` flags sent first on every connection,
// one `subscribe` per channel, `unsubscribe` by channel id. Mark price, funding and open interest share one status
// channel per perpetual; liquidations of every symbol share the global feed.

import type { StreamSpec } from "../../core/index.ts";
import { chanIdOfChannel } from "./session.ts";

/** Appends the send time (ms) to every channel frame. */
export const BITFINEX_FLAG_TIMESTAMP = 32_768;
/** Appends one sequence number counted over the whole connection to every channel frame. */
export const BITFINEX_FLAG_SEQ_ALL = 65_536;
/** Sends `[CHAN_ID,"cs",CHECKSUM]` after book changes. */
export const BITFINEX_FLAG_OB_CHECKSUM = 131_072;
export const BITFINEX_CONF_FLAGS =
  BITFINEX_FLAG_TIMESTAMP | BITFINEX_FLAG_SEQ_ALL | BITFINEX_FLAG_OB_CHECKSUM;

/** Canonical kline interval → Bitfinex candle time frame (docs: 1m 5m 15m 30m 1h 3h 6h 12h 1D 1W 14D 1M). */
export const BITFINEX_TIME_FRAMES: Readonly<Record<string, string>> = {
  "1m": "1m",
  "5m": "5m",
  "15m": "15m",
  "30m": "30m",
  "1h": "1h",
  "3h": "3h",
  "6h": "6h",
  "12h": "12h",
  "1d": "1D",
  "1w": "1W",
  "14d": "14D",
  "1M": "1M",
};

const INTERVAL_OF_TIME_FRAME: Readonly<Record<string, string>> = Object.fromEntries(
  Object.entries(BITFINEX_TIME_FRAMES).map(([interval, frame]) => [frame, interval]),
);

/** Bitfinex time frame → canonical interval (`1D` → `1d`); undefined for frames dig3 does not list. */
export function intervalOfTimeFrame(timeFrame: string): string | undefined {
  return INTERVAL_OF_TIME_FRAME[timeFrame];
}

/** Book lengths the P0 book accepts; a wanted depth rounds up. The checksum covers the top 25, the default. */
const BOOK_LENGTHS = [1, 25, 100, 250] as const;

export function bookLengthOf(depth: number | undefined): string {
  if (depth === undefined || !Number.isFinite(depth)) return "25";
  return String(BOOK_LENGTHS.find((length) => length >= depth) ?? 250);
}

export const LIQUIDATION_KEY = "liq:global";

/** The request fields of a spec's channel, without `event`; undefined when the kind has no Bitfinex channel. */
export type BitfinexChannelRequest =
  | { channel: "trades" | "ticker"; symbol: string }
  | { channel: "book"; symbol: string; prec: "P0"; freq: "F0"; len: string }
  | { channel: "candles" | "status"; key: string };

export function channelRequestOf(spec: StreamSpec): BitfinexChannelRequest | undefined {
  switch (spec.kind) {
    case "trade":
      return { channel: "trades", symbol: spec.native };
    case "ticker":
      return { channel: "ticker", symbol: spec.native };
    case "book":
      // P0: price levels at full precision; F0: real time.
      return { channel: "book", symbol: spec.native, prec: "P0", freq: "F0", len: bookLengthOf(spec.depth) };
    case "kline": {
      const timeFrame = BITFINEX_TIME_FRAMES[spec.interval ?? "1m"];
      return timeFrame ? { channel: "candles", key: `trade:${timeFrame}:${spec.native}` } : undefined;
    }
    case "mark_price":
    case "funding_rate":
    case "open_interest":
      return spec.account === "spot" ? undefined : { channel: "status", key: `deriv:${spec.native}` };
    case "liquidation":
      return { channel: "status", key: LIQUIDATION_KEY };
    case "agg_trade":
      return undefined;
  }
}

/** What a channel is about: its symbol, else its key (`tBTCUSD`, `trade:1m:tBTCUSD`, `liq:global`). */
export function channelSubjectOf(request: { symbol?: string; key?: string }): string {
  return request.symbol ?? request.key ?? "";
}

/** The identity of a channel on a connection: `book:tBTCUSD`, `candles:trade:1m:tBTCUSD`, `status:liq:global`. */
export function channelNameOf(request: { channel: string; symbol?: string; key?: string }): string {
  return `${request.channel}:${channelSubjectOf(request)}`;
}

/** Channel id for the hub's ref-counting: specs on the same Bitfinex channel share one subscription. */
export function channelOfSpec(spec: StreamSpec): string {
  const request = channelRequestOf(spec);
  return `${spec.account}|${request ? channelNameOf(request) : `${spec.kind}:${spec.native}`}`;
}

export function subscribeFrameOf(request: BitfinexChannelRequest): string {
  return JSON.stringify({ event: "subscribe", ...request });
}

/**
 * `conf` first (the flags apply to the connection, and the hub replays these frames on every reconnect), then one
 * `subscribe` per distinct channel. Bitfinex takes one channel per frame.
 */
export function subscribeFrames(specs: readonly StreamSpec[], _requestId: number): string[] {
  const frames = [JSON.stringify({ event: "conf", flags: BITFINEX_CONF_FLAGS })];
  const seen = new Set<string>();
  for (const spec of specs) {
    const request = channelRequestOf(spec);
    if (!request) continue;
    const name = channelNameOf(request);
    if (seen.has(name)) continue;
    seen.add(name);
    frames.push(subscribeFrameOf(request));
  }
  return frames;
}

/**
 * Bitfinex unsubscribes by channel id (`{"event":"unsubscribe","chanId":N}`), which only the connection's `subscribed`
 * acks know. With the connection's session (the parse scratch state) the frames are exact; without it there is
 * nothing to send, the channel keeps flowing unrouted, and a later re-subscribe of it is healed in parse (the
 * `subscribe: dup` error draws an unsubscribe and a fresh subscribe, see parse.ts).
 */
export function unsubscribeFrames(
  specs: readonly StreamSpec[],
  _requestId: number,
  session?: Map<string, unknown>,
): string[] {
  if (!session) return [];
  const frames: string[] = [];
  const seen = new Set<number>();
  for (const spec of specs) {
    const request = channelRequestOf(spec);
    if (!request) continue;
    const chanId = chanIdOfChannel(session, request.channel, channelSubjectOf(request));
    if (chanId === undefined || seen.has(chanId)) continue;
    seen.add(chanId);
    frames.push(JSON.stringify({ event: "unsubscribe", chanId }));
  }
  return frames;
}
