// I/O failures: a full disk, a permission or read-only error and other I/O errors become clear Dig3Errors with a
// hint; a failed write leaves no partial record behind, written data is unchanged, and buffered records survive.

import { describe, expect, test } from "bun:test";
import { chmodSync, mkdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { Dig3Error } from "../core/errors.ts";
import { RECORDS } from "../records/registry.ts";
import { toStorageError } from "./io.ts";
import { openSeriesReader } from "./reader.ts";
import {
  collect,
  createFaultyFs,
  MIDNIGHT_MS,
  makeDelta,
  makeTrade,
  useTempRoot,
} from "./testdata/fixtures.ts";
import { closeAllOpenWriters, openSeriesWriter } from "./writer.ts";

const temp = useTempRoot(closeAllOpenWriters);

const key = () => ({ root: temp.root, exchange: "gateio", account: "spot", symbol: "BTC_USDT" });

function catchError(action: () => unknown): Dig3Error {
  try {
    action();
  } catch (error) {
    expect(error).toBeInstanceOf(Dig3Error);
    return error as Dig3Error;
  }
  throw new Error("expected a Dig3Error");
}

describe("write failures", () => {
  test("ENOSPC after a partial write: E_DISK_FULL, the file is cut back unchanged, records retried later", async () => {
    const fs = createFaultyFs([]);
    const writer = openSeriesWriter({ ...key(), slug: "trades", def: RECORDS.trades, fs });
    const values = Array.from({ length: 20 }, (_, i) => makeTrade(MIDNIGHT_MS + i, i));
    for (const value of values.slice(0, 10)) writer.append(value);
    writer.flush();
    const dat = join(writer.dir, "2024-01-01.dat");
    const before = readFileSync(dat);
    for (const value of values.slice(10)) writer.append(value);
    fs.rules.push({ op: "write", pathEndsWith: ".dat", code: "ENOSPC", partialBytes: 100 });
    const error = catchError(() => writer.flush());
    expect(error.code).toBe("E_DISK_FULL");
    expect(error.message).toContain(dat);
    expect(error.hint).toContain("free space");
    expect(readFileSync(dat)).toEqual(before);
    expect(writer.stats.lastError?.code).toBe("E_DISK_FULL");
    expect(writer.stats.recordsPending).toBe(10);
    // Space is back: the same records go out, once.
    fs.rules.length = 0;
    writer.close();
    const reader = openSeriesReader({ ...key(), slug: "trades", def: RECORDS.trades });
    expect(await collect(reader.readRange(-Infinity, Infinity))).toEqual(values);
  });

  test("ENOSPC on the .dat after its payloads went to .blob: both files are cut back", async () => {
    const fs = createFaultyFs([]);
    const writer = openSeriesWriter({
      ...key(),
      slug: "orderbook_deltas",
      def: RECORDS.orderbook_deltas,
      fs,
    });
    const values = Array.from({ length: 8 }, (_, i) => makeDelta(MIDNIGHT_MS + i, i + 1));
    for (const value of values.slice(0, 4)) writer.append(value);
    writer.flush();
    const dat = join(writer.dir, "2024-01-01.dat");
    const blob = join(writer.dir, "2024-01-01.blob");
    const [datBefore, blobBefore] = [readFileSync(dat), readFileSync(blob)];
    for (const value of values.slice(4)) writer.append(value);
    fs.rules.push({ op: "write", pathEndsWith: ".dat", code: "ENOSPC", partialBytes: 30 });
    expect(catchError(() => writer.flush()).code).toBe("E_DISK_FULL");
    expect(readFileSync(dat)).toEqual(datBefore);
    expect(readFileSync(blob)).toEqual(blobBefore);
    fs.rules.length = 0;
    writer.close();
    const reader = openSeriesReader({ ...key(), slug: "orderbook_deltas" });
    expect(await collect(reader.readRange(-Infinity, Infinity))).toEqual(values);
  });

  test("a full buffer that cannot be written: append throws and the record is not taken", () => {
    const fs = createFaultyFs([{ op: "write", pathEndsWith: ".dat", code: "ENOSPC" }]);
    const writer = openSeriesWriter({ ...key(), slug: "trades", def: RECORDS.trades, fs, bufferBytes: 96 });
    writer.append(makeTrade(MIDNIGHT_MS, 0));
    writer.append(makeTrade(MIDNIGHT_MS + 1, 1));
    expect(catchError(() => writer.append(makeTrade(MIDNIGHT_MS + 2, 2))).code).toBe("E_DISK_FULL");
    expect(writer.stats.recordsAppended).toBe(2);
    const closeError = catchError(() => writer.close());
    expect(closeError.code).toBe("E_DISK_FULL");
    expect(closeError.details?.lostRecords).toBe(2);
    expect(statSync(join(writer.dir, "2024-01-01.dat")).size).toBe(0);
  });

  test("a day that cannot be flushed is not evicted: its records wait for the disk", async () => {
    const fs = createFaultyFs([]);
    const writer = openSeriesWriter({ ...key(), slug: "trades", def: RECORDS.trades, fs, maxOpenDays: 1 });
    const first = makeTrade(MIDNIGHT_MS, 0);
    const nextDay = makeTrade(MIDNIGHT_MS + 86_400_000, 1);
    writer.append(first);
    fs.rules.push({ op: "write", pathEndsWith: ".dat", code: "ENOSPC" });
    expect(catchError(() => writer.append(nextDay)).code).toBe("E_DISK_FULL");
    expect(writer.stats.openDays).toEqual(["2024-01-01"]);
    fs.rules.length = 0;
    writer.append(nextDay);
    writer.close();
    const reader = openSeriesReader({ ...key(), slug: "trades", def: RECORDS.trades });
    expect(await collect(reader.readRange(-Infinity, Infinity))).toEqual([first, nextDay]);
  });

  test("a timer flush failure goes to onError, never to the console", async () => {
    const fs = createFaultyFs([{ op: "write", pathEndsWith: ".dat", code: "EIO" }]);
    const errors: Dig3Error[] = [];
    const writer = openSeriesWriter({
      ...key(),
      slug: "trades",
      def: RECORDS.trades,
      fs,
      flushEveryMs: 5,
      onError: (error) => errors.push(error),
    });
    writer.append(makeTrade(MIDNIGHT_MS, 0));
    for (let i = 0; i < 50 && errors.length === 0; i++) await Bun.sleep(5);
    expect(errors[0]?.code).toBe("E_IO");
    expect(errors[0]?.hint).toBeTruthy();
    fs.rules.length = 0;
    writer.close();
  });
});

describe("permissions", () => {
  test("EACCES / EPERM / EROFS on open or mkdir: E_PERMISSION with a hint", () => {
    for (const code of ["EACCES", "EPERM", "EROFS"]) {
      const fs = createFaultyFs([{ op: "open", pathEndsWith: ".dat", code }]);
      const writer = openSeriesWriter({
        ...key(),
        symbol: `S${code}`,
        slug: "trades",
        def: RECORDS.trades,
        fs,
      });
      const error = catchError(() => writer.append(makeTrade(MIDNIGHT_MS, 0)));
      expect(error.code).toBe("E_PERMISSION");
      expect(error.hint).toContain("writable");
      writer.close();
    }
    const fs = createFaultyFs([{ op: "mkdir", pathEndsWith: "btc_usdt", code: "EACCES" }]);
    expect(
      catchError(() => openSeriesWriter({ ...key(), slug: "trades", def: RECORDS.trades, fs })).code,
    ).toBe("E_PERMISSION");
  });

  test("a real read-only directory", () => {
    if (process.getuid?.() === 0) {
      console.log(
        "skipped: running as root, which ignores directory permissions (the injected-fs cases cover it)",
      );
      return;
    }
    const dir = join(temp.root, "ro");
    mkdirSync(dir);
    chmodSync(dir, 0o555);
    try {
      const error = catchError(() =>
        openSeriesWriter({ ...key(), root: dir, slug: "trades", def: RECORDS.trades }),
      );
      expect(error.code).toBe("E_PERMISSION");
    } finally {
      chmodSync(dir, 0o755);
    }
  });

  test("error mapping", () => {
    const of = (code: string) => toStorageError(Object.assign(new Error(code), { code }), "write", "/x").code;
    expect(of("ENOSPC")).toBe("E_DISK_FULL");
    expect(of("EDQUOT")).toBe("E_DISK_FULL");
    expect(of("EACCES")).toBe("E_PERMISSION");
    expect(of("EPERM")).toBe("E_PERMISSION");
    expect(of("EROFS")).toBe("E_PERMISSION");
    expect(of("ENOENT")).toBe("E_FILE_NOT_FOUND");
    expect(of("EIO")).toBe("E_IO");
    expect(toStorageError(new Error("plain"), "write", "/x").code).toBe("E_IO");
  });
});
