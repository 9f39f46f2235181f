// Kraken wire shapes, by market: spot WebSocket v2 + REST (spot/wire.ts) and Futures WebSocket v1 + REST
// (futures/wire.ts). This file lists the documentation the adapter is built from and re-exports both.

/**
 * Documentation the Kraken adapter follows (Kraken API Center):
 * - Spot WebSocket v2: https://docs.kraken.com/api/docs/websocket-v2/book, …/trade, …/ticker, …/ohlc, …/ping,
 *   …/heartbeat, …/status; endpoints and v1/v2 differences: https://docs.kraken.com/exchange/api-reference/spot-websocket
 * - Spot book checksum (v2): https://docs.kraken.com/api/docs/guides/spot-ws-book-v2
 *   (v1, same algorithm on quoted values: https://docs.kraken.com/api/docs/guides/spot-ws-book-v1)
 * - Spot REST: https://docs.kraken.com/api/docs/rest-api/get-tradable-asset-pairs, …/get-ticker-information,
 *   …/get-order-book, …/get-recent-trades, …/get-ohlc-data; limits:
 *   https://support.kraken.com/articles/206548367-what-are-the-api-rate-limits
 * - Futures WebSocket v1: https://docs.kraken.com/api/docs/futures-api/websocket/book, …/trade, …/ticker,
 *   …/ticker_lite, …/heartbeat; keep-alive: https://docs.kraken.com/exchange/api-reference/futures-websocket
 * - Futures REST: https://docs.kraken.com/api/docs/futures-api/trading/get-instruments, …/get-tickers,
 *   …/get-orderbook, …/get-history; charts: https://docs.kraken.com/api-reference/candles/market-candles;
 *   funding: https://docs.kraken.com/api/docs/futures-api/trading/historical-funding-rates
 */
export const KRAKEN_DOCS = "https://docs.kraken.com/api/";

export type * from "./futures/wire.ts";
export type * from "./spot/wire.ts";
