// Binance wire shapes: WebSocket payloads (spot, USDⓈ-M, COIN-M share one family) and REST bodies, each with
// its docs page and one real payload. Numbers arrive as text; ids and times as numbers. Parsers read these
// tolerantly (values.ts), so the types say what Binance sends, not what `parse` trusts.

/**
 * Combined-stream envelope (`/stream` endpoints): every data frame is wrapped with the stream name it belongs to.
 * Docs: https://developers.binance.com/docs/binance-spot-api-docs/web-socket-streams (General WSS information)
 * @example {"stream":"nknusdt@depth@100ms","data":{"e":"depthUpdate","E":1633998512068,"s":"NKNUSDT","U":499869750,"u":499869752,"b":[["0.35130000","6195.00000000"]],"a":[]}}
 */
export interface BinanceCombinedFrame<T = unknown> {
  stream: string;
  data: T;
}

/**
 * Reply to SUBSCRIBE / UNSUBSCRIBE: `result: null` is success; LIST_SUBSCRIPTIONS returns the names.
 * Docs: https://developers.binance.com/docs/binance-spot-api-docs/web-socket-streams (Live Subscribing/Unsubscribing)
 * @example {"id":1000,"result":null}
 */
export interface BinanceAckFrame {
  id: number | string | null;
  result: null | string[] | boolean;
}

/**
 * Request error. Spot documents the flat form, the futures servers answer with a nested `error`.
 * Docs: https://developers.binance.com/docs/binance-spot-api-docs/web-socket-streams (Error Messages)
 * @example {"code":2,"msg":"Invalid request: request ID must be an unsigned integer"}
 * @example {"error":{"code":2,"msg":"Invalid request: unknown variant `SUBSCRIBEE`"},"id":1}
 */
export interface BinanceErrorFrame {
  code?: number;
  msg?: string;
  error?: { code?: number; msg?: string };
  id?: number | string | null;
}

/**
 * Raw trade, `<symbol>@trade`. Futures add `X` (`MARKET`, `ADL`, `INSURANCE_FUND`, `NA`); only MARKET is a
 * public taker trade. `m` = buyer is the maker, so the taker sold.
 * Docs: https://developers.binance.com/docs/binance-spot-api-docs/web-socket-streams (Trade Streams)
 * @example {"e":"trade","E":1567296001038,"s":"BNBBTC","t":60276726,"p":"0.00219650","q":"6.48000000","b":255533165,"a":255532831,"T":1567296001034,"m":true,"M":true}
 * @example {"e":"trade","E":1596240000596,"T":1596240000519,"s":"BTCUSDT","t":173525189,"p":"11343.67","q":"0.467","X":"MARKET","m":true}
 */
export interface BinanceTradeFrame {
  e: "trade";
  E: number;
  s: string;
  t: number;
  p: string;
  q: string;
  T: number;
  m: boolean;
  X?: string;
}

/**
 * Aggregate trade, `<symbol>@aggTrade`: the fills of one taker order at one price.
 * Docs: https://developers.binance.com/docs/derivatives/usds-margined-futures/websocket-market-streams/Aggregate-Trade-Streams
 * @example {"e":"aggTrade","E":1626992744262,"a":87353230,"s":"SUSHIUSDT","p":"7.6120","q":"297","f":126902924,"l":126902927,"T":1626992744108,"m":false}
 */
export interface BinanceAggTradeFrame {
  e: "aggTrade";
  E: number;
  s: string;
  a: number;
  p: string;
  q: string;
  f: number;
  l: number;
  T: number;
  m: boolean;
}

/**
 * Diff depth, `<symbol>@depth@100ms`. `U`..`u` are the update ids this event covers; futures add `pu` (the `u` of
 * the previous event on this stream), `T` (transaction time) and, on COIN-M, `ps` (pair). Sizes are absolute; 0 removes.
 * Docs: https://developers.binance.com/docs/binance-spot-api-docs/web-socket-streams (Diff. Depth Stream),
 * https://developers.binance.com/docs/derivatives/usds-margined-futures/websocket-market-streams/Diff-Book-Depth-Streams
 * @example {"e":"depthUpdate","E":1626916403873,"T":1626916403864,"s":"BCHUSD_PERP","ps":"BCHUSD","U":167006084465,"u":167006084895,"pu":167006084238,"b":[["427.27","0"],["427.53","260"]],"a":[["427.90","669"]]}
 */
