// Tests of the HyperLiquid simulator itself, through Bun's own WebSocket client and fetch: subscribe acks and
// refusals, ping/pong, the l2Book snapshot right after the subscription and then every few ticks (never crossed),
// trades against the ground truth, contexts and bbo, REST over `POST /info`, and recorded replay.

import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { resolveWireDir, type Sim, type SimAccount, startSim } from "./index.ts";

/** Frames and /info answers are read loosely here: the assertions say what shape is expected. */
// biome-ignore lint/suspicious/noExplicitAny: test-side JSON access
type Json = any;

interface Frame {
  channel: string;
  data?: Json;
}

async function connect(sim: Sim, account: SimAccount) {
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
  return {
    send: (body: unknown) => ws.send(typeof body === "string" ? body : JSON.stringify(body)),
    next,
    close: () => ws.close(),
  };
}

async function info(sim: Sim, body: unknown): Promise<{ status: number; body: Json }> {
  const response = await fetch(`${sim.restUrl}/info`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: typeof body === "string" ? body : JSON.stringify(body),
  });
  const text = await response.text();
  let parsed: unknown = text;
  try {
    parsed = JSON.parse(text);
  } catch {}
  return { status: response.status, body: parsed };
}

let sim: Sim;

beforeAll(async () => {
  sim = await startSim({ venue: "hyperliquid", tickMs: 10, seed: 7 });
});

afterAll(async () => {
  await sim.close();
});

describe("hyperliquid simulator, protocol", () => {
  test("subscribe acks echo the subscription; unknown coins, wrong market and duplicates are refused on `error`", async () => {
    const client = await connect(sim, "linear");
    client.send({ method: "subscribe", subscription: { type: "trades", coin: "BTC" } });
    expect(await client.next()).toEqual({
      channel: "subscriptionResponse",
      data: { method: "subscribe", subscription: { type: "trades", coin: "BTC" } },
    });
    client.send({ method: "subscribe", subscription: { type: "trades", coin: "BTC" } });
    expect((await client.next((f) => f.channel === "error")).data).toStartWith("Already subscribed");
    client.send({ method: "subscribe", subscription: { type: "trades", coin: "@107" } });
    expect((await client.next((f) => f.channel === "error")).data).toStartWith("Invalid subscription");
    client.send({ method: "subscribe", subscription: { type: "candle", coin: "BTC", interval: "7m" } });
    expect((await client.next((f) => f.channel === "error")).data).toStartWith("Invalid subscription");
    client.send({ method: "ping" });
    expect(await client.next((f) => f.channel === "pong")).toEqual({ channel: "pong" });
    client.send({ method: "unsubscribe", subscription: { type: "trades", coin: "BTC" } });
    expect(await client.next((f) => f.channel === "subscriptionResponse")).toMatchObject({
      data: { method: "unsubscribe" },
    });
    client.send("{nope");
    expect((await client.next((f) => f.channel === "error")).data).toStartWith("Invalid message");
    client.close();
  });

  test("l2Book: a snapshot right after the ack, then repeated snapshots, never crossed, at most 20 a side", async () => {
    const client = await connect(sim, "spot");
    client.send({ method: "subscribe", subscription: { type: "l2Book", coin: "@107" } });
    await client.next((f) => f.channel === "subscriptionResponse");
    for (let i = 0; i < 5; i++) {
      const book = await client.next((f) => f.channel === "l2Book");
      expect(book.data.coin).toBe("@107");
      const [bids, asks] = book.data.levels as { px: string; sz: string }[][];
      expect(bids!.length).toBeGreaterThan(0);
      expect(bids!.length).toBeLessThanOrEqual(20);
      expect(asks!.length).toBeLessThanOrEqual(20);
      expect(Number(bids![0]!.px)).toBeLessThan(Number(asks![0]!.px));
    }
    client.close();
  });

  test("trades match the ground truth: aggressor side, tid, text numbers", async () => {
    const client = await connect(sim, "linear");
    client.send({ method: "subscribe", subscription: { type: "trades", coin: "ETH" } });
    const frame = await client.next((f) => f.channel === "trades");
    const row = frame.data[0];
    expect(row).toMatchObject({ coin: "ETH" });
    expect(["A", "B"]).toContain(row.side);
    expect(row.px).toMatch(/^\d+\.\d$/);
    const truth = sim.sentFrames("trades:ETH", "linear").flat() as { tid: number }[];
    expect(truth.some((t) => t.tid === row.tid)).toBe(true);
    client.close();
  });

  test("activeAssetCtx on a perpetual, activeSpotAssetCtx on spot, bbo", async () => {
    const perp = await connect(sim, "linear");
    perp.send({ method: "subscribe", subscription: { type: "activeAssetCtx", coin: "BTC" } });
    perp.send({ method: "subscribe", subscription: { type: "bbo", coin: "BTC" } });
    const ctx = await perp.next((f) => f.channel === "activeAssetCtx");
    expect(Object.keys(ctx.data.ctx)).toEqual(
      expect.arrayContaining(["funding", "openInterest", "markPx", "oraclePx", "prevDayPx", "dayNtlVlm"]),
    );
    const bbo = await perp.next((f) => f.channel === "bbo");
    expect(Number(bbo.data.bbo[0].px)).toBeLessThan(Number(bbo.data.bbo[1].px));
    perp.close();
    const spot = await connect(sim, "spot");
    spot.send({ method: "subscribe", subscription: { type: "activeAssetCtx", coin: "PURR/USDC" } });
    const spotCtx = await spot.next((f) => f.channel === "activeSpotAssetCtx");
    expect(spotCtx.data.ctx).not.toHaveProperty("funding");
    spot.close();
  });
});

