// Order-book records: snapshots (20 B header + .blob) and deltas (52 B header with update ids and checksum +
// .blob) as dig3 writes them, plus readers for the other layouts found in Rust archives (20 B delta, 36 B snapshot,
// the pre-2026-06-13 fixed 808 B snapshot/delta with 25 levels a side).

import { Dig3Error } from "../core/errors.ts";
import type { BookEvent, Level } from "../core/events.ts";
import { readI64, readOptI64, readOptU64, writeI64, writeOptI64, writeOptU64, writeZeros } from "./binary.ts";
import { appendLevelsBlob, readBlobPointer, readLevelsBlob, writeBlobPointer } from "./blob.ts";
import { type BlobWriter, type ColumnDef, defineRecord, type RecordDef, type RecordKind } from "./define.ts";

/** One book update as stored. Fields a layout does not carry decode as undefined. */
export interface BookRecord {
  tsMs: number;
  type: "snapshot" | "delta";
  /** Best first (high → low). Size 0 in a delta removes the level. */
  bids: Level[];
  /** Best first (low → high). */
  asks: Level[];
  /** Venue sequence after this update (Rust `last_update_id`). */
  seq: number | undefined;
  /** First sequence covered (Rust `first_update_id`). */
  firstSeq: number | undefined;
  /** Previous sequence as the venue states it (Rust `prev_update_id`; `prev_change_id` in the 36 B snapshot). */
  prevSeq: number | undefined;
  /** Venue checksum of the book after the update. */
  checksum: number | undefined;
  /** 36 B Rust snapshot only: the venue's cross-transaction timestamp (Bybit `cts`), ms. */
  ctsMs?: number | undefined;
}

/** Levels a side in the legacy fixed layout. */
export const LEGACY_BOOK_LEVELS = 25;

const bookColumns: ColumnDef[] = [
  { key: "tsMs", header: "time", format: "time_ms", unit: "ms" },
  { key: "bids", header: "bids", format: "levels" },
  { key: "asks", header: "asks", format: "levels" },
];

const sequenceColumns: ColumnDef[] = [
  { key: "seq", header: "seq", format: "int" },
  { key: "firstSeq", header: "first seq", format: "int" },
  { key: "prevSeq", header: "prev seq", format: "int" },
  { key: "checksum", header: "checksum", format: "int" },
];

function requireBlob(kind: string, blob: BlobWriter | undefined): BlobWriter {
  if (!blob) {
    throw new Dig3Error("E_BAD_INPUT", `${kind} records need a BlobWriter for their levels`, {
      hint: "pass the series' blob buffer to encode",
    });
  }
  return blob;
}

function writeLevels(
  kind: string,
  value: BookRecord,
  view: DataView,
  pointerOffset: number,
  blob?: BlobWriter,
): void {
  const pointer = appendLevelsBlob(requireBlob(kind, blob), value.bids, value.asks);
  writeBlobPointer(view, pointerOffset, pointer.offsetBytes, pointer.lengthBytes);
}

export const orderbookSnapshotsRecord = defineRecord<BookRecord>({
  kind: "orderbook_snapshots",
  slugBase: "orderbook_snapshots",
  size: 20,
  stream: "book",
  doc: "full-depth book snapshot: 20 B header + levels in .blob (Rust ObSnapshotPoint, Compact)",
  fields: [
    { name: "tsMs", offset: 0, type: "i64", unit: "ms" },
    { name: "blob", offset: 8, type: "blob_ptr", doc: "levels: u64 offset + u32 length in .blob" },
  ],
  columns: bookColumns,
  encode(value, view, offset, blob) {
    writeI64(view, offset, value.tsMs);
    writeLevels("orderbook_snapshots", value, view, offset + 8, blob);
  },
  decode(view, offset, blob) {
    const { bids, asks } = readLevelsBlob(blob, readBlobPointer(view, offset + 8));
    return {
      tsMs: readI64(view, offset),
      type: "snapshot",
      bids,
      asks,
      seq: undefined,
      firstSeq: undefined,
      prevSeq: undefined,
      checksum: undefined,
    };
  },
});

