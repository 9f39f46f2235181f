// Station behaviour against the simulator: warm-start from disk across UTC midnight and from REST, multiplexing
// (one subscription and one writer per series, released by the last consumer), silence heal, book resync gaps, lock
// conflicts in the report, and derived bars sharing the trade series.

import { afterAll, beforeAll, expect, test } from "bun:test";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { type Sim, startSim } from "../../test/sim/index.ts";
import type { MarketEvent } from "../core/index.ts";
import {
  type GapRecord,
  hashFnv1a64Hex,
  type KlineRecord,
  RECORDS,
  type TradeRecord,
  tradeIdHashHexOf,
  tradeIdHashOf,
} from "../records/index.ts";
import { openSeriesWriter } from "../storage/index.ts";
import { buildStation, collect, createTempRoot, readSeries, tradesOf, waitFor } from "./testdata/helpers.ts";

let sim: Sim;
const temps: ReturnType<typeof createTempRoot>[] = [];

beforeAll(async () => {
  sim = await startSim({ venue: "binance", tickMs: 20, seed: 13 });
});

afterAll(async () => {
  await sim.close();
  for (const temp of temps) temp.remove();
});

function newRoot(): string {
  const temp = createTempRoot();
  temps.push(temp);
  return temp.root;
}

function expectContiguous(ids: number[]): void {
  for (let i = 1; i < ids.length; i++) {
    if (ids[i] !== ids[i - 1]! + 1) throw new Error(`trade ids jump from ${ids[i - 1]} to ${ids[i]} at ${i}`);
  }
}

/** The simulated venue's recent-trades page holds only trades made since its market started: let it trade first. */
async function primeMarket(native: string, trades = 60): Promise<void> {
  const count = async () =>
    (
      (await (
        await fetch(`${sim.restUrl}/api/v3/trades?symbol=${native}&limit=${trades}`)
      ).json()) as unknown[]
    ).length;
  for (let tries = 0; (await count()) < trades && tries < 200; tries++) await Bun.sleep(20);
}

const liveTrades = (events: MarketEvent[]) => tradesOf(events).filter((e) => e.origin === undefined);

test("warm-start from disk crosses UTC midnight: the last N trades and bars come from two day files", async () => {
  const root = newRoot();
  const midnightMs = Date.UTC(2026, 0, 2);
  const key = { root, exchange: "binance", account: "spot", symbol: "BTCUSDT" };
  const trades = openSeriesWriter<TradeRecord>({ ...key, slug: "trades", def: RECORDS.trades });
  const tradeTimes = [
    ...Array.from({ length: 30 }, (_, i) => midnightMs - 30_000 + i * 1000),
    midnightMs,
    midnightMs + 1000,
  ];
  for (const [i, tsMs] of tradeTimes.entries()) {
    const hash = tradeIdHashOf(`old-${i}`);
    trades.append({ tsMs, price: 100 + i, size: 1, side: "buy", ...hash, recvTsUs: tsMs * 1000 });
  }
  trades.close();
  const klines = openSeriesWriter<KlineRecord>({ ...key, slug: "klines_1m", def: RECORDS.klines });
  const opens = [-3, -2, -1, 0, 1].map((m) => midnightMs + m * 60_000);
  // Each bar written three times (live updates); the last write wins.
  for (const [i, openTimeMs] of opens.entries()) {
    for (let version = 0; version < 3; version++) {
      const close = 100 + i * 10 + version;
      klines.append({
        openTimeMs,
        open: 100,
        high: 200,
        low: 50,
        close,
        volume: version,
        quoteVolume: undefined,
        trades: 0,
      });
    }
  }
  klines.close();

  const station = buildStation(sim).storageRoot(root).persistence(true).warmStart(4).gapHeal(false).build();
  const report = await station.subscribe([
    { exchange: "binance", kind: "trade", symbol: "BTC/USDT" },
    { exchange: "binance", kind: "kline", interval: "1m", symbol: "BTC/USDT" },
  ]);
  expect(report.failed).toEqual([]);
  const events = collect(report.handle);
  try {
    await waitFor(() => liveTrades(events).length >= 5, "live trades after the warm-start");
  } finally {
    await report.handle.close();
    await station.close();
  }
  const warmTrades = tradesOf(events).slice(0, 4);
  expect(warmTrades.map((e) => e.origin)).toEqual(["warm-disk", "warm-disk", "warm-disk", "warm-disk"]);
  expect(warmTrades.map((e) => e.tradeId)).toEqual(
    [28, 29, 30, 31].map((i) => `fnv1a64:${hashFnv1a64Hex(`old-${i}`)}`),
  );
  expect(warmTrades.map((e) => e.tsMs)).toEqual(tradeTimes.slice(-4));
  expect(warmTrades.filter((e) => e.tsMs < midnightMs).length).toBe(2);
  // The warm trades come before every live one, and the downtime since the last one on disk is a gap.
  const firstLive = events.findIndex((e) => e.kind === "trade" && e.origin === undefined);
  expect(events.indexOf(warmTrades[3]!)).toBeLessThan(firstLive);
  expect(events.find((e) => e.kind === "gap" && e.stream === "trade")).toMatchObject({
    reason: "process_down",
    fromMs: midnightMs + 1000,
  });

  const warmBars = events.filter((e) => e.kind === "kline" && e.origin === "warm-disk");
  expect(warmBars.map((e) => (e.kind === "kline" ? [e.openTimeMs, e.close, e.closed] : []))).toEqual([
    [opens[1]!, 112, true],
    [opens[2]!, 122, true],
    [opens[3]!, 132, true],
    [opens[4]!, 142, true],
  ]);
});

