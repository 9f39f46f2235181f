// KuCoin wire shapes (classic spot and futures public API): the socket token, the socket envelope and control frames,
// each public channel's payload, and the REST bodies, each with its docs page and one real payload. Spot sends
// numbers as text; futures mixes numbers and text. Parsers read them tolerantly (values.ts).

// ── socket token and envelope ─────────────────────────────────────────────────────────────────────────────────

/**
 * `POST /api/v1/bullet-public` on the spot host (api.kucoin.com) or the futures host (api-futures.kucoin.com), before
 * every connect: "if you subscribe to futures data, you need to obtain tokens through the futures base URL, which
 * cannot be mixed". The socket is `{endpoint}?token={token}&connectId={id}`; "the token is valid for only 24 hours".
 * Docs: https://www.kucoin.com/docs-new/websocket-api/base-info/introduction,
 * https://www.kucoin.com/docs-new/websocket-api/base-info/get-public-token-spot-margin
 * @example {"code":"200000","data":{"token":"2neAiuYvAU61ZDXANAGAsiL4-iAExhsBXZxftpOeh_55i3Ysy2q2LEsEWU64mdzUOPusi34M_wGoSf7iNyEWJ4aBZXpWhrmY9jKtqkdWoFa75w3istPvPtiYB9J6i9GjsxUuhPw3BlrzazF6ghq4L_u0MhKxG3x8TeN4aVbNiYo=.mvnekBb8DJegZIgYLs2FBQ==","instanceServers":[{"endpoint":"wss://ws-api-spot.kucoin.com/","encrypt":true,"protocol":"websocket","pingInterval":18000,"pingTimeout":10000}]}}
 */
export interface KucoinBulletBody {
  code: string;
  data: {
    token: string;
    instanceServers: {
      endpoint: string;
      encrypt: boolean;
      protocol: string;
      pingInterval: number;
      pingTimeout: number;
    }[];
  };
}

/**
 * Client → server: subscribe / unsubscribe (`response: true` asks for an ack) and the keep-alive ping. One topic
 * takes up to 100 symbols joined by commas.
 * Docs: https://www.kucoin.com/docs-new/websocket-api/base-info/introduction
 * @example {"id":1545910660739,"type":"subscribe","topic":"/market/level2:BTC-USDT","privateChannel":false,"response":true}
 * @example {"id":"1545910590801","type":"ping"}
 */
export interface KucoinRequestFrame {
  id: number | string;
  type: "subscribe" | "unsubscribe" | "ping";
  topic?: string;
  privateChannel?: boolean;
  response?: boolean;
}

/**
 * Server control frames: `welcome` on connect (its id is the connectId), `ack` per subscribe, `pong` per ping (futures
 * adds a `timestamp`), `error` with a numeric code ("401 token is invalid", "404 topic does not exist", "509 exceed max
 * subscription count limitation of 300 per session", "400 ping timeout").
 * Docs: https://www.kucoin.com/docs-new/error-code/websocket
 * @example {"id":"hQvf8jkno","type":"welcome"}
 * @example {"id":"1545910660739","type":"ack"}
 * @example {"id":"1545910590801","type":"pong"}
 * @example {"id":"1","type":"error","code":404,"data":"topic /market/xyz:BTC-USDT is not found"}
 */
export interface KucoinControlFrame {
  id?: string;
  type: "welcome" | "ack" | "pong" | "error" | "notice" | "command";
  code?: number | string;
  data?: unknown;
  timestamp?: number;
}

/**
 * Every data frame: `topic` (channel + symbol), `subject` (what kind of payload), `data`. Futures add `sn`.
 * @example {"topic":"/market/ticker:BTC-USDT","type":"message","subject":"trade.ticker","data":{}}
 */
export interface KucoinMessageFrame<T = unknown> {
  type: "message";
  topic: string;
  subject: string;
  sn?: number;
  data: T;
}

// ── spot channels ─────────────────────────────────────────────────────────────────────────────────────────────

