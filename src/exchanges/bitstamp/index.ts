// Bitstamp wiring: accounts spot and linear (the USD-settled perpetuals, `btcusd-perp`); the one socket URL and its
// keep-alive; what each account streams; and the book sync rules the tracker enforces. The pieces live beside this file.

import {
  type BookRules,
  type StreamSupport,
  type StreamTable,
  viaRestPoll,
  wireAbsent,
} from "../../core/index.ts";
import { defineExchange, type ExchangeWs } from "../_shared/adapter.ts";
import { parseBitstampFrame } from "./parse.ts";
import { BITSTAMP_OHLC_STEPS_S, bitstampRest } from "./rest.ts";
import { channelOfSpec, subscribeFrames, unsubscribeFrames } from "./subscribe.ts";
import { bitstampSymbols } from "./symbols.ts";

export const BITSTAMP_WS_URL = "wss://ws.bitstamp.net";

/**
 * Intervals of REST `/api/v2/ohlc` (the socket has no kline channel, so `watch kline` is wire-absent): listed so that
 * `dig3 klines bitstamp …` and REST backfill know the valid choices.
 */
export const BITSTAMP_KLINE_INTERVALS: readonly string[] = Object.keys(BITSTAMP_OHLC_STEPS_S);

/** The REST ticker republishes about every 1.5–2 s; polling faster only reads the edge cache. */
const TICKER_POLL_MS = 2_000;
const OPEN_INTEREST_POLL_MS = 5_000;

const TRADES: StreamSupport = {
  status: "supported",
  via: "ws",
  note: "live_trades_<market>: one event per fill (type = taker side)",
};
const BOOK: StreamSupport = {
  status: "supported",
  via: "ws",
  note: "diff_order_book_<market> (full depth) bridged to REST /api/v2/order_book by microtimestamp; no sequence or checksum exists",
};
const NO_AGG_TRADES = wireAbsent(
  "Bitstamp publishes every fill on live_trades, never aggregates",
  "watch trades instead",
);
const NO_KLINES = wireAbsent(
  "no kline channel on the Bitstamp socket",
  "REST /api/v2/ohlc: 'dig3 klines bitstamp <symbol> --interval 1m'",
);
const TICKER = viaRestPoll(TICKER_POLL_MS, "no ticker channel on the socket; polls /api/v2/ticker/<market>/");

const SPOT_STREAMS: StreamTable = {
  trade: TRADES,
  agg_trade: NO_AGG_TRADES,
  book: BOOK,
  kline: NO_KLINES,
  ticker: TICKER,
  mark_price: wireAbsent("Bitstamp spot has no mark price", "use --account linear (BTC/USD:USD)"),
  funding_rate: wireAbsent("Bitstamp spot has no funding", "use --account linear (BTC/USD:USD)"),
  open_interest: wireAbsent("Bitstamp spot has no open interest", "use --account linear (BTC/USD:USD)"),
  liquidation: wireAbsent("Bitstamp spot has no liquidations"),
};

const LINEAR_STREAMS: StreamTable = {
  trade: TRADES,
  agg_trade: NO_AGG_TRADES,
  book: BOOK,
  kline: NO_KLINES,
  ticker: TICKER,
  mark_price: {
    status: "supported",
    via: "ws",
    note: "funding_rate_<market> about once a second, with the index price; shared with funding_rate",
  },
  funding_rate: {
    status: "supported",
    via: "ws",
    note: "funding_rate_<market>: the running (indicative) rate for the next 8-hourly settlement",
  },
  open_interest: viaRestPoll(
    OPEN_INTEREST_POLL_MS,
    "no socket stream; polls /api/v2/ticker/<market>/ open_interest (base units)",
  ),
  liquidation: wireAbsent("Bitstamp publishes liquidations only on the private my_liquidations channel"),
};

/**
 * Spot and perpetuals alike. The docs on `diff_order_book_<market>`: "only changed levels", full depth, to be seeded
 * from `GET /api/v2/order_book/<market>/`: buffer the diffs, fetch the snapshot, drop the diffs whose
 * `microtimestamp` is at or before the snapshot's, apply the rest. No sequence number and no checksum exist.
 * `seq` is the `microtimestamp` on both; a diff's `firstSeq` is the previous diff's time + 1 on the same subscription
 * (its own time for the first one), derived in parse.ts. So `first-le-next` bridges only a snapshot at least as new
 * as the first diff received (an older, edge-cached snapshot resyncs instead of leaving a hole), and the chain holds
 * by construction within one socket: continuity rests on the socket, and every reconnect resyncs the book.
 */
export const BITSTAMP_BOOK: BookRules = {
  snapshotFrom: "rest",
  chain: "first-follows-last",
  bridge: "first-le-next",
};

const bitstampWs: ExchangeWs = {
  // One endpoint for every market, spot and perpetual; Bitstamp runs no public testnet.
  url: () => BITSTAMP_WS_URL,
  // The documented keep-alive is the client's `{"event":"bts:heartbeat"}`, answered with `bts:heartbeat`. Quiet books
  // stay silent for tens of seconds, so the answers every 20 s are what keeps the silence watchdog fed.
  ping: { everyMs: 20_000, frame: '{"event":"bts:heartbeat"}' },
  silenceMs: 65_000,
  // Documented: 1,024 channel subscriptions per connection, and a 1025th silently closes the socket.
  maxStreamsPerSocket: 1000,
  // Bitstamp publishes no client message rate; this paces a burst of one-channel subscribe frames politely.
  maxSendPerSecond: 20,
  // One channel per `bts:subscribe` frame, and frames must stay under 512 bytes.
  maxStreamsPerFrame: 1,
  channelOf: channelOfSpec,
  subscribe: subscribeFrames,
  unsubscribe: unsubscribeFrames,
  parse: parseBitstampFrame,
};

export const bitstamp = defineExchange({
  id: "bitstamp",
  name: "Bitstamp",
  category: "cex",
  streams: { spot: SPOT_STREAMS, linear: LINEAR_STREAMS },
  klineIntervals: { spot: BITSTAMP_KLINE_INTERVALS, linear: BITSTAMP_KLINE_INTERVALS },
  ws: bitstampWs,
  rest: bitstampRest,
  symbols: bitstampSymbols,
  book: BITSTAMP_BOOK,
  docs: "https://www.bitstamp.net/websocket/v2/",
});
