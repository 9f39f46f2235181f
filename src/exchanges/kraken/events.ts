// Event-building helpers shared by Kraken's spot and futures parsers (socket and REST): the event base, optional
// fields without `undefined` keys, and Kraken's time formats (RFC 3339 with µs or ns, epoch seconds with a fraction).

import type { Account, EventBase } from "../../core/index.ts";
import type { ParseContext } from "../_shared/adapter.ts";

export function baseOf(context: ParseContext, symbol: string, tsMs: number, account?: Account): EventBase {
  return {
    exchange: context.exchange,
    account: account ?? context.account,
    symbol,
    tsMs,
    recvTsUs: context.recvTsUs,
  };
}

const RFC3339_RE = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d+))?(Z|[+-]\d{2}:\d{2})$/;

/**
 * `2023-09-25T07:48:36.925533Z` (or with nanoseconds, or an offset) → ms since the epoch, truncated; NaN when the
 * text is not RFC 3339. Hand-parsed because engines disagree on fractions longer than milliseconds.
 */
export function parseRfc3339Ms(value: unknown): number {
  if (typeof value !== "string") return Number.NaN;
  const match = RFC3339_RE.exec(value.trim());
  if (!match) return Number.NaN;
  const [, year, month, day, hour, minute, second, fraction, zone] = match;
  let ms = Date.UTC(
    Number(year),
    Number(month) - 1,
    Number(day),
    Number(hour),
    Number(minute),
    Number(second),
    Number((fraction ?? "").slice(0, 3).padEnd(3, "0")),
  );
  if (zone && zone !== "Z") {
    const sign = zone.startsWith("-") ? -1 : 1;
    const [hours, minutes] = zone.slice(1).split(":").map(Number);
    ms -= sign * ((hours ?? 0) * 60 + (minutes ?? 0)) * 60_000;
  }
  return ms;
}

/** Epoch seconds with a fraction (`1688669597.8277223`, number or text) → ms, rounded to the millisecond. */
export function secondsToMs(value: unknown): number {
  const seconds = typeof value === "number" ? value : typeof value === "string" ? Number(value) : Number.NaN;
  return Number.isFinite(seconds) ? Math.round(seconds * 1000) : Number.NaN;
}
