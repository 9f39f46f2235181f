// Tests of the L2 book and the sync state machine: ordering, removal, bridging rules, gaps, crossing, checksums.

import { describe, expect, test } from "bun:test";
import type { BookEvent, BookRules, Level } from "../core/index.ts";
import { createL2Book } from "./l2-book.ts";
import { createBookSync } from "./sync.ts";

function bookEvent(
  type: "snapshot" | "delta",
  bids: Level[],
  asks: Level[],
  seq: Partial<BookEvent> = {},
): BookEvent {
  return {
    kind: "book",
    exchange: "x",
    account: "spot",
    symbol: "BTC/USDT",
    tsMs: 1,
    recvTsUs: 1,
    type,
    bids,
    asks,
    ...seq,
  };
}

const binanceSpot: BookRules = { snapshotFrom: "rest", chain: "first-follows-last", bridge: "first-le-next" };
const binanceFutures: BookRules = {
  snapshotFrom: "rest",
  chain: "prev-equals-last",
  bridge: "first-le-snapshot",
};
const streamed: BookRules = { snapshotFrom: "stream", chain: "prev-equals-last", bridge: "chain" };

describe("L2 book", () => {
  test("keeps both sides sorted best first and removes size-0 levels", () => {
    const book = createL2Book();
    book.replace(
      [
        [99, 1],
        [101, 2],
        [100, 3],
      ],
      [
        [103, 1],
        [102, 2],
      ],
    );
    expect(book.bids(10).map((l) => l[0])).toEqual([101, 100, 99]);
    expect(book.asks(10).map((l) => l[0])).toEqual([102, 103]);
    book.update(
      [
        [100, 0],
        [100.5, 4],
      ],
      [[102, 0]],
    );
    expect(book.bids(10)).toEqual([
      [101, 2],
      [100.5, 4],
      [99, 1],
    ]);
    expect(book.asks(10)).toEqual([[103, 1]]);
    expect(book.isCrossed()).toBe(false);
    book.update([[104, 1]], []);
    expect(book.isCrossed()).toBe(true);
  });

  test("removing an absent level is a no-op and top-N is bounded", () => {
    const book = createL2Book();
    book.update([[1, 0]], [[2, 0]]);
    expect(book.bidCount + book.askCount).toBe(0);
    book.replace(
      Array.from({ length: 50 }, (_, i) => [100 - i, 1] as Level),
      [],
    );
    expect(book.bids(5).length).toBe(5);
    expect(book.bestBid()).toEqual([100, 1]);
  });

  test("matches a plain sorted-list model over random updates at both ends, in the middle and past capacity", () => {
    // The model: a price → level map, sorted on every read. Deterministic LCG so a failure replays.
    let seed = 12345;
    const nextInt = (below: number) => {
      seed = (seed * 1103515245 + 12345) >>> 0;
      return seed % below;
    };
    const book = createL2Book();
    const model = { bids: new Map<number, Level>(), asks: new Map<number, Level>() };
    const sortedOf = (side: "bids" | "asks") =>
      [...model[side].values()].sort(side === "bids" ? (a, b) => b[0] - a[0] : (a, b) => a[0] - b[0]);
    const snapshotBids = Array.from({ length: 40 }, (_, i) => [1000 - i, i + 1] as Level);
    const snapshotAsks = Array.from({ length: 40 }, (_, i) => [1001 + i, i + 1] as Level);
    book.replace(snapshotBids, snapshotAsks);
    for (const level of snapshotBids) model.bids.set(level[0], level);
    for (const level of snapshotAsks) model.asks.set(level[0], level);
    for (let step = 0; step < 5000; step++) {
      const side = nextInt(2) === 0 ? "bids" : "asks";
      // Prices drift over a range wider than the book, so levels come and go at the top, the bottom and between.
      const offset = nextInt(400);
      const price = side === "bids" ? 1000 - offset + (step % 7) * 0.5 : 1001 + offset - (step % 7) * 0.5;
      const size = nextInt(3) === 0 ? 0 : nextInt(100) + 1;
      const level: Level = [price, size];
      if (side === "bids") book.update([level], []);
      else book.update([], [level]);
      if (size === 0) model[side].delete(price);
      else model[side].set(price, level);
      if (step % 250 === 0) {
        expect(book.bids(Infinity)).toEqual(sortedOf("bids"));
        expect(book.asks(Infinity)).toEqual(sortedOf("asks"));
      }
    }
    expect(book.bids(Infinity)).toEqual(sortedOf("bids"));
    expect(book.asks(Infinity)).toEqual(sortedOf("asks"));
    expect(book.bidCount).toBe(model.bids.size);
    expect(book.bids(3)).toEqual(sortedOf("bids").slice(0, 3));
    expect(book.asks(-2)).toEqual(sortedOf("asks").slice(0, -2));
    expect(book.bestAsk()).toEqual(sortedOf("asks")[0]);
    book.truncate(5);
    expect(book.bids(Infinity)).toEqual(sortedOf("bids").slice(0, 5));
    book.update([[sortedOf("bids")[0]![0] + 1, 1]], []);
    expect(book.bids(Infinity).length).toBe(6);
    book.clear();
    expect(book.bids(Infinity)).toEqual([]);
    expect(book.bestBid()).toBeUndefined();
    expect(book.isCrossed()).toBe(false);
  });
});

