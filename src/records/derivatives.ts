// Small derivatives records: mark price, funding rate, open interest, index price (24 B each) and liquidations
// (33 B), byte-compatible with the Rust Compact points, with their converters from the normalized events.

import type {
  FundingRateEvent,
  LiquidationEvent,
  MarkPriceEvent,
  OpenInterestEvent,
  Side,
} from "../core/events.ts";
import { readI64, readOptF64, writeI64, writeOptF64 } from "./binary.ts";
import { type ColumnDef, defineRecord, type RecordDef } from "./define.ts";

export interface MarkPriceRecord {
  tsMs: number;
  markPrice: number;
  indexPrice: number | undefined;
}

export interface FundingRateRecord {
  tsMs: number;
  /** Rate per funding interval, as a fraction (0.0001 = 0.01 %). */
  rate: number;
  /** Next funding time, ms; 0 on disk = absent. */
  nextFundingTsMs: number | undefined;
}

export interface OpenInterestRecord {
  tsMs: number;
  /** Contracts or base units, as the venue reports. */
  openInterest: number;
  openInterestValue: number | undefined;
}

export interface LiquidationRecord {
  tsMs: number;
  price: number;
  size: number;
  value: number | undefined;
  /** Side of the liquidation order. */
  side: Side;
}

export interface IndexPriceRecord {
  tsMs: number;
  price: number;
}

const timeColumn = { key: "tsMs", header: "time", format: "time_ms", unit: "ms" } as const;

/** One column of a value record: its field name, unit, and how it is shown. */
interface ValueColumn<K extends string> {
  name: K;
  unit: string;
  header: string;
  format: ColumnDef["format"];
}

type ValuePair<K extends string, O extends string> = { tsMs: number } & Record<K, number> &
  Record<O, number | undefined>;

/**
 * The 24 B layout of a time, a value and an optional second value (NaN on disk = absent), shared by the Rust
 * MarkPricePoint and OpenInterestPoint.
 */
function defineValuePair<K extends string, O extends string>(spec: {
  kind: "mark_price" | "open_interest";
  doc: string;
  value: ValueColumn<K>;
  optional: ValueColumn<O>;
}): RecordDef<ValuePair<K, O>> {
  const { value, optional } = spec;
  return defineRecord<ValuePair<K, O>>({
    kind: spec.kind,
    slugBase: spec.kind,
    size: 24,
    stream: spec.kind,
    doc: spec.doc,
    fields: [
      { name: "tsMs", offset: 0, type: "i64", unit: "ms" },
      { name: value.name, offset: 8, type: "f64", unit: value.unit },
      { name: optional.name, offset: 16, type: "f64", unit: optional.unit, optional: true },
    ],
    columns: [
      timeColumn,
      { key: value.name, header: value.header, format: value.format },
      { key: optional.name, header: optional.header, format: optional.format },
    ],
    encode(record, view, offset) {
      writeI64(view, offset, record.tsMs);
      view.setFloat64(offset + 8, record[value.name], true);
      writeOptF64(view, offset + 16, record[optional.name]);
    },
    decode(view, offset) {
      return {
        tsMs: readI64(view, offset),
        [value.name]: view.getFloat64(offset + 8, true),
        [optional.name]: readOptF64(view, offset + 16),
      } as ValuePair<K, O>;
    },
  });
}

export const markPriceRecord: RecordDef<MarkPriceRecord> = defineValuePair({
  kind: "mark_price",
  doc: "one mark price (Rust MarkPricePoint, 24 B)",
  value: { name: "markPrice", unit: "quote", header: "mark", format: "price" },
  optional: { name: "indexPrice", unit: "quote", header: "index", format: "price" },
});

export const fundingRateRecord = defineRecord<FundingRateRecord>({
  kind: "funding_rate",
  slugBase: "funding_rate",
  size: 24,
  stream: "funding_rate",
  doc: "one funding rate (Rust FundingRatePoint, 24 B)",
  fields: [
    { name: "tsMs", offset: 0, type: "i64", unit: "ms" },
    { name: "rate", offset: 8, type: "f64", unit: "ratio" },
    {
      name: "nextFundingTsMs",
      offset: 16,
      type: "i64",
      unit: "ms",
      zeroMeansAbsent: true,
      doc: "0 if absent",
    },
  ],
  columns: [
    timeColumn,
    { key: "rate", header: "rate", format: "price", unit: "ratio" },
    { key: "nextFundingTsMs", header: "next funding", format: "time_ms", unit: "ms" },
  ],
  encode(value, view, offset) {
    writeI64(view, offset, value.tsMs);
    view.setFloat64(offset + 8, value.rate, true);
    writeI64(view, offset + 16, value.nextFundingTsMs ?? 0);
  },
  decode(view, offset) {
    const next = readI64(view, offset + 16);
    return {
      tsMs: readI64(view, offset),
      rate: view.getFloat64(offset + 8, true),
      nextFundingTsMs: next === 0 ? undefined : next,
    };
  },
});

