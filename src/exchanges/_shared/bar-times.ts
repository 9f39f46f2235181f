// Kline bar boundaries the venues share: where a calendar-month (`1M`) bar ends, in the time zone the venue opens
// its months in, a bar's last millisecond for dig3's intervals, and the next bar's open for the `<n><m|h|d|w>`
// intervals plus `1M`.

import { INTERVAL_MS } from "../../core/index.ts";

const DAY_MS = 86_400_000;
const QUARTER_HOUR_MS = 900_000;
/** The offsets from UTC a month may start in: −12:00 through +14:00. */
const MIN_OFFSET_MS = -12 * 3_600_000;
const MAX_OFFSET_MS = 14 * 3_600_000;

/**
 * The open of the calendar month after the monthly bar that opens at `openTimeMs`, counted in the time zone in which
 * that open is midnight on the 1st. Most venues open months at 00:00 UTC; some may open them at 00:00 UTC+8 (16:00 UTC
 * on the last day of the month before), so a bar opening 2024-01-31T16:00Z is followed by one at 2024-02-29T16:00Z.
 *
 * The zone is found by trying UTC first, then the offsets from −12:00 to +14:00 in 15-minute steps, taking the one
 * where `openTimeMs + offset` is a whole day and its UTC date is the 1st. An open that is no month start in any of
 * them (mid-month, or not a time) falls back to the next month in UTC: `Date.UTC(year, month + 1, 1)` of the open.
 */
export function nextMonthOpenMs(openTimeMs: number): number {
  const offsetMs = monthStartOffsetOf(openTimeMs) ?? 0;
  const local = new Date(openTimeMs + offsetMs);
  return Date.UTC(local.getUTCFullYear(), local.getUTCMonth() + 1, 1) - offsetMs;
}

/** The offset from UTC at which `openTimeMs` is midnight on the 1st (UTC first); undefined when there is none. */
function monthStartOffsetOf(openTimeMs: number): number | undefined {
  if (isFirstOfMonth(openTimeMs)) return 0;
  for (let offsetMs = MIN_OFFSET_MS; offsetMs <= MAX_OFFSET_MS; offsetMs += QUARTER_HOUR_MS) {
    if (offsetMs !== 0 && isFirstOfMonth(openTimeMs + offsetMs)) return offsetMs;
  }
  return undefined;
}

/** Whether `timeMs` is 00:00 UTC on the 1st of a month. */
function isFirstOfMonth(timeMs: number): boolean {
  return timeMs % DAY_MS === 0 && new Date(timeMs).getUTCDate() === 1;
}

/**
 * The last millisecond of the bar of dig3's `interval` (INTERVAL_MS) that opens at `openTimeMs`: by length, a
 * calendar month just before the next one opens ({@link nextMonthOpenMs}); undefined for any other interval.
 */
export function closeTimeOf(openTimeMs: number, interval: string): number | undefined {
  if (interval === "1M") return nextMonthOpenMs(openTimeMs) - 1;
  const lengthMs = INTERVAL_MS[interval];
  return lengthMs === undefined ? undefined : openTimeMs + lengthMs - 1;
}

const UNIT_MS: Readonly<Record<string, number>> = { m: 60_000, h: 3_600_000, d: DAY_MS, w: 7 * DAY_MS };

/**
 * Start of the bar after the one opening at `openTimeMs`: `<n><m|h|d|w>` by length, `1M` the next calendar month
 * ({@link nextMonthOpenMs}); NaN for any other interval.
 */
export function nextOpenOf(openTimeMs: number, interval: string): number {
  if (interval === "1M") return nextMonthOpenMs(openTimeMs);
  const match = /^(\d+)([mhdw])$/.exec(interval);
  return match ? openTimeMs + Number(match[1]) * UNIT_MS[match[2]!]! : Number.NaN;
}
