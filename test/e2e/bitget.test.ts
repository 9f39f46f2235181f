// The CLI end to end against the Bitget simulator: the live tape (`publicTrade`) and the ladder (`books`, seq/pseq
// chain and CRC32 checksums) as NDJSON on spot and a USDT perpetual, a corrupted checksum that must resync from a
// fresh snapshot, funding on a coin-margined perpetual, REST one-shots.

import { describe, expect, test } from "bun:test";
import { type ChainRule, expectRefused, useVenueSim } from "./venue-kit.ts";

const bitget = useVenueSim({
  venue: "bitget",
  seed: 5,
  watches: {
    trades: "trades bitget BTCUSDT --duration 2",
    book: "orderbook bitget BTC/USDT --duration 2",
    swapBook: "orderbook bitget BTC/USDT:USDT --account linear --duration 2",
    resync: "orderbook bitget ETH/USDT --duration 3",
    funding: "funding bitget BTC/USD:BTC --account inverse --duration 2",
  },
  // One ETHUSDT book frame goes out with a wrong checksum (only the resync run watches spot ETHUSDT).
  fault: { atMs: 1500, inject: (sim) => sim.faults.corruptChecksum("ETHUSDT", "spot") },
});

/** Snapshots carry neither pseq nor a checksum; each update names the previous seq as pseq and is checksummed. */
const chainsByPseq: ChainRule = (book, { lastSeq }) => {
  if (book.type === "snapshot") {
    expect(book).not.toHaveProperty("prevSeq");
    expect(book).not.toHaveProperty("checksum");
    return;
  }
  expect(book.prevSeq).toBe(lastSeq);
  expect(book.seq as number).toBeGreaterThan(lastSeq);
  expect(typeof book.checksum).toBe("number");
};

describe("dig3 watch against the Bitget simulator", () => {
  test("trades --json: every trade of publicTrade as NDJSON, ids from the simulator, exit 0", async () => {
    await bitget.expectTape("trades", {
      account: "spot",
      symbol: "BTC/USDT",
      stream: "spot:publicTrade:BTCUSDT",
      rowsOf: (frame: { data: { i: string }[] }) => frame.data,
      idOf: (row) => row.i,
      // Fills follow each other without holes (the subscribe snapshot's older fills are not live trades).
      ids: "consecutive",
    });
  });

  test("orderbook --json: the snapshot first, then updates chained by pseq, checksummed, never crossed", async () => {
    await bitget.expectBook("book", {
      account: "spot",
      symbol: "BTC/USDT",
      chain: chainsByPseq,
      deltasAbove: 10,
    });
  });

  test("a USDT perpetual's book by its canonical name (BTCUSDT, usdt-futures on the wire)", async () => {
    await bitget.expectBook("swapBook", {
      account: "linear",
      symbol: "BTC/USDT:USDT",
      chain: chainsByPseq,
      deltasAbove: 5,
    });
  });

  test("a corrupted checksum: book_resync, then a fresh snapshot and a clean chain again", async () => {
    await bitget.expectResync("resync", { reason: "checksum mismatch", chain: chainsByPseq });
  });

  test("funding on a coin-margined perpetual, from the ticker, with the coming settlement time", async () => {
    const events = await bitget.expectEvents("funding", {
      kind: "funding_rate",
      account: "inverse",
      symbol: "BTC/USD:BTC",
    });
    for (const event of events) expect(event.nextFundingTsMs as number).toBeGreaterThan(Date.now() - 60_000);
  });

  test("wire-absent kinds fail fast with a hint", async () => {
    expectRefused(
      await bitget.cli("watch liquidations bitget BTC/USDT --account spot"),
      "Bitget publishes liquidations of futures only",
      "hint",
    );
  });
});

describe("REST one-shots against the Bitget simulator", () => {
  test("ticker --json on a USDC perpetual (BTCPERP on the wire)", async () => {
    await bitget.expectTicker("bitget BTC/USDC:USDC --account linear", "linear", { symbol: "BTC/USDC:USDC" });
  });

  test("book, trades and klines tables", async () => {
    await bitget.expectTables("BTC/USDT");
  });
});
