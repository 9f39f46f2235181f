// dYdX message_id continuity through the parser: a lost message resyncs every book of the connection (through the
// same book sync the station runs), a late `subscribed` reply filling its hole loses nothing, a reply later than the
// grace lengthens it, repeats and books subscribed after the loss are left alone, a new connection starts over.

import { describe, expect, test } from "bun:test";
import { createBookSync } from "../../book/index.ts";
import type { BookEvent, MarketDataEvent } from "../../core/index.ts";
import type { ParseContext } from "../_shared/adapter.ts";
import { DYDX_BOOK, dydx } from "./index.ts";
import { DYDX_REPLY_GRACE_MS, NO_SNAPSHOT_PREV_SEQ, sequenceStateOf } from "./sequence.ts";

const T0_MS = 1_730_160_000_000;

/** One connection: frames go through the parser at a chosen local time (ms after T0). */
function connectionOf(connectionId = "c-1") {
  const session = new Map<string, unknown>();
  const contextAt = (atMs: number): ParseContext => ({
    exchange: "dydx",
    account: "linear",
    recvTsUs: (T0_MS + atMs) * 1000,
    symbolOf: (native) => `${native.replace("-USD", "")}/USD:USDC`,
    session,
  });
  const send = (atMs: number, frame: Record<string, unknown>): MarketDataEvent[] => {
    const parsed = dydx.ws.parse(JSON.stringify({ connection_id: connectionId, ...frame }), contextAt(atMs));
    return parsed.kind === "events" ? parsed.events : [];
  };
  return {
    session,
    send,
    connected: () => send(0, { type: "connected", message_id: 0 }),
    snapshot: (atMs: number, id: number, ticker: string) =>
      send(atMs, {
        type: "subscribed",
        message_id: id,
        channel: "v4_orderbook",
        id: ticker,
        contents: { bids: [{ price: "100", size: "1" }], asks: [{ price: "101", size: "1" }] },
      })[0] as BookEvent,
    update: (atMs: number, id: number, ticker: string, price = "99") =>
      send(atMs, {
        type: "channel_data",
        message_id: id,
        channel: "v4_orderbook",
        id: ticker,
        contents: { bids: [[price, "2"]] },
      })[0] as BookEvent,
    tradesAck: (atMs: number, id: number) =>
      send(atMs, { type: "subscribed", message_id: id, channel: "v4_trades", id: "BTC-USD", contents: {} }),
  };
}

