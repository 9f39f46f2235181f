// HyperLiquid coin names ↔ canonical symbols. Perpetuals are named by their coin (`BTC`, `kPEPE`) and settle in
// USDC: `BTC` ↔ `BTC/USDC:USDC`. Spot pairs are `PURR/USDC` (the first pair) or `@{index}` (every later pair), which
// only spotMeta resolves: `@107` ↔ `HYPE/USDC` comes from the instrument list. Builder-deployed (HIP-3) perpetuals are
// `dex:COIN` (`xyz:XYZ100`); their collateral is per dex, so they keep that name as their symbol.
// Docs: https://hyperliquid.gitbook.io/hyperliquid-docs/for-developers/api/asset-ids

import type { Account, SymbolParts } from "../../core/index.ts";
import type { ExchangeSymbols } from "../_shared/adapter.ts";

/** Perpetuals are margined and settled in USDC. */
export const HYPERLIQUID_PERP_QUOTE = "USDC";

const COIN_RE = /^[A-Za-z0-9]+$/;
const SPOT_PAIR_RE = /^([A-Za-z0-9]+)\/([A-Za-z0-9]+)$/;
const SPOT_INDEX_RE = /^@\d+$/;
const BUILDER_RE = /^[a-z0-9]+:[A-Za-z0-9]+$/;

/** Which market a coin name belongs to: `@…` and `X/Y` are spot; plain coins and `dex:COIN` are perpetuals. */
export function marketOfCoin(coin: string): Account | undefined {
  if (SPOT_INDEX_RE.test(coin) || SPOT_PAIR_RE.test(coin)) return "spot";
  if (COIN_RE.test(coin) || BUILDER_RE.test(coin)) return "linear";
  return undefined;
}

export function isBuilderPerp(coin: string): boolean {
  return BUILDER_RE.test(coin);
}

/** Canonical parts → coin. Spot gives `BASE/QUOTE`, right only for `PURR/USDC`: other pairs need the instrument list. */
export function toHyperliquidNative(parts: SymbolParts, account: Account): string {
  if (account === "spot") return `${parts.base}/${parts.quote}`;
  return parts.base;
}

/**
 * Coin → canonical parts by the naming rules: perpetual coins upper-cased (`kPEPE` → `KPEPE/USDC:USDC`, so that
 * canonical input, which is upper-cased, finds them), `PURR/USDC` spot. `@{index}` and HIP-3 names need more than
 * the name and give undefined.
 */
export function fromHyperliquidNative(native: string, account: Account): SymbolParts | undefined {
  if (account === "spot") {
    const pair = SPOT_PAIR_RE.exec(native);
    return pair ? { base: pair[1]!.toUpperCase(), quote: pair[2]!.toUpperCase() } : undefined;
  }
  if (account !== "linear" || !COIN_RE.test(native)) return undefined;
  return { base: native.toUpperCase(), quote: HYPERLIQUID_PERP_QUOTE, settle: HYPERLIQUID_PERP_QUOTE };
}

export const hyperliquidSymbols: ExchangeSymbols = {
  toNative: toHyperliquidNative,
  fromNative: fromHyperliquidNative,
};
