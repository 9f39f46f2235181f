// Bybit v5 wire shapes: public WebSocket frames (one socket per category: spot, linear, inverse, option) and the
// /v5/market REST bodies, each with its docs page and one payload. Numbers arrive as text, times as numbers or text;
// parsers read them tolerantly (values.ts), so the types say what Bybit sends, not what `parse` trusts.

// ── WebSocket: control ─────────────────────────────────────────────────────────────────────────────────────────

/**
 * Reply to `{"op":"subscribe"|"unsubscribe","args":[…],"req_id"?}` on spot, linear and inverse (`ret_msg` is
 * `"subscribe"` on spot, `""` on derivatives). A refused request has `success: false` and the reason in `ret_msg`
 * (spot: `"args size >10"`). Docs: https://bybit-exchange.github.io/docs/v5/ws/connect (Understanding the
 * Subscription Response, Public channel - Args limits)
 * @example {"success":true,"ret_msg":"subscribe","conn_id":"2324d924-aa4d-45b0-a858-7b8be29ab52b","req_id":"10001","op":"subscribe"}
 * @example {"success":false,"ret_msg":"error:handler not found,topic:orderbook.7.BTCUSDT","conn_id":"c1","req_id":"3","op":"subscribe"}
 */
export interface BybitOpReplyFrame {
  success: boolean;
  ret_msg: string;
  conn_id?: string;
  req_id?: string;
  op: "subscribe" | "unsubscribe" | "ping" | "auth" | string;
}

/**
 * Reply to a subscribe on the option socket: the topics that were taken and the ones refused.
 * Docs: https://bybit-exchange.github.io/docs/v5/ws/connect (Understanding the Subscription Response, Option)
 * @example {"success":true,"conn_id":"aa01fbfffe80af37-00000001-000b37b9-7147f432704fd28c-00e1c172","data":{"failTopics":[],"successTopics":["orderbook.100.BTC-6JAN23-18000-C"]},"type":"COMMAND_RESP"}
 */
export interface BybitCommandRespFrame {
  success: boolean;
  conn_id?: string;
  ret_msg?: string;
  type: "COMMAND_RESP";
  data?: { failTopics?: string[]; successTopics?: string[] };
}

/**
 * Pong to the client's `{"req_id":"100001","op":"ping"}`, sent every 20 s. Spot and linear/inverse answer with an
 * op reply (`op: "ping"`, `ret_msg: "pong"`); the option socket with `op: "pong"`.
 * Docs: https://bybit-exchange.github.io/docs/v5/ws/connect (How to Send the Heartbeat Packet)
 * @example {"success":true,"ret_msg":"pong","conn_id":"0970e817-426e-429a-a679-ff7f55e0b16a","op":"ping"}
 * @example {"args":["1672916271846"],"op":"pong"}
 */
export type BybitPongFrame = BybitOpReplyFrame | { op: "pong"; args?: string[]; req_id?: string };

/** Every public data frame: a topic, a type and the payload. */
export interface BybitTopicFrame<T> {
  topic: string;
  type: "snapshot" | "delta";
  /** Time the system generated the data, ms. */
  ts: number;
  data: T;
  /** Option frames carry a message id. */
  id?: string;
  /** Matching-engine time (orderbook), ms. */
  cts?: number;
  /** Cross sequence (tickers). */
  cs?: number;
}

// ── WebSocket: data ────────────────────────────────────────────────────────────────────────────────────────────

/**
 * Public trades, `publicTrade.{symbol}` (options subscribe by base coin: `publicTrade.BTC`). `S` is the taker's side;
 * `i` the trade id (a UUID on derivatives, digits on spot); `BT` marks a block trade.
 * Docs: https://bybit-exchange.github.io/docs/v5/websocket/public/trade
 * @example {"topic":"publicTrade.BTCUSDT","type":"snapshot","ts":1672304486868,"data":[{"T":1672304486865,"s":"BTCUSDT","S":"Buy","v":"0.001","p":"16578.50","L":"PlusTick","i":"20f43950-d8dd-5b31-9112-a178eb6023af","BT":false}]}
 */
