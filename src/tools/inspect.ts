// `inspect`: the post-mortem of day files without loading network code. Per file: records, time span, mean and peak
// rate, gaps over a per-kind threshold, duplicates, out-of-order records, NaN fields, torn tails, price / kline /
// book statistics and the gap records the Station wrote; over many files, totals. Reads only; never changes a file.

import { join } from "node:path";
import { Dig3Error, INTERVAL_MS, type StreamKind, toDig3Error } from "../core/index.ts";
import {
  type AnyRecordDef,
  type GapRecord,
  listLayoutsForSlug,
  RECORDS,
  readBlobPointer,
  readColumn,
  readTimestampsMs,
} from "../records/index.ts";
import {
  type DayFileFacts,
  isPidAlive,
  nodeStorageFs,
  readDayFile,
  readLockInfo,
  scanDayFile,
} from "../storage/index.ts";
import { type DayFileRef, listDayFiles, resolveKind } from "./day-files.ts";
import { canScanTrades, createTradeScan } from "./trade-scan.ts";

/** A gap between two consecutive records (sorted by time), `[fromMs, toMs)`. */
export interface GapSpan {
  fromMs: number;
  toMs: number;
  lengthMs: number;
  /** Klines: bars missing in the span. */
  missingBars?: number;
}

export interface TradeStats {
  priceMin: number;
  priceMax: number;
  /** Volume-weighted average price. */
  vwap: number;
  /** Base volume. */
  volume: number;
  /** Quote volume (Σ price × size). */
  notional: number;
  buyVolume: number;
  sellVolume: number;
}

export interface KlineStats {
  interval: string | undefined;
  /** Distinct open times (the last record of each wins). */
  bars: number;
  /** Records rewritten later with the same open time (live in-progress bars; not a fault). */
  superseded: number;
  firstOpenTimeMs: number;
  lastOpenTimeMs: number;
  open: number;
  high: number;
  low: number;
  close: number;
  volume: number;
  missingBars: number;
}

export interface BookStats {
  /** Empty deltas carrying a snapshot's sequence (dig3's snapshot anchors). */
  anchors: number;
  /** Deltas whose ids do not chain to the previous update (neither firstSeq = seq + 1 nor prevSeq = seq). */
  seqBreaks: number;
  /** Headers whose level payload does not match its own counts. */
  badPayloads: number;
  /** Level changes (deltas) or levels (snapshots) in all records. */
  levels: number;
}

export interface StationGap {
  stream: StreamKind | undefined;
  reason: string;
  interval: string | undefined;
  fromMs: number;
  toMs: number;
  lengthMs: number;
}

export type FileStatus = "clean" | "dirty" | "corrupt";

export interface FileInspection {
  type: "file";
  path: string;
  /** The record layout (`trades`, `orderbook_deltas_20` …). */
  kind: string;
  slug: string | undefined;
  exchange: string | undefined;
  account: string | undefined;
  symbol: string | undefined;
  day: string | undefined;
  /** `clean`; `dirty` (duplicates, out-of-order, NaN, stale index: `dig3 cure` fixes it); `corrupt` (torn, unreadable). */
  status: FileStatus;
  /** One sentence per finding, empty when clean. */
  problems: string[];
  /** Set when the file could not be read at all. */
  error?: { code: string; message: string };
  /** Process that holds the series' write lock now, if any. */
  writerPid?: number;
  bytes: number;
  recordBytes: number;
  records: number;
  firstTsMs: number | undefined;
  lastTsMs: number | undefined;
  spanMs: number;
  meanRatePerS: number;
  peakRatePerS: number;
  gapThresholdMs: number;
  gapCount: number;
  largestGapMs: number;
  /** The first `maxGaps` gaps, in time order. */
  gaps: GapSpan[];
  duplicates: number;
  outOfOrder: number;
  /** Records with a timestamp outside 2000–2200 (a wrong layout or garbage). */
  badTimestamps: number;
  /** NaN count per field that must not be NaN. */
  nanFields: Record<string, number>;
  tornBytes: number;
  torn: { path: string; cutBytes: number; reason: string }[];
  idxEntries: number;
  trades?: TradeStats;
  klines?: KlineStats;
  book?: BookStats;
  /** `gaps` files: the gap records themselves. */
  gapRecords?: StationGap[];
  /** Gap records the Station wrote for this stream and day (from the symbol's `gaps` series). */
  stationGaps?: StationGap[];
}

