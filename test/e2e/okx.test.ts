// The CLI end to end against the OKX simulator: the live tape (`trades-all`) and the ladder (`books`, seqId chain and
// CRC32 checksums) as NDJSON on spot and a USDT swap, a corrupted checksum that must resync from a fresh snapshot,
// funding on a coin-margined swap, REST one-shots.

import { describe, expect, test } from "bun:test";
import { type ChainRule, chainsByPrevSeq, expectRefused, useVenueSim } from "./venue-kit.ts";

const okx = useVenueSim({
  venue: "okx",
  seed: 5,
  watches: {
    trades: "trades okx BTC/USDT --duration 2",
    book: "orderbook okx BTC-USDT --duration 2",
    swapBook: "orderbook okx BTC/USDT:USDT --account linear --duration 2",
    resync: "orderbook okx ETH/USDT --duration 3",
    funding: "funding okx BTC/USD:BTC --account inverse --duration 2",
  },
  // One ETH-USDT book frame goes out with a wrong checksum (only the resync run watches ETH-USDT).
  fault: { atMs: 1500, inject: (sim) => sim.faults.corruptChecksum("ETH-USDT", "spot") },
});

/** Every book event is checksummed; a snapshot has no prevSeqId, each update names the previous seqId. */
const chainsByPrevSeqId: ChainRule = (book, step) => {
  expect(typeof book.checksum).toBe("number");
  if (book.type === "snapshot") expect(book).not.toHaveProperty("prevSeq");
  chainsByPrevSeq(book, step);
};

describe("dig3 watch against the OKX simulator", () => {
  test("trades --json: every trade of trades-all as NDJSON, exit 0", async () => {
    await okx.expectTape("trades", {
      account: "spot",
      symbol: "BTC/USDT",
      stream: "trades-all:BTC-USDT",
      rowsOf: (frame: { data: { tradeId: string }[] }) => frame.data,
      idOf: (row) => row.tradeId,
      // One message per trade: ids follow each other without holes.
      ids: "consecutive",
    });
  });

  test("orderbook --json: the snapshot first, then updates chained by prevSeqId, checksummed, never crossed", async () => {
    // An update that changes nothing repeats its prevSeqId as seqId: the venue's heartbeat.
    let heartbeats = 0;
    await okx.expectBook("book", {
      account: "spot",
      symbol: "BTC/USDT",
      chain: (book, step) => {
        chainsByPrevSeqId(book, step);
        if (book.type !== "snapshot" && book.seq === book.prevSeq) heartbeats++;
      },
      deltasAbove: 10,
    });
    expect(heartbeats).toBeGreaterThan(0);
  });

  test("a USDT swap's book by its canonical name (BTC-USDT-SWAP on the wire)", async () => {
    await okx.expectBook("swapBook", {
      account: "linear",
      symbol: "BTC/USDT:USDT",
      chain: chainsByPrevSeqId,
      deltasAbove: 5,
    });
  });

  test("a corrupted checksum: book_resync, then a fresh snapshot and a clean chain again", async () => {
    await okx.expectResync("resync", { reason: "checksum mismatch", chain: chainsByPrevSeqId });
  });

  test("funding on a coin-margined swap, with the coming settlement time", async () => {
    const events = await okx.expectEvents("funding", {
      kind: "funding_rate",
      account: "inverse",
      symbol: "BTC/USD:BTC",
    });
    for (const event of events) expect(event.nextFundingTsMs as number).toBeGreaterThan(Date.now() - 60_000);
  });

  test("wire-absent kinds fail fast with a hint", async () => {
    expectRefused(
      await okx.cli("watch liquidations okx BTC/USDT --account spot"),
      "OKX margin liquidations carry neither price nor side",
      "hint",
    );
  });
});

describe("REST one-shots against the OKX simulator", () => {
  test("ticker --json on a coin-margined swap", async () => {
    await okx.expectTicker("okx BTC/USD:BTC --account inverse", "inverse", { symbol: "BTC/USD:BTC" });
  });

  test("book, trades and klines tables", async () => {
    await okx.expectTables("BTC/USDT");
  });
});
