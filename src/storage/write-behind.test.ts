// The I/O thread on its own: a queued slot lands in its file whichever thread writes it, a failed write is cut back
// and comes back as the storage error a write on the JS thread would have thrown, and slots run out cleanly.

import { describe, expect, test } from "bun:test";
import { closeSync, openSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { useTempRoot } from "./testdata/fixtures.ts";
import {
  countFreeWriteBehindSlots,
  countWriteBehindWrites,
  getWriteBehind,
  injectWriteBehindFaults,
  WRITE_BEHIND_SLOT_BYTES,
} from "./write-behind.ts";
import { closeAllOpenWriters } from "./writer.ts";

const temp = useTempRoot(closeAllOpenWriters);
const io = getWriteBehind()!;

/** Until the worker has done `count` more writes than `before` (it starts in the background). */
async function waitForWorkerWrites(before: number, count = 1): Promise<void> {
  for (let waitedMs = 0; countWriteBehindWrites().byWorker < before + count; waitedMs += 5) {
    if (waitedMs > 5_000) throw new Error("the I/O thread wrote nothing in 5 s");
    await Bun.sleep(5);
  }
}

/** A file holding `head`, opened with `flags`, and an owned slot filled with `length` bytes of `byte`. */
function prepare(flags: string, head: string, length: number, byte: number) {
  const path = join(temp.root, "day.dat");
  writeFileSync(path, head);
  const fd = openSync(path, flags);
  const slot = io.takeSlot();
  expect(slot).toBeGreaterThanOrEqual(0);
  io.bytesOf(slot).fill(byte, 0, length);
  return { path, fd, slot };
}

describe("write behind", () => {
  test("a queued slot is appended by the worker; settling hands the slot back", async () => {
    const { path, fd, slot } = prepare("a", "head", 10_000, 0x41);
    const before = countWriteBehindWrites().byWorker;
    io.submit(slot, fd, 10_000, 4);
    await waitForWorkerWrites(before);
    expect(io.settle(slot, path)).toBeUndefined();
    closeSync(fd);
    expect(readFileSync(path, "latin1")).toBe(`head${"A".repeat(10_000)}`);
    // Owned again: it can be filled and queued once more; settling right away writes it on whichever thread.
    const again = openSync(path, "a");
    io.bytesOf(slot).fill(0x42, 0, 3);
    io.submit(slot, again, 3, 10_004);
    expect(io.settle(slot, path)).toBeUndefined();
    closeSync(again);
    expect(readFileSync(path, "latin1").endsWith("ABBB")).toBe(true);
    io.releaseSlot(slot);
  });

  test("a file the worker cannot write (read-only descriptor): E_IO naming the file, nothing changed", async () => {
    const { path, fd, slot } = prepare("r", "head", 4096, 0x41);
    const before = countWriteBehindWrites().byWorker;
    io.submit(slot, fd, 4096, 4);
    await waitForWorkerWrites(before);
    const error = io.settle(slot, path);
    closeSync(fd);
    io.releaseSlot(slot);
    expect(error?.code).toBe("E_IO");
    expect(error?.message).toContain(path);
    expect(error?.details).toMatchObject({ path, errno: "EBADF" });
    expect(readFileSync(path, "latin1")).toBe("head");
  });

  test("ENOSPC halfway through: E_DISK_FULL, and the half written is cut back to the length before", async () => {
    const { path, fd, slot } = prepare("a", "head", 8192, 0x41);
    injectWriteBehindFaults(1, "ENOSPC");
    const before = countWriteBehindWrites().byWorker;
    io.submit(slot, fd, 8192, 4);
    await waitForWorkerWrites(before);
    const error = io.settle(slot, path);
    injectWriteBehindFaults(0);
    closeSync(fd);
    io.releaseSlot(slot);
    expect(error?.code).toBe("E_DISK_FULL");
    expect(error?.hint).toContain("retried");
    expect(statSync(path).size).toBe(4);
  });

  test("slots run out: takeSlot says -1 and a released slot can be taken again", () => {
    const free = countFreeWriteBehindSlots();
    const taken = Array.from({ length: free }, () => io.takeSlot());
    expect(taken.every((slot) => slot >= 0)).toBe(true);
    expect(io.takeSlot()).toBe(-1);
    io.releaseSlot(taken[0]!);
    expect(io.takeSlot()).toBe(taken[0]!);
    for (const slot of taken) io.releaseSlot(slot);
    expect(countFreeWriteBehindSlots()).toBe(free);
    expect(io.bytesOf(taken[0]!).length).toBe(WRITE_BEHIND_SLOT_BYTES);
  });
});
