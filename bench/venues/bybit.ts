// Bybit decode inputs: v5 `orderbook` and `publicTrade` pushes from tardis' linear and inverse sample.

import { bybit } from "../../src/exchanges/bybit/index.ts";
import type { DecodeInput } from "../decode-input.ts";
import { isBybitTopic } from "../inputs.ts";
import type { CcxtSpec } from "../peers/ccxt.ts";

const FILE = "tardis-v5-linear-inverse.ndjson";

const CCXT: CcxtSpec = {
  exchange: "bybit",
  url: "wss://stream.bybit.com/v5/public/linear",
  markets: [
    { id: "BTCUSDT", base: "BTC", quote: "USDT", settle: "USDT" },
    { id: "BTCPERP", base: "BTC", quote: "USDC", settle: "USDC" },
    { id: "LTCUSDT", base: "LTC", quote: "USDT", settle: "USDT" },
    { id: "BTCUSD", base: "BTC", quote: "USD", settle: "BTC", inverse: true },
  ],
};

export const BYBIT_INPUTS: DecodeInput[] = [
  {
    name: "bybit v5 orderbook (tardis sample)",
    venue: "bybit",
    file: FILE,
    keep: isBybitTopic("orderbook."),
    adapter: bybit,
    account: "linear",
    // tardis maps `orderbook.50` to book changes and `orderbook.1` to book tickers.
    tardis: { exchange: "bybit", normalizers: ["bookChanges", "bookTickers"] },
    ccxt: CCXT,
    ccxtNote: "ccxt also applies each update to its book",
  },
  {
    name: "bybit v5 publicTrade (tardis sample)",
    venue: "bybit",
    file: FILE,
    keep: isBybitTopic("publicTrade."),
    adapter: bybit,
    account: "linear",
    tardis: { exchange: "bybit", normalizers: ["trades"] },
    ccxt: CCXT,
  },
];
