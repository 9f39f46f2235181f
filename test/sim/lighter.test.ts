// Tests of the Lighter simulator itself, through Bun's own WebSocket client and fetch: subscribe answers and
// refusals, ping/pong, the order_book snapshot then updates chained by begin_nonce (never crossed when applied),
// trades against the ground truth, market_stats, REST over GET /api/v1/…, and the skipped-update fault.

import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { type Sim, type SimAccount, startSim } from "./index.ts";

// biome-ignore lint/suspicious/noExplicitAny: test-side JSON access
type Json = any;

async function connect(sim: Sim, account: SimAccount) {
  const ws = new WebSocket(sim.wsUrl(account));
  const queue: Json[] = [];
  let wake: (() => void) | undefined;
  ws.addEventListener("message", (event) => {
    queue.push(JSON.parse(String(event.data)));
    wake?.();
  });
  await new Promise<void>((resolve, reject) => {
    ws.addEventListener("open", () => resolve(), { once: true });
    ws.addEventListener("error", () => reject(new Error("cannot connect")), { once: true });
  });
  const next = async (accept: (frame: Json) => boolean = () => true, timeoutMs = 3000): Promise<Json> => {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      while (queue.length > 0) {
        const frame = queue.shift();
        if (accept(frame)) return frame;
      }
      const left = deadline - Date.now();
      if (left <= 0) throw new Error("timed out waiting for a frame");
      await new Promise<void>((resolve) => {
        wake = resolve;
        setTimeout(resolve, left);
      });
    }
  };
  return { send: (body: unknown) => ws.send(JSON.stringify(body)), next, close: () => ws.close() };
}

async function get(sim: Sim, path: string): Promise<{ status: number; body: Json }> {
  const response = await fetch(`${sim.restUrl}${path}`);
  return { status: response.status, body: await response.json() };
}

let sim: Sim;

beforeAll(async () => {
  sim = await startSim({ venue: "lighter", tickMs: 10, seed: 7 });
});

afterAll(async () => {
  await sim.close();
});

