// Bulk helpers over a whole `.dat` buffer: column readers for inspect (timestamps, any numeric field) that never
// build record objects, and decode/encode of many records for tools and tests.

import { Dig3Error } from "../core/errors.ts";
import { readI64, readOptI64, readOptU64, readU64 } from "./binary.ts";
import type { BlobWriter, FieldDef, RecordDef } from "./define.ts";

function viewOf(bytes: Uint8Array): DataView {
  return new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/** Whole records in `bytes` (a torn tail is not counted). */
export function countRecords(bytes: Uint8Array, def: RecordDef<unknown>): number {
  return Math.floor(bytes.length / def.size);
}

/** The first field (ms) of every whole record. */
export function readTimestampsMs(bytes: Uint8Array, def: RecordDef<unknown>): Float64Array {
  const count = countRecords(bytes, def);
  const out = new Float64Array(count);
  const view = viewOf(bytes);
  const size = def.size;
  for (let i = 0, at = 0; i < count; i++, at += size) {
    out[i] = view.getInt32(at + 4, true) * 4294967296 + view.getUint32(at, true);
  }
  return out;
}

/**
 * One numeric field of every whole record, by field name (`price`, `size`, `recvTsUs` …). Absent values (NaN,
 * i64::MIN, u64::MAX, or 0 for `zeroMeansAbsent` fields) read as NaN. Throws E_BAD_INPUT for an unknown or
 * non-numeric field (blob pointers, padding, level runs).
 */
export function readColumn(bytes: Uint8Array, def: RecordDef<unknown>, fieldName: string): Float64Array {
  const field = def.fields.find((candidate) => candidate.name === fieldName);
  if (!field || field.type === "zero" || field.type === "levels" || field.type === "blob_ptr") {
    throw new Dig3Error("E_BAD_INPUT", `${def.kind} has no numeric field '${fieldName}'`, {
      hint: `fields: ${def.fields.map((candidate) => candidate.name).join(", ")}`,
    });
  }
  const count = countRecords(bytes, def);
  const out = new Float64Array(count);
  const view = viewOf(bytes);
  const read = readerOf(field);
  const zeroMeansAbsent = field.zeroMeansAbsent === true;
  for (let i = 0, at = field.offset; i < count; i++, at += def.size) {
    const value = read(view, at);
    out[i] = zeroMeansAbsent && value === 0 ? Number.NaN : value;
  }
  return out;
}

function readerOf(field: FieldDef): (view: DataView, offset: number) => number {
  switch (field.type) {
    case "f64":
      return (view, offset) => view.getFloat64(offset, true);
    case "i64":
      return readI64;
    case "u64":
    case "u64_hash":
      return readU64;
    case "opt_i64":
      return (view, offset) => readOptI64(view, offset) ?? Number.NaN;
    case "opt_u64":
      return (view, offset) => readOptU64(view, offset) ?? Number.NaN;
    case "u8":
      return (view, offset) => view.getUint8(offset);
    case "u16":
      return (view, offset) => view.getUint16(offset, true);
    case "u32":
      return (view, offset) => view.getUint32(offset, true);
    default:
      throw new Error(`no numeric reader for ${field.type}`);
  }
}

/** Decodes every whole record; blob records need the day's `.blob` bytes. */
export function decodeRecords<T>(bytes: Uint8Array, def: RecordDef<T>, blob?: Uint8Array): T[] {
  const count = Math.floor(bytes.length / def.size);
  const view = viewOf(bytes);
  const out: T[] = new Array(count);
  for (let i = 0; i < count; i++) out[i] = def.decode(view, i * def.size, blob);
  return out;
}

/** Encodes records into one fresh buffer; blob records append their payload to `blob`. */
export function encodeRecords<T>(values: readonly T[], def: RecordDef<T>, blob?: BlobWriter): Uint8Array {
  const bytes = new Uint8Array(values.length * def.size);
  const view = viewOf(bytes);
  for (let i = 0; i < values.length; i++) def.encode(values[i]!, view, i * def.size, blob);
  return bytes;
}
