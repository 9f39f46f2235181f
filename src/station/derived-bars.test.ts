// Bar builders on hand-made trades: range bars start a new bar with the breaking trade, tick and volume bars close
// with the trade that reaches the threshold, footprints bucket by time with volume by price; bad specs are refused.

import { describe, expect, test } from "bun:test";
import type { BarEvent, Side, TradeEvent } from "../core/index.ts";
import { createBarBuilder, parseBarSpec } from "./derived-bars.ts";

const T0 = Date.UTC(2026, 0, 1);

function trade(i: number, price: number, size: number, side: Side = "buy", tsMs = T0 + i * 100): TradeEvent {
  return {
    kind: "trade",
    exchange: "binance",
    account: "spot",
    symbol: "BTC/USDT",
    tsMs,
    recvTsUs: tsMs * 1000,
    price,
    size,
    side,
    tradeId: String(i),
  };
}

function run(
  kind: Parameters<typeof parseBarSpec>[0],
  size: number | undefined,
  trades: TradeEvent[],
  interval?: string,
): BarEvent[] {
  const builder = createBarBuilder(
    parseBarSpec(kind, size, interval),
    { symbol: "BTC/USDT", account: "spot" },
    "binance",
  );
  return trades.flatMap((t) => builder.onTrade(t));
}

const closedOf = (bars: BarEvent[]) => bars.filter((bar) => bar.closed);

describe("derived bars", () => {
  test("range: the trade that moves the price by the range opens the next bar", () => {
    const bars = run("range_bar", 10, [
      trade(0, 100, 1),
      trade(1, 105, 1),
      trade(2, 96, 1),
      trade(3, 110, 2),
      trade(4, 112, 1),
    ]);
    const closed = closedOf(bars);
    expect(closed.length).toBe(1);
    expect(closed[0]).toMatchObject({
      open: 100,
      high: 105,
      low: 96,
      close: 96,
      trades: 3,
      volume: 3,
      bar: "range",
    });
    const last = bars.at(-1)!;
    expect(last).toMatchObject({ open: 110, close: 112, trades: 2, volume: 3, closed: false });
    expect(last.openTimeMs).toBeGreaterThan(closed[0]!.openTimeMs);
  });

  test("tick: closes with the n-th trade; the next trade opens a new bar (open times strictly increase)", () => {
    const same = T0;
    const bars = run("tick_bar", 2, [
      trade(0, 1, 1, "buy", same),
      trade(1, 2, 1, "sell", same),
      trade(2, 3, 1, "buy", same),
    ]);
    expect(bars.map((bar) => [bar.trades, bar.closed])).toEqual([
      [1, false],
      [2, true],
      [1, false],
    ]);
    expect(bars[1]).toMatchObject({ buyVolume: 1, sellVolume: 1, quoteVolume: 3 });
    expect(bars[2]!.openTimeMs).toBe(same + 1);
  });

  test("volume: closes once the volume reaches the threshold, the closing trade included", () => {
    const closed = closedOf(
      run("volume_bar", 5, [trade(0, 10, 2), trade(1, 11, 2), trade(2, 12, 3), trade(3, 13, 5)]),
    );
    expect(closed.map((bar) => [bar.volume, bar.trades])).toEqual([
      [7, 3],
      [5, 1],
    ]);
  });

  test("footprint: one bar per bucket, buy and sell volume by exact price, ascending", () => {
    const minute = 60_000;
    const bars = run(
      "footprint",
      undefined,
      [
        trade(0, 101, 1, "buy", T0 + 1000),
        trade(1, 100, 2, "sell", T0 + 2000),
        trade(2, 101, 3, "sell", T0 + 3000),
        trade(3, 99, 1, "buy", T0 + minute + 5),
      ],
      "1m",
    );
    const closed = closedOf(bars);
    expect(closed.length).toBe(1);
    expect(closed[0]).toMatchObject({ openTimeMs: T0, closeTimeMs: T0 + minute, interval: "1m", volume: 6 });
    expect(closed[0]!.levels).toEqual([
      [100, 0, 2],
      [101, 1, 3],
    ]);
    expect(bars.at(-1)).toMatchObject({ openTimeMs: T0 + minute, levels: [[99, 1, 0]], closed: false });
  });

  test("bad specs are refused with a hint", () => {
    expect(() => parseBarSpec("range_bar", undefined, undefined)).toThrow(/range_bar needs a price range/);
    expect(() => parseBarSpec("tick_bar", 2.5, undefined)).toThrow(/whole trade count/);
    expect(() => parseBarSpec("footprint", undefined, "1M")).toThrow(/fixed-length interval/);
  });
});
