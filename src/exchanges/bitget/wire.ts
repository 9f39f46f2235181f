// Bitget wire shapes: the UTA (v3) public WebSocket frames dig3 subscribes to, the classic v2 and retired v1 frames
// that recordings hold, and the v3 REST market bodies, each with its docs link and one payload. Numbers arrive as text
// (book `seq`/`pseq`/`checksum` as numbers); parsers read them tolerantly (values.ts).

// ── WebSocket: control ─────────────────────────────────────────────────────────────────────────────────────────

/**
 * Keep-alive: "Users set a 30 seconds timer to send string "ping", and expect a string "pong" as response. If no
 * string "pong" received, please reconnect"; "Websocket server will disconnect the connection if there is no string
 * "ping" received for 2 min"; "The Websocket server accepts up to 10 messages per second" (pings included);
 * "Max 1000 channel subscription/connection", "we highly recommend … not more than 50 channels" per connection;
 * "Websocket will be forcibly disconnected every 24 hours". The Classic account is "in maintenance mode"; the UTA
 * public socket `wss://ws.bitget.com/v3/ws/public` carries the same keep-alive.
 * Docs: https://www.bitget.com/api-doc/common/websocket-intro, https://www.bitget.com/api-doc/classic/intro
 * @example pong
 */
export type BitgetPongFrame = "pong";

/** v3 (UTA) product types on the socket: lower case. REST v3 `category` is the same text upper case. */
export type BitgetV3InstType = "spot" | "usdt-futures" | "coin-futures" | "usdc-futures";

/**
 * One v3 channel: `topic` + `symbol` (+ `interval` for klines); the liquidation topic is per product type, no symbol.
 * Docs: https://www.bitget.com/api-doc/uta/websocket/public/Order-Book-Channel (Request Parameters)
 * @example {"instType":"usdt-futures","topic":"books","symbol":"BTCUSDT"}
 * @example {"instType":"spot","topic":"kline","symbol":"BTCUSDT","interval":"1m"}
 * @example {"instType":"usdt-futures","topic":"liquidation"}
 */
export interface BitgetV3Arg {
  instType: BitgetV3InstType;
  topic: string;
  symbol?: string;
  interval?: string;
}

/**
 * Subscribe / unsubscribe request.
 * Docs: https://www.bitget.com/api-doc/uta/websocket/public/Order-Book-Channel
 * @example {"op":"subscribe","args":[{"instType":"usdt-futures","topic":"books","symbol":"BTCUSDT"}]}
 */
export interface BitgetOpRequest {
  op: "subscribe" | "unsubscribe";
  args: BitgetV3Arg[];
}

/**
 * Reply per subscribed arg, or an error (`code` + `msg`; v2 codes 30001 "doesn't exist", 30006 "too many requests",
 * 30007 "request over limit, connection close", 30016 "Param error").
 * Docs: https://www.bitget.com/api-doc/uta/websocket/public/Liquidation-Channel (Response),
 * https://www.bitget.com/api-doc/common/websocket-intro
 * @example {"event":"subscribe","arg":{"instType":"usdt-futures","topic":"liquidation"},"connId":"xxxxxxxxxx"}
 * @example {"event":"error","code":30001,"msg":"instType:sp,channel:candleundefined,instId:BTCUSDT doesn't exist"}
 */
export interface BitgetEventFrame {
  event: "subscribe" | "unsubscribe" | "error" | "login";
  arg?: Record<string, string>;
  code?: string | number;
  msg?: string;
  connId?: string;
}

/** Every data push: the channel `arg`, `action` (`snapshot` / `update`), rows in `data`, the send time `ts`. */
export interface BitgetPushFrame<T> {
  action: "snapshot" | "update";
  arg: Record<string, string>;
  data: T[];
  ts?: number;
}

// ── WebSocket v3 (UTA): data ───────────────────────────────────────────────────────────────────────────────────

/**
 * `books` (all levels): a snapshot first, then updates. `seq` is this push's number and `pseq` "the serial number of
 * the previous push": "Under normal circumstances, the serial numbers pushed by the depth channel are incremental,
 * meaning that the seq value received in a push sequence is always greater than the pseq. In cases such as system
 * releases or service restarts, the serial numbers may be reset. At this time, users will most likely receive a push
 * message with pseq=0. After the reset, all subsequent messages will continue to be ordered normally." Snapshots
 * carry `checksum` 0 and `pseq` 0; updates carry the signed CRC32 of the top 25 levels (see BitgetDepthRows).
 * `seq` can exceed 2^53 (the docs' example 1304314508780744705); JSON numbers lose the last digits, identically for
 * `seq` and the next `pseq`, so the chain still compares.
 * Docs: https://www.bitget.com/api-doc/uta/websocket/public/Order-Book-Channel
 * @example {"action":"update","arg":{"instType":"spot","topic":"books","symbol":"BTCUSDT"},"data":[{"a":[["76679.99","0"],["76681.49","0.026085"]],"b":[["76646.9","0.03914"],["76439.78","0"]],"checksum":1153969492,"seq":451057502090,"pseq":451057497631,"ts":"1777358880011"}],"ts":1777358880013}
 */
