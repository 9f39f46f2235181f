// Tests of the Kraken simulator itself, through Bun's own WebSocket client and fetch (no dig3 code): spot v2 acks,
// snapshots, depth-scoped books whose checksums match an independently kept book, trades against the ground truth,
// ping; futures v1 book seq chain, trades, liquidations, ticker; faults; REST for both markets.

import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { type Sim, startSim } from "./index.ts";

interface Client {
  send(body: unknown): void;
  /** Waits for the next frame (parsed with prices and quantities kept as text) that passes `accept`. */
  next(accept?: (frame: Frame) => boolean, timeoutMs?: number): Promise<Frame>;
  close(): void;
}

type Frame = Record<string, unknown>;

/** Keeps `price` / `qty` numbers as their wire text, as Kraken's checksum needs. */
function parseExact(text: string): Frame {
  return JSON.parse(text, (key, value, context?: { source?: string }) =>
    (key === "price" || key === "qty") && typeof value === "number" && context?.source
      ? context.source
      : value,
  ) as Frame;
}

async function connectClient(url: string): Promise<Client> {
  const ws = new WebSocket(url);
  const queue: Frame[] = [];
  let wake: (() => void) | undefined;
  ws.addEventListener("message", (event) => {
    queue.push(parseExact(String(event.data)));
    wake?.();
  });
  ws.addEventListener("close", () => wake?.());
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
          const frame = queue.shift() as Frame;
          if (accept(frame)) return frame;
        }
        if (ws.readyState === WebSocket.CLOSED) throw new Error("socket closed while waiting");
        const left = deadline - Date.now();
        if (left <= 0) throw new Error("timed out waiting for a frame");
        await new Promise<void>((resolve) => {
          wake = resolve;
          setTimeout(resolve, left);
        });
      }
    },
    close: () => ws.close(),
  };
}

type TextLevel = { price: string; qty: string };

/** A client-side v2 book: levels by price text, truncated to the subscribed depth as Kraken asks. */
function createTextBook(depth: number) {
  const bids = new Map<string, string>();
  const asks = new Map<string, string>();
  const sorted = (side: Map<string, string>, descending: boolean) =>
    [...side.entries()].sort((a, b) =>
      descending ? Number(b[0]) - Number(a[0]) : Number(a[0]) - Number(b[0]),
    );
  const apply = (side: Map<string, string>, levels: TextLevel[], descending: boolean) => {
    for (const { price, qty } of levels) {
      if (Number(qty) === 0) side.delete(price);
      else side.set(price, qty);
    }
    for (const [price] of sorted(side, descending).slice(depth)) side.delete(price);
  };
  return {
    apply(data: { bids?: TextLevel[]; asks?: TextLevel[] }) {
      apply(bids, data.bids ?? [], true);
      apply(asks, data.asks ?? [], false);
    },
    checksum(): number {
      const strip = (text: string) => text.replace(".", "").replace(/^0+/, "");
      const top = [...sorted(asks, false).slice(0, 10), ...sorted(bids, true).slice(0, 10)];
      return Bun.hash.crc32(top.map(([price, qty]) => strip(price) + strip(qty)).join("")) >>> 0;
    },
    bestBid: () => Number(sorted(bids, true)[0]?.[0]),
    bestAsk: () => Number(sorted(asks, false)[0]?.[0]),
    size: () => [bids.size, asks.size],
  };
}

interface BookData {
  bids: TextLevel[];
  asks: TextLevel[];
  checksum: number;
}

function bookDataOf(frame: Frame): BookData {
  return (frame.data as BookData[])[0]!;
}

let sim: Sim;

beforeAll(async () => {
  sim = await startSim({ venue: "kraken", tickMs: 10, seed: 5 });
});

afterAll(async () => {
  await sim.close();
});

const isChannel = (channel: string, type?: string) => (frame: Frame) =>
  frame.channel === channel && (type === undefined || frame.type === type);

