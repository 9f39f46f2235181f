// Tests of the Coinbase simulator itself, through Bun's own WebSocket client and fetch (no dig3 code): the Advanced
// Trade protocol (one channel per subscribe, acks, error refusals, heartbeats), the per-connection sequence_num across
// channels (and the hole a skipped book update leaves), level2 snapshot + updates, fills, REST shapes and faults.

import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { type Sim, startSim } from "./index.ts";

interface Envelope {
  channel?: string;
  type?: string;
  message?: string;
  sequence_num?: number;
  timestamp?: string;
  events?: Record<string, unknown>[];
}

interface Client {
  send(body: unknown): void;
  next(accept?: (frame: Envelope) => boolean, timeoutMs?: number): Promise<Envelope>;
  /** Every frame received so far, consumed or not. */
  readonly seen: Envelope[];
  close(): void;
}

async function connect(url: string): Promise<Client> {
  const ws = new WebSocket(url);
  const queue: Envelope[] = [];
  const seen: Envelope[] = [];
  let wake: (() => void) | undefined;
  ws.addEventListener("message", (event) => {
    const frame = JSON.parse(String(event.data)) as Envelope;
    queue.push(frame);
    seen.push(frame);
    wake?.();
  });
  await new Promise<void>((resolve, reject) => {
    ws.addEventListener("open", () => resolve(), { once: true });
    ws.addEventListener("error", () => reject(new Error(`cannot connect to ${url}`)), { once: true });
  });
  return {
    send: (body) => ws.send(typeof body === "string" ? body : JSON.stringify(body)),
    async next(accept = () => true, timeoutMs = 3000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        while (queue.length > 0) {
          const frame = queue.shift()!;
          if (accept(frame)) return frame;
        }
        const left = deadline - Date.now();
        if (left <= 0) throw new Error("timed out waiting for a frame");
        await new Promise<void>((resolve) => {
          wake = resolve;
          setTimeout(resolve, left);
        });
      }
    },
    seen,
    close: () => ws.close(),
  };
}

const onChannel = (channel: string) => (frame: Envelope) => frame.channel === channel;

let sim: Sim;

beforeAll(async () => {
  sim = await startSim({ venue: "coinbase", tickMs: 10, seed: 3 });
});

afterAll(async () => {
  await sim.close();
});

describe("coinbase simulator: socket protocol", () => {
  test("heartbeats, then level2: the snapshot and the ack, numbered with everything else on the connection", async () => {
    const client = await connect(sim.wsUrl("spot"));
    client.send({ type: "subscribe", channel: "heartbeats" });
    client.send({ type: "subscribe", product_ids: ["BTC-USD"], channel: "level2" });
    const snapshot = await client.next(onChannel("l2_data"));
    expect(snapshot.events?.[0]).toMatchObject({ type: "snapshot", product_id: "BTC-USD" });
    const ack = await client.next(onChannel("subscriptions"));
    expect(ack.events?.[0]).toEqual({ subscriptions: { heartbeats: ["heartbeats"], level2: ["BTC-USD"] } });
    await client.next(onChannel("heartbeats"));
    const update = await client.next((f) => f.channel === "l2_data" && f.events?.[0]?.type === "update");
    expect(update.events?.[0]).toMatchObject({ product_id: "BTC-USD" });
    expect(update.timestamp).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{9}Z$/);
    client.close();
    const sequences = client.seen.map((frame) => frame.sequence_num);
    expect(sequences).toEqual(sequences.map((_, i) => i));
  });

  test("a rebuilt book is never crossed and sizes are absolute (0 removes)", async () => {
    const client = await connect(sim.wsUrl("spot"));
    client.send({ type: "subscribe", product_ids: ["ETH-USD"], channel: "level2" });
    const bids = new Map<string, number>();
    const asks = new Map<string, number>();
    for (let i = 0; i < 40; i++) {
      const frame = await client.next(onChannel("l2_data"));
      for (const event of frame.events ?? []) {
        if (event.type === "snapshot") {
          bids.clear();
          asks.clear();
        }
        for (const update of event.updates as { side: string; price_level: string; new_quantity: string }[]) {
          const side = update.side === "bid" ? bids : asks;
          if (Number(update.new_quantity) === 0) side.delete(update.price_level);
          else side.set(update.price_level, Number(update.new_quantity));
        }
      }
      expect(Math.max(...[...bids.keys()].map(Number))).toBeLessThan(
        Math.min(...[...asks.keys()].map(Number)),
      );
    }
    client.close();
  });

  test("market_trades: a snapshot of recent fills, then updates newest first with the maker's side", async () => {
    const client = await connect(sim.wsUrl("spot"));
    client.send({ type: "subscribe", product_ids: ["BTC-USD"], channel: "market_trades" });
    const snapshot = await client.next(onChannel("market_trades"));
    expect(snapshot.events?.[0]?.type).toBe("snapshot");
    const update = await client.next(onChannel("market_trades"));
    const trades = update.events?.[0]?.trades as { trade_id: string; side: string; time: string }[];
    expect(update.events?.[0]?.type).toBe("update");
    expect(trades.length).toBeGreaterThan(0);
    for (const trade of trades) expect(["BUY", "SELL"]).toContain(trade.side);
    const ids = trades.map((trade) => Number(trade.trade_id));
    expect(ids).toEqual([...ids].sort((a, b) => b - a));
    client.close();
  });

  test("ticker and 5-minute candles, US futures on the linear path", async () => {
    const client = await connect(sim.wsUrl("linear"));
    client.send({ type: "subscribe", product_ids: ["BIP-20DEC30-CDE"], channel: "ticker" });
    client.send({ type: "subscribe", product_ids: ["BIP-20DEC30-CDE"], channel: "candles" });
    const ticker = await client.next(onChannel("ticker"));
    const tickers = ticker.events![0]!.tickers as { product_id: string }[];
    expect(tickers[0]?.product_id).toBe("BIP-20DEC30-CDE");
    const candles = await client.next(onChannel("candles"));
    const candle = (candles.events![0]!.candles as { start: string }[])[0]!;
    expect(Number(candle.start) % 300).toBe(0);
    client.close();
  });

  test("refusals: bad JSON, unknown type or channel, unknown product, missing product ids", async () => {
    const client = await connect(sim.wsUrl("spot"));
    const refusal = async (body: unknown) => {
      client.send(body);
      return (await client.next((f) => f.type === "error")).message;
    };
    expect(await refusal("{nope")).toBe("failure to parse message");
    expect(await refusal({ type: "hello" })).toBe("unknown message type");
    expect(await refusal({ type: "subscribe", product_ids: ["BTC-USD"], channel: "level3" })).toContain(
      "unknown channel",
    );
    expect(await refusal({ type: "subscribe", product_ids: ["NOPE-USD"], channel: "level2" })).toContain(
      "unknown product NOPE-USD",
    );
    expect(await refusal({ type: "subscribe", channel: "ticker" })).toContain("product_ids are required");
    // A spot socket does not know US futures products.
    expect(
      await refusal({ type: "subscribe", product_ids: ["BIP-20DEC30-CDE"], channel: "level2" }),
    ).toContain("unknown product");
    client.close();
  });

  test("a skipped book update leaves a hole in the connection's sequence, nothing else", async () => {
    const client = await connect(sim.wsUrl("spot"));
    client.send({ type: "subscribe", product_ids: ["ETH-BTC"], channel: "level2" });
    const first = await client.next((f) => f.channel === "l2_data" && f.events?.[0]?.type === "update");
    sim.faults.skipBookUpdate("ETH-BTC", "spot");
    let previous = first.sequence_num!;
    let holes = 0;
    for (let i = 0; i < 10; i++) {
      const frame = await client.next(onChannel("l2_data"));
      if (frame.sequence_num !== previous + 1) holes++;
      previous = frame.sequence_num!;
    }
    expect(holes).toBe(1);
    client.close();
  });

  test("unsubscribe stops the channel and is acknowledged", async () => {
    const client = await connect(sim.wsUrl("spot"));
    client.send({ type: "subscribe", product_ids: ["BTC-USD"], channel: "ticker" });
    await client.next(onChannel("subscriptions"));
    client.send({ type: "unsubscribe", product_ids: ["BTC-USD"], channel: "ticker" });
    const ack = await client.next(onChannel("subscriptions"));
    expect(ack.events?.[0]).toEqual({ subscriptions: {} });
    client.close();
  });
});

