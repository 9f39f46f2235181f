// Tests of the venue simulator itself, through Bun's own WebSocket client and fetch (no dig3 code): the Binance
// protocol, book consistency with the REST snapshot, faults, recorded replay and REST errors.

import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { resolveWireDir, type Sim, startSim } from "./index.ts";

interface Client {
  ws: WebSocket;
  /** Waits for the next text frame that passes `accept` (frames before it are consumed). */
  next(accept?: (text: string) => boolean, timeoutMs?: number): Promise<string>;
  /** Sends a control request and waits for the frame carrying its id. */
  request(body: Record<string, unknown>): Promise<Record<string, unknown>>;
  closed: Promise<number>;
  close(): void;
}

async function connectClient(url: string): Promise<Client> {
  const ws = new WebSocket(url);
  const queue: string[] = [];
  let wake: (() => void) | undefined;
  let resolveClosed: (code: number) => void = () => {};
  const closed = new Promise<number>((resolve) => {
    resolveClosed = resolve;
  });
  ws.addEventListener("message", (event) => {
    queue.push(String(event.data));
    wake?.();
  });
  ws.addEventListener("close", (event) => {
    resolveClosed(event.code);
    wake?.();
  });
  await new Promise<void>((resolve, reject) => {
    ws.addEventListener("open", () => resolve(), { once: true });
    ws.addEventListener("error", () => reject(new Error(`cannot connect to ${url}`)), { once: true });
  });
  let nextId = 1;
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
    closed,
    async request(body) {
      const id = nextId++;
      ws.send(JSON.stringify({ ...body, id }));
      return JSON.parse(await next((text) => text.includes(`"id":${id}`) && !text.includes('"stream"')));
    },
    close: () => ws.close(),
  };
}

interface DepthEvent {
  U: number;
  u: number;
  pu?: number;
  b: string[][];
  a: string[][];
}

function readData<T>(text: string): T {
  return (JSON.parse(text) as { data: T }).data;
}

function applyLevels(side: Map<string, string>, levels: string[][]): void {
  for (const [price, qty] of levels) {
    if (price === undefined || qty === undefined) continue;
    if (Number(qty) === 0) side.delete(price);
    else side.set(price, qty);
  }
}

function findBest(side: Map<string, string>, pick: (a: number, b: number) => number): number {
  return [...side.keys()].map(Number).reduce((best, price) => pick(best, price));
}

let sim: Sim;

beforeAll(async () => {
  sim = await startSim({ venue: "binance", tickMs: 10, seed: 7 });
});

afterAll(async () => {
  await sim.close();
});

