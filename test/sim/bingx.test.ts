// Tests of the BingX simulator through Bun's WebSocket client and fetch, checked with dig3's own BingX parser and book
// sync: the heartbeats (text Ping on swap, JSON ping on spot and Coin-M) answered by parse's replies, acks and
// refusals in each socket's shape, incrDepth snapshots and lastUpdateId + 1 updates that rebuild to a later
// subscriber's snapshot (and the skip fault caught), trades against the ground truth, Coin-M depth, REST bodies.

import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { createBookSync } from "../../src/book/index.ts";
import type { Account, BookEvent, MarketDataEvent, StreamSpec } from "../../src/core/index.ts";
import type { ParseContext } from "../../src/exchanges/_shared/adapter.ts";
import { bingx, bingxBookRules } from "../../src/exchanges/bingx/index.ts";
import { canonicalOfNative } from "../../src/exchanges/bingx/symbols.ts";
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

function contextOf(account: Account, session = new Map<string, unknown>()): ParseContext {
  return {
    exchange: "bingx",
    account,
    recvTsUs: Date.now() * 1000,
    symbolOf: (native) => canonicalOfNative(native, account) ?? native,
    session,
  };
}

function eventsOf(text: string, context: ParseContext): MarketDataEvent[] {
  const parsed = bingx.ws.parse(text, context);
  return parsed.kind === "events" ? parsed.events : [];
}

const hasDataType = (dataType: string) => (text: string) => text.includes(`"dataType":"${dataType}"`);
/** A reply to a request: JSON without a data type (acks and refusals), not a heartbeat. */
function isReply(text: string): boolean {
  if (!text.startsWith("{")) return false;
  const frame = JSON.parse(text) as Record<string, unknown>;
  return !("ping" in frame) && (frame.dataType === undefined || frame.dataType === "");
}

let sim: Sim;

beforeAll(async () => {
  sim = await startSim({ venue: "bingx", tickMs: 10, seed: 5 });
});

afterAll(async () => {
  await sim.close();
});

describe("bingx simulator: protocol", () => {
  test("heartbeats: the swap socket's text Ping and the spot socket's JSON ping, answered with parse's replies", async () => {
    const swap = await connectClient(sim.wsUrl("linear"));
    const spot = await connectClient(sim.wsUrl("spot"));
    const swapPing = await swap.next((text) => text === "Ping");
    const swapVerdict = bingx.ws.parse(swapPing, contextOf("linear"));
    expect(swapVerdict).toEqual({ kind: "ping", reply: "Pong" });
    swap.send("Pong");
    const spotPing = await spot.next((text) => text.includes('"ping"'));
    const spotVerdict = bingx.ws.parse(spotPing, contextOf("spot"));
    expect(spotVerdict.kind).toBe("ping");
    const reply = (spotVerdict as { reply: string }).reply;
    expect(JSON.parse(reply)).toEqual({ pong: JSON.parse(spotPing).ping, time: JSON.parse(spotPing).time });
    spot.send(reply);
    await Bun.sleep(30);
    expect(sim.stats.clientFrames).toContain("Pong");
    expect(sim.stats.clientFrames).toContain(reply);
    swap.close();
    spot.close();
  });

  test("acks and refusals in each socket's shape, classified by dig3's parser", async () => {
    const swap = await connectClient(sim.wsUrl("linear"));
    swap.send({ id: "a1", reqType: "sub", dataType: "BTC-USDT@trade" });
    const ack = await swap.next(isReply);
    expect(JSON.parse(ack)).toEqual({ id: "a1", code: 0, msg: "", dataType: "", data: null });
    expect(bingx.ws.parse(ack, contextOf("linear"))).toEqual({ kind: "ack", note: "id a1" });
    swap.send({ id: "a2", reqType: "sub", dataType: "NOPE-USDT@trade" });
    const refused = await swap.next(isReply);
    expect(JSON.parse(refused)).toMatchObject({ id: "a2", code: 80015, msg: "dataType not supported" });
    expect(bingx.ws.parse(refused, contextOf("linear"))).toMatchObject({
      kind: "venue-error",
      retryable: false,
    });
    swap.send("{nope");
    expect(JSON.parse(await swap.next(isReply))).toMatchObject({ code: 100400 });
    swap.close();

    const spot = await connectClient(sim.wsUrl("spot"));
    spot.send({ id: "b1", reqType: "sub", dataType: "BTC-USDT@markPrice" });
    expect(JSON.parse(await spot.next(isReply))).toMatchObject({ id: "b1", code: 80015 });
    spot.send({ id: "b2", reqType: "sub", dataType: "BTC-USDT@kline_1min" });
    const spotAck = await spot.next(isReply);
    expect(JSON.parse(spotAck)).toMatchObject({ id: "b2", code: 0, msg: "SUCCESS" });
    expect(bingx.ws.parse(spotAck, contextOf("spot"))).toEqual({ kind: "ack", note: "id b2" });
    spot.close();

    const coin = await connectClient(sim.wsUrl("inverse"));
    coin.send({ id: "c1", reqType: "sub", dataType: "BTC-USD@incrDepth" });
    expect(JSON.parse(await coin.next(isReply))).toMatchObject({ id: "c1", code: 80015 });
    coin.close();
  });

  test("every frame each socket sends is one dig3's parser classifies without a miss", async () => {
    const wanted: Record<Account, { dataTypes: string[]; kinds: string[] }> = {
      spot: {
        dataTypes: ["BTC-USDT@trade", "BTC-USDT@incrDepth", "BTC-USDT@kline_1min", "BTC-USDT@ticker"],
        kinds: ["ack", "book", "kline", "ping", "ticker", "trade"],
      },
      linear: {
        dataTypes: [
          "ETH-USDT@trade",
          "ETH-USDT@incrDepth",
          "ETH-USDT@kline_1m",
          "ETH-USDT@ticker",
          "ETH-USDT@markPrice",
        ],
        kinds: ["ack", "book", "kline", "mark_price", "ping", "ticker", "trade"],
      },
      inverse: {
        dataTypes: [
          "BTC-USD@trade",
          "BTC-USD@depth20",
          "BTC-USD@kline_1m",
          "BTC-USD@ticker",
          "BTC-USD@markPrice",
        ],
        kinds: ["ack", "book", "kline", "mark_price", "ping", "ticker", "trade"],
      },
      option: { dataTypes: [], kinds: [] },
    };
    const checkAccount = async (account: "spot" | "linear" | "inverse") => {
      const client = await connectClient(sim.wsUrl(account));
      for (const [index, dataType] of wanted[account].dataTypes.entries())
        client.send({ id: String(index), reqType: "sub", dataType });
      const context = contextOf(account);
      const seen = new Set<string>();
      const deadline = Date.now() + 4000;
      while (Date.now() < deadline && !wanted[account].kinds.every((kind) => seen.has(kind))) {
        const parsed = bingx.ws.parse(await client.next(), context);
        expect(["events", "ack", "ping"]).toContain(parsed.kind);
        if (parsed.kind === "events") for (const event of parsed.events) seen.add(event.kind);
        else seen.add(parsed.kind);
      }
      expect(wanted[account].kinds.filter((kind) => !seen.has(kind))).toEqual([]);
      client.close();
    };
    await Promise.all([checkAccount("spot"), checkAccount("linear"), checkAccount("inverse")]);
  });
});

