// `cure`: repairs day files offline. Cuts torn tails, drops exact duplicates (trades by id hash + time, klines last
// write wins per open time, other kinds byte-identical records), restores time order, rebuilds the `.idx`, and with a
// fetcher (the CLI passes one that asks the venue's REST; tools never load network code) fills gaps. Writes new files
// beside the old ones and renames them over, keeping `<file>.bak` hard links unless told not to.

import {
  closeSync,
  copyFileSync,
  fsyncSync,
  linkSync,
  openSync,
  renameSync,
  unlinkSync,
  writeSync,
} from "node:fs";
import { dirname } from "node:path";
import { type StreamKind, toDig3Error } from "../core/index.ts";
import { type AnyRecordDef, readBlobPointer, readTimestampsMs } from "../records/index.ts";
import {
  acquireSeriesLock,
  IDX_ENTRY_BYTES,
  nodeStorageFs,
  readDayFile,
  type SeriesLock,
  writeIdxEntry,
} from "../storage/index.ts";
import { type DayFileRef, listDayFiles, resolveKind } from "./day-files.ts";
import { type GapSpan, inspectDayFile, markDuplicates } from "./inspect.ts";

/** What the fetcher is asked for: records of one stream in `[fromMs, toMs)`. */
export interface BackfillRequest {
  stream: Extract<StreamKind, "trade" | "kline">;
  exchange: string;
  account: string;
  /** The symbol directory name (lower-cased venue-native symbol, e.g. `btcusdt`). */
  symbol: string;
  interval: string | undefined;
  fromMs: number;
  toMs: number;
}

/** Returns records in the file's layout (TradeRecord, KlineRecord); may return fewer than asked (REST limits). */
export type BackfillFetcher = (request: BackfillRequest) => Promise<readonly unknown[]>;

export interface CureOptions {
  /** Record kind for every file; else from the path. */
  kind?: string;
  /** Report what would change; write nothing. */
  dryRun?: boolean;
  /** Keep `<file>.bak` (default true). */
  backup?: boolean;
  /** Fill gaps of trades and klines through this fetcher. */
  backfill?: BackfillFetcher;
  /** Gap threshold for backfill, ms (default: inspect's per kind). */
  gapMs?: number;
  onProgress?: (done: number, total: number) => void;
}

export type CureAction = "rewritten" | "would rewrite" | "unchanged" | "failed";

export interface CureResult {
  type: "file";
  path: string;
  kind: string;
  slug: string | undefined;
  exchange: string | undefined;
  account: string | undefined;
  symbol: string | undefined;
  day: string | undefined;
  action: CureAction;
  error?: { code: string; message: string };
  recordsBefore: number;
  recordsAfter: number;
  tornBytesCut: number;
  duplicatesDropped: number;
  /** Klines: older records of an open time dropped (the last one written wins). */
  supersededDropped: number;
  /** Records that were out of time order before. */
  reordered: number;
  /** Records added from REST. */
  backfilled: number;
  /** Gaps found (and asked of the fetcher, when there is one). */
  gapsFound: number;
  idxRebuilt: boolean;
  /** The `.bak` of the old `.dat`, when one was kept. */
  backupPath?: string;
  notes: string[];
}

export interface CureTotals {
  type: "totals";
  files: number;
  rewritten: number;
  unchanged: number;
  failed: number;
  tornBytesCut: number;
  duplicatesDropped: number;
  supersededDropped: number;
  reordered: number;
  backfilled: number;
}

