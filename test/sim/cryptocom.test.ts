// Tests of the Crypto.com simulator itself, through Bun's own WebSocket client and fetch: the market-data protocol
// (acks per channel, 40003 refusals, heartbeats), the book snapshot then deltas chained by u/pu inside a 50-level
// window, trades against the ground truth, ticker / candlestick / mark / index / funding pushes, faults, REST and
// recorded replay.

import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { resolveWireDir, type Sim, type SimAccount, startSim } from "./index.ts";

interface Frame {
  id?: number;
  method?: string;
  code?: number;
  message?: string;
  channel?: string;
  result?: {
    instrument_name: string;
    subscription: string;
    channel: string;
    depth?: number;
    data: unknown[];
  };
}

interface Client {
  send(body: unknown): void;
  /** Sends a subscribe (or other) request and returns its id. */
  request(method: string, params?: Record<string, unknown>): number;
  /** The next frame that passes `accept`; frames before it are consumed. */
  next(accept?: (frame: Frame) => boolean, timeoutMs?: number): Promise<Frame>;
  close(): void;
}

async function connect(sim: Sim, account: SimAccount): Promise<Client> {
  const ws = new WebSocket(sim.wsUrl(account));
  const queue: Frame[] = [];
  let wake: (() => void) | undefined;
  ws.addEventListener("message", (event) => {
    queue.push(JSON.parse(String(event.data)) as Frame);
    wake?.();
  });
  await new Promise<void>((resolve, reject) => {
    ws.addEventListener("open", () => resolve(), { once: true });
    ws.addEventListener("error", () => reject(new Error("cannot connect")), { once: true });
  });
  let nextId = 1;
  const next = async (accept: (frame: Frame) => boolean = () => true, timeoutMs = 3000) => {
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
  };
  const send = (body: unknown) => ws.send(typeof body === "string" ? body : JSON.stringify(body));
  return {
    send,
    next,
    request(method, params = {}) {
      const id = nextId++;
      send({ id, method, params, nonce: Date.now() });
      return id;
    },
    close: () => ws.close(),
  };
}

const BOOK_PARAMS = { book_subscription_type: "SNAPSHOT_AND_UPDATE", book_update_frequency: 100 };
const onSubscription = (subscription: string) => (frame: Frame) =>
  frame.result?.subscription === subscription;
type Level = [string, string, string];

function applyLevels(side: Map<number, number>, levels: Level[]): void {
  for (const [price, qty] of levels) {
    if (Number(qty) === 0) side.delete(Number(price));
    else side.set(Number(price), Number(qty));
  }
}

type Json = Record<string, unknown>;

async function rest(sim: Sim, method: string, query: Record<string, string | number>) {
  const params = new URLSearchParams(
    Object.entries(query).map(([key, value]): [string, string] => [key, String(value)]),
  );
  const response = await fetch(`${sim.restUrl}/exchange/v1/public/${method}?${params}`);
  const body = (await response.json()) as { code: number; message?: string; result: { data: Json[] } & Json };
  return { status: response.status, body };
}

let sim: Sim;

beforeAll(async () => {
  sim = await startSim({ venue: "cryptocom", tickMs: 10, seed: 7 });
});

afterAll(async () => {
  await sim.close();
});

