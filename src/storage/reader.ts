// The series reader: lists day files, reads a time range (seeking with `.idx`), the last n records across days,
// and whole day files for tools. Reads whole, consistent records only; decoding goes through the RecordDefs.

import { basename, dirname, sep } from "node:path";
import { Dig3Error } from "../core/errors.ts";
import { readBlobPointer, writeBlobPointer } from "../records/blob.ts";
import type { AnyRecordDef, RecordDef } from "../records/define.ts";
import { listLayoutsForSlug } from "../records/registry.ts";
import {
  nodeStorageFs,
  readErrnoCode,
  readFullyAt,
  readFullyAtAsync,
  type StorageFs,
  toStorageError,
} from "./io.ts";
import {
  type DayFilePaths,
  getDayNumber,
  parseDay,
  parseDayFileName,
  resolveDayFilePaths,
  resolveSeriesDir,
  type SeriesKey,
} from "./paths.ts";
import {
  type DayFds,
  type DayFileCheck,
  detectDayFileLayout,
  inspectDayFiles,
  type TornTail,
} from "./recovery.ts";
import { findSeekOffset, IDX_ENTRY_BYTES, parseIdxEntries } from "./sparse-index.ts";

export interface SeriesReaderOptions<T> extends SeriesKey {
  /**
   * The layout to decode with. Optional: by default the slug's layout, and for slugs that hold several layouts
   * (order books) each day file's own, detected (`detectLayout`).
   */
  def?: RecordDef<T>;
  fs?: StorageFs;
  /** Told where each day's scan starts and ends (the start comes from `.idx`). */
  onScan?: (scan: DayScan) => void;
}

export interface DayScan {
  day: string;
  datPath: string;
  def: AnyRecordDef;
  startOffsetBytes: number;
  endOffsetBytes: number;
  /** Index entries found for the day (0: no `.idx`, the scan starts at 0). */
  idxEntries: number;
}

export interface SeriesReaderStats {
  readonly datBytesRead: number;
  readonly blobBytesRead: number;
  readonly idxBytesRead: number;
  /** Whole headers skipped because their blob pointer ran past `.blob`. */
  readonly recordsSkipped: number;
}

export interface SeriesReader<T> {
  readonly dir: string;
  readonly stats: SeriesReaderStats;
  /** `YYYY-MM-DD` of every `.dat` in the series, oldest first. */
  listDays(): string[];
  /** Records with `fromMs <= ts < toMs`, in file order, day after day. */
  readRange(fromMs: number, toMs: number): AsyncIterable<T>;
  /** The last `n` records of the series (crossing days), oldest first. */
  tail(n: number): Promise<T[]>;
}

/** Read the `.dat` in chunks of about this size. */
const CHUNK_BYTES = 1024 * 1024;
/** Read blob payloads in windows of about this size (one payload may be larger). */
const BLOB_WINDOW_BYTES = 8 * 1024 * 1024;
const EMPTY = new Uint8Array(0);

interface Counters {
  datBytesRead: number;
  blobBytesRead: number;
  idxBytesRead: number;
  recordsSkipped: number;
}

/** One day opened for reading: sizes taken `.dat` first, then `.blob` (the writer writes in the other order). */
interface DaySnapshot {
  paths: DayFilePaths;
  def: AnyRecordDef;
  fds: DayFds;
  /** Whole, consistent records (a torn tail and dangling blob pointers at the end excluded). */
  records: number;
  blobBytes: number;
}

