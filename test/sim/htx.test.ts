// The HTX simulator through Bun's WebSocket client and fetch, checked with dig3's HTX parser and book sync: acks,
// errors and server pings, the spot MBP feed with its late refresh image, contract depth versions, trades against the
// ground truth, notification topics, the skip fault, REST bodies and errors, and recorded replay.

import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { createBookSync } from "../../src/book/index.ts";
import {
  type Account,
  type BookEvent,
  formatCanonical,
  type MarketDataEvent,
  withAccountSettle,
} from "../../src/core/index.ts";
import type { ParseContext } from "../../src/exchanges/_shared/adapter.ts";
import { HTX_CONTRACT_BOOK, HTX_SPOT_BOOK, htx } from "../../src/exchanges/htx/index.ts";
import { fromHtxNative } from "../../src/exchanges/htx/symbols.ts";
import { resolveWireDir, type Sim, startSim } from "./index.ts";

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
    exchange: "htx",
    account,
    recvTsUs: Date.now() * 1000,
    symbolOf: (native) => {
      const parts = fromHtxNative(native, account);
      return parts ? formatCanonical(withAccountSettle(parts, account)) : native;
    },
    session: new Map(),
  };
}

function eventsOf(text: string, context: ParseContext): MarketDataEvent[] {
  const parsed = htx.ws.parse(text, context);
  return parsed.kind === "events" ? parsed.events : [];
}

const has = (needle: string) => (text: string) => text.includes(needle);

let sim: Sim;

beforeAll(async () => {
  sim = await startSim({ venue: "htx", tickMs: 10, seed: 11 });
});

afterAll(async () => {
  await sim.close();
});

describe("htx simulator: protocol", () => {
  test("sub and unsub are acked with the client's id; bad requests get HTX's error bodies", async () => {
    const client = await connectClient(sim.wsUrl("spot"));
    client.send({ sub: "market.btcusdt.trade.detail", id: "5" });
    expect(JSON.parse(await client.next(has('"subbed"')))).toMatchObject({
      id: "5",
      status: "ok",
      subbed: "market.btcusdt.trade.detail",
    });
    client.send({ sub: "market.nopeusdt.trade.detail", id: "6" });
    expect(JSON.parse(await client.next(has('"status":"error"')))).toMatchObject({
      id: "6",
      "err-code": "bad-request",
      "err-msg": "invalid topic market.nopeusdt.trade.detail",
    });
    client.send("{not json");
    expect(JSON.parse(await client.next(has('"status":"error"')))).toMatchObject({
      "err-msg": "not json, is not json string",
    });
    client.send({ unsub: "market.btcusdt.trade.detail", id: "7" });
    expect(JSON.parse(await client.next(has('"unsubbed"')))).toMatchObject({ id: "7", status: "ok" });
    client.send({ unsub: "market.btcusdt.trade.detail", id: "8" });
    expect(JSON.parse(await client.next(has('"status":"error"')))).toMatchObject({
      "err-msg": "unsub with not subbed topic",
    });
    client.close();
  });

  test("the server pings; the parser's reply is what HTX expects, and the sim counts it", async () => {
    const client = await connectClient(sim.wsUrl("linear"));
    client.send({ sub: "market.BTC-USDT.detail", id: "1" });
    const ping = await client.next(has('"ping"'));
    const parsed = htx.ws.parse(ping, contextOf("linear"));
    expect(parsed.kind).toBe("ping");
    if (parsed.kind === "ping") client.send(parsed.reply!);
    await Bun.sleep(30);
    expect(sim.stats.clientFrames).toContain(`{"pong":${JSON.parse(ping).ping}}`);
    client.send({ op: "sub", cid: "2", topic: "public.BTC-USDT.funding_rate" });
    const opPing = await client.next(has('"op":"ping"'));
    const opParsed = htx.ws.parse(opPing, contextOf("linear"));
    expect(opParsed).toEqual({
      kind: "ping",
      reply: JSON.stringify({ op: "pong", ts: JSON.parse(opPing).ts }),
    });
    client.close();
  });

  test("trades match the ground truth; spot ids are `tradeId`", async () => {
    const client = await connectClient(sim.wsUrl("spot"));
    client.send({ sub: "market.ethusdt.trade.detail", id: "1" });
    const context = contextOf("spot");
    const trades: MarketDataEvent[] = [];
    while (trades.length < 20) trades.push(...eventsOf(await client.next(has('"ch"')), context));
    client.close();
    const truth = new Map<string, Record<string, unknown>>();
    for (const frame of sim.sentFrames("market.ethusdt.trade.detail", "spot") as {
      tick: { data: Record<string, unknown>[] };
    }[])
      for (const row of frame.tick.data) truth.set(String(row.tradeId), row);
    for (const trade of trades) {
      expect(trade).toMatchObject({ kind: "trade", symbol: "ETH/USDT", account: "spot" });
      if (trade.kind !== "trade") continue;
      const row = truth.get(trade.tradeId);
      expect(row).toBeDefined();
      expect(trade.price).toBe(row!.price as number);
      expect(trade.size).toBe(row!.amount as number);
      expect(trade.side).toBe(row!.direction as "buy" | "sell");
    }
  });
});