test("warm-start from REST when there is no disk: history, then live, no trade twice or missing", async () => {
  await primeMarket("ETHUSDT");
  const station = buildStation(sim).warmStart(30).build();
  const report = await station.subscribe([
    { exchange: "binance", kind: "trade", symbol: "ETH/USDT" },
    { exchange: "binance", kind: "kline", interval: "1s", symbol: "ETH/USDT" },
  ]);
  const events = collect(report.handle);
  try {
    await waitFor(() => liveTrades(events).length >= 30, "live trades");
  } finally {
    await report.handle.close();
    await station.close();
  }
  const trades = tradesOf(events);
  expect(trades.slice(0, 30).every((e) => e.origin === "warm-rest")).toBe(true);
  expect(trades.slice(30).every((e) => e.origin === undefined)).toBe(true);
  expectContiguous(trades.map((e) => Number(e.tradeId)));

  const bars = events.flatMap((e) => (e.kind === "kline" ? [e] : []));
  const warmBars = bars.filter((e) => e.origin === "warm-rest");
  expect(warmBars.length).toBe(30);
  for (let i = 1; i < warmBars.length; i++)
    expect(warmBars[i]!.openTimeMs - warmBars[i - 1]!.openTimeMs).toBe(1000);
  const live = bars.filter((e) => e.origin === undefined);
  expect(live.length).toBeGreaterThan(0);
  expect(live.every((e) => e.openTimeMs >= warmBars.at(-1)!.openTimeMs)).toBe(true);
});

