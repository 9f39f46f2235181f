// Bitstamp wire shapes: WebSocket API v2 frames (one `{event, channel, data}` envelope for everything) and the public
// REST v2 bodies, each with its docs page and one real payload. Book levels and REST numbers arrive as text; trades
// carry both numbers and `_str` text. Parsers read these tolerantly (values.ts): the types say what Bitstamp sends.
//
// Docs: WebSocket API v2 https://www.bitstamp.net/websocket/v2/ ; HTTP API v2 (OpenAPI) https://www.bitstamp.net/api/ ;
// perpetuals https://www.bitstamp.net/derivatives/perpetual-futures/trading-information/

/**
 * Every frame, both ways: `event` names what it is, `channel` the subscription (`live_trades_btcusd`,
 * `diff_order_book_btcusd-perp`), `data` the payload. The market is only in the channel name (funding frames
 * also repeat it in `data.market`).
 * Docs: https://www.bitstamp.net/websocket/v2/ (Subscriptions, Channels)
 * @example {"event":"bts:subscribe","data":{"channel":"diff_order_book_btcusd"}}
 */
export interface BitstampEnvelope<T = unknown> {
  event: string;
  channel?: string;
  data?: T;
}

/**
 * Subscription acknowledgements, one per channel; unknown lower-case markets are acknowledged too and then stay silent.
 * Docs: https://www.bitstamp.net/websocket/v2/ (Subscriptions)
 * @example {"event":"bts:subscription_succeeded","channel":"diff_order_book_ethusd","data":{}}
 * @example {"event":"bts:unsubscription_succeeded","channel":"live_trades_btcusd","data":{}}
 */
export interface BitstampAckFrame {
  event: "bts:subscription_succeeded" | "bts:unsubscription_succeeded";
  channel: string;
  data: Record<string, never>;
}

/**
 * Answer to the client keep-alive `{"event":"bts:heartbeat"}`.
 * Docs: https://www.bitstamp.net/websocket/v2/ (Heartbeat)
 * @example {"event":"bts:heartbeat","channel":"","data":{"status":"success"}}
 */
export interface BitstampHeartbeatFrame {
  event: "bts:heartbeat";
  channel: "";
  data: { status: string };
}

/**
 * Maintenance notice: the server asks the client to reconnect within a few seconds.
 * Docs: https://www.bitstamp.net/websocket/v2/ (Forced reconnection)
 * @example {"event":"bts:request_reconnect","channel":"","data":null}
 */
export interface BitstampRequestReconnectFrame {
  event: "bts:request_reconnect";
  channel: "";
  data: unknown;
}

/**
 * Request error: code null for malformed requests, 4009 for an unauthorized private channel.
 * Docs: https://www.bitstamp.net/websocket/v2/ (Errors)
 * @example {"event":"bts:error","channel":"","data":{"code":null,"message":"Invalid channel provided."}}
 */
export interface BitstampErrorFrame {
  event: "bts:error";
  channel: string;
  data: { code: number | null; message: string };
}

/**
 * Live trade, channel `live_trades_<market>`, event `trade`. `type` is the taker's side: 0 buy, 1 sell. `id` can
 * exceed 2^53 on perpetuals (JSON.parse rounds it); `id_str` is then the exact id. `timestamp` is seconds on spot
 * and milliseconds on perpetuals; `microtimestamp` is microseconds on both.
 * Docs: https://www.bitstamp.net/websocket/v2/ (Live ticker)
 * @example {"data":{"id":216000477,"timestamp":"1641343699","amount":0.0792,"amount_str":"0.07920000","price":3805.44,"price_str":"3805.44","type":0,"microtimestamp":"1641343699596000","buy_order_id":1443875737346049,"sell_order_id":1443875731320832},"channel":"live_trades_ethusd","event":"trade"}
 */