describe("htx simulator: books", () => {
  test("spot MBP: the refresh image comes after newer deltas; a later image equals the book the deltas built", async () => {
    const client = await connectClient(sim.wsUrl("spot"));
    const context = contextOf("spot");
    const sync = createBookSync(HTX_SPOT_BOOK);
    const topic = "market.btcusdt.mbp.150";
    /** Top 20 levels a side after each applied sequence number. */
    const tops = new Map<number, { bids: number[][]; asks: number[][] }>();
    const top = (levels: BookEvent["bids"]) => levels.slice(0, 20).map(([price, size]) => [price, size]);
    const apply = (event: BookEvent) => {
      expect(sync.onEvent(event).action).not.toBe("resync");
      if (sync.lastSeq !== undefined)
        tops.set(sync.lastSeq, { bids: top(sync.book.bids(20)), asks: top(sync.book.asks(20)) });
    };
    client.send({ sub: topic, id: "1" });
    client.send({ req: topic, id: "1" });
    let pushesBeforeImage = 0;
    for (;;) {
      const text = await client.next(has(topic));
      if (text.includes('"ch"')) pushesBeforeImage++;
      for (const event of eventsOf(text, context)) if (event.kind === "book") apply(event);
      if (text.includes('"rep"')) break;
    }
    // HTX answers the request after pushes that are already newer than the image; parse held them since `subbed`.
    expect(pushesBeforeImage).toBeGreaterThan(0);
    let live = 0;
    while (live < 30) {
      for (const event of eventsOf(await client.next(has('"ch"')), context)) {
        if (event.kind !== "book") continue;
        apply(event);
        live++;
      }
    }
    client.send({ req: topic, id: "2" });
    for (;;) {
      const text = await client.next(has(topic));
      const message = JSON.parse(text) as {
        rep?: string;
        data?: { seqNum: number; bids: number[][]; asks: number[][] };
      };
      if (message.rep) {
        const built = tops.get(message.data!.seqNum);
        expect(built).toBeDefined();
        expect(message.data!.bids.slice(0, 20)).toEqual(built!.bids);
        expect(message.data!.asks.slice(0, 20)).toEqual(built!.asks);
        break;
      }
      for (const event of eventsOf(text, context)) if (event.kind === "book") apply(event);
    }
    client.close();
  });

  test("spot MBP through the parser's alignment: `subbed`, held deltas, image, chain without a gap", async () => {
    const client = await connectClient(sim.wsUrl("spot"));
    const context = contextOf("spot");
    const sync = createBookSync(HTX_SPOT_BOOK);
    for (const frame of htx.ws.subscribe(
      [{ kind: "book", account: "spot", symbol: "BTC/USDT", native: "btcusdt" }],
      3,
    ))
      client.send(frame);
    const events: BookEvent[] = [];
    while (events.filter((e) => e.type === "delta").length < 40) {
      for (const event of eventsOf(await client.next(), context)) {
        if (event.kind !== "book") continue;
        events.push(event);
        expect(sync.onEvent(event).action).toBe("emit");
      }
    }
    client.close();
    expect(events[0]!.type).toBe("snapshot");
    // The held deltas came out right behind the image, chained to it.
    expect(events[1]!.prevSeq).toBe(events[0]!.seq!);
    for (let i = 1; i < events.length; i++) expect(events[i]!.prevSeq).toBe(events[i - 1]!.seq!);
    const bestBid = sync.book.bestBid()?.[0];
    const bestAsk = sync.book.bestAsk()?.[0];
    expect(bestBid!).toBeLessThan(bestAsk!);
  });

  test("contract depth: a snapshot right after the ack, then version +1 per push; a resubscription agrees", async () => {
    const client = await connectClient(sim.wsUrl("linear"));
    const context = contextOf("linear");
    const sync = createBookSync(HTX_CONTRACT_BOOK);
    const topic = "market.ETH-USDT.depth.size_150.high_freq";
    client.send({ sub: topic, data_type: "incremental", id: "1" });
    expect(JSON.parse(await client.next(has('"subbed"')))).toMatchObject({
      subbed: topic,
      data_type: "incremental",
    });
    let pushes = 0;
    while (pushes < 40) {
      for (const event of eventsOf(await client.next(has('"ch"')), context)) {
        if (event.kind !== "book") continue;
        if (pushes === 0) expect(event.type).toBe("snapshot");
        expect(sync.onEvent(event).action).toBe("emit");
        pushes++;
      }
    }
    // A second subscription on the same socket: a fresh snapshot whose version continues the chain.
    client.send({ sub: topic, data_type: "incremental", id: "2" });
    for (;;) {
      const text = await client.next(has('"ch"'));
      const [event] = eventsOf(text, context);
      if (event?.kind !== "book") continue;
      if (event.type === "snapshot") {
        expect(event.seq).toBe(sync.lastSeq!);
        const top = (levels: BookEvent["bids"]) => levels.slice(0, 20).map(([p, s]) => [p, s]);
        expect(top(event.bids)).toEqual(top(sync.book.bids(20)));
        expect(top(event.asks)).toEqual(top(sync.book.asks(20)));
        break;
      }
      expect(sync.onEvent(event).action).toBe("emit");
    }
    client.send({ sub: topic, id: "3" });
    expect(JSON.parse(await client.next(has('"status":"error"')))).toMatchObject({
      id: "3",
      "err-code": "bad-request",
    });
    client.close();
  });

  test("a skipped update is a version gap the tracker catches", async () => {
    const client = await connectClient(sim.wsUrl("inverse"));
    const context = contextOf("inverse");
    const sync = createBookSync(HTX_CONTRACT_BOOK);
    client.send({ sub: "market.BTC-USD.depth.size_150.high_freq", data_type: "incremental", id: "1" });
    let resync: string | undefined;
    let pushes = 0;
    while (!resync) {
      for (const event of eventsOf(await client.next(has('"ch"')), context)) {
        if (event.kind !== "book") continue;
        if (++pushes === 5) sim.faults.skipBookUpdate("BTC-USD", "inverse");
        const verdict = sync.onEvent(event);
        if (verdict.action === "resync") resync = verdict.reason;
      }
    }
    expect(resync).toMatch(/^sequence gap: expected \d+, got \d+$/);
    client.close();
  });
});