export interface InspectTotals {
  type: "totals";
  files: number;
  clean: number;
  dirty: number;
  corrupt: number;
  records: number;
  bytes: number;
  gaps: number;
  duplicates: number;
  outOfOrder: number;
  tornBytes: number;
  /** Files under a directory that are not a kind dig3 stores (skipped). */
  skipped: number;
}

export interface InspectOptions {
  /** Record kind for every file (`trades`, `klines_1m`, `orderbook_deltas` …); else taken from the path. */
  kind?: string;
  /** Gap threshold for every file, ms; else per kind (GAP_THRESHOLDS_MS, klines: one interval). */
  gapMs?: number;
  /** Gaps listed per file (default 1000; all are counted). */
  maxGaps?: number;
  /** Called after each file. */
  onProgress?: (done: number, total: number) => void;
}

export interface InspectResult {
  files: FileInspection[];
  totals: InspectTotals;
  /** Paths under directories skipped because their kind is not one dig3 stores. */
  skipped: string[];
}

/** Default gap thresholds per stream (ms): a pause longer than this is listed. 0 = not checked (rare events). */
export const GAP_THRESHOLDS_MS: Readonly<Record<StreamKind, number>> = {
  trade: 60_000,
  agg_trade: 60_000,
  book: 60_000,
  kline: 60_000,
  ticker: 60_000,
  mark_price: 60_000,
  funding_rate: 300_000,
  open_interest: 300_000,
  liquidation: 0,
};

const MIN_PLAUSIBLE_MS = 946_684_800_000;
const MAX_PLAUSIBLE_MS = 7_258_118_400_000;

/**
 * Inspects every day file under the given files and directories, one after another. Async because a trades day is
 * scanned while its next chunk is read. Rejects only for bad arguments.
 */
export async function inspectPaths(
  inputs: readonly string[],
  options: InspectOptions = {},
): Promise<InspectResult> {
  const forced = options.kind === undefined ? undefined : resolveKind(options.kind);
  const refs = listDayFiles(inputs);
  const files: FileInspection[] = [];
  const skipped: string[] = [];
  const gapCache = new Map<string, GapRecord[] | undefined>();
  let done = 0;
  for (const ref of refs) {
    if (!forced && ref.slug === undefined) {
      if (ref.isExplicit) {
        throw new Dig3Error("E_BAD_INPUT", `cannot tell the kind of ${ref.path}`, {
          hint: "keep it under <root>/<kind>/<exchange>/<account>/<symbol>/, or pass --kind (trades, klines_1m …)",
        });
      }
      skipped.push(ref.path);
    } else {
      files.push(
        await inspectDayFile(ref, { ...options, def: forced?.def, interval: forced?.interval, gapCache }),
      );
    }
    options.onProgress?.(++done, refs.length);
  }
  return { files, totals: sumInspections(files, skipped.length), skipped };
}

export function sumInspections(files: readonly FileInspection[], skipped = 0): InspectTotals {
  const totals: InspectTotals = {
    type: "totals",
    files: files.length,
    clean: 0,
    dirty: 0,
    corrupt: 0,
    records: 0,
    bytes: 0,
    gaps: 0,
    duplicates: 0,
    outOfOrder: 0,
    tornBytes: 0,
    skipped,
  };
  for (const file of files) {
    totals[file.status]++;
    totals.records += file.records;
    totals.bytes += file.bytes;
    totals.gaps += file.gapCount;
    totals.duplicates += file.duplicates;
    totals.outOfOrder += file.outOfOrder;
    totals.tornBytes += file.tornBytes;
  }
  return totals;
}