describe("hyperliquid simulator, REST", () => {
  test("POST /info: meta, spotMeta, contexts, book, trades, candles, funding; unreadable bodies answer 422", async () => {
    expect((await info(sim, { type: "meta" })).body.universe.map((u: { name: string }) => u.name)).toEqual([
      "BTC",
      "ETH",
    ]);
    const spotMeta = (await info(sim, { type: "spotMeta" })).body;
    expect(spotMeta.universe.map((u: { name: string }) => u.name)).toEqual(["PURR/USDC", "@107"]);
    const [meta, ctxs] = (await info(sim, { type: "metaAndAssetCtxs" })).body;
    expect(ctxs).toHaveLength(meta.universe.length);
    const book = (await info(sim, { type: "l2Book", coin: "BTC" })).body;
    expect(book.levels).toHaveLength(2);
    expect((await info(sim, { type: "l2Book", coin: "NOPE" })).body).toBeNull();
    await Bun.sleep(50);
    const trades = (await info(sim, { type: "recentTrades", coin: "BTC" })).body;
    expect(trades.length).toBeGreaterThan(0);
    const nowMs = Date.now();
    const candles = (
      await info(sim, {
        type: "candleSnapshot",
        req: { coin: "BTC", interval: "1h", startTime: nowMs - 5 * 3_600_000, endTime: nowMs },
      })
    ).body;
    expect(candles.length).toBeGreaterThanOrEqual(5);
    expect(candles[0]).toMatchObject({ s: "BTC", i: "1h" });
    const funding = (
      await info(sim, { type: "fundingHistory", coin: "ETH", startTime: nowMs - 3 * 3_600_000 })
    ).body;
    expect(funding.length).toBeGreaterThanOrEqual(2);
    expect((await info(sim, "{")).status).toBe(422);
    expect((await info(sim, { type: "nope" })).status).toBe(422);
    expect((await fetch(`${sim.restUrl}/info`)).status).toBe(405);
  });
});

const HAS_WIRE = existsSync(join(resolveWireDir(), "hyperliquid"));

describe.if(HAS_WIRE)("hyperliquid simulator, recorded mode", () => {
  test("replays the tardis frames of a subscribed stream verbatim, then goes quiet", async () => {
    const recorded = await startSim({ venue: "hyperliquid", tickMs: 10, mode: "recorded" });
    try {
      const client = await connect(recorded, "linear");
      client.send({ method: "subscribe", subscription: { type: "trades", coin: "BTC" } });
      await client.next((f) => f.channel === "subscriptionResponse");
      const first = await client.next((f) => f.channel === "trades");
      expect(first.data[0].tid).toBe(1016375172059570);
      const second = await client.next((f) => f.channel === "trades");
      expect(second.data[0].tid).toBe(696560709859024);
      client.close();
    } finally {
      await recorded.close();
    }
  });
});