/** Cures every day file under the given files and directories. Throws only for bad arguments. */
export async function curePaths(
  inputs: readonly string[],
  options: CureOptions = {},
): Promise<{ results: CureResult[]; totals: CureTotals; skipped: string[] }> {
  const forced = options.kind === undefined ? undefined : resolveKind(options.kind);
  const refs = listDayFiles(inputs);
  const results: CureResult[] = [];
  const skipped: string[] = [];
  let done = 0;
  for (const ref of refs) {
    if (!forced && ref.slug === undefined && !ref.isExplicit) skipped.push(ref.path);
    else results.push(await cureDayFile(ref, { ...options, def: forced?.def, interval: forced?.interval }));
    options.onProgress?.(++done, refs.length);
  }
  const totals: CureTotals = {
    type: "totals",
    files: results.length,
    rewritten: 0,
    unchanged: 0,
    failed: 0,
    tornBytesCut: 0,
    duplicatesDropped: 0,
    supersededDropped: 0,
    reordered: 0,
    backfilled: 0,
  };
  for (const result of results) {
    if (result.action === "failed") totals.failed++;
    else if (result.action === "unchanged") totals.unchanged++;
    else totals.rewritten++;
    totals.tornBytesCut += result.tornBytesCut;
    totals.duplicatesDropped += result.duplicatesDropped;
    totals.supersededDropped += result.supersededDropped;
    totals.reordered += result.reordered;
    totals.backfilled += result.backfilled;
  }
  return { results, totals, skipped };
}

interface CureFileOptions extends CureOptions {
  def?: AnyRecordDef;
  interval?: string;
}

function newResult(ref: DayFileRef, kind: string): CureResult {
  return {
    type: "file",
    path: ref.path,
    kind,
    slug: ref.slug,
    exchange: ref.exchange,
    account: ref.account,
    symbol: ref.symbol,
    day: ref.day,
    action: "unchanged",
    recordsBefore: 0,
    recordsAfter: 0,
    tornBytesCut: 0,
    duplicatesDropped: 0,
    supersededDropped: 0,
    reordered: 0,
    backfilled: 0,
    gapsFound: 0,
    idxRebuilt: false,
    notes: [],
  };
}

/** Cures one day file (under the series lock, so never while a writer appends to it). */
export async function cureDayFile(ref: DayFileRef, options: CureFileOptions = {}): Promise<CureResult> {
  const result = newResult(ref, options.def?.kind ?? ref.slug ?? "unknown");
  let lock: SeriesLock | undefined;
  try {
    if (!options.dryRun) lock = acquireSeriesLock(nodeStorageFs, dirname(ref.path));
    await cureLocked(ref, options, result);
  } catch (error) {
    const failure = toDig3Error(error);
    if (failure.code === "E_BAD_INPUT" && ref.isExplicit) throw failure;
    result.action = "failed";
    result.error = { code: failure.code, message: failure.message };
  } finally {
    lock?.release();
  }
  return result;
}

