// The CLI end to end against the HTX simulator: spot trades, the spot MBP ladder (refresh image first, deltas chained
// by prevSeqNum), the USDT-margined ladder (version +1) and funding, server pings answered; at the library level a
// skipped update and a dropped socket each resync the book from a fresh image or snapshot.

import { describe, expect, test } from "bun:test";
import { waitFor } from "./run-cli.ts";
import {
  chainsByPlusOne,
  chainsByPrevSeq,
  expectPrevSeqChainAcrossResyncs,
  expectRefused,
  useVenueSim,
  withRisingSeq,
  withStation,
} from "./venue-kit.ts";

const htx = useVenueSim({
  venue: "htx",
  seed: 7,
  watches: {
    trades: "trades htx BTC/USDT --duration 2",
    book: "orderbook htx BTCUSDT --duration 2",
    linearBook: "orderbook htx BTC/USDT:USDT --account linear --duration 2",
    funding: "funding htx ETH-USDT --account linear --duration 2",
  },
});

describe("dig3 watch against htx", () => {
  test("trades --json: the simulator's trades, ids from `tradeId`, taker side from `direction`", async () => {
    await htx.expectTape("trades", {
      account: "spot",
      symbol: "BTC/USDT",
      stream: "market.btcusdt.trade.detail",
      rowsOf: (frame: {
        tick: { data: { tradeId: number; direction: string; price: number; amount: number }[] };
      }) => frame.tick.data,
      idOf: (row) => String(row.tradeId),
      ids: "rising",
      reported: (row) => ({ side: row.direction, price: row.price, size: row.amount }),
    });
  });

  test("orderbook --json (spot): the refresh image first, every delta chained by prevSeqNum, never crossed", async () => {
    // More than 20 book events: the image and 20 deltas at least.
    const { events } = await htx.expectBook("book", {
      account: "spot",
      symbol: "BTC/USDT",
      chain: withRisingSeq(chainsByPrevSeq),
      deltasAbove: 19,
    });
    // The ladder follows the simulator's pushes: every delta is one the venue sent.
    const sentSeqs = new Set(
      (htx.sim.sentFrames("market.btcusdt.mbp.150", "spot") as { tick: { seqNum: number } }[]).map(
        (f) => f.tick.seqNum,
      ),
    );
    for (const book of events.filter((b) => b.kind === "book" && b.type === "delta"))
      expect(sentSeqs.has(book.seq as number)).toBe(true);
  });

  test("orderbook --json (USDT-margined): the snapshot pushed on subscribe, then version +1 per push", async () => {
    await htx.expectBook("linearBook", {
      account: "linear",
      symbol: "BTC/USDT:USDT",
      chain: chainsByPlusOne,
      deltasAbove: 19,
    });
  });

  test("funding on the USDT-margined perpetual, from the notification topic", async () => {
    const events = await htx.expectEvents("funding", {
      kind: "funding_rate",
      account: "linear",
      symbol: "ETH/USDT:USDT",
    });
    const truth = new Set(
      (
        htx.sim.sentFrames("public.ETH-USDT.funding_rate", "linear") as { data: { funding_rate: string }[] }[]
      ).map((frame) => Number(frame.data[0]!.funding_rate)),
    );
    for (const event of events) {
      expect(truth.has(event.rate as number)).toBe(true);
      expect(event.nextFundingTsMs as number).toBeGreaterThan(event.tsMs as number);
    }
  });

  test("the server's pings were answered with the same number", () => {
    const pongs = htx.sim.stats.clientFrames.filter((frame) => /^\{"pong":\d+\}$/.test(frame));
    expect(pongs.length).toBeGreaterThan(0);
  });

  test("aggregate trades are wire-absent, with the alternative named (exit 2)", async () => {
    expectRefused(await htx.cli("watch agg-trades htx BTC/USDT"), "use trades");
  });
});

test("library: a skipped MBP update and a dropped socket each resync the spot book from a new refresh image", async () => {
  const { sim } = htx;
  const requests = [
    { exchange: "htx", account: "spot" as const, kind: "book" as const, symbol: "ETH/USDT" },
    { exchange: "htx", account: "linear" as const, kind: "book" as const, symbol: "ETH/USDT:USDT" },
  ];
  await withStation(sim.env("spot"), requests, async (events) => {
    const spot = () => events.filter((e) => e.account === "spot");
    const snapshots = () => spot().filter((e) => e.kind === "book" && e.type === "snapshot").length;
    await waitFor(() => snapshots() >= 1, 5_000, "first refresh image");
    await waitFor(() => spot().filter((e) => e.kind === "book").length >= 5, 5_000, "deltas");
    sim.faults.skipBookUpdate("ethusdt", "spot");
    await waitFor(() => snapshots() >= 2, 5_000, "a refresh image after the gap");
    sim.faults.skipBookUpdate("ETH-USDT", "linear");
    await waitFor(
      () =>
        events.filter((e) => e.kind === "book" && e.account === "linear" && e.type === "snapshot").length >=
        2,
      5_000,
      "a contract snapshot after the gap",
    );
    sim.faults.dropNow();
    await waitFor(() => snapshots() >= 3, 5_000, "a refresh image after the reconnect");
    const at = spot().findLastIndex((e) => e.kind === "book" && e.type === "snapshot");
    await waitFor(
      () =>
        spot()
          .slice(at)
          .filter((e) => e.kind === "book").length >= 5,
      5_000,
      "deltas after it",
    );

    const resyncs = spot().filter((e) => e.kind === "book_resync");
    expect(resyncs).toHaveLength(2);
    expect(resyncs[0]!.kind === "book_resync" && resyncs[0]!.reason).toStartWith("sequence gap");
    expect(resyncs[1]!.kind === "book_resync" && resyncs[1]!.reason).toStartWith("reconnected");
    const linearResync = events.find((e) => e.kind === "book_resync" && e.account === "linear");
    expect(linearResync!.kind === "book_resync" && linearResync!.reason).toMatch(
      /^sequence gap: expected \d+, got \d+$/,
    );
    // After every image each delta chains from the one before.
    expectPrevSeqChainAcrossResyncs(spot());
    // Every (re)subscription asked for its image again.
    expect(
      sim.stats.clientFrames.filter((frame) => frame.startsWith('{"req":"market.ethusdt.mbp.150"')).length,
    ).toBeGreaterThanOrEqual(3);
  });
});
