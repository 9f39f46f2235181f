// Kraken spot subscriptions → WebSocket v2 `subscribe` / `unsubscribe` frames (pure): one frame per channel and
// parameter set, listing its symbols. Books are always taken at the deepest depth (1000) with a snapshot.

import type { StreamSpec } from "../../../core/index.ts";

/**
 * Book depth asked for every book. Kraken does not send `qty: 0` for levels pushed out of the subscribed depth and
 * expects the client to cut its book to that depth; dig3 keeps full depth, so the deepest subscription keeps a level
 * that silently left the window from ever coming back into the checksummed top 10 in practice.
 */
export const KRAKEN_SPOT_BOOK_DEPTH = 1000;

/** Symbols per subscribe frame; Kraken documents no cap, this keeps a frame small. */
export const KRAKEN_SPOT_SYMBOLS_PER_FRAME = 50;

/** Canonical kline interval → v2 `interval` in minutes (21600 = 15 days has no canonical name and is not offered). */
export const KRAKEN_SPOT_INTERVAL_MINUTES: Readonly<Record<string, number>> = {
  "1m": 1,
  "5m": 5,
  "15m": 15,
  "30m": 30,
  "1h": 60,
  "4h": 240,
  "1d": 1440,
  "1w": 10080,
};

export type KrakenSpotChannel = "trade" | "book" | "ticker" | "ohlc";

/** The v2 channel and its parameters for a spec; undefined for kinds spot does not stream. */
export function spotChannelOf(
  spec: StreamSpec,
): { channel: KrakenSpotChannel; params: Record<string, unknown> } | undefined {
  switch (spec.kind) {
    case "trade":
      return { channel: "trade", params: { snapshot: true } };
    case "book":
      return { channel: "book", params: { depth: KRAKEN_SPOT_BOOK_DEPTH, snapshot: true } };
    case "ticker":
      return { channel: "ticker", params: { snapshot: true } };
    case "kline": {
      const minutes = KRAKEN_SPOT_INTERVAL_MINUTES[spec.interval ?? "1m"];
      return minutes === undefined
        ? undefined
        : { channel: "ohlc", params: { interval: minutes, snapshot: true } };
    }
    default:
      return undefined;
  }
}

/** Channel id for the hub's ref-counting (book depth is fixed, so it is not part of it). */
export function spotChannelIdOf(spec: StreamSpec): string {
  const wire = spotChannelOf(spec);
  if (!wire) return `spot|${spec.kind}|${spec.native}`;
  const interval = wire.params.interval === undefined ? "" : `|${wire.params.interval}`;
  return `spot|${wire.channel}|${spec.native}${interval}`;
}

function framesFor(
  method: "subscribe" | "unsubscribe",
  specs: readonly StreamSpec[],
  requestId: number,
): string[] {
  const groups = new Map<
    string,
    { channel: KrakenSpotChannel; params: Record<string, unknown>; symbols: string[] }
  >();
  for (const spec of specs) {
    const wire = spotChannelOf(spec);
    if (!wire) continue;
    const key = `${wire.channel}|${JSON.stringify(wire.params)}`;
    let group = groups.get(key);
    if (!group) {
      group = { ...wire, symbols: [] };
      groups.set(key, group);
    }
    if (!group.symbols.includes(spec.native)) group.symbols.push(spec.native);
  }
  const frames: string[] = [];
  for (const { channel, params, symbols } of groups.values()) {
    // Unsubscribe takes the same parameters except `snapshot`, which only applies on the way in.
    const { snapshot, ...rest } = params;
    const extra = method === "subscribe" ? { ...rest, snapshot } : rest;
    for (let at = 0; at < symbols.length; at += KRAKEN_SPOT_SYMBOLS_PER_FRAME) {
      const symbol = symbols.slice(at, at + KRAKEN_SPOT_SYMBOLS_PER_FRAME);
      frames.push(JSON.stringify({ method, params: { channel, symbol, ...extra }, req_id: requestId }));
    }
  }
  return frames;
}

/** `{"method":"subscribe","params":{"channel":"book","symbol":["BTC/USD"],"depth":1000,"snapshot":true},"req_id":N}` */
export function spotSubscribeFrames(specs: readonly StreamSpec[], requestId: number): string[] {
  return framesFor("subscribe", specs, requestId);
}

export function spotUnsubscribeFrames(specs: readonly StreamSpec[], requestId: number): string[] {
  return framesFor("unsubscribe", specs, requestId);
}
