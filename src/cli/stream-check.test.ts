// The matrix's stream check against stand-in hubs: a silent stream times out with its detail, the first event of the
// stream's kind ends the wait, a failed subscribe says why, klines get an interval the venue has, and the symbol
// picked is a BTC perpetual before a dated contract.

import { describe, expect, test } from "bun:test";
import type { MarketEvent } from "../core/index.ts";
import type { Instrument } from "../exchanges/_shared/adapter.ts";
import { findExchange } from "../exchanges/index.ts";
import { type CheckHub, checkStream, pickSymbol } from "./stream-check.ts";

type StreamRequest = Parameters<CheckHub["subscribe"]>[0];
type Listener = (event: MarketEvent) => void;

/** A hub over the real adapters whose subscribe hands its request and listener to `onSubscribe`. */
function fakeHub(onSubscribe: (request: StreamRequest, listener: Listener) => void = () => {}) {
  const requests: StreamRequest[] = [];
  let closed = 0;
  const hub = {
    adapter: (exchange: string) => findExchange(exchange),
    subscribe: async (request: StreamRequest, listener: Listener) => {
      requests.push(request);
      onSubscribe(request, listener);
      return { spec: request, close: () => closed++ };
    },
  } as unknown as CheckHub;
  return { hub, requests, closed: () => closed };
}

describe("checkStream", () => {
  test("a hub that never delivers an event: 0 events, the timeout's detail, the subscription closed", async () => {
    const { hub, closed } = fakeHub();
    const result = await checkStream(hub, "binance", "spot", "trade", "BTC/USDT", 30);
    expect(result).toEqual({ events: 0, detail: "no trade event within 30 ms" });
    expect(closed()).toBe(1);
  });

  test("the first event of the stream's kind ends the wait; events of other kinds are not counted", async () => {
    const { hub } = fakeHub((_request, listener) => {
      setTimeout(() => {
        listener({ kind: "ticker" } as MarketEvent);
        listener({ kind: "trade" } as MarketEvent);
      }, 5);
    });
    const startedMs = performance.now();
    const result = await checkStream(hub, "binance", "spot", "trade", "BTC/USDT", 10_000);
    expect(performance.now() - startedMs).toBeLessThan(5_000);
    expect(result.events).toBe(1);
    expect(result.firstEventMs).toBeGreaterThanOrEqual(0);
    expect(result.detail).toBeUndefined();
  });

  test("a subscribe that throws is reported, not thrown", async () => {
    const hub = {
      adapter: (exchange: string) => findExchange(exchange),
      subscribe: async () => {
        throw new Error("no such stream");
      },
    } as unknown as CheckHub;
    const result = await checkStream(hub, "binance", "spot", "trade", "BTC/USDT", 30);
    expect(result).toEqual({ events: 0, detail: "subscribe failed: no such stream" });
  });

  test("klines: 1m where the venue has it, else its first interval (Coinbase has only 5m)", async () => {
    const { hub, requests } = fakeHub();
    await checkStream(hub, "binance", "spot", "kline", "BTC/USDT", 1);
    await checkStream(hub, "coinbase", "spot", "kline", "BTC/USD", 1);
    await checkStream(hub, "binance", "spot", "trade", "BTC/USDT", 1);
    expect(requests.map((request) => request.interval)).toEqual(["1m", "5m", undefined]);
  });
});

describe("pickSymbol", () => {
  const listing = (symbols: string[]) => ({
    instruments: async () => symbols.map((symbol) => ({ symbol }) as Instrument),
  });

  test("a BTC perpetual before a dated contract, USDT before USD", async () => {
    const hub = listing(["ETH/USDT:USDT", "BTC/USDT:USDT-250627", "BTC/USD:BTC", "BTC/USDT:USDT"]);
    expect(await pickSymbol(hub, "okx", "linear")).toBe("BTC/USDT:USDT");
  });

  test("options (all dated): a BTC one before another underlying; none listed: undefined", async () => {
    const hub = listing(["ETH/USD:ETH-250627-3000-C", "BTC/USD:BTC-250627-50000-C"]);
    expect(await pickSymbol(hub, "okx", "option")).toBe("BTC/USD:BTC-250627-50000-C");
    expect(await pickSymbol(listing([]), "okx", "option")).toBeUndefined();
  });
});
