// Endpoint resolution with overrides: hub options first, then DIG3_<EXCHANGE>_<ACCOUNT>_WS_URL / _REST_URL,
// then DIG3_<EXCHANGE>_WS_URL / _REST_URL, then the venue's own URL. This is how tests point a venue at the simulator.

import type { Account } from "../core/index.ts";

/** A URL for every account, or one per account. */
export type EndpointOverride = string | Partial<Record<Account, string>>;

export interface EndpointOverrides {
  ws?: EndpointOverride;
  rest?: EndpointOverride;
}

export type Env = Record<string, string | undefined>;

function pickOverride(override: EndpointOverride | undefined, account: Account): string | undefined {
  if (override === undefined) return undefined;
  return typeof override === "string" ? override : override[account];
}

function envName(exchange: string, account: Account | undefined, what: "WS" | "REST"): string {
  const venue = exchange.toUpperCase().replace(/[^A-Z0-9]/g, "_");
  return account ? `DIG3_${venue}_${account.toUpperCase()}_${what}_URL` : `DIG3_${venue}_${what}_URL`;
}

/** The override in force for one venue, account and protocol, if any. */
export function findEndpointOverride(
  exchange: string,
  account: Account,
  what: "ws" | "rest",
  overrides: EndpointOverrides | undefined,
  env: Env,
): string | undefined {
  const WHAT = what === "ws" ? "WS" : "REST";
  return (
    pickOverride(overrides?.[what], account) ??
    (env[envName(exchange, account, WHAT)] || undefined) ??
    (env[envName(exchange, undefined, WHAT)] || undefined)
  );
}

/** Names of the environment variables that override a venue's endpoints (for help text and errors). */
export function endpointEnvNames(exchange: string): { ws: string; rest: string } {
  return { ws: envName(exchange, undefined, "WS"), rest: envName(exchange, undefined, "REST") };
}
