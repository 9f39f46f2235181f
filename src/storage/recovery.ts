// Torn-tail detection and repair of one day's `.dat` / `.blob` / `.idx`: a partial last record, headers whose blob
// pointer runs past `.blob`, `.blob` bytes no header references, `.idx` entries past the kept `.dat`.

import { readBlobPointer } from "../records/blob.ts";
import type { AnyRecordDef } from "../records/define.ts";
import { detectLayout, listLayoutsForSlug } from "../records/registry.ts";
import { readFullyAt, type StorageFs, toStorageError } from "./io.ts";
import type { DayFilePaths } from "./paths.ts";
import { IDX_ENTRY_BYTES, parseIdxEntries } from "./sparse-index.ts";

export type TornTailReason =
  /** `.dat` size is not a whole number of records. */
  | "partial_record"
  /** Whole headers at the end of `.dat` point at `.blob` bytes that were never written. */
  | "blob_pointer_past_blob"
  /** `.blob` holds bytes past the end of the last payload a kept header points at. */
  | "unreferenced_blob_bytes"
  /** `.idx` size is not a whole number of 16-byte entries. */
  | "partial_idx_entry"
  /** `.idx` entries point past the kept `.dat` (or are out of order). */
  | "idx_entry_past_dat";

/** One cut of one file: what was (or would be) removed from its end, and why. */
export interface TornTail {
  path: string;
  cutBytes: number;
  /** The file length after the cut. */
  keptBytes: number;
  reason: TornTailReason;
}

/** Open descriptors of one day's files (`blob`/`idx` undefined when the file does not exist). */
export interface DayFds {
  dat: number;
  blob: number | undefined;
  idx: number | undefined;
}

export interface DayFileCheck {
  datBytes: number;
  blobBytes: number;
  idxBytes: number;
  keepDatBytes: number;
  keepBlobBytes: number;
  keepIdxBytes: number;
  /** Whole, consistent records kept. */
  records: number;
  torn: TornTail[];
}

const SCAN_CHUNK_RECORDS = 4096;

/** Finds the torn tail of one day (reads only; see `cutDayFiles`). `def` is the layout of the `.dat`. */
export function inspectDayFiles(
  fs: StorageFs,
  paths: DayFilePaths,
  fds: DayFds,
  def: AnyRecordDef,
): DayFileCheck {
  const torn: TornTail[] = [];
  const size = def.size;
  const datBytes = fstatSize(fs, fds.dat, paths.dat);
  let records = Math.floor(datBytes / size);
  if (datBytes % size !== 0) {
    torn.push({
      path: paths.dat,
      cutBytes: datBytes % size,
      keptBytes: records * size,
      reason: "partial_record",
    });
  }
  const blobBytes = fds.blob === undefined ? 0 : fstatSize(fs, fds.blob, paths.blob);
  let keepBlobBytes = blobBytes;
  if (def.blobPointerOffset !== undefined) {
    const scan = scanBlobTail(fs, fds.dat, paths.dat, def, records, blobBytes);
    if (scan.keptRecords < records) {
      torn.push({
        path: paths.dat,
        cutBytes: (records - scan.keptRecords) * size,
        keptBytes: scan.keptRecords * size,
        reason: "blob_pointer_past_blob",
      });
      records = scan.keptRecords;
    }
    if (blobBytes > scan.referencedEndBytes) {
      keepBlobBytes = scan.referencedEndBytes;
      torn.push({
        path: paths.blob,
        cutBytes: blobBytes - keepBlobBytes,
        keptBytes: keepBlobBytes,
        reason: "unreferenced_blob_bytes",
      });
    }
  }
  const keepDatBytes = records * size;
  let idxBytes = 0;
  let keepIdxBytes = 0;
  if (fds.idx !== undefined) {
    idxBytes = fstatSize(fs, fds.idx, paths.idx);
    const bytes = new Uint8Array(idxBytes);
    readFullyAt(fs, fds.idx, bytes, 0, paths.idx);
    keepIdxBytes = parseIdxEntries(bytes, size, keepDatBytes).count * IDX_ENTRY_BYTES;
    if (keepIdxBytes < idxBytes) {
      const isOnlyPartial = keepIdxBytes === idxBytes - (idxBytes % IDX_ENTRY_BYTES);
      torn.push({
        path: paths.idx,
        cutBytes: idxBytes - keepIdxBytes,
        keptBytes: keepIdxBytes,
        reason: isOnlyPartial ? "partial_idx_entry" : "idx_entry_past_dat",
      });
    }
  }
  return { datBytes, blobBytes, idxBytes, keepDatBytes, keepBlobBytes, keepIdxBytes, records, torn };
}

