// HyperLiquid wiring: perpetuals (linear, USDC-settled) and spot on one socket URL; `{"method":"ping"}` keep-alive;
// what each account streams; and the book rule: every l2Book message is a whole snapshot.
// Docs: https://hyperliquid.gitbook.io/hyperliquid-docs/for-developers/api

import {
  type Account,
  type BookRules,
  type StreamSupport,
  type StreamTable,
  viaWs,
  wireAbsent,
} from "../../core/index.ts";
import { defineExchange, type ExchangeWs, type WsOptions } from "../_shared/adapter.ts";
import { parseHyperliquidFrame } from "./parse.ts";
import { hyperliquidRest } from "./rest.ts";
import {
  channelOfSpec,
  HYPERLIQUID_INTERVALS,
  HYPERLIQUID_PING,
  subscribeFrames,
  unsubscribeFrames,
} from "./subscribe.ts";
import { hyperliquidSymbols } from "./symbols.ts";

export const HYPERLIQUID_KLINE_INTERVALS: Readonly<Partial<Record<Account, readonly string[]>>> = {
  linear: HYPERLIQUID_INTERVALS,
  spot: HYPERLIQUID_INTERVALS,
};

function shared(note: string): StreamSupport {
  return { status: "supported", via: "ws", note };
}

const NO_AGG_TRADES = wireAbsent(
  "HyperLiquid publishes every fill on `trades` and no aggregate-trade channel",
  "use trades",
);
const NO_LIQUIDATIONS = wireAbsent(
  "HyperLiquid reports liquidations only to the liquidated user (userEvents, userFills); no public channel carries them",
);
const CTX_NOTE =
  "from activeAssetCtx (one subscription with bbo, shared by ticker, mark, funding and open interest)";

const PERP_STREAMS: StreamTable = {
  trade: viaWs,
  agg_trade: NO_AGG_TRADES,
  book: shared("l2Book: every message is a snapshot of the top 20 levels a side (at most one per 0.5 s)"),
  kline: viaWs,
  ticker: shared(
    "bbo (best bid/ask) merged with activeAssetCtx 24 h stats; HyperLiquid publishes no last-trade price there",
  ),
  mark_price: shared(`${CTX_NOTE}; index = oracle price`),
  funding_rate: shared(`${CTX_NOTE}; the current hourly rate, paid every hour`),
  open_interest: shared(`${CTX_NOTE}; in coins, valued at the mark price`),
  liquidation: NO_LIQUIDATIONS,
};

const SPOT_STREAMS: StreamTable = {
  trade: viaWs,
  agg_trade: NO_AGG_TRADES,
  book: PERP_STREAMS.book,
  kline: viaWs,
  ticker: shared("bbo (best bid/ask) merged with activeSpotAssetCtx 24 h stats"),
  mark_price: wireAbsent("HyperLiquid spot pairs have no mark price", "use --account linear"),
  funding_rate: wireAbsent("HyperLiquid spot pairs have no funding", "use --account linear"),
  open_interest: wireAbsent("HyperLiquid spot pairs have no open interest", "use --account linear"),
  liquidation: wireAbsent("HyperLiquid spot pairs are not liquidated", "use --account linear"),
};

/**
 * Every market: "Snapshot feed, pushed on each block that is at least 0.5 since last push" (WsBook). Each message
 * is the whole book to its depth, with no sequence number and no checksum, so each one replaces the book: the
 * snapshot comes from the stream (every frame is a snapshot), nothing chains, and the tracker checks each one for a
 * crossed book (a resync resubscribes; the next push is a fresh snapshot anyway).
 */
export const HYPERLIQUID_BOOK: BookRules = {
  snapshotFrom: "stream",
  chain: "none",
  bridge: "any",
};

export function hyperliquidWsUrl(_account: Account, options: WsOptions): string {
  return options.testnet ? "wss://api.hyperliquid-testnet.xyz/ws" : "wss://api.hyperliquid.xyz/ws";
}

const hyperliquidWs: ExchangeWs = {
  // One endpoint for every market; the hub keeps one socket pool per account.
  url: hyperliquidWsUrl,
  // "The server will close any connection if it hasn't sent a message to it in the last 60 seconds": a quiet spot
  // book must still draw a pong well inside that.
  ping: { everyMs: 30_000, frame: HYPERLIQUID_PING },
  silenceMs: 75_000,
  // "Maximum of 1000 websocket subscriptions" per IP: a ticker-like channel is two (activeAssetCtx + bbo).
  maxStreamsPerSocket: 500,
  // "Maximum of 2000 messages sent to Hyperliquid per minute across all websocket connections" (33 a second).
  maxSendPerSecond: 30,
  maxStreamsPerFrame: 1,
  channelOf: channelOfSpec,
  subscribe: subscribeFrames,
  unsubscribe: unsubscribeFrames,
  parse: parseHyperliquidFrame,
};

export const hyperliquid = defineExchange({
  id: "hyperliquid",
  name: "HyperLiquid",
  category: "dex",
  streams: { linear: PERP_STREAMS, spot: SPOT_STREAMS },
  klineIntervals: HYPERLIQUID_KLINE_INTERVALS,
  ws: hyperliquidWs,
  rest: hyperliquidRest,
  symbols: hyperliquidSymbols,
  book: HYPERLIQUID_BOOK,
  docs: "https://hyperliquid.gitbook.io/hyperliquid-docs/for-developers/api",
});