export const orderbookDeltasRecord = defineRecord<BookRecord>({
  kind: "orderbook_deltas",
  slugBase: "orderbook_deltas",
  size: 52,
  stream: "book",
  doc: "book delta with update ids and checksum: 52 B header + levels in .blob (Rust ObDeltaIndicatorsPoint)",
  fields: [
    { name: "tsMs", offset: 0, type: "i64", unit: "ms" },
    { name: "seq", offset: 8, type: "opt_u64", doc: "last_update_id; u64::MAX = absent" },
    { name: "firstSeq", offset: 16, type: "opt_u64", doc: "first_update_id; u64::MAX = absent" },
    { name: "prevSeq", offset: 24, type: "opt_u64", doc: "prev_update_id; u64::MAX = absent" },
    { name: "checksum", offset: 32, type: "opt_i64", doc: "venue checksum; i64::MIN = absent" },
    { name: "blob", offset: 40, type: "blob_ptr", doc: "level changes: u64 offset + u32 length in .blob" },
  ],
  columns: [...bookColumns, ...sequenceColumns],
  encode(value, view, offset, blob) {
    writeI64(view, offset, value.tsMs);
    writeOptU64(view, offset + 8, value.seq);
    writeOptU64(view, offset + 16, value.firstSeq);
    writeOptU64(view, offset + 24, value.prevSeq);
    writeOptI64(view, offset + 32, value.checksum);
    writeLevels("orderbook_deltas", value, view, offset + 40, blob);
  },
  decode(view, offset, blob) {
    const { bids, asks } = readLevelsBlob(blob, readBlobPointer(view, offset + 40));
    return {
      tsMs: readI64(view, offset),
      type: "delta",
      bids,
      asks,
      seq: readOptU64(view, offset + 8),
      firstSeq: readOptU64(view, offset + 16),
      prevSeq: readOptU64(view, offset + 24),
      checksum: readOptI64(view, offset + 32),
    };
  },
});

export const orderbookDeltas20Record = defineRecord<BookRecord>({
  kind: "orderbook_deltas_20",
  slugBase: "orderbook_deltas",
  size: 20,
  stream: "book",
  isReadOnly: true,
  doc: "book delta without ids: 20 B header + .blob (Rust ObDeltaPoint, Compact); read from Rust archives",
  fields: [
    { name: "tsMs", offset: 0, type: "i64", unit: "ms" },
    { name: "blob", offset: 8, type: "blob_ptr", doc: "level changes: u64 offset + u32 length in .blob" },
  ],
  columns: bookColumns,
  encode(value, view, offset, blob) {
    writeI64(view, offset, value.tsMs);
    writeLevels("orderbook_deltas_20", value, view, offset + 8, blob);
  },
  decode(view, offset, blob) {
    const { bids, asks } = readLevelsBlob(blob, readBlobPointer(view, offset + 8));
    return {
      tsMs: readI64(view, offset),
      type: "delta",
      bids,
      asks,
      seq: undefined,
      firstSeq: undefined,
      prevSeq: undefined,
      checksum: undefined,
    };
  },
});

