// REST polling: one event per new sample; for klines, the newest bars, each sent again only when it changed (the bar
// in progress as it grows, then once closed), never an older bar after a newer one.

import { describe, expect, test } from "bun:test";
import type { KlineEvent, MarketEvent, StreamSpec } from "../core/index.ts";
import type { ExchangeAdapter } from "../exchanges/_shared/adapter.ts";
import { startPoller } from "./poller.ts";
import type { RestRunner } from "./rest.ts";

const SPEC: StreamSpec = {
  kind: "kline",
  account: "linear",
  symbol: "BTC/USDC:USDC",
  native: "1",
  interval: "1m",
};

function bar(openTimeMs: number, close: number, closed: boolean): KlineEvent {
  return {
    kind: "kline",
    exchange: "lighter",
    account: "linear",
    symbol: "1",
    tsMs: openTimeMs,
    recvTsUs: 0,
    interval: "1m",
    openTimeMs,
    open: 1,
    high: Math.max(1, close),
    low: 1,
    close,
    volume: close,
    closed,
  };
}

/** A poller over scripted REST answers, one per tick; resolves with what it emitted. */
async function pollScript(answers: KlineEvent[][]): Promise<MarketEvent[]> {
  const emitted: MarketEvent[] = [];
  let calls = 0;
  const adapter = {
    id: "lighter",
    rest: {
      klines: (_spec: StreamSpec, query: { limit?: number }) => ({
        account: "linear",
        path: "/candles",
        query,
        parse: () => [],
      }),
    },
  } as unknown as ExchangeAdapter;
  const rest: RestRunner = {
    run: async <T>() => (answers[Math.min(calls++, answers.length - 1)] ?? []) as T,
    baseUrlOf: () => "",
  };
  const stop = startPoller({
    adapter,
    rest,
    spec: SPEC,
    everyMs: 1,
    listener: (e) => emitted.push(e),
    onDiagnostic: () => {},
  });
  while (calls < answers.length + 1) await Bun.sleep(2);
  stop();
  return emitted;
}

describe("poller", () => {
  test("klines: a bar is sent when new or changed, once closed, and the symbol is the canonical one", async () => {
    const emitted = (await pollScript([
      [bar(0, 1, true), bar(60_000, 2, false)],
      [bar(0, 1, true), bar(60_000, 2, false)],
      [bar(0, 1, true), bar(60_000, 3, false)],
      [bar(60_000, 4, true), bar(120_000, 5, false)],
      [bar(0, 1, true), bar(60_000, 4, true)],
    ])) as KlineEvent[];
    expect(emitted.map((e) => `${e.openTimeMs / 60_000}:${e.close}${e.closed ? "c" : ""}`)).toEqual([
      "0:1c",
      "1:2",
      "1:3",
      "1:4c",
      "2:5",
    ]);
    expect(new Set(emitted.map((e) => e.symbol))).toEqual(new Set(["BTC/USDC:USDC"]));
  });

  test("a stream with no REST sampler is E_NOT_IMPLEMENTED", () => {
    const adapter = { id: "x", rest: {} } as unknown as ExchangeAdapter;
    const rest = { run: async () => undefined, baseUrlOf: () => "" } as unknown as RestRunner;
    expect(() =>
      startPoller({
        adapter,
        rest,
        spec: { ...SPEC, kind: "mark_price" },
        everyMs: 1,
        listener: () => {},
        onDiagnostic: () => {},
      }),
    ).toThrow(expect.objectContaining({ code: "E_NOT_IMPLEMENTED" }));
  });
});
