// Tests of the dYdX v4 simulator itself, through Bun's WebSocket client and fetch: subscribe acks (the full book in
// `subscribed`), refusals, increasing message ids, batched book updates that keep the book uncrossed when read
// through dig3's parser, trades against the ground truth, v4_markets, and the indexer REST paths.

import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { dydx } from "../../src/exchanges/dydx/index.ts";
import { type Sim, startSim } from "./index.ts";

// biome-ignore lint/suspicious/noExplicitAny: test-side JSON access
type Json = any;

async function connect(sim: Sim) {
  const ws = new WebSocket(sim.wsUrl("linear"));
  const queue: string[] = [];
  let wake: (() => void) | undefined;
  ws.addEventListener("message", (event) => {
    queue.push(String(event.data));
    wake?.();
  });
  await new Promise<void>((resolve, reject) => {
    ws.addEventListener("open", () => resolve(), { once: true });
    ws.addEventListener("error", () => reject(new Error("cannot connect")), { once: true });
  });
  const next = async (
    accept: (frame: Json) => boolean = () => true,
    timeoutMs = 3000,
  ): Promise<{ text: string; frame: Json }> => {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      while (queue.length > 0) {
        const text = queue.shift()!;
        const frame = JSON.parse(text);
        if (accept(frame)) return { text, frame };
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

let sim: Sim;

beforeAll(async () => {
  sim = await startSim({ venue: "dydx", tickMs: 10, seed: 7 });
});

afterAll(async () => {
  await sim.close();
});

describe("dydx simulator, protocol", () => {
  test("subscribed acks, refusals on `error`, message ids increase", async () => {
    const client = await connect(sim);
    client.send({ type: "subscribe", channel: "v4_trades", id: "BTC-USD" });
    const ack = await client.next();
    expect(ack.frame).toMatchObject({ type: "subscribed", channel: "v4_trades", id: "BTC-USD" });
    client.send({ type: "subscribe", channel: "v4_trades", id: "BTC-USD" });
    const dup = await client.next((f) => f.type === "error");
    expect(dup.frame.message).toContain("already subscribed");
    client.send({ type: "subscribe", channel: "v4_orderbook", id: "NOPE-USD" });
    expect((await client.next((f) => f.type === "error")).frame.message).toContain("invalid id");
    client.send({ type: "subscribe", channel: "v4_foo", id: "BTC-USD" });
    expect((await client.next((f) => f.type === "error")).frame.type).toBe("error");
    const data = await client.next((f) => f.type === "channel_data");
    expect(data.frame.message_id).toBeGreaterThan(dup.frame.message_id);
    client.send({ type: "unsubscribe", channel: "v4_trades", id: "BTC-USD" });
    expect((await client.next((f) => f.type === "unsubscribed")).frame).toMatchObject({
      channel: "v4_trades",
    });
    client.close();
  });

  test("batched book: snapshot then channel_batch_data; dig3's parser never needs to uncross it", async () => {
    const client = await connect(sim);
    client.send({ type: "subscribe", channel: "v4_orderbook", id: "ETH-USD", batched: true });
    const session = new Map<string, unknown>();
    const context = {
      exchange: "dydx",
      account: "linear" as const,
      recvTsUs: Date.now() * 1000,
      symbolOf: () => "ETH/USD:USDC",
      session,
    };
    const bids = new Map<number, number>();
    const asks = new Map<number, number>();
    const first = await client.next();
    expect(first.frame.type).toBe("subscribed");
    let updates = 0;
    for (let parsedFrames = 0; updates < 20; parsedFrames++) {
      const { text, frame } = parsedFrames === 0 ? first : await client.next();
      const parsed = dydx.ws.parse(text, context);
      expect(parsed.kind).toBe("events");
      if (parsed.kind !== "events") continue;
      for (const event of parsed.events) {
        if (event.kind !== "book") continue;
        if (event.type === "snapshot") {
          bids.clear();
          asks.clear();
        } else {
          updates++;
          expect(frame.type).toBe("channel_batch_data");
          // What the parser emits is exactly what the venue sent: no crossing was ever removed.
          expect(event.bids.length + event.asks.length).toBe(
            frame.contents.reduce(
              (n: number, c: Json) => n + (c.bids?.length ?? 0) + (c.asks?.length ?? 0),
              0,
            ),
          );
        }
        for (const [price, size] of event.bids) size === 0 ? bids.delete(price) : bids.set(price, size);
        for (const [price, size] of event.asks) size === 0 ? asks.delete(price) : asks.set(price, size);
        expect(Math.max(...bids.keys())).toBeLessThan(Math.min(...asks.keys()));
      }
    }
    client.close();
  });

  test("trades are the ground truth; v4_markets carries oracle, funding and open interest", async () => {
    const client = await connect(sim);
    client.send({ type: "subscribe", channel: "v4_markets" });
    const snapshot = await client.next();
    expect(Object.keys(snapshot.frame.contents.markets).sort()).toEqual(["BTC-USD", "ETH-USD"]);
    const update = await client.next((f) => f.type === "channel_data" && f.channel === "v4_markets");
    expect(Object.keys(update.frame.contents)).toEqual(["trading", "oraclePrices"]);
    client.close();
    await Bun.sleep(50);
    const sent = sim.sentFrames("v4_trades:BTC-USD", "linear") as Json[];
    for (const payload of sent)
      for (const trade of payload.trades) expect(trade.id).toMatch(/^[0-9a-f]{24}$/);
  });
});

describe("dydx simulator, REST", () => {
  test("perpetualMarkets, orderbook, trades, candles, historicalFunding", async () => {
    const get = async (path: string) => {
      const response = await fetch(`${sim.restUrl}${path}`);
      return { status: response.status, body: (await response.json()) as Json };
    };
    const markets = await get("/v4/perpetualMarkets");
    expect(Object.keys(markets.body.markets)).toEqual(["BTC-USD", "ETH-USD"]);
    expect((await get("/v4/perpetualMarkets?ticker=ETH-USD")).body.markets["ETH-USD"].tickSize).toBe("0.1");
    const book = await get("/v4/orderbooks/perpetualMarket/BTC-USD");
    expect(Number(book.body.bids[0].price)).toBeLessThan(Number(book.body.asks[0].price));
    expect((await get("/v4/trades/perpetualMarket/BTC-USD?limit=5")).body.trades.length).toBeLessThanOrEqual(
      5,
    );
    const candles = await get("/v4/candles/perpetualMarkets/BTC-USD?resolution=1MIN&limit=3");
    expect(candles.body.candles).toHaveLength(3);
    expect(Date.parse(candles.body.candles[0].startedAt)).toBeGreaterThan(
      Date.parse(candles.body.candles[2].startedAt),
    );
    expect((await get("/v4/historicalFunding/BTC-USD?limit=4")).body.historicalFunding).toHaveLength(4);
    expect((await get("/v4/orderbooks/perpetualMarket/NOPE-USD")).status).toBe(404);
  });
});
