// The in-place readers of l2Book and trades pushes against the JSON.parse path: on every recorded frame of
// ../shared/wire/hyperliquid and on edge cases (other key order, whitespace, escapes, zero and empty values,
// missing fields, values JSON.parse reads but the readers do not), `parseHyperliquidFrame` must give exactly what
// `parseHyperliquidJson` gives: same verdicts, same events, same keys in the same order.

import { describe, expect, test } from "bun:test";
import {
  characterEdits,
  type FastPaths,
  feedAlone,
  pairsOf,
  runRecorded,
  contextOf as venueContextOf,
  wireOf,
} from "../../../test/reliability/fast-path-cases.ts";
import type { Account } from "../../core/index.ts";
import { canonicalOfNative } from "../_shared/adapter.ts";
import { readBookFrame, readTradesFrame } from "./fast-path.ts";
import { hyperliquid } from "./index.ts";
import { parseHyperliquidFrame, parseHyperliquidJson } from "./parse.ts";

const WIRE = wireOf("hyperliquid");
const PATHS: FastPaths = {
  readers: { book: readBookFrame, trades: readTradesFrame },
  json: parseHyperliquidJson,
  parser: parseHyperliquidFrame,
};

/** A hub that knows its natives (the rules' canonical), or one that knows none (symbolOf hands the native back). */
function contextOf(account: Account, knows: boolean, recvTsUs = 1_730_160_000_123_456) {
  return () =>
    venueContextOf("hyperliquid", account, {
      recvTsUs,
      symbolOf: (native) => (knows ? canonicalOfNative(hyperliquid, account, native) : native),
    });
}

/** Both paths agree on `frame` on each of these contexts (the readers tried on the first). */
const agree = pairsOf(PATHS, [
  contextOf("linear", true),
  contextOf("linear", false),
  // Perpetual coins seen on a spot connection take the perpetual's symbol without the hub.
  contextOf("spot", true),
  // The bench's context: no receive time.
  contextOf("linear", true, 0),
]);

/** Both paths agree on `frame`; what they make of it. */
const expectSamePaths = (frame: string) => agree(frame).expected;

/** Whether an in-place reader takes the frame itself (rather than leaving it to the JSON.parse path). */
const isRead = (frame: string) => feedAlone(PATHS, contextOf("linear", true), frame).taken !== undefined;

const BOOK =
  '{"channel":"l2Book","data":{"coin":"BANANA","time":1730160007687,"levels":[[{"px":"59.8","sz":"3.4","n":1},{"px":"59.778","sz":"1.6","n":2}],[{"px":"59.811","sz":"2.9","n":1}]]}}';
const TRADES =
  '{"channel":"trades","data":[{"coin":"BTC","side":"B","px":"69997.0","sz":"0.38111","time":1730160006192,"hash":"0x40d169aa50ad8a32b44a04156eee0201d8002e5c6456b7c1ae175e381f73f9dd","tid":1016375172059570},{"coin":"BTC","side":"A","px":"69996.0","sz":"0.1","time":1730160006193,"hash":"0x40d1","tid":479312521152049}]}';
const WITH_USERS = TRADES.replace(
  '"tid":479312521152049}',
  '"tid":479312521152049,"users":["0x0000000000000000000000000000000000000001","0x0000000000000000000000000000000000000002"]}',
);

describe("recorded frames: the in-place readers agree with the JSON.parse path", () => {
  for (const file of WIRE.present ? WIRE.files : ["(recordings)"]) {
    WIRE.test(file, () => {
      for (const frame of WIRE.framesOf(file)) agree(frame);
    });
  }

  WIRE.test("the readers take every recorded l2Book and trades push", () => {
    const counts = runRecorded({
      frames: WIRE.frames(),
      feed: (frame) => feedAlone(PATHS, contextOf("linear", true), frame),
      target: (frame) => {
        const channel = (JSON.parse(frame) as { channel?: string }).channel;
        return channel === "l2Book" ? "book" : channel === "trades" ? "trades" : undefined;
      },
    });
    expect(counts.targetCount).toBeGreaterThan(0);
  });

  WIRE.test("single-character edits of recorded frames: both paths still agree", () => {
    const frames = [...WIRE.frames(), BOOK, TRADES, WITH_USERS].filter((frame) =>
      /"channel":"(l2Book|trades)"/.test(frame),
    );
    // A fixed seed: the same edits on every run.
    for (const edited of characterEdits(frames, {
      seed: 7,
      count: 20_000,
      alphabet: '{}[]":,.0123456789-+eE \\tuABn\u0000\n',
    }))
      agree(edited);
  });
});

