// The whole-frame match of `trade.detail` pushes against the JSON.parse path: on every recorded frame of
// ../shared/wire/htx and on seeded mutations of them (whitespace, escapes, other key orders, odd values), the parser
// must give what the JSON.parse path gives, key order included, and the match must take every recorded trade push
// of the layouts it is written for. Then hand-made frames the recordings lack, each taken or left.

import { describe, expect, test } from "bun:test";
import {
  type FastPaths,
  feedAlone,
  testRecordedMatch,
  contextOf as venueContextOf,
  wireOf,
} from "../../../test/reliability/fast-path-cases.ts";
import { matchTradeDetailFrame, parseHtxFrame, parseHtxJson } from "./parse.ts";

const WIRE = wireOf("htx");
const MUTATIONS_PER_FRAME = 40;
const PATHS: FastPaths = {
  readers: { match: matchTradeDetailFrame },
  json: parseHtxJson,
  parser: parseHtxFrame,
};
const contextOf =
  (account: "spot" | "linear" = "spot") =>
  () =>
    venueContextOf("htx", account);

/** A trade push of a layout the match reads: rows with a numeric `tradeId` (spot) or `id` (contracts). */
function isTarget(frame: string): boolean {
  return /^\{"ch":"market\.[^.]+\.trade\.detail"/.test(frame) && !frame.includes('"id":"');
}

describe("htx trade.detail match equals the JSON.parse path", () => {
  testRecordedMatch({
    wire: WIRE,
    paths: PATHS,
    accounts: ["spot"],
    contextOf,
    isTarget,
    mutations: MUTATIONS_PER_FRAME,
    seed: 0x47e1,
  });
});

const SPOT_ROW =
  '{"id":181645687255757466830476,"ts":1618678022966,"tradeId":179335,"amount":0.001053,"price":50171.25,"direction":"buy"}';
const CONTRACT_ROW = '{"amount":8,"ts":1592904814962,"id":95306843320000,"price":177.3,"direction":"sell"}';

function pushOf(rows: string, native = "btcusdt"): string {
  return `{"ch":"market.${native}.trade.detail","ts":1618678022982,"tick":{"id":181645687,"ts":1618678022966,"data":[${rows}]}}`;
}

/** Frames the recordings lack, each with whether the match should take it (else the JSON.parse path judges it). */
const EDGE_CASES: [taken: boolean, frame: string][] = [
  [true, pushOf(SPOT_ROW)],
  [true, pushOf(CONTRACT_ROW, "BSV-USD")],
  [
    true,
    pushOf(
      '{"amount":2,"quantity":0.9920634920634920634920634920634920635,"ts":1645289370906,"id":660977160620000,"price":20.16,"direction":"buy"}',
      "ICP-USD",
    ),
  ],
  [
    true,
    pushOf(
      '{"amount":2,"quantity":0.002,"trade_turnover":38.85,"ts":1666114554480,"id":1186558919990000,"price":19425,"direction":"sell"}',
      "BTC-USDT",
    ),
  ],
  // Exponents as HTX writes them, several rows, ids past 2^53 (their text is the rounded double's, as `toId` gives).
  [
    true,
    pushOf(
      '{"id":1,"ts":1572911088761,"tradeId":100027416191,"amount":1569.86,"price":6.37e-8,"direction":"buy"},{"id":2,"ts":1572911088760,"tradeId":100027416190,"amount":5.0E-4,"price":2.284E+5,"direction":"sell"}',
    ),
  ],
  [true, pushOf('{"id":0,"ts":1,"tradeId":123456789012345678901,"amount":1,"price":1,"direction":"buy"}')],
  [true, pushOf('{"id":0,"ts":1,"tradeId":0,"amount":0.5,"price":1,"direction":"sell"}')],
  [true, pushOf(`${SPOT_ROW},${CONTRACT_ROW}`)],
  // The JSON.parse path judges the rest: rows it skips or calls malformed, other forms, orders and ends.
  [false, pushOf('{"amount":2,"ts":1666114554480,"id":1,"price":19425,"direction":""}')],
  [false, pushOf('{"amount":2,"ts":1666114554480,"id":1,"price":19425,"direction":"BUY"}')],
  [false, pushOf('{"amount":0,"ts":1666114554480,"id":1,"price":19425,"direction":"buy"}')],
  [false, pushOf('{"amount":2,"ts":1666114554480,"id":1,"price":0.0,"direction":"buy"}')],
  [false, pushOf('{"amount":2,"ts":1666114554480,"id":1,"price":-1,"direction":"buy"}')],
  [false, pushOf('{"amount":2,"ts":1666114554480,"id":1,"price":1e400,"direction":"buy"}')],
  [false, pushOf('{"amount":2,"ts":0,"id":1,"price":1,"direction":"buy"}')],
  [false, pushOf('{"amount":2,"ts":"1666114554480","id":1,"price":1,"direction":"buy"}')],
  [false, pushOf('{"amount":"2","ts":1666114554480,"id":1,"price":1,"direction":"buy"}')],
  [false, pushOf('{"amount":2,"ts":1666114554480,"id":"1","price":1,"direction":"buy"}')],
  [false, pushOf('{"amount":2,"ts":1666114554480,"id":01,"price":1,"direction":"buy"}')],
  [
    false,
    pushOf('{"id":"100201717928521000104525","amount":6.5286,"price":0.006663,"direction":"buy","ts":1}'),
  ],
  [false, pushOf('{"id":1,"ts":1,"tradeId":"179335","amount":1,"price":1,"direction":"buy"}')],
  [false, pushOf('{"id":1,"ts":1,"tradeId":null,"amount":1,"price":1,"direction":"buy"}')],
  [false, pushOf('{"ts":1,"id":1,"tradeId":1,"amount":1,"price":1,"direction":"buy"}')],
  [false, pushOf('{"amount":2,"ts":1666114554480,"id":1,"price":1,"direction":"buy","x":1}')],
  [false, pushOf(`${SPOT_ROW},`)],
  [false, pushOf(`${SPOT_ROW}, ${SPOT_ROW}`)],
  [false, pushOf("")],
  [false, pushOf(SPOT_ROW, "btc.usdt")],
  [false, pushOf(SPOT_ROW, "")],
  [false, pushOf(SPOT_ROW, "btc\\u0075sdt")],
  [false, `${pushOf(SPOT_ROW)} `],
  [false, ` ${pushOf(SPOT_ROW)}`],
  [false, `${pushOf(SPOT_ROW)}}`],
  [false, pushOf(SPOT_ROW).replace("]}}", '],"x":1}}')],
  [false, pushOf(SPOT_ROW).replace('"ts":1618678022982,', "")],
  [false, pushOf(SPOT_ROW).replace('"ts":1618678022982', '"ts":"1618678022982"')],
  [false, pushOf(SPOT_ROW).replace(".trade.detail", ".trade.details")],
  [false, pushOf(SPOT_ROW).replace("market.", "index.")],
];

describe("htx trade.detail match on frames the recordings lack", () => {
  for (const [taken, frame] of EDGE_CASES) {
    test(`${taken ? "takes" : "leaves"} ${frame}`, () => {
      expect(feedAlone(PATHS, contextOf(), frame).taken !== undefined).toBe(taken);
    });
  }
});

describe("htx frames that are not JSON", () => {
  for (const [frame, verdict] of [
    ["", { kind: "ignored", reason: "empty frame" }],
    [" \n\t", { kind: "ignored", reason: "empty frame" }],
    ["\u00a0", { kind: "ignored", reason: "empty frame" }],
    ["pong", { kind: "unmatched", topic: "(not json)" }],
    [`${pushOf(SPOT_ROW)} x`, { kind: "unmatched", topic: "(not json)" }],
  ] as const) {
    test(JSON.stringify(frame), () => {
      expect(parseHtxFrame(frame, contextOf()())).toStrictEqual(verdict);
    });
  }
});