test("multiplex: consumers share one subscription and one writer; a late one gets the recent events; the last one releases", async () => {
  const root = newRoot();
  await primeMarket("BTCUSDT");
  const station = buildStation(sim).storageRoot(root).persistence(true).warmStart(5).build();
  const first = await station.subscribe([{ exchange: "binance", kind: "trade", symbol: "BTC/USDT" }]);
  const second = await station.subscribe([{ exchange: "binance", kind: "trade", symbol: "BTCUSDT" }]);
  expect(second.failed).toEqual([]);
  expect(station.activeSeries).toBe(1);
  const lockPath = join(root, "trades", "binance", "spot", "btcusdt", ".lock");
  expect(existsSync(lockPath)).toBe(true);
  const a = collect(first.handle);
  const b = collect(second.handle);
  await waitFor(() => liveTrades(a).length >= 20, "trades for the first consumer");
  const late = await station.subscribe([{ exchange: "binance", kind: "trade", symbol: "BTC/USDT" }]);
  const c = collect(late.handle);
  await waitFor(() => liveTrades(c).length >= 10, "trades for the late consumer");
  await first.handle.close();
  await second.handle.close();
  expect(station.activeSeries).toBe(1);
  expect(existsSync(lockPath)).toBe(true);
  await late.handle.close();
  expect(station.activeSeries).toBe(0);
  expect(existsSync(lockPath)).toBe(false);
  await station.close();

  const ids = (events: MarketEvent[]) => tradesOf(events).map((e) => Number(e.tradeId));
  expect(ids(b).slice(0, 10)).toEqual(ids(a).slice(0, 10));
  const lateTrades = tradesOf(c);
  expect(lateTrades.slice(0, 5).map((e) => e.origin)).toEqual(Array(5).fill("warm-memory"));
  expectContiguous(ids(c));
  const hashes = (await readSeries<TradeRecord>(root, "trades", "BTCUSDT")).map(tradeIdHashHexOf);
  expect(new Set(hashes).size).toBe(hashes.length);
  // Warm-start history is not written again; every live trade is, once.
  expect(hashes.length).toBeGreaterThanOrEqual(liveTrades(a).length);
  expect(
    tradesOf(a)
      .slice(0, 5)
      .map((e) => e.origin),
  ).toEqual(Array(5).fill("warm-rest"));
});

test("a series another writer holds fails in the report with E_LOCKED; other series still start", async () => {
  const root = newRoot();
  const holder = buildStation(sim).storageRoot(root).persistence(true).build();
  const held = await holder.subscribe([{ exchange: "binance", kind: "trade", symbol: "BTC/USDT" }]);
  const station = buildStation(sim).storageRoot(root).persistence(true).build();
  const report = await station.subscribe([
    { exchange: "binance", kind: "trade", symbol: "BTC/USDT" },
    { exchange: "binance", kind: "kline", symbol: "BTC/USDT" },
  ]);
  expect(report.ok.map((entry) => entry.spec.kind)).toEqual(["kline"]);
  expect(report.failed.map((entry) => entry.error.code)).toEqual(["E_LOCKED"]);
  expect(report.failed[0]!.error.message).toContain(`pid ${process.pid}`);
  await report.handle.close();
  await station.close();
  await held.handle.close();
  await holder.close();
});

test("silence: the station resubscribes and backfills, so no trade is lost or doubled", async () => {
  const diagnostics: string[] = [];
  const station = buildStation(sim, diagnostics)
    .gapHeal({ silenceMs: { trade: 300 }, settleMs: 150 })
    .build();
  const report = await station.subscribe([{ exchange: "binance", kind: "trade", symbol: "ETH/USDT" }]);
  const events = collect(report.handle);
  try {
    await waitFor(() => liveTrades(events).length >= 20, "first trades");
    sim.faults.silence(900);
    await waitFor(() => tradesOf(events).some((e) => e.origin === "backfill"), "backfilled trades", 5_000);
    const at = events.length;
    await waitFor(() => liveTrades(events.slice(at)).length >= 20, "live trades after the silence");
  } finally {
    await report.handle.close();
    await station.close();
  }
  expect(diagnostics.some((d) => d.startsWith("silence: "))).toBe(true);
  expectContiguous(tradesOf(events).map((e) => Number(e.tradeId)));
  expect(events.some((e) => e.kind === "gap")).toBe(false);
});

test("garbled frames on a healthy socket: the trades they carried are backfilled", async () => {
  const station = buildStation(sim).gapHeal({ settleMs: 300 }).build();
  const report = await station.subscribe([{ exchange: "binance", kind: "trade", symbol: "BTC/USDT" }]);
  const events = collect(report.handle);
  try {
    await waitFor(() => liveTrades(events).length >= 20, "first trades");
    sim.faults.sendGarbage(2);
    await waitFor(() => tradesOf(events).some((e) => e.origin === "backfill"), "backfilled trades");
    const at = events.length;
    await waitFor(() => liveTrades(events.slice(at)).length >= 10, "live trades after the backfill");
  } finally {
    await report.handle.close();
    await station.close();
  }
  expectContiguous(tradesOf(events).map((e) => Number(e.tradeId)));
});

