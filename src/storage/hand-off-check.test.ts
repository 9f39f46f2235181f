// The hand-off check on made-up timings: it times the I/O thread's way, then the JS thread's, keeps the faster (the
// thread unless the JS thread is clearly faster), starts over after the settled buffers, and times only busy buffers.

import { describe, expect, test } from "bun:test";
import { BUSY_NS_PER_BYTE, createHandOffCheck, type HandOffWay } from "./hand-off-check.ts";

const BYTES = 65_520;
/** A busy buffer's time: well under the busy bound. */
const FAST_MS = (BYTES * BUSY_NS_PER_BYTE) / 1e6 / 20;

/** Feeds `count` full buffers, each taking what `msOf(way)` says for the way in force; the ways in order. */
function feed(
  check: ReturnType<typeof createHandOffCheck>,
  count: number,
  msOf: (way: HandOffWay) => number,
): HandOffWay[] {
  const ways: HandOffWay[] = [];
  for (let i = 0; i < count; i++) ways.push(check.onFullBuffer(BYTES, msOf(check.way)));
  return ways;
}

describe("hand-off check", () => {
  test("starts on the I/O thread and keeps it when the JS thread is not clearly faster", () => {
    const check = createHandOffCheck(4, 10);
    expect(check.way).toBe("behind");
    const ways = feed(check, 8, (way) => (way === "behind" ? FAST_MS : FAST_MS * 0.95));
    expect(ways).toEqual(["behind", "behind", "behind", "here", "here", "here", "here", "behind"]);
    expect(check.comparisons).toBe(1);
    expect(check.keptHere).toBe(0);
  });

  test("keeps the JS thread's writes when they are faster, then compares again after the settled buffers", () => {
    const check = createHandOffCheck(4, 10);
    const msOf = (way: HandOffWay) => (way === "behind" ? FAST_MS * 1.4 : FAST_MS);
    const ways = feed(check, 8, msOf);
    expect(ways.slice(3)).toEqual(["here", "here", "here", "here", "here"]);
    expect(check.keptHere).toBe(1);
    // Settled for 10 more buffers: the 10th starts the timing over, on the I/O thread.
    const next = feed(check, 10, msOf);
    expect(next.slice(0, 9)).toEqual(Array(9).fill("here"));
    expect(next[9]).toBe("behind");
    expect(check.way).toBe("behind");
  });

  test("the median decides: one slow buffer in a way does not turn the choice", () => {
    const check = createHandOffCheck(5, 10);
    let i = 0;
    feed(check, 10, (way) => {
      i++;
      // The I/O thread's way is the faster, but one of its buffers took 10 times as long (a GC pause, say).
      if (way === "behind") return i === 2 ? FAST_MS * 10 : FAST_MS;
      return FAST_MS * 1.5;
    });
    expect(check.comparisons).toBe(1);
    expect(check.way).toBe("behind");
  });

  test("a buffer that filled slowly (waiting for records) starts the timing over; an untimed one is skipped", () => {
    const check = createHandOffCheck(3, 10);
    const slowMs = (BYTES * BUSY_NS_PER_BYTE) / 1e6 + 1;
    expect(check.onFullBuffer(BYTES, FAST_MS)).toBe("behind");
    expect(check.onFullBuffer(BYTES, FAST_MS)).toBe("behind");
    expect(check.onFullBuffer(BYTES, slowMs)).toBe("behind");
    expect(check.onFullBuffer(BYTES, Number.NaN)).toBe("behind");
    expect(check.onFullBuffer(BYTES, FAST_MS)).toBe("behind");
    expect(check.onFullBuffer(BYTES, FAST_MS)).toBe("behind");
    // Three timed busy buffers in a row since the slow one: the I/O thread's way is timed, the JS thread's next.
    expect(check.onFullBuffer(BYTES, FAST_MS)).toBe("here");
    // A live capture never fills a buffer that fast: it stays on the I/O thread, untimed.
    const live = createHandOffCheck(3, 10);
    expect(feed(live, 50, () => slowMs).every((way) => way === "behind")).toBe(true);
    expect(live.comparisons).toBe(0);
  });
});
