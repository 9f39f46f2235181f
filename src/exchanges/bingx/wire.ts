// BingX wire shapes: the three public market sockets (spot, USDT-M perpetual "swap", Coin-M perpetual "cswap") and
// the /openApi REST bodies, each with its docs page and the docs' sample (long level lists trimmed). Numbers arrive as
// text or numbers depending on the socket; parsers read them tolerantly (values.ts).
//
// Docs (BingX API, current edition; the same pages are served under docs-v3):
//   spot socket   https://bingx-api.github.io/docs/#/en-us/spot/socket/market.html
//   swap socket   https://bingx-api.github.io/docs/#/en-us/swapV2/socket/market.html
//   cswap socket  https://bingx-api.github.io/docs/#/en-us/cswap/socket/market.html
//   spot REST     https://bingx-api.github.io/docs/#/en-us/spot/market-api.html
//   swap REST     https://bingx-api.github.io/docs/#/en-us/swapV2/market-api.html
//   cswap REST    https://bingx-api.github.io/docs/#/en-us/cswap/market-api.html
//   limits, FAQ   https://bingx-api.github.io/docs/#/en-us/swapV2/socket/ (Connection Limitations, Heartbeats)

// ── WebSocket: control ─────────────────────────────────────────────────────────────────────────────────────────

/**
 * Every frame is one gzip member (binary); the transport inflates it before `parse`.
 *
 * Server heartbeat, every 5 s. The swap socket sends the text `Ping` and wants the text `Pong` back ("When the
 * Websocket Client receives this heartbeat message, it should return a Pong message"); the spot socket sends a JSON
 * ping and wants it echoed as `pong` with the same `time`. The Coin-M pages show both; dig3 answers either form on
 * every socket, in kind.
 * Docs: swap socket (Heartbeats), spot socket (Heartbeats)
 * @example Ping
 * @example {"ping":"2177c68e4d0e45679965f482929b59c2","time":"2022-06-07T16:27:36.323+0800"}
 */
export interface BingxJsonPingFrame {
  ping: string;
  time?: string;
}

/** The answer to a JSON ping: `{"pong":<ping>,"time":<time>}`. */
export interface BingxJsonPongFrame {
  pong: string;
  time?: string;
}

/**
 * Subscribe / unsubscribe request: one `dataType` per request, `id` echoed in the reply.
 * Docs: swap socket (Subscriptions, Unsubscribe)
 * @example {"id":"e745cd6d-d0f6-4a70-8d5a-043e4c741b40","reqType":"sub","dataType":"BTC-USDT@depth5@500ms"}
 */
export interface BingxSubscribeRequest {
  id: string;
  reqType: "sub" | "unsub";
  dataType: string;
}

/**
 * Reply to a request. Swap: `code` 0, empty `dataType`, `data: null`; spot and cswap: `msg` `SUCCESS` and a
 * `timestamp`. A refused request carries a non-zero `code`: 80015 "dataType not supported" (unknown topic or symbol),
 * 80403 (more than 200 topics on one socket), 100400 (bad argument), 100410 (frequency limit), 100500 / 100503
 * (server error, busy), 1006 (internal service call, network).
 * Docs: swap socket (subscribe success sample, error code), spot socket (code error codes)
 * @example {"id":"e745cd6d-d0f6-4a70-8d5a-043e4c741b40","code":0,"msg":"","dataType":"","data":null}
 * @example {"code":0,"id":"24dd0e35-56a4-4f7a-af8a-394c7060909c","msg":"SUCCESS","timestamp":1760066128475}
 * @example {"id":"3b7c3e5f","code":80015,"msg":"dataType not supported","dataType":"","data":null} (the docs list the code and text, not a frame: the success sample's shape with them)
 */
export interface BingxReplyFrame {
  id?: string;
  code: number;
  msg?: string;
  dataType?: "";
  data?: null;
  timestamp?: number;
}

/** Every data frame: `code` 0, the subscribed `dataType`, the payload; spot adds `success` and `timestamp`. */
export interface BingxDataFrame<T> {
  code: number;
  dataType: string;
  data: T;
  /** Swap: push time (depth); spot and cswap: `timestamp`. */
  ts?: number;
  timestamp?: number;
  success?: boolean;
  /** Swap klines name the symbol at the top level. */
  s?: string;
}

