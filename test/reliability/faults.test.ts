// Venue faults through the simulator, one scripted run per venue (all venues concurrently): drops every N frames,
// silence past the watchdog, garbage frames, skipped sequence numbers, corrupted checksums, REST 429/5xx storms and
// slow REST. Figures per venue against the simulator's ground truth; no crossed book may ever be emitted.

import { afterAll, expect, test } from "bun:test";
import type { Level, MarketEvent } from "../../src/core/index.ts";
import { Station } from "../../src/station/index.ts";
import { type Sim, type SimVenueId, startSim } from "../sim/index.ts";

interface VenueCase {
  venue: SimVenueId;
  /** Canonical symbols: trades and a book on the first, a book on the second. */
  tradeSymbol: string;
  otherSymbol: string;
  /** Ground-truth stream of the trades and a trade id reader for its payload (absent: losses not counted). */
  tradeStream?: string;
  tradeIdsOf?(payload: unknown): string[];
  /** Venue-native symbol of `otherSymbol` for the book faults. */
  faultedNative: string;
  hasChecksum: boolean;
  /** A known bug keeps this fault out of the run (see the test.todo below and RESULTS.md). */
  skipSilence?: boolean;
  skipRestStorms?: boolean;
  /** By design (connection-wide sequence): a frame lost on the socket resyncs every book on it. */
  mayResyncBoth?: boolean;
  /** Finding, not enforced: the skipped update is not flagged; the silence watchdog resubscribes the book instead. */
  mayMissSkippedUpdate?: boolean;
}

const rowsOf = (payload: unknown): unknown[] =>
  Array.isArray((payload as { data?: unknown }).data) ? (payload as { data: unknown[] }).data : [payload];

const ALL_VENUE_CASES: VenueCase[] = [
  {
    venue: "binance",
    tradeSymbol: "BTC/USDT",
    otherSymbol: "ETH/USDT",
    tradeStream: "btcusdt@trade",
    tradeIdsOf: (payload) => [String((payload as { t: number }).t)],
    faultedNative: "ETHUSDT",
    hasChecksum: false,
  },
  {
    venue: "okx",
    tradeSymbol: "BTC/USDT",
    otherSymbol: "ETH/USDT",
    tradeStream: "trades-all:BTC-USDT",
    tradeIdsOf: (payload) => rowsOf(payload).map((row) => String((row as { tradeId: string }).tradeId)),
    faultedNative: "ETH-USDT",
    hasChecksum: true,
  },
  {
    venue: "kraken",
    tradeSymbol: "BTC/USD",
    otherSymbol: "ETH/USD",
    tradeStream: "trade:BTC/USD",
    tradeIdsOf: (payload) => rowsOf(payload).map((row) => String((row as { trade_id: number }).trade_id)),
    faultedNative: "ETH/USD",
    hasChecksum: true,
  },
  {
    venue: "bybit",
    tradeSymbol: "BTC/USDT",
    otherSymbol: "ETH/USDT",
    tradeStream: "publicTrade.BTCUSDT",
    tradeIdsOf: (payload) => rowsOf(payload).map((row) => String((row as { i: string }).i)),
    faultedNative: "ETHUSDT",
    hasChecksum: false,
  },
  {
    venue: "bitfinex",
    tradeSymbol: "BTC/USD",
    otherSymbol: "ETH/USD",
    tradeStream: "trades:tBTCUSD",
    tradeIdsOf: (payload) =>
      Array.isArray((payload as unknown[])[0])
        ? (payload as number[][]).map((row) => String(row[0]))
        : [String((payload as number[])[0])],
    faultedNative: "tETHUSD",
    hasChecksum: true,
    mayResyncBoth: true,
  },
  // Venues below: faults and book checks only; trade losses against ground truth are not counted yet.
  ...(
    [
      ["gateio", "BTC/USDT", "ETH/USDT", "ETH_USDT", false, {}],
      ["bitget", "BTC/USDT", "ETH/USDT", "ETHUSDT", true, {}],
      ["coinbase", "BTC/USD", "ETH/USD", "ETH-USD", false, { mayMissSkippedUpdate: true }],
      ["htx", "BTC/USDT", "ETH/USDT", "ethusdt", false, {}],
      ["cryptocom", "BTC/USDT", "ETH/USDT", "ETH_USDT", false, {}],
    ] as const
  ).map(([venue, tradeSymbol, otherSymbol, faultedNative, hasChecksum, flags]) => ({
    ...flags,
    venue,
    tradeSymbol,
    otherSymbol,
    faultedNative,
    hasChecksum,
  })),
];

