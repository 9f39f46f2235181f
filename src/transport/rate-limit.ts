// Sliding-window weight limiter shared by every HTTP client of one venue, plus a penalty box for 429/418.
// Waiters are served first-come first-served; a timer exists only while someone waits, so a process can exit.

export interface RateLimiterOptions {
  /** Budget per window (Binance: 6000 weight per 60 s). */
  weight: number;
  perMs: number;
}

export interface RateLimiter {
  /** Resolves when `weight` (default 1) fits in the window and no penalty runs; rejects with signal.reason on abort. */
  acquire(weight?: number, signal?: AbortSignal): Promise<void>;
  /** Blocks every acquire until this wall-clock time (ms since the epoch). Only ever extends the penalty. */
  penalize(untilMs: number): void;
  /** Weight spent inside the current window. */
  readonly used: number;
  /** Callers queued in acquire(). */
  readonly waiting: number;
  /** End of the current penalty (0 when none was ever set). */
  readonly penaltyUntilMs: number;
}

interface Waiter {
  weight: number;
  resolve(): void;
  reject(reason: unknown): void;
  signal: AbortSignal | undefined;
  onAbort: (() => void) | undefined;
}

export function createRateLimiter(options: RateLimiterOptions): RateLimiter {
  const budget = Math.max(1, options.weight);
  const windowMs = Math.max(1, options.perMs);
  // Spent weight as a queue of (time, weight); `head` skips expired entries without shifting.
  let spentAtMs: number[] = [];
  let spentWeight: number[] = [];
  let head = 0;
  let used = 0;
  let penaltyUntilMs = 0;
  const waiters: Waiter[] = [];
  let timer: ReturnType<typeof setTimeout> | undefined;

  function expire(nowMs: number): void {
    const cutoffMs = nowMs - windowMs;
    while (head < spentAtMs.length && spentAtMs[head]! <= cutoffMs) {
      used -= spentWeight[head]!;
      head++;
    }
    if (head > 1024 && head * 2 > spentAtMs.length) {
      spentAtMs = spentAtMs.slice(head);
      spentWeight = spentWeight.slice(head);
      head = 0;
    }
    if (head === spentAtMs.length) used = 0; // no float drift once the window is empty
  }

  /** Milliseconds until `weight` fits (0 = now). A weight above the whole budget fits in an empty window. */
  function computeWaitMs(weight: number, nowMs: number): number {
    if (nowMs < penaltyUntilMs) return penaltyUntilMs - nowMs;
    const need = Math.min(weight, budget);
    if (used + need <= budget) return 0;
    let freed = 0;
    for (let i = head; i < spentAtMs.length; i++) {
      freed += spentWeight[i]!;
      if (used - freed + need <= budget) return Math.max(1, spentAtMs[i]! + windowMs - nowMs);
    }
    return windowMs;
  }

  function spend(weight: number, nowMs: number): void {
    spentAtMs.push(nowMs);
    spentWeight.push(weight);
    used += weight;
  }

  function pump(): void {
    clearTimeout(timer);
    timer = undefined;
    while (waiters.length > 0) {
      const nowMs = Date.now();
      expire(nowMs);
      const first = waiters[0]!;
      const waitMs = computeWaitMs(first.weight, nowMs);
      if (waitMs > 0) {
        timer = setTimeout(pump, waitMs);
        return;
      }
      waiters.shift();
      first.signal?.removeEventListener("abort", first.onAbort!);
      spend(first.weight, nowMs);
      first.resolve();
    }
  }

  function acquire(weight = 1, signal?: AbortSignal): Promise<void> {
    if (signal?.aborted) return Promise.reject(signal.reason);
    const nowMs = Date.now();
    expire(nowMs);
    if (waiters.length === 0 && computeWaitMs(weight, nowMs) === 0) {
      spend(weight, nowMs);
      return Promise.resolve();
    }
    return new Promise<void>((resolve, reject) => {
      const waiter: Waiter = { weight, resolve, reject, signal, onAbort: undefined };
      if (signal) {
        waiter.onAbort = () => {
          const index = waiters.indexOf(waiter);
          if (index >= 0) waiters.splice(index, 1);
          reject(signal.reason);
          pump();
        };
        signal.addEventListener("abort", waiter.onAbort, { once: true });
      }
      waiters.push(waiter);
      if (waiters.length === 1) pump();
    });
  }

  function penalize(untilMs: number): void {
    if (!(untilMs > penaltyUntilMs)) return;
    penaltyUntilMs = untilMs;
    if (waiters.length > 0) pump();
  }

  return {
    acquire,
    penalize,
    get used() {
      expire(Date.now());
      return used;
    },
    get waiting() {
      return waiters.length;
    },
    get penaltyUntilMs() {
      return penaltyUntilMs;
    },
  };
}