describe("bingx simulator: data", () => {
  test("spot trades: one per frame, ids increasing by one, equal to the ground truth", async () => {
    const client = await connectClient(sim.wsUrl("spot"));
    client.send({ id: "t", reqType: "sub", dataType: "ETH-USDT@trade" });
    const received: unknown[] = [];
    while (received.length < 20) received.push(JSON.parse(await client.next(hasDataType("ETH-USDT@trade"))));
    const ids = received.map((frame) => Number((frame as { data: { t: string } }).data.t));
    for (let i = 1; i < ids.length; i++) expect(ids[i]).toBe(ids[i - 1]! + 1);
    expect(sim.sentFrames("ETH-USDT@trade", "spot").slice(0, received.length)).toEqual(received);
    client.close();
  });

  test("swap trades: batches without ids, given distinct derived ids by the parser", async () => {
    const client = await connectClient(sim.wsUrl("linear"));
    client.send({ id: "t", reqType: "sub", dataType: "BTC-USDC@trade" });
    const context = contextOf("linear");
    const ids: string[] = [];
    while (ids.length < 30) {
      const frame = await client.next(hasDataType("BTC-USDC@trade"));
      for (const row of JSON.parse(frame).data as Record<string, unknown>[])
        expect(row).not.toHaveProperty("t");
      for (const event of eventsOf(frame, context)) {
        expect(event).toMatchObject({ kind: "trade", symbol: "BTC/USDC:USDC" });
        if (event.kind === "trade") ids.push(event.tradeId);
      }
    }
    expect(new Set(ids).size).toBe(ids.length);
    client.close();
  });

  test("incrDepth: an all snapshot, updates at lastUpdateId + 1; the rebuilt book equals a later snapshot", async () => {
    for (const account of ["spot", "linear"] as const) {
      const dataType = "BTC-USDT@incrDepth";
      const first = await connectClient(sim.wsUrl(account));
      first.send({ id: "1", reqType: "sub", dataType });
      const context = contextOf(account);
      const sync = createBookSync(bingxBookRules(account));
      let lastSeq = -1;
      let deltas = 0;
      while (deltas < 20) {
        const [event] = eventsOf(await first.next(hasDataType(dataType)), context) as BookEvent[];
        if (lastSeq < 0) expect(event).toMatchObject({ type: "snapshot" });
        else {
          expect(event).toMatchObject({ type: "delta", seq: lastSeq + 1 });
          deltas++;
        }
        lastSeq = event!.seq!;
        expect(sync.onEvent(event!).action).toBe("emit");
      }
      // A second subscriber's snapshot is the same book at the same id once the first has caught up with it.
      const second = await connectClient(sim.wsUrl(account));
      second.send({ id: "2", reqType: "sub", dataType });
      const [snapshot] = eventsOf(
        await second.next(hasDataType(dataType)),
        contextOf(account),
      ) as BookEvent[];
      while (sync.lastSeq! < snapshot!.seq!)
        sync.onEvent(eventsOf(await first.next(hasDataType(dataType)), context)[0] as BookEvent);
      expect(sync.lastSeq).toBe(snapshot!.seq!);
      expect(sync.book.bids(1000)).toEqual(snapshot!.bids);
      expect(sync.book.asks(1000)).toEqual(snapshot!.asks);
      first.close();
      second.close();
    }
  });

  test("skipBookUpdate drops one update: dig3's book sync asks for a resync", async () => {
    const client = await connectClient(sim.wsUrl("linear"));
    const dataType = "ETH-USDT@incrDepth";
    client.send({ id: "1", reqType: "sub", dataType });
    const context = contextOf("linear");
    const sync = createBookSync(bingxBookRules("linear"));
    for (let i = 0; i < 5; i++)
      sync.onEvent(eventsOf(await client.next(hasDataType(dataType)), context)[0] as BookEvent);
    sim.faults.skipBookUpdate("ETH-USDT", "linear");
    let verdict = "emit";
    for (let i = 0; i < 50 && verdict !== "resync"; i++)
      verdict = sync.onEvent(
        eventsOf(await client.next(hasDataType(dataType)), context)[0] as BookEvent,
      ).action;
    expect(verdict).toBe("resync");
    // Resubscribing brings a fresh snapshot that chains again.
    sync.reset();
    client.send({ id: "2", reqType: "unsub", dataType });
    client.send({ id: "3", reqType: "sub", dataType });
    const [snapshot] = eventsOf(
      await client.next((text) => text.includes('"action":"all"')),
      context,
    ) as BookEvent[];
    expect(sync.onEvent(snapshot!).action).toBe("emit");
    const [next] = eventsOf(await client.next(hasDataType(dataType)), context) as BookEvent[];
    expect(next).toMatchObject({ type: "delta", seq: snapshot!.seq! + 1 });
    client.close();
  });

  test("Coin-M depth: whole-book snapshots of the asked level, never crossed", async () => {
    const client = await connectClient(sim.wsUrl("inverse"));
    client.send({ id: "1", reqType: "sub", dataType: "ETH-USD@depth10" });
    for (let i = 0; i < 5; i++) {
      const [book] = eventsOf(
        await client.next(hasDataType("ETH-USD@depth10")),
        contextOf("inverse"),
      ) as BookEvent[];
      expect(book).toMatchObject({ type: "snapshot", symbol: "ETH/USD:ETH" });
      expect(book!.bids).toHaveLength(10);
      expect(book!.asks).toHaveLength(10);
      expect(book!.bids[0]![0]).toBeLessThan(book!.asks[0]![0]);
    }
    client.close();
  });

  test("klines: the swap row shape, read as the open bar", async () => {
    const client = await connectClient(sim.wsUrl("linear"));
    client.send({ id: "1", reqType: "sub", dataType: "BTC-USDT@kline_1m" });
    const context = contextOf("linear");
    const [first] = eventsOf(await client.next(hasDataType("BTC-USDT@kline_1m")), context);
    expect(first).toMatchObject({ kind: "kline", interval: "1m", closed: false, symbol: "BTC/USDT:USDT" });
    client.close();
  });
});

