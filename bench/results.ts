// bench/RESULTS.md from a run: the machine (CPU, cores, memory, OS, bun), the date, the command and the figures.

import { writeFileSync } from "node:fs";
import { cpus, type as osType, release, totalmem } from "node:os";
import { resolve } from "node:path";
import type { Figure } from "./figures.ts";

function cell(value: number): string {
  if (!Number.isFinite(value)) return "—";
  return value >= 1000 ? Math.round(value).toLocaleString("en-US") : value.toFixed(value >= 10 ? 1 : 2);
}

export function writeResults(figures: Figure[], run: { argv: string[]; elapsedMs: number }): void {
  const cpu = cpus()[0]?.model ?? "unknown CPU";
  const lines = [
    "# Benchmark results",
    "",
    "Written by `bun run bench --write` (the latest full run; do not edit by hand).",
    "",
    `- date: ${new Date().toISOString()}`,
    `- machine: ${cpu}, ${cpus().length} cores, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, ${osType()} ${release()}`,
    `- bun: ${Bun.version}`,
    `- command: \`bun bench/run.ts ${run.argv.join(" ")}\` (${(run.elapsedMs / 1000).toFixed(0)} s)`,
    "",
    "ratio > 1 means dig3 is better (dig3/peer for rates, peer/dig3 for costs).",
    "",
    "| figure | unit | dig3 | peer | ratio | peer is | check |",
    "|---|---|--:|--:|--:|---|---|",
    ...figures.map(
      (f) =>
        `| ${f.name} | ${f.unit} | ${cell(f.dig3)} | ${cell(f.peer)} | ${Number.isFinite(f.ratio) ? `${f.ratio.toFixed(2)}×` : "—"} | ${f.peerName} | ${f.check ?? ""} |`,
    ),
    "",
  ];
  writeFileSync(resolve(import.meta.dir, "RESULTS.md"), lines.join("\n"));
}
