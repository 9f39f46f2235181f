// Order-book records: snapshots (20 B header + .blob) and deltas (52 B header with update ids and checksum +
// .blob) as dig3 writes them, plus readers for the other layouts found in Rust archives (20 B delta, 36 B snapshot,
// the pre-2026-06-13 fixed 808 B snapshot/delta with 25 levels a side).

import { Dig3Error } from "../core/errors.ts";
import type { BookEvent, Level } from "../core/events.ts";
import { readI64, readOptI64, readOptU64, writeI64, writeOptI64, writeOptU64, writeZeros } from "./binary.ts";
import {
  appendLevelsBlob,
  type DecodedLevels,
  readBlobPointer,
  readLevelsBlob,
  writeBlobPointer,
} from "./blob.ts";
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

function slugBaseOf(type: BookRecord["type"]): string {
  return type === "snapshot" ? "orderbook_snapshots" : "orderbook_deltas";
}

type BookIds = Partial<Pick<BookRecord, "seq" | "firstSeq" | "prevSeq" | "checksum">>;

/** A decoded record; the ids its layout does not carry are undefined. */
function decodedBook(
  tsMs: number,
  type: BookRecord["type"],
  levels: DecodedLevels,
  ids: BookIds = {},
): BookRecord {
  return {
    tsMs,
    type,
    bids: levels.bids,
    asks: levels.asks,
    seq: ids.seq,
    firstSeq: ids.firstSeq,
    prevSeq: ids.prevSeq,
    checksum: ids.checksum,
  };
}

/** The 20 B layout (Rust Compact points): the time and a pointer to the levels in .blob, no ids. */
function defineTimeAndLevels(spec: {
  kind: RecordKind;
  type: BookRecord["type"];
  isReadOnly?: boolean;
  doc: string;
}): RecordDef<BookRecord> {
  const { kind, type } = spec;
  const what = type === "snapshot" ? "levels" : "level changes";
  return defineRecord<BookRecord>({
    kind,
    slugBase: slugBaseOf(type),
    size: 20,
    stream: "book",
    isReadOnly: spec.isReadOnly,
    doc: spec.doc,
    fields: [
      { name: "tsMs", offset: 0, type: "i64", unit: "ms" },
      { name: "blob", offset: 8, type: "blob_ptr", doc: `${what}: u64 offset + u32 length in .blob` },
    ],
    columns: bookColumns,
    encode(value, view, offset, blob) {
      writeI64(view, offset, value.tsMs);
      writeLevels(kind, value, view, offset + 8, blob);
    },
    decode(view, offset, blob) {
      return decodedBook(
        readI64(view, offset),
        type,
        readLevelsBlob(blob, readBlobPointer(view, offset + 8)),
      );
    },
  });
}

export const orderbookSnapshotsRecord = defineTimeAndLevels({
  kind: "orderbook_snapshots",
  type: "snapshot",
  doc: "full-depth book snapshot: 20 B header + levels in .blob (Rust ObSnapshotPoint, Compact)",
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
    return decodedBook(
      readI64(view, offset),
      "delta",
      readLevelsBlob(blob, readBlobPointer(view, offset + 40)),
      {
        seq: readOptU64(view, offset + 8),
        firstSeq: readOptU64(view, offset + 16),
        prevSeq: readOptU64(view, offset + 24),
        checksum: readOptI64(view, offset + 32),
      },
    );
  },
});

export const orderbookDeltas20Record = defineTimeAndLevels({
  kind: "orderbook_deltas_20",
  type: "delta",
  isReadOnly: true,
  doc: "book delta without ids: 20 B header + .blob (Rust ObDeltaPoint, Compact); read from Rust archives",
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
    const levels = readLevelsBlob(blob, readBlobPointer(view, offset + 24));
    return {
      ...decodedBook(readI64(view, offset), "snapshot", levels, { prevSeq: readOptI64(view, offset + 16) }),
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
  return defineRecord<BookRecord>({
    kind,
    slugBase: slugBaseOf(type),
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
      const levels = { bids: readLegacySide(view, offset + 8), asks: readLegacySide(view, offset + 408) };
      return decodedBook(readI64(view, offset), type, levels);
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
