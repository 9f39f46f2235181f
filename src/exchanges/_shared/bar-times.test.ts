// Bar boundaries: the next calendar month in the zone a monthly bar opens in, and the next open of any interval.

import { describe, expect, test } from "bun:test";
import { nextMonthOpenMs, nextOpenOf } from "./bar-times.ts";

/** The UTC-month expression the venue copies used before (and the fallback now). */
function nextUtcMonthOf(openTimeMs: number): number {
  const open = new Date(openTimeMs);
  return Date.UTC(open.getUTCFullYear(), open.getUTCMonth() + 1, 1);
}

describe("nextMonthOpenMs", () => {
  test("a month opening at 00:00 UTC: the 1st of the next month, December into January, February of a leap year", () => {
    expect(nextMonthOpenMs(Date.UTC(2024, 0, 1))).toBe(Date.UTC(2024, 1, 1));
    expect(nextMonthOpenMs(Date.UTC(2023, 11, 1))).toBe(Date.UTC(2024, 0, 1));
    expect(nextMonthOpenMs(Date.UTC(2024, 1, 1))).toBe(Date.UTC(2024, 2, 1));
    expect(nextMonthOpenMs(Date.UTC(2024, 1, 1)) - Date.UTC(2024, 1, 1)).toBe(29 * 86_400_000);
    expect(nextMonthOpenMs(Date.UTC(2023, 1, 1)) - Date.UTC(2023, 1, 1)).toBe(28 * 86_400_000);
  });

  test("a month opening at 00:00 UTC+8 (16:00 UTC the day before): the next one opens at 00:00 UTC+8 too", () => {
    // February 2024 (+08:00) opens 2024-01-31T16:00Z and lasts 29 days.
    expect(nextMonthOpenMs(Date.parse("2024-01-31T16:00:00Z"))).toBe(Date.parse("2024-02-29T16:00:00Z"));
    expect(nextMonthOpenMs(Date.parse("2024-02-29T16:00:00Z"))).toBe(Date.parse("2024-03-31T16:00:00Z"));
    // December (+08:00) into January.
    expect(nextMonthOpenMs(Date.parse("2023-11-30T16:00:00Z"))).toBe(Date.parse("2023-12-31T16:00:00Z"));
  });

  test("quarter-hour and negative offsets: +05:45 and −05:00", () => {
    expect(nextMonthOpenMs(Date.parse("2024-03-01T00:00:00+05:45"))).toBe(
      Date.parse("2024-04-01T00:00:00+05:45"),
    );
    expect(nextMonthOpenMs(Date.parse("2024-02-29T18:15:00Z"))).toBe(Date.parse("2024-03-31T18:15:00Z"));
    expect(nextMonthOpenMs(Date.parse("2024-01-01T05:00:00Z"))).toBe(Date.parse("2024-02-01T05:00:00Z"));
  });

  test("an open that is no month start anywhere falls back to the next UTC month, as the venue copies did", () => {
    for (const openTimeMs of [
      Date.parse("2024-03-15T10:30:00Z"),
      Date.parse("2024-03-15T00:00:00Z"),
      Date.parse("2024-01-31T16:07:00Z"),
      Date.parse("2023-12-31T16:00:00.001Z"),
    ]) {
      expect(nextMonthOpenMs(openTimeMs)).toBe(nextUtcMonthOf(openTimeMs));
    }
    expect(nextMonthOpenMs(Date.parse("2024-03-15T10:30:00Z"))).toBe(Date.UTC(2024, 3, 1));
    expect(nextMonthOpenMs(Number.NaN)).toBeNaN();
  });
});

describe("nextOpenOf", () => {
  test("next bar opens: calendar months for 1M, weeks and days by length", () => {
    expect(nextOpenOf(Date.UTC(2024, 1, 1), "1M")).toBe(Date.UTC(2024, 2, 1));
    expect(nextOpenOf(Date.UTC(2024, 11, 1), "1M")).toBe(Date.UTC(2025, 0, 1));
    expect(nextOpenOf(Date.parse("2024-01-31T16:00:00Z"), "1M")).toBe(Date.parse("2024-02-29T16:00:00Z"));
    expect(nextOpenOf(0, "1w")).toBe(604_800_000);
    expect(nextOpenOf(0, "12h")).toBe(43_200_000);
    expect(nextOpenOf(0, "15m")).toBe(900_000);
    expect(nextOpenOf(0, "bogus")).toBeNaN();
  });
});