describe("htx simulator: contract streams", () => {
  test("mark price, funding and liquidations reach the parser with the contract's symbol", async () => {
    const client = await connectClient(sim.wsUrl("linear"));
    const context = contextOf("linear");
    client.send({ sub: "market.BTC-USDT.mark_price.1min", id: "1" });
    client.send({ op: "sub", cid: "2", topic: "public.BTC-USDT.funding_rate" });
    client.send({ op: "sub", cid: "3", topic: "public.BTC-USDT.liquidation_orders" });
    expect(JSON.parse(await client.next(has('"op":"sub"')))).toMatchObject({ cid: "2", "err-code": 0 });
    const seen = new Set<string>();
    const deadline = Date.now() + 4000;
    while (seen.size < 3 && Date.now() < deadline) {
      const text = await client.next((t) => t.includes('"ch"') || t.includes('"notify"'));
      for (const event of eventsOf(text, context)) {
        expect(event.symbol).toBe("BTC/USDT:USDT");
        seen.add(event.kind);
      }
    }
    expect([...seen].sort()).toEqual(["funding_rate", "liquidation", "mark_price"]);
    client.send({ op: "sub", cid: "4", topic: "public.BTC-USDT-000000.funding_rate" });
    expect(JSON.parse(await client.next(has('"cid":"4"')))).toMatchObject({ "err-code": 2011 });
    client.close();
  });
});

