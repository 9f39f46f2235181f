// The steady load the soak script and the memory benchmark put on dig3: venues of the simulator with two symbols
// each (and their venue names, for faults aimed at one), and the four stream kinds subscribed per symbol.

import type { StreamKind } from "../../src/core/index.ts";
import type { SimVenueId } from "./index.ts";

export const STEADY_VENUES: { venue: SimVenueId; symbols: [string, string]; natives: [string, string] }[] = [
  { venue: "binance", symbols: ["BTC/USDT", "ETH/USDT"], natives: ["BTCUSDT", "ETHUSDT"] },
  { venue: "okx", symbols: ["BTC/USDT", "ETH/USDT"], natives: ["BTC-USDT", "ETH-USDT"] },
  { venue: "kraken", symbols: ["BTC/USD", "ETH/USD"], natives: ["BTC/USD", "ETH/USD"] },
  { venue: "bybit", symbols: ["BTC/USDT", "ETH/USDT"], natives: ["BTCUSDT", "ETHUSDT"] },
  { venue: "bitfinex", symbols: ["BTC/USD", "ETH/USD"], natives: ["tBTCUSD", "tETHUSD"] },
];

export const STEADY_KINDS: { kind: StreamKind; interval?: string }[] = [
  { kind: "trade" },
  { kind: "book" },
  { kind: "ticker" },
  { kind: "kline", interval: "1m" },
];

/** The subscriptions of one simulator of the load: both symbols of `venue`, every kind. */
export function steadySpecsOf(table: (typeof STEADY_VENUES)[number]) {
  return table.symbols.flatMap((symbol) =>
    STEADY_KINDS.map((kind) => ({ exchange: table.venue, symbol, ...kind })),
  );
}
