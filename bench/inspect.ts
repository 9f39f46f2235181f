// Figure 4: inspect — the library call behind `dig3 inspect <file>` over one trades day file written by dig3's
// writer, beside a raw read of the same file (1 MiB readSync chunks, every cache line touched), MB/s; and once, the
// compiled `dist/dig3 inspect <file>` end to end (process start-up and rendering included) when it is built.

import { closeSync, existsSync, openSync, readSync, statSync } from "node:fs";
import { resolve } from "node:path";
import { inspectPaths } from "../src/tools/index.ts";
import { withTempDir } from "./cleanup.ts";
import { type Figure, type FigureOptions, rateFigure } from "./figures.ts";
import { countPauses, createTradeSequence, writeTradeDay } from "./trade-records.ts";
import { timeWholeRuns } from "./whole-runs.ts";

const READ_CHUNK_BYTES = 1 << 20;
const DIST_DIG3 = resolve(import.meta.dir, "..", "dist", "dig3");

export async function measureInspect(options: FigureOptions): Promise<Figure[]> {
  // ≥ 200 MB in full mode (4.4 M × 48 B = 211 MB); a small file in quick mode, named as such.
  const count = options.quick ? 220_000 : 4_400_000;
  return withTempDir("inspect", async (root) => {
    const path = writeTradeDay(root, createTradeSequence(count));
    const sizeMb = statSync(path).size / 1e6;
    const size = `${sizeMb.toFixed(0)} MB${options.quick ? " (quick: small file)" : ""}`;
    const check = await checkInspection(path, count);
    let sink = 0;
    const msOf = await timeWholeRuns(
      {
        dig3: { run: async () => (sink += (await inspectPaths([path])).totals.records) },
        raw: { run: () => (sink += readThrough(path)) },
      },
      // The library's scan reaches its steady speed on its sixth run: runs 1, 2 and 5 ran at 0.39-0.46x of raw read,
      // runs 6 on at 0.69-0.79x (measured, 12 runs in a row, twice); with one warm-up the median of five moved
      // between 0.46 and 0.74 from run to run.
      { rounds: options.quick ? 3 : 5, warmUpRuns: options.quick ? 1 : 5 },
    );
    if (sink === 0) throw new Error("bench inspect: nothing read");
    const rawMbPerS = sizeMb / (msOf.raw! / 1000);
    const library = rateFigure(
      `inspect: ${size} trades day, library`,
      "MB/s",
      sizeMb / (msOf.dig3! / 1000),
      "raw read, 1 MiB chunks",
      rawMbPerS,
    );
    library.check = `${check}; target ≥ 0.50× (${library.ratio >= 0.5 ? "met" : "missed"})`;
    const figures = [library];
    if (existsSync(DIST_DIG3)) {
      const cliMs = await timeCli(path, options.quick ? 1 : 3);
      const cli = rateFigure(
        `inspect: ${size} trades day, dist/dig3 end to end`,
        "MB/s",
        sizeMb / (cliMs / 1000),
        "raw read, 1 MiB chunks",
        rawMbPerS,
      );
      cli.check = `process start-up and rendering included (${cliMs.toFixed(0)} ms)`;
      figures.push(cli);
    } else {
      console.error("bench inspect: dist/dig3 not built (npm run build); skipping the end-to-end figure");
    }
    return figures;
  });
}

/** The report must be right before its speed counts: every record, clean, one gap per planted pause. */
async function checkInspection(path: string, count: number): Promise<string> {
  const file = (await inspectPaths([path])).files[0]!;
  const pauses = countPauses(count);
  if (
    file.records !== count ||
    file.status !== "clean" ||
    file.gapCount !== pauses ||
    file.duplicates !== 0
  ) {
    throw new Error(
      `bench inspect: unexpected report (${file.records} records, ${file.status}, ${file.gapCount} gaps, ${file.duplicates} duplicates)`,
    );
  }
  return `${(count / 1e6).toFixed(2)} M records, clean, ${pauses} gaps found`;
}

/** The peer: read the file front to back in 1 MiB chunks, touching one word per 64-byte cache line. */
function readThrough(path: string): number {
  const fd = openSync(path, "r");
  const chunk = new Uint8Array(READ_CHUNK_BYTES);
  const words = new Int32Array(chunk.buffer);
  let sum = 0;
  let total = 0;
  try {
    for (;;) {
      const got = readSync(fd, chunk, 0, chunk.length, total);
      if (got <= 0) break;
      total += got;
      for (let i = 0; i < got >> 2; i += 16) sum = (sum + words[i]!) | 0;
    }
  } finally {
    closeSync(fd);
  }
  return total + (sum & 1);
}

/** Median wall time of `dist/dig3 inspect <path>` over `runs` runs (after one untimed run), ms. */
async function timeCli(path: string, runs: number): Promise<number> {
  const inspectOnce = (): void => {
    const result = Bun.spawnSync({ cmd: [DIST_DIG3, "inspect", path], stdout: "pipe", stderr: "pipe" });
    if (result.exitCode !== 0) {
      throw new Error(
        `bench inspect: dist/dig3 inspect exited ${result.exitCode}: ${result.stderr.toString()}`,
      );
    }
  };
  return (await timeWholeRuns({ cli: { run: inspectOnce } }, { rounds: runs })).cli!;
}
