// Crypto.com Exchange API v1 wire shapes: the market-data socket's requests, heartbeats, answers and pushes (book,
// trade, ticker, candlestick, mark, index, funding) and the public REST results, each with its docs page and one real
// or documented payload. Numbers arrive as text in v1 (as JSON numbers in the older v2 frames of the recordings); the
// parsers read both tolerantly (values.ts), so these types say what is sent, not what is trusted.
//
// Docs root: https://exchange-developer.crypto.com/exchange/v1/docs/api/websocket/crypto-com-exchange-websocket-api
// (formerly https://exchange-docs.crypto.com/exchange/v1/rest-ws/index.html).

/** A number as Crypto.com sends it: text in API v1 (`"51327.500000"`), a JSON number in the older v2 frames. */
export type CryptocomNumber = string | number;

/**
 * `subscribe` / `unsubscribe` on the market socket. "nonce: Current timestamp in milliseconds". `book_subscription_type`
 * and `book_update_frequency` apply to book channels only.
 * Docs: https://exchange-developer.crypto.com/exchange/v1/docs/api/websocket/ws-market-data-client-commands-market-data-subscribe-request,
 * https://exchange-developer.crypto.com/exchange/v1/docs/api/websocket/ws-market-data-client-commands-market-data-unsubscribe-request
 * @example {"id":1,"method":"subscribe","nonce":"1613571154900","params":{"channels":["book.BTCUSD-PERP.10"],"book_subscription_type":"SNAPSHOT_AND_UPDATE","book_update_frequency":100}}
 */
export interface CryptocomSubscribeRequest {
  id: number;
  method: "subscribe" | "unsubscribe";
  params: {
    channels: string[];
    book_subscription_type?: "SNAPSHOT" | "SNAPSHOT_AND_UPDATE";
    book_update_frequency?: 10 | 100 | 500;
  };
  nonce: number;
}

/**
 * "Heartbeat sent by server every 30s; client must respond with public/respond-heartbeat within 5 seconds", echoing
 * the id. "1000: Normal disconnection by server, usually when the heartbeat isn't handled properly".
 * Docs: https://exchange-developer.crypto.com/exchange/v1/docs/api/websocket/ws-market-data-client-commands-heartbeat-request,
 * https://exchange-developer.crypto.com/exchange/v1/docs/api/websocket/ws-market-data-client-commands-respond-heartbeat-request
 * @example {"id":1587523073344,"method":"public/heartbeat","code":0}
 * @example (our answer) {"id":1587523073344,"method":"public/respond-heartbeat"}
 */
export interface CryptocomHeartbeatFrame {
  id: number;
  method: "public/heartbeat";
  code?: number;
}

/**
 * An answer to a request: `code` 0 is success. A book subscription is acknowledged once per channel; errors carry
 * `message` (and `original`, the request as escaped text). "if the id and method is omitted in the original request,
 * id will have a value of -1 and method will have a value of ERROR". Reason codes: 40003 INVALID_REQUEST (unknown
 * symbol, channel or depth), 40107 EXCEED_MAX_SUBSCRIPTIONS, 42901 TOO_MANY_REQUESTS, 50001 ERR_INTERNAL.
 * Docs: https://exchange-developer.crypto.com/exchange/v1/docs/api/websocket/crypto-com-exchange-websocket-api
 * (Response Format, Response and Reason Codes, Error Response Format)
 * @example (recorded, tardis) {"id":1,"code":0,"method":"subscribe"}
 * @example {"id":1,"method":"subscribe","code":0,"channel":"book.BTCUSD-PERP.50"}
 * @example {"id":7,"method":"subscribe","code":40003,"message":"Unknown symbol"}
 */
export interface CryptocomAnswer {
  id: number;
  method: string;
  code: CryptocomNumber;
  channel?: string;
  message?: string;
  original?: string;
}

/**
 * Every push: `method: "subscribe"`, `id` -1 (or the request id on the first push of some channels) and `result`
 * with the instrument, the subscription it answers, the channel and an array of items. Field order since 2024-01-04:
 * "id, method, code, instrument_name, subscription, channel".
 * Docs: https://exchange-developer.crypto.com/exchange/v1/docs/api/websocket-change-log
 */
export interface CryptocomPush<T> {
  id: number;
  method: "subscribe";
  code: CryptocomNumber;
  result: {
    instrument_name: string;
    subscription: string;
    channel: string;
    /** Book channels. */
    depth?: CryptocomNumber;
    /** Candlestick channels: the timeframe (`1D`; older frames `M1`, `D1`). */
    interval?: string;
    data: T[];
  };
}

/** `[price, quantity, number of orders]`; a quantity of 0 removes the level ("Number of Orders currently returns 0"). */
export type CryptocomLevel = [CryptocomNumber, CryptocomNumber, CryptocomNumber?];

