// Gate.io API v4 wire shapes: the WebSocket envelope and the public channels of spot (`spot.*`) and perpetual
// futures (`futures.*`, USDT- and BTC-settled), and the REST bodies dig3 reads, each with its docs page and one real
// payload. Prices arrive as text; futures sizes are contracts, as integers (or decimal text with `X-Gate-Size-Decimal`).

/** Spot WebSocket v4 docs (channels, local order book procedure). */
export const GATE_SPOT_WS_DOCS = "https://www.gate.io/docs/developers/apiv4/ws/en/";
/** Perpetual futures WebSocket v4 docs (USDT-settled `/v4/ws/usdt`, BTC-settled `/v4/ws/btc`). */
export const GATE_FUTURES_WS_DOCS = "https://www.gate.io/docs/developers/futures/ws/en/";
/** REST API v4 docs (spot and futures market endpoints). */
export const GATE_REST_DOCS = "https://www.gate.io/docs/developers/apiv4/en/";

/**
 * Every server message: a reply to a request (`event` = `subscribe` / `unsubscribe`, `result.status`, `error`), an
 * application pong (`channel` = `spot.pong` / `futures.pong`), a system notice (`*.system`) or a data push
 * (`event` = `update`, or `all` for full pushes). `time` is seconds; `time_ms` (since 2022-11) milliseconds.
 * Docs: GATE_SPOT_WS_DOCS (Server response), GATE_FUTURES_WS_DOCS (Response)
 * @example {"time":1684930165,"time_ms":0,"channel":"futures.order_book_update","event":"subscribe","result":{"status":"success"}}
 * @example {"time":1747391482,"time_ms":1747391482960,"id":1,"channel":"spot.obu","event":"subscribe","payload":["ob.BTC_USDT.400"],"error":{"code":2,"message":"Alert sub ob.BTC_USDT.400"},"result":{"status":"fail"}}
 * @example {"time":1545404023,"time_ms":1545404023123,"channel":"futures.pong","event":"","result":null}
 */
export interface GateEnvelope<T = unknown> {
  time?: number;
  time_ms?: number;
  id?: number | null;
  channel: string;
  event: string;
  error?: GateWsError | null;
  result?: T;
}

/** Codes 1 invalid request body, 2 invalid argument, 3 server side error, 4 authentication failed. */
export interface GateWsError {
  code: number;
  message: string;
}

/**
 * Client request (subscribe, unsubscribe, ping): `time` in seconds, within 60 s of the server's clock; `id` is echoed.
 * Docs: GATE_SPOT_WS_DOCS (Client request)
 * @example {"time":1619093532,"channel":"spot.order_book_update","event":"subscribe","payload":["INK_USDT","100ms"]}
 */
export interface GateRequest {
  time: number;
  id?: number;
  channel: string;
  event?: "subscribe" | "unsubscribe";
  payload?: string[];
}

/**
 * Service notice (`spot.system` / `futures.system`); `type: "upgrade"` asks the client to reconnect soon.
 * Docs: GATE_SPOT_WS_DOCS (Service upgrade notification)
 * @example {"time":1784800711,"time_ms":1784800711140,"channel":"spot.system","event":"update","result":{"type":"upgrade","msg":"The connection will soon be closed for a service upgrade. Please reconnect."}}
 */
export interface GateSystemNotice {
  type: string;
  msg?: string;
}

// ── spot ───────────────────────────────────────────────────────────────────────────────────────────────────────

/**
 * `spot.trades` (payload: pairs): one taker trade per push; `side` is the taker's. `create_time_ms` is text with a
 * fraction of a millisecond.
 * Docs: GATE_SPOT_WS_DOCS (Public trades channel)
 * @example {"time":1619093543,"channel":"spot.trades","event":"update","result":{"id":816995772,"create_time":1619093543,"create_time_ms":"1619093543708.2642","side":"sell","currency_pair":"DIS_USDT","amount":"0.2010000000","price":"121.5800000000"}}
 */
export interface GateSpotTrade {
  id: number;
  create_time: number;
  create_time_ms?: string;
  side: "buy" | "sell";
  currency_pair: string;
  amount: string;
  price: string;
  range?: string;
  id_market?: number;
}

