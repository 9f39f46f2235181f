// Tests of the Bitget simulator through Bun's WebSocket client and fetch, checked with dig3's own Bitget parser and
// book sync: the text ping, subscribe acks and errors, books chained by seq/pseq with valid checksums (and the
// corrupt-checksum and skip faults caught), trades against the ground truth, ticker fan-out, liquidations, REST bodies.

import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { createBookSync } from "../../src/book/index.ts";
import {
  type Account,
  type BookEvent,
  formatCanonical,
  type MarketDataEvent,
  withAccountSettle,
} from "../../src/core/index.ts";
import type { ParseContext } from "../../src/exchanges/_shared/adapter.ts";
import { BITGET_BOOK, bitget } from "../../src/exchanges/bitget/index.ts";
import { fromBitgetNative } from "../../src/exchanges/bitget/symbols.ts";
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
    exchange: "bitget",
    account,
    recvTsUs: Date.now() * 1000,
    symbolOf: (native) => {
      const parts = fromBitgetNative(native, account);
      return parts ? formatCanonical(withAccountSettle(parts, account)) : native;
    },
    session: new Map(),
  };
}

function eventsOf(text: string, context: ParseContext): MarketDataEvent[] {
  const parsed = bitget.ws.parse(text, context);
  return parsed.kind === "events" ? parsed.events : [];
}

const isBooks = (text: string) => text.includes('"topic":"books"') && text.includes('"data"');
const sub = (args: Record<string, string>[]) => ({ op: "subscribe", args });

let sim: Sim;

beforeAll(async () => {
  sim = await startSim({ venue: "bitget", tickMs: 10, seed: 13 });
});

afterAll(async () => {
  await sim.close();
});

