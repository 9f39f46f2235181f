// MEXC wire shapes: spot v3 pushes (protobuf on the wire, read here in their decoded JSON form, see proto.ts), spot
// control replies, futures (contract) JSON pushes on `/edge`, and the REST bodies of both, each with its docs page and
// one payload. Parsers read these tolerantly (values.ts), so the types say what MEXC sends, not what `parse` trusts.

// ── spot WebSocket (wss://wbs-api.mexc.com/ws) ───────────────────────────────────────────────────────────────────

/**
 * Reply to SUBSCRIPTION / UNSUBSCRIPTION / PING: `msg` echoes the channels (or `PONG`); a refused channel comes back
 * with code 0 and a "Not Subscribed successfully! [...]. Reason： Blocked!" text.
 * Docs: https://www.mexc.com/api-docs/spot-v3/websocket-market-streams (Live Subscription/Unsubscription, PING/PONG)
 * @example {"id":0,"code":0,"msg":"spot@public.aggre.deals.v3.api.pb@10ms@BTCUSDT"}
 * @example {"id":0,"code":0,"msg":"PONG"}
 */
export interface MexcSpotControlFrame {
  id: number;
  code: number;
  msg: string;
}

/**
 * One spot push (`PushDataV3ApiWrapper`) in its decoded form: the channel, the symbol, the send time (int64 → text)
 * and one body field named after the channel.
 * Docs: https://github.com/mexcdevelop/websocket-proto (PushDataV3ApiWrapper.proto)
 * @example {"channel":"spot@public.aggre.deals.v3.api.pb@10ms@BTCUSDT","symbol":"BTCUSDT","sendTime":"1782208006171","publicAggreDeals":{"deals":[{"price":"62383.56","quantity":"0.00008235","tradeType":2,"time":"1782208006167"}],"eventType":"spot@public.aggre.deals.v3.api.pb@10ms"}}
 */
export interface MexcSpotPush {
  channel: string;
  symbol?: string;
  symbolId?: string;
  createTime?: string;
  sendTime?: string;
  publicAggreDeals?: MexcSpotDealsBody;
  publicAggreDepths?: MexcSpotDepthBody;
  publicSpotKline?: MexcSpotKlineBody;
  publicAggreBookTicker?: MexcSpotBookTickerBody;
  publicMiniTicker?: MexcSpotMiniTickerBody;
}

/**
 * Trades, `spot@public.aggre.deals.v3.api.pb@(100ms|10ms)@<SYMBOL>`: the trades of the window. `tradeType` 1 = buy,
 * 2 = sell (the taker's side). `tradeId` is in the current schema; older servers leave it out.
 * Docs: https://www.mexc.com/api-docs/spot-v3/websocket-market-streams (Trade Streams)
 * @example {"deals":[{"price":"100.1","quantity":"0.2","tradeType":1,"time":"1710000000001","tradeId":"698165549569396736X0_698165549569396737X0"}],"eventType":"spot@public.aggre.deals.v3.api.pb@10ms"}
 */
export interface MexcSpotDealsBody {
  deals?: { price: string; quantity: string; tradeType: number; time: string; tradeId?: string }[];
  eventType?: string;
}

/**
 * Diff depth, `spot@public.aggre.depth.v3.api.pb@(100ms|10ms)@<SYMBOL>`: absolute quantities (0 removes) covering the
 * versions [fromVersion, toVersion]; "the fromVersion of each new push message should be exactly equal to the
 * toVersion + 1 of the previous message".
 * Docs: https://www.mexc.com/api-docs/spot-v3/websocket-market-streams/how-to-properly-maintain-a-local-copy-of-the-order-book
 * @example {"asks":[],"bids":[{"price":"61759.73","quantity":"0.0001778"}],"eventType":"spot@public.aggre.depth.v3.api.pb@10ms","fromVersion":"74891313263","toVersion":"74891313263"}
 */
export interface MexcSpotDepthBody {
  asks?: { price: string; quantity: string }[];
  bids?: { price: string; quantity: string }[];
  eventType?: string;
  fromVersion: string;
  toVersion: string;
  lastOrderCreateTime?: string;
}

/**
 * Kline, `spot@public.kline.v3.api.pb@<SYMBOL>@<Min1|Min5|…|Month1>`: the bar in progress, pushed every second.
 * Window bounds are in seconds; `volume` is base, `amount` quote. No field says the bar is final.
 * Docs: https://www.mexc.com/api-docs/spot-v3/websocket-market-streams (K-line Streams)
 * @example {"interval":"Min15","windowStart":"1736410500","openingPrice":"92925","closingPrice":"93158.47","highestPrice":"93158.47","lowestPrice":"92800","volume":"36.83803224","amount":"3424811.05","windowEnd":"1736411400"}
 */
