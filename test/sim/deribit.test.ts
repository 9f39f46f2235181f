// Tests of the Deribit simulator itself, through Bun's own WebSocket client and fetch: the JSON-RPC protocol
// (answers, errors, heartbeats), the book snapshot as the first notification and changes that chain and rebuild the
// REST book, trades against the ground truth, the ticker per market, candles, faults, REST, and recorded replay.

import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { resolveWireDir, type Sim, type SimAccount, startSim } from "./index.ts";

interface Frame {
  id?: number;
  result?: unknown;
  error?: { code: number; message: string; data?: { reason?: string; param?: string } };
  method?: string;
  params?: { channel?: string; data?: unknown; type?: string };
}

interface Client {
  send(body: unknown): void;
  /** Sends a request and waits for the answer carrying its id. */
  request(method: string, params?: unknown): Promise<Frame>;
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
    async request(method, params = {}) {
      const id = nextId++;
      send({ jsonrpc: "2.0", id, method, params });
      return next((frame) => frame.id === id);
    },
    close: () => ws.close(),
  };
}

const onChannel = (channel: string) => (frame: Frame) => frame.params?.channel === channel;

type Change = ["new" | "change" | "delete", number, number];
interface BookData {
  type: "snapshot" | "change";
  change_id: number;
  prev_change_id?: number;
  bids: Change[];
  asks: Change[];
}

function applyChanges(side: Map<number, number>, changes: Change[], isSnapshot: boolean): void {
  for (const [action, price, amount] of changes) {
    if (isSnapshot) expect(action).toBe("new");
    if (action === "new") expect(side.has(price)).toBe(false);
    if (action === "change") expect(side.has(price)).toBe(true);
    if (action === "delete") side.delete(price);
    else side.set(price, amount);
  }
}

type Json = Record<string, unknown>;

async function rest<T = Json>(sim: Sim, method: string, query: Record<string, string | number>) {
  const params = new URLSearchParams(
    Object.entries(query).map(([key, value]): [string, string] => [key, String(value)]),
  );
  const response = await fetch(`${sim.restUrl}/api/v2/public/${method}?${params}`);
  const body = (await response.json()) as { result: T; error?: Frame["error"] };
  return { status: response.status, result: body.result, error: body.error };
}

let sim: Sim;

beforeAll(async () => {
  sim = await startSim({ venue: "deribit", tickMs: 10, seed: 7 });
});

afterAll(async () => {
  await sim.close();
});

describe("deribit simulator, protocol", () => {
  test("subscribe answers with the channels it took; unknown instruments are left out", async () => {
    const client = await connect(sim, "inverse");
    const answer = await client.request("public/subscribe", {
      channels: ["trades.BTC-PERPETUAL.100ms", "trades.NOPE-PERPETUAL.100ms", "book.BTC_USDC.100ms", "bogus"],
    });
    expect(answer.result).toEqual(["trades.BTC-PERPETUAL.100ms"]);
    expect(
      (await client.request("public/unsubscribe", { channels: ["trades.BTC-PERPETUAL.100ms"] })).result,
    ).toEqual(["trades.BTC-PERPETUAL.100ms"]);
    client.close();
  });

  test("JSON-RPC errors: raw needs authorization, bad params, unknown method, bad JSON", async () => {
    const client = await connect(sim, "inverse");
    expect(
      (await client.request("public/subscribe", { channels: ["book.BTC-PERPETUAL.raw"] })).error,
    ).toEqual({
      code: 13778,
      message: "raw_subscriptions_not_available_for_unauthorized",
    });
    expect((await client.request("public/set_heartbeat", { interval: 5 })).error).toMatchObject({
      code: -32602,
      data: { param: "interval" },
    });
    expect((await client.request("public/subscribe", { channels: "x" })).error?.code).toBe(-32602);
    expect((await client.request("private/buy", {})).error?.code).toBe(-32601);
    client.send("{not json");
    expect((await client.next((frame) => frame.error !== undefined)).error?.code).toBe(-32700);
    client.close();
  });

  test("set_heartbeat turns test_request heartbeats on; public/test answers with a version", async () => {
    const quiet = await connect(sim, "linear");
    const client = await connect(sim, "linear");
    expect((await client.request("public/set_heartbeat", { interval: 30 })).result).toBe("ok");
    const heartbeat = await client.next((frame) => frame.method === "heartbeat", 2000);
    expect(heartbeat.params).toEqual({ type: "test_request" });
    expect((await client.request("public/test")).result).toEqual({ version: "1.2.26" });
    await expect(quiet.next((frame) => frame.method === "heartbeat", 300)).rejects.toThrow(/timed out/);
    quiet.close();
    client.close();
  });
});

