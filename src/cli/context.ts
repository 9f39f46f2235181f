// What every live or REST command shares: choosing the account, and building a hub whose diagnostics go to the
// CLI logger.

import { type Account, parseAccount } from "../core/index.ts";
import { findExchange } from "../exchanges/index.ts";
import { ExchangeHub, type HubDiagnostic } from "../station/index.ts";
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