describe("binance simulator, synthetic", () => {
  test("subscribe is acknowledged, trades arrive with increasing ids and match the ground truth", async () => {
    const client = await connectClient(sim.wsUrl("spot"));
    expect(await client.request({ method: "SUBSCRIBE", params: ["btcusdt@trade"] })).toEqual({
      result: null,
      id: 1,
    });
    const ids: number[] = [];
    const received: unknown[] = [];
    while (ids.length < 20) {
      const frame = JSON.parse(await client.next()) as {
        stream: string;
        data: { e: string; t: number; s: string; p: string };
      };
      expect(frame.stream).toBe("btcusdt@trade");
      expect(frame.data.e).toBe("trade");
      expect(frame.data.s).toBe("BTCUSDT");
      expect(Math.abs(Number(frame.data.p) - 60_000)).toBeLessThan(3_000);
      ids.push(frame.data.t);
      received.push(frame.data);
    }
    for (let i = 1; i < ids.length; i++) expect(ids[i]).toBe((ids[i - 1] as number) + 1);
    expect(sim.sentFrames("btcusdt@trade").slice(0, received.length)).toEqual(received);
    expect(await client.request({ method: "LIST_SUBSCRIPTIONS" })).toEqual({
      result: ["btcusdt@trade"],
      id: 2,
    });
    expect(sim.stats.subscribeFrames.some((text) => text.includes("btcusdt@trade"))).toBe(true);
    client.close();
  });

  test("malformed client frames get Binance's error frames", async () => {
    const client = await connectClient(sim.wsUrl("spot"));
    client.ws.send("{not json");
    expect(JSON.parse(await client.next())).toMatchObject({ error: { code: 3 }, id: null });
    client.ws.send(JSON.stringify({ method: "SUBSCRIBE", params: ["what ever"], id: 9 }));
    expect(JSON.parse(await client.next())).toEqual({
      error: { code: 2, msg: "Invalid request: invalid stream" },
      id: 9,
    });
    client.ws.send(JSON.stringify({ method: "PING", id: 10 }));
    expect(JSON.parse(await client.next())).toMatchObject({ error: { code: 2 }, id: 10 });
    client.close();
  });

  test("protocol pings are answered with pongs carrying the payload", async () => {
    const client = await connectClient(sim.wsUrl("spot"));
    const pong = new Promise<string>((resolve) => {
      client.ws.addEventListener("pong" as "message", (event) =>
        resolve(String((event as MessageEvent).data)),
      );
    });
    (client.ws as unknown as { ping(data: string): void }).ping("hello");
    expect(await pong).toBe("hello");
    client.close();
  });

  test("spot depth diffs are continuous and consistent with the REST snapshot; the book never crosses", async () => {
    const client = await connectClient(sim.wsUrl("spot"));
    await client.request({ method: "SUBSCRIBE", params: ["btcusdt@depth@100ms"] });
    const buffered: DepthEvent[] = [readData<DepthEvent>(await client.next())];
    const response = await fetch(`${sim.restUrl}/api/v3/depth?symbol=BTCUSDT&limit=1000`);
    const snapshot = (await response.json()) as { lastUpdateId: number; bids: string[][]; asks: string[][] };
    const bids = new Map<string, string>();
    const asks = new Map<string, string>();
    applyLevels(bids, snapshot.bids);
    applyLevels(asks, snapshot.asks);
    let lastU = snapshot.lastUpdateId;
    let applied = 0;
    let synced = false;
    while (applied < 40) {
      const event = buffered.shift() ?? readData<DepthEvent>(await client.next());
      if (event.u <= snapshot.lastUpdateId) continue;
      if (!synced) {
        expect(event.U).toBeLessThanOrEqual(snapshot.lastUpdateId + 1);
        expect(event.u).toBeGreaterThanOrEqual(snapshot.lastUpdateId + 1);
        synced = true;
      } else {
        expect(event.U).toBe(lastU + 1);
      }
      applyLevels(bids, event.b);
      applyLevels(asks, event.a);
      expect(findBest(bids, Math.max)).toBeLessThan(findBest(asks, Math.min));
      lastU = event.u;
      applied++;
    }
    // A later snapshot equals the local book once the stream has reached its lastUpdateId.
    const later = (await (
      await fetch(`${sim.restUrl}/api/v3/depth?symbol=BTCUSDT&limit=5000`)
    ).json()) as typeof snapshot;
    while (lastU < later.lastUpdateId) {
      const event = readData<DepthEvent>(await client.next());
      expect(event.U).toBe(lastU + 1);
      applyLevels(bids, event.b);
      applyLevels(asks, event.a);
      lastU = event.u;
    }
    expect(lastU).toBe(later.lastUpdateId);
    expect(Object.fromEntries(bids)).toEqual(Object.fromEntries(later.bids.map(([p, q]) => [p, q])));
    expect(Object.fromEntries(asks)).toEqual(Object.fromEntries(later.asks.map(([p, q]) => [p, q])));
    client.close();
  });

  test("futures depth chains through pu, and syncs by the futures rule", async () => {
    const client = await connectClient(sim.wsUrl("linear"));
    await client.request({ method: "SUBSCRIBE", params: ["btcusdt@depth@100ms"] });
    await client.next();
    const snapshot = (await (
      await fetch(`${sim.restUrl}/fapi/v1/depth?symbol=BTCUSDT&limit=1000`)
    ).json()) as {
      lastUpdateId: number;
    };
    let previous: DepthEvent | undefined;
    for (let seen = 0; seen < 15; ) {
      const event = readData<DepthEvent>(await client.next());
      if (event.u < snapshot.lastUpdateId) continue;
      if (!previous) expect(event.U).toBeLessThanOrEqual(snapshot.lastUpdateId + 1 + 40);
      else expect(event.pu).toBe(previous.u);
      previous = event;
      seen++;
    }
    client.close();
  });

  test("skipBookUpdate creates exactly one gap", async () => {
    const client = await connectClient(sim.wsUrl("spot"));
    await client.request({ method: "SUBSCRIBE", params: ["ethusdt@depth@100ms"] });
    let previous = readData<DepthEvent>(await client.next());
    sim.faults.skipBookUpdate("ETHUSDT");
    let gaps = 0;
    for (let i = 0; i < 25; i++) {
      const event = readData<DepthEvent>(await client.next());
      if (event.U !== previous.u + 1) gaps++;
      previous = event;
    }
    expect(gaps).toBe(1);
    client.close();
  });

  test("dropNow closes the socket; dropAfterFrames closes after n frames", async () => {
    const first = await connectClient(sim.wsUrl("spot"));
    await first.request({ method: "SUBSCRIBE", params: ["btcusdt@aggTrade"] });
    sim.faults.dropNow();
    expect(typeof (await first.closed)).toBe("number");

    const second = await connectClient(sim.wsUrl("spot"));
    await second.request({ method: "SUBSCRIBE", params: ["btcusdt@depth@100ms"] });
    sim.faults.dropAfterFrames(3);
    let frames = 0;
    await Promise.race([
      second.closed,
      (async () => {
        for (;;) {
          await second.next();
          frames++;
        }
      })().catch(() => {}),
    ]);
    await second.closed;
    expect(frames).toBe(3);
  });

  test("sendGarbage replaces the next frames with invalid JSON; silence holds data back", async () => {
    const client = await connectClient(sim.wsUrl("spot"));
    await client.request({ method: "SUBSCRIBE", params: ["btcusdt@depth@100ms"] });
    await client.next();
    sim.faults.sendGarbage(2);
    const parses = async () => {
      try {
        JSON.parse(await client.next());
        return true;
      } catch {
        return false;
      }
    };
    expect([await parses(), await parses(), await parses()]).toEqual([false, false, true]);
    sim.faults.silence(150);
    const silentFrom = Date.now();
    await client.next();
    await client.next();
    expect(Date.now() - silentFrom).toBeGreaterThanOrEqual(100);
    client.close();
  });

  test("producedFrames: what was sent plus what garbage or silence held back, in order", async () => {
    const client = await connectClient(sim.wsUrl("spot"));
    await client.request({ method: "SUBSCRIBE", params: ["ethusdt@trade"] });
    await client.next();
    sim.faults.sendGarbage(2);
    sim.faults.silence(100);
    await Bun.sleep(200);
    await client.next();
    client.close();
    const idsOf = (frames: unknown[]) => frames.map((frame) => (frame as { t: number }).t);
    const sent = idsOf(sim.sentFrames("ethusdt@trade", "spot"));
    const produced = idsOf(sim.producedFrames("ethusdt@trade", "spot"));
    expect(produced.length).toBeGreaterThan(sent.length);
    expect(produced.filter((id) => sent.includes(id))).toEqual(sent);
    // One frame per trade on this stream, every trade of the market in order: ids without holes.
    expect(produced).toEqual(produced.map((_, i) => produced[0]! + i));
  });

  test("restStatus(429, 1, 1) answers one 429 with Retry-After, then 200", async () => {
    sim.faults.restStatus(429, 1, 1);
    const limited = await fetch(`${sim.restUrl}/api/v3/exchangeInfo`);
    expect(limited.status).toBe(429);
    expect(limited.headers.get("retry-after")).toBe("1");
    expect(((await limited.json()) as { code: number }).code).toBe(-1003);
    const ok = await fetch(`${sim.restUrl}/api/v3/exchangeInfo`);
    expect(ok.status).toBe(200);
    const info = (await ok.json()) as {
      symbols: Array<{ symbol: string; filters: Array<{ filterType: string }> }>;
    };
    expect(info.symbols.map((s) => s.symbol)).toEqual(["BTCUSDT", "ETHUSDT", "BNBBTC"]);
    expect(info.symbols[0]?.filters.some((f) => f.filterType === "PRICE_FILTER")).toBe(true);
    expect(sim.stats.restCalls).toContain("/api/v3/exchangeInfo");
  });

  test("unknown symbol gets Binance's -1121 with HTTP 400", async () => {
    for (const path of [
      "/api/v3/depth?symbol=NOPEUSDT",
      "/fapi/v1/klines?symbol=NOPE&interval=1m",
      "/dapi/v1/trades?symbol=X",
    ]) {
      const response = await fetch(`${sim.restUrl}${path}`);
      expect(response.status).toBe(400);
      expect(await response.json()).toEqual({ code: -1121, msg: "Invalid symbol." });
    }
  });

  test("REST backfill: trades from the ground truth, klines by time, futures funding and open interest", async () => {
    const client = await connectClient(sim.wsUrl("linear"));
    await client.request({
      method: "SUBSCRIBE",
      params: ["ethusdt@trade", "ethusdt@kline_1m", "ethusdt@markPrice@1s"],
    });
    const live = readData<{ t: number }>(await client.next((text) => text.includes('"ethusdt@trade"')));
    const trades = (await (
      await fetch(`${sim.restUrl}/fapi/v1/trades?symbol=ETHUSDT&limit=1000`)
    ).json()) as Array<{ id: number }>;
    expect(trades.some((trade) => trade.id === live.t)).toBe(true);
    const kline = readData<{ k: { i: string; x: boolean } }>(
      await client.next((text) => text.includes('"ethusdt@kline_1m"')),
    );
    expect(kline.k).toMatchObject({ i: "1m", x: false });
    const mark = readData<{ e: string; r: string }>(
      await client.next((text) => text.includes("@markPrice@1s")),
    );
    expect(mark.e).toBe("markPriceUpdate");
    const startTime = Date.now() - 3 * 3_600_000;
    const bars = (await (
      await fetch(`${sim.restUrl}/fapi/v1/klines?symbol=ETHUSDT&interval=1h&startTime=${startTime}&limit=2`)
    ).json()) as unknown[][];
    expect(bars.length).toBe(2);
    expect(bars[0]?.[0] as number).toBeGreaterThanOrEqual(startTime);
    const funding = (await (
      await fetch(`${sim.restUrl}/fapi/v1/fundingRate?symbol=ETHUSDT&limit=3`)
    ).json()) as Array<{ fundingTime: number }>;
    expect(funding.length).toBe(3);
    const oi = (await (await fetch(`${sim.restUrl}/fapi/v1/openInterest?symbol=ETHUSDT`)).json()) as {
      symbol: string;
    };
    expect(oi.symbol).toBe("ETHUSDT");
    const premium = (await (
      await fetch(`${sim.restUrl}/dapi/v1/premiumIndex?symbol=BTCUSD_PERP`)
    ).json()) as Array<{ pair: string }>;
    expect(premium[0]?.pair).toBe("BTCUSD");
    client.close();
  });

  test("kline_1s closes bars with x=true, and the closed bar equals the REST kline", async () => {
    const client = await connectClient(sim.wsUrl("spot"));
    await client.request({ method: "SUBSCRIBE", params: ["bnbbtc@kline_1s"] });
    type Kline = {
      k: { t: number; o: string; h: string; l: string; c: string; v: string; n: number; x: boolean };
    };
    let closed: Kline["k"] | undefined;
    while (!closed) {
      const { k } = readData<Kline>(await client.next(undefined, 2500));
      if (k.x) closed = k;
    }
    const rows = (await (
      await fetch(`${sim.restUrl}/api/v3/klines?symbol=BNBBTC&interval=1s&startTime=${closed.t}&limit=1`)
    ).json()) as unknown[][];
    expect(rows[0]?.slice(0, 6)).toEqual([closed.t, closed.o, closed.h, closed.l, closed.c, closed.v]);
    expect(rows[0]?.[8]).toBe(closed.n);
    client.close();
  });

  test("USDⓈ-M routed paths: a stream on the wrong route is acknowledged and stays silent", async () => {
    const url = sim.wsUrl("linear").replace("/linear/stream", "/linear/public/stream");
    const client = await connectClient(url);
    await client.request({ method: "SUBSCRIBE", params: ["btcusdt@markPrice@1s", "btcusdt@trade"] });
    const listed = await client.request({ method: "LIST_SUBSCRIPTIONS" });
    expect((listed.result as string[]).sort()).toEqual(["btcusdt@markPrice@1s", "btcusdt@trade"]);
    const streams = new Set<string>();
    const until = Date.now() + 700;
    while (Date.now() < until) {
      streams.add((JSON.parse(await client.next()) as { stream: string }).stream);
    }
    expect([...streams]).toEqual(["btcusdt@trade"]);
    client.close();
  });

  test("more than 5 client messages a second on spot closes the socket", async () => {
    const client = await connectClient(sim.wsUrl("spot"));
    for (let i = 0; i < 6; i++) client.ws.send(JSON.stringify({ method: "LIST_SUBSCRIPTIONS", id: i }));
    expect(await client.closed).toBe(1008);
  });

  test("restDelay slows every answer; restStatus(500) answers Binance's -1000", async () => {
    sim.faults.restDelay(120);
    const startedMs = Date.now();
    expect((await fetch(`${sim.restUrl}/api/v3/ping`)).status).toBe(200);
    expect(Date.now() - startedMs).toBeGreaterThanOrEqual(100);
    sim.faults.restDelay(0);
    sim.faults.restStatus(500, 1);
    const failed = await fetch(`${sim.restUrl}/fapi/v1/time`);
    expect(failed.status).toBe(500);
    expect(((await failed.json()) as { code: number }).code).toBe(-1000);
    expect((await fetch(`${sim.restUrl}/fapi/v1/time`)).status).toBe(200);
  });

  test("the same seed gives the same data, whenever a market starts", async () => {
    const same = await startSim({ venue: "binance", tickMs: 10, seed: 7 });
    const different = await startSim({ venue: "binance", tickMs: 10, seed: 8 });
    try {
      const path = "/dapi/v1/aggTrades?symbol=BTCUSD_PERP";
      for (const target of [sim, same, different])
        await fetch(`${target.restUrl}/dapi/v1/depth?symbol=BTCUSD_PERP`);
      await Bun.sleep(150);
      type Agg = { a: number; p: string; q: string; f: number; l: number; T?: number };
      const read = async (target: Sim, query: string) =>
        ((await (await fetch(`${target.restUrl}${path}${query}`)).json()) as Agg[]).map(
          ({ T: _timeMs, ...rest }) => rest,
        );
      const fresh = await read(same, "&limit=10");
      expect(fresh.length).toBe(10);
      expect(await read(sim, `&fromId=${fresh[0]?.a}&limit=10`)).toEqual(fresh);
      expect(await read(different, `&fromId=${fresh[0]?.a}&limit=10`)).not.toEqual(fresh);
    } finally {
      await same.close();
      await different.close();
    }
  });
});