describe("kraken simulator, spot WebSocket v2", () => {
  test("book depth 10: ack, snapshot, then updates whose checksums match a client book cut to depth", async () => {
    const client = await connectClient(sim.wsUrl("spot"));
    client.send({
      method: "subscribe",
      params: { channel: "book", symbol: ["BTC/USD"], depth: 10 },
      req_id: 4,
    });
    const ack = await client.next((frame) => frame.method === "subscribe");
    expect(ack).toMatchObject({
      method: "subscribe",
      result: { channel: "book", symbol: "BTC/USD", depth: 10, snapshot: true },
      success: true,
      req_id: 4,
    });
    const snapshot = await client.next(isChannel("book", "snapshot"));
    const [snapshotData] = snapshot.data as Array<{ bids: TextLevel[]; asks: TextLevel[]; checksum: number }>;
    expect(snapshotData!.bids).toHaveLength(10);
    expect(snapshotData!.bids[0]!.price).toMatch(/^\d+\.\d$/);
    expect(snapshotData!.bids[0]!.qty).toMatch(/^\d+\.\d{8}$/);
    const book = createTextBook(10);
    book.apply(snapshotData!);
    expect(book.checksum()).toBe(snapshotData!.checksum);
    for (let i = 0; i < 40; i++) {
      const update = await client.next(isChannel("book", "update"));
      const [data] = update.data as Array<{ bids: TextLevel[]; asks: TextLevel[]; checksum: number }>;
      book.apply(data!);
      expect(book.checksum()).toBe(data!.checksum);
      expect(book.bestBid()).toBeLessThan(book.bestAsk());
      expect(book.size()).toEqual([10, 10]);
    }
    client.close();
  });

  test("corruptChecksum: the next update carries a checksum the book does not have, then all is normal", async () => {
    const client = await connectClient(sim.wsUrl("spot"));
    client.send({ method: "subscribe", params: { channel: "book", symbol: ["ETH/USD"], depth: 1000 } });
    const snapshot = await client.next(isChannel("book", "snapshot"));
    const book = createTextBook(1000);
    book.apply(bookDataOf(snapshot));
    book.apply(bookDataOf(await client.next(isChannel("book", "update"))));
    sim.faults.corruptChecksum("ETH/USD", "spot");
    const results: boolean[] = [];
    for (let i = 0; i < 5; i++) {
      const data = bookDataOf(await client.next(isChannel("book", "update")));
      book.apply(data);
      results.push(book.checksum() === data.checksum);
    }
    expect(results).toEqual([false, true, true, true, true]);
    client.close();
  });

  test("trades: taker side, increasing ids, exactly the ground truth; ping → pong", async () => {
    const client = await connectClient(sim.wsUrl("spot"));
    client.send({ method: "subscribe", params: { channel: "trade", symbol: ["SOL/EUR"] }, req_id: 9 });
    expect(await client.next((frame) => frame.method === "subscribe")).toMatchObject({
      success: true,
      result: { channel: "trade", symbol: "SOL/EUR", snapshot: false },
    });
    const ids: number[] = [];
    while (ids.length < 20) {
      const frame = await client.next(isChannel("trade", "update"));
      for (const trade of frame.data as Array<{ trade_id: number; side: string; timestamp: string }>) {
        expect(["buy", "sell"]).toContain(trade.side);
        expect(trade.timestamp).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/);
        ids.push(trade.trade_id);
      }
    }
    for (let i = 1; i < ids.length; i++) expect(ids[i]!).toBe(ids[i - 1]! + 1);
    const truth = sim
      .sentFrames("trade:SOL/EUR", "spot")
      .flatMap((frame) =>
        (frame as { data: Array<{ trade_id: number }> }).data.map((trade) => trade.trade_id),
      );
    expect(truth.slice(0, ids.length)).toEqual(ids);
    client.send({ method: "ping", req_id: 77 });
    expect(await client.next((frame) => frame.method === "pong")).toMatchObject({
      method: "pong",
      req_id: 77,
    });
    client.close();
  });

  test("ticker and ohlc snapshots then updates; unknown pairs and bad depths are refused", async () => {
    const client = await connectClient(sim.wsUrl("spot"));
    client.send({ method: "subscribe", params: { channel: "ticker", symbol: ["BTC/USD"] } });
    client.send({ method: "subscribe", params: { channel: "ohlc", symbol: ["BTC/USD"], interval: 5 } });
    const ticker = await client.next(isChannel("ticker", "snapshot"));
    expect((ticker.data as Array<Record<string, unknown>>)[0]).toMatchObject({ symbol: "BTC/USD" });
    const ohlc = await client.next(isChannel("ohlc", "snapshot"));
    expect((ohlc.data as Array<Record<string, unknown>>).map((bar) => bar.interval)).toEqual([5, 5]);
    await client.next(isChannel("ticker", "update"));
    await client.next(isChannel("ohlc", "update"));
    await client.next(isChannel("heartbeat"), 5000);
    client.send({ method: "subscribe", params: { channel: "book", symbol: ["XYZ/USD"] } });
    expect(await client.next((frame) => frame.success === false)).toMatchObject({
      error: "Currency pair not supported XYZ/USD",
      symbol: "XYZ/USD",
    });
    client.send({ method: "subscribe", params: { channel: "book", symbol: ["BTC/USD"], depth: 7 } });
    expect(await client.next((frame) => frame.success === false)).toMatchObject({ error: "Invalid depth 7" });
    client.close();
  });
});

