// `defineRecord`: the one declaration of a binary record kind (size, byte layout with units, encoder, decoder,
// table columns), checked at definition time so a layout cannot have holes or overlaps.

import { Dig3Error } from "../core/errors.ts";
import type { StreamKind } from "../core/streams.ts";
import { IS_LITTLE_ENDIAN, type RecordWords, readI64 } from "./binary.ts";

/**
 * On-disk field types, all little-endian. `opt_i64`: `i64::MIN` = absent; `opt_u64`: `u64::MAX` = absent;
 * `u64_hash`: an FNV-1a-64 value; `blob_ptr`: u64 byte offset into `.blob` + u32 length (12 bytes);
 * `zero`: reserved bytes, always written as zero; `levels`: a fixed run of (f64 price, f64 size) pairs (both need
 * `size`).
 */
export type FieldType =
  | "i64"
  | "u64"
  | "f64"
  | "u8"
  | "u16"
  | "u32"
  | "opt_i64"
  | "opt_u64"
  | "u64_hash"
  | "blob_ptr"
  | "zero"
  | "levels";

export const FIELD_TYPE_SIZES: Readonly<Record<Exclude<FieldType, "zero" | "levels">, number>> = {
  i64: 8,
  u64: 8,
  f64: 8,
  u8: 1,
  u16: 2,
  u32: 4,
  opt_i64: 8,
  opt_u64: 8,
  u64_hash: 8,
  blob_ptr: 12,
};

export interface FieldDef {
  /** The record-value property it decodes to, where there is one (`price`), else a descriptive name (`reserved`). */
  readonly name: string;
  readonly offset: number;
  readonly type: FieldType;
  /** Bytes; derived from `type` except for `zero` and `levels`. */
  readonly size: number;
  /** `ms`, `us`, `quote`, `base`, `ratio` … */
  readonly unit?: string;
  readonly doc?: string;
  /** A float that may be NaN on disk (absent). */
  readonly optional?: boolean;
  /** 0 on disk means absent/unknown (e.g. `nextFundingTsMs`, the `recvTsUs` extension). */
  readonly zeroMeansAbsent?: boolean;
  /** A dig3 extension living in bytes the Rust layout leaves zero; Rust ignores it. */
  readonly extension?: boolean;
}

export type FieldInput = Omit<FieldDef, "size"> & { readonly size?: number };

/** How `dig3 inspect` renders a decoded property. */
export type ColumnFormat = "time_ms" | "time_us" | "price" | "size" | "int" | "side" | "text" | "levels";

export interface ColumnDef {
  /** Property of the decoded record value. */
  readonly key: string;
  readonly header: string;
  readonly format: ColumnFormat;
  readonly unit?: string;
}

/** Where blob bytes go. `reserve` returns the place to write `lengthBytes` bytes; the slot is valid until the next call. */
export interface BlobWriter {
  reserve(lengthBytes: number): BlobSlot;
}

export interface BlobSlot {
  view: DataView;
  /** Where to write inside `view`. */
  offset: number;
  /** Absolute byte offset in the `.blob` file, stored in the record's blob pointer. */
  blobOffset: number;
}

export interface SlugOptions {
  /** Kline interval (`1m`), for the kline family. */
  interval?: string;
}

export type RecordKind =
  | "trades"
  | "agg_trades"
  | "klines"
  | "mark_price_klines"
  | "index_price_klines"
  | "premium_index_klines"
  | "tickers"
  | "mark_price"
  | "funding_rate"
  | "open_interest"
  | "liquidations"
  | "index_price"
  | "orderbook_snapshots"
  | "orderbook_snapshots_36"
  | "orderbook_deltas"
  | "orderbook_deltas_20"
  | "orderbook_snapshots_808"
  | "orderbook_deltas_808"
  | "gaps";

