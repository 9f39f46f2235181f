// The fast readers (book deltas read in place, snapshots and trades matched and walked) against the JSON.parse path:
// on every recorded frame of ../shared/wire/kraken, its single-character edits and numbers at their edges, and on
// edge cases (other key order, whitespace, escapes, zero and empty values, missing fields, numbers JSON.parse reads
// but the readers do not), `parseKrakenFuturesFrame` must give exactly what `parseKrakenFuturesJson` gives: same
// verdicts, same events, same keys in the same order.

import { describe, expect, test } from "bun:test";
import {
  characterEdits,
  type FastPaths,
  feedAlone,
  pairsOf,
  runRecorded,
  contextOf as venueContextOf,
  numberEdge,
  wireOf,
} from "../../../../test/reliability/fast-path-cases.ts";
import { createRandom } from "../../../../test/reliability/mutate.ts";
import type { Account } from "../../../core/index.ts";
import { canonicalOfNative } from "../symbols.ts";
import { matchBookSnapshot, matchTrade, readBookDeltaFrame } from "./fast-path.ts";
import { parseKrakenFuturesFrame, parseKrakenFuturesJson } from "./parse.ts";

const WIRE = wireOf("kraken");
const PATHS: FastPaths = {
  readers: { book: readBookDeltaFrame, snapshot: matchBookSnapshot, trade: matchTrade },
  json: parseKrakenFuturesJson,
  parser: parseKrakenFuturesFrame,
};

/** A hub that knows its natives (the rules' canonical), or one that knows none (symbolOf hands the native back). */
function contextOf(account: Account, knows: boolean, recvTsUs = 1_700_000_000_123_456) {
  return () =>
    venueContextOf("kraken", account, {
      recvTsUs,
      symbolOf: (native) => (knows ? (canonicalOfNative(native, account) ?? native) : native),
    });
}

/** Both paths agree on `frame` on each of these contexts (the readers tried on the first). */
const agree = pairsOf(PATHS, [
  contextOf("inverse", true),
  contextOf("linear", true),
  contextOf("linear", false),
  // The bench's context: no receive time.
  contextOf("inverse", true, 0),
]);

/** Both paths agree on `frame`; what they make of it. */
const expectSamePaths = (frame: string) => agree(frame).expected;

/** Whether an in-place reader takes the frame itself (rather than leaving it to the JSON.parse path). */
const isRead = (frame: string) => feedAlone(PATHS, contextOf("inverse", true), frame).taken !== undefined;

/** Numbers JSON.parse reads to zero, to doubles the short readers leave, past a double, or not at all. */
const NUMBER_EDGES = [
  "0",
  "0.0",
  "00",
  "1",
  "0.00000001",
  "-1",
  "-0",
  "1e5",
  "2.5E-3",
  "1.",
  ".5",
  "12345678901234567",
  "9007199254740993",
  "0.1000000000000000055511151231257827",
  "123456789.123456789",
  "9".repeat(400),
];

const DELTA =
  '{"feed":"book","product_id":"PI_XRPUSD","side":"sell","seq":3456140,"price":0.5881,"qty":320.0,"timestamp":1626994927035}';
const TRADE =
  '{"feed":"trade","product_id":"PF_XBTUSD","uid":"05af78ac-a774-478c-a50c-8b9c234e071e","side":"sell","type":"fill","seq":653355,"time":1612266317519,"qty":15000,"price":34969.5}';
const LIQUIDATION =
  '{"feed":"trade","product_id":"PI_XRPUSD","uid":"3ee209b8-bc9f-4ed5-965b-8c6208b26411","side":"buy","type":"liquidation","seq":41799,"time":1593561965283,"qty":12000,"price":0.1736}';