/** DIG3_FAULT_VENUES=binance,okx narrows the run while investigating. */
const VENUE_CASES = process.env.DIG3_FAULT_VENUES
  ? ALL_VENUE_CASES.filter((venueCase) => process.env.DIG3_FAULT_VENUES!.split(",").includes(venueCase.venue))
  : ALL_VENUE_CASES;

interface FaultFigures {
  venue: string;
  reconnects: number;
  resyncs: Record<string, number>;
  resyncReasons: Set<string>;
  stallsMs: Record<string, number>;
  bookFaultResyncSymbols: Set<string>;
  backfilled: number;
  gaps: number;
  tradesSent: number | undefined;
  tradesReceived: number;
  tradesLost: number | undefined;
  crossed: number;
  restCalls: number;
}

/** A consumer-side L2 book per symbol; counts every emitted state where best bid ≥ best ask. */
function createCrossWatch() {
  const books = new Map<string, { bids: Map<number, number>; asks: Map<number, number> }>();
  let crossed = 0;
  const apply = (side: Map<number, number>, levels: Level[]) => {
    for (const [price, size] of levels) {
      if (size === 0) side.delete(price);
      else side.set(price, size);
    }
  };
  return {
    get crossed() {
      return crossed;
    },
    see(event: MarketEvent): void {
      if (event.kind === "book_resync") books.delete(event.symbol);
      if (event.kind !== "book") return;
      let book = books.get(event.symbol);
      if (event.type === "snapshot" || !book) {
        book = { bids: new Map(), asks: new Map() };
        books.set(event.symbol, book);
      }
      apply(book.bids, event.bids);
      apply(book.asks, event.asks);
      if (book.bids.size === 0 || book.asks.size === 0) return;
      if (Math.max(...book.bids.keys()) >= Math.min(...book.asks.keys())) crossed++;
    },
  };
}

/** Resyncs every reconnect or silence causes, as opposed to a detected book fault (gap, checksum, crossing). */
function isBenignResync(reason: string): boolean {
  return /^(reconnect|no update|silence|resubscri)/.test(reason);
}

async function waitFor(isDone: () => boolean, timeoutMs: number): Promise<boolean> {
  const until = Date.now() + timeoutMs;
  while (!isDone()) {
    if (Date.now() > until) return false;
    await Bun.sleep(20);
  }
  return true;
}

/** Trades the simulator sent between the first and the last one received that never reached the consumer. */
function countLostTrades(sentIds: string[], receivedIds: Set<string>): number {
  let first = sentIds.findIndex((id) => receivedIds.has(id));
  let last = sentIds.findLastIndex((id) => receivedIds.has(id));
  if (first < 0) return sentIds.length;
  let lost = 0;
  for (; first <= last; first++) if (!receivedIds.has(sentIds[first]!)) lost++;
  last = 0;
  return lost + last;
}

