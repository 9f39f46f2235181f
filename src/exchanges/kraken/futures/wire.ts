// Kraken Futures wire shapes: WebSocket v1 (`wss://futures.kraken.com/ws/v1`) public feeds and the public REST
// bodies (`/derivatives/api/v3/…`, `/api/charts/v1/…`, `/derivatives/api/v4/historicalfundingrates`), each with its
// docs page and one payload. Numbers are JSON numbers throughout; product ids are upper case on the socket.

/**
 * Control replies: `info` on connect, `subscribed` / `unsubscribed` (or `…_failed`) per product, `error`, `alert`.
 * Docs: https://docs.kraken.com/api/docs/futures-api/websocket/book (Response Success / Response Error)
 * @example {"event":"info","version":1}
 * @example {"event":"subscribed","feed":"book","product_ids":["PI_XRPUSD"]}
 * @example {"event":"error","message":"Invalid product id"}
 */
export interface KrakenFuturesEventFrame {
  event:
    | "info"
    | "subscribed"
    | "subscribed_failed"
    | "unsubscribed"
    | "unsubscribed_failed"
    | "error"
    | "alert";
  feed?: string;
  product_ids?: string[];
  message?: string;
  version?: number;
}

/**
 * Heartbeat feed (only when subscribed; dig3 keeps the socket alive with protocol pings instead).
 * Docs: https://docs.kraken.com/api/docs/futures-api/websocket/heartbeat
 * @example {"feed":"heartbeat","time":1534262350627}
 */
export interface KrakenFuturesHeartbeatFrame {
  feed: "heartbeat";
  time: number;
}

/**
 * `book_snapshot`: the whole book with the product's message sequence number `seq`; `tickSize` is always null.
 * Docs: https://docs.kraken.com/api/docs/futures-api/websocket/book
 * @example {"feed":"book_snapshot","product_id":"PI_XRPUSD","timestamp":1626994927035,"seq":3456139,"tickSize":null,"bids":[{"price":0.5881,"qty":320.0}],"asks":[{"price":0.5888,"qty":1000.0}]}
 */
export interface KrakenFuturesBookSnapshotFrame {
  feed: "book_snapshot";
  product_id: string;
  timestamp: number;
  seq: number;
  tickSize: null;
  bids: { price: number; qty: number }[];
  asks: { price: number; qty: number }[];
}

/**
 * `book` delta: one level per message, `seq` one more than the previous message of the product; qty 0 removes.
 * Docs: https://docs.kraken.com/api/docs/futures-api/websocket/book
 * @example {"feed":"book","product_id":"FI_ETHUSD_211231","side":"sell","seq":2198964,"price":2033.8,"qty":5000.0,"timestamp":1626994927762}
 */
export interface KrakenFuturesBookFrame {
  feed: "book";
  product_id: string;
  side: "buy" | "sell";
  seq: number;
  price: number;
  qty: number;
  timestamp: number;
}

/**
 * One trade: `side` is the taker's; `type` fill | liquidation | termination | block; `uid` is the id REST
 * history uses too. `trade_snapshot` carries recent trades, newest first.
 * Docs: https://docs.kraken.com/api/docs/futures-api/websocket/trade
 * @example {"feed":"trade","product_id":"PI_XRPUSD","uid":"3ee209b8-bc9f-4ed5-965b-8c6208b26411","side":"sell","type":"liquidation","seq":41799,"time":1593561965283,"qty":12000,"price":0.1736}
 */
export interface KrakenFuturesTrade {
  feed: "trade";
  product_id: string;
  uid: string;
  side: "buy" | "sell";
  type: "fill" | "liquidation" | "termination" | "block";
  seq: number;
  time: number;
  qty: number;
  price: number;
}

/**
 * Docs: https://docs.kraken.com/api/docs/futures-api/websocket/trade (Response Snapshot)
 * @example {"feed":"trade_snapshot","product_id":"PF_XBTUSD","trades":[{"feed":"trade","product_id":"PF_XBTUSD","uid":"caa9c653-420b-4c24-a9f1-462a054d86f1","side":"sell","type":"fill","seq":655508,"time":1612269657781,"qty":440,"price":34893}]}
 */
