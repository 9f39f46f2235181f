// A Station capture in a child process killed with SIGKILL: while it runs a second writer gets E_LOCKED naming its
// pid; afterwards every flushed byte is still there, a torn tail is cut on reopen, and the restarted capture
// backfills the downtime from REST so the day file holds every trade exactly once.

import { afterAll, beforeAll, expect, test } from "bun:test";
import { appendFileSync, existsSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { type Sim, startSim } from "../../test/sim/index.ts";
import { utcDayOf } from "../core/index.ts";
import { hashFnv1a64Hex, type TradeRecord, tradeIdHashHexOf } from "../records/index.ts";
import {
  buildStation,
  collect,
  createTempRoot,
  listSentTradeIds,
  readSeries,
  tradesOf,
  waitFor,
} from "./testdata/helpers.ts";

const SCRIPT = join(import.meta.dir, "testdata", "capture-child.ts");
const TRADE_BYTES = 48;

let sim: Sim;
let temp: ReturnType<typeof createTempRoot>;

beforeAll(async () => {
  sim = await startSim({ venue: "binance", tickMs: 20, seed: 9 });
  temp = createTempRoot();
});

afterAll(async () => {
  await sim.close();
  temp.remove();
});

function sizeOf(path: string): number {
  return existsSync(path) ? statSync(path).size : 0;
}

test("SIGKILL mid-capture: flushed records kept, torn tail cut, lock error, downtime backfilled", async () => {
  const datPath = join(temp.root, "trades", "binance", "spot", "btcusdt", `${utcDayOf(Date.now())}.dat`);
  const child = Bun.spawn([process.execPath, SCRIPT, temp.root, sim.wsUrl("spot"), sim.restUrl], {
    stdout: "pipe",
    stderr: "pipe",
  });
  try {
    await waitFor(() => sizeOf(datPath) >= 150 * TRADE_BYTES, "the child's first flushed trades", 10_000);
    // A second writer of the same series: the subscription fails with the holder's pid.
    const other = buildStation(sim).storageRoot(temp.root).persistence(true).build();
    const report = await other.subscribe([{ exchange: "binance", kind: "trade", symbol: "BTC/USDT" }]);
    await report.handle.close();
    await other.close();
    expect(report.ok).toEqual([]);
    expect(report.failed[0]?.error.code).toBe("E_LOCKED");
    expect(report.failed[0]?.error.message).toContain(`pid ${child.pid}`);
  } finally {
    child.kill("SIGKILL");
  }
  expect(await child.exited).not.toBe(0);

  const flushed = readFileSync(datPath);
  const wholeBytes = Math.floor(flushed.length / TRADE_BYTES) * TRADE_BYTES;
  // A write torn by the kill: part of a record past the last whole one.
  appendFileSync(datPath, new Uint8Array(30).fill(0xab));

  const diagnostics: string[] = [];
  const station = buildStation(sim, diagnostics)
    .storageRoot(temp.root)
    .persistence(true)
    .gapHeal({ settleMs: 300 })
    .build();
  const report = await station.subscribe([{ exchange: "binance", kind: "trade", symbol: "BTC/USDT" }]);
  expect(report.failed).toEqual([]);
  const events = collect(report.handle);
  try {
    await waitFor(
      () => tradesOf(events).filter((e) => e.origin === undefined).length >= 50,
      "live trades after the restart",
    );
  } finally {
    await report.handle.close();
    await station.close();
  }
  expect(diagnostics.some((d) => d.startsWith("torn-tail: ") && d.includes("30 bytes"))).toBe(true);
  expect(diagnostics.some((d) => d.startsWith("backfill: ") && d.includes("process_down"))).toBe(true);

  const after = readFileSync(datPath);
  expect(after.length % TRADE_BYTES).toBe(0);
  expect(after.length).toBeGreaterThan(wholeBytes);
  expect(Buffer.compare(after.subarray(0, wholeBytes), flushed.subarray(0, wholeBytes))).toBe(0);

  // Every venue trade from the child's first to the restart's last is in the file once, the downtime included.
  const hashes = (await readSeries<TradeRecord>(temp.root, "trades", "BTCUSDT")).map(tradeIdHashHexOf);
  const idOfHash = new Map(
    listSentTradeIds(sim, "btcusdt@trade").map((id) => [hashFnv1a64Hex(String(id)), id]),
  );
  const firstId = idOfHash.get(hashes[0]!)!;
  const lastId = idOfHash.get(hashes.at(-1)!)!;
  expect(hashes).toEqual(
    Array.from({ length: lastId - firstId + 1 }, (_, i) => hashFnv1a64Hex(String(firstId + i))),
  );
}, 20_000);
