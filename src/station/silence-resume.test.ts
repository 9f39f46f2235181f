// Silence heal on a venue that answers a (re)subscribe at once with its last trades (Crypto.com, Kraken): that replay
// is not the stream coming back, so what the venue makes between the heal's REST call and the end of the silence is
// fetched once live really resumes — by one more backfill, and only one. A fake hub drives one trade series.

import { expect, test } from "bun:test";
import type { MarketEvent, StreamSpec, TradeEvent } from "../core/index.ts";
import type { ExchangeHub } from "../hub/index.ts";
import { resolveStationSettings } from "./options.ts";
import { createSeries } from "./series.ts";

const spec = { account: "spot", kind: "trade", symbol: "BTC/USDT", native: "BTC_USDT" } as StreamSpec;

function tradeOf(id: number): TradeEvent {
  return {
    kind: "trade",
    exchange: "cryptocom",
    account: "spot",
    symbol: "BTC/USDT",
    tsMs: 1_000_000 + id * 10,
    recvTsUs: 0,
    price: 100,
    size: 1,
    side: "buy",
    tradeId: String(id),
  };
}

/** The venue: trades 1..`made`, a REST page of all of them, a socket whose listener the test drives. */
function createFakeVenue() {
  let made = 0;
  let restCalls = 0;
  let listener: ((event: MarketEvent) => void) | undefined;
  const hub = {
    start: (_exchange: string, _spec: StreamSpec, onInput: (event: MarketEvent) => void) => {
      listener = onInput;
      return { close() {} };
    },
    // A venue whose REST trades cannot page back.
    adapter: () => ({ rest: {} }),
    rest: () => ({
      trades: async () => {
        restCalls++;
        return Array.from({ length: made }, (_, i) => tradeOf(i + 1));
      },
    }),
  } as unknown as ExchangeHub;
  return {
    hub,
    /** The market trades once, and the socket delivers it unless the venue is silent. */
    trade(deliver: boolean): void {
      made++;
      if (deliver) listener?.(tradeOf(made));
    },
    /** The resubscribe's answer: the last `count` trades again. */
    replay(count: number): void {
      for (let id = made - count + 1; id <= made; id++) listener?.(tradeOf(id));
    },
    get restCalls() {
      return restCalls;
    },
  };
}

test("a replay on resubscribe does not end a silence heal; the first live trade after it runs one more backfill", async () => {
  const venue = createFakeVenue();
  const settings = resolveStationSettings({ gapHeal: { silenceMs: { trade: 100 }, settleMs: 20 } }, {});
  let nowMs = 0;
  const series = createSeries("k", {
    hub: venue.hub,
    exchange: "cryptocom",
    spec,
    settings,
    diagnose: () => {},
    isSocketDown: () => false,
    onSocketUp: () => {},
    nowMs: () => nowMs,
  });
  const received: string[] = [];
  series.addConsumer({ push: (event) => event.kind === "trade" && received.push(event.tradeId), end() {} });
  series.start();
  await series.ready;
  for (let i = 0; i < 5; i++) venue.trade(true);
  // Silent: trades are made, none delivered; the watchdog resubscribes and the venue replays its last three.
  for (let i = 0; i < 3; i++) venue.trade(false);
  nowMs = 200;
  series.checkSilence(nowMs);
  venue.replay(3);
  await Bun.sleep(30);
  expect(venue.restCalls).toBe(1);
  // Still silent after the heal's REST call; then live resumes.
  for (let i = 0; i < 4; i++) venue.trade(false);
  for (let i = 0; i < 3; i++) venue.trade(true);
  await Bun.sleep(50);
  expect(venue.restCalls).toBe(2);
  for (let i = 0; i < 3; i++) venue.trade(true);
  await Bun.sleep(50);
  series.close();
  // Every trade the venue made, once, in order; the resume backfill asked for no further one.
  expect(received).toEqual(Array.from({ length: 18 }, (_, i) => String(i + 1)));
  expect(venue.restCalls).toBe(2);
});
