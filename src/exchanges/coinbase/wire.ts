// Coinbase Advanced Trade wire shapes: the public market-data socket (one envelope for every channel) and the public
// REST bodies under /api/v3/brokerage/market, each with its docs page and one payload. Numbers arrive as text, times
// as RFC 3339 text (nanoseconds on the envelope) or UNIX seconds (candles). Parsers read these tolerantly.

/**
 * Every socket message: `channel`, `timestamp`, a `sequence_num` counted per connection across all channels (0 first),
 * and a channel-specific `events` array. Level 2 data arrives on `l2_data` although one subscribes to `level2`.
 * Docs: https://docs.cdp.coinbase.com/coinbase-app/advanced-trade-apis/websocket/websocket-overview,
 * https://docs.cdp.coinbase.com/coinbase-app/advanced-trade-apis/websocket/websocket-channels
 * @example {"channel":"l2_data","client_id":"","timestamp":"2023-02-09T20:32:50.714964855Z","sequence_num":0,"events":[…]}
 */
export interface CoinbaseEnvelope<E = unknown> {
  channel: string;
  client_id?: string;
  timestamp: string;
  sequence_num: number;
  events: E[];
}

/**
 * Subscribe / unsubscribe, one channel per message (a second channel needs a second message). Public channels need
 * no JWT. `heartbeats` takes no product ids and keeps quiet subscriptions open ("Most channels close within 60-90
 * seconds if no updates are sent").
 * Docs: https://docs.cdp.coinbase.com/coinbase-app/advanced-trade-apis/websocket/websocket-overview (Subscribing)
 * @example {"type":"subscribe","product_ids":["ETH-USD","ETH-EUR"],"channel":"level2"}
 * @example {"type":"subscribe","channel":"heartbeats"}
 */
export interface CoinbaseSubscribeFrame {
  type: "subscribe" | "unsubscribe";
  channel: string;
  product_ids?: string[];
}

/**
 * Acknowledgement of a subscribe or unsubscribe: the socket's whole subscription set.
 * Docs: https://docs.cdp.coinbase.com/coinbase-app/advanced-trade-apis/websocket/websocket-overview
 * @example {"channel":"subscriptions","client_id":"","timestamp":"2023-02-09T20:32:37.981Z","sequence_num":1,"events":[{"subscriptions":{"level2":["BTC-USD"],"heartbeats":["heartbeats"]}}]}
 */
export interface CoinbaseSubscriptionsEvent {
  subscriptions: Record<string, string[]>;
}

/**
 * Heartbeats, once a second per socket.
 * Docs: https://docs.cdp.coinbase.com/api-reference/advanced-trade-api/websocket/heartbeats
 * @example {"channel":"heartbeats","client_id":"","timestamp":"2023-06-23T20:31:26.122969572Z","sequence_num":7,"events":[{"current_time":"2023-06-23 20:31:56.121961769 +0000 UTC m=+91717.525857105","heartbeat_counter":"3049"}]}
 */
export interface CoinbaseHeartbeatEvent {
  current_time: string;
  heartbeat_counter: string | number;
}

/**
 * Level 2 (`level2` → `l2_data`): a `snapshot` of the whole book after subscribing, then `update`s. `new_quantity` is the
 * level's new size, not a delta; "0" removes it. Sides are `bid` and `offer`. No checksum, no per-product sequence.
 * Docs: https://docs.cdp.coinbase.com/api-reference/advanced-trade-api/websocket/level2
 * @example {"channel":"l2_data","client_id":"","timestamp":"2023-02-09T20:32:50.714964855Z","sequence_num":0,"events":[{"type":"snapshot","product_id":"BTC-USD","updates":[{"side":"bid","event_time":"1970-01-01T00:00:00Z","price_level":"21921.73","new_quantity":"0.06317902"},{"side":"offer","event_time":"1970-01-01T00:00:00Z","price_level":"21921.74","new_quantity":"0.2"}]}]}
 */
export interface CoinbaseL2Event {
  type: "snapshot" | "update";
  product_id: string;
  updates: CoinbaseL2Update[];
}

export interface CoinbaseL2Update {
  side: "bid" | "offer";
  event_time: string;
  price_level: string;
  new_quantity: string;
}