export interface InspectFileOptions extends InspectOptions {
  /** false: always the general path (the whole day in memory, sorted), which the one-pass scan must equal. */
  onePass?: boolean;
  def?: AnyRecordDef;
  /** Kline interval when --kind names one (`klines_1m`). */
  interval?: string;
  gapCache?: Map<string, GapRecord[] | undefined>;
}

function emptyInspection(ref: DayFileRef, kind: string): FileInspection {
  return {
    type: "file",
    path: ref.path,
    kind,
    slug: ref.slug,
    exchange: ref.exchange,
    account: ref.account,
    symbol: ref.symbol,
    day: ref.day,
    status: "clean",
    problems: [],
    bytes: 0,
    recordBytes: 0,
    records: 0,
    firstTsMs: undefined,
    lastTsMs: undefined,
    spanMs: 0,
    meanRatePerS: 0,
    peakRatePerS: 0,
    gapThresholdMs: 0,
    gapCount: 0,
    largestGapMs: 0,
    gaps: [],
    duplicates: 0,
    outOfOrder: 0,
    badTimestamps: 0,
    nanFields: {},
    tornBytes: 0,
    torn: [],
    idxEntries: 0,
  };
}

/** Inspects one day file; a file that cannot be read comes back `corrupt` with `error` set. */
export async function inspectDayFile(
  ref: DayFileRef,
  options: InspectFileOptions = {},
): Promise<FileInspection> {
  const scanned = options.onePass === false ? undefined : await inspectTradesInOnePass(ref, options);
  if (scanned) return scanned;
  let report: ReturnType<typeof readDayFile>;
  try {
    report = readDayFile(ref.path, options.def ? { def: options.def } : {});
  } catch (error) {
    const failure = toDig3Error(error);
    if (failure.code === "E_BAD_INPUT" && ref.isExplicit) throw failure;
    const out = emptyInspection(ref, options.def?.kind ?? ref.slug ?? "unknown");
    out.status = "corrupt";
    out.error = { code: failure.code, message: failure.message };
    out.problems.push(`unreadable: ${failure.message}`);
    return out;
  }
  const def = report.def as AnyRecordDef;
  const out = startInspection(ref, report);

  const dat = report.dat;
  const count = report.records;
  const ts = readTimestampsMs(dat, def);
  const stream = def.stream;
  const isKline = def.hasInterval;
  const isBook = stream === "book";
  const interval = options.interval ?? ref.interval;
  const intervalMs = interval ? INTERVAL_MS[interval] : undefined;

  // Time: span, rates, order, plausibility.
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  let runningMax = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < count; i++) {
    const t = ts[i]!;
    if (!(t >= MIN_PLAUSIBLE_MS && t < MAX_PLAUSIBLE_MS)) {
      out.badTimestamps++;
      continue;
    }
    if (t < min) min = t;
    if (t > max) max = t;
    if (t < runningMax) out.outOfOrder++;
    else runningMax = t;
  }
  setTimeSpan(out, count, min, max);
  const sorted = Float64Array.from(ts).sort();
  out.peakRatePerS = measurePeakPerSecond(sorted);

  // Gaps between consecutive distinct times (klines: missing bars).
  const threshold =
    options.gapMs ?? (isKline ? (intervalMs ?? 60_000) : stream ? GAP_THRESHOLDS_MS[stream] : 0);
  out.gapThresholdMs = threshold;
  if (threshold > 0 && def.kind !== "gaps") {
    collectGaps(out, sorted, threshold, isKline ? intervalMs : undefined, options.maxGaps ?? 1000);
  }

  // NaN in fields that must hold a number.
  for (const field of def.fields) {
    if (field.type !== "f64" || field.optional) continue;
    const column = readColumn(dat, def, field.name);
    let nan = 0;
    for (let i = 0; i < column.length; i++) if (Number.isNaN(column[i]!)) nan++;
    if (nan > 0) out.nanFields[field.name] = nan;
  }

  if (stream === "trade" || stream === "agg_trade") {
    out.duplicates = countTrue(markDuplicates(dat, def.size, count, TRADE_KEY));
    out.trades = measureTrades(dat, def);
  } else if (isKline) {
    out.klines = measureKlines(dat, def, interval);
    if (out.klines) out.klines.missingBars = out.gaps.reduce((n, gap) => n + (gap.missingBars ?? 0), 0);
  } else if (isBook) {
    out.book = measureBook(dat, def, report.blob);
  } else {
    out.duplicates = countTrue(markDuplicates(dat, def.size, count, [[0, def.size]]));
  }
  if (def.kind === "gaps") out.gapRecords = (report.decode() as GapRecord[]).map(toStationGap);
  else if (ref.root && stream) out.stationGaps = readStationGaps(ref, stream, options.gapCache);

  classify(out, isBook);
  return out;
}

