// The matches of v5 `orderbook` (whole) and `publicTrade` (head, then row by row) pushes, walked to their values,
// against the JSON.parse path: on every recorded frame of ../shared/wire/bybit and on seeded mutations of them (numbers
// at their edges, whitespace, escapes, other key orders, odd values), the parser must give what the JSON.parse path
// gives, key order included, and each match must take every recorded push of its topic. Then hand-made frames the
// recordings lack, each taken or left.

import { describe, expect, test } from "bun:test";
import {
  escapeAt,
  type FastPaths,
  feedAlone,
  isAlphanumeric,
  mutationMix,
  numberEdge,
  reverseKeys,
  spaceAfterMark,
  testRecordedMatch,
  contextOf as venueContextOf,
  wireOf,
} from "../../../test/reliability/fast-path-cases.ts";
import { matchOrderbookFrame, matchPublicTradeFrame } from "./fast-path.ts";
import { parseBybitFrame, parseBybitJson } from "./parse.ts";

const WIRE = wireOf("bybit");
const MUTATIONS_PER_FRAME = 200;
const PATHS: FastPaths = {
  readers: { match: matchOrderbookFrame },
  json: parseBybitJson,
  parser: parseBybitFrame,
};
const contextOf =
  (account: "spot" | "linear" | "inverse" | "option" = "linear") =>
  () =>
    venueContextOf("bybit", account);

