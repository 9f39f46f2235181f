// Tolerant readers for venue values: numbers sent as text, price levels, ids. They never throw, so `parse` never throws.

import type { Level } from "../../core/index.ts";

/** A finite number from a venue number or numeric text; NaN otherwise. */
export function toNumber(value: unknown): number {
  if (typeof value === "number") return value;
  if (typeof value === "string" && value.length > 0) return Number(value);
  return Number.NaN;
}

/** A number, or undefined when the venue sent nothing usable. */
export function toOptionalNumber(value: unknown): number | undefined {
  const n = toNumber(value);
  return Number.isFinite(n) ? n : undefined;
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
  for (const row of rows) {
    if (!Array.isArray(row) || row.length < 2) continue;
    const price = toNumber(row[0]);
    const size = toNumber(row[1]);
    if (!Number.isFinite(price) || !Number.isFinite(size)) continue;
    levels.push(keepText ? [price, size, String(row[0]), String(row[1])] : [price, size]);
  }
  return levels;
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
