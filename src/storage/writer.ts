// The series writer: appends records to the day file of their own UTC date (a few days open at once), buffered
// per day and flushed by a timer, full buffers of a busy day written behind by the I/O thread or here, whichever a
// comparison now and then finds faster (hand-off-check.ts), blob bytes before headers, sparse `.idx` entries, torn-tail
// cut on open, one writer per series (lock), and the registry of open writers that an exit hook flushes.

import { Dig3Error, toDig3Error } from "../core/errors.ts";
import { createRecordWords, type RecordWords } from "../records/binary.ts";
import { type BlobBuffer, createBlobBuffer } from "../records/blob.ts";
import type { AnyRecordDef, RecordDef } from "../records/define.ts";
import { listLayoutsForSlug } from "../records/registry.ts";
import { createHandOffCheck, type HandOffCheck, type HandOffWay } from "./hand-off-check.ts";
import { appendFully, nodeStorageFs, readErrnoCode, type StorageFs, toStorageError } from "./io.ts";
import { acquireSeriesLock, type SeriesLock } from "./lock.ts";
import {
  DAY_MS,
  type DayFilePaths,
  formatDayNumber,
  getDayNumber,
  resolveDayFilePaths,
  resolveSeriesDir,
  type SeriesKey,
} from "./paths.ts";
import {
  cutDayFiles,
  type DayFds,
  type DayFileCheck,
  detectDayFileLayout,
  inspectDayFiles,
  type TornTail,
} from "./recovery.ts";
import { IDX_ENTRY_BYTES, writeIdxEntry } from "./sparse-index.ts";
import { getWriteBehind, hasSpareCpu, WRITE_BEHIND_SLOT_BYTES, type WriteBehind } from "./write-behind.ts";

export interface SeriesWriterOptions<T> extends SeriesKey {
  def: RecordDef<T>;
  /** Longest time a record stays in memory (default 1000). 0 = write through on every append. */
  flushEveryMs?: number;
  /** An `.idx` entry for the record whose per-session, per-day counter is a multiple of this (default 1024). */
  idxEvery?: number;
  /** Day files kept open at once, for records that arrive out of day order (default 3). */
  maxOpenDays?: number;
  /**
   * A day other than the one written last is closed once no record came for it this long (default 60 000; checked
   * at the timer flushes), so a capture running across midnight holds one day's files per series, not three. A late
   * record opens it again.
   */
  closeIdleDayAfterMs?: number;
  /** Largest record buffer per open day (default 64 KiB); it starts at 4 KiB and doubles as needed. */
  bufferBytes?: number;
  /**
   * Hand the full buffers of a busy day to the I/O thread, which writes one while the next fills (default: on, unless
   * `fs` is given or the process may use one CPU only; never for a kind with a blob). A day that fills no buffer
   * between two timer flushes stops.
   */
  writeBehind?: boolean;
  /** Called once per file cut when a day is opened with a torn tail. */
  onRecovered?: (torn: TornTail) => void;
  /** Called when a timer flush fails (the records stay buffered and are retried). */
  onError?: (error: Dig3Error) => void;
  /** File-system facade (tests inject failures). */
  fs?: StorageFs;
}

export interface SeriesWriterStats {
  /** Records accepted by `append`. */
  readonly recordsAppended: number;
  /** Records handed to the operating system. */
  readonly recordsWritten: number;
  /** Bytes handed to the operating system, `.dat` + `.blob` + `.idx`. */
  readonly bytesWritten: number;
  readonly flushes: number;
  readonly idxEntriesWritten: number;
  /** Records waiting in memory. */
  readonly recordsPending: number;
  /** Open day files, least recently used first. */
  readonly openDays: readonly string[];
  /** Every torn tail cut since the writer opened. */
  readonly recovered: readonly TornTail[];
  /** Times a busy day changed the way it writes full buffers (the I/O thread or here), by its hand-off check. */
  readonly wayChanges: number;
  readonly lastError: Dig3Error | undefined;
}

