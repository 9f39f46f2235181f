// The book checksum OKX and Bitget share: the signed CRC32 of the top levels' texts, bid and ask interleaved
// (`bid1px:bid1sz:ask1px:ask1sz:…`), a shorter side simply stopping. The texts are the venue's where the levels kept
// them, so the hash covers exactly what was sent.
//
// A check runs after every update, yet an update changes few of the top levels. So each level's piece of the text
// (`:px:sz`) is hashed once, while it stays in the top, and the pieces are joined with CRC arithmetic: CRC32 is linear,
// so the CRC of `A` then `B` is the CRC of `A` carried over `B`'s length in zero bytes (four table lookups) XOR the CRC
// of `B` alone. The result is the CRC32 of the joined text, byte for byte (the tests compare with `Bun.hash.crc32`).

import type { BookView, Level } from "../../core/index.ts";

/** The reflected CRC32 table (polynomial 0xEDB88320), signed 32-bit entries. */
const CRC_TABLE = (() => {
  const table = new Int32Array(256);
  for (let n = 0; n < 256; n++) {
    let crc = n;
    for (let bit = 0; bit < 8; bit++) crc = crc & 1 ? 0xedb88320 ^ (crc >>> 1) : crc >>> 1;
    table[n] = crc;
  }
  return table;
})();

const COLON = 58;

/** One byte into a raw CRC (no initial or final inversion): the whole arithmetic is linear in `crc` and the bytes. */
function stepCrc(crc: number, byte: number): number {
  return (crc >>> 8) ^ CRC_TABLE[(crc ^ byte) & 0xff]!;
}

/**
 * The state that one `:` turns into CRC32's initial `0xFFFFFFFF`: starting there, every piece can carry its leading
 * `:`, the first one included. One CRC step is inverted through the table's top bytes, which are all distinct.
 */
const START_CRC = (() => {
  const target = -1;
  let index = 0;
  while (CRC_TABLE[index]! >>> 24 !== target >>> 24) index++;
  return ((target ^ CRC_TABLE[index]!) << 8) | (index ^ COLON);
})();

/** Longest piece whose carry gets a lookup table; longer pieces (never sent by the venues) step byte by byte. */
const MAX_TABLED_BYTES = 64;
/**
 * Per byte length `n` up to `MAX_TABLED_BYTES`: four 256-entry tables mapping each byte of a raw CRC to its part of
 * the CRC after `n` zero bytes. Built on first use (a venue's texts come in a few lengths); `NOT_BUILT` until then.
 */
const NOT_BUILT = new Int32Array(0);
const carryTables: Int32Array[] = new Array(MAX_TABLED_BYTES + 1).fill(NOT_BUILT);

function buildCarryTable(byteCount: number): Int32Array {
  const table = new Int32Array(1024);
  for (let lane = 0; lane < 4; lane++) {
    for (let value = 0; value < 256; value++) {
      let crc = value << (lane * 8);
      for (let i = 0; i < byteCount; i++) crc = stepCrc(crc, 0);
      table[lane * 256 + value] = crc;
    }
  }
  carryTables[byteCount] = table;
  return table;
}

/** The raw CRC `crc` carried over `byteCount` zero bytes. */
function carryCrc(crc: number, byteCount: number): number {
  if (byteCount > MAX_TABLED_BYTES) {
    for (let i = 0; i < byteCount; i++) crc = stepCrc(crc, 0);
    return crc;
  }
  let table = carryTables[byteCount]!;
  if (table === NOT_BUILT) table = buildCarryTable(byteCount);
  return (
    table[crc & 0xff]! ^
    table[256 + ((crc >>> 8) & 0xff)]! ^
    table[512 + ((crc >>> 16) & 0xff)]! ^
    table[768 + (crc >>> 24)]!
  );
}

/** The text of a level as the venue sent it; the number's own text for levels that came without it. */
function textOf(level: Level, at: 2 | 3): string {
  return level[at] ?? String(level[at - 2]);
}

/** Set by `crcOfText` when a text holds a character that is not ASCII (the text is then hashed as a UTF-8 string). */
let sawNonAscii = false;

function crcOfText(crc: number, text: string): number {
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code > 0x7f) sawNonAscii = true;
    crc = stepCrc(crc, code);
  }
  return crc;
}

/** The raw CRC of a level's piece `:px:sz`. */
function crcOfPiece(level: Level): number {
  return crcOfText(stepCrc(crcOfText(stepCrc(0, COLON), textOf(level, 2)), COLON), textOf(level, 3));
}

