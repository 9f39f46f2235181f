// The KuCoin simulator through Bun's WebSocket client and fetch, checked with dig3's KuCoin parser and book sync:
// bullet token, welcome / ack / ping / pong / errors, level2 bridged to the REST book on spot and futures (and a skipped
// update caught), trades against the ground truth, and the hub fetching a token before every connect.

import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { createBookSync } from "../../src/book/index.ts";
import type { Account, BookEvent, BookRules, MarketDataEvent, MarketEvent } from "../../src/core/index.ts";
import type { ParseContext } from "../../src/exchanges/_shared/adapter.ts";
import { KUCOIN_FUTURES_BOOK, KUCOIN_SPOT_BOOK, kucoin } from "../../src/exchanges/kucoin/index.ts";
import { canonicalOfKucoinNative } from "../../src/exchanges/kucoin/symbols.ts";
import { ExchangeHub } from "../../src/hub/index.ts";
import { type Sim, startSim } from "./index.ts";

interface Client {
  ws: WebSocket;
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
    ws,
    next,
    send: (body) => ws.send(typeof body === "string" ? body : JSON.stringify(body)),
    close: () => ws.close(),
  };
}

function contextOf(account: Account, recvTsUs = Date.now() * 1000): ParseContext {
  return {
    exchange: "kucoin",
    account,
    recvTsUs,
    symbolOf: (native) => canonicalOfKucoinNative(native, account) ?? native,
    session: new Map(),
  };
}

function eventsOf(text: string, context: ParseContext): MarketDataEvent[] {
  const parsed = kucoin.ws.parse(text, context);
  return parsed.kind === "events" ? parsed.events : [];
}

let sim: Sim;

beforeAll(async () => {
  sim = await startSim({ venue: "kucoin", tickMs: 10, seed: 13 });
  // The bullet answers the socket URL, which needs the port: asking for the env teaches it to the venue.
  sim.env("spot");
});

afterAll(async () => {
  await sim.close();
});

async function bullet(account: Account): Promise<string> {
  const response = await fetch(`${sim.restUrl}/kucoin/${account}/api/v1/bullet-public`, { method: "POST" });
  expect(response.status).toBe(200);
  return kucoin.ws.bootstrap!(account, { testnet: false }).parse(await response.json(), contextOf(account))
    .url;
}

async function restBody(path: string): Promise<unknown> {
  const response = await fetch(`${sim.restUrl}${path}`);
  return response.json();
}

describe("kucoin simulator: protocol", () => {
  test("the bullet is a POST; its endpoint and token open the account's socket; no token, no socket", async () => {
    expect((await fetch(`${sim.restUrl}/kucoin/spot/api/v1/bullet-public`)).status).toBe(405);
    const url = await bullet("spot");
    expect(url).toStartWith(`ws://127.0.0.1:${sim.port}/kucoin/spot/endpoint?token=sim-13-`);
    await expect(connectClient(`ws://127.0.0.1:${sim.port}/kucoin/spot/endpoint`)).rejects.toThrow();
    await expect(
      connectClient(`ws://127.0.0.1:${sim.port}/kucoin/spot/endpoint?token=forged`),
    ).rejects.toThrow();
    const client = await connectClient(url);
    client.send({ id: "p1", type: "ping" });
    const connectId = new URL(url).searchParams.get("connectId");
    expect(JSON.parse(await client.next())).toEqual({ id: connectId, type: "welcome" });
    expect(JSON.parse(await client.next())).toEqual({ id: "p1", type: "pong" });
    client.close();
  });

  test("subscribe acks with the request id; unknown topics and commands get KuCoin's error frames", async () => {
    const client = await connectClient(await bullet("linear"));
    client.send({
      id: 5,
      type: "subscribe",
      topic: "/contractMarket/tickerV2:XBTUSDTM",
      privateChannel: false,
      response: true,
    });
    expect(await client.next((text) => !text.includes("welcome"))).toBe('{"id":"5","type":"ack"}');
    client.send({ id: 6, type: "subscribe", topic: "/market/match:BTC-USDT", response: true });
    expect(JSON.parse(await client.next((text) => text.includes('"error"')))).toMatchObject({
      id: "6",
      type: "error",
      code: 404,
    });
    client.send({ id: 7, type: "dance" });
    const parsed = kucoin.ws.parse(
      await client.next((text) => text.includes('"error"')),
      contextOf("linear"),
    );
    expect(parsed).toMatchObject({ kind: "venue-error", retryable: false });
    client.send({ id: 8, type: "ping" });
    expect(JSON.parse(await client.next((text) => text.includes("pong")))).toMatchObject({
      id: "8",
      type: "pong",
    });
    const ticker = eventsOf(await client.next((text) => text.includes("tickerV2")), contextOf("linear"));
    expect(ticker[0]).toMatchObject({ kind: "ticker", symbol: "BTC/USDT:USDT" });
    client.close();
  });
});

