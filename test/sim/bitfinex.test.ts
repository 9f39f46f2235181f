// Tests of the Bitfinex simulator through Bun's own WebSocket client and fetch: the v2 protocol (info, conf flags,
// subscribe / subscribed / unsubscribe by channel id, ping, error codes, the 25-channel cap), SEQ_ALL stamps, books
// whose `cs` checksums a client computing them independently confirms, faults, REST shapes; and dig3's Bitfinex
// parser reading every kind of frame and body the simulator sends.

import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import type { Account, MarketDataEvent } from "../../src/core/index.ts";
import type { ParseContext } from "../../src/exchanges/_shared/adapter.ts";
import { bitfinex } from "../../src/exchanges/bitfinex/index.ts";
import { canonicalOfNative } from "../../src/exchanges/bitfinex/symbols.ts";
import { type Sim, startSim } from "./index.ts";

const FLAGS = 32_768 + 65_536 + 131_072;

interface Client {
  /** The next frame that passes `accept` (frames before it are consumed). */
  next(accept?: (frame: unknown) => boolean, timeoutMs?: number): Promise<unknown>;
  send(body: unknown): void;
  /** Every text received so far, in order (kept even when `next` skipped it). */
  readonly texts: string[];
  close(): void;
}

async function connect(url: string): Promise<Client> {
  const ws = new WebSocket(url);
  const queue: string[] = [];
  const texts: string[] = [];
  let wake: (() => void) | undefined;
  ws.addEventListener("message", (event) => {
    queue.push(String(event.data));
    texts.push(String(event.data));
    wake?.();
  });
  await new Promise<void>((resolve, reject) => {
    ws.addEventListener("open", () => resolve(), { once: true });
    ws.addEventListener("error", () => reject(new Error(`cannot connect to ${url}`)), { once: true });
  });
  return {
    texts,
    async next(accept = () => true, timeoutMs = 3000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        while (queue.length > 0) {
          const frame: unknown = JSON.parse(queue.shift() as string);
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
    send: (body) => ws.send(typeof body === "string" ? body : JSON.stringify(body)),
    close: () => ws.close(),
  };
}

const isEvent = (name: string) => (frame: unknown) =>
  typeof frame === "object" && frame !== null && (frame as { event?: unknown }).event === name;
const onChannel = (chanId: number) => (frame: unknown) => Array.isArray(frame) && frame[0] === chanId;

/** Subscribes and returns the channel id from the ack. */
async function subscribe(client: Client, request: Record<string, unknown>): Promise<number> {
  client.send({ event: "subscribe", ...request });
  const ack = (await client.next(isEvent("subscribed"))) as { chanId: number };
  return ack.chanId;
}

/** An independent client-side P0 book and the docs' checksum over it. */
function createClientBook() {
  const bids = new Map<number, number>();
  const asks = new Map<number, number>();
  const apply = ([price, count, amount]: number[]) => {
    const side = amount! > 0 ? bids : asks;
    if (count === 0) side.delete(price!);
    else side.set(price!, amount!);
  };
  return {
    apply,
    replace(rows: number[][]) {
      bids.clear();
      asks.clear();
      for (const row of rows) apply(row);
    },
    checksum(): number {
      const b = [...bids].sort((x, y) => y[0] - x[0]);
      const a = [...asks].sort((x, y) => x[0] - y[0]);
      const parts: number[] = [];
      for (let i = 0; i < 25; i++) {
        if (b[i]) parts.push(b[i]![0], b[i]![1]);
        if (a[i]) parts.push(a[i]![0], a[i]![1]);
      }
      return Bun.hash.crc32(parts.join(":")) | 0;
    },
    isCrossed: () => Math.max(...bids.keys()) >= Math.min(...asks.keys()),
    size: () => [bids.size, asks.size],
  };
}

function contextOf(account: Account, session = new Map<string, unknown>()): ParseContext {
  return {
    exchange: "bitfinex",
    account,
    recvTsUs: Date.now() * 1000,
    symbolOf: (native) => canonicalOfNative(native, account) ?? native,
    session,
  };
}

let sim: Sim;

beforeAll(async () => {
  sim = await startSim({ venue: "bitfinex", tickMs: 10, seed: 5 });
});

afterAll(async () => {
  await sim.close();
});

describe("bitfinex simulator: protocol", () => {
  test("info first, conf acknowledged, ping answered, unknown events refused", async () => {
    const client = await connect(sim.wsUrl("spot"));
    client.send({ event: "conf", flags: FLAGS });
    expect(await client.next()).toMatchObject({ event: "info", version: 2, platform: { status: 1 } });
    expect(await client.next()).toEqual({ event: "conf", status: "OK", flags: FLAGS });
    client.send({ event: "ping", cid: 77 });
    expect(await client.next()).toMatchObject({ event: "pong", cid: 77 });
    client.send({ event: "frobnicate" });
    expect(await client.next()).toEqual({ event: "error", msg: "Unknown event", code: 10000 });
    client.send("not json");
    expect(await client.next()).toMatchObject({ event: "error", code: 10000 });
    client.close();
  });

  test("book: snapshot and updates stamped with SEQ_ALL and time; every cs matches an independent book", async () => {
    const client = await connect(sim.wsUrl("spot"));
    client.send({ event: "conf", flags: FLAGS });
    const chanId = await subscribe(client, { channel: "book", symbol: "tBTCUSD", prec: "P0", len: "25" });
    const book = createClientBook();
    const snapshot = (await client.next(onChannel(chanId))) as [number, number[][], number, number];
    book.replace(snapshot[1]);
    expect(book.size()).toEqual([25, 25]);
    let lastSeq = snapshot[2];
    expect(snapshot[3]).toBeGreaterThan(Date.UTC(2020, 0, 1));
    let checksums = 0;
    while (checksums < 200) {
      const frame = (await client.next(onChannel(chanId))) as unknown[];
      const seq = frame.at(-2) as number;
      expect(seq).toBe(lastSeq + 1);
      lastSeq = seq;
      if (frame[1] === "cs") {
        expect(frame[2]).toBe(book.checksum());
        checksums++;
      } else {
        book.apply(frame[1] as number[]);
        expect(book.isCrossed()).toBe(false);
      }
    }
    client.close();
  });

  test("channel errors: duplicate, unknown symbol, bad length; unsubscribe by id; 25 channels at most", async () => {
    const client = await connect(sim.wsUrl("spot"));
    const chanId = await subscribe(client, { channel: "trades", symbol: "tBTCUSD" });
    client.send({ event: "subscribe", channel: "trades", symbol: "tBTCUSD" });
    expect(await client.next(isEvent("error"))).toMatchObject({ code: 10301, msg: "subscribe: dup" });
    client.send({ event: "subscribe", channel: "ticker", symbol: "tNOPE:USD" });
    expect(await client.next(isEvent("error"))).toMatchObject({ code: 10001 });
    client.send({ event: "subscribe", channel: "book", symbol: "tBTCUSD", len: "7" });
    expect(await client.next(isEvent("error"))).toMatchObject({ code: 10012 });
    client.send({ event: "subscribe", channel: "book", symbol: "tBTCF0:USTF0" });
    expect(await client.next(isEvent("error"))).toMatchObject({ code: 10001 });
    client.send({ event: "unsubscribe", chanId });
    expect(await client.next(isEvent("unsubscribed"))).toEqual({
      event: "unsubscribed",
      status: "OK",
      chanId,
    });
    client.send({ event: "unsubscribe", chanId });
    expect(await client.next(isEvent("error"))).toMatchObject({ code: 10400 });
    for (const timeFrame of ["1m", "5m", "15m", "30m", "1h", "3h", "6h", "12h", "1D", "1W", "14D", "1M"]) {
      for (const symbol of ["tBTCUSD", "tETHUSD"])
        await subscribe(client, { channel: "candles", key: `trade:${timeFrame}:${symbol}` });
    }
    await subscribe(client, { channel: "ticker", symbol: "tBTCUSD" });
    client.send({ event: "subscribe", channel: "ticker", symbol: "tETHUSD" });
    expect(await client.next(isEvent("error"))).toMatchObject({ code: 10305, msg: "subscribe: limit" });
    client.close();
  });

  test("faults: a corrupted checksum and a skipped book update are visible to a client", async () => {
    const client = await connect(sim.wsUrl("spot"));
    client.send({ event: "conf", flags: FLAGS });
    const chanId = await subscribe(client, { channel: "book", symbol: "tETHUSD", len: "25" });
    const book = createClientBook();
    book.replace(((await client.next(onChannel(chanId))) as [number, number[][]])[1]);
    sim.faults.corruptChecksum("tETHUSD");
    let mismatches = 0;
    let lastSeq: number | undefined;
    let holes = 0;
    for (let i = 0; i < 400 && (mismatches === 0 || holes === 0); i++) {
      const frame = (await client.next(onChannel(chanId))) as unknown[];
      const seq = frame.at(-2) as number;
      if (lastSeq !== undefined && seq !== lastSeq + 1) holes++;
      lastSeq = seq;
      if (frame[1] === "cs") {
        if (frame[2] !== book.checksum()) mismatches++;
        if (mismatches === 1 && holes === 0 && i > 20) sim.faults.skipBookUpdate("tETHUSD");
      } else book.apply(frame[1] as number[]);
    }
    expect(mismatches).toBeGreaterThanOrEqual(1);
    expect(holes).toBe(1);
    client.close();
  });
});

describe("bitfinex simulator: dig3's parser reads what it sends", () => {
  test("spot: trades (te read, tu ignored), ticker, candles, book", async () => {
    const client = await connect(sim.wsUrl("spot"));
    client.send({ event: "conf", flags: FLAGS });
    await subscribe(client, { channel: "trades", symbol: "tBTCUST" });
    await subscribe(client, { channel: "ticker", symbol: "tBTCUST" });
    await subscribe(client, { channel: "candles", key: "trade:1m:tBTCUST" });
    await subscribe(client, { channel: "book", symbol: "tBTCUST", prec: "P0", freq: "F0", len: "25" });
    await Bun.sleep(400);
    client.close();
    const context = contextOf("spot");
    const events: MarketDataEvent[] = [];
    for (const text of client.texts) {
      const parsed = bitfinex.ws.parse(text, context);
      expect(parsed.kind).not.toBe("unmatched");
      expect(parsed.kind).not.toBe("venue-error");
      if (parsed.kind === "events") events.push(...parsed.events);
    }
    const kinds = new Set(events.map((event) => event.kind));
    expect(kinds).toEqual(new Set(["trade", "ticker", "kline", "book"]));
    for (const event of events) expect(event.symbol).toBe("BTC/USDT");
    const truth = sim.sentFrames("trades:tBTCUST", "spot") as number[][];
    const tradeIds = events.flatMap((event) => (event.kind === "trade" ? [event.tradeId] : []));
    expect(tradeIds.length).toBeGreaterThan(5);
    expect(new Set(tradeIds).size).toBe(tradeIds.length);
    for (const id of tradeIds) expect(truth.some((row) => String(row[0]) === id)).toBe(true);
  });

  test("linear: derivatives status fans out; liquidations arrive on the global feed", async () => {
    const client = await connect(sim.wsUrl("linear"));
    client.send({ event: "conf", flags: FLAGS });
    await subscribe(client, { channel: "status", key: "deriv:tBTCF0:USTF0" });
    await subscribe(client, { channel: "status", key: "liq:global" });
    await subscribe(client, { channel: "trades", symbol: "tETHF0:USTF0" });
    await Bun.sleep(800);
    client.close();
    const context = contextOf("linear");
    const kinds = new Map<string, number>();
    for (const text of client.texts) {
      const parsed = bitfinex.ws.parse(text, context);
      expect(parsed.kind).not.toBe("unmatched");
      if (parsed.kind !== "events") continue;
      for (const event of parsed.events) kinds.set(event.kind, (kinds.get(event.kind) ?? 0) + 1);
    }
    for (const kind of ["mark_price", "funding_rate", "open_interest", "trade"])
      expect(kinds.get(kind)).toBeGreaterThan(0);
    const liquidations = sim.sentFrames("status:liq:global", "linear");
    expect(kinds.get("liquidation") ?? 0).toBe(liquidations.flat().length);
  });
});

describe("bitfinex simulator: REST", () => {
  const get = async (path: string) => {
    const response = await fetch(`${sim.restUrl}${path}`);
    return { status: response.status, body: (await response.json()) as unknown };
  };

  test("configs, tickers, book, trades, candles, status: dig3's parsers read them", async () => {
    const conf = await get("/v2/conf/pub:list:pair:exchange,pub:map:currency:sym");
    const instruments = bitfinex.rest.instruments("spot").parse(conf.body, contextOf("spot"));
    expect(instruments.map((instrument) => instrument.symbol)).toEqual(
      expect.arrayContaining(["BTC/USD", "BTC/USDT", "ETH/USD", "AVAX/USDT"]),
    );
    const futures = await get("/v2/conf/pub:list:pair:futures,pub:map:currency:sym");
    expect(
      bitfinex.rest
        .instruments("linear")
        .parse(futures.body, contextOf("linear"))
        .map((i) => i.symbol),
    ).toContain("BTC/USDT:USDT");
    const spec = { kind: "ticker" as const, account: "spot" as const, symbol: "BTC/USD", native: "tBTCUSD" };
    const ticker = bitfinex.rest.ticker!(spec).parse(
      (await get("/v2/tickers?symbols=tBTCUSD")).body,
      contextOf("spot"),
    );
    expect(ticker.last).toBeGreaterThan(50_000);
    const book = bitfinex.rest.book!(spec, 25).parse(
      (await get("/v2/book/tBTCUSD/P0?len=25")).body,
      contextOf("spot"),
    );
    expect(book.bids.length).toBe(25);
    expect(book.bids[0]![0]).toBeLessThan(book.asks[0]![0]);
    const trades = bitfinex.rest.trades!(spec, {}).parse(
      (await get("/v2/trades/tBTCUSD/hist?limit=20&sort=-1")).body,
      contextOf("spot"),
    );
    expect(trades.length).toBe(20);
    const klines = bitfinex.rest.klines!(spec, { interval: "1m" }).parse(
      (await get("/v2/candles/trade:1m:tBTCUSD/hist?limit=5&sort=-1")).body,
      contextOf("spot"),
    );
    expect(klines.length).toBe(5);
    for (let i = 1; i < klines.length; i++)
      expect(klines[i]!.openTimeMs - klines[i - 1]!.openTimeMs).toBe(60_000);
    const perp = {
      kind: "open_interest" as const,
      account: "linear" as const,
      symbol: "BTC/USDT:USDT",
      native: "tBTCF0:USTF0",
    };
    const oi = bitfinex.rest.openInterest!(perp).parse(
      (await get("/v2/status/deriv?keys=tBTCF0:USTF0")).body,
      contextOf("linear"),
    );
    expect(oi.openInterest).toBeGreaterThan(0);
    const funding = bitfinex.rest.fundingHistory!(perp, {}).parse(
      (await get("/v2/status/deriv/tBTCF0:USTF0/hist?limit=3")).body,
      contextOf("linear"),
    );
    expect(funding.length).toBe(3);
  });

  test("errors in Bitfinex's shape; an injected 429", async () => {
    expect(await get("/v2/book/tNOPE/P0")).toEqual({
      status: 500,
      body: ["error", 10020, "symbol: invalid"],
    });
    expect(await get("/v2/trades/tBTCUSD/hist?limit=0")).toEqual({
      status: 500,
      body: ["error", 10020, "limit: invalid"],
    });
    sim.faults.restStatus(429, 1, 1);
    expect(await get("/v2/tickers?symbols=tBTCUSD")).toEqual({
      status: 429,
      body: ["error", 11010, "ratelimit: error"],
    });
  });
});
