// Timing of contenders whose one run is long and heavy (hundreds of MB written or read, a process spawned): each
// round runs every contender once, starting at a different one, and a contender's figure is its median over the
// rounds. tinybench's minimum iteration counts would make such runs take minutes, so these are timed here.

import { median } from "./harness.ts";

export interface WholeRunOptions {
  rounds: number;
  /** Untimed runs of each contender before the first round (JIT, page cache). Default 1. */
  warmUpRuns?: number;
}

/**
 * Median wall time (ms) per contender. Only `run` is timed; `before` and `after` (if given) run untimed around
 * each run, e.g. to remove the file the last run wrote.
 */
export async function timeWholeRuns(
  contenders: Record<string, WholeRunContender>,
  options: WholeRunOptions,
): Promise<Record<string, number>> {
  const names = Object.keys(contenders);
  const samples: Record<string, number[]> = Object.fromEntries(names.map((name) => [name, []]));
  const runOnce = async (name: string): Promise<number> => {
    const contender = contenders[name]!;
    await contender.before?.();
    const startedMs = performance.now();
    await contender.run();
    const tookMs = performance.now() - startedMs;
    await contender.after?.();
    return tookMs;
  };
  for (let i = 0; i < (options.warmUpRuns ?? 1); i++) for (const name of names) await runOnce(name);
  for (let round = 0; round < options.rounds; round++) {
    for (let k = 0; k < names.length; k++) {
      const name = names[(k + round) % names.length]!;
      samples[name]!.push(await runOnce(name));
    }
  }
  return Object.fromEntries(names.map((name) => [name, median(samples[name]!)]));
}

export interface WholeRunContender {
  before?: () => unknown;
  run: () => unknown;
  after?: () => unknown;
}
