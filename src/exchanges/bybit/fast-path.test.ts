// The whole-frame match of v5 `orderbook` pushes, walked to its values, against the JSON.parse path: on every recorded
// frame of ../shared/wire/bybit and on seeded mutations of them (numbers at their edges, whitespace, escapes, other key
// orders, odd values), the parser must give what the JSON.parse path gives, key order included, and the match must
// take every recorded orderbook push. Then hand-made frames the recordings lack, each taken or left.

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
import { matchOrderbookFrame, parseBybitFrame, parseBybitJson } from "./parse.ts";

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
