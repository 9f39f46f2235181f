// Little-endian 64-bit integer access through u32 halves (no BigInt on hot paths, toolchain note G5), the absent-value
// conventions of the Rust layouts (NaN floats, i64::MIN for optional i64, u64::MAX for optional u64), and the aligned
// typed-array views that hot encoders use instead of DataView calls on a little-endian host.

const TWO_POW_32 = 4294967296;
const TWO_POW_MINUS_32 = 1 / TWO_POW_32;
const I64_MIN_HI = -2147483648;
const U32_MAX = 0xffffffff;

/** Reads an i64 as a number (exact up to ±2^53). */
export function readI64(view: DataView, offset: number): number {
  return view.getInt32(offset + 4, true) * TWO_POW_32 + view.getUint32(offset, true);
}

/**
 * Writes a number as i64, truncating a fraction toward zero; NaN writes 0. The low half is `>>> 0` (exactly the value
 * mod 2^32) and the high half a multiplication by 2^-32 (exact), not a division: every record's time goes through here.
 */
export function writeI64(view: DataView, offset: number, value: number): void {
  const whole = Math.trunc(value) || 0;
  view.setUint32(offset, whole >>> 0, true);
  view.setInt32(offset + 4, Math.floor(whole * TWO_POW_MINUS_32), true);
}

/** Reads a u64 as a number (exact up to 2^53). */
export function readU64(view: DataView, offset: number): number {
  return view.getUint32(offset + 4, true) * TWO_POW_32 + view.getUint32(offset, true);
}

/** Writes a non-negative number as u64, truncating a fraction; NaN or a negative value writes 0. */
export function writeU64(view: DataView, offset: number, value: number): void {
  const whole = value > 0 ? Math.trunc(value) : 0;
  view.setUint32(offset, whole >>> 0, true);
  view.setUint32(offset + 4, Math.floor(whole * TWO_POW_MINUS_32), true);
}

/** Optional i64: `i64::MIN` (0x8000000000000000) means absent. */
export function readOptI64(view: DataView, offset: number): number | undefined {
  const hi = view.getInt32(offset + 4, true);
  const lo = view.getUint32(offset, true);
  if (hi === I64_MIN_HI && lo === 0) return undefined;
  return hi * TWO_POW_32 + lo;
}

/** Writes `i64::MIN` for undefined or a non-finite value. */
export function writeOptI64(view: DataView, offset: number, value: number | undefined): void {
  if (value === undefined || !Number.isFinite(value)) {
    view.setUint32(offset, 0, true);
    view.setInt32(offset + 4, I64_MIN_HI, true);
    return;
  }
  writeI64(view, offset, value);
}

/** Optional u64: `u64::MAX` means absent. */
export function readOptU64(view: DataView, offset: number): number | undefined {
  const hi = view.getUint32(offset + 4, true);
  const lo = view.getUint32(offset, true);
  if (hi === U32_MAX && lo === U32_MAX) return undefined;
  return hi * TWO_POW_32 + lo;
}

/** Writes `u64::MAX` for undefined, a negative or a non-finite value (a u64 cannot hold them). */
export function writeOptU64(view: DataView, offset: number, value: number | undefined): void {
  if (value === undefined || !(value >= 0) || value === Number.POSITIVE_INFINITY) {
    view.setUint32(offset, U32_MAX, true);
    view.setUint32(offset + 4, U32_MAX, true);
    return;
  }
  writeU64(view, offset, value);
}

/** An optional float: NaN on disk, undefined in a record value. */
export function readOptF64(view: DataView, offset: number): number | undefined {
  const value = view.getFloat64(offset, true);
  return Number.isNaN(value) ? undefined : value;
}

export function writeOptF64(view: DataView, offset: number, value: number | undefined): void {
  view.setFloat64(offset, value ?? Number.NaN, true);
}

/** Zeroes `lengthBytes` bytes, so a reused buffer never leaks old bytes into padding. */
export function writeZeros(view: DataView, offset: number, lengthBytes: number): void {
  let at = offset;
  const end = offset + lengthBytes;
  for (; at + 4 <= end; at += 4) view.setUint32(at, 0, true);
  for (; at < end; at++) view.setUint8(at, 0);
}

/** Writes 16 hex digits (most significant first; shorter text is left-padded with zeros) as a u64. */
export function writeU64Hex(view: DataView, offset: number, hex: string): void {
  const digits = hex.length >= 16 ? hex : hex.padStart(16, "0");
  view.setUint32(offset, Number.parseInt(digits.slice(8, 16), 16) >>> 0, true);
  view.setUint32(offset + 4, Number.parseInt(digits.slice(0, 8), 16) >>> 0, true);
}

export function formatHex8(value: number): string {
  const text = value.toString(16);
  return text.length === 8 ? text : text.padStart(8, "0");
}

/** True when typed arrays store little-endian (x86, ARM): then their views write the on-disk byte order. */
export const IS_LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/**
 * Typed-array views over one record buffer, for encoders that store whole 8- and 4-byte aligned fields by index
 * instead of through DataView calls. Valid on a little-endian host only (`IS_LITTLE_ENDIAN`).
 */
export interface RecordWords {
  readonly u32: Uint32Array;
  readonly f64: Float64Array;
  /** For what the views cannot write (unaligned fields, rare value shapes). */
  readonly view: DataView;
}

/** Views over `bytes`, which must start at a multiple of 8 in its buffer; a trailing partial word is not viewed. */
export function createRecordWords(bytes: Uint8Array): RecordWords {
  if (bytes.byteOffset % 8 !== 0) throw new Error("createRecordWords: the bytes must start 8-byte aligned");
  const { buffer, byteOffset, byteLength } = bytes;
  return {
    u32: new Uint32Array(buffer, byteOffset, byteLength >> 2),
    f64: new Float64Array(buffer, byteOffset, byteLength >> 3),
    view: new DataView(buffer, byteOffset, byteLength),
  };
}
