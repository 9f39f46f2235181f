// Figure 3: persistence — trade records appended through dig3's series writer (encode, buffered day file, `.idx`
// every 1024 records, full buffers written behind by its I/O thread, or here while its hand-off check finds that
// faster) beside a plain sequential write of the identical bytes in chunks of the writer's flush size, both into the
// same temporary directory, records/s. Making each record (bench/trade-records.ts) counts against dig3. The writer with
// its I/O thread off runs beside them: which of the two is faster depends on where the machine runs the two threads
// (the check says which thread did the writes).

import { closeSync, openSync, readSync, rmSync, statSync, unlinkSync, writeSync } from "node:fs";
import { join } from "node:path";
import { RECORDS } from "../src/records/index.ts";
import { IDX_ENTRY_BYTES, resolveDayFilePaths, resolveSeriesDir } from "../src/storage/index.ts";
import { countWriteBehindWrites } from "../src/storage/write-behind.ts";
import { withTempDir } from "./cleanup.ts";
import { type Figure, type FigureOptions, rateFigure } from "./figures.ts";
import {
  BENCH_DAY,
  BENCH_SERIES,
  createTradeSequence,
  type TradeSequence,
  writeTradeDay,
} from "./trade-records.ts";
import { timeWholeRuns } from "./whole-runs.ts";

const def = RECORDS.trades;
/** The writer's largest buffer (64 KiB) holds this many bytes of whole records: its steady-state write size. */
const CHUNK_BYTES = Math.floor((64 * 1024) / def.size) * def.size;

export async function measurePersist(options: FigureOptions): Promise<Figure[]> {
  const count = options.quick ? 200_000 : 10_000_000;
  const sequence = createTradeSequence(count);
  const bytes = encodeSequence(sequence);
  return withTempDir("persist", async (root) => {
    const key = { root, ...BENCH_SERIES };
    const seriesDir = resolveSeriesDir(key);
    const datPath = resolveDayFilePaths(seriesDir, BENCH_DAY).dat;
    const rawPath = join(root, "raw.dat");
    const appendAll = () => writeTradeDay(root, sequence);
    // Once untimed: the writer's file must hold exactly the bytes the raw write writes.
    appendAll();
    const isSame = hasSameBytes(datPath, bytes);
    const idxEntries = statSync(resolveDayFilePaths(seriesDir, BENCH_DAY).idx).size / IDX_ENTRY_BYTES;
    rmSync(seriesDir, { recursive: true, force: true });
    if (!isSame) throw new Error("bench persist: the writer's .dat differs from the encoded records");

    const removeSeries = () => rmSync(seriesDir, { recursive: true, force: true });
    const writesBefore = countWriteBehindWrites();
    const msOf = await timeWholeRuns(
      {
        dig3: { run: appendAll, after: removeSeries },
        // The same writer with its I/O thread off: what the thread gains (or, where a hand-off between the two
        // CPUs is dear, loses) on this machine at this time.
        dig3Here: { run: () => writeTradeDay(root, sequence, false), after: removeSeries },
        raw: { run: () => writeSequentially(rawPath, bytes), after: () => unlinkSync(rawPath) },
      },
      // A fresh process's writer reaches its steady speed after a few passes: 10 M appends alternated with the raw
      // write, 16 passes in each of four processes: three ran their first 2-14 passes at 28-43 ns a record
      // (0.40-0.62x of raw) and the rest at 23-25 (0.66-0.77x); the fourth stayed at 30-40 throughout (measured).
      // With one warm-up, the median of five mixed those first passes in.
      { rounds: options.quick ? 3 : 7, warmUpRuns: options.quick ? 1 : 4 },
    );
    const writesAfter = countWriteBehindWrites();
    const label = options.quick ? `${count / 1e3} k` : `${count / 1e6} M`;
    const peerName = `raw write, ${CHUNK_BYTES} B chunks`;
    const rawRate = count / (msOf.raw! / 1000);
    const figure = rateFigure(
      `persist: append ${label} trades (48 B)`,
      "records/s",
      count / (msOf.dig3! / 1000),
      peerName,
      rawRate,
    );
    const workerShare = shareOf(
      writesAfter.byWorker - writesBefore.byWorker,
      writesAfter.here - writesBefore.here,
    );
    figure.check = `same .dat bytes; ${idxEntries} .idx entries; ${workerShare}; target ≥ 0.70× (${figure.ratio >= 0.7 ? "met" : "missed"})`;
    const here = rateFigure(
      `persist: append ${label} trades (48 B), I/O thread off`,
      "records/s",
      count / (msOf.dig3Here! / 1000),
      peerName,
      rawRate,
    );
    here.check = "every write on the JS thread (the writer's choice when the process may use one CPU only)";
    return [figure, here];
  });
}

/** Which thread did the full buffers' writes. */
function shareOf(byWorker: number, here: number): string {
  const total = byWorker + here;
  return total === 0
    ? "no write behind"
    : `${Math.round((100 * byWorker) / total)}% of buffer writes by the I/O thread`;
}

function encodeSequence(sequence: TradeSequence): Uint8Array {
  const bytes = new Uint8Array(sequence.count * def.size);
  const view = new DataView(bytes.buffer);
  for (let i = 0; i < sequence.count; i++) def.encode(sequence.recordAt(i), view, i * def.size);
  return bytes;
}

/** The peer: open for append, write the bytes front to back in the writer's chunk size, close. */
function writeSequentially(path: string, bytes: Uint8Array): void {
  const fd = openSync(path, "a");
  try {
    for (let at = 0; at < bytes.length; ) {
      at += writeSync(fd, bytes, at, Math.min(CHUNK_BYTES, bytes.length - at));
    }
  } finally {
    closeSync(fd);
  }
}

function hasSameBytes(path: string, expected: Uint8Array): boolean {
  if (statSync(path).size !== expected.length) return false;
  const fd = openSync(path, "r");
  const chunk = new Uint8Array(1 << 20);
  try {
    for (let at = 0; at < expected.length; ) {
      const got = readSync(fd, chunk, 0, chunk.length, at);
      if (got <= 0) return false;
      if (Buffer.compare(chunk.subarray(0, got), expected.subarray(at, at + got)) !== 0) return false;
      at += got;
    }
    return true;
  } finally {
    closeSync(fd);
  }
}
