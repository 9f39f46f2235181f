// Little-endian 64-bit integer access through u32 halves (no BigInt on hot paths, toolchain note G5), plus the
// absent-value conventions of the Rust layouts: NaN floats, i64::MIN for optional i64, u64::MAX for optional u64.

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

/** The u64 at `offset` as 16 lowercase hex digits, most significant first (how FNV vectors are written). */
export function readU64Hex(view: DataView, offset: number): string {
  return formatHex8(view.getUint32(offset + 4, true)) + formatHex8(view.getUint32(offset, true));
}

/** Hex digit values by char code (either case); 16 marks a char that is not a hex digit. */
const HEX_VALUES = new Uint8Array(128).fill(16);
for (let i = 0; i < 10; i++) HEX_VALUES[48 + i] = i;
for (let i = 0; i < 6; i++) {
  HEX_VALUES[65 + i] = 10 + i;
  HEX_VALUES[97 + i] = 10 + i;
}

/**
 * Writes 16 hex digits (most significant first; shorter text is left-padded with zeros) as a u64. Exactly 16 hex
 * digits (every trade id hash) take a table lookup per char instead of two `slice` + `parseInt`: this is the
 * dearest field of a trade record to encode.
 */
export function writeU64Hex(view: DataView, offset: number, hex: string): void {
  if (hex.length === 16) {
    let codes = 0;
    let values = 0;
    let hi = 0;
    let lo = 0;
    for (let k = 0; k < 8; k++) {
      const a = hex.charCodeAt(k);
      const b = hex.charCodeAt(k + 8);
      const high = HEX_VALUES[a & 127]!;
      const low = HEX_VALUES[b & 127]!;
      codes |= a | b;
      values |= high | low;
      hi = (hi << 4) | high;
      lo = (lo << 4) | low;
    }
    // A char past ASCII or one that is not a hex digit takes the general path below.
    if (codes < 128 && values < 16) {
      view.setInt32(offset, lo, true);
      view.setInt32(offset + 4, hi, true);
      return;
    }
  }
  const digits = hex.length >= 16 ? hex : hex.padStart(16, "0");
  view.setUint32(offset, Number.parseInt(digits.slice(8, 16), 16) >>> 0, true);
  view.setUint32(offset + 4, Number.parseInt(digits.slice(0, 8), 16) >>> 0, true);
}

export function formatHex8(value: number): string {
  const text = value.toString(16);
  return text.length === 8 ? text : text.padStart(8, "0");
}
