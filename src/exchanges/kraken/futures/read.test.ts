// The in-place readers of book deltas and trades against the JSON.parse path: on every recorded frame of
// ../shared/wire/kraken and on edge cases (other key order, whitespace, escapes, zero and empty values, missing
// fields, numbers JSON.parse reads but the readers do not), `parseKrakenFuturesFrame` must give exactly what
// `parseKrakenFuturesJson` gives: same verdicts, same events, same keys in the same order.

import { describe, expect, test } from "bun:test";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { Account } from "../../../core/index.ts";
import type { ParseContext, Parsed } from "../../_shared/adapter.ts";
import { canonicalOfNative } from "../symbols.ts";
import {
  parseKrakenFuturesFrame,
  parseKrakenFuturesJson,
  readBookDeltaFrame,
  readTradeFrame,
} from "./parse.ts";

const WIRE_DIR = join(import.meta.dir, "../../../../../shared/wire/kraken");
const HAS_WIRE = existsSync(WIRE_DIR);
if (!HAS_WIRE) console.log(`kraken: ${WIRE_DIR} absent; skipping the recorded-frame equivalence cases`);

/** A hub that knows its natives (the rules' canonical), or one that knows none (symbolOf hands the native back). */
function contextOf(account: Account, knows: boolean, recvTsUs = 1_700_000_000_123_456): ParseContext {
  return {
    exchange: "kraken",
    account,
    recvTsUs,
    symbolOf: (native) => (knows ? (canonicalOfNative(native, account) ?? native) : native),
    session: new Map(),
  };
}

const CONTEXTS: ParseContext[] = [
  contextOf("inverse", true),
  contextOf("linear", true),
  contextOf("linear", false),
  // The bench's context: no receive time.
  contextOf("inverse", true, 0),
];

/** Both paths agree on `frame`: deep equality and the same text (which also compares key order). */
function expectSamePaths(frame: string): Parsed {
  let parsed: Parsed | undefined;
  for (const context of CONTEXTS) {
    const fast = parseKrakenFuturesFrame(frame, context);
    const slow = parseKrakenFuturesJson(frame, context);
    expect(fast, frame).toEqual(slow);
    expect(JSON.stringify(fast), frame).toBe(JSON.stringify(slow));
    parsed ??= fast;
  }
  return parsed!;
}

/** Whether an in-place reader takes the frame itself (rather than leaving it to the JSON.parse path). */
function isRead(frame: string): boolean {
  const context = CONTEXTS[0]!;
  return readBookDeltaFrame(frame, context) !== undefined || readTradeFrame(frame, context) !== undefined;
}

function recordedFrames(file: string): string[] {
  return readFileSync(join(WIRE_DIR, file), "utf8")
    .split("\n")
    .filter((line) => line.length > 0)
    .map((line) => JSON.parse(line) as { frame?: unknown; dir?: string })
    .filter((line) => typeof line.frame === "string" && line.dir !== "out")
    .map((line) => line.frame as string);
}

const DELTA =
  '{"feed":"book","product_id":"PI_XRPUSD","side":"sell","seq":3456140,"price":0.5881,"qty":320.0,"timestamp":1626994927035}';
const TRADE =
  '{"feed":"trade","product_id":"PF_XBTUSD","uid":"05af78ac-a774-478c-a50c-8b9c234e071e","side":"sell","type":"fill","seq":653355,"time":1612266317519,"qty":15000,"price":34969.5}';
const LIQUIDATION =
  '{"feed":"trade","product_id":"PI_XRPUSD","uid":"3ee209b8-bc9f-4ed5-965b-8c6208b26411","side":"buy","type":"liquidation","seq":41799,"time":1593561965283,"qty":12000,"price":0.1736}';