/** The part of a file's inspection that the storage layer's facts give: sizes, counts, torn tails, the writer. */
function startInspection(ref: DayFileRef, facts: DayFileFacts<unknown>): FileInspection {
  const out = emptyInspection(ref, facts.def.kind);
  out.bytes = facts.bytes;
  out.recordBytes = facts.def.size;
  out.records = facts.records;
  out.tornBytes = facts.tornBytes;
  out.torn = facts.torn.map((torn) => ({ path: torn.path, cutBytes: torn.cutBytes, reason: torn.reason }));
  out.idxEntries = facts.idxEntries;
  const writerPid = readWriterPid(ref);
  if (writerPid !== undefined) out.writerPid = writerPid;
  return out;
}

/**
 * Trades and agg trades in time order (nearly every such day) in one pass over ~1 MiB chunks, each scanned while
 * the next two are read: the same report as the general path at a fraction of its time and memory. Undefined when the
 * kind does not fit, the file cannot be read, or a record is older than the one before it; the general path then
 * does (and reports) it all.
 */
async function inspectTradesInOnePass(
  ref: DayFileRef,
  options: InspectFileOptions,
): Promise<FileInspection | undefined> {
  const layouts = ref.slug === undefined ? [] : listLayoutsForSlug(ref.slug);
  const def = options.def ?? (layouts.length === 1 ? layouts[0] : undefined);
  if (!def || !canScanTrades(def)) return undefined;
  const stream = def.stream as "trade" | "agg_trade";
  const thresholdMs = options.gapMs ?? GAP_THRESHOLDS_MS[stream];
  const scan = createTradeScan({
    thresholdMs,
    maxGaps: options.maxGaps ?? 1000,
    minPlausibleMs: MIN_PLAUSIBLE_MS,
    maxPlausibleMs: MAX_PLAUSIBLE_MS,
  });
  let facts: Awaited<ReturnType<typeof scanDayFile>>;
  try {
    facts = await scanDayFile(ref.path, (chunk) => scan.feed(chunk), { def, readAheadChunks: 2 });
  } catch {
    return undefined;
  }
  if (!facts.isComplete) return undefined;
  const out = startInspection(ref, facts);
  const found = scan.finish();
  const count = facts.records;
  out.badTimestamps = found.badTimestamps;
  setTimeSpan(out, count, found.minTsMs, found.maxTsMs);
  out.peakRatePerS = found.peakRatePerS;
  out.gapThresholdMs = thresholdMs;
  out.gapCount = found.gapCount;
  out.largestGapMs = found.largestGapMs;
  out.gaps = found.gaps;
  out.nanFields = found.nanFields;
  out.duplicates = found.duplicates;
  out.trades = found.trades;
  if (ref.root) out.stationGaps = readStationGaps(ref, stream, options.gapCache);
  classify(out, false);
  return out;
}

/** First and last plausible time, span and mean rate, from the smallest and largest plausible time of `count` records. */
function setTimeSpan(out: FileInspection, count: number, minMs: number, maxMs: number): void {
  if (count > out.badTimestamps) {
    out.firstTsMs = minMs;
    out.lastTsMs = maxMs;
    out.spanMs = maxMs - minMs;
  }
  out.meanRatePerS = out.spanMs > 0 ? (count / out.spanMs) * 1000 : count;
}