export interface BinanceDepthUpdateFrame {
  e: "depthUpdate";
  E: number;
  T?: number;
  s: string;
  ps?: string;
  U: number;
  u: number;
  pu?: number;
  b: [string, string][];
  a: [string, string][];
}

/**
 * Kline, `<symbol>@kline_<interval>`; `x` marks the final update of a bar. On COIN-M `v` is in contracts and `q`
 * is the base-asset volume (not a quote volume).
 * Docs: https://developers.binance.com/docs/binance-spot-api-docs/web-socket-streams (Kline/Candlestick Streams)
 * @example {"e":"kline","E":1633998523963,"s":"NKNUSDT","k":{"t":1633998480000,"T":1633998539999,"s":"NKNUSDT","i":"1m","f":19862761,"L":19862790,"o":"0.35270000","c":"0.35280000","h":"0.35280000","l":"0.35220000","v":"25877.00000000","n":30,"x":false,"q":"9116.04600000","V":"58.00000000","Q":"20.46240000","B":"0"}}
 */
export interface BinanceKlineFrame {
  e: "kline";
  E: number;
  s: string;
  k: {
    t: number;
    T: number;
    s: string;
    i: string;
    f: number;
    L: number;
    o: string;
    c: string;
    h: string;
    l: string;
    v: string;
    n: number;
    x: boolean;
    q: string;
    V: string;
    Q: string;
  };
}

/**
 * 24h rolling ticker, `<symbol>@ticker`. Spot adds best bid/ask (`b B a A`); futures do not.
 * Docs: https://developers.binance.com/docs/binance-spot-api-docs/web-socket-streams (Individual Symbol Ticker Streams)
 * @example {"e":"24hrTicker","E":1569805259092,"s":"DOGEBNB","p":"0.00000291","P":"2.068","w":"0.00014188","x":"0.00014069","c":"0.00014360","Q":"51135.00000000","b":"0.00014365","B":"7080.00000000","a":"0.00014498","A":"275033.00000000","o":"0.00014069","h":"0.00014550","l":"0.00013851","v":"20014582.00000000","q":"2839.62578157","O":1569718859088,"C":1569805259088,"F":64171,"L":64684,"n":514}
 */
export interface BinanceTickerFrame {
  e: "24hrTicker";
  E: number;
  s: string;
  ps?: string;
  p: string;
  P: string;
  c: string;
  o: string;
  h: string;
  l: string;
  v: string;
  q: string;
  b?: string;
  B?: string;
  a?: string;
  A?: string;
  O: number;
  C: number;
  n: number;
}

/**
 * Mark price and funding, `<symbol>@markPrice@1s` (futures). `r`/`T` are the current funding rate and the next
 * funding time; delivery contracts send `r: ""` (COIN-M) or `"0.00000000"` with `T: 0` (USDⓈ-M): no funding.
 * Docs: https://developers.binance.com/docs/derivatives/usds-margined-futures/websocket-market-streams/Mark-Price-Stream
 * @example {"e":"markPriceUpdate","E":1597536008000,"s":"BTCUSDT","p":"11857.56000000","i":"11851.86949091","r":"0.00015640","T":1597564800000}
 */
export interface BinanceMarkPriceFrame {
  e: "markPriceUpdate";
  E: number;
  s: string;
  p: string;
  i?: string;
  P?: string;
  r?: string;
  T?: number;
}

/**
 * Liquidation order, `<symbol>@forceOrder` (futures). Binance pushes at most the latest liquidation per symbol
 * per 1000 ms. `S` is the side of the liquidation order (a long being closed is SELL).
 * Docs: https://developers.binance.com/docs/derivatives/usds-margined-futures/websocket-market-streams/Liquidation-Order-Streams
 * @example {"e":"forceOrder","E":1584059031426,"o":{"s":"BTCUSDT","S":"BUY","o":"LIMIT","f":"IOC","q":"0.014","p":"4793.91","ap":"4706.04","X":"FILLED","l":"0.015","z":"0.014","T":1584059031421}}
 */