export type BybitTradeFrame = BybitTopicFrame<BybitTradeRow[]>;

export interface BybitTradeRow {
  T: number;
  s: string;
  S: "Buy" | "Sell";
  v: string;
  p: string;
  i: string;
  L?: string;
  BT?: boolean;
  seq?: number;
}

/**
 * Order book, `orderbook.{depth}.{symbol}`: a `snapshot` (on subscribe, after a service restart with `u` = 1, and
 * whenever Bybit re-sends one) then `delta`s of changed levels, size "0" removing one. `u` is the update id of the
 * topic, in sequence; `seq` the cross sequence (absent on options). Depths: linear/inverse 1, 50, 200, 1000;
 * spot 1, 50, 200, 1000; option 25, 100. Level 1 sends snapshots only.
 * Docs: https://bybit-exchange.github.io/docs/v5/websocket/public/orderbook
 * @example {"topic":"orderbook.50.BTCPERP","type":"delta","ts":1680673821651,"data":{"s":"BTCPERP","b":[["28555.20","0.677"]],"a":[["28555.30","0.029"]],"u":20683569,"seq":10916156553}}
 */
export type BybitOrderbookFrame = BybitTopicFrame<{
  s: string;
  b: [string, string][];
  a: [string, string][];
  u: number;
  seq?: number;
}>;

/**
 * Kline, `kline.{interval}.{symbol}` with interval `1 3 5 15 30 60 120 240 360 720 D W M`; `confirm` marks the final
 * update of a bar. Volume is in contracts on inverse (USD) and `turnover` then in the base coin.
 * Docs: https://bybit-exchange.github.io/docs/v5/websocket/public/kline
 * @example {"topic":"kline.5.BTCUSDT","data":[{"start":1672324800000,"end":1672325099999,"interval":"5","open":"16649.5","close":"16677","high":"16677","low":"16608","volume":"2.081","turnover":"34666.4005","confirm":false,"timestamp":1672324988882}],"ts":1672324988882,"type":"snapshot"}
 */
export type BybitKlineFrame = BybitTopicFrame<BybitKlineRow[]>;

export interface BybitKlineRow {
  start: number;
  end: number;
  interval: string;
  open: string;
  close: string;
  high: string;
  low: string;
  volume: string;
  turnover: string;
  confirm: boolean;
  timestamp: number;
}

/**
 * Ticker, `tickers.{symbol}`. Linear/inverse: a snapshot, then deltas that carry only the fields that changed ("If a
 * response param is not found in the message, then its value has not changed"), so a reader merges per symbol.
 * Spot (no best bid/ask) and options send snapshots. Dated contracts send `fundingRate: ""`. `price24hPcnt` is a
 * fraction (0.0233 = 2.33 %).
 * Docs: https://bybit-exchange.github.io/docs/v5/websocket/public/ticker
 * @example {"topic":"tickers.BTCUSD","type":"delta","data":{"symbol":"BTCUSD","price24hPcnt":"0.023362","openInterest":"449736674","fundingRate":"0.0001","bid1Price":"28560.00","bid1Size":"340549","ask1Price":"28560.50","ask1Size":"70817"},"cs":20856433603,"ts":1680673822776}
 * @example {"topic":"tickers.BTCUSDT","ts":1673853746003,"type":"snapshot","cs":2588407389,"data":{"symbol":"BTCUSDT","lastPrice":"21109.77","highPrice24h":"21426.99","lowPrice24h":"20575","prevPrice24h":"20704.93","volume24h":"6780.866843","turnover24h":"141946527.22907118","price24hPcnt":"0.0196","usdIndexPrice":"21120.2400136"}}
 */
export type BybitTickerFrame = BybitTopicFrame<BybitTickerData>;