/**
 * `book.{instrument_name}.{depth}` (depth 10 or 50), snapshot (`channel: "book"`): "Snapshot has asks, bids, t, tt, u".
 * `t` is the publish time, `tt` the time of the last book change, `u` the update sequence. Frames of the older v2 API
 * carry `s` instead of `u`. Every frame also carries `cs`, a checksum whose algorithm the docs do not define.
 * Docs: https://exchange-developer.crypto.com/exchange/v1/docs/api/websocket/ws-channel-book-instrument-name-depth
 * @example {"id":-1,"method":"subscribe","code":0,"result":{"instrument_name":"BTCUSD-PERP","subscription":"book.BTCUSD-PERP.10","channel":"book","depth":10,"data":[{"asks":[["30082.5","0.1689","1"]],"bids":[["30079.0","0.0505","1"]],"t":1654780033786,"tt":1654780033755,"u":542048017824}]}}
 * @example (recorded v2, tardis) {"code":0,"method":"subscribe","result":{"instrument_name":"AAVE_USDT","subscription":"book.AAVE_USDT.150","channel":"book","depth":150,"data":[{"bids":[[97.44,7.5202,1]],"asks":[[97.685,9.8577,1],[302.01,0.005,1]],"t":1659311999918,"s":702658069}]}}
 */
export interface CryptocomBookSnapshotItem {
  bids: CryptocomLevel[];
  asks: CryptocomLevel[];
  t: CryptocomNumber;
  tt?: CryptocomNumber;
  u?: CryptocomNumber;
  /** v2 API sequence. */
  s?: CryptocomNumber;
  cs?: number;
}

/**
 * `book.{instrument_name}.{depth}` delta (`channel: "book.update"`, `book_subscription_type: SNAPSHOT_AND_UPDATE`):
 * "delta has update and pu" (previous sequence); each delta's `pu` is the `u` of the frame before it, the first
 * delta's `pu` the snapshot's `u`. "the fixed 500ms delta full book snapshot heartbeat is replaced with empty delta
 * in the case of no book changes" (2024-01-04), sent with `u` equal to `pu`.
 * Docs: https://exchange-developer.crypto.com/exchange/v1/docs/api/websocket/ws-channel-book-instrument-name-depth,
 * https://exchange-developer.crypto.com/exchange/v1/docs/api/websocket-change-log
 * @example (recorded, tardis) {"id":-1,"code":0,"method":"subscribe","result":{"channel":"book.update","subscription":"book.DOGE_USDT.50","instrument_name":"DOGE_USDT","depth":50,"data":[{"update":{"asks":[["0.136338","1312","1"]],"bids":[["0.116116","0","0"]]},"t":1667320303772,"tt":1667320303761,"u":41261686400,"pu":41261671840,"cs":-807443798}]}}
 */
export interface CryptocomBookUpdateItem {
  update: { bids?: CryptocomLevel[]; asks?: CryptocomLevel[] };
  t: CryptocomNumber;
  tt?: CryptocomNumber;
  u?: CryptocomNumber;
  pu?: CryptocomNumber;
  s?: CryptocomNumber;
  cs?: number;
}

/**
 * `trade.{instrument_name}`: "Returns last 50 trades on subscribe", newest first. `d` trade id, `s` "Side is the side
 * of the taker order", `m` match id, `i` instrument. v2 frames sent `d` as a JSON number beyond 2^53.
 * Docs: https://exchange-developer.crypto.com/exchange/v1/docs/api/websocket/ws-channel-trade-instrument-name
 * @example (recorded, tardis) {"id":-1,"code":0,"method":"subscribe","result":{"channel":"trade","subscription":"trade.BTC_USDT","instrument_name":"BTC_USDT","data":[{"d":"4611686018428108636","t":1667320314770,"p":"20432.51","q":"0.01163","s":"SELL","i":"BTC_USDT"}]}}
 */
export interface CryptocomTradeItem {
  d: string | number;
  t: CryptocomNumber;
  p: CryptocomNumber;
  q: CryptocomNumber;
  s: "BUY" | "SELL";
  i: string;
  m?: string;
  /** REST only: the trade time in nanoseconds. */
  tn?: string;
  /** v2 frames: the publish time. */
  dataTime?: number;
}

