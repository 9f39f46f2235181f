// One writer per series: a second writer (this process or another) gets E_LOCKED naming the holder's pid; a lock
// left by a dead process, or an unreadable old one, is taken over; close releases.

import { describe, expect, test } from "bun:test";
import { existsSync, mkdirSync, readFileSync, utimesSync, writeFileSync } from "node:fs";
import { hostname } from "node:os";
import { join } from "node:path";
import { Dig3Error } from "../core/errors.ts";
import { RECORDS } from "../records/registry.ts";
import { isPidAlive } from "./lock.ts";
import { resolveSeriesDir } from "./paths.ts";
import { MIDNIGHT_MS, makeTrade, useTempRoot } from "./testdata/fixtures.ts";
import { closeAllOpenWriters, openSeriesWriter } from "./writer.ts";

const temp = useTempRoot(closeAllOpenWriters);

const options = () => ({
  root: temp.root,
  slug: "trades",
  exchange: "kraken",
  account: "spot",
  symbol: "XBT/USD",
  def: RECORDS.trades,
});

function catchError(action: () => unknown): Dig3Error {
  try {
    action();
  } catch (error) {
    expect(error).toBeInstanceOf(Dig3Error);
    return error as Dig3Error;
  }
  throw new Error("expected a Dig3Error");
}

function writeLock(pid: number, host = hostname()): string {
  const dir = resolveSeriesDir(options());
  mkdirSync(dir, { recursive: true });
  const path = join(dir, ".lock");
  writeFileSync(
    path,
    `${JSON.stringify({ tool: "dig3", pid, host, startedAtMs: MIDNIGHT_MS, token: "other" })}\n`,
  );
  return path;
}

/** A pid that existed and is now dead. */
async function getDeadPid(): Promise<number> {
  const child = Bun.spawn(["true"]);
  await child.exited;
  expect(isPidAlive(child.pid)).toBe(false);
  return child.pid;
}

describe("series lock", () => {
  test("a second writer in the same process gets E_LOCKED; close releases", () => {
    const first = openSeriesWriter(options());
    const lockPath = join(first.dir, ".lock");
    const info = JSON.parse(readFileSync(lockPath, "utf8"));
    expect(info.pid).toBe(process.pid);
    expect(typeof info.startedAtMs).toBe("number");
    const error = catchError(() => openSeriesWriter(options()));
    expect(error.code).toBe("E_LOCKED");
    expect(error.message).toContain(`pid ${process.pid}`);
    expect(error.hint).toContain("close the first writer");
    first.append(makeTrade(MIDNIGHT_MS, 0));
    first.close();
    expect(existsSync(lockPath)).toBe(false);
    openSeriesWriter(options()).close();
  });

  test("a lock held by another live process: E_LOCKED with its pid; once it is dead, taken over", async () => {
    const holder = Bun.spawn(["sleep", "30"]);
    try {
      const lockPath = writeLock(holder.pid);
      const error = catchError(() => openSeriesWriter(options()));
      expect(error.code).toBe("E_LOCKED");
      expect(error.message).toContain(`pid ${holder.pid}`);
      expect(error.hint).toContain(lockPath);
      expect(error.details?.pid).toBe(holder.pid);
    } finally {
      holder.kill(9);
      await holder.exited;
    }
    const writer = openSeriesWriter(options());
    expect(JSON.parse(readFileSync(join(writer.dir, ".lock"), "utf8")).pid).toBe(process.pid);
    writer.close();
  });

  test("a stale lock from a dead pid is taken over", async () => {
    const lockPath = writeLock(await getDeadPid());
    const writer = openSeriesWriter(options());
    expect(JSON.parse(readFileSync(lockPath, "utf8")).pid).toBe(process.pid);
    writer.append(makeTrade(MIDNIGHT_MS, 0));
    writer.close();
    expect(existsSync(lockPath)).toBe(false);
  });

  test("a lock of this pid that no writer of this process holds is stale (pid reuse after a crash)", () => {
    writeLock(process.pid);
    openSeriesWriter(options()).close();
  });

  test("a lock from another host cannot be checked and is respected", () => {
    // The pid is not checked on another host, whatever it is.
    writeLock(424242, "some-other-host");
    const error = catchError(() => openSeriesWriter(options()));
    expect(error.code).toBe("E_LOCKED");
    expect(error.message).toContain("some-other-host");
  });

  test("an unreadable lock: refused while fresh (being written), taken over when old", () => {
    const lockPath = writeLock(1);
    writeFileSync(lockPath, "");
    expect(catchError(() => openSeriesWriter(options())).code).toBe("E_LOCKED");
    const old = new Date(Date.now() - 60_000);
    utimesSync(lockPath, old, old);
    openSeriesWriter(options()).close();
  });
});
