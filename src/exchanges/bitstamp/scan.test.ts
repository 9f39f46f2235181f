// The in-place readers (scan.ts: diffs read by FrameScanner, trades matched whole) against the JSON.parse path, frame
// by frame on two contexts fed alike: on every recorded frame of ../shared/wire/bitstamp, on seeded mutations of them
// (whitespace, escapes, reordered keys, JSON value changes) and on synthetic frames, where a reader takes a frame its
// result must equal the JSON.parse path's, key order included; and it must take every well-formed frame it is written
// for. Then hand-made edge cases, each taken or left as the readers' rules say.

import { describe, expect, test } from "bun:test";
import {
  escapeAt,
  expectSame,
  type FastPaths,
  isDigitOrLower,
  type Mutation,
  mutationMix,
  type Pair,
  pairOf,
  runRecorded,
  spaceAfterMark,
  contextOf as venueContextOf,
  wireOf,
} from "../../../test/reliability/fast-path-cases.ts";
import { createRandom } from "../../../test/reliability/mutate.ts";
import { parseBitstampFrame, parseBitstampJson } from "./parse.ts";
import { matchTradeFrame, scanDiffFrame } from "./scan.ts";

const WIRE = wireOf("bitstamp");
const MUTATIONS_PER_FRAME = 40;
const PATHS: FastPaths = {
  readers: { diff: scanDiffFrame, trade: matchTradeFrame },
  json: parseBitstampJson,
};
const contextOf =
  (account = "spot") =>
  () =>
    venueContextOf("bitstamp", account, { recvTsUs: 1_700_000_000_123_456 });

/** Two connections fed the same frames: one through the readers (JSON.parse where they decline), one JSON.parse only. */
const pair = (account = "spot"): Pair =>
  // A reader that declines touches no session state.
  pairOf(PATHS, { context: contextOf(account), declineKeepsSession: true });

/** The data's keys reversed, or the top's. */
const reverseDataOrTop: Mutation = (frame, random) => {
  const value = JSON.parse(frame) as Record<string, unknown>;
  if (value === null || typeof value !== "object" || Array.isArray(value)) return frame;
  const data = value.data;
  const reordered =
    data !== null && typeof data === "object" && !Array.isArray(data) && random.chance(0.5)
      ? { ...value, data: Object.fromEntries(Object.entries(data).reverse()) }
      : Object.fromEntries(Object.entries(value).reverse());
  return JSON.stringify(reordered);
};

/** Same document, other text (whitespace, a `\u` escape, keys reordered), else a JSON-level mutation. */
const mutateForReaders = mutationMix([
  [0.2, spaceAfterMark()],
  [0.3, escapeAt(isDigitOrLower)],
  [0.45, reverseDataOrTop],
]);

describe("recorded frames: the in-place readers equal the JSON.parse path", () => {
  for (const account of ["spot", "linear"]) {
    WIRE.test(`${account}: every recorded frame and ${MUTATIONS_PER_FRAME} mutations of each`, () => {
      const counts = runRecorded({
        frames: WIRE.frames(),
        feed: pair(account).feed,
        // Targets: diffs and trades in the layout Bitstamp sends today (`data` first; trades keyed as wire.ts shows).
        target: (frame) =>
          /^\{"data":\{"timestamp".*"channel":"diff_order_book_/.test(frame)
            ? "diff"
            : /^\{"data":\{"id":\d+,"timestamp".*"channel":"live_trades_/.test(frame)
              ? "trade"
              : undefined,
        mutations: MUTATIONS_PER_FRAME,
        random: createRandom(0xb57a),
        mutate: mutateForReaders,
      });
      expect(counts.targets.diff).toBeGreaterThan(300);
      expect(counts.targets.trade).toBeGreaterThan(5);
      expect(counts.mutantsTaken).toBeGreaterThan(counts.targets.diff!);
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
        const name = check.feed(frame).taken;
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
    for (const { reader, frame } of EDGE_CASES)
      expect([frame, check.feed(frame).taken]).toEqual([frame, reader]);
  });

  test("the parser agrees with the JSON.parse path on every edge case", () => {
    const viaParser = contextOf()();
    const viaJson = contextOf()();
    for (const { frame } of EDGE_CASES)
      expectSame(parseBitstampFrame(frame, viaParser), parseBitstampJson(frame, viaJson), frame);
  });
});
