// Lighter wire shapes: WebSocket frames (order_book, trade, market_stats, ticker, control) and REST bodies
// (orderBooks, orderBookDetails, orderBookOrders, recentTrades, candles, fundings), as the venue sends them.
// Docs: https://apidocs.lighter.xyz/docs/websocket-reference, https://apidocs.lighter.xyz/docs/market-data,
// SDK models: https://github.com/elliottech/lighter-python (lighter/models, lighter/api).

/** `{"price":"75300.5","size":"0.08303"}`: one aggregated level; size "0.00000" removes it in an update. */
export interface LighterLevel {
  price: string;
  size: string;
}

/**
 * `subscribed/order_book` (the whole book) then `update/order_book` (changed levels). Continuity: an update's
 * `begin_nonce` equals the previous message's `nonce`; the snapshot's `begin_nonce` is 0.
 */
export interface LighterBookFrame {
  type: "subscribed/order_book" | "update/order_book";
  channel: string; // "order_book:1"
  offset?: number;
  timestamp?: number; // ms
  last_updated_at?: number; // µs
  order_book: {
    code?: number;
    asks: LighterLevel[];
    bids: LighterLevel[];
    offset?: number;
    nonce: number;
    begin_nonce: number;
    last_updated_at?: number;
  };
}

/** One fill on `trade/{id}` (`trades` and `liquidation_trades`), and in REST `recentTrades`. */
export interface LighterTrade {
  trade_id: number;
  trade_id_str?: string;
  type?: string; // "trade" | "liquidation" | …
  market_id: number;
  size: string;
  price: string;
  usd_amount?: string;
  /** The maker sold: the taker bought. */
  is_maker_ask: boolean;
  timestamp: number; // ms
}

export interface LighterTradeFrame {
  type: "subscribed/trade" | "update/trade";
  channel: string; // "trade:1"
  nonce?: number;
  trades?: LighterTrade[];
  /** Omitted when a push carries none. */
  liquidation_trades?: LighterTrade[];
}

/** One market's stats on `market_stats/{id}` (or keyed by market id on `market_stats/all`). */
export interface LighterMarketStats {
  symbol?: string;
  market_id: number;
  index_price?: string;
  mark_price?: string;
  mid_price?: string;
  open_interest?: string;
  last_trade_price?: string;
  current_funding_rate?: string;
  funding_rate?: string;
  funding_timestamp?: number; // ms, next funding
  daily_base_token_volume?: number;
  daily_quote_token_volume?: number;
  daily_price_low?: number;
  daily_price_high?: number;
  daily_price_change?: number; // percent
}

export interface LighterMarketStatsFrame {
  type: "subscribed/market_stats" | "update/market_stats";
  channel: string; // "market_stats:1" | "market_stats:all"
  timestamp?: number;
  market_stats: LighterMarketStats | Record<string, LighterMarketStats>;
}

/** `ticker/{id}`: best bid and ask (a side may be `{}` or missing). */
export interface LighterTickerFrame {
  type: "subscribed/ticker" | "update/ticker";
  channel: string; // "ticker:1"
  timestamp?: number;
  ticker?: { s?: string; a?: Partial<LighterLevel>; b?: Partial<LighterLevel> };
}

/** REST `GET /api/v1/orderBooks`: every market, perps and spot. */
export interface LighterOrderBooksBody {
  code: number;
  order_books: {
    symbol: string; // perps "BTC"; spot "ETH/USDC"
    market_id: number;
    market_type: "perp" | "spot";
    status: "active" | "inactive";
    supported_size_decimals: number;
    supported_price_decimals: number;
    min_base_amount?: string;
  }[];
}

/** REST `GET /api/v1/orderBookDetails?market_id=`: per-market stats (last price, 24 h, open interest). */
export interface LighterOrderBookDetail {
  symbol: string;
  market_id: number;
  last_trade_price?: number | string;
  daily_price_low?: number | string;
  daily_price_high?: number | string;
  daily_price_change?: number | string;
  daily_base_token_volume?: number | string;
  daily_quote_token_volume?: number | string;
  open_interest?: number | string;
}

/** REST `GET /api/v1/orderBookOrders?market_id=&limit=`: resting orders (L3), best first. */
export interface LighterOrderBookOrdersBody {
  code: number;
  asks: { price: string; remaining_base_amount: string }[];
  bids: { price: string; remaining_base_amount: string }[];
}

/** REST `GET /api/v1/candles`: `{code, r, c:[{t,o,h,l,c,v,V,i}]}` (older `candlesticks` shape also read). */
export interface LighterCandle {
  t?: number;
  o?: number;
  h?: number;
  l?: number;
  c?: number;
  v?: number;
  V?: number;
  timestamp?: number;
  open?: number;
  high?: number;
  low?: number;
  close?: number;
  volume0?: number;
  volume1?: number;
}

/** REST `GET /api/v1/fundings`: `{code, resolution, fundings:[{timestamp, value, rate, direction}]}`, seconds. */
export interface LighterFunding {
  timestamp: number;
  rate: string;
  direction?: "long" | "short";
}