export interface SeriesWriter<T> {
  /** The series directory. */
  readonly dir: string;
  readonly def: RecordDef<T>;
  readonly stats: SeriesWriterStats;
  readonly isClosed: boolean;
  /** Buffers one record for the day file of its own UTC date. Throws E_BAD_INPUT, E_CLOSED or an I/O error. */
  append(value: T): void;
  /** Writes every buffered record out. On an I/O error nothing partial stays on disk and the records stay buffered. */
  flush(): void;
  /** Flushes, closes the files and releases the lock. Throws (after closing) if records could not be written. */
  close(): void;
}

const DEFAULT_BUFFER_BYTES = 64 * 1024;
/** Smallest `.idx` buffer per open day (64 entries). */
const IDX_BUFFER_BYTES = 1024;
const INITIAL_BUFFER_BYTES = 4096;
/** Flush a day once this many blob bytes are buffered. */
const BLOB_FLUSH_BYTES = 1024 * 1024;
/** A torn tail longer than this is not cut automatically (it looks like damage, not a crash): E_FILE_CORRUPT. */
const MAX_AUTO_CUT_RECORDS = 4096;
const MAX_AUTO_CUT_BLOB_BYTES = 64 * 1024 * 1024;

interface OpenDay {
  dayNumber: number;
  startMs: number;
  endMs: number;
  paths: DayFilePaths;
  fds: DayFds & { idx: number };
  datBytes: number;
  blobBytes: number;
  idxBytes: number;
  buffer: Uint8Array;
  view: DataView;
  /** Typed views over `buffer` for the layout's `encodeWords`, when it has one. */
  words: RecordWords | undefined;
  usedBytes: number;
  /**
   * `append` makes room (grow, flush) first when `usedBytes` is past this: the last offset a record fits at, or -1 for
   * a kind with a blob, whose every append goes through `makeRoom`. One comparison on the hot path.
   */
  roomLimitBytes: number;
  blob: BlobBuffer | undefined;
  idxBuffer: Uint8Array;
  idxView: DataView;
  idxUsedBytes: number;
  /**
   * Records to append to this day before the next `.idx` entry: Rust's per-session counter (restarting on every
   * open) reaching a multiple of `idxEvery`, counted down so the hot path needs no division.
   */
  untilIdxEntry: number;
  /** `.dat` + buffered bytes at the last timer flush, and how many flushes in a row found them unchanged. */
  bytesAtLastTick: number;
  idleTicks: number;
  /** Full buffers go to the I/O thread (write-behind.ts), copied into a slot each. */
  isWritingBehind: boolean;
  /** The slot of the day's last full buffer, or -1: its write queued, or a failed write's bytes (written next). */
  slot: number;
  /** Bytes in `slot` not known to be on disk; `datBytes` counts them already. */
  slotBytes: number;
  isSlotQueued: boolean;
  /** Buffers handed to the I/O thread since the last timer flush. */
  submitsSinceTick: number;
  /** Which way full buffers go (the I/O thread or here), for a writer that may write behind. */
  handOff: HandOffCheck | undefined;
  /** When the last full buffer was written (performance.now()), NaN after a change of way: the next is not timed. */
  lastFullMs: number;
}

/** Writers open in this process, for `flushAllOpenWriters` / `closeAllOpenWriters`. */
const openWriters = new Set<SeriesWriter<unknown>>();

