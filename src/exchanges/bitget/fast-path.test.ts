// The whole-frame match of v2 `trade` and v3 `publicTrade` updates against the JSON.parse path: on every recorded
// frame of ../shared/wire/bitget and on seeded mutations of them (whitespace, escapes, other key orders, odd values), the parser
// must give what the JSON.parse path gives, key order included, and the match must take every recorded trade update.
// Then hand-made frames the recordings lack, each taken or left; then the frames that are not JSON.

import { describe, expect, test } from "bun:test";
import {
  type FastPaths,
  feedAlone,
  testRecordedMatch,
  contextOf as venueContextOf,
  wireOf,
} from "../../../test/reliability/fast-path-cases.ts";
import { matchTradeFrame, parseBitgetFrame, parseBitgetJson } from "./parse.ts";

const WIRE = wireOf("bitget");
const MUTATIONS_PER_FRAME = 40;
const PATHS: FastPaths = {
  readers: { match: matchTradeFrame },
  json: parseBitgetJson,
  parser: parseBitgetFrame,
};
const contextOf =
  (account: "spot" | "linear" = "spot") =>
  () =>
    venueContextOf("bitget", account);

/** A v2 or v3 trade update with object rows (v1 rows are arrays; snapshots are not live trades). */
function isTarget(frame: string): boolean {
  return /^\{"action":"update","arg":\{"instType":"[^"]+","(channel":"trade"|topic":"publicTrade")/.test(
    frame,
  );
}

describe("bitget trade match equals the JSON.parse path", () => {
  testRecordedMatch({
    wire: WIRE,
    paths: PATHS,
    accounts: ["spot", "linear"],
    contextOf,
    isTarget,
    mutations: MUTATIONS_PER_FRAME,
    seed: 0xb176,
  });
});

const V2_ROW =
  '{"ts":"1730332858796","price":"72389.99","size":"0.001373","side":"buy","tradeId":"1235671058980749319"}';
const V3_ROW =
  '{"i":"1432912492051054592","p":"76631.3","v":"0.01","S":"buy","T":"1777358881008","L":"1432912492051054593","isRPI":"no"}';

function v2Of(rows: string, instType = "SPOT", native = "BTCUSDT"): string {
  return `{"action":"update","arg":{"instType":"${instType}","channel":"trade","instId":"${native}"},"data":[${rows}],"ts":1730332858805}`;
}

function v3Of(rows: string, instType = "usdt-futures", native = "BTCUSDT"): string {
  return `{"action":"update","arg":{"instType":"${instType}","topic":"publicTrade","symbol":"${native}"},"data":[${rows}],"ts":1777358881009}`;
}

/** Frames the recordings lack, each with whether the match should take it (else the JSON.parse path judges it). */
const EDGE_CASES: [taken: boolean, frame: string][] = [
  [true, v2Of(V2_ROW)],
  [true, v3Of(V3_ROW)],
  [true, v3Of(V3_ROW, "spot")],
  [true, v2Of(V2_ROW, "USDT-FUTURES")],
  // Product types of another account than the context's, and spellings matched only after a lower-case copy.
  [true, v2Of(V2_ROW, "COIN-FUTURES", "DOGEUSD")],
  [true, v2Of(V2_ROW, "mc", "BTCUSD")],
  [true, v3Of(V3_ROW, "USDC-Futures", "BTCPERP")],
  [true, v3Of(V3_ROW, "options")],
  // v3 rows with and without the optional fields, empty ones; no `ts` after the rows.
  [true, v3Of('{"i":"1","p":"1","v":"2","S":"sell","T":"1"}')],
  [true, v3Of('{"i":"1","p":"1","v":"2","S":"sell","T":"1","L":""}')],
  [true, v3Of('{"i":"1","p":"1","v":"2","S":"sell","T":"1","isRPI":"yes"}')],
  [true, v2Of(V2_ROW).replace(',"ts":1730332858805}', "}")],
  // Several rows: in order, out of order (sorted by time, then id by length and text), tied, and of both versions.
  [true, v3Of(`${V3_ROW},${V3_ROW.replace('"T":"1777358881008"', '"T":"1777358881009"')}`)],
  [
    true,
    v3Of(
      '{"i":"10","p":"1","v":"1","S":"buy","T":"5"},{"i":"9","p":"2","v":"1","S":"sell","T":"5"},{"i":"8","p":"3","v":"1","S":"buy","T":"4"}',
    ),
  ],
  [true, v3Of(`${V3_ROW},${V3_ROW}`)],
  [true, v2Of(`${V2_ROW},${V3_ROW}`)],
  // Decimals the in-place reader leaves to `Number`: long ones, and one past every double.
  [
    true,
    v2Of(
      '{"ts":"1","price":"0.000000000000000000012345","size":"123456789012345678","side":"buy","tradeId":"x"}',
    ),
  ],
  [true, v2Of(`{"ts":"1","price":"${"9".repeat(400)}","size":"1","side":"buy","tradeId":"x"}`)],
  // The JSON.parse path judges the rest: rows it calls malformed, other forms, orders and ends.
  [false, v2Of(V2_ROW.replace('"buy"', '"BUY"'))],
  [false, v2Of(V2_ROW.replace('"buy"', '"none"'))],
  [false, v2Of(V2_ROW.replace('"72389.99"', '"0"'))],
  [false, v2Of(V2_ROW.replace('"0.001373"', '"0.000"'))],
  [false, v2Of(V2_ROW.replace('"72389.99"', '"-1"'))],
  [false, v2Of(V2_ROW.replace('"72389.99"', '"1e3"'))],
  [false, v2Of(V2_ROW.replace('"72389.99"', "72389.99"))],
  [false, v2Of(V2_ROW.replace('"1730332858796"', '"0"'))],
  [false, v2Of(V2_ROW.replace('"1730332858796"', "1730332858796"))],
  [false, v2Of(V2_ROW.replace('"1730332858796"', '"12345678901234567"'))],
  [false, v2Of(V2_ROW.replace('"1235671058980749319"', '""'))],
  [false, v2Of(V2_ROW.replace('"1235671058980749319"', "1235671058"))],
  [false, v2Of(V2_ROW.replace('"1235671058980749319"', '"12\\u0033"'))],
  [false, v2Of(V2_ROW.replace('"tradeId"', '"tradeid"'))],
  [false, v2Of(V2_ROW.replace("}", ',"x":1}'))],
  [false, v3Of(V3_ROW.replace(',"isRPI":"no"', ',"isRPI":"no","x":1'))],
  [false, v3Of('{"i":"1","p":"1","v":"2","S":"sell","T":"1","isRPI":"no","L":"x"}')],
  [false, v2Of(`${V2_ROW},`)],
  [false, v2Of(`${V2_ROW}, ${V2_ROW}`)],
  [false, v2Of("")],
  [false, v2Of('["1730332858796","72389.99","0.001373","buy"]')],
  [false, v2Of(V2_ROW, "SPOT", "")],
  [false, v2Of(V2_ROW, "SPOT", "BTC\\u0055SDT")],
  [false, v2Of(V2_ROW, "")],
  [false, v2Of(V2_ROW).replace('"update"', '"snapshot"')],
  [false, v2Of(V2_ROW).replace('"channel":"trade"', '"channel":"trades"')],
  [false, v2Of(V2_ROW).replace('"channel":"trade","instId"', '"topic":"trade","instId"')],
  [false, v2Of(V2_ROW).replace(',"ts":1730332858805}', ',"ts":"1730332858805"}')],
  [false, v2Of(V2_ROW).replace(',"ts":1730332858805}', ',"ts":1,"x":1}')],
  [false, v2Of(V2_ROW).replace('{"action":"update",', '{"event":"x","action":"update",')],
  [false, `${v2Of(V2_ROW)} `],
  [false, ` ${v2Of(V2_ROW)}`],
  [false, `${v2Of(V2_ROW)}}`],
];

describe("bitget trade match on frames the recordings lack", () => {
  for (const [taken, frame] of EDGE_CASES) {
    test(`${taken ? "takes" : "leaves"} ${frame.slice(0, 300)}`, () => {
      for (const account of ["spot", "linear"] as const)
        expect(feedAlone(PATHS, contextOf(account), frame).taken !== undefined).toBe(taken);
    });
  }

  test("rows out of order come out oldest first, then by id (length, then text)", () => {
    const parsed = parseBitgetFrame(EDGE_CASES[13]![1], contextOf()());
    expect(
      parsed.kind === "events" && parsed.events.map((event) => (event as { tradeId: string }).tradeId),
    ).toEqual(["8", "9", "10"]);
  });
});

describe("bitget frames that are not JSON, or JSON only once trimmed", () => {
  for (const [frame, verdict] of [
    ["", { kind: "ignored", reason: "empty frame" }],
    [" \n\t", { kind: "ignored", reason: "empty frame" }],
    ["pong", { kind: "pong" }],
    [" pong\n", { kind: "pong" }],
    ["\u00a0ping", { kind: "ping", reply: "pong" }],
    ["pongs", { kind: "unmatched", topic: "(not json)" }],
    [`${v2Of(V2_ROW)} x`, { kind: "unmatched", topic: "(not json)" }],
    [
      '\ufeff{"event":"subscribe","arg":{"channel":"trade","instId":"BTCUSDT"}}',
      { kind: "ack", note: "subscribe trade BTCUSDT" },
    ],
    ["\u00a0[1]", { kind: "unmatched", topic: "(not an object)" }],
  ] as const) {
    test(JSON.stringify(frame), () => {
      expect(parseBitgetFrame(frame, contextOf()())).toStrictEqual(verdict);
    });
  }

  test("a byte-order mark before a trade push: the events of the push", () => {
    const parsed = parseBitgetFrame(`\ufeff${v2Of(V2_ROW)}`, contextOf()());
    expect(parsed).toStrictEqual(parseBitgetJson(v2Of(V2_ROW), contextOf()()));
    expect(parsed.kind).toBe("events");
  });
});