export interface BitgetV3BookRow {
  a: [price: string, size: string][];
  b: [price: string, size: string][];
  checksum: number;
  seq: number | string;
  pseq: number | string;
  ts: string;
}

/**
 * `publicTrade`: one row per fill, `S` the taker's side, `i` the fill id, `T` the fill time. A snapshot of recent
 * fills follows the subscription.
 * Docs: https://www.bitget.com/api-doc/uta/websocket/public/New-Trades-Channel
 * @example {"action":"update","arg":{"instType":"usdt-futures","topic":"publicTrade","symbol":"BTCUSDT"},"data":[{"i":"1432912492051054592","p":"76631.3","v":"0.01","S":"buy","T":"1777358881008","L":"1432912492051054593","isRPI":"no"}],"ts":1777358881009}
 */
export interface BitgetV3TradeRow {
  i: string;
  p: string;
  v: string;
  S: "buy" | "sell";
  T: string;
  L?: string;
  isRPI?: string;
}

/**
 * `ticker`: spot rows hold prices, best bid/ask and 24 h figures (`price24hPcnt` a fraction); futures rows add mark,
 * index, funding (with `nextFundingTime`) and open interest. Rows carry no time: the frame's `ts` is the event time.
 * Docs: https://www.bitget.com/api-doc/uta/websocket/public/Tickers-Channel
 * @example {"action":"snapshot","arg":{"instType":"usdt-futures","topic":"ticker","symbol":"BTCUSDT"},"data":[{"highPrice24h":"78237.7","lowPrice24h":"76414.5","openPrice24h":"77641","lastPrice":"76631.3","turnover24h":"2914473798.93323","volume24h":"37764.7894","bid1Price":"76631.2","ask1Price":"76631.3","bid1Size":"0.9608","ask1Size":"9.5716","price24hPcnt":"-0.013","indexPrice":"76671.4381686055379793","markPrice":"76631.3","fundingRate":"-0.00003","openInterest":"29539.3825","deliveryTime":"","deliveryStartTime":"","deliveryStatus":"","nextFundingTime":"1777363200000"}],"ts":1777358880084}
 */
export interface BitgetV3TickerRow {
  lastPrice: string;
  openPrice24h: string;
  highPrice24h: string;
  lowPrice24h: string;
  bid1Price: string;
  bid1Size: string;
  ask1Price: string;
  ask1Size: string;
  price24hPcnt: string;
  volume24h: string;
  turnover24h: string;
  indexPrice?: string;
  markPrice?: string;
  fundingRate?: string;
  nextFundingTime?: string;
  openInterest?: string;
}

/**
 * `kline` with `interval` 1m 3m 5m 15m 30m 1H 4H 6H 12H 1D: rows `{start, open, high, low, close, volume, turnover}`
 * (volume in the base coin, turnover in the quote); older pages of the docs show the v2 array row
 * `[start, o, h, l, c, baseVolume, quoteVolume, usdtVolume]`. No row says whether its bar is final.
 * Docs: https://www.bitget.com/api-doc/uta/websocket/public/Candlesticks-Channel
 * @example {"data":[{"volume":"0.423","high":"400005","low":"276670","start":"1710518400000","close":"400005","turnover":"148190.38375","open":"276670"}],"arg":{"instType":"spot","symbol":"BTCUSDT","topic":"kline","interval":"1D"},"action":"snapshot","ts":1736370735556}
 */
export interface BitgetV3KlineRow {
  start: string;
  open: string;
  high: string;
  low: string;
  close: string;
  volume: string;
  turnover: string;
}

/**
 * `liquidation` per product type: "Data is pushed once per second … only the record with the highest liquidation
 * quantity for long and short positions respectively per trading pair is included. Both Unified Trading Account and
 * Classic Account liquidation data are covered … at most 2 records are delivered (1 for long, 1 for short)". `side`
 * names the liquidated position (`buy` = a long), read as tardis-node reads it.
 * Docs: https://www.bitget.com/api-doc/uta/websocket/public/Liquidation-Channel
 * @example {"data":[{"symbol":"BTCUSDT","side":"buy","price":"89000","amount":"37.722858","ts":"1736371332162"}],"arg":{"instType":"usdt-futures","topic":"liquidation"},"action":"update","ts":1736371332162}
 */
export interface BitgetV3LiquidationRow {
  symbol: string;
  side: "buy" | "sell";
  price: string;
  amount: string;
  ts: string;
}

