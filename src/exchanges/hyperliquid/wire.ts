// HyperLiquid wire shapes: the WebSocket envelope `{channel, data}` with its subscription acks, errors and pongs, the
// public channels dig3 reads (l2Book, trades, candle, activeAssetCtx / activeSpotAssetCtx, bbo), and the `POST /info`
// answers (meta, spotMeta, metaAndAssetCtxs, spotMetaAndAssetCtxs, l2Book, recentTrades, candleSnapshot,
// fundingHistory). Numbers are decimal text except times, ids and counts. Each type carries its docs page and a payload.

/**
 * Every server message: `{channel, data}`. A subscribe is acked with `subscriptionResponse` echoing the request;
 * refusals come on `error` with text; `{"method":"ping"}` is answered `{"channel":"pong"}`.
 * Docs: https://hyperliquid.gitbook.io/hyperliquid-docs/for-developers/api/websocket,
 * https://hyperliquid.gitbook.io/hyperliquid-docs/for-developers/api/websocket/subscriptions,
 * https://hyperliquid.gitbook.io/hyperliquid-docs/for-developers/api/websocket/timeouts-and-heartbeats
 * @example {"channel":"subscriptionResponse","data":{"method":"subscribe","subscription":{"type":"trades","coin":"SOL"}}}
 * @example {"channel":"error","data":"Invalid subscription {\"type\":\"l2Book\",\"coin\":\"NOPE\"}"}
 * @example {"channel":"pong"}
 */
export interface HyperliquidEnvelope<T = unknown> {
  channel: string;
  data?: T;
}

/** One aggregated price level: price and total size as text, `n` resting orders. */
export interface HyperliquidLevel {
  px: string;
  sz: string;
  n: number;
}

/**
 * `l2Book` (socket and `POST /info {"type":"l2Book","coin"}`): "Snapshot feed, pushed on each block that is at least
 * 0.5 since last push" — every message is the whole top of the book (up to 20 levels a side), `levels[0]` bids best
 * first, `levels[1]` asks best first. No sequence number and no checksum: each message replaces the book.
 * Docs: https://hyperliquid.gitbook.io/hyperliquid-docs/for-developers/api/websocket/subscriptions (WsBook),
 * https://hyperliquid.gitbook.io/hyperliquid-docs/for-developers/api/info-endpoint#l2-book-snapshot
 * @example {"channel":"l2Book","data":{"coin":"BANANA","time":1730160007687,"levels":[[{"px":"59.8","sz":"3.4","n":1},{"px":"59.778","sz":"1.6","n":1}],[{"px":"59.811","sz":"2.9","n":1},{"px":"59.832","sz":"17.6","n":1}]]}}
 */
export interface HyperliquidBook {
  coin: string;
  time: number;
  levels: [HyperliquidLevel[], HyperliquidLevel[]];
}

/**
 * `trades` (socket; `POST /info {"type":"recentTrades"}` answers the same rows): `side` is the aggressor's, "B" bid
 * (the taker bought) or "A" ask (the taker sold); `tid` is "ID unique across all assets"; `hash` the transaction.
 * Docs: https://hyperliquid.gitbook.io/hyperliquid-docs/for-developers/api/websocket/subscriptions (WsTrade)
 * @example {"channel":"trades","data":[{"coin":"FXS","side":"A","px":"1.9008","sz":"10.5","time":1730160015113,"hash":"0xdde3d6b67214c97cb88704156eee8e016e010eb52dcf2a855bdaea517a5b45a9","tid":611279506717453}]}
 */
export interface HyperliquidTrade {
  coin: string;
  side: "A" | "B";
  px: string;
  sz: string;
  time: number;
  hash: string;
  tid: number;
  users?: [string, string];
}

/**
 * `candle` (socket; `POST /info {"type":"candleSnapshot","req":{coin, interval, startTime, endTime}}` answers a list):
 * `t` open time, `T` close time (ms), `s` coin, `i` interval, o/c/h/l text, `v` base volume, `n` trades. The socket
 * pushes the bar in progress on every change and never marks it final. Intervals 1m 3m 5m 15m 30m 1h 2h 4h 8h 12h 1d
 * 3d 1w 1M; "Only the most recent 5000 candles are available".
 * Docs: https://hyperliquid.gitbook.io/hyperliquid-docs/for-developers/api/websocket/subscriptions (Candle),
 * https://hyperliquid.gitbook.io/hyperliquid-docs/for-developers/api/info-endpoint#candle-snapshot
 * @example {"channel":"candle","data":{"t":1681923600000,"T":1681924499999,"s":"ETH","i":"15m","o":"1990.5","c":"1992.0","h":"1993.3","l":"1990.5","v":"16.5142","n":17}}
 */
export interface HyperliquidCandle {
  t: number;
  T: number;
  s: string;
  i: string;
  o: string;
  c: string;
  h: string;
  l: string;
  v: string;
  n: number;
}

