// OKX v5 wire shapes: public WebSocket frames (`/ws/v5/public` and `/ws/v5/business`) and REST bodies, each with
// its docs section and one payload. Numbers and times arrive as text (book `seqId`/`checksum` as numbers); parsers
// read them tolerantly (values.ts), so the types say what OKX sends, not what `parse` trusts.

// ── WebSocket: control ─────────────────────────────────────────────────────────────────────────────────────────

/**
 * Keep-alive: the client sends the text `ping` when nothing arrived for N < 30 s and expects the text `pong`
 * (not JSON). "The connection will break automatically if the subscription is not established or data has not
 * been pushed for more than 30 seconds."
 * Docs: https://www.okx.com/docs-v5/en/#overview-websocket-connect
 * @example pong
 */
export type OkxPongFrame = "pong";

/** One channel subscription: `instId` for per-instrument channels, `instType` for instType-wide ones. */
export interface OkxChannelArg {
  channel: string;
  instId?: string;
  instType?: string;
  instFamily?: string;
}

/**
 * Subscribe / unsubscribe request; "the total length of multiple channels cannot exceed 64 KB", and
 * "the total number of 'subscribe'/'unsubscribe'/'login' requests per connection is limited to 480 times per hour".
 * Docs: https://www.okx.com/docs-v5/en/#overview-websocket-subscribe
 * @example {"id":"1512","op":"subscribe","args":[{"channel":"books","instId":"BTC-USDT"}]}
 */
export interface OkxOpRequest {
  id?: string;
  op: "subscribe" | "unsubscribe";
  args: OkxChannelArg[];
}

/**
 * Reply to each subscribed / unsubscribed arg, or an error (`event: "error"`, code + msg, no `arg`).
 * Docs: https://www.okx.com/docs-v5/en/#overview-websocket-subscribe
 * @example {"event":"subscribe","arg":{"channel":"tickers","instId":"UNI-USD-SWAP"}}
 * @example {"id":"1512","event":"error","code":"60012","msg":"Invalid request: {\"op\": \"subscribe\", \"argss\":[{ \"channel\" : \"books\", \"instId\" : \"BTC-USD-191227\"}]}","connId":"a4d3ae55"}
 */
export interface OkxEventFrame {
  id?: string;
  event: "subscribe" | "unsubscribe" | "error" | "notice" | "channel-conn-count" | "channel-conn-count-error";
  arg?: OkxChannelArg;
  code?: string;
  msg?: string;
  connId?: string;
}

/**
 * Sent 30 s before a service upgrade closes the connection: reconnect now.
 * Docs: https://www.okx.com/docs-v5/en/#overview-websocket-notification
 * @example {"event":"notice","code":"64008","msg":"The connection will soon be closed for a service upgrade. Please reconnect.","connId":"a4d3ae55"}
 */
export interface OkxNoticeFrame extends OkxEventFrame {
  event: "notice";
}

/** Every data push: the subscribed `arg`, then `data` (objects, or arrays for candles). Books add `action`. */
export interface OkxPushFrame<T> {
  arg: OkxChannelArg;
  action?: "snapshot" | "update";
  data: T[];
}

// ── WebSocket: data ────────────────────────────────────────────────────────────────────────────────────────────

/**
 * `trades-all` on `/ws/v5/business`: "Every update contain only one trade." `side` is the taker's.
 * Docs: https://www.okx.com/docs-v5/en/#order-book-trading-market-data-ws-all-trades-channel
 * @example {"arg":{"channel":"trades-all","instId":"BSV-USDT"},"data":[{"instId":"BSV-USDT","tradeId":"84834539","px":"42.52","sz":"3.75","side":"buy","ts":"1697760012017"}]}
 */
export interface OkxTradeFrame {
  instId: string;
  tradeId: string;
  px: string;
  sz: string;
  side: "buy" | "sell";
  ts: string;
  source?: string;
}

/**
 * `trades` on `/ws/v5/public`: "The system will send only one message per taker order, filled price, source. The
 * `count` field will be used to represent the number of aggregated matches"; `tradeId` is the last one, and the
 * message of `tradeId` 123 with `count` 3 aggregates trades 121..123. Frames from before aggregation (2022) have no
 * `count`: one trade each.
 * Docs: https://www.okx.com/docs-v5/en/#order-book-trading-market-data-ws-trades-channel
 * @example {"arg":{"channel":"trades","instId":"BTC-USDT"},"data":[{"instId":"BTC-USDT","tradeId":"130639474","px":"42219.9","sz":"0.12060306","side":"buy","ts":"1630048897897","count":"3","source":"0","seqId":1234}]}
 */
