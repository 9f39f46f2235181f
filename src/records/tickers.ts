// Ticker records (72 B, Rust TickerPoint at Compact depth) and the converter from TickerEvent.

import type { TickerEvent } from "../core/events.ts";
import { readI64, readOptF64, writeI64, writeOptF64 } from "./binary.ts";
import { defineRecord } from "./define.ts";

/** Every float may be absent (NaN on disk, undefined here). Bid/ask sizes are not in the Rust layout. */
export interface TickerRecord {
  tsMs: number;
  last: number | undefined;
  bid: number | undefined;
  ask: number | undefined;
  high24h: number | undefined;
  low24h: number | undefined;
  volume24h: number | undefined;
  quoteVolume24h: number | undefined;
  /** Percent (2.5 = +2.5 %), as the venue reports it. */
  changePct24h: number | undefined;
}

export const tickersRecord = defineRecord<TickerRecord>({
  kind: "tickers",
  slugBase: "tickers",
  size: 72,
  stream: "ticker",
  doc: "one ticker update (Rust TickerPoint, Compact, 72 B)",
  fields: [
    { name: "tsMs", offset: 0, type: "i64", unit: "ms" },
    { name: "last", offset: 8, type: "f64", unit: "quote", optional: true },
    { name: "bid", offset: 16, type: "f64", unit: "quote", optional: true },
    { name: "ask", offset: 24, type: "f64", unit: "quote", optional: true },
    { name: "high24h", offset: 32, type: "f64", unit: "quote", optional: true },
    { name: "low24h", offset: 40, type: "f64", unit: "quote", optional: true },
    { name: "volume24h", offset: 48, type: "f64", unit: "base", optional: true },
    { name: "quoteVolume24h", offset: 56, type: "f64", unit: "quote", optional: true },
    { name: "changePct24h", offset: 64, type: "f64", unit: "percent", optional: true },
  ],
  columns: [
    { key: "tsMs", header: "time", format: "time_ms", unit: "ms" },
    { key: "last", header: "last", format: "price" },
    { key: "bid", header: "bid", format: "price" },
    { key: "ask", header: "ask", format: "price" },
    { key: "high24h", header: "high 24h", format: "price" },
    { key: "low24h", header: "low 24h", format: "price" },
    { key: "volume24h", header: "vol 24h", format: "size" },
    { key: "quoteVolume24h", header: "quote vol 24h", format: "size" },
    { key: "changePct24h", header: "chg % 24h", format: "price", unit: "percent" },
  ],
  encode(value, view, offset) {
    writeI64(view, offset, value.tsMs);
    writeOptF64(view, offset + 8, value.last);
    writeOptF64(view, offset + 16, value.bid);
    writeOptF64(view, offset + 24, value.ask);
    writeOptF64(view, offset + 32, value.high24h);
    writeOptF64(view, offset + 40, value.low24h);
    writeOptF64(view, offset + 48, value.volume24h);
    writeOptF64(view, offset + 56, value.quoteVolume24h);
    writeOptF64(view, offset + 64, value.changePct24h);
  },
  decode(view, offset) {
    return {
      tsMs: readI64(view, offset),
      last: readOptF64(view, offset + 8),
      bid: readOptF64(view, offset + 16),
      ask: readOptF64(view, offset + 24),
      high24h: readOptF64(view, offset + 32),
      low24h: readOptF64(view, offset + 40),
      volume24h: readOptF64(view, offset + 48),
      quoteVolume24h: readOptF64(view, offset + 56),
      changePct24h: readOptF64(view, offset + 64),
    };
  },
});

export function tickerRecordOf(event: TickerEvent): TickerRecord {
  return {
    tsMs: event.tsMs,
    last: event.last,
    bid: event.bid,
    ask: event.ask,
    high24h: event.high24h,
    low24h: event.low24h,
    volume24h: event.volume24h,
    quoteVolume24h: event.quoteVolume24h,
    changePct24h: event.changePct24h,
  };
}
