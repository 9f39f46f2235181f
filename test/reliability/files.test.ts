// Damaged day files through inspect, cure and replay: truncated, bit-flipped, zero-length, wrong-kind and huge
// files get a clear report, never a crash; cure turns every repairable one into a file inspect calls clean.

import { afterAll, expect, test } from "bun:test";
import { copyFileSync, mkdirSync, readFileSync, statSync, truncateSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { RECORDS } from "../../src/records/index.ts";
import { closeAllOpenWriters, openSeriesWriter } from "../../src/storage/writer.ts";
import { createTempRoot, MIDNIGHT_MS, makeKline, makeTrade } from "../../src/storage/testdata/fixtures.ts";
import {
  cureDayFile,
  curePaths,
  describeDayFile,
  inspectDayFile,
  inspectPaths,
  openReplay,
} from "../../src/tools/index.ts";
import { createRandom } from "./mutate.ts";

const temp = createTempRoot();
afterAll(() => {
  closeAllOpenWriters();
  temp.remove();
});

/** A clean trades day file of `count` records (one per 100 ms) in the storage layout; returns its path. */
function writeTradesDay(symbol: string, count: number): string {
  const writer = openSeriesWriter({
    root: temp.root,
    exchange: "binance",
    account: "spot",
    symbol,
    slug: "trades",
    def: RECORDS.trades,
  });
  for (let i = 0; i < count; i++) writer.append(makeTrade(MIDNIGHT_MS + i * 100, i));
  writer.close();
  return join(writer.dir, "2024-01-01.dat");
}

function writeKlinesDay(symbol: string, count: number): string {
  const writer = openSeriesWriter({
    root: temp.root,
    exchange: "binance",
    account: "spot",
    symbol,
    slug: "klines_1m",
    def: RECORDS.klines,
  });
  for (let i = 0; i < count; i++) writer.append(makeKline(MIDNIGHT_MS + i * 60_000, i));
  writer.close();
  return join(writer.dir, "2024-01-01.dat");
}

interface Damage {
  name: string;
  /** Damages a fresh clean file in place. */
  apply(path: string): void;
  /** Whether cure must leave a file inspect calls clean. */
  isRepairable: boolean;
}

const random = createRandom(0xf11e);
const DAMAGES: Damage[] = [
  {
    name: "truncated mid-record",
    apply: (path) => truncateSync(path, statSync(path).size - 7),
    isRepairable: true,
  },
  {
    name: "zero-length",
    apply: (path) => writeFileSync(path, new Uint8Array(0)),
    isRepairable: true,
  },
  {
    name: "bit-flipped (32 flips)",
    apply: (path) => {
      const bytes = readFileSync(path);
      for (let i = 0; i < 32; i++) bytes[random.int(bytes.length)]! ^= 1 << random.int(8);
      writeFileSync(path, bytes);
    },
    isRepairable: false,
  },
  {
    name: "random bytes",
    apply: (path) => {
      const bytes = new Uint8Array(statSync(path).size + 13);
      for (let i = 0; i < bytes.length; i++) bytes[i] = random.int(256);
      writeFileSync(path, bytes);
    },
    isRepairable: false,
  },
  {
    name: "duplicated and reordered",
    apply: (path) => {
      const bytes = readFileSync(path);
      const size = RECORDS.trades.size;
      const half = Math.floor(bytes.length / size / 2) * size;
      writeFileSync(
        path,
        Buffer.concat([bytes.subarray(half), bytes.subarray(0, half), bytes.subarray(0, size * 5)]),
      );
    },
    isRepairable: true,
  },
];

async function replayCount(path: string): Promise<{ events: number; warnings: number; error?: string }> {
  let events = 0;
  let warnings = 0;
  try {
    for await (const _event of openReplay([path], { onWarning: () => warnings++ })) events++;
    return { events, warnings };
  } catch (error) {
    return { events, warnings, error: String(error) };
  }
}

for (const [i, damage] of DAMAGES.entries()) {
  test(`a ${damage.name} trades file: reported, cured${damage.isRepairable ? " to clean" : ""}, replayed without a crash`, async () => {
    const path = writeTradesDay(`SYM${i}`, 2_000);
    damage.apply(path);
    const ref = describeDayFile(path);
    const before = await inspectDayFile(ref);
    const replayBefore = await replayCount(path);
    const cured = await cureDayFile(ref);
    const after = await inspectDayFile(describeDayFile(path));
    const replayAfter = await replayCount(path);
    console.log(
      `files ${damage.name}: inspect ${before.status} (${before.problems.length} problems, ${before.records} records, ` +
        `${before.tornBytes} torn B) → cure ${cured.action} (${cured.recordsBefore}→${cured.recordsAfter}, ` +
        `cut ${cured.tornBytesCut} B, dup ${cured.duplicatesDropped}, reordered ${cured.reordered}) → inspect ${after.status}; ` +
        `replay ${replayBefore.events}→${replayAfter.events} events, ${replayBefore.warnings + replayAfter.warnings} warnings` +
        `${(replayBefore.error ?? replayAfter.error) ? `, replay error: ${replayBefore.error ?? replayAfter.error}` : ""}`,
    );
    if (damage.name !== "zero-length") expect(before.status).not.toBe("clean");
    expect(before.problems.every((problem) => typeof problem === "string")).toBe(true);
    expect(cured.action).not.toBe("failed");
    if (damage.isRepairable) expect(after.status).toBe("clean");
    expect(replayBefore.error).toBeUndefined();
    expect(replayAfter.error).toBeUndefined();
  });
}

test("a klines file read as trades (wrong kind): reported, never a crash", async () => {
  const klines = writeKlinesDay("WRONGK", 500);
  const asTrades = join(temp.root, "loose", "trades-from-klines.dat");
  mkdirSync(join(temp.root, "loose"), { recursive: true });
  copyFileSync(klines, asTrades);
  const inspection = (await inspectPaths([asTrades], { kind: "trades" })).files[0]!;
  let replayError: string | undefined;
  let events = 0;
  try {
    for await (const _event of openReplay([asTrades], { kind: "trades" })) events++;
  } catch (error) {
    replayError = String(error);
  }
  const cured = (await curePaths([asTrades], { kind: "trades", dryRun: true })).results[0]!;
  console.log(
    `files wrong kind (klines as trades): inspect ${inspection.status} (${inspection.problems.slice(0, 2).join("; ")}), ` +
      `cure --dry-run ${cured.action}, replay ${events} events${replayError ? `, error ${replayError}` : ""}`,
  );
  expect(inspection.status).not.toBe("clean");
  expect(cured.action).not.toBe("rewritten");
});

test("a huge trades day (1 000 000 records, 48 MB): inspect and replay in bounded time", async () => {
  const path = writeTradesDay("HUGE", 0);
  const count = 1_000_000;
  const records = Array.from({ length: 1_000 }, (_, i) => makeTrade(MIDNIGHT_MS + i, i));
  const writer = openSeriesWriter({
    root: temp.root,
    exchange: "binance",
    account: "spot",
    symbol: "HUGE",
    slug: "trades",
    def: RECORDS.trades,
    flushEveryMs: 60_000,
  });
  for (let i = 0; i < count; i++) {
    const record = records[i % 1_000]!;
    writer.append({ ...record, tsMs: MIDNIGHT_MS + Math.floor(i / 20) });
  }
  writer.close();
  const startedMs = performance.now();
  const inspection = await inspectDayFile(describeDayFile(path));
  const inspectMs = performance.now() - startedMs;
  let events = 0;
  const replayStartedMs = performance.now();
  for await (const _event of openReplay([path])) events++;
  const replayMs = performance.now() - replayStartedMs;
  console.log(
    `files huge: ${inspection.records} records, ${(inspection.bytes / 1e6).toFixed(1)} MB, inspect ${inspection.status} in ` +
      `${inspectMs.toFixed(0)} ms, replay ${events} events in ${replayMs.toFixed(0)} ms`,
  );
  expect(inspection.records).toBe(count);
  expect(events).toBe(count);
}, 30_000);