function readWriterPid(ref: DayFileRef): number | undefined {
  const holder = readLockInfo(nodeStorageFs, join(ref.path, "..", ".lock"));
  return typeof holder === "object" && isPidAlive(holder.pid) ? holder.pid : undefined;
}

function classify(out: FileInspection, isBook: boolean): void {
  const problems = out.problems;
  const datTorn = out.torn.filter((torn) => !torn.path.endsWith(".idx"));
  if (datTorn.length > 0) {
    problems.push(
      `torn tail: ${datTorn.map((torn) => `${torn.cutBytes} B of ${shortName(torn.path)} (${torn.reason})`).join(", ")}`,
    );
  }
  if (out.badTimestamps > 0) problems.push(`${out.badTimestamps} records with an implausible timestamp`);
  if (out.book && out.book.badPayloads > 0)
    problems.push(`${out.book.badPayloads} book records with a bad level payload`);
  const isCorrupt = problems.length > 0;
  if (out.duplicates > 0) problems.push(`${out.duplicates} duplicate records`);
  if (out.outOfOrder > 0 && !isBook) problems.push(`${out.outOfOrder} records out of time order`);
  for (const [field, nan] of Object.entries(out.nanFields)) problems.push(`${nan} NaN values in ${field}`);
  const idxTorn = out.torn.filter((torn) => torn.path.endsWith(".idx"));
  if (idxTorn.length > 0) problems.push(`stale .idx (${idxTorn.map((torn) => torn.reason).join(", ")})`);
  else if (out.records > 0 && out.idxEntries === 0) problems.push("no .idx (time-range reads scan the day)");
  out.status = isCorrupt ? "corrupt" : problems.length > 0 ? "dirty" : "clean";
}

function shortName(path: string): string {
  return path.slice(path.lastIndexOf("/") + 1);
}

function measurePeakPerSecond(sorted: Float64Array): number {
  let peak = 0;
  let second = Number.NaN;
  let run = 0;
  for (let i = 0; i < sorted.length; i++) {
    const s = Math.floor(sorted[i]! / 1000);
    if (s === second) run++;
    else {
      second = s;
      run = 1;
    }
    if (run > peak) peak = run;
  }
  return peak;
}

function collectGaps(
  out: FileInspection,
  sorted: Float64Array,
  thresholdMs: number,
  intervalMs: number | undefined,
  maxGaps: number,
): void {
  let previous = Number.NaN;
  for (let i = 0; i < sorted.length; i++) {
    const t = sorted[i]!;
    if (!(t >= MIN_PLAUSIBLE_MS && t < MAX_PLAUSIBLE_MS)) continue;
    if (t !== previous && !Number.isNaN(previous) && t - previous > thresholdMs) {
      const gap: GapSpan = intervalMs
        ? {
            fromMs: previous + intervalMs,
            toMs: t,
            lengthMs: t - previous - intervalMs,
            missingBars: Math.round((t - previous) / intervalMs) - 1,
          }
        : { fromMs: previous, toMs: t, lengthMs: t - previous };
      out.gapCount++;
      if (gap.lengthMs > out.largestGapMs) out.largestGapMs = gap.lengthMs;
      if (out.gaps.length < maxGaps) out.gaps.push(gap);
    }
    previous = t;
  }
}

/** Trades and agg trades are the same when time and venue id (hash) match. */
const TRADE_KEY: readonly (readonly [number, number])[] = [
  [0, 8],
  [25, 33],
];

/**
 * Marks records equal (on the `key` byte ranges) to an earlier record: 1 = duplicate. An open-addressing table of
 * record indices keyed by an FNV-1a-32 of the key bytes, so a day of trades needs no per-record objects.
 */
