// Tests of the MEXC simulator through Bun's WebSocket client and fetch, read with dig3's MEXC parsers: the spot
// protocol (JSON replies, protobuf data frames, the 30-subscription cap), the futures protocol (rs.* replies, pong,
// JSON pushes), books that rebuild from the REST snapshot by version, skipped updates that force a resync, REST.

import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { createBookSync } from "../../src/book/index.ts";
import type { Account, BookEvent, MarketDataEvent } from "../../src/core/index.ts";
import type { ParseContext } from "../../src/exchanges/_shared/adapter.ts";
import { MEXC_FUTURES_BOOK, MEXC_SPOT_BOOK, mexc } from "../../src/exchanges/mexc/index.ts";
import { canonicalOfMexcNative } from "../../src/exchanges/mexc/symbols.ts";
import { type Sim, startSim } from "./index.ts";

interface Received {
  /** The frame as `parse` sees it (binary frames decoded by the adapter). */
  text: string;
  binary: boolean;
}

interface Client {
  send(body: unknown): void;
  next(accept?: (frame: Received) => boolean, timeoutMs?: number): Promise<Received>;
  close(): void;
}

async function connect(url: string): Promise<Client> {
  const ws = new WebSocket(url);
  ws.binaryType = "arraybuffer";
  const queue: Received[] = [];
  let wake: (() => void) | undefined;
  ws.addEventListener("message", (event) => {
    const binary = typeof event.data !== "string";
    const text = binary
      ? mexc.ws.decodeBinary!(new Uint8Array(event.data as ArrayBuffer))
      : String(event.data);
    queue.push({ text, binary });
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
    close: () => ws.close(),
  };
}

function contextOf(account: Account): ParseContext {
  return {
    exchange: "mexc",
    account,
    recvTsUs: Date.now() * 1000,
    symbolOf: (native) => canonicalOfMexcNative(native, account) ?? native,
    session: new Map(),
  };
}

function eventsOf(frame: Received, context: ParseContext): MarketDataEvent[] {
  const parsed = mexc.ws.parse(frame.text, context);
  if (parsed.kind !== "events")
    throw new Error(`expected events, got ${JSON.stringify(parsed)} for ${frame.text}`);
  return parsed.events;
}

const onChannel = (channel: string) => (frame: Received) => frame.text.includes(`"channel":"${channel}"`);

let sim: Sim;

beforeAll(async () => {
  sim = await startSim({ venue: "mexc", tickMs: 10, seed: 3 });
});

afterAll(async () => {
  await sim.close();
});

describe("mexc simulator: spot socket", () => {
  const DEALS = "spot@public.aggre.deals.v3.api.pb@100ms@BTCUSDT";

  test("PING → PONG; SUBSCRIPTION is acked with the channel; data frames are protobuf binaries", async () => {
    const client = await connect(sim.wsUrl("spot"));
    client.send({ method: "PING" });
    expect(JSON.parse((await client.next()).text)).toEqual({ id: 0, code: 0, msg: "PONG" });
    client.send({ method: "SUBSCRIPTION", params: [DEALS] });
    const ack = await client.next();
    expect(ack.binary).toBe(false);
    expect(mexc.ws.parse(ack.text, contextOf("spot"))).toEqual({ kind: "ack", note: DEALS });
    const push = await client.next(onChannel(DEALS));
    expect(push.binary).toBe(true);
    const trades = eventsOf(push, contextOf("spot"));
    expect(trades[0]).toMatchObject({ kind: "trade", symbol: "BTC/USDT", account: "spot" });
    client.send({ method: "UNSUBSCRIPTION", params: [DEALS] });
    expect(JSON.parse((await client.next((f) => !f.binary)).text)).toEqual({ id: 0, code: 0, msg: DEALS });
    client.close();
  });

  test("an unknown channel, and one past 30 subscriptions, are refused the MEXC way", async () => {
    const client = await connect(sim.wsUrl("spot"));
    client.send({ method: "SUBSCRIPTION", params: ["spot@public.aggre.deals.v3.api.pb@100ms@NOPEUSDT"] });
    const refusal = mexc.ws.parse((await client.next()).text, contextOf("spot"));
    expect(refusal).toMatchObject({ kind: "venue-error" });
    expect((refusal as { message: string }).message).toContain("Not Subscribed successfully");
    const valid = [
      ...["Min1", "Min5", "Min15", "Min30", "Min60", "Hour4", "Hour8", "Day1", "Week1", "Month1"].flatMap(
        (iv) => [`spot@public.kline.v3.api.pb@BTCUSDT@${iv}`, `spot@public.kline.v3.api.pb@ETHUSDT@${iv}`],
      ),
      ...["BTCUSDT", "ETHUSDT"].flatMap((s) => [
        `spot@public.aggre.deals.v3.api.pb@100ms@${s}`,
        `spot@public.aggre.depth.v3.api.pb@100ms@${s}`,
        `spot@public.aggre.bookTicker.v3.api.pb@100ms@${s}`,
        `spot@public.miniTicker.v3.api.pb@${s}@24H`,
        `spot@public.aggre.deals.v3.api.pb@10ms@${s}`,
        `spot@public.aggre.depth.v3.api.pb@10ms@${s}`,
      ]),
    ];
    expect(valid.length).toBe(32);
    client.send({ method: "SUBSCRIPTION", params: valid });
    const replies = [await client.next((f) => !f.binary), await client.next((f) => !f.binary)];
    expect(JSON.parse(replies[0]!.text).msg.split(",")).toHaveLength(30);
    expect(JSON.parse(replies[1]!.text).msg).toContain("Not Subscribed successfully!");
    client.close();
  });

  test("depth rebuilds from the REST snapshot by version; skipBookUpdate makes dig3's sync resync", async () => {
    const channel = "spot@public.aggre.depth.v3.api.pb@100ms@ETHUSDT";
    const client = await connect(sim.wsUrl("spot"));
    client.send({ method: "SUBSCRIPTION", params: [channel] });
    const context = contextOf("spot");
    const sync = createBookSync(MEXC_SPOT_BOOK);
    // Buffer a few pushes first, then take the snapshot, as the docs order it.
    const early = [] as BookEvent[];
    for (let i = 0; i < 3; i++)
      early.push(eventsOf(await client.next(onChannel(channel)), context)[0] as BookEvent);
    for (const delta of early) expect(sync.onEvent(delta).action).toBe("waiting");
    const spec = { kind: "book" as const, account: "spot" as const, symbol: "ETH/USDT", native: "ETHUSDT" };
    const call = mexc.rest.book!(spec, 5000);
    const body = await (await fetch(`${sim.restUrl}${call.path}?symbol=ETHUSDT&limit=5000`)).json();
    const snapshot = call.parse(body, context);
    expect(sync.onEvent(snapshot).action).toBe("emit");
    for (let i = 0; i < 20; i++) {
      const delta = eventsOf(await client.next(onChannel(channel)), context)[0] as BookEvent;
      expect(sync.onEvent(delta).action).toBe("emit");
    }
    expect(sync.stats.resyncs).toBe(0);
    sim.faults.skipBookUpdate("ETHUSDT", "spot");
    let verdict = "emit";
    for (let i = 0; i < 50 && verdict !== "resync"; i++)
      verdict = sync.onEvent(eventsOf(await client.next(onChannel(channel)), context)[0] as BookEvent).action;
    expect(verdict).toBe("resync");
    client.close();
  });
});

describe("mexc simulator: futures socket", () => {
  test("ping → pong; sub.* → rs.sub.* success; an unknown contract → rs.error", async () => {
    const client = await connect(sim.wsUrl("linear"));
    client.send({ method: "ping" });
    expect(mexc.ws.parse((await client.next()).text, contextOf("linear"))).toEqual({ kind: "pong" });
    client.send({ method: "sub.deal", param: { symbol: "NOPE_USDT" }, gzip: false });
    expect(mexc.ws.parse((await client.next()).text, contextOf("linear"))).toMatchObject({
      kind: "venue-error",
    });
    for (const frame of mexc.ws.subscribe(
      [
        { kind: "ticker", account: "linear", symbol: "BTC/USDT:USDT", native: "BTC_USDT" },
        { kind: "funding_rate", account: "linear", symbol: "BTC/USDT:USDT", native: "BTC_USDT" },
        { kind: "kline", account: "linear", symbol: "BTC/USDT:USDT", native: "BTC_USDT", interval: "1m" },
      ],
      1,
    ))
      client.send(frame);
    const acks = [await client.next(), await client.next(), await client.next()].map((f) =>
      JSON.parse(f.text),
    );
    expect(acks.map((a) => `${a.channel}:${a.data}`)).toEqual([
      "rs.sub.ticker:success",
      "rs.sub.funding.rate:success",
      "rs.sub.kline:success",
    ]);
    const context = contextOf("linear");
    const ticker = eventsOf(await client.next(onChannel("push.ticker")), context);
    expect(ticker.map((e) => e.kind)).toEqual(["ticker", "mark_price", "open_interest"]);
    const funding = eventsOf(await client.next(onChannel("push.funding.rate")), context);
    expect(funding[0]).toMatchObject({ kind: "funding_rate", symbol: "BTC/USDT:USDT" });
    expect((funding[0] as { nextFundingTsMs: number }).nextFundingTsMs % (8 * 3_600_000)).toBe(0);
    const kline = eventsOf(await client.next(onChannel("push.kline")), context);
    expect(kline[0]).toMatchObject({ kind: "kline", interval: "1m", closed: false });
    client.close();
  });

  test("push.depth: version + 1 per push, bridged to the REST version; a skipped update forces a resync", async () => {
    const client = await connect(sim.wsUrl("linear"));
    client.send({ method: "sub.depth", param: { symbol: "ETH_USDT" }, gzip: false });
    expect(JSON.parse((await client.next()).text)).toMatchObject({
      channel: "rs.sub.depth",
      data: "success",
    });
    const context = contextOf("linear");
    const sync = createBookSync(MEXC_FUTURES_BOOK);
    const first = eventsOf(await client.next(onChannel("push.depth")), context)[0] as BookEvent;
    expect(sync.onEvent(first).action).toBe("waiting");
    const spec = {
      kind: "book" as const,
      account: "linear" as const,
      symbol: "ETH/USDT:USDT",
      native: "ETH_USDT",
    };
    const call = mexc.rest.book!(spec, 1000);
    const snapshot = call.parse(await (await fetch(`${sim.restUrl}${call.path}?limit=1000`)).json(), context);
    expect(snapshot.seq).toBeGreaterThanOrEqual(first.seq!);
    expect(sync.onEvent(snapshot).action).toBe("emit");
    let previous = snapshot.seq!;
    for (let i = 0; i < 20; i++) {
      const delta = eventsOf(await client.next(onChannel("push.depth")), context)[0] as BookEvent;
      if (delta.seq! <= snapshot.seq!) continue;
      expect(delta.seq).toBe(previous + 1);
      previous = delta.seq!;
      expect(sync.onEvent(delta).action).toBe("emit");
    }
    sim.faults.skipBookUpdate("ETH_USDT", "linear");
    let verdict = "emit";
    for (let i = 0; i < 50 && verdict !== "resync"; i++)
      verdict = sync.onEvent(
        eventsOf(await client.next(onChannel("push.depth")), context)[0] as BookEvent,
      ).action;
    expect(verdict).toBe("resync");
    client.close();
  });
});

describe("mexc simulator: REST", () => {
  test("instrument lists parse with dig3's parsers", async () => {
    const spot = mexc.rest.instruments("spot");
    const spotList = spot.parse(await (await fetch(`${sim.restUrl}${spot.path}`)).json(), contextOf("spot"));
    expect(spotList.map((i) => i.symbol)).toEqual(["BTC/USDT", "ETH/USDT"]);
    expect(spotList.every((i) => i.active)).toBe(true);
    const futures = mexc.rest.instruments("linear");
    const list = futures.parse(
      await (await fetch(`${sim.restUrl}${futures.path}`)).json(),
      contextOf("linear"),
    );
    expect(list.map((i) => [i.symbol, i.native, i.tickSize])).toEqual([
      ["BTC/USDT:USDT", "BTC_USDT", 0.1],
      ["ETH/USDT:USDT", "ETH_USDT", 0.01],
    ]);
  });

  test("trades, klines, ticker, funding history and open interest answer in MEXC's shapes", async () => {
    const get = async (path: string) => (await fetch(`${sim.restUrl}${path}`)).json();
    const spotSpec = {
      kind: "trade" as const,
      account: "spot" as const,
      symbol: "BTC/USDT",
      native: "BTCUSDT",
    };
    const trades = mexc.rest.trades!(spotSpec, { limit: 5 });
    const spotTrades = trades.parse(await get(`${trades.path}?symbol=BTCUSDT&limit=5`), contextOf("spot"));
    expect(spotTrades.length).toBeGreaterThan(0);
    expect(spotTrades[0]!.tradeId).toMatch(/^\d+-[\d.]+-[\d.]+-[bs]$/);
    const klines = mexc.rest.klines!(spotSpec, { interval: "1m", limit: 3 });
    expect(
      klines.parse(await get(`${klines.path}?symbol=BTCUSDT&interval=1m&limit=3`), contextOf("spot")),
    ).toHaveLength(3);
    const futSpec = {
      kind: "funding_rate" as const,
      account: "linear" as const,
      symbol: "BTC/USDT:USDT",
      native: "BTC_USDT",
    };
    const history = mexc.rest.fundingHistory!(futSpec, { limit: 3 });
    const rates = history.parse(
      await get(`${history.path}?symbol=BTC_USDT&page_num=1&page_size=3`),
      contextOf("linear"),
    );
    expect(rates).toHaveLength(3);
    expect(rates[0]!.tsMs).toBeLessThan(rates[2]!.tsMs);
    const oi = mexc.rest.openInterest!(futSpec);
    expect(
      oi.parse(await get(`${oi.path}?symbol=BTC_USDT`), contextOf("linear")).openInterest,
    ).toBeGreaterThan(0);
    const fk = mexc.rest.klines!(futSpec, { interval: "1m", limit: 5 });
    expect(fk.parse(await get(`${fk.path}?interval=Min1`), contextOf("linear"))).toHaveLength(5);
  });

  test("unknown symbols get MEXC's errors; an injected 429 carries Retry-After", async () => {
    const spot = await fetch(`${sim.restUrl}/api/v3/depth?symbol=NOPEUSDT`);
    expect(spot.status).toBe(400);
    expect(await spot.json()).toEqual({ code: -1121, msg: "Invalid symbol." });
    expect(await (await fetch(`${sim.restUrl}/api/v1/contract/depth/NOPE_USDT`)).json()).toMatchObject({
      success: false,
    });
    sim.faults.restStatus(429, 1, 2);
    const limited = await fetch(`${sim.restUrl}/api/v3/exchangeInfo`);
    expect(limited.status).toBe(429);
    expect(limited.headers.get("retry-after")).toBe("2");
  });
});
