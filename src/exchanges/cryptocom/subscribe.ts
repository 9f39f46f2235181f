// Subscriptions → Crypto.com market-data channels and `subscribe` / `unsubscribe` frames; the heartbeat answer.
// Streams that share a channel (ticker and open interest on `ticker.*`) are subscribed once; the mark price rides
// with its underlying index (`mark.BTCUSD-PERP` + `index.BTCUSD-INDEX`) so the event can carry both.

import type { StreamSpec } from "../../core/index.ts";
import { underlyingIndexOf } from "./symbols.ts";

/** Book depths the channel accepts ("book.BTCUSD-PERP.10 or book.BTCUSD-PERP.50"; other depths answer 40003). */
export const CRYPTOCOM_BOOK_DEPTHS = [10, 50] as const;

/**
 * Delta subscription cadence: `book_update_frequency` 10, 100 or 500 ms. 100 ms keeps every change (deltas are
 * merged, the `u`/`pu` chain holds either way) at a tenth of the 10 ms frame rate, like the 100 ms of other venues.
 */
export const CRYPTOCOM_BOOK_UPDATE_MS = 100;

/**
 * Channels per subscribe frame. The docs set no figure; a frame of 100 channels was accepted in a probe. Market-data
 * requests are limited to 100 a second, so fewer, fuller frames are the cheaper way.
 */
export const CRYPTOCOM_MAX_CHANNELS_PER_FRAME = 100;

/** Canonical kline interval → candlestick timeframe (1m 5m 15m 30m 1h 2h 4h 12h 1D 7D 14D 1M; 14D has no canonical name). */
export const CRYPTOCOM_TIMEFRAMES: Readonly<Record<string, string>> = {
  "1m": "1m",
  "5m": "5m",
  "15m": "15m",
  "30m": "30m",
  "1h": "1h",
  "2h": "2h",
  "4h": "4h",
  "12h": "12h",
  "1d": "1D",
  "1w": "7D",
  "1M": "1M",
};

/** Timeframe names of the older API (`M1` is one minute, `1M` one month), still seen in REST `interval` fields. */
const LEGACY_TIMEFRAMES: Readonly<Record<string, string>> = {
  M1: "1m",
  M5: "5m",
  M15: "15m",
  M30: "30m",
  H1: "1h",
  H2: "2h",
  H4: "4h",
  H12: "12h",
  D1: "1d",
  D7: "1w",
};

/** Candlestick timeframe (current or older name) → canonical interval; undefined for 14D and unknown names. */
export function intervalOfTimeframe(timeframe: string): string | undefined {
  for (const [interval, candidate] of Object.entries(CRYPTOCOM_TIMEFRAMES)) {
    if (candidate === timeframe) return interval;
  }
  return LEGACY_TIMEFRAMES[timeframe];
}

/** The book depth to subscribe for a wanted depth: 10 when that covers it, else 50 (the deepest delta book). */
export function bookDepthOf(depth: number | undefined): 10 | 50 {
  return depth !== undefined && depth <= 10 ? 10 : 50;
}

/** The wire channels a spec rides on, in subscribe order; empty when it is no socket stream. */
export function channelNamesOf(spec: StreamSpec): string[] {
  const native = spec.native.toUpperCase();
  switch (spec.kind) {
    case "trade":
      return [`trade.${native}`];
    case "book":
      return [`book.${native}.${bookDepthOf(spec.depth)}`];
    case "ticker":
    case "open_interest":
      return [`ticker.${native}`];
    case "kline": {
      const timeframe = CRYPTOCOM_TIMEFRAMES[spec.interval ?? "1m"];
      return timeframe ? [`candlestick.${timeframe}.${native}`] : [];
    }
    case "mark_price": {
      const index = underlyingIndexOf(native);
      return index ? [`mark.${native}`, `index.${index}`] : [`mark.${native}`];
    }
    case "funding_rate":
      return [`funding.${native}`];
    case "agg_trade":
    case "liquidation":
      return [];
  }
}

/** Channel id for the hub's ref-counting: specs on the same wire channels share one subscription. */
export function channelOfSpec(spec: StreamSpec): string {
  const names = channelNamesOf(spec);
  return `${spec.account}|${names.length > 0 ? names.join(",") : `${spec.kind}|${spec.native}`}`;
}

function uniqueChannels(specs: readonly StreamSpec[]): string[] {
  const names = new Set<string>();
  for (const spec of specs) for (const name of channelNamesOf(spec)) names.add(name);
  return [...names];
}

function requestFrames(
  method: "subscribe" | "unsubscribe",
  channels: readonly string[],
  requestId: number,
): string[] {
  const frames: string[] = [];
  // "nonce: Current timestamp in milliseconds" is a required field; the server echoes nothing of it.
  const nonce = Date.now();
  for (let at = 0; at < channels.length; at += CRYPTOCOM_MAX_CHANNELS_PER_FRAME) {
    const batch = channels.slice(at, at + CRYPTOCOM_MAX_CHANNELS_PER_FRAME);
    const params: Record<string, unknown> = { channels: batch };
    if (method === "subscribe" && batch.some((channel) => channel.startsWith("book."))) {
      // Without these the channel sends a full snapshot every 500 ms and no sequence to chain.
      params.book_subscription_type = "SNAPSHOT_AND_UPDATE";
      params.book_update_frequency = CRYPTOCOM_BOOK_UPDATE_MS;
    }
    frames.push(JSON.stringify({ id: requestId, method, params, nonce }));
  }
  return frames;
}

/** `subscribe` frames for a batch of streams (each channel once, at most 100 a frame). */
export function subscribeFrames(specs: readonly StreamSpec[], requestId: number): string[] {
  return requestFrames("subscribe", uniqueChannels(specs), requestId);
}

/**
 * `unsubscribe` frames. An `index.*` channel stays subscribed: every contract of one underlying shares it and this
 * function cannot see whether another mark price still needs it (the mark parser ignores an index older than the
 * mark by more than a few seconds, so a leftover index never goes stale silently).
 */
export function unsubscribeFrames(specs: readonly StreamSpec[], requestId: number): string[] {
  const channels = uniqueChannels(specs).filter((channel) => !channel.startsWith("index."));
  return requestFrames("unsubscribe", channels, requestId);
}

/**
 * The answer a `public/heartbeat` wants within 5 s: the same id, `public/respond-heartbeat`. `idJson` is the id's
 * JSON text as received (digits, or a quoted string), so a large id is echoed digit for digit.
 */
export function heartbeatReplyOf(idJson: string): string {
  return `{"id":${idJson},"method":"public/respond-heartbeat"}`;
}
