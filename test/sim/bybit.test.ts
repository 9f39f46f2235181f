// Tests of the Bybit simulator through Bun's own WebSocket client and fetch: the v5 op protocol (subscribe, ping,
// errors, spot's 10-topic cap), book snapshots and `u`-chained deltas that a later snapshot confirms, ticker deltas,
// faults, REST shapes; and dig3's Bybit parser reading every kind of frame the simulator sends.

import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import type { Account } from "../../src/core/index.ts";
import type { ParseContext } from "../../src/exchanges/_shared/adapter.ts";
import { bybit } from "../../src/exchanges/bybit/index.ts";
import { canonicalOfNative } from "../../src/exchanges/bybit/symbols.ts";
import { type Sim, startSim } from "./index.ts";

interface Client {
  ws: WebSocket;
  /** The next text frame that passes `accept` (frames before it are consumed). */
  next(accept?: (frame: Frame) => boolean, timeoutMs?: number): Promise<Frame>;
  send(body: Record<string, unknown>): void;
  close(): void;
}

type Frame = Record<string, unknown> & { text: string };

async function connect(url: string): Promise<Client> {
  const ws = new WebSocket(url);
  const queue: string[] = [];
  let wake: (() => void) | undefined;
  ws.addEventListener("message", (event) => {
    queue.push(String(event.data));
    wake?.();
  });
  await new Promise<void>((resolve, reject) => {
    ws.addEventListener("open", () => resolve(), { once: true });
    ws.addEventListener("error", () => reject(new Error(`cannot connect to ${url}`)), { once: true });
  });
  return {
    ws,
    async next(accept = () => true, timeoutMs = 3000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        while (queue.length > 0) {
          const text = queue.shift() as string;
          const frame = { ...(JSON.parse(text) as Record<string, unknown>), text };
          if (accept(frame)) return frame;
        }
        const left = deadline - Date.now();
        if (left <= 0 || ws.readyState === WebSocket.CLOSED) throw new Error("timed out waiting for a frame");
        await new Promise<void>((resolve) => {
          wake = resolve;
          setTimeout(resolve, left);
        });
      }
    },
    send: (body) => ws.send(JSON.stringify(body)),
    close: () => ws.close(),
  };
}

interface BookData {
  s: string;
  b: string[][];
  a: string[][];
  u: number;
  seq: number;
}

const isTopic = (topic: string) => (frame: Frame) => frame.topic === topic;

function applyLevels(side: Map<string, string>, levels: string[][]): void {
  for (const [price, qty] of levels) {
    if (Number(qty) === 0) side.delete(price!);
    else side.set(price!, qty!);
  }
}

function bestOf(side: Map<string, string>, pick: (a: number, b: number) => number): number {
  return [...side.keys()].map(Number).reduce((best, price) => pick(best, price));
}

let sim: Sim;

beforeAll(async () => {
  sim = await startSim({ venue: "bybit", tickMs: 10, seed: 7 });
});

afterAll(async () => {
  await sim.close();
});