describe("coinbase simulator: REST", () => {
  const get = async (path: string) => {
    const response = await fetch(`${sim.restUrl}${path}`);
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  };

  test("products by type, one product, book, trades, candles", async () => {
    const spot = await get("/api/v3/brokerage/market/products?product_type=SPOT");
    expect((spot.body.products as { product_id: string }[]).map((p) => p.product_id)).toEqual([
      "BTC-USD",
      "ETH-USD",
      "ETH-BTC",
    ]);
    const futures = await get("/api/v3/brokerage/market/products?product_type=FUTURE");
    expect((futures.body.products as { product_id: string }[]).map((p) => p.product_id)).toEqual([
      "BIP-20DEC30-CDE",
      "BIT-29JAN27-CDE",
    ]);
    const product = await get("/api/v3/brokerage/market/products/BIP-20DEC30-CDE");
    expect(product.body).toMatchObject({
      product_type: "FUTURE",
      future_product_details: { contract_code: "BIP", contract_root_unit: "BTC", funding_interval: "3600s" },
    });
    const book = await get("/api/v3/brokerage/market/product_book?product_id=BTC-USD&limit=5");
    const pricebook = book.body.pricebook as { bids: unknown[]; asks: unknown[]; time: string };
    expect(pricebook.bids).toHaveLength(5);
    expect(pricebook.asks).toHaveLength(5);
    const trades = await get("/api/v3/brokerage/market/products/BTC-USD/ticker?limit=3");
    expect((trades.body.trades as unknown[]).length).toBeLessThanOrEqual(3);
    const nowS = Math.floor(Date.now() / 1000);
    const candles = await get(
      `/api/v3/brokerage/market/products/BTC-USD/candles?start=${nowS - 3600}&end=${nowS}&granularity=FIVE_MINUTE`,
    );
    const starts = (candles.body.candles as { start: string }[]).map((c) => Number(c.start));
    expect(starts.length).toBeGreaterThan(10);
    expect(starts).toEqual([...starts].sort((a, b) => b - a));
  });

  test("Coinbase error bodies: unknown product 404, missing arguments 400, injected 429", async () => {
    expect(await get("/api/v3/brokerage/market/products/NOPE-USD")).toEqual({
      status: 404,
      body: { error: "NOT_FOUND", error_details: "ProductID is invalid", message: "ProductID is invalid" },
    });
    expect((await get("/api/v3/brokerage/market/products/BTC-USD/ticker")).status).toBe(400);
    expect(
      (await get("/api/v3/brokerage/market/products/BTC-USD/candles?granularity=ONE_MINUTE")).status,
    ).toBe(400);
    sim.faults.restStatus(429, 1);
    expect(await get("/api/v3/brokerage/market/products?product_type=SPOT")).toEqual({
      status: 429,
      body: { error: "RATE_LIMIT_EXCEEDED", message: "Too many requests" },
    });
  });
});
