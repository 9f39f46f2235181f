// Deribit API v2 wire shapes: JSON-RPC 2.0 envelopes, subscription notifications (book, trades, ticker, chart) and
// the REST results (`GET /api/v2/public/<method>`), each with its docs page and one real payload. Numbers are JSON
// numbers; parsers still read them tolerantly (values.ts), so the types say what Deribit sends, not what is trusted.

/**
 * Every request is JSON-RPC 2.0; the answer carries the request's `id` and `result`, plus Deribit's timing fields.
 * `public/subscribe` and `public/unsubscribe` answer with the channels now (un)subscribed; `public/set_heartbeat`
 * with `"ok"`; `public/test` with `{ version }`.
 * Docs: https://docs.deribit.com/api-reference/subscription-management/public-subscribe,
 * https://docs.deribit.com/api-reference/session-management/public-set_heartbeat,
 * https://docs.deribit.com/api-reference/supporting/public-test
 * @example (channel list trimmed) {"jsonrpc":"2.0","id":0,"result":["trades.ETH-30JUL21-2800-C.raw","book.ETH-30JUL21-2800-C.raw"],"usIn":1626993723846980,"usOut":1626993723847561,"usDiff":581,"testnet":false}
 * @example {"jsonrpc":"2.0","id":1569,"result":"ok"}
 * @example {"jsonrpc":"2.0","id":8212,"result":{"version":"1.2.26"}}
 */
export interface DeribitRpcResult<T = unknown> {
  jsonrpc: "2.0";
  id?: number | string;
  result: T;
  usIn?: number;
  usOut?: number;
  usDiff?: number;
  testnet?: boolean;
}

/**
 * A failed request (over the socket and over REST, where it comes with HTTP 400). Codes: 10028 too_many_requests,
 * 10040 retry, 11051 system_maintenance, 13028 temporarily_unavailable, 13888 timed_out, -32602 invalid params.
 * Docs: https://docs.deribit.com/articles/errors
 * @example {"jsonrpc":"2.0","error":{"code":13009,"message":"invalid_token","data":{"reason":"token has expired","param":"access_token"}},"usIn":1704153600000000,"usOut":1704153600001234,"usDiff":1234,"id":42}
 */
export interface DeribitRpcError {
  jsonrpc: "2.0";
  id?: number | string;
  error: { code: number; message: string; data?: { reason?: string; param?: string } };
}

/**
 * Server heartbeat after `public/set_heartbeat`: `test_request` must be answered with a `public/test` request or
 * the server closes the connection; `heartbeat` needs no answer.
 * Docs: https://docs.deribit.com/api-reference/session-management/public-set_heartbeat
 * @example {"jsonrpc":"2.0","method":"heartbeat","params":{"type":"test_request"}}
 */
export interface DeribitHeartbeatFrame {
  jsonrpc: "2.0";
  method: "heartbeat";
  params: { type: "test_request" | "heartbeat" };
}

/**
 * Every subscription notification: a request without `id`, `method: "subscription"`, the channel and its data.
 * Docs: https://docs.deribit.com/articles/notifications
 * @example {"jsonrpc":"2.0","method":"subscription","params":{"channel":"deribit_price_index.btc_usd","data":{"timestamp":1535098298227,"price":6521.17,"index_name":"btc_usd"}}}
 */
export interface DeribitNotification<T = unknown> {
  jsonrpc: "2.0";
  method: "subscription";
  params: { channel: string; data: T };
}

/** One book change: `["new" | "change" | "delete", price, amount]`; the snapshot sends every level as `new`. */
export type DeribitBookChange = ["new" | "change" | "delete", number, number];

/**
 * `book.{instrument_name}.{interval}`: "The first notification will contain the whole book … After that there will
 * only be information about changes to individual price levels. … Each notification will contain a change_id field,
 * and each message except for the first one will contain a field prev_change_id. If prev_change_id is equal to the
 * change_id of the previous message, this means that no messages have been missed." Amounts: USD for perpetuals and
 * inverse futures, base coin for options and linear contracts. `type` was added in 2021; older frames lack it.
 * Docs: https://docs.deribit.com/subscriptions/orderbook/bookinstrument_nameinterval
 * @example {"jsonrpc":"2.0","method":"subscription","params":{"channel":"book.BTC-24SEP21-8000-P.raw","data":{"type":"change","timestamp":1626993724318,"prev_change_id":33195894164,"instrument_name":"BTC-24SEP21-8000-P","change_id":33195894355,"bids":[],"asks":[["new",0.001,2.6]]}}}
 */
export interface DeribitBookData {
  type?: "snapshot" | "change";
  timestamp: number;
  instrument_name: string;
  change_id: number;
  prev_change_id?: number;
  bids: DeribitBookChange[];
  asks: DeribitBookChange[];
}