export interface RecordDef<T> {
  readonly kind: RecordKind;
  /** First path component without the interval: `klines` for `klines_1m`. */
  readonly slugBase: string;
  /** True for the kline family: the slug is `<slugBase>_<interval>`. */
  readonly hasInterval: boolean;
  /** Fixed record size in bytes (the header size for blob records). */
  readonly size: number;
  readonly fields: readonly FieldDef[];
  readonly columns: readonly ColumnDef[];
  readonly hasBlob: boolean;
  readonly blobPointerOffset: number | undefined;
  /** The stream whose events this kind stores, if any. */
  readonly stream: StreamKind | undefined;
  /** A layout dig3 reads but does not write by default (a Rust layout or the pre-2026-06-13 808 B book). */
  readonly isReadOnly: boolean;
  readonly doc: string;
  /** Directory slug, e.g. `trades`, `klines_1m`. Throws E_BAD_INTERVAL for the kline family without an interval. */
  slug(options?: SlugOptions): string;
  /** Writes every byte of the record at `offset` (padding too). Blob records append their payload to `blob`. */
  encode(value: T, view: DataView, offset: number, blob?: BlobWriter): void;
  /**
   * `encode`'s fast twin for hot appends: the same bytes, stored through aligned typed-array views; `offset` must be a
   * multiple of 8 from the views' start. Undefined for kinds without one and on a big-endian host.
   */
  encodeWords?(value: T, words: RecordWords, offset: number): void;
  /** Decodes the record at `offset`. Blob records need the whole `.blob` file bytes; throws E_FILE_CORRUPT when the pointer is out of range. */
  decode(view: DataView, offset: number, blob?: Uint8Array): T;
  /** The first field (exchange or open time, ms), read without decoding the record. */
  timestampMsOf(view: DataView, offset: number): number;
}

export type AnyRecordDef = RecordDef<unknown>;

export interface RecordSpec<T> {
  kind: RecordKind;
  slugBase: string;
  hasInterval?: boolean;
  size: number;
  fields: readonly FieldInput[];
  columns: readonly ColumnDef[];
  stream?: StreamKind;
  isReadOnly?: boolean;
  doc: string;
  encode(value: T, view: DataView, offset: number, blob?: BlobWriter): void;
  /** Only for fixed-size kinds without a blob whose size is a multiple of 8. */
  encodeWords?(value: T, words: RecordWords, offset: number): void;
  decode(view: DataView, offset: number, blob?: Uint8Array): T;
}

const INTERVAL_PATTERN = /^[1-9][0-9]*[smhdwM]$/;

export function isKlineInterval(text: string): boolean {
  return INTERVAL_PATTERN.test(text);
}

/** Declares a record kind. Throws at load time if the fields do not tile `[0, size)` exactly. */
export function defineRecord<T>(spec: RecordSpec<T>): RecordDef<T> {
  const fields = spec.fields.map(sizeField);
  checkTiling(spec.kind, spec.size, fields);
  const pointer = fields.find((field) => field.type === "blob_ptr");
  const hasInterval = spec.hasInterval ?? false;
  const slugBase = spec.slugBase;
  if (spec.encodeWords && (pointer !== undefined || spec.size % 8 !== 0)) {
    throw new Error(`record ${spec.kind}: encodeWords needs a size that is a multiple of 8 and no blob`);
  }
  return {
    kind: spec.kind,
    slugBase,
    hasInterval,
    size: spec.size,
    fields,
    columns: spec.columns,
    hasBlob: pointer !== undefined,
    blobPointerOffset: pointer?.offset,
    stream: spec.stream,
    isReadOnly: spec.isReadOnly ?? false,
    doc: spec.doc,
    slug(options?: SlugOptions): string {
      if (!hasInterval) return slugBase;
      const interval = options?.interval;
      if (!interval || !isKlineInterval(interval)) {
        throw new Dig3Error(
          "E_BAD_INTERVAL",
          `${spec.kind} needs a kline interval, got '${interval ?? ""}'`,
          {
            hint: "pass an interval such as 1m, 1h or 1d",
          },
        );
      }
      return `${slugBase}_${interval}`;
    },
    encode: spec.encode,
    encodeWords: IS_LITTLE_ENDIAN ? spec.encodeWords : undefined,
    decode: spec.decode,
    timestampMsOf: readI64,
  };
}

function sizeField(input: FieldInput): FieldDef {
  const size = input.type === "zero" || input.type === "levels" ? input.size : FIELD_TYPE_SIZES[input.type];
  if (size === undefined || size <= 0)
    throw new Error(`field '${input.name}' of type ${input.type} needs a size`);
  return { ...input, size };
}

function checkTiling(kind: string, size: number, fields: readonly FieldDef[]): void {
  let next = 0;
  for (const field of fields) {
    if (field.offset !== next) {
      throw new Error(`record ${kind}: field '${field.name}' at ${field.offset}, expected ${next}`);
    }
    next += field.size;
  }
  if (next !== size) throw new Error(`record ${kind}: fields cover ${next} bytes, size is ${size}`);
  if (fields[0]?.type !== "i64" || fields[0]?.offset !== 0) {
    throw new Error(`record ${kind}: the first field must be the i64 timestamp`);
  }
}
