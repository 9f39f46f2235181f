// Side-by-side timing on tinybench: every contender runs in each round (warm-up first), rounds interleave the
// contenders so a noisy neighbour hits them alike, each turn starts from a collected heap, and each contender's figure
// is the median over its rounds of the median sample.

import { Bench } from "tinybench";

export interface CompareOptions {
  /** Items one call of a contender handles (frames, updates, records): rates come out as items/s. */
  items: number;
  quick: boolean;
  /** Least time each contender runs per round (warm-up a third of it); default 150 ms quick, 600 ms full. */
  timeMs?: number;
}

/**
 * One contender: the timed call, or the timed call with `prepare`, run untimed before every call (e.g. a fresh book
 * loaded from its snapshot, so that only the updates after it are timed).
 */
export type Contender = (() => unknown) | { run: () => unknown; prepare: () => void };

/** Items/s per contender, median of medians. Contenders must be deterministic and side-effect free between calls. */
export async function compareRates(
  contenders: Record<string, Contender>,
  options: CompareOptions,
): Promise<Record<string, number>> {
  const rounds = options.quick ? 2 : 5;
  const timeMs = options.timeMs ?? (options.quick ? 150 : 600);
  const warmupMs = timeMs / 3;
  const samples: Record<string, number[]> = {};
  for (const name of Object.keys(contenders)) samples[name] = [];
  for (let round = 0; round < rounds; round++) {
    const bench = new Bench({
      time: timeMs,
      iterations: options.quick ? 3 : 10,
      warmupTime: round === 0 ? warmupMs : 0,
      warmupIterations: round === 0 ? 2 : 0,
      warmup: round === 0,
    });
    // Interleave: each round starts at a different contender.
    const names = Object.keys(contenders);
    const order = names.map((_, i) => names[(i + round) % names.length]!);
    for (const name of order) {
      const contender = contenders[name]!;
      if (typeof contender === "function") bench.add(name, contender, { beforeAll: collectGarbage });
      else bench.add(name, contender.run, { beforeAll: collectGarbage, beforeEach: contender.prepare });
    }
    await bench.run();
    for (const task of bench.tasks) {
      const result = task.result;
      if (result.state !== "completed")
        throw new Error(`bench: ${task.name} did not complete (${result.state})`);
      samples[task.name]!.push(options.items / (result.latency.p50 / 1000));
    }
  }
  const out: Record<string, number> = {};
  for (const [name, rates] of Object.entries(samples)) out[name] = median(rates);
  return out;
}

/**
 * A full collection before each contender's turn, as mitata does by default: the garbage one contender leaves (ccxt's
 * is the most) is collected untimed instead of in the timed samples of whichever contender runs next. Each still pays
 * for the collections its own garbage needs while it runs.
 */
function collectGarbage(): void {
  Bun.gc(true);
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}
