// Kraken public REST: base URLs per market (spot `api.kraken.com`, futures `futures.kraken.com`), the shared
// request budget, the call table dispatched by account (spot/rest.ts, futures/rest.ts), and recognize() for
// recorded REST lines.

import { type Account, Dig3Error } from "../../core/index.ts";
import type { ExchangeRest, RecognizedRest, WsOptions } from "../_shared/adapter.ts";
import {
  futuresBookCall,
  futuresFundingCall,
  futuresInstrumentsCall,
  futuresKlinesCall,
  futuresOpenInterestCall,
  futuresTickerCall,
  futuresTradesCall,
  KRAKEN_FUTURES_CHARTS,
  KRAKEN_FUTURES_FUNDING,
  KRAKEN_FUTURES_V3,
} from "./futures/rest.ts";
import {
  KRAKEN_SPOT_REST_PREFIX,
  spotBookCall,
  spotInstrumentsCall,
  spotKlinesCall,
  spotTickerCall,
  spotTradesCall,
} from "./spot/rest.ts";
import { accountOfProduct, fromSpotNative, toSpotNative } from "./symbols.ts";

export type KrakenAccount = "spot" | "linear" | "inverse";

export function krakenAccountOf(account: Account): KrakenAccount {
  if (account === "spot" || account === "linear" || account === "inverse") return account;
  throw new Dig3Error("E_WIRE_ABSENT", `kraken ${account}: Kraken lists no ${account} market`, {
    hint: "use --account spot, linear (PF_ multi-collateral) or inverse (PI_ / FI_)",
  });
}

/** Kraken has no spot sandbox for market data; futures have `demo-futures.kraken.com`. */
export function krakenRestBaseUrl(account: Account, options: WsOptions): string {
  if (krakenAccountOf(account) === "spot") return "https://api.kraken.com";
  return options.testnet ? "https://demo-futures.kraken.com" : "https://futures.kraken.com";
}

function assertDerivative(account: Account, what: string): void {
  if (account === "spot") {
    throw new Dig3Error("E_WIRE_ABSENT", `kraken spot ${what}: spot has no ${what}`, {
      hint: "use --account linear or inverse",
    });
  }
}

const SPOT_CALLS: Readonly<Record<string, RecognizedRest["call"]>> = {
  AssetPairs: "instruments",
  Ticker: "ticker",
  Depth: "book",
  Trades: "trades",
  OHLC: "klines",
};

const FUTURES_CALLS: Readonly<Record<string, RecognizedRest["call"]>> = {
  instruments: "instruments",
  tickers: "ticker",
  orderbook: "book",
  history: "trades",
};

/** Which call a recorded URL was, by path alone (spot and futures paths do not overlap). */
export function recognizeKrakenUrl(url: URL): RecognizedRest | undefined {
  const path = url.pathname;
  if (path.startsWith(KRAKEN_SPOT_REST_PREFIX)) {
    const call = SPOT_CALLS[path.slice(KRAKEN_SPOT_REST_PREFIX.length)];
    if (!call) return undefined;
    const pair = url.searchParams.get("pair") ?? "";
    const parts = pair ? fromSpotNative(pair) : undefined;
    return { call, account: "spot", native: parts ? toSpotNative(parts) : pair };
  }
  const symbol = (url.searchParams.get("symbol") ?? "").toUpperCase();
  if (path.startsWith(`${KRAKEN_FUTURES_V3}/`)) {
    const call = FUTURES_CALLS[path.slice(KRAKEN_FUTURES_V3.length + 1)];
    if (!call) return undefined;
    return { call, account: accountOfProduct(symbol) ?? "linear", native: symbol };
  }
  if (path === KRAKEN_FUTURES_FUNDING) {
    return { call: "fundingHistory", account: accountOfProduct(symbol) ?? "linear", native: symbol };
  }
  const chart = new RegExp(`^${KRAKEN_FUTURES_CHARTS}/trade/([^/]+)/[^/]+$`).exec(path);
  if (chart) {
    const native = decodeURIComponent(chart[1] ?? "").toUpperCase();
    return { call: "klines", account: accountOfProduct(native) ?? "linear", native };
  }
  return undefined;
}

export const krakenRest: ExchangeRest = {
  baseUrl: krakenRestBaseUrl,
  // Spot public calls: "a frequency of 1 per second (or less) would remain within the rate limits"; futures public
  // endpoints allow more, but the contract has one budget per venue, so the stricter one applies to both.
  rateLimit: { weight: 5, perMs: 5_000 },

  instruments(account) {
    return krakenAccountOf(account) === "spot" ? spotInstrumentsCall() : futuresInstrumentsCall(account);
  },

  ticker(spec) {
    return krakenAccountOf(spec.account) === "spot" ? spotTickerCall(spec) : futuresTickerCall(spec);
  },

  book(spec, depth) {
    return krakenAccountOf(spec.account) === "spot" ? spotBookCall(spec, depth) : futuresBookCall(spec);
  },

  trades(spec, query) {
    return krakenAccountOf(spec.account) === "spot"
      ? spotTradesCall(spec, query)
      : futuresTradesCall(spec, query);
  },

  klines(spec, query) {
    return krakenAccountOf(spec.account) === "spot"
      ? spotKlinesCall(spec, query)
      : futuresKlinesCall(spec, query);
  },

  fundingHistory(spec, query) {
    assertDerivative(krakenAccountOf(spec.account), "funding");
    return futuresFundingCall(spec, query);
  },

  openInterest(spec) {
    assertDerivative(krakenAccountOf(spec.account), "open interest");
    return futuresOpenInterestCall(spec);
  },

  recognize: recognizeKrakenUrl,
};
