// Figure 6: memory — the resident set of a persisting workload serving many simulator streams at a steady tick
// (bench/memory-workload.ts in a child process, so the RSS is dig3's alone), sampled from /proc each second: the
// peak against the 150 MB target, and the growth slope over the two minutes after a 120 s warm-up (flat when under
// 1 MB/min either way). The warm-up runs as users run dig3; from its end the workload runs a full collection every
// 10 s, and the slope is fitted through the RSS right after each. Between collections RSS swings 10–20 MB with the
// garbage of the moment, which made a slope over the per-second samples vary ±6 MB/min from run to run with no
// change in the code.

import { readFileSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { type Sim, startSim } from "../test/sim/index.ts";
import { STEADY_KINDS, STEADY_VENUES, steadySpecsOf } from "../test/sim/steady-load.ts";
import { createTempDir, removeTempDir, trackChild, untrackChild } from "./cleanup.ts";
import { costFigure, type Figure, type FigureOptions } from "./figures.ts";
import { readLines } from "./lines.ts";
import type { WorkloadConfig } from "./memory-workload.ts";

const WORKLOAD = resolve(import.meta.dir, "memory-workload.ts");
const TARGET_MB = 150;
const FLAT_MB_PER_MIN = 1;
/** The shortest window after the warm-up whose slope is judged. */
const JUDGED_WINDOW_MS = 60_000;
const TICK_MS = 50;
/** The allocator hands freed pages back shortly after a collection; RSS is read this long after one. */
const AFTER_GC_MS = 250;

/** The soak's steady load: a simulator serves 2 symbols × 4 kinds = 8 streams. */
const VENUES = STEADY_VENUES;
const STREAMS_PER_SIM = 2 * STEADY_KINDS.length;

interface Sample {
  tMs: number;
  rssMb: number;
}

/** RSS and the JS heap in use right after a full collection. */
interface GcSample extends Sample {
  heapMb: number;
}

interface Schedule {
  durationMs: number;
  warmUpMs: number;
  gcEveryMs: number;
}

export async function measureMemory(options: FigureOptions): Promise<Figure[]> {
  const wantedStreams = options.quick ? 50 : 200;
  // Each series' bounded memories (the last 2048 trade ids, the recent ring) take about 70 s to fill at this rate, and
  // that fill is not growth: the peak is reached in the warm-up. After it, 13 points after a collection over two
  // minutes fit a slope to about ±0.5 MB/min (their RSS varies about ±1.5 MB).
  const schedule: Schedule = options.quick
    ? { durationMs: 8_000, warmUpMs: 2_000, gcEveryMs: 2_000 }
    : { durationMs: 250_000, warmUpMs: 120_000, gcEveryMs: 10_000 };
  if (!existsProcStatus()) {
    console.error("bench memory: no /proc/<pid>/status on this system; skipping the memory figures");
    return [];
  }
  const root = createTempDir("memory");
  const sims: Sim[] = [];
  let child: Bun.Subprocess<"pipe", "pipe", "inherit"> | undefined;
  try {
    const simCount = Math.ceil(wantedStreams / STREAMS_PER_SIM);
    for (let i = 0; i < simCount; i++) {
      const table = VENUES[i % VENUES.length]!;
      sims.push(
        await startSim({ venue: table.venue, tickMs: TICK_MS, seed: 1000 + i, groundTruthCap: 1_000 }),
      );
    }
    const config: WorkloadConfig = {
      root: join(root, "storage"),
      rigs: sims.map((sim, i) => {
        const table = VENUES[i % VENUES.length]!;
        const requests = steadySpecsOf(table);
        // The last simulator serves what is left, so the count is the one asked for.
        return { requests: requests.slice(0, wantedStreams - i * STREAMS_PER_SIM), env: sim.env("spot") };
      }),
    };
    const configPath = join(root, "config.json");
    writeFileSync(configPath, JSON.stringify(config));
    child = trackChild(
      Bun.spawn([process.execPath, WORKLOAD, configPath], {
        stdin: "pipe",
        stdout: "pipe",
        stderr: "inherit",
      }),
    );
    const lines = readLines(child.stdout as ReadableStream<Uint8Array>);
    const ready = await nextLine(lines, "ready", 30_000);
    const streams = Number(ready.split(" ")[1]);
    const { samples, afterGc } = await sampleRss(child, lines, schedule);
    child.kill("SIGTERM");
    const done = await nextLine(lines, "done", 15_000);
    await child.exited;
    untrackChild(child);
    child = undefined;
    const counts = JSON.parse(done.slice("done ".length)) as { events: number; failed: number };
    return toFigures(samples, afterGc, {
      ...schedule,
      streams,
      events: counts.events,
      failed: counts.failed,
    });
  } finally {
    if (child) {
      child.kill("SIGKILL");
      untrackChild(child);
    }
    await Promise.all(sims.map((sim) => sim.close()));
    removeTempDir(root);
  }
}

function toFigures(
  samples: Sample[],
  afterGc: GcSample[],
  run: Schedule & { streams: number; events: number; failed: number },
): Figure[] {
  const peakMb = Math.max(...samples.map((sample) => sample.rssMb));
  const slopeMbPerMin = fitSlopePerMs(afterGc, (sample) => sample.rssMb) * 60_000;
  const heapSlopeMbPerMin = fitSlopePerMs(afterGc, (sample) => sample.heapMb) * 60_000;
  const label = `${run.streams} streams, ${run.durationMs / 1000} s`;
  const eventsPerS = run.events / (run.durationMs / 1000);
  const peak = costFigure(`memory: peak RSS, ${label}`, "MB", peakMb, `target ${TARGET_MB} MB`, TARGET_MB);
  peak.check = `${samples.length} samples; ${(eventsPerS / 1000).toFixed(1)} k events/s; ${run.failed} failed; ${peakMb <= TARGET_MB ? "met" : "missed"}`;
  const growth: Figure = {
    name: `memory: RSS growth after ${run.warmUpMs / 1000} s warm-up, ${label}`,
    unit: "MB/min",
    dig3: slopeMbPerMin,
    peer: Number.NaN,
    peerName: "—",
    ratio: Number.NaN,
    check:
      verdictOf(slopeMbPerMin, afterGc) +
      ` (RSS after a full GC every ${run.gcEveryMs / 1000} s: ${describeRss(afterGc)};` +
      ` JS heap ${afterGc[0]?.heapMb.toFixed(1)} → ${afterGc.at(-1)?.heapMb.toFixed(1)} MB, ${heapSlopeMbPerMin.toFixed(2)} MB/min)`,
  };
  return [peak, growth];
}

/**
 * growing, falling or flat; a window shorter than a minute (`--quick`: a few seconds, the allocator still settling)
 * is too short to tell, and says so rather than "growing".
 */
function verdictOf(slopeMbPerMin: number, afterGc: GcSample[]): string {
  const windowMs = (afterGc.at(-1)?.tMs ?? 0) - (afterGc[0]?.tMs ?? 0);
  if (windowMs < JUDGED_WINDOW_MS) return "not judged: window under a minute";
  if (slopeMbPerMin >= FLAT_MB_PER_MIN) return "growing";
  return slopeMbPerMin <= -FLAT_MB_PER_MIN ? "falling" : "flat";
}

/** "75 MB at 10 s → 129 MB at 60 s": where the fitted window starts and ends. */
function describeRss(samples: Sample[]): string {
  const first = samples[0];
  const last = samples.at(-1);
  if (!first || !last) return "no samples";
  const at = (sample: Sample) => `${sample.rssMb.toFixed(0)} MB at ${Math.round(sample.tMs / 1000)} s`;
  return `${at(first)} → ${at(last)}`;
}

/** Least-squares slope over time of what `mbOf` reads from each sample (RSS or JS heap), MB per ms. */
function fitSlopePerMs(samples: GcSample[], mbOf: (sample: GcSample) => number): number {
  const n = samples.length;
  if (n < 2) return Number.NaN;
  const meanT = samples.reduce((sum, sample) => sum + sample.tMs, 0) / n;
  const meanMb = samples.reduce((sum, sample) => sum + mbOf(sample), 0) / n;
  let covariance = 0;
  let variance = 0;
  for (const sample of samples) {
    covariance += (sample.tMs - meanT) * (mbOf(sample) - meanMb);
    variance += (sample.tMs - meanT) ** 2;
  }
  return covariance / variance;
}

/**
 * VmRSS of the workload each second for the schedule's duration, from the moment it is ready; from the warm-up's end,
 * every `gcEveryMs` also a full collection in the workload and its RSS and JS heap right after.
 */
async function sampleRss(
  child: Bun.Subprocess<"pipe", "pipe", "inherit">,
  lines: AsyncGenerator<string>,
  schedule: Schedule,
): Promise<{ samples: Sample[]; afterGc: GcSample[] }> {
  const samples: Sample[] = [];
  const afterGc: GcSample[] = [];
  const startedMs = performance.now();
  const readRss = () => {
    const rssMb = readRssMb(child.pid);
    if (!Number.isFinite(rssMb)) throw new Error(`bench memory: the workload (pid ${child.pid}) is gone`);
    return rssMb;
  };
  for (let next = 1_000; next <= schedule.durationMs; next += 1_000) {
    await Bun.sleep(Math.max(0, startedMs + next - performance.now()));
    samples.push({ tMs: performance.now() - startedMs, rssMb: readRss() });
    if (next < schedule.warmUpMs || (next - schedule.warmUpMs) % schedule.gcEveryMs !== 0) continue;
    child.stdin.write("gc\n");
    child.stdin.flush();
    const heapBytes = Number((await nextLine(lines, "gc", 10_000)).split(" ")[1]);
    await Bun.sleep(AFTER_GC_MS);
    afterGc.push({ tMs: performance.now() - startedMs, rssMb: readRss(), heapMb: heapBytes / 1e6 });
  }
  // The first collection also frees what the whole warm-up left behind: the fit starts after it.
  return { samples, afterGc: afterGc.slice(1) };
}

function readRssMb(pid: number): number {
  try {
    const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
    // VmRSS counts KiB; MB here are 10^6 bytes, as everywhere in the bench.
    return match ? (Number(match[1]) * 1024) / 1e6 : Number.NaN;
  } catch {
    return Number.NaN;
  }
}

function existsProcStatus(): boolean {
  return Number.isFinite(readRssMb(process.pid));
}

/** The next line starting with `word`, or an error after `timeoutMs` or when the workload's output ends. */
async function nextLine(lines: AsyncGenerator<string>, word: string, timeoutMs: number): Promise<string> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`bench memory: no '${word}' from the workload in ${timeoutMs} ms`)),
      timeoutMs,
    );
  });
  try {
    const found = (async () => {
      for (;;) {
        const next = await lines.next();
        if (next.done) throw new Error(`bench memory: the workload ended before '${word}'`);
        if (next.value.startsWith(word)) return next.value;
      }
    })();
    return await Promise.race([found, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
