// Time helpers: clocks with units in their names, kline intervals, UTC day keys, duration parsing.

import { Dig3Error } from "./errors.ts";

const originUs = Math.round(performance.timeOrigin * 1000);

/** Wall-clock microseconds since the epoch, monotonic within a process. */
export function nowUs(): number {
  return originUs + Math.round(performance.now() * 1000);
}

export function nowMs(): number {
  return Date.now();
}

/** Canonical kline intervals and their length. `1M` is a calendar month, approximated as 30 days for spans. */
export const INTERVAL_MS: Readonly<Record<string, number>> = {
  "1s": 1_000,
  "1m": 60_000,
  "3m": 180_000,
  "5m": 300_000,
  "15m": 900_000,
  "30m": 1_800_000,
  "1h": 3_600_000,
  "2h": 7_200_000,
  "4h": 14_400_000,
  "6h": 21_600_000,
  "8h": 28_800_000,
  "12h": 43_200_000,
  "1d": 86_400_000,
  "3d": 259_200_000,
  "1w": 604_800_000,
  "1M": 2_592_000_000,
};

export function parseInterval(text: string, allowed: readonly string[] = Object.keys(INTERVAL_MS)): string {
  if (!allowed.includes(text)) {
    throw new Dig3Error("E_BAD_INTERVAL", `unknown interval '${text}'`, {
      hint: `use one of: ${allowed.join(" ")}`,
    });
  }
  return text;
}

/** `YYYY-MM-DD` of the UTC day a millisecond timestamp falls in. */
export function utcDayOf(tsMs: number): string {
  return new Date(tsMs).toISOString().slice(0, 10);
}

/** Parses `30`, `30s`, `5m`, `2h`, `1d` into seconds. */
export function parseDurationSeconds(text: string): number {
  const match = /^(\d+(?:\.\d+)?)(s|m|h|d)?$/.exec(text.trim());
  if (!match) {
    throw new Dig3Error("E_BAD_INPUT", `bad duration '${text}'`, {
      hint: "write seconds (30) or 30s, 5m, 2h, 1d",
    });
  }
  const unit = { s: 1, m: 60, h: 3600, d: 86_400 }[(match[2] ?? "s") as "s" | "m" | "h" | "d"];
  return Number(match[1]) * unit;
}

export function sleepMs(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal?.removeEventListener("abort", done);
      resolve();
    }
    signal?.addEventListener("abort", done, { once: true });
  });
}