describe("binance simulator, recorded", () => {
  const wireDir = resolveWireDir();
  const recording = join(wireDir, "binance", "spot-depth-bookticker-aggtrade-kline.ndjson");
  const hasWire = existsSync(recording);
  if (!hasWire) console.log(`skipping recorded-mode simulator tests: ${recording} is absent`);

  test.skipIf(!hasWire)(
    "replays the recorded frames verbatim and serves the recorded REST depth",
    async () => {
      const recorded = await startSim({ venue: "binance", mode: "recorded", tickMs: 5 });
      try {
        const expected = readFileSync(recording, "utf8")
          .split("\n")
          .filter((line) => line.trim())
          .map((line) => JSON.parse(line) as { dir: string; frame: string })
          .filter((line) => line.dir === "in" && line.frame.includes('"stream":"nknusdt@depth@100ms"'))
          .slice(0, 5)
          .map((line) => line.frame);
        const client = await connectClient(recorded.wsUrl("spot"));
        await client.request({ method: "SUBSCRIBE", params: ["nknusdt@depth@100ms"] });
        const got: string[] = [];
        while (got.length < expected.length) got.push(await client.next());
        expect(got).toEqual(expected);
        const snapshot = (await (
          await fetch(`${recorded.restUrl}/api/v3/depth?symbol=NKNUSDT&limit=1000`)
        ).json()) as {
          lastUpdateId: number;
        };
        const firstDiff = JSON.parse(expected[0] as string).data as DepthEvent;
        expect(firstDiff.U).toBeLessThanOrEqual(snapshot.lastUpdateId + 1);
        client.close();
      } finally {
        await recorded.close();
      }
    },
  );
});
