// Coinbase Advanced Trade wiring: spot and US futures (CDE contracts, as `linear`) on the one public market-data
// socket; keep-alive and limits; what each account streams; the book rules the tracker enforces.

import {
  type Account,
  type BookRules,
  type StreamTable,
  viaRestPoll,
  viaWs,
  wireAbsent,
} from "../../core/index.ts";
import { defineExchange, type ExchangeWs, type WsOptions } from "../_shared/adapter.ts";
import { COINBASE_CANDLE_INTERVAL, parseCoinbaseFrame } from "./parse.ts";
import { coinbaseAccountOf, coinbaseRest } from "./rest.ts";
import {
  COINBASE_MAX_PRODUCTS_PER_FRAME,
  channelOfSpec,
  subscribeFrames,
  unsubscribeFrames,
} from "./subscribe.ts";
import { coinbaseSymbols } from "./symbols.ts";

export const COINBASE_WS_URL = "wss://advanced-trade-ws.coinbase.com";

/** "Candles are grouped into buckets (granularities) of five minutes": the socket has no other interval. */
export const COINBASE_KLINE_INTERVALS: Readonly<Record<"spot" | "linear", readonly string[]>> = {
  spot: [COINBASE_CANDLE_INTERVAL],
  linear: [COINBASE_CANDLE_INTERVAL],
};

const OPEN_INTEREST_POLL_MS = 15_000;

const trade = {
  status: "supported",
  via: "ws",
  note: "market_trades; Coinbase's `side` is the maker's, dig3 reports the taker's; the fills snapshot sent on subscribe is history and is not emitted",
} as const;

const book = {
  status: "supported",
  via: "ws",
  note: "level2 (data on l2_data): snapshot on subscribe, then updates; no checksum; continuity from the connection's sequence_num",
} as const;

const kline = {
  status: "supported",
  via: "ws",
  note: "candles: 5m only on the socket (REST candles: 1m 5m 15m 30m 1h 2h 4h 6h 1d)",
} as const;

const aggTrade = wireAbsent(
  "Coinbase publishes individual fills only (market_trades)",
  "use trades; the station derives bars",
);

const SPOT_STREAMS: StreamTable = {
  trade,
  agg_trade: aggTrade,
  book,
  kline,
  ticker: viaWs,
  mark_price: wireAbsent("Coinbase spot has no mark price", "use --account linear (US futures)"),
  funding_rate: wireAbsent("Coinbase spot has no funding", "use --account linear (US futures)"),
  open_interest: wireAbsent("Coinbase spot has no open interest", "use --account linear (US futures)"),
  liquidation: wireAbsent("Coinbase publishes no liquidations"),
};

/**
 * US futures on the Coinbase Derivatives Exchange (FCM venue): dated contracts (`BIT-24APR26-CDE`) and the
 * perpetual-style ones (`BIP-20DEC30-CDE`, hourly funding), USD quoted and settled. INTX perpetuals (`BTC-PERP-INTX`)
 * are not here: they left the Advanced Trade API for the Deribit-powered gateway (JSON-RPC at drb.coinbase.com), and
 * Coinbase International's own feed needs an API key.
 */
const LINEAR_STREAMS: StreamTable = {
  trade: {
    ...trade,
    note: `US futures only (CDE contracts: dated BIT-…, perpetual-style BIP-…); INTX perpetuals (BTC-PERP-INTX) left Advanced Trade for the Deribit-powered gateway. ${trade.note}`,
  },
  agg_trade: aggTrade,
  book,
  kline,
  ticker: viaWs,
  mark_price: wireAbsent(
    "Coinbase publishes no mark price for US futures",
    "the product row (GET /api/v3/brokerage/market/products/{id}) carries index_price and settlement_price",
  ),
  funding_rate: viaRestPoll(
    OPEN_INTEREST_POLL_MS,
    "perpetual-style contracts only; polls future_product_details.funding_rate of GET /api/v3/brokerage/market/products/{id}",
  ),
  open_interest: viaRestPoll(
    OPEN_INTEREST_POLL_MS,
    "no socket stream; polls future_product_details.open_interest (contracts) of GET /api/v3/brokerage/market/products/{id}",
  ),
  liquidation: wireAbsent("Coinbase publishes no liquidations"),
};

/**
 * Both accounts: "level2 … Guarantees delivery of all updates and is the easiest way to keep an order book snapshot in
 * sync"; after subscribing the socket sends a `snapshot` of the book, then `update`s whose `new_quantity` "is the
 * updated size at a price level (not a delta); a value of "0" means the level can be removed". There is no checksum
 * and no per-product sequence; the socket's `sequence_num` numbers every message of the connection, so the parser
 * lends each product's updates `prevSeq` = the sequence of that product's previous l2 message and, after a jump in
 * the connection's numbering, a predecessor that cannot match: the chain rule then resyncs the book (session.ts).
 */
export const COINBASE_BOOK: BookRules = {
  snapshotFrom: "stream",
  chain: "prev-equals-last",
  bridge: "chain",
};

/** One public socket for spot and US futures; Advanced Trade has no market-data sandbox, so testnet reads it too. */
export function coinbaseWsUrl(account: Account, _options: WsOptions): string {
  coinbaseAccountOf(account);
  return COINBASE_WS_URL;
}

const coinbaseWs: ExchangeWs = {
  url: coinbaseWsUrl,
  // No application ping exists. Heartbeats arrive every second once subscribed, which feeds the silence watchdog;
  // a protocol ping now and then also proves the TCP path when a socket carries only quiet channels.
  ping: { everyMs: 20_000, frame: "native" },
  silenceMs: 15_000,
  // Coinbase documents no per-socket cap; level2 snapshots of many products on one socket risk a slow-consumer cut.
  maxStreamsPerSocket: 100,
  // "unauthenticated messages are rate-limited at 8 per second per IP address": keep a socket well under it.
  maxSendPerSecond: 4,
  maxStreamsPerFrame: COINBASE_MAX_PRODUCTS_PER_FRAME,
  channelOf: channelOfSpec,
  subscribe: subscribeFrames,
  unsubscribe: unsubscribeFrames,
  parse: parseCoinbaseFrame,
};

export const coinbase = defineExchange({
  id: "coinbase",
  name: "Coinbase Advanced Trade",
  category: "cex",
  streams: { spot: SPOT_STREAMS, linear: LINEAR_STREAMS },
  klineIntervals: COINBASE_KLINE_INTERVALS,
  ws: coinbaseWs,
  rest: coinbaseRest,
  symbols: coinbaseSymbols,
  book: COINBASE_BOOK,
  docs: "https://docs.cdp.coinbase.com/coinbase-app/advanced-trade-apis/websocket/websocket-overview",
});