/** The pieces of one side's top levels, best first: the level each came from, its piece's raw CRC and length. */
interface SidePieces {
  count: number;
  levels: (Level | undefined)[];
  crcs: Int32Array;
  byteCounts: Int32Array;
}

function createSidePieces(depth: number): SidePieces {
  return {
    count: 0,
    levels: new Array(depth).fill(undefined),
    crcs: new Int32Array(depth),
    byteCounts: new Int32Array(depth),
  };
}

/** Per side, the pieces from the last check, then the ones being built; swapped after each check. */
interface BookCache {
  depth: number;
  bids: SidePieces[];
  asks: SidePieces[];
}

const cacheOfBook = new WeakMap<BookView, BookCache>();

function cacheOf(book: BookView, depth: number): BookCache {
  let cache = cacheOfBook.get(book);
  if (cache === undefined || cache.depth !== depth) {
    cache = {
      depth,
      bids: [createSidePieces(depth), createSidePieces(depth)],
      asks: [createSidePieces(depth), createSidePieces(depth)],
    };
    cacheOfBook.set(book, cache);
  }
  return cache;
}

/** How far past the last match the walk looks for a level of the last check (a change moves few levels). */
const LOOKAHEAD_LEVELS = 8;

/**
 * Fills the side's pieces for `levels` (best first), reusing the last check's CRC of every level still in the top.
 * Levels are never changed in place (a change is a new level), so the same level has the same texts, and it is found
 * by identity alone: an unchanged level is not read at all (after an update most of the top was last touched a frame
 * ago, out of the nearest caches). Both lists are in book order, so one walk finds them. False when a text is not
 * ASCII.
 */
function fillPieces(side: SidePieces[], levels: readonly Level[]): boolean {
  const last = side[0]!;
  const next = side[1]!;
  const lastLevels = last.levels;
  const lastCount = last.count;
  const nextLevels = next.levels;
  let j = 0;
  for (let i = 0; i < levels.length; i++) {
    const level = levels[i]!;
    nextLevels[i] = level;
    const end = Math.min(j + LOOKAHEAD_LEVELS, lastCount);
    let at = j;
    while (at < end && lastLevels[at] !== level) at++;
    if (at < end) {
      next.crcs[i] = last.crcs[at]!;
      next.byteCounts[i] = last.byteCounts[at]!;
      j = at + 1;
      continue;
    }
    sawNonAscii = false;
    next.crcs[i] = crcOfPiece(level);
    if (sawNonAscii) return false;
    next.byteCounts[i] = textOf(level, 2).length + textOf(level, 3).length + 2;
  }
  for (let i = levels.length; i < next.count; i++) nextLevels[i] = undefined;
  next.count = levels.length;
  side[0] = next;
  side[1] = last;
  return true;
}

/** The checksum text as one string (hashed as UTF-8): the path for texts that are not all ASCII. */
function checksumTextOf(bids: readonly Level[], asks: readonly Level[], depth: number): string {
  const parts: string[] = [];
  for (let i = 0; i < depth; i++) {
    const bid = bids[i];
    if (bid) parts.push(textOf(bid, 2), textOf(bid, 3));
    const ask = asks[i];
    if (ask) parts.push(textOf(ask, 2), textOf(ask, 3));
  }
  return parts.join(":");
}

/** The signed 32-bit CRC32 of the best `depth` levels a side, interleaved as `bid1px:bid1sz:ask1px:ask1sz:…`. */
export function interleavedLevelsCrc32(book: BookView, depth: number): number {
  const bids = book.bids(depth);
  const asks = book.asks(depth);
  const cache = cacheOf(book, depth);
  if (!fillPieces(cache.bids, bids) || !fillPieces(cache.asks, asks)) {
    return Bun.hash.crc32(checksumTextOf(bids, asks, depth)) | 0;
  }
  const bidPieces = cache.bids[0]!;
  const askPieces = cache.asks[0]!;
  const rows = Math.max(bidPieces.count, askPieces.count);
  if (rows === 0) return 0;
  let crc = START_CRC;
  for (let i = 0; i < rows; i++) {
    if (i < bidPieces.count) crc = carryCrc(crc, bidPieces.byteCounts[i]!) ^ bidPieces.crcs[i]!;
    if (i < askPieces.count) crc = carryCrc(crc, askPieces.byteCounts[i]!) ^ askPieces.crcs[i]!;
  }
  return ~crc | 0;
}