/**
 * `trades.{instrument_name}.{interval}`: an array of trades; `direction` is the taker's. `liquidation` (only on
 * trades a liquidation caused): "M" when the maker side was under liquidation, "T" the taker side, "MT" both.
 * `amount`: USD for perpetuals and inverse futures, base coin for options and linear contracts.
 * Docs: https://docs.deribit.com/subscriptions/trades/tradesinstrument_nameinterval,
 * https://docs.deribit.com/api-reference/market-data/public-get_last_trades_by_instrument
 * @example {"jsonrpc":"2.0","method":"subscription","params":{"channel":"trades.BTC-PERPETUAL.raw","data":[{"trade_seq":40781986,"trade_id":"66460463","timestamp":1584058044032,"tick_direction":3,"price":4469.5,"liquidation":"T","instrument_name":"BTC-PERPETUAL","index_price":4805.41,"direction":"sell","amount":1120}]}}
 */
export interface DeribitTradeData {
  trade_seq: number;
  trade_id: string;
  timestamp: number;
  tick_direction: number;
  price: number;
  mark_price?: number;
  index_price?: number;
  iv?: number;
  instrument_name: string;
  direction: "buy" | "sell";
  amount: number;
  contracts?: number;
  liquidation?: "M" | "T" | "MT";
  block_trade_id?: string;
  combo_id?: string;
}

/**
 * `ticker.{instrument_name}.{interval}` (and the `public/ticker` result): quote, 24 h stats, mark and index price,
 * open interest; perpetuals add `current_funding` and `funding_8h`; options add IVs and greeks. `stats.price_change`
 * is in percent; `stats.volume` in the base coin, `volume_usd` in USD, `volume_notional` in the quote currency.
 * Docs: https://docs.deribit.com/subscriptions/market-data/tickerinstrument_nameinterval,
 * https://docs.deribit.com/api-reference/market-data/public-ticker
 * @example {"jsonrpc":"2.0","method":"subscription","params":{"channel":"ticker.BTC-PERPETUAL.raw","data":{"timestamp":1564617604229,"stats":{"volume":24618.46215298,"low":9569.5,"high":10131.5},"state":"open","settlement_price":9743.97,"open_interest":66128281,"min_price":9942.76,"max_price":10245.58,"mark_price":10094.1,"last_price":10095.5,"instrument_name":"BTC-PERPETUAL","index_price":10091.15,"funding_8h":0.00016281,"current_funding":0.0,"best_bid_price":10095.0,"best_bid_amount":7000.0,"best_ask_price":10095.5,"best_ask_amount":250.0}}}
 */
export interface DeribitTickerData {
  timestamp: number;
  instrument_name: string;
  state?: string;
  last_price?: number | null;
  best_bid_price?: number | null;
  best_bid_amount?: number | null;
  best_ask_price?: number | null;
  best_ask_amount?: number | null;
  mark_price?: number;
  index_price?: number;
  open_interest?: number;
  current_funding?: number;
  funding_8h?: number;
  settlement_price?: number;
  estimated_delivery_price?: number | string;
  underlying_price?: number;
  mark_iv?: number;
  greeks?: { delta: number; gamma: number; vega: number; theta: number; rho: number };
  stats?: {
    high?: number | null;
    low?: number | null;
    volume?: number | null;
    volume_usd?: number | null;
    volume_notional?: number | null;
    price_change?: number | null;
  };
}

/**
 * `chart.trades.{instrument_name}.{resolution}`: the candle in progress, sent many times per period; a period without
 * trades gets a filling sample. Resolutions: 1 3 5 10 15 30 60 120 180 360 720 (minutes) and 1D. `volume` is in the
 * base coin, `cost` in the quote currency. The notification carries no instrument name: the channel does.
 * Docs: https://docs.deribit.com/subscriptions/market-data/charttradesinstrument_nameresolution
 * @example {"jsonrpc":"2.0","method":"subscription","params":{"channel":"chart.trades.BTC-PERPETUAL.1","data":{"volume":0.05219351,"tick":1573645080000,"open":8869.79,"low":8788.25,"high":8870.31,"cost":460,"close":8791.25}}}
 */
export interface DeribitChartData {
  tick: number;
  open: number;
  high: number;
  low: number;
  close: number;
  volume: number;
  cost: number;
}

/**
 * `public/get_instruments?currency=any&kind=future|option|spot`: `instrument_type` is `reversed` (inverse,
 * coin-settled) or `linear`; `min_trade_amount` is the lot; `state` `open` while it trades.
 * Docs: https://docs.deribit.com/api-reference/market-data/public-get_instruments
 * @example {"tick_size":0.5,"tick_size_steps":[],"taker_commission":0.0005,"settlement_period":"perpetual","settlement_currency":"BTC","quote_currency":"USD","price_index":"btc_usd","min_trade_amount":10,"max_liquidation_commission":0.0075,"max_leverage":50,"maker_commission":0,"kind":"future","is_active":true,"instrument_name":"BTC-PERPETUAL","instrument_id":124972,"instrument_type":"reversed","expiration_timestamp":32503708800000,"creation_timestamp":1534167754000,"counter_currency":"USD","contract_size":10,"base_currency":"BTC","state":"open"}
 */
