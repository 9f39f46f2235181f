// The whole-frame match of one-row `trades` pushes, walked to its values, against the JSON.parse path: on every
// recorded frame of ../shared/wire/okx and on seeded mutations of them (numbers at their edges, whitespace, escapes,
// other key orders, odd values), the parser must give what the JSON.parse path gives, key order included, and the
// match must take every recorded trades push. Then hand-made frames the recordings lack, each taken or left.

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
import { matchTradesFrame, parseOkxFrame, parseOkxJson } from "./parse.ts";

const WIRE = wireOf("okx");
const MUTATIONS_PER_FRAME = 200;
const PATHS: FastPaths = {
  readers: { match: matchTradesFrame },
  json: parseOkxJson,
  parser: parseOkxFrame,
};
const contextOf =
  (account: "spot" | "linear" | "inverse" = "spot") =>
  () =>
    venueContextOf("okx", account);

/** A `trades` push (every recorded one has one row). */
function isTarget(frame: string): boolean {
  return frame.startsWith('{"arg":{"channel":"trades",');
}

describe("okx trades match equals the JSON.parse path", () => {
  testRecordedMatch({
    wire: WIRE,
    paths: PATHS,
    accounts: ["spot", "linear", "inverse"],
    contextOf,
    isTarget,
    mutations: MUTATIONS_PER_FRAME,
    seed: 0x0c5a,
    mutate: mutationMix([
      [0.35, numberEdge(DECIMAL_EDGES)],
      [0.5, spaceAfterMark()],
      [0.6, escapeAt(isAlphanumeric)],
      [0.65, reverseKeys],
    ]),
  });
});

const ROW =
  '"instId":"BTC-USDT","tradeId":"338476308","px":"30243.5","sz":"0.001","side":"buy","ts":"1652459226050"';

function pushOf(row: string, instId = "BTC-USDT"): string {
  return `{"arg":{"channel":"trades","instId":"${instId}"},"data":[{${row}}]}`;
}

/** Frames the recordings lack, each with whether the match should take it (else the JSON.parse path judges it). */
const EDGE_CASES: [taken: boolean, frame: string][] = [
  [true, pushOf(ROW)],
  [true, pushOf(ROW.replace('"buy"', '"sell"'))],
  // No instId in the row: the push's names the instrument; a row's own names it over the push's.
  [true, pushOf(ROW.replace('"instId":"BTC-USDT",', ""))],
  [true, pushOf(ROW.replace('"instId":"BTC-USDT",', ""), "UNI-USD-SWAP")],
  [true, pushOf(ROW.replace('"BTC-USDT"', '"UNI-USD-SWAP"'))],
  [true, pushOf(ROW.replace('"BTC-USDT"', '"币安-USDT"'), "币安-USDT")],
  // The 2023 members: count (one or many trades, leading zeros), source, seqId, each where sent.
  [true, pushOf(`${ROW},"count":"3"`)],
  [true, pushOf(`${ROW},"count":"1"`)],
  [true, pushOf(`${ROW},"count":"007"`)],
  [true, pushOf(`${ROW},"count":"999999999999999"`)],
  [true, pushOf(`${ROW},"count":"3","source":"0"`)],
  [true, pushOf(`${ROW},"count":"3","source":"1","seqId":1234567890123`)],
  [true, pushOf(`${ROW},"source":"0","seqId":0`)],
  [true, pushOf(`${ROW},"seqId":42`)],
  [true, pushOf(`${ROW.replace('"338476308"', '"000123"')},"count":"2"`)],
  [true, pushOf(`${ROW.replace('"338476308"', '"123456789012345678901"')},"count":"5"`)],
  [true, pushOf(`${ROW.replace('"338476308"', '"7"')},"count":"3"`)],
  [true, pushOf(ROW.replace('"338476308"', '"ETH-7"'))],
  // Values at the walk's edges: one-digit and long numbers, leading zeros, tiny fractions, 16-digit times.
  [true, pushOf(ROW.replace('"30243.5"', '"1"').replace('"0.001"', '"9"'))],
  [true, pushOf(ROW.replace('"30243.5"', '"0.0000000000000000000000123"'))],
  [true, pushOf(ROW.replace('"30243.5"', '"123456789012345678901234567890"'))],
  [true, pushOf(ROW.replace('"0.001"', '"0009.50"'))],
  [true, pushOf(ROW.replace('"0.001"', '"9007199254740993"'))],
  [true, pushOf(ROW.replace('"0.001"', '"99999999999999999"'))],
  [true, pushOf(ROW.replace('"1652459226050"', '"1"'))],
  [true, pushOf(ROW.replace('"1652459226050"', '"9007199254740993"'))],
  [true, pushOf(ROW.replace('"1652459226050"', '"1652459226050123"'))],
  // The JSON.parse path judges the rest: zero or endless prices and sizes, other forms, members and orders.
  [false, pushOf(ROW.replace('"30243.5"', '"0"'))],
  [false, pushOf(ROW.replace('"0.001"', '"0.000"'))],
  [false, pushOf(ROW.replace('"30243.5"', `"${"9".repeat(400)}"`))],
  [false, pushOf(ROW.replace('"30243.5"', "30243.5"))],
  [false, pushOf(ROW.replace('"0.001"', '"1e3"'))],
  [false, pushOf(ROW.replace('"buy"', '"BUY"'))],
  [false, pushOf(ROW.replace('"1652459226050"', '"0"'))],
  [false, pushOf(ROW.replace('"1652459226050"', '"12345678901234567"'))],
  [false, pushOf(ROW.replace('"338476308"', '""'))],
  [false, pushOf(ROW.replace('"BTC-USDT"', '""'))],
  [false, pushOf(`${ROW},"count":"1234567890123456"`)],
  [false, pushOf(`${ROW},"count":3`)],
  [false, pushOf(`${ROW},"seqId":1,"count":"3"`)],
  [false, pushOf(`${ROW},"extra":1`)],
  [false, pushOf(`${ROW}},{${ROW}`)],
  [
    false,
    pushOf(
      ROW.replace('"instId":"BTC-USDT","tradeId":"338476308"', '"tradeId":"338476308","instId":"BTC-USDT"'),
    ),
  ],
  [false, `${pushOf(ROW)} `],
  [false, pushOf(ROW).replace('"channel":"trades"', '"channel":"trades-all"')],
];

describe("okx trades match on frames the recordings lack", () => {
  for (const [taken, frame] of EDGE_CASES) {
    test(`${taken ? "takes" : "leaves"} ${frame}`, () => {
      for (const account of ["spot", "linear"] as const)
        expect(feedAlone(PATHS, contextOf(account), frame).taken !== undefined).toBe(taken);
    });
  }
});