/** Subscribes a book topic, buffers updates, bridges the REST snapshot with the adapter's rules, then chains `count` more. */
async function syncBook(
  account: Account,
  topic: string,
  restPath: string,
  rules: BookRules,
  count: number,
): Promise<{ client: Client; sync: ReturnType<typeof createBookSync>; context: ParseContext }> {
  const client = await connectClient(await bullet(account));
  client.send({ id: 1, type: "subscribe", topic, response: true });
  const context = contextOf(account);
  const sync = createBookSync(rules);
  const isBook = (text: string) => text.includes(topic) && text.includes('"message"');
  for (const event of eventsOf(await client.next(isBook), context) as BookEvent[])
    expect(sync.onEvent(event).action).toBe("waiting");
  const snapshotBody = await restBody(restPath);
  const native = topic.slice(topic.indexOf(":") + 1);
  const snapshot = kucoin.rest.book!({ kind: "book", account, native, symbol: native }, 100).parse(
    snapshotBody,
    context,
  );
  expect(sync.onEvent(snapshot).action).toBe("emit");
  let applied = 0;
  while (applied < count) {
    for (const event of eventsOf(await client.next(isBook), context) as BookEvent[]) {
      const verdict = sync.onEvent(event);
      expect(verdict.action === "emit" || verdict.action === "stale").toBe(true);
      if (verdict.action === "emit") applied++;
      expect(sync.book.isCrossed()).toBe(false);
    }
  }
  return { client, sync, context };
}

describe("kucoin simulator: books", () => {
  test("spot level2 bridges the top-100 REST book and chains sequenceStart = previous end + 1", async () => {
    const { client, sync } = await syncBook(
      "spot",
      "/market/level2:BTC-USDT",
      "/kucoin/spot/api/v1/market/orderbook/level2_100?symbol=BTC-USDT",
      KUCOIN_SPOT_BOOK,
      60,
    );
    expect(sync.stats.resyncs).toBe(0);
    expect(sync.book.bids(1)[0]![0]).toBeLessThan(sync.book.asks(1)[0]![0]);
    client.close();
  });

  test("futures level2: one change per message from the full snapshot; a skipped update is a gap", async () => {
    const { client, sync, context } = await syncBook(
      "inverse",
      "/contractMarket/level2:XBTUSDM",
      "/kucoin/inverse/api/v1/level2/snapshot?symbol=XBTUSDM",
      KUCOIN_FUTURES_BOOK,
      100,
    );
    sim.faults.skipBookUpdate("XBTUSDM");
    for (;;) {
      const events = eventsOf(
        await client.next((text) => text.includes("/contractMarket/level2:")),
        context,
      ) as BookEvent[];
      const verdicts = events.map((event) => sync.onEvent(event));
      const resync = verdicts.find((verdict) => verdict.action === "resync");
      if (resync) {
        expect(resync).toMatchObject({ action: "resync" });
        expect((resync as { reason: string }).reason).toContain("sequence gap");
        break;
      }
    }
    client.close();
  });

  test("the full spot book is not public; the part books are", async () => {
    expect(await restBody("/kucoin/spot/api/v3/market/orderbook/level2?symbol=BTC-USDT")).toMatchObject({
      code: "400003",
    });
    const body = (await restBody("/kucoin/spot/api/v1/market/orderbook/level2_20?symbol=BTC-USDT")) as {
      data: { bids: unknown[] };
    };
    expect(body.data.bids).toHaveLength(20);
  });
});