export interface BitstampTradeFrame {
  event: "trade";
  channel: string;
  data: {
    id: number;
    id_str?: string;
    timestamp: string;
    microtimestamp: string;
    amount: number;
    amount_str?: string;
    price: number;
    price_str?: string;
    type: 0 | 1;
    buy_order_id: number;
    sell_order_id: number;
  };
}

/**
 * Full-depth book diff, channel `diff_order_book_<market>`, event `data`: only changed levels, amount 0 (spelled at
 * the market's size precision, `"0.00000000"`) removes one. No sequence number and no checksum: `microtimestamp`
 * orders diffs against the REST snapshot, and continuity otherwise rests on the socket.
 * Docs: https://www.bitstamp.net/websocket/v2/ (Live full order book)
 * @example {"data":{"timestamp":"1641343691","microtimestamp":"1641343691406478","bids":[["3800.71","1.76200000"],["3799.64","0.00000000"]],"asks":[]},"channel":"diff_order_book_ethusd","event":"data"}
 */
export interface BitstampDiffBookFrame {
  event: "data";
  channel: string;
  data: {
    timestamp: string;
    microtimestamp: string;
    bids: [string, string][];
    asks: [string, string][];
  };
}

/**
 * Top-100 book snapshot, channel `order_book_<market>`, event `data`, on every change. dig3 builds full depth from
 * the diff channel instead; this one is recognised and counted, not subscribed.
 * Docs: https://www.bitstamp.net/websocket/v2/ (Live order book)
 * @example {"data":{"timestamp":"1789457617","microtimestamp":"1789457617906487","bids":[["77188","0.41122"]],"asks":[["77189","0.41124"]]},"channel":"order_book_btcusd-perp","event":"data"}
 */
export type BitstampTopBookFrame = BitstampDiffBookFrame;

/**
 * Perpetuals: mark, index and the running (indicative) funding rate, channel `funding_rate_<market>`, event
 * `funding_rate_saved`, about once a second. Times in seconds; the rate is a fraction per 8 h interval.
 * Docs: https://www.bitstamp.net/websocket/v2/ (Funding rate)
 * @example {"data":{"market":"btcusd-perp","mark_price":"77186.81199586","index_price":"77177.99454545454","funding_rate":"0.000123","timestamp":"1789457618","next_funding_time":"1789459200"},"channel":"funding_rate_btcusd-perp","event":"funding_rate_saved"}
 */
export interface BitstampFundingFrame {
  event: "funding_rate_saved";
  channel: string;
  data: {
    market: string;
    mark_price: string;
    index_price: string;
    funding_rate: string;
    timestamp: string;
    next_funding_time: string;
  };
}

// ── REST ───────────────────────────────────────────────────────────────────────────────────────────────────────

/**
 * One row of `GET /api/v2/markets/` (spot and perpetual markets in one list; replaced `trading-pairs-info` in 2024).
 * `tick_size` is documented but was absent on the wire in 2026; the decimals give the grid then.
 * Docs: https://www.bitstamp.net/api/ (Markets; schema MarketSchema)
 * @example {"name":"BTC/USD","market_symbol":"btcusd","base_currency":"BTC","base_decimals":8,"counter_currency":"USD","counter_decimals":0,"minimum_order_value":"10","trading":"Enabled","instant_order_counter_decimals":2,"instant_and_market_orders":"Enabled","description":"Bitcoin / U.S. dollar","market_type":"SPOT"}
 */
export interface BitstampMarket {
  name: string;
  market_symbol: string;
  url_symbol?: string;
  base_currency: string;
  base_decimals: number;
  counter_currency: string;
  counter_decimals: number;
  trading: "Enabled" | "Disabled" | string;
  market_type?: "SPOT" | "PERPETUAL" | string;
  tick_size?: string;
  contract_size?: string;
  payoff_type?: string;
  minimum_order_value?: string;
}

