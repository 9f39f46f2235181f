// Terminal output rules: data to stdout (tables or NDJSON), talk to stderr through consola, colors only on a TTY
// and never with NO_COLOR, plain cli-table3 borders when colors are off.

import Table from "cli-table3";
import { createConsola, type ConsolaInstance } from "consola";
import pc from "picocolors";
import { allowsColor, isTerminal, wantsColor } from "./quick-output.ts";

/** One terminal test for stdout, which its colour rule reads too. */
export const isStdoutTty = isTerminal(1);
export const useColor = isStdoutTty && allowsColor();
export const colors = pc.createColors(useColor);
/** Colours on stderr (its own terminal test), for its colours and the logger's alike. */
const stderrUsesColor = wantsColor(2);
/** Colors for stderr. */
export const stderrColors = pc.createColors(stderrUsesColor);

const LOG_LEVELS: Record<string, number> = { silent: -999, error: 0, warn: 1, info: 3, debug: 4, trace: 5 };

export const logger: ConsolaInstance = createConsola({
  stdout: process.stderr,
  stderr: process.stderr,
  level: LOG_LEVELS.info,
  formatOptions: { colors: stderrUsesColor, date: false },
});

export function setLogLevel(level: string | undefined): void {
  if (level === undefined) return;
  const value = LOG_LEVELS[level];
  if (value === undefined) throw new Error(`unknown log level '${level}'`);
  logger.level = value;
}

export const LOG_LEVEL_NAMES = Object.keys(LOG_LEVELS);

/** A failure worth a non-zero exit, on stderr the way every CLI error looks: `error <message>` and `hint  <hint>`. */
export function printError(message: string, hint?: string): void {
  process.stderr.write(`${stderrColors.red("error")} ${message}\n`);
  if (hint) process.stderr.write(`${stderrColors.dim("hint")}  ${hint}\n`);
}

/** Writes a line to stdout. */
export function printLine(text: string): void {
  process.stdout.write(`${text}\n`);
}

/** Settles when the last stdout write so far has been handed to the OS. */
let lastStdoutWrite: Promise<void> = Promise.resolve();
const writeStdout = process.stdout.write.bind(process.stdout) as (...args: unknown[]) => boolean;
// Writes to a pipe are asynchronous and the entry point ends with process.exit, which would cut the tail of a large
// output. Every write is tracked so `flushStdout` can wait for the last one (Bun reports writableLength 0 while
// writes are pending, and calls back an empty write at once, so neither can be used).
process.stdout.write = ((chunk: unknown, ...rest: unknown[]) => {
  if ((chunk as { length?: number })?.length === 0) return writeStdout(chunk, ...rest);
  const callback =
    typeof rest[rest.length - 1] === "function" ? (rest.pop() as (error?: unknown) => void) : undefined;
  let settle: () => void = () => {};
  lastStdoutWrite = new Promise((resolve) => {
    settle = resolve;
  });
  try {
    return writeStdout(chunk, ...rest, (error?: unknown) => {
      settle();
      callback?.(error);
    });
  } catch (error) {
    settle();
    if ((error as { code?: string }).code === "EPIPE") exitOnClosedStdout();
    throw error;
  }
}) as typeof process.stdout.write;

/** The reader of stdout went away (`dig3 … | head`): stop quietly, as a pipeline expects. */
function exitOnClosedStdout(): never {
  process.exit(0);
}

process.stdout.on("error", (error: { code?: string }) => {
  if (error.code === "EPIPE") exitOnClosedStdout();
});

/** Resolves once everything written to stdout so far has been handed to the OS. */
export function flushStdout(): Promise<void> {
  return lastStdoutWrite;
}

/** One NDJSON line on stdout. */
export function printJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value)}\n`);
}

export function renderTable(head: string[], rows: (string | number)[][]): string {
  const table = new Table({
    head: head.map((h) => colors.bold(h)),
    style: useColor ? { head: [], border: ["grey"] } : { head: [], border: [] },
  });
  for (const row of rows) table.push(row.map(String));
  return table.toString();
}

/** Formats a number for a column without scientific notation surprises. */
export function formatNumber(value: number | undefined, digits?: number): string {
  if (value === undefined || !Number.isFinite(value)) return "—";
  if (digits !== undefined) return value.toFixed(digits);
  return String(value);
}

export function formatTime(tsMs: number): string {
  return new Date(tsMs).toISOString().slice(11, 23);
}

export const isStderrTty = Boolean(process.stderr.isTTY);

/** A UTC timestamp `2026-06-13 12:00:00.123`. */
export function formatDateTime(tsMs: number | undefined): string {
  if (tsMs === undefined || !Number.isFinite(tsMs)) return "—";
  return new Date(tsMs).toISOString().replace("T", " ").slice(0, 23);
}

/** A span for people: `850 ms`, `12.5 s`, `4m 05s`, `3h 02m`, `2d 04h`. */
export function formatSpanMs(ms: number): string {
  if (!Number.isFinite(ms)) return "—";
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${+(ms / 1000).toFixed(1)} s`;
  const s = Math.floor(ms / 1000);
  const two = (n: number) => String(n).padStart(2, "0");
  if (s < 3600) return `${Math.floor(s / 60)}m ${two(s % 60)}s`;
  if (s < 86_400) return `${Math.floor(s / 3600)}h ${two(Math.floor(s / 60) % 60)}m`;
  return `${Math.floor(s / 86_400)}d ${two(Math.floor(s / 3600) % 24)}h`;
}

/** Bytes for people: `512 B`, `4.0 KiB`, `1.2 MiB`, `3.4 GiB`. */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  const units = ["KiB", "MiB", "GiB", "TiB"];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value.toFixed(1)} ${units[unit]}`;
}

/** A count with thousands separators. */
export function formatCount(value: number): string {
  return value.toLocaleString("en-US");
}

/** A rate per second with a sensible number of digits. */
export function formatRate(perS: number): string {
  if (!Number.isFinite(perS)) return "—";
  return perS >= 100 ? `${Math.round(perS)}/s` : perS >= 1 ? `${perS.toFixed(1)}/s` : `${perS.toFixed(3)}/s`;
}

/**
 * A progress bar on stderr, redrawn in place, only when stderr is a terminal (and `total` is worth it); a no-op
 * otherwise. `done()` clears the line.
 */
export function createProgressBar(label: string, total: number, minTotal = 20) {
  const isOn = isStderrTty && total >= minTotal && logger.level > 0;
  let lastDrawMs = 0;
  const width = 30;
  return {
    update(done: number): void {
      if (!isOn) return;
      const now = Date.now();
      if (done < total && now - lastDrawMs < 50) return;
      lastDrawMs = now;
      const filled = Math.round((done / total) * width);
      const bar = `${"█".repeat(filled)}${"░".repeat(width - filled)}`;
      process.stderr.write(`\r${label} ${bar} ${done}/${total}\x1b[K`);
    },
    done(): void {
      if (isOn) process.stderr.write("\r\x1b[K");
    },
  };
}