/**
 * `/market/match:{symbol}` (subject `trade.l3match`): one taker fill; `side` is the taker's. `time` is in ns as text.
 * Today `tradeId` equals `sequence`; 2021 sessions carried hex trade ids.
 * Docs: https://www.kucoin.com/docs-new/3470072w0
 * @example {"topic":"/market/match:BTC-USDT","type":"message","subject":"trade.l3match","data":{"makerOrderId":"671b5007389355000701b1d3","price":"67523","sequence":"11067996711960577","side":"buy","size":"0.003","symbol":"BTC-USDT","takerOrderId":"671b50161777ff00074c168d","time":"1729843222921000000","tradeId":"11067996711960577","type":"match"}}
 */
export interface KucoinSpotMatch {
  symbol: string;
  sequence: string;
  side: "buy" | "sell";
  price: string;
  size: string;
  tradeId: string;
  takerOrderId: string;
  makerOrderId: string;
  time: string;
  type: "match";
}

/**
 * `/market/level2:{symbol}` (subject `trade.l2update`): every change carries its own sequence; the message covers
 * `sequenceStart`..`sequenceEnd`, and the next one starts at `sequenceEnd + 1`. Sizes are absolute, 0 removes the
 * price, and a change with price "0" only advances the sequence. 2021 frames have no `time`.
 * Docs: https://www.kucoin.com/docs-new/3470068w0
 * @example {"topic":"/market/level2:BTC-USDT","type":"message","subject":"trade.l2update","data":{"changes":{"asks":[["67993.3","1.21427407","14701689783"]],"bids":[]},"sequenceEnd":14701689783,"sequenceStart":14701689783,"symbol":"BTC-USDT","time":1729816425625}}
 */
export interface KucoinSpotLevel2 {
  changes: { asks: [string, string, string][]; bids: [string, string, string][] };
  sequenceStart: number;
  sequenceEnd: number;
  symbol: string;
  time?: number;
}

/**
 * `/market/candles:{symbol}_{type}` (subjects `trade.candles.update`, and `trade.candles.add` when a bar opens):
 * `[start (s), open, close, high, low, volume, turnover]`; `time` in ns. No bar is ever marked final.
 * Docs: https://www.kucoin.com/docs-new/3470071w0
 * @example {"topic":"/market/candles:BTC-USDT_1hour","type":"message","subject":"trade.candles.update","data":{"symbol":"BTC-USDT","candles":["1729839600","67644.9","67437.6","67724.8","67243.8","44.88321441","3027558.991928447"],"time":1729842192785164840}}
 */
export interface KucoinSpotCandles {
  symbol: string;
  candles: [string, string, string, string, string, string, string];
  time: number;
}

/**
 * `/market/ticker:{symbol}` (subject `trade.ticker`): last trade and best bid/ask with sizes, pushed on change.
 * Docs: https://www.kucoin.com/docs-new/3470063w0
 * @example {"topic":"/market/ticker:BTC-USDT","type":"message","subject":"trade.ticker","data":{"sequence":"1545896668986","price":"0.08","size":"0.011","bestAsk":"0.08","bestAskSize":"0.18","bestBid":"0.049","bestBidSize":"0.036","time":1704873323416}}
 */
export interface KucoinSpotTicker {
  sequence: string;
  price: string;
  size: string;
  bestAsk: string;
  bestAskSize: string;
  bestBid: string;
  bestBidSize: string;
  time: number;
}

// ── futures channels ──────────────────────────────────────────────────────────────────────────────────────────

/**
 * `/contractMarket/execution:{symbol}` (subject `match`): one taker fill; size in contracts (lots); `ts` in ns.
 * Docs: https://www.kucoin.com/docs-new/3470084w0
 * @example {"topic":"/contractMarket/execution:XBTUSDTM","type":"message","subject":"match","sn":1794100537695,"data":{"symbol":"XBTUSDTM","sequence":1794100537695,"side":"buy","size":2,"price":"90503.9","takerOrderId":"247822202957807616","makerOrderId":"247822167163555840","tradeId":"1794100537695","ts":1731898619520000000}}
 */