export interface BinanceForceOrderFrame {
  e: "forceOrder";
  E: number;
  o: {
    s: string;
    S: "BUY" | "SELL";
    o: string;
    q: string;
    p: string;
    ap: string;
    X: string;
    l: string;
    z: string;
    T: number;
  };
}

/**
 * Sent by spot before a server goes away; reconnect.
 * Docs: https://developers.binance.com/docs/binance-spot-api-docs/web-socket-streams (serverShutdown)
 * @example {"e":"serverShutdown","E":1742470000000}
 */
export interface BinanceServerShutdownFrame {
  e: "serverShutdown";
  E: number;
}

// ── REST ───────────────────────────────────────────────────────────────────────────────────────────────────────

/**
 * Order book snapshot: `GET /api/v3/depth`, `/fapi/v1/depth`, `/dapi/v1/depth`. Spot has no time field; futures
 * add `E`/`T` (COIN-M also `symbol`, `pair`).
 * Docs: https://developers.binance.com/docs/binance-spot-api-docs/rest-api/market-data-endpoints (Order book),
 * https://developers.binance.com/docs/derivatives/usds-margined-futures/market-data/rest-api/Order-Book
 * @example {"lastUpdateId":600859605926,"E":1626992741264,"T":1626992741261,"bids":[["7.6110","6"],["7.6080","161"]],"asks":[["7.6120","35"]]}
 */
export interface BinanceDepthSnapshot {
  lastUpdateId: number;
  E?: number;
  T?: number;
  symbol?: string;
  bids: [string, string][];
  asks: [string, string][];
}

/**
 * Recent trades: `GET /api/v3/trades`, `/fapi/v1/trades`, `/dapi/v1/trades` (COIN-M has `baseQty` instead of `quoteQty`).
 * Docs: https://developers.binance.com/docs/binance-spot-api-docs/rest-api/market-data-endpoints (Recent trades list)
 * @example [{"id":28457,"price":"4.00000100","qty":"12.00000000","quoteQty":"48.000012","time":1499865549590,"isBuyerMaker":true,"isBestMatch":true}]
 */
export interface BinanceRestTrade {
  id: number;
  price: string;
  qty: string;
  quoteQty?: string;
  baseQty?: string;
  time: number;
  isBuyerMaker: boolean;
}

/**
 * Kline row: `GET /api/v3/klines`, `/fapi/v1/klines`, `/dapi/v1/klines`:
 * [openTime, open, high, low, close, volume, closeTime, quoteVolume (COIN-M: base volume), trades, takerBuyBase, takerBuyQuote, ignore].
 * Docs: https://developers.binance.com/docs/binance-spot-api-docs/rest-api/market-data-endpoints (Kline/Candlestick data)
 * @example [1499040000000,"0.01634790","0.80000000","0.01575800","0.01577100","148976.11427815",1499644799999,"2434.19055334",308,"1756.87402397","28.46694368","0"]
 */
export type BinanceKlineRow = [
  openTimeMs: number,
  open: string,
  high: string,
  low: string,
  close: string,
  volume: string,
  closeTimeMs: number,
  quoteVolume: string,
  trades: number,
  takerBuyBase: string,
  takerBuyQuote: string,
  ignore: string,
];

/**
 * 24h ticker: `GET /api/v3/ticker/24hr` (object with bid/ask), `/fapi/v1/ticker/24hr` (object, no bid/ask),
 * `/dapi/v1/ticker/24hr` (an array even for one symbol; `volume` in contracts, `baseVolume` in base).
 * Docs: https://developers.binance.com/docs/derivatives/coin-margined-futures/market-data/rest-api/24hr-Ticker-Price-Change-Statistics
 * @example {"symbol":"BNBBTC","priceChange":"-94.99999800","priceChangePercent":"-95.960","weightedAvgPrice":"0.29628482","prevClosePrice":"0.10002000","lastPrice":"4.00000200","lastQty":"200.00000000","bidPrice":"4.00000000","bidQty":"100.00000000","askPrice":"4.00000200","askQty":"100.00000000","openPrice":"99.00000000","highPrice":"100.00000000","lowPrice":"0.10000000","volume":"8913.30000000","quoteVolume":"15.30000000","openTime":1499783499040,"closeTime":1499869899040,"firstId":28385,"lastId":28460,"count":76}
 */