/**
 * The perpetual asset context (`activeAssetCtx` on the socket; the second half of `metaAndAssetCtxs`): `funding` is
 * the current hourly rate, `openInterest` in coins, `oraclePx` the index, `dayNtlVlm` 24 h notional (USDC),
 * `dayBaseVlm` 24 h base volume, `prevDayPx` the price 24 h ago. No timestamp.
 * Docs: https://hyperliquid.gitbook.io/hyperliquid-docs/for-developers/api/websocket/subscriptions (WsActiveAssetCtx),
 * https://hyperliquid.gitbook.io/hyperliquid-docs/for-developers/api/info-endpoint/perpetuals#retrieve-perpetuals-asset-contexts-includes-mark-price-current-funding-open-interest-etc
 * @example {"channel":"activeAssetCtx","data":{"coin":"MOODENG","ctx":{"funding":"0.00004863","openInterest":"18617460.0","prevDayPx":"0.20296","dayNtlVlm":"7665220.55613","premium":"0.00008521","oraclePx":"0.1995","markPx":"0.19963","midPx":"0.19957","impactPxs":["0.199517","0.199725"]}}}
 */
export interface HyperliquidPerpCtx {
  funding: string;
  openInterest: string;
  prevDayPx: string;
  dayNtlVlm: string;
  premium: string | null;
  oraclePx: string;
  markPx: string;
  midPx: string | null;
  impactPxs: [string, string] | null;
  dayBaseVlm?: string;
}

/**
 * A spot asset's context: an `activeAssetCtx` subscription to a spot coin answers on `activeSpotAssetCtx`.
 * Docs: https://hyperliquid.gitbook.io/hyperliquid-docs/for-developers/api/websocket/subscriptions (WsActiveSpotAssetCtx),
 * https://hyperliquid.gitbook.io/hyperliquid-docs/for-developers/api/info-endpoint/spot#retrieve-spot-asset-contexts
 * @example {"channel":"activeSpotAssetCtx","data":{"coin":"@2","ctx":{"prevDayPx":"0.000031","dayNtlVlm":"24629.86429498","markPx":"0.00005299","midPx":"0.00005307","circulatingSupply":"6879553815.3455801","coin":"@2"}}}
 */
export interface HyperliquidSpotCtx {
  prevDayPx: string;
  dayNtlVlm: string;
  markPx: string;
  midPx: string | null;
  circulatingSupply?: string;
  coin?: string;
  dayBaseVlm?: string;
}

export interface HyperliquidCtxFrame<T> {
  coin: string;
  ctx: T;
}

/**
 * `bbo`: best bid and offer, pushed when they change; either side may be null.
 * Docs: https://hyperliquid.gitbook.io/hyperliquid-docs/for-developers/api/websocket/subscriptions (WsBbo)
 * @example {"channel":"bbo","data":{"coin":"@162","time":1750948919838,"bbo":[{"px":"0.97925","sz":"4144.6","n":1},{"px":"0.97934","sz":"50.0","n":1}]}}
 */
export interface HyperliquidBbo {
  coin: string;
  time: number;
  bbo: [HyperliquidLevel | null, HyperliquidLevel | null];
}

/**
 * `POST /info {"type":"meta"}`: the perpetuals universe; an asset's index is its asset id; `szDecimals` fixes the lot
 * (10^-szDecimals) and prices take at most 5 significant figures and 6 - szDecimals decimals.
 * Docs: https://hyperliquid.gitbook.io/hyperliquid-docs/for-developers/api/info-endpoint/perpetuals#retrieve-perpetuals-metadata-universe-and-margin-tables,
 * https://hyperliquid.gitbook.io/hyperliquid-docs/for-developers/api/tick-and-lot-size
 * @example {"universe":[{"name":"BTC","szDecimals":5,"maxLeverage":50},{"name":"ETH","szDecimals":4,"maxLeverage":50},{"name":"HPOS","szDecimals":0,"maxLeverage":3,"onlyIsolated":true}]}
 */
export interface HyperliquidMeta {
  universe: {
    name: string;
    szDecimals: number;
    maxLeverage: number;
    onlyIsolated?: boolean;
    isDelisted?: boolean;
  }[];
}

/**
 * `POST /info {"type":"spotMeta"}`: spot pairs (`name` "PURR/USDC" for the first, `@{index}` after) over tokens;
 * `tokens` indexes into the token list (base, quote). A pair's socket and `/info` coin is its `name`.
 * Docs: https://hyperliquid.gitbook.io/hyperliquid-docs/for-developers/api/info-endpoint/spot#retrieve-spot-metadata
 * @example {"tokens":[{"name":"USDC","szDecimals":8,"weiDecimals":8,"index":0,"tokenId":"0x6d1e7cde53ba9467b783cb7c530ce054","isCanonical":true},{"name":"PURR","szDecimals":0,"weiDecimals":5,"index":1,"tokenId":"0xc1fb593aeffbeb02f85e0308e9956a90","isCanonical":true}],"universe":[{"name":"PURR/USDC","tokens":[1,0],"index":0,"isCanonical":true}]}
 */
export interface HyperliquidSpotMeta {
  tokens: { name: string; szDecimals: number; weiDecimals: number; index: number; tokenId?: string }[];
  universe: { name: string; tokens: [number, number]; index: number; isCanonical?: boolean }[];
}

/**
 * `POST /info {"type":"fundingHistory","coin","startTime","endTime"?}`: settled hourly rates, oldest first, at most
 * 500 per answer.
 * Docs: https://hyperliquid.gitbook.io/hyperliquid-docs/for-developers/api/info-endpoint/perpetuals#retrieve-historical-funding-rates
 * @example [{"coin":"ETH","fundingRate":"-0.00022196","premium":"-0.00052196","time":1683849600076}]
 */
export interface HyperliquidFunding {
  coin: string;
  fundingRate: string;
  premium: string;
  time: number;
}