// ── WebSocket: data ────────────────────────────────────────────────────────────────────────────────────────────

/**
 * Spot and Coin-M trade, `<symbol>@trade`: one trade per frame, `t` the trade id. "Due to multi-threaded push, it
 * cannot be guaranteed that the push transaction ID is ordered." `m` = the buyer is the maker, so the taker sold.
 * Docs: spot socket (Subscription transaction by transaction), cswap socket (Subscription transaction by transaction)
 * @example {"code":0,"data":{"E":1760066129336,"T":1760066129316,"e":"trade","m":true,"p":"121123.47","q":"0.003189","s":"BTC-USDT","t":"172356086"},"dataType":"BTC-USDT@trade","success":true,"timestamp":1760066129336}
 * @example {"code":0,"dataType":"BTC-USD@trade","data":{"e":"trade","E":1760077547810,"s":"BTC-USD","t":"143720871","p":"121596.7","q":"5","T":1760077547483,"m":false}}
 */
export type BingxSpotTradeFrame = BingxDataFrame<BingxTradeRow & { e?: "trade"; E?: number; t: string }>;

/**
 * Swap trade, `<symbol>@trade`: a batch of trades per frame, with NO trade id.
 * Docs: swap socket (Subscribe the Latest Trade Detail)
 * @example {"code":0,"dataType":"BTC-USDT@trade","data":[{"q":"0.0162","p":"121934.9","T":1759994162450,"m":false,"s":"BTC-USDT"},{"q":"0.0551","p":"121926.9","T":1759994162450,"m":true,"s":"BTC-USDT"}]}
 */
export type BingxSwapTradeFrame = BingxDataFrame<BingxTradeRow[]>;

export interface BingxTradeRow {
  s: string;
  p: string;
  q: string;
  T: number;
  m: boolean;
  t?: string;
}

/**
 * Incremental depth, `<symbol>@incrDepth` (spot and swap): first `action` `all` (the full book, up to 1000 levels on
 * spot) with a `lastUpdateId`, then `update`s of changed levels (quantity 0 removes) whose `lastUpdateId` is the
 * previous one + 1: "The lastUpdateId for the Nth incremental depth will be N-1 lastUpdateId + 1. In rare cases, if
 * the lastUpdateId is not continuous, you can reconnect …". Swap sends levels as `[price, qty]` rows and a `time`;
 * spot sends `{price: qty}` maps, a `sourceUpdateId` and the frame `timestamp`. Levels arrive in no fixed order
 * (swap asks are highest first).
 * Docs: swap socket (Incremental Depth Information), spot socket (Incremental and Full Depth Information)
 * @example {"code":0,"dataType":"BTC-USDT@incrDepth","data":{"action":"update","lastUpdateId":393592635,"time":1760002514979,"bids":[["121706.6","16.8741"],["121678.5","0.0000"]],"asks":[["122006.8","0.0000"],["121706.8","4.7697"]]}}
 * @example {"code":0,"timestamp":1769443327977,"success":true,"dataType":"BTC-USDT@incrDepth","data":{"action":"update","lastUpdateId":524997,"sourceUpdateId":15253687425,"asks":{"87554.35":"0.004666","87555.23":"0"},"bids":{"87555.22":"0","87554.34":"0.001949"}}}
 */
export type BingxIncrDepthFrame = BingxDataFrame<{
  action: "all" | "update";
  lastUpdateId: number;
  sourceUpdateId?: number;
  time?: number;
  bids: [string, string][] | Record<string, string>;
  asks: [string, string][] | Record<string, string>;
}>;

/**
 * Partial depth snapshots, `<symbol>@depth<level>` (5, 10, 20, 50, 100; swap adds `@<interval>`), each frame the
 * whole top N. Coin-M levels are `{p, a, v}` objects (`v` contracts, `a` coin amount). dig3 subscribes to these only
 * on Coin-M, which documents no incremental depth.
 * Docs: swap socket (Partial Order Book Depth), spot socket (Subscribe Market Depth Data), cswap socket (Subscribe to Limited Depth)
 * @example {"code":0,"dataType":"BTC-USDT@depth5@500ms","ts":1759996742928,"data":{"bids":[["121825.7","7.7622"]],"asks":[["121827.3","0.0025"],["121825.9","9.2345"]]}}
 * @example {"code":0,"dataType":"BTC-USD@depth5","data":{"symbol":"BTC-USD","bids":[{"p":"121592.4","a":"0.385715","v":"469.0"}],"asks":[{"p":"121594.1","a":"0.640656","v":"779.0"}],"aggPrecision":"0.1","timestamp":1760077637962}}
 */