export const openInterestRecord: RecordDef<OpenInterestRecord> = defineValuePair({
  kind: "open_interest",
  doc: "one open-interest reading (Rust OpenInterestPoint, 24 B)",
  value: { name: "openInterest", unit: "contracts or base", header: "open interest", format: "size" },
  optional: { name: "openInterestValue", unit: "quote", header: "value", format: "size" },
});

export const liquidationsRecord = defineRecord<LiquidationRecord>({
  kind: "liquidations",
  slugBase: "liquidations",
  size: 33,
  stream: "liquidation",
  doc: "one liquidation (Rust LiquidationPoint, 33 B, unaligned)",
  fields: [
    { name: "tsMs", offset: 0, type: "i64", unit: "ms" },
    { name: "price", offset: 8, type: "f64", unit: "quote" },
    { name: "size", offset: 16, type: "f64", unit: "base" },
    { name: "value", offset: 24, type: "f64", unit: "quote", optional: true },
    { name: "side", offset: 32, type: "u8", doc: "0 buy, 1 sell" },
  ],
  columns: [
    timeColumn,
    { key: "side", header: "side", format: "side" },
    { key: "price", header: "price", format: "price" },
    { key: "size", header: "size", format: "size" },
    { key: "value", header: "value", format: "size" },
  ],
  encode(value, view, offset) {
    writeI64(view, offset, value.tsMs);
    view.setFloat64(offset + 8, value.price, true);
    view.setFloat64(offset + 16, value.size, true);
    writeOptF64(view, offset + 24, value.value);
    view.setUint8(offset + 32, value.side === "sell" ? 1 : 0);
  },
  decode(view, offset) {
    return {
      tsMs: readI64(view, offset),
      price: view.getFloat64(offset + 8, true),
      size: view.getFloat64(offset + 16, true),
      value: readOptF64(view, offset + 24),
      side: view.getUint8(offset + 32) === 1 ? "sell" : "buy",
    };
  },
});

export const indexPriceRecord = defineRecord<IndexPriceRecord>({
  kind: "index_price",
  slugBase: "index_price",
  size: 24,
  doc: "one index price (Rust IndexPricePoint, 24 B; bytes 16..24 are a reserved NaN)",
  fields: [
    { name: "tsMs", offset: 0, type: "i64", unit: "ms" },
    { name: "price", offset: 8, type: "f64", unit: "quote" },
    { name: "reserved", offset: 16, type: "f64", optional: true, doc: "always NaN" },
  ],
  columns: [timeColumn, { key: "price", header: "index", format: "price" }],
  encode(value, view, offset) {
    writeI64(view, offset, value.tsMs);
    view.setFloat64(offset + 8, value.price, true);
    view.setFloat64(offset + 16, Number.NaN, true);
  },
  decode(view, offset) {
    return { tsMs: readI64(view, offset), price: view.getFloat64(offset + 8, true) };
  },
});

export function markPriceRecordOf(event: MarkPriceEvent): MarkPriceRecord {
  return { tsMs: event.tsMs, markPrice: event.markPrice, indexPrice: event.indexPrice };
}

export function fundingRateRecordOf(event: FundingRateEvent): FundingRateRecord {
  return { tsMs: event.tsMs, rate: event.rate, nextFundingTsMs: event.nextFundingTsMs };
}

export function openInterestRecordOf(event: OpenInterestEvent): OpenInterestRecord {
  return { tsMs: event.tsMs, openInterest: event.openInterest, openInterestValue: event.openInterestValue };
}

export function liquidationRecordOf(event: LiquidationEvent): LiquidationRecord {
  return { tsMs: event.tsMs, price: event.price, size: event.size, value: event.value, side: event.side };
}