describe("lighter simulator, protocol", () => {
  test("ping → pong; unknown channels and the wrong market refused with an error", async () => {
    // Lighter allows 200 client messages a minute: each connection here stays within its per-second share.
    const client = await connect(sim, "linear");
    client.send({ type: "ping" });
    expect(await client.next()).toEqual({ type: "pong" });
    client.send({ type: "subscribe", channel: "trade/999" });
    expect((await client.next()).error).toMatchObject({ code: 30005 });
    client.send({ type: "subscribe", channel: "trade/2048" });
    expect((await client.next()).error).toMatchObject({ code: 30005 });
    client.close();
  });

  test("subscribe answers on subscribed/trade; duplicates refused; unsubscribe answered", async () => {
    const client = await connect(sim, "linear");
    client.send({ type: "subscribe", channel: "trade/1" });
    expect(await client.next()).toMatchObject({ type: "subscribed/trade", channel: "trade:1", trades: [] });
    client.send({ type: "subscribe", channel: "trade/1" });
    expect((await client.next((f) => f.error !== undefined)).error).toMatchObject({ code: 30009 });
    client.send({ type: "unsubscribe", channel: "trade/1" });
    expect(await client.next((f) => f.type === "unsubscribed")).toEqual({
      type: "unsubscribed",
      channel: "trade:1",
    });
    client.close();
  });

  test("order_book: snapshot, then updates whose begin_nonce is the previous nonce; the book never crosses", async () => {
    const client = await connect(sim, "linear");
    client.send({ type: "subscribe", channel: "order_book/1" });
    const snapshot = await client.next((f) => f.type === "subscribed/order_book");
    expect(snapshot.channel).toBe("order_book:1");
    expect(snapshot.order_book.begin_nonce).toBe(0);
    const bids = new Map<number, number>();
    const asks = new Map<number, number>();
    const apply = (book: Json) => {
      for (const l of book.bids)
        Number(l.size) === 0 ? bids.delete(Number(l.price)) : bids.set(Number(l.price), Number(l.size));
      for (const l of book.asks)
        Number(l.size) === 0 ? asks.delete(Number(l.price)) : asks.set(Number(l.price), Number(l.size));
    };
    apply(snapshot.order_book);
    let nonce = snapshot.order_book.nonce as number;
    for (let i = 0; i < 30; i++) {
      const update = await client.next((f) => f.type === "update/order_book");
      expect(update.order_book.begin_nonce).toBe(nonce);
      expect(update.order_book.nonce).toBeGreaterThan(nonce);
      nonce = update.order_book.nonce;
      apply(update.order_book);
      expect(Math.max(...bids.keys())).toBeLessThan(Math.min(...asks.keys()));
    }
    client.close();
  });

  test("trades and market_stats match the ground truth", async () => {
    const client = await connect(sim, "linear");
    client.send({ type: "subscribe", channel: "trade/0" });
    client.send({ type: "subscribe", channel: "market_stats/0" });
    const trade = await client.next((f) => f.type === "update/trade");
    const truth = new Set((sim.sentFrames("trade/0", "linear").flat() as Json[]).map((t) => t.trade_id));
    for (const row of trade.trades) {
      expect(truth.has(row.trade_id)).toBe(true);
      expect(row).toMatchObject({ market_id: 0, type: "trade" });
      expect(typeof row.is_maker_ask).toBe("boolean");
    }
    const stats = await client.next((f) => f.type === "update/market_stats");
    expect(stats.market_stats).toMatchObject({ market_id: 0, symbol: "ETH" });
    expect(Number(stats.market_stats.mark_price)).toBeGreaterThan(0);
    expect(stats.market_stats.funding_timestamp % 3_600_000).toBe(0);
    client.close();
    const spot = await connect(sim, "spot");
    spot.send({ type: "subscribe", channel: "market_stats/2048" });
    expect((await spot.next()).error).toMatchObject({ code: 30005 });
    spot.send({ type: "subscribe", channel: "spot_market_stats/2048" });
    const spotStats = await spot.next((f) => f.type === "update/spot_market_stats");
    expect(spotStats.spot_market_stats).toMatchObject({ market_id: 2048, symbol: "ETH/USDC" });
    expect(spotStats.spot_market_stats.mark_price).toBeUndefined();
    spot.close();
  });

  test("skipBookUpdate: the next update's begin_nonce no longer matches", async () => {
    const client = await connect(sim, "spot");
    client.send({ type: "subscribe", channel: "order_book/2048" });
    const snapshot = await client.next((f) => f.type === "subscribed/order_book");
    let nonce = snapshot.order_book.nonce as number;
    const first = await client.next((f) => f.type === "update/order_book");
    expect(first.order_book.begin_nonce).toBe(nonce);
    nonce = first.order_book.nonce;
    sim.faults.skipBookUpdate("2048", "spot");
    let gap = false;
    for (let i = 0; i < 10 && !gap; i++) {
      const update = await client.next((f) => f.type === "update/order_book");
      if (update.order_book.begin_nonce !== nonce) gap = true;
      nonce = update.order_book.nonce;
    }
    expect(gap).toBe(true);
    client.close();
  });
});

describe("lighter simulator, REST", () => {
  test("orderBooks lists perps and spot with their market ids", async () => {
    const { status, body } = await get(sim, "/api/v1/orderBooks");
    expect(status).toBe(200);
    expect(body.order_books.map((m: Json) => [m.symbol, m.market_id, m.market_type])).toEqual([
      ["ETH", 0, "perp"],
      ["BTC", 1, "perp"],
      ["ETH/USDC", 2048, "spot"],
    ]);
  });

  test("book, trades, details, candles, fundings; bad market ids answer 400", async () => {
    const book = await get(sim, "/api/v1/orderBookOrders?market_id=1&limit=5");
    expect(book.body.bids).toHaveLength(5);
    expect(Number(book.body.bids[0].price)).toBeLessThan(Number(book.body.asks[0].price));
    expect(
      (await get(sim, "/api/v1/recentTrades?market_id=1&limit=3")).body.trades.length,
    ).toBeLessThanOrEqual(3);
    const details = await get(sim, "/api/v1/orderBookDetails?market_id=1");
    expect(details.body.order_book_details[0]).toMatchObject({ market_id: 1, symbol: "BTC" });
    const now = Date.now();
    const candles = await get(
      sim,
      `/api/v1/candles?market_id=1&resolution=1m&start_timestamp=${now - 600_000}&end_timestamp=${now}&count_back=5`,
    );
    expect(candles.body.c.length).toBeGreaterThan(0);
    const fundings = await get(
      sim,
      `/api/v1/fundings?market_id=1&resolution=1h&start_timestamp=${now - 10 * 3_600_000}&end_timestamp=${now}&count_back=10`,
    );
    expect(fundings.body.fundings.length).toBeGreaterThanOrEqual(9);
    expect((await get(sim, "/api/v1/orderBookOrders?market_id=77")).status).toBe(400);
  });
});