describe("deribit simulator, data", () => {
  test("book: the snapshot comes right after the answer; changes chain and rebuild the REST book", async () => {
    const client = await connect(sim, "inverse");
    const channel = "book.BTC-PERPETUAL.100ms";
    const answer = await client.request("public/subscribe", { channels: [channel] });
    expect(answer.result).toEqual([channel]);
    const first = (await client.next(onChannel(channel))).params!.data as BookData;
    expect(first.type).toBe("snapshot");
    expect(first.prev_change_id).toBeUndefined();
    const bids = new Map<number, number>();
    const asks = new Map<number, number>();
    applyChanges(bids, first.bids, true);
    applyChanges(asks, first.asks, true);
    let last = first.change_id;
    const consume = async () => {
      const data = (await client.next(onChannel(channel))).params!.data as BookData;
      expect(data.type).toBe("change");
      expect(data.prev_change_id).toBe(last);
      expect(data.change_id).toBeGreaterThan(last);
      applyChanges(bids, data.bids, false);
      applyChanges(asks, data.asks, false);
      expect(Math.max(...bids.keys())).toBeLessThan(Math.min(...asks.keys()));
      last = data.change_id;
    };
    for (let i = 0; i < 20; i++) await consume();
    const snapshot = await rest(sim, "get_order_book", { instrument_name: "BTC-PERPETUAL", depth: 10000 });
    const restBook = snapshot.result as {
      change_id: number;
      bids: [number, number][];
      asks: [number, number][];
    };
    while (last < restBook.change_id) await consume();
    expect(last).toBe(restBook.change_id);
    const sorted = (side: Map<number, number>, descending: boolean) =>
      [...side].sort((a, b) => (descending ? b[0] - a[0] : a[0] - b[0]));
    expect(sorted(bids, true)).toEqual(restBook.bids);
    expect(sorted(asks, false)).toEqual(restBook.asks);
    client.close();
  });

  test("skipBookUpdate leaves exactly one hole in the change_id chain", async () => {
    const client = await connect(sim, "linear");
    const channel = "book.ETH_USDC-PERPETUAL.100ms";
    await client.request("public/subscribe", { channels: [channel] });
    let last = ((await client.next(onChannel(channel))).params!.data as BookData).change_id;
    for (let i = 0; i < 3; i++)
      last = ((await client.next(onChannel(channel))).params!.data as BookData).change_id;
    sim.faults.skipBookUpdate("ETH_USDC-PERPETUAL", "linear");
    let gaps = 0;
    for (let i = 0; i < 15; i++) {
      const data = (await client.next(onChannel(channel))).params!.data as BookData;
      if (data.prev_change_id !== last) gaps++;
      last = data.change_id;
    }
    expect(gaps).toBe(1);
    client.close();
  });

  test("trades: ground truth, taker direction, increasing trade_seq; liquidations flagged M or T", async () => {
    const client = await connect(sim, "inverse");
    const channel = "trades.ETH-PERPETUAL.100ms";
    await client.request("public/subscribe", { channels: [channel] });
    const received: Record<string, unknown>[] = [];
    while (received.length < 80) {
      received.push(...((await client.next(onChannel(channel))).params!.data as Record<string, unknown>[]));
    }
    client.close();
    let seq = 0;
    for (const trade of received) {
      expect(trade.instrument_name).toBe("ETH-PERPETUAL");
      expect(["buy", "sell"]).toContain(trade.direction as string);
      expect(trade.trade_seq as number).toBeGreaterThan(seq);
      seq = trade.trade_seq as number;
      expect(trade.trade_id).toBe(String(trade.trade_seq));
      expect((trade.amount as number) % 1).toBe(0);
      if ("liquidation" in trade) expect(["M", "T"]).toContain(trade.liquidation as string);
    }
    const truth = sim.sentFrames(channel, "inverse").flat() as Record<string, unknown>[];
    const ids = new Set(truth.map((trade) => trade.trade_id));
    for (const trade of received) expect(ids.has(trade.trade_id)).toBe(true);
  });

  test("ticker: perpetuals carry funding; dated futures and spot do not; spot has no open interest", async () => {
    const ticker = async (account: SimAccount, name: string) => {
      const client = await connect(sim, account);
      await client.request("public/subscribe", { channels: [`ticker.${name}.100ms`] });
      const data = (await client.next(onChannel(`ticker.${name}.100ms`))).params!.data as Record<
        string,
        unknown
      >;
      client.close();
      return data;
    };
    const perpetual = await ticker("inverse", "BTC-PERPETUAL");
    expect(perpetual).toMatchObject({ instrument_name: "BTC-PERPETUAL", state: "open" });
    expect(typeof perpetual.funding_8h).toBe("number");
    expect(perpetual.open_interest as number).toBeGreaterThan(1e8);
    expect(perpetual.best_bid_price as number).toBeLessThan(perpetual.best_ask_price as number);
    const dated = await ticker("inverse", "BTC-26DEC31");
    expect(dated.funding_8h).toBeUndefined();
    expect(typeof dated.open_interest).toBe("number");
    const spot = await ticker("spot", "BTC_USDC");
    expect(spot.open_interest).toBeUndefined();
    expect(spot.funding_8h).toBeUndefined();
  });

  test("chart.trades: the current candle, opened on the resolution's boundary", async () => {
    const client = await connect(sim, "spot");
    const channel = "chart.trades.ETH_USDC.1";
    expect((await client.request("public/subscribe", { channels: [channel] })).result).toEqual([channel]);
    const candle = (await client.next(onChannel(channel))).params!.data as {
      tick: number;
      open: number;
      high: number;
      low: number;
      close: number;
    };
    client.close();
    expect(candle.tick % 60_000).toBe(0);
    expect(Date.now() - candle.tick).toBeLessThan(61_000);
    expect(candle.low).toBeLessThanOrEqual(Math.min(candle.open, candle.close));
    expect(candle.high).toBeGreaterThanOrEqual(Math.max(candle.open, candle.close));
  });
});

