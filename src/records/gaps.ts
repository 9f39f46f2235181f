// `gaps`: a dig3 extension record kind (32 B, no Rust counterpart) for spans the Station could not backfill, one
// series per (exchange, account, symbol) covering all its streams; stream and reason are stable one-byte codes.

import type { GapEvent } from "../core/events.ts";
import type { StreamKind } from "../core/streams.ts";
import { INTERVAL_MS } from "../core/time.ts";
import { readI64, writeI64, writeZeros } from "./binary.ts";
import { defineRecord } from "./define.ts";

/** On-disk stream codes. Append only: a code, once written, keeps its meaning. 0 = unknown. */
export const GAP_STREAM_CODES: Readonly<Record<StreamKind, number>> = {
  trade: 1,
  agg_trade: 2,
  book: 3,
  kline: 4,
  ticker: 5,
  mark_price: 6,
  funding_rate: 7,
  open_interest: 8,
  liquidation: 9,
};

/** On-disk reason codes = index in this list. Append only. */
export const GAP_REASONS = [
  "unknown",
  "disconnect",
  "silence",
  "stream_error",
  "backfill_unsupported",
  "backfill_failed",
  "rate_limited",
  "process_down",
  "book_resync",
] as const;
export type GapReason = (typeof GAP_REASONS)[number];

export interface GapRecord {
  /** When dig3 recorded the gap, ms (wall clock); decides the day file, like every first field. */
  tsMs: number;
  /** Start of the span the archive lacks, ms (inclusive). */
  fromMs: number;
  /** End of the span, ms (exclusive). */
  toMs: number;
  /** undefined when the code is unknown to this version. */
  stream: StreamKind | undefined;
  reason: GapReason;
  /** Kline interval of a kline-family gap (`1m`), else undefined. */
  interval: string | undefined;
}

const streamByCode: (StreamKind | undefined)[] = [];
for (const [stream, code] of Object.entries(GAP_STREAM_CODES)) streamByCode[code] = stream as StreamKind;

const reasonCodes = new Map<string, number>(GAP_REASONS.map((reason, code) => [reason, code]));

const intervalBySeconds = new Map<number, string>(
  Object.entries(INTERVAL_MS).map(([interval, ms]) => [ms / 1000, interval]),
);

/** Seconds of a kline interval (`1m` → 60), 0 for none or an unknown interval. */
export function measureIntervalSeconds(interval: string | undefined): number {
  if (!interval) return 0;
  const ms = INTERVAL_MS[interval];
  return ms === undefined ? 0 : ms / 1000;
}

/** A gap reason text as its code name; free text that is not a known reason becomes `unknown`. */
export function parseGapReason(text: string): GapReason {
  return reasonCodes.has(text) ? (text as GapReason) : "unknown";
}

export const gapsRecord = defineRecord<GapRecord>({
  kind: "gaps",
  slugBase: "gaps",
  size: 32,
  doc: "dig3 extension: a span of one stream the Station could not backfill (32 B)",
  fields: [
    { name: "tsMs", offset: 0, type: "i64", unit: "ms", doc: "when the gap was recorded" },
    { name: "fromMs", offset: 8, type: "i64", unit: "ms", doc: "span start, inclusive" },
    { name: "toMs", offset: 16, type: "i64", unit: "ms", doc: "span end, exclusive" },
    { name: "stream", offset: 24, type: "u8", doc: "stream code (GAP_STREAM_CODES), 0 unknown" },
    { name: "reason", offset: 25, type: "u8", doc: "reason code (index in GAP_REASONS)" },
    { name: "reserved", offset: 26, type: "zero", size: 2 },
    {
      name: "intervalS",
      offset: 28,
      type: "u32",
      unit: "s",
      zeroMeansAbsent: true,
      doc: "kline interval; 0 none",
    },
  ],
  columns: [
    { key: "tsMs", header: "recorded", format: "time_ms", unit: "ms" },
    { key: "fromMs", header: "from", format: "time_ms", unit: "ms" },
    { key: "toMs", header: "to", format: "time_ms", unit: "ms" },
    { key: "stream", header: "stream", format: "text" },
    { key: "interval", header: "interval", format: "text" },
    { key: "reason", header: "reason", format: "text" },
  ],
  encode(value, view, offset) {
    writeI64(view, offset, value.tsMs);
    writeI64(view, offset + 8, value.fromMs);
    writeI64(view, offset + 16, value.toMs);
    view.setUint8(offset + 24, value.stream ? GAP_STREAM_CODES[value.stream] : 0);
    view.setUint8(offset + 25, reasonCodes.get(value.reason) ?? 0);
    writeZeros(view, offset + 26, 2);
    view.setUint32(offset + 28, measureIntervalSeconds(value.interval), true);
  },
  decode(view, offset) {
    const intervalS = view.getUint32(offset + 28, true);
    return {
      tsMs: readI64(view, offset),
      fromMs: readI64(view, offset + 8),
      toMs: readI64(view, offset + 16),
      stream: streamByCode[view.getUint8(offset + 24)],
      reason: GAP_REASONS[view.getUint8(offset + 25)] ?? "unknown",
      interval: intervalS === 0 ? undefined : (intervalBySeconds.get(intervalS) ?? `${intervalS}s`),
    };
  },
});

/** The record storage writes for a gap event; `interval` for a kline-family stream. */
export function gapRecordOf(event: GapEvent, interval?: string): GapRecord {
  return {
    tsMs: event.tsMs,
    fromMs: event.fromMs,
    toMs: event.toMs,
    stream: event.stream,
    reason: parseGapReason(event.reason),
    interval,
  };
}
