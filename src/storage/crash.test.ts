// Crash and exit: a child Bun process writing book deltas is killed with SIGKILL mid-run; every record it reported
// flushed is readable, the tail is cut cleanly on reopen. SIGTERM, process.exit (with writes queued on the I/O thread,
// from source and from a compiled executable) and a natural exit flush through the exit hook.

import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { Dig3Error } from "../core/errors.ts";
import type { BookRecord } from "../records/book.ts";
import { encodeRecords } from "../records/columns.ts";
import { RECORDS } from "../records/registry.ts";
import { TRIAL_BUFFERS } from "./hand-off-check.ts";
import { openSeriesReader, readDayFile } from "./reader.ts";
import type { TornTail } from "./recovery.ts";
import { WRITE_BEHIND_SLOT_BYTES } from "./write-behind.ts";
import { BUSY_EXIT_TRADES, createTempRoot, MIDNIGHT_MS, makeTrade } from "./testdata/fixtures.ts";
import { openSeriesWriter } from "./writer.ts";

const SCRIPT = join(import.meta.dir, "testdata", "crash-writer.ts");

let temp: ReturnType<typeof createTempRoot>;
beforeEach(() => {
  temp = createTempRoot();
});
afterEach(() => temp.remove());

const key = () => ({ root: temp.root, exchange: "binance", account: "spot", symbol: "BTCUSDT" });

function spawnWriter(mode: string) {
  return Bun.spawn([process.execPath, SCRIPT, temp.root, mode], { stdout: "pipe", stderr: "pipe" });
}

/** Reads the child's stdout lines until `isDone` says so; returns the last line seen. */
async function readLinesUntil(
  stream: ReadableStream<Uint8Array>,
  isDone: (line: string) => boolean,
): Promise<string> {
  const reader = stream.getReader();
  const decoder = new TextDecoder();
  let text = "";
  let last = "";
  try {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return last;
      text += decoder.decode(value, { stream: true });
      const lines = text.split("\n");
      text = lines.pop()!;
      for (const line of lines) {
        last = line;
        if (isDone(line)) return last;
      }
    }
  } finally {
    reader.releaseLock();
  }
}

describe("crash safety", () => {
  test("SIGKILL mid-write: every flushed record is readable and the tail is cut cleanly", async () => {
    const child = spawnWriter("loop");
    let flushed = 0;
    try {
      await readLinesUntil(child.stdout, (line) => {
        const match = /^flushed (\d+)$/.exec(line);
        if (match) flushed = Number(match[1]);
        return flushed >= 6000;
      });
      // While it runs, the child holds the lock.
      let locked: Dig3Error | undefined;
      try {
        openSeriesWriter({ ...key(), slug: "orderbook_deltas", def: RECORDS.orderbook_deltas }).close();
      } catch (error) {
        locked = error as Dig3Error;
      }
      expect(locked?.code).toBe("E_LOCKED");
      expect(locked?.message).toContain(`pid ${child.pid}`);
    } finally {
      child.kill("SIGKILL");
    }
    expect(await child.exited).not.toBe(0);
    expect(flushed).toBeGreaterThanOrEqual(6000);

    // Readers see a consistent prefix (seq 1, 2, 3 … with no hole) at least as long as what was reported.
    const reader = openSeriesReader<BookRecord>({ ...key(), slug: "orderbook_deltas" });
    expect(reader.listDays()).toEqual(["2023-12-31", "2024-01-01"]);
    const before = await collectSeqs(reader.readRange(-Infinity, Infinity));
    expect(before.length).toBeGreaterThanOrEqual(flushed);
    expect(before.every((seq, i) => seq === i)).toBe(true);

    // Reopening for write takes over the dead child's lock and cuts whatever tail the kill left.
    const cut: TornTail[] = [];
    const writer = openSeriesWriter({
      ...key(),
      slug: "orderbook_deltas",
      def: RECORDS.orderbook_deltas,
      onRecovered: (torn) => cut.push(torn),
    });
    const last = await reader.tail(1);
    writer.append({ ...last[0]!, seq: before.length, firstSeq: before.length, prevSeq: before.length - 1 });
    writer.close();
    for (const torn of cut) expect(torn.cutBytes).toBeGreaterThan(0);
    const dir = join(temp.root, "orderbook_deltas", "binance", "spot", "btcusdt");
    for (const name of readdirSync(dir).filter((file) => file.endsWith(".dat"))) {
      expect(readDayFile(join(dir, name)).torn).toEqual([]);
    }
    const after = await collectSeqs(reader.readRange(-Infinity, Infinity));
    expect(after).toEqual([...before, before.length]);
  }, 20_000);
});

