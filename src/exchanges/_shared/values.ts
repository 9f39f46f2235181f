// Tolerant readers for venue values: numbers sent as text, price levels, ids. They never throw, so `parse` never throws.

import type { Level, Side } from "../../core/index.ts";

/** Exact powers of ten (10^22 is the last one a double holds exactly). */
export const POW10 = [
  1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19,
  1e20, 1e21, 1e22,
];

/**
 * `Number(text.slice(start, end))` for the plain decimals venues send (`"0.35130000"`, `"297"`), read digit by digit
 * in place: a mantissa below 2^53 divided by an exact power of ten is one correctly rounded division, so the result
 * is the same double `Number` gives, and an empty text is NaN. Anything else (signs, exponents, spaces, long texts) goes to `Number` itself.
 */
export function readDecimalIn(text: string, start: number, end: number): number {
  const length = end - start;
  // An empty text is no number (where `Number("")` would say 0).
  if (length === 0) return Number.NaN;
  if (length > 17) return numberOfSlice(text, start, end);
  // The integer digits, then a dot and the fraction's: one test a digit.
  let mantissa = 0;
  let pos = start;
  let code = text.charCodeAt(pos);
  while (code >= 48 && code <= 57) {
    mantissa = mantissa * 10 + (code - 48);
    if (++pos === end) break;
    code = text.charCodeAt(pos);
  }
  let dotAt = -1;
  if (pos < end) {
    if (code !== 46) return numberOfSlice(text, start, end);
    dotAt = pos;
    while (++pos < end) {
      code = text.charCodeAt(pos);
      if (code < 48 || code > 57) return numberOfSlice(text, start, end);
      mantissa = mantissa * 10 + (code - 48);
    }
  }
  // `"."` alone has no digit; 17 digits may pass 2^53, where the running mantissa is no longer exact.
  if (length === 1 && dotAt === start) return Number.NaN;
  if (mantissa > Number.MAX_SAFE_INTEGER) return numberOfSlice(text, start, end);
  return dotAt < 0 ? mantissa : mantissa / POW10[end - dotAt - 1]!;
}

function numberOfSlice(text: string, start: number, end: number): number {
  return Number(start === 0 && end === text.length ? text : text.slice(start, end));
}

/** A finite number from a venue number or numeric text; NaN otherwise. */
export function toNumber(value: unknown): number {
  if (typeof value === "number") return value;
  if (typeof value === "string" && value.length > 0) return readDecimalIn(value, 0, value.length);
  return Number.NaN;
}

/** A number, or undefined when the venue sent nothing usable. */
export function toOptionalNumber(value: unknown): number | undefined {
  const n = toNumber(value);
  return Number.isFinite(n) ? n : undefined;
}

/**
 * The id dig3 makes up for a trade the venue names none for (MEXC spot REST answers `id: null`, BingX swaps name
 * none): time, price, size (numbers in their shortest form) and taker side, so that one trade read from the socket
 * and from REST gets one id. Station de-duplication matches trades on this text too.
 */
export function contentIdOf(tsMs: number, price: number, size: number, side: Side): string {
  return `${tsMs}-${price}-${size}-${side === "buy" ? "b" : "s"}`;
}

/**
 * Made-up ids for the trades of one batch that name none: `contentIdOf`, the n-th alike trade of the batch `…#n` (one
 * taker order filling two makers alike is two trades), so that de-duplication does not take them for one. Alike
 * trades split across two batches still share an id: without a venue id nothing tells them from one trade sent twice.
 */
export function createContentIds(): (tsMs: number, price: number, size: number, side: Side) => string {
  let seen: Map<string, number> | undefined;
  return (tsMs, price, size, side) => {
    const key = contentIdOf(tsMs, price, size, side);
    seen ??= new Map();
    const count = (seen.get(key) ?? 0) + 1;
    seen.set(key, count);
    return count === 1 ? key : `${key}#${count}`;
  };
}

/** `createContentIds` over every trade of one batch. */
export function contentIdsOf(
  rows: ReadonlyArray<{ timeMs: number; price: number; size: number; side: Side }>,
): string[] {
  const contentId = createContentIds();
  return rows.map((row) => contentId(row.timeMs, row.price, row.size, row.side));
}

/** Venue text ids (numbers become their decimal text). */
export function toId(value: unknown): string {
  if (typeof value === "string") return value;
  if (typeof value === "number" || typeof value === "bigint") return String(value);
  return "";
}

/** `[["price","size"], …]` → levels; keeps the venue text when `keepText` (for checksum venues). */
export function toLevels(rows: unknown, keepText = false): Level[] {
  if (!Array.isArray(rows)) return [];
  const levels: Level[] = [];
  for (let i = 0; i < rows.length; i++) {
    const row: unknown = rows[i];
    if (!Array.isArray(row) || row.length < 2) continue;
    const priceValue: unknown = row[0];
    const sizeValue: unknown = row[1];
    const price = toNumber(priceValue);
    const size = toNumber(sizeValue);
    if (!Number.isFinite(price) || !Number.isFinite(size)) continue;
    levels.push(keepText ? [price, size, String(priceValue), String(sizeValue)] : [price, size]);
  }
  return levels;
}

/** `/^\d+$/` over `text[start, end)`, without slicing or a regex. */
export function isDigitsBetween(text: string, start: number, end: number): boolean {
  if (end <= start) return false;
  for (let i = start; i < end; i++) {
    const code = text.charCodeAt(i);
    if (code < 48 || code > 57) return false;
  }
  return true;
}

/** A finite number above zero: a price or size a trade can be emitted with. */
export function isPositiveFinite(value: number): boolean {
  return value > 0 && value < Number.POSITIVE_INFINITY;
}

/** A usable venue time (ms or µs since the epoch): finite and after the epoch. */
export function isTime(value: number | undefined): value is number {
  return value !== undefined && Number.isFinite(value) && value > 0;
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Parses JSON text; undefined on failure (parse paths must not throw). */
export function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

// Declared with the events (record-events.ts in the records layer needs it too); venues import it from here.
export { assignDefined } from "../../core/index.ts";
