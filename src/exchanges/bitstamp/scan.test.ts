// The in-place readers (scan.ts: diffs read by FrameScanner, trades matched whole) against the JSON.parse path, frame
// by frame on two contexts fed alike: on every recorded frame of ../shared/wire/bitstamp, on seeded mutations of them
// (whitespace, escapes, reordered keys, JSON value changes) and on synthetic frames, where a reader takes a frame its
// result must equal the JSON.parse path's, key order included; and it must take every well-formed frame it is written
// for. Then hand-made edge cases, each taken or left as the readers' rules say.

import { describe, expect, test } from "bun:test";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { createRandom, mutateFrame, type Random } from "../../../test/reliability/mutate.ts";
import type { ParseContext, Parsed } from "../_shared/adapter.ts";
import { parseBitstampFrame, parseBitstampJson } from "./parse.ts";
import { matchTradeFrame, scanDiffFrame } from "./scan.ts";

const WIRE_DIR = join(import.meta.dir, "../../../../shared/wire/bitstamp");
const HAS_WIRE = existsSync(WIRE_DIR);
const MUTATIONS_PER_FRAME = 40;

type Reader = (frame: string, context: ParseContext) => Parsed | undefined;
const READERS: Record<string, Reader> = { diff: scanDiffFrame, trade: matchTradeFrame };

function contextOf(account = "spot"): ParseContext {
  return {
    exchange: "bitstamp",
    account,
    recvTsUs: 1_700_000_000_123_456,
    symbolOf: (native) => `sym:${native}`,
    session: new Map(),
  } as ParseContext;
}

/** Two connections fed the same frames: one through the readers (JSON.parse where they decline), one JSON.parse only. */
function pair(account = "spot") {
  const readerContext = contextOf(account);
  const jsonContext = contextOf(account);
  return {
    /** Which reader took `frame` (undefined for none); its result is checked against the JSON.parse path's. */
    feed(frame: string): string | undefined {
      for (const [name, read] of Object.entries(READERS)) {
        const before = new Map(readerContext.session);
        const parsed = read(frame, readerContext);
        if (parsed === undefined) {
          // A reader that declines touches no session state.
          expect(readerContext.session).toEqual(before);
          continue;
        }
        const expected = parseBitstampJson(frame, jsonContext);
        expect(parsed).toStrictEqual(expected);
        expect(JSON.stringify(parsed)).toBe(JSON.stringify(expected));
        return name;
      }
      // The JSON.parse path alone saw this frame: on both contexts, so they stay in step.
      expect(parseBitstampJson(frame, readerContext)).toStrictEqual(parseBitstampJson(frame, jsonContext));
      return undefined;
    },
  };
}

function readInboundFrames(): string[] {
  const frames: string[] = [];
  for (const file of readdirSync(WIRE_DIR).filter(
    (name) => name.endsWith(".ndjson") && !name.includes("rest"),
  )) {
    for (const line of readFileSync(join(WIRE_DIR, file), "utf8").split("\n")) {
      if (!line) continue;
      const entry = JSON.parse(line) as { dir?: string; frame?: unknown };
      if (entry.dir !== "out" && typeof entry.frame === "string") frames.push(entry.frame);
    }
  }
  return frames;
}

/** Same document, other text (whitespace, a `\u` escape, keys reordered), else a JSON-level mutation. */
function mutateForReaders(frame: string, random: Random): string {
  const roll = random.next();
  if (roll < 0.2) {
    const marks = [...frame.matchAll(/[,:[\]{}]/g)];
    if (marks.length === 0) return frame;
    const at = marks[random.int(marks.length)]!.index! + 1;
    return `${frame.slice(0, at)}${[" ", "\n", "\t", "\r\n  "][random.int(4)]}${frame.slice(at)}`;
  }
  if (roll < 0.3) {
    const at = random.int(frame.length);
    const code = frame.charCodeAt(at);
    if (!((code >= 48 && code <= 57) || (code >= 97 && code <= 122))) return frame;
    return `${frame.slice(0, at)}\\u${code.toString(16).padStart(4, "0")}${frame.slice(at + 1)}`;
  }
  if (roll < 0.45) {
    const value = JSON.parse(frame) as Record<string, unknown>;
    if (value === null || typeof value !== "object" || Array.isArray(value)) return frame;
    const data = value.data;
    const reordered =
      data !== null && typeof data === "object" && !Array.isArray(data) && random.chance(0.5)
        ? { ...value, data: Object.fromEntries(Object.entries(data).reverse()) }
        : Object.fromEntries(Object.entries(value).reverse());
    return JSON.stringify(reordered);
  }
  return mutateFrame(frame, random);
}

