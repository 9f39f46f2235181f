// Kraken wiring: spot (WebSocket v2) and futures — linear PF_/FF_ multi-collateral and inverse PI_/FI_ contracts on
// one Futures WebSocket v1 endpoint; what each account streams, keep-alive and limits, and the book sync rules
// (spot: stream snapshot + CRC32 of the top 10; futures: stream snapshot + per-product `seq` +1).

import { type Account, type BookRules, type StreamTable, viaWs, wireAbsent } from "../../core/index.ts";
import { defineExchange, type ExchangeWs, type WsOptions } from "../_shared/adapter.ts";
import { KRAKEN_FUTURES_CHART_INTERVAL_MS } from "./futures/rest.ts";
import { parseKrakenFrame } from "./parse.ts";
import { krakenAccountOf, krakenRest } from "./rest.ts";
import { checksumOfKrakenBook } from "./spot/book.ts";
import { KRAKEN_SPOT_BOOK_DEPTH, KRAKEN_SPOT_INTERVAL_MINUTES } from "./spot/subscribe.ts";
import { channelOfSpec, subscribeFrames, unsubscribeFrames } from "./subscribe.ts";
import { krakenSymbols } from "./symbols.ts";
import { KRAKEN_DOCS } from "./wire.ts";

/**
 * Kline intervals per account. Spot: the v2 `ohlc` intervals with a canonical name (21600 min = 15 days has none).
 * Futures: the socket has no candles (see the streams table); these are the chart REST resolutions `dig3 klines`
 * can fetch.
 */
export const KRAKEN_KLINE_INTERVALS: Readonly<Record<"spot" | "linear" | "inverse", readonly string[]>> = {
  spot: Object.keys(KRAKEN_SPOT_INTERVAL_MINUTES),
  linear: Object.keys(KRAKEN_FUTURES_CHART_INTERVAL_MS),
  inverse: Object.keys(KRAKEN_FUTURES_CHART_INTERVAL_MS),
};

const NO_AGG_TRADES = wireAbsent(
  "Kraken publishes individual trades only (a trade message may batch several fills, not aggregate them)",
  "use trades",
);

const SPOT_STREAMS: StreamTable = {
  trade: { status: "supported", via: "ws", note: "v2 `trade`; starts with the venue's last 50 trades" },
  agg_trade: NO_AGG_TRADES,
  book: { status: "supported", via: "ws", note: "v2 `book` depth 1000, CRC32 of the top 10 verified" },
  kline: { status: "supported", via: "ws", note: "v2 `ohlc`; a bar is closed once its interval has passed" },
  ticker: viaWs,
  mark_price: wireAbsent("Kraken spot has no mark price", "use --account linear or inverse"),
  funding_rate: wireAbsent("Kraken spot has no funding", "use --account linear or inverse"),
  open_interest: wireAbsent("Kraken spot has no open interest", "use --account linear or inverse"),
  liquidation: wireAbsent("Kraken spot has no liquidations", "use --account linear or inverse"),
};

const FUTURES_STREAMS: StreamTable = {
  trade: {
    status: "supported",
    via: "ws",
    note: "`trade` feed: fill and liquidation prints (block and termination prints are not book trades)",
  },
  agg_trade: NO_AGG_TRADES,
  book: { status: "supported", via: "ws", note: "`book` snapshot + deltas, per-product seq checked" },
  kline: wireAbsent(
    "the Kraken Futures WebSocket has no candles feed",
    "REST candles: dig3 klines kraken <symbol> --account linear|inverse",
  ),
  ticker: {
    status: "supported",
    via: "ws",
    note: "`ticker` feed, shared with mark price, funding, open interest",
  },
  mark_price: { status: "supported", via: "ws", note: "`ticker` feed markPrice and index" },
  funding_rate: {
    status: "supported",
    via: "ws",
    note: "`ticker` feed relative_funding_rate (hourly); perpetuals only",
  },
  open_interest: { status: "supported", via: "ws", note: "`ticker` feed openInterest, in contracts" },
  liquidation: { status: "supported", via: "ws", note: "`trade` feed prints of type liquidation" },
};

/**
 * Spot: "The `book` channel includes a CRC32 checksum with each update … The checksum is always calculated over the
 * top 10 price levels regardless of subscription depth." v2 sends the snapshot on subscribe ("Book checksum:
 * Snapshot + updates") and no sequence numbers, so continuity rests on the checksum: "Build the asks string … Remove
 * `.` from price … Remove leading zeros … Concatenate asks + bids strings, then pass the result to a CRC32 function."
 * https://docs.kraken.com/api/docs/guides/spot-ws-book-v2
 */
export const KRAKEN_SPOT_BOOK: BookRules = {
  snapshotFrom: "stream",
  chain: "none",
  bridge: "any",
  checksumOf: checksumOfKrakenBook,
  // Kraken sends no removal for a level pushed out of the subscribed depth; the client cuts its book to it.
  maxDepth: KRAKEN_SPOT_BOOK_DEPTH,
};

/**
 * Futures: `book_snapshot` then `book` deltas, each carrying "The subscription message sequence number" `seq`;
 * the first delta is the snapshot's seq + 1 and every later one the previous + 1 per product (verified on the
 * recorded session). No checksum. https://docs.kraken.com/api/docs/futures-api/websocket/book
 */
export const KRAKEN_FUTURES_BOOK: BookRules = {
  snapshotFrom: "stream",
  chain: "seq-increments",
  bridge: "chain",
};

/** Spot: one v2 endpoint (no public sandbox). Futures: one v1 endpoint for linear and inverse products. */
export function krakenWsUrl(account: Account, options: WsOptions): string {
  if (krakenAccountOf(account) === "spot") return "wss://ws.kraken.com/v2";
  return options.testnet ? "wss://demo-futures.kraken.com/ws/v1" : "wss://futures.kraken.com/ws/v1";
}

const krakenWs: ExchangeWs = {
  url: krakenWsUrl,
  // Futures: "Send a ping at least every 60 seconds to keep the connection open" — a protocol ping, as in Kraken's
  // sample client; the futures feed has no application ping. Spot v2's `{"method":"ping"}` is optional (its
  // heartbeat channel ticks every second while subscribed) and the contract has one keep-alive per venue, so both
  // markets get the protocol ping; a v2 `pong` reply is still understood.
  ping: { everyMs: 30_000, frame: "native" },
  silenceMs: 90_000,
  // Kraken documents no per-connection subscription cap; 100 keeps one socket's depth-1000 books manageable.
  maxStreamsPerSocket: 100,
  // Futures allow 100 requests a second; spot's message limit is dynamic ("Exceeded msg rate"): stay well below.
  maxSendPerSecond: 10,
  channelOf: channelOfSpec,
  subscribe: subscribeFrames,
  unsubscribe: unsubscribeFrames,
  parse: parseKrakenFrame,
};

export const kraken = defineExchange({
  id: "kraken",
  name: "Kraken",
  category: "cex",
  streams: {
    spot: SPOT_STREAMS,
    linear: FUTURES_STREAMS,
    inverse: FUTURES_STREAMS,
  },
  klineIntervals: KRAKEN_KLINE_INTERVALS,
  ws: krakenWs,
  rest: krakenRest,
  symbols: krakenSymbols,
  book: (account) => (account === "spot" ? KRAKEN_SPOT_BOOK : KRAKEN_FUTURES_BOOK),
  docs: KRAKEN_DOCS,
});