/**
 * `spot.order_book_update` (payload `[pair, "100ms"]` = 100 levels, or `[pair, "20ms"]` = 20 levels): changed levels
 * since the previous push, sizes absolute, 0 removes. `U`/`u` are the first and last order book update ids it
 * covers; `full: true` (sent at irregular intervals since 2025) replaces the local book.
 * Docs: GATE_SPOT_WS_DOCS (Changed order book levels; How to maintain local order book)
 * @example {"time":1682689045,"time_ms":1682689045562,"channel":"spot.order_book_update","event":"update","result":{"t":1682689045398,"e":"depthUpdate","E":1682689045,"s":"BTC_USDT","U":13934528633,"u":13934528633,"b":[["29291.4","0.5124"]],"a":[]}}
 */
export interface GateSpotBookUpdate {
  t: number;
  full?: boolean;
  l?: string;
  e?: string;
  E?: number;
  s: string;
  U: number;
  u: number;
  b: [string, string][];
  a: [string, string][];
}

/**
 * `spot.candlesticks` (payload `[interval, pair]`): the open bar every 2 s. `t` is the open time in seconds; `v` the
 * quote-currency volume (a recorded DIS_USDT bar: one 0.201 trade at 121.58 → `v` 24.43758), `a` the base amount
 * (since 2024), `w: true` once the window closed (that message may be missing). `n` is `<interval>_<pair>`.
 * Docs: GATE_SPOT_WS_DOCS (Candlesticks channel)
 * @example {"time":1606292600,"time_ms":1606292600376,"channel":"spot.candlesticks","event":"update","result":{"t":"1606292580","v":"2362.32035","c":"19128.1","h":"19128.1","l":"19128.1","o":"19128.1","n":"1m_BTC_USDT","a":"3.8283","w":true}}
 */
export interface GateSpotCandle {
  t: string;
  v: string;
  c: string;
  h: string;
  l: string;
  o: string;
  n: string;
  a?: string;
  w?: boolean;
}

/**
 * `spot.tickers` (payload: pairs): 24 h statistics every second; no best sizes and no time of its own.
 * Docs: GATE_SPOT_WS_DOCS (Tickers channel)
 * @example {"time":1619093533,"channel":"spot.tickers","event":"update","result":{"currency_pair":"NEO_BTC","last":"0.0018716","lowest_ask":"0.0018734","highest_bid":"0.0018697","change_percentage":"2.9256","base_volume":"1138.01640718","quote_volume":"2.048263365803126","high_24h":"0.0018754","low_24h":"0.0017148"}}
 */
export interface GateSpotTicker {
  currency_pair: string;
  last: string;
  lowest_ask: string;
  highest_bid: string;
  change_percentage: string;
  base_volume: string;
  quote_volume: string;
  high_24h: string;
  low_24h: string;
}

// ── futures ────────────────────────────────────────────────────────────────────────────────────────────────────

/**
 * `futures.trades` (payload: contracts): an array of trades; `size` > 0 the taker bought, < 0 sold, in contracts.
 * `is_internal: true` marks insurance-fund / ADL takeovers of liquidations, which are not matched on the book.
 * Docs: GATE_FUTURES_WS_DOCS (Trades)
 * @example {"channel":"futures.trades","event":"update","time":1541503698,"time_ms":1541503698123,"result":[{"size":-108,"id":27753479,"create_time":1545136464,"create_time_ms":1545136464123,"price":"96.4","contract":"BTC_USDT","is_internal":true}]}
 */
export interface GateFuturesTrade {
  size: number | string;
  id: number;
  create_time: number;
  create_time_ms?: number;
  price: string;
  contract: string;
  is_internal?: boolean;
}

/** A futures book level: price text, size in contracts. */
export interface GateFuturesLevel {
  p: string;
  s: number | string;
}

