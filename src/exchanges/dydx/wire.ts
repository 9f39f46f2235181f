// dYdX v4 indexer wire shapes (WebSocket envelopes and channel contents, REST bodies), as the docs publish them.
// Docs: https://docs.dydx.exchange/api_integration-indexer/indexer_websocket (channels, envelopes, rate limits),
// https://docs.dydx.exchange/api_integration-indexer/indexer_api (REST), https://docs.dydx.exchange/guides/how_to_uncross_orderbook

/** Every server frame: `connected`, `subscribed`, `unsubscribed`, `channel_data`, `channel_batch_data`, `error`. */
export interface DydxEnvelope {
  type: string;
  connection_id?: string;
  /** Per connection, increasing over every channel: the docs' logical clock for uncrossing the book. */
  message_id?: number;
  channel?: string;
  /** Market ticker (`BTC-USD`), `BTC-USD/1MIN` for candles; absent for v4_markets. */
  id?: string;
  version?: string;
  contents?: unknown;
  message?: string;
}

/** `subscribed` v4_orderbook: the full book as `{price, size}` objects. */
export interface DydxBookSnapshot {
  bids?: { price: string; size: string }[];
  asks?: { price: string; size: string }[];
}

/** `channel_data` v4_orderbook: changed levels `[price, size]`, size "0" removes. */
export interface DydxBookUpdate {
  bids?: [string, string][];
  asks?: [string, string][];
}

export interface DydxTrade {
  id: string;
  side: "BUY" | "SELL";
  size: string;
  price: string;
  /** LIMIT, MARKET, LIQUIDATED, DELEVERAGED. */
  type?: string;
  createdAt: string;
}

export interface DydxCandle {
  startedAt: string;
  ticker: string;
  resolution: string;
  low: string;
  high: string;
  open: string;
  close: string;
  baseTokenVolume: string;
  usdVolume: string;
  trades: number;
  startingOpenInterest?: string;
}

/** One market of `/perpetualMarkets` and of the v4_markets snapshot (`trading` updates carry a subset). */
export interface DydxPerpetualMarket {
  ticker: string;
  status?: string;
  oraclePrice?: string;
  priceChange24H?: string;
  volume24H?: string;
  trades24H?: number;
  nextFundingRate?: string;
  openInterest?: string;
  tickSize?: string;
  stepSize?: string;
}

/** v4_markets `oraclePrices` entries. */
export interface DydxOraclePrice {
  oraclePrice: string;
  effectiveAt?: string;
}

/** `/historicalFunding/{market}` rows. */
export interface DydxHistoricalFunding {
  ticker: string;
  rate: string;
  price: string;
  effectiveAt: string;
  effectiveAtHeight?: string;
}