describe("recorded frames: the in-place readers agree with the JSON.parse path", () => {
  for (const file of WIRE.present ? WIRE.files : ["(recordings)"]) {
    WIRE.test(file, () => {
      for (const frame of WIRE.framesOf(file)) agree(frame);
    });
  }

  WIRE.test("the readers take every recorded delta, snapshot and trade", () => {
    const counts = runRecorded({
      frames: [
        ...WIRE.framesOf("futures-v1-book-trade-tickerlite.ndjson"),
        ...WIRE.framesOf("tardis-futures-v1.ndjson"),
      ],
      feed: (frame) => feedAlone(PATHS, contextOf("inverse", true), frame),
      target: (frame) => {
        const message = JSON.parse(frame) as { feed?: string; event?: string; uid?: string };
        if (message.event !== undefined) return undefined;
        return message.feed === "book"
          ? "book"
          : message.feed === "book_snapshot"
            ? "snapshot"
            : message.feed === "trade"
              ? "trade"
              : undefined;
      },
    });
    expect(counts.targets.book).toBeGreaterThan(600);
    expect(counts.targets.snapshot).toBe(4);
    // Three with a uid, one without (the verdict the JSON.parse path gives it).
    expect(counts.targets.trade).toBe(4);
  });

  WIRE.test("numbers of recorded snapshots, deltas and trades at their edges: both paths still agree", () => {
    const frames = [
      ...WIRE.framesOf("futures-v1-book-trade-tickerlite.ndjson"),
      ...WIRE.framesOf("tardis-futures-v1.ndjson"),
    ].filter((frame) => /^\{"feed":"(?:book|book_snapshot|trade)"/.test(frame));
    const random = createRandom(7);
    const edge = numberEdge(NUMBER_EDGES);
    for (let i = 0; i < 6_000; i++) {
      let frame = frames[random.int(frames.length)]!;
      for (let n = random.int(3); n >= 0; n--) frame = edge(frame, random);
      agree(frame);
    }
  });

  WIRE.test("single-character edits of recorded snapshots: both paths still agree", () => {
    const frames = WIRE.framesOf("futures-v1-book-trade-tickerlite.ndjson").filter((frame) =>
      frame.startsWith('{"feed":"book_snapshot"'),
    );
    for (const edited of characterEdits(frames, {
      seed: 43,
      count: 4_000,
      alphabet: '{}[]":,.0123456789-+eE \\tuABbfls\u0000\n',
    }))
      agree(edited);
  });

  WIRE.test("single-character edits of recorded frames: both paths still agree", () => {
    const frames = [
      ...WIRE.framesOf("futures-v1-book-trade-tickerlite.ndjson").filter((frame) => frame.length < 300),
      ...WIRE.framesOf("tardis-futures-v1.ndjson").filter((frame) => frame.includes('"feed":"trade"')),
    ];
    // A fixed seed: the same edits on every run.
    for (const edited of characterEdits(frames, {
      seed: 42,
      count: 20_000,
      alphabet: '{}[]":,.0123456789-+eE \\tuABbfls\u0000\n',
    }))
      agree(edited);
  });
});

const SNAPSHOT =
  '{"feed":"book_snapshot","product_id":"PI_XRPUSD","timestamp":1626994927035,"seq":3456139,"tickSize":null,"bids":[{"price":0.5881,"qty":320.0},{"price":0.588,"qty":17745.0}],"asks":[{"price":0.5883,"qty":1400.0},{"price":0.5884,"qty":6291.0},{"price":148.88,"qty":5000.0}]}';
const NO_UID_TRADE =
  '{"feed":"trade","product_id":"FI_XBTUSD_190426","side":"buy","type":"fill","seq":5271,"time":1554076802518,"qty":3.0,"price":4088.5}';

describe("edge cases: the readers take what they can read exactly and leave the rest", () => {
  test("the docs' layouts are read without JSON.parse", () => {
    for (const frame of [DELTA, TRADE, LIQUIDATION, SNAPSHOT]) {
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

  test("a trade without a uid gets the JSON.parse path's verdict, whatever its values", () => {
    expect(isRead(NO_UID_TRADE)).toBe(true);
    for (const frame of [
      NO_UID_TRADE,
      NO_UID_TRADE.replace('"fill"', '"liquidation"'),
      NO_UID_TRADE.replace('"qty":3.0', '"qty":0'),
      NO_UID_TRADE.replace('"price":4088.5', `"price":${"9".repeat(400)}`),
      NO_UID_TRADE.replace("1554076802518", "0"),
    ])
      expect(expectSamePaths(frame)).toEqual({ kind: "unmatched", topic: "trade (malformed)" });
    // Other forms of a value are no layout the pattern admits: the JSON.parse path judges them.
    for (const frame of [
      NO_UID_TRADE.replace('"qty":3.0', '"qty":3e0'),
      NO_UID_TRADE.replace('"fill"', '"block"'),
      NO_UID_TRADE.replace('"buy"', '"long"'),
      NO_UID_TRADE.replace('"qty":3.0', '"qty":-3'),
    ]) {
      expect(isRead(frame)).toBe(false);
      expectSamePaths(frame);
    }
  });

  const snapshotCases: Record<string, string> = {
    "empty bids": SNAPSHOT.replace(/"bids":\[[^\]]*\]/, '"bids":[]'),
    "empty asks": SNAPSHOT.replace(/"asks":\[[^\]]*\]/, '"asks":[]'),
    "both sides empty": SNAPSHOT.replace(/"bids":\[[^\]]*\]/, '"bids":[]').replace(
      /"asks":\[[^\]]*\]/,
      '"asks":[]',
    ),
    "one level a side": SNAPSHOT.replace(',{"price":0.588,"qty":17745.0}', "").replace(
      ',{"price":0.5884,"qty":6291.0},{"price":148.88,"qty":5000.0}',
      "",
    ),
    "tick size as a number": SNAPSHOT.replace('"tickSize":null', '"tickSize":0.0001'),
    "tick size as an integer": SNAPSHOT.replace('"tickSize":null', '"tickSize":1'),
    "tick size as text": SNAPSHOT.replace('"tickSize":null', '"tickSize":"0.0001"'),
    "no tick size": SNAPSHOT.replace('"tickSize":null,', ""),
    "tick size last (tardis' samples)": SNAPSHOT.replace('"tickSize":null,', "").replace(
      /\}$/,
      ',"tickSize":null}',
    ),
    "tick size twice": SNAPSHOT.replace(/\}$/, ',"tickSize":0.5}'),
    "zero timestamp": SNAPSHOT.replace("1626994927035", "0"),
    "no timestamp": SNAPSHOT.replace('"timestamp":1626994927035,', ""),
    "timestamp past a double": SNAPSHOT.replace("1626994927035", "9".repeat(400)),
    "zero seq": SNAPSHOT.replace("3456139", "0"),
    "seq past 2^53": SNAPSHOT.replace("3456139", "9007199254740993"),
    "seq past a double": SNAPSHOT.replace("3456139", "9".repeat(400)),
    "fractional seq": SNAPSHOT.replace("3456139", "3456139.5"),
    "zero qty (an empty level)": SNAPSHOT.replace('"qty":320.0', '"qty":0'),
    "zero price": SNAPSHOT.replace('"price":0.588,', '"price":0,'),
    "zero price as 0.0 in the asks": SNAPSHOT.replace('"price":148.88', '"price":0.0'),
    "negative qty": SNAPSHOT.replace('"qty":6291.0', '"qty":-1'),
    "price past a double": SNAPSHOT.replace('"price":148.88', `"price":${"9".repeat(400)}`),
    "qty past a double": SNAPSHOT.replace('"qty":5000.0', `"qty":${"9".repeat(400)}`),
    "long price": SNAPSHOT.replace('"price":0.5883', '"price":0.58830000000000000001'),
    "seventeen-digit qty": SNAPSHOT.replace('"qty":1400.0', '"qty":12345678901234567'),
    "exponent qty": SNAPSHOT.replace('"qty":1400.0', '"qty":1.4e3'),
    "leading zero": SNAPSHOT.replace('"price":0.5883', '"price":00.5883'),
    "level keys in the other order": SNAPSHOT.replace(
      '{"price":0.588,"qty":17745.0}',
      '{"qty":17745.0,"price":0.588}',
    ),
    "extra key in a level": SNAPSHOT.replace('"qty":17745.0}', '"qty":17745.0,"n":1}'),
    "asks before bids": SNAPSHOT.replace(/"bids":(\[[^\]]*\]),"asks":(\[[^\]]*\])/, '"asks":$2,"bids":$1'),
    "missing asks": SNAPSHOT.replace(/,"asks":\[[^\]]*\]/, ""),
    "levels as arrays": SNAPSHOT.replace('{"price":0.588,"qty":17745.0}', "[0.588,17745.0]"),
    "trailing comma in a side": SNAPSHOT.replace('"qty":17745.0}]', '"qty":17745.0},]'),
    "space after a colon": SNAPSHOT.replace('"seq":', '"seq": '),
    "trailing space": `${SNAPSHOT} `,
    "trailing garbage": `${SNAPSHOT}]`,
    truncated: SNAPSHOT.slice(0, -1),
    "escaped product id": SNAPSHOT.replace("PI_XRPUSD", "\\u0050I_XRPUSD"),
    "empty product id": SNAPSHOT.replace("PI_XRPUSD", ""),
    "linear product on an inverse socket": SNAPSHOT.replace("PI_XRPUSD", "PF_XRPUSD"),
    "an index, no product": SNAPSHOT.replace("PI_XRPUSD", "in_xbtusd"),
  };
  for (const [name, frame] of Object.entries(snapshotCases)) {
    test(`book snapshot: ${name}`, () => {
      expectSamePaths(frame);
    });
  }

  test("the snapshot cases the pattern admits are read without JSON.parse", () => {
    for (const name of [
      "empty bids",
      "both sides empty",
      "one level a side",
      "tick size as a number",
      "zero timestamp",
    ])
      expect(isRead(snapshotCases[name]!)).toBe(true);
    for (const name of [
      "zero price",
      "price past a double",
      "exponent qty",
      "asks before bids",
      "tick size as text",
    ])
      expect(isRead(snapshotCases[name]!)).toBe(false);
  });

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