export type BingxDepthFrame = BingxDataFrame<{
  bids: [string, string][] | Array<{ p: string; a?: string; v: string }>;
  asks: [string, string][] | Array<{ p: string; a?: string; v: string }>;
  lastUpdateId?: number;
  symbol?: string;
  timestamp?: number;
}>;

/**
 * Klines, `<symbol>@kline_<interval>`; no frame says whether the bar is final, so the parser closes a bar when the
 * next one opens. Swap: rows `{o,h,l,c,v,T}` with `T` the bar's open time, the symbol at the top level; intervals
 * `1m … 1M`. Spot: one `K` object with `t` open and `T` close time, `n` trades, `q` quote volume; intervals named
 * `1min 5min 15min 30min 60min 1day`. Coin-M: one object `{t,o,h,l,c,a,v,u}` (`v` contracts, `a` coin volume).
 * Docs: swap socket (Subscribe K-Line Data), spot socket (K-line Streams), cswap socket (Subscribe to Latest Trading Pair K-Line)
 * @example {"code":0,"dataType":"BTC-USDT@kline_1m","s":"BTC-USDT","data":[{"c":"121697.7","o":"121684.1","h":"121697.7","l":"121638.7","v":"5.8244","T":1759997460000}]}
 * @example {"code":0,"data":{"E":1760066282349,"K":{"T":1760066339999,"c":"121137.93299999999","h":"121137.946","i":"1min","l":"121137.93299999999","n":4,"o":"121137.946","q":"3131.052371","s":"BTC-USDT","t":1760066280000,"v":"0.025847000000000000"},"e":"kline","s":"BTC-USDT"},"dataType":"BTC-USDT@kline_1min","success":true}
 * @example {"code":0,"timestamp":1760077714555,"dataType":"BTC-USD@kline_1m","data":{"t":1760077680000,"o":121576,"c":121521.2,"l":121521.2,"h":121576,"a":0.1283302,"v":156,"u":34,"s":"BTC-USD"}}
 */
export type BingxKlineFrame = BingxDataFrame<unknown>;

/**
 * 24-hour ticker, `<symbol>@ticker`, every 1 s. `c` last price, `B`/`b` best bid price/quantity, `A`/`a` best ask
 * price/quantity (note: the opposite letter case of `@bookTicker`), `P` change in percent (`"-0.21"` on swap,
 * `"-0.52%"` on spot), `v` base volume (Coin-M: contracts, with `m` the coin volume), `q` quote volume.
 * Docs: swap socket (Subscribe to 24-hour price changes), spot socket (Subscribe to 24-hour Price Change), cswap socket
 * @example {"code":0,"dataType":"BTC-USDT@ticker","data":{"e":"24hTicker","E":1759998119388,"s":"BTC-USDT","p":"-262.0","P":"-0.21","c":"121621.7","L":"0.0010","h":"124152.9","l":"121412.0","v":"17030.6463","q":"210028.10","o":"121883.7","O":1759998027573,"C":1759998119403,"A":"121621.7","a":"11.3115","B":"121621.5","b":"6.4426"}}
 */
export type BingxTickerFrame = BingxDataFrame<{
  e?: string;
  E: number;
  s: string;
  c: string | number;
  P?: string;
  h?: string | number;
  l?: string | number;
  v?: string | number;
  q?: string | number;
  m?: string;
  A?: string | number;
  a?: string | number;
  B?: string | number;
  b?: string | number;
}>;

/**
 * Mark price, `<symbol>@markPrice` (swap and Coin-M), pushed on every change.
 * Docs: swap socket (Subscribe to latest mark price changes), cswap socket (Subscribe to Mark Price)
 * @example {"code":0,"dataType":"BTC-USDT@markPrice","data":{"e":"markPriceUpdate","E":1760001628357,"s":"BTC-USDT","p":"121570.0"}}
 */