export function markDuplicates(
  dat: Uint8Array,
  size: number,
  count: number,
  key: readonly (readonly [number, number])[],
): Uint8Array {
  let capacity = 16;
  while (capacity < count * 2) capacity *= 2;
  const table = new Int32Array(capacity).fill(-1);
  const mask = capacity - 1;
  const duplicate = new Uint8Array(count);
  for (let i = 0; i < count; i++) {
    const base = i * size;
    let hash = 0x811c9dc5;
    for (const [from, to] of key) {
      for (let k = base + from; k < base + to; k++) hash = Math.imul(hash ^ dat[k]!, 0x01000193);
    }
    let slot = (hash >>> 0) & mask;
    for (;;) {
      const j = table[slot]!;
      if (j === -1) {
        table[slot] = i;
        break;
      }
      if (isSameKey(dat, j * size, base, key)) {
        duplicate[i] = 1;
        break;
      }
      slot = (slot + 1) & mask;
    }
  }
  return duplicate;
}

function isSameKey(
  dat: Uint8Array,
  a: number,
  b: number,
  key: readonly (readonly [number, number])[],
): boolean {
  for (const [from, to] of key) {
    for (let k = from; k < to; k++) if (dat[a + k] !== dat[b + k]) return false;
  }
  return true;
}

export function countTrue(mask: Uint8Array): number {
  let n = 0;
  for (let i = 0; i < mask.length; i++) n += mask[i]!;
  return n;
}

function measureTrades(dat: Uint8Array, def: AnyRecordDef): TradeStats | undefined {
  const price = readColumn(dat, def, "price");
  const size = readColumn(dat, def, "size");
  const side = readColumn(dat, def, "side");
  if (price.length === 0) return undefined;
  const stats: TradeStats = {
    priceMin: Number.POSITIVE_INFINITY,
    priceMax: Number.NEGATIVE_INFINITY,
    vwap: 0,
    volume: 0,
    notional: 0,
    buyVolume: 0,
    sellVolume: 0,
  };
  for (let i = 0; i < price.length; i++) {
    const p = price[i]!;
    const q = size[i]!;
    if (!Number.isFinite(p) || !Number.isFinite(q)) continue;
    if (p < stats.priceMin) stats.priceMin = p;
    if (p > stats.priceMax) stats.priceMax = p;
    stats.volume += q;
    stats.notional += p * q;
    if (side[i] === 1) stats.sellVolume += q;
    else stats.buyVolume += q;
  }
  stats.vwap = stats.volume > 0 ? stats.notional / stats.volume : Number.NaN;
  return stats;
}

function measureKlines(
  dat: Uint8Array,
  def: AnyRecordDef,
  interval: string | undefined,
): KlineStats | undefined {
  const openTimes = readTimestampsMs(dat, def);
  if (openTimes.length === 0) return undefined;
  const last = new Map<number, number>();
  for (let i = 0; i < openTimes.length; i++) last.set(openTimes[i]!, i);
  const order = [...last.keys()].sort((a, b) => a - b);
  const view = new DataView(dat.buffer, dat.byteOffset, dat.byteLength);
  const at = (open: number, offset: number) => view.getFloat64(last.get(open)! * def.size + offset, true);
  let high = Number.NEGATIVE_INFINITY;
  let low = Number.POSITIVE_INFINITY;
  let volume = 0;
  for (const open of order) {
    high = Math.max(high, at(open, 16));
    low = Math.min(low, at(open, 24));
    const v = at(open, 40);
    if (Number.isFinite(v)) volume += v;
  }
  const first = order[0]!;
  const lastOpen = order[order.length - 1]!;
  return {
    interval,
    bars: order.length,
    superseded: openTimes.length - order.length,
    firstOpenTimeMs: first,
    lastOpenTimeMs: lastOpen,
    open: at(first, 8),
    high,
    low,
    close: at(lastOpen, 32),
    volume,
    missingBars: 0,
  };
}