/** Applies a check: truncates each file to its kept length. The fds must be writable. */
export function cutDayFiles(fs: StorageFs, paths: DayFilePaths, fds: DayFds, check: DayFileCheck): void {
  truncateIfLonger(fs, fds.dat, paths.dat, check.datBytes, check.keepDatBytes);
  if (fds.blob !== undefined) {
    truncateIfLonger(fs, fds.blob, paths.blob, check.blobBytes, check.keepBlobBytes);
  }
  if (fds.idx !== undefined) truncateIfLonger(fs, fds.idx, paths.idx, check.idxBytes, check.keepIdxBytes);
}

function truncateIfLonger(fs: StorageFs, fd: number, path: string, bytes: number, keepBytes: number): void {
  if (keepBytes >= bytes) return;
  try {
    fs.ftruncateSync(fd, keepBytes);
  } catch (error) {
    throw toStorageError(error, "cut the torn tail of", path);
  }
}

interface BlobTailScan {
  keptRecords: number;
  /** End of the last payload a kept header points at (0 when none does). */
  referencedEndBytes: number;
}

/**
 * Walks headers backwards from the last whole one: drops those whose payload runs past `.blob`, then finds the
 * end of the last payload a kept header references. Headers with length 0 (header-only records) reference nothing.
 */
function scanBlobTail(
  fs: StorageFs,
  fd: number,
  path: string,
  def: AnyRecordDef,
  records: number,
  blobBytes: number,
): BlobTailScan {
  const size = def.size;
  const pointerOffset = def.blobPointerOffset!;
  const chunk = new Uint8Array(SCAN_CHUNK_RECORDS * size);
  const view = new DataView(chunk.buffer);
  let keptRecords = records;
  let isDropping = true;
  let end = records;
  while (end > 0) {
    const start = Math.max(0, end - SCAN_CHUNK_RECORDS);
    readFullyAt(fs, fd, chunk.subarray(0, (end - start) * size), start * size, path);
    for (let index = end - 1; index >= start; index--) {
      const pointer = readBlobPointer(view, (index - start) * size + pointerOffset);
      const payloadEnd = pointer.offsetBytes + pointer.lengthBytes;
      if (isDropping) {
        if (pointer.lengthBytes > 0 && payloadEnd > blobBytes) {
          keptRecords = index;
          continue;
        }
        isDropping = false;
      }
      if (pointer.lengthBytes > 0) return { keptRecords, referencedEndBytes: payloadEnd };
    }
    end = start;
  }
  return { keptRecords, referencedEndBytes: 0 };
}

export function fstatSize(fs: StorageFs, fd: number, path: string): number {
  try {
    return fs.fstatSync(fd).size;
  } catch (error) {
    throw toStorageError(error, "stat", path);
  }
}

/**
 * The layout of a day's `.dat` among those its slug may hold (`detectLayout`), reading only a prefix that every
 * candidate record size divides. Undefined for a slug with one layout, an empty file, or when nothing fits.
 */
export function detectDayFileLayout(
  fs: StorageFs,
  slug: string,
  paths: DayFilePaths,
  fds: Pick<DayFds, "dat" | "blob">,
): AnyRecordDef | undefined {
  const layouts = listLayoutsForSlug(slug);
  if (layouts.length < 2) return undefined;
  const datBytes = fstatSize(fs, fds.dat, paths.dat);
  if (datBytes === 0) return undefined;
  const prefix = new Uint8Array(
    Math.min(
      datBytes,
      layouts.reduce((lcm, def) => lcmOf(lcm, def.size), 1),
    ),
  );
  readFullyAt(fs, fds.dat, prefix, 0, paths.dat);
  const blobBytes = fds.blob === undefined ? undefined : fstatSize(fs, fds.blob, paths.blob);
  return detectLayout(slug, prefix, blobBytes);
}

function lcmOf(a: number, b: number): number {
  let x = a;
  let y = b;
  while (y !== 0) [x, y] = [y, x % y];
  return (a / x) * b;
}