describe("edge cases: the readers take what they can read exactly and leave the rest", () => {
  test("the documented layouts are read in place", () => {
    for (const frame of [
      BOOK,
      TRADES,
      WITH_USERS,
      BOOK.replace('"px":"59.8"', '"px":"59.80000000000001"'),
      BOOK.replace("1730160007687", "1730160007687123"),
    ]) {
      expect(isRead(frame)).toBe(true);
      expect(expectSamePaths(frame).kind).toBe("events");
    }
  });

  const bookCases: Record<string, string> = {
    "empty sides": '{"channel":"l2Book","data":{"coin":"SHIA","time":1730160007687,"levels":[[],[]]}}',
    "spot pair by index": BOOK.replace('"BANANA"', '"@107"'),
    "spot pair by name": BOOK.replace('"BANANA"', '"PURR/USDC"'),
    "builder perpetual": BOOK.replace('"BANANA"', '"xyz:XYZ100"'),
    "lower-case coin": BOOK.replace('"BANANA"', '"kPEPE"'),
    "coin outside both forms": BOOK.replace('"BANANA"', '"A-B"'),
    "empty coin": BOOK.replace('"BANANA"', '""'),
    "escaped coin": BOOK.replace('"BANANA"', '"\\u0042ANANA"'),
    "control character in the coin": BOOK.replace('"BANANA"', '"BAN\u0001ANA"'),
    "zero size": BOOK.replace('"sz":"3.4"', '"sz":"0"'),
    "zero price": BOOK.replace('"px":"59.8"', '"px":"0.0"'),
    "empty price": BOOK.replace('"px":"59.8"', '"px":""'),
    "price with an exponent": BOOK.replace('"px":"59.8"', '"px":"5.98e1"'),
    "price with a space": BOOK.replace('"px":"59.8"', '"px":" 59.8"'),
    "price with a sign": BOOK.replace('"px":"59.8"', '"px":"+59.8"'),
    "price as a number": BOOK.replace('"px":"59.8"', '"px":59.8'),
    "escaped price": BOOK.replace('"px":"59.8"', '"px":"5\\u00399.8"'),
    "long price": BOOK.replace('"px":"59.8"', '"px":"59.800000000000000000001"'),
    "negative size": BOOK.replace('"sz":"3.4"', '"sz":"-3.4"'),
    "price with leading zeros": BOOK.replace('"px":"59.8"', '"px":"0059.8"'),
    "price of 16 digits": BOOK.replace('"px":"59.8"', '"px":"59.80000000000001"'),
    "size of 18 digits": BOOK.replace('"sz":"3.4"', '"sz":"123456789012345678"'),
    "size without a fraction": BOOK.replace('"sz":"3.4"', '"sz":"3"'),
    "price past every double": BOOK.replace('"px":"59.8"', `"px":"${"9".repeat(400)}"`),
    "zero count": BOOK.replace('"n":1', '"n":0'),
    "count with a leading zero": BOOK.replace('"n":1', '"n":01'),
    "time of 16 digits": BOOK.replace("1730160007687", "1730160007687123"),
    "time of 17 digits": BOOK.replace("1730160007687", "17301600076871234"),
    "count as text": BOOK.replace('"n":1', '"n":"1"'),
    "negative count": BOOK.replace('"n":1', '"n":-1'),
    "fractional count": BOOK.replace('"n":1', '"n":1.5e0'),
    "no count": BOOK.replace(',"n":1}', "}"),
    "extra level key": BOOK.replace('"n":1}', '"n":1,"x":2}'),
    "zero time": BOOK.replace("1730160007687", "0"),
    "negative time": BOOK.replace("1730160007687", "-1730160007687"),
    "time with a fraction": BOOK.replace("1730160007687", "1730160007687.5"),
    "time as text": BOOK.replace("1730160007687", '"1730160007687"'),
    "one side only": '{"channel":"l2Book","data":{"coin":"SHIA","time":1730160007687,"levels":[[]]}}',
    "three sides": '{"channel":"l2Book","data":{"coin":"SHIA","time":1730160007687,"levels":[[],[],[]]}}',
    "other key order": BOOK.replace(
      '"coin":"BANANA","time":1730160007687',
      '"time":1730160007687,"coin":"BANANA"',
    ),
    "whitespace between levels": BOOK.replace("},{", "}, {"),
    "trailing space": `${BOOK} `,
    "trailing garbage": `${BOOK}]`,
    truncated: BOOK.slice(0, -2),
    "extra data key": BOOK.replace('"levels"', '"spread":"1","levels"'),
    "missing levels": '{"channel":"l2Book","data":{"coin":"SHIA","time":1730160007687}}',
  };
  for (const [name, frame] of Object.entries(bookCases)) {
    test(`l2Book: ${name}`, () => {
      expectSamePaths(frame);
    });
  }

  const tradeCases: Record<string, string> = {
    "one row": TRADES.replace(/,\{"coin":"BTC","side":"A".*\]\}$/, "]}"),
    "rows of two coins": TRADES.replace('"side":"A"', '"side":"A"').replace(
      '{"coin":"BTC","side":"A"',
      '{"coin":"@107","side":"A"',
    ),
    "empty batch": '{"channel":"trades","data":[]}',
    "unknown side": TRADES.replace('"side":"B"', '"side":"C"'),
    "long side": TRADES.replace('"side":"B"', '"side":"BB"'),
    "empty side": TRADES.replace('"side":"B"', '"side":""'),
    "zero size": TRADES.replace('"sz":"0.38111"', '"sz":"0"'),
    "zero price": TRADES.replace('"px":"69997.0"', '"px":"0"'),
    "zero time": TRADES.replace("1730160006192", "0"),
    "tid as text": TRADES.replace("1016375172059570", '"1016375172059570"'),
    "tid past 2^53": TRADES.replace("1016375172059570", "90071992547409931"),
    "tid past a double": TRADES.replace("1016375172059570", "9".repeat(400)),
    "tid with an exponent": TRADES.replace("1016375172059570", "1.5e3"),
    "negative tid": TRADES.replace("1016375172059570", "-7"),
    "zero tid": TRADES.replace("1016375172059570", "0"),
    "hash as a number": TRADES.replace('"0x40d1"', "12"),
    "hash with an escape": TRADES.replace('"0x40d1"', '"0x\\n40d1"'),
    "users not an array": WITH_USERS.replace(/"users":\[[^\]]*\]/, '"users":null'),
    "users with an escape": WITH_USERS.replace('"0x0000000000000000000000000000000000000001"', '"\\u0030x1"'),
    "no hash": TRADES.replace(',"hash":"0x40d1"', ""),
    "other key order": TRADES.replace('"px":"69997.0","sz":"0.38111"', '"sz":"0.38111","px":"69997.0"'),
    "whitespace between rows": TRADES.replace("},{", "}, {"),
    "trailing space": `${TRADES} `,
    "a row that is no object": '{"channel":"trades","data":[1]}',
    "data not an array": '{"channel":"trades","data":{}}',
    "extra row key": TRADES.replace('"tid":479312521152049}', '"tid":479312521152049,"x":1}'),
    "empty hash": TRADES.replace('"0x40d1"', '""'),
    "hash with brackets and braces": TRADES.replace('"0x40d1"', '"0x]}[{,40d1"'),
    "users empty": WITH_USERS.replace(/"users":\[[^\]]*\]/, '"users":[]'),
    "users of one": WITH_USERS.replace(/"users":\[[^\]]*\]/, '"users":["0x1"]'),
    "users with an empty address": WITH_USERS.replace(/"users":\[[^\]]*\]/, '"users":["","0x2"]'),
    "users with a bracket": WITH_USERS.replace('"0x0000000000000000000000000000000000000001"', '"0x]1"'),
    "users on every row": WITH_USERS.replace(
      '"tid":1016375172059570}',
      '"tid":1016375172059570,"users":["0xa","0xb"]}',
    ),
    "users with a trailing comma": WITH_USERS.replace(/"users":\[[^\]]*\]/, '"users":["0x1",]'),
    "zero-padded price": TRADES.replace('"px":"69997.0"', '"px":"069997.0"'),
    "long decimals": TRADES.replace('"px":"69997.0"', '"px":"69997.012345678901234567"').replace(
      '"sz":"0.38111"',
      '"sz":"0.000000000000000000001"',
    ),
    "tid of 2^53 + 1 digits": TRADES.replace("1016375172059570", "9007199254740993"),
    "tid at 2^53 - 1": TRADES.replace("1016375172059570", "9007199254740991"),
    "16-digit time": TRADES.replace("1730160006192", "1730160006192123"),
    "row without its brace": TRADES.replace('"tid":479312521152049}', '"tid":479312521152049'),
  };
  for (const [name, frame] of Object.entries(tradeCases)) {
    test(`trades: ${name}`, () => {
      expectSamePaths(frame);
    });
  }

  test("blank and non-JSON frames keep their verdicts", () => {
    expect(expectSamePaths("")).toEqual({ kind: "ignored", reason: "empty frame" });
    expect(expectSamePaths("\t ")).toEqual({ kind: "ignored", reason: "empty frame" });
    expect(expectSamePaths('{"channel":"trades","data":[')).toEqual({
      kind: "unmatched",
      topic: "(not json)",
    });
    expect(expectSamePaths('{"channel":"l2Book","data":{"coin":"')).toEqual({
      kind: "unmatched",
      topic: "(not json)",
    });
  });
});