describe.if(HAS_WIRE)("recorded frames: the in-place readers equal the JSON.parse path", () => {
  const frames = HAS_WIRE ? readInboundFrames() : [];
  for (const account of ["spot", "linear"]) {
    test(`${account}: every recorded frame and ${MUTATIONS_PER_FRAME} mutations of each`, () => {
      const check = pair(account);
      const random = createRandom(0xb57a);
      const targets = { diff: 0, trade: 0 };
      const read = { diff: 0, trade: 0 };
      let mutantsRead = 0;
      for (const frame of frames) {
        // Targets: diffs and trades in the layout Bitstamp sends today (`data` first; trades keyed as wire.ts shows).
        const target = /^\{"data":\{"timestamp".*"channel":"diff_order_book_/.test(frame)
          ? "diff"
          : /^\{"data":\{"id":\d+,"timestamp".*"channel":"live_trades_/.test(frame)
            ? "trade"
            : undefined;
        const taken = check.feed(frame);
        if (target) {
          targets[target]++;
          if (taken === target) read[target]++;
        }
        for (let n = 0; n < MUTATIONS_PER_FRAME; n++)
          if (check.feed(mutateForReaders(frame, random))) mutantsRead++;
      }
      expect(targets.diff).toBeGreaterThan(300);
      expect(targets.trade).toBeGreaterThan(5);
      expect(read).toEqual(targets);
      expect(mutantsRead).toBeGreaterThan(targets.diff);
    });
  }
});

describe("synthetic frames: spot and perpetual markets, odd values and layouts", () => {
  test("20,000 frames on each account: the readers equal the JSON.parse path wherever they read", () => {
    for (const account of ["spot", "linear"]) {
      const check = pair(account);
      const random = createRandom(account === "spot" ? 0xb175 : 0xb176);
      const pick = <T>(values: readonly T[]): T => values[random.int(values.length)]!;
      const taken = { diff: 0, trade: 0 };
      for (let i = 0; i < 20_000; i++) {
        const market = pick(["btcusd", "ethusd", "btcusd-perp", "BTCUSD-PERP", "x", ""]);
        const decimal = () =>
          pick([
            '"3805.44"',
            '"0.07920000"',
            '"0"',
            '""',
            '"1e3"',
            '"-1"',
            "3805.44",
            '"12345678901234567890"',
          ]);
        const level = () => `[${decimal()},${decimal()}${random.chance(0.1) ? ',"1"' : ""}]`;
        const levels = () => `[${Array.from({ length: random.int(4) }, level).join(",")}]`;
        let frame: string;
        if (random.chance(0.5)) {
          const micros = pick([
            '"1641343691355099"',
            '"1"',
            '"0"',
            "1641343691355099",
            '"9007199254740993"',
            '""',
          ]);
          const members = [
            '"timestamp":"1641343691"',
            `"microtimestamp":${micros}`,
            `"bids":${levels()}`,
            `"asks":${levels()}`,
          ];
          if (random.chance(0.2)) members.reverse();
          if (random.chance(0.05)) members.pop();
          const channel = `${pick(["diff_order_book_", "order_book_", "live_trades_"])}${market}`;
          const top = [
            `"data":{${members.join(",")}}`,
            `"channel":"${channel}"`,
            `"event":"${pick(["data", "trade"])}"`,
          ];
          if (random.chance(0.1)) top.reverse();
          frame = `{${top.join(",")}}`;
        } else {
          const id = pick(["216000477", "0", "1234567890123456", '"7"']);
          const idText = random.chance(0.2)
            ? `"id_str":"${pick(["216000477", "99999999999999999999"])}",`
            : "";
          frame = `{"data":{${idText}"id":${id},"timestamp":"${pick(["1641343699", "1641343699123", ""])}","amount":${pick(["0.0792", "0", "1e-7"])},"amount_str":"${pick(["0.07920000", "0", "1"])}","price":3805.44,"price_str":"${pick(["3805.44", "0", "1.5"])}","type":${pick(["0", "1", '"0"', "2"])},"microtimestamp":"${pick(["1641343699596000", "1", "0", "999"])}","buy_order_id":1443875737346049,"sell_order_id":1443875731320832},"channel":"live_trades_${market}","event":"${pick(["trade", "trade", "data"])}"}`;
        }
        if (random.chance(0.2)) frame = mutateForReaders(frame, random);
        if (random.chance(0.02)) {
          frame = JSON.stringify({
            event: "bts:subscription_succeeded",
            channel: `diff_order_book_${market}`,
            data: {},
          });
        }
        const name = check.feed(frame);
        if (name === "diff" || name === "trade") taken[name]++;
      }
      expect(taken.diff).toBeGreaterThan(200);
      expect(taken.trade).toBeGreaterThan(80);
    }
  });
});

const DIFF_DATA = '"timestamp":"1641343691","microtimestamp":"1641343691355099"';
const TRADE_DATA =
  '"id":216000477,"timestamp":"1641343699","amount":0.0792,"amount_str":"0.07920000","price":3805.44,"price_str":"3805.44","type":0,"microtimestamp":"1641343699596000","buy_order_id":1443875737346049,"sell_order_id":1443875731320832';

/** Frames the recordings lack, each with the reader that should take it (undefined: the JSON.parse path judges). */
const EDGE_CASES: { reader: string | undefined; frame: string }[] = [
  // Diffs: empty sides, zero amounts, data's members in another order, whitespace, a perpetual market.
  {
    reader: "diff",
    frame: `{"data":{${DIFF_DATA},"bids":[],"asks":[]},"channel":"diff_order_book_btcusd","event":"data"}`,
  },
  {
    reader: "diff",
    frame: `{"data":{"asks":[["0.5","0.00000000"]],"bids":[["0.4","1"]],${DIFF_DATA}},"channel":"diff_order_book_ethusd","event":"data"}`,
  },
  {
    reader: "diff",
    frame: `{"data": {${DIFF_DATA}, "bids": [["1","2"]], "asks": []}, "event": "data", "channel": "diff_order_book_btcusd-perp"}`,
  },
  {
    reader: "diff",
    frame: `{"data":{${DIFF_DATA},"bids":[["1","2","3"]],"asks":[["","2"],["1e3","2"]]},"channel":"diff_order_book_x","event":"data"}`,
  },
  // The JSON.parse path judges the rest: numbers as levels, no micro time, other channels and layouts.
  {
    reader: undefined,
    frame: `{"data":{${DIFF_DATA},"bids":[[1,2]],"asks":[]},"channel":"diff_order_book_btcusd","event":"data"}`,
  },
  {
    reader: undefined,
    frame: `{"data":{"bids":[],"asks":[]},"channel":"diff_order_book_btcusd","event":"data"}`,
  },
  {
    reader: undefined,
    frame: `{"data":{${DIFF_DATA},"bids":[]},"channel":"diff_order_book_btcusd","event":"data"}`,
  },
  {
    reader: undefined,
    frame: `{"data":{${DIFF_DATA},"bids":[],"asks":[]},"channel":"order_book_btcusd","event":"data"}`,
  },
  {
    reader: undefined,
    frame: `{"data":{${DIFF_DATA},"bids":[],"asks":[]},"channel":"diff_order_book_","event":"data"}`,
  },
  {
    reader: undefined,
    frame: `{"channel":"diff_order_book_btcusd","data":{${DIFF_DATA},"bids":[],"asks":[]},"event":"data"}`,
  },
  {
    reader: undefined,
    frame: `{"data":{${DIFF_DATA},"bids":[],"asks":[],"x":1},"channel":"diff_order_book_btcusd","event":"data"}`,
  },
  {
    reader: undefined,
    frame: `{"data":{${DIFF_DATA},"bids":[],"asks":[]},"channel":"diff_order_book_btcusd","event":"data","x":1}`,
  },
  {
    reader: undefined,
    frame: `{"data":{${DIFF_DATA},"bids":[],"asks":[]},"channel":"diff_order_book_btcusd","event":"trade"}`,
  },
  {
    reader: undefined,
    frame: `{"data":{${DIFF_DATA},"bids":[],"asks":[]},"channel":"diff_order_book_btcusd","event":"data"} x`,
  },
  // Trades: the layout Bitstamp sends, either side, a perpetual market.
  { reader: "trade", frame: `{"data":{${TRADE_DATA}},"channel":"live_trades_ethusd","event":"trade"}` },
  {
    reader: "trade",
    frame: `{"data":{${TRADE_DATA.replace('"type":0', '"type":1')}},"channel":"live_trades_btcusd-perp","event":"trade"}`,
  },
  // The JSON.parse path judges the rest: `id_str`, zero values, other spellings and orders.
  {
    reader: undefined,
    frame: `{"data":{"id_str":"216000477",${TRADE_DATA}},"channel":"live_trades_ethusd","event":"trade"}`,
  },
  {
    reader: undefined,
    frame: `{"data":{${TRADE_DATA.replace('"0.07920000"', '"0.0"')}},"channel":"live_trades_ethusd","event":"trade"}`,
  },
  {
    reader: undefined,
    frame: `{"data":{${TRADE_DATA.replace('"1641343699596000"', '"999"')}},"channel":"live_trades_ethusd","event":"trade"}`,
  },
  {
    reader: undefined,
    frame: `{"data":{${TRADE_DATA.replace('"type":0', '"type":"0"')}},"channel":"live_trades_ethusd","event":"trade"}`,
  },
  {
    reader: undefined,
    frame: `{"data":{${TRADE_DATA.replace('"3805.44"', '"3805.44 "')}},"channel":"live_trades_ethusd","event":"trade"}`,
  },
  {
    reader: undefined,
    frame: `{"data":{${TRADE_DATA.replace(":216000477", ":1234567890123456")}},"channel":"live_trades_ethusd","event":"trade"}`,
  },
  { reader: undefined, frame: `{"data":{${TRADE_DATA}},"channel":"live_trades_","event":"trade"}` },
  { reader: undefined, frame: `{"data":{${TRADE_DATA}},"event":"trade","channel":"live_trades_ethusd"}` },
  {
    reader: undefined,
    frame: `{"data":{${TRADE_DATA}},"channel":"live_trades_eth\\u0075sd","event":"trade"}`,
  },
  { reader: undefined, frame: `{"data":{${TRADE_DATA}},"channel":"live_trades_ethusd","event":"trade"}\n` },
  { reader: undefined, frame: "" },
  { reader: undefined, frame: "   " },
];

describe("edge cases", () => {
  test("each is read by the reader its rules say, or left to the JSON.parse path, with equal results", () => {
    const check = pair();
    for (const { reader, frame } of EDGE_CASES) expect([frame, check.feed(frame)]).toEqual([frame, reader]);
  });

  test("the parser agrees with the JSON.parse path on every edge case", () => {
    const viaParser = contextOf();
    const viaJson = contextOf();
    for (const { frame } of EDGE_CASES) {
      expect(parseBitstampFrame(frame, viaParser)).toStrictEqual(parseBitstampJson(frame, viaJson));
    }
  });
});
