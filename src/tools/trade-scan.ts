// inspect's single pass over a trades or agg-trades day in time order: everything the general path finds (span,
// peak rate, gaps, NaN, duplicates, price and volume stats) chunk by chunk, without holding the day, sorting it or
// hashing every record. It gives up, and the general path runs, on a record older than the one before it.

import type { AnyRecordDef } from "../records/index.ts";
import type { GapSpan, TradeStats } from "./inspect.ts";

export interface TradeScanOptions {
  thresholdMs: number;
  maxGaps: number;
  minPlausibleMs: number;
  maxPlausibleMs: number;
}

export interface TradeScanResult {
  count: number;
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
/** Same-millisecond records compared one by one up to this many; a longer burst switches to a set. */
const LINEAR_RUN_MEMBERS = 32;

/**
 * True for the layouts the scan reads by fixed offsets: 48-byte trades and agg trades (i64 time at 0, f64 price at
 * 8 and size at 16, u8 side at 24, id at 25..33), price and size the only non-optional floats.
 */
export function canScanTrades(def: AnyRecordDef): boolean {
  if (def.size !== RECORD_BYTES || def.hasBlob) return false;
  if (def.stream !== "trade" && def.stream !== "agg_trade") return false;
  const at = (name: string) => def.fields.find((field) => field.name === name);
  const floats = def.fields
    .filter((field) => field.type === "f64" && !field.optional)
    .map((field) => field.name);
  return (
    at("tsMs")?.offset === 0 &&
    at("price")?.offset === 8 &&
    at("size")?.offset === 16 &&
    at("side")?.offset === 24 &&
    def.fields.some((field) => field.offset === 25 && field.size === 8) &&
    floats.join(",") === "price,size"
  );
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
/** Below this magnitude, t / 1000 rounds to the right whole second near every boundary (see `feed`). */
const EXACT_SECONDS_MS = 2 ** 52;

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

  return {
    feed(chunk: Uint8Array): boolean {
      const records = chunk.length / RECORD_BYTES;
      // DataView reads: in Bun these beat typed-array views of the same chunk here (no uint32 → double step).
      const view = new DataView(chunk.buffer, chunk.byteOffset, chunk.byteLength);
      let bad = totals[BAD]!;
      let lastTs = totals[LAST_TS]!;
      let second = totals[SECOND]!;
      let secondEnd = totals[SECOND_END]!;
      let perSecond = totals[PER_SECOND]!;
      let peak = totals[PEAK]!;
      let lastPlausible = totals[LAST_PLAUSIBLE]!;
      let nanPrice = totals[NAN_PRICE]!;
      let nanSize = totals[NAN_SIZE]!;
      let priceMin = totals[PRICE_MIN]!;
      let priceMax = totals[PRICE_MAX]!;
      let volume = totals[VOLUME]!;
      let notional = totals[NOTIONAL]!;
      let buy = totals[BUY]!;
      let sell = totals[SELL]!;
      let duplicates = totals[DUPLICATES]!;
      let isRunOpen = totals[IS_RUN_OPEN] === 1;
      // Locals, not the closure's constants: Bun reloads captured values on every use inside the loop.
      const lowMs = minPlausibleMs;
      const highMs = maxPlausibleMs;
      const gapMs = thresholdMs;
      // Below it (and after lastTs), a time is in the current second and plausible; −∞ until a chunk's first record
      // has gone the full way.
      let fastEnd = Number.NEGATIVE_INFINITY;
      for (let i = 0; i < records; i++) {
        const at = i * RECORD_BYTES;
        const t = view.getInt32(at + 4, true) * TWO_POW_32 + view.getUint32(at, true);
        // The common case in three comparisons: a later time, still in the last record's second, plausible like
        // the last one (fastEnd is −∞ after an implausible one), and no gap since it. All else takes the full way.
        if (t > lastTs && t < fastEnd && t - lastTs <= gapMs) {
          perSecond++;
          lastPlausible = t;
          isRunOpen = false;
        } else {
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
          // Plausible times: in order, the first is the smallest and the last the largest; gaps between them.
          if (t >= lowMs && t < highMs) {
            if (t - lastPlausible > gapMs) notePlausibleJump(lastPlausible, t);
            lastPlausible = t;
            fastEnd = secondEnd < highMs ? secondEnd : highMs;
          } else {
            bad++;
            fastEnd = Number.NEGATIVE_INFINITY;
          }
        }
        lastTs = t;
        const price = view.getFloat64(at + 8, true);
        const size = view.getFloat64(at + 16, true);
        // Finite both (x − x is 0 only for a finite x, NaN otherwise, and NaN spreads through the sum): the general
        // path's Number.isFinite, without a call. NaN is not finite, so NaN is counted only on the rare way out.
        if (price - price + (size - size) !== 0) {
          if (Number.isNaN(price)) nanPrice++;
          if (Number.isNaN(size)) nanSize++;
        } else {
          if (price < priceMin) priceMin = price;
          if (price > priceMax) priceMax = price;
          volume += size;
          notional += price * size;
          // Sides alternate unpredictably: add to both sums (one of them 0 × size) rather than branch.
          const isSell = +(view.getUint8(at + 24) === 1);
          sell += size * isSell;
          buy += size * (1 - isSell);
        }
      }
      totals[BAD] = bad;
      totals[LAST_TS] = lastTs;
      totals[SECOND] = second;
      totals[SECOND_END] = secondEnd;
      totals[PER_SECOND] = perSecond;
      totals[PEAK] = peak;
      totals[LAST_PLAUSIBLE] = lastPlausible;
      totals[NAN_PRICE] = nanPrice;
      totals[NAN_SIZE] = nanSize;
      totals[PRICE_MIN] = priceMin;
      totals[PRICE_MAX] = priceMax;
      totals[VOLUME] = volume;
      totals[NOTIONAL] = notional;
      totals[BUY] = buy;
      totals[SELL] = sell;
      totals[DUPLICATES] = duplicates;
      totals[IS_RUN_OPEN] = isRunOpen ? 1 : 0;
      totals[COUNT] = totals[COUNT]! + records;
      if (records > 0) readKey(view, (records - 1) * RECORD_BYTES, lastKey, 0);
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
        count,
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
