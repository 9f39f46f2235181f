// BingX wiring: accounts spot, linear (USDT-M and USDC-M perpetuals) and inverse (Coin-M perpetuals), one public
// socket per market (spot streams on the spot socket, not the swap one); the server's heartbeat; what each account
// streams; and the book rules the tracker enforces. The pieces live beside this file.

import {
  type Account,
  type BookRules,
  type StreamTable,
  viaRestPoll,
  viaWs,
  wireAbsent,
} from "../../core/index.ts";
import { defineExchange, type ExchangeWs, type WsOptions } from "../_shared/adapter.ts";
import { parseBingxFrame } from "./parse.ts";
import { bingxRest } from "./rest.ts";
import {
  BINGX_MAX_STREAMS_PER_FRAME,
  BINGX_SPOT_KLINE_INTERVALS,
  BINGX_SWAP_KLINE_INTERVALS,
  channelOfSpec,
  subscribeFrames,
  unsubscribeFrames,
} from "./subscribe.ts";
import { bingxSymbols } from "./symbols.ts";

/** Kline intervals the sockets take per account (spot names them `1min … 1day`, the perpetual sockets `1m … 1M`). */
export const BINGX_KLINE_INTERVALS: Readonly<Record<"spot" | "linear" | "inverse", readonly string[]>> = {
  spot: Object.keys(BINGX_SPOT_KLINE_INTERVALS),
  linear: Object.keys(BINGX_SWAP_KLINE_INTERVALS),
  inverse: Object.keys(BINGX_SWAP_KLINE_INTERVALS),
};

const OPEN_INTEREST_POLL_MS = 10_000;

const NO_AGG_TRADES = wireAbsent("BingX has no aggregated-trade stream", "use trades");
/** The Rust toolkit's live probe got 80015 "dataType not supported" for forceOrder; no docs page lists one. */
const NO_LIQUIDATIONS = wireAbsent("BingX publishes no public liquidation feed (forceOrder answers 80015)");
/** No socket channel (the venue answers 80015); the current rate is polled from REST `premiumIndex`. */
const FUNDING_BY_REST_ONLY = viaRestPoll(15_000, "no socket channel (80015); polls REST premiumIndex");

const SPOT_STREAMS: StreamTable = {
  trade: viaWs,
  agg_trade: NO_AGG_TRADES,
  book: {
    status: "supported",
    via: "ws",
    note: "@incrDepth: a 1000-level snapshot, then updates chained by lastUpdateId",
  },
  kline: {
    status: "supported",
    via: "ws",
    note: "intervals 1m 5m 15m 30m 1h 1d; closed when the next bar opens",
  },
  ticker: { status: "supported", via: "ws", note: "@ticker every 1 s, with the best bid and ask" },
  mark_price: wireAbsent("BingX spot has no mark price", "use --account linear or inverse"),
  funding_rate: wireAbsent("BingX spot has no funding", "use --account linear or inverse"),
  open_interest: wireAbsent("BingX spot has no open interest", "use --account linear or inverse"),
  liquidation: wireAbsent("BingX spot has no liquidations", "use --account linear or inverse"),
};

const LINEAR_STREAMS: StreamTable = {
  trade: {
    status: "supported",
    via: "ws",
    note: "the swap trade stream names no trade id: dig3 derives one from time, price, size and side",
  },
  agg_trade: NO_AGG_TRADES,
  book: {
    status: "supported",
    via: "ws",
    note: "@incrDepth: a full snapshot, then updates chained by lastUpdateId",
  },
  kline: { status: "supported", via: "ws", note: "closed when the next bar opens" },
  ticker: { status: "supported", via: "ws", note: "@ticker every 1 s, with the best bid and ask" },
  mark_price: { status: "supported", via: "ws", note: "@markPrice, on every change" },
  funding_rate: FUNDING_BY_REST_ONLY,
  open_interest: viaRestPoll(
    OPEN_INTEREST_POLL_MS,
    "no socket channel (80015); polls /openApi/swap/v2/quote/openInterest, which reports the position value in USDT",
  ),
  liquidation: NO_LIQUIDATIONS,
};