/** Opens the writer of one series: creates its directory and takes its lock (E_LOCKED if another writer holds it). */
export function openSeriesWriter<T>(options: SeriesWriterOptions<T>): SeriesWriter<T> {
  const def = options.def;
  const fs = options.fs ?? nodeStorageFs;
  const flushEveryMs = options.flushEveryMs ?? 1000;
  const idxEvery = options.idxEvery ?? 1024;
  const maxOpenDays = options.maxOpenDays ?? 3;
  const closeIdleDayAfterMs = options.closeIdleDayAfterMs ?? 60_000;
  const bufferBytes = Math.max(options.bufferBytes ?? DEFAULT_BUFFER_BYTES, def.size);
  const canWriteBehind =
    (options.writeBehind ?? (options.fs === undefined && hasSpareCpu())) &&
    !def.hasBlob &&
    bufferBytes <= WRITE_BEHIND_SLOT_BYTES;
  checkWholeNumber("idxEvery", idxEvery, 1);
  checkWholeNumber("maxOpenDays", maxOpenDays, 1);
  if (!(closeIdleDayAfterMs >= 0)) throw badOption("closeIdleDayAfterMs", closeIdleDayAfterMs);
  if (!(flushEveryMs >= 0)) throw badOption("flushEveryMs", flushEveryMs);
  const tsKey = def.fields[0]!.name;
  const recordSize = def.size;
  // Record offsets in a day's buffer are multiples of the record size: 8-aligned where encodeWords exists.
  const encodeWords = def.encodeWords;
  /** Whether `append` may take its inline path at all: a word encoder, and not writing through on every append. */
  const canAppendInline = encodeWords !== undefined && flushEveryMs !== 0;
  const recordsPerBuffer = Math.floor(bufferBytes / def.size);
  // Entries one full record buffer can add; the buffer holds several such batches, so the flush of a full record
  // buffer can leave them for a later flush (the timer's, or the one that finds less room than a batch): half the
  // syscalls of a busy series, and entries never point past what is written, since `.dat` always goes first.
  const idxBatchBytes = (Math.ceil(recordsPerBuffer / idxEvery) + 1) * IDX_ENTRY_BYTES;
  const idxBufferBytes = Math.max(IDX_BUFFER_BYTES, 2 * idxBatchBytes);

  const dir = resolveSeriesDir(options);
  try {
    fs.mkdirSync(dir, { recursive: true });
  } catch (error) {
    throw toStorageError(error, "create the series directory", dir);
  }
  const lock: SeriesLock = acquireSeriesLock(fs, dir);

  const days = new Map<number, OpenDay>();
  /** Days whose files are damaged or of another layout: refused until the writer is reopened, without new I/O. */
  const refusedDays = new Map<number, Dig3Error>();
  let current: OpenDay | undefined;
  /** The I/O thread, once a day of this writer first goes to it. */
  let io: WriteBehind | undefined;
  let isClosed = false;
  let recordsAppended = 0;
  let recordsWritten = 0;
  let bytesWritten = 0;
  let flushes = 0;
  let idxEntriesWritten = 0;
  let wayChanges = 0;
  let lastError: Dig3Error | undefined;
  const recovered: TornTail[] = [];

  const stats: SeriesWriterStats = {
    get recordsAppended() {
      return recordsAppended;
    },
    get recordsWritten() {
      return recordsWritten;
    },
    get bytesWritten() {
      return bytesWritten;
    },
    get flushes() {
      return flushes;
    },
    get idxEntriesWritten() {
      return idxEntriesWritten;
    },
    get recordsPending() {
      let pending = 0;
      for (const day of days.values()) pending += (day.usedBytes + day.slotBytes) / def.size;
      return pending;
    },
    get openDays() {
      return [...days.values()].map((day) => day.paths.day);
    },
    recovered,
    get wayChanges() {
      return wayChanges;
    },
    get lastError() {
      return lastError;
    },
  };

  function fail(error: unknown): Dig3Error {
    lastError = toDig3Error(error);
    return lastError;
  }

  function openDay(dayNumber: number): OpenDay {
    const paths = resolveDayFilePaths(dir, formatDayNumber(dayNumber));
    const fds: DayFds = { dat: -1, blob: undefined, idx: undefined };
    try {
      fds.dat = openForAppend(fs, paths.dat);
      // A missing .blob is not created before the check: if the .dat needs it, that is damage to refuse, not to hide.
      if (def.hasBlob && doesExist(fs, paths.blob)) fds.blob = openForAppend(fs, paths.blob);
      fds.idx = openForAppend(fs, paths.idx);
      checkExistingLayout(fs, options.slug, def, paths, fds);
      const check = inspectDayFiles(fs, paths, fds, def);
      if (check.torn.length > 0) {
        refuseLargeCut(paths, check, def);
        cutDayFiles(fs, paths, fds, check);
        for (const torn of check.torn) {
          recovered.push(torn);
          options.onRecovered?.(torn);
        }
      }
      if (def.hasBlob && fds.blob === undefined) fds.blob = openForAppend(fs, paths.blob);
      const buffer = new Uint8Array(Math.min(bufferBytes, Math.max(INITIAL_BUFFER_BYTES, def.size)));
      const idxBuffer = new Uint8Array(idxBufferBytes);
      return {
        dayNumber,
        startMs: dayNumber * DAY_MS,
        endMs: (dayNumber + 1) * DAY_MS,
        paths,
        fds: fds as DayFds & { idx: number },
        datBytes: check.keepDatBytes,
        blobBytes: check.keepBlobBytes,
        idxBytes: check.keepIdxBytes,
        buffer,
        view: new DataView(buffer.buffer),
        words: encodeWords ? createRecordWords(buffer) : undefined,
        usedBytes: 0,
        roomLimitBytes: def.hasBlob ? -1 : buffer.length - recordSize,
        blob: def.hasBlob ? createBlobBuffer(check.keepBlobBytes, INITIAL_BUFFER_BYTES) : undefined,
        idxBuffer,
        idxView: new DataView(idxBuffer.buffer),
        idxUsedBytes: 0,
        untilIdxEntry: 0,
        bytesAtLastTick: -1,
        idleTicks: 0,
        isWritingBehind: false,
        slot: -1,
        slotBytes: 0,
        isSlotQueued: false,
        submitsSinceTick: 0,
        handOff: canWriteBehind ? createHandOffCheck() : undefined,
        lastFullMs: Number.NaN,
      };
    } catch (error) {
      closeFds(fs, fds);
      const failure = fail(error);
      if (failure.code === "E_FILE_CORRUPT") refusedDays.set(dayNumber, failure);
      throw failure;
    }
  }

  /**
   * Writes blob bytes, then headers, then index entries (unless `isIdxDeferred` and another batch of entries still
   * fits); on failure cuts what was written of this batch.
   */
  function flushDay(day: OpenDay, isIdxDeferred = false): void {
    finishSlot(day);
    const blobLength = day.blob?.lengthBytes ?? 0;
    if (day.usedBytes > 0 || blobLength > 0) {
      if (blobLength > 0) appendFully(fs, day.fds.blob!, day.blob!.bytes(), day.blobBytes, day.paths.blob);
      try {
        appendFully(fs, day.fds.dat, day.buffer.subarray(0, day.usedBytes), day.datBytes, day.paths.dat);
      } catch (error) {
        if (blobLength > 0) rollBackBlob(day, error);
        throw error;
      }
      if (day.blob) {
        day.blob.clear();
        day.blobBytes += blobLength;
      }
      day.datBytes += day.usedBytes;
      countWritten(day.usedBytes, blobLength);
      day.usedBytes = 0;
    }
    if (isIdxDeferred && day.idxUsedBytes + idxBatchBytes <= day.idxBuffer.length) return;
    writeIdx(day);
  }

  function countWritten(datBytes: number, blobBytes: number): void {
    bytesWritten += datBytes + blobBytes;
    recordsWritten += datBytes / def.size;
    flushes++;
  }

  /** The buffered `.idx` entries, after the `.dat` bytes they point into. */
  function writeIdx(day: OpenDay): void {
    if (day.idxUsedBytes > 0) {
      appendFully(fs, day.fds.idx, day.idxBuffer.subarray(0, day.idxUsedBytes), day.idxBytes, day.paths.idx);
      day.idxBytes += day.idxUsedBytes;
      bytesWritten += day.idxUsedBytes;
      idxEntriesWritten += day.idxUsedBytes / IDX_ENTRY_BYTES;
      day.idxUsedBytes = 0;
    }
  }

  /** The headers did not land, so their payloads must not stay either; if that cut fails, the day is dropped. */
  function rollBackBlob(day: OpenDay, cause: unknown): void {
    try {
      fs.ftruncateSync(day.fds.blob!, day.blobBytes);
    } catch {
      // The buffered headers point at offsets where their payload can no longer go: drop the day's buffer; the
      // next open of the day cuts the unreferenced blob bytes.
      const lostRecords = day.usedBytes / def.size;
      days.delete(day.dayNumber);
      if (current === day) current = undefined;
      closeFds(fs, day.fds);
      const error = toDig3Error(cause);
      throw new Dig3Error(
        error.code,
        `${error.message}; cutting ${day.paths.blob} back failed too, ${lostRecords} buffered records dropped`,
        { hint: error.hint, cause, details: { ...error.details, lostRecords } },
      );
    }
  }

  /** Buffers start small (a quiet series costs little) and double up to `bufferBytes`. */
  function growBuffer(day: OpenDay): void {
    const grown = new Uint8Array(
      Math.min(bufferBytes, Math.max(day.buffer.length * 2, day.usedBytes + def.size)),
    );
    grown.set(day.buffer.subarray(0, day.usedBytes));
    setBuffer(day, grown);
  }

  function setBuffer(day: OpenDay, buffer: Uint8Array): void {
    day.buffer = buffer;
    if (!day.blob) day.roomLimitBytes = buffer.length - recordSize;
    day.view = new DataView(buffer.buffer, buffer.byteOffset, buffer.byteLength);
    if (day.words) day.words = createRecordWords(buffer);
  }

  /**
   * Grows the day's buffer, or when it is at its largest (or the blob is due) writes it: behind, or here when its check
   * says so.
   */
  function makeRoom(day: OpenDay): void {
    if (day.usedBytes + recordSize > day.buffer.length && day.buffer.length < bufferBytes) growBuffer(day);
    if (
      day.usedBytes + recordSize > day.buffer.length ||
      (day.blob !== undefined && day.blob.lengthBytes >= BLOB_FLUSH_BYTES)
    ) {
      try {
        const way = day.handOff === undefined ? "here" : timeFullBuffer(day, day.handOff);
        if (day.isWritingBehind) {
          submitBuffer(day);
          if (way === "here") leaveForHere(day);
        } else {
          flushDay(day, true);
          if (way === "behind") enterWriteBehind(day);
        }
      } catch (error) {
        throw fail(error);
      }
    }
  }

  /** A full buffer of a day that may write behind, timed for its check: the way it and the next ones go. */
  function timeFullBuffer(day: OpenDay, check: HandOffCheck): HandOffWay {
    const nowMs = performance.now();
    const elapsedMs = nowMs - day.lastFullMs;
    day.lastFullMs = nowMs;
    const before = check.way;
    // A full buffer is at its largest here: makeRoom grows a smaller one instead (and a kind with a blob has no check).
    const way = check.onFullBuffer(day.usedBytes, elapsedMs);
    if (way !== before) {
      day.lastFullMs = Number.NaN;
      wayChanges++;
    }
    return way;
  }

  /** After the submit of its full buffer: the day waits for that write and goes on here. */
  function leaveForHere(day: OpenDay): void {
    finishSlot(day);
    day.isWritingBehind = false;
  }

  /** Sends a day's next full buffers to the I/O thread, where one runs. */
  function enterWriteBehind(day: OpenDay): void {
    const thread = getWriteBehind();
    if (!thread) return;
    io = thread;
    day.isWritingBehind = true;
  }

  /**
   * Queues the day's full buffer for the I/O thread, once the write queued before it is done: the bytes are copied into
   * the slot used longest ago (write-behind.ts), and the day goes on filling its own buffer; with no slot free, they
   * are written here. Records are never encoded straight into a slot: the worker's write has read its cache lines on
   * the other core, and storing records into them one by one cost more than this copy. 10 M trades, alternated in one
   * process, I/O thread forced on: 33-35 ns a record encoded into two slots of the day's own, 27 copied into them, 25
   * copied into the ring's next (and 43, 43, 32 where the machine ran the two threads further apart; 37 with the I/O
   * thread off).
   */
  function submitBuffer(day: OpenDay): void {
    finishSlot(day);
    const slot = io!.takeSlot();
    if (slot < 0) {
      flushDay(day, true);
      return;
    }
    io!.bytesOf(slot).set(day.buffer.subarray(0, day.usedBytes));
    io!.submit(slot, day.fds.dat, day.usedBytes, day.datBytes);
    day.slot = slot;
    day.slotBytes = day.usedBytes;
    day.isSlotQueued = true;
    day.datBytes += day.usedBytes;
    day.usedBytes = 0;
    day.submitsSinceTick++;
    // Entries may point into the queued bytes: when the .idx buffer must be written, those bytes land first.
    if (day.idxUsedBytes + idxBatchBytes > day.idxBuffer.length) {
      settleSlot(day);
      writeIdx(day);
    }
  }

  /** Waits for the day's queued write; if it failed, its bytes stay in the slot, to be written first. */
  function settleSlot(day: OpenDay): void {
    if (!day.isSlotQueued) return;
    day.isSlotQueued = false;
    const error = io!.settle(day.slot, day.paths.dat);
    if (error) throw error;
    countWritten(day.slotBytes, 0);
    day.slotBytes = 0;
  }

  /** Writes here what a failed write behind left in the slot, before any newer bytes. */
  function rewriteSlot(day: OpenDay): void {
    if (day.slotBytes === 0) return;
    const bytes = io!.bytesOf(day.slot).subarray(0, day.slotBytes);
    appendFully(fs, day.fds.dat, bytes, day.datBytes - day.slotBytes, day.paths.dat);
    countWritten(day.slotBytes, 0);
    day.slotBytes = 0;
  }

  /**
   * Once the day's last write behind is on disk (waited for, or written here after it failed), gives its slot back; a
   * failure throws first, and the slot keeps the bytes.
   */
  function finishSlot(day: OpenDay): void {
    if (day.slot < 0) return;
    settleSlot(day);
    rewriteSlot(day);
    io!.releaseSlot(day.slot);
    day.slot = -1;
  }

  /**
   * Gives the slot of a closing day back, with any bytes a failed write left there (counted lost). Closing follows a
   * flush, which settles any queued write first.
   */
  function releaseClosingSlot(day: OpenDay): void {
    day.isWritingBehind = false;
    if (day.slot >= 0) io!.releaseSlot(day.slot);
    day.slot = -1;
  }

  /** A quiet day, which filled no buffer since the last timer flush (which wrote everything), goes on here, small. */
  function leaveWriteBehindQuietly(day: OpenDay): void {
    day.isWritingBehind = false;
    if (day.usedBytes === 0 && day.slot < 0) {
      setBuffer(day, new Uint8Array(Math.min(bufferBytes, INITIAL_BUFFER_BYTES)));
    }
  }

  function closeDay(day: OpenDay): void {
    try {
      flushDay(day);
    } finally {
      days.delete(day.dayNumber);
      if (current === day) current = undefined;
      releaseClosingSlot(day);
      closeFds(fs, day.fds);
    }
  }

  function selectDay(tsMs: number): OpenDay {
    const dayNumber = getDayNumber(tsMs);
    let day = days.get(dayNumber);
    if (day) {
      days.delete(dayNumber);
      days.set(dayNumber, day);
    } else {
      const refused = refusedDays.get(dayNumber);
      if (refused) throw refused;
      if (days.size >= maxOpenDays) {
        const oldest = days.values().next().value!;
        try {
          // Flush first: if that fails the day stays open with its records, and the error goes to the caller.
          flushDay(oldest);
          closeDay(oldest);
        } catch (error) {
          throw fail(error);
        }
      }
      day = openDay(dayNumber);
      days.set(dayNumber, day);
    }
    current = day;
    return day;
  }

  /** `append`'s slow path: the checks of a closed writer and of the time, then the day of that time. */
  function enterDay(tsMs: unknown): OpenDay {
    if (isClosed) throw closedError(dir);
    // t − t is 0 for a finite t only: Number.isFinite without the call.
    if (typeof tsMs !== "number" || tsMs - tsMs !== 0) throw badTimestamp(def, tsKey, tsMs);
    return selectDay(tsMs);
  }

  function flushAll(): void {
    let first: unknown;
    for (const day of [...days.values()]) {
      try {
        flushDay(day);
      } catch (error) {
        first ??= error;
      }
    }
    if (first !== undefined) throw fail(first);
  }

  /**
   * After a timer flush: gives back the slots of days that filled no buffer since the last one, and closes the days
   * no record came for in `closeIdleDayAfterMs` (the day written last stays open).
   */
  function closeIdleDays(): void {
    for (const day of [...days.values()]) {
      if (day.submitsSinceTick === 0 && day.isWritingBehind) leaveWriteBehindQuietly(day);
      day.submitsSinceTick = 0;
      if (day === current) continue;
      const bytes = day.datBytes + day.usedBytes;
      if (bytes !== day.bytesAtLastTick) {
        day.bytesAtLastTick = bytes;
        day.idleTicks = 0;
      } else if (++day.idleTicks * flushEveryMs >= closeIdleDayAfterMs) {
        closeDay(day);
      }
    }
  }

  const timer =
    flushEveryMs > 0
      ? setInterval(() => {
          try {
            flushAll();
            closeIdleDays();
          } catch (error) {
            options.onError?.(toDig3Error(error));
          }
        }, flushEveryMs)
      : undefined;
  timer?.unref();

  /**
   * `append` for every record its fast path leaves: a closed writer (no current day), a bad time, another day, a full
   * buffer, an `.idx` entry due, a kind without a word encoder, writing through.
   */
  function appendAny(value: T, tsMs: unknown): void {
    let day = current;
    if (day === undefined || typeof tsMs !== "number" || !(tsMs >= day.startMs && tsMs < day.endMs)) {
      day = enterDay(tsMs);
    }
    if (day.usedBytes > day.roomLimitBytes) makeRoom(day);
    const at = day.usedBytes;
    if (encodeWords) encodeWords(value, day.words!, at);
    else def.encode(value, day.view, at, day.blob);
    if (day.untilIdxEntry === 0) {
      // A finite number by now: the check above or enterDay made sure of it.
      writeIdxEntry(day.idxView, day.idxUsedBytes, tsMs as number, day.datBytes + at);
      day.idxUsedBytes += IDX_ENTRY_BYTES;
      day.untilIdxEntry = idxEvery;
    }
    day.untilIdxEntry--;
    day.usedBytes = at + recordSize;
    recordsAppended++;
    if (flushEveryMs === 0) {
      try {
        flushDay(day);
      } catch (error) {
        throw fail(error);
      }
    }
  }

  const writer: SeriesWriter<T> = {
    dir,
    def,
    stats,
    get isClosed() {
      return isClosed;
    },
    append(value: T): void {
      const tsMs = (value as Record<string, unknown>)[tsKey];
      const day = current;
      // The common case in one test, its work inline: a time in the day written last (a number inside [startMs,
      // endMs), so finite too), room in the buffer, no `.idx` entry due. Apart from the rest (appendAny), it cost
      // 2 ns less a trade (22 -> 20, appending to a null file system).
      if (
        day !== undefined &&
        typeof tsMs === "number" &&
        tsMs >= day.startMs &&
        tsMs < day.endMs &&
        day.usedBytes <= day.roomLimitBytes &&
        day.untilIdxEntry !== 0 &&
        canAppendInline
      ) {
        const at = day.usedBytes;
        encodeWords!(value, day.words!, at);
        day.untilIdxEntry--;
        day.usedBytes = at + recordSize;
        recordsAppended++;
        return;
      }
      appendAny(value, tsMs);
    },
    flush(): void {
      if (isClosed) return;
      flushAll();
    },
    close(): void {
      if (isClosed) return;
      isClosed = true;
      if (timer) clearInterval(timer);
      openWriters.delete(writer as SeriesWriter<unknown>);
      let first: unknown;
      let lostRecords = 0;
      for (const day of [...days.values()]) {
        try {
          closeDay(day);
        } catch (error) {
          first ??= error;
          lostRecords += (day.usedBytes + day.slotBytes) / def.size;
        }
      }
      current = undefined;
      lock.release();
      if (first !== undefined) {
        const error = fail(first);
        throw new Dig3Error(
          error.code,
          `${error.message}; ${lostRecords} buffered records were not written`,
          {
            // The flush-time hint promises a retry; at close there is none left.
            hint:
              error.code === "E_DISK_FULL"
                ? "free space on that disk or point --storage-root elsewhere; trades and klines of the missing span can be refetched with 'dig3 cure --backfill'"
                : error.hint,
            cause: error,
            details: { ...error.details, lostRecords },
          },
        );
      }
    },
  };
  openWriters.add(writer as SeriesWriter<unknown>);
  return writer;
}

