// Fuzzing: every venue's frame parser and every record decoder fed seeded mutations of recorded frames and of
// encoded records. Nothing may throw out of `parse`; a decoder either decodes or rejects with a Dig3Error.

import { describe, expect, test } from "bun:test";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { Dig3Error } from "../../src/core/index.ts";
import { accountsOf } from "../../src/exchanges/_shared/adapter.ts";
import { EXCHANGES } from "../../src/exchanges/index.ts";
import { type AnyRecordDef, createBlobBuffer, decodeRecords, RECORDS } from "../../src/records/index.ts";
import { resolveWireDir } from "../sim/index.ts";
import { createRandom, mutateFrame, type Random } from "./mutate.ts";

const FRAMES_PER_VENUE = 10_000;
const RECORDS_PER_KIND = 10_000;
const SEEDS_PER_VENUE = 400;

/** Inbound frames recorded for a venue (at most `limit`, spread over its files). */
function readRecordedFrames(venue: string, limit: number): string[] {
  const dir = join(resolveWireDir(), venue);
  if (!existsSync(dir)) return [];
  const files = readdirSync(dir).filter((name) => name.endsWith(".ndjson") && !name.includes("rest"));
  const perFile = Math.max(1, Math.ceil(limit / Math.max(1, files.length)));
  const frames: string[] = [];
  for (const file of files) {
    const lines = readFileSync(join(dir, file), "utf8").split("\n");
    let taken = 0;
    for (const line of lines) {
      if (taken >= perFile) break;
      if (!line) continue;
      try {
        const entry = JSON.parse(line) as { dir?: string; frame?: unknown };
        if (entry.dir === "out" || typeof entry.frame !== "string") continue;
        frames.push(entry.frame);
        taken++;
      } catch {}
    }
  }
  return frames;
}

/** Docs-shaped fallbacks for venues without recordings: generic envelopes every parser must classify. */
const GENERIC_FRAMES = [
  '{"event":"subscribe","arg":{"channel":"trades","instId":"BTC-USDT"}}',
  '{"topic":"trade.BTCUSDT","data":[{"T":1,"s":"BTCUSDT","S":"Buy","v":"1","p":"2","i":"x"}]}',
  '{"stream":"btcusdt@trade","data":{"e":"trade","s":"BTCUSDT","t":1,"p":"1","q":"1","T":1,"m":true}}',
  '{"channel":"book","type":"update","data":[{"symbol":"BTC/USD","bids":[{"price":1,"qty":1}],"asks":[],"checksum":1}]}',
  "[17,[1,2,3]]",
  '{"dataType":"BTC-USDT@trade","data":[{"T":1,"s":"BTC-USDT","m":true,"p":"1","q":"1"}]}',
  '{"channel":"trades","data":[{"coin":"BTC","side":"B","px":"1","sz":"1","time":1,"tid":1}]}',
  "ping",
  "pong",
  "",
];

function contextOf(exchange: string, account: string) {
  return {
    exchange,
    account,
    recvTsUs: 1_700_000_000_000_000,
    symbolOf: (native: string) => native,
    session: new Map<string, unknown>(),
  };
}

const PARSED_KINDS = new Set(["events", "ack", "pong", "ping", "venue-error", "ignored", "unmatched"]);

describe("frame parsers under mutation", () => {
  for (const adapter of EXCHANGES) {
    test(`${adapter.id}: ${FRAMES_PER_VENUE} mutated frames, none throws, each classified`, () => {
      const random = createRandom(0x5eed ^ (adapter.id.length * 7919));
      const recorded = readRecordedFrames(adapter.id, SEEDS_PER_VENUE);
      const seeds = [...recorded, ...GENERIC_FRAMES];
      const accounts = accountsOf(adapter);
      const counts: Record<string, number> = {};
      const throws: string[] = [];
      // One session per account, kept across frames, as the hub does for a socket.
      const contexts = accounts.map((account) => contextOf(adapter.id, account));
      for (let i = 0; i < FRAMES_PER_VENUE; i++) {
        const seed = seeds[random.int(seeds.length)]!;
        const frame = i < seeds.length ? seed : mutateFrame(seed, random);
        const context = contexts[random.int(contexts.length)]!;
        try {
          const parsed = adapter.ws.parse(frame, context as Parameters<typeof adapter.ws.parse>[1]);
          const kind = PARSED_KINDS.has(parsed.kind) ? parsed.kind : "unclassified";
          counts[kind] = (counts[kind] ?? 0) + 1;
          if (parsed.kind === "events") {
            for (const event of parsed.events)
              if (typeof event.kind !== "string") counts.badEvent = (counts.badEvent ?? 0) + 1;
          }
        } catch (error) {
          counts.thrown = (counts.thrown ?? 0) + 1;
          if (throws.length < 3) throws.push(`${String(error)} ← ${frame.slice(0, 160)}`);
        }
      }
      console.log(
        `fuzz parse ${adapter.id}: ${FRAMES_PER_VENUE} frames (${recorded.length} recorded seeds) → ${JSON.stringify(counts)}`,
      );
      expect(throws).toEqual([]);
      expect(counts.unclassified ?? 0).toBe(0);
      expect(counts.badEvent ?? 0).toBe(0);
    });
  }
});

/** Random record bytes: whole records of random bytes, or a valid-looking buffer with flipped bits. */
function mutatedRecordBytes(def: AnyRecordDef, random: Random): Uint8Array {
  const count = 1 + random.int(4);
  const bytes = new Uint8Array(count * def.size + (random.chance(0.2) ? random.int(def.size) : 0));
  if (random.chance(0.5)) for (let i = 0; i < bytes.length; i++) bytes[i] = random.int(256);
  else
    for (let flips = 1 + random.int(8); flips > 0; flips--)
      bytes[random.int(bytes.length)]! ^= 1 << random.int(8);
  return bytes;
}

function mutatedBlob(random: Random): Uint8Array | undefined {
  if (random.chance(0.2)) return undefined;
  const blob = createBlobBuffer(0, 64).bytes();
  const bytes = new Uint8Array(Math.max(blob.length, random.int(256)));
  for (let i = 0; i < bytes.length; i++) bytes[i] = random.int(256);
  return bytes;
}

describe("record decoders under mutation", () => {
  for (const [kind, def] of Object.entries(RECORDS) as [string, AnyRecordDef][]) {
    test(`${kind}: ${RECORDS_PER_KIND} mutated records, decoded or rejected with a Dig3Error`, () => {
      const random = createRandom(0xdec0de ^ def.size);
      let decoded = 0;
      let rejected = 0;
      const crashes: string[] = [];
      for (let i = 0; i < RECORDS_PER_KIND; ) {
        const bytes = mutatedRecordBytes(def, random);
        i += Math.floor(bytes.length / def.size);
        try {
          decoded += decodeRecords(bytes, def, mutatedBlob(random)).length;
        } catch (error) {
          if (error instanceof Dig3Error) rejected++;
          else if (crashes.length < 3) crashes.push(String(error));
          else crashes.push("");
        }
      }
      console.log(
        `fuzz record ${kind}: ${RECORDS_PER_KIND} records → ${decoded} decoded, ${rejected} batches rejected, ${crashes.length} crashes`,
      );
      expect(crashes.filter(Boolean)).toEqual([]);
      expect(crashes.length).toBe(0);
    });
  }
});
