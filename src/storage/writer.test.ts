// The series writer: exact read-back of trades, klines and book deltas with blobs, records in the file of their
// own UTC day, `.idx` entries where Rust puts them, the flush timer, and the writer's lifecycle.

import { describe, expect, test } from "bun:test";
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { Dig3Error } from "../core/errors.ts";
import { createBlobBuffer } from "../records/blob.ts";
import type { BookRecord } from "../records/book.ts";
import { encodeRecords } from "../records/columns.ts";
import { RECORDS } from "../records/registry.ts";
import { installExitFlush } from "./exit-flush.ts";
import { openSeriesReader } from "./reader.ts";
import { IDX_ENTRY_BYTES } from "./sparse-index.ts";
import { collect, MIDNIGHT_MS, makeDelta, makeKline, makeTrade, useTempRoot } from "./testdata/fixtures.ts";
import {
  countFreeWriteBehindSlots,
  countWriteBehindWrites,
  getWriteBehind,
  injectWriteBehindFaults,
} from "./write-behind.ts";
import { closeAllOpenWriters, flushAllOpenWriters, listOpenWriters, openSeriesWriter } from "./writer.ts";

const temp = useTempRoot(closeAllOpenWriters);

const key = () => ({ root: temp.root, exchange: "binance", account: "spot", symbol: "BTCUSDT" });

function readIdx(path: string): Array<[number, number]> {
  const bytes = readFileSync(path);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const out: Array<[number, number]> = [];
  for (let at = 0; at < bytes.length; at += IDX_ENTRY_BYTES) {
    out.push([Number(view.getBigInt64(at, true)), Number(view.getBigUint64(at + 8, true))]);
  }
  return out;
}

describe("write then read back", () => {
  test("trades, exactly, byte for byte like encodeRecords", async () => {
    const values = Array.from({ length: 5000 }, (_, i) => makeTrade(MIDNIGHT_MS + 1000 + i * 3, i));
    const writer = openSeriesWriter({ ...key(), slug: "trades", def: RECORDS.trades });
    for (const value of values) writer.append(value);
    writer.close();
    const dat = readFileSync(join(writer.dir, "2024-01-01.dat"));
    expect(new Uint8Array(dat)).toEqual(new Uint8Array(encodeRecords(values, RECORDS.trades)));
    expect(existsSync(join(writer.dir, "2024-01-01.blob"))).toBe(false);
    const reader = openSeriesReader({ ...key(), slug: "trades", def: RECORDS.trades });
    expect(await collect(reader.readRange(-Infinity, Infinity))).toEqual(values);
    expect(writer.stats.recordsWritten).toBe(5000);
    expect(writer.stats.recordsPending).toBe(0);
  });

  test("klines", async () => {
    const values = Array.from({ length: 100 }, (_, i) => makeKline(MIDNIGHT_MS + i * 60_000, i));
    const writer = openSeriesWriter({ ...key(), slug: "klines_1m", def: RECORDS.klines });
    for (const value of values) writer.append(value);
    writer.close();
    const reader = openSeriesReader({ ...key(), slug: "klines_1m", def: RECORDS.klines });
    expect(await collect(reader.readRange(-Infinity, Infinity))).toEqual(values);
  });

  test("book deltas and snapshots with their .blob, blob bytes as encodeRecords lays them out", async () => {
    const values = Array.from({ length: 3000 }, (_, i) => makeDelta(MIDNIGHT_MS + i, i + 1));
    const writer = openSeriesWriter({ ...key(), slug: "orderbook_deltas", def: RECORDS.orderbook_deltas });
    for (const value of values) writer.append(value);
    writer.close();
    const blob = createBlobBuffer(0);
    const expectedDat = encodeRecords(values, RECORDS.orderbook_deltas, blob);
    expect(new Uint8Array(readFileSync(join(writer.dir, "2024-01-01.dat")))).toEqual(
      new Uint8Array(expectedDat),
    );
    expect(new Uint8Array(readFileSync(join(writer.dir, "2024-01-01.blob")))).toEqual(
      new Uint8Array(blob.bytes()),
    );
    const reader = openSeriesReader({ ...key(), slug: "orderbook_deltas", def: RECORDS.orderbook_deltas });
    expect(await collect(reader.readRange(-Infinity, Infinity))).toEqual(values);

    const snapshot: BookRecord = { ...makeDelta(MIDNIGHT_MS, 0, 2000), type: "snapshot" };
    const expectedSnapshot = {
      ...snapshot,
      seq: undefined,
      firstSeq: undefined,
      prevSeq: undefined,
      checksum: undefined,
    };
    const snapshots = openSeriesWriter({
      ...key(),
      slug: "orderbook_snapshots",
      def: RECORDS.orderbook_snapshots,
    });
    snapshots.append(snapshot);
    snapshots.append({ ...snapshot, tsMs: MIDNIGHT_MS + 5, bids: [], asks: [] });
    snapshots.close();
    const snapshotReader = openSeriesReader({ ...key(), slug: "orderbook_snapshots" });
    expect(await snapshotReader.tail(5)).toEqual([
      expectedSnapshot,
      { ...expectedSnapshot, tsMs: MIDNIGHT_MS + 5, bids: [], asks: [] },
    ]);
  });
});