/**
 * `futures.order_book_update` (payload `[contract, "100ms", "100"]`; `20ms` only with level 20): changed levels of
 * the subscribed depth, `U`/`u` as on spot, `full: true` (since 2025-05) replaces the book.
 * Docs: GATE_FUTURES_WS_DOCS (Order book update; How to maintain a local order book)
 * @example {"time":1684930165,"time_ms":1684930165254,"channel":"futures.order_book_update","event":"update","result":{"U":203083177,"a":[{"p":"0.2983","s":0}],"b":[],"s":"RDNT_USDT","t":1684930165217,"u":203083177}}
 */
export interface GateFuturesBookUpdate {
  t: number;
  full?: boolean;
  l?: string;
  s: string;
  U: number;
  u: number;
  b: GateFuturesLevel[];
  a: GateFuturesLevel[];
}

/**
 * `futures.candlesticks` (payload `[interval, contract]`; `mark_` / `index_` prefixes give mark and index bars): an
 * array of bars; `v` is contracts, `a` the base amount, `w: true` a closed window.
 * Docs: GATE_FUTURES_WS_DOCS (Candlesticks)
 * @example {"time":1542162490,"time_ms":1542162490123,"channel":"futures.candlesticks","event":"update","result":[{"t":1545129300,"v":27525555,"c":"95.4","h":"96.9","l":"89.5","o":"94.3","n":"1m_BTC_USDT","a":"314732.87412","w":false}]}
 */
export interface GateFuturesCandle {
  t: number;
  v: number | string;
  c: string;
  h: string;
  l: string;
  o: string;
  n: string;
  a?: string;
  w?: boolean;
}

/**
 * `futures.tickers` (payload: contracts): an array of contract tickers carrying last, mark, index, the current funding
 * rate and `total_size` (open interest in contracts). Old servers sent an object, or an array of arrays.
 * Docs: GATE_FUTURES_WS_DOCS (Tickers)
 * @example {"time":1677629168,"time_ms":1677629168840,"channel":"futures.tickers","event":"update","result":[{"contract":"BTC_USDT","last":"23160.2","change_percentage":"-1.3224","total_size":"153482780","volume_24h":"155496714","volume_24h_base":"15549","volume_24h_quote":"360157621","volume_24h_settle":"360157621","mark_price":"23175.64","funding_rate":"0.0001","funding_rate_indicative":"0.0001","index_price":"23173.35","quanto_base_rate":"","low_24h":"23018.3","high_24h":"23589.2"}]}
 */
export interface GateFuturesTicker {
  contract: string;
  last: string;
  change_percentage?: string;
  total_size?: string;
  volume_24h?: string;
  volume_24h_base?: string;
  volume_24h_quote?: string;
  volume_24h_settle?: string;
  mark_price?: string;
  index_price?: string;
  funding_rate?: string;
  high_24h?: string;
  low_24h?: string;
  highest_bid?: string;
  lowest_ask?: string;
  t?: number;
}

/**
 * `futures.public_liquidates` (payload: contracts, or `!all`): liquidation orders; `size` is the order's signed size
 * in contracts (< 0 sells, i.e. a long is closed). `time` was seconds with `time_ms` beside it, and is milliseconds
 * since the 2026-08 aggregated pushes (all of a contract's liquidations of the last second, or 20, in one array).
 * Docs: GATE_FUTURES_WS_DOCS (Public liquidates)
 * @example {"channel":"futures.public_liquidates","event":"update","time":1541505434,"time_ms":1541505434123,"result":[{"price":"215.1","size":-124,"time":1541486601,"contract":"BTC_USDT"}]}
 */
export interface GateFuturesLiquidation {
  price: string | number;
  size: number | string;
  time?: number;
  time_ms?: number;
  contract: string;
}

// ── REST ───────────────────────────────────────────────────────────────────────────────────────────────────────

/**
 * Error body of any endpoint (with an HTTP 4xx/5xx).
 * Docs: GATE_REST_DOCS (Error handling)
 * @example {"label":"INVALID_CURRENCY_PAIR","message":"Invalid currency pair: NOPE_USDT"}
 */
export interface GateRestError {
  label: string;
  message?: string;
}

