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
import { defineRecord } from "./define.ts";

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

export const markPriceRecord = defineRecord<MarkPriceRecord>({
  kind: "mark_price",
  slugBase: "mark_price",
  size: 24,
  stream: "mark_price",
  doc: "one mark price (Rust MarkPricePoint, 24 B)",
  fields: [
    { name: "tsMs", offset: 0, type: "i64", unit: "ms" },
    { name: "markPrice", offset: 8, type: "f64", unit: "quote" },
    { name: "indexPrice", offset: 16, type: "f64", unit: "quote", optional: true },
  ],
  columns: [
    timeColumn,
    { key: "markPrice", header: "mark", format: "price" },
    { key: "indexPrice", header: "index", format: "price" },
  ],
  encode(value, view, offset) {
    writeI64(view, offset, value.tsMs);
    view.setFloat64(offset + 8, value.markPrice, true);
    writeOptF64(view, offset + 16, value.indexPrice);
  },
  decode(view, offset) {
    return {
      tsMs: readI64(view, offset),
      markPrice: view.getFloat64(offset + 8, true),
      indexPrice: readOptF64(view, offset + 16),
    };
  },
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

export const openInterestRecord = defineRecord<OpenInterestRecord>({
  kind: "open_interest",
  slugBase: "open_interest",
  size: 24,
  stream: "open_interest",
  doc: "one open-interest reading (Rust OpenInterestPoint, 24 B)",
  fields: [
    { name: "tsMs", offset: 0, type: "i64", unit: "ms" },
    { name: "openInterest", offset: 8, type: "f64", unit: "contracts or base" },
    { name: "openInterestValue", offset: 16, type: "f64", unit: "quote", optional: true },
  ],
  columns: [
    timeColumn,
    { key: "openInterest", header: "open interest", format: "size" },
    { key: "openInterestValue", header: "value", format: "size" },
  ],
  encode(value, view, offset) {
    writeI64(view, offset, value.tsMs);
    view.setFloat64(offset + 8, value.openInterest, true);
    writeOptF64(view, offset + 16, value.openInterestValue);
  },
  decode(view, offset) {
    return {
      tsMs: readI64(view, offset),
      openInterest: view.getFloat64(offset + 8, true),
      openInterestValue: readOptF64(view, offset + 16),
    };
  },
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