export interface MexcSpotKlineBody {
  interval: string;
  windowStart: string;
  openingPrice: string;
  closingPrice: string;
  highestPrice: string;
  lowestPrice: string;
  volume: string;
  amount: string;
  windowEnd: string;
}

/**
 * Best bid/ask, `spot@public.aggre.bookTicker.v3.api.pb@(100ms|10ms)@<SYMBOL>`; an empty side comes as "".
 * Docs: https://www.mexc.com/api-docs/spot-v3/websocket-market-streams (Individual Symbol Book Ticker Streams)
 * @example {"bidPrice":"62383.56","bidQuantity":"0.07956651","askPrice":"62383.57","askQuantity":"0.09556"}
 */
export interface MexcSpotBookTickerBody {
  bidPrice?: string;
  bidQuantity?: string;
  askPrice?: string;
  askQuantity?: string;
}

/**
 * Rolling statistics, `spot@public.miniTicker.v3.api.pb@<SYMBOL>@<UTC zone|24H>`, every 3 s: `price` last, `rate`
 * change as a fraction, `volume` is the quote turnover and `quantity` the base volume.
 * Docs: https://www.mexc.com/api-docs/spot-v3/websocket-market-streams/miniticker
 * @example {"symbol":"MXUSDT","price":"2.5174","rate":"0.0766","zonedRate":"0.0766","high":"2.6299","low":"2.302","volume":"11336518.0264","quantity":"4638390.17","lastCloseRate":"0.0767","lastCloseZonedRate":"0.0767","lastCloseHigh":"2.6299","lastCloseLow":"2.302"}
 */
export interface MexcSpotMiniTickerBody {
  symbol?: string;
  price: string;
  rate?: string;
  zonedRate?: string;
  high?: string;
  low?: string;
  volume?: string;
  quantity?: string;
}

// ── futures WebSocket (wss://contract.mexc.com/edge) ─────────────────────────────────────────────────────────────

/**
 * Every futures message: `channel` names it (`push.deal`, `rs.sub.deal`, `pong`, `rs.error`), `data` carries it.
 * Docs: https://www.mexc.com/api-docs/futures/websocket-api
 * @example {"channel":"pong","data":1587453241453}
 * @example {"channel":"rs.sub.depth","data":"success","ts":1587442022003}
 */
export interface MexcFuturesFrame<T = unknown> {
  channel: string;
  data: T;
  symbol?: string;
  ts?: number;
}

/**
 * `push.deal` (sub.deal): one trade, or an array of them in the current compressed form. `v` in contracts, `T` 1 buy
 * 2 sell (taker), `O` open/close flag, `M` self-trade flag, `i` the trade id (newer servers).
 * Docs: https://www.mexc.com/api-docs/futures/websocket-api (Public Channels: Transaction)
 * @example {"symbol":"BTC_USDT","data":[{"p":115309.8,"v":55,"T":2,"O":3,"M":1,"t":1755487578276,"i":"13064218826"}],"channel":"push.deal","ts":1755487578276}
 */
export interface MexcFuturesDeal {
  p: number;
  v: number;
  T: 1 | 2;
  O?: number;
  M?: number;
  t: number;
  i?: string;
}

/**
 * `push.depth` (sub.depth): levels `[price, contracts, orders]`, 0 contracts removes; "each new event's version
 * should be exactly equal to the previous version + 1". Merged pushes carry `begin`..`end` = the versions covered.
 * Docs: https://www.mexc.com/api-docs/futures/websocket-api/incremental-order-book-maintenance-mechanism
 * @example {"channel":"push.depth","data":{"asks":[[6860.5,0,0]],"bids":[[6858.5,6,8]],"begin":96801931,"end":96801931,"version":96801931},"symbol":"BTC_USDT","ts":1587442022003}
 */
export interface MexcFuturesDepth {
  asks: [number, number, number][];
  bids: [number, number, number][];
  version: number;
  begin?: number;
  end?: number;
}

/**
 * `push.kline` (sub.kline): the bar in progress; `t` window start in seconds, `q` volume in contracts, `a` quote amount.
 * Docs: https://www.mexc.com/api-docs/futures/websocket-api (Public Channels: K-line)
 * @example {"channel":"push.kline","data":{"a":233.740269343644737245,"c":6885,"h":6910.5,"interval":"Min60","l":6885,"o":6894.5,"q":1611754,"symbol":"BTC_USDT","t":1587448800},"symbol":"BTC_USDT","ts":1587442022003}
 */
export interface MexcFuturesKline {
  a: number;
  c: number;
  h: number;
  l: number;
  o: number;
  q: number;
  t: number;
  interval: string;
  symbol: string;
}