describe("exit hook", () => {
  test("SIGTERM: the exit hook flushes buffered records, releases the lock, and the process still ends", async () => {
    const child = spawnWriter("sigterm");
    await readLinesUntil(child.stdout, (line) => line === "ready 500");
    child.kill("SIGTERM");
    await child.exited;
    expect(child.signalCode).toBe("SIGTERM");
    const reader = openSeriesReader({ ...key(), slug: "trades", def: RECORDS.trades });
    expect((await reader.tail(1000)).length).toBe(500);
    expect(existsSync(join(reader.dir, ".lock"))).toBe(false);
  }, 10_000);

  test("process.exit with buffers queued on the I/O thread: every record is on disk, in order", async () => {
    const child = spawnWriter("busy-exit");
    expect(await child.exited).toBe(0);
    expectBusyExitTrades(await new Response(child.stdout).text());
  }, 10_000);

  test("the same from a compiled executable built with the binary's flags (the I/O thread is source text)", async () => {
    const flags = buildFlags();
    const binary = join(temp.root, "crash-writer");
    const build = Bun.spawnSync([process.execPath, "build", ...flags, SCRIPT, "--outfile", binary]);
    expect(build.stderr.toString()).toBe("");
    const child = Bun.spawn([binary, temp.root, "busy-exit"], { stdout: "pipe", stderr: "pipe" });
    expect(await child.exited).toBe(0);
    expectBusyExitTrades(await new Response(child.stdout).text());
  }, 30_000);

  test("the flush timer does not keep a process alive; a natural exit flushes", async () => {
    const child = spawnWriter("idle-exit");
    expect(await child.exited).toBe(0);
    const reader = openSeriesReader({ ...key(), slug: "trades", def: RECORDS.trades });
    expect((await reader.tail(1000)).length).toBe(300);
    expect(existsSync(join(reader.dir, ".lock"))).toBe(false);
  }, 10_000);
});

function expectBusyExitTrades(stdout: string): void {
  // Fewer full buffers than the hand-off check times: none of them may be moved to the JS thread.
  expect((BUSY_EXIT_TRADES * RECORDS.trades.size) / WRITE_BEHIND_SLOT_BYTES).toBeLessThan(TRIAL_BUFFERS);
  expect(stdout).toMatch(/^written by the I\/O thread [1-9]/);
  const values = Array.from({ length: BUSY_EXIT_TRADES }, (_, i) => makeTrade(MIDNIGHT_MS + i, i));
  const dat = readFileSync(join(temp.root, "trades", "binance", "spot", "btcusdt", "2024-01-01.dat"));
  expect(dat.equals(encodeRecords(values, RECORDS.trades))).toBe(true);
  expect(existsSync(join(temp.root, "trades", "binance", "spot", "btcusdt", ".lock"))).toBe(false);
}

/** `bun build` flags of the package's build script (the ones the shipped dig3 is compiled with). */
function buildFlags(): string[] {
  const scripts = JSON.parse(readFileSync(join(import.meta.dir, "../../package.json"), "utf8")).scripts;
  return (scripts.build as string)
    .split(/\s+/)
    .filter((word) => word.startsWith("--") && word !== "--outfile");
}

async function collectSeqs(iterable: AsyncIterable<BookRecord>): Promise<number[]> {
  const seqs: number[] = [];
  for await (const record of iterable) seqs.push(record.seq!);
  return seqs;
}