/**
 * `GET /spot/currency_pairs`: every pair; `precision` / `amount_precision` are decimal places of price and amount.
 * Docs: GATE_REST_DOCS (Spot: List all currency pairs supported)
 * @example {"id":"ETH_USDT","base":"ETH","quote":"USDT","fee":"0.2","min_base_amount":"0.001","min_quote_amount":"1.0","amount_precision":3,"precision":6,"trade_status":"tradable","sell_start":1516378650,"buy_start":1516378650}
 */
export interface GateCurrencyPair {
  id: string;
  base: string;
  quote: string;
  precision?: number;
  amount_precision?: number;
  trade_status?: "untradable" | "buyable" | "sellable" | "tradable";
}

/**
 * `GET /futures/{settle}/contracts`: perpetual contracts of one settle currency. `quanto_multiplier` converts
 * contracts to base currency; `order_price_round` is the tick; `type` `direct` (linear) or `inverse`.
 * Docs: GATE_REST_DOCS (Futures: List all futures contracts)
 * @example {"name":"BTC_USDT","type":"direct","quanto_multiplier":"0.0001","order_price_round":"0.1","mark_price_round":"0.01","order_size_min":1,"in_delisting":false,"status":"trading"} (fields dig3 reads; shape per the docs)
 */
export interface GateContract {
  name: string;
  type?: "direct" | "inverse";
  quanto_multiplier?: string;
  order_price_round?: string;
  order_size_min?: number | string;
  in_delisting?: boolean;
  status?: string;
  funding_next_apply?: number;
}

/**
 * `GET /spot/order_book?with_id=true` (levels `[price, amount]`, `current` ms) and
 * `GET /futures/{settle}/order_book?with_id=true` (levels `{p, s}`, `current` in seconds with a fraction). `id` is the
 * order book update id the socket's `U`/`u` continue.
 * Docs: GATE_REST_DOCS (Spot: Retrieve order book; Futures: Futures order book)
 * @example {"id":2691446,"asks":[["0.00010396","5876.967"]],"bids":[["0.00010322","5360.209"]]} (recorded HAI_ETH, one level a side shown)
 * @example {"current":1684930166.384,"update":1684930166.35,"asks":[{"s":803,"p":"0.2974"}],"bids":[{"s":5302,"p":"0.2969"}],"id":203083287} (recorded RDNT_USDT, one level a side shown)
 */
export interface GateOrderBook {
  id?: number;
  current?: number;
  update?: number;
  asks: [string, string][] | GateFuturesLevel[];
  bids: [string, string][] | GateFuturesLevel[];
}

/**
 * `GET /spot/candlesticks`: rows `[t (s), quote volume, close, high, low, open, base volume, window closed]`.
 * `GET /futures/{settle}/candlesticks`: objects `{t, v (contracts), c, h, l, o, sum (quote volume)}`.
 * Docs: GATE_REST_DOCS (Spot: Market candlesticks; Futures: Get futures candlesticks)
 * @example ["1539852480","971519.6","0.0021724","0.0021922","0.0021724","0.0021737","447.5","true"] (shape per the docs)
 * @example {"t":1539852480,"v":97151,"c":"1.032","h":"1.032","l":"1.032","o":"1.032","sum":"3580"} (shape per the docs)
 */
export type GateSpotCandleRow = [string, string, string, string, string, string, string?, string?];

export interface GateFuturesCandleRow {
  t: number;
  v?: number | string;
  c: string;
  h: string;
  l: string;
  o: string;
  sum?: string;
}

/**
 * `GET /futures/{settle}/funding_rate`: settled funding, newest first.
 * Docs: GATE_REST_DOCS (Futures: Funding rate history)
 * @example [{"t":1543968000,"r":"0.000157"}]
 */
export interface GateFundingRate {
  t: number;
  r: string;
}

/**
 * `GET /futures/{settle}/contract_stats`: statistics per interval; `open_interest` in contracts.
 * Docs: GATE_REST_DOCS (Futures: Futures stats)
 * @example [{"time":1603865400,"lsr_taker":100,"lsr_account":0.5,"long_liq_size":0,"short_liq_size":0,"open_interest":124724,"mark_price":"8865","open_interest_usd":1511}]
 */
export interface GateContractStat {
  time: number;
  open_interest: number | string;
  open_interest_usd?: number;
  mark_price?: string | number;
}
