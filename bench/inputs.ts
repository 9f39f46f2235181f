// The recorded inputs the decode and book figures share: one stream's frames picked out of a recording, REST book
// snapshots, and where a Binance diff stream must start for a peer's book to accept it.

import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { readFrames, WIRE_ROOT } from "./wire.ts";

/** The inbound frames of one recording whose parsed message passes `keep`, verbatim, in order. */
export function readStreamFrames(venue: string, file: string, keep: (message: unknown) => boolean): string[] {
  return readFrames(venue, file).filter((frame) => keep(JSON.parse(frame)));
}

/** Binance combined-stream frames of one channel (`depth`, `bookTicker`, `trade` …). */
export function isBinanceStream(channel: string): (message: unknown) => boolean {
  return (message) => {
    const stream = (message as { stream?: unknown }).stream;
    return typeof stream === "string" && stream.split("@")[1] === channel;
  };
}

/** OKX pushes (not acks) of one channel. */
export function isOkxChannel(channel: string): (message: unknown) => boolean {
  return (message) => {
    const push = message as { arg?: { channel?: unknown }; data?: unknown; event?: unknown };
    return push.event === undefined && push.arg?.channel === channel && Array.isArray(push.data);
  };
}

/** Bybit v5 pushes whose topic starts with `prefix` (`orderbook.`, `publicTrade.`). */
export function isBybitTopic(prefix: string): (message: unknown) => boolean {
  return (message) => {
    const topic = (message as { topic?: unknown }).topic;
    return typeof topic === "string" && topic.startsWith(prefix);
  };
}

export interface RestBody {
  url: string;
  body: string;
}

/** REST responses of a recording (`{ url, body }` lines), verbatim. */
export function readRestBodies(venue: string, file: string): RestBody[] {
  return readFileSync(resolve(WIRE_ROOT, venue, file), "utf8")
    .split("\n")
    .filter((line) => line.length > 0)
    .map((line) => JSON.parse(line) as Partial<RestBody>)
    .filter((line): line is RestBody => typeof line.url === "string" && typeof line.body === "string");
}

interface BinanceDepthIds {
  s: string;
  U: number;
  u: number;
  pu?: number;
}

/**
 * Per symbol, the snapshot id (`lastUpdateId`) the first recorded diff bridges by Binance's rules: spot
 * `U <= id + 1 <= u`, futures `U <= id <= u`. A peer whose book needs a REST snapshot is seeded at it.
 */
export function bridgingSnapshotIds(frames: readonly string[]): Map<string, number> {
  const out = new Map<string, number>();
  for (const frame of frames) {
    const ids = (JSON.parse(frame) as { data: BinanceDepthIds }).data;
    if (!out.has(ids.s)) out.set(ids.s, ids.pu === undefined ? ids.U - 1 : ids.U);
  }
  return out;
}