export interface KucoinFuturesExecution {
  symbol: string;
  sequence: number;
  side: "buy" | "sell";
  size: number;
  price: string;
  takerOrderId: string;
  makerOrderId: string;
  tradeId: string;
  ts: number;
}

/**
 * `/contractMarket/level2:{symbol}` (subject `level2`): ONE change per message, `"price,side,size"`; sequences follow
 * each other by one. Size 0 removes the price.
 * Docs: https://www.kucoin.com/docs-new/3470082w0
 * @example {"topic":"/contractMarket/level2:XBTUSDTM","type":"message","subject":"level2","sn":1709400450243,"data":{"sequence":1709400450243,"change":"90631.2,sell,2","timestamp":1731897467182}}
 */
export interface KucoinFuturesLevel2 {
  sequence: number;
  change: string;
  timestamp: number;
}

/**
 * `/contractMarket/limitCandle:{symbol}_{type}` (subject `candle.stick`): `[start (s), open, close, high, low,
 * volume, amount]`; the docs warn that `volume` "is incorrect, please do not use it", so the contracts count is read
 * from the last place. `time` in ms.
 * Docs: https://www.kucoin.com/docs-new/3470086w0
 * @example {"topic":"/contractMarket/limitCandle:XBTUSDTM_1min","type":"message","data":{"symbol":"XBTUSDTM","candles":["1731898200","90638.6","90638.6","90638.6","90638.6","21.0","21"],"time":1731898208357},"subject":"candle.stick"}
 */
export interface KucoinFuturesCandles {
  symbol: string;
  candles: [string, string, string, string, string, string, string];
  time: number;
}

/**
 * `/contractMarket/tickerV2:{symbol}` (subject `tickerV2`): best bid/ask with sizes on every change of the top of
 * the book; no last price. `ts` in ns. The docs recommend it over Ticker V1 ("It is recommended to use the new topic
 * for timely information").
 * Docs: https://www.kucoin.com/docs-new (Classic WebSocket › Futures › Public Channels › Ticker V2, beside Ticker V1
 * https://www.kucoin.com/docs-new/3470081w0); the example is a recorded frame (tardis-node, 2024).
 * @example {"topic":"/contractMarket/tickerV2:AUCTIONUSDTM","type":"message","subject":"tickerV2","sn":1702237470700,"data":{"symbol":"AUCTIONUSDTM","sequence":1702237470700,"bestBidSize":260,"bestBidPrice":"24.067","bestAskPrice":"24.08","bestAskSize":250,"ts":1705708800078000000}}
 */
export interface KucoinFuturesTickerV2 {
  symbol: string;
  sequence: number;
  bestBidSize: number;
  bestBidPrice: string;
  bestAskPrice: string;
  bestAskSize: number;
  ts: number;
}

/**
 * `/contract/instrument:{symbol}`: subject `mark.index.price` (every second) and `funding.rate` (every minute). A
 * funding frame with granularity 60000 is the predicted rate; 28800000 ("8-hours granularity") is the funding rate.
 * `timestamp` of a funding frame names the funding period, not the push.
 * Docs: https://www.kucoin.com/docs-new/3470087w0
 * @example {"topic":"/contract/instrument:XBTUSDTM","type":"message","subject":"mark.index.price","data":{"markPrice":90445.02,"indexPrice":90445.02,"granularity":1000,"timestamp":1731899129000}}
 * @example {"topic":"/contract/instrument:XBTUSDTM","type":"message","subject":"funding.rate","data":{"granularity":28800000,"fundingRate":0.000039,"timestamp":1706068800000}}
 */
export interface KucoinFuturesInstrument {
  granularity: number;
  markPrice?: number;
  indexPrice?: number;
  fundingRate?: number;
  timestamp: number;
}

// ── REST (every body is wrapped: {"code":"200000","data":…}; errors carry another code and `msg`) ─────────────────

