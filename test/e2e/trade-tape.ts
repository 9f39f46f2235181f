// Checks a `dig3 watch trades --json` tape against the simulator's ground truth: every trade one the simulator sent
// (or, where the venue replays history on subscribe, every live one), reported as sent, ids in the venue's order.

import { expect } from "bun:test";
import type { Sim, SimAccount } from "../sim/index.ts";

type Event = Record<string, unknown>;

/** What a trade tape is checked against: the simulator's ground truth for one stream of the tape's account. */
export interface TapeSpec<Frame, Row> {
  account: SimAccount;
  symbol: string;
  /** The stream name `sim.sentFrames` knows the trades by. */
  stream: string;
  /** The trade rows one sent frame carries. */
  rowsOf: (frame: Frame) => Row[];
  /** The trade id dig3 should report for a row. */
  idOf: (row: Row) => string;
  /**
   * How the ids follow each other: `rising` numerically; `consecutive`, each the previous + 1; `sent-order`, the tape
   * is a run of the simulator's trades exactly as sent; `unique`, no id twice.
   */
  ids: "rising" | "consecutive" | "sent-order" | "unique";
  /** What dig3 should report for the row the simulator sent under a trade's id (taker side, price, size). */
  reported?: (row: Row) => Event;
  /**
   * The venue replays recent trades on subscribe, which are not in the live ground truth: those may lead the tape,
   * but more than ten trades must match and every live trade between the first and the last matched must be there.
   */
  withHistory?: boolean;
}

/** Checks the trades of one run (already parsed, exit checked) against what the simulator sent. */
export function expectTradeTape<Frame, Row>(
  tape: Event[],
  sim: Sim,
  exchange: string,
  spec: TapeSpec<Frame, Row>,
): void {
  expect(tape.length).toBeGreaterThan(10);
  for (const event of tape) {
    expect(event).toMatchObject({ kind: "trade", exchange, account: spec.account, symbol: spec.symbol });
    expect(["buy", "sell"]).toContain(event.side as string);
  }
  const sent = sentTrades(sim, spec);
  expectTruth(tape, sent, spec);
  expectIdOrder(tape, sent, spec.ids);
}

/** The simulator's trades of the tape's stream, in the order sent, each with the id dig3 should report. */
function sentTrades<Frame, Row>(sim: Sim, spec: TapeSpec<Frame, Row>): { id: string; row: Row }[] {
  return (sim.sentFrames(spec.stream, spec.account) as Frame[])
    .flatMap((frame) => spec.rowsOf(frame))
    .map((row) => ({ id: spec.idOf(row), row }));
}

function expectTruth<Frame, Row>(
  tape: Event[],
  sent: { id: string; row: Row }[],
  spec: TapeSpec<Frame, Row>,
): void {
  const byId = new Map(sent.map((trade) => [trade.id, trade.row]));
  let matched = 0;
  for (const event of tape) {
    const row = byId.get(event.tradeId as string);
    if (row === undefined && spec.withHistory) continue;
    expect(row, `trade ${event.tradeId} is not one the simulator sent`).toBeDefined();
    matched++;
    if (spec.reported) expect(event).toMatchObject(spec.reported(row!));
  }
  if (!spec.withHistory) return;
  expect(matched).toBeGreaterThan(10);
  // Every live trade sent while the CLI listened reached it.
  const seen = new Set(tape.map((event) => event.tradeId as string));
  const firstSeen = sent.findIndex((trade) => seen.has(trade.id));
  const lastSeen = sent.findLastIndex((trade) => seen.has(trade.id));
  for (const trade of sent.slice(firstSeen, lastSeen + 1)) expect(seen.has(trade.id)).toBe(true);
}

function expectIdOrder(
  tape: Event[],
  sent: { id: string }[],
  order: TapeSpec<unknown, unknown>["ids"],
): void {
  const ids = tape.map((event) => event.tradeId as string);
  switch (order) {
    case "rising": {
      let previous = -1;
      for (const id of ids) {
        expect(Number(id)).toBeGreaterThan(previous);
        previous = Number(id);
      }
      return;
    }
    case "consecutive":
      // BigInt: venue ids can pass 2^53.
      for (let i = 1; i < ids.length; i++) expect(BigInt(ids[i]!)).toBe(BigInt(ids[i - 1]!) + 1n);
      return;
    case "sent-order": {
      // Every trade sent while dig3 listened, none from the subscribe snapshot (history) and none invented.
      const from = sent.findIndex((trade) => trade.id === ids[0]);
      expect(ids).toEqual(sent.slice(from, from + ids.length).map((trade) => trade.id));
      return;
    }
    case "unique":
      expect(new Set(ids).size).toBe(ids.length);
      return;
  }
}