export interface KrakenFuturesTradeSnapshotFrame {
  feed: "trade_snapshot";
  product_id: string;
  trades: KrakenFuturesTrade[];
}

/**
 * `ticker`, published every second with all fields. Funding fields are perpetuals only and "If zero, field is not
 * populated"; `funding_rate` is absolute (quote per contract), `relative_funding_rate` the fraction of the price.
 * `next_funding_rate_time` is documented as "time until" but arrives as an epoch ms.
 * Docs: https://docs.kraken.com/api/docs/futures-api/websocket/ticker
 * @example {"time":1680307198986,"product_id":"PI_BCHUSD","funding_rate":-1.26108093245e-7,"funding_rate_prediction":-1.43435165757e-7,"relative_funding_rate":-0.000015670191666667,"relative_funding_rate_prediction":-0.000017773051388889,"next_funding_rate_time":1680307200000,"feed":"ticker","bid":123.8,"ask":123.9,"bid_size":30410.0,"ask_size":1000.0,"volume":66303.0,"dtm":0,"leverage":"25x","index":123.91,"premium":-0.0,"last":123.8,"change":1.4754098360655776,"suspended":false,"tag":"perpetual","pair":"BCH:USD","openInterest":488789.0,"markPrice":123.86,"maturityTime":0,"post_only":false,"volumeQuote":8213443.7}
 */
export interface KrakenFuturesTickerFrame {
  feed: "ticker";
  product_id: string;
  time: number;
  bid?: number;
  ask?: number;
  bid_size?: number;
  ask_size?: number;
  volume?: number;
  volumeQuote?: number;
  last?: number;
  change?: number;
  index?: number;
  markPrice?: number;
  openInterest?: number;
  funding_rate?: number;
  relative_funding_rate?: number;
  next_funding_rate_time?: number;
  tag?: "perpetual" | "month" | "quarter" | string;
  suspended?: boolean;
}

/**
 * `ticker_lite` (throttled to 1 s; no time, no last price). dig3 subscribes `ticker`; this one is read when met.
 * Docs: https://docs.kraken.com/api/docs/futures-api/websocket/ticker_lite
 * @example {"feed":"ticker_lite","product_id":"PI_XRPUSD","bid":0.5881,"ask":0.5888,"change":4.086665492337493,"premium":-0.0,"volume":3562602.0,"tag":"perpetual","pair":"XRP:USD","dtm":0,"maturityTime":0}
 */
export interface KrakenFuturesTickerLiteFrame {
  feed: "ticker_lite";
  product_id: string;
  bid?: number;
  ask?: number;
  change?: number;
  volume?: number;
}

// ── REST (https://futures.kraken.com) ──────────────────────────────────────────────────────────────────────────

/**
 * `GET /derivatives/api/v3/instruments`: every contract and index; `tradeable` false for indices and expired ones.
 * Docs: https://docs.kraken.com/api/docs/futures-api/trading/get-instruments
 * @example {"result":"success","instruments":[{"symbol":"PF_XBTUSD","type":"flexible_futures","tradeable":true,"tickSize":1,"contractSize":1,"contractValueTradePrecision":4,"base":"BTC","quote":"USD","pair":"BTC:USD"},{"symbol":"PI_XBTUSD","type":"futures_inverse","underlying":"rr_xbtusd","tradeable":true,"tickSize":0.5,"contractSize":1,"contractValueTradePrecision":0}]}
 */
export interface KrakenFuturesInstrument {
  symbol: string;
  type: string;
  tradeable: boolean;
  tickSize?: number;
  contractSize?: number;
  contractValueTradePrecision?: number;
  base?: string;
  quote?: string;
  lastTradingTime?: string;
}

