// Test fixtures for storage: fresh temp roots, sample records of each shape, and a file-system facade that fails
// on demand (ENOSPC after a partial write, EACCES on open …).

import { afterEach, beforeEach } from "bun:test";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { BookRecord } from "../../records/book.ts";
import type { KlineRecord } from "../../records/klines.ts";
import type { TradeRecord } from "../../records/trades.ts";
import { nodeStorageFs, type StorageFs } from "../io.ts";

/** 2024-01-01T00:00:00Z */
export const MIDNIGHT_MS = Date.UTC(2024, 0, 1);

/**
 * Trades the `busy-exit` child appends before process.exit: 14 full 64 KiB buffers, fewer than the writer's hand-off
 * check times (TRIAL_BUFFERS) before it may choose to write on the JS thread, so every one after the first is handed
 * to the I/O thread however fast the machine is.
 */
export const BUSY_EXIT_TRADES = 20_000;
/** Of those, the trades appended before the child waits for the I/O thread to run: two full buffers. */
export const BUSY_EXIT_FIRST_TRADES = 3_000;

/** Collects an async iterable into an array. */
export async function collect<T>(iterable: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const value of iterable) out.push(value);
  return out;
}

/**
 * A fresh temp root per test, removed after it (open writers are closed first): call once at the top of a test
 * file and read `.root` inside tests.
 */
export function useTempRoot(closeWriters: () => void): { readonly root: string } {
  let temp: ReturnType<typeof createTempRoot> | undefined;
  beforeEach(() => {
    temp = createTempRoot();
  });
  afterEach(() => {
    closeWriters();
    temp?.remove();
  });
  return {
    get root() {
      return temp!.root;
    },
  };
}

export function createTempRoot(): { root: string; remove(): void } {
  const root = mkdtempSync(join(tmpdir(), "dig3-storage-"));
  return { root, remove: () => rmSync(root, { recursive: true, force: true }) };
}

export function makeTrade(tsMs: number, i: number): TradeRecord {
  return {
    tsMs,
    price: 60000 + i / 100,
    size: 0.001 * (i + 1),
    side: i % 2 === 0 ? "buy" : "sell",
    tradeIdHashHi: 0,
    tradeIdHashLo: i + 1,
    recvTsUs: tsMs * 1000 + 7,
  };
}

export function makeKline(openTimeMs: number, i: number): KlineRecord {
  return {
    openTimeMs,
    open: 100 + i,
    high: 110 + i,
    low: 90 + i,
    close: 105 + i,
    volume: 1.5 * i,
    quoteVolume: i % 3 === 0 ? undefined : 150 * i,
    trades: i,
  };
}

export function makeDelta(tsMs: number, seq: number, levels = 1 + (seq % 4)): BookRecord {
  return {
    tsMs,
    type: "delta",
    bids: Array.from({ length: levels }, (_, k) => [100 - k, seq + k] as [number, number]),
    asks: Array.from({ length: levels % 3 }, (_, k) => [101 + k, k === 0 ? 0 : seq] as [number, number]),
    seq,
    firstSeq: seq,
    prevSeq: seq > 0 ? seq - 1 : undefined,
    checksum: seq % 2 === 0 ? undefined : -seq,
  };
}

export interface FaultRule {
  /** Fails calls on a path ending with this. */
  pathEndsWith: string;
  op: "open" | "write" | "mkdir";
  code: string;
  /** For writes: bytes written before the failure. */
  partialBytes?: number;
}

/** nodeStorageFs with failures injected by rule; `rules` can be changed between calls. */
export function createFaultyFs(rules: FaultRule[]): StorageFs & { rules: FaultRule[] } {
  const pathOfFd = new Map<number, string>();
  const match = (op: FaultRule["op"], path: string | undefined) =>
    path === undefined ? undefined : rules.find((rule) => rule.op === op && path.endsWith(rule.pathEndsWith));
  const errnoError = (code: string) => Object.assign(new Error(`${code}: injected`), { code });
  return {
    ...nodeStorageFs,
    rules,
    openSync(path, flags, mode) {
      const rule = match("open", path);
      if (rule) throw errnoError(rule.code);
      const fd = nodeStorageFs.openSync(path, flags, mode);
      pathOfFd.set(fd, path);
      return fd;
    },
    closeSync(fd) {
      pathOfFd.delete(fd);
      nodeStorageFs.closeSync(fd);
    },
    mkdirSync(path, options) {
      const rule = match("mkdir", path);
      if (rule) throw errnoError(rule.code);
      return nodeStorageFs.mkdirSync(path, options);
    },
    writeSync(fd, buffer, offset, length) {
      const rule = match("write", pathOfFd.get(fd));
      if (!rule) return nodeStorageFs.writeSync(fd, buffer, offset, length);
      const partial = Math.min(rule.partialBytes ?? 0, length);
      if (partial > 0) {
        nodeStorageFs.writeSync(fd, buffer, offset, partial);
        // The next call (the retry of the rest) fails.
        rule.partialBytes = 0;
        return partial;
      }
      throw errnoError(rule.code);
    },
  };
}
