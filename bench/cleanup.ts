// Temporary directories and child processes a benchmark group creates, removed and stopped when the group is done,
// when it throws, and when the run is interrupted (SIGINT, SIGTERM) or exits some other way.

import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const tempDirs = new Set<string>();
const children = new Set<{ pid: number; kill(signal?: number | NodeJS.Signals): void }>();
let isHooked = false;

function hookExit(): void {
  if (isHooked) return;
  isHooked = true;
  process.on("exit", cleanUpAll);
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    process.once(signal, () => {
      cleanUpAll();
      process.exit(signal === "SIGINT" ? 130 : 143);
    });
  }
}

/** Stops every tracked child and removes every tracked directory; synchronous, so it can run in an exit hook. */
export function cleanUpAll(): void {
  for (const child of children) {
    try {
      child.kill("SIGKILL");
    } catch {
      // Already gone.
    }
  }
  children.clear();
  for (const dir of tempDirs) rmSync(dir, { recursive: true, force: true });
  tempDirs.clear();
}

/** A fresh directory under the system temp dir, removed by `removeTempDir` or at exit at the latest. */
export function createTempDir(prefix: string): string {
  hookExit();
  const dir = mkdtempSync(join(tmpdir(), `dig3-bench-${prefix}-`));
  tempDirs.add(dir);
  return dir;
}

export function removeTempDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
  tempDirs.delete(dir);
}

/** Runs `body` with a fresh temp dir that is removed afterwards, whether `body` returns or throws. */
export async function withTempDir<T>(prefix: string, body: (dir: string) => Promise<T> | T): Promise<T> {
  const dir = createTempDir(prefix);
  try {
    return await body(dir);
  } finally {
    removeTempDir(dir);
  }
}

/** Tracks a child process so an error or an interrupt in the parent never leaves it running. */
export function trackChild<C extends { pid: number; kill(signal?: number | NodeJS.Signals): void }>(
  child: C,
): C {
  hookExit();
  children.add(child);
  return child;
}

export function untrackChild(child: { pid: number }): void {
  for (const tracked of children) if (tracked.pid === child.pid) children.delete(tracked);
}
