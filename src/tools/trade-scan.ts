// inspect's single pass over a trades or agg-trades day in time order: everything the general path finds (span,
// peak rate, gaps, NaN, duplicates, price and volume stats) chunk by chunk, without holding the day, sorting it or
// hashing every record. It gives up, and the general path runs, on a record older than the one before it.

import { type AnyRecordDef, aggTradesRecord, IS_LITTLE_ENDIAN, tradesRecord } from "../records/index.ts";
import type { GapSpan, TradeStats } from "./inspect.ts";

export interface TradeScanOptions {
  thresholdMs: number;
  maxGaps: number;
  minPlausibleMs: number;
  maxPlausibleMs: number;
}

export interface TradeScanResult {
  badTimestamps: number;
  /** Over plausible timestamps; +∞ / −∞ when there is none. */
  minTsMs: number;
  maxTsMs: number;
  peakRatePerS: number;
  gapCount: number;
  largestGapMs: number;
  gaps: GapSpan[];
  /** NaN counts of `price` and `size`, in that order, only where non-zero. */
  nanFields: Record<string, number>;
  duplicates: number;
  trades: TradeStats | undefined;
}

export interface TradeScan {
  /** Takes the next chunk of whole records; false when the records are not in time order (scan abandoned). */
  feed(chunk: Uint8Array): boolean;
  finish(): TradeScanResult;
}

const RECORD_BYTES = 48;
const TWO_POW_32 = 4294967296;
const TWO_POW_MINUS_32 = 1 / TWO_POW_32;
/** Same-millisecond records compared one by one up to this many; a longer burst switches to a set. */
const LINEAR_RUN_MEMBERS = 32;

/**
 * True for the layouts the scan reads by fixed offsets, trades and agg trades (i64 time at 0, f64 price at 8 and size
 * at 16, u8 side at 24, id at 25..33), on a little-endian host: the scan reads the disk's little-endian words through
 * typed arrays.
 */
export function canScanTrades(def: AnyRecordDef): boolean {
  return IS_LITTLE_ENDIAN && (def === tradesRecord || def === aggTradesRecord);
}

/** The duplicate key of the record at `at` (time and id words) into `into` at `index`. */
function readKey(view: DataView, at: number, into: Int32Array, index: number): void {
  into[index] = view.getInt32(at, true);
  into[index + 1] = view.getInt32(at + 4, true);
  into[index + 2] = view.getInt32(at + 25, true);
  into[index + 3] = view.getInt32(at + 29, true);
}

// Slots of the running totals. They live in a Float64Array between chunks and in locals within one: Bun compiles
// that loop to far better code than one over closure variables or object fields that change type.
const BAD = 0;
const LAST_TS = 1;
const SECOND = 2;
const SECOND_END = 3;
const PER_SECOND = 4;
const PEAK = 5;
const FIRST_PLAUSIBLE = 6;
const LAST_PLAUSIBLE = 7;
const NAN_PRICE = 8;
const NAN_SIZE = 9;
const PRICE_MIN = 10;
const PRICE_MAX = 11;
const VOLUME = 12;
const NOTIONAL = 13;
const BUY = 14;
const SELL = 15;
const DUPLICATES = 16;
const IS_RUN_OPEN = 17;
const COUNT = 18;
const SLOTS = 19;
/** Below this magnitude, t / 1000 rounds to the right whole second near every boundary (see `scanChunk`). */
const EXACT_SECONDS_MS = 2 ** 52;
/** XORed into a low time word, it makes signed int32 order the unsigned order. */
const LO_BIAS = -0x80000000;
const INT32_MIN = -0x80000000;
const INT32_MAX = 0x7fffffff;

/**
 * A scan over records in file order. Equal to the general path on files whose timestamps never go back (then file
 * order is sorted order): duplicates (same time and id bytes as an earlier record) can only sit in one run of equal
 * times, and the float sums are taken in the same order.
 */