/**
 * `push.ticker` (sub.ticker), once a second: last, best bid/ask, fair (mark) and index price, the current funding
 * rate, `holdVol` open interest in contracts, 24 h stats (`volume24` in contracts).
 * Docs: https://www.mexc.com/api-docs/futures/websocket-api (Public Channels: Ticker)
 * @example {"channel":"push.ticker","data":{"ask1":6866.5,"bid1":6865,"contractId":1,"fairPrice":6867.4,"fundingRate":0.0008,"high24Price":7223.5,"indexPrice":6861.6,"lastPrice":6865.5,"lower24Price":6756,"riseFallRate":-0.0424,"symbol":"BTC_USDT","timestamp":1587442022003,"holdVol":2284742,"volume24":164586129},"symbol":"BTC_USDT","ts":1587442022003}
 */
export interface MexcFuturesTicker {
  symbol: string;
  lastPrice: number;
  bid1?: number;
  ask1?: number;
  fairPrice?: number;
  indexPrice?: number;
  fundingRate?: number;
  holdVol?: number;
  volume24?: number;
  amount24?: number;
  high24Price?: number;
  lower24Price?: number;
  riseFallRate?: number;
  timestamp: number;
}

/**
 * `push.funding.rate` (sub.funding.rate): the current rate and the next settlement time.
 * Docs: https://www.mexc.com/api-docs/futures/websocket-api (Public Channels: Funding rate)
 * @example {"channel":"push.funding.rate","data":{"rate":0.0012,"symbol":"BTC_USDT","nextSettleTime":1587445200000},"symbol":"BTC_USDT","ts":1587442022503}
 */
export interface MexcFuturesFundingRate {
  rate: number;
  symbol: string;
  nextSettleTime?: number;
}

/**
 * `push.fair.price` / `push.index.price`: one price. dig3 takes the fair (mark) price from `push.ticker`, which also
 * carries the index price, so these arrive only when someone else subscribed them.
 * Docs: https://www.mexc.com/api-docs/futures/websocket-api (Public Channels: Fair price, Index price)
 * @example {"channel":"push.fair.price","data":{"price":6867.5,"symbol":"BTC_USDT"},"symbol":"BTC_USDT","ts":1587442021503}
 */
export interface MexcFuturesPrice {
  price: number;
  symbol: string;
}

// ── spot REST (https://api.mexc.com) ─────────────────────────────────────────────────────────────────────────────

/**
 * `GET /api/v3/depth?symbol=&limit=` (limit ≤ 5000): `lastUpdateId` is the version the deltas bridge to.
 * Docs: https://mexcdevelop.github.io/apidocs/spot_v3_en/#order-book
 * @example {"lastUpdateId":1112416,"bids":[["15.00000","49999.00000"]],"asks":[["14.0000","1.0000"]]}
 */
export interface MexcSpotDepthSnapshot {
  lastUpdateId: number;
  bids: [string, string][];
  asks: [string, string][];
  timestamp?: number;
}

/**
 * `GET /api/v3/trades?symbol=&limit=` (≤ 1000): `id` is null on MEXC.
 * Docs: https://mexcdevelop.github.io/apidocs/spot_v3_en/#recent-trades-list
 * @example [{"id":null,"price":"23","qty":"0.478468","quoteQty":"11.004764","time":1640830579240,"isBuyerMaker":true,"isBestMatch":true}]
 */
export interface MexcSpotRestTrade {
  id: string | number | null;
  price: string;
  qty: string;
  quoteQty?: string;
  time: number;
  isBuyerMaker: boolean;
}

/**
 * `GET /api/v3/klines?symbol=&interval=1m|5m|15m|30m|60m|4h|1d|1W|1M`: [open time, o, h, l, c, volume, close time
 * (the next bar's open), quote volume].
 * Docs: https://mexcdevelop.github.io/apidocs/spot_v3_en/#kline-candlestick-data
 * @example [1640804880000,"47482.36","47482.36","47416.57","47436.1","3.550717",1640804940000,"168387.3"]
 */
export type MexcSpotKlineRow = [number, string, string, string, string, string, number, string];

/**
 * `GET /api/v3/ticker/24hr?symbol=`: `priceChangePercent` is a fraction; `quoteVolume` may be null.
 * Docs: https://mexcdevelop.github.io/apidocs/spot_v3_en/#24hr-ticker-price-change-statistics
 * @example {"symbol":"BTCUSDT","priceChange":"184.34","priceChangePercent":"0.00400048","prevClosePrice":"46079.37","lastPrice":"46263.71","bidPrice":"46260.38","bidQty":"","askPrice":"46260.41","askQty":"","openPrice":"46079.37","highPrice":"47550.01","lowPrice":"45555.5","volume":"1732.461487","quoteVolume":null,"openTime":1641349500000,"closeTime":1641349582808,"count":null}
 */
