// dYdX message_id continuity through the parser: a lost message resyncs every book of the connection (through the
// same book sync the station runs), a late `subscribed` reply filling its hole loses nothing, a reply later than the
// grace lengthens it, repeats and books subscribed after the loss are left alone, a new connection starts over.

import { describe, expect, test } from "bun:test";
import { createRandom } from "../../../test/reliability/mutate.ts";
import { createBookSync } from "../../book/index.ts";
import type { BookEvent, MarketDataEvent } from "../../core/index.ts";
import type { ParseContext } from "../_shared/adapter.ts";
import { DYDX_BOOK, dydx } from "./index.ts";
import {
  chainBook,
  DYDX_REPLY_GRACE_MS,
  NO_SNAPSHOT_PREV_SEQ,
  observeMessageId,
  sequenceStateOf,
} from "./sequence.ts";

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
    expect(sequenceStateOf(c.session)).toMatchObject({ last: 10, lostUpTo: 4, openIds: 0 });
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

// ── against the plainest reading of the rules ────────────────────────────────────────────────────────────────────

/**
 * The reference: every missing id its own map entry, a new connection a fresh state and fresh chains (the state the
 * runs of open ids, the connection counter and the chain objects kept in place must always agree with).
 */
function referenceOf() {
  let state = fresh();
  let chains = new Map<string, { seq: number; coveredUpTo: number }>();
  function fresh() {
    return {
      connectionId: undefined as string | undefined,
      last: undefined as number | undefined,
      open: new Map<number, number>(),
      lost: new Map<number, number>(),
      lostUpTo: -1,
      graceMs: DYDX_REPLY_GRACE_MS,
    };
  }
  function countLost(id: number, missedAtMs: number) {
    state.lost.set(id, missedAtMs);
    if (state.lost.size > 64) state.lost.delete(state.lost.keys().next().value!);
    if (id > state.lostUpTo) state.lostUpTo = id;
  }
  return {
    state: () => state,
    observe(connectionId: string | undefined, id: number, nowMs: number) {
      if (
        connectionId !== undefined &&
        state.connectionId !== undefined &&
        connectionId !== state.connectionId
      ) {
        state = fresh();
        chains = new Map();
      }
      if (connectionId !== undefined) state.connectionId = connectionId;
      if (state.last === undefined) state.last = id;
      else if (id > state.last) {
        if (id - state.last - 1 + state.open.size > 256) countLost(id - 1, nowMs);
        else for (let missing = state.last + 1; missing < id; missing++) state.open.set(missing, nowMs);
        state.last = id;
      } else if (!state.open.delete(id)) {
        const missedAtMs = state.lost.get(id);
        if (missedAtMs !== undefined) {
          state.lost.delete(id);
          state.graceMs = Math.min(30_000, Math.max(state.graceMs * 2, (nowMs - missedAtMs) * 2));
        }
      }
      for (const [missing, missedAtMs] of state.open) {
        if (nowMs - missedAtMs < state.graceMs) break;
        state.open.delete(missing);
        countLost(missing, missedAtMs);
      }
    },
    chain(ticker: string, id: number, isSnapshot: boolean): number | undefined {
      if (isSnapshot) {
        chains.set(ticker, { seq: id, coveredUpTo: Math.max(id, state.last ?? id) });
        return undefined;
      }
      const chain = chains.get(ticker);
      if (!chain) return NO_SNAPSHOT_PREV_SEQ;
      let prevSeq = chain.seq;
      if (state.lostUpTo > chain.coveredUpTo) {
        prevSeq = state.lostUpTo;
        chain.coveredUpTo = state.lostUpTo;
      }
      chain.seq = id;
      return prevSeq;
    },
  };
}

/** A seeded generator of numbers in [0, 1), so a failure names a case that can be run again. */
const randomOf = (seed: number): (() => number) => createRandom(seed).next;

describe("dydx message_id continuity against the reference", () => {
  test("random ids (holes, late fills, repeats, jumps, clock steps, new connections): same counts, same chains", () => {
    for (let seed = 1; seed <= 40; seed++) {
      const random = randomOf(seed);
      const session = new Map<string, unknown>();
      const state = sequenceStateOf(session);
      const reference = referenceOf();
      let id = 0;
      let nowMs = 0;
      let connection = "c-0";
      for (let step = 0; step < 3_000; step++) {
        nowMs += Math.floor(random() * (seed % 2 === 0 ? 600 : 60));
        const roll = random();
        if (roll < 0.005) {
          connection = `c-${step}`;
          id = Math.floor(random() * 5);
        }
        let messageId: number;
        if (roll < 0.1) messageId = Math.max(0, id - Math.floor(random() * 8));
        else {
          id += roll < 0.15 ? 1 + Math.floor(random() * (seed % 5 === 0 ? 300 : 6)) : 1;
          messageId = id;
        }
        const connectionId = random() < 0.02 ? undefined : connection;
        observeMessageId(state, connectionId, messageId, nowMs);
        reference.observe(connectionId, messageId, nowMs);
        const ticker = random() < 0.5 ? "BTC-USD" : "ETH-USD";
        if (random() < 0.5) {
          const isSnapshot = random() < 0.1;
          expect(chainBook(state, ticker, messageId, isSnapshot)).toBe(
            reference.chain(ticker, messageId, isSnapshot),
          );
        }
        const expected = reference.state();
        expect(state.connectionId).toBe(expected.connectionId);
        expect(state.last).toBe(expected.last ?? -1);
        expect(state.lostUpTo).toBe(expected.lostUpTo);
        expect(state.graceMs).toBe(expected.graceMs);
        expect(state.openIds).toBe(expected.open.size);
        expect([...state.lost]).toEqual([...expected.lost]);
        const open: number[] = [];
        for (const run of state.openRuns)
          for (let missing = run.from; missing <= run.to; missing++) open.push(missing);
        expect(open).toEqual([...expected.open.keys()]);
      }
    }
  });
});
