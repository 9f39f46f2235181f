// One writer per series: `<series dir>/.lock`, created exclusively (`wx`), holding one JSON line with the holder's
// pid, host, start time and a random token. A lock whose pid is dead on this host is taken over; release on close.

import { hostname } from "node:os";
import { join } from "node:path";
import { Dig3Error } from "../core/errors.ts";
import { readErrnoCode, type StorageFs, toStorageError } from "./io.ts";

export const LOCK_FILE_NAME = ".lock";

/** An unreadable lock younger than this may be one being written right now; older ones are stale. */
const UNREADABLE_GRACE_MS = 5_000;
const TAKEOVER_ATTEMPTS = 3;

export interface LockInfo {
  pid: number;
  host: string;
  startedAtMs: number;
  token: string;
}

export interface SeriesLock {
  path: string;
  info: LockInfo;
  /** Removes the lock file if it is still ours; never throws. */
  release(): void;
}

/** Lock files this process holds, so a second writer in the same process is refused too. */
const heldLockPaths = new Set<string>();

/** Takes `<dir>/.lock` or throws E_LOCKED naming the holder's pid; takes over a lock left by a dead process. */
export function acquireSeriesLock(fs: StorageFs, dir: string, nowMs: number = Date.now()): SeriesLock {
  const path = join(dir, LOCK_FILE_NAME);
  const info: LockInfo = {
    pid: process.pid,
    host: hostname(),
    startedAtMs: nowMs,
    token: Math.random().toString(36).slice(2, 12),
  };
  for (let attempt = 0; attempt < TAKEOVER_ATTEMPTS; attempt++) {
    if (tryCreateLock(fs, path, info)) return holdLock(fs, path, info);
    const holder = readLockInfo(fs, path);
    if (holder === "missing") continue;
    if (!isLockStale(fs, path, holder)) throw lockedError(path, holder);
    if (takeOverStaleLock(fs, path, holder)) continue;
  }
  const holder = readLockInfo(fs, path);
  throw lockedError(path, holder === "missing" ? "unreadable" : holder);
}

function tryCreateLock(fs: StorageFs, path: string, info: LockInfo): boolean {
  let fd: number;
  try {
    fd = fs.openSync(path, "wx", 0o644);
  } catch (error) {
    if (readErrnoCode(error) === "EEXIST") return false;
    throw toStorageError(error, "create the lock file", path);
  }
  const bytes = new TextEncoder().encode(`${JSON.stringify({ tool: "dig3", ...info })}\n`);
  try {
    fs.writeSync(fd, bytes, 0, bytes.length);
  } catch (error) {
    safely(() => fs.closeSync(fd));
    safely(() => fs.unlinkSync(path));
    throw toStorageError(error, "write the lock file", path);
  }
  fs.closeSync(fd);
  return true;
}

function holdLock(fs: StorageFs, path: string, info: LockInfo): SeriesLock {
  heldLockPaths.add(path);
  let isHeld = true;
  return {
    path,
    info,
    release() {
      if (!isHeld) return;
      isHeld = false;
      heldLockPaths.delete(path);
      const current = readLockInfo(fs, path);
      if (typeof current === "object" && current.token === info.token && current.pid === info.pid) {
        safely(() => fs.unlinkSync(path));
      }
    },
  };
}

/** The holder written in a lock file, "missing" when there is none, "unreadable" when it cannot be parsed. */
export function readLockInfo(fs: StorageFs, path: string): LockInfo | "missing" | "unreadable" {
  let text: string;
  try {
    text = new TextDecoder().decode(fs.readFileSync(path));
  } catch (error) {
    return readErrnoCode(error) === "ENOENT" ? "missing" : "unreadable";
  }
  try {
    const parsed = JSON.parse(text) as Partial<LockInfo>;
    if (typeof parsed.pid !== "number" || !Number.isInteger(parsed.pid) || parsed.pid <= 0)
      return "unreadable";
    return {
      pid: parsed.pid,
      host: typeof parsed.host === "string" ? parsed.host : "",
      startedAtMs: typeof parsed.startedAtMs === "number" ? parsed.startedAtMs : 0,
      token: typeof parsed.token === "string" ? parsed.token : "",
    };
  } catch {
    return "unreadable";
  }
}

function isLockStale(fs: StorageFs, path: string, holder: LockInfo | "unreadable"): boolean {
  if (holder === "unreadable") {
    try {
      return Date.now() - fs.statSync(path).mtimeMs > UNREADABLE_GRACE_MS;
    } catch {
      return true;
    }
  }
  // A pid on another host (shared file system) cannot be checked: treat it as alive.
  if (holder.host !== "" && holder.host !== hostname()) return false;
  if (holder.pid === process.pid) return !heldLockPaths.has(path);
  return !isPidAlive(holder.pid);
}

/** `kill(pid, 0)`: ESRCH means dead; success or EPERM (someone else's live process) means alive. */
export function isPidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return readErrnoCode(error) === "EPERM";
  }
}

/**
 * Moves the stale lock aside under a name of our own (atomic, so of two processes taking over only one moves it),
 * then checks that what it moved is the stale lock it judged; if another process's fresh lock was moved instead,
 * puts it back (link, never overwriting) and reports failure.
 */
function takeOverStaleLock(fs: StorageFs, path: string, stale: LockInfo | "unreadable"): boolean {
  const aside = `${path}.stale.${process.pid}.${Math.random().toString(36).slice(2, 8)}`;
  try {
    fs.renameSync(path, aside);
  } catch (error) {
    if (readErrnoCode(error) === "ENOENT") return true;
    throw toStorageError(error, "take over the stale lock", path);
  }
  const moved = readLockInfo(fs, aside);
  const isSame =
    stale === "unreadable"
      ? moved === "unreadable"
      : typeof moved === "object" && moved.pid === stale.pid && moved.token === stale.token;
  if (!isSame) safely(() => fs.linkSync(aside, path));
  safely(() => fs.unlinkSync(aside));
  return isSame;
}

function lockedError(path: string, holder: LockInfo | "unreadable"): Dig3Error {
  if (holder === "unreadable") {
    return new Dig3Error("E_LOCKED", `series is locked by another writer (lock file ${path} being written)`, {
      hint: `retry in a few seconds; if no dig3 is writing this series, delete ${path}`,
      details: { lockPath: path },
    });
  }
  const since = holder.startedAtMs > 0 ? ` since ${new Date(holder.startedAtMs).toISOString()}` : "";
  const where = holder.host !== "" && holder.host !== hostname() ? ` on host ${holder.host}` : "";
  if (holder.pid === process.pid && where === "") {
    return new Dig3Error(
      "E_LOCKED",
      `series is already open for writing in this process (pid ${holder.pid}${since})`,
      {
        hint: "close the first writer before opening another, or share it",
        details: { lockPath: path, pid: holder.pid },
      },
    );
  }
  return new Dig3Error("E_LOCKED", `series is being written by pid ${holder.pid}${where}${since}`, {
    hint: `stop that process first (only one writer per series); if pid ${holder.pid} is not a dig3 writer any more, delete ${path}`,
    details: { lockPath: path, pid: holder.pid, host: holder.host },
  });
}

function safely(action: () => void): void {
  try {
    action();
  } catch {
    // Best effort: the caller already has a result or an error to report.
  }
}