/** An orderbook push of a numbered depth (`orderbook.rpi.…` is another topic). */
function isTarget(frame: string): boolean {
  return /^\{"topic":"orderbook\.\d+\./.test(frame);
}

/**
 * Numbers the walk reads where they lie, at their edges: long texts (`readDecimalIn`'s), leading zeros, mantissas past
 * 2^53, fractions past 10^-22, zero times, and forms the pattern turns away.
 */
const NUMBER_EDGES = [
  "0",
  "00.5",
  "0.000000000000000000000001",
  "123456789012345678",
  "9007199254740993",
  "99999999999999999",
  "9".repeat(400),
  "1e3",
  "-1",
  "1.",
  ".5",
];

describe("bybit orderbook match equals the JSON.parse path", () => {
  testRecordedMatch({
    wire: WIRE,
    paths: PATHS,
    accounts: ["linear", "spot"],
    contextOf,
    isTarget,
    mutations: MUTATIONS_PER_FRAME,
    seed: 0xb00c,
    mutate: mutationMix([
      [0.3, numberEdge(NUMBER_EDGES)],
      [0.45, spaceAfterMark()],
      [0.55, escapeAt(isAlphanumeric)],
      [0.6, reverseKeys],
    ]),
  });
});

const DATA =
  '"data":{"s":"BTCUSDT","b":[["16493.50","0.006"],["16493.00","0.100"]],"a":[["16611.00","0.029"]],"u":18521288,"seq":7961638724}';

/** A derivatives push (`type` before `ts`, `cts` after `data`); `spotOf` the spot socket's (`ts` first, no `cts`). */
function derivativesOf(data = DATA, type = "snapshot", depth = "50"): string {
  return `{"topic":"orderbook.${depth}.BTCUSDT","type":"${type}","ts":1672304484978,${data},"cts":1672304484976}`;
}

function spotOf(data = DATA, type = "delta"): string {
  return `{"topic":"orderbook.1.BTCUSDT","ts":1680652806504,"type":"${type}",${data}}`;
}

const dataWith = (bids: string, asks: string, tail = ',"seq":7961638724') =>
  `"data":{"s":"BTCUSDT","b":[${bids}],"a":[${asks}],"u":18521288${tail}}`;

/** Frames the recordings lack, each with whether the match should take it (else the JSON.parse path judges it). */
const EDGE_CASES: [taken: boolean, frame: string][] = [
  // Both head orders, with and without `cts` and `seq`; a delta; empty sides; one and many levels.
  [true, derivativesOf()],
  [true, derivativesOf(DATA, "delta", "500")],
  [true, derivativesOf().replace(',"cts":1672304484976', "")],
  [true, spotOf()],
  [true, spotOf(DATA, "snapshot")],
  [true, spotOf(dataWith("", "", ""))],
  [true, derivativesOf(dataWith('["1","2"]', ""))],
  [true, derivativesOf(dataWith("", '["1","2"]'))],
  [true, derivativesOf(dataWith(Array(60).fill('["28552.00","0.047"]').join(","), '["0","0"]'))],
  // A zero match time (`ts` instead), a symbol that is not the topic's (`s` is read), values at the walk's edges.
  [true, derivativesOf().replace('"cts":1672304484976', '"cts":0')],
  [true, derivativesOf(DATA.replace('"s":"BTCUSDT"', '"s":"币安人生USDT"'))],
  [
    true,
    derivativesOf(dataWith('["0.0000000000000000000000123","123456789012345678901234"]', '["007.50","0"]')),
  ],
  [true, derivativesOf(dataWith(`["${"9".repeat(400)}","1"]`, '["1","2"]'))],
  [true, derivativesOf(DATA.replace('"u":18521288', '"u":9007199254740993'))],
  [true, derivativesOf(DATA.replace('"seq":7961638724', `"seq":${"9".repeat(400)}`))],
  // The JSON.parse path judges the rest: no usable time or update id, other types, topics, forms and ends.
  [false, derivativesOf().replace('"ts":1672304484978', '"ts":0').replace('"cts":1672304484976', '"cts":0')],
  [false, spotOf().replace('"ts":1680652806504', '"ts":0')],
  [false, derivativesOf(DATA.replace('"u":18521288', `"u":${"9".repeat(400)}`))],
  [false, derivativesOf(DATA, "partial")],
  [false, derivativesOf(DATA, "snapshot", "rpi")],
  [false, derivativesOf(DATA.replace('"s":"BTCUSDT"', '"s":""'))],
  [false, derivativesOf(DATA.replace('"s":"BTCUSDT"', '"s":"BTC\\u0055SDT"'))],
  [false, derivativesOf(dataWith('["1","2","3"]', ""))],
  [false, derivativesOf(dataWith('["1",2]', ""))],
  [false, derivativesOf(dataWith('["1e3","2"]', ""))],
  [false, derivativesOf(dataWith("", "", ',"seq":1,"x":1'))],
  [false, derivativesOf(DATA.replace('"u":18521288', '"u":"18521288"'))],
  [false, derivativesOf().replace(',"cts":1672304484976', ',"cts":1672304484976,"x":1')],
  [
    false,
    derivativesOf().replace('"type":"snapshot","ts":1672304484978', '"ts":1672304484978, "type":"snapshot"'),
  ],
  [false, `${derivativesOf()} `],
  [false, `${derivativesOf()}}`],
  [false, derivativesOf().replace('"topic":"orderbook.50.BTCUSDT",', "")],
];

describe("bybit orderbook match on frames the recordings lack", () => {
  for (const [taken, frame] of EDGE_CASES) {
    test(`${taken ? "takes" : "leaves"} ${frame}`, () => {
      expect(feedAlone(PATHS, contextOf(), frame).taken !== undefined).toBe(taken);
    });
  }
});

// ── publicTrade ─────────────────────────────────────────────────────────────────────────────────────────────────────

const TRADE_PATHS: FastPaths = {
  readers: { match: matchPublicTradeFrame },
  json: parseBybitJson,
  parser: parseBybitFrame,
};

describe("bybit publicTrade match equals the JSON.parse path", () => {
  testRecordedMatch({
    wire: WIRE,
    paths: TRADE_PATHS,
    accounts: ["linear", "spot"],
    contextOf,
    isTarget: (frame) => /^\{"topic":"publicTrade\./.test(frame),
    mutations: MUTATIONS_PER_FRAME,
    seed: 0x7bade,
    mutate: mutationMix([
      [0.3, numberEdge(NUMBER_EDGES)],
      [0.45, spaceAfterMark()],
      [0.55, escapeAt(isAlphanumeric)],
      [0.6, reverseKeys],
    ]),
  });
});

const LINEAR_ROW =
  '{"T":1680673823564,"s":"BTCUSD","S":"Buy","v":"5823","p":"28560.50","L":"PlusTick","i":"0cbf2330-952d-5d03-a462-4bf826c867af","BT":false}';
const SPOT_ROW =
  '{"i":"2290000000050703789","T":1680652847524,"p":"28165.38","v":"0.041732","S":"Sell","s":"BTCUSDT","BT":false}';

/** A derivatives push (`type` before `ts`); `spotTradesOf` the spot socket's (`ts` first). */
function linearTradesOf(...rows: string[]): string {
  return `{"topic":"publicTrade.BTCUSD","type":"snapshot","ts":1680673823566,"data":[${rows.join(",")}]}`;
}

function spotTradesOf(...rows: string[]): string {
  return `{"topic":"publicTrade.BTCUSDT","ts":1680652847526,"type":"snapshot","data":[${rows.join(",")}]}`;
}

const linearRow = (from: string, to: string) => LINEAR_ROW.replace(from, to);
const spotRow = (from: string, to: string) => SPOT_ROW.replace(from, to);

const TRADE_EDGE_CASES: [taken: boolean, frame: string][] = [
  // One row and many, each side, with and without `L`, with the members after `BT` that later pushes and options carry.
  [true, linearTradesOf(LINEAR_ROW)],
  [true, linearTradesOf(LINEAR_ROW, linearRow('"S":"Buy"', '"S":"Sell"'), LINEAR_ROW)],
  [true, linearTradesOf(...Array(40).fill(LINEAR_ROW))],
  [true, linearTradesOf(linearRow('"L":"PlusTick",', ""))],
  [true, linearTradesOf(linearRow('"BT":false', '"BT":true,"RPI":true,"seq":123456789'))],
  [
    true,
    linearTradesOf(
      linearRow(
        '"BT":false',
        '"BT":false,"RPI":false,"seq":1,"mP":"},{\'x","iP":"1,2","mIv":"0.4","iv":"]}"',
      ),
      linearRow('"S":"Buy"', '"S":"Sell"'),
    ),
  ],
  [true, linearTradesOf(linearRow('"BT":false', '"BT":true,"iv":"0.5"'), LINEAR_ROW)],
  [true, linearTradesOf(linearRow('"L":"PlusTick"', '"L":"x}\'i\'"'))],
  [true, spotTradesOf(SPOT_ROW)],
  [true, spotTradesOf(SPOT_ROW, spotRow('"S":"Sell"', '"S":"Buy"'), SPOT_ROW)],
  [
    true,
    spotTradesOf(
      spotRow('"S":"Sell",', '"S":"Sell","seq":42,'),
      spotRow('"BT":false', '"BT":true,"RPI":true'),
    ),
  ],
  [
    true,
    spotTradesOf(
      spotRow('"S":"Sell",', '"S":"Buy","seq":0,'),
      spotRow('"BT":false', '"BT":false,"RPI":false'),
    ),
  ],
  // Rows of several symbols in one push, each its own (the walk resolves a push's symbol once, then compares in place).
  [true, linearTradesOf(LINEAR_ROW, linearRow('"s":"BTCUSD"', '"s":"ETHUSD"'), LINEAR_ROW)],
  [
    true,
    linearTradesOf(
      LINEAR_ROW,
      linearRow('"s":"BTCUSD"', '"s":"BTCUSDT"'),
      linearRow('"s":"BTCUSD"', '"s":"BTCUS"'),
    ),
  ],
  [
    true,
    spotTradesOf(
      SPOT_ROW,
      spotRow('"s":"BTCUSDT"', '"s":"ETHUSDC"'),
      spotRow('"s":"BTCUSDT"', '"s":"BTCUSD"'),
    ),
  ],
  [
    true,
    spotTradesOf(spotRow('"S":"Sell",', '"S":"Sell","seq":7,'), spotRow('"s":"BTCUSDT"', '"s":"XBTUSDT"')),
  ],
  // Values at the walk's edges: symbols, ids, long and zero-padded decimals, times of 1 and 16 digits.
  [true, linearTradesOf(linearRow('"s":"BTCUSD"', '"s":"币安人生USDT"'))],
  [true, spotTradesOf(spotRow('"s":"BTCUSDT"', '"s":"B"'), spotRow('"i":"2290000000050703789"', '"i":"x"'))],
  [true, linearTradesOf(linearRow('"v":"5823"', '"v":"0.0000000000000000000000123"'))],
  [true, linearTradesOf(linearRow('"p":"28560.50"', '"p":"123456789012345678901234"'))],
  [
    true,
    spotTradesOf(
      spotRow('"p":"28165.38"', '"p":"0028165.380"'),
      spotRow('"v":"0.041732"', '"v":"9007199254740993"'),
    ),
  ],
  [true, linearTradesOf(linearRow('"T":1680673823564', '"T":1'))],
  [true, spotTradesOf(spotRow('"T":1680652847524', '"T":9999999999999999'))],
  // The JSON.parse path judges the rest: zero or unbounded numbers, other forms, types, layouts and ends.
  [false, linearTradesOf(LINEAR_ROW, linearRow('"p":"28560.50"', '"p":"0"'))],
  [false, spotTradesOf(spotRow('"v":"0.041732"', '"v":"0.0"'))],
  [false, linearTradesOf(linearRow('"v":"5823"', `"v":"${"9".repeat(400)}"`))],
  [false, linearTradesOf(linearRow('"T":1680673823564', '"T":0'))],
  [false, linearTradesOf(linearRow('"T":1680673823564', '"T":12345678901234567'))],
  [false, linearTradesOf(linearRow('"p":"28560.50"', '"p":"1e3"'))],
  [false, linearTradesOf(linearRow('"p":"28560.50"', '"p":28560.5'))],
  [false, linearTradesOf(linearRow('"S":"Buy"', '"S":"buy"'))],
  [false, linearTradesOf(linearRow('"s":"BTCUSD"', '"s":""'))],
  [false, linearTradesOf(linearRow('"i":"0cbf2330', '"i":"\\u0030cbf2330'))],
  [false, linearTradesOf(linearRow('"BT":false', '"BT":false,"x":1'))],
  [false, linearTradesOf()],
  [false, linearTradesOf(SPOT_ROW)],
  [false, spotTradesOf(LINEAR_ROW)],
  [false, linearTradesOf(LINEAR_ROW).replace('"type":"snapshot"', '"type":"delta"')],
  [false, linearTradesOf(LINEAR_ROW).replace('"data":[', '"data": [')],
  [false, `${spotTradesOf(SPOT_ROW)} `],
  [false, `${spotTradesOf(SPOT_ROW)}}`],
  // Each row matched by its own pattern, and the rows must end the push: a bad row after good ones, odd ends.
  [false, linearTradesOf(LINEAR_ROW, LINEAR_ROW, linearRow('"p":"28560.50"', '"p":"1e3"'))],
  [false, linearTradesOf(LINEAR_ROW, linearRow('"BT":false', '"BT":false,"x":1'))],
  [false, spotTradesOf(SPOT_ROW, spotRow('"i":"2290000000050703789"', '"i":""'))],
  [false, linearTradesOf(LINEAR_ROW, SPOT_ROW)],
  [false, spotTradesOf(SPOT_ROW, LINEAR_ROW)],
  [false, linearTradesOf(LINEAR_ROW, "")],
  [false, linearTradesOf(LINEAR_ROW, LINEAR_ROW).replace(/\]\}$/, "]}}")],
  [false, linearTradesOf(LINEAR_ROW, LINEAR_ROW).replace(/\]\}$/, "}]")],
  [false, linearTradesOf(LINEAR_ROW, LINEAR_ROW).replace(/\]\}$/, "]")],
  [false, linearTradesOf(LINEAR_ROW, LINEAR_ROW).replace("},", "} ,")],
  [false, spotTradesOf(SPOT_ROW, SPOT_ROW).replace("},{", "}{")],
];

describe("bybit publicTrade match on frames the recordings lack", () => {
  for (const [taken, frame] of TRADE_EDGE_CASES) {
    for (const account of ["linear", "spot"] as const) {
      test(`${taken ? "takes" : "leaves"} on ${account} ${frame}`, () => {
        expect(feedAlone(TRADE_PATHS, contextOf(account), frame).taken !== undefined).toBe(taken);
      });
    }
  }
});
