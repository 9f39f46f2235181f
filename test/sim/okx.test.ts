// Tests of the OKX simulator through Bun's WebSocket client and fetch, checked with dig3's own OKX parser and book
// sync: the text ping, subscribe acks and errors, public/business routing, books chained by seqId with valid
// checksums (and the corrupt-checksum and skip faults caught), trades against the ground truth, REST bodies.

import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { createBookSync } from "../../src/book/index.ts";
import type { Account, BookEvent, MarketDataEvent } from "../../src/core/index.ts";
import type { ParseContext } from "../../src/exchanges/_shared/adapter.ts";
import { OKX_BOOK, okx } from "../../src/exchanges/okx/index.ts";
import { canonicalOfOkxNative } from "../../src/exchanges/okx/symbols.ts";
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

function contextOf(account: Account): ParseContext {
  return {
    exchange: "okx",
    account,
    recvTsUs: Date.now() * 1000,
    symbolOf: (native) => canonicalOfOkxNative(native) ?? native,
    session: new Map(),
  };
}

function eventsOf(text: string, context: ParseContext): MarketDataEvent[] {
  const parsed = okx.ws.parse(text, context);
  return parsed.kind === "events" ? parsed.events : [];
}

const isBooks = (text: string) => text.includes('"channel":"books"') && text.includes('"data"');

let sim: Sim;

beforeAll(async () => {
  sim = await startSim({ venue: "okx", tickMs: 10, seed: 11 });
});

afterAll(async () => {
  await sim.close();
});

