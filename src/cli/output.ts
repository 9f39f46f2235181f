// Terminal output rules: data to stdout (tables or NDJSON), talk to stderr through consola, colors only on a TTY
// and never with NO_COLOR, plain cli-table3 borders when colors are off.

import Table from "cli-table3";
import { createConsola, type ConsolaInstance } from "consola";
import pc from "picocolors";

export const isStdoutTty = Boolean(process.stdout.isTTY);
export const useColor = isStdoutTty && !process.env.NO_COLOR && process.env.TERM !== "dumb";
export const colors = pc.createColors(useColor);

const LOG_LEVELS: Record<string, number> = { silent: -999, error: 0, warn: 1, info: 3, debug: 4, trace: 5 };

export const logger: ConsolaInstance = createConsola({
  stdout: process.stderr,
  stderr: process.stderr,
  level: LOG_LEVELS.info,
  formatOptions: { colors: Boolean(process.stderr.isTTY) && !process.env.NO_COLOR, date: false },
});

export function setLogLevel(level: string | undefined): void {
  if (level === undefined) return;
  const value = LOG_LEVELS[level];
  if (value === undefined) throw new Error(`unknown log level '${level}'`);
  logger.level = value;
}

export const LOG_LEVEL_NAMES = Object.keys(LOG_LEVELS);

/** Writes a line to stdout. */
export function printLine(text: string): void {
  process.stdout.write(`${text}\n`);
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