/**
 * Market trades: fills collected over 250 ms and sent together; a `snapshot` of recent fills follows the subscribe.
 * `side` is the MAKER's side (as on Coinbase Exchange `match`): a `SELL` print at the ask was a taker buy.
 * Docs: https://docs.cdp.coinbase.com/api-reference/advanced-trade-api/websocket/market-trades
 * @example {"channel":"market_trades","client_id":"","timestamp":"2023-02-09T20:19:35.39625135Z","sequence_num":5,"events":[{"type":"update","trades":[{"trade_id":"000000000","product_id":"ETH-USD","price":"1260.01","size":"0.3","side":"BUY","time":"2019-08-14T20:42:27.265Z"}]}]}
 */
export interface CoinbaseMarketTradesEvent {
  type: "snapshot" | "update";
  trades: CoinbaseTrade[];
}

export interface CoinbaseTrade {
  trade_id: string;
  product_id: string;
  price: string;
  size: string;
  side: "BUY" | "SELL";
  time: string;
}

/**
 * Ticker on every match (`ticker`) or every 5 s (`ticker_batch`), same shape.
 * Docs: https://docs.cdp.coinbase.com/api-reference/advanced-trade-api/websocket/ticker
 * @example {"channel":"ticker","client_id":"","timestamp":"2023-02-09T20:30:37.167359596Z","sequence_num":12,"events":[{"type":"snapshot","tickers":[{"type":"ticker","product_id":"BTC-USD","price":"21932.98","volume_24_h":"16038.28770938","low_24_h":"21835.29","high_24_h":"23011.18","low_52_w":"15460","high_52_w":"48240","price_percent_chg_24_h":"-4.15775596190603","best_bid":"21931.98","best_bid_quantity":"8000.21","best_ask":"21933.98","best_ask_quantity":"8038.07770938"}]}]}
 */
export interface CoinbaseTickerEvent {
  type: "snapshot" | "update";
  tickers: CoinbaseTicker[];
}

export interface CoinbaseTicker {
  type: "ticker";
  product_id: string;
  price: string;
  volume_24_h: string;
  low_24_h: string;
  high_24_h: string;
  low_52_w?: string;
  high_52_w?: string;
  price_percent_chg_24_h: string;
  best_bid?: string;
  best_bid_quantity?: string;
  best_ask?: string;
  best_ask_quantity?: string;
}

/**
 * Candles, re-sent every second for the open bucket. The socket has one granularity: "Candles are grouped into buckets
 * (granularities) of five minutes." `start` is UNIX seconds. No final-bar flag.
 * Docs: https://docs.cdp.coinbase.com/api-reference/advanced-trade-api/websocket/candles
 * @example {"channel":"candles","client_id":"","timestamp":"2023-06-09T20:19:35.39625135Z","sequence_num":0,"events":[{"type":"snapshot","candles":[{"start":"1688998200","high":"1867.72","low":"1865.63","open":"1867.38","close":"1866.81","volume":"0.20269406","product_id":"ETH-USD"}]}]}
 */
export interface CoinbaseCandlesEvent {
  type: "snapshot" | "update";
  candles: CoinbaseCandle[];
}

export interface CoinbaseCandle {
  start: string;
  high: string;
  low: string;
  open: string;
  close: string;
  volume: string;
  product_id: string;
}

/**
 * A refused request. The socket answers bad subscribes with `type: "error"` and a message.
 * Docs: https://docs.cdp.coinbase.com/coinbase-app/advanced-trade-apis/websocket/websocket-overview
 * @example {"type":"error","message":"failure to subscribe"}
 */
export interface CoinbaseErrorFrame {
  type: "error";
  message?: string;
  reason?: string;
}

// ── REST (public, no auth: /api/v3/brokerage/market/…) ─────────────────────────────────────────────────────────────

/**
 * One product of `GET /api/v3/brokerage/market/products?product_type=SPOT|FUTURE` or `GET …/market/products/{id}`.
 * Spot `status` is `online`; US futures (FCM venue, CDE contracts) leave it empty and carry `future_product_details`
 * (contract code, expiry, size, open interest, and funding for the perpetual-style `BIP`-like contracts).
 * `-USDC` spot products are aliases of `-USD` ones (`alias`), and the socket answers them with `-USD` data.
 * Docs: https://docs.cdp.coinbase.com/api-reference/advanced-trade-api/rest-api/public/list-public-products
 * @example {"product_id":"BTC-USD","price":"68925.98","price_percentage_change_24h":"-0.28225832119521","volume_24h":"11005.02587005","base_increment":"0.00000001","quote_increment":"0.01","status":"online","trading_disabled":false,"is_disabled":false,"product_type":"SPOT","quote_currency_id":"USD","base_currency_id":"BTC","alias":"","alias_to":["BTC-USDC"],"price_increment":"0.01","product_venue":"CBE"}
 * @example {"product_id":"BIT-24APR26-CDE","price":"69165","base_increment":"1","quote_increment":"0.01","price_increment":"5","status":"","trading_disabled":false,"is_disabled":false,"product_type":"FUTURE","quote_currency_id":"USD","base_currency_id":"","product_venue":"FCM","future_product_details":{"venue":"cde","contract_code":"BIT","contract_expiry":"2026-04-24T15:00:00Z","contract_size":"0.01","contract_root_unit":"BTC","contract_expiry_type":"EXPIRING","open_interest":"35445","funding_rate":"","funding_time":null}}
 */
