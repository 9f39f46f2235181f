// A persisted capture against the simulator with the socket dropped mid-stream: every trade the venue made lands in
// the day files exactly once (live or backfilled), klines are healed to the venue's bars, the book replays from its
// files (snapshots via their anchors, every delta chained), and only the book's outage is a gap.

import { afterAll, beforeAll, expect, test } from "bun:test";
import { type Sim, startSim } from "../../test/sim/index.ts";
import { createBookSync } from "../book/index.ts";
import type { BookEvent } from "../core/index.ts";
import { bookRulesOf } from "../exchanges/_shared/adapter.ts";
import { findExchange } from "../exchanges/index.ts";
import {
  type BookRecord,
  type GapRecord,
  hashFnv1a64Hex,
  isSnapshotAnchor,
  type KlineRecord,
  type TradeRecord,
  tradeIdHashHexOf,
} from "../records/index.ts";
import {
  buildStation,
  collect,
  createTempRoot,
  listSentTradeIds,
  readSeries,
  tradesOf,
  waitFor,
} from "./testdata/helpers.ts";

let sim: Sim;
let temp: ReturnType<typeof createTempRoot>;

beforeAll(async () => {
  sim = await startSim({ venue: "binance", tickMs: 20, seed: 5 });
  temp = createTempRoot();
});

afterAll(async () => {
  await sim.close();
  temp.remove();
});

const SYMBOLS = [
  { symbol: "BTC/USDT", native: "BTCUSDT" },
  { symbol: "ETH/USDT", native: "ETHUSDT" },
];