function measureBook(dat: Uint8Array, def: AnyRecordDef, blob: Uint8Array | undefined): BookStats {
  const stats: BookStats = { anchors: 0, seqBreaks: 0, badPayloads: 0, levels: 0 };
  const count = Math.floor(dat.length / def.size);
  const view = new DataView(dat.buffer, dat.byteOffset, dat.byteLength);
  const blobView = blob ? new DataView(blob.buffer, blob.byteOffset, blob.byteLength) : undefined;
  const hasIds = def.fields.some((field) => field.name === "firstSeq");
  const seq = hasIds ? readColumn(dat, def, "seq") : undefined;
  const firstSeq = hasIds ? readColumn(dat, def, "firstSeq") : undefined;
  const prevSeq = hasIds ? readColumn(dat, def, "prevSeq") : undefined;
  let lastSeq = Number.NaN;
  let anchorSeq = Number.NaN;
  for (let i = 0; i < count; i++) {
    let levelCount = 0;
    if (def.blobPointerOffset !== undefined) {
      const pointer = readBlobPointer(view, i * def.size + def.blobPointerOffset);
      if (pointer.lengthBytes > 0) {
        levelCount = readLevelCount(blobView, pointer.offsetBytes, pointer.lengthBytes);
        if (levelCount < 0) {
          stats.badPayloads++;
          continue;
        }
      }
    } else {
      levelCount = -1;
    }
    if (levelCount > 0) stats.levels += levelCount;
    if (!seq || !firstSeq || !prevSeq) continue;
    const s = seq[i]!;
    const first = firstSeq[i]!;
    const prev = prevSeq[i]!;
    if (levelCount === 0 && Number.isNaN(first) && Number.isNaN(prev)) {
      stats.anchors++;
      anchorSeq = s;
      lastSeq = Number.NaN;
      continue;
    }
    if (Number.isNaN(s)) continue;
    if (!Number.isNaN(anchorSeq)) {
      // The first delta after a snapshot bridges it: it covers the snapshot's next id (or follows it directly).
      const bridges =
        prev === anchorSeq ||
        (!Number.isNaN(first) ? first <= anchorSeq + 1 && s >= anchorSeq : s > anchorSeq);
      if (!bridges) stats.seqBreaks++;
      anchorSeq = Number.NaN;
    } else if (!Number.isNaN(lastSeq)) {
      const chains = first === lastSeq + 1 || prev === lastSeq || (Number.isNaN(first) && Number.isNaN(prev));
      if (!chains) stats.seqBreaks++;
    }
    lastSeq = s;
  }
  return stats;
}

/** Levels in a payload `[u32 n][n × 16 B][u32 m][m × 16 B]`, or -1 when it does not add up. */
function readLevelCount(blob: DataView | undefined, offset: number, length: number): number {
  if (!blob || offset + length > blob.byteLength || length < 8) return -1;
  const bids = blob.getUint32(offset, true);
  const afterBids = offset + 4 + bids * 16;
  if (afterBids + 4 > offset + length) return -1;
  const asks = blob.getUint32(afterBids, true);
  return 8 + 16 * (bids + asks) === length ? bids + asks : -1;
}

function toStationGap(record: GapRecord): StationGap {
  return {
    stream: record.stream,
    reason: record.reason,
    interval: record.interval,
    fromMs: record.fromMs,
    toMs: record.toMs,
    lengthMs: record.toMs - record.fromMs,
  };
}

function readStationGaps(
  ref: DayFileRef,
  stream: StreamKind,
  cache: Map<string, GapRecord[] | undefined> | undefined,
): StationGap[] | undefined {
  const path = join(ref.root!, "gaps", ref.exchange!, ref.account!, ref.symbol!, `${ref.day}.dat`);
  let records = cache?.get(path);
  if (records === undefined && !cache?.has(path)) {
    try {
      records = readDayFile<GapRecord>(path, { def: RECORDS.gaps }).decode();
    } catch {
      records = undefined;
    }
    cache?.set(path, records);
  }
  if (!records) return undefined;
  return records
    .filter(
      (record) =>
        record.stream === stream && (stream !== "kline" || !ref.interval || record.interval === ref.interval),
    )
    .map(toStationGap);
}
