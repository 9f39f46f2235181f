// The whole-frame match of `@trade` frames, walked to its values, against the JSON.parse path: on every recorded frame
// of ../shared/wire/binance and on seeded mutations of them (numbers at their edges, whitespace, escapes, other key
// orders, odd values), the parser must give what the JSON.parse path gives, key order included, and the match must
// take every recorded trade frame of the spot and futures layouts. Then hand-made frames the recordings lack, each
// taken or left.

import { describe, expect, test } from "bun:test";
import {
  DECIMAL_EDGES,
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
import { matchTradeFrame, parseBinanceFrame, parseBinanceJson } from "./parse.ts";

const WIRE = wireOf("binance");
const MUTATIONS_PER_FRAME = 60;
const PATHS: FastPaths = {
  readers: { match: matchTradeFrame },
  json: parseBinanceJson,
  parser: parseBinanceFrame,
};
const contextOf =
  (account: "spot" | "linear" | "inverse" = "spot") =>
  () =>
    venueContextOf("binance", account);

/** A single-symbol trade frame (spot, USDⓈ-M or COIN-M). */
function isTarget(frame: string): boolean {
  return /^\{"stream":"[a-z0-9_]+@trade"/.test(frame);
}

describe("binance trade match equals the JSON.parse path", () => {
  testRecordedMatch({
    wire: WIRE,
    paths: PATHS,
    accounts: ["spot", "linear", "inverse"],
    contextOf,
    isTarget,
    mutations: MUTATIONS_PER_FRAME,
    seed: 0xb1a7,
    mutate: mutationMix([
      [0.3, numberEdge(DECIMAL_EDGES)],
      [0.45, spaceAfterMark()],
      [0.55, escapeAt(isAlphanumeric)],
      [0.6, reverseKeys],
    ]),
  });
});

const SPOT_FIELDS =
  '"e":"trade","E":1554076800945,"s":"BNBBTC","t":40756030,"p":"0.00426990","q":"33.82000000","b":133829535,"a":133829504,"T":1554076800940,"m":false,"M":true';
const FUTURES_FIELDS =
  '"e":"trade","E":1592265616654,"T":1592265616653,"s":"BTCUSD_200925","t":173906,"p":"9504.9","q":"1","X":"MARKET","m":false';

function frameOf(fields: string, stream = "bnbbtc@trade"): string {
  return `{"stream":"${stream}","data":{${fields}}}`;
}

/** Frames the recordings lack, each with whether the match should take it (else the JSON.parse path judges it). */
const EDGE_CASES: [taken: boolean, frame: string][] = [
  // Spot with and without the order ids, futures with and without the MARKET tag, either side.
  [true, frameOf(SPOT_FIELDS)],
  [true, frameOf(SPOT_FIELDS.replace('"b":133829535,"a":133829504,', "").replace('"m":false', '"m":true'))],
  [true, frameOf(FUTURES_FIELDS, "btcusd_200925@trade")],
  [true, frameOf(FUTURES_FIELDS.replace('"X":"MARKET",', "").replace('"m":false', '"m":true'))],
  // Values at the walk's edges: one-digit and long integers, long and tiny decimals, a symbol of many bytes.
  [true, frameOf(SPOT_FIELDS.replace('"E":1554076800945', '"E":0').replace('"t":40756030', '"t":0'))],
  [true, frameOf(SPOT_FIELDS.replace('"b":133829535', `"b":${"1".repeat(40)}`))],
  [true, frameOf(SPOT_FIELDS.replace('"T":1554076800940', '"T":9007199254740993'))],
  [true, frameOf(SPOT_FIELDS.replace('"T":1554076800940', '"T":1'))],
  [true, frameOf(SPOT_FIELDS.replace('"0.00426990"', '"0.0000000000000000000000123"'))],
  [true, frameOf(SPOT_FIELDS.replace('"33.82000000"', '"123456789012345678901234567890"'))],
  [true, frameOf(SPOT_FIELDS.replace('"33.82000000"', '"0009.50"'))],
  [true, frameOf(SPOT_FIELDS.replace('"t":40756030', '"t":999999999999999'))],
  [true, frameOf(FUTURES_FIELDS.replace('"s":"BTCUSD_200925"', '"s":"币安人生USDT"'))],
  // The JSON.parse path judges the rest: a price or size past every double, zero, other tags and forms.
  [false, frameOf(SPOT_FIELDS.replace('"0.00426990"', `"${"9".repeat(400)}"`))],
  [false, frameOf(SPOT_FIELDS.replace('"33.82000000"', '"0.0"'))],
  [false, frameOf(FUTURES_FIELDS.replace('"MARKET"', '"ADL"'))],
  [false, frameOf(SPOT_FIELDS.replace('"b":133829535,"a":133829504,', '"b":133829535,'))],
  [false, frameOf(SPOT_FIELDS.replace('"t":40756030', '"t":1234567890123456'))],
  [false, frameOf(SPOT_FIELDS.replace('"T":1554076800940', '"T":12345678901234567'))],
  [false, frameOf(SPOT_FIELDS.replace(',"M":true', ""))],
  [false, frameOf(FUTURES_FIELDS.replace('"m":false', '"m":false,"M":true'))],
  [false, frameOf(SPOT_FIELDS, "bnbbtc@trades")],
  [false, frameOf(SPOT_FIELDS, "bnb@btc@trade")],
  [false, `${frameOf(SPOT_FIELDS)} `],
];

describe("binance trade match on frames the recordings lack", () => {
  for (const [taken, frame] of EDGE_CASES) {
    test(`${taken ? "takes" : "leaves"} ${frame}`, () => {
      expect(feedAlone(PATHS, contextOf(), frame).taken !== undefined).toBe(taken);
    });
  }
});
