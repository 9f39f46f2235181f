// The kline family (64 B, Rust BarPoint and its mark/index/premium twins): one layout, four directory slugs
// `klines_<iv>`, `mark_price_klines_<iv>`, `index_price_klines_<iv>`, `premium_index_klines_<iv>`.

import type { KlineEvent } from "../core/events.ts";
import { readI64, readOptF64, readU64, writeI64, writeOptF64, writeU64 } from "./binary.ts";
import { type ColumnDef, defineRecord, type FieldInput, type RecordDef, type RecordKind } from "./define.ts";

export interface KlineRecord {
  /** Bar open time, ms since the epoch. */
  openTimeMs: number;
  open: number;
  high: number;
  low: number;
  close: number;
  /** Base volume. */
  volume: number;
  quoteVolume: number | undefined;
  /** Number of trades; 0 when the venue does not say (Rust writes 0 for absent). */
  trades: number;
}

const klineFields: FieldInput[] = [
  { name: "openTimeMs", offset: 0, type: "i64", unit: "ms", doc: "bar open time" },
  { name: "open", offset: 8, type: "f64", unit: "quote" },
  { name: "high", offset: 16, type: "f64", unit: "quote" },
  { name: "low", offset: 24, type: "f64", unit: "quote" },
  { name: "close", offset: 32, type: "f64", unit: "quote" },
  { name: "volume", offset: 40, type: "f64", unit: "base" },
  { name: "quoteVolume", offset: 48, type: "f64", unit: "quote", optional: true, doc: "NaN if absent" },
  { name: "trades", offset: 56, type: "u64", unit: "count", doc: "0 if absent" },
];

const klineColumns: ColumnDef[] = [
  { key: "openTimeMs", header: "open time", format: "time_ms", unit: "ms" },
  { key: "open", header: "open", format: "price" },
  { key: "high", header: "high", format: "price" },
  { key: "low", header: "low", format: "price" },
  { key: "close", header: "close", format: "price" },
  { key: "volume", header: "volume", format: "size" },
  { key: "quoteVolume", header: "quote volume", format: "size" },
  { key: "trades", header: "trades", format: "int" },
];

function encodeKline(value: KlineRecord, view: DataView, offset: number): void {
  writeI64(view, offset, value.openTimeMs);
  view.setFloat64(offset + 8, value.open, true);
  view.setFloat64(offset + 16, value.high, true);
  view.setFloat64(offset + 24, value.low, true);
  view.setFloat64(offset + 32, value.close, true);
  view.setFloat64(offset + 40, value.volume, true);
  writeOptF64(view, offset + 48, value.quoteVolume);
  writeU64(view, offset + 56, value.trades);
}

function decodeKline(view: DataView, offset: number): KlineRecord {
  return {
    openTimeMs: readI64(view, offset),
    open: view.getFloat64(offset + 8, true),
    high: view.getFloat64(offset + 16, true),
    low: view.getFloat64(offset + 24, true),
    close: view.getFloat64(offset + 32, true),
    volume: view.getFloat64(offset + 40, true),
    quoteVolume: readOptF64(view, offset + 48),
    trades: readU64(view, offset + 56),
  };
}

function defineKlineRecord(kind: RecordKind, doc: string, stream?: "kline"): RecordDef<KlineRecord> {
  return defineRecord<KlineRecord>({
    kind,
    slugBase: kind,
    hasInterval: true,
    size: 64,
    doc,
    ...(stream ? { stream } : {}),
    fields: klineFields,
    columns: klineColumns,
    encode: encodeKline,
    decode: decodeKline,
  });
}

export const klinesRecord = defineKlineRecord("klines", "one OHLCV bar (Rust BarPoint, 64 B)", "kline");
export const markPriceKlinesRecord = defineKlineRecord(
  "mark_price_klines",
  "one mark-price bar (64 B, BarPoint layout)",
);
export const indexPriceKlinesRecord = defineKlineRecord(
  "index_price_klines",
  "one index-price bar (64 B, BarPoint layout)",
);
export const premiumIndexKlinesRecord = defineKlineRecord(
  "premium_index_klines",
  "one premium-index bar (64 B, BarPoint layout)",
);

export function klineRecordOf(event: KlineEvent): KlineRecord {
  return {
    openTimeMs: event.openTimeMs,
    open: event.open,
    high: event.high,
    low: event.low,
    close: event.close,
    volume: event.volume,
    quoteVolume: event.quoteVolume,
    trades: event.trades ?? 0,
  };
}
