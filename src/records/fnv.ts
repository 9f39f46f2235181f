// FNV-1a-64 over the UTF-8 bytes of a text (offset basis 0xcbf29ce484222325, prime 0x100000001b3): the trade id
// hash stored at byte 25 of a trade record. Computed in two u32 halves so the hot path never touches BigInt.

const OFFSET_BASIS_HI = 0xcbf29ce4;
const OFFSET_BASIS_LO = 0x84222325;
/** The prime is 2^40 + 0x1b3, so h·p = h·0x1b3 + (h << 40) (mod 2^64). */
const PRIME_LOW = 0x1b3;
const TWO_POW_32 = 4294967296;

const utf8 = new TextEncoder();

// The last hash, as two u32 halves: module scratch instead of a returned object, so hashing allocates nothing.
let resultHi = 0;
let resultLo = 0;

function hashBytes(bytes: Uint8Array): void {
  let hi = OFFSET_BASIS_HI;
  let lo = OFFSET_BASIS_LO;
  for (let i = 0; i < bytes.length; i++) {
    lo = (lo ^ bytes[i]!) >>> 0;
    const loProduct = lo * PRIME_LOW;
    const nextLo = loProduct >>> 0;
    hi = (hi * PRIME_LOW + (loProduct - nextLo) / TWO_POW_32 + ((lo << 8) >>> 0)) >>> 0;
    lo = nextLo;
  }
  resultHi = hi;
  resultLo = lo;
}

function hashText(text: string): void {
  let hi = OFFSET_BASIS_HI;
  let lo = OFFSET_BASIS_LO;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    // Trade ids are almost always ASCII, where a UTF-16 code unit is the UTF-8 byte.
    if (code >= 0x80) {
      hashBytes(utf8.encode(text));
      return;
    }
    lo = (lo ^ code) >>> 0;
    const loProduct = lo * PRIME_LOW;
    const nextLo = loProduct >>> 0;
    hi = (hi * PRIME_LOW + (loProduct - nextLo) / TWO_POW_32 + ((lo << 8) >>> 0)) >>> 0;
    lo = nextLo;
  }
  resultHi = hi;
  resultLo = lo;
}

/** Writes FNV-1a-64(text) as a little-endian u64 at `offset` (the on-disk form). Allocation-free for ASCII. */
export function writeFnv1a64(text: string, view: DataView, offset: number): void {
  hashText(text);
  view.setUint32(offset, resultLo, true);
  view.setUint32(offset + 4, resultHi, true);
}

/** A hash as two u32 halves: one object, written over by every `hashFnv1a64Halves` (read it before the next call). */
export interface Fnv1a64Halves {
  readonly hi: number;
  readonly lo: number;
}

const halves = { hi: 0, lo: 0 };

/** FNV-1a-64(text) as its high and low u32 halves, in one reused object (allocation-free for ASCII). */
export function hashFnv1a64Halves(text: string): Fnv1a64Halves {
  hashText(text);
  halves.hi = resultHi;
  halves.lo = resultLo;
  return halves;
}

/** FNV-1a-64(text) as 16 lowercase hex digits, most significant first (`""` → `cbf29ce484222325`). */
export function hashFnv1a64Hex(text: string): string {
  hashText(text);
  return resultHi.toString(16).padStart(8, "0") + resultLo.toString(16).padStart(8, "0");
}

/**
 * The low 53 bits of FNV-1a-64(text) as a number: a compact in-memory key (a Set of numbers holds no strings);
 * collisions among a few thousand keys are about 1 in 10^9.
 */
export function hashFnv1a64Number(text: string): number {
  hashText(text);
  return (resultHi & 0x1fffff) * 0x1_0000_0000 + resultLo;
}

/** The same 53-bit number from FNV-1a-64's 16 hex digits (as day files store the hash). */
export function fnv1a64NumberOfHex(hex: string): number {
  return (
    (Number.parseInt(hex.slice(0, 8), 16) & 0x1fffff) * 0x1_0000_0000 + Number.parseInt(hex.slice(8, 16), 16)
  );
}

/** FNV-1a-64(text) as a bigint. Off hot paths only (BigInt is slow in Bun's loops). */
export function hashFnv1a64BigInt(text: string): bigint {
  hashText(text);
  return (BigInt(resultHi) << 32n) | BigInt(resultLo);
}

/** FNV-1a-64 of raw bytes, as 16 lowercase hex digits. */
export function hashFnv1a64BytesHex(bytes: Uint8Array): string {
  hashBytes(bytes);
  return resultHi.toString(16).padStart(8, "0") + resultLo.toString(16).padStart(8, "0");
}