/**
 * `ticker.{instrument_name}` (and `public/get-tickers` rows, which lack `bs`/`ks`): `a` last trade price, `b`/`bs` best
 * bid and size, `k`/`ks` best ask and size, `h`/`l` 24 h high and low, `c` "24-hour price change" (a ratio in v1:
 * 0.0395 is +3.95 %), `v` 24 h volume, `vv` "24h traded volume value (in USD)", `oi` "The open interest", `t` publish
 * time. Prices are null when there were no trades or no orders on a side.
 * Docs: https://exchange-developer.crypto.com/exchange/v1/docs/api/websocket/ws-channel-ticker-instrument-name,
 * https://exchange-developer.crypto.com/exchange/v1/docs/api/rest/public-get-tickers
 * @example (recorded, tardis) {"id":-1,"code":0,"method":"subscribe","result":{"channel":"ticker","instrument_name":"APEUSD-PERP","subscription":"ticker.APEUSD-PERP","id":-1,"data":[{"h":"4.7743","l":"4.6082","a":"4.6121","c":"-0.0144","b":"4.6121","bs":"25","k":"4.6148","ks":"131","i":"APEUSD-PERP","v":"123899","vv":"580747.59","oi":"55851","t":1667320303754}]}}
 */
export interface CryptocomTickerItem {
  i: string;
  t: CryptocomNumber;
  a?: CryptocomNumber | null;
  b?: CryptocomNumber | null;
  bs?: CryptocomNumber | null;
  k?: CryptocomNumber | null;
  ks?: CryptocomNumber | null;
  h?: CryptocomNumber | null;
  l?: CryptocomNumber | null;
  c?: CryptocomNumber | null;
  v?: CryptocomNumber | null;
  vv?: CryptocomNumber | null;
  oi?: CryptocomNumber | null;
}

/**
 * `candlestick.{timeframe}.{instrument_name}` (and `public/get-candlestick` rows): `t` "Start time of candlestick",
 * OHLC and volume. Timeframes 1m 5m 15m 30m 1h 2h 4h 12h 1D 7D 14D 1M (older names M1 M5 … H1 … D1 7D 14D 1M). No
 * field says a bar is final.
 * Docs: https://exchange-developer.crypto.com/exchange/v1/docs/api/websocket/ws-channel-candlestick-timeframe-instrument-name,
 * https://exchange-developer.crypto.com/exchange/v1/docs/api/rest/public-get-candlestick
 * @example {"id":1,"method":"subscribe","code":0,"result":{"instrument_name":"BTCUSD-PERP","subscription":"candlestick.1D.BTCUSD-PERP","channel":"candlestick","interval":"1D","data":[{"o":"51140.500000","h":"51699.000000","l":"49212.000000","c":"51313.500000","v":"867.9432","t":1612224000000}]}}
 */
export interface CryptocomCandleItem {
  t: CryptocomNumber;
  o: CryptocomNumber;
  h: CryptocomNumber;
  l: CryptocomNumber;
  c: CryptocomNumber;
  v: CryptocomNumber;
}

/**
 * A value with its time, the payload of `mark.{instrument_name}` ("Mark price"), `index.{BTCUSD-INDEX}` ("Index
 * price", named by the underlying index), `funding.{instrument_name}` ("Hourly funding rate that will settle at end
 * of current hour"), `estimatedfunding.{instrument_name}` ("Estimated funding rate for the next interval") and
 * `settlement.{instrument_name}`, and of `public/get-valuations` rows.
 * Docs: https://exchange-developer.crypto.com/exchange/v1/docs/api/websocket/ws-channel-mark-instrument-name,
 * https://exchange-developer.crypto.com/exchange/v1/docs/api/websocket/ws-channel-index-instrument-name,
 * https://exchange-developer.crypto.com/exchange/v1/docs/api/websocket/ws-channel-funding-instrument-name,
 * https://exchange-developer.crypto.com/exchange/v1/docs/api/websocket/ws-channel-estimatedfunding-instrument-name,
 * https://exchange-developer.crypto.com/exchange/v1/docs/api/websocket/ws-channel-settlement-instrument-name
 * @example {"id":1,"method":"subscribe","code":0,"result":{"instrument_name":"BTCUSD-PERP","subscription":"mark.BTCUSD-PERP","channel":"mark","data":[{"v":"51279.77000","t":1613582832000}]}}
 * @example {"id":1,"method":"subscribe","code":0,"result":{"instrument_name":"BTCUSD-PERP","subscription":"funding.BTCUSD-PERP","channel":"funding","data":[{"v":"0.00144","t":1613582880000}]}}
 */
export interface CryptocomValueItem {
  v: CryptocomNumber;
  t: CryptocomNumber;
}

/**
 * Every REST answer: `code` "0" on success with `result`, else the reason code and `message`. Public market data:
 * "100 requests per second each" per method per IP.
 * Docs: https://exchange-developer.crypto.com/exchange/v1/docs/api/rest-common-api-reference
 * @example {"id":"1","method":"public/get-instruments","code":"40001","message":"BAD_REQUEST"}
 */
export interface CryptocomRestAnswer<T> {
  id?: CryptocomNumber;
  method: string;
  code: CryptocomNumber;
  result?: T;
  message?: string;
}