export interface WritersResult {
  /** Writers visited. */
  writers: number;
  /** One per writer that failed. */
  errors: Dig3Error[];
}

/** Flushes every open writer of this process; never throws. */
export function flushAllOpenWriters(): WritersResult {
  const errors: Dig3Error[] = [];
  for (const writer of [...openWriters]) {
    try {
      writer.flush();
    } catch (error) {
      errors.push(toDig3Error(error));
    }
  }
  return { writers: openWriters.size, errors };
}

/** Closes every open writer of this process (flush, close files, release locks); never throws. */
export function closeAllOpenWriters(): WritersResult {
  const errors: Dig3Error[] = [];
  const writers = [...openWriters];
  for (const writer of writers) {
    try {
      writer.close();
    } catch (error) {
      errors.push(toDig3Error(error));
    }
  }
  return { writers: writers.length, errors };
}

/** The writers open in this process. */
export function listOpenWriters(): readonly SeriesWriter<unknown>[] {
  return [...openWriters];
}

function openForAppend(fs: StorageFs, path: string): number {
  try {
    // 'a+': appends always land at the end, and recovery can read the tail through the same descriptor.
    return fs.openSync(path, "a+", 0o644);
  } catch (error) {
    throw toStorageError(error, "open for append", path);
  }
}

