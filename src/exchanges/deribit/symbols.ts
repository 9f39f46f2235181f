// Deribit instrument names ↔ canonical symbols. The name alone says the market: `BTC_USDC` spot, `BTC-PERPETUAL` /
// `BTC-27DEC24` inverse (coin-settled), `BTC_USDC-PERPETUAL` linear, `BTC-27DEC24-100000-C` option (kept raw).

import { type Account, Dig3Error, formatCanonical, type SymbolParts } from "../../core/index.ts";
import type { ExchangeSymbols } from "../_shared/adapter.ts";

const MONTHS = ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"] as const;

/** `27DEC24`, `5JUN20`: Deribit writes the day without a leading zero. */
const DATE = "\\d{1,2}(?:JAN|FEB|MAR|APR|MAY|JUN|JUL|AUG|SEP|OCT|NOV|DEC)\\d{2}";
const ASSET = "([A-Z0-9]+)";
const SPOT_RE = new RegExp(`^${ASSET}_${ASSET}$`);
const FUTURE_RE = new RegExp(`^${ASSET}(?:_${ASSET})?-(PERPETUAL|${DATE})$`);
/** Strikes write a decimal point as `d` (`MATIC_USDC-9MAR24-1d02-C`); names are matched upper-cased. */
const OPTION_RE = new RegExp(`^${ASSET}(?:_${ASSET})?-(${DATE})-([0-9]+(?:D[0-9]+)?)-([CP])$`);

/** What an instrument name says about its market; undefined for names outside these forms (combos, spreads). */
export interface DeribitName {
  account: Account;
  base: string;
  quote: string;
  settle?: string;
  /** YYMMDD of a dated future or option. */
  expiry?: string;
  /** Options: strike text as Deribit writes it (`100000`, `1d02`), the type, and the name in Deribit's spelling. */
  strike?: string;
  optionType?: "C" | "P";
  instrument?: string;
}

/** `27DEC24` → `241227`; undefined when it is not a Deribit date. */
export function toYymmdd(deribitDate: string): string | undefined {
  const match = /^(\d{1,2})([A-Z]{3})(\d{2})$/.exec(deribitDate);
  if (!match) return undefined;
  const month = MONTHS.indexOf(match[2] as (typeof MONTHS)[number]) + 1;
  if (month === 0) return undefined;
  return `${match[3]}${String(month).padStart(2, "0")}${match[1]!.padStart(2, "0")}`;
}

/** `241227` → `27DEC24`; `200605` → `5JUN20`. */
export function toDeribitDate(yymmdd: string): string {
  const match = /^(\d{2})(\d{2})(\d{2})$/.exec(yymmdd);
  const month = match ? MONTHS[Number(match[2]) - 1] : undefined;
  if (!match || !month) {
    throw new Dig3Error("E_UNKNOWN_SYMBOL", `'${yymmdd}' is not an expiry date (YYMMDD)`, {
      hint: "dated futures are written BTC/USD:BTC-241227",
    });
  }
  return `${Number(match[3])}${month}${match[1]}`;
}

/** Reads an instrument name; undefined for combos, spreads and anything else that is not one of the plain forms. */
export function readDeribitName(native: string): DeribitName | undefined {
  const name = native.trim().toUpperCase();
  const option = OPTION_RE.exec(name);
  if (option) {
    const [, base, quote, date, strike, optionType] = option;
    const expiry = toYymmdd(date!);
    if (!expiry) return undefined;
    // Coin options are quoted and settled in the coin; `_USDC` options are linear in USDC.
    const settle = quote ?? base!;
    const deribitStrike = strike!.replace("D", "d");
    return {
      account: "option",
      base: base!,
      quote: quote ?? base!,
      settle,
      expiry,
      strike: deribitStrike,
      optionType: optionType as "C" | "P",
      instrument: `${base}${quote ? `_${quote}` : ""}-${date}-${deribitStrike}-${optionType}`,
    };
  }
  const future = FUTURE_RE.exec(name);
  if (future) {
    const [, base, quote, tenor] = future;
    const expiry = tenor === "PERPETUAL" ? undefined : toYymmdd(tenor!);
    if (tenor !== "PERPETUAL" && !expiry) return undefined;
    const parts: DeribitName = quote
      ? { account: "linear", base: base!, quote, settle: quote }
      : { account: "inverse", base: base!, quote: "USD", settle: base! };
    if (expiry) parts.expiry = expiry;
    return parts;
  }
  const spot = SPOT_RE.exec(name);
  if (spot) return { account: "spot", base: spot[1]!, quote: spot[2]! };
  return undefined;
}

/** The canonical symbol of an instrument name: `BTC/USD:BTC`, `BTC/USDC:USDC-241227`; options keep their name. */
export function canonicalOfDeribitName(name: DeribitName): string {
  if (name.instrument) return name.instrument;
  const parts: SymbolParts = { base: name.base, quote: name.quote };
  if (name.settle) parts.settle = name.settle;
  if (name.expiry) parts.expiry = name.expiry;
  return formatCanonical(parts);
}

/** Market and canonical symbol of a native name, by naming rules alone. */
export function describeDeribitNative(native: string): { account: Account; symbol: string } | undefined {
  const name = readDeribitName(native);
  return name ? { account: name.account, symbol: canonicalOfDeribitName(name) } : undefined;
}

/** Canonical parts (settle filled in for derivatives) → Deribit instrument name. */
export function toDeribitNative(parts: SymbolParts, account: Account): string {
  const base = parts.base.toUpperCase();
  const quote = parts.quote.toUpperCase();
  const tenor = parts.expiry ? toDeribitDate(parts.expiry) : "PERPETUAL";
  switch (account) {
    case "spot":
      return `${base}_${quote}`;
    case "inverse":
      if (quote !== "USD") {
        throw new Dig3Error("E_UNKNOWN_SYMBOL", `deribit inverse contracts are quoted in USD, not ${quote}`, {
          hint: `write BTC/USD:BTC (BTC-PERPETUAL); ${quote}-margined contracts are on --account linear`,
        });
      }
      return `${base}-${tenor}`;
    case "linear":
      return `${base}_${quote}-${tenor}`;
    case "option":
      throw new Dig3Error("E_UNKNOWN_SYMBOL", "deribit options are named by their instrument only", {
        hint: "write the instrument name, e.g. BTC-27DEC24-100000-C (see 'dig3 capabilities deribit')",
      });
  }
}

/**
 * Deribit name → canonical parts for `account`; undefined when the name belongs to another market, and for options,
 * whose strike and type do not fit canonical parts (their canonical symbol is the instrument name).
 */
export function fromDeribitNative(native: string, account: Account): SymbolParts | undefined {
  const name = readDeribitName(native);
  if (!name || name.account !== account || name.account === "option") return undefined;
  const parts: SymbolParts = { base: name.base, quote: name.quote };
  if (name.settle) parts.settle = name.settle;
  if (name.expiry) parts.expiry = name.expiry;
  return parts;
}

export const deribitSymbols: ExchangeSymbols = {
  toNative: toDeribitNative,
  fromNative: fromDeribitNative,
};
