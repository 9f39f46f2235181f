// The venue registry: the only list of exchanges, one line each. Everything else finds a venue through it.

import { Dig3Error } from "../core/index.ts";
import type { ExchangeAdapter } from "./_shared/adapter.ts";
import { binance } from "./binance/index.ts";
import { bingx } from "./bingx/index.ts";
import { bitfinex } from "./bitfinex/index.ts";
import { bitget } from "./bitget/index.ts";
import { bitstamp } from "./bitstamp/index.ts";
import { bybit } from "./bybit/index.ts";
import { coinbase } from "./coinbase/index.ts";
import { cryptocom } from "./cryptocom/index.ts";
import { deribit } from "./deribit/index.ts";
import { dydx } from "./dydx/index.ts";
import { gateio } from "./gateio/index.ts";
import { htx } from "./htx/index.ts";
import { hyperliquid } from "./hyperliquid/index.ts";
import { kraken } from "./kraken/index.ts";
import { kucoin } from "./kucoin/index.ts";
import { lighter } from "./lighter/index.ts";
import { mexc } from "./mexc/index.ts";
import { okx } from "./okx/index.ts";

export const EXCHANGES = [
  binance,
  bingx,
  bitfinex,
  bitget,
  bitstamp,
  bybit,
  coinbase,
  cryptocom,
  deribit,
  dydx,
  gateio,
  htx,
  hyperliquid,
  kraken,
  kucoin,
  lighter,
  mexc,
  okx,
] as const satisfies readonly ExchangeAdapter[];

/** Ids of every registered venue, in registry order. */
export function exchangeIds(): string[] {
  return EXCHANGES.map((adapter) => adapter.id);
}

/** The adapter for an id (case-insensitive); throws E_UNKNOWN_EXCHANGE with the known ids as a hint. */
export function findExchange(id: string): ExchangeAdapter {
  const wanted = id.trim().toLowerCase();
  const adapter = EXCHANGES.find((candidate) => candidate.id === wanted);
  if (!adapter) {
    throw new Dig3Error("E_UNKNOWN_EXCHANGE", `unknown exchange '${id}'`, {
      hint: `use one of: ${exchangeIds().join(", ")}`,
    });
  }
  return adapter;
}