// ── WebSocket v2 (classic) and v1 (retired): frames found in recordings ────────────────────────────────────────

/**
 * `books` rows of the classic v2 socket (`wss://ws.bitget.com/v2/ws/public`, `arg.channel` / `arg.instId`) and of the
 * retired v1 sockets (`/spot/v1/stream` instType `sp`, `/mix/v1/stream` instType `mc`), same shape. Checksum: "Build
 * the string to check CRC32: "43231.1:4:43232.8:9:43231:6:43232.9:8" The sequence: "bid1[price:amount]:ask1[price:
 * amount]:bid2[price:amount]:ask2[price:amount]"", 25 levels a side; "Less than 25 levels of bid or ask … "3366.1:7:
 * 3366.8:9:3368:8:3372:8"". v2 adds `seq`/`pseq` ("The seq of update incremental messages is incrementing except
 * during symbol maintenance").
 * Docs: https://www.bitget.com/api-doc/spot/websocket/public/Depth-Channel (Checksum),
 * https://www.bitget.com/api-doc/classic/contract/websocket/public/Order-Book-Channel
 * @example {"action":"update","arg":{"instType":"USDT-FUTURES","channel":"books","instId":"AXSUSDT"},"data":[{"asks":[["5.085","144.6"]],"bids":[["5.081","536.2"]],"checksum":-1258619028,"ts":"1730332859988"}],"ts":1730332859991}
 */
export interface BitgetDepthRows {
  asks: [price: string, size: string][];
  bids: [price: string, size: string][];
  checksum: number;
  seq?: number;
  pseq?: number;
  ts: string;
}

/**
 * v2 `trade`: `{ts, price, size, side, tradeId}` per fill (v1 rows are `[ts, price, size, side]`, with no id).
 * Docs: https://www.bitget.com/api-doc/spot/websocket/public/Trades-Channel
 * @example {"action":"update","arg":{"instType":"SPOT","channel":"trade","instId":"BTCUSDT"},"data":[{"ts":"1730332858796","price":"72389.99","size":"0.001373","side":"buy","tradeId":"1235671058980749319"}],"ts":1730332858805}
 */
export interface BitgetV2TradeRow {
  ts: string;
  price: string;
  size: string;
  side: "buy" | "sell";
  tradeId: string;
}

/**
 * v2 `ticker`: `lastPr`, `bidPr`/`askPr`, `change24h` (a fraction), `baseVolume`/`quoteVolume`, `ts`; futures add
 * `fundingRate`, `nextFundingTime`, `markPrice`, `indexPrice`, `holdingAmount` (open interest in coins).
 * Docs: https://www.bitget.com/api-doc/contract/websocket/public/Tickers-Channel
 * @example {"action":"snapshot","arg":{"instType":"USDT-FUTURES","channel":"ticker","instId":"STORJUSDT"},"data":[{"instId":"STORJUSDT","lastPr":"0.4706","bidPr":"0.4705","askPr":"0.4708","bidSz":"1367.3","askSz":"2535.3","open24h":"0.4737","high24h":"0.4784","low24h":"0.463","change24h":"-0.01569","fundingRate":"0.0001","nextFundingTime":"1730361600000","markPrice":"0.4705","indexPrice":"0.47080586","holdingAmount":"8572031.1","baseVolume":"2878355.9","quoteVolume":"1355483.45089","openUtc":"0.4706","symbolType":"1","symbol":"STORJUSDT","deliveryPrice":"0","ts":"1730332823155"}],"ts":1730332823157}
 */
export interface BitgetV2TickerRow {
  instId: string;
  lastPr: string;
  bidPr: string;
  askPr: string;
  bidSz: string;
  askSz: string;
  open24h: string;
  high24h: string;
  low24h: string;
  change24h: string;
  baseVolume: string;
  quoteVolume: string;
  fundingRate?: string;
  nextFundingTime?: string;
  markPrice?: string;
  indexPrice?: string;
  holdingAmount?: string;
  ts: string;
}

// ── REST v3 (UTA) market data ──────────────────────────────────────────────────────────────────────────────────

/**
 * Every REST answer: `code` "00000" on success, rows in `data`.
 * Docs: https://www.bitget.com/api-doc/uta/public/Tickers (Response)
 * @example {"code":"40034","msg":"Parameter BTCUSDX does not exist","requestTime":1695806875837,"data":null}
 */
export interface BitgetRestEnvelope<T> {
  code: string;
  msg: string;
  requestTime: number;
  data: T;
}

