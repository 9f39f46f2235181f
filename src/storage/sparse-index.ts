// The sparse `.idx` of a day file: 16-byte entries `[ts_ms i64 LE][byte offset u64 LE]`, their parsing, and the
// choice of the `.dat` offset a time-range read starts from.

import { readI64, readU64, writeI64, writeU64 } from "../records/binary.ts";

export const IDX_ENTRY_BYTES = 16;

export interface IdxEntries {
  /** Timestamps (ms) of the indexed records, in file order. */
  tsMs: Float64Array;
  /** Byte offsets of the indexed records in the `.dat`, in file order. */
  offsets: Float64Array;
  count: number;
}

export function writeIdxEntry(view: DataView, offset: number, tsMs: number, datOffset: number): void {
  writeI64(view, offset, tsMs);
  writeU64(view, offset + 8, datOffset);
}

/**
 * Parses `.idx` bytes, keeping the leading run of entries that point at a whole record inside the `.dat`
 * (`offset % recordSize == 0`, `offset + recordSize <= datSizeBytes`) with offsets that never go back. Anything
 * after the first entry that breaks this (a torn or stale tail) is ignored.
 */
export function parseIdxEntries(bytes: Uint8Array, recordSize: number, datSizeBytes: number): IdxEntries {
  const capacity = Math.floor(bytes.length / IDX_ENTRY_BYTES);
  const tsMs = new Float64Array(capacity);
  const offsets = new Float64Array(capacity);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let count = 0;
  let previous = -1;
  for (let i = 0; i < capacity; i++) {
    const at = i * IDX_ENTRY_BYTES;
    const offset = readU64(view, at + 8);
    if (offset % recordSize !== 0 || offset + recordSize > datSizeBytes || offset < previous) break;
    tsMs[count] = readI64(view, at);
    offsets[count] = offset;
    previous = offset;
    count++;
  }
  return { tsMs, offsets, count };
}

/**
 * The `.dat` byte offset a read of records with `ts >= fromMs` starts at. Takes the last entry such that it and
 * every entry before it are older than `fromMs`, then steps one more entry back, so records up to one index
 * stride out of order around that point are still found. Live capture writes in arrival order (heal re-appends
 * only older bars, at the end), so everything before the returned offset is older than `fromMs`.
 */
export function findSeekOffset(entries: IdxEntries, fromMs: number): number {
  let last = -1;
  for (let i = 0; i < entries.count; i++) {
    if (!(entries.tsMs[i]! < fromMs)) break;
    last = i;
  }
  return last >= 1 ? entries.offsets[last - 1]! : 0;
}
