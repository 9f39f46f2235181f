// Which way a busy day writes its full buffers: handed to the I/O thread (write-behind.ts) or written on the JS
// thread. Which is faster depends on where the machine runs the two threads, and that changes between runs and within
// one (10 M trade appends, side by side: 26 against 37 ns a record on one run, 51 against 37 on the next). So a
// writer that fills buffers back to back times both ways on its own records now and then and keeps the faster. Pure:
// the writer gives it the time each full buffer took; it says which way to write the next ones.

/** Full buffers timed in each way per comparison. */
export const TRIAL_BUFFERS = 16;
/** Full buffers written the chosen way before the next comparison (64 MiB of 64 KiB buffers). */
export const SETTLED_BUFFERS = 1024;
/**
 * A buffer filled slower than this (ns a byte: 64 KiB in 1 ms, 64 MB/s) is not timed: the writer waited for records,
 * not for its own work, as every live capture does. Only bulk appends (cure, imports, benchmarks) fill faster.
 */
export const BUSY_NS_PER_BYTE = 16;
/** The JS thread's own writes are kept only when they are faster by this share at least (the thread is the default). */
const HERE_MARGIN = 0.9;

export type HandOffWay = "behind" | "here";

export interface HandOffCheck {
  /** The way full buffers are written now. */
  readonly way: HandOffWay;
  /** Comparisons finished, and how many of them kept the JS thread's writes. */
  readonly comparisons: number;
  readonly keptHere: number;
  /**
   * One full buffer of `bytes` written the current way, `elapsedMs` after the one before it (NaN: not timed, e.g.
   * the first after a change of way). Returns the way to write the next one.
   */
  onFullBuffer(bytes: number, elapsedMs: number): HandOffWay;
}

/** Starts timing the I/O thread's way (the default), then the JS thread's, then keeps the faster. */
export function createHandOffCheck(
  trialBuffers = TRIAL_BUFFERS,
  settledBuffers = SETTLED_BUFFERS,
): HandOffCheck {
  /** While timing, the way being timed: the I/O thread's first, then the JS thread's. */
  let way: HandOffWay = "behind";
  /** Counting down `settledLeft` to the next comparison, not timing. */
  let isSettled = false;
  let samples: number[] = [];
  let behindMs = 0;
  let settledLeft = 0;
  let comparisons = 0;
  let keptHere = 0;

  return {
    get way() {
      return way;
    },
    get comparisons() {
      return comparisons;
    },
    get keptHere() {
      return keptHere;
    },
    onFullBuffer(bytes, elapsedMs) {
      if (isSettled) {
        if (--settledLeft > 0) return way;
        isSettled = false;
        samples = [];
        way = "behind";
        return way;
      }
      if (Number.isNaN(elapsedMs)) return way;
      // A slow buffer (waiting for records): what was timed so far says nothing about this way's cost.
      if (elapsedMs * 1e6 > bytes * BUSY_NS_PER_BYTE) {
        samples = [];
        return way;
      }
      samples.push(elapsedMs);
      if (samples.length < trialBuffers) return way;
      if (way === "behind") {
        behindMs = median(samples);
        samples = [];
        way = "here";
        return way;
      }
      const hereMs = median(samples);
      comparisons++;
      const isHereFaster = hereMs < behindMs * HERE_MARGIN;
      if (isHereFaster) keptHere++;
      way = isHereFaster ? "here" : "behind";
      isSettled = true;
      settledLeft = settledBuffers;
      samples = [];
      return way;
    },
  };
}

function median(values: readonly number[]): number {
  const sorted = values.slice().sort((a, b) => a - b);
  return sorted[sorted.length >> 1]!;
}