describe("day files", () => {
  test("a record lands in the file of its own UTC day, not the wall clock's", async () => {
    const writer = openSeriesWriter({ ...key(), slug: "trades", def: RECORDS.trades });
    writer.append(makeTrade(MIDNIGHT_MS - 1, 0));
    writer.append(makeTrade(MIDNIGHT_MS, 1));
    writer.close();
    expect(
      readdirSync(writer.dir)
        .filter((name) => name.endsWith(".dat"))
        .sort(),
    ).toEqual(["2023-12-31.dat", "2024-01-01.dat"]);
    expect(statSync(join(writer.dir, "2023-12-31.dat")).size).toBe(48);
    expect(statSync(join(writer.dir, "2024-01-01.dat")).size).toBe(48);
    const reader = openSeriesReader({ ...key(), slug: "trades", def: RECORDS.trades });
    expect(reader.listDays()).toEqual(["2023-12-31", "2024-01-01"]);
  });

  test("across midnight the previous day closes once idle (its files released); a late record reopens it", async () => {
    const writer = openSeriesWriter({
      ...key(),
      slug: "trades",
      def: RECORDS.trades,
      flushEveryMs: 10,
      closeIdleDayAfterMs: 40,
    });
    writer.append(makeTrade(MIDNIGHT_MS - 1, 1));
    writer.append(makeTrade(MIDNIGHT_MS, 2));
    expect(writer.stats.openDays.length).toBe(2);
    // The new day keeps getting records; the old one gets none and is closed after ~40 ms.
    for (let i = 0; i < 12 && writer.stats.openDays.length > 1; i++) {
      writer.append(makeTrade(MIDNIGHT_MS + 1 + i, 3 + i));
      await Bun.sleep(15);
    }
    expect(writer.stats.openDays.map((path) => path.split("/").at(-1))).toEqual(["2024-01-01"]);
    expect(statSync(join(writer.dir, "2023-12-31.dat")).size).toBe(48);
    writer.append(makeTrade(MIDNIGHT_MS - 2, 99));
    expect(writer.stats.openDays.length).toBe(2);
    writer.close();
    expect(statSync(join(writer.dir, "2023-12-31.dat")).size).toBe(96);
  });

  test("out-of-order days, more than maxOpenDays: every record in its day, in append order", async () => {
    const writer = openSeriesWriter({
      ...key(),
      slug: "trades",
      def: RECORDS.trades,
      maxOpenDays: 2,
      idxEvery: 1000,
    });
    const dayMs = 86_400_000;
    const order = [0, 1, 0, 2, 0, 1, 3, 0];
    for (const [i, day] of order.entries()) writer.append(makeTrade(MIDNIGHT_MS + day * dayMs + i, i));
    expect(writer.stats.openDays.length).toBeLessThanOrEqual(2);
    writer.close();
    const reader = openSeriesReader({ ...key(), slug: "trades", def: RECORDS.trades });
    expect(reader.listDays()).toEqual(["2024-01-01", "2024-01-02", "2024-01-03", "2024-01-04"]);
    const all = await collect(reader.readRange(-Infinity, Infinity));
    expect(all.map((trade) => trade.tsMs)).toEqual(
      [0, 2, 4, 7, 1, 5, 3, 6].map((i) => MIDNIGHT_MS + order[i]! * dayMs + i),
    );
    // Day 0 stayed open for records 0, 2, 4, was evicted by day 3 and reopened for record 7: each session's first
    // record gets an index entry.
    expect(readIdx(join(writer.dir, "2024-01-01.idx")).map(([, offset]) => offset)).toEqual([0, 144]);
  });

  test(".idx: one entry for counter % idxEvery == 0, per session, offset = .dat length before the write", () => {
    const writer = openSeriesWriter({ ...key(), slug: "trades", def: RECORDS.trades, idxEvery: 4 });
    for (let i = 0; i < 10; i++) writer.append(makeTrade(MIDNIGHT_MS + i * 10, i));
    writer.close();
    const idxPath = join(writer.dir, "2024-01-01.idx");
    expect(readIdx(idxPath)).toEqual([
      [MIDNIGHT_MS, 0],
      [MIDNIGHT_MS + 40, 4 * 48],
      [MIDNIGHT_MS + 80, 8 * 48],
    ]);
    expect(writer.stats.idxEntriesWritten).toBe(3);
    const again = openSeriesWriter({ ...key(), slug: "trades", def: RECORDS.trades, idxEvery: 4 });
    for (let i = 10; i < 15; i++) again.append(makeTrade(MIDNIGHT_MS + i * 10, i));
    again.close();
    expect(readIdx(idxPath).slice(3)).toEqual([
      [MIDNIGHT_MS + 100, 10 * 48],
      [MIDNIGHT_MS + 140, 14 * 48],
    ]);
  });

  test.each([
    ["here", false],
    ["behind", true],
  ])(
    ".idx entries wait for a later flush than their records, and never point past the .dat on disk (written %s)",
    (_, writeBehind) => {
      // 10 records per buffer, an entry every 4: 3–4 entries per full buffer; the .idx buffer holds 64.
      const writer = openSeriesWriter({
        ...key(),
        slug: "trades",
        def: RECORDS.trades,
        idxEvery: 4,
        bufferBytes: 480,
        flushEveryMs: 60_000,
        writeBehind,
      });
      const idxPath = join(writer.dir, "2024-01-01.idx");
      const datPath = join(writer.dir, "2024-01-01.dat");
      const seen: number[] = [];
      for (let i = 0; i < 1_000; i++) {
        writer.append(makeTrade(MIDNIGHT_MS + i, i));
        const onDisk = readIdx(idxPath);
        seen.push(onDisk.length);
        for (const [tsMs, offset] of onDisk) {
          expect(offset + 48).toBeLessThanOrEqual(statSync(datPath).size);
          expect(tsMs).toBe(MIDNIGHT_MS + offset / 48);
        }
      }
      // Full buffers went out 99 times (the last one written behind may still be under way), the .idx only when less
      // than a batch of room was left: a few times.
      expect(writer.stats.flushes).toBeGreaterThanOrEqual(writeBehind ? 98 : 99);
      const idxWrites = new Set(seen).size - 1;
      expect(idxWrites).toBeGreaterThan(0);
      expect(idxWrites).toBeLessThan(10);
      writer.flush();
      expect(writer.stats.flushes).toBe(100);
      expect(readIdx(idxPath)).toEqual(
        Array.from({ length: 250 }, (_, k) => [MIDNIGHT_MS + 4 * k, 4 * k * 48]),
      );
      writer.close();
    },
  );

  test("refuses to append to a day file that holds another layout of the slug", () => {
    const dir = openSeriesWriter({ ...key(), slug: "orderbook_deltas", def: RECORDS.orderbook_deltas });
    dir.close();
    // A Rust Compact (20 B) delta file for the day.
    const blob = createBlobBuffer(0);
    const values = Array.from({ length: 40 }, (_, i) => makeDelta(MIDNIGHT_MS + i, i));
    writeFileSync(join(dir.dir, "2024-01-01.dat"), encodeRecords(values, RECORDS.orderbook_deltas_20, blob));
    writeFileSync(join(dir.dir, "2024-01-01.blob"), blob.bytes());
    const writer = openSeriesWriter({ ...key(), slug: "orderbook_deltas", def: RECORDS.orderbook_deltas });
    let caught: unknown;
    try {
      writer.append(makeDelta(MIDNIGHT_MS + 100, 100));
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(Dig3Error);
    expect((caught as Dig3Error).code).toBe("E_FILE_CORRUPT");
    expect((caught as Dig3Error).message).toContain("orderbook_deltas_20");
    writer.close();
    expect(statSync(join(dir.dir, "2024-01-01.dat")).size).toBe(40 * 20);
  });
});

describe("flushing and lifecycle", () => {
  test("the timer flushes within flushEveryMs without an explicit flush", async () => {
    const writer = openSeriesWriter({ ...key(), slug: "trades", def: RECORDS.trades, flushEveryMs: 20 });
    writer.append(makeTrade(MIDNIGHT_MS, 0));
    const dat = join(writer.dir, "2024-01-01.dat");
    expect(statSync(dat).size).toBe(0);
    for (let i = 0; i < 50 && statSync(dat).size === 0; i++) await Bun.sleep(10);
    expect(statSync(dat).size).toBe(48);
    writer.close();
  });

  test("flushEveryMs 0 writes through; a full buffer is written out (here, without the I/O thread)", () => {
    const through = openSeriesWriter({ ...key(), slug: "trades", def: RECORDS.trades, flushEveryMs: 0 });
    through.append(makeTrade(MIDNIGHT_MS, 0));
    expect(statSync(join(through.dir, "2024-01-01.dat")).size).toBe(48);
    through.close();
    const buffered = openSeriesWriter({
      ...key(),
      symbol: "ETHUSDT",
      slug: "trades",
      def: RECORDS.trades,
      bufferBytes: 480,
      writeBehind: false,
    });
    for (let i = 0; i < 25; i++) buffered.append(makeTrade(MIDNIGHT_MS + i, i));
    expect(statSync(join(buffered.dir, "2024-01-01.dat")).size).toBe(20 * 48);
    expect(buffered.stats.recordsPending).toBe(5);
    buffered.close();
  });

  test("registry: flushAllOpenWriters flushes, close leaves the registry, append after close is E_CLOSED", () => {
    const a = openSeriesWriter({ ...key(), slug: "trades", def: RECORDS.trades });
    const b = openSeriesWriter({ ...key(), slug: "klines_1m", def: RECORDS.klines });
    a.append(makeTrade(MIDNIGHT_MS, 0));
    b.append(makeKline(MIDNIGHT_MS, 1));
    expect(listOpenWriters().length).toBe(2);
    expect(flushAllOpenWriters()).toEqual({ writers: 2, errors: [] });
    expect(statSync(join(a.dir, "2024-01-01.dat")).size).toBe(48);
    expect(statSync(join(b.dir, "2024-01-01.dat")).size).toBe(64);
    a.close();
    expect(listOpenWriters()).toEqual([b as never]);
    expect(() => a.append(makeTrade(MIDNIGHT_MS, 1))).toThrow(expect.objectContaining({ code: "E_CLOSED" }));
    expect(closeAllOpenWriters().writers).toBe(1);
    expect(b.isClosed).toBe(true);
  });

  test("installExitFlush adds exit and signal listeners and its return value removes them", () => {
    const counts = () => ["exit", "SIGINT", "SIGTERM"].map((name) => process.listenerCount(name));
    const before = counts();
    const uninstall = installExitFlush();
    expect(counts()).toEqual(before.map((count) => count + 1));
    uninstall();
    uninstall();
    expect(counts()).toEqual(before);
  });

  test("rejects records without a finite timestamp and bad options", () => {
    const writer = openSeriesWriter({ ...key(), slug: "trades", def: RECORDS.trades });
    expect(() => writer.append({ ...makeTrade(0, 0), tsMs: Number.NaN })).toThrow(
      expect.objectContaining({ code: "E_BAD_INPUT" }),
    );
    writer.close();
    for (const bad of [{ idxEvery: 0 }, { idxEvery: 1.5 }, { maxOpenDays: 0 }, { flushEveryMs: -1 }]) {
      expect(() => openSeriesWriter({ ...key(), slug: "trades", def: RECORDS.trades, ...bad })).toThrow(
        expect.objectContaining({ code: "E_BAD_INPUT" }),
      );
    }
  });
});

describe("written behind (the I/O thread)", () => {
  // Asked for: by default a process limited to one CPU writes on the JS thread.
  const tradesOf = (symbol: string) =>
    openSeriesWriter({
      ...key(),
      symbol,
      slug: "trades",
      def: RECORDS.trades,
      flushEveryMs: 60_000,
      writeBehind: true,
    });
  const values = Array.from({ length: 20_000 }, (_, i) => makeTrade(MIDNIGHT_MS + i, i));

  test("a busy day writes the same .dat and .idx as writing here; queued buffers count as pending", () => {
    const behind = tradesOf("BTCUSDT");
    const here = openSeriesWriter({
      ...key(),
      symbol: "ETHUSDT",
      slug: "trades",
      def: RECORDS.trades,
      writeBehind: false,
    });
    for (const value of values) {
      behind.append(value);
      here.append(value);
    }
    // 1365 records a buffer: the first is written here, the next ones behind, one of them possibly still queued.
    expect(behind.stats.recordsWritten + behind.stats.recordsPending).toBe(values.length);
    expect(behind.stats.recordsPending).toBeGreaterThanOrEqual(values.length % 1365);
    behind.flush();
    expect(behind.stats.recordsPending).toBe(0);
    expect(behind.stats.recordsWritten).toBe(values.length);
    behind.close();
    here.close();
    for (const extension of ["dat", "idx"]) {
      const written = readFileSync(join(behind.dir, `2024-01-01.${extension}`));
      expect(written.equals(readFileSync(join(here.dir, `2024-01-01.${extension}`)))).toBe(true);
    }
    expect(new Uint8Array(readFileSync(join(behind.dir, "2024-01-01.dat")))).toEqual(
      new Uint8Array(encodeRecords(values, RECORDS.trades)),
    );
  });

  test("a write behind that fails: the error reaches append or flush once, the file is cut back, the records are written next", () => {
    const writer = tradesOf("BTCUSDT");
    const accepted: typeof values = [];
    const errors: Dig3Error[] = [];
    for (const [i, value] of values.entries()) {
      // After the first buffers went behind, the next write fails halfway (ENOSPC).
      if (i === 5_000) injectWriteBehindFaults(1, "ENOSPC");
      try {
        writer.append(value);
        accepted.push(value);
      } catch (error) {
        errors.push(error as Dig3Error);
      }
    }
    try {
      writer.flush();
    } catch (error) {
      errors.push(error as Dig3Error);
    }
    injectWriteBehindFaults(0);
    expect(errors.map((error) => error.code)).toEqual(["E_DISK_FULL"]);
    expect(errors[0]!.message).toContain("2024-01-01.dat");
    writer.flush();
    writer.close();
    expect(accepted.length).toBeGreaterThanOrEqual(values.length - 1);
    expect(new Uint8Array(readFileSync(join(writer.dir, "2024-01-01.dat")))).toEqual(
      new Uint8Array(encodeRecords(accepted, RECORDS.trades)),
    );
  });

  test("a busy day that changes the way it writes (I/O thread, here, back) writes every record once, in order", () => {
    const freeBefore = countFreeWriteBehindSlots();
    // 100 records a buffer: the hand-off check times 16 buffers each way, settles for 1024, then times again.
    const writer = openSeriesWriter({
      ...key(),
      slug: "trades",
      def: RECORDS.trades,
      flushEveryMs: 60_000,
      bufferBytes: 100 * RECORDS.trades.size,
      writeBehind: true,
    });
    const many = Array.from({ length: 120_000 }, (_, i) => makeTrade(MIDNIGHT_MS + i, i));
    for (const value of many) writer.append(value);
    // To the JS thread for the comparison, then back to the thread, for the next comparison if not before.
    expect(writer.stats.wayChanges).toBeGreaterThanOrEqual(2);
    writer.close();
    expect(countFreeWriteBehindSlots()).toBe(freeBefore);
    expect(new Uint8Array(readFileSync(join(writer.dir, "2024-01-01.dat")))).toEqual(
      new Uint8Array(encodeRecords(many, RECORDS.trades)),
    );
    const idx = readFileSync(join(writer.dir, "2024-01-01.idx"));
    expect(idx.length / IDX_ENTRY_BYTES).toBe(Math.ceil(many.length / 1024));
  });

  test("with every slot taken, full buffers are written here: every record once, in order", () => {
    const io = getWriteBehind()!;
    const taken: number[] = [];
    for (let slot = io.takeSlot(); slot >= 0; slot = io.takeSlot()) taken.push(slot);
    try {
      const writesBefore = countWriteBehindWrites();
      const writer = tradesOf("BTCUSDT");
      for (const value of values) writer.append(value);
      // 20,000 trades fill 14 buffers, none of them through a slot.
      expect(writer.stats.flushes).toBeGreaterThanOrEqual(14);
      expect(countWriteBehindWrites()).toEqual(writesBefore);
      writer.close();
      expect(new Uint8Array(readFileSync(join(writer.dir, "2024-01-01.dat")))).toEqual(
        new Uint8Array(encodeRecords(values, RECORDS.trades)),
      );
    } finally {
      for (const slot of taken) io.releaseSlot(slot);
    }
  });

  test("a busy day holds one slot, for its last full buffer; the timer's flush gives it back", async () => {
    const freeBefore = countFreeWriteBehindSlots();
    const writer = openSeriesWriter({
      ...key(),
      slug: "trades",
      def: RECORDS.trades,
      flushEveryMs: 20,
      writeBehind: true,
    });
    for (const value of values.slice(0, 5_000)) writer.append(value);
    expect(countFreeWriteBehindSlots()).toBe(freeBefore - 1);
    // One timer flush writes the rest (the buffers it saw counted), the next finds none new.
    await Bun.sleep(120);
    expect(countFreeWriteBehindSlots()).toBe(freeBefore);
    expect(writer.stats.recordsWritten).toBe(5_000);
    for (const value of values.slice(5_000)) writer.append(value);
    writer.close();
    expect(countFreeWriteBehindSlots()).toBe(freeBefore);
    expect(new Uint8Array(readFileSync(join(writer.dir, "2024-01-01.dat")))).toEqual(
      new Uint8Array(encodeRecords(values, RECORDS.trades)),
    );
  });
});