function doesExist(fs: StorageFs, path: string): boolean {
  try {
    fs.statSync(path);
    return true;
  } catch (error) {
    if (readErrnoCode(error) === "ENOENT") return false;
    throw toStorageError(error, "stat", path);
  }
}

function closeFds(fs: StorageFs, fds: DayFds): void {
  for (const fd of [fds.dat, fds.blob, fds.idx]) {
    if (fd === undefined || fd < 0) continue;
    try {
      fs.closeSync(fd);
    } catch {
      // Closing after a failure: the data is already written or reported.
    }
  }
}

/** Refuses to append to a day file that holds another layout of the same slug (e.g. a Rust 20 B delta file). */
function checkExistingLayout(
  fs: StorageFs,
  slug: string,
  def: AnyRecordDef,
  paths: DayFilePaths,
  fds: DayFds,
): void {
  if (!listLayoutsForSlug(slug).includes(def)) return;
  const found = detectDayFileLayout(fs, slug, paths, fds);
  if (found === undefined || found === def) return;
  throw new Dig3Error(
    "E_FILE_CORRUPT",
    `${paths.dat} holds ${found.kind} records (${found.size} B); this writer writes ${def.kind} (${def.size} B)`,
    {
      hint: "move that day's files aside (or let the program that wrote them finish the day); dig3 never mixes layouts in one file",
      details: { path: paths.dat, found: found.kind, expected: def.kind },
    },
  );
}

