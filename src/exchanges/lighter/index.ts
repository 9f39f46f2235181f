// Lighter wiring: perpetuals (linear, USDC-settled) and spot on one socket URL; `{"type":"ping"}` keep-alive; what
// each account streams; and the book rule: a stream snapshot, then updates whose begin_nonce is the previous nonce.
// Docs: https://apidocs.lighter.xyz/docs/websocket-reference, https://apidocs.lighter.xyz/docs/market-data

import {
  type Account,
  type BookRules,
  type StreamSupport,
  type StreamTable,
  viaRestPoll,
  viaWs,
  wireAbsent,
} from "../../core/index.ts";
import { defineExchange, type ExchangeWs, type WsOptions } from "../_shared/adapter.ts";
import { parseLighterFrame } from "./parse.ts";
import { lighterRest } from "./rest.ts";
import {
  channelOfSpec,
  LIGHTER_INTERVALS,
  LIGHTER_PING,
  subscribeFrames,
  unsubscribeFrames,
} from "./subscribe.ts";
import { lighterSymbols } from "./symbols.ts";

export const LIGHTER_KLINE_INTERVALS: Readonly<Partial<Record<Account, readonly string[]>>> = {
  linear: LIGHTER_INTERVALS,
  spot: LIGHTER_INTERVALS,
};

function shared(note: string): StreamSupport {
  return { status: "supported", via: "ws", note };
}

const NO_AGG_TRADES = wireAbsent(
  "Lighter publishes every fill on `trade/{id}` and no aggregate-trade channel",
  "use trades",
);
const KLINES = viaRestPoll(
  60_000,
  "REST /api/v1/candles polled (the current bar is marked open); the WebSocket reference read lists no candle channel for perp or spot markets",
);
const STATS_NOTE =
  "from market_stats/{id} (one subscription shared by ticker, mark, funding and open interest)";

const PERP_STREAMS: StreamTable = {
  trade: viaWs,
  agg_trade: NO_AGG_TRADES,
  book: shared("order_book/{id}: a snapshot on subscribe, then updates chained by nonce"),
  kline: KLINES,
  ticker: shared(`${STATS_NOTE}; last price and 24 h stats, no best bid/ask`),
  mark_price: shared(`${STATS_NOTE}; with the index price`),
  funding_rate: shared(
    `${STATS_NOTE}; current_funding_rate (percent on the wire, a fraction here), paid hourly`,
  ),
  open_interest: shared(`${STATS_NOTE}; sent in USDC, the base amount derived at the mark price`),
  liquidation: shared("liquidation_trades of trade/{id} (shared with trades)"),
};

const SPOT_STREAMS: StreamTable = {
  trade: viaWs,
  agg_trade: NO_AGG_TRADES,
  book: PERP_STREAMS.book,
  kline: KLINES,
  ticker: shared("from spot_market_stats/{id}: last price and 24 h stats"),
  mark_price: wireAbsent("Lighter spot markets have no mark price", "use --account linear"),
  funding_rate: wireAbsent("Lighter spot markets have no funding", "use --account linear"),
  open_interest: wireAbsent("Lighter spot markets have no open interest", "use --account linear"),
  liquidation: wireAbsent("Lighter spot markets are not liquidated", "use --account linear"),
};

/**
 * Every market: `subscribed/order_book` is the whole book ("full snapshot"), then `update/order_book` carries the
 * changed levels (size 0 removes). Each update's `begin_nonce` is the `nonce` of the message before it (the
 * snapshot's begin_nonce is 0), so a gap shows as begin_nonce ≠ previous nonce: prev-equals-last with seq = nonce,
 * prevSeq = begin_nonce, and the first update must chain to the snapshot's nonce. No checksum is sent.
 */
export const LIGHTER_BOOK: BookRules = {
  snapshotFrom: "stream",
  chain: "prev-equals-last",
  bridge: "chain",
};

export function lighterWsUrl(_account: Account, options: WsOptions): string {
  return options.testnet
    ? "wss://testnet.zklighter.elliot.ai/stream"
    : "wss://mainnet.zklighter.elliot.ai/stream";
}

const lighterWs: ExchangeWs = {
  // One endpoint for every market.
  url: lighterWsUrl,
  // "Send something at least every 2 minutes" or the server drops the connection.
  ping: { everyMs: 60_000, frame: LIGHTER_PING },
  silenceMs: 150_000,
  // Lighter allows 500 subscriptions a connection (5000 an IP); 100 keeps resubscribing a dropped socket short under
  // the message cap below.
  maxStreamsPerSocket: 100,
  // "200 messages per minute" per IP for client frames (subscribe, unsubscribe, ping), with at most 50 unanswered.
  maxSendPerSecond: 3,
  maxStreamsPerFrame: 1,
  channelOf: channelOfSpec,
  subscribe: subscribeFrames,
  unsubscribe: unsubscribeFrames,
  parse: parseLighterFrame,
};

export const lighter = defineExchange({
  id: "lighter",
  name: "Lighter",
  category: "dex",
  streams: { linear: PERP_STREAMS, spot: SPOT_STREAMS },
  klineIntervals: LIGHTER_KLINE_INTERVALS,
  ws: lighterWs,
  rest: lighterRest,
  symbols: lighterSymbols,
  book: LIGHTER_BOOK,
  docs: "https://apidocs.lighter.xyz/docs/websocket-reference",
});