describe("kraken simulator, Futures WebSocket v1", () => {
  test("book: subscribed, book_snapshot, then one-level deltas with seq + 1; skipBookUpdate leaves a gap", async () => {
    const client = await connectClient(sim.wsUrl("linear"));
    client.send({ event: "subscribe", feed: "book", product_ids: ["PF_XBTUSD"] });
    expect(await client.next((frame) => frame.event === "subscribed")).toEqual({
      event: "subscribed",
      feed: "book",
      product_ids: ["PF_XBTUSD"],
    });
    const snapshot = await client.next((frame) => frame.feed === "book_snapshot");
    expect(snapshot).toMatchObject({ product_id: "PF_XBTUSD", tickSize: null });
    let seq = snapshot.seq as number;
    for (let i = 0; i < 30; i++) {
      const delta = await client.next((frame) => frame.feed === "book");
      expect(delta.seq).toBe(seq + 1);
      expect(["buy", "sell"]).toContain(delta.side as string);
      seq = delta.seq as number;
    }
    sim.faults.skipBookUpdate("PF_XBTUSD", "linear");
    let gap = false;
    for (let i = 0; i < 30 && !gap; i++) {
      const delta = await client.next((frame) => frame.feed === "book");
      gap = delta.seq !== seq + 1;
      seq = delta.seq as number;
    }
    expect(gap).toBe(true);
    client.close();
  });

  test("trades and the ticker with funding, mark price and open interest; bad products are refused", async () => {
    const client = await connectClient(sim.wsUrl("inverse"));
    client.send({ event: "subscribe", feed: "trade", product_ids: ["PI_XBTUSD"] });
    client.send({ event: "subscribe", feed: "ticker", product_ids: ["PI_XBTUSD"] });
    expect(await client.next((frame) => frame.feed === "trade_snapshot")).toMatchObject({
      product_id: "PI_XBTUSD",
    });
    const trade = await client.next((frame) => frame.feed === "trade");
    expect(trade).toMatchObject({
      product_id: "PI_XBTUSD",
      type: expect.stringMatching(/^(fill|liquidation)$/),
    });
    expect(trade.uid).toMatch(/^[0-9a-f]{8}-0000-4000-8000-[0-9a-f]{12}$/);
    const ticker = await client.next((frame) => frame.feed === "ticker");
    expect(ticker).toMatchObject({ product_id: "PI_XBTUSD", tag: "perpetual" });
    for (const field of [
      "relative_funding_rate",
      "next_funding_rate_time",
      "markPrice",
      "index",
      "openInterest",
    ])
      expect(typeof ticker[field]).toBe("number");
    client.send({ event: "subscribe", feed: "book", product_ids: ["PF_XBTUSD"] });
    expect(await client.next((frame) => frame.event === "error")).toEqual({
      event: "error",
      message: "Invalid product id",
    });
    client.send("not json");
    expect(await client.next((frame) => frame.event === "error")).toEqual({
      event: "error",
      message: "Json Error",
    });
    client.close();
  });
});