/**
 * `GET /derivatives/api/v3/tickers`: all products; `fundingRate` absolute, no relative rate here.
 * Docs: https://docs.kraken.com/api/docs/futures-api/trading/get-tickers
 * @example {"result":"success","serverTime":"2022-06-17T11:00:31.335Z","tickers":[{"tag":"perpetual","pair":"XBT:USD","symbol":"PF_XBTUSD","markPrice":20000.5,"bid":20000,"bidSize":1.2,"ask":20001,"askSize":0.8,"vol24h":1523.1,"volumeQuote":30462000,"openInterest":2500.5,"open24h":19500,"indexPrice":20001.2,"last":20000.5,"lastTime":"2022-06-17T11:00:30.000Z","lastSize":0.01,"suspended":false,"fundingRate":0.000002,"fundingRatePrediction":0.0000018,"postOnly":false}]}
 */
export interface KrakenFuturesRestTicker {
  symbol: string;
  last?: number;
  lastTime?: string;
  bid?: number;
  bidSize?: number;
  ask?: number;
  askSize?: number;
  vol24h?: number;
  volumeQuote?: number;
  open24h?: number;
  high24h?: number;
  low24h?: number;
  markPrice?: number;
  indexPrice?: number;
  openInterest?: number;
  fundingRate?: number;
}

/**
 * `GET /derivatives/api/v3/orderbook?symbol=PF_XBTUSD`: the whole book, rows [price, size], no sequence number.
 * Docs: https://docs.kraken.com/api/docs/futures-api/trading/get-orderbook
 * @example {"result":"success","serverTime":"2020-08-27T17:03:33.196Z","orderBook":{"bids":[[40178,5],[40174,4.2]],"asks":[[40186,5.0183],[40190,0.4183]]}}
 */
export interface KrakenFuturesRestOrderbook {
  orderBook: { bids: [number, number][]; asks: [number, number][] };
  serverTime?: string;
}

/**
 * `GET /derivatives/api/v3/history?symbol=PF_XBTUSD`: the last 100 trades, newest first.
 * Docs: https://docs.kraken.com/api/docs/futures-api/trading/get-history
 * @example {"result":"success","history":[{"time":"2019-02-14T09:25:33.920Z","trade_id":100,"price":3574,"size":100,"side":"buy","type":"fill","uid":"3ee209b8-bc9f-4ed5-965b-8c6208b26411"}]}
 */
export interface KrakenFuturesRestTrade {
  time: string;
  trade_id?: number;
  uid?: string;
  price: number;
  size: number;
  side: "buy" | "sell";
  type?: string;
}

/**
 * `GET /api/charts/v1/{trade|mark|spot}/{symbol}/{resolution}?from=S&to=S`: resolutions 1m 5m 15m 30m 1h 4h 12h
 * 1d 1w; `from`/`to` in seconds, `time` in ms; prices as text.
 * Docs: https://docs.kraken.com/api/docs/futures-api/charts/candles
 * @example {"candles":[{"time":1680000000000,"open":"28000.5","high":"28010.0","low":"27990.0","close":"28005.0","volume":"12.5"}],"more_candles":false}
 */
export interface KrakenFuturesCandle {
  time: number;
  open: string;
  high: string;
  low: string;
  close: string;
  volume: string | number;
}

/**
 * `GET /derivatives/api/v4/historicalfundingrates?symbol=PF_XBTUSD`: every hourly rate since listing, oldest first.
 * Docs: https://docs.kraken.com/api/docs/futures-api/trading/historical-funding-rates
 * @example {"rates":[{"timestamp":"2022-06-28T00:00:00.000Z","fundingRate":-8.15861558e-10,"relativeFundingRate":-1.6898883333333e-5}]}
 */
export interface KrakenFuturesFundingRate {
  timestamp: string;
  fundingRate: number;
  relativeFundingRate: number;
}

/**
 * Error body of any futures REST call.
 * @example {"result":"error","serverTime":"2016-02-25T09:45:53.818Z","error":"apiLimitExceeded"}
 */
export interface KrakenFuturesRestError {
  result: "error";
  error: string;
}
