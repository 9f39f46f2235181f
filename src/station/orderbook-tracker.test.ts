// The order book tracker: REST snapshots bridged to buffered deltas, a gap turned into one book_resync and a new
// fetch, and a venue's own stream snapshot landing during a REST fetch (the slower REST one is then dropped).

import { describe, expect, test } from "bun:test";
import type { BookEvent, BookRules, MarketEvent } from "../core/index.ts";
import { createOrderbookTracker } from "./orderbook-tracker.ts";

const RULES: BookRules = { snapshotFrom: "rest", chain: "first-follows-last", bridge: "first-le-next" };
const SPEC = { kind: "book" as const, account: "spot" as const, symbol: "BTC/USDT", native: "BTC_USDT" };

function book(type: "snapshot" | "delta", seq: number, firstSeq: number | undefined, bid: number): BookEvent {
  return {
    kind: "book",
    type,
    exchange: "gateio",
    account: "spot",
    symbol: "BTC/USDT",
    tsMs: seq,
    recvTsUs: seq * 1000,
    bids: [[bid, 1]],
    asks: [[bid + 10, 1]],
    seq,
    firstSeq,
  };
}

/** A tracker whose REST snapshot resolves when the test says so. */
function setUp() {
  const emitted: MarketEvent[] = [];
  const fetches: ((snapshot: BookEvent) => void)[] = [];
  const tracker = createOrderbookTracker({
    exchange: "gateio",
    spec: SPEC,
    rules: RULES,
    fetchSnapshot: () => new Promise<BookEvent>((resolve) => fetches.push(resolve)),
    resubscribe: () => {},
    emit: (event) => emitted.push(event),
    retryBaseMs: 1,
  });
  return { tracker, emitted, fetches };
}

const settle = () => Bun.sleep(5);
const seqsOf = (events: MarketEvent[]) =>
  events.map((e) => (e.kind === "book" ? `${e.type[0]}${e.seq}` : e.kind));

describe("orderbook tracker", () => {
  test("a REST snapshot bridges the buffered deltas; older ones are dropped", async () => {
    const { tracker, emitted, fetches } = setUp();
    tracker.onEvent(book("delta", 101, 100, 1));
    expect(fetches).toHaveLength(1);
    tracker.onEvent(book("delta", 103, 102, 2));
    fetches[0]!(book("snapshot", 101, undefined, 1));
    await settle();
    expect(seqsOf(emitted)).toEqual(["s101", "d103"]);
    tracker.close();
  });

  test("a gap is one book_resync and a new fetch; the book comes back from it", async () => {
    const { tracker, emitted, fetches } = setUp();
    tracker.onEvent(book("delta", 101, 100, 1));
    fetches[0]!(book("snapshot", 100, undefined, 1));
    await settle();
    tracker.onEvent(book("delta", 110, 105, 2));
    expect(tracker.resyncs).toBe(1);
    tracker.onEvent(book("delta", 112, 111, 3));
    await settle();
    expect(fetches).toHaveLength(2);
    fetches[1]!(book("snapshot", 111, undefined, 3));
    await settle();
    expect(seqsOf(emitted)).toEqual(["s100", "d101", "book_resync", "s111", "d112"]);
    tracker.close();
  });

  test("a stream snapshot during the REST fetch wins; the older REST snapshot is dropped, no resync", async () => {
    const { tracker, emitted, fetches } = setUp();
    tracker.onEvent(book("delta", 101, 100, 1));
    tracker.onEvent(book("snapshot", 105, undefined, 5));
    tracker.onEvent(book("delta", 106, 106, 6));
    fetches[0]!(book("snapshot", 100, undefined, 1));
    await settle();
    tracker.onEvent(book("delta", 107, 107, 7));
    expect(seqsOf(emitted)).toEqual(["s105", "d106", "d107"]);
    expect(tracker.resyncs).toBe(0);
    expect(tracker.sync.book.bids(1)[0]![0]).toBe(7);
    tracker.close();
  });
});