export function openSeriesReader<T = unknown>(options: SeriesReaderOptions<T>): SeriesReader<T> {
  const fs = options.fs ?? nodeStorageFs;
  const dir = resolveSeriesDir(options);
  const slug = options.slug;
  const counters: Counters = { datBytesRead: 0, blobBytesRead: 0, idxBytesRead: 0, recordsSkipped: 0 };

  function listDays(): string[] {
    let names: string[];
    try {
      names = fs.readdirSync(dir);
    } catch (error) {
      if (readErrnoCode(error) === "ENOENT") return [];
      throw toStorageError(error, "list", dir);
    }
    const days: string[] = [];
    for (const name of names) {
      const day = parseDayFileName(name);
      if (day !== undefined) days.push(day);
    }
    return days.sort();
  }

  function openDay(day: string): DaySnapshot | undefined {
    const paths = resolveDayFilePaths(dir, day);
    return openDaySnapshot(fs, paths, slug, options.def as AnyRecordDef | undefined);
  }

  function* iterateRange(fromMs: number, toMs: number): Generator<T> {
    if (!(fromMs < toMs)) return;
    const firstDay = getDayNumber(fromMs);
    const lastDay = getDayNumber(toMs) - (toMs % 86_400_000 === 0 ? 1 : 0);
    for (const day of listDays()) {
      const dayNumber = parseDay(day);
      if (dayNumber < firstDay || dayNumber > lastDay) continue;
      const snapshot = openDay(day);
      if (!snapshot) continue;
      try {
        const size = snapshot.def.size;
        const idx = readIdx(fs, snapshot, counters);
        const start = findSeekOffset(idx, fromMs) / size;
        options.onScan?.({
          day,
          datPath: snapshot.paths.dat,
          def: snapshot.def,
          startOffsetBytes: start * size,
          endOffsetBytes: snapshot.records * size,
          idxEntries: idx.count,
        });
        yield* iterateRecords<T>(fs, snapshot, start, snapshot.records, fromMs, toMs, counters);
      } finally {
        closeSnapshot(fs, snapshot);
      }
    }
  }

  return {
    dir,
    stats: counters,
    listDays,
    readRange(fromMs: number, toMs: number): AsyncIterable<T> {
      return {
        async *[Symbol.asyncIterator]() {
          yield* iterateRange(fromMs, toMs);
        },
      };
    },
    async tail(n: number): Promise<T[]> {
      const parts: T[][] = [];
      let need = Math.max(0, Math.floor(n));
      const days = listDays();
      for (let i = days.length - 1; i >= 0 && need > 0; i--) {
        const snapshot = openDay(days[i]!);
        if (!snapshot) continue;
        try {
          const from = Math.max(0, snapshot.records - need);
          const part = [
            ...iterateRecords<T>(fs, snapshot, from, snapshot.records, -Infinity, Infinity, counters),
          ];
          parts.push(part);
          need -= part.length;
        } finally {
          closeSnapshot(fs, snapshot);
        }
      }
      return parts.reverse().flat();
    },
  };
}

export interface ReadDayFileOptions<T> {
  /** The layout; detected from the slug directory (`<slug>/<exchange>/<account>/<symbol>/<day>.dat`) if not given. */
  def?: RecordDef<T>;
  fs?: StorageFs;
}

export interface DayFileReport<T> extends DayFileFacts<T> {
  /** The `.dat` bytes of the whole, consistent records. */
  dat: Uint8Array;
  /** The `.blob` bytes (undefined for kinds without a blob). */
  blob: Uint8Array | undefined;
  /** Decodes every whole, consistent record. */
  decode(): T[];
}

/** What a tool learns of one day file without decoding it. */
export interface DayFileFacts<T> {
  path: string;
  /** `YYYY-MM-DD` from the file name, if it is a day file name. */
  day: string | undefined;
  /** The slug directory the file sits in (four levels up), if it is a known one. */
  slug: string | undefined;
  def: RecordDef<T>;
  /** `.dat` size. */
  bytes: number;
  /** Whole, consistent records. */
  records: number;
  /** `.dat` bytes after the last whole, consistent record (a writer's open would cut them). */
  tornBytes: number;
  blobBytes: number;
  idxEntries: number;
  /** Every cut a writer's open would make, with its reason. */
  torn: TornTail[];
}

/** One day file opened for a tool: its paths, layout and torn-tail check, with descriptors the caller closes. */
interface ToolDayFile<T> {
  fs: StorageFs;
  paths: DayFilePaths;
  day: string | undefined;
  slug: string | undefined;
  def: RecordDef<T>;
  fds: DayFds;
  check: DayFileCheck;
}