describe("cryptocom simulator, protocol", () => {
  test("one ack per channel; unknown symbols, depths, channels and methods answer 40003", async () => {
    const client = await connect(sim, "linear");
    const id = client.request("subscribe", {
      channels: [
        "trade.BTCUSD-PERP",
        "trade.NOPEUSD-PERP",
        "book.BTCUSD-PERP.20",
        "bogus.channel",
        "trade.BTC_USDT",
      ],
      ...BOOK_PARAMS,
    });
    const all: Frame[] = [];
    for (let i = 0; i < 5; i++) all.push(await client.next((f) => f.id === id && !f.result));
    expect(all.find((f) => f.channel === "trade.BTCUSD-PERP")).toMatchObject({
      code: 0,
      method: "subscribe",
    });
    expect(all.find((f) => f.channel === "trade.NOPEUSD-PERP")).toMatchObject({
      code: 40003,
      message: "Unknown symbol",
    });
    expect(all.find((f) => f.channel === "book.BTCUSD-PERP.20")).toMatchObject({
      code: 40003,
      message: "Invalid depth",
    });
    expect(all.find((f) => f.channel === "bogus.channel")).toMatchObject({
      code: 40003,
      message: "Unrecognized channel",
    });
    // A spot pair is not on the linear socket of the simulator.
    expect(all.find((f) => f.channel === "trade.BTC_USDT")).toMatchObject({ code: 40003 });
    const other = client.request("public/nope");
    expect(await client.next((f) => f.id === other)).toMatchObject({
      code: 40003,
      message: "No such method",
    });
    client.send({ method: undefined, hello: 1 });
    expect(await client.next((f) => f.method === "ERROR")).toMatchObject({ id: -1, code: 40001 });
    client.close();
  });

  test("a book without SNAPSHOT_AND_UPDATE is refused (the 500 ms full-snapshot mode is not simulated)", async () => {
    const client = await connect(sim, "spot");
    const id = client.request("subscribe", { channels: ["book.BTC_USDT.50"] });
    expect(await client.next((f) => f.id === id)).toMatchObject({ code: 40003, channel: "book.BTC_USDT.50" });
    client.close();
  });

  test("the server heartbeat carries an id; public/respond-heartbeat with it is taken", async () => {
    const client = await connect(sim, "spot");
    client.request("subscribe", { channels: ["ticker.ETH_USDT"] });
    const heartbeat = await client.next((f) => f.method === "public/heartbeat", 3000);
    expect(heartbeat).toMatchObject({ code: 0 });
    expect(typeof heartbeat.id).toBe("number");
    client.send({ id: heartbeat.id, method: "public/respond-heartbeat" });
    await Bun.sleep(50);
    expect(sim.stats.clientFrames).toContain(
      JSON.stringify({ id: heartbeat.id, method: "public/respond-heartbeat" }),
    );
    client.close();
  });
});

describe("cryptocom simulator, book", () => {
  test("snapshot first (after the ack), then deltas whose pu is the previous u; the 50-level window holds", async () => {
    const client = await connect(sim, "linear");
    const id = client.request("subscribe", { channels: ["book.BTCUSD-PERP.50"], ...BOOK_PARAMS });
    expect(await client.next((f) => f.id === id && !f.result)).toMatchObject({
      code: 0,
      channel: "book.BTCUSD-PERP.50",
    });
    const snapshot = await client.next(onSubscription("book.BTCUSD-PERP.50"));
    expect(snapshot.result).toMatchObject({ channel: "book", depth: 50, instrument_name: "BTCUSD-PERP" });
    const first = snapshot.result!.data[0] as { bids: Level[]; asks: Level[]; u: number };
    expect(first.bids).toHaveLength(50);
    expect(first.asks).toHaveLength(50);
    const bids = new Map<number, number>();
    const asks = new Map<number, number>();
    applyLevels(bids, first.bids);
    applyLevels(asks, first.asks);
    let lastU = first.u;
    for (let i = 0; i < 40; i++) {
      const delta = await client.next(onSubscription("book.BTCUSD-PERP.50"));
      expect(delta.result!.channel).toBe("book.update");
      const item = delta.result!.data[0] as {
        update: { bids: Level[]; asks: Level[] };
        u: number;
        pu: number;
      };
      expect(item.pu).toBe(lastU);
      expect(item.u).toBeGreaterThanOrEqual(item.pu);
      lastU = item.u;
      applyLevels(bids, item.update.bids);
      applyLevels(asks, item.update.asks);
      expect(bids.size).toBeLessThanOrEqual(50);
      expect(asks.size).toBeLessThanOrEqual(50);
      expect(Math.max(...bids.keys())).toBeLessThan(Math.min(...asks.keys()));
    }
    client.close();
  });

  test("depth 10 is its own window; a skipped update breaks the pu chain once", async () => {
    const client = await connect(sim, "spot");
    client.request("subscribe", { channels: ["book.ETH_USDT.10"], ...BOOK_PARAMS });
    const snapshot = await client.next(onSubscription("book.ETH_USDT.10"));
    expect((snapshot.result!.data[0] as { bids: Level[] }).bids).toHaveLength(10);
    let lastU = (snapshot.result!.data[0] as { u: number }).u;
    const next = async () =>
      (await client.next(onSubscription("book.ETH_USDT.10"))).result!.data[0] as { u: number; pu: number };
    for (let i = 0; i < 3; i++) lastU = (await next()).u;
    sim.faults.skipBookUpdate("eth_usdt", "spot");
    const afterGap = await next();
    expect(afterGap.pu).not.toBe(lastU);
    lastU = afterGap.u;
    const after = await next();
    expect(after.pu).toBe(lastU);
    client.close();
  });
});

