// The whole-frame match of `trade.detail` pushes against the JSON.parse path: on every recorded frame of
// ../shared/wire/htx and on seeded mutations of them (whitespace, escapes, other key orders, odd values), the parser
// must give what the JSON.parse path gives, key order included, and the match must take every recorded trade push
// of the layouts it is written for. Then hand-made frames the recordings lack, each taken or left.

import { describe, expect, test } from "bun:test";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { createRandom, mutateFrame, type Random } from "../../../test/reliability/mutate.ts";
import type { ParseContext, Parsed } from "../_shared/adapter.ts";
import { matchTradeDetailFrame, parseHtxFrame, parseHtxJson } from "./parse.ts";

const WIRE_DIR = join(import.meta.dir, "..", "..", "..", "..", "shared", "wire", "htx");
const MUTATIONS_PER_FRAME = 40;

function contextOf(account: "spot" | "linear" = "spot"): ParseContext {
  return {
    exchange: "htx",
    account,
    recvTsUs: 1_700_000_000_000_000,
    symbolOf: (native: string) => `sym:${native}`,
    session: new Map<string, unknown>(),
  };
}

function readInboundFrames(): string[] {
  if (!existsSync(WIRE_DIR)) return [];
  const frames: string[] = [];
  for (const file of readdirSync(WIRE_DIR).filter((name) => name.endsWith(".ndjson"))) {
    for (const line of readFileSync(join(WIRE_DIR, file), "utf8").split("\n")) {
      if (!line) continue;
      const entry = JSON.parse(line) as { dir?: string; frame?: unknown };
      if (entry.dir !== "out" && typeof entry.frame === "string") frames.push(entry.frame);
    }
  }
  return frames;
}

/** Equal results, and events with their keys in the same order (toStrictEqual does not look at the order). */
function expectSame(actual: Parsed, expected: Parsed): void {
  expect(actual).toStrictEqual(expected);
  if (actual.kind === "events" && expected.kind === "events")
    expect(actual.events.map((event) => Object.keys(event))).toEqual(
      expected.events.map((event) => Object.keys(event)),
    );
}

/** Mutations the match must see through or leave: whitespace, escaped letters, reordered keys, odd values. */
function mutate(frame: string, random: Random): string {
  const roll = random.next();
  if (roll < 0.25) {
    const marks = [...frame.matchAll(/[,:[\]{}]/g)];
    if (marks.length === 0) return frame;
    const at = marks[random.int(marks.length)]!.index! + 1;
    return `${frame.slice(0, at)}${[" ", "\n", "\t", "\r\n  "][random.int(4)]}${frame.slice(at)}`;
  }
  if (roll < 0.4) {
    const at = random.int(frame.length);
    const code = frame.charCodeAt(at);
    const isAlphanumeric =
      (code >= 48 && code <= 57) || (code >= 65 && code <= 90) || (code >= 97 && code <= 122);
    if (!isAlphanumeric) return frame;
    return `${frame.slice(0, at)}\\u${code.toString(16).padStart(4, "0")}${frame.slice(at + 1)}`;
  }
  if (roll < 0.5) {
    try {
      const value = JSON.parse(frame) as Record<string, unknown>;
      if (value === null || typeof value !== "object" || Array.isArray(value)) return frame;
      return JSON.stringify(Object.fromEntries(Object.entries(value).reverse()));
    } catch {
      return frame;
    }
  }
  return mutateFrame(frame, random);
}

/** A trade push of a layout the match reads: rows with a numeric `tradeId` (spot) or `id` (contracts). */
function isTarget(frame: string): boolean {
  return /^\{"ch":"market\.[^.]+\.trade\.detail"/.test(frame) && !frame.includes('"id":"');
}

describe("htx trade.detail match equals the JSON.parse path", () => {
  const frames = readInboundFrames();
  test.skipIf(frames.length === 0)(
    `every recorded frame and ${MUTATIONS_PER_FRAME} mutations of each`,
    () => {
      // Contexts fed the same frames in the same order: book and kline state lives in `session`.
      const parseContext = contextOf();
      const jsonContext = contextOf();
      const random = createRandom(0x47e1);
      let targets = 0;
      let targetsTaken = 0;
      let mutantsTaken = 0;
      const check = (frame: string, isRecorded: boolean) => {
        const taken = matchTradeDetailFrame(frame, contextOf()) !== undefined;
        const expected = parseHtxJson(frame, jsonContext);
        expectSame(parseHtxFrame(frame, parseContext), expected);
        if (isRecorded && isTarget(frame) && expected.kind === "events") {
          targets++;
          if (taken) targetsTaken++;
        }
        if (taken && !isRecorded) mutantsTaken++;
      };
      for (const frame of frames) {
        check(frame, true);
        for (let n = 0; n < MUTATIONS_PER_FRAME; n++) check(mutate(frame, random), false);
      }
      expect(targets).toBeGreaterThan(0);
      expect(targetsTaken).toBe(targets);
      expect(mutantsTaken).toBeGreaterThan(targets);
    },
  );
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
      const matched = matchTradeDetailFrame(frame, contextOf());
      const expected = parseHtxJson(frame, contextOf());
      if (taken) {
        expect(matched).toBeDefined();
        expectSame(matched!, expected);
      } else expect(matched).toBeUndefined();
      expectSame(parseHtxFrame(frame, contextOf()), expected);
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
      expect(parseHtxFrame(frame, contextOf())).toStrictEqual(verdict);
    });
  }
});