async function runFaultScript(sim: Sim, venueCase: VenueCase): Promise<FaultFigures> {
  const station = Station.builder()
    .hub({
      env: sim.env("spot"),
      ws: { backoff: { initialMs: 20, maxMs: 100 }, connectTimeoutMs: 1_000 },
      http: { retries: 2 },
    })
    .gapHeal({ silenceMs: { trade: 600, book: 600 }, settleMs: 300 })
    .onDiagnostic((diagnostic) => {
      if (process.env.DIG3_FAULT_TRACE)
        console.log(`${venueCase.venue} ${Date.now() % 100_000} ${JSON.stringify(diagnostic).slice(0, 240)}`);
    })
    .build();
  const { failed, handle } = await station.subscribe([
    { exchange: venueCase.venue, kind: "trade", symbol: venueCase.tradeSymbol },
    { exchange: venueCase.venue, kind: "book", symbol: venueCase.tradeSymbol },
    { exchange: venueCase.venue, kind: "book", symbol: venueCase.otherSymbol },
  ]);
  expect(failed).toEqual([]);
  const events: MarketEvent[] = [];
  const crossWatch = createCrossWatch();
  const pump = (async () => {
    for await (const event of handle) {
      events.push(event);
      crossWatch.see(event);
    }
  })();
  const count = (kind: string) => events.filter((event) => event.kind === kind).length;
  const tradesNow = () => count("trade");
  const stallsMs: Record<string, number> = {};
  /** Symbols resynced for a book fault during the book-fault steps: must be the faulted symbol alone. */
  const bookFaultResyncSymbols = new Set<string>();
  const trace = (label: string) => {
    if (process.env.DIG3_FAULT_TRACE) console.log(`${venueCase.venue} ${label} at ${tradesNow()} trades`);
  };
  const step = async (label: string, act: () => void, settleMs = 500) => {
    const atMs = Date.now();
    const fromEvent = events.length;
    trace(label);
    act();
    await Bun.sleep(settleMs);
    const before = tradesNow();
    // Each fault must be followed by live trades again before the next one (heals wait behind REST rate limits).
    if (!(await waitFor(() => tradesNow() > before + 3, 15_000))) {
      const framesBefore = sim.stats.framesSent;
      const eventsBefore = events.length;
      await Bun.sleep(1_000);
      throw new Error(
        `stalled: ${sim.stats.framesSent - framesBefore} frames sent and ${events.length - eventsBefore} events emitted in 1 s; ` +
          `no trades 15 s after ${label} (sim: ${sim.stats.connections} connections, ${sim.stats.openConnections} open, last REST ${sim.stats.restCalls.at(-1)}, last client frames ${sim.stats.clientFrames.slice(-2).join(" ")})`,
      );
    }
    stallsMs[label] = Date.now() - atMs;
    if (label === "skipBookUpdate" || label === "corruptChecksum")
      for (const event of events.slice(fromEvent))
        if (event.kind === "book_resync" && !isBenignResync(event.reason))
          bookFaultResyncSymbols.add(event.symbol);
  };
  try {
    if (!(await waitFor(() => tradesNow() >= 5 && count("book") >= 4, 5_000)))
      throw new Error(`${venueCase.venue}: no data at start`);
    await step("dropNow", () => sim.faults.dropNow());
    await step("dropAfterFrames(40)", () => sim.faults.dropAfterFrames(40), 800);
    await step("sendGarbage(3)", () => sim.faults.sendGarbage(3));
    await step("skipBookUpdate", () => sim.faults.skipBookUpdate(venueCase.faultedNative, "spot"));
    if (venueCase.hasChecksum)
      await step("corruptChecksum", () => sim.faults.corruptChecksum(venueCase.faultedNative, "spot"));
    if (!venueCase.skipSilence) await step("silence(1200)", () => sim.faults.silence(1_200), 1_500);
    if (!venueCase.skipRestStorms)
      await step("429 storm + drop", () => {
        sim.faults.restStatus(429, 3, 0);
        sim.faults.dropNow();
      });
    if (!venueCase.skipRestStorms)
      await step("500 storm + drop", () => {
        sim.faults.restStatus(500, 3);
        sim.faults.dropNow();
      });
    if (!venueCase.skipRestStorms)
      await step(
        "slow REST + drop",
        () => {
          sim.faults.restDelay(400);
          sim.faults.dropNow();
        },
        900,
      );
    sim.faults.clear();
    await Bun.sleep(1_000);
  } finally {
    await handle.close();
    await station.close();
    await pump;
  }
  const sentIds =
    venueCase.tradeStream && venueCase.tradeIdsOf
      ? sim.sentFrames(venueCase.tradeStream, "spot").flatMap(venueCase.tradeIdsOf)
      : undefined;
  const trades = events.filter((event) => event.kind === "trade");
  const receivedIds = new Set(trades.map((event) => (event.kind === "trade" ? event.tradeId : "")));
  // Resyncs for a book fault (gap, checksum, crossing), as opposed to the ones every reconnect or silence causes.
  const resyncs: Record<string, number> = {};
  const resyncReasons = new Set<string>();
  for (const event of events) {
    if (event.kind !== "book_resync") continue;
    resyncReasons.add(event.reason.replace(/[0-9]+/g, "#").slice(0, 60));
    if (isBenignResync(event.reason)) continue;
    resyncs[event.symbol] = (resyncs[event.symbol] ?? 0) + 1;
  }
  return {
    venue: venueCase.venue,
    reconnects: count("reconnect"),
    resyncs,
    resyncReasons,
    stallsMs,
    bookFaultResyncSymbols,
    backfilled: trades.filter((event) => event.origin === "backfill").length,
    gaps: count("gap"),
    tradesSent: sentIds?.length,
    tradesReceived: trades.length,
    tradesLost: sentIds ? countLostTrades(sentIds, receivedIds) : undefined,
    crossed: crossWatch.crossed,
    restCalls: sim.stats.restCalls.length,
  };
}