export type BingxMarkPriceFrame = BingxDataFrame<{ e?: string; E: number; s: string; p: string }>;

// ── REST ───────────────────────────────────────────────────────────────────────────────────────────────────────

/**
 * Every /openApi response: `code` 0 is success; errors come with HTTP 200 and a code (109425 unknown pair, 109400
 * bad parameter, 109415 suspended pair, 100410 rate limited, 109429 too many invalid requests). Public market
 * endpoints need no signature; "IP Rate Limit: 500 requests per 10 seconds".
 * Docs: swap REST (each endpoint), https://bingx-api.github.io/docs/#/en-us/spot/base-info.html (Common Error Codes)
 * @example {"code":109425,"msg":"Trading pair does not exist","data":{}}
 */
export interface BingxRestEnvelope<T> {
  code: number;
  msg?: string;
  timestamp?: number;
  data: T;
}

/**
 * `GET /openApi/spot/v1/common/symbols` → `data.symbols`: `status` 0 offline, 1 online, 5 pre-open, 10 accessed,
 * 25 suspended, 29 pre-delisted, 30 delisted.
 * Docs: spot REST (Spot trading symbols)
 * @example {"symbol":"BTC-USDT","minQty":0.0001826,"maxQty":18.2663756,"minNotional":5,"maxNotional":500000,"status":1,"tickSize":0.01,"stepSize":0.00001}
 */
export interface BingxSpotSymbol {
  symbol: string;
  tickSize: number;
  stepSize: number;
  status: number;
  displayName?: string;
}

/**
 * `GET /openApi/swap/v2/quote/contracts` → `data[]`: `asset` base, `currency` the settlement and margin coin,
 * precisions in decimals; `status` 1 online, 25 forbidden to open positions, 5 pre-online, 0 offline.
 * Docs: swap REST (USDT-M Perp Futures symbols)
 * @example {"contractId":"100","symbol":"BTC-USDT","quantityPrecision":4,"pricePrecision":1,"tradeMinQuantity":0.0001,"currency":"USDT","asset":"BTC","status":1,"apiStateOpen":"true","apiStateClose":"true"}
 */
export interface BingxSwapContract {
  symbol: string;
  asset: string;
  currency: string;
  pricePrecision: number;
  quantityPrecision: number;
  tradeMinQuantity?: number;
  status: number;
  displayName?: string;
}

/**
 * `GET /openApi/cswap/v1/market/contracts` → `data[]`: Coin-M perpetuals `BASE-USD`, quantities in contracts.
 * Docs: cswap REST (Contract Information)
 * @example {"symbol":"BTC-USD","pricePrecision":1,"minTickSize":"100","minTradeValue":"100","minQty":"1.00000000","status":1,"timeOnline":1710738000000}
 */
export interface BingxCoinContract {
  symbol: string;
  pricePrecision: number;
  minQty?: string;
  status: number;
}

/**
 * 24-hour ticker. Spot `GET /openApi/spot/v1/ticker/24hr` answers a list with numbers and `priceChangePercent`
 * `"2.91%"`; swap `GET /openApi/swap/v2/quote/ticker` one object with text and `"4.15"`; Coin-M a list.
 * Docs: spot REST (24hr Ticker Price Change Statistics), swap REST (24hr Ticker Price Change Statistics)
 * @example {"symbol":"SFP-USDT","priceChange":"0.0295","priceChangePercent":"4.15","lastPrice":"0.7409","lastQty":"10","highPrice":"0.7506","lowPrice":"0.6903","volume":"4308212","quoteVolume":"3085449.53","openPrice":"0.7114","openTime":1702719833853,"closeTime":1702719798603,"askPrice":"0.7414","askQty":"99","bidPrice":"0.7413","bidQty":"84"}
 */
export interface BingxRestTicker {
  symbol: string;
  lastPrice: string | number;
  highPrice?: string | number;
  lowPrice?: string | number;
  volume?: string | number;
  quoteVolume?: string | number;
  priceChangePercent?: string;
  closeTime?: number | string;
  bidPrice?: string | number;
  bidQty?: string | number;
  askPrice?: string | number;
  askQty?: string | number;
}

