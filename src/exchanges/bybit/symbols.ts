// Bybit v5 symbol rules: canonical <-> native for spot (`BTCUSDT`), linear (USDT perp `BTCUSDT`, USDC perp `BTCPERP`,
// USDT futures `BTCUSDT-26DEC25`, USDC futures `BTC-26DEC25`), inverse (`BTCUSD`, futures `BTCUSDH25`) and options
// (`BTC-27DEC24-100000-C`, USDT-settled `…-C-USDT`). Used without an instrument list; the list wins when known.

import {
  type Account,
  COMMON_QUOTES,
  formatCanonical,
  type SymbolParts,
  splitByQuoteSuffix,
} from "../../core/index.ts";
import type { ExchangeSymbols } from "../_shared/adapter.ts";

/** Spot quote coins Bybit lists beyond the common ones; only a fallback, instruments-info names both coins. */
const BYBIT_EXTRA_QUOTES = ["MNT", "PLN", "KZT", "USDQ", "USDR", "XRP", "SOL"] as const;

export const BYBIT_SPOT_QUOTES: readonly string[] = [...COMMON_QUOTES, ...BYBIT_EXTRA_QUOTES];

/** Linear contracts are margined and settled in USDT or USDC. */
const LINEAR_QUOTES = ["USDT", "USDC"] as const;

const MONTHS = ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"] as const;

/** CME-style month codes of inverse futures (`BTCUSDH25` = March 2025). */
const MONTH_CODES = ["F", "G", "H", "J", "K", "M", "N", "Q", "U", "V", "X", "Z"] as const;

const DATE = "(\\d{1,2})(JAN|FEB|MAR|APR|MAY|JUN|JUL|AUG|SEP|OCT|NOV|DEC)(\\d{2})";
/** `BTC-27DEC24-100000-C`, `BTC-27MAR26-70000-P-USDT`. */
const OPTION_RE = new RegExp(`^([A-Z0-9]+)-${DATE}-(\\d+(?:\\.\\d+)?)-([CP])(?:-(USDT|USDC))?$`);
/** USDT futures `BTCUSDT-26DEC25`. */
const USDT_FUTURE_RE = new RegExp(`^([A-Z0-9]+)USDT-${DATE}$`);
/** USDC futures `BTC-26DEC25`. */
const USDC_FUTURE_RE = new RegExp(`^([A-Z0-9]+)-${DATE}$`);
/** USDC perpetual `BTCPERP`; `BTC-PERP` is the name Bybit's apps show for it. */
const USDC_PERP_RE = /^([A-Z0-9]+?)-?PERP$/;
const INVERSE_PERP_RE = /^([A-Z0-9]+)USD$/;
const INVERSE_FUTURE_RE = /^([A-Z0-9]+)USD([FGHJKMNQUVXZ])(\d{2})$/;
/** The `expiry` field of an option's parts: `YYMMDD-STRIKE-C|P`. */
const OPTION_EXPIRY_RE = /^(\d{2})(\d{2})(\d{2})-(\d+(?:\.\d+)?)-([CP])$/;
const EXPIRY_RE = /^(\d{2})(\d{2})(\d{2})$/;

/** `27`, `DEC`, `24` → `241227`. */
function expiryOf(day: string, month: string, year: string): string | undefined {
  const monthIndex = MONTHS.indexOf(month as (typeof MONTHS)[number]);
  const dayNumber = Number(day);
  if (monthIndex < 0 || dayNumber < 1 || dayNumber > 31) return undefined;
  return `${year}${String(monthIndex + 1).padStart(2, "0")}${String(dayNumber).padStart(2, "0")}`;
}

/** `241227` → `27DEC24` (Bybit writes the day without a leading zero: `3JAN23`). */
function bybitDateOf(expiry: string): string | undefined {
  const match = EXPIRY_RE.exec(expiry);
  if (!match) return undefined;
  const month = MONTHS[Number(match[2]) - 1];
  if (!month) return undefined;
  return `${Number(match[3])}${month}${match[1]}`;
}

/** Inverse futures deliver on the last Friday of their month, 08:00 UTC; `YYMMDD` of that day. */
export function lastFridayOf(year: number, monthIndex: number): string {
  const lastDay = new Date(Date.UTC(year, monthIndex + 1, 0));
  const back = (lastDay.getUTCDay() - 5 + 7) % 7;
  const day = lastDay.getUTCDate() - back;
  return `${String(year % 100).padStart(2, "0")}${String(monthIndex + 1).padStart(2, "0")}${String(day).padStart(2, "0")}`;
}

