// OKX symbol rules: canonical <-> instId for spot (`BTC-USDT`), perpetual swaps (`BTC-USDT-SWAP` linear,
// `BTC-USD-SWAP` inverse), dated futures (`BTC-USDT-250627`, `BTC-USD-250627`) and options (`BTC-USD-250627-50000-C`).
// An instId names its own market, so the account is read from it; the instrument list wins when known.

import { type Account, formatCanonical, type SymbolParts } from "../../core/index.ts";
import type { ExchangeSymbols } from "../_shared/adapter.ts";

/** OKX instrument types (the `instType` of REST queries, instType-wide channels and push data). */
export type OkxInstType = "SPOT" | "MARGIN" | "SWAP" | "FUTURES" | "OPTION";

const EXPIRY_RE = /^\d{6}$/;
const STRIKE_RE = /^\d+(?:\.\d+)?$/;
const CURRENCY_RE = /^[A-Z0-9]+$/;

/** Coin-margined contracts are quoted in USD and settled in the base coin; everything else settles in the quote. */
function settleOf(base: string, quote: string): string {
  return quote === "USD" ? base : quote;
}

function contractAccountOf(quote: string): "linear" | "inverse" {
  return quote === "USD" ? "inverse" : "linear";
}

export interface OkxInstrumentId {
  account: Account;
  instType: Exclude<OkxInstType, "MARGIN">;
  parts: SymbolParts;
}

/**
 * Reads an instId by OKX's naming alone: `BASE-QUOTE` spot, `BASE-QUOTE-SWAP`, `BASE-QUOTE-YYMMDD`,
 * `BASE-QUOTE-YYMMDD-STRIKE-C|P`. Option strike and type ride in `expiry` (`250627-50000-C`), as canonical parts
 * have no field for them. Undefined for anything else (index ids such as `BTC-USD` read as spot pairs).
 */
export function readOkxInstId(native: string): OkxInstrumentId | undefined {
  const pieces = native.trim().toUpperCase().split("-");
  const [base, quote, third, strike, optionType] = pieces;
  if (!base || !quote || !CURRENCY_RE.test(base) || !CURRENCY_RE.test(quote)) return undefined;
  if (pieces.length === 2) return { account: "spot", instType: "SPOT", parts: { base, quote } };
  const settle = settleOf(base, quote);
  if (pieces.length === 3 && third === "SWAP") {
    return { account: contractAccountOf(quote), instType: "SWAP", parts: { base, quote, settle } };
  }
  if (pieces.length === 3 && third && EXPIRY_RE.test(third)) {
    return {
      account: contractAccountOf(quote),
      instType: "FUTURES",
      parts: { base, quote, settle, expiry: third },
    };
  }
  if (
    pieces.length === 5 &&
    third &&
    EXPIRY_RE.test(third) &&
    strike &&
    STRIKE_RE.test(strike) &&
    (optionType === "C" || optionType === "P")
  ) {
    return {
      account: "option",
      instType: "OPTION",
      parts: { base, quote, settle, expiry: `${third}-${strike}-${optionType}` },
    };
  }
  return undefined;
}

/** The account an instId belongs to, or undefined when it is no instrument name. */
export function accountOfOkxNative(native: string): Account | undefined {
  return readOkxInstId(native)?.account;
}

/** Canonical parts (settle filled in for derivatives) → instId. */
export function toOkxNative(parts: SymbolParts, account: Account): string {
  const pair = `${parts.base}-${parts.quote}`.toUpperCase();
  if (account === "spot") return pair;
  if (parts.expiry) return `${pair}-${parts.expiry.toUpperCase()}`;
  return account === "option" ? pair : `${pair}-SWAP`;
}

/** instId → canonical parts; undefined when the name is not one of the account's instruments. */
export function fromOkxNative(native: string, account: Account): SymbolParts | undefined {
  const read = readOkxInstId(native);
  return read && read.account === account ? read.parts : undefined;
}

/** Canonical text of an instId on its own account (`BTC-USD-SWAP` → `BTC/USD:BTC`), or undefined. */
export function canonicalOfOkxNative(native: string): string | undefined {
  const read = readOkxInstId(native);
  return read ? formatCanonical(read.parts) : undefined;
}

/**
 * The instType of a subscription's instrument on an account (for instType-wide channels and REST queries):
 * derivatives by name (`-SWAP`, dated, option), spot as SPOT.
 */
export function instTypeOfOkxNative(native: string, account: Account): Exclude<OkxInstType, "MARGIN"> {
  const read = readOkxInstId(native);
  if (read) return read.instType;
  if (account === "option") return "OPTION";
  return account === "spot" ? "SPOT" : "SWAP";
}

export const okxSymbols: ExchangeSymbols = {
  toNative: toOkxNative,
  fromNative: fromOkxNative,
};