export interface OkxAggTradeFrame extends OkxTradeFrame {
  count?: string;
  seqId?: number;
}

/**
 * `option-trades` (instType OPTION, by instId or instFamily): one trade per update. "The first data you receive
 * after subscribing may be cached from the previous trade, so please ignore it."
 * Docs: https://www.okx.com/docs-v5/en/#order-book-trading-market-data-ws-option-trades-channel
 * @example {"arg":{"channel":"option-trades","instType":"OPTION","instFamily":"BTC-USD"},"data":[{"fillVol":"0.5066007836914062","fwdPx":"16469.69928595038","idxPx":"16537.2","instFamily":"BTC-USD","instId":"BTC-USD-230224-18000-C","markPx":"0.04690107010619562","optType":"C","px":"0.045","side":"sell","sz":"2","tradeId":"38","ts":"1672286551080"}]}
 */
export interface OkxOptionTradeFrame extends OkxTradeFrame {
  instFamily?: string;
  optType?: "C" | "P";
  markPx?: string;
  idxPx?: string;
}

/** `[price, size, deprecated "0", order count]`, all text; size 0 removes the level. */
export type OkxBookLevel = [price: string, size: string, liquidatedOrders: string, orders: string];

/**
 * `books` (400 levels): a snapshot on subscribe, then updates every 100 ms. `prevSeqId` of an update is the
 * `seqId` of the previous message (-1 on the snapshot); a no-change heartbeat repeats `seqId` with empty sides;
 * after maintenance `seqId` may restart below `prevSeqId`. `checksum` is the signed CRC32 of the top 25 levels,
 * bid and ask interleaved (`bid1px:bid1sz:ask1px:ask1sz:…`, the longer side's rest appended), in the text sent.
 * 2022 frames carry no `seqId`/`prevSeqId`.
 * Docs: https://www.okx.com/docs-v5/en/#order-book-trading-market-data-ws-order-book-channel
 * @example {"arg":{"channel":"books","instId":"BTC-USDT"},"action":"update","data":[{"asks":[["8476.98","415","0","13"]],"bids":[["8476.97","256","0","12"]],"ts":"1597026383085","checksum":-855196043,"prevSeqId":123456,"seqId":123457}]}
 */
export interface OkxBookFrame {
  asks: OkxBookLevel[];
  bids: OkxBookLevel[];
  ts: string;
  checksum?: number;
  prevSeqId?: number;
  seqId?: number;
}

/**
 * `tickers`: at most one push per 100 ms, on a trade or a best bid/ask change. `vol24h` counts contracts on
 * derivatives (base on spot); `volCcy24h` is base on derivatives, quote on spot.
 * Docs: https://www.okx.com/docs-v5/en/#order-book-trading-market-data-ws-tickers-channel
 * @example {"arg":{"channel":"tickers","instId":"UNI-USD-SWAP"},"data":[{"instType":"SWAP","instId":"UNI-USD-SWAP","last":"5.123","lastSz":"100","askPx":"5.142","askSz":"25","bidPx":"5.134","bidSz":"96","open24h":"4.799","high24h":"5.458","low24h":"4.537","sodUtc0":"4.654","sodUtc8":"5.204","volCcy24h":"577730.7823","vol24h":"289425","ts":"1652459223143"}]}
 */
export interface OkxTickerFrame {
  instType: string;
  instId: string;
  last: string;
  lastSz: string;
  askPx: string;
  askSz: string;
  bidPx: string;
  bidSz: string;
  open24h: string;
  high24h: string;
  low24h: string;
  volCcy24h: string;
  vol24h: string;
  ts: string;
}

/**
 * `candle<bar>` on `/ws/v5/business`: `[ts, o, h, l, c, vol, volCcy, volCcyQuote, confirm]`, ts = bar open,
 * confirm `1` = final. Bars `6H` … `3M` open at UTC+8; their `…utc` twins at UTC 0.
 * Docs: https://www.okx.com/docs-v5/en/#order-book-trading-market-data-ws-candlesticks-channel
 * @example {"arg":{"channel":"candle1D","instId":"BTC-USDT"},"data":[["1597026383085","8533.02","8553.74","8527.17","8548.26","45247","529.5858061","5529.5858061","0"]]}
 */
