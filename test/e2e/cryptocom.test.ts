// The CLI end to end against the Crypto.com simulator: the spot tape and the perpetual's ladder as NDJSON (snapshot
// from the stream, deltas chained by u/pu, never crossed), the mark price paired with its index, and at the library
// level a skipped delta and a dropped socket that each resync the book from a fresh stream snapshot, with the
// server's heartbeats answered by public/respond-heartbeat.

import { describe, expect, test } from "bun:test";
import { waitFor } from "./run-cli.ts";
import {
  chainsByPrevSeq,
  expectPrevSeqChainAcrossResyncs,
  expectRefused,
  useVenueSim,
  withStation,
} from "./venue-kit.ts";

/** The CLI runs, started together so the venue's suite stays short (each waits 1 s before subscribing). */
const cryptocom = useVenueSim({
  venue: "cryptocom",
  seed: 7,
  watches: {
    trades: "trades cryptocom BTC_USDT --duration 2",
    book: "orderbook cryptocom BTC/USD:USD --account linear --duration 2",
    mark: "mark cryptocom ETHUSD-PERP --account linear --duration 2",
  },
});

describe("dig3 watch against cryptocom", () => {
  test("trades --json: the simulator's trades, oldest first, taker side from `s`, ids as text", async () => {
    await cryptocom.expectTape("trades", {
      account: "spot",
      symbol: "BTC/USDT",
      stream: "trade.BTC_USDT",
      rowsOf: (frame: { d: string; s: string; p: string; q: string; t: number }[]) => frame,
      idOf: (row) => row.d,
      ids: "rising",
      // Trades from before the subscription (the venue's last-50 on subscribe) are not in the live ground truth.
      withHistory: true,
      reported: (row) => ({
        side: row.s.toLowerCase(),
        price: Number(row.p),
        size: Number(row.q),
        tsMs: row.t,
      }),
    });
  });

  test("orderbook --json: the stream's snapshot first, every delta chains by pu, no resync, never crossed", async () => {
    // More than 10 book events, at most 50 levels a side.
    await cryptocom.expectBook("book", {
      account: "linear",
      symbol: "BTC/USD:USD",
      chain: (book, step) => {
        chainsByPrevSeq(book, step);
        expect(book.seq as number).toBeGreaterThanOrEqual(step.lastSeq);
        expect(book).not.toHaveProperty("checksum");
      },
      deltasAbove: 9,
      maxLevelsPerSide: 50,
    });
  });

  test("mark --json on the perpetual: mark.* values, paired with index.ETHUSD-INDEX", async () => {
    const events = await cryptocom.expectEvents(
      "mark",
      { kind: "mark_price", account: "linear", symbol: "ETH/USD:USD" },
      3,
    );
    const valuesOf = (stream: string) =>
      new Set((cryptocom.sim.sentFrames(stream, "linear").flat() as { v: string }[]).map((m) => Number(m.v)));
    const marks = valuesOf("mark.ETHUSD-PERP");
    const indexes = valuesOf("index.ETHUSD-INDEX");
    for (const event of events) {
      expect(marks.has(event.markPrice as number)).toBe(true);
      expect(indexes.has(event.indexPrice as number)).toBe(true);
    }
  });

  test("aggregate trades are wire-absent, with the alternative named (exit 2)", async () => {
    expectRefused(await cryptocom.cli("watch agg-trades cryptocom BTC_USDT"), "use trades");
  });
});

test("library: a skipped delta and a dropped socket each resync the book from a new stream snapshot", async () => {
  const { sim } = cryptocom;
  const requests = [
    { exchange: "cryptocom", account: "spot" as const, kind: "book" as const, symbol: "ETH/USDT" },
  ];
  await withStation(sim.env("spot"), requests, async (events) => {
    const snapshots = () => events.filter((e) => e.kind === "book" && e.type === "snapshot").length;
    await waitFor(() => snapshots() >= 1, 5_000, "first snapshot");
    await waitFor(() => events.filter((e) => e.kind === "book").length >= 5, 5_000, "deltas");
    sim.faults.skipBookUpdate("ETH_USDT", "spot");
    await waitFor(() => snapshots() >= 2, 5_000, "snapshot after the gap");
    sim.faults.dropNow();
    await waitFor(() => snapshots() >= 3, 8_000, "snapshot after the reconnect");
    const at = events.findLastIndex((e) => e.kind === "book" && e.type === "snapshot");
    await waitFor(
      () => events.slice(at).filter((e) => e.kind === "book").length >= 5,
      5_000,
      "deltas after it",
    );
    // The server's heartbeats (every 50 ticks here) were answered with public/respond-heartbeat and the same id.
    await waitFor(
      () =>
        sim.stats.clientFrames.some((frame) =>
          /^\{"id":\d+,"method":"public\/respond-heartbeat"\}$/.test(frame),
        ),
      3_000,
      "a heartbeat answer",
    );

    const resyncs = events.filter((e) => e.kind === "book_resync");
    expect(resyncs).toHaveLength(2);
    expect(resyncs[0]!.kind === "book_resync" && resyncs[0]!.reason).toStartWith("sequence gap");
    expect(resyncs[1]!.kind === "book_resync" && resyncs[1]!.reason).toStartWith("reconnected");
    // After every snapshot each delta chains from the one before.
    expectPrevSeqChainAcrossResyncs(events);
    // Each resync subscribed the channel again (on a fresh socket, as it was the socket's only stream), with a nonce.
    const bookFrames = sim.stats.clientFrames.filter((frame) => frame.includes("book.ETH_USDT.50"));
    expect(
      sim.stats.subscribeFrames.filter((frame) => frame.includes("book.ETH_USDT.50")).length,
    ).toBeGreaterThanOrEqual(3);
    for (const frame of bookFrames) expect(JSON.parse(frame).nonce).toBeGreaterThan(0);
  });
}, 30_000);