describe("deribit simulator, REST", () => {
  test("get_instruments by kind: futures carry instrument_type, spot does not", async () => {
    const futures = (await rest<Json[]>(sim, "get_instruments", { currency: "any", kind: "future" })).result;
    expect(futures.map((row) => [row.instrument_name, row.instrument_type])).toEqual([
      ["BTC-PERPETUAL", "reversed"],
      ["ETH-PERPETUAL", "reversed"],
      ["BTC-26DEC31", "reversed"],
      ["BTC_USDC-PERPETUAL", "linear"],
      ["ETH_USDC-PERPETUAL", "linear"],
    ]);
    const spot = (await rest<Json[]>(sim, "get_instruments", { currency: "any", kind: "spot" })).result;
    expect(spot.map((row) => row.instrument_name)).toEqual(["BTC_USDC", "ETH_USDC"]);
    expect(spot[0]!.instrument_type).toBeUndefined();
  });

  test("trades newest first, candles by time, hourly funding, book summary", async () => {
    const trades = (
      await rest<{ trades: { trade_seq: number }[] }>(sim, "get_last_trades_by_instrument", {
        instrument_name: "BTC-PERPETUAL",
        count: 5,
        sorting: "desc",
      })
    ).result;
    expect(trades.trades).toHaveLength(5);
    expect(trades.trades[0]!.trade_seq).toBeGreaterThan(trades.trades[4]!.trade_seq);
    const endMs = Date.now();
    const chart = (
      await rest<{ status: string } & Record<string, number[]>>(sim, "get_tradingview_chart_data", {
        instrument_name: "BTC-PERPETUAL",
        resolution: "60",
        start_timestamp: endMs - 5 * 3_600_000,
        end_timestamp: endMs,
      })
    ).result;
    expect(chart.status).toBe("ok");
    const ticks = chart.ticks ?? [];
    expect(ticks.length).toBeGreaterThanOrEqual(5);
    for (const key of ["open", "high", "low", "close", "volume", "cost"])
      expect(chart[key]).toHaveLength(ticks.length);
    const funding = (
      await rest<{ timestamp: number }[]>(sim, "get_funding_rate_history", {
        instrument_name: "BTC_USDC-PERPETUAL",
        start_timestamp: endMs - 24 * 3_600_000,
        end_timestamp: endMs,
      })
    ).result;
    expect(funding.length).toBeGreaterThanOrEqual(23);
    expect(funding[1]!.timestamp - funding[0]!.timestamp).toBe(3_600_000);
    const summary = (
      await rest<{ instrument_name: string; open_interest: number }[]>(
        sim,
        "get_book_summary_by_instrument",
        {
          instrument_name: "BTC-PERPETUAL",
        },
      )
    ).result;
    expect(summary[0]).toMatchObject({ instrument_name: "BTC-PERPETUAL" });
    expect(summary[0]!.open_interest).toBeGreaterThan(0);
  });

  test("errors: unknown instrument and bad depth are HTTP 400 JSON-RPC errors; injected 429 is too_many_requests", async () => {
    const unknown = await rest(sim, "ticker", { instrument_name: "NOPE-PERPETUAL" });
    expect(unknown.status).toBe(400);
    expect(unknown.error).toMatchObject({ code: -32602, data: { param: "instrument_name" } });
    expect((await rest(sim, "get_order_book", { instrument_name: "BTC-PERPETUAL", depth: 7 })).status).toBe(
      400,
    );
    expect(
      (
        await rest(sim, "get_funding_rate_history", {
          instrument_name: "BTC-26DEC31",
          start_timestamp: 0,
          end_timestamp: 1,
        })
      ).status,
    ).toBe(400);
    sim.faults.restStatus(429, 1, 1);
    const limited = await fetch(`${sim.restUrl}/api/v2/public/ticker?instrument_name=BTC-PERPETUAL`);
    expect(limited.status).toBe(429);
    expect(limited.headers.get("retry-after")).toBe("1");
    expect(((await limited.json()) as { error: { code: number } }).error.code).toBe(10028);
    expect((await rest(sim, "ticker", { instrument_name: "BTC-PERPETUAL" })).status).toBe(200);
  });
});

const RECORDED = join(resolveWireDir(), "deribit", "v2-options-book-ticker.ndjson");

describe.if(existsSync(RECORDED))("deribit simulator, recorded", () => {
  test("recorded channels replay verbatim, the book snapshot first", async () => {
    const recorded = await startSim({ venue: "deribit", tickMs: 5, seed: 1, mode: "recorded" });
    try {
      const client = await connect(recorded, "inverse");
      const channel = "book.BTC-24SEP21-8000-P.raw";
      expect(
        (await client.request("public/subscribe", { channels: [channel, "book.BTC-PERPETUAL.100ms"] }))
          .result,
      ).toEqual([channel]);
      const first = (await client.next(onChannel(channel))).params!.data as BookData;
      expect(first).toMatchObject({ type: "snapshot", change_id: 33195894164 });
      let last = first.change_id;
      for (let i = 0; i < 30; i++) {
        const data = (await client.next(onChannel(channel))).params!.data as BookData;
        expect(data.prev_change_id).toBe(last);
        last = data.change_id;
      }
      await expect(client.next(onChannel(channel), 200)).rejects.toThrow(/timed out/);
      client.close();
    } finally {
      await recorded.close();
    }
  });
});