/**
 * Spot `GET /api/v2/symbols`.
 * Docs: https://www.kucoin.com/docs-new (Classic REST › Spot Trading › Market Data › Get All Symbols); the example
 * is illustrative, with the fields dig3 reads.
 * @example {"symbol":"BTC-USDT","name":"BTC-USDT","baseCurrency":"BTC","quoteCurrency":"USDT","feeCurrency":"USDT","market":"USDS","baseMinSize":"0.00001","quoteMinSize":"0.1","baseMaxSize":"10000000000","quoteMaxSize":"99999999","baseIncrement":"0.00000001","quoteIncrement":"0.000001","priceIncrement":"0.1","priceLimitRate":"0.1","minFunds":"0.1","isMarginEnabled":true,"enableTrading":true}
 */
export interface KucoinSpotSymbol {
  symbol: string;
  baseCurrency: string;
  quoteCurrency: string;
  baseIncrement: string;
  priceIncrement: string;
  enableTrading: boolean;
}

/**
 * Spot `GET /api/v1/market/stats?symbol=` (24 h; `buy` is the best bid, `sell` the best ask). Public weight 15.
 * Docs: https://www.kucoin.com/docs/rest/spot-trading/market-data/get-24hr-stats
 * @example {"time":1602832092060,"symbol":"BTC-USDT","buy":"11328.9","sell":"11329","changeRate":"-0.0055","changePrice":"-63.6","high":"11610","low":"11200","vol":"2282.70993217","volValue":"25984946.157790431","last":"11328.9","averagePrice":"11360.66065903","takerFeeRate":"0.001","makerFeeRate":"0.001","takerCoefficient":"1","makerCoefficient":"1"}
 */
export interface KucoinSpotStats {
  time: number;
  symbol: string;
  buy: string;
  sell: string;
  changeRate: string;
  high: string;
  low: string;
  vol: string;
  volValue: string;
  last: string;
}

/**
 * Spot `GET /api/v1/market/orderbook/level2_20|level2_100` (public, top 20 or 100 a side) and `GET
 * /api/v3/market/orderbook/level2` (full depth; now needs an API key). `sequence` lines up with the level2 socket.
 * Futures `GET /api/v1/level2/snapshot|depth20|depth100` adds `symbol` and `ts` (ns), sizes are numbers.
 * Docs: https://www.kucoin.com/docs/rest/spot-trading/market-data/get-part-order-book-aggregated-,
 * https://www.kucoin.com/docs/rest/futures-trading/market-data/get-full-order-book-level-2
 * @example {"sequence":"3262786978","time":1550653727731,"bids":[["6500.12","0.45054140"]],"asks":[["6500.16","0.57753524"]]}
 * @example {"symbol":"XBTUSDM","sequence":100,"asks":[["5000.0",1000]],"bids":[["3200.0",800]],"ts":1604643655040584408}
 */
export interface KucoinOrderBookBody {
  sequence: string | number;
  time?: number;
  ts?: number;
  symbol?: string;
  bids: [string, string | number][];
  asks: [string, string | number][];
}

/**
 * Spot `GET /api/v1/market/histories?symbol=` (latest 100): no trade id; `sequence` is the socket's `tradeId` today.
 * Docs: https://www.kucoin.com/docs-new (Classic REST › Spot Trading › Market Data › Get Trade History); the example
 * is illustrative.
 * @example {"sequence":"10976028003549185","price":"67122","size":"0.000025","side":"buy","time":1729177117877000000}
 */
export interface KucoinSpotTradeRow {
  sequence: string;
  price: string;
  size: string;
  side: "buy" | "sell";
  time: number;
}

/**
 * Spot `GET /api/v1/market/candles?type=&symbol=&startAt=&endAt=` (seconds; newest first; "at most 1500 pieces"):
 * `[start (s), open, close, high, low, volume, turnover]`. Public weight 3.
 * Docs: https://www.kucoin.com/docs/rest/spot-trading/market-data/get-klines
 * @example ["1545904980","0.058","0.049","0.058","0.049","0.018","0.000945"]
 */
export type KucoinSpotCandleRow = [string, string, string, string, string, string, string];

