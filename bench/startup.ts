// Figure 5: start-up — wall time of the compiled `dist/dig3 --help` beside Bun running an empty script and Node
// loading ccxt (`node -e "require('ccxt')"`): median over interleaved runs, ms. Skipped when dist/dig3 is not built
// (CI builds it before the bench).

import { existsSync } from "node:fs";
import { resolve } from "node:path";
import { costFigure, type Figure, type FigureOptions } from "./figures.ts";
import { timeWholeRuns } from "./whole-runs.ts";

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
  const msOf = await timeStarts(commands, runs);
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

/** Median wall time per command (spawn to exit), ms, timed by `timeWholeRuns`; a failing command throws. */
function timeStarts(commands: Record<string, string[]>, runs: number): Promise<Record<string, number>> {
  const startOnce = (name: string): void => {
    const result = Bun.spawnSync({ cmd: commands[name]!, cwd: REPO, stdout: "ignore", stderr: "pipe" });
    if (result.exitCode !== 0) {
      throw new Error(
        `bench startup: ${commands[name]!.join(" ")} exited ${result.exitCode}: ${result.stderr}`,
      );
    }
  };
  const contenders = Object.fromEntries(
    Object.keys(commands).map((name) => [name, { run: () => startOnce(name) }]),
  );
  return timeWholeRuns(contenders, { rounds: runs });
}
