// Tests of the Gate.io simulator through Bun's WebSocket client and fetch, checked with dig3's own Gate parser, REST
// calls and book sync: application pings, subscribe replies and Gate's errors, books bridged from the REST id and
// chained by U/u (and the skip fault caught), trades against the ground truth, futures fan-out, REST bodies.

import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { createBookSync } from "../../src/book/index.ts";
import type { Account, BookEvent, Level, MarketDataEvent, StreamSpec } from "../../src/core/index.ts";
import type { ParseContext, RestCall } from "../../src/exchanges/_shared/adapter.ts";
import { GATE_BOOK, gateio } from "../../src/exchanges/gateio/index.ts";
import { canonicalOfGateNative } from "../../src/exchanges/gateio/symbols.ts";
import { buildUrl } from "../../src/transport/http.ts";
import { type Sim, startSim } from "./index.ts";

interface Client {
  next(accept?: (text: string) => boolean, timeoutMs?: number): Promise<string>;
  send(body: unknown): void;
  close(): void;
}

async function connectClient(url: string): Promise<Client> {
  const ws = new WebSocket(url);
  const queue: string[] = [];
  let wake: (() => void) | undefined;
  ws.addEventListener("message", (event) => {
    queue.push(String(event.data));
    wake?.();
  });
  ws.addEventListener("close", () => wake?.());
  await new Promise<void>((resolve, reject) => {
    ws.addEventListener("open", () => resolve(), { once: true });
    ws.addEventListener("error", () => reject(new Error(`cannot connect to ${url}`)), { once: true });
  });
  const next = async (accept: (text: string) => boolean = () => true, timeoutMs = 3000) => {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      while (queue.length > 0) {
        const text = queue.shift() as string;
        if (accept(text)) return text;
      }
      if (ws.readyState === WebSocket.CLOSED) throw new Error("socket closed while waiting");
      const left = deadline - Date.now();
      if (left <= 0) throw new Error("timed out waiting for a frame");
      await new Promise<void>((resolve) => {
        wake = resolve;
        setTimeout(resolve, left);
      });
    }
  };
  return {
    next,
    send: (body) => ws.send(typeof body === "string" ? body : JSON.stringify(body)),
    close: () => ws.close(),
  };
}

function contextOf(account: Account): ParseContext {
  return {
    exchange: "gateio",
    account,
    recvTsUs: Date.now() * 1000,
    symbolOf: (native) => canonicalOfGateNative(native, account) ?? native,
    session: new Map(),
  };
}

function eventsOf(text: string, account: Account): MarketDataEvent[] {
  const parsed = gateio.ws.parse(text, contextOf(account));
  return parsed.kind === "events" ? parsed.events : [];
}

function specOf(kind: StreamSpec["kind"], account: Account, native: string, interval?: string): StreamSpec {
  const spec: StreamSpec = {
    kind,
    account,
    native,
    symbol: canonicalOfGateNative(native, account) ?? native,
  };
  if (interval) spec.interval = interval;
  return spec;
}

const request = (channel: string, payload: string[], event = "subscribe", id = 1) => ({
  time: Math.floor(Date.now() / 1000),
  id,
  channel,
  event,
  payload,
});

const isPush = (channel: string) => (text: string) =>
  text.includes(`"channel":"${channel}"`) && text.includes('"event":"update"');

let sim: Sim;

/** Runs one of dig3's REST calls against the simulator (the base the CLI gets from `sim.env`). */
async function runRest<T>(call: RestCall<T>): Promise<T> {
  const response = await fetch(buildUrl(`${sim.restUrl}/api/v4`, call.path, call.query));
  return call.parse(await response.json(), contextOf(call.account));
}

beforeAll(async () => {
  sim = await startSim({ venue: "gateio", tickMs: 10, seed: 13 });
});

afterAll(async () => {
  await sim.close();
});