describe.if(HAS_WIRE)("recorded frames: the in-place readers agree with the JSON.parse path", () => {
  const files = HAS_WIRE ? readdirSync(WIRE_DIR).filter((file) => file.endsWith(".ndjson")) : [];
  for (const file of files) {
    test(file, () => {
      for (const frame of recordedFrames(file)) expectSamePaths(frame);
    });
  }

  test("the readers take every recorded delta and every trade with a uid", () => {
    let deltas = 0;
    let trades = 0;
    for (const file of ["futures-v1-book-trade-tickerlite.ndjson", "tardis-futures-v1.ndjson"]) {
      for (const frame of recordedFrames(file)) {
        const message = JSON.parse(frame) as { feed?: string; event?: string; uid?: string };
        if (message.event !== undefined) continue;
        if (message.feed === "book") {
          deltas++;
          expect(isRead(frame), frame).toBe(true);
        } else if (message.feed === "trade" && message.uid !== undefined) {
          trades++;
          expect(isRead(frame), frame).toBe(true);
        }
      }
    }
    expect(deltas).toBeGreaterThan(600);
    expect(trades).toBe(3);
  });

  test("single-character edits of recorded frames: both paths still agree", () => {
    // A fixed-seed generator: the same edits on every run.
    let seed = 42;
    const random = (below: number) => {
      seed = (Math.imul(seed, 1_103_515_245) + 12_345) >>> 0;
      return seed % below;
    };
    const alphabet = '{}[]":,.0123456789-+eE \\tuABbfls\u0000\n';
    const frames = [
      ...recordedFrames("futures-v1-book-trade-tickerlite.ndjson").filter((frame) => frame.length < 300),
      ...recordedFrames("tardis-futures-v1.ndjson").filter((frame) => frame.includes('"feed":"trade"')),
    ];
    for (let i = 0; i < 20_000; i++) {
      const frame = frames[random(frames.length)]!;
      const at = random(frame.length + 1);
      const letter = alphabet[random(alphabet.length)]!;
      const edit = random(3);
      const edited =
        edit === 0
          ? frame.slice(0, at) + frame.slice(at + 1)
          : edit === 1
            ? frame.slice(0, at) + letter + frame.slice(at)
            : frame.slice(0, at) + letter + frame.slice(at + 1);
      expectSamePaths(edited);
    }
  });
});