test("a stream REST cannot backfill (ticker): the outage is a gap, exactly as long as the socket was down", async () => {
  const root = newRoot();
  const station = buildStation(sim).storageRoot(root).persistence(true).build();
  const report = await station.subscribe([{ exchange: "binance", kind: "ticker", symbol: "BTC/USDT" }]);
  const events = collect(report.handle);
  try {
    await waitFor(() => events.some((e) => e.kind === "ticker"), "a ticker");
    sim.faults.dropNow();
    await waitFor(() => events.some((e) => e.kind === "gap"), "the gap");
  } finally {
    await report.handle.close();
    await station.close();
  }
  const reconnect = events.find((e) => e.kind === "reconnect");
  const gap = events.find((e) => e.kind === "gap");
  if (reconnect?.kind !== "reconnect" || gap?.kind !== "gap") throw new Error("no reconnect or gap event");
  expect(gap).toMatchObject({
    stream: "ticker",
    reason: "disconnect",
    fromMs: reconnect.downSinceMs,
    toMs: reconnect.upAtMs,
  });
  const gaps = await readSeries<GapRecord>(root, "gaps", "BTCUSDT");
  expect(gaps.map((g) => [g.stream, g.reason, g.toMs - g.fromMs])).toEqual([
    ["ticker", "disconnect", reconnect.upAtMs - reconnect.downSinceMs],
  ]);
});

test("a book resync is a gap from the last verified update to the new snapshot", async () => {
  const root = newRoot();
  const station = buildStation(sim).storageRoot(root).persistence(true).build();
  const report = await station.subscribe([{ exchange: "binance", kind: "book", symbol: "ETH/USDT" }]);
  const events = collect(report.handle);
  try {
    await waitFor(() => events.filter((e) => e.kind === "book").length >= 5, "book updates");
    sim.faults.skipBookUpdate("ETHUSDT");
    await waitFor(() => events.some((e) => e.kind === "gap"), "the gap after the resync");
  } finally {
    await report.handle.close();
    await station.close();
  }
  const resync = events.findIndex((e) => e.kind === "book_resync");
  const gap = events.findIndex((e) => e.kind === "gap");
  expect(resync).toBeGreaterThan(0);
  expect(events[gap]).toMatchObject({ stream: "book", reason: "book_resync" });
  expect(events[gap + 1]).toMatchObject({ kind: "book", type: "snapshot" });
  const gaps = await readSeries<GapRecord>(root, "gaps", "ETHUSDT");
  expect(gaps.map((g) => [g.stream, g.reason])).toEqual([["book", "book_resync"]]);
});

test("derived bars share the trade series; tick bars close every N trades; bad bar requests are reported", async () => {
  const station = buildStation(sim).build();
  const report = await station.subscribe([
    { exchange: "binance", kind: "trade", symbol: "BTC/USDT" },
    { exchange: "binance", kind: "tick_bar", barSize: 5, symbol: "BTC/USDT" },
    { exchange: "binance", kind: "range_bar", symbol: "BTC/USDT" },
  ]);
  expect(report.ok.map((entry) => entry.request.kind)).toEqual(["trade", "tick_bar"]);
  expect(report.ok[1]!.bar).toEqual({ kind: "tick_bar", size: 5 });
  expect(report.failed[0]!.error.code).toBe("E_BAD_INPUT");
  expect(station.activeSeries).toBe(1);
  const events = collect(report.handle);
  try {
    await waitFor(() => events.filter((e) => e.kind === "bar" && e.closed).length >= 3, "closed tick bars");
  } finally {
    await report.handle.close();
    await station.close();
  }
  const closed = events.flatMap((e) => (e.kind === "bar" && e.closed ? [e] : []));
  expect(closed.every((bar) => bar.trades === 5 && bar.bar === "tick")).toBe(true);
  // The first closed bar is made of the first five trades.
  const firstFive = tradesOf(events).slice(0, 5);
  expect(closed[0]!.volume).toBeCloseTo(
    firstFive.reduce((sum, t) => sum + t.size, 0),
    9,
  );
  expect(closed[0]!.open).toBe(firstFive[0]!.price);
  expect(closed[0]!.close).toBe(firstFive[4]!.price);
});