describe("bybit simulator: protocol", () => {
  test("ping gets Bybit's pong: spot without req_id, derivatives echo it", async () => {
    const spot = await connect(sim.wsUrl("spot"));
    spot.send({ op: "ping" });
    expect(await spot.next()).toMatchObject({ success: true, ret_msg: "pong", op: "ping" });
    const linear = await connect(sim.wsUrl("linear"));
    linear.send({ req_id: "100001", op: "ping" });
    const pong = await linear.next();
    expect(pong).toMatchObject({ success: true, ret_msg: "pong", req_id: "100001", op: "ping" });
    expect(typeof pong.conn_id).toBe("string");
    spot.close();
    linear.close();
  });

  test("refused requests: spot's 10-topic cap, unknown topics, double subscriptions, bad JSON", async () => {
    const spot = await connect(sim.wsUrl("spot"));
    spot.send({
      req_id: "1",
      op: "subscribe",
      args: Array.from({ length: 11 }, (_, i) => `publicTrade.C${i}USDT`),
    });
    expect(await spot.next()).toMatchObject({
      success: false,
      ret_msg: "args size >10",
      req_id: "1",
      op: "subscribe",
    });
    spot.send({ req_id: "2", op: "subscribe", args: ["orderbook.7.BTCUSDT"] });
    expect(await spot.next()).toMatchObject({
      success: false,
      ret_msg: "error:handler not found,topic:orderbook.7.BTCUSDT",
    });
    spot.send({ req_id: "3", op: "subscribe", args: ["allLiquidation.BTCUSDT"] });
    expect(await spot.next()).toMatchObject({ success: false, req_id: "3" });
    spot.send({ req_id: "4", op: "subscribe", args: ["publicTrade.BTCUSDT"] });
    expect(await spot.next((frame) => "op" in frame)).toMatchObject({ success: true, ret_msg: "subscribe" });
    spot.send({ req_id: "5", op: "subscribe", args: ["publicTrade.BTCUSDT"] });
    expect(await spot.next((frame) => "op" in frame)).toMatchObject({
      success: false,
      ret_msg: "error:already subscribed,topic:publicTrade.BTCUSDT",
    });
    spot.ws.send("{nope");
    expect(await spot.next((frame) => "success" in frame)).toMatchObject({ success: false });
    spot.close();
  });

  test("every frame the simulator sends is one dig3's parser classifies without a miss", async () => {
    const linear = await connect(sim.wsUrl("linear"));
    const topics = [
      "publicTrade.BTCUSDT",
      "orderbook.50.BTCUSDT",
      "orderbook.1.BTCUSDT",
      "kline.1.BTCUSDT",
      "tickers.BTCUSDT",
      "allLiquidation.BTCUSDT",
    ];
    linear.send({ req_id: "9", op: "subscribe", args: topics });
    linear.send({ op: "ping" });
    const context: ParseContext = {
      exchange: "bybit",
      account: "linear" as Account,
      recvTsUs: Date.now() * 1000,
      symbolOf: (native) => canonicalOfNative(native, "linear") ?? native,
      session: new Map(),
    };
    const required = [
      "ack",
      "book",
      "funding_rate",
      "kline",
      "mark_price",
      "open_interest",
      "pong",
      "ticker",
      "trade",
    ];
    const seen = new Set<string>();
    const deadline = Date.now() + 4000;
    while (Date.now() < deadline && !required.every((kind) => seen.has(kind))) {
      const frame = await linear.next();
      const parsed = bybit.ws.parse(frame.text, context);
      expect(["events", "ack", "pong", "ignored"]).toContain(parsed.kind);
      if (parsed.kind === "events") for (const event of parsed.events) seen.add(event.kind);
      else seen.add(parsed.kind);
    }
    expect(required.filter((kind) => !seen.has(kind))).toEqual([]);
    linear.close();
  });
});