describe("cryptocom simulator, other pushes", () => {
  test("trades: newest first within a push, ids as text, the same as the ground truth", async () => {
    const client = await connect(sim, "spot");
    client.request("subscribe", { channels: ["trade.BTC_USDT"] });
    const received: Json[] = [];
    while (received.length < 20) {
      const frame = await client.next(onSubscription("trade.BTC_USDT"));
      const rows = frame.result!.data as Json[];
      for (let i = 1; i < rows.length; i++)
        expect(rows[i - 1]!.t as number).toBeGreaterThanOrEqual(rows[i]!.t as number);
      if (frame.id === -1) received.push(...rows);
    }
    client.close();
    const truth = new Map(
      (sim.sentFrames("trade.BTC_USDT", "spot").flat() as Json[]).map((row) => [row.d, row]),
    );
    for (const row of received) {
      expect(typeof row.d).toBe("string");
      expect(["BUY", "SELL"]).toContain(row.s as string);
      expect(truth.get(row.d)).toEqual(row);
    }
  });

  test("a second trade subscriber gets the last trades first, with its request id", async () => {
    const client = await connect(sim, "spot");
    const id = client.request("subscribe", { channels: ["trade.BTC_USDT"] });
    const first = await client.next(onSubscription("trade.BTC_USDT"));
    expect(first.id).toBe(id);
    expect(first.result!.data.length).toBeGreaterThan(0);
    expect(first.result!.data.length).toBeLessThanOrEqual(50);
    client.close();
  });

  test("ticker (bs/ks, oi on derivatives), candlestick, mark with its index, funding", async () => {
    const client = await connect(sim, "linear");
    client.request("subscribe", {
      channels: [
        "ticker.BTCUSD-PERP",
        "candlestick.1m.BTCUSD-PERP",
        "mark.BTCUSD-PERP",
        "index.BTCUSD-INDEX",
        "funding.BTCUSD-PERP",
      ],
    });
    const ticker = (await client.next(onSubscription("ticker.BTCUSD-PERP"))).result!.data[0] as Json;
    expect(Object.keys(ticker).sort()).toEqual([
      "a",
      "b",
      "bs",
      "c",
      "h",
      "i",
      "k",
      "ks",
      "l",
      "oi",
      "t",
      "v",
      "vv",
    ]);
    expect(Number(ticker.b)).toBeLessThan(Number(ticker.k));
    const candle = await client.next(onSubscription("candlestick.1m.BTCUSD-PERP"));
    expect(candle.result).toMatchObject({ channel: "candlestick", interval: "1m" });
    expect((candle.result!.data[0] as Json).t as number).toBe(Math.floor(Date.now() / 60_000) * 60_000);
    const index = await client.next(onSubscription("index.BTCUSD-INDEX"));
    expect(index.result).toMatchObject({ channel: "index", instrument_name: "BTCUSD-INDEX" });
    const mark = await client.next(onSubscription("mark.BTCUSD-PERP"));
    expect((mark.result!.data[0] as Json).t).toBe((index.result!.data[0] as Json).t);
    const funding = await client.next(onSubscription("funding.BTCUSD-PERP"));
    expect(Math.abs(Number((funding.result!.data[0] as Json).v))).toBeLessThan(0.001);
    client.close();
  });

  test("funding is refused on a dated future and mark on a spot pair", async () => {
    const linear = await connect(sim, "linear");
    const id = linear.request("subscribe", { channels: ["funding.BTCUSD-311226"] });
    expect(await linear.next((f) => f.id === id)).toMatchObject({
      code: 40003,
      message: "Unsupported instrument",
    });
    linear.close();
    const spot = await connect(sim, "spot");
    const other = spot.request("subscribe", { channels: ["mark.BTC_USDT"] });
    expect(await spot.next((f) => f.id === other)).toMatchObject({ code: 40003 });
    spot.close();
  });
});