export function createTradeScan(options: TradeScanOptions): TradeScan {
  const { maxGaps, minPlausibleMs, maxPlausibleMs } = options;
  // A threshold of 0 (or less) lists no gaps at all, as in the general path. Finite, so that the jump from −∞ to
  // the first plausible time (which records it) still passes.
  const thresholdMs = options.thresholdMs > 0 ? options.thresholdMs : Number.MAX_VALUE;
  const totals = new Float64Array(SLOTS);
  totals[LAST_TS] = Number.NEGATIVE_INFINITY;
  totals[SECOND] = Number.NaN;
  totals[SECOND_END] = Number.NEGATIVE_INFINITY;
  totals[FIRST_PLAUSIBLE] = Number.NaN;
  totals[LAST_PLAUSIBLE] = Number.NEGATIVE_INFINITY;
  totals[PRICE_MIN] = Number.POSITIVE_INFINITY;
  totals[PRICE_MAX] = Number.NEGATIVE_INFINITY;
  const gapList = { count: 0, largestMs: 0, gaps: [] as GapSpan[] };
  // The run of records sharing the last time: its distinct keys (time and id words), once it has two members.
  const run = {
    members: 0,
    keys: new Int32Array(LINEAR_RUN_MEMBERS * 4),
    set: undefined as Set<string> | undefined,
  };
  // The key of the last record of the previous chunk, which opens a run when the next chunk starts with its time.
  const lastKey = new Int32Array(4);

  /** A plausible time after a plausible one more than the threshold back (or the first plausible time at all). */
  function notePlausibleJump(previous: number, t: number): void {
    if (previous === Number.NEGATIVE_INFINITY) {
      totals[FIRST_PLAUSIBLE] = t;
      return;
    }
    const gap: GapSpan = { fromMs: previous, toMs: t, lengthMs: t - previous };
    gapList.count++;
    if (gap.lengthMs > gapList.largestMs) gapList.largestMs = gap.lengthMs;
    if (gapList.gaps.length < maxGaps) gapList.gaps.push(gap);
  }

  /** The record at `at` has the time of the one before it: 1 when its key repeats one of that run, else 0. */
  function countRepeat(view: DataView, at: number, isRunOpen: boolean): number {
    const keys = run.keys;
    if (!isRunOpen) {
      if (at > 0) readKey(view, at - RECORD_BYTES, keys, 0);
      else keys.set(lastKey, 0);
      run.members = 1;
      run.set = undefined;
    }
    const k0 = view.getInt32(at, true);
    const k1 = view.getInt32(at + 4, true);
    const k2 = view.getInt32(at + 25, true);
    const k3 = view.getInt32(at + 29, true);
    if (run.set) {
      const key = `${k0},${k1},${k2},${k3}`;
      if (run.set.has(key)) return 1;
      run.set.add(key);
      return 0;
    }
    for (let m = 0; m < run.members; m++) {
      const base = m * 4;
      if (keys[base] === k0 && keys[base + 1] === k1 && keys[base + 2] === k2 && keys[base + 3] === k3)
        return 1;
    }
    if (run.members < LINEAR_RUN_MEMBERS) {
      const base = run.members * 4;
      keys[base] = k0;
      keys[base + 1] = k1;
      keys[base + 2] = k2;
      keys[base + 3] = k3;
      run.members++;
    } else {
      run.set = new Set();
      for (let m = 0; m < run.members; m++)
        run.set.add(Array.from(keys.subarray(m * 4, m * 4 + 4)).join(","));
      run.set.add(`${k0},${k1},${k2},${k3}`);
    }
    return 0;
  }

  /** `feed` on a chunk that starts at an 8-byte boundary; false when a time goes back. */
  function scanChunk(chunk: Uint8Array, records: number): boolean {
    const view = new DataView(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    let bad = totals[BAD]!;
    let lastTs = totals[LAST_TS]!;
    let second = totals[SECOND]!;
    let secondEnd = totals[SECOND_END]!;
    let perSecond = totals[PER_SECOND]!;
    let peak = totals[PEAK]!;
    let lastPlausible = totals[LAST_PLAUSIBLE]!;
    let duplicates = totals[DUPLICATES]!;
    let isRunOpen = totals[IS_RUN_OPEN] === 1;
    // Locals, not the closure's constants: Bun reloads captured values on every use inside the loop.
    const lowMs = minPlausibleMs;
    const highMs = maxPlausibleMs;
    const gapMs = thresholdMs;
    // The common case, the fast way: int32 compares on the raw time words, no time as a number. A record goes it
    // when its high word is `fastHi` and its low word (biased, so that signed order is unsigned order) is above
    // `lastLo`, the last record's (a later time), and below `fastEndLo` (still in the second of the last record that
    // went the full way, and below highMs). Then it only counts in that second, and lastTs and lastPlausible are its
    // time, rebuilt from lastLo when the full way next runs: lastLo differs from `armedLo`, the low word of the record
    // that opened the fast way, once a record went it. Closed (fastEndLo at the int32 minimum) until a chunk's first
    // record has gone the full way, after an implausible time, and for a gap threshold under a second (a later time
    // in the same second may then still be a gap; from a second up, no time in the same second is).
    let fastHi = 0;
    let fastEndLo = INT32_MIN;
    let lastLo = 0;
    let armedLo = 0;
    const isFastAllowed = gapMs >= 1000;
    // Price and size stats on the assumption that every price and size is finite (nearly always): no test per
    // record. A non-finite one leaves the volume or the notional non-finite for good (NaN and ±∞ never add back to a
    // finite sum, and price × 0 is NaN for an infinite price), so a check after the loop tells; the chunk's stats are
    // then taken again from the totals with the general path's test per record, in the same order.
    const prices = new Float64Array(chunk.buffer, chunk.byteOffset, Math.floor(records) * 6);
    const words = new Int32Array(chunk.buffer, chunk.byteOffset, Math.floor(records) * 12);
    let priceMin = totals[PRICE_MIN]!;
    let priceMax = totals[PRICE_MAX]!;
    let volume = totals[VOLUME]!;
    let notional = totals[NOTIONAL]!;
    let buy = totals[BUY]!;
    let sell = totals[SELL]!;
    const isFiniteStart = volume - volume + (notional - notional) === 0;
    for (let i = 0; i < records; ) {
      const at = i * RECORD_BYTES;
      const hi = view.getInt32(at + 4, true);
      const lo = view.getInt32(at, true) ^ LO_BIAS;
      if (lastLo !== armedLo) {
        lastTs = fastHi * TWO_POW_32 + ((lastLo ^ LO_BIAS) >>> 0);
        lastPlausible = lastTs;
        isRunOpen = false;
      }
      const t = hi * TWO_POW_32 + ((lo ^ LO_BIAS) >>> 0);
      // An earlier time ends the scan; an equal one may repeat a record of its run.
      if (t <= lastTs) {
        if (t < lastTs) return false;
        duplicates += countRepeat(view, at, isRunOpen);
        isRunOpen = true;
      } else {
        isRunOpen = false;
      }
      // Peak per second: t only grows, so it is in the last second while below that second's end. Near ±2^53
      // t / 1000 may round across a boundary, so there every time goes through Math.floor as in the general path.
      if (t < secondEnd) perSecond++;
      else {
        const s = Math.floor(t / 1000);
        if (s === second) perSecond++;
        else {
          // A second ends: its count is a candidate for the peak (the last second's is taken at the end).
          if (perSecond > peak) peak = perSecond;
          second = s;
          perSecond = 1;
        }
        secondEnd = Math.abs(t) < EXACT_SECONDS_MS ? (s + 1) * 1000 : Number.NEGATIVE_INFINITY;
      }
      fastEndLo = INT32_MIN;
      // Plausible times: in order, the first is the smallest and the last the largest; gaps between them.
      if (t >= lowMs && t < highMs) {
        if (t - lastPlausible > gapMs) notePlausibleJump(lastPlausible, t);
        lastPlausible = t;
        const fastEnd = secondEnd < highMs ? secondEnd : highMs;
        if (isFastAllowed && fastEnd > t) {
          // fastEnd > t ≥ 2^32·hi, so its high word is hi or above; above, every low word of hi is below it.
          const endHi = Math.floor(fastEnd * TWO_POW_MINUS_32);
          fastHi = hi;
          fastEndLo = endHi === hi ? (fastEnd - endHi * TWO_POW_32) ^ LO_BIAS : INT32_MAX;
        }
      } else {
        bad++;
      }
      lastTs = t;
      lastLo = lo;
      armedLo = lo;
      // This record's price and size, then the same for the records after it that go the fast way: a loop of its own
      // (in Bun far quicker than one loop whose fast case `continue`s), reading the time words through an Int32Array
      // (a little quicker there than DataView).
      const runStart = i;
      for (;;) {
        const w = i * 6 + 1;
        const price = prices[w]!;
        const size = prices[w + 1]!;
        if (price < priceMin) priceMin = price;
        if (price > priceMax) priceMax = price;
        volume += size;
        notional += price * size;
        // Sides alternate unpredictably: add to both sums (one of them ±0) rather than branch.
        const sold = size * +(chunk[i * RECORD_BYTES + 24] === 1);
        sell += sold;
        buy += size - sold;
        if (++i >= records) break;
        const nextLo = words[i * 12]! ^ LO_BIAS;
        if (!(words[i * 12 + 1]! === fastHi && nextLo > lastLo && nextLo < fastEndLo)) break;
        lastLo = nextLo;
      }
      perSecond += i - runStart - 1;
    }
    if (lastLo !== armedLo) {
      lastTs = fastHi * TWO_POW_32 + ((lastLo ^ LO_BIAS) >>> 0);
      lastPlausible = lastTs;
      isRunOpen = false;
    }
    totals[BAD] = bad;
    totals[LAST_TS] = lastTs;
    totals[SECOND] = second;
    totals[SECOND_END] = secondEnd;
    totals[PER_SECOND] = perSecond;
    totals[PEAK] = peak;
    totals[LAST_PLAUSIBLE] = lastPlausible;
    totals[DUPLICATES] = duplicates;
    totals[IS_RUN_OPEN] = isRunOpen ? 1 : 0;
    if (isFiniteStart && volume - volume + (notional - notional) === 0) {
      totals[PRICE_MIN] = priceMin;
      totals[PRICE_MAX] = priceMax;
      totals[VOLUME] = volume;
      totals[NOTIONAL] = notional;
      totals[BUY] = buy;
      totals[SELL] = sell;
    } else addTradeStatsChecked(prices, chunk, records, totals);
    return true;
  }

  return {
    feed(chunk: Uint8Array): boolean {
      const records = chunk.length / RECORD_BYTES;
      // Float64Array over the chunk needs an 8-byte aligned start (the reader's chunks have one).
      const bytes = chunk.byteOffset % 8 === 0 ? chunk : chunk.slice();
      if (!scanChunk(bytes, records)) return false;
      totals[COUNT] = totals[COUNT]! + records;
      if (records > 0) {
        const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
        readKey(view, (records - 1) * RECORD_BYTES, lastKey, 0);
      }
      return true;
    },
    finish(): TradeScanResult {
      const nanFields: Record<string, number> = {};
      if (totals[NAN_PRICE]! > 0) nanFields.price = totals[NAN_PRICE]!;
      if (totals[NAN_SIZE]! > 0) nanFields.size = totals[NAN_SIZE]!;
      const count = totals[COUNT]!;
      const volume = totals[VOLUME]!;
      const notional = totals[NOTIONAL]!;
      const hasPlausible = totals[LAST_PLAUSIBLE] !== Number.NEGATIVE_INFINITY;
      return {
        badTimestamps: totals[BAD]!,
        minTsMs: hasPlausible ? totals[FIRST_PLAUSIBLE]! : Number.POSITIVE_INFINITY,
        maxTsMs: totals[LAST_PLAUSIBLE]!,
        peakRatePerS: Math.max(totals[PEAK]!, totals[PER_SECOND]!),
        gapCount: gapList.count,
        largestGapMs: gapList.largestMs,
        gaps: gapList.gaps,
        nanFields,
        duplicates: totals[DUPLICATES]!,
        trades:
          count === 0
            ? undefined
            : {
                priceMin: totals[PRICE_MIN]!,
                priceMax: totals[PRICE_MAX]!,
                vwap: volume > 0 ? notional / volume : Number.NaN,
                volume,
                notional,
                buyVolume: totals[BUY]!,
                sellVolume: totals[SELL]!,
              },
      };
    },
  };
}

/**
 * A chunk's prices and sizes into the totals with the general path's test per record: NaN counted, a record with a
 * non-finite price or size left out of the stats.
 */
function addTradeStatsChecked(
  prices: Float64Array,
  bytes: Uint8Array,
  records: number,
  totals: Float64Array,
): void {
  for (let i = 0, w = 1, at = 24; i < records; i++, w += 6, at += RECORD_BYTES) {
    const price = prices[w]!;
    const size = prices[w + 1]!;
    if (!Number.isFinite(price) || !Number.isFinite(size)) {
      if (Number.isNaN(price)) totals[NAN_PRICE]!++;
      if (Number.isNaN(size)) totals[NAN_SIZE]!++;
      continue;
    }
    if (price < totals[PRICE_MIN]!) totals[PRICE_MIN] = price;
    if (price > totals[PRICE_MAX]!) totals[PRICE_MAX] = price;
    totals[VOLUME]! += size;
    totals[NOTIONAL]! += price * size;
    if (bytes[at] === 1) totals[SELL]! += size;
    else totals[BUY]! += size;
  }
}