test("drop mid-capture: trades exactly once, klines healed, the book's outage is the only gap", async () => {
  const diagnostics: string[] = [];
  const station = buildStation(sim, diagnostics)
    .storageRoot(temp.root)
    .persistence(true)
    .gapHeal({ settleMs: 300 })
    .build();
  const report = await station.subscribe(
    SYMBOLS.flatMap(({ symbol }) => [
      { exchange: "binance", kind: "trade" as const, symbol },
      { exchange: "binance", kind: "kline" as const, interval: "1s", symbol },
      { exchange: "binance", kind: "book" as const, symbol },
    ]),
  );
  expect(report.failed).toEqual([]);
  expect(report.ok.length).toBe(6);
  const events = collect(report.handle);
  const isSnapshot = (symbol: string) => (e: (typeof events)[number]) =>
    e.kind === "book" && e.type === "snapshot" && e.symbol === symbol;
  try {
    await waitFor(
      () =>
        SYMBOLS.every(
          ({ symbol }) => tradesOf(events, symbol).length >= 40 && events.some(isSnapshot(symbol)),
        ),
      "trades and book snapshots before the drop",
    );
    // Across a second boundary so a 1 s bar closes while the socket is down.
    await Bun.sleep(1000 - (Date.now() % 1000));
    const at = events.length;
    sim.faults.dropNow();
    await waitFor(() => events.filter((e) => e.kind === "reconnect").length >= 6, "a reconnect per stream");
    await waitFor(
      () =>
        SYMBOLS.every(
          ({ symbol }) =>
            events.slice(at).filter(isSnapshot(symbol)).length >= 1 &&
            tradesOf(events.slice(at), symbol).filter((e) => e.origin === undefined).length >= 40,
        ),
      "new snapshots and live trades after the reconnect",
    );
    await Bun.sleep(1100);
  } finally {
    await report.handle.close();
    await station.close();
  }

  const backfilled = tradesOf(events).filter((e) => e.origin === "backfill").length;
  expect(backfilled).toBeGreaterThan(0);
  expect(events.some((e) => e.kind === "kline" && e.origin === "backfill")).toBe(true);
  expect(diagnostics.some((d) => d.startsWith("backfill: "))).toBe(true);

  for (const { symbol, native } of SYMBOLS) {
    // Trades: the file holds one contiguous run of venue ids, each once, and every sent frame in that run.
    const stream = `${native.toLowerCase()}@trade`;
    const records = await readSeries<TradeRecord>(temp.root, "trades", native);
    const hashes = records.map(tradeIdHashHexOf);
    expect(new Set(hashes).size).toBe(hashes.length);
    const sent = listSentTradeIds(sim, stream);
    const idOfHash = new Map(sent.map((id) => [hashFnv1a64Hex(String(id)), id]));
    const firstId = idOfHash.get(hashes[0]!)!;
    const lastId = idOfHash.get(hashes[hashes.length - 1]!)!;
    expect(firstId).toBeDefined();
    expect(lastId).toBeDefined();
    const expected = Array.from({ length: lastId - firstId + 1 }, (_, i) =>
      hashFnv1a64Hex(String(firstId + i)),
    );
    expect(hashes).toEqual(expected);
    // The events the consumer saw are the same trades in the same order.
    expect(tradesOf(events, symbol).map((e) => hashFnv1a64Hex(e.tradeId))).toEqual(hashes);

    // Klines: last write per open time equals the venue's bars; every second is there.
    const bars = new Map<number, KlineRecord>();
    for (const record of await readSeries<KlineRecord>(temp.root, "klines_1s", native))
      bars.set(record.openTimeMs, record);
    const opens = [...bars.keys()].sort((a, b) => a - b);
    const closedOpens = opens.slice(0, -1);
    expect(closedOpens.length).toBeGreaterThanOrEqual(2);
    for (let i = 1; i < opens.length; i++) expect(opens[i]! - opens[i - 1]!).toBe(1000);
    const url = `${sim.restUrl}/api/v3/klines?symbol=${native}&interval=1s&startTime=${opens[0]}&endTime=${closedOpens.at(-1)}&limit=1000`;
    const rows = (await (await fetch(url)).json()) as unknown[][];
    expect(rows.map((row) => row[0])).toEqual(closedOpens);
    for (const row of rows) {
      const bar = bars.get(row[0] as number)!;
      expect([bar.open, bar.high, bar.low, bar.close, bar.volume]).toEqual(row.slice(1, 6).map(Number));
      expect(bar.trades).toBe(row[8] as number);
    }

    // Book: the deltas file replays through the venue's sync rules with its snapshots, without a single resync.
    const deltas = await readSeries<BookRecord>(temp.root, "orderbook_deltas", native);
    const snapshots = await readSeries<BookRecord>(temp.root, "orderbook_snapshots", native);
    const sync = createBookSync(bookRulesOf(findExchange("binance"), "spot"));
    const base = {
      kind: "book" as const,
      exchange: "binance",
      account: "spot" as const,
      symbol,
      recvTsUs: 0,
    };
    let anchors = 0;
    for (const record of deltas) {
      let event: BookEvent;
      if (isSnapshotAnchor(record)) {
        const snapshot = snapshots[anchors++]!;
        expect(snapshot.tsMs).toBe(record.tsMs);
        sync.reset();
        event = {
          ...base,
          tsMs: record.tsMs,
          type: "snapshot",
          bids: snapshot.bids,
          asks: snapshot.asks,
          seq: record.seq!,
        };
      } else {
        event = {
          ...base,
          tsMs: record.tsMs,
          type: "delta",
          bids: record.bids,
          asks: record.asks,
          seq: record.seq!,
          firstSeq: record.firstSeq!,
        };
      }
      expect(sync.onEvent(event).action).toBe("emit");
    }
    expect(anchors).toBe(snapshots.length);
    expect(anchors).toBeGreaterThanOrEqual(2);
    expect(sync.stats.resyncs).toBe(0);

    // Gaps: the book's outage, nothing for trades or klines.
    const gaps = await readSeries<GapRecord>(temp.root, "gaps", native);
    expect(gaps.filter((gap) => gap.stream === "book" && gap.reason === "disconnect").length).toBe(1);
    expect(gaps.filter((gap) => gap.stream !== "book")).toEqual([]);
    const gapEvent = events.find((e) => e.kind === "gap" && e.symbol === symbol);
    expect(gapEvent).toMatchObject({ stream: "book", reason: "disconnect" });
  }
}, 20_000);
