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