/**
 * `public/get-instruments` rows: `inst_type` `CCY_PAIR` (spot), `PERPETUAL_SWAP`, `FUTURE`; tick and lot sizes as
 * text; `tradable`; `underlying_symbol` the index a derivative is marked against.
 * Docs: https://exchange-developer.crypto.com/exchange/v1/docs/api/rest/public-get-instruments
 * @example {"symbol":"BTCUSD-PERP","inst_type":"PERPETUAL_SWAP","display_name":"BTCUSD Perpetual","base_ccy":"BTC","quote_ccy":"USD","quote_decimals":"2","quantity_decimals":"4","price_tick_size":"0.5","qty_tick_size":"0.0001","max_leverage":"50","tradable":true,"expiry_timestamp_ms":"1624012801123","underlying_symbol":"BTCUSD-INDEX","product_type":"DIGITAL_CURRENCIES"}
 */
export interface CryptocomInstrumentRow {
  symbol: string;
  inst_type: string;
  display_name?: string;
  base_ccy: string;
  quote_ccy: string;
  price_tick_size?: string;
  qty_tick_size?: string;
  contract_size?: string;
  tradable: boolean;
  expiry_timestamp_ms?: CryptocomNumber;
  underlying_symbol?: string;
}

/**
 * `public/get-book?instrument_name=…&depth=N` ("up to 50"): one item of `[price, quantity, orders]` levels, best first.
 * It carries no sequence number, so it cannot seed the socket's `u`/`pu` chain.
 * Docs: https://exchange-developer.crypto.com/exchange/v1/docs/api/rest/public-get-book
 * @example {"code":"0","method":"public/get-book","result":{"depth":"10","data":[{"asks":[["50126.000000","0.400000","0"]],"bids":[["50113.500000","0.400000","0"]]}],"instrument_name":"BTCUSD-PERP"}}
 */
export interface CryptocomBookResult {
  depth?: CryptocomNumber;
  instrument_name?: string;
  data: Array<{ bids: CryptocomLevel[]; asks: CryptocomLevel[]; t?: CryptocomNumber }>;
}

/**
 * `public/get-trades?instrument_name=…&count=N` ("Default: 25. Max: 150"; window at most 7 days), newest first; rows
 * add `tn`, the time in nanoseconds.
 * Docs: https://exchange-developer.crypto.com/exchange/v1/docs/api/rest/public-get-trades
 * @example {"id":"1","method":"public/get-trades","code":"0","result":{"data":[{"d":"15281981878","t":"1613547060925","tn":"1613547060925523623","q":"0.181900","p":"50772.000000","s":"SELL","i":"BTCUSD-PERP","m":"76423"}]}}
 */
export interface CryptocomTradesResult {
  data: CryptocomTradeItem[];
}

/**
 * `public/get-candlestick?instrument_name=…&timeframe=…&count=N&start_ts=…&end_ts=…` ("count … Default 25").
 * Docs: https://exchange-developer.crypto.com/exchange/v1/docs/api/rest/public-get-candlestick
 * @example {"id":"1","method":"public/get-candlestick","code":"0","result":{"interval":"M5","data":[{"o":"50508.500000","h":"50548.500000","l":"50172.500000","c":"50202.000000","v":"17.203200","t":"1613544000000"}],"instrument_name":"BTCUSD-PERP"}}
 */
export interface CryptocomCandlestickResult {
  interval?: string;
  instrument_name?: string;
  data: CryptocomCandleItem[];
}

/**
 * `public/get-tickers?instrument_name=…`: one ticker row (see CryptocomTickerItem), with `oi` for derivatives.
 * Docs: https://exchange-developer.crypto.com/exchange/v1/docs/api/rest/public-get-tickers
 * @example {"id":"-1","method":"public/get-tickers","code":"0","result":{"data":[{"h":"51790.00","l":"47895.50","a":"51174.500000","i":"BTCUSD-PERP","v":"879.5024","vv":"26370000.12","oi":"12345.12","c":"0.03955106","b":"51170.000000","k":"51180.000000","t":"1613580710768"}]}}
 */
export interface CryptocomTickersResult {
  data: CryptocomTickerItem[];
}

/**
 * `public/get-valuations?instrument_name=…&valuation_type=funding_hist&count=N&start_ts=…&end_ts=…`: "funding_hist:
 * returns hourly data of the funding rate settled in past hourly settlement" (other types: index_price, mark_price,
 * funding_rate, estimated_funding_rate).
 * Docs: https://exchange-developer.crypto.com/exchange/v1/docs/api/rest/public-get-valuations
 * @example {"id":"1","method":"public/get-valuations","code":"0","result":{"data":[{"v":"50776.73000","t":"1613547318000"}],"instrument_name":"BTCUSD-INDEX"}}
 */
export interface CryptocomValuationsResult {
  instrument_name?: string;
  data: CryptocomValueItem[];
}
