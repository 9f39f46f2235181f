// Day-file paths: `<root>/<slug>/<exchange>/<account>/<symbol>/<YYYY-MM-DD>.dat|.idx|.blob`, the sanitizing of
// names that come from outside (venue ids, native symbols), and the check that a resolved path stays under root.

import { resolve, sep } from "node:path";
import { Dig3Error } from "../core/errors.ts";

export const MAX_NAME_BYTES = 120;
export const DAY_MS = 86_400_000;

const KEPT = /^[a-z0-9._@-]$/;
const TO_DASH = new Set(["/", "\\", ":"]);
const SLUG_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_-]*$/;
const DAY_PATTERN = /^\d{4}-\d{2}-\d{2}$/;
const DAY_FILE_PATTERN = /^(\d{4}-\d{2}-\d{2})\.dat$/;
const encoder = new TextEncoder();

/**
 * A name from outside (exchange id, account label, venue-native symbol) as one safe path component: lower-cased;
 * `a-z 0-9 . _ @ -` kept; the separators `/`, `\` and `:` become `-` (`BTC/USDT:USDT` → `btc-usdt-usdt`); every other
 * character (spaces, `+`, `#`, `%`, control and non-ASCII characters) becomes `_`. The mapping is deterministic
 * but not one-to-one (`BTC/USDT` and `btc-usdt` share a directory). Throws E_BAD_INPUT for an empty name, `.`,
 * `..`, a NUL byte or more than 120 UTF-8 bytes.
 */
export function sanitizeName(name: string, what = "name"): string {
  if (typeof name !== "string" || name.length === 0) {
    throw badName(what, name, "it is empty");
  }
  if (name.includes("\0")) throw badName(what, name, "it contains a NUL byte");
  if (encoder.encode(name).length > MAX_NAME_BYTES) {
    throw badName(what, name, `it is longer than ${MAX_NAME_BYTES} bytes`);
  }
  if (name === "." || name === "..") throw badName(what, name, "it names a directory link");
  let out = "";
  for (const char of name.toLowerCase()) {
    if (KEPT.test(char)) out += char;
    else if (TO_DASH.has(char)) out += "-";
    else out += "_";
  }
  return out;
}

/** A directory slug (`trades`, `klines_1m`, `klines_1M`): kept as is (case matters: `1m` ≠ `1M`), else E_BAD_INPUT. */
export function checkSlug(slug: string): string {
  if (typeof slug !== "string" || !SLUG_PATTERN.test(slug) || slug.length > MAX_NAME_BYTES) {
    throw new Dig3Error("E_BAD_INPUT", `bad series slug '${String(slug).slice(0, 40)}'`, {
      hint: "use a record kind's slug, e.g. trades, klines_1m, orderbook_deltas",
    });
  }
  return slug;
}

function badName(what: string, name: string, reason: string): Dig3Error {
  const shown = JSON.stringify(String(name).slice(0, 40));
  return new Dig3Error("E_BAD_INPUT", `bad ${what} ${shown}: ${reason}`, {
    hint: `pass the venue-native ${what} (1 to ${MAX_NAME_BYTES} bytes, no NUL, not '.' or '..')`,
  });
}

export interface SeriesKey {
  root: string;
  slug: string;
  exchange: string;
  account: string;
  symbol: string;
}

/** The series directory, resolved and checked to be inside `root` (E_BAD_INPUT otherwise). */
export function resolveSeriesDir(key: SeriesKey): string {
  if (typeof key.root !== "string" || key.root.length === 0 || key.root.includes("\0")) {
    throw new Dig3Error("E_BAD_INPUT", "bad storage root", {
      hint: "pass --storage-root or set DIG3_STORAGE_ROOT to a directory path",
    });
  }
  const root = resolve(key.root);
  const dir = resolve(
    root,
    checkSlug(key.slug),
    sanitizeName(key.exchange, "exchange"),
    sanitizeName(key.account, "account"),
    sanitizeName(key.symbol, "symbol"),
  );
  if (!dir.startsWith(root.endsWith(sep) ? root : root + sep)) {
    throw new Dig3Error("E_BAD_INPUT", `series path ${dir} escapes the storage root ${root}`, {
      hint: "pass plain names for exchange, account and symbol",
    });
  }
  return dir;
}

export interface DayFilePaths {
  day: string;
  dat: string;
  idx: string;
  blob: string;
}

/** The `.dat`, `.idx` and `.blob` of one UTC day (`YYYY-MM-DD`) in a series directory. */
export function resolveDayFilePaths(seriesDir: string, day: string): DayFilePaths {
  if (!DAY_PATTERN.test(day)) {
    throw new Dig3Error("E_BAD_INPUT", `bad day '${day}'`, { hint: "write the UTC day as YYYY-MM-DD" });
  }
  const base = `${seriesDir}${sep}${day}`;
  return { day, dat: `${base}.dat`, idx: `${base}.idx`, blob: `${base}.blob` };
}

/** Whole UTC days since the epoch of a timestamp (negative before 1970). */
export function getDayNumber(tsMs: number): number {
  return Math.floor(tsMs / DAY_MS);
}

/** `YYYY-MM-DD` of a day number; E_BAD_INPUT outside years 0000–9999. */
export function formatDayNumber(dayNumber: number): string {
  const tsMs = dayNumber * DAY_MS;
  if (!Number.isFinite(tsMs) || tsMs < -62_167_219_200_000 || tsMs >= 253_402_300_800_000) {
    throw new Dig3Error("E_BAD_INPUT", `timestamp out of range for a day file (day ${dayNumber})`, {
      hint: "record timestamps are ms since the epoch; check the unit",
    });
  }
  return new Date(tsMs).toISOString().slice(0, 10);
}

/** The day of a `YYYY-MM-DD.dat` file name, else undefined. */
export function parseDayFileName(fileName: string): string | undefined {
  return DAY_FILE_PATTERN.exec(fileName)?.[1];
}

/** The day number of `YYYY-MM-DD`. */
export function parseDay(day: string): number {
  return getDayNumber(Date.parse(`${day}T00:00:00Z`));
}
