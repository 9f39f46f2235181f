// Deribit wiring: accounts spot, inverse (coin-settled perpetuals and futures), linear (USDC/USDT-margined) and
// option, all on one JSON-RPC socket; keep-alive; what each account streams; and the book sync rules.

import {
  type Account,
  type BookRules,
  type StreamSupport,
  type StreamTable,
  viaWs,
  wireAbsent,
} from "../../core/index.ts";
import { defineExchange, type ExchangeWs, type WsOptions } from "../_shared/adapter.ts";
import { parseDeribitFrame } from "./parse.ts";
import { deribitRest } from "./rest.ts";
import {
  channelOfSpec,
  DERIBIT_CLIENT_PING,
  DERIBIT_MAX_CHANNELS_PER_FRAME,
  DERIBIT_RESOLUTIONS,
  subscribeFrames,
  unsubscribeFrames,
} from "./subscribe.ts";
import { deribitSymbols } from "./symbols.ts";

/** `chart.trades` resolutions (1 3 5 10 15 30 60 120 180 360 720 minutes, 1D), the same on every market. */
const INTERVALS: readonly string[] = Object.keys(DERIBIT_RESOLUTIONS);
export const DERIBIT_KLINE_INTERVALS: Readonly<Record<Account, readonly string[]>> = {
  spot: INTERVALS,
  inverse: INTERVALS,
  linear: INTERVALS,
  option: INTERVALS,
};

const NO_AGG_TRADES = wireAbsent(
  "Deribit publishes every trade (trades.{instrument}.100ms) and no aggregate-trade channel",
  "use trades",
);

function shared(note: string): StreamSupport {
  return { status: "supported", via: "ws", note };
}

const TICKER_NOTE = "from ticker.{instrument}.100ms, one subscription with ticker, mark and open interest";
const LIQUIDATION_NOTE =
  "trades flagged `liquidation` (M maker, T taker, MT both) on trades.{instrument}.100ms; Deribit has no separate public liquidation channel";

const SPOT_STREAMS: StreamTable = {
  trade: viaWs,
  agg_trade: NO_AGG_TRADES,
  book: viaWs,
  kline: viaWs,
  ticker: viaWs,
  mark_price: wireAbsent("Deribit spot pairs have no mark price", "use --account inverse or linear"),
  funding_rate: wireAbsent("Deribit spot pairs have no funding", "use --account inverse or linear"),
  open_interest: wireAbsent("Deribit spot pairs have no open interest", "use --account inverse or linear"),
  liquidation: wireAbsent("Deribit spot pairs are not liquidated", "use --account inverse or linear"),
};

const FUTURES_STREAMS: StreamTable = {
  trade: viaWs,
  agg_trade: NO_AGG_TRADES,
  book: viaWs,
  kline: viaWs,
  ticker: viaWs,
  mark_price: shared(TICKER_NOTE),
  funding_rate: shared(
    "perpetuals only: ticker funding_8h (funding accrues continuously; no next funding time)",
  ),
  open_interest: shared(`${TICKER_NOTE}; inverse in USD, linear in coins`),
  liquidation: shared(LIQUIDATION_NOTE),
};

const OPTION_STREAMS: StreamTable = {
  trade: viaWs,
  agg_trade: NO_AGG_TRADES,
  book: viaWs,
  kline: viaWs,
  ticker: shared("greeks and implied volatilities are not carried by dig3's ticker event"),
  mark_price: shared(TICKER_NOTE),
  funding_rate: wireAbsent(
    "options have no funding",
    "use --account inverse or linear for perpetual funding",
  ),
  open_interest: shared(TICKER_NOTE),
  liquidation: shared(LIQUIDATION_NOTE),
};

/**
 * Every market: "The first notification will contain the whole book … After that there will only be information
 * about changes to individual price levels. … Each notification will contain a change_id field, and each message
 * except for the first one will contain a field prev_change_id. If prev_change_id is equal to the change_id of the
 * previous message, this means that no messages have been missed." (book.{instrument_name}.{interval}). The snapshot
 * comes from the stream (a resync resubscribes for a new one); Deribit sends no checksum.
 */
export const DERIBIT_BOOK: BookRules = {
  snapshotFrom: "stream",
  chain: "prev-equals-last",
  bridge: "chain",
};

export function deribitWsUrl(_account: Account, options: WsOptions): string {
  return options.testnet ? "wss://test.deribit.com/ws/api/v2" : "wss://www.deribit.com/ws/api/v2";
}

const deribitWs: ExchangeWs = {
  // One endpoint serves every market; the hub still keeps one socket pool per account.
  url: deribitWsUrl,
  // The server heartbeat (set_heartbeat 30 s, test_request answered in parse) keeps the session; our own public/test
  // every 30 s draws an answer, so a quiet option book still proves the socket alive.
  ping: { everyMs: 30_000, frame: DERIBIT_CLIENT_PING },
  silenceMs: 75_000,
  // No per-connection channel cap is documented; 32 connections per IP are. Keep sockets few and full.
  maxStreamsPerSocket: 500,
  // public/subscribe: "Sustained rate: ~3.3 requests/second". Each subscribe travels with a set_heartbeat (a plain
  // request, 20/s budget), so 6 frames a second is 3 subscribes a second.
  maxSendPerSecond: 6,
  maxStreamsPerFrame: DERIBIT_MAX_CHANNELS_PER_FRAME,
  channelOf: channelOfSpec,
  subscribe: subscribeFrames,
  unsubscribe: unsubscribeFrames,
  parse: parseDeribitFrame,
};

export const deribit = defineExchange({
  id: "deribit",
  name: "Deribit",
  category: "cex",
  streams: {
    spot: SPOT_STREAMS,
    inverse: FUTURES_STREAMS,
    linear: FUTURES_STREAMS,
    option: OPTION_STREAMS,
  },
  klineIntervals: DERIBIT_KLINE_INTERVALS,
  ws: deribitWs,
  rest: deribitRest,
  symbols: deribitSymbols,
  book: DERIBIT_BOOK,
  docs: "https://docs.deribit.com/",
});