const sims: Sim[] = [];
afterAll(async () => {
  await Promise.all(sims.map((sim) => sim.close()));
});

test(`faults on ${VENUE_CASES.length} venues: trades backfilled, faulted books alone resynced, never crossed`, {
  timeout: 50_000,
}, async () => {
  const results = await Promise.all(
    VENUE_CASES.map(async (venueCase, i) => {
      const sim = await startSim({ venue: venueCase.venue, tickMs: 20, seed: 100 + i });
      sims.push(sim);
      return runFaultScript(sim, venueCase).catch((error: unknown) => error as Error);
    }),
  );
  const failures: string[] = [];
  for (const [i, result] of results.entries()) {
    const venueCase = VENUE_CASES[i]!;
    if (result instanceof Error) {
      console.log(`faults ${venueCase.venue}: FAILED ${result.message}`);
      failures.push(`${venueCase.venue}: ${result.message}`);
      continue;
    }
    console.log(
      `faults ${result.venue}: reconnects ${result.reconnects}, fault resyncs ${JSON.stringify(result.resyncs)} (during book faults: ${[...result.bookFaultResyncSymbols]}), ` +
        `backfilled ${result.backfilled}, gaps ${result.gaps}, trades sent ${result.tradesSent ?? "n/a"} received ` +
        `${result.tradesReceived} lost ${result.tradesLost ?? "n/a"}, crossed ${result.crossed}, REST calls ${result.restCalls}, ` +
        `slowest recovery ${Math.max(...Object.values(result.stallsMs))} ms; resync reasons: ${[...result.resyncReasons].join(" | ")}`,
    );
    if (result.crossed > 0) failures.push(`${result.venue}: ${result.crossed} crossed books emitted`);
    if ((result.tradesLost ?? 0) > 0) failures.push(`${result.venue}: ${result.tradesLost} trades lost`);
    if (!venueCase.mayMissSkippedUpdate && !result.bookFaultResyncSymbols.has(venueCase.otherSymbol))
      failures.push(`${result.venue}: skipped update on ${venueCase.otherSymbol} not detected`);
    if (
      !venueCase.mayResyncBoth &&
      [...result.bookFaultResyncSymbols].some((symbol) => symbol !== venueCase.otherSymbol)
    )
      failures.push(
        `${result.venue}: ${[...result.bookFaultResyncSymbols]} resynced for a fault on ${venueCase.otherSymbol}`,
      );
    if (result.reconnects < 4) failures.push(`${result.venue}: only ${result.reconnects} reconnect events`);
  }
  expect(failures).toEqual([]);
});
