// What every live or REST command shares: choosing the account, building a hub whose diagnostics go to the CLI
// logger, and the Station the global flags (--storage-root, --warm-start, --persist, --gap-heal) describe.

import { type Account, parseAccount } from "../core/index.ts";
import { findExchange } from "../exchanges/index.ts";
import { ExchangeHub, type HubDiagnostic, Station, type StationBuilder } from "../station/index.ts";
import { parseBool, parseCount } from "./args.ts";
import { logger } from "./output.ts";

export function logDiagnostic(diagnostic: HubDiagnostic): void {
  const log =
    diagnostic.level === "error"
      ? logger.error
      : diagnostic.level === "warn"
        ? logger.warn
        : diagnostic.level === "info"
          ? logger.info
          : logger.debug;
  log.call(logger, diagnostic.message);
}

/** The account to use: the flag, else spot when the venue has it, else the venue's first account. */
export function accountFor(exchange: string, flag: string | undefined, preferred: Account = "spot"): Account {
  const adapter = findExchange(exchange);
  if (flag !== undefined) return parseAccount(flag);
  if (adapter.streams[preferred]) return preferred;
  return Object.keys(adapter.streams)[0] as Account;
}

/** A hub for one-shot REST commands: one retry, so an unreachable venue fails in about a second, not many. */
export function createHub(): ExchangeHub {
  return new ExchangeHub({ onDiagnostic: logDiagnostic, http: { retries: 1 } });
}

export interface StationFlags {
  storageRoot: string | undefined;
  warmStart: number;
  persist: boolean;
  gapHeal: boolean;
}

/** The global Station flags, checked (usage errors name the flag); config values fill in what flags leave out. */
export function readStationFlags(
  args: { "storage-root"?: string; "warm-start"?: string; persist?: string; "gap-heal"?: string },
  defaults: {
    storageRoot?: string | undefined;
    warmStart?: number | undefined;
    persist: boolean;
    gapHeal?: boolean | undefined;
  },
): StationFlags {
  return {
    storageRoot: args["storage-root"] ?? defaults.storageRoot,
    warmStart: parseCount(args["warm-start"], "warm-start", defaults.warmStart ?? 0),
    persist: parseBool(args.persist, "persist", defaults.persist),
    gapHeal: parseBool(args["gap-heal"], "gap-heal", defaults.gapHeal ?? true),
  };
}

/** A Station builder set up from the flags. */
export function createStationBuilder(flags: StationFlags): StationBuilder {
  const builder = Station.builder()
    .persistence(flags.persist)
    .warmStart(flags.warmStart)
    .gapHeal(flags.gapHeal);
  if (flags.storageRoot !== undefined) builder.storageRoot(flags.storageRoot);
  return builder;
}