/**
 * Order book snapshot without an update id. Spot `GET /openApi/spot/v1/market/depth` (limit ≤ 1000) → `{bids, asks,
 * ts}`; swap `GET /openApi/swap/v2/quote/depth` (limit 5, 10, 20, 50, 100, 500, 1000) → `{T, bids, asks, bidsCoin,
 * asksCoin}`; Coin-M `GET /openApi/cswap/v1/market/depth` (same limits) → `{T, bids, asks}`. Asks may be listed
 * highest first.
 * Docs: spot REST (Order Book), swap REST (Order Book), cswap REST (Query Depth Data)
 * @example {"T":1702719083983,"bids":[["0.000009854","483909"]],"asks":[["0.000009860","578208"],["0.000009856","687669"]]}
 */
export interface BingxRestDepth {
  bids: [string, string][];
  asks: [string, string][];
  T?: number;
  ts?: number;
}

/**
 * Recent trades, newest first. Spot `GET /openApi/spot/v1/market/trades` (limit ≤ 500) rows have an `id`; swap
 * `GET /openApi/swap/v2/quote/trades` (limit ≤ 1000) rows do not.
 * Docs: spot REST (Recent Trades List), swap REST (Recent Trades List)
 * @example {"id":76909154,"price":42195.21,"qty":0.00195,"time":1702720325553,"buyerMaker":true}
 * @example {"time":1702719269849,"isBuyerMaker":true,"price":"42214.0","qty":"0.0248","quoteQty":"1046.91"}
 */
export interface BingxRestTrade {
  id?: number | string;
  price: string | number;
  qty: string | number;
  time: number;
  buyerMaker?: boolean;
  isBuyerMaker?: boolean;
}

/**
 * Klines. Spot `GET /openApi/spot/v2/market/kline` rows `[open time, o, h, l, c, volume, close time, quote volume]`
 * newest first (limit ≤ 1440); swap `GET /openApi/swap/v3/quote/klines` objects `{open, close, high, low, volume,
 * time}` (limit ≤ 1440); Coin-M `GET /openApi/cswap/v1/market/klines` objects of the same shape.
 * Docs: spot REST (Kline/Candlestick Data), swap REST (Kline/Candlestick Data), cswap REST (Get K-line Data)
 * @example [1702720620000,42216.29,42216.94,42216.29,42216.72,0.2,1702720679999,8548.46]
 * @example {"open":"0.7034","close":"0.7065","high":"0.7081","low":"0.7033","volume":"635494.00","time":1702717200000}
 */
export type BingxRestKline =
  | [number, number, number, number, number, number, number, number]
  | { open: string; close: string; high: string; low: string; volume: string; time: number };

/**
 * `GET /openApi/swap/v2/quote/fundingRate` (limit ≤ 1000, `startTime`/`endTime` optional): settled funding rates.
 * Docs: swap REST (Get Funding Rate History)
 * @example {"symbol":"QNT-USDT","fundingRate":"0.00027100","fundingTime":1702713600000}
 */
export interface BingxFundingRow {
  symbol: string;
  fundingRate: string;
  fundingTime: number;
}

/**
 * `GET /openApi/swap/v2/quote/premiumIndex`: mark, index and the current funding rate with the next funding time.
 * Docs: swap REST (Mark Price and Funding Rate)
 * @example {"symbol":"BTC-USDT","markPrice":"42216.4","indexPrice":"42219.9","lastFundingRate":"0.00025100","nextFundingTime":1702742400000}
 */
export interface BingxPremiumIndex {
  symbol: string;
  markPrice: string;
  indexPrice: string;
  lastFundingRate: string;
  nextFundingTime: number;
}

/**
 * Open interest. Swap `GET /openApi/swap/v2/quote/openInterest`: the position value in USDT (BTC-USDT reads
 * ~3.3e9 in the docs); Coin-M `GET /openApi/cswap/v1/market/openInterest`: contracts.
 * Docs: swap REST (Open Interest Statistics), cswap REST (Get Swap Open Positions)
 * @example {"openInterest":"7409966.52","symbol":"EOS-USDT","time":1702719692859}
 */
export interface BingxOpenInterest {
  openInterest: string;
  symbol: string;
  time: number;
}
