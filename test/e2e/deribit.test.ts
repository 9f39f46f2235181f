// The CLI end to end against the Deribit simulator: the inverse perpetual's tape and the spot ladder as NDJSON
// (snapshot from the stream, changes chained by prev_change_id, never crossed), funding from the ticker, and at the
// library level a skipped change and a dropped socket that each resync the book from a fresh stream snapshot, with
// the server's test_request heartbeats answered by public/test.

import { describe, expect, test } from "bun:test";
import { waitFor } from "./run-cli.ts";
import {
  chainsByPrevSeq,
  expectPrevSeqChainAcrossResyncs,
  expectRefused,
  useVenueSim,
  withRisingSeq,
  withStation,
} from "./venue-kit.ts";

const deribit = useVenueSim({
  venue: "deribit",
  seed: 7,
  watches: {
    trades: "trades deribit BTC-PERPETUAL --account inverse --duration 2",
    book: "orderbook deribit BTC/USDC --duration 2",
    funding: "funding deribit BTC/USDC:USDC --account linear --duration 2",
  },
});

describe("dig3 watch against deribit", () => {
  test("trades --json: the simulator's trades in trade_seq order, taker side from `direction`", async () => {
    await deribit.expectTape("trades", {
      account: "inverse",
      symbol: "BTC/USD:BTC",
      stream: "trades.BTC-PERPETUAL.100ms",
      rowsOf: (frame: { trade_id: string; direction: string; price: number; amount: number }[]) => frame,
      idOf: (row) => row.trade_id,
      ids: "rising",
      reported: (row) => ({ side: row.direction, price: row.price, size: row.amount }),
    });
  });

  test("orderbook --json: the stream's snapshot first, every change chains, no resync, never crossed", async () => {
    // More than 20 book events: the snapshot and 20 changes at least.
    await deribit.expectBook("book", {
      account: "spot",
      symbol: "BTC/USDC",
      chain: withRisingSeq(chainsByPrevSeq),
      deltasAbove: 19,
    });
  });

  test("funding on the linear perpetual: funding_8h from the ticker channel", async () => {
    const events = await deribit.expectEvents(
      "funding",
      { kind: "funding_rate", account: "linear", symbol: "BTC/USDC:USDC" },
      3,
    );
    const rates = new Set(
      (deribit.sim.sentFrames("ticker.BTC_USDC-PERPETUAL.100ms", "linear") as { funding_8h: number }[]).map(
        (t) => t.funding_8h,
      ),
    );
    for (const event of events) expect(rates.has(event.rate as number)).toBe(true);
  });

  test("aggregate trades are wire-absent, with the alternative named (exit 2)", async () => {
    expectRefused(
      await deribit.cli("watch agg-trades deribit BTC-PERPETUAL --account inverse", "inverse"),
      "use trades",
    );
  });
});

test("library: a skipped change and a dropped socket each resync the book from a new stream snapshot", async () => {
  const { sim } = deribit;
  const requests = [
    { exchange: "deribit", account: "inverse" as const, kind: "book" as const, symbol: "ETH-PERPETUAL" },
  ];
  await withStation(sim.env("inverse"), requests, async (events) => {
    const snapshots = () => events.filter((e) => e.kind === "book" && e.type === "snapshot").length;
    await waitFor(() => snapshots() >= 1, 5_000, "first snapshot");
    await waitFor(() => events.filter((e) => e.kind === "book").length >= 5, 5_000, "changes");
    sim.faults.skipBookUpdate("ETH-PERPETUAL", "inverse");
    await waitFor(() => snapshots() >= 2, 5_000, "snapshot after the gap");
    sim.faults.dropNow();
    await waitFor(() => snapshots() >= 3, 5_000, "snapshot after the reconnect");
    const at = events.findLastIndex((e) => e.kind === "book" && e.type === "snapshot");
    await waitFor(
      () => events.slice(at).filter((e) => e.kind === "book").length >= 5,
      5_000,
      "changes after it",
    );
    // The server's test_request heartbeats (every 50 ticks here) were answered with public/test.
    await waitFor(
      () =>
        sim.stats.clientFrames.some(
          (frame) => frame.includes('"public/test"') && frame.includes("9000000001"),
        ),
      3_000,
      "a public/test answer",
    );

    const resyncs = events.filter((e) => e.kind === "book_resync");
    expect(resyncs).toHaveLength(2);
    expect(resyncs[0]!.kind === "book_resync" && resyncs[0]!.reason).toStartWith("sequence gap");
    expect(resyncs[1]!.kind === "book_resync" && resyncs[1]!.reason).toStartWith("reconnected");
    // After every snapshot each change chains from the one before.
    expectPrevSeqChainAcrossResyncs(events);
    // set_heartbeat went out again with the replayed subscription after the reconnect.
    expect(
      sim.stats.clientFrames.filter((frame) => frame.includes('"public/set_heartbeat"')).length,
    ).toBeGreaterThanOrEqual(2);
  });
});