describe("cryptocom simulator, REST", () => {
  test("get-instruments: spot pairs, perpetuals and a future with their underlying", async () => {
    const { status, body } = await rest(sim, "get-instruments", {});
    expect(status).toBe(200);
    const rows = body.result.data;
    expect(rows.map((row) => [row.symbol, row.inst_type])).toContainEqual(["BTCUSD-PERP", "PERPETUAL_SWAP"]);
    expect(rows.find((row) => row.symbol === "BTCUSD-311226")).toMatchObject({
      inst_type: "FUTURE",
      underlying_symbol: "BTCUSD-INDEX",
    });
  });

  test("get-book (≤ 50 levels), get-trades (≤ 150, newest first), get-candlestick, funding_hist", async () => {
    const book = await rest(sim, "get-book", { instrument_name: "BTCUSD-PERP", depth: 10 });
    const item = book.body.result.data[0] as { bids: Level[]; asks: Level[] };
    expect(item.bids).toHaveLength(10);
    expect(Number(item.bids[0]![0])).toBeLessThan(Number(item.asks[0]![0]));
    expect((await rest(sim, "get-book", { instrument_name: "BTCUSD-PERP", depth: 51 })).body).toMatchObject({
      code: 40003,
    });
    const trades = await rest(sim, "get-trades", { instrument_name: "BTC_USDT", count: 5 });
    const rows = trades.body.result.data;
    expect(rows.length).toBeGreaterThan(0);
    expect(rows[0]!.t as number).toBeGreaterThanOrEqual(rows.at(-1)!.t as number);
    expect(rows[0]).toHaveProperty("tn");
    const candles = await rest(sim, "get-candlestick", {
      instrument_name: "BTCUSD-PERP",
      timeframe: "1D",
      count: 3,
      end_ts: Date.now(),
      start_ts: Date.now() - 10 * 86_400_000,
    });
    expect(candles.body.result.data).toHaveLength(3);
    expect(candles.body.result.interval).toBe("1D");
    const funding = await rest(sim, "get-valuations", {
      instrument_name: "BTCUSD-PERP",
      valuation_type: "funding_hist",
      count: 24,
    });
    expect(funding.body.result.data).toHaveLength(24);
    expect(Number((funding.body.result.data[0] as Json).t) % 3_600_000).toBe(0);
    expect((await rest(sim, "get-tickers", { instrument_name: "NOPE_USDT" })).status).toBe(400);
  });

  test("an injected 429 answers 42901 with Retry-After", async () => {
    sim.faults.restStatus(429, 1, 2);
    const response = await fetch(`${sim.restUrl}/exchange/v1/public/get-instruments`);
    expect(response.status).toBe(429);
    expect(response.headers.get("retry-after")).toBe("2");
    expect(await response.json()).toMatchObject({ code: 42901 });
  });
});

const HAS_WIRE = existsSync(join(resolveWireDir(), "cryptocom"));

describe.if(HAS_WIRE)("cryptocom simulator, recorded mode", () => {
  test("the tardis pushes are replayed verbatim by subscription", async () => {
    const replay = await startSim({ venue: "cryptocom", mode: "recorded", tickMs: 5 });
    try {
      const client = await connect(replay, "spot");
      client.request("subscribe", { channels: ["trade.BTC_USDT", "trade.NOPE_USDT"] });
      const first = await client.next(onSubscription("trade.BTC_USDT"));
      const second = await client.next(onSubscription("trade.BTC_USDT"));
      expect(first.result!.data).toHaveLength(3);
      expect(second.result!.data).toHaveLength(1);
      client.close();
    } finally {
      await replay.close();
    }
  });
});