describe("edge cases: the readers take what they can read exactly and leave the rest", () => {
  test("the docs' layouts are read in place", () => {
    for (const frame of [DELTA, TRADE, LIQUIDATION]) {
      expect(isRead(frame)).toBe(true);
      expect(expectSamePaths(frame).kind).toBe("events");
    }
  });

  const deltaCases: Record<string, string> = {
    "buy side": DELTA.replace('"sell"', '"buy"'),
    "no timestamp (tardis' older samples)": DELTA.replace(',"timestamp":1626994927035', ""),
    "zero timestamp": DELTA.replace("1626994927035", "0"),
    "zero size (a removal)": DELTA.replace('"qty":320.0', '"qty":0'),
    "zero size as 0.0": DELTA.replace('"qty":320.0', '"qty":0.0'),
    "zero seq": DELTA.replace("3456140", "0"),
    "zero price": DELTA.replace('"price":0.5881', '"price":0'),
    "negative size": DELTA.replace('"qty":320.0', '"qty":-1'),
    "negative zero size": DELTA.replace('"qty":320.0', '"qty":-0'),
    "exponent price": DELTA.replace('"price":0.5881', '"price":5.881e-1'),
    "upper-case exponent": DELTA.replace('"price":0.5881', '"price":5881E-4'),
    "leading zero": DELTA.replace('"price":0.5881', '"price":00.5881'),
    "dot without digits": DELTA.replace('"price":0.5881', '"price":1.'),
    "long price": DELTA.replace('"price":0.5881', '"price":0.58810000000000000001'),
    "seventeen digits": DELTA.replace('"price":0.5881', '"price":12345678901234567'),
    "price past a double": DELTA.replace('"price":0.5881', `"price":${"9".repeat(400)}`),
    "seq past 2^53": DELTA.replace("3456140", "9007199254740993"),
    "seq past a double": DELTA.replace("3456140", "9".repeat(400)),
    "fractional seq": DELTA.replace("3456140", "3456140.5"),
    "price as text": DELTA.replace('"price":0.5881', '"price":"0.5881"'),
    "timestamp past a double": DELTA.replace("1626994927035", "9".repeat(400)),
    "timestamp with a fraction": DELTA.replace("1626994927035", "1626994927035.5"),
    "other key order": DELTA.replace('"side":"sell","seq":3456140', '"seq":3456140,"side":"sell"'),
    "space after a colon": DELTA.replace('"seq":', '"seq": '),
    "trailing space": `${DELTA} `,
    "trailing newline": `${DELTA}\n`,
    "leading space": ` ${DELTA}`,
    "trailing garbage": `${DELTA}}`,
    truncated: DELTA.slice(0, -1),
    "escaped product id": DELTA.replace("PI_XRPUSD", "\\u0050I_XRPUSD"),
    "escaped quote in the product id": DELTA.replace("PI_XRPUSD", 'PI_XRP\\"USD'),
    "control character in the product id": DELTA.replace("PI_XRPUSD", "PI_XRP\u0001USD"),
    "empty product id": DELTA.replace("PI_XRPUSD", ""),
    "lower-case product id": DELTA.replace("PI_XRPUSD", "pi_xrpusd"),
    "linear product on an inverse socket": DELTA.replace("PI_XRPUSD", "PF_XRPUSD"),
    "an index, no product": DELTA.replace("PI_XRPUSD", "in_xbtusd"),
    "unknown side": DELTA.replace('"sell"', '"up"'),
    "extra key": DELTA.replace("}", ',"extra":1}'),
    "repeated key": DELTA.replace('"qty":320.0', '"qty":320.0,"qty":5'),
    "missing qty": DELTA.replace(',"qty":320.0', ""),
    "event reply with a book feed": '{"event":"subscribed","feed":"book","product_ids":["PI_XRPUSD"]}',
  };
  for (const [name, frame] of Object.entries(deltaCases)) {
    test(`book delta: ${name}`, () => {
      expectSamePaths(frame);
    });
  }

  const tradeCases: Record<string, string> = {
    "buy fill": TRADE.replace('"sell"', '"buy"'),
    "linear liquidation (with a value)": LIQUIDATION.replace("PI_XRPUSD", "PF_XRPUSD"),
    "no uid (tardis' older samples)": TRADE.replace(',"uid":"05af78ac-a774-478c-a50c-8b9c234e071e"', ""),
    "empty uid": TRADE.replace("05af78ac-a774-478c-a50c-8b9c234e071e", ""),
    "escaped uid": TRADE.replace("05af78ac", "\\u00305af78ac"),
    "control character in the uid": TRADE.replace("05af78ac", "05af\u001f78ac"),
    "uid as a number": TRADE.replace('"05af78ac-a774-478c-a50c-8b9c234e071e"', "7"),
    "block print": TRADE.replace('"fill"', '"block"'),
    "termination print": TRADE.replace('"fill"', '"termination"'),
    "no type": TRADE.replace('"type":"fill",', ""),
    "zero size": TRADE.replace('"qty":15000', '"qty":0'),
    "zero price": TRADE.replace('"price":34969.5', '"price":0.0'),
    "zero time": TRADE.replace("1612266317519", "0"),
    "time past 16 digits": TRADE.replace("1612266317519", "16122663175190000"),
    "time with a fraction": TRADE.replace("1612266317519", "1612266317519.5"),
    "exponent size": TRADE.replace('"qty":15000', '"qty":1.5e4'),
    "negative price": TRADE.replace('"price":34969.5', '"price":-34969.5'),
    "seq as text": TRADE.replace("653355", '"653355"'),
    "negative seq": TRADE.replace("653355", "-653355"),
    "other key order": TRADE.replace('"qty":15000,"price":34969.5', '"price":34969.5,"qty":15000'),
    "whitespace between members": TRADE.replaceAll(",", ", "),
    "trailing space": `${TRADE} `,
    "unknown side": TRADE.replace('"sell"', '"short"'),
    "extra key": TRADE.replace("}", ',"extra":null}'),
    "empty product id": TRADE.replace("PF_XBTUSD", ""),
    "dated product": TRADE.replace("PF_XBTUSD", "FF_XBTUSD_240927"),
  };
  for (const [name, frame] of Object.entries(tradeCases)) {
    test(`trade: ${name}`, () => {
      expectSamePaths(frame);
    });
  }

  test("blank and non-JSON frames keep their verdicts", () => {
    expect(expectSamePaths("")).toEqual({ kind: "ignored", reason: "empty frame" });
    expect(expectSamePaths(" \n")).toEqual({ kind: "ignored", reason: "empty frame" });
    expect(expectSamePaths('{"feed":"book"')).toEqual({ kind: "unmatched", topic: "(not json)" });
    expect(expectSamePaths('{"feed":"trade","product_id":"')).toEqual({
      kind: "unmatched",
      topic: "(not json)",
    });
  });
});