describe("kucoin simulator: trades, candles, mark and funding", () => {
  test("spot matches carry the ground truth's trade ids in order", async () => {
    const client = await connectClient(await bullet("spot"));
    client.send({ id: 1, type: "subscribe", topic: "/market/match:ETH-USDT", response: true });
    const context = contextOf("spot");
    const ids: string[] = [];
    while (ids.length < 20) {
      for (const event of eventsOf(await client.next((text) => text.includes("trade.l3match")), context))
        if (event.kind === "trade") ids.push(event.tradeId);
    }
    client.close();
    const truth = (sim.sentFrames("/market/match:ETH-USDT", "spot") as { data: { tradeId: string } }[]).map(
      (frame) => frame.data.tradeId,
    );
    expect(truth.slice(0, 20)).toEqual(ids);
    for (let i = 1; i < ids.length; i++) expect(Number(ids[i])).toBe(Number(ids[i - 1]) + 1);
  });

  test("futures candles, mark price and funding parse into events", async () => {
    const client = await connectClient(await bullet("linear"));
    client.send({
      id: 1,
      type: "subscribe",
      topic: "/contractMarket/limitCandle:ETHUSDTM_1min",
      response: true,
    });
    client.send({ id: 2, type: "subscribe", topic: "/contract/instrument:ETHUSDTM", response: true });
    const context = contextOf("linear");
    const seen = new Set<string>();
    while (!(seen.has("kline") && seen.has("mark_price") && seen.has("funding_rate"))) {
      const events = eventsOf(await client.next((text) => text.includes('"message"')), context);
      const klines = events.filter((event) => event.kind === "kline");
      for (const event of events) {
        seen.add(event.kind);
        expect(event.symbol).toBe("ETH/USDT:USDT");
      }
      for (const [i, kline] of klines.entries()) {
        expect(kline.interval).toBe("1m");
        // The bar still open; at the turn of a minute also the one before it, closed, just ahead of the new one.
        if (kline.closed) expect(klines[i + 1]?.openTimeMs).toBeGreaterThan(kline.openTimeMs);
      }
    }
    client.close();
  });
});

describe("kucoin simulator: the hub runs the bullet before every connect", () => {
  test("REST through the hub, then trades over a socket whose URL came from the bullet; a drop fetches a new token", async () => {
    const hub = new ExchangeHub({ env: sim.env("spot"), ws: { backoff: { initialMs: 20, maxMs: 100 } } });
    try {
      const rest = hub.rest("kucoin");
      const instruments = await rest.instruments("linear");
      expect(instruments.map((instrument) => instrument.symbol).sort()).toEqual([
        "BTC/USDT:USDT",
        "ETH/USDT:USDT",
      ]);
      expect(await rest.ticker("spot", "BTC/USDT")).toMatchObject({ kind: "ticker", symbol: "BTC/USDT" });
      expect(await rest.openInterest("inverse", "BTC/USD:BTC")).toMatchObject({ kind: "open_interest" });
      const klines = await rest.klines("linear", "BTC/USDT:USDT", { interval: "1h", limit: 5 });
      expect(klines).toHaveLength(5);
      const funding = await rest.fundingHistory("linear", "BTC/USDT:USDT", { limit: 3 });
      expect(funding.length).toBeGreaterThan(0);
      expect((await rest.trades("spot", "BTC/USDT", { limit: 10 })).length).toBe(10);

      const callsBefore = sim.stats.restCalls.filter((call) => call.includes("bullet-public")).length;
      const events: MarketEvent[] = [];
      const subscription = await hub.subscribe(
        { exchange: "kucoin", account: "linear", kind: "trade", symbol: "BTC/USDT:USDT" },
        (event) => events.push(event),
      );
      const trades = () => events.filter((event) => event.kind === "trade").length;
      for (let waited = 0; trades() < 5 && waited < 3000; waited += 10) await Bun.sleep(10);
      expect(trades()).toBeGreaterThanOrEqual(5);
      sim.faults.dropNow();
      for (let waited = 0; !events.some((event) => event.kind === "reconnect") && waited < 3000; waited += 10)
        await Bun.sleep(10);
      expect(events.some((event) => event.kind === "reconnect")).toBe(true);
      const bullets =
        sim.stats.restCalls.filter((call) => call.includes("bullet-public")).length - callsBefore;
      expect(bullets).toBe(2);
      const afterReconnect = trades();
      for (let waited = 0; trades() < afterReconnect + 3 && waited < 3000; waited += 10) await Bun.sleep(10);
      expect(trades()).toBeGreaterThanOrEqual(afterReconnect + 3);
      subscription.close();
    } finally {
      await hub.shutdownAll();
    }
  });

  test("an explicit WS override is dialled as is, without a bullet call", async () => {
    const url = await bullet("spot");
    const hub = new ExchangeHub({ env: { ...sim.env("spot"), DIG3_KUCOIN_SPOT_WS_URL: url } });
    try {
      const bulletsBefore = sim.stats.restCalls.filter((call) => call.includes("bullet-public")).length;
      const events: MarketEvent[] = [];
      const subscription = await hub.subscribe(
        { exchange: "kucoin", account: "spot", kind: "ticker", symbol: "ETH/USDT" },
        (event) => events.push(event),
      );
      for (let waited = 0; events.length === 0 && waited < 3000; waited += 10) await Bun.sleep(10);
      expect(events[0]).toMatchObject({ kind: "ticker", symbol: "ETH/USDT" });
      expect(sim.stats.restCalls.filter((call) => call.includes("bullet-public")).length).toBe(bulletsBefore);
      subscription.close();
    } finally {
      await hub.shutdownAll();
    }
  });
});