export interface BybitTickerData {
  symbol: string;
  lastPrice?: string;
  highPrice24h?: string;
  lowPrice24h?: string;
  prevPrice24h?: string;
  volume24h?: string;
  turnover24h?: string;
  price24hPcnt?: string;
  /** Derivatives and REST. */
  bid1Price?: string;
  bid1Size?: string;
  ask1Price?: string;
  ask1Size?: string;
  /** Option socket names. */
  bidPrice?: string;
  bidSize?: string;
  askPrice?: string;
  askSize?: string;
  change24h?: string;
  markPrice?: string;
  indexPrice?: string;
  openInterest?: string;
  openInterestValue?: string;
  fundingRate?: string;
  nextFundingTime?: string;
}

/**
 * Liquidations, `allLiquidation.{symbol}` (USDT, USDC and inverse contracts, every liquidation, pushed every 500 ms).
 * `S` is the side of the liquidated position ("When you receive a Buy update, this means that a long position has
 * been liquidated"), `p` the bankruptcy price, `v` the executed size.
 * Docs: https://bybit-exchange.github.io/docs/v5/websocket/public/all-liquidation
 * @example {"topic":"allLiquidation.ROSEUSDT","type":"snapshot","ts":1739502303204,"data":[{"T":1739502302929,"s":"ROSEUSDT","S":"Sell","v":"20000","p":"0.04499"}]}
 */
export type BybitAllLiquidationFrame = BybitTopicFrame<
  Array<{ T: number; s: string; S: string; v: string; p: string }>
>;

/**
 * The deprecated `liquidation.{symbol}` topic (at most one liquidation per second per symbol), replaced by
 * `allLiquidation`. Parsed because recordings hold it; dig3 subscribes to `allLiquidation`.
 * Docs: https://bybit-exchange.github.io/docs/v5/websocket/public/liquidation
 * @example {"topic":"liquidation.XRPUSD","type":"snapshot","ts":1680673944093,"data":{"updatedTime":1680673944093,"symbol":"XRPUSD","side":"Sell","size":"6949","price":"0.5149"}}
 */
export type BybitLiquidationFrame = BybitTopicFrame<{
  updatedTime: number;
  symbol: string;
  side: string;
  size: string;
  price: string;
}>;

// ── REST ───────────────────────────────────────────────────────────────────────────────────────────────────────

/**
 * Every /v5 response: `retCode` 0 is success; errors also come with HTTP 200 (`10001` params error, `10006` too many
 * visits). Over the IP limit (600 requests per 5 s) the answer is HTTP 403 "access too frequent".
 * Docs: https://bybit-exchange.github.io/docs/v5/error, https://bybit-exchange.github.io/docs/v5/rate-limit
 * @example {"retCode":10001,"retMsg":"params error: symbol invalid","result":{},"retExtInfo":{},"time":1672053548579}
 */
export interface BybitRestEnvelope<T> {
  retCode: number;
  retMsg: string;
  result: T;
  retExtInfo?: unknown;
  time: number;
}

/**
 * `GET /v5/market/instruments-info?category=…`: linear/inverse/spot list `Trading` symbols by default (linear pages
 * past 500 rows; `limit` up to 1000); option lists one base coin (BTC unless `baseCoin` is given).
 * Docs: https://bybit-exchange.github.io/docs/v5/market/instrument
 * @example {"symbol":"BTCUSDT","contractType":"LinearPerpetual","status":"Trading","baseCoin":"BTC","quoteCoin":"USDT","launchTime":"1585526400000","deliveryTime":"0","priceScale":"2","priceFilter":{"minPrice":"0.10","maxPrice":"1999999.80","tickSize":"0.10"},"lotSizeFilter":{"maxOrderQty":"1190.000","minOrderQty":"0.001","qtyStep":"0.001"},"settleCoin":"USDT"}
 * @example {"symbol":"BTCUSDT","baseCoin":"BTC","quoteCoin":"USDT","status":"Trading","lotSizeFilter":{"basePrecision":"0.000001","quotePrecision":"0.0000001"},"priceFilter":{"tickSize":"0.1"}}
 */