describe("htx simulator: REST", () => {
  const get = async (path: string) =>
    (await fetch(`${sim.restUrl}${path}`)).json() as Promise<Record<string, unknown>>;
  const contextFor = (account: Account) => contextOf(account);

  test("instruments parse with dig3's parsers", async () => {
    const spot = htx.rest
      .instruments("spot")
      .parse(await get("/v2/settings/common/symbols"), contextFor("spot"));
    expect(spot.map((i) => i.symbol)).toEqual(["BTC/USDT", "ETH/USDT"]);
    expect(spot[0]).toMatchObject({ native: "btcusdt", tickSize: 0.01, lotSize: 0.000001, active: true });
    const linear = htx.rest
      .instruments("linear")
      .parse(await get("/linear-swap-api/v1/swap_contract_info?business_type=all"), contextFor("linear"));
    expect(linear.map((i) => i.symbol)).toEqual([
      "BTC/USDT:USDT",
      "ETH/USDT:USDT",
      expect.stringMatching(/^BTC\/USDT:USDT-\d{6}$/),
    ]);
    const swapsOnly = await get("/linear-swap-api/v1/swap_contract_info");
    expect((swapsOnly.data as unknown[]).length).toBe(2);
    const inverse = htx.rest
      .instruments("inverse")
      .parse(await get("/swap-api/v1/swap_contract_info"), contextFor("inverse"));
    expect(inverse.map((i) => i.symbol)).toEqual(["BTC/USD:BTC"]);
  });

  test("ticker, depth, trades, klines, funding and open interest", async () => {
    const spec = { kind: "ticker" as const, account: "spot" as const, symbol: "BTC/USDT", native: "btcusdt" };
    const ticker = htx.rest.ticker!(spec).parse(
      await get("/market/detail/merged?symbol=btcusdt"),
      contextFor("spot"),
    );
    expect(ticker.bid!).toBeLessThan(ticker.ask!);
    const book = htx.rest.book!(spec, 150).parse(
      await get("/market/depth?symbol=btcusdt&type=step0"),
      contextFor("spot"),
    );
    expect(book.bids.length).toBeGreaterThan(50);
    expect(book.bids[0]![0]).toBeLessThan(book.asks[0]![0]);
    expect((await get("/market/depth?symbol=btcusdt&type=step0&depth=5")).tick).toMatchObject({
      bids: expect.any(Array),
    });
    await Bun.sleep(100);
    const trades = htx.rest.trades!(spec, { limit: 50 }).parse(
      await get("/market/history/trade?symbol=btcusdt&size=50"),
      contextFor("spot"),
    );
    expect(trades.length).toBe(50);
    for (let i = 1; i < trades.length; i++)
      expect(Number(trades[i]!.tradeId)).toBeGreaterThan(Number(trades[i - 1]!.tradeId));
    const klines = htx.rest.klines!(spec, { interval: "1m", limit: 5 }).parse(
      await get("/market/history/kline?symbol=btcusdt&period=1min&size=5"),
      contextFor("spot"),
    );
    expect(klines).toHaveLength(5);
    expect(klines.at(-1)!.closed).toBe(false);
    const linearSpec = {
      kind: "funding_rate" as const,
      account: "linear" as const,
      symbol: "BTC/USDT:USDT",
      native: "BTC-USDT",
    };
    const funding = htx.rest.fundingHistory!(linearSpec, { limit: 3 }).parse(
      await get(
        "/linear-swap-api/v1/swap_historical_funding_rate?contract_code=BTC-USDT&page_index=1&page_size=3",
      ),
      contextFor("linear"),
    );
    expect(funding).toHaveLength(3);
    expect(funding[1]!.tsMs - funding[0]!.tsMs).toBe(8 * 3_600_000);
    const oi = htx.rest.openInterest!(linearSpec).parse(
      await get("/linear-swap-api/v1/swap_open_interest?contract_code=BTC-USDT"),
      contextFor("linear"),
    );
    expect(oi.openInterest).toBeGreaterThan(0);
    expect(oi.openInterestValue!).toBeGreaterThan(0);
    const contractKlines = htx.rest.klines!(linearSpec, {
      interval: "5m",
      startMs: Date.now() - 3_600_000,
      endMs: Date.now(),
    });
    const query = new URLSearchParams(
      Object.entries(contractKlines.query!).map(([k, v]): [string, string] => [k, String(v)]),
    );
    const rows = contractKlines.parse(await get(`${contractKlines.path}?${query}`), contextFor("linear"));
    expect(rows.length).toBeGreaterThanOrEqual(12);
  });

  test("errors in each family's spelling; injected HTTP faults", async () => {
    expect(await get("/market/depth?symbol=nopeusdt&type=step0")).toMatchObject({
      status: "error",
      "err-code": "invalid-parameter",
      "err-msg": "invalid symbol",
    });
    expect(await get("/linear-swap-ex/market/depth?contract_code=ONE-USDT&type=step0")).toMatchObject({
      status: "error",
      err_code: 1332,
    });
    expect(await get("/market/history/kline?symbol=btcusdt&period=3min")).toMatchObject({
      "err-msg": "invalid period",
    });
    sim.faults.restStatus(429, 1, 2);
    const limited = await fetch(`${sim.restUrl}/market/detail/merged?symbol=btcusdt`);
    expect(limited.status).toBe(429);
    expect(limited.headers.get("retry-after")).toBe("2");
    expect((await fetch(`${sim.restUrl}/market/nothing`)).status).toBe(404);
  });
});