describe("bybit simulator: data", () => {
  test("trades: batches of rows per step, the ground truth matches", async () => {
    const client = await connect(sim.wsUrl("spot"));
    client.send({ op: "subscribe", args: ["publicTrade.ETHUSDT"] });
    const received: unknown[] = [];
    const ids: number[] = [];
    while (ids.length < 20) {
      const frame = await client.next(isTopic("publicTrade.ETHUSDT"));
      const { text: _text, ...payload } = frame;
      received.push(payload);
      for (const row of frame.data as Array<{ i: string; s: string; S: string }>) {
        expect(row.s).toBe("ETHUSDT");
        expect(["Buy", "Sell"]).toContain(row.S);
        ids.push(Number(row.i));
      }
    }
    for (let i = 1; i < ids.length; i++) expect(ids[i]).toBe(ids[i - 1]! + 1);
    expect(sim.sentFrames("publicTrade.ETHUSDT", "spot").slice(0, received.length)).toEqual(received);
    client.close();
  });

  test("book: snapshot then deltas with u + 1; a later subscriber's snapshot equals the rebuilt book", async () => {
    const first = await connect(sim.wsUrl("linear"));
    first.send({ op: "subscribe", args: ["orderbook.50.ETHUSDT"] });
    const snapshot = await first.next(isTopic("orderbook.50.ETHUSDT"));
    expect(snapshot.type).toBe("snapshot");
    const bids = new Map<string, string>();
    const asks = new Map<string, string>();
    let data = snapshot.data as BookData;
    applyLevels(bids, data.b);
    applyLevels(asks, data.a);
    expect(bids.size).toBe(50);
    expect(asks.size).toBe(50);
    let lastU = data.u;
    for (let applied = 0; applied < 30; applied++) {
      const delta = await first.next(isTopic("orderbook.50.ETHUSDT"));
      expect(delta.type).toBe("delta");
      data = delta.data as BookData;
      expect(data.u).toBe(lastU + 1);
      lastU = data.u;
      applyLevels(bids, data.b);
      applyLevels(asks, data.a);
      expect(bestOf(bids, Math.max)).toBeLessThan(bestOf(asks, Math.min));
      expect(bids.size).toBeLessThanOrEqual(50);
    }
    const second = await connect(sim.wsUrl("linear"));
    second.send({ op: "subscribe", args: ["orderbook.50.ETHUSDT"] });
    const later = (await second.next(isTopic("orderbook.50.ETHUSDT"))).data as BookData;
    while (lastU < later.u) {
      data = (await first.next(isTopic("orderbook.50.ETHUSDT"))).data as BookData;
      expect(data.u).toBe(lastU + 1);
      lastU = data.u;
      applyLevels(bids, data.b);
      applyLevels(asks, data.a);
    }
    expect(lastU).toBe(later.u);
    expect(new Map(later.b.map(([price, qty]) => [price!, qty!]))).toEqual(bids);
    expect(new Map(later.a.map(([price, qty]) => [price!, qty!]))).toEqual(asks);
    first.close();
    second.close();
  });

  test("level 1 is snapshots only", async () => {
    const client = await connect(sim.wsUrl("inverse"));
    client.send({ op: "subscribe", args: ["orderbook.1.BTCUSD"] });
    for (let i = 0; i < 5; i++) {
      const frame = await client.next(isTopic("orderbook.1.BTCUSD"));
      expect(frame.type).toBe("snapshot");
      const data = frame.data as BookData;
      expect(data.b.length).toBe(1);
      expect(data.a.length).toBe(1);
    }
    client.close();
  });

  test("tickers: a full snapshot, then deltas of changed fields only; spot snapshots without best bid/ask", async () => {
    const linear = await connect(sim.wsUrl("linear"));
    linear.send({ op: "subscribe", args: ["tickers.BTCPERP"] });
    const snapshot = await linear.next(isTopic("tickers.BTCPERP"));
    expect(snapshot.type).toBe("snapshot");
    expect(Object.keys(snapshot.data as object).sort()).toEqual(
      [
        "symbol",
        "lastPrice",
        "prevPrice24h",
        "price24hPcnt",
        "highPrice24h",
        "lowPrice24h",
        "turnover24h",
        "volume24h",
        "markPrice",
        "indexPrice",
        "openInterest",
        "openInterestValue",
        "nextFundingTime",
        "fundingRate",
        "bid1Price",
        "bid1Size",
        "ask1Price",
        "ask1Size",
      ].sort(),
    );
    const delta = await linear.next(isTopic("tickers.BTCPERP"));
    expect(delta.type).toBe("delta");
    expect(Object.keys(delta.data as object).length).toBeLessThan(18);
    expect((delta.data as { symbol: string }).symbol).toBe("BTCPERP");
    const spot = await connect(sim.wsUrl("spot"));
    spot.send({ op: "subscribe", args: ["tickers.BTCUSDT"] });
    const spotTicker = await spot.next(isTopic("tickers.BTCUSDT"));
    expect(spotTicker.type).toBe("snapshot");
    expect(spotTicker.data).not.toHaveProperty("bid1Price");
    linear.close();
    spot.close();
  });

  test("unsubscribe stops the topic", async () => {
    const client = await connect(sim.wsUrl("spot"));
    client.send({ op: "subscribe", args: ["publicTrade.BTCUSDT"] });
    await client.next(isTopic("publicTrade.BTCUSDT"));
    client.send({ req_id: "u1", op: "unsubscribe", args: ["publicTrade.BTCUSDT"] });
    expect(await client.next((frame) => frame.op === "unsubscribe")).toMatchObject({
      success: true,
      req_id: "u1",
    });
    await Bun.sleep(100);
    await expect(client.next(isTopic("publicTrade.BTCUSDT"), 200)).rejects.toThrow("timed out");
    client.close();
  });

  test("skipBookUpdate drops one delta: the next one skips a u", async () => {
    const client = await connect(sim.wsUrl("spot"));
    client.send({ op: "subscribe", args: ["orderbook.200.ETHUSDT"] });
    let lastU = ((await client.next(isTopic("orderbook.200.ETHUSDT"))).data as BookData).u;
    lastU = ((await client.next(isTopic("orderbook.200.ETHUSDT"))).data as BookData).u;
    sim.faults.skipBookUpdate("ETHUSDT", "spot");
    const next = ((await client.next(isTopic("orderbook.200.ETHUSDT"))).data as BookData).u;
    expect(next).toBe(lastU + 2);
    client.close();
  });
});