export const orderbookSnapshots36Record = defineRecord<BookRecord>({
  kind: "orderbook_snapshots_36",
  slugBase: "orderbook_snapshots",
  size: 36,
  stream: "book",
  isReadOnly: true,
  doc: "book snapshot with cts and prev_change_id: 36 B header + .blob (Rust ObSnapshotIndicatorsPoint)",
  fields: [
    { name: "tsMs", offset: 0, type: "i64", unit: "ms" },
    {
      name: "ctsMs",
      offset: 8,
      type: "opt_i64",
      unit: "ms",
      doc: "cross-transaction time; i64::MIN = absent",
    },
    { name: "prevSeq", offset: 16, type: "opt_i64", doc: "prev_change_id; i64::MIN = absent" },
    { name: "blob", offset: 24, type: "blob_ptr", doc: "levels: u64 offset + u32 length in .blob" },
  ],
  columns: [...bookColumns, { key: "prevSeq", header: "prev seq", format: "int" }],
  encode(value, view, offset, blob) {
    writeI64(view, offset, value.tsMs);
    writeOptI64(view, offset + 8, value.ctsMs);
    writeOptI64(view, offset + 16, value.prevSeq);
    writeLevels("orderbook_snapshots_36", value, view, offset + 24, blob);
  },
  decode(view, offset, blob) {
    const { bids, asks } = readLevelsBlob(blob, readBlobPointer(view, offset + 24));
    return {
      tsMs: readI64(view, offset),
      type: "snapshot",
      bids,
      asks,
      seq: undefined,
      firstSeq: undefined,
      prevSeq: readOptI64(view, offset + 16),
      checksum: undefined,
      ctsMs: readOptI64(view, offset + 8),
    };
  },
});

function writeLegacySide(view: DataView, offset: number, levels: readonly Level[]): void {
  const count = Math.min(levels.length, LEGACY_BOOK_LEVELS);
  for (let i = 0; i < count; i++) {
    const level = levels[i]!;
    view.setFloat64(offset + i * 16, level[0], true);
    view.setFloat64(offset + i * 16 + 8, level[1], true);
  }
  writeZeros(view, offset + count * 16, (LEGACY_BOOK_LEVELS - count) * 16);
}

/** Like the Rust reader: the first (0, 0) pair ends the side; (price, 0) is a removal and is kept. */
function readLegacySide(view: DataView, offset: number): Level[] {
  const levels: Level[] = [];
  for (let i = 0; i < LEGACY_BOOK_LEVELS; i++) {
    const price = view.getFloat64(offset + i * 16, true);
    const size = view.getFloat64(offset + i * 16 + 8, true);
    if (price === 0 && size === 0) break;
    levels.push([price, size]);
  }
  return levels;
}

function defineLegacyBook(kind: RecordKind, type: "snapshot" | "delta"): RecordDef<BookRecord> {
  const slugBase = type === "snapshot" ? "orderbook_snapshots" : "orderbook_deltas";
  return defineRecord<BookRecord>({
    kind,
    slugBase,
    size: 808,
    stream: "book",
    isReadOnly: true,
    doc: `legacy fixed book ${type} (pre-2026-06-13 Rust files): 25 levels a side, (0, 0) = padding`,
    fields: [
      { name: "tsMs", offset: 0, type: "i64", unit: "ms" },
      { name: "bids", offset: 8, type: "levels", size: 400, doc: "25 × (f64 price, f64 size), high → low" },
      { name: "asks", offset: 408, type: "levels", size: 400, doc: "25 × (f64 price, f64 size), low → high" },
    ],
    columns: bookColumns,
    encode(value, view, offset) {
      writeI64(view, offset, value.tsMs);
      writeLegacySide(view, offset + 8, value.bids);
      writeLegacySide(view, offset + 408, value.asks);
    },
    decode(view, offset) {
      return {
        tsMs: readI64(view, offset),
        type,
        bids: readLegacySide(view, offset + 8),
        asks: readLegacySide(view, offset + 408),
        seq: undefined,
        firstSeq: undefined,
        prevSeq: undefined,
        checksum: undefined,
      };
    },
  });
}

export const orderbookSnapshots808Record = defineLegacyBook("orderbook_snapshots_808", "snapshot");
export const orderbookDeltas808Record = defineLegacyBook("orderbook_deltas_808", "delta");

/** The record storage writes for a book event (levels are shared, not copied). */
export function bookRecordOf(event: BookEvent): BookRecord {
  return {
    tsMs: event.tsMs,
    type: event.type,
    bids: event.bids,
    asks: event.asks,
    seq: event.seq,
    firstSeq: event.firstSeq,
    prevSeq: event.prevSeq,
    checksum: event.checksum,
  };
}
