// Figure 5: start-up — wall time of the compiled `dist/dig3 --help` beside Bun running an empty script and Node
// loading ccxt (`node -e "require('ccxt')"`): median over interleaved runs, ms. Skipped when dist/dig3 is not built
// (CI builds it before the bench).

import { existsSync } from "node:fs";
import { resolve } from "node:path";
import { costFigure, type Figure, type FigureOptions } from "./figures.ts";
import { median } from "./harness.ts";

const REPO = resolve(import.meta.dir, "..");
const DIST_DIG3 = resolve(REPO, "dist", "dig3");
const TARGET_MS = 15;

export async function measureStartup(options: FigureOptions): Promise<Figure[]> {
  if (!existsSync(DIST_DIG3)) {
    console.error("bench startup: dist/dig3 not built (npm run build); skipping the start-up figures");
    return [];
  }
  checkHelp();
  const commands: Record<string, string[]> = {
    dig3: [DIST_DIG3, "--help"],
    // `bun -e ''` would only print bun's usage (an empty -e is no script), so the empty script is `;`.
    bun: [process.execPath, "-e", ";"],
  };
  const node = Bun.which("node");
  if (node) commands.node = [node, "-e", "require('ccxt')"];
  else console.error("bench startup: node not found; skipping the node + ccxt figure");
  const runs = options.quick ? 5 : 20;
  const msOf = timeStarts(commands, runs);
  const figures: Figure[] = [];
  const check = `${runs} runs each; target ≤ ${TARGET_MS} ms (${msOf.dig3! <= TARGET_MS ? "met" : "missed"})`;
  figures.push({
    ...costFigure("start-up: dist/dig3 --help", "ms", msOf.dig3!, "bun -e ';' (empty script)", msOf.bun!),
    check,
  });
  if (msOf.node !== undefined) {
    figures.push({
      ...costFigure("start-up: dist/dig3 --help", "ms", msOf.dig3!, `node -e "require('ccxt')"`, msOf.node),
      check,
    });
  }
  return figures;
}

/** The binary must answer --help properly before its speed counts. */
function checkHelp(): void {
  const result = Bun.spawnSync({ cmd: [DIST_DIG3, "--help"], cwd: REPO, stdout: "pipe", stderr: "pipe" });
  if (result.exitCode !== 0 || !result.stdout.toString().includes("USAGE")) {
    throw new Error(`bench startup: dist/dig3 --help exited ${result.exitCode}: ${result.stderr.toString()}`);
  }
}

/** Median wall time per command (spawn to exit), ms; one untimed run each first, then rounds in rotating order. */
function timeStarts(commands: Record<string, string[]>, runs: number): Record<string, number> {
  const names = Object.keys(commands);
  const samples: Record<string, number[]> = Object.fromEntries(names.map((name) => [name, []]));
  const startOnce = (name: string): number => {
    const startedMs = performance.now();
    const result = Bun.spawnSync({ cmd: commands[name]!, cwd: REPO, stdout: "ignore", stderr: "pipe" });
    const tookMs = performance.now() - startedMs;
    if (result.exitCode !== 0) {
      throw new Error(
        `bench startup: ${commands[name]!.join(" ")} exited ${result.exitCode}: ${result.stderr}`,
      );
    }
    return tookMs;
  };
  for (const name of names) startOnce(name);
  for (let round = 0; round < runs; round++) {
    for (let k = 0; k < names.length; k++) {
      const name = names[(k + round) % names.length]!;
      samples[name]!.push(startOnce(name));
    }
  }
  return Object.fromEntries(names.map((name) => [name, median(samples[name]!)]));
}
