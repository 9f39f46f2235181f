// The registry of record kinds: kind → definition, directory slug ↔ definition (with the kline interval), stream or
// event → the definition storage writes, and layout detection for directories that hold more than one layout.

import { Dig3Error } from "../core/errors.ts";
import type { GapEvent, MarketDataEvent } from "../core/events.ts";
import type { StreamKind } from "../core/streams.ts";
import { readBlobPointer } from "./blob.ts";
import {
  orderbookDeltas20Record,
  orderbookDeltas808Record,
  orderbookDeltasRecord,
  orderbookSnapshots36Record,
  orderbookSnapshots808Record,
  orderbookSnapshotsRecord,
} from "./book.ts";
import { type AnyRecordDef, isKlineInterval, type RecordKind } from "./define.ts";
import {
  fundingRateRecord,
  indexPriceRecord,
  liquidationsRecord,
  markPriceRecord,
  openInterestRecord,
} from "./derivatives.ts";
import { gapsRecord } from "./gaps.ts";
import {
  indexPriceKlinesRecord,
  klinesRecord,
  markPriceKlinesRecord,
  premiumIndexKlinesRecord,
} from "./klines.ts";
import { tickersRecord } from "./tickers.ts";
import { aggTradesRecord, tradesRecord } from "./trades.ts";

export const RECORDS = {
  trades: tradesRecord,
  agg_trades: aggTradesRecord,
  klines: klinesRecord,
  mark_price_klines: markPriceKlinesRecord,
  index_price_klines: indexPriceKlinesRecord,
  premium_index_klines: premiumIndexKlinesRecord,
  tickers: tickersRecord,
  mark_price: markPriceRecord,
  funding_rate: fundingRateRecord,
  open_interest: openInterestRecord,
  liquidations: liquidationsRecord,
  index_price: indexPriceRecord,
  orderbook_snapshots: orderbookSnapshotsRecord,
  orderbook_snapshots_36: orderbookSnapshots36Record,
  orderbook_deltas: orderbookDeltasRecord,
  orderbook_deltas_20: orderbookDeltas20Record,
  orderbook_snapshots_808: orderbookSnapshots808Record,
  orderbook_deltas_808: orderbookDeltas808Record,
  gaps: gapsRecord,
} as const satisfies Record<RecordKind, AnyRecordDef>;

/** A series directory: the definition dig3 uses there, its slug, and the kline interval for the kline family. */
export interface RecordSeries {
  def: AnyRecordDef;
  slug: string;
  interval?: string;
}

/** The layouts found under one slug base, the one dig3 writes first. */
const LAYOUTS_BY_SLUG_BASE = new Map<string, readonly AnyRecordDef[]>();
for (const def of Object.values(RECORDS) as AnyRecordDef[]) {
  const layouts = LAYOUTS_BY_SLUG_BASE.get(def.slugBase) ?? [];
  LAYOUTS_BY_SLUG_BASE.set(def.slugBase, def.isReadOnly ? [...layouts, def] : [def, ...layouts]);
}

const INTERVAL_SLUG_BASES = (Object.values(RECORDS) as AnyRecordDef[])
  .filter((def) => def.hasInterval)
  .map((def) => def.slugBase)
  // `mark_price_klines_1m` must not match `klines` first.
  .sort((a, b) => b.length - a.length);

function splitSlug(slug: string): { base: string; interval?: string } | undefined {
  if (LAYOUTS_BY_SLUG_BASE.has(slug) && !INTERVAL_SLUG_BASES.includes(slug)) return { base: slug };
  for (const base of INTERVAL_SLUG_BASES) {
    if (slug.startsWith(`${base}_`)) {
      const interval = slug.slice(base.length + 1);
      return isKlineInterval(interval) ? { base, interval } : undefined;
    }
  }
  return undefined;
}

/** Parses a directory slug (`trades`, `klines_1m`, `orderbook_deltas`); undefined for a kind dig3 does not store. */
export function recordForSlug(slug: string): RecordSeries | undefined {
  const split = splitSlug(slug);
  if (!split) return undefined;
  const def = LAYOUTS_BY_SLUG_BASE.get(split.base)?.[0];
  if (!def) return undefined;
  return split.interval ? { def, slug, interval: split.interval } : { def, slug };
}

/** Every layout that may be found under a slug, the one dig3 writes first (empty for an unknown slug). */
export function listLayoutsForSlug(slug: string): readonly AnyRecordDef[] {
  const split = splitSlug(slug);
  return split ? (LAYOUTS_BY_SLUG_BASE.get(split.base) ?? []) : [];
}