async function cureLocked(ref: DayFileRef, options: CureFileOptions, result: CureResult): Promise<void> {
  const report = readDayFile(ref.path, options.def ? { def: options.def } : {});
  const def = report.def as AnyRecordDef;
  result.kind = def.kind;
  result.recordsBefore = report.records;
  const datTorn = report.torn.filter((torn) => !torn.path.endsWith(".idx"));
  result.tornBytesCut = datTorn.reduce((n, torn) => n + torn.cutBytes, 0);

  let dat: Uint8Array = report.dat;
  let blob: Uint8Array | undefined;
  if (def.hasBlob) {
    // Books keep their order (snapshot anchors pair by position); only the unreferenced blob tail goes.
    blob = report.blob?.subarray(0, measureReferencedBlobEnd(dat, def));
    result.notes.push("order books keep their record order (snapshot anchors pair by position)");
  } else {
    const stream = def.stream;
    const isKline = def.hasInterval;
    const interval = options.interval ?? ref.interval;
    let gaps: GapSpan[] = [];
    if ((stream === "trade" || isKline) && (options.backfill || options.dryRun)) {
      const inspection = await inspectDayFile(ref, {
        def,
        interval,
        maxGaps: 10_000,
        ...(options.gapMs === undefined ? {} : { gapMs: options.gapMs }),
      });
      gaps = inspection.gaps;
      for (const gap of inspection.stationGaps ?? [])
        gaps.push({ fromMs: gap.fromMs, toMs: gap.toMs, lengthMs: gap.lengthMs });
      result.gapsFound = gaps.length;
    }
    const isTrade = stream === "trade" || stream === "agg_trade";
    const clean = (bytes: Uint8Array, into: CureResult) =>
      isKline ? keepLastPerOpenTime(bytes, def, into) : dropDuplicates(bytes, def, isTrade, into);
    let cleaned = clean(dat, result);
    const hasSeries = ref.exchange !== undefined && ref.account !== undefined && ref.symbol !== undefined;
    if (options.backfill && !options.dryRun && gaps.length > 0 && hasSeries) {
      const extra = await fetchGaps(options.backfill, gaps, {
        stream: isKline ? "kline" : "trade",
        exchange: ref.exchange!,
        account: ref.account!,
        symbol: ref.symbol!,
        interval,
      });
      if (extra.length > 0) {
        const merged = new Uint8Array(cleaned.length + extra.length * def.size);
        merged.set(cleaned);
        const view = new DataView(merged.buffer);
        for (let i = 0; i < extra.length; i++) def.encode(extra[i], view, cleaned.length + i * def.size);
        const keptBefore = cleaned.length / def.size;
        // REST records go last: for klines the venue's final bar wins over a stale in-progress one.
        cleaned = clean(merged, newResult(ref, def.kind));
        result.backfilled = cleaned.length / def.size - keptBefore;
      }
    } else if (options.backfill && gaps.length > 0 && !hasSeries) {
      result.notes.push(
        "backfill needs the storage layout path (<root>/<kind>/<exchange>/<account>/<symbol>/)",
      );
    }
    dat = sortByTime(cleaned, def, result);
  }
  result.recordsAfter = Math.floor(dat.length / def.size);
  const idx = buildIdx(dat, def);
  const oldIdx = readOptional(`${stem(ref.path)}.idx`);
  result.idxRebuilt = !isSameBytes(idx, oldIdx);
  const isChanged =
    result.tornBytesCut > 0 ||
    !isSameBytes(dat, report.dat) ||
    (blob !== undefined && report.blob !== undefined && blob.length !== report.blob.length) ||
    result.idxRebuilt;
  if (!isChanged) {
    result.action = "unchanged";
    return;
  }
  if (options.dryRun) {
    result.action = "would rewrite";
    return;
  }
  replaceDayFiles(ref.path, { dat, idx, blob }, options.backup ?? true, result);
  result.action = "rewritten";
}

async function fetchGaps(
  fetcher: BackfillFetcher,
  gaps: readonly GapSpan[],
  base: Omit<BackfillRequest, "fromMs" | "toMs">,
): Promise<unknown[]> {
  const out: unknown[] = [];
  for (const gap of gaps) {
    const records = await fetcher({ ...base, fromMs: gap.fromMs, toMs: gap.toMs });
    for (const record of records) {
      const tsMs =
        (record as { tsMs?: number; openTimeMs?: number }).tsMs ??
        (record as { openTimeMs: number }).openTimeMs;
      if (tsMs >= gap.fromMs && tsMs < gap.toMs) out.push(record);
    }
  }
  return out;
}

function measureReferencedBlobEnd(dat: Uint8Array, def: AnyRecordDef): number {
  const view = new DataView(dat.buffer, dat.byteOffset, dat.byteLength);
  let end = 0;
  for (let at = 0; at + def.size <= dat.length; at += def.size) {
    const pointer = readBlobPointer(view, at + def.blobPointerOffset!);
    if (pointer.lengthBytes > 0) end = Math.max(end, pointer.offsetBytes + pointer.lengthBytes);
  }
  return end;
}

function dropDuplicates(
  dat: Uint8Array,
  def: AnyRecordDef,
  isTrade: boolean,
  result: CureResult,
): Uint8Array {
  const count = Math.floor(dat.length / def.size);
  const key: [number, number][] = isTrade
    ? [
        [0, 8],
        [25, 33],
      ]
    : [[0, def.size]];
  const duplicate = markDuplicates(dat, def.size, count, key);
  let dropped = 0;
  for (let i = 0; i < count; i++) dropped += duplicate[i]!;
  result.duplicatesDropped = dropped;
  if (dropped === 0) return dat;
  const out = new Uint8Array((count - dropped) * def.size);
  let at = 0;
  for (let i = 0; i < count; i++) {
    if (duplicate[i]) continue;
    out.set(dat.subarray(i * def.size, (i + 1) * def.size), at);
    at += def.size;
  }
  return out;
}