/**
 * Futures `GET /api/v1/contracts/active` and `GET /api/v1/contracts/{symbol}` (both public): contract specs plus live
 * fields (mark, index, funding, open interest in lots). `type` `FFWCSX` is a perpetual, `FFICSX` a dated future.
 * Docs: https://www.kucoin.com/docs-new (Classic REST › Futures Trading › Market Data › Get All Symbols / Get Symbol);
 * the example is illustrative, with the fields dig3 reads.
 * @example {"symbol":"XBTUSDTM","rootSymbol":"USDT","type":"FFWCSX","expireDate":null,"baseCurrency":"XBT","quoteCurrency":"USDT","settleCurrency":"USDT","multiplier":0.001,"lotSize":1,"tickSize":0.1,"isInverse":false,"status":"Open","fundingFeeRate":0.000131,"openInterest":"8724443","markPrice":91317.38,"indexPrice":91321.81,"nextFundingRateTime":24316281}
 */
export interface KucoinContract {
  symbol: string;
  type: "FFWCSX" | "FFICSX";
  expireDate: number | null;
  baseCurrency: string;
  quoteCurrency: string;
  settleCurrency: string;
  multiplier: number;
  lotSize: number;
  tickSize: number;
  isInverse: boolean;
  status: string;
  openInterest?: string;
}

/**
 * Futures `GET /api/v1/ticker?symbol=`: last fill and best bid/ask; `ts` in ns (the fields of the Ticker V1 push).
 * Docs: https://www.kucoin.com/docs-new (Classic REST › Futures Trading › Market Data › Get Ticker),
 * https://www.kucoin.com/docs-new/3470081w0; the example is illustrative.
 * @example {"sequence":1697895100310,"symbol":"XBTUSDM","side":"sell","size":2936,"tradeId":"1697901180000","price":"67158.4","bestBidPrice":"67169.6","bestBidSize":32345,"bestAskPrice":"67169.7","bestAskSize":7251,"ts":1729163001780000000}
 */
export interface KucoinFuturesTickerBody {
  sequence: number;
  symbol: string;
  price: string;
  size: number;
  bestBidPrice: string;
  bestBidSize: number;
  bestAskPrice: string;
  bestAskSize: number;
  ts: number;
}

/**
 * Futures `GET /api/v1/trade/history?symbol=` (latest 100); `ts` in ns.
 * Docs: https://www.kucoin.com/docs-new (Classic REST › Futures Trading › Market Data › Get Trade History); the
 * example is illustrative.
 * @example {"sequence":1697915257909,"contractId":1,"tradeId":"1697915257909","makerOrderId":"236679665752801280","takerOrderId":"236679667975745536","ts":1729242032152000000,"size":1,"price":"67878","side":"sell"}
 */
export interface KucoinFuturesTradeRow {
  sequence: number;
  tradeId: string;
  price: string;
  size: number;
  side: "buy" | "sell";
  ts: number;
}

/**
 * Futures `GET /api/v1/kline/query?symbol=&granularity=&from=&to=` (granularity in minutes: "1, 5, 15, 30, 60, 120,
 * 240, 480, 720, 1440, 10080"; times in ms; "The maximum size per request is 200"; without times, the 200 newest):
 * `[start (ms), open, high, low, close, volume (lots)]`, newer bodies add turnover — the order differs from spot.
 * Docs: https://www.kucoin.com/docs/rest/futures-trading/market-data/get-klines
 * @example [1575331200000,7495.01,8309.67,7250,7463.55,0]
 */
export type KucoinFuturesCandleRow = [number, number, number, number, number, number, number?];

/**
 * Futures `GET /api/v1/contract/funding-rates?symbol=&from=&to=` (ms; both required): settled rates.
 * Docs: https://www.kucoin.com/docs/rest/futures-trading/funding-fees/get-public-funding-history
 * @example {"symbol":"IDUSDTM","fundingRate":0.018750,"timepoint":1702310700000}
 */
export interface KucoinFundingRow {
  symbol: string;
  fundingRate: number;
  timepoint: number;
}