function openToolDayFile<T>(datPath: string, options: ReadDayFileOptions<T>): ToolDayFile<T> {
  const fs = options.fs ?? nodeStorageFs;
  const fileName = basename(datPath);
  const day = parseDayFileName(fileName);
  const stem = fileName.endsWith(".dat") ? fileName.slice(0, -4) : fileName;
  const base = `${dirname(datPath)}${sep}${stem}`;
  const paths: DayFilePaths = { day: day ?? stem, dat: datPath, idx: `${base}.idx`, blob: `${base}.blob` };
  const slugDir = basename(dirname(dirname(dirname(dirname(datPath)))));
  const slug = listLayoutsForSlug(slugDir).length > 0 ? slugDir : undefined;
  const fds: DayFds = { dat: openForRead(fs, datPath, true)!, blob: undefined, idx: undefined };
  try {
    fds.blob = openForRead(fs, paths.blob, false);
    fds.idx = openForRead(fs, paths.idx, false);
    const def = (options.def ??
      (slug !== undefined ? detectDayFileLayout(fs, slug, paths, fds) : undefined) ??
      (slug !== undefined ? listLayoutsForSlug(slug)[0] : undefined)) as RecordDef<T> | undefined;
    if (!def) {
      throw new Dig3Error("E_BAD_INPUT", `cannot tell the record layout of ${datPath}`, {
        hint: "keep the file under <slug>/<exchange>/<account>/<symbol>/, or pass the record definition",
      });
    }
    const check = inspectDayFiles(fs, paths, fds, def);
    return { fs, paths, day, slug, def, fds, check };
  } catch (error) {
    closeSnapshotFds(fs, fds);
    throw error;
  }
}

function describeToolDayFile<T>(file: ToolDayFile<T>): DayFileFacts<T> {
  const { check } = file;
  return {
    path: file.paths.dat,
    day: file.day,
    slug: file.slug,
    def: file.def,
    bytes: check.datBytes,
    records: check.records,
    tornBytes: check.datBytes - check.keepDatBytes,
    blobBytes: check.blobBytes,
    idxEntries: check.keepIdxBytes / IDX_ENTRY_BYTES,
    torn: check.torn,
  };
}

/** Reads one day file whole, for tools (inspect, cure): layout, counts, torn tail, bytes. Changes nothing. */
export function readDayFile<T = unknown>(
  datPath: string,
  options: ReadDayFileOptions<T> = {},
): DayFileReport<T> {
  const file = openToolDayFile(datPath, options);
  const { fs, paths, def, fds, check } = file;
  try {
    const dat = new Uint8Array(check.keepDatBytes);
    readFullyAt(fs, fds.dat, dat, 0, datPath);
    let blob: Uint8Array | undefined;
    if (def.hasBlob) {
      blob = new Uint8Array(check.blobBytes);
      if (fds.blob !== undefined) readFullyAt(fs, fds.blob, blob, 0, paths.blob);
    }
    const datView = new DataView(dat.buffer);
    return {
      ...describeToolDayFile(file),
      dat,
      blob,
      decode(): T[] {
        const out: T[] = new Array(check.records);
        for (let i = 0; i < check.records; i++) out[i] = def.decode(datView, i * def.size, blob);
        return out;
      },
    };
  } finally {
    closeSnapshotFds(fs, fds);
  }
}

/** A chunk of whole records handed to a `scanDayFile` visitor; return false to stop the scan. */
export type DayFileChunkVisitor = (chunk: Uint8Array, firstRecord: number) => boolean | undefined;

export interface ScanDayFileOptions<T> extends ReadDayFileOptions<T> {
  /**
   * Chunks read ahead of the one being visited (default 1). 2 keeps two reads under way at once: a whole day is then
   * read nearly as fast as a plain read of the file when a core is free, and a chunk's buffer is reused that many
   * chunks plus one later.
   */
  readAheadChunks?: number;
}

export interface DayFileScanResult<T> extends DayFileFacts<T> {
  /** False when the visitor stopped the scan before the last record. */
  isComplete: boolean;
}

/** Whole records of `recordBytes` in one read chunk (about CHUNK_BYTES; at least one). */
function recordsPerChunk(recordBytes: number): number {
  return Math.max(1, Math.floor(CHUNK_BYTES / recordBytes));
}

/**
 * Reads one day file's whole, consistent records front to back in chunks of about 1 MiB, for a single pass over a
 * day that need not be held in memory (inspect): what `readDayFile` reports, without `dat`. The next chunk (or the
 * next `readAheadChunks`) is read (off the JS thread, through `fs.read`) into a buffer of its own while the visitor
 * works on the current one, so reading and scanning overlap. A chunk's buffer is reused `readAheadChunks` + 1 chunks
 * later (copy what must outlive the call) and starts at a byte offset that is a multiple of 8. Kinds with a `.blob`
 * are refused (E_BAD_INPUT): their records mean nothing without it; use `readDayFile`.
 */
