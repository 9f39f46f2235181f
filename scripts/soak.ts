// `bun run soak [--minutes 30] [--streams 200]`: many simulator streams through persisting Stations with periodic
// faults; RSS and open file descriptors sampled every second; prints a figure line per minute and a verdict at the end.
// Not in CI (DESIGN §7). The simulators run in a child process (their bounded histories would otherwise fill this
// one's RSS for the first half hour); faults go to it over stdin. Every Station writes to its own temporary root.

import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import type { MarketEvent } from "../src/core/index.ts";
import { Station } from "../src/station/index.ts";
import { type Sim, startSim } from "../test/sim/index.ts";
import { STEADY_KINDS, STEADY_VENUES, steadySpecsOf } from "../test/sim/steady-load.ts";

interface SimHandle {
  env: Record<string, string>;
  fault(turn: number): void;
}

const { values: args } = parseArgs({
  options: {
    minutes: { type: "string", default: "30" },
    streams: { type: "string", default: "200" },
    "sims-child": { type: "string" },
  },
});
const durationMs = Number(args.minutes) * 60_000;
const wantedStreams = Number(args.streams);

/** Venue → two canonical symbols and their venue names (the book-fault symbol); the same table as the memory bench. */
const VENUES = STEADY_VENUES;
const KINDS = STEADY_KINDS;

interface Rig {
  sim: SimHandle;
  station: Station;
  streams: number;
  close(): Promise<void>;
}

const tempRoot = mkdtempSync(join(tmpdir(), "dig3-soak-"));
const counts = { events: 0, reconnects: 0, resyncs: 0, gaps: 0, faults: 0 };

function startSimOf(index: number): Promise<Sim> {
  const table = VENUES[index % VENUES.length]!;
  return startSim({ venue: table.venue, tickMs: 50, seed: 1000 + index, groundTruthCap: 1_000 });
}

async function startRig(index: number, sim: SimHandle): Promise<Rig> {
  const table = VENUES[index % VENUES.length]!;
  const station = Station.builder()
    .storageRoot(join(tempRoot, `rig-${index}`))
    .persistence(true)
    .gapHeal({ silenceMs: { trade: 5_000, book: 5_000 } })
    .hub({ env: sim.env, ws: { backoff: { initialMs: 20, maxMs: 100 }, connectTimeoutMs: 1_000 } })
    .build();
  const specs = steadySpecsOf(table);
  const { ok, handle } = await station.subscribe(specs);
  void (async () => {
    for await (const event of handle as AsyncIterable<MarketEvent>) {
      counts.events++;
      if (event.kind === "reconnect") counts.reconnects++;
      else if (event.kind === "book_resync") counts.resyncs++;
      else if (event.kind === "gap") counts.gaps++;
    }
  })();
  return {
    sim,
    station,
    streams: ok.length,
    async close() {
      await handle.close();
      await station.close();
    },
  };
}

function countOpenFds(): number {
  try {
    return readdirSync("/proc/self/fd").length;
  } catch {
    return Number.NaN;
  }
}

/** One fault on one simulator, in turn: drop, skipped book update, silence, garbage, a REST 429 storm with a drop. */
function applyFault(sim: Sim, natives: [string, string], turn: number): string {
  const faults = sim.faults;
  switch (turn % 5) {
    case 0:
      faults.dropNow();
      return "dropNow";
    case 1:
      faults.skipBookUpdate(natives[1], "spot");
      return "skipBookUpdate";
    case 2:
      faults.silence(1_500);
      return "silence";
    case 3:
      faults.sendGarbage(3);
      return "sendGarbage";
    default:
      faults.restStatus(429, 2, 0);
      faults.dropNow();
      return "429+drop";
  }
}

// Child mode: start the simulators, print one env line each, apply "fault <index> <turn>" lines from stdin.
if (args["sims-child"] !== undefined) {
  const sims = await Promise.all(Array.from({ length: Number(args["sims-child"]) }, (_, i) => startSimOf(i)));
  for (const sim of sims) console.log(JSON.stringify(sim.env("spot")));
  for await (const line of console) {
    const [verb, index, turn] = line.split(" ");
    if (verb === "fault") {
      const i = Number(index);
      applyFault(sims[i]!, VENUES[i % VENUES.length]!.natives, Number(turn));
    }
  }
  process.exit(0);
}

