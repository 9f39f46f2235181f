// Synthetic trade records for the storage benchmarks: a pool of distinct records (price walk, sizes, sides, hashed
// venue ids, receive times) cycled through with the time set per record, so millions of appends need no millions
// of objects. One day of them, in time order, with a two-minute pause every 2^20 records. The writer's benchmark counts
// making each record against dig3, so `recordAt` is a few shifts and masks, no division.

import { RECORDS } from "../src/records/index.ts";
import { type TradeRecord, tradeIdHashOf } from "../src/records/trades.ts";
import { openSeriesWriter, resolveDayFilePaths, resolveSeriesDir } from "../src/storage/index.ts";

export const BENCH_DAY = "2024-01-01";
const DAY_START_MS = Date.UTC(2024, 0, 1);
const POOL_SIZE = 4096;
/** Records between pauses: a power of two, so a record's pause count is a shift. */
const PAUSE_SHIFT = 20;
const PAUSE_EVERY = 2 ** PAUSE_SHIFT;
const PAUSE_MS = 120_000;

export interface TradeSequence {
  readonly count: number;
  /** The record of index `i`: a pooled object with its time fields set; valid until the next call. */
  recordAt(i: number): TradeRecord;
}

/** Pauses in a sequence of `count` trades; each is longer than inspect's trade gap threshold (60 s). */
export function countPauses(count: number): number {
  return Math.max(0, Math.floor((count - 1) / PAUSE_EVERY));
}

/** `count` trades spread over one UTC day. */
export function createTradeSequence(count: number): TradeSequence {
  const pauses = countPauses(count);
  const stepMs = Math.max(1, Math.floor((86_000_000 - pauses * PAUSE_MS) / count));
  const pool: TradeRecord[] = [];
  let price = 42_000;
  let seed = 7;
  const nextRandom = () => {
    seed = (Math.imul(seed, 1_103_515_245) + 12_345) >>> 0;
    return seed / 4_294_967_296;
  };
  for (let i = 0; i < POOL_SIZE; i++) {
    price = Math.round((price + (nextRandom() - 0.5) * 4) * 100) / 100;
    const hash = tradeIdHashOf(String(3_000_000_000 + i));
    pool.push({
      tsMs: 0,
      price,
      size: Math.round(nextRandom() * 2_000) / 1_000 + 0.001,
      side: nextRandom() < 0.5 ? "buy" : "sell",
      tradeIdHashHi: hash.tradeIdHashHi,
      tradeIdHashLo: hash.tradeIdHashLo,
      recvTsUs: 0,
    });
  }
  return {
    count,
    recordAt(i: number): TradeRecord {
      const record = pool[i & (POOL_SIZE - 1)]!;
      const tsMs = DAY_START_MS + i * stepMs + (i >>> PAUSE_SHIFT) * PAUSE_MS;
      record.tsMs = tsMs;
      record.recvTsUs = tsMs * 1000 + 350 + (i & 63);
      return record;
    },
  };
}

/** Where the benchmarks put the series (a day-file path shape, so inspect tells the kind from it). */
export const BENCH_SERIES = {
  slug: "trades",
  exchange: "binance",
  account: "spot",
  symbol: "BTCUSDT",
} as const;

/**
 * Every record of `sequence` appended through dig3's series writer under `root` (BENCH_SERIES); the `.dat` path.
 * `writeBehind` as the writer's option (default: the writer's own choice).
 */
export function writeTradeDay(root: string, sequence: TradeSequence, writeBehind?: boolean): string {
  const key = { root, ...BENCH_SERIES };
  const writer = openSeriesWriter({
    ...key,
    def: RECORDS.trades,
    ...(writeBehind === undefined ? {} : { writeBehind }),
  });
  for (let i = 0; i < sequence.count; i++) writer.append(sequence.recordAt(i));
  writer.close();
  return resolveDayFilePaths(resolveSeriesDir(key), BENCH_DAY).dat;
}