function keepLastPerOpenTime(dat: Uint8Array, def: AnyRecordDef, result: CureResult): Uint8Array {
  const openTimes = readTimestampsMs(dat, def);
  const last = new Map<number, number>();
  for (let i = 0; i < openTimes.length; i++) last.set(openTimes[i]!, i);
  result.supersededDropped = openTimes.length - last.size;
  if (result.supersededDropped === 0) return dat;
  const keep = [...last.values()].sort((a, b) => a - b);
  const out = new Uint8Array(keep.length * def.size);
  for (let k = 0; k < keep.length; k++) {
    const index = keep[k]!;
    out.set(dat.subarray(index * def.size, (index + 1) * def.size), k * def.size);
  }
  return out;
}

/** Stable sort of whole records by their first field. */
function sortByTime(dat: Uint8Array, def: AnyRecordDef, result: CureResult): Uint8Array {
  const ts = readTimestampsMs(dat, def);
  let outOfOrder = 0;
  let runningMax = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < ts.length; i++) {
    if (ts[i]! < runningMax) outOfOrder++;
    else runningMax = ts[i]!;
  }
  result.reordered = outOfOrder;
  if (outOfOrder === 0) return dat;
  const order = Array.from({ length: ts.length }, (_, i) => i);
  order.sort((a, b) => ts[a]! - ts[b]! || a - b);
  const out = new Uint8Array(dat.length);
  for (let k = 0; k < order.length; k++) {
    const index = order[k]!;
    out.set(dat.subarray(index * def.size, (index + 1) * def.size), k * def.size);
  }
  return out;
}

/** The `.idx` a writer would have written for the whole day in one session: an entry every 1024 records. */
function buildIdx(dat: Uint8Array, def: AnyRecordDef, every = 1024): Uint8Array {
  const count = Math.floor(dat.length / def.size);
  const entries = Math.ceil(count / every);
  const idx = new Uint8Array(entries * IDX_ENTRY_BYTES);
  const view = new DataView(idx.buffer);
  const ts = readTimestampsMs(dat, def);
  for (let e = 0; e < entries; e++)
    writeIdxEntry(view, e * IDX_ENTRY_BYTES, ts[e * every]!, e * every * def.size);
  return idx;
}

function stem(datPath: string): string {
  return datPath.endsWith(".dat") ? datPath.slice(0, -4) : datPath;
}

function readOptional(path: string): Uint8Array | undefined {
  try {
    return nodeStorageFs.readFileSync(path);
  } catch {
    return undefined;
  }
}

function isSameBytes(a: Uint8Array, b: Uint8Array | undefined): boolean {
  if (!b || a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

function writeDurably(path: string, bytes: Uint8Array): void {
  const fd = openSync(path, "w", 0o644);
  try {
    let done = 0;
    while (done < bytes.length) done += writeSync(fd, bytes, done, bytes.length - done);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

function keepBackup(path: string): string | undefined {
  const backup = `${path}.bak`;
  try {
    unlinkSync(backup);
  } catch {
    // No earlier backup.
  }
  try {
    linkSync(path, backup);
  } catch (error) {
    if ((error as { code?: string }).code === "ENOENT") return undefined;
    copyFileSync(path, backup);
  }
  return backup;
}

/**
 * Writes the new files as `*.cure-tmp`, keeps backups (hard links: the old inode stays as `.bak`), then renames each
 * over its original: `.blob` first, so that a crash in between leaves at worst a torn tail the next open cuts.
 */
function replaceDayFiles(
  datPath: string,
  files: { dat: Uint8Array; idx: Uint8Array; blob: Uint8Array | undefined },
  backup: boolean,
  result: CureResult,
): void {
  const base = stem(datPath);
  const plan: [string, Uint8Array][] = [];
  if (files.blob) plan.push([`${base}.blob`, files.blob]);
  plan.push([datPath, files.dat], [`${base}.idx`, files.idx]);
  for (const [path, bytes] of plan) writeDurably(`${path}.cure-tmp`, bytes);
  if (backup) {
    for (const [path] of plan) {
      const kept = keepBackup(path);
      if (path === datPath && kept) result.backupPath = kept;
    }
  }
  for (const [path] of plan) renameSync(`${path}.cure-tmp`, path);
}
