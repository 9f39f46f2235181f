// Gate.io symbol rules: spot pairs and perpetual contracts are both `BASE_QUOTE` (`BTC_USDT`); the account tells
// them apart. USDT-settled perpetuals (linear) are `X_USDT` → `X/USDT:USDT`; BTC-settled ones (inverse, and quanto
// `ETH_USD`) are `X_USD` → `X/USD:BTC`. Used when no instrument list is at hand; the list wins when known.

import { type Account, formatCanonical, type SymbolParts } from "../../core/index.ts";
import type { ExchangeSymbols } from "../_shared/adapter.ts";

/** Settle currency of each futures account: the WebSocket path (`/v4/ws/usdt`) and REST `{settle}` in lower case. */
export const GATE_SETTLE: Readonly<Record<"linear" | "inverse", string>> = { linear: "USDT", inverse: "BTC" };

const NATIVE_RE = /^([A-Z0-9]+)_([A-Z0-9]+)$/;

/** Canonical parts → `BASE_QUOTE`. The settle is implied by the account (the socket and REST path), not the name. */
export function toGateNative(parts: SymbolParts, _account: Account): string {
  return `${parts.base}_${parts.quote}`.toUpperCase();
}

/** `BTC_USDT` → parts with the account's settle currency; undefined for anything else (`mark_BTC_USDT`, `BTCUSDT`). */
export function fromGateNative(native: string, account: Account): SymbolParts | undefined {
  const match = NATIVE_RE.exec(native.trim().toUpperCase());
  if (!match) return undefined;
  const parts: SymbolParts = { base: match[1]!, quote: match[2]! };
  if (account === "linear" || account === "inverse") parts.settle = GATE_SETTLE[account];
  else if (account !== "spot") return undefined;
  return parts;
}

/**
 * The futures account a contract name belongs to: BTC-settled contracts are quoted in USD (`BTC_USD`, `ETH_USD`),
 * USDT-settled ones in USDT. Recorded sessions (tardis) mix both on one connection; live sockets never do.
 */
export function futuresAccountOfNative(native: string): "linear" | "inverse" | undefined {
  const match = NATIVE_RE.exec(native.trim().toUpperCase());
  if (!match) return undefined;
  return match[2] === "USD" ? "inverse" : "linear";
}

/** Canonical symbol text of a native one, or undefined. */
export function canonicalOfGateNative(native: string, account: Account): string | undefined {
  const parts = fromGateNative(native, account);
  return parts ? formatCanonical(parts) : undefined;
}

export const gateioSymbols: ExchangeSymbols = {
  toNative: toGateNative,
  fromNative: fromGateNative,
};