const INVERSE_STREAMS: StreamTable = {
  trade: viaWs,
  agg_trade: NO_AGG_TRADES,
  book: {
    status: "supported",
    via: "ws",
    note: "@depth<N> snapshots of the top 5 to 100 levels: Coin-M documents no incremental depth",
  },
  kline: { status: "supported", via: "ws", note: "closed when the next bar opens" },
  ticker: { status: "supported", via: "ws", note: "@ticker every 1 s, with the best bid and ask" },
  mark_price: { status: "supported", via: "ws", note: "@markPrice, on every change" },
  funding_rate: FUNDING_BY_REST_ONLY,
  open_interest: viaRestPoll(
    OPEN_INTEREST_POLL_MS,
    "no socket channel; polls /openApi/cswap/v1/market/openInterest (contracts)",
  ),
  liquidation: NO_LIQUIDATIONS,
};

/**
 * Spot and swap books ride on `@incrDepth`: "After a successful subscription, a full depth with action = 'all' is
 * returned, along with a 'lastUpdateId' for handling subsequent incremental updates. … Subsequent depth changes will
 * return incremental depth with action = 'update'. The lastUpdateId for the Nth incremental depth will be N-1
 * lastUpdateId + 1. In rare cases, if the lastUpdateId is not continuous, you can reconnect …" (swap socket,
 * Incremental Depth Information). So the socket sends the snapshot, every update's lastUpdateId must be the previous
 * one + 1 (the first one's, the snapshot's + 1), and a gap resubscribes for a new `all`. Quantity 0 removes a level.
 * BingX sends no checksum.
 */
export const BINGX_INCREMENTAL_BOOK: BookRules = {
  snapshotFrom: "stream",
  chain: "seq-increments",
  bridge: "chain",
};

/**
 * Spot: "Push incremental depth information of 1000 levels every 500ms" (spot socket, Incremental and Full Depth
 * Information): the book BingX maintains is 1000 levels a side, so dig3 keeps no more.
 */
export const BINGX_SPOT_BOOK: BookRules = { ...BINGX_INCREMENTAL_BOOK, maxDepth: 1000 };

/** Coin-M: `@depth<N>` pushes the whole top N every time; every frame is a snapshot, nothing to chain. */
export const BINGX_SNAPSHOT_BOOK: BookRules = { snapshotFrom: "stream", chain: "none", bridge: "any" };

export function bingxBookRules(account: Account): BookRules {
  if (account === "spot") return BINGX_SPOT_BOOK;
  return account === "inverse" ? BINGX_SNAPSHOT_BOOK : BINGX_INCREMENTAL_BOOK;
}

/**
 * One public socket per market: spot `wss://open-api-ws.bingx.com/market`, USDT-M `wss://open-api-swap.bingx.com/
 * swap-market` (VST demo: `wss://vst-open-api-ws.bingx.com/swap-market`), Coin-M `wss://open-api-cswap-ws.bingx.com/
 * market`. Spot and Coin-M list no VST socket, so testnet reads their live ones.
 */
export function bingxWsUrl(account: Account, options: WsOptions): string {
  switch (account) {
    case "linear":
      return options.testnet
        ? "wss://vst-open-api-ws.bingx.com/swap-market"
        : "wss://open-api-swap.bingx.com/swap-market";
    case "inverse":
      return "wss://open-api-cswap-ws.bingx.com/market";
    default:
      return "wss://open-api-ws.bingx.com/market";
  }
}

const bingxWs: ExchangeWs = {
  url: bingxWsUrl,
  // The server pings every 5 s ("the server will send a heartbeat-Ping message every 5 seconds") and parse answers;
  // BingX documents no client ping, so dig3 sends none. Those pings also feed the silence watchdog.
  ping: { everyMs: 0, frame: null },
  silenceMs: 30_000,
  // "A websocket is limited to a maximum of 200 topics, and 80403 error codes will be returned."
  maxStreamsPerSocket: 200,
  // "there is no limit, but there is a subscription rate limit. Please do not exceed 10/s" — one slot left for Pong.
  maxSendPerSecond: 8,
  maxStreamsPerFrame: BINGX_MAX_STREAMS_PER_FRAME,
  channelOf: channelOfSpec,
  subscribe: subscribeFrames,
  unsubscribe: unsubscribeFrames,
  parse: parseBingxFrame,
};

export const bingx = defineExchange({
  id: "bingx",
  name: "BingX",
  category: "cex",
  streams: {
    spot: SPOT_STREAMS,
    linear: LINEAR_STREAMS,
    inverse: INVERSE_STREAMS,
  },
  klineIntervals: BINGX_KLINE_INTERVALS,
  ws: bingxWs,
  rest: bingxRest,
  symbols: bingxSymbols,
  book: bingxBookRules,
  docs: "https://bingx-api.github.io/docs/#/en-us/swapV2/socket/market.html",
});