export interface CoinbaseProduct {
  product_id: string;
  price?: string;
  price_percentage_change_24h?: string;
  volume_24h?: string;
  base_increment?: string;
  quote_increment?: string;
  price_increment?: string;
  status?: string;
  trading_disabled?: boolean;
  is_disabled?: boolean;
  cancel_only?: boolean;
  view_only?: boolean;
  product_type?: "SPOT" | "FUTURE" | string;
  base_currency_id?: string;
  quote_currency_id?: string;
  alias?: string;
  alias_to?: string[];
  product_venue?: string;
  best_bid_price?: string;
  best_ask_price?: string;
  future_product_details?: CoinbaseFutureDetails;
}

export interface CoinbaseFutureDetails {
  venue?: string;
  contract_code?: string;
  contract_expiry?: string;
  contract_size?: string;
  contract_root_unit?: string;
  contract_expiry_type?: "EXPIRING" | "PERPETUAL" | string;
  open_interest?: string;
  funding_rate?: string;
  funding_time?: string | null;
  funding_interval?: string | null;
  index_price?: string;
}

export interface CoinbaseProductList {
  products: CoinbaseProduct[];
  num_products?: number;
}

/**
 * `GET /api/v3/brokerage/market/product_book?product_id=…&limit=…`: levels as `{price, size}` objects, no sequence.
 * Docs: https://docs.cdp.coinbase.com/api-reference/advanced-trade-api/rest-api/public/get-public-product-book
 * @example {"pricebook":{"product_id":"BTC-USD","bids":[{"price":"68923.66","size":"0.17189468"}],"asks":[{"price":"68923.67","size":"0.16987193"}],"time":"2026-04-07T00:28:59.662782Z"},"last":"68923.665","mid_market":"68923.665","spread_bps":"0.001450880372","spread_absolute":"0.01"}
 */
export interface CoinbaseProductBook {
  pricebook: {
    product_id: string;
    bids: { price: string; size: string }[];
    asks: { price: string; size: string }[];
    time: string;
  };
}

/**
 * `GET /api/v3/brokerage/market/products/{id}/ticker?limit=…`: the latest fills, newest first (`side` is the maker's),
 * with the best bid and ask.
 * Docs: https://docs.cdp.coinbase.com/api-reference/advanced-trade-api/rest-api/public/get-public-market-trades
 * @example {"trades":[{"trade_id":"995098663","product_id":"BTC-USD","price":"68923.67","size":"0.00064","time":"2026-04-07T00:28:58.544778Z","side":"SELL","bid":"","ask":"","exchange":"coinbase"}],"best_bid":"68923.66","best_ask":"68923.67"}
 */
export interface CoinbaseMarketTrades {
  trades: CoinbaseTrade[];
  best_bid?: string;
  best_ask?: string;
}

/**
 * `GET /api/v3/brokerage/market/products/{id}/candles?start=…&end=…&granularity=…&limit=…`: newest first, at most 350;
 * `start` and `end` are UNIX seconds and required.
 * Docs: https://docs.cdp.coinbase.com/api-reference/advanced-trade-api/rest-api/public/get-public-product-candles
 * @example {"candles":[{"start":"1712192400","low":"66055.14","high":"66331.99","open":"66312.4","close":"66181.6","volume":"355.82896243"}]}
 */
export interface CoinbaseCandleList {
  candles: Omit<CoinbaseCandle, "product_id">[];
}

/**
 * REST error body (HTTP 4xx/5xx).
 * Docs: https://docs.cdp.coinbase.com/coinbase-app/advanced-trade-apis/rest-api
 * @example {"error":"NOT_FOUND","error_details":"ProductID is invalid","message":"ProductID is invalid"}
 */
export interface CoinbaseRestError {
  error: string;
  error_details?: string;
  message?: string;
}