export type OkxCandleRow = [
  openTimeMs: string,
  open: string,
  high: string,
  low: string,
  close: string,
  volume: string,
  volumeCcy: string,
  volumeCcyQuote: string,
  confirm: string,
];

/**
 * `mark-price`: every 200 ms while it changes, every 10 s otherwise.
 * Docs: https://www.okx.com/docs-v5/en/#public-data-websocket-mark-price-channel
 * @example {"arg":{"channel":"mark-price","instId":"WNCG-USDT-SWAP"},"data":[{"instId":"WNCG-USDT-SWAP","instType":"SWAP","markPx":"2.1729","ts":"1640131259180"}]}
 */
export interface OkxMarkPriceFrame {
  instType: string;
  instId: string;
  markPx: string;
  ts: string;
}

/**
 * `funding-rate` (SWAP): every 30 to 90 s. `fundingRate` is the rate of the coming settlement at `fundingTime`;
 * `nextFundingTime` is the one after it. 2021 frames have no `ts`, some no `fundingRate`.
 * Docs: https://www.okx.com/docs-v5/en/#public-data-websocket-funding-rate-channel
 * @example {"arg":{"channel":"funding-rate","instId":"BTC-USD-SWAP"},"data":[{"fundingRate":"0.0001875391284828","fundingTime":"1700726400000","instId":"BTC-USD-SWAP","instType":"SWAP","method":"current_period","maxFundingRate":"0.00375","minFundingRate":"-0.00375","nextFundingRate":"","nextFundingTime":"1700755200000","premium":"0.0001233824646391","settFundingRate":"0.0001699799259033","settState":"settled","ts":"1700724675402"}]}
 */
export interface OkxFundingRateFrame {
  instType: string;
  instId: string;
  fundingRate?: string;
  fundingTime?: string;
  nextFundingRate?: string;
  nextFundingTime?: string;
  ts?: string;
}

/**
 * `open-interest`: every 3 s when it changes. `oi` counts contracts, `oiCcy` coins (the base), `oiUsd` (newer) USD.
 * Docs: https://www.okx.com/docs-v5/en/#public-data-websocket-open-interest-channel
 * @example {"arg":{"channel":"open-interest","instId":"LTC-USD-SWAP"},"data":[{"instType":"SWAP","instId":"LTC-USD-SWAP","oi":"5000","oiCcy":"555.55","ts":"1597026383085"}]}
 */
export interface OkxOpenInterestFrame {
  instType: string;
  instId: string;
  oi: string;
  oiCcy: string;
  oiUsd?: string;
  ts: string;
}

/**
 * `liquidation-orders`, subscribed per instType (SWAP, FUTURES, MARGIN, OPTION): "each contract will only show a
 * maximum of one order per one-second period". `side`/`bkPx` only for FUTURES and SWAP; `sz` in contracts there.
 * Docs: https://www.okx.com/docs-v5/en/#public-data-websocket-liquidation-orders-channel
 * @example {"arg":{"channel":"liquidation-orders","instType":"SWAP"},"data":[{"details":[{"bkLoss":"0","bkPx":"0.007831","ccy":"","posSide":"short","side":"buy","sz":"13","ts":"1692266434010"}],"instFamily":"IOST-USDT","instId":"IOST-USDT-SWAP","instType":"SWAP","uly":"IOST-USDT"}]}
 */
export interface OkxLiquidationFrame {
  instType: string;
  instId: string;
  instFamily?: string;
  uly?: string;
  details: Array<{
    side?: "buy" | "sell";
    posSide?: "long" | "short" | "net";
    bkPx?: string;
    sz: string;
    bkLoss?: string;
    ccy?: string;
    ts: string;
  }>;
}

// ── REST ───────────────────────────────────────────────────────────────────────────────────────────────────────

/**
 * Every REST answer: `code` "0" on success (HTTP 200 even on most errors), rows in `data`.
 * Docs: https://www.okx.com/docs-v5/en/#overview-rest-api (REST API), https://www.okx.com/docs-v5/en/#error-code
 * @example {"code":"51001","msg":"Instrument ID does not exist","data":[]}
 */
export interface OkxRestEnvelope<T> {
  code: string;
  msg: string;
  data: T[];
}