const recording = join(resolveWireDir(), "htx", "spot-depth-step0-trade-detail.ndjson");
const hasWire = existsSync(recording);
if (!hasWire) console.log(`skipping recorded-mode htx simulator tests: ${recording} is absent`);

describe.if(hasWire)("htx simulator, recorded", () => {
  test("replays recorded pushes verbatim, one per tick", async () => {
    const recorded = await startSim({ venue: "htx", mode: "recorded", tickMs: 5 });
    try {
      const client = await connectClient(recorded.wsUrl("spot"));
      client.send({ sub: "market.nesteth.depth.step0", id: "1" });
      expect(JSON.parse(await client.next(has('"subbed"')))).toMatchObject({ status: "ok" });
      const first = await client.next(has('"ch"'));
      expect(first.startsWith('{"ch":"market.nesteth.depth.step0","ts":1618678070342')).toBe(true);
      const [event] = eventsOf(first, contextOf("spot"));
      expect(event).toMatchObject({ kind: "book", type: "snapshot", symbol: "NEST/ETH" });
      client.send({ sub: "market.btcusdt.mbp.150", id: "2" });
      expect(JSON.parse(await client.next(has('"status":"error"')))).toMatchObject({ id: "2" });
      client.close();
    } finally {
      await recorded.close();
    }
  });
});