describe("bybit simulator: REST", () => {
  const get = async (path: string) => {
    const response = await fetch(`${sim.restUrl}${path}`);
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  };

  test("instruments, tickers and book in the v5 envelope", async () => {
    const instruments = await get("/v5/market/instruments-info?category=linear");
    expect(instruments.body).toMatchObject({ retCode: 0, retMsg: "OK" });
    const list = (instruments.body.result as { list: Array<{ symbol: string; settleCoin: string }> }).list;
    expect(list.map((row) => row.symbol)).toEqual(["BTCUSDT", "ETHUSDT", "BTCPERP"]);
    expect(list.find((row) => row.symbol === "BTCPERP")?.settleCoin).toBe("USDC");
    const ticker = await get("/v5/market/tickers?category=spot&symbol=BTCUSDT");
    expect((ticker.body.result as { list: unknown[] }).list[0]).toHaveProperty("bid1Price");
    const book = await get("/v5/market/orderbook?category=inverse&symbol=BTCUSD&limit=5");
    const result = book.body.result as BookData;
    expect(result.b.length).toBe(5);
    expect(Number(result.b[0]![0])).toBeLessThan(Number(result.a[0]![0]));
    expect(typeof result.u).toBe("number");
  });

  test("trades newest first, klines newest first, funding and open interest on contracts", async () => {
    await get("/v5/market/tickers?category=linear&symbol=ETHUSDT");
    await Bun.sleep(100);
    const trades = (await get("/v5/market/recent-trade?category=linear&symbol=ETHUSDT&limit=5")).body
      .result as {
      list: Array<{ time: string }>;
    };
    expect(trades.list.length).toBe(5);
    expect(Number(trades.list[0]!.time)).toBeGreaterThanOrEqual(Number(trades.list[4]!.time));
    const klines = (await get("/v5/market/kline?category=linear&symbol=ETHUSDT&interval=60&limit=3")).body
      .result as { list: string[][] };
    expect(klines.list.length).toBe(3);
    expect(Number(klines.list[0]![0])).toBeGreaterThan(Number(klines.list[1]![0]));
    const funding = (await get("/v5/market/funding/history?category=linear&symbol=ETHUSDT&limit=3")).body
      .result as { list: Array<{ fundingRateTimestamp: string }> };
    expect(funding.list.length).toBe(3);
    const oi = (
      await get("/v5/market/open-interest?category=inverse&symbol=BTCUSD&intervalTime=5min&limit=2")
    ).body.result as { list: unknown[] };
    expect(oi.list.length).toBe(2);
  });

  test("request errors come as retCode with HTTP 200; injected faults use Bybit's bodies", async () => {
    expect((await get("/v5/market/tickers?category=spot&symbol=NOPEUSDT")).body).toMatchObject({
      retCode: 10001,
      retMsg: "params error: symbol invalid",
    });
    expect((await get("/v5/market/orderbook?symbol=BTCUSDT")).body).toMatchObject({ retCode: 10001 });
    expect((await get("/v5/market/funding/history?category=spot&symbol=BTCUSDT")).body).toMatchObject({
      retCode: 10001,
    });
    sim.faults.restStatus(429, 1, 2);
    const limited = await get("/v5/market/time");
    expect(limited.status).toBe(429);
    expect(limited.body).toMatchObject({ retCode: 10006, retMsg: "Too many visits!" });
    expect((await fetch(`${sim.restUrl}/v5/market/nope`)).status).toBe(404);
  });
});
