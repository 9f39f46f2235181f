// Argument definitions shared by commands, and the checks citty does not do: unknown flags, numeric flags.

import type { ArgsDef } from "citty";
import { Dig3Error } from "../core/index.ts";
import { LOG_LEVEL_NAMES } from "./output.ts";

export const commonArgs = {
  "log-level": {
    type: "string",
    description: `stderr verbosity: ${LOG_LEVEL_NAMES.join(", ")}`,
    valueHint: "level",
  },
} as const satisfies ArgsDef;

export const jsonArg = {
  json: { type: "boolean", description: "NDJSON on stdout, one object a line" },
} as const satisfies ArgsDef;

export const accountArg = {
  account: {
    type: "string",
    description: "spot, linear (USDⓈ-margined), inverse (coin-margined) or option",
    valueHint: "account",
  },
} as const satisfies ArgsDef;

/** Fails with a usage error on any `--flag` the command does not declare (citty would ignore it silently). */
export function assertKnownFlags(rawArgs: readonly string[], args: ArgsDef, command: string): void {
  const known = new Set<string>(["help", "h"]);
  for (const [name, def] of Object.entries(args)) {
    known.add(name);
    const aliases = def.type !== "positional" && "alias" in def ? def.alias : undefined;
    for (const alias of Array.isArray(aliases) ? aliases : aliases ? [aliases] : []) known.add(alias);
    if (def.type === "boolean") known.add(`no-${name}`);
  }
  for (const token of rawArgs) {
    if (token === "--") break;
    if (!token.startsWith("-") || /^-\d/.test(token)) continue;
    const name = token.replace(/^--?/, "").split("=")[0]!;
    if (!known.has(name)) {
      throw new Dig3Error("E_BAD_INPUT", `unknown flag '${token}' for 'dig3 ${command}'`, {
        hint: `see 'dig3 ${command} --help'`,
      });
    }
  }
}

/** A positive integer flag, or a usage error naming the flag. */
export function parsePositiveInt(value: string | undefined, flag: string, fallback: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0) {
    throw new Dig3Error("E_BAD_INPUT", `--${flag} must be a positive whole number, got '${value}'`, {
      hint: `for example --${flag} ${fallback}`,
    });
  }
  return n;
}

/** The global Station flags of `watch`, `capture` and `replay`-like commands (DESIGN §6). */
export const stationArgs = {
  "storage-root": {
    type: "string",
    description: "day-file root (default: DIG3_STORAGE_ROOT, else ./dig3_storage)",
    valueHint: "path",
  },
  "warm-start": {
    type: "string",
    description: "history points before live, from day files or REST (default 0)",
    valueHint: "N",
  },
  persist: { type: "string", description: "write day files: true or false", valueHint: "bool" },
  "gap-heal": {
    type: "string",
    description: "backfill outages from REST and record what cannot be recovered (default true)",
    valueHint: "bool",
  },
} as const satisfies ArgsDef;

const TRUE_WORDS = new Set(["true", "1", "yes", "on"]);
const FALSE_WORDS = new Set(["false", "0", "no", "off"]);

/** A true/false flag value (`true`, `false`, `yes`, `no`, `1`, `0`, `on`, `off`), or a usage error naming the flag. */
export function parseBool(value: string | undefined, flag: string, fallback: boolean): boolean {
  if (value === undefined) return fallback;
  const word = value.trim().toLowerCase();
  if (TRUE_WORDS.has(word)) return true;
  if (FALSE_WORDS.has(word)) return false;
  throw new Dig3Error("E_BAD_INPUT", `--${flag} needs true or false, got '${value}'`, {
    hint: `for example --${flag} ${fallback ? "false" : "true"}`,
  });
}

/** A whole number ≥ 0, or a usage error naming the flag. */
export function parseCount(value: string | undefined, flag: string, fallback: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) {
    throw new Dig3Error("E_BAD_INPUT", `--${flag} must be a whole number ≥ 0, got '${value}'`, {
      hint: `for example --${flag} 500`,
    });
  }
  return n;
}

/** A positive number (decimals allowed), or a usage error naming the flag. */
export function parsePositiveNumber(value: string | undefined, flag: string, example: string): number {
  const n = Number(value);
  if (value === undefined || value.trim() === "" || !Number.isFinite(n) || n <= 0) {
    throw new Dig3Error(
      "E_BAD_INPUT",
      value === undefined ? `--${flag} is required` : `--${flag} must be a number > 0, got '${value}'`,
      { hint: `for example --${flag} ${example}` },
    );
  }
  return n;
}
