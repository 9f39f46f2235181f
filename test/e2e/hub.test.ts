// The hub against the simulator: streams spread over several sockets past the venue's per-socket limit, shared
// wire channels subscribed once and released with their last stream, REST-polled streams, typed REST.

import { afterAll, beforeAll, expect, test } from "bun:test";
import type { MarketEvent } from "../../src/core/index.ts";
import { binance } from "../../src/exchanges/binance/index.ts";
import { ExchangeHub } from "../../src/hub/index.ts";
import { type Sim, startSim } from "../sim/index.ts";
import { waitFor } from "./run-cli.ts";

let sim: Sim;

beforeAll(async () => {
  sim = await startSim({ venue: "binance", tickMs: 20, seed: 5 });
});

afterAll(async () => {
  await sim.close();
});

function hubFor(
  account: "spot" | "linear",
  extra: ConstructorParameters<typeof ExchangeHub>[0] = {},
): ExchangeHub {
  return new ExchangeHub({ env: sim.env(account), ws: { backoff: { initialMs: 50, maxMs: 200 } }, ...extra });
}

test("past the per-socket stream limit, streams are sharded over more sockets", async () => {
  const tight = { ...binance, ws: { ...binance.ws, maxStreamsPerSocket: 2 } };
  const hub = hubFor("spot", { adapters: [tight] });
  const seen = new Map<string, number>();
  const count = (event: MarketEvent) => seen.set(event.symbol, (seen.get(event.symbol) ?? 0) + 1);
  const before = sim.stats.openConnections;
  try {
    for (const symbol of ["BTC/USDT", "ETH/USDT", "BNB/BTC"]) {
      await hub.subscribe({ exchange: "binance", account: "spot", kind: "trade", symbol }, count);
    }
    await waitFor(() => [...seen.values()].filter((n) => n >= 3).length === 3, 5_000, "trades on all three");
    expect(sim.stats.openConnections - before).toBe(2);
  } finally {
    await hub.shutdownAll();
  }
  await waitFor(() => sim.stats.openConnections === before, 3_000, "sockets closed on shutdown");
});

test("mark price and funding share one wire channel, released with the last of them", async () => {
  const hub = hubFor("linear");
  const events: MarketEvent[] = [];
  const framesBefore = sim.stats.subscribeFrames.length;
  try {
    const mark = await hub.subscribe(
      { exchange: "binance", account: "linear", kind: "mark_price", symbol: "BTC/USDT:USDT" },
      (e) => events.push(e),
    );
    const funding = await hub.subscribe(
      { exchange: "binance", account: "linear", kind: "funding_rate", symbol: "BTC/USDT:USDT" },
      (e) => events.push(e),
    );
    await waitFor(() => events.some((e) => e.kind === "funding_rate"), 5_000, "funding");
    await waitFor(() => events.some((e) => e.kind === "mark_price"), 5_000, "mark price");
    const frames = sim.stats.subscribeFrames.slice(framesBefore).join("\n");
    expect(frames.match(/btcusdt@markPrice@1s/g)?.length).toBe(1);
    mark.close();
    const at = events.length;
    await waitFor(
      () => events.slice(at).some((e) => e.kind === "funding_rate"),
      5_000,
      "funding after mark left",
    );
    expect(events.slice(at).every((e) => e.kind === "funding_rate")).toBe(true);
    funding.close();
  } finally {
    await hub.shutdownAll();
  }
});

test("open interest, which Binance offers only over REST, is polled", async () => {
  const hub = hubFor("linear");
  const events: MarketEvent[] = [];
  try {
    await hub.subscribe(
      { exchange: "binance", account: "linear", kind: "open_interest", symbol: "BTC/USDT:USDT" },
      (e) => events.push(e),
    );
    await waitFor(() => events.length > 0, 5_000, "open interest");
    expect(events[0]).toMatchObject({ kind: "open_interest", symbol: "BTC/USDT:USDT", account: "linear" });
  } finally {
    await hub.shutdownAll();
  }
});

test("typed REST resolves canonical and native symbols alike", async () => {
  const hub = hubFor("spot");
  try {
    const rest = hub.rest("binance");
    const [byCanonical, byNative] = await Promise.all([
      rest.ticker("spot", "BTC/USDT"),
      rest.ticker("spot", "btcusdt"),
    ]);
    expect(byCanonical.symbol).toBe("BTC/USDT");
    expect(byNative.symbol).toBe("BTC/USDT");
    const book = await rest.book("spot", "BTC-USDT", 50);
    expect(book.type).toBe("snapshot");
    expect(book.bids[0]![0]).toBeLessThan(book.asks[0]![0]);
    const klines = await rest.klines("spot", "BTC/USDT", { interval: "1m", limit: 5 });
    expect(klines.length).toBe(5);
    await expect(rest.ticker("spot", "NOPE/USDT")).rejects.toMatchObject({ code: "E_UNKNOWN_SYMBOL" });
    await expect(hub.rest("binance").fundingHistory("spot", "BTC/USDT")).rejects.toMatchObject({
      code: "E_WIRE_ABSENT",
    });
  } finally {
    await hub.shutdownAll();
  }
});