export async function scanDayFile<T = unknown>(
  datPath: string,
  visit: DayFileChunkVisitor,
  options: ScanDayFileOptions<T> = {},
): Promise<DayFileScanResult<T>> {
  const file = openToolDayFile(datPath, options);
  const { fs, def, fds, check } = file;
  // Reads under way, oldest first.
  const pending: Promise<Uint8Array>[] = [];
  try {
    if (def.hasBlob) {
      throw new Dig3Error(
        "E_BAD_INPUT",
        `${def.kind} records need their .blob; scan ${datPath} with readDayFile`,
        {
          hint: "use readDayFile for kinds with a .blob",
        },
      );
    }
    const chunkRecords = recordsPerChunk(def.size);
    const chunkBytes = Math.min(chunkRecords, Math.max(1, check.records)) * def.size;
    const chunks = Math.ceil(check.records / chunkRecords);
    const readAhead = Math.max(1, Math.floor(options.readAheadChunks ?? 1));
    // One buffer per chunk in flight or being visited; a file of fewer chunks needs fewer.
    const slots = Math.max(1, Math.min(readAhead + 1, chunks));
    const buffers = Array.from({ length: slots }, () => new Uint8Array(chunkBytes));
    let nextChunk = 0;
    const readNextChunk = () => {
      const index = nextChunk * chunkRecords;
      const buffer = buffers[nextChunk % buffers.length]!;
      const count = Math.min(chunkRecords, check.records - index);
      nextChunk++;
      const read = readFullyAtAsync(
        fs,
        fds.dat,
        buffer.subarray(0, count * def.size),
        index * def.size,
        datPath,
      );
      // Handled now: a later read may fail while an earlier one is awaited; the loop or the cleanup awaits it.
      read.catch(() => undefined);
      pending.push(read);
    };
    let isComplete = true;
    while (nextChunk < Math.min(readAhead, chunks)) readNextChunk();
    for (let index = 0; index < check.records; index += chunkRecords) {
      const part = await pending[0]!;
      pending.shift();
      if (nextChunk < chunks) readNextChunk();
      if (visit(part, index) === false) {
        isComplete = false;
        break;
      }
    }
    return { ...describeToolDayFile(file), isComplete };
  } finally {
    // Reads still running (the scan stopped or failed early) must end before their descriptor is closed.
    for (const read of pending) await read.catch(() => undefined);
    closeSnapshotFds(fs, fds);
  }
}

function openForRead(fs: StorageFs, path: string, isRequired: boolean): number | undefined {
  try {
    return fs.openSync(path, "r");
  } catch (error) {
    if (!isRequired && readErrnoCode(error) === "ENOENT") return undefined;
    throw toStorageError(error, "open", path);
  }
}

/** Opens one day for reading; undefined when its `.dat` vanished since it was listed. */
function openDaySnapshot(
  fs: StorageFs,
  paths: DayFilePaths,
  slug: string,
  def: AnyRecordDef | undefined,
): DaySnapshot | undefined {
  let datFd: number;
  try {
    datFd = fs.openSync(paths.dat, "r");
  } catch (error) {
    if (readErrnoCode(error) === "ENOENT") return undefined;
    throw toStorageError(error, "open", paths.dat);
  }
  const fds: DayFds = { dat: datFd, blob: undefined, idx: undefined };
  try {
    fds.blob = openForRead(fs, paths.blob, false);
    const layouts = listLayoutsForSlug(slug);
    const layout =
      (layouts.length > 1 ? detectDayFileLayout(fs, slug, paths, fds) : undefined) ?? def ?? layouts[0];
    if (!layout) {
      throw new Dig3Error("E_BAD_INPUT", `no record layout known for slug '${slug}'`, {
        hint: "pass the record definition (def) to openSeriesReader",
      });
    }
    // inspectDayFiles sizes the .dat before the .blob: every header seen has its payload in the .blob seen.
    const check = inspectDayFiles(fs, paths, fds, layout);
    return { paths, def: layout, fds, records: check.records, blobBytes: check.blobBytes };
  } catch (error) {
    closeSnapshotFds(fs, fds);
    throw error;
  }
}

function closeSnapshot(fs: StorageFs, snapshot: DaySnapshot): void {
  closeSnapshotFds(fs, snapshot.fds);
}

function closeSnapshotFds(fs: StorageFs, fds: DayFds): void {
  for (const fd of [fds.dat, fds.blob, fds.idx]) {
    if (fd === undefined) continue;
    try {
      fs.closeSync(fd);
    } catch {
      // Read-only descriptors: nothing to lose.
    }
  }
}