describe("bingx simulator: REST", () => {
  test("REST answers in BingX's envelope, read by dig3's REST parsers", async () => {
    const get = async (path: string) => (await fetch(`${sim.restUrl}${path}`)).json();
    const spec = (account: Account, native: string): StreamSpec => ({
      kind: "book",
      account,
      native,
      symbol: canonicalOfNative(native, account)!,
    });
    const rest = bingx.rest;
    const spotInstruments = rest
      .instruments("spot")
      .parse(await get("/openApi/spot/v1/common/symbols"), contextOf("spot"));
    expect(spotInstruments.map((instrument) => instrument.symbol)).toEqual(["BTC/USDT", "ETH/USDT"]);
    const contracts = rest
      .instruments("linear")
      .parse(await get("/openApi/swap/v2/quote/contracts"), contextOf("linear"));
    expect(contracts.map((instrument) => instrument.symbol)).toEqual([
      "BTC/USDT:USDT",
      "ETH/USDT:USDT",
      "BTC/USDC:USDC",
    ]);
    const coins = rest
      .instruments("inverse")
      .parse(await get("/openApi/cswap/v1/market/contracts"), contextOf("inverse"));
    expect(coins.map((instrument) => instrument.symbol)).toEqual(["BTC/USD:BTC", "ETH/USD:ETH"]);

    for (const [account, native, path] of [
      ["spot", "BTC-USDT", "/openApi/spot/v1/market/depth?symbol=BTC-USDT&limit=50"],
      ["linear", "BTC-USDT", "/openApi/swap/v2/quote/depth?symbol=BTC-USDT&limit=50"],
      ["inverse", "BTC-USD", "/openApi/cswap/v1/market/depth?symbol=BTC-USD&limit=50"],
    ] as const) {
      const book = rest.book!(spec(account, native), 50).parse(await get(path), contextOf(account));
      expect(book.bids).toHaveLength(50);
      expect(book.bids[0]![0]).toBeLessThan(book.asks[0]![0]);
    }
    for (const [account, native, path] of [
      ["spot", "BTC-USDT", "/openApi/spot/v1/ticker/24hr?symbol=BTC-USDT"],
      ["linear", "BTC-USDT", "/openApi/swap/v2/quote/ticker?symbol=BTC-USDT"],
      ["inverse", "BTC-USD", "/openApi/cswap/v1/market/ticker?symbol=BTC-USD"],
    ] as const) {
      const ticker = rest.ticker!(spec(account, native)).parse(await get(path), contextOf(account));
      expect(ticker.bid!).toBeLessThan(ticker.ask!);
    }
    const spotTrades = rest.trades!(spec("spot", "BTC-USDT"), {}).parse(
      await get("/openApi/spot/v1/market/trades?symbol=BTC-USDT&limit=20"),
      contextOf("spot"),
    );
    const swapTrades = rest.trades!(spec("linear", "BTC-USDT"), {}).parse(
      await get("/openApi/swap/v2/quote/trades?symbol=BTC-USDT&limit=20"),
      contextOf("linear"),
    );
    for (const trades of [spotTrades, swapTrades]) {
      expect(trades.length).toBeGreaterThan(0);
      expect(trades.map((trade) => trade.tsMs)).toEqual([...trades.map((trade) => trade.tsMs)].sort());
    }
    for (const [account, native, path] of [
      ["spot", "BTC-USDT", "/openApi/spot/v2/market/kline?symbol=BTC-USDT&interval=1m&limit=3"],
      ["linear", "BTC-USDT", "/openApi/swap/v3/quote/klines?symbol=BTC-USDT&interval=1m&limit=3"],
      ["inverse", "BTC-USD", "/openApi/cswap/v1/market/klines?symbol=BTC-USD&interval=1m&limit=3"],
    ] as const) {
      const klines = rest.klines!(spec(account, native), { interval: "1m" }).parse(
        await get(path),
        contextOf(account),
      );
      expect(klines).toHaveLength(3);
      expect(klines[1]!.openTimeMs - klines[0]!.openTimeMs).toBe(60_000);
    }
    const funding = rest.fundingHistory!(spec("linear", "BTC-USDT"), {}).parse(
      await get("/openApi/swap/v2/quote/fundingRate?symbol=BTC-USDT&limit=3"),
      contextOf("linear"),
    );
    expect(funding).toHaveLength(3);
    const oi = rest.openInterest!(spec("linear", "BTC-USDT")).parse(
      await get("/openApi/swap/v2/quote/openInterest?symbol=BTC-USDT"),
      contextOf("linear"),
    );
    expect(oi.openInterestValue).toBeGreaterThan(1e6);
    expect(await get("/openApi/swap/v2/quote/premiumIndex?symbol=BTC-USDT")).toMatchObject({
      code: 0,
      data: { symbol: "BTC-USDT", lastFundingRate: expect.any(String) },
    });
    const unknown = await get("/openApi/swap/v2/quote/ticker?symbol=NOPE-USDT");
    expect(unknown).toMatchObject({ code: 109425 });
    expect(() => rest.ticker!(spec("linear", "NOPE-USDT")).parse(unknown, contextOf("linear"))).toThrow(
      "109425",
    );
  });

  test("an injected 429 answers BingX's rate-limit body", async () => {
    sim.faults.restStatus(429, 1, 2);
    const response = await fetch(`${sim.restUrl}/openApi/spot/v1/common/symbols`);
    expect(response.status).toBe(429);
    expect(response.headers.get("retry-after")).toBe("2");
    expect(await response.json()).toMatchObject({ code: 100410 });
  });
});
