// Tests of the Bitstamp simulator itself, through Bun's own WebSocket client and fetch (no dig3 code): the v2
// protocol (acks, heartbeat, errors, silent unknown markets), diffs that rebuild the REST book exactly by
// microtimestamp, perpetual funding frames, REST shapes and quirks, injected REST faults, and recorded replay.

import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { resolveWireDir, type Sim, startSim } from "./index.ts";

interface Client {
  send(body: unknown): void;
  /** The next frame (parsed) that passes `accept`; frames before it are consumed. */
  next(accept?: (frame: Frame) => boolean, timeoutMs?: number): Promise<Frame>;
  /** Frames received so far and not consumed. */
  drain(): Frame[];
  close(): void;
}

interface Frame {
  event: string;
  channel: string;
  data: Record<string, unknown>;
}

async function connect(url: string): Promise<Client> {
  const ws = new WebSocket(url);
  const queue: Frame[] = [];
  let wake: (() => void) | undefined;
  ws.addEventListener("message", (event) => {
    queue.push(JSON.parse(String(event.data)) as Frame);
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
    drain: () => queue.splice(0, queue.length),
    close: () => ws.close(),
  };
}

function subscribe(client: Client, channel: string): void {
  client.send({ event: "bts:subscribe", data: { channel } });
}

type Side = Map<string, string>;

function applyLevels(side: Side, levels: unknown): void {
  for (const [price, amount] of levels as string[][]) {
    if (Number(amount) === 0) side.delete(price!);
    else side.set(price!, amount!);
  }
}

function bookOf(body: { bids: string[][]; asks: string[][] }): { bids: Side; asks: Side } {
  return {
    bids: new Map(body.bids.map(([p, q]) => [p!, q!])),
    asks: new Map(body.asks.map(([p, q]) => [p!, q!])),
  };
}

let sim: Sim;

beforeAll(async () => {
  sim = await startSim({ venue: "bitstamp", tickMs: 10, seed: 5 });
});

afterAll(async () => {
  await sim.close();
});

describe("bitstamp simulator: protocol", () => {
  test("subscribe is acknowledged per channel; trades carry increasing ids and match the ground truth", async () => {
    const client = await connect(sim.wsUrl("spot"));
    subscribe(client, "live_trades_btcusd");
    expect(await client.next()).toEqual({
      event: "bts:subscription_succeeded",
      channel: "live_trades_btcusd",
      data: {},
    });
    const received: unknown[] = [];
    while (received.length < 20) {
      const frame = await client.next();
      expect(frame).toMatchObject({ event: "trade", channel: "live_trades_btcusd" });
      expect(frame.data.type === 0 || frame.data.type === 1).toBe(true);
      expect(frame.data.price_str).toBe(String(frame.data.price));
      expect(String(frame.data.timestamp)).toHaveLength(10);
      received.push(frame.data);
    }
    client.send({ event: "bts:unsubscribe", data: { channel: "live_trades_btcusd" } });
    await client.next((frame) => frame.event === "bts:unsubscription_succeeded");
    client.close();
    const ids = received.map((trade) => (trade as { id: number }).id);
    for (let i = 1; i < ids.length; i++) expect(ids[i]!).toBe(ids[i - 1]! + 1);
    const sent = sim.sentFrames("live_trades_btcusd", "spot");
    expect(sent.slice(0, received.length)).toEqual(received);
  });

  test("heartbeat answered; bad frames get Bitstamp's bts:error texts; an unknown market is acked and silent", async () => {
    const client = await connect(sim.wsUrl("spot"));
    client.send({ event: "bts:heartbeat" });
    expect(await client.next()).toEqual({ event: "bts:heartbeat", channel: "", data: { status: "success" } });
    const errorOf = (message: string) => ({ event: "bts:error", channel: "", data: { code: null, message } });
    client.send("{not json");
    expect(await client.next()).toEqual(errorOf("Incorrect JSON format."));
    client.send({ event: "bts:ping" });
    expect(await client.next()).toEqual(errorOf("Bad subscription string."));
    subscribe(client, "order_book_BTCUSD");
    expect(await client.next()).toEqual(errorOf("Invalid channel provided."));
    subscribe(client, "live_trades_fooxyz");
    expect(await client.next()).toMatchObject({
      event: "bts:subscription_succeeded",
      channel: "live_trades_fooxyz",
    });
    await Bun.sleep(100);
    expect(client.drain()).toEqual([]);
    client.close();
  });

  test("diffs rebuild the REST book exactly: snapshot + diffs newer than its microtimestamp = a later snapshot", async () => {
    const client = await connect(sim.wsUrl("spot"));
    subscribe(client, "diff_order_book_ethusd");
    await client.next((frame) => frame.event === "bts:subscription_succeeded");
    const first = await client.next();
    const restBook = async () =>
      (await (await fetch(`${sim.restUrl}/api/v2/order_book/ethusd/`)).json()) as {
        microtimestamp: string;
        bids: string[][];
        asks: string[][];
      };
    const snapshot = await restBook();
    expect(Number(snapshot.microtimestamp)).toBeGreaterThanOrEqual(Number(first.data.microtimestamp));
    const book = bookOf(snapshot);
    let lastMicros = Number(first.data.microtimestamp);
    await Bun.sleep(150);
    const later = await restBook();
    for (;;) {
      const diff = await client.next();
      const micros = Number(diff.data.microtimestamp);
      expect(micros).toBeGreaterThan(lastMicros);
      lastMicros = micros;
      if (micros > Number(later.microtimestamp)) break;
      if (micros <= Number(snapshot.microtimestamp)) continue;
      applyLevels(book.bids, diff.data.bids);
      applyLevels(book.asks, diff.data.asks);
    }
    client.close();
    expect(book).toEqual(bookOf(later));
    const bestBid = Math.max(...[...book.bids.keys()].map(Number));
    const bestAsk = Math.min(...[...book.asks.keys()].map(Number));
    expect(bestBid).toBeLessThan(bestAsk);
  });

  test("perpetuals: funding_rate_ pushes mark, index and the running rate; trades send id_str and ms timestamps", async () => {
    const client = await connect(sim.wsUrl("linear"));
    subscribe(client, "funding_rate_btcusd-perp");
    subscribe(client, "live_trades_btcusd-perp");
    const funding = await client.next((frame) => frame.event === "funding_rate_saved");
    expect(funding.channel).toBe("funding_rate_btcusd-perp");
    expect(Object.keys(funding.data).sort()).toEqual(
      ["funding_rate", "index_price", "mark_price", "market", "next_funding_time", "timestamp"].sort(),
    );
    expect(Number(funding.data.next_funding_time) % (8 * 3600)).toBe(0);
    const trade = await client.next((frame) => frame.event === "trade");
    expect(trade.data.id_str).toBe(String(trade.data.id));
    expect(String(trade.data.timestamp)).toHaveLength(13);
    client.close();
  });
});

describe("bitstamp simulator: REST", () => {
  const get = async (path: string) => {
    const response = await fetch(`${sim.restUrl}${path}`);
    const text = await response.text();
    let body: unknown = text;
    try {
      body = JSON.parse(text);
    } catch {}
    return { status: response.status, body: body as never };
  };

  test("markets lists spot and perpetual rows", async () => {
    const { status, body } = await get("/api/v2/markets/");
    expect(status).toBe(200);
    const rows = body as Array<{ market_symbol: string; market_type: string; trading: string }>;
    expect(rows.map((row) => `${row.market_symbol}:${row.market_type}`)).toEqual([
      "btcusd:SPOT",
      "ethusd:SPOT",
      "ethbtc:SPOT",
      "btcusd-perp:PERPETUAL",
      "ethusd-perp:PERPETUAL",
    ]);
  });

  test("ticker of a market, or every ticker for a path naming none; perpetual rows carry mark, index, OI", async () => {
    const one = await get("/api/v2/ticker/btcusd-perp/");
    expect(one.body).toMatchObject({ market: "BTC/USD-PERP", market_type: "PERPETUAL" });
    expect(Object.keys(one.body)).toEqual(
      expect.arrayContaining(["mark_price", "index_price", "open_interest"]),
    );
    const all = await get("/api/v2/ticker/fooxyz/");
    expect(Array.isArray(all.body)).toBe(true);
    expect((all.body as unknown[]).length).toBe(5);
  });

  test("an unknown book is an HTML 404; OHLC validates step and limit; transactions newest first", async () => {
    expect((await get("/api/v2/order_book/fooxyz/")).status).toBe(404);
    expect((await get("/api/v2/ohlc/btcusd/?step=61&limit=5")).body).toMatchObject({
      reason: "Not a valid choice.",
    });
    expect((await get("/api/v2/ohlc/btcusd/?step=60&limit=1001")).status).toBe(400);
    const ohlc = await get("/api/v2/ohlc/btcusd/?step=3600&limit=3");
    const rows = (ohlc.body as { data: { ohlc: Array<{ timestamp: string }> } }).data.ohlc;
    expect(rows).toHaveLength(3);
    expect(Number(rows[1]!.timestamp) - Number(rows[0]!.timestamp)).toBe(3600);
    await Bun.sleep(100);
    const trades = (await get("/api/v2/transactions/btcusd/?time=minute")).body as Array<{ tid: string }>;
    expect(trades.length).toBeGreaterThan(1);
    expect(Number(trades[0]!.tid)).toBeGreaterThan(Number(trades[1]!.tid));
  });

  test("funding for perpetuals only", async () => {
    expect((await get("/api/v2/funding_rate/btcusd/")).status).toBe(404);
    const history = await get("/api/v2/funding_rate_history/btcusd-perp/?limit=3");
    const rows = (history.body as { funding_rate_history: Array<{ timestamp: string }> })
      .funding_rate_history;
    expect(rows).toHaveLength(3);
    expect(Number(rows[0]!.timestamp) - Number(rows[1]!.timestamp)).toBe(8 * 3600);
  });

  test("an injected limit answers with Bitstamp's rate-limit response code", async () => {
    sim.faults.restStatus(429, 1, 2);
    const response = await fetch(`${sim.restUrl}/api/v2/ticker/btcusd/`);
    expect(response.status).toBe(429);
    expect(response.headers.get("retry-after")).toBe("2");
    expect(await response.json()).toEqual({
      status: "error",
      reason: "Request rejected due to exceeded rate limit.",
      response_code: "400.002",
    });
  });
});

const HAS_WIRE = existsSync(join(resolveWireDir(), "bitstamp"));

describe.if(HAS_WIRE)("bitstamp simulator: recorded mode", () => {
  test("replays the recorded frames of a channel verbatim, in order, and serves the recorded REST book", async () => {
    const recorded = await startSim({ venue: "bitstamp", tickMs: 5, mode: "recorded" });
    try {
      const client = await connect(recorded.wsUrl("spot"));
      subscribe(client, "live_trades_ethusd");
      await client.next((frame) => frame.event === "bts:subscription_succeeded");
      const trades: Frame[] = [];
      while (trades.length < 10) trades.push(await client.next());
      expect(trades[0]!.data.id).toBe(216000477);
      expect(trades.map((t) => t.data.id)).toEqual(
        recorded.sentFrames("live_trades_ethusd").map((d) => (d as { id: number }).id),
      );
      client.close();
      const book = (await (await fetch(`${recorded.restUrl}/api/v2/order_book/ethusd`)).json()) as {
        microtimestamp: string;
      };
      expect(book.microtimestamp).toBe("1641343695681418");
      const markets = (await (await fetch(`${recorded.restUrl}/api/v2/markets/`)).json()) as Array<{
        market_symbol: string;
      }>;
      expect(markets.map((m) => m.market_symbol)).toEqual(
        expect.arrayContaining(["ethusd", "usdteur", "batbtc"]),
      );
    } finally {
      await recorded.close();
    }
  });
});
