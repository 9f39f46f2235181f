// Bitget symbol rules: canonical <-> native for spot (`BTCUSDT`), USDT perpetuals (`BTCUSDT`), USDC perpetuals
// (`BTCPERP`), coin-margined perpetuals (`BTCUSD`) and coin-margined quarterlies (`BTCUSDZ24`); the product type
// (`instType` / `category`) of a native on an account, and the account a frame's instType names.

import { type Account, type SymbolParts, splitByQuoteSuffix } from "../../core/index.ts";
import type { ExchangeSymbols } from "../_shared/adapter.ts";

/** REST v3 `category` / v2 `instType` (upper case); the v3 socket sends the same words in lower case. */
export type BitgetCategory = "SPOT" | "USDT-FUTURES" | "COIN-FUTURES" | "USDC-FUTURES";

/** Quote coins tried, longest first, when a spot native must be split without the instrument list. */
const SPOT_QUOTES = ["USDT", "USDC", "USDE", "EUR", "BRL", "TRY", "BTC", "ETH", "BGB"] as const;

/** Futures month codes of coin-margined quarterlies (`BTCUSDZ24` = December 2024). */
const MONTH_CODES = "FGHJKMNQUVXZ";
const QUARTERLY_RE = /^([A-Z0-9]+?)USD([FGHJKMNQUVXZ])(\d{2})$/;

/** The product type of a native on an account: USDC perpetuals end in `PERP` (or `USDC`), the rest are USDT. */
export function categoryOf(native: string, account: Account): BitgetCategory {
  if (account === "spot") return "SPOT";
  if (account === "inverse") return "COIN-FUTURES";
  const upper = native.toUpperCase();
  return upper.endsWith("PERP") || upper.endsWith("USDC") ? "USDC-FUTURES" : "USDT-FUTURES";
}

/** The v3 socket's `instType` of a native on an account (`usdt-futures`). */
export function instTypeOf(native: string, account: Account): string {
  return categoryOf(native, account).toLowerCase();
}

/**
 * The account a frame's product type names: v3 `spot` / `usdt-futures` …, v2 `SPOT` / `USDT-FUTURES` …, and the
 * retired v1 `sp` / `mc` (v1 mixed USDT and coin contracts under `mc`: the native's `USD` ending tells them apart).
 */
export function accountOfInstType(instType: unknown, native: string): Account | undefined {
  if (typeof instType !== "string") return undefined;
  // The spellings the sockets send, before a lower-case copy is made (every push names its product type).
  switch (instType) {
    case "spot":
    case "SPOT":
      return "spot";
    case "usdt-futures":
    case "USDT-FUTURES":
      return "linear";
  }
  switch (instType.toLowerCase()) {
    case "spot":
    case "sp":
      return "spot";
    case "usdt-futures":
    case "usdc-futures":
      return "linear";
    case "coin-futures":
      return "inverse";
    case "mc":
      return /USD$/i.test(native) || QUARTERLY_RE.test(native.toUpperCase()) ? "inverse" : "linear";
    default:
      return undefined;
  }
}

/** A coin-margined quarterly (`BTCUSDZ24`): month and year in the name, the day only in the instrument list. */
export function isQuarterlyNative(native: string): boolean {
  return QUARTERLY_RE.test(native.toUpperCase());
}

/** Canonical parts (settle filled in for derivatives) → native. Quarterlies map to the month-code form. */
export function toBitgetNative(parts: SymbolParts, account: Account): string {
  const base = parts.base.toUpperCase();
  const quote = parts.quote.toUpperCase();
  if (account === "spot") return `${base}${quote}`;
  if (parts.expiry) {
    const month = Number(parts.expiry.slice(2, 4));
    const code = MONTH_CODES[month - 1] ?? "";
    return `${base}${quote}${code}${parts.expiry.slice(0, 2)}`;
  }
  // Bitget names its USDC-margined perpetuals `BTCPERP`.
  if (account === "linear" && quote === "USDC") return `${base}PERP`;
  return `${base}${quote}`;
}

/**
 * Native → canonical parts by Bitget's naming alone; undefined when the name is none of the account's (quarterlies
 * included: their expiry day comes only from the instrument list's `deliveryTime`).
 */
export function fromBitgetNative(native: string, account: Account): SymbolParts | undefined {
  const upper = native.trim().toUpperCase();
  if (!/^[A-Z0-9]+$/.test(upper)) return undefined;
  if (account === "spot") return splitByQuoteSuffix(upper, SPOT_QUOTES);
  if (account === "linear") {
    if (upper.endsWith("PERP") && upper.length > 4) {
      return { base: upper.slice(0, -4), quote: "USDC", settle: "USDC" };
    }
    const pair = splitByQuoteSuffix(upper, ["USDT", "USDC"]);
    return pair ? { ...pair, settle: pair.quote } : undefined;
  }
  if (account === "inverse") {
    if (isQuarterlyNative(upper)) return undefined;
    const pair = splitByQuoteSuffix(upper, ["USD"]);
    return pair ? { ...pair, settle: pair.base } : undefined;
  }
  return undefined;
}

/** A delivery time (ms) as the canonical expiry `YYMMDD` (UTC). */
export function expiryOfMs(deliveryMs: number): string {
  const date = new Date(deliveryMs);
  const two = (n: number) => String(n).padStart(2, "0");
  return `${two(date.getUTCFullYear() % 100)}${two(date.getUTCMonth() + 1)}${two(date.getUTCDate())}`;
}

export const bitgetSymbols: ExchangeSymbols = {
  toNative: toBitgetNative,
  fromNative: fromBitgetNative,
};
