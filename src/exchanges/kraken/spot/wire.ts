// Kraken spot wire shapes: WebSocket v2 (`wss://ws.kraken.com/v2`) frames and public REST (`/0/public/…`) bodies,
// each with its docs page and one payload. v2 sends prices and quantities as JSON numbers, REST as text; parsers
// read both tolerantly, so these types say what Kraken sends, not what `parse` trusts.

/**
 * Every v2 data frame: a channel, a type and a list of items.
 * Docs: https://docs.kraken.com/api/docs/websocket-v2/book (Snapshot / Update Response)
 */
export interface KrakenSpotDataFrame<T = unknown> {
  channel: string;
  type: "snapshot" | "update";
  data: T[];
  /** ohlc frames carry one at the top level. */
  timestamp?: string;
}

/**
 * Reply to subscribe / unsubscribe, one per symbol; `success: false` carries `error`.
 * Docs: https://docs.kraken.com/api/docs/websocket-v2/book (Subscribe Ack)
 * @example {"method":"subscribe","result":{"channel":"book","depth":10,"snapshot":true,"symbol":"ALGO/USD"},"success":true,"time_in":"2023-10-06T17:35:55.219022Z","time_out":"2023-10-06T17:35:55.219067Z"}
 * @example {"error":"Currency pair not supported XYZ/USD","method":"subscribe","success":false,"symbol":"XYZ/USD","time_in":"2023-10-06T17:35:55.219022Z","time_out":"2023-10-06T17:35:55.219067Z"}
 */
export interface KrakenSpotAckFrame {
  method: "subscribe" | "unsubscribe" | "pong" | string;
  result?: Record<string, unknown>;
  success?: boolean;
  error?: string;
  req_id?: number;
  time_in?: string;
  time_out?: string;
}

/**
 * Application ping `{"method":"ping","req_id":N}` and its reply.
 * Docs: https://docs.kraken.com/api/docs/websocket-v2/ping
 * @example {"method":"pong","req_id":101,"time_in":"2023-09-24T14:10:23.799685Z","time_out":"2023-09-24T14:10:23.799703Z"}
 */
export interface KrakenSpotPongFrame {
  method: "pong";
  req_id?: number;
}

/**
 * Heartbeat (about once a second without other traffic) and connection status; both carry nothing to emit.
 * Docs: https://docs.kraken.com/api/docs/websocket-v2/heartbeat, https://docs.kraken.com/api/docs/websocket-v2/status
 * @example {"channel":"heartbeat"}
 * @example {"channel":"status","data":[{"api_version":"v2","connection_id":14949390454975033707,"system":"online","version":"2.0.8"}],"type":"update"}
 */
export interface KrakenSpotControlFrame {
  channel: "heartbeat" | "status";
  type?: string;
  data?: unknown[];
}

/**
 * One price level of the v2 book; `qty: 0` removes the level.
 * Docs: https://docs.kraken.com/api/docs/websocket-v2/book
 */
export interface KrakenSpotBookLevel {
  price: number;
  qty: number;
}

/**
 * `book` item: snapshot or update with the CRC32 checksum of the top 10 levels after it. No sequence numbers:
 * continuity rests on the checksum. After an update the book is truncated to the subscribed depth (no qty 0 is
 * sent for levels that fall out of scope).
 * Docs: https://docs.kraken.com/api/docs/websocket-v2/book, https://docs.kraken.com/api/docs/guides/spot-ws-book-v2
 * @example {"channel":"book","type":"update","data":[{"symbol":"ALGO/USD","bids":[{"price":0.12275,"qty":6597.51731160}],"asks":[],"checksum":1100635717,"timestamp":"2024-10-03T02:46:57.050170Z"}]}
 */
export interface KrakenSpotBookItem {
  symbol: string;
  bids: KrakenSpotBookLevel[];
  asks: KrakenSpotBookLevel[];
  checksum: number;
  /** Updates only in older docs; snapshots carry it too on the live feed. */
  timestamp?: string;
}

/**
 * `trade` item; `side` is the taker's, `trade_id` a sequence per book. The snapshot holds the most recent 50.
 * Docs: https://docs.kraken.com/api/docs/websocket-v2/trade
 * @example {"channel":"trade","type":"update","data":[{"symbol":"MATIC/USD","side":"buy","price":0.5147,"qty":6423.46326,"ord_type":"limit","trade_id":4665846,"timestamp":"2023-09-25T07:48:36.925533Z"}]}
 */
export interface KrakenSpotTradeItem {
  symbol: string;
  side: "buy" | "sell";
  price: number;
  qty: number;
  ord_type: "limit" | "market";
  trade_id: number;
  timestamp: string;
}

/**
 * `ticker` item (level 1 and 24 h statistics), published on every trade by default.
 * Docs: https://docs.kraken.com/api/docs/websocket-v2/ticker
 * @example {"channel":"ticker","type":"snapshot","data":[{"symbol":"ALGO/USD","bid":0.10025,"bid_qty":740.0,"ask":0.10036,"ask_qty":1361.44813783,"last":0.10035,"volume":997038.98383185,"vwap":0.10148,"low":0.09979,"high":0.10285,"change":-0.00017,"change_pct":-0.17,"timestamp":"2023-09-25T09:04:31.742648Z"}]}
 */
export interface KrakenSpotTickerItem {
  symbol: string;
  bid: number;
  bid_qty: number;
  ask: number;
  ask_qty: number;
  last: number;
  volume: number;
  vwap: number;
  low: number;
  high: number;
  change: number;
  change_pct: number;
  timestamp?: string;
}