/**
 * `GET /api/v2/ticker/{market}/`. Perpetual rows add mark, index and open interest (base units; value in USD).
 * A path naming no market answers the whole list (an array), not an error.
 * Docs: https://www.bitstamp.net/api/ (Ticker; schema TickerResponse)
 * @example {"timestamp":"1789455809","open":"78237","high":"79588","low":"77191","last":"77265","volume":"108.78361","vwap":"78381","bid":"77239","ask":"77240","side":"1","open_24":"77700","percent_change_24":"-0.56","market_type":"PERPETUAL","pair":"BTC/USD-PERP","market":"BTC/USD-PERP","index_price":"77224.46266666667","mark_price":"77238.10540904","open_interest":"66.98297","open_interest_value":"5173637.6974705640488"}
 */
export interface BitstampTicker {
  timestamp: string;
  last: string;
  high: string;
  low: string;
  volume: string;
  vwap?: string;
  bid: string;
  ask: string;
  open?: string;
  open_24?: string;
  percent_change_24?: string;
  market_type?: string;
  pair?: string;
  market?: string;
  mark_price?: string;
  index_price?: string;
  open_interest?: string;
  open_interest_value?: string;
}

/**
 * `GET /api/v2/order_book/{market}/` (`group=1`, the default: levels aggregated by price). The whole book, no depth
 * parameter; `microtimestamp` is the time of the book's last change. The edge may serve a copy up to ~1 s old.
 * Docs: https://www.bitstamp.net/api/ (Order book; schema OrderBookResponse)
 * @example {"timestamp":"1641343695","microtimestamp":"1641343695681418","bids":[["3802.90","0.60000000"]],"asks":[["3805.47","8.26964788"]]}
 */
export interface BitstampOrderBook {
  timestamp: string;
  microtimestamp: string;
  bids: [string, string][];
  asks: [string, string][];
}

/**
 * `GET /api/v2/transactions/{market}/?time=minute|hour|day`, newest first; `date` in seconds, `type` the taker side.
 * Docs: https://www.bitstamp.net/api/ (Transactions; schema TransactionsResponse)
 * @example {"date":"1641343721","tid":"216000506","amount":"2.73248242","price":"3800.80","type":"1"}
 */
export interface BitstampTransaction {
  date: string;
  tid: string;
  price: string;
  amount: string;
  type: string;
}

/**
 * `GET /api/v2/ohlc/{market}/?step=S&limit=N[&start|&end]`; `timestamp` is the bar's open time in seconds.
 * Docs: https://www.bitstamp.net/api/ (OHLC data; schemas OHLCDataResponseSchema, OHLCData)
 * @example {"data":{"pair":"BTC/USD","ohlc":[{"timestamp":"1505558814","open":"212.80","high":"213.50","low":"212.00","close":"213.20","volume":"1.23456789"}]}}
 */
export interface BitstampOhlcResponse {
  data: {
    pair?: string;
    market?: string;
    ohlc: { timestamp: string; open: string; high: string; low: string; close: string; volume: string }[];
  };
}

/**
 * `GET /api/v2/funding_rate_history/{market}/?limit&since_timestamp&until_timestamp` (at most 30 days back);
 * settled rates, times in seconds.
 * Docs: https://www.bitstamp.net/api/ (Funding rate history; schemas FundingRateHistorySchema, _FundingRateTick)
 * @example {"market":"BTC/USD-PERP","funding_rate_history":[{"funding_rate":"0.000127","timestamp":"1789430400"}]}
 */
export interface BitstampFundingHistory {
  market: string;
  funding_rate_history: { funding_rate: string; timestamp: string }[];
}

/**
 * REST errors: HTTP 4xx/5xx, or 200 with an error body. Rate limiting is `response_code` 400.002 / 400.067 / 400.068.
 * Docs: https://www.bitstamp.net/api/ (Response codes; schemas ErrorResponse, SimpleErrorResponse)
 * @example {"status":"error","reason":"Invalid market.","response_code":"404.007"}
 */
export interface BitstampRestError {
  status?: "error";
  reason?: unknown;
  error?: string;
  response_code?: string;
  message?: string;
}