export interface BinanceTicker24h {
  symbol: string;
  priceChangePercent: string;
  lastPrice: string;
  bidPrice?: string;
  bidQty?: string;
  askPrice?: string;
  askQty?: string;
  highPrice: string;
  lowPrice: string;
  volume: string;
  quoteVolume?: string;
  baseVolume?: string;
  closeTime: number;
}

/** One `filters` entry of exchangeInfo; only the two dig3 reads are spelled out. */
export type BinanceSymbolFilter =
  | { filterType: "PRICE_FILTER"; tickSize: string; minPrice?: string; maxPrice?: string }
  | { filterType: "LOT_SIZE"; stepSize: string; minQty?: string; maxQty?: string }
  | { filterType: string; [field: string]: unknown };

/**
 * Instrument list: `GET /api/v3/exchangeInfo` (spot: `status`), `/fapi/v1/exchangeInfo` (`status`, `contractType`,
 * `marginAsset`), `/dapi/v1/exchangeInfo` (`contractStatus`, `contractSize`). Every listed symbol is returned,
 * halted and settled ones included.
 * Docs: https://developers.binance.com/docs/derivatives/usds-margined-futures/market-data/rest-api/Exchange-Information
 * @example {"symbol":"BTCUSD_PERP","pair":"BTCUSD","contractType":"PERPETUAL","deliveryDate":4133404800000,"contractStatus":"TRADING","contractSize":100,"marginAsset":"BTC","baseAsset":"BTC","quoteAsset":"USD","filters":[{"filterType":"PRICE_FILTER","minPrice":"1000","maxPrice":"4520958","tickSize":"0.1"},{"filterType":"LOT_SIZE","stepSize":"1","maxQty":"1000000","minQty":"1"}]}
 */
export interface BinanceExchangeSymbol {
  symbol: string;
  status?: string;
  contractStatus?: string;
  contractType?: string;
  deliveryDate?: number;
  baseAsset: string;
  quoteAsset: string;
  marginAsset?: string;
  contractSize?: number;
  filters: BinanceSymbolFilter[];
}

export interface BinanceExchangeInfo {
  symbols: BinanceExchangeSymbol[];
}

/**
 * Funding history: `GET /fapi/v1/fundingRate`, `/dapi/v1/fundingRate` (ascending by `fundingTime`).
 * Docs: https://developers.binance.com/docs/derivatives/usds-margined-futures/market-data/rest-api/Get-Funding-Rate-History
 * @example [{"symbol":"BTCUSDT","fundingRate":"-0.03750000","fundingTime":1570608000000,"markPrice":"34287.54619963"}]
 */
export interface BinanceFundingRate {
  symbol: string;
  fundingRate: string;
  fundingTime: number;
  markPrice?: string;
}

/**
 * Open interest: `GET /fapi/v1/openInterest` (base units), `/dapi/v1/openInterest` (contracts).
 * Docs: https://developers.binance.com/docs/derivatives/usds-margined-futures/market-data/rest-api/Open-Interest
 * @example {"openInterest":"10659.509","symbol":"BTCUSDT","time":1589437530011}
 */
export interface BinanceOpenInterest {
  symbol: string;
  openInterest: string;
  time: number;
  pair?: string;
  contractType?: string;
}

/**
 * REST error body (any endpoint, with an HTTP 4xx).
 * Docs: https://developers.binance.com/docs/binance-spot-api-docs/rest-api (Error Codes)
 * @example {"code":-1121,"msg":"Invalid symbol."}
 */
export interface BinanceRestError {
  code: number;
  msg: string;
}