/**
 * `GET /api/v5/public/instruments?instType=SPOT|SWAP|FUTURES` (OPTION needs `instFamily`). `state`: live,
 * suspend, preopen, test; `ctType` linear / inverse; `settleCcy` margin and settlement coin.
 * Docs: https://www.okx.com/docs-v5/en/#public-data-rest-api-get-instruments
 * @example {"instType":"SWAP","instId":"BTC-USD-SWAP","uly":"BTC-USD","instFamily":"BTC-USD","baseCcy":"","quoteCcy":"","settleCcy":"BTC","ctVal":"100","ctMult":"1","ctValCcy":"USD","optType":"","stk":"","listTime":"1597026383085","expTime":"","lever":"125","tickSz":"0.1","lotSz":"1","minSz":"1","ctType":"inverse","alias":"","state":"live"}
 */
export interface OkxInstrumentRow {
  instType: string;
  instId: string;
  uly?: string;
  instFamily?: string;
  baseCcy?: string;
  quoteCcy?: string;
  settleCcy?: string;
  ctVal?: string;
  ctType?: string;
  tickSz?: string;
  lotSz?: string;
  expTime?: string;
  state: string;
}

/**
 * `GET /api/v5/market/ticker?instId=…` (one row) and `/market/tickers?instType=…` (all; the option account's
 * instrument list, since `/public/instruments` lists options only per `instFamily`). Same fields as the channel.
 * Docs: https://www.okx.com/docs-v5/en/#order-book-trading-market-data-get-ticker
 * @example {"instType":"SWAP","instId":"BTC-USD-SWAP","last":"56956.1","lastSz":"3","askPx":"56959.1","askSz":"10582","bidPx":"56959","bidSz":"4552","open24h":"55926","high24h":"57641.1","low24h":"54570.1","volCcy24h":"81137.755","vol24h":"46258703","ts":"1620289117764","sodUtc0":"55926","sodUtc8":"55926"}
 */
export type OkxRestTicker = OkxTickerFrame;

/**
 * `GET /api/v5/market/books?instId=…&sz=…` (sz ≤ 400, 50 ms cache) or `/market/books-full` (sz ≤ 5000, rows of 3).
 * No sequence id: a REST book cannot be bridged to the socket's updates.
 * Docs: https://www.okx.com/docs-v5/en/#order-book-trading-market-data-get-order-book
 * @example {"asks":[["41006.8","0.60038921","0","1"]],"bids":[["41006.3","0.30178218","0","2"]],"ts":"1629966436396"}
 */
export interface OkxRestBook {
  asks: string[][];
  bids: string[][];
  ts: string;
}

/**
 * `GET /api/v5/market/trades?instId=…&limit=…` (≤ 500, newest first; one row per trade).
 * Docs: https://www.okx.com/docs-v5/en/#order-book-trading-market-data-get-trades
 * @example {"instId":"BTC-USDT","side":"sell","sz":"0.00001","source":"0","px":"29963.2","tradeId":"242720720","ts":"1654161646974"}
 */
export type OkxRestTrade = OkxTradeFrame;

/**
 * `GET /api/v5/market/candles` (latest 1440 bars, limit ≤ 300) and `/market/history-candles` (older), newest first,
 * rows as on the socket; `after`/`before` page by open time (exclusive).
 * Docs: https://www.okx.com/docs-v5/en/#order-book-trading-market-data-get-candlesticks
 * @example ["1597026383085","3.721","3.743","3.677","3.708","8422410","22698348.04828491","12698348.04828491","0"]
 */
export type OkxRestCandle = OkxCandleRow;

/**
 * `GET /api/v5/public/funding-rate-history?instId=…` (three months, newest first): `realizedRate` is the rate
 * charged at `fundingTime`, `fundingRate` the predicted one.
 * Docs: https://www.okx.com/docs-v5/en/#public-data-rest-api-get-funding-rate-history
 * @example {"formulaType":"noRate","fundingRate":"0.0000746604960499","fundingTime":"1703059200000","instId":"BTC-USD-SWAP","instType":"SWAP","method":"next_period","realizedRate":"0.0000746572360545"}
 */
export interface OkxFundingHistoryRow {
  instId: string;
  instType: string;
  fundingRate: string;
  realizedRate?: string;
  fundingTime: string;
}

/**
 * `GET /api/v5/public/open-interest?instType=…&instId=…`.
 * Docs: https://www.okx.com/docs-v5/en/#public-data-rest-api-get-open-interest
 * @example {"instType":"SWAP","instId":"BTC-USDT-SWAP","oi":"5000","oiCcy":"555.55","oiUsd":"50000","ts":"1597026383085"}
 */
export type OkxRestOpenInterest = OkxOpenInterestFrame;