export interface DeribitInstrumentRow {
  instrument_name: string;
  kind: "future" | "option" | "spot" | "future_combo" | "option_combo";
  instrument_type?: "reversed" | "linear";
  base_currency: string;
  quote_currency: string;
  counter_currency?: string;
  settlement_currency?: string;
  settlement_period?: string;
  expiration_timestamp?: number;
  tick_size: number;
  min_trade_amount: number;
  contract_size?: number;
  is_active: boolean;
  state?: string;
  option_type?: "call" | "put";
  strike?: number;
}

/**
 * `public/get_order_book?instrument_name=…&depth=N` (N one of 1, 5, 10, 20, 50, 100, 1000, 10000): levels are
 * `[price, amount]`, best first, with the book's `change_id` (the same counter the socket's book channel chains on).
 * Docs: https://docs.deribit.com/api-reference/market-data/public-get_order_book
 * @example {"timestamp":1550757626706,"stats":{"volume":93.35589552,"price_change":0.6913,"low":3940.75,"high":3976.25},"state":"open","settlement_price":3925.85,"open_interest":45.27600333464605,"min_price":3932.22,"max_price":3971.74,"mark_price":3931.97,"last_price":3955.75,"instrument_name":"BTC-PERPETUAL","index_price":3910.46,"funding_8h":0.00455263,"current_funding":0.00500063,"change_id":474988,"bids":[[3955.75,30],[3940.75,102020],[3423,42840]],"best_bid_price":3955.75,"best_bid_amount":30,"best_ask_price":0,"best_ask_amount":0,"asks":[]}
 */
export interface DeribitOrderBookResult {
  timestamp: number;
  instrument_name: string;
  change_id: number;
  bids: [number, number][];
  asks: [number, number][];
}

/**
 * `public/get_last_trades_by_instrument?instrument_name=…&count=N&sorting=desc`: up to 1000 trades and `has_more`.
 * Docs: https://docs.deribit.com/api-reference/market-data/public-get_last_trades_by_instrument (the example is the
 * docs' get_last_trades_by_currency answer, the same result shape)
 * @example {"trades":[{"trade_seq":3471,"trade_id":"48077291","timestamp":1590470616101,"tick_direction":2,"price":0.032,"mark_price":0.04070324,"iv":74.74,"instrument_name":"BTC-25SEP20-6000-P","index_price":8899.93,"direction":"sell","amount":0.5}],"has_more":true}
 */
export interface DeribitLastTradesResult {
  trades: DeribitTradeData[];
  has_more: boolean;
}

/**
 * `public/get_tradingview_chart_data?instrument_name=…&resolution=…&start_timestamp=…&end_timestamp=…`: column arrays,
 * `ticks` the open times; `status` `ok` or `no_data`.
 * Docs: https://docs.deribit.com/api-reference/market-data/public-get_tradingview_chart_data
 * @example {"volume":[19.007942601,20.095877981],"ticks":[1554373800000,1554377400000],"status":"ok","open":[4963.42,4986.29],"low":[4728.94,4726.6],"high":[5185.45,5250.87],"cost":[95992,100094],"close":[4986.29,4960.43]}
 */
export interface DeribitChartResult {
  status: "ok" | "no_data";
  ticks: number[];
  open: number[];
  high: number[];
  low: number[];
  close: number[];
  volume: number[];
  cost: number[];
}

/**
 * `public/get_funding_rate_history?instrument_name=…&start_timestamp=…&end_timestamp=…`: hourly rows (perpetuals).
 * Docs: https://docs.deribit.com/api-reference/market-data/public-get_funding_rate_history
 * @example {"timestamp":1569891600000,"index_price":8222.87,"prev_index_price":8305.72,"interest_8h":-0.00009234,"interest_1h":-0.000004231}
 */
export interface DeribitFundingRow {
  timestamp: number;
  index_price: number;
  prev_index_price: number;
  interest_8h: number;
  interest_1h: number;
}

/**
 * `public/get_book_summary_by_instrument?instrument_name=…`: one row with open interest (same units as amounts).
 * Docs: https://docs.deribit.com/api-reference/market-data/public-get_book_summary_by_instrument
 * @example {"volume":0.55,"underlying_price":121.38,"underlying_index":"index_price","quote_currency":"USD","price_change":-26.7793594,"open_interest":0.55,"mid_price":0.2444,"mark_price":80,"low":0.34,"last":0.34,"interest_rate":0.207,"instrument_name":"ETH-22FEB19-140-P","high":0.34,"creation_timestamp":1550227952163,"bid_price":0.1488,"base_currency":"ETH","ask_price":0.34}
 */
export interface DeribitBookSummaryRow {
  instrument_name: string;
  open_interest: number;
  mark_price?: number;
  creation_timestamp: number;
}