describe("book sync", () => {
  test("Binance spot: buffers until the REST snapshot, drops stale, bridges with U <= S+1 <= u, then chains", () => {
    const sync = createBookSync(binanceSpot);
    expect(sync.onEvent(bookEvent("delta", [[100, 1]], [], { firstSeq: 95, seq: 99 })).action).toBe(
      "waiting",
    );
    expect(sync.onEvent(bookEvent("delta", [[100, 2]], [], { firstSeq: 100, seq: 102 })).action).toBe(
      "waiting",
    );
    const verdict = sync.onEvent(bookEvent("snapshot", [[100, 5]], [[101, 1]], { seq: 100 }));
    expect(verdict.action).toBe("emit");
    if (verdict.action !== "emit") return;
    expect(verdict.events.map((e) => e.type)).toEqual(["snapshot", "delta"]);
    expect(sync.book.bestBid()).toEqual([100, 2]);
    expect(sync.stats.stale).toBe(1);
    expect(sync.onEvent(bookEvent("delta", [], [[101, 3]], { firstSeq: 103, seq: 104 })).action).toBe("emit");
    expect(sync.lastSeq).toBe(104);
  });

  test("Binance spot: a skipped update is a gap that asks for a resync", () => {
    const sync = createBookSync(binanceSpot);
    sync.onEvent(bookEvent("snapshot", [[100, 5]], [[101, 1]], { seq: 10 }));
    expect(sync.onEvent(bookEvent("delta", [], [], { firstSeq: 11, seq: 12 })).action).toBe("emit");
    const gap = sync.onEvent(bookEvent("delta", [], [], { firstSeq: 14, seq: 15 }));
    expect(gap).toEqual({ action: "resync", reason: "sequence gap: expected first 13, got 14" });
    sync.reset();
    expect(sync.state).toBe("awaiting-snapshot");
    expect(sync.book.bidCount).toBe(0);
  });

  test("Binance spot: a first delta that starts after the snapshot is a gap", () => {
    const sync = createBookSync(binanceSpot);
    sync.onEvent(bookEvent("snapshot", [[100, 5]], [[101, 1]], { seq: 10 }));
    expect(sync.onEvent(bookEvent("delta", [], [], { firstSeq: 12, seq: 13 })).action).toBe("resync");
  });

  test("Binance futures: bridges with U <= S <= u, then pu == previous u", () => {
    const sync = createBookSync(binanceFutures);
    sync.onEvent(bookEvent("snapshot", [[100, 5]], [[101, 1]], { seq: 50 }));
    expect(sync.onEvent(bookEvent("delta", [], [], { firstSeq: 40, seq: 49, prevSeq: 39 })).action).toBe(
      "stale",
    );
    expect(
      sync.onEvent(bookEvent("delta", [[100, 1]], [], { firstSeq: 48, seq: 52, prevSeq: 47 })).action,
    ).toBe("emit");
    expect(sync.onEvent(bookEvent("delta", [], [], { firstSeq: 53, seq: 60, prevSeq: 52 })).action).toBe(
      "emit",
    );
    expect(sync.onEvent(bookEvent("delta", [], [], { firstSeq: 65, seq: 70, prevSeq: 61 })).action).toBe(
      "resync",
    );
  });

  test("never emits a crossed book", () => {
    const sync = createBookSync(streamed);
    sync.onEvent(bookEvent("snapshot", [[100, 5]], [[101, 1]], { seq: 1 }));
    const verdict = sync.onEvent(bookEvent("delta", [[102, 1]], [], { seq: 2, prevSeq: 1 }));
    expect(verdict.action).toBe("resync");
  });

  test("stream snapshots: deltas before the snapshot are dropped, checksum verified on every update", () => {
    const rules: BookRules = {
      ...streamed,
      checksumOf: (view) => view.bids(1)[0]![1] * 1000 + view.asks(1)[0]![1],
    };
    const sync = createBookSync(rules);
    expect(sync.onEvent(bookEvent("delta", [[1, 1]], [], { seq: 1 })).action).toBe("waiting");
    expect(
      sync.onEvent(bookEvent("snapshot", [[100, 5]], [[101, 1]], { seq: 1, checksum: 5001 })).action,
    ).toBe("emit");
    expect(
      sync.onEvent(bookEvent("delta", [[100, 6]], [], { seq: 2, prevSeq: 1, checksum: 6001 })).action,
    ).toBe("emit");
    expect(sync.stats.checksumsVerified).toBe(2);
    const bad = sync.onEvent(bookEvent("delta", [[100, 7]], [], { seq: 3, prevSeq: 2, checksum: 1 }));
    expect(bad.action).toBe("resync");
    if (bad.action === "resync") expect(bad.reason).toContain("checksum mismatch");
  });

  test("maxDepth: levels pushed past the venue's depth are cut after every update (Kraken)", () => {
    const sync = createBookSync({ snapshotFrom: "stream", chain: "none", bridge: "any", maxDepth: 2 });
    sync.onEvent(
      bookEvent(
        "snapshot",
        [
          [100, 1],
          [99, 1],
          [98, 1],
        ],
        [[101, 1]],
      ),
    );
    expect(sync.book.bids(10).map((l) => l[0])).toEqual([100, 99]);
    sync.onEvent(bookEvent("delta", [[100.5, 1]], [], {}));
    expect(sync.book.bids(10).map((l) => l[0])).toEqual([100.5, 100]);
    // The level cut off earlier does not come back when a better one is removed.
    sync.onEvent(bookEvent("delta", [[100.5, 0]], [], {}));
    expect(sync.book.bids(10).map((l) => l[0])).toEqual([100]);
  });
});