function fromLinearNative(upper: string): SymbolParts | undefined {
  const usdtFuture = USDT_FUTURE_RE.exec(upper);
  if (usdtFuture) {
    const expiry = expiryOf(usdtFuture[2]!, usdtFuture[3]!, usdtFuture[4]!);
    return expiry ? { base: usdtFuture[1]!, quote: "USDT", settle: "USDT", expiry } : undefined;
  }
  const usdcFuture = USDC_FUTURE_RE.exec(upper);
  if (usdcFuture) {
    const expiry = expiryOf(usdcFuture[2]!, usdcFuture[3]!, usdcFuture[4]!);
    return expiry ? { base: usdcFuture[1]!, quote: "USDC", settle: "USDC", expiry } : undefined;
  }
  const usdcPerp = USDC_PERP_RE.exec(upper);
  if (usdcPerp) return { base: usdcPerp[1]!, quote: "USDC", settle: "USDC" };
  if (upper.includes("-")) return undefined;
  const pair = splitByQuoteSuffix(upper, LINEAR_QUOTES);
  return pair ? { ...pair, settle: pair.quote } : undefined;
}

function fromInverseNative(upper: string): SymbolParts | undefined {
  const future = INVERSE_FUTURE_RE.exec(upper);
  if (future) {
    const monthIndex = MONTH_CODES.indexOf(future[2] as (typeof MONTH_CODES)[number]);
    const expiry = lastFridayOf(2000 + Number(future[3]), monthIndex);
    return { base: future[1]!, quote: "USD", settle: future[1]!, expiry };
  }
  const perp = INVERSE_PERP_RE.exec(upper);
  return perp ? { base: perp[1]!, quote: "USD", settle: perp[1]! } : undefined;
}

function fromOptionNative(upper: string): SymbolParts | undefined {
  const option = OPTION_RE.exec(upper);
  if (!option) return undefined;
  const date = expiryOf(option[2]!, option[3]!, option[4]!);
  if (!date) return undefined;
  const settle = option[7] ?? "USDC";
  // Canonical parts have no strike or type field: they ride in `expiry`, giving `BTC/USDC:USDC-241227-100000-C`.
  return { base: option[1]!, quote: settle, settle, expiry: `${date}-${option[5]}-${option[6]}` };
}

/** Bybit native → canonical parts, by naming rules alone; undefined when the name does not fit the account. */
export function fromBybitNative(native: string, account: Account): SymbolParts | undefined {
  const upper = native.trim().toUpperCase();
  if (upper.length === 0) return undefined;
  switch (account) {
    case "spot":
      return upper.includes("-") ? undefined : splitByQuoteSuffix(upper, BYBIT_SPOT_QUOTES);
    case "linear":
      return fromLinearNative(upper);
    case "inverse":
      return fromInverseNative(upper);
    case "option":
      return fromOptionNative(upper);
  }
}

/** Canonical parts (settle already filled in for derivatives) → Bybit native symbol. */
export function toBybitNative(parts: SymbolParts, account: Account): string {
  const base = parts.base.toUpperCase();
  const quote = parts.quote.toUpperCase();
  if (account === "option") {
    const option = parts.expiry ? OPTION_EXPIRY_RE.exec(parts.expiry) : null;
    if (!option) return `${base}${quote}`;
    const date = bybitDateOf(`${option[1]}${option[2]}${option[3]}`);
    const settle = (parts.settle ?? quote).toUpperCase();
    return `${base}-${date}-${option[4]}-${option[5]}${settle === "USDT" ? "-USDT" : ""}`;
  }
  const date = parts.expiry ? bybitDateOf(parts.expiry) : undefined;
  if (account === "inverse" && parts.expiry) {
    const match = EXPIRY_RE.exec(parts.expiry);
    const code = match ? MONTH_CODES[Number(match[2]) - 1] : undefined;
    if (match && code) return `${base}${quote}${code}${match[1]}`;
  }
  if (account === "linear") {
    if (date) return quote === "USDC" ? `${base}-${date}` : `${base}${quote}-${date}`;
    if (quote === "USDC") return `${base}PERP`;
  }
  return `${base}${quote}`;
}

/** Canonical symbol text of a native one, or undefined (the hub then falls back to the instrument list). */
export function canonicalOfNative(native: string, account: Account): string | undefined {
  const parts = fromBybitNative(native, account);
  return parts ? formatCanonical(parts) : undefined;
}

export const bybitSymbols: ExchangeSymbols = {
  toNative: toBybitNative,
  fromNative: fromBybitNative,
};
