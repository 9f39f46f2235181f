// inspect's one-pass scan of trades and agg-trades days against its general path (the whole day sorted and
// hashed): the same report, field for field, over chunk boundaries, same-millisecond bursts, duplicates, NaN,
// implausible times, torn tails and gap options; and the general path taking over for a day out of time order.

import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import { appendFileSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { encodeRecords } from "../records/columns.ts";
import type { AnyRecordDef } from "../records/define.ts";
import { RECORDS } from "../records/registry.ts";
import type { AggTradeRecord, TradeRecord } from "../records/trades.ts";
import { scanDayFile } from "../storage/reader.ts";
import { createTempRoot } from "../storage/testdata/fixtures.ts";
import { describeDayFile } from "./day-files.ts";
import { type InspectFileOptions, inspectDayFile } from "./inspect.ts";
import { canScanTrades, createTradeScan } from "./trade-scan.ts";

const DAY_MS = Date.UTC(2024, 0, 1);
/** More than two of the reader's ~1 MiB chunks (21 845 records of 48 B). */
const COUNT = 50_000;

let temp: ReturnType<typeof createTempRoot>;
beforeEach(() => {
  temp = createTempRoot();
});
afterEach(() => temp.remove());

function writeDay(slug: "trades" | "agg_trades", bytes: Uint8Array): string {
  const dir = join(temp.root, slug, "binance", "spot", "btcusdt");
  mkdirSync(dir, { recursive: true });
  const path = join(dir, "2024-01-01.dat");
  writeFileSync(path, bytes);
  return path;
}

/** Seeded, so a failure reproduces. */
function createRandom(seed: number): () => number {
  let state = seed;
  return () => {
    state = (Math.imul(state, 1_103_515_245) + 12_345) >>> 0;
    return state / 4_294_967_296;
  };
}

/**
 * A day in time order with what the scan must get right: implausible times first (0 sorts first), bursts of one
 * millisecond (one longer than the linear run limit, one across the first chunk boundary), repeated ids inside
 * bursts (also of a burst's first record, and across the boundary), pauses past the gap threshold, NaN fields.
 */
function makeTrades(count: number): TradeRecord[] {
  const random = createRandom(11);
  const out: TradeRecord[] = [];
  let tsMs = DAY_MS + 1_000;
  for (let i = 0; i < count; i++) {
    if (i < 3) {
      out.push(trade(i === 2 ? 5 : 0, i, random));
      continue;
    }
    const isBurst = (i >= 1000 && i < 1100) || (i >= 21_800 && i < 21_900) || random() < 0.3;
    if (!isBurst) tsMs += 1 + Math.floor(random() * 40);
    if (i % 9_000 === 0) tsMs += 61_000 + i;
    const record = trade(tsMs, i, random);
    // A repeat of a record earlier in the same millisecond: same time, same id.
    if (isBurst && random() < 0.2 && out.length > 0 && out.at(-1)!.tsMs === tsMs) {
      let first = out.length - 1;
      while (first > 0 && out[first - 1]!.tsMs === tsMs) first--;
      const earlier = out[first + Math.floor(random() * (out.length - first))]!;
      record.tradeIdHashHi = earlier.tradeIdHashHi;
      record.tradeIdHashLo = earlier.tradeIdHashLo;
    }
    out.push(record);
  }
  // At the second chunk boundary a millisecond of its own opens with the chunk's last record and repeats it as
  // the next chunk's first (the first boundary falls inside a burst, whose run is already open).
  const lastOfChunk = out[43_689]!;
  lastOfChunk.tsMs = out[43_688]!.tsMs + 1;
  for (let i = 43_690; i < out.length; i++) out[i]!.tsMs += 1;
  out[43_690] = {
    ...out[43_690]!,
    tsMs: lastOfChunk.tsMs,
    tradeIdHashHi: lastOfChunk.tradeIdHashHi,
    tradeIdHashLo: lastOfChunk.tradeIdHashLo,
  };
  return out;
}

function trade(tsMs: number, i: number, random: () => number): TradeRecord {
  return {
    tsMs,
    price: i % 997 === 0 ? Number.NaN : 42_000 + Math.round(random() * 10_000) / 100,
    size: i % 1_201 === 0 ? Number.NaN : i % 1_301 === 0 ? Number.POSITIVE_INFINITY : random() * 2,
    side: random() < 0.5 ? "buy" : "sell",
    tradeIdHashHi: 0,
    tradeIdHashLo: 0x1000 + i,
    recvTsUs: tsMs * 1000 + 5,
  };
}

async function inspectBoth(path: string, options: InspectFileOptions = {}) {
  const ref = describeDayFile(path);
  return {
    onePass: await inspectDayFile(ref, options),
    general: await inspectDayFile(ref, { ...options, onePass: false }),
  };
}

/** Runs the scan itself, so a test knows the one-pass path took the file (and did not fall back). */
async function isScannedInOnePass(
  path: string,
  def: AnyRecordDef = RECORDS.trades as AnyRecordDef,
): Promise<boolean> {
  expect(canScanTrades(def)).toBe(true);
  const scan = createTradeScan({
    thresholdMs: 60_000,
    maxGaps: 1000,
    minPlausibleMs: 946_684_800_000,
    maxPlausibleMs: 7_258_118_400_000,
  });
  return (await scanDayFile(path, (chunk) => scan.feed(chunk), { def })).isComplete;
}

describe("inspect in one pass", () => {
  test("a trades day in time order: the general path's report, field for field", async () => {
    const records = makeTrades(COUNT);
    const path = writeDay("trades", encodeRecords(records, RECORDS.trades));
    expect(await isScannedInOnePass(path)).toBe(true);
    const { onePass, general } = await inspectBoth(path);
    expect(onePass).toEqual(general);
    // The fixture exercises what it means to: every finding is there.
    expect(general.duplicates).toBeGreaterThan(10);
    expect(general.gapCount).toBeGreaterThan(3);
    expect(general.badTimestamps).toBe(3);
    expect(general.nanFields.price).toBeGreaterThan(0);
    expect(general.nanFields.size).toBeGreaterThan(0);
    expect(general.outOfOrder).toBe(0);
    expect(general.status).toBe("corrupt");
  });

  test("the peak per second counts a record on a second's first millisecond in that second", async () => {
    const random = createRandom(5);
    for (const [times, peak] of [
      [[998, 999, 1_000, 1_000, 2_500], 2],
      [[100, 200, 300, 1_100, 1_200, 1_300, 1_400, 2_500], 4],
      [[100, 1_100, 1_200, 1_300], 3],
    ] as const) {
      const records = times.map((offsetMs, i) => trade(DAY_MS + offsetMs, i, random));
      const path = writeDay("trades", encodeRecords(records, RECORDS.trades));
      const { onePass, general } = await inspectBoth(path);
      expect(onePass).toEqual(general);
      expect(onePass.peakRatePerS).toBe(peak);
    }
  });

  test("a clean day", async () => {
    const records = makeTrades(COUNT)
      .slice(3)
      .map((record, i) => ({
        ...record,
        price: 100 + i,
        size: 1,
        tradeIdHashHi: 0,
        tradeIdHashLo: i + 1,
      }));
    const path = writeDay("trades", encodeRecords(records, RECORDS.trades));
    const { onePass, general } = await inspectBoth(path);
    expect(onePass).toEqual(general);
    expect(general.status).toBe("dirty"); // no .idx
    expect(general.duplicates).toBe(0);
    expect(general.trades!.priceMin).toBe(100);
  });

  test("agg trades", async () => {
    const records: AggTradeRecord[] = makeTrades(COUNT).map((record, i) => ({
      ...record,
      aggId: String(i % 7_000 === 0 ? i - 1 : i),
    }));
    const path = writeDay("agg_trades", encodeRecords(records, RECORDS.agg_trades));
    expect(await isScannedInOnePass(path, RECORDS.agg_trades)).toBe(true);
    const { onePass, general } = await inspectBoth(path);
    expect(onePass).toEqual(general);
  });

  test("gap options: none listed at 0, a short threshold, a short list", async () => {
    const path = writeDay("trades", encodeRecords(makeTrades(COUNT), RECORDS.trades));
    for (const options of [{ gapMs: 0 }, { gapMs: 30 }, { gapMs: 30, maxGaps: 5 }, { gapMs: -1 }]) {
      const { onePass, general } = await inspectBoth(path, options);
      expect(onePass).toEqual(general);
    }
    expect((await inspectBoth(path, { gapMs: 0 })).onePass.gapCount).toBe(0);
    expect((await inspectBoth(path, { gapMs: 30, maxGaps: 5 })).onePass.gaps).toHaveLength(5);
  });

  test("a torn tail, an empty day, only implausible times", async () => {
    const torn = writeDay("trades", encodeRecords(makeTrades(COUNT), RECORDS.trades));
    appendFileSync(torn, new Uint8Array(17));
    expect((await inspectBoth(torn)).onePass).toEqual((await inspectBoth(torn)).general);
    expect((await inspectBoth(torn)).onePass.tornBytes).toBe(17);

    const empty = writeDay("trades", new Uint8Array(0));
    expect((await inspectBoth(empty)).onePass).toEqual((await inspectBoth(empty)).general);

    const random = createRandom(3);
    const implausible = Array.from({ length: 100 }, (_, i) => trade(i * 10, i, random));
    const path = writeDay("trades", encodeRecords(implausible, RECORDS.trades));
    const { onePass, general } = await inspectBoth(path);
    expect(onePass).toEqual(general);
    expect(general.firstTsMs).toBeUndefined();
  });

  test("a day out of time order goes the general way", async () => {
    const records = makeTrades(COUNT);
    [records[30_000], records[30_001]] = [records[30_001]!, records[30_000]!];
    records[30_000]!.tsMs += 5;
    const path = writeDay("trades", encodeRecords(records, RECORDS.trades));
    expect(await isScannedInOnePass(path)).toBe(false);
    const { onePass, general } = await inspectBoth(path);
    expect(onePass).toEqual(general);
    expect(general.outOfOrder).toBeGreaterThan(0);
  });

  test("one millisecond back is out of order too", async () => {
    const random = createRandom(9);
    const records = [1_000, 2_000, 1_999, 3_000].map((offsetMs, i) => trade(DAY_MS + offsetMs, i, random));
    const path = writeDay("trades", encodeRecords(records, RECORDS.trades));
    expect(await isScannedInOnePass(path)).toBe(false);
    const { onePass, general } = await inspectBoth(path);
    expect(onePass).toEqual(general);
    expect(general.outOfOrder).toBe(1);
  });
});