function refuseLargeCut(paths: DayFilePaths, check: DayFileCheck, def: AnyRecordDef): void {
  const cutRecords = (check.datBytes - check.keepDatBytes) / def.size;
  const cutBlobBytes = check.blobBytes - check.keepBlobBytes;
  if (cutRecords <= MAX_AUTO_CUT_RECORDS && cutBlobBytes <= MAX_AUTO_CUT_BLOB_BYTES) return;
  throw new Dig3Error(
    "E_FILE_CORRUPT",
    `${paths.dat}: the torn tail is too long to be a crash (${Math.floor(cutRecords)} records, ${cutBlobBytes} blob bytes would be cut)`,
    {
      hint: "check that the day's .dat and .blob belong together, then run 'dig3 cure' on the file",
      details: { torn: check.torn },
    },
  );
}

function checkWholeNumber(name: string, value: number, min: number): void {
  if (!Number.isInteger(value) || value < min) throw badOption(name, value);
}

function badOption(name: string, value: number): Dig3Error {
  return new Dig3Error("E_BAD_INPUT", `bad writer option ${name}=${value}`, {
    hint: `${name} must be a whole number ≥ ${name === "flushEveryMs" ? 0 : 1}`,
  });
}

/** The error of a record without a finite time, built outside append's hot path. */
function badTimestamp(def: AnyRecordDef, tsKey: string, tsMs: unknown): Dig3Error {
  return new Dig3Error("E_BAD_INPUT", `${def.kind} record has no finite '${tsKey}' (got ${String(tsMs)})`, {
    hint: `set ${tsKey} to ms since the epoch`,
  });
}

function closedError(dir: string): Dig3Error {
  return new Dig3Error("E_CLOSED", `series writer for ${dir} is closed`, {
    hint: "open a new writer with openSeriesWriter",
  });
}
