// Library end to end against the simulator: a dropped socket is reconnected and resubscribed with a `reconnect`
// event for every stream on it, and a skipped depth update is caught, resynced for that symbol alone, and recovered.

import { afterAll, beforeAll, expect, test } from "bun:test";
import type { MarketEvent } from "../../src/core/index.ts";
import { Station } from "../../src/station/index.ts";
import { type Sim, startSim } from "../sim/index.ts";
import { waitFor } from "./run-cli.ts";

let sim: Sim;

beforeAll(async () => {
  sim = await startSim({ venue: "binance", tickMs: 20, seed: 11 });
});

afterAll(async () => {
  await sim.close();
});

function buildStation(): Station {
  return Station.builder()
    .hub({
      env: sim.env("spot"),
      ws: { backoff: { initialMs: 50, maxMs: 200 }, connectTimeoutMs: 1_000 },
      http: { retries: 1 },
    })
    .build();
}

/** Collects a handle's events in the background. */
function collect(iterable: AsyncIterable<MarketEvent>): MarketEvent[] {
  const events: MarketEvent[] = [];
  void (async () => {
    for await (const event of iterable) events.push(event);
  })();
  return events;
}

// Generous test timeouts: each step's waitFor names what it waited for, so a stall says where it stalled.
test("a dropped socket: reconnect event per stream, subscriptions replayed, data flows again", {
  timeout: 30_000,
}, async () => {
  const station = buildStation();
  const { ok, failed, handle } = await station.subscribe([
    { exchange: "binance", kind: "trade", symbol: "BTC/USDT" },
    { exchange: "binance", kind: "book", symbol: "ETH/USDT" },
  ]);
  expect(failed).toEqual([]);
  expect(ok.length).toBe(2);
  const events = collect(handle);
  try {
    await waitFor(() => events.filter((e) => e.kind === "trade").length >= 10, 5_000, "first trades");
    await waitFor(
      () => events.some((e) => e.kind === "book" && e.type === "snapshot"),
      5_000,
      "book snapshot",
    );
    const connectionsBefore = sim.stats.connections;
    sim.faults.dropNow();
    await waitFor(() => events.filter((e) => e.kind === "reconnect").length >= 2, 5_000, "reconnect events");
    const reconnects = events.filter((e) => e.kind === "reconnect");
    expect(new Set(reconnects.map((e) => (e.kind === "reconnect" ? e.stream : "")))).toEqual(
      new Set(["trade", "book"]),
    );
    for (const event of reconnects) {
      if (event.kind !== "reconnect") continue;
      expect(event.upAtMs).toBeGreaterThanOrEqual(event.downSinceMs);
      expect(event.reason.length).toBeGreaterThan(0);
    }
    // Count from the first reconnect event: the fresh snapshot can arrive within milliseconds of it.
    const at = events.findIndex((e) => e.kind === "reconnect");
    await waitFor(
      () => events.slice(at).filter((e) => e.kind === "trade").length >= 10,
      5_000,
      "trades after reconnect",
    );
    // The book was rebuilt from a fresh snapshot after the outage.
    await waitFor(
      () => events.slice(at).some((e) => e.kind === "book" && e.type === "snapshot"),
      5_000,
      "new snapshot",
    );
    expect(events.some((e) => e.kind === "book_resync" && e.reason.startsWith("reconnected"))).toBe(true);
    expect(sim.stats.connections).toBeGreaterThan(connectionsBefore);
    // Trades keep their order across the reconnect.
    const ids = events.flatMap((e) => (e.kind === "trade" ? [Number(e.tradeId)] : []));
    for (let i = 1; i < ids.length; i++) expect(ids[i]!).toBeGreaterThan(ids[i - 1]!);
  } finally {
    await handle.close();
    await station.close();
  }
});

test("a skipped depth update: book_resync for that symbol alone, then a fresh verified book", {
  timeout: 30_000,
}, async () => {
  const station = buildStation();
  const { handle } = await station.subscribe([
    { exchange: "binance", kind: "book", symbol: "BTC/USDT" },
    { exchange: "binance", kind: "book", symbol: "ETH/USDT" },
  ]);
  const events = collect(handle);
  try {
    const snapshotsOf = (symbol: string) =>
      events.filter((e) => e.kind === "book" && e.type === "snapshot" && e.symbol === symbol).length;
    await waitFor(
      () => snapshotsOf("BTC/USDT") === 1 && snapshotsOf("ETH/USDT") === 1,
      5_000,
      "both snapshots",
    );
    await Bun.sleep(100);
    sim.faults.skipBookUpdate("BTCUSDT");
    await waitFor(() => events.some((e) => e.kind === "book_resync"), 5_000, "book_resync");
    const resyncs = events.filter((e) => e.kind === "book_resync");
    expect(resyncs.length).toBe(1);
    expect(resyncs[0]).toMatchObject({ symbol: "BTC/USDT", kind: "book_resync" });
    expect(resyncs[0]!.kind === "book_resync" && resyncs[0]!.reason).toContain("sequence gap");
    await waitFor(() => snapshotsOf("BTC/USDT") === 2, 5_000, "BTC re-snapshot");
    expect(snapshotsOf("ETH/USDT")).toBe(1);
    const at = events.length;
    await waitFor(
      () => events.slice(at).filter((e) => e.kind === "book" && e.symbol === "BTC/USDT").length >= 5,
      5_000,
      "BTC deltas after the resync",
    );
  } finally {
    await handle.close();
    await station.close();
  }
});
