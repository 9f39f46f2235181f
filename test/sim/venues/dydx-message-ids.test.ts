// The dYdX simulator numbers messages as the indexer's socks server does: every id once per connection, a subscribe's
// id taken on arrival with its `subscribed` reply sent later (after data numbered above it), malformed requests
// answered with the current id, and a book update a fault skips leaving a hole that nothing fills.

import { afterAll, beforeAll, expect, test } from "bun:test";
import { type Sim, startSim } from "../index.ts";

// biome-ignore lint/suspicious/noExplicitAny: test-side JSON access
type Json = any;

let sim: Sim;

beforeAll(async () => {
  sim = await startSim({ venue: "dydx", tickMs: 10, seed: 11 });
});

afterAll(async () => {
  await sim.close();
});

async function connect() {
  const ws = new WebSocket(sim.wsUrl("linear"));
  const frames: Json[] = [];
  ws.addEventListener("message", (event) => frames.push(JSON.parse(String(event.data))));
  await new Promise<void>((resolve, reject) => {
    ws.addEventListener("open", () => resolve(), { once: true });
    ws.addEventListener("error", () => reject(new Error("cannot connect")), { once: true });
  });
  const waitFor = async (isDone: () => boolean, timeoutMs = 3_000) => {
    const untilMs = Date.now() + timeoutMs;
    while (!isDone()) {
      if (Date.now() > untilMs) throw new Error("timed out");
      await Bun.sleep(10);
    }
  };
  return { send: (body: unknown) => ws.send(JSON.stringify(body)), frames, waitFor, close: () => ws.close() };
}

/** Ids from 1 to the highest one received that no frame carried. */
function holesOf(frames: Json[]): number[] {
  const ids = new Set(frames.map((frame) => frame.message_id as number));
  const highest = Math.max(...ids);
  const holes: number[] = [];
  for (let id = 1; id < highest; id++) if (!ids.has(id)) holes.push(id);
  return holes;
}

test("every id once; subscribed replies trail data numbered after them; errors repeat the current id", async () => {
  const client = await connect();
  const { frames } = client;
  const subscribedCount = () => frames.filter((frame) => frame.type === "subscribed").length;
  /** A `subscribed` reply that came after a data message numbered above it. */
  const hasLateReply = () =>
    frames.some(
      (frame, i) =>
        frame.type === "subscribed" &&
        frames.slice(0, i).some((earlier) => earlier.message_id > frame.message_id),
    );
  client.send({ type: "subscribe", channel: "v4_orderbook", id: "BTC-USD" });
  await client.waitFor(() => frames.filter((frame) => frame.type === "channel_data").length >= 5);
  // Replies wait 1–5 ticks while book data flows; a loaded machine may run no tick in between, so try a few.
  const candles = ["1MIN", "5MINS", "15MINS", "30MINS", "1HOUR", "4HOURS", "1DAY"];
  for (const resolution of candles) {
    const before = subscribedCount();
    client.send({ type: "subscribe", channel: "v4_candles", id: `ETH-USD/${resolution}` });
    await client.waitFor(() => subscribedCount() > before);
    if (hasLateReply()) break;
  }
  client.send("not json");
  await client.waitFor(() => frames.some((frame) => frame.type === "error"));
  await Bun.sleep(50);
  client.close();

  // The indexer greets with `connected` (message 0); the simulator's core has no on-open hook, so numbering starts at 1.
  expect(frames[0]).toMatchObject({ type: "subscribed", message_id: 1 });
  expect(hasLateReply()).toBe(true);
  const error = frames.findIndex((frame) => frame.type === "error");
  expect(frames[error].message_id).toBe(frames[error - 1].message_id);
  const numbered = frames.filter((frame) => frame.type !== "error");
  expect(new Set(numbered.map((frame) => frame.message_id)).size).toBe(numbered.length);
  expect(holesOf(frames)).toEqual([]);
});

test("a skipped book update leaves one hole that no later message fills", async () => {
  const client = await connect();
  client.send({ type: "subscribe", channel: "v4_orderbook", id: "ETH-USD" });
  client.send({ type: "subscribe", channel: "v4_trades", id: "BTC-USD" });
  await client.waitFor(() => client.frames.filter((frame) => frame.type === "channel_data").length >= 10);
  // Every id up to here was received, so the hole comes after it (however many frames arrive before the poll sees
  // the fault applied).
  const receivedBefore = Math.max(...client.frames.map((frame) => frame.message_id));
  sim.faults.skipBookUpdate("ETH-USD", "linear");
  await client.waitFor(() => sim.faults.pending().skips === 0);
  const appliedBy = Math.max(...client.frames.map((frame) => frame.message_id));
  await client.waitFor(() => client.frames.filter((frame) => frame.message_id > appliedBy).length >= 10);
  client.close();
  const holes = holesOf(client.frames);
  expect(holes).toHaveLength(1);
  expect(holes[0]).toBeGreaterThan(receivedBefore);
});
