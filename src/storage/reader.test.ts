// The series reader: tail across UTC midnight, time ranges that seek with `.idx`, blob records across days,
// tolerance of a torn tail, readDayFile for tools, and scanDayFile's chunks read ahead into rotating buffers.

import { describe, expect, test } from "bun:test";
import { appendFileSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { RECORDS } from "../records/registry.ts";
import { nodeStorageFs, type StorageFs } from "./io.ts";
import { type DayScan, openSeriesReader, readDayFile, scanDayFile } from "./reader.ts";
import { collect, MIDNIGHT_MS, makeDelta, makeTrade, useTempRoot } from "./testdata/fixtures.ts";
import { closeAllOpenWriters, openSeriesWriter } from "./writer.ts";

const temp = useTempRoot(closeAllOpenWriters);

const key = () => ({ root: temp.root, exchange: "bybit", account: "linear", symbol: "BTCUSDT" });

describe("tail", () => {
  test("crosses UTC midnight, reading back day by day, oldest first", async () => {
    const writer = openSeriesWriter({ ...key(), slug: "trades", def: RECORDS.trades });
    const values = [
      ...Array.from({ length: 5 }, (_, i) => makeTrade(MIDNIGHT_MS - 86_400_000 - 10 + i, i)),
      ...Array.from({ length: 5 }, (_, i) => makeTrade(MIDNIGHT_MS - 5 + i, 5 + i)),
      ...Array.from({ length: 3 }, (_, i) => makeTrade(MIDNIGHT_MS + i, 10 + i)),
    ];
    for (const value of values) writer.append(value);
    writer.close();
    const reader = openSeriesReader({ ...key(), slug: "trades", def: RECORDS.trades });
    expect(reader.listDays()).toEqual(["2023-12-30", "2023-12-31", "2024-01-01"]);
    expect(await reader.tail(4)).toEqual(values.slice(-4));
    expect(await reader.tail(9)).toEqual(values.slice(-9));
    expect(await reader.tail(100)).toEqual(values);
    expect(await reader.tail(0)).toEqual([]);
    // Only the last two days are read for tail(8).
    const before = reader.stats.datBytesRead;
    await reader.tail(8);
    expect(reader.stats.datBytesRead - before).toBe(8 * 48);
  });

  test("of book deltas with their blobs, and of an empty series", async () => {
    const writer = openSeriesWriter({ ...key(), slug: "orderbook_deltas", def: RECORDS.orderbook_deltas });
    const values = Array.from({ length: 50 }, (_, i) => makeDelta(MIDNIGHT_MS - 25 + i, i));
    for (const value of values) writer.append(value);
    writer.close();
    const reader = openSeriesReader({ ...key(), slug: "orderbook_deltas" });
    expect(await reader.tail(30)).toEqual(values.slice(-30));
    const empty = openSeriesReader({ ...key(), symbol: "NOPE", slug: "trades" });
    expect(empty.listDays()).toEqual([]);
    expect(await empty.tail(3)).toEqual([]);
  });
});

describe("readRange", () => {
  test("seeks with .idx instead of scanning and returns exactly the records in [fromMs, toMs)", async () => {
    const writer = openSeriesWriter({ ...key(), slug: "trades", def: RECORDS.trades, idxEvery: 1024 });
    const count = 20_000;
    const values = Array.from({ length: count }, (_, i) => makeTrade(MIDNIGHT_MS + i * 2, i));
    for (const value of values) writer.append(value);
    writer.close();
    const scans: DayScan[] = [];
    const reader = openSeriesReader({
      ...key(),
      slug: "trades",
      def: RECORDS.trades,
      onScan: (scan) => scans.push(scan),
    });
    const fromMs = MIDNIGHT_MS + 2 * 15_000;
    const toMs = MIDNIGHT_MS + 2 * 15_100;
    const got = await collect(reader.readRange(fromMs, toMs));
    expect(got).toEqual(values.slice(15_000, 15_100));
    // Entries sit at records 0, 1024, …; the last one before record 15000 is 14336 (14 × 1024); one stride of
    // slack puts the start at 13312.
    expect(scans).toHaveLength(1);
    expect(scans[0]!.idxEntries).toBe(Math.ceil(count / 1024));
    expect(scans[0]!.startOffsetBytes).toBe(13 * 1024 * 48);
    expect(scans[0]!.endOffsetBytes).toBe(count * 48);
    expect(reader.stats.datBytesRead).toBe((count - 13 * 1024) * 48);
    expect(reader.stats.idxBytesRead).toBe(Math.ceil(count / 1024) * 16);
  });

  test("without an .idx it scans from 0; an empty or reversed range yields nothing", async () => {
    const writer = openSeriesWriter({ ...key(), slug: "trades", def: RECORDS.trades, idxEvery: 10 });
    const values = Array.from({ length: 100 }, (_, i) => makeTrade(MIDNIGHT_MS + i, i));
    for (const value of values) writer.append(value);
    writer.close();
    const { rmSync } = await import("node:fs");
    rmSync(join(writer.dir, "2024-01-01.idx"));
    const scans: DayScan[] = [];
    const reader = openSeriesReader({
      ...key(),
      slug: "trades",
      def: RECORDS.trades,
      onScan: (scan) => scans.push(scan),
    });
    expect(await collect(reader.readRange(MIDNIGHT_MS + 90, MIDNIGHT_MS + 95))).toEqual(values.slice(90, 95));
    expect(scans[0]!.startOffsetBytes).toBe(0);
    expect(await collect(reader.readRange(MIDNIGHT_MS + 5, MIDNIGHT_MS + 5))).toEqual([]);
    expect(await collect(reader.readRange(MIDNIGHT_MS + 9, MIDNIGHT_MS + 1))).toEqual([]);
  });

  test("reads only the days the range touches; an end at midnight excludes the next day", async () => {
    const writer = openSeriesWriter({
      ...key(),
      slug: "orderbook_deltas",
      def: RECORDS.orderbook_deltas,
      idxEvery: 8,
    });
    const values = Array.from({ length: 60 }, (_, i) => makeDelta(MIDNIGHT_MS - 30 + i, i));
    for (const value of values) writer.append(value);
    writer.close();
    const scans: DayScan[] = [];
    const reader = openSeriesReader({
      ...key(),
      slug: "orderbook_deltas",
      onScan: (scan) => scans.push(scan),
    });
    expect(await collect(reader.readRange(MIDNIGHT_MS - 10, MIDNIGHT_MS + 10))).toEqual(values.slice(20, 40));
    expect(scans.map((scan) => scan.day)).toEqual(["2023-12-31", "2024-01-01"]);
    scans.length = 0;
    expect(await collect(reader.readRange(MIDNIGHT_MS - 86_400_000, MIDNIGHT_MS))).toEqual(
      values.slice(0, 30),
    );
    expect(scans.map((scan) => scan.day)).toEqual(["2023-12-31"]);
  });

  test("stopping early closes the day's files; a torn tail is read as whole records only", async () => {
    const writer = openSeriesWriter({ ...key(), slug: "trades", def: RECORDS.trades });
    const values = Array.from({ length: 10 }, (_, i) => makeTrade(MIDNIGHT_MS + i, i));
    for (const value of values) writer.append(value);
    writer.close();
    const dat = join(writer.dir, "2024-01-01.dat");
    appendFileSync(dat, new Uint8Array(30).fill(0xab));
    const reader = openSeriesReader({ ...key(), slug: "trades", def: RECORDS.trades });
    expect(await collect(reader.readRange(-Infinity, Infinity))).toEqual(values);
    expect(await reader.tail(2)).toEqual(values.slice(-2));
    for await (const first of reader.readRange(-Infinity, Infinity)) {
      expect(first).toEqual(values[0]!);
      break;
    }
    // Reading never repairs: the torn bytes are still there.
    expect(statSync(dat).size).toBe(10 * 48 + 30);
  });
});

describe("readDayFile", () => {
  test("detects the layout from the slug directory and reports counts and the torn tail", () => {
    const writer = openSeriesWriter({
      ...key(),
      slug: "orderbook_deltas",
      def: RECORDS.orderbook_deltas,
      idxEvery: 4,
    });
    const values = Array.from({ length: 10 }, (_, i) => makeDelta(MIDNIGHT_MS + i, i));
    for (const value of values) writer.append(value);
    writer.close();
    const dat = join(writer.dir, "2024-01-01.dat");
    appendFileSync(dat, new Uint8Array(7));
    const report = readDayFile(dat);
    expect(report.def).toBe(RECORDS.orderbook_deltas as never);
    expect(report.slug).toBe("orderbook_deltas");
    expect(report.day).toBe("2024-01-01");
    expect(report.records).toBe(10);
    expect(report.bytes).toBe(10 * 52 + 7);
    expect(report.tornBytes).toBe(7);
    expect(report.idxEntries).toBe(3);
    expect(report.blobBytes).toBe(statSync(join(writer.dir, "2024-01-01.blob")).size);
    expect(report.torn).toEqual([{ path: dat, cutBytes: 7, keptBytes: 520, reason: "partial_record" }]);
    expect(report.decode()).toEqual(values);
    expect(report.dat.length).toBe(520);
    expect(new Uint8Array(readFileSync(dat)).subarray(0, 520)).toEqual(new Uint8Array(report.dat));
  });
});

describe("scanDayFile", () => {
  /** A day of `count` trades (more than two ~1 MiB chunks of 21 845 records), with 30 torn bytes after them. */
  function writeTornDay(count: number): string {
    const writer = openSeriesWriter({ ...key(), slug: "trades", def: RECORDS.trades });
    for (let i = 0; i < count; i++) writer.append(makeTrade(MIDNIGHT_MS + i, i));
    writer.close();
    const dat = join(writer.dir, "2024-01-01.dat");
    appendFileSync(dat, new Uint8Array(30).fill(0xab));
    return dat;
  }

  /** The facade's calls in order: reads as they settle, closes; each read may be slowed by `delayMs`. */
  function createLoggingFs(failReadAt?: number, delayMs = 0): StorageFs & { log: string[] } {
    const log: string[] = [];
    return {
      ...nodeStorageFs,
      log,
      closeSync(fd) {
        log.push("close");
        nodeStorageFs.closeSync(fd);
      },
      async read(fd, buffer, offset, length, position) {
        if (position === failReadAt) {
          log.push(`fail ${position}`);
          throw Object.assign(new Error("EIO: injected"), { code: "EIO" });
        }
        if (delayMs > 0) await Bun.sleep(delayMs);
        const got = await nodeStorageFs.read!(fd, buffer, offset, length, position);
        log.push(`read ${position}`);
        return got;
      },
    };
  }

  test("every whole record once, in order, chunk after chunk in two alternating buffers", async () => {
    const count = 50_000;
    const dat = writeTornDay(count);
    const chunks: { copy: Uint8Array; firstRecord: number; buffer: ArrayBufferLike; byteOffset: number }[] =
      [];
    const result = await scanDayFile(
      dat,
      (chunk, firstRecord) => {
        chunks.push({ copy: chunk.slice(), firstRecord, buffer: chunk.buffer, byteOffset: chunk.byteOffset });
        return true;
      },
      { fs: createLoggingFs() },
    );
    expect(result.isComplete).toBe(true);
    expect(result.records).toBe(count);
    expect(result.tornBytes).toBe(30);
    expect(chunks.map((chunk) => chunk.firstRecord)).toEqual([0, 21_845, 43_690]);
    expect(chunks.every((chunk) => chunk.byteOffset % 8 === 0)).toBe(true);
    // Read ahead: the second chunk has a buffer of its own, the third reuses the first's.
    expect(chunks[1]!.buffer).not.toBe(chunks[0]!.buffer);
    expect(chunks[2]!.buffer).toBe(chunks[0]!.buffer);
    const all = new Uint8Array(count * 48);
    let at = 0;
    for (const chunk of chunks) {
      all.set(chunk.copy, at);
      at += chunk.copy.length;
    }
    expect(at).toBe(count * 48);
    expect(Buffer.compare(all, new Uint8Array(readFileSync(dat)).subarray(0, count * 48))).toBe(0);
  });

  test("the same chunks through readSync when the facade has no asynchronous read", async () => {
    const dat = writeTornDay(30_000);
    const collectInto = (into: string[]) => (chunk: Uint8Array) => {
      into.push(Buffer.from(chunk).toString("base64"));
      return true;
    };
    const viaRead: string[] = [];
    const viaReadSync: string[] = [];
    await scanDayFile(dat, collectInto(viaRead));
    const fs: StorageFs = { ...nodeStorageFs, read: undefined };
    const result = await scanDayFile(dat, collectInto(viaReadSync), { fs });
    expect(result.isComplete).toBe(true);
    expect(viaReadSync).toHaveLength(2);
    expect(viaReadSync).toEqual(viaRead);
  });

  test("a visitor that stops: incomplete, and the read already under way settles before the files close", async () => {
    const dat = writeTornDay(50_000);
    const fs = createLoggingFs();
    let visits = 0;
    const result = await scanDayFile(dat, () => ++visits < 1, { fs });
    expect(result.isComplete).toBe(false);
    expect(visits).toBe(1);
    // The second chunk was asked for before the first was visited; it lands before any descriptor is closed.
    expect(fs.log.filter((entry) => entry.startsWith("read"))).toEqual(["read 0", `read ${21_845 * 48}`]);
    expect(fs.log.indexOf("close")).toBeGreaterThan(fs.log.indexOf(`read ${21_845 * 48}`));
  });

  test("a failing read rejects with E_IO, after the files are closed", async () => {
    const dat = writeTornDay(50_000);
    const fs = createLoggingFs(21_845 * 48);
    const firstRecords: number[] = [];
    const scan = scanDayFile(
      dat,
      (_, firstRecord) => {
        firstRecords.push(firstRecord);
        return true;
      },
      { fs },
    );
    await expect(scan).rejects.toMatchObject({ code: "E_IO" });
    expect(firstRecords).toEqual([0]);
    expect(fs.log.at(-1)).toBe("close");
  });
  test("two chunks read ahead: every record once, in three rotating buffers", async () => {
    const count = 100_000;
    const dat = writeTornDay(count);
    const chunks: { copy: Uint8Array; firstRecord: number; buffer: ArrayBufferLike }[] = [];
    const result = await scanDayFile(
      dat,
      (chunk, firstRecord) => {
        chunks.push({ copy: chunk.slice(), firstRecord, buffer: chunk.buffer });
        return true;
      },
      { fs: createLoggingFs(), readAheadChunks: 2 },
    );
    expect(result.isComplete).toBe(true);
    expect(chunks.map((chunk) => chunk.firstRecord)).toEqual([0, 21_845, 43_690, 65_535, 87_380]);
    expect(new Set(chunks.slice(0, 3).map((chunk) => chunk.buffer)).size).toBe(3);
    expect(chunks[3]!.buffer).toBe(chunks[0]!.buffer);
    const all = Buffer.concat(chunks.map((chunk) => chunk.copy));
    expect(Buffer.compare(all, readFileSync(dat).subarray(0, count * 48))).toBe(0);
  });

  test("two chunks read ahead, a visitor that stops: both reads under way settle before the files close", async () => {
    const dat = writeTornDay(100_000);
    const fs = createLoggingFs();
    const result = await scanDayFile(dat, () => false, { fs, readAheadChunks: 2 });
    expect(result.isComplete).toBe(false);
    // The two reads ahead run at once and may settle in either order; both before any descriptor is closed.
    const reads = fs.log.filter((entry) => entry.startsWith("read")).sort();
    expect(reads).toEqual(["read 0", `read ${21_845 * 48}`, `read ${43_690 * 48}`].sort());
    expect(fs.log.at(-1)).toBe("close");
  });

  test("two chunks read ahead, a later read fails while an earlier one is awaited: E_IO, files closed last", async () => {
    const dat = writeTornDay(100_000);
    const fs = createLoggingFs(43_690 * 48, 5);
    const firstRecords: number[] = [];
    const scan = scanDayFile(
      dat,
      (_, firstRecord) => {
        firstRecords.push(firstRecord);
        return true;
      },
      { fs, readAheadChunks: 2 },
    );
    await expect(scan).rejects.toMatchObject({ code: "E_IO" });
    expect(firstRecords).toEqual([0, 21_845]);
    expect(fs.log.at(-1)).toBe("close");
  });
});
