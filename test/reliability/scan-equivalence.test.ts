// The in-place book readers (Binance depth, OKX books, Bybit orderbook) against each venue's JSON.parse path, on
// every recorded frame and on seeded mutations of them: where a reader takes a frame, its events must equal the
// JSON.parse path's, number for number; and it must take every well-formed book frame it was written for.

import { describe, expect, test } from "bun:test";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { ParseContext, Parsed } from "../../src/exchanges/_shared/adapter.ts";
import { parseBinanceFrame, parseBinanceJson, scanDepthFrame } from "../../src/exchanges/binance/parse.ts";
import { parseBybitFrame, parseBybitJson, scanOrderbookFrame } from "../../src/exchanges/bybit/parse.ts";
import { parseOkxFrame, parseOkxJson, scanBooksFrame } from "../../src/exchanges/okx/parse.ts";
import { resolveWireDir } from "../sim/index.ts";
import { createRandom, mutateFrame, type Random } from "./mutate.ts";

const MUTATIONS_PER_FRAME = 40;

interface Reader {
  venue: string;
  account: string;
  scan: (frame: string, context: ParseContext) => Parsed | undefined;
  parseJson: (frame: string, context: ParseContext) => Parsed;
  /** The venue's parser: the reader where it takes the frame, else the JSON.parse path. */
  parse: (frame: string, context: ParseContext) => Parsed;
  /** Recorded frames the reader is for (the rest must come back undefined or equal all the same). */
  isTarget: (frame: string) => boolean;
}

const READERS: Reader[] = [
  {
    venue: "binance",
    account: "spot",
    scan: scanDepthFrame,
    parseJson: parseBinanceJson,
    parse: parseBinanceFrame,
    isTarget: (frame) => /^\{"stream":"[a-z0-9]+@depth(@\d+ms)?"/.test(frame),
  },
  {
    venue: "okx",
    account: "spot",
    scan: scanBooksFrame,
    parseJson: parseOkxJson,
    parse: parseOkxFrame,
    isTarget: (frame) => /^\{"arg":\{"channel":"books(-l2-tbt|50-l2-tbt)?"/.test(frame),
  },
  {
    venue: "bybit",
    account: "linear",
    scan: scanOrderbookFrame,
    parseJson: parseBybitJson,
    parse: parseBybitFrame,
    isTarget: (frame) => /^\{"topic":"orderbook\.\d+\./.test(frame),
  },
];

function contextOf(venue: string, account: string): ParseContext {
  return {
    exchange: venue,
    account,
    recvTsUs: 1_700_000_000_000_000,
    symbolOf: (native: string) => `sym:${native}`,
    session: new Map<string, unknown>(),
  } as ParseContext;
}

function readInboundFrames(venue: string): string[] {
  const dir = join(resolveWireDir(), venue);
  if (!existsSync(dir)) return [];
  const frames: string[] = [];
  for (const file of readdirSync(dir).filter((name) => name.endsWith(".ndjson") && !name.includes("rest"))) {
    for (const line of readFileSync(join(dir, file), "utf8").split("\n")) {
      if (!line) continue;
      const entry = JSON.parse(line) as { dir?: string; frame?: unknown };
      if (entry.dir !== "out" && typeof entry.frame === "string") frames.push(entry.frame);
    }
  }
  return frames;
}

/** Mutations the in-place reader must see through: whitespace between tokens, escaped letters, reordered keys. */
function mutateForScanner(frame: string, random: Random): string {
  const roll = random.next();
  if (roll < 0.25) {
    // Whitespace after a structural character: the same document to JSON.parse.
    const marks = [...frame.matchAll(/[,:[\]{}]/g)];
    if (marks.length === 0) return frame;
    const at = marks[random.int(marks.length)]!.index! + 1;
    return `${frame.slice(0, at)}${[" ", "\n", "\t", "\r\n  "][random.int(4)]}${frame.slice(at)}`;
  }
  if (roll < 0.4) {
    // A letter or digit written as a \u escape: the same text to JSON.parse, inside a string.
    const at = random.int(frame.length);
    const code = frame.charCodeAt(at);
    const isAlphanumeric =
      (code >= 48 && code <= 57) || (code >= 65 && code <= 90) || (code >= 97 && code <= 122);
    if (!isAlphanumeric) return frame;
    return `${frame.slice(0, at)}\\u${code.toString(16).padStart(4, "0")}${frame.slice(at + 1)}`;
  }
  if (roll < 0.5) {
    // Keys in another order (data before its name, say): the same object to JSON.parse.
    try {
      const value = JSON.parse(frame) as Record<string, unknown>;
      if (value === null || typeof value !== "object" || Array.isArray(value)) return frame;
      const reversed = Object.fromEntries(Object.entries(value).reverse());
      return JSON.stringify(reversed);
    } catch {
      return frame;
    }
  }
  return mutateFrame(frame, random);
}

describe("in-place book readers equal the JSON.parse path", () => {
  for (const reader of READERS) {
    const frames = readInboundFrames(reader.venue);
    test.skipIf(frames.length === 0)(
      `${reader.venue}: every recorded frame and ${MUTATIONS_PER_FRAME} mutations of each`,
      () => {
        // Contexts fed the same frames in the same order: OKX keeps per-connection sequence state in `session`.
        const scanContext = contextOf(reader.venue, reader.account);
        const jsonContext = contextOf(reader.venue, reader.account);
        const random = createRandom(0x5ca9);
        let targets = 0;
        let targetsRead = 0;
        let mutantsRead = 0;
        let compared = 0;
        const check = (frame: string, isRecorded: boolean) => {
          const scanned = reader.scan(frame, scanContext);
          const expected = reader.parseJson(frame, jsonContext);
          if (isRecorded && reader.isTarget(frame) && expected.kind === "events") {
            targets++;
            if (scanned !== undefined) targetsRead++;
          }
          if (scanned === undefined) {
            // The JSON.parse path alone saw this frame: replay it on the scan context so both stay in step.
            reader.parseJson(frame, scanContext);
            return;
          }
          if (!isRecorded) mutantsRead++;
          compared++;
          expect(scanned).toStrictEqual(expected);
        };
        for (const frame of frames) {
          check(frame, true);
          for (let n = 0; n < MUTATIONS_PER_FRAME; n++) check(mutateForScanner(frame, random), false);
        }
        expect(targets).toBeGreaterThan(0);
        // Every well-formed recorded book frame is read in place, and mutants are too (not only pristine frames).
        expect(targetsRead).toBe(targets);
        expect(mutantsRead).toBeGreaterThan(targets);
        expect(compared).toBeGreaterThan(0);
      },
    );
  }
});