export interface StreamRecordOptions {
  /** Kline interval, required for `kline`. */
  interval?: string;
  /** For `book`: which of the two series (default `delta`). */
  bookType?: "snapshot" | "delta";
}

const DEF_BY_STREAM: Readonly<Record<Exclude<StreamKind, "book">, AnyRecordDef>> = {
  trade: tradesRecord,
  agg_trade: aggTradesRecord,
  kline: klinesRecord,
  ticker: tickersRecord,
  mark_price: markPriceRecord,
  funding_rate: fundingRateRecord,
  open_interest: openInterestRecord,
  liquidation: liquidationsRecord,
};

/** The series dig3 writes for a stream. Throws E_BAD_INTERVAL for `kline` without a valid interval. */
export function recordForStream(kind: StreamKind, options: StreamRecordOptions = {}): RecordSeries {
  const def: AnyRecordDef =
    kind === "book"
      ? options.bookType === "snapshot"
        ? orderbookSnapshotsRecord
        : orderbookDeltasRecord
      : DEF_BY_STREAM[kind];
  if (!def) throw new Dig3Error("E_UNKNOWN_STREAM", `no record kind for stream '${kind}'`);
  if (def.hasInterval) {
    return { def, slug: def.slug({ interval: options.interval }), interval: options.interval };
  }
  return { def, slug: def.slug() };
}

/** The series an event is written to (a book event by its `type`, a kline by its interval). */
export function recordForEvent(event: MarketDataEvent | GapEvent): RecordSeries {
  switch (event.kind) {
    case "gap":
      return { def: gapsRecord, slug: gapsRecord.slug() };
    case "book":
      return recordForStream("book", { bookType: event.type });
    case "kline":
      return recordForStream("kline", { interval: event.interval });
    default:
      return recordForStream(event.kind);
  }
}

/** Plausible exchange times for layout detection: 2000-01-01 to 2200-01-01. */
const MIN_PLAUSIBLE_MS = 946_684_800_000;
const MAX_PLAUSIBLE_MS = 7_258_118_400_000;
const CHECKED_RECORDS = 16;

/**
 * Picks the layout of a day file among `listLayoutsForSlug(slug)` (e.g. 52 B vs 20 B deltas, or the legacy 808 B
 * book): timestamps must be plausible, and for blob layouts the first pointers must start at 0, follow each other
 * and stay inside the `.blob`. Layouts whose size divides the `.dat` length are tried first; if none fits, a torn
 * tail is allowed. An empty file gets the write layout. `blobSizeBytes` is undefined when there is no `.blob`.
 * Undefined when nothing fits.
 */
export function detectLayout(
  slug: string,
  dat: Uint8Array,
  blobSizeBytes?: number,
): AnyRecordDef | undefined {
  const layouts = listLayoutsForSlug(slug);
  if (dat.length === 0) return layouts[0];
  const view = new DataView(dat.buffer, dat.byteOffset, dat.byteLength);
  return (
    layouts.find((def) => isLayoutPlausible(def, view, blobSizeBytes, false)) ??
    layouts.find((def) => isLayoutPlausible(def, view, blobSizeBytes, true))
  );
}

function isLayoutPlausible(
  def: AnyRecordDef,
  view: DataView,
  blobSizeBytes: number | undefined,
  allowTornTail: boolean,
): boolean {
  const count = Math.floor(view.byteLength / def.size);
  if (count === 0 || (!allowTornTail && view.byteLength % def.size !== 0)) return false;
  const checked = Math.min(count, CHECKED_RECORDS);
  for (const index of [...Array(checked).keys(), count - 1]) {
    const ts = def.timestampMsOf(view, index * def.size);
    if (!(ts >= MIN_PLAUSIBLE_MS && ts < MAX_PLAUSIBLE_MS)) return false;
  }
  if (def.blobPointerOffset === undefined) return true;
  if (blobSizeBytes === undefined) return false;
  // With a torn tail, the last whole header may point at blob bytes that never landed.
  const bounded = allowTornTail && checked === count ? checked - 1 : checked;
  let expectedMin = 0;
  for (let index = 0; index < checked; index++) {
    const pointer = readBlobPointer(view, index * def.size + def.blobPointerOffset);
    if (index === 0 && pointer.offsetBytes !== 0) return false;
    if (pointer.offsetBytes < expectedMin) return false;
    if (index < bounded && pointer.offsetBytes + pointer.lengthBytes > blobSizeBytes) return false;
    expectedMin = pointer.offsetBytes + pointer.lengthBytes;
  }
  return true;
}