describe("kraken simulator, REST", () => {
  const get = async (path: string) =>
    // biome-ignore lint/suspicious/noExplicitAny: venue bodies, checked field by field below
    (await fetch(`${sim.restUrl}${path}`)).json() as Promise<Record<string, any>>;

  test("spot: AssetPairs, Ticker, Depth, Trades, OHLC in Kraken's envelope; unknown pairs are errors", async () => {
    const pairs = await get("/0/public/AssetPairs");
    expect(pairs.error).toEqual([]);
    expect(pairs.result.XXBTZUSD).toMatchObject({ altname: "XBTUSD", wsname: "XBT/USD", status: "online" });
    const ticker = await get("/0/public/Ticker?pair=XBTUSD");
    expect(Number(ticker.result.XXBTZUSD.c[0])).toBeGreaterThan(0);
    const depth = await get("/0/public/Depth?pair=XBTUSD&count=5");
    expect(depth.result.XXBTZUSD.bids).toHaveLength(5);
    const trades = await get("/0/public/Trades?pair=XBTUSD&count=3");
    expect(trades.result.XXBTZUSD.length).toBeLessThanOrEqual(3);
    const ohlc = await get("/0/public/OHLC?pair=XBTUSD&interval=5");
    expect(ohlc.result.XXBTZUSD.length).toBe(720);
    expect(ohlc.result.XXBTZUSD[0]).toHaveLength(8);
    expect((await get("/0/public/Ticker?pair=NOPEUSD")).error).toEqual(["EQuery:Unknown asset pair"]);
  });

  test("futures: instruments, tickers, orderbook, history, candles, funding", async () => {
    const instruments = await get("/derivatives/api/v3/instruments");
    expect(instruments.instruments.map((row: { symbol: string }) => row.symbol)).toEqual([
      "PF_XBTUSD",
      "PF_ETHUSD",
      "PI_XBTUSD",
      "PI_ETHUSD",
    ]);
    const tickers = await get("/derivatives/api/v3/tickers");
    expect(tickers.tickers.find((row: { symbol: string }) => row.symbol === "PF_ETHUSD")).toMatchObject({
      tag: "perpetual",
    });
    const book = await get("/derivatives/api/v3/orderbook?symbol=PI_ETHUSD");
    expect(book.orderBook.bids[0][0]).toBeLessThan(book.orderBook.asks[0][0]);
    expect((await get("/derivatives/api/v3/history?symbol=PF_XBTUSD")).result).toBe("success");
    const nowS = Math.floor(Date.now() / 1000);
    const candles = await get(`/api/charts/v1/trade/PF_XBTUSD/1h?from=${nowS - 10 * 3600}&to=${nowS}`);
    expect(candles.candles.length).toBeGreaterThanOrEqual(10);
    const funding = await get("/derivatives/api/v4/historicalfundingrates?symbol=PF_XBTUSD");
    expect(funding.rates).toHaveLength(500);
    expect((await fetch(`${sim.restUrl}/derivatives/api/v3/orderbook?symbol=PF_NOPE`)).status).toBe(404);
  });
});