export interface BybitInstrument {
  symbol: string;
  status: string;
  baseCoin: string;
  quoteCoin: string;
  settleCoin?: string;
  contractType?: string;
  optionsType?: string;
  deliveryTime?: string;
  priceFilter?: { tickSize?: string };
  lotSizeFilter?: { qtyStep?: string; basePrecision?: string };
}

/**
 * `GET /v5/market/tickers?category=…&symbol=…`: `result.list` of ticker rows (REST names `bid1Price` on every category).
 * Docs: https://bybit-exchange.github.io/docs/v5/market/tickers
 * @example {"category":"spot","list":[{"symbol":"BTCUSDT","bid1Price":"20517.96","bid1Size":"2","ask1Price":"20527.77","ask1Size":"1.862172","lastPrice":"20533.13","prevPrice24h":"20393.48","price24hPcnt":"0.0068","highPrice24h":"21128.12","lowPrice24h":"20318.89","turnover24h":"243765620.65899866","volume24h":"11801.27771","usdIndexPrice":"20784.12009279"}]}
 */
export interface BybitTickersResult {
  category: string;
  list: BybitTickerData[];
}

/**
 * `GET /v5/market/orderbook`: a snapshot; `limit` per side spot 1–200, linear/inverse 1–500, option 1–25. Its `u`
 * belongs to the socket's 200-level (spot) or 500-level (contracts) stream, so it cannot bridge other depths.
 * Docs: https://bybit-exchange.github.io/docs/v5/market/orderbook
 * @example {"s":"BTCUSDT","a":[["65557.7","16.606555"]],"b":[["65485.47","47.081829"]],"ts":1716863719031,"u":230704,"seq":1432604333,"cts":1716863718905}
 */
export interface BybitOrderbookResult {
  s: string;
  b: [string, string][];
  a: [string, string][];
  ts: number;
  u: number;
  seq?: number;
  cts?: number;
}

/**
 * `GET /v5/market/recent-trade`: newest first; `limit` spot 1–60, others 1–1000. `side` is the taker's side.
 * Docs: https://bybit-exchange.github.io/docs/v5/market/recent-trade
 * @example {"execId":"2100000000007764263","symbol":"BTCUSDT","price":"16618.49","size":"0.00012","side":"Buy","time":"1672052955758","isBlockTrade":false}
 */
export interface BybitRestTrade {
  execId: string;
  symbol: string;
  price: string;
  size: string;
  side: "Buy" | "Sell";
  time: string;
  isBlockTrade?: boolean;
}

/**
 * `GET /v5/market/kline` row: [startTime, open, high, low, close, volume, turnover], newest first; spot, linear and
 * inverse only (no option klines).
 * Docs: https://bybit-exchange.github.io/docs/v5/market/kline
 * @example ["1670608800000","17071","17073","17027","17055.5","268611","15.74462667"]
 */
export type BybitKlineRestRow = [
  startTimeMs: string,
  open: string,
  high: string,
  low: string,
  close: string,
  volume: string,
  turnover: string,
];

/**
 * `GET /v5/market/funding/history` (linear and inverse perpetuals), newest first, `limit` 1–200. "Passing only
 * `startTime` returns an error."
 * Docs: https://bybit-exchange.github.io/docs/v5/market/history-fund-rate
 * @example {"symbol":"ETHPERP","fundingRate":"0.0001","fundingRateTimestamp":"1672041600000"}
 */
export interface BybitFundingRow {
  symbol: string;
  fundingRate: string;
  fundingRateTimestamp: string;
}

/**
 * `GET /v5/market/open-interest?intervalTime=5min` (linear and inverse), newest first. Linear counts the base coin,
 * inverse counts contracts (USD).
 * Docs: https://bybit-exchange.github.io/docs/v5/market/open-interest
 * @example {"openInterest":"461134384.00000000","timestamp":"1669571400000"}
 */
export interface BybitOpenInterestRow {
  openInterest: string;
  timestamp: string;
}