/**
 * `GET /api/v3/market/instruments?category=SPOT|USDT-FUTURES|COIN-FUTURES|USDC-FUTURES` ("Rate limit: 20/sec/IP").
 * `status`: listed, online, limit_open, limit_close, offline, restrictedAPI. Futures add `priceMultiplier` (price
 * step), `quantityMultiplier` (size step), `symbolType` perpetual / delivery and `deliveryTime`.
 * Docs: https://www.bitget.com/api-doc/uta/public/Instruments
 * @example {"symbol":"BTCUSDT","category":"USDT-FUTURES","baseCoin":"BTC","quoteCoin":"USDT","minOrderQty":"0.0001","pricePrecision":"1","quantityPrecision":"4","priceMultiplier":"0.1","quantityMultiplier":"0.0001","symbolType":"perpetual","status":"online","deliveryTime":"","fundInterval":"8"}
 */
export interface BitgetInstrumentRow {
  symbol: string;
  category: string;
  baseCoin: string;
  quoteCoin: string;
  pricePrecision: string;
  quantityPrecision: string;
  priceMultiplier?: string;
  quantityMultiplier?: string;
  symbolType?: "perpetual" | "delivery";
  deliveryTime?: string;
  status: string;
}

/**
 * `GET /api/v3/market/tickers?category=…&symbol=…`: rows as on the socket, plus `category` and `symbol`.
 * Docs: https://www.bitget.com/api-doc/uta/public/Tickers
 * @example {"category":"USDT-FUTURES","symbol":"BTCUSDT","lastPrice":"97999.9","openPrice24h":"97996.6","highPrice24h":"98003.4","lowPrice24h":"97996.6","ask1Price":"98000.1","bid1Price":"97999.9","bid1Size":"9.69","ask1Size":"9.69","price24hPcnt":"0.00003","volume24h":"52.0516","turnover24h":"5101050.26784","indexPrice":"120000","markPrice":"98000","fundingRate":"0.000001","openInterest":"1411.1397","deliveryStartTime":"","deliveryTime":"","deliveryStatus":""}
 */
export interface BitgetRestTicker extends BitgetV3TickerRow {
  category: string;
  symbol: string;
}

/**
 * `GET /api/v3/market/orderbook?category=…&symbol=…&limit=…` ("Default: 5. Maximum: 200"); no sequence number, so a
 * REST book cannot be bridged to the socket (the socket sends its own snapshot).
 * Docs: https://www.bitget.com/api-doc/uta/public/OrderBook
 * @example {"a":[[73000.0,0.007],[74000.0,0.007]],"b":[[71213.8,1.836],[71213.3,10.000]],"ts":"1730969017964"}
 */
export interface BitgetRestBook {
  a: [price: string | number, size: string | number][];
  b: [price: string | number, size: string | number][];
  ts: string;
}

/**
 * `GET /api/v3/market/fills?category=…&symbol=…&limit=…`: recent public fills, newest first.
 * Docs: https://www.bitget.com/api-doc/uta/public/ (Get Recent Public Fills)
 * @example {"execId":"1432912492051054592","price":"76631.3","size":"0.01","side":"buy","ts":"1777358881008"}
 */
export interface BitgetRestFill {
  execId: string;
  price: string;
  size: string;
  side: "buy" | "sell";
  ts: string;
}

/**
 * `GET /api/v3/market/candles` (recent, up to 1,000 bars) and `/history-candles` ("within the last 90 days"):
 * `interval` 1m … 1D, `startTime`/`endTime`, `limit` ≤ 100; rows `[start, o, h, l, c, volume (base), turnover
 * (quote)]`.
 * Docs: https://www.bitget.com/api-doc/uta/public/Get-Candle-Data,
 * https://www.bitget.com/api-doc/uta/public/Get-History-Candle-Data
 * @example ["1687708800000","27176.93","27177.43","27166.93","27177.43","2990.08","81246917.3294"]
 */
export type BitgetRestCandle = [string, string, string, string, string, string, string];

/**
 * `GET /api/v3/market/history-fund-rate?category=…&symbol=…&cursor=…&limit=…`: settled rates, rows in
 * `data.resultList` (a bare array is read too).
 * Docs: https://www.bitget.com/api-doc/uta/public/ (Get History Funding Rate)
 * @example {"symbol":"BTCUSDT","fundingRate":"0.0001","fundingRateTimestamp":"1695776400000"}
 */
export interface BitgetFundingHistoryRow {
  symbol: string;
  fundingRate: string;
  fundingRateTimestamp: string;
}

/**
 * `GET /api/v3/market/open-interest?category=…&symbol=…`: `{list: [{symbol, openInterest}], ts}`.
 * Docs: https://www.bitget.com/api-doc/uta/public/ (Get Open Interest)
 * @example {"list":[{"symbol":"BTCUSDT","openInterest":"29539.3825"}],"ts":"1777358880000"}
 */
export interface BitgetRestOpenInterest {
  list: { symbol: string; openInterest: string }[];
  ts: string;
}