function readIdx(fs: StorageFs, snapshot: DaySnapshot, counters: Counters) {
  let bytes: Uint8Array;
  try {
    bytes = fs.readFileSync(snapshot.paths.idx);
  } catch (error) {
    if (readErrnoCode(error) !== "ENOENT") throw toStorageError(error, "read", snapshot.paths.idx);
    bytes = EMPTY;
  }
  counters.idxBytesRead += bytes.length;
  return parseIdxEntries(bytes, snapshot.def.size, snapshot.records * snapshot.def.size);
}

/** Decodes records `[fromIndex, toIndex)` of a day whose timestamp is in `[fromMs, toMs)`, in chunks. */
function* iterateRecords<T>(
  fs: StorageFs,
  snapshot: DaySnapshot,
  fromIndex: number,
  toIndex: number,
  fromMs: number,
  toMs: number,
  counters: Counters,
): Generator<T> {
  const def = snapshot.def as RecordDef<T>;
  const size = def.size;
  const chunkRecords = recordsPerChunk(size);
  const chunk = new Uint8Array(Math.min(chunkRecords, Math.max(1, toIndex - fromIndex)) * size);
  const view = new DataView(chunk.buffer);
  for (let index = fromIndex; index < toIndex; index += chunkRecords) {
    const count = Math.min(chunkRecords, toIndex - index);
    readFullyAt(fs, snapshot.fds.dat, chunk.subarray(0, count * size), index * size, snapshot.paths.dat);
    counters.datBytesRead += count * size;
    if (def.blobPointerOffset === undefined) {
      for (let i = 0, at = 0; i < count; i++, at += size) {
        const tsMs = def.timestampMsOf(view, at);
        if (tsMs >= fromMs && tsMs < toMs) yield def.decode(view, at);
      }
    } else {
      yield* decodeBlobChunk(fs, snapshot, def, view, count, fromMs, toMs, counters);
    }
  }
}

/**
 * Decodes the selected headers of a chunk, reading their payloads in windows: each header is copied with its blob
 * pointer made relative to the window, so the RecordDef decodes it unchanged.
 */
function* decodeBlobChunk<T>(
  fs: StorageFs,
  snapshot: DaySnapshot,
  def: RecordDef<T>,
  view: DataView,
  count: number,
  fromMs: number,
  toMs: number,
  counters: Counters,
): Generator<T> {
  const size = def.size;
  const pointerOffset = def.blobPointerOffset!;
  const selected: number[] = [];
  for (let i = 0; i < count; i++) {
    const at = i * size;
    const tsMs = def.timestampMsOf(view, at);
    if (!(tsMs >= fromMs && tsMs < toMs)) continue;
    const pointer = readBlobPointer(view, at + pointerOffset);
    if (pointer.lengthBytes > 0 && pointer.offsetBytes + pointer.lengthBytes > snapshot.blobBytes) {
      counters.recordsSkipped++;
      continue;
    }
    selected.push(i);
  }
  const scratch = new Uint8Array(size);
  const scratchView = new DataView(scratch.buffer);
  const headers = new Uint8Array(view.buffer, view.byteOffset, view.byteLength);
  let first = 0;
  while (first < selected.length) {
    let windowStart = Number.POSITIVE_INFINITY;
    let windowEnd = 0;
    let last = first;
    for (; last < selected.length; last++) {
      const pointer = readBlobPointer(view, selected[last]! * size + pointerOffset);
      if (pointer.lengthBytes === 0) continue;
      const start = Math.min(windowStart, pointer.offsetBytes);
      const end = Math.max(windowEnd, pointer.offsetBytes + pointer.lengthBytes);
      if (last > first && end - start > BLOB_WINDOW_BYTES) break;
      windowStart = start;
      windowEnd = end;
    }
    let window = EMPTY;
    if (windowEnd > 0) {
      window = new Uint8Array(windowEnd - windowStart);
      readFullyAt(fs, snapshot.fds.blob!, window, windowStart, snapshot.paths.blob);
      counters.blobBytesRead += window.length;
    }
    for (let k = first; k < last; k++) {
      const at = selected[k]! * size;
      scratch.set(headers.subarray(at, at + size));
      const pointer = readBlobPointer(scratchView, pointerOffset);
      if (pointer.lengthBytes > 0) {
        writeBlobPointer(scratchView, pointerOffset, pointer.offsetBytes - windowStart, pointer.lengthBytes);
      }
      yield def.decode(scratchView, 0, window);
    }
    first = last;
  }
}