describe("okx simulator", () => {
  test("the text ping is answered with the text pong", async () => {
    const client = await connectClient(sim.wsUrl("spot"));
    client.send("ping");
    expect(await client.next()).toBe("pong");
    client.close();
  });

  test("subscribe acks each arg with the request id; bad requests get OKX's error events", async () => {
    const client = await connectClient(sim.wsUrl("spot"));
    client.send({ id: "5", op: "subscribe", args: [{ channel: "tickers", instId: "BTC-USDT" }] });
    expect(JSON.parse(await client.next())).toMatchObject({
      id: "5",
      event: "subscribe",
      arg: { channel: "tickers", instId: "BTC-USDT" },
    });
    client.send("{not json");
    expect(JSON.parse(await client.next((text) => text.includes('"event"')))).toMatchObject({
      event: "error",
      code: "60012",
    });
    client.send({ id: "6", op: "subscribe", args: [{ channel: "books", instId: "NOPE-USDT" }] });
    expect(JSON.parse(await client.next((text) => text.includes('"event"')))).toMatchObject({
      id: "6",
      event: "error",
      code: "60018",
    });
    client.close();
  });

  test("candles and trades-all only on /business, books only on /public", async () => {
    const base = sim.wsUrl("spot");
    const onPublic = await connectClient(`${base}/public`);
    onPublic.send({ op: "subscribe", args: [{ channel: "candle1m", instId: "BTC-USDT" }] });
    expect(JSON.parse(await onPublic.next())).toMatchObject({ event: "error", code: "60018" });
    onPublic.close();
    const onBusiness = await connectClient(`${base}/business`);
    onBusiness.send({ op: "subscribe", args: [{ channel: "candle1m", instId: "BTC-USDT" }] });
    expect(JSON.parse(await onBusiness.next())).toMatchObject({ event: "subscribe" });
    const candle = await onBusiness.next((text) => text.includes('"data"'));
    expect(eventsOf(candle, contextOf("spot"))[0]).toMatchObject({
      kind: "kline",
      interval: "1m",
      symbol: "BTC/USDT",
    });
    onBusiness.send({ op: "subscribe", args: [{ channel: "books", instId: "BTC-USDT" }] });
    expect(JSON.parse(await onBusiness.next((text) => text.includes('"event"')))).toMatchObject({
      code: "60018",
    });
    onBusiness.close();
  });

  test("books: snapshot on subscribe, updates chained by prevSeqId, every checksum valid, heartbeats accepted", async () => {
    const client = await connectClient(sim.wsUrl("linear"));
    client.send({ op: "subscribe", args: [{ channel: "books", instId: "BTC-USDT-SWAP" }] });
    const context = contextOf("linear");
    const sync = createBookSync(OKX_BOOK);
    let heartbeats = 0;
    let updates = 0;
    while (updates < 60 || heartbeats < 1) {
      const events = eventsOf(await client.next(isBooks), context) as BookEvent[];
      for (const event of events) {
        if (event.type === "delta" && event.seq === event.prevSeq) heartbeats++;
        else if (event.type === "delta") updates++;
        expect(sync.onEvent(event).action).toBe("emit");
      }
    }
    expect(sync.book.isCrossed()).toBe(false);
    expect(sync.stats.checksumsVerified).toBe(updates + heartbeats + 1);
    client.close();
  });

  test("corruptChecksum spoils the next checksum; skipBookUpdate breaks the chain once", async () => {
    const client = await connectClient(sim.wsUrl("spot"));
    client.send({ op: "subscribe", args: [{ channel: "books", instId: "ETH-USDT" }] });
    const context = contextOf("spot");
    const sync = createBookSync(OKX_BOOK);
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
    sim.faults.corruptChecksum("ETH-USDT");
    expect(await feedUntilVerdict()).toContain("checksum mismatch");
    client.send({ op: "unsubscribe", args: [{ channel: "books", instId: "ETH-USDT" }] });
    client.send({ op: "subscribe", args: [{ channel: "books", instId: "ETH-USDT" }] });
    sync.reset();
    sim.faults.skipBookUpdate("ETH-USDT");
    expect(await feedUntilVerdict()).toContain("sequence gap");
    client.close();
  });

  test("trades-all: one trade per message, ids increasing by one, equal to the ground truth", async () => {
    const client = await connectClient(sim.wsUrl("spot"));
    client.send({ op: "subscribe", args: [{ channel: "trades-all", instId: "BTC-USDT" }] });
    const context = contextOf("spot");
    const received: unknown[] = [];
    const ids: number[] = [];
    while (ids.length < 20) {
      const text = await client.next((frame) => frame.includes('"trades-all"') && frame.includes('"data"'));
      received.push(JSON.parse(text));
      for (const event of eventsOf(text, context)) {
        expect(event).toMatchObject({ kind: "trade", account: "spot", symbol: "BTC/USDT" });
        ids.push(Number((event as { tradeId: string }).tradeId));
      }
    }
    for (let i = 1; i < ids.length; i++) expect(ids[i]).toBe((ids[i - 1] as number) + 1);
    const truth = sim.sentFrames("trades-all:BTC-USDT", "spot").map((frame) => JSON.stringify(frame));
    const start = truth.indexOf(JSON.stringify(received[0]));
    expect(start).toBeGreaterThanOrEqual(0);
    expect(truth.slice(start, start + received.length)).toEqual(
      received.map((frame) => JSON.stringify(frame)),
    );
    client.close();
  });

  test("derivative channels: agg trades, mark, funding, open interest, liquidations per instType", async () => {
    const client = await connectClient(sim.wsUrl("linear"));
    client.send({
      op: "subscribe",
      args: [
        { channel: "trades", instId: "BTC-USDT-SWAP" },
        { channel: "mark-price", instId: "BTC-USDT-SWAP" },
        { channel: "funding-rate", instId: "BTC-USDT-SWAP" },
        { channel: "open-interest", instId: "BTC-USDT-SWAP" },
        { channel: "liquidation-orders", instType: "SWAP" },
      ],
    });
    const context = contextOf("linear");
    const kinds = new Set<string>();
    const deadline = Date.now() + 8000;
    while (kinds.size < 5 && Date.now() < deadline) {
      for (const event of eventsOf(await client.next((text) => text.includes('"data"')), context))
        kinds.add(event.kind);
    }
    expect([...kinds].sort()).toEqual([
      "agg_trade",
      "funding_rate",
      "liquidation",
      "mark_price",
      "open_interest",
    ]);
    client.close();
  });

  test("REST answers in OKX's envelope, read by dig3's REST parsers", async () => {
    const get = async (path: string) => (await fetch(`${sim.restUrl}${path}`)).json();
    const context = contextOf("linear");
    const spec = {
      kind: "book" as const,
      account: "linear" as const,
      symbol: "BTC/USDT:USDT",
      native: "BTC-USDT-SWAP",
    };
    const instruments = okx.rest
      .instruments("linear")
      .parse(await get("/api/v5/public/instruments?instType=SWAP"), context);
    expect(instruments.map((instrument) => instrument.symbol)).toEqual(["BTC/USDT:USDT", "ETH/USDT:USDT"]);
    const futures = okx.rest.moreInstruments!("linear")[0]!;
    expect(futures.parse(await get("/api/v5/public/instruments?instType=FUTURES"), context)).toHaveLength(1);
    const book = okx.rest.book!(spec, 50).parse(
      await get("/api/v5/market/books?instId=BTC-USDT-SWAP&sz=50"),
      context,
    );
    expect(book.bids).toHaveLength(50);
    expect(book.bids[0]![0]).toBeLessThan(book.asks[0]![0]);
    const trades = okx.rest.trades!(spec, {}).parse(
      await get("/api/v5/market/trades?instId=BTC-USDT-SWAP&limit=5"),
      context,
    );
    expect(trades.length).toBeGreaterThan(0);
    const klines = okx.rest.klines!(spec, { interval: "1m", limit: 3 }).parse(
      await get("/api/v5/market/candles?instId=BTC-USDT-SWAP&bar=1m&limit=3"),
      context,
    );
    expect(klines.map((kline) => kline.openTimeMs)).toEqual(
      [...klines.map((kline) => kline.openTimeMs)].sort(),
    );
    const funding = okx.rest.fundingHistory!(spec, { limit: 3 }).parse(
      await get("/api/v5/public/funding-rate-history?instId=BTC-USDT-SWAP&limit=3"),
      context,
    );
    expect(funding).toHaveLength(3);
    const oi = okx.rest.openInterest!(spec).parse(
      await get("/api/v5/public/open-interest?instType=SWAP&instId=BTC-USDT-SWAP"),
      context,
    );
    expect(oi.openInterest).toBeGreaterThan(0);
    expect(() =>
      okx.rest.ticker!(spec).parse({ code: "51001", msg: "Instrument ID does not exist", data: [] }, context),
    ).toThrow("51001");
    expect(await get("/api/v5/market/ticker?instId=NOPE-USDT")).toMatchObject({ code: "51001" });
  });
});
