// Account types: which market of a venue a stream belongs to (spot, linear or inverse derivatives, options).

import { Dig3Error } from "./errors.ts";

export const ACCOUNTS = ["spot", "linear", "inverse", "option"] as const;
export type Account = (typeof ACCOUNTS)[number];

const ACCOUNT_ALIASES: Record<string, Account> = {
  spot: "spot",
  margin: "spot",
  linear: "linear",
  usdm: "linear",
  "usd-m": "linear",
  perp: "linear",
  swap: "linear",
  futures: "linear",
  futures_cross: "linear",
  cross: "linear",
  inverse: "inverse",
  coinm: "inverse",
  "coin-m": "inverse",
  option: "option",
  options: "option",
};

export function isAccount(value: string): value is Account {
  return (ACCOUNTS as readonly string[]).includes(value);
}

/** Accepts the canonical names and common aliases (`usdm`, `coinm`, `futures`, `options`). */
export function parseAccount(text: string): Account {
  const account = ACCOUNT_ALIASES[text.trim().toLowerCase()];
  if (!account) {
    throw new Dig3Error("E_UNKNOWN_ACCOUNT", `unknown account '${text}'`, {
      hint: `use one of: ${ACCOUNTS.join(", ")}`,
    });
  }
  return account;
}