/**
 * `ohlc` item for one interval (minutes: 1, 5, 15, 30, 60, 240, 1440, 10080, 21600), updated on trades. There is no
 * "bar closed" flag: a bar is final once its interval has passed.
 * Docs: https://docs.kraken.com/api/docs/websocket-v2/ohlc
 * @example {"channel":"ohlc","type":"snapshot","timestamp":"2023-10-04T16:26:01.806315597Z","data":[{"symbol":"ALGO/USD","open":0.09875,"high":0.0988,"low":0.09875,"close":0.09875,"trades":13,"volume":16255.46368,"vwap":0.09879,"interval_begin":"2023-10-04T15:30:00.000000000Z","interval":5,"timestamp":"2023-10-04T15:35:00.000000Z"}]}
 */
export interface KrakenSpotOhlcItem {
  symbol: string;
  open: number;
  high: number;
  low: number;
  close: number;
  trades: number;
  volume: number;
  vwap: number;
  interval_begin: string;
  interval: number;
  timestamp?: string;
}

// ── REST (https://api.kraken.com/0/public/…) ───────────────────────────────────────────────────────────────────

/**
 * Every REST body: `error` lists problems (`EQuery:Unknown asset pair`, `EAPI:Rate limit exceeded`), `result`
 * holds the answer keyed by Kraken's pair key (`XXBTZUSD`, `SOLUSD`).
 * Docs: https://docs.kraken.com/api/docs/rest-api/get-ticker-information
 */
export interface KrakenRestEnvelope<T> {
  error: string[];
  result?: T;
}

/**
 * `GET /0/public/AssetPairs`: `wsname` is the WebSocket v1 name (`XBT/USD`); v2 uses display names (`BTC/USD`).
 * `status`: online, cancel_only, post_only, limit_only, reduce_only, maintenance, delisted.
 * Docs: https://docs.kraken.com/api/docs/rest-api/get-tradable-asset-pairs
 * @example {"error":[],"result":{"XXBTZUSD":{"altname":"XBTUSD","wsname":"XBT/USD","aclass_base":"currency","base":"XXBT","aclass_quote":"currency","quote":"ZUSD","cost_decimals":5,"pair_decimals":1,"lot_decimals":8,"lot_multiplier":1,"ordermin":"0.0001","costmin":"0.5","tick_size":"0.1","status":"online"}}}
 */
export interface KrakenAssetPair {
  altname: string;
  wsname?: string;
  base: string;
  quote: string;
  pair_decimals: number;
  lot_decimals: number;
  ordermin?: string;
  tick_size?: string;
  status?: string;
}

/**
 * `GET /0/public/Ticker?pair=XBTUSD`: `a`/`b` [price, whole lot volume, lot volume], `c` [price, lot volume],
 * `v`/`p`/`t`/`l`/`h` [today, last 24 h], `o` today's opening price. No timestamp.
 * Docs: https://docs.kraken.com/api/docs/rest-api/get-ticker-information
 * @example {"error":[],"result":{"XXBTZUSD":{"a":["30300.10000","1","1.000"],"b":["30300.00000","1","1.000"],"c":["30303.20000","0.00067643"],"v":["4083.67001100","4412.73601799"],"p":["30706.77771","30689.13205"],"t":[34619,38907],"l":["29868.30000","29868.30000"],"h":["31631.00000","31631.00000"],"o":"30502.80000"}}}
 */
export interface KrakenRestTicker {
  a: [string, string, string];
  b: [string, string, string];
  c: [string, string];
  v: [string, string];
  p: [string, string];
  t: [number, number];
  l: [string, string];
  h: [string, string];
  o: string;
}

/**
 * `GET /0/public/Depth?pair=XBTUSD&count=N` (count 1..500): rows [price, volume, timestamp].
 * Docs: https://docs.kraken.com/api/docs/rest-api/get-order-book
 * @example {"error":[],"result":{"XXBTZUSD":{"asks":[["30384.10000","2.059",1688671659]],"bids":[["30297.00000","0.115",1688671656]]}}}
 */
export interface KrakenRestDepth {
  asks: [string, string, number][];
  bids: [string, string, number][];
}

/**
 * `GET /0/public/Trades?pair=XBTUSD&count=N`: rows [price, volume, time (s), "b"/"s", "m"/"l", misc, trade_id],
 * oldest first; `last` is the cursor for `since`.
 * Docs: https://docs.kraken.com/api/docs/rest-api/get-recent-trades
 * @example {"error":[],"result":{"XXBTZUSD":[["30243.40000","0.34507725",1688669597.8277223,"b","m","",61044952]],"last":"1688671969993150842"}}
 */
export type KrakenRestTradeRow = [string, string, number, "b" | "s", "m" | "l", string, number];

/**
 * `GET /0/public/OHLC?pair=XBTUSD&interval=1&since=S`: rows [time (s), open, high, low, close, vwap, volume, count];
 * "The last entry in the OHLC array is for the current, not-yet-committed timeframe". Up to 720 rows.
 * Docs: https://docs.kraken.com/api/docs/rest-api/get-ohlc-data
 * @example {"error":[],"result":{"XXBTZUSD":[[1688671200,"30306.1","30306.2","30305.7","30305.7","30306.1","3.39243896",23]],"last":1688672160}}
 */
export type KrakenRestOhlcRow = [number, string, string, string, string, string, string, number];