describe("gateio simulator", () => {
  test("application pings are answered per account; the env points dig3 at the right paths", async () => {
    for (const [account, channel] of [
      ["spot", "spot"],
      ["linear", "futures"],
      ["inverse", "futures"],
    ] as const) {
      const client = await connectClient(sim.wsUrl(account));
      client.send({ time: Math.floor(Date.now() / 1000), channel: `${channel}.ping` });
      const pong = await client.next();
      expect(JSON.parse(pong)).toMatchObject({ channel: `${channel}.pong`, event: "", result: null });
      expect(gateio.ws.parse(pong, contextOf(account))).toEqual({ kind: "pong" });
      client.close();
    }
    expect(sim.env("linear")).toMatchObject({
      DIG3_GATEIO_REST_URL: `${sim.restUrl}/api/v4`,
      DIG3_GATEIO_WS_URL: sim.wsUrl("linear"),
    });
    expect(sim.wsUrl("inverse")).toEndWith("/gateio/inverse/v4/ws/btc");
  });

  test("the adapter's subscribe frames are acked; bad requests get Gate's error objects", async () => {
    const client = await connectClient(sim.wsUrl("spot"));
    for (const frame of gateio.ws.subscribe([specOf("ticker", "spot", "BTC_USDT")], 9)) client.send(frame);
    const ack = await client.next();
    expect(JSON.parse(ack)).toMatchObject({
      id: 9,
      channel: "spot.tickers",
      event: "subscribe",
      result: { status: "success" },
    });
    expect(gateio.ws.parse(ack, contextOf("spot"))).toMatchObject({ kind: "ack" });
    const isReply = (text: string) => !text.includes('"event":"update"');
    client.send(request("spot.trades", ["NOPE_USDT"], "subscribe", 10));
    const refused = await client.next(isReply);
    expect(JSON.parse(refused)).toMatchObject({ id: 10, error: { code: 2 }, result: { status: "fail" } });
    expect(gateio.ws.parse(refused, contextOf("spot"))).toMatchObject({
      kind: "venue-error",
      retryable: false,
    });
    client.send("{not json");
    expect(JSON.parse(await client.next(isReply))).toMatchObject({ error: { code: 1 } });
    client.send({ ...request("spot.trades", ["BTC_USDT"]), time: 1 });
    expect(JSON.parse(await client.next(isReply))).toMatchObject({
      error: { code: 2, message: "invalid argument: time" },
    });
    client.send(request("futures.trades", ["BTC_USDT"]));
    expect(JSON.parse(await client.next(isReply))).toMatchObject({ error: { code: 2 } });
    client.close();
  });

  for (const [account, native] of [
    ["spot", "BTC_USDT"],
    ["linear", "BTC_USDT"],
  ] as const) {
    test(`${account} book: REST snapshot with id, then U/u updates over 100 levels; rebuilt exactly`, async () => {
      const client = await connectClient(sim.wsUrl(account));
      const spec = specOf("book", account, native);
      for (const frame of gateio.ws.subscribe([spec], 1)) client.send(frame);
      await client.next();
      const sync = createBookSync(GATE_BOOK);
      const feed = (text: string) => {
        for (const event of eventsOf(text, account) as BookEvent[]) {
          const verdict = sync.onEvent(event);
          expect(verdict.action).not.toBe("resync");
        }
      };
      // Buffer one update, then take the REST snapshot (as the tracker does) and keep feeding.
      const isBook = isPush(`${account === "spot" ? "spot" : "futures"}.order_book_update`);
      feed(await client.next(isBook));
      sync.onEvent(await runRest(gateio.rest.book!(spec, GATE_BOOK.restDepth!)));
      for (let i = 0; i < 60; i++) feed(await client.next(isBook));
      expect(sync.state).toBe("live");
      expect(sync.book.isCrossed()).toBe(false);
      // The rebuilt book equals a fresh snapshot of the same id.
      const fresh = await runRest(gateio.rest.book!(spec, 100));
      while (sync.lastSeq! < fresh.seq!) feed(await client.next(isBook));
      expect(sync.lastSeq).toBe(fresh.seq!);
      const pairs = (levels: Level[]) => levels.map(([price, size]) => [price, size]);
      expect(pairs(sync.book.bids(100))).toEqual(pairs(fresh.bids));
      expect(pairs(sync.book.asks(100))).toEqual(pairs(fresh.asks));
      expect(sync.stats.resyncs).toBe(0);
      client.close();
    });
  }

  test("a full book push replaces the book; skipBookUpdate breaks the chain once", async () => {
    const client = await connectClient(sim.wsUrl("spot"));
    const spec = specOf("book", "spot", "ETH_USDT");
    for (const frame of gateio.ws.subscribe([spec], 1)) client.send(frame);
    await client.next();
    // The periodic `full: true` push is a snapshot the sync accepts without REST.
    const full = await client.next((text) => text.includes('"full":true'), 5000);
    const [snapshot] = eventsOf(full, "spot") as BookEvent[];
    expect(snapshot).toMatchObject({ type: "snapshot", symbol: "ETH/USDT" });
    expect(snapshot!.bids.length).toBeGreaterThan(50);
    expect(snapshot!.bids.length).toBeLessThanOrEqual(100);
    const sync = createBookSync(GATE_BOOK);
    expect(sync.onEvent(snapshot!).action).toBe("emit");
    const isBook = isPush("spot.order_book_update");
    for (let i = 0; i < 10; i++)
      for (const event of eventsOf(await client.next(isBook), "spot") as BookEvent[])
        expect(sync.onEvent(event).action).toBe("emit");
    sim.faults.skipBookUpdate("ETH_USDT", "spot");
    let reason = "";
    while (!reason) {
      for (const event of eventsOf(await client.next(isBook), "spot") as BookEvent[]) {
        const verdict = sync.onEvent(event);
        if (verdict.action === "resync") reason = verdict.reason;
      }
    }
    expect(reason).toContain("sequence gap");
    client.close();
  });

  test("spot trades: one per message, equal to the ground truth", async () => {
    const client = await connectClient(sim.wsUrl("spot"));
    for (const frame of gateio.ws.subscribe([specOf("trade", "spot", "BTC_USDT")], 1)) client.send(frame);
    await client.next();
    const received: string[] = [];
    const ids: number[] = [];
    while (ids.length < 20) {
      const text = await client.next(isPush("spot.trades"));
      received.push(text);
      for (const event of eventsOf(text, "spot")) {
        expect(event).toMatchObject({ kind: "trade", account: "spot", symbol: "BTC/USDT" });
        ids.push(Number((event as { tradeId: string }).tradeId));
      }
    }
    for (let i = 1; i < ids.length; i++) expect(ids[i]).toBe(ids[i - 1]! + 1);
    const truth = sim.sentFrames("spot.trades:BTC_USDT", "spot").map((frame) => JSON.stringify(frame));
    const start = truth.indexOf(received[0]!);
    expect(start).toBeGreaterThanOrEqual(0);
    expect(truth.slice(start, start + received.length)).toEqual(received);
    client.close();
  });

  test("futures: trades in contracts, tickers fanned out, liquidations, candles", async () => {
    const client = await connectClient(sim.wsUrl("linear"));
    const specs = [
      specOf("trade", "linear", "BTC_USDT"),
      specOf("ticker", "linear", "BTC_USDT"),
      specOf("mark_price", "linear", "BTC_USDT"),
      specOf("liquidation", "linear", "BTC_USDT"),
      specOf("kline", "linear", "BTC_USDT", "1m"),
    ];
    for (const frame of gateio.ws.subscribe(specs, 1)) client.send(frame);
    const kinds = new Set<string>();
    const deadline = Date.now() + 8000;
    while (kinds.size < 7 && Date.now() < deadline) {
      for (const event of eventsOf(await client.next(), "linear")) {
        expect(event.symbol).toBe("BTC/USDT:USDT");
        if (event.kind === "trade") expect(Number.isInteger(event.size)).toBe(true);
        kinds.add(event.kind);
      }
    }
    expect([...kinds].sort()).toEqual([
      "funding_rate",
      "kline",
      "liquidation",
      "mark_price",
      "open_interest",
      "ticker",
      "trade",
    ]);
    client.close();
  });

  test("REST answers read by dig3's REST calls; Gate's error labels and the candlestick limit rule", async () => {
    const spot = await runRest(gateio.rest.instruments("spot"));
    expect(spot.map((instrument) => instrument.symbol)).toEqual(["BTC/USDT", "ETH/USDT"]);
    expect(spot[0]).toMatchObject({ native: "BTC_USDT", tickSize: 0.1, lotSize: 0.000001, active: true });
    const linear = await runRest(gateio.rest.instruments("linear"));
    expect(linear.map((instrument) => instrument.symbol)).toEqual(["BTC/USDT:USDT", "ETH/USDT:USDT"]);
    expect(await runRest(gateio.rest.moreInstruments!("linear")[0]!)).toEqual([]);
    expect((await runRest(gateio.rest.instruments("inverse")))[0]).toMatchObject({
      symbol: "BTC/USD:BTC",
      settle: "BTC",
    });

    const swap = specOf("ticker", "linear", "BTC_USDT");
    const ticker = await runRest(gateio.rest.ticker!(swap));
    expect(ticker.bid!).toBeLessThan(ticker.ask!);
    const trades = await runRest(gateio.rest.trades!(specOf("trade", "linear", "BTC_USDT"), { limit: 5 }));
    expect(trades.length).toBeGreaterThan(0);
    for (let i = 1; i < trades.length; i++)
      expect(Number(trades[i]!.tradeId)).toBeGreaterThan(Number(trades[i - 1]!.tradeId));
    const klines = await runRest(
      gateio.rest.klines!(specOf("kline", "spot", "ETH_USDT"), { interval: "1h", limit: 3 }),
    );
    expect(klines).toHaveLength(3);
    expect(klines.slice(0, 2).every((kline) => kline.closed)).toBe(true);
    const windowed = await runRest(
      gateio.rest.klines!(swap, {
        interval: "1m",
        startMs: Math.floor(Date.now() / 60_000) * 60_000 - 10 * 60_000,
        limit: 5,
      }),
    );
    expect(windowed).toHaveLength(5);
    const funding = await runRest(gateio.rest.fundingHistory!(swap, { limit: 3 }));
    expect(funding).toHaveLength(3);
    expect(funding[1]!.tsMs - funding[0]!.tsMs).toBe(8 * 3_600_000);
    const interest = await runRest(gateio.rest.openInterest!(swap));
    expect(interest.openInterest).toBeGreaterThan(0);

    const conflict = await fetch(
      `${sim.restUrl}/api/v4/spot/candlesticks?currency_pair=BTC_USDT&interval=1m&limit=5&from=1`,
    );
    expect(conflict.status).toBe(400);
    expect(await conflict.json()).toMatchObject({ label: "INVALID_PARAM_VALUE" });
    const unknown = await fetch(`${sim.restUrl}/api/v4/spot/tickers?currency_pair=NOPE_USDT`);
    const body = await unknown.json();
    expect(body).toMatchObject({ label: "INVALID_CURRENCY_PAIR" });
    expect(() =>
      gateio.rest.ticker!(specOf("ticker", "spot", "NOPE_USDT")).parse(body, contextOf("spot")),
    ).toThrow("INVALID_CURRENCY_PAIR");
    sim.faults.restStatus(429, 1, 2);
    const limited = await fetch(`${sim.restUrl}/api/v4/spot/currency_pairs`);
    expect(limited.status).toBe(429);
    expect(limited.headers.get("retry-after")).toBe("2");
    expect(await limited.json()).toMatchObject({ label: "TOO_MANY_REQUESTS" });
  });
});