describe("dydx message_id continuity", () => {
  test("a lost message resyncs every book of the connection at its next update, once", () => {
    const c = connectionOf();
    c.connected();
    const btcSync = createBookSync(DYDX_BOOK);
    const ethSync = createBookSync(DYDX_BOOK);
    expect(btcSync.onEvent(c.snapshot(10, 1, "BTC-USD")).action).toBe("emit");
    expect(ethSync.onEvent(c.snapshot(10, 2, "ETH-USD")).action).toBe("emit");
    expect(c.update(20, 3, "BTC-USD")).toMatchObject({ seq: 3, prevSeq: 1 });
    // Message 4 never arrives. Within the grace it may still be a late reply: nothing flagged yet.
    const eth5 = c.update(30, 5, "ETH-USD");
    expect(eth5).toMatchObject({ seq: 5, prevSeq: 2 });
    expect(ethSync.onEvent(eth5).action).toBe("emit");
    expect(c.update(30 + DYDX_REPLY_GRACE_MS - 1, 6, "BTC-USD")).toMatchObject({ seq: 6, prevSeq: 3 });
    // Past the grace, 4 counts as lost: each book's next update names it as its predecessor.
    const btc7 = c.update(30 + DYDX_REPLY_GRACE_MS, 7, "BTC-USD");
    expect(btc7).toMatchObject({ seq: 7, prevSeq: 4 });
    expect(c.update(30 + DYDX_REPLY_GRACE_MS, 8, "BTC-USD")).toMatchObject({ seq: 8, prevSeq: 7 });
    const eth9 = c.update(30 + DYDX_REPLY_GRACE_MS, 9, "ETH-USD");
    expect(eth9).toMatchObject({ seq: 9, prevSeq: 4 });
    expect(ethSync.onEvent(eth9)).toEqual({
      action: "resync",
      reason: "sequence gap: previous 5, update says 4",
    });
    expect(c.update(40 + DYDX_REPLY_GRACE_MS, 10, "ETH-USD")).toMatchObject({ seq: 10, prevSeq: 9 });
    expect(sequenceStateOf(c.session)).toMatchObject({ last: 10, lostUpTo: 4, open: new Map() });
  });

  test("a late subscribed reply fills the hole it left: nothing is lost", () => {
    const c = connectionOf();
    c.connected();
    c.snapshot(10, 1, "BTC-USD");
    // The trades subscribe took id 2 when it arrived; book updates 3 and 4 went out before its reply.
    expect(c.update(20, 3, "BTC-USD")).toMatchObject({ prevSeq: 1 });
    expect(c.update(40, 4, "BTC-USD")).toMatchObject({ prevSeq: 3 });
    expect(c.tradesAck(300, 2)).toEqual([]);
    expect(c.update(5_000, 5, "BTC-USD")).toMatchObject({ seq: 5, prevSeq: 4 });
    expect(sequenceStateOf(c.session)).toMatchObject({ lostUpTo: -1, graceMs: DYDX_REPLY_GRACE_MS });
  });

  test("a reply later than the grace lengthens it for the rest of the connection", () => {
    const c = connectionOf();
    c.connected();
    c.snapshot(0, 1, "BTC-USD");
    c.update(0, 3, "BTC-USD");
    expect(c.update(1_000, 4, "BTC-USD")).toMatchObject({ prevSeq: 2 });
    // Id 2 was a reply after all, 1.5 s late: the grace becomes 3 s.
    c.tradesAck(1_500, 2);
    expect(sequenceStateOf(c.session).graceMs).toBe(3_000);
    c.update(2_000, 6, "BTC-USD");
    expect(c.update(4_999, 7, "BTC-USD")).toMatchObject({ prevSeq: 6 });
    expect(c.update(5_000, 8, "BTC-USD")).toMatchObject({ prevSeq: 5 });
  });

  test("an error repeating the current id, and a book subscribed after the loss, are left alone", () => {
    const c = connectionOf();
    c.connected();
    c.snapshot(0, 1, "BTC-USD");
    c.update(0, 2, "BTC-USD");
    // An error about a malformed request repeats the current id.
    c.send(0, { type: "error", message: "Invalid message: could not parse", message_id: 2 });
    c.update(10, 4, "BTC-USD");
    // ETH's snapshot comes after message 3 was missed: its updates are numbered after it, so 3 was not ETH's.
    c.snapshot(20, 5, "ETH-USD");
    expect(c.update(2_000, 6, "ETH-USD")).toMatchObject({ prevSeq: 5 });
    expect(c.update(2_000, 7, "BTC-USD")).toMatchObject({ prevSeq: 3 });
  });

  test("a jump no pending reply could explain is a loss at once; a new connection id starts over", () => {
    const c = connectionOf("c-1");
    c.connected();
    c.snapshot(0, 1, "BTC-USD");
    expect(c.update(0, 1_000, "BTC-USD")).toMatchObject({ seq: 1_000, prevSeq: 999 });
    const other = c.send(0, {
      connection_id: "c-2",
      type: "channel_data",
      message_id: 40,
      channel: "v4_orderbook",
      id: "BTC-USD",
      contents: { bids: [["98", "1"]] },
    });
    expect(other).toMatchObject([{ seq: 40, prevSeq: NO_SNAPSHOT_PREV_SEQ }]);
    expect(sequenceStateOf(c.session)).toMatchObject({ connectionId: "c-2", last: 40, lostUpTo: -1 });
  });

  test("the updates of one batch share its id and chain to each other", () => {
    const c = connectionOf();
    c.connected();
    c.snapshot(0, 1, "BTC-USD");
    const events = c.send(0, {
      type: "channel_batch_data",
      message_id: 2,
      channel: "v4_orderbook",
      id: "BTC-USD",
      contents: [{ bids: [["99", "1"]] }, { asks: [["102", "1"]] }],
    });
    expect(events).toMatchObject([
      { seq: 2, prevSeq: 1 },
      { seq: 2, prevSeq: 2 },
    ]);
    const sync = createBookSync(DYDX_BOOK);
    sync.onEvent(c.snapshot(0, 3, "BTC-USD"));
    const batch = c.send(0, {
      type: "channel_batch_data",
      message_id: 4,
      channel: "v4_orderbook",
      id: "BTC-USD",
      contents: [{ bids: [["99", "1"]] }, { asks: [["102", "1"]] }],
    }) as BookEvent[];
    expect(batch.map((event) => sync.onEvent(event).action)).toEqual(["emit", "emit"]);
  });
});