export interface MexcSpotTicker24h {
  symbol: string;
  lastPrice: string;
  priceChangePercent?: string;
  bidPrice?: string;
  bidQty?: string;
  askPrice?: string;
  askQty?: string;
  highPrice?: string;
  lowPrice?: string;
  volume?: string;
  quoteVolume?: string | null;
  closeTime: number;
}

/**
 * `GET /api/v3/exchangeInfo`, one `symbols` row: `status` "1" online, "2" paused, "3" offline (the docs' example
 * says "ENABLED"); precisions are decimal places.
 * Docs: https://mexcdevelop.github.io/apidocs/spot_v3_en/#exchange-information
 * @example {"symbol":"TOMO3LUSDT","status":"ENABLED","baseAsset":"TOMO3L","baseAssetPrecision":2,"quoteAsset":"USDT","quotePrecision":3,"quoteAssetPrecision":3,"baseSizePrecision":"0.0001","isSpotTradingAllowed":false,"filters":[]}
 */
export interface MexcSpotSymbol {
  symbol: string;
  status: string;
  baseAsset: string;
  quoteAsset: string;
  baseAssetPrecision?: number;
  quotePrecision?: number;
  quoteAssetPrecision?: number;
}

/**
 * REST error body (HTTP 4xx).
 * Docs: https://mexcdevelop.github.io/apidocs/spot_v3_en/#error-code
 * @example {"code":-1121,"msg":"Invalid symbol."}
 */
export interface MexcSpotRestError {
  code: number;
  msg: string;
}

// ── futures REST (https://contract.mexc.com) ─────────────────────────────────────────────────────────────────────

/**
 * Every futures REST answer: `success`, `code` 0, `data`; a failure has `success: false`, a non-zero code and a
 * `message` text.
 * Docs: https://www.mexc.com/api-docs/futures/market-endpoints (Get Server Time)
 * @example {"success":true,"code":0,"data":1761875313209}
 */
export interface MexcFuturesEnvelope<T> {
  success: boolean;
  code: number;
  data?: T;
  message?: string;
}

/**
 * `GET /api/v1/contract/detail`, one contract: `state` 0 enabled, 1 delivering, 2 delivered, 3 offline, 4 paused;
 * `priceUnit` is the tick, `volUnit` the lot (in contracts of `contractSize` base).
 * Docs: https://www.mexc.com/api-docs/futures/market-endpoints/get-contract-info
 * @example {"symbol":"BTC_USDT","displayNameEn":"BTC_USDT PERPETUAL","baseCoin":"BTC","quoteCoin":"USDT","settleCoin":"USDT","contractSize":0.0001,"priceScale":1,"volScale":0,"priceUnit":0.1,"volUnit":1,"minVol":1,"maxVol":400000,"state":0,"futureType":1}
 */
export interface MexcFuturesContract {
  symbol: string;
  baseCoin: string;
  quoteCoin: string;
  settleCoin: string;
  contractSize?: number;
  priceUnit?: number;
  volUnit?: number;
  state: number;
  futureType?: number;
}

/**
 * `GET /api/v1/contract/depth/{symbol}?limit=`: `version` is the book's version ("save the version from the response
 * as localLastVersion").
 * Docs: https://www.mexc.com/api-docs/futures/market-endpoints/get-contract-order-book-depth
 * @example {"success":true,"code":0,"data":{"asks":[[108779.2,3240,1]],"bids":[[108779.1,3240,1]],"version":28111438870,"timestamp":1761879567135}}
 */
export interface MexcFuturesDepthSnapshot {
  asks: [number, number, number][];
  bids: [number, number, number][];
  version: number;
  timestamp?: number;
}

/**
 * `GET /api/v1/contract/kline/{symbol}?interval=Min1&start=&end=` (seconds, ≤ 2000 bars): one array per column.
 * Docs: https://mexcdevelop.github.io/apidocs/contract_v1_en/#k-line-data
 * @example {"success":true,"code":0,"data":{"time":[1609740600],"open":[33016.5],"close":[33040.5],"high":[33094.0],"low":[32995.0],"vol":[67332.0],"amount":[222515.85925]}}
 */
export interface MexcFuturesKlineColumns {
  time: number[];
  open: number[];
  close: number[];
  high: number[];
  low: number[];
  vol: number[];
  amount?: number[];
}

/**
 * `GET /api/v1/contract/funding_rate/history?symbol=&page_num=&page_size=` (≤ 100), newest first.
 * Docs: https://mexcdevelop.github.io/apidocs/contract_v1_en/#get-contract-funding-rate-history
 * @example {"success":true,"code":0,"data":{"pageSize":2,"totalCount":21,"totalPage":11,"currentPage":1,"resultList":[{"symbol":"BTC_USDT","fundingRate":0.000266,"settleTime":1609804800000}]}}
 */
export interface MexcFuturesFundingPage {
  resultList: { symbol: string; fundingRate: number; settleTime: number }[];
}