describe("bitget simulator", () => {
  test("the text ping is answered with the text pong", async () => {
    const client = await connectClient(sim.wsUrl("spot"));
    client.send("ping");
    expect(await client.next()).toBe("pong");
    expect(bitget.ws.parse("pong", contextOf("spot"))).toEqual({ kind: "pong" });
    client.close();
  });

  test("subscribe acks each arg; unknown symbols, bad ops and bad JSON get Bitget's error events", async () => {
    const client = await connectClient(sim.wsUrl("spot"));
    client.send(sub([{ instType: "spot", topic: "ticker", symbol: "BTCUSDT" }]));
    const ack = await client.next();
    expect(JSON.parse(ack)).toMatchObject({
      event: "subscribe",
      arg: { instType: "spot", topic: "ticker", symbol: "BTCUSDT" },
    });
    expect(bitget.ws.parse(ack, contextOf("spot"))).toMatchObject({ kind: "ack" });
    client.send(sub([{ instType: "spot", topic: "books", symbol: "NOPEUSDT" }]));
    const refusal = await client.next((text) => text.includes('"error"'));
    expect(JSON.parse(refusal)).toMatchObject({ event: "error", code: "30001" });
    expect(bitget.ws.parse(refusal, contextOf("spot"))).toMatchObject({
      kind: "venue-error",
      retryable: false,
    });
    client.send({ op: "dance", args: [] });
    expect(JSON.parse(await client.next((text) => text.includes('"error"')))).toMatchObject({
      code: "30003",
    });
    client.send("{not json");
    expect(JSON.parse(await client.next((text) => text.includes('"error"')))).toMatchObject({
      code: "30016",
    });
    client.close();
  });

  test("books: snapshot on subscribe, updates chained by pseq, every checksum valid, never crossed", async () => {
    const client = await connectClient(sim.wsUrl("linear"));
    client.send(sub([{ instType: "usdt-futures", topic: "books", symbol: "BTCUSDT" }]));
    const context = contextOf("linear");
    const sync = createBookSync(BITGET_BOOK);
    let updates = 0;
    let snapshots = 0;
    while (updates < 60) {
      for (const event of eventsOf(await client.next(isBooks), context) as BookEvent[]) {
        if (event.type === "snapshot") snapshots++;
        else updates++;
        expect(event).toMatchObject({ account: "linear", symbol: "BTC/USDT:USDT" });
        expect(sync.onEvent(event).action).toBe("emit");
      }
    }
    expect(snapshots).toBe(1);
    expect(sync.book.isCrossed()).toBe(false);
    expect(sync.stats.checksumsVerified).toBe(updates);
    client.close();
  });

  test("corruptChecksum spoils the next checksum; skipBookUpdate breaks the pseq chain once", async () => {
    const client = await connectClient(sim.wsUrl("spot"));
    const arg = { instType: "spot", topic: "books", symbol: "ETHUSDT" };
    client.send(sub([arg]));
    const context = contextOf("spot");
    const sync = createBookSync(BITGET_BOOK);
    const feedUntilVerdict = async (): Promise<string> => {
      for (;;) {
        for (const event of eventsOf(await client.next(isBooks), context) as BookEvent[]) {
          const verdict = sync.onEvent(event);
          if (verdict.action === "resync") return verdict.reason;
        }
      }
    };
    for (let i = 0; i < 5; i++)
      for (const e of eventsOf(await client.next(isBooks), context) as BookEvent[]) sync.onEvent(e);
    sim.faults.corruptChecksum("ETHUSDT", "spot");
    expect(await feedUntilVerdict()).toContain("checksum mismatch");
    client.send({ op: "unsubscribe", args: [arg] });
    client.send(sub([arg]));
    sync.reset();
    sim.faults.skipBookUpdate("ETHUSDT", "spot");
    expect(await feedUntilVerdict()).toContain("sequence gap");
    client.close();
  });

  test("publicTrade: the snapshot is classified, updates are trades with rising ids equal to the ground truth", async () => {
    const client = await connectClient(sim.wsUrl("spot"));
    client.send(sub([{ instType: "spot", topic: "publicTrade", symbol: "BTCUSDT" }]));
    const context = contextOf("spot");
    const isTrades = (frame: string) => frame.includes('"publicTrade"') && frame.includes('"data"');
    const snapshot = await client.next(isTrades);
    expect(bitget.ws.parse(snapshot, context)).toMatchObject({ kind: "ignored" });
    const received: unknown[] = [];
    const ids: bigint[] = [];
    while (ids.length < 20) {
      const text = await client.next(isTrades);
      received.push(JSON.parse(text));
      for (const event of eventsOf(text, context)) {
        expect(event).toMatchObject({ kind: "trade", account: "spot", symbol: "BTC/USDT" });
        ids.push(BigInt((event as { tradeId: string }).tradeId));
      }
    }
    for (let i = 1; i < ids.length; i++) expect(ids[i]).toBe((ids[i - 1] as bigint) + 1n);
    const truth = sim.sentFrames("spot:publicTrade:BTCUSDT", "spot").map((frame) => JSON.stringify(frame));
    const start = truth.indexOf(JSON.stringify(received[0]));
    expect(start).toBeGreaterThanOrEqual(0);
    expect(truth.slice(start, start + received.length)).toEqual(
      received.map((frame) => JSON.stringify(frame)),
    );
    client.close();
  });

  test("futures: ticker fans out into mark, funding and open interest; klines; liquidations per product type", async () => {
    const client = await connectClient(sim.wsUrl("linear"));
    client.send(
      sub([
        { instType: "usdt-futures", topic: "ticker", symbol: "BTCUSDT" },
        { instType: "usdt-futures", topic: "kline", symbol: "BTCUSDT", interval: "1m" },
        { instType: "usdt-futures", topic: "liquidation" },
      ]),
    );
    const context = contextOf("linear");
    const kinds = new Set<string>();
    const deadline = Date.now() + 8000;
    while (kinds.size < 6 && Date.now() < deadline) {
      for (const event of eventsOf(await client.next((text) => text.includes('"data"')), context)) {
        kinds.add(event.kind);
        expect(event.account).toBe("linear");
      }
    }
    expect([...kinds].sort()).toEqual([
      "funding_rate",
      "kline",
      "liquidation",
      "mark_price",
      "open_interest",
      "ticker",
    ]);
    client.close();
  });

  test("REST answers in Bitget's envelope, read by dig3's REST parsers", async () => {
    const get = async (path: string) => (await fetch(`${sim.restUrl}${path}`)).json();
    const context = contextOf("linear");
    const spec = {
      kind: "book" as const,
      account: "linear" as const,
      symbol: "BTC/USDT:USDT",
      native: "BTCUSDT",
    };
    const instruments = bitget.rest
      .instruments("linear")
      .parse(await get("/api/v3/market/instruments?category=USDT-FUTURES"), context);
    expect(instruments.map((instrument) => instrument.symbol)).toEqual(["BTC/USDT:USDT", "ETH/USDT:USDT"]);
    const usdc = bitget.rest.moreInstruments!("linear")[0]!.parse(
      await get("/api/v3/market/instruments?category=USDC-FUTURES"),
      context,
    );
    expect(usdc.map((instrument) => [instrument.symbol, instrument.native])).toEqual([
      ["BTC/USDC:USDC", "BTCPERP"],
    ]);
    const book = bitget.rest.book!(spec, 50).parse(
      await get("/api/v3/market/orderbook?category=USDT-FUTURES&symbol=BTCUSDT&limit=50"),
      context,
    );
    expect(book.bids).toHaveLength(50);
    expect(book.bids[0]![0]).toBeLessThan(book.asks[0]![0]);
    const trades = bitget.rest.trades!(spec, {}).parse(
      await get("/api/v3/market/fills?category=USDT-FUTURES&symbol=BTCUSDT&limit=5"),
      context,
    );
    expect(trades.length).toBeGreaterThan(0);
    const klines = bitget.rest.klines!(spec, { interval: "1m", limit: 3 }).parse(
      await get("/api/v3/market/candles?category=USDT-FUTURES&symbol=BTCUSDT&interval=1m&limit=3"),
      context,
    );
    expect(klines).toHaveLength(3);
    expect(klines.map((kline) => kline.openTimeMs)).toEqual(
      [...klines.map((kline) => kline.openTimeMs)].sort(),
    );
    const funding = bitget.rest.fundingHistory!(spec, { limit: 3 }).parse(
      await get("/api/v3/market/history-fund-rate?category=USDT-FUTURES&symbol=BTCUSDT&limit=3"),
      context,
    );
    expect(funding).toHaveLength(3);
    const oi = bitget.rest.openInterest!(spec).parse(
      await get("/api/v3/market/open-interest?category=USDT-FUTURES&symbol=BTCUSDT"),
      context,
    );
    expect(oi.openInterest).toBeGreaterThan(0);
    const ticker = bitget.rest.ticker!(spec).parse(
      await get("/api/v3/market/tickers?category=USDT-FUTURES&symbol=BTCUSDT"),
      context,
    );
    expect(ticker.bid!).toBeLessThan(ticker.ask!);
    const missing = await get("/api/v3/market/tickers?category=SPOT&symbol=NOPEUSDT");
    expect(missing).toMatchObject({ code: "40034" });
    expect(() => bitget.rest.ticker!(spec).parse(missing, context)).toThrow("40034");
  });
});
