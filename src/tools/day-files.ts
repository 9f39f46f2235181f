// Finding day files for the offline tools: expanding files and directories into `.dat` paths, reading the series
// (slug, exchange, account, symbol, day) from a path, and resolving the record kind from the path or a --kind name.

import { readdirSync, statSync } from "node:fs";
import { basename, dirname, join, resolve } from "node:path";
import { Dig3Error } from "../core/index.ts";
import { type AnyRecordDef, RECORDS, recordForSlug } from "../records/index.ts";
import { parseDayFileName, resolveSeriesDir, type SeriesKey } from "../storage/index.ts";

export interface DayFileRef {
  /** Absolute path of the `.dat`. */
  path: string;
  /** The slug directory four levels up (`trades`, `klines_1m`), when it is one dig3 knows. */
  slug: string | undefined;
  exchange: string | undefined;
  account: string | undefined;
  /** The directory name: the sanitized, lower-cased venue-native symbol (`btcusdt`). */
  symbol: string | undefined;
  /** `YYYY-MM-DD` from the file name. */
  day: string | undefined;
  /** The storage root (five levels up), when the path has the day-file shape. */
  root: string | undefined;
  /** Kline interval of a kline-family slug (`1m`). */
  interval: string | undefined;
  /** True when named on the command line (not found by walking a directory). */
  isExplicit: boolean;
}

const DAY_FILE = /^\d{4}-\d{2}-\d{2}\.dat$/;
const SIDE_FILE = /\.(idx|blob)$/;

/** Reads the series parts of a day-file path (`<root>/<slug>/<exchange>/<account>/<symbol>/<day>.dat`). */
export function describeDayFile(path: string, isExplicit = true): DayFileRef {
  const absolute = resolve(path);
  const name = basename(absolute);
  const symbolDir = dirname(absolute);
  const accountDir = dirname(symbolDir);
  const exchangeDir = dirname(accountDir);
  const slugDir = dirname(exchangeDir);
  const slugName = basename(slugDir);
  const series = recordForSlug(slugName);
  const isDayShape = DAY_FILE.test(name) && series !== undefined;
  return {
    path: absolute,
    slug: series ? slugName : undefined,
    exchange: isDayShape ? basename(exchangeDir) : undefined,
    account: isDayShape ? basename(accountDir) : undefined,
    symbol: isDayShape ? basename(symbolDir) : undefined,
    day: DAY_FILE.test(name) ? name.slice(0, 10) : undefined,
    root: isDayShape ? dirname(slugDir) : undefined,
    interval: series?.interval,
    isExplicit,
  };
}

/**
 * Expands the command-line paths into `.dat` files: a file as is (an `.idx` or `.blob` stands for its `.dat`), a
 * directory walked recursively (hidden entries skipped), sorted. E_FILE_NOT_FOUND for a path that does not exist
 * or a directory without day files.
 */
export function listDayFiles(inputs: readonly string[]): DayFileRef[] {
  if (inputs.length === 0) {
    throw new Dig3Error("E_BAD_INPUT", "no files given", {
      hint: "pass day files (.dat) or directories, e.g. ./dig3_storage/trades",
    });
  }
  const out: DayFileRef[] = [];
  const seen = new Set<string>();
  const add = (ref: DayFileRef) => {
    if (seen.has(ref.path)) return;
    seen.add(ref.path);
    out.push(ref);
  };
  for (const input of inputs) {
    let isDirectory: boolean;
    try {
      isDirectory = statSync(input).isDirectory();
    } catch {
      throw new Dig3Error("E_FILE_NOT_FOUND", `no such file or directory: ${input}`, {
        hint: "check the path (day files live under <storage root>/<kind>/<exchange>/<account>/<symbol>/)",
      });
    }
    if (!isDirectory) {
      const dat = SIDE_FILE.test(input) ? input.replace(SIDE_FILE, ".dat") : input;
      add(describeDayFile(dat, true));
      continue;
    }
    const found = walkDatFiles(resolve(input));
    if (found.length === 0) {
      throw new Dig3Error("E_FILE_NOT_FOUND", `no day files (.dat) under ${input}`, {
        hint: "point at a storage root or one of its kind, exchange or symbol directories",
      });
    }
    for (const path of found) add(describeDayFile(path, false));
  }
  return out;
}

function walkDatFiles(dir: string): string[] {
  const out: string[] = [];
  let names: string[];
  try {
    names = readdirSync(dir).sort();
  } catch (error) {
    throw new Dig3Error("E_IO", `cannot read directory ${dir}: ${(error as Error).message}`, {
      hint: "check its permissions",
    });
  }
  for (const name of names) {
    if (name.startsWith(".")) continue;
    const path = join(dir, name);
    let isDirectory = false;
    try {
      isDirectory = statSync(path).isDirectory();
    } catch {
      continue;
    }
    if (isDirectory) out.push(...walkDatFiles(path));
    else if (name.endsWith(".dat")) out.push(path);
  }
  return out;
}

/** Kind names accepted by --kind: directory slugs (`trades`, `klines_1m`) and record kinds (`orderbook_deltas_20`). */
export function listKindNames(): string[] {
  return Object.keys(RECORDS);
}

/**
 * The record layout of a --kind name: a slug (`klines_1h`), a slug base (`klines`) or a record kind
 * (`orderbook_snapshots_808`). E_BAD_INPUT for anything else.
 */
export function resolveKind(name: string): { def: AnyRecordDef; slug: string; interval?: string } {
  const text = name.trim();
  const series = recordForSlug(text);
  if (series) return { def: series.def, slug: series.slug, interval: series.interval };
  const def = (RECORDS as Record<string, AnyRecordDef>)[text];
  if (def) return { def, slug: def.slugBase };
  throw new Dig3Error("E_BAD_INPUT", `unknown kind '${name}'`, {
    hint: `use a directory slug (trades, klines_1m, orderbook_deltas …) or one of: ${listKindNames().join(", ")}`,
  });
}

/** Whole records in every day file of one series (0 when it has none): how capture measures what it wrote. */
export function countSeriesRecords(key: SeriesKey): number {
  const series = recordForSlug(key.slug);
  if (!series) return 0;
  let dir: string;
  try {
    dir = resolveSeriesDir(key);
  } catch {
    return 0;
  }
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return 0;
  }
  let records = 0;
  for (const name of names) {
    if (parseDayFileName(name) === undefined) continue;
    try {
      records += Math.floor(statSync(join(dir, name)).size / series.def.size);
    } catch {
      // Vanished meanwhile.
    }
  }
  return records;
}