const rigCount = Math.ceil(wantedStreams / (2 * KINDS.length));
const child = Bun.spawn([process.execPath, import.meta.path, "--sims-child", String(rigCount)], {
  stdin: "pipe",
  stdout: "pipe",
  stderr: "inherit",
});
const envs: Record<string, string>[] = [];
let pending = "";
for await (const chunk of child.stdout) {
  pending += new TextDecoder().decode(chunk);
  const lines = pending.split("\n");
  pending = lines.pop() ?? "";
  for (const line of lines) if (line.trim()) envs.push(JSON.parse(line) as Record<string, string>);
  if (envs.length >= rigCount) break;
}
const rigs: Rig[] = [];
let streams = 0;
for (const [index, env] of envs.entries()) {
  const rig = await startRig(index, {
    env,
    fault: (turn) => {
      child.stdin.write(`fault ${index} ${turn}\n`);
      child.stdin.flush();
    },
  });
  rigs.push(rig);
  streams += rig.streams;
}

/** Resident memory of another process, MB (Linux). */
function readRssMbOf(pid: number): number {
  try {
    const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
    return match ? Number(match[1]) / 1e3 : Number.NaN;
  } catch {
    return Number.NaN;
  }
}
console.log(
  `soak: ${streams} streams on ${rigs.length} stations × simulators for ${args.minutes} min (pid ${process.pid})`,
);

const samples: { tMs: number; rssMb: number; fds: number }[] = [];
const startedMs = Date.now();
let turn = 0;
const sampler = setInterval(() => {
  samples.push({ tMs: Date.now() - startedMs, rssMb: process.memoryUsage().rss / 1e6, fds: countOpenFds() });
  const sample = samples.at(-1)!;
  if (samples.length % 60 === 0)
    console.log(
      `soak t=${Math.round(sample.tMs / 1000)} s: rss ${sample.rssMb.toFixed(0)} MB (simulators ${readRssMbOf(child.pid).toFixed(0)} MB), fds ${sample.fds}, ` +
        `events ${counts.events}, reconnects ${counts.reconnects}, resyncs ${counts.resyncs}, gaps ${counts.gaps}, faults ${counts.faults}`,
    );
}, 1_000);
const faulter = setInterval(() => {
  const rig = rigs[turn % rigs.length]!;
  rig.sim.fault(Math.floor(turn / rigs.length) + turn);
  counts.faults++;
  turn++;
}, 2_000);

await Bun.sleep(durationMs);
clearInterval(sampler);
clearInterval(faulter);
await Promise.all(rigs.map((rig) => rig.close()));
child.kill("SIGTERM");
await child.exited;
rmSync(tempRoot, { recursive: true, force: true });

/** Mean of the samples in [fromMs, toMs). */
function meanOf(key: "rssMb" | "fds", fromMs: number, toMs: number): number {
  const window = samples.filter((sample) => sample.tMs >= fromMs && sample.tMs < toMs);
  return window.reduce((sum, sample) => sum + sample[key], 0) / Math.max(1, window.length);
}
const warmUpMs = Math.min(5 * 60_000, durationMs / 4);
const tailMs = Math.min(60_000, durationMs / 4);
const figures = {
  streams,
  stations: rigs.length,
  minutes: Number(args.minutes),
  ...counts,
  rssAfterWarmUpMb: Number(meanOf("rssMb", warmUpMs, warmUpMs + tailMs).toFixed(1)),
  rssEndMb: Number(meanOf("rssMb", durationMs - tailMs, durationMs + 1).toFixed(1)),
  rssMaxMb: Number(Math.max(...samples.map((sample) => sample.rssMb)).toFixed(1)),
  fdsAfterWarmUp: Number(meanOf("fds", warmUpMs, warmUpMs + tailMs).toFixed(1)),
  fdsEnd: Number(meanOf("fds", durationMs - tailMs, durationMs + 1).toFixed(1)),
  fdsMax: Math.max(...samples.map((sample) => sample.fds)),
};
console.log(`soak figures: ${JSON.stringify(figures)}`);
const rssGrowth = figures.rssEndMb / Math.max(1, figures.rssAfterWarmUpMb);
const isFlat = rssGrowth < 1.2 && figures.fdsEnd <= figures.fdsAfterWarmUp + 10;
console.log(
  `soak verdict: ${isFlat ? "flat" : "GROWING"} after warm-up (rss ×${rssGrowth.toFixed(2)}, fds ${figures.fdsAfterWarmUp} → ${figures.fdsEnd})`,
);
process.exit(isFlat ? 0 : 1);
