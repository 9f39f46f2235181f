// HTX (formerly Huobi) wiring: accounts spot, linear (USDT-margined swaps and futures) and inverse (coin-margined
// swaps); the socket each stream kind lives on and the keep-alive; what each account streams; and the book sync
// rules the tracker enforces. The pieces live beside this file.

import {
  type Account,
  type BookRules,
  type StreamKind,
  type StreamSupport,
  type StreamTable,
  viaRestPoll,
  viaWs,
  wireAbsent,
} from "../../core/index.ts";
import { defineExchange, type ExchangeWs, type WsOptions } from "../_shared/adapter.ts";
import { parseHtxFrame } from "./parse.ts";
import { htxAccountOf, htxRest } from "./rest.ts";
import {
  channelOfSpec,
  HTX_BOOK_LEVELS,
  HTX_PERIODS,
  routeOf,
  subscribeFrames,
  unsubscribeFrames,
} from "./subscribe.ts";
import { htxSymbols } from "./symbols.ts";

/** `period` values of the kline topics, canonical: 1min 5min 15min 30min 60min 4hour 1day 1week 1mon (spot's `1year` has no canonical name). */
const INTERVALS: readonly string[] = Object.keys(HTX_PERIODS);
export const HTX_KLINE_INTERVALS: Readonly<Record<"spot" | "linear" | "inverse", readonly string[]>> = {
  spot: INTERVALS,
  linear: INTERVALS,
  inverse: INTERVALS,
};

const OPEN_INTEREST_POLL_MS = 10_000;

const NO_AGG_TRADES = wireAbsent(
  "HTX publishes every fill on trade.detail and has no aggregate-trade channel",
  "use trades",
);

function supported(note: string): StreamSupport {
  return { status: "supported", via: "ws", note };
}

const SPOT_STREAMS: StreamTable = {
  trade: viaWs,
  agg_trade: NO_AGG_TRADES,
  book: supported(
    "market.$symbol.mbp.150 on /feed, anchored by its refresh image (req) on the same socket, chained by prevSeqNum",
  ),
  kline: viaWs,
  ticker: supported("market.$symbol.ticker: 24 h stats, best bid/ask and last trade every 100 ms"),
  mark_price: wireAbsent("HTX spot has no mark price", "use --account linear or inverse"),
  funding_rate: wireAbsent("HTX spot has no funding", "use --account linear or inverse"),
  open_interest: wireAbsent("HTX spot has no open interest", "use --account linear or inverse"),
  liquidation: wireAbsent("HTX spot has no liquidations", "use --account linear or inverse"),
};

function contractStreams(apiPrefix: string): StreamTable {
  return {
    trade: supported(
      "sizes in contracts (contract_size per instrument); prints without a taker side are dropped",
    ),
    agg_trade: NO_AGG_TRADES,
    book: supported(
      `market.$contract_code.depth.size_${HTX_BOOK_LEVELS}.high_freq (data_type incremental): snapshot on subscribe, version +1 per push; sizes in contracts`,
    ),
    kline: supported("volume in contracts"),
    ticker: supported("market.$contract_code.detail: 24 h stats; best bid/ask about 500 ms late"),
    mark_price: supported("close of market.$contract_code.mark_price.1min on the ws_index socket"),
    funding_rate: supported("public.$contract_code.funding_rate on the notification socket; perpetuals only"),
    open_interest: viaRestPoll(
      OPEN_INTEREST_POLL_MS,
      `no socket stream; polls ${apiPrefix}/swap_open_interest`,
    ),
    liquidation: supported("public.$contract_code.liquidation_orders on the notification socket"),
  };
}

/**
 * Spot MBP ("Market By Price (incremental update)"): "1) Subscribe to incremental updates and start to cache them;
 * 2) Request refresh message (with same number of levels), and base on its "seqNum" to align it with the cached
 * incremental message which has the same "prevSeqNum"; 3) Start to continuously process incremental messages to
 * build up MBP book; 4) The "prevSeqNum" of the current incremental message must be the same with "seqNum" of the
 * previous message, otherwise it implicates message loss which should require another round of refresh message
 * retrieval and alignment". The refresh comes over the socket (`req` after `sub`; parse holds the deltas since the
 * `subbed` ack and releases those newer than the image right after it); a resync resubscribes, which asks again.
 * The 150-level feed is the difference of two 150-level snapshots, so levels leaving the window arrive as size 0;
 * the book is still cut at 150 as a guard. HTX sends no checksum.
 */
export const HTX_SPOT_BOOK: BookRules = {
  snapshotFrom: "stream",
  chain: "prev-equals-last",
  bridge: "chain",
  maxDepth: HTX_BOOK_LEVELS,
};

/**
 * Contracts ("[General] Subscribe Incremental Market Depth Data"): "when data_type is incremental, snapshot data wil
 * be pushed for the first time" and "version: auto increment in single websocket connection"; FAQ "How to maintain
 * local MBP data": "For the same websocket connection, the incremental data version is incremented; if the version is
 * not incremented, you need to re-subscribe and re-maintain the local full MBP data". Each push is the previous
 * version plus one (CCXT Pro applies `version - 1 === nonce`), so a resync resubscribes for a fresh snapshot. No
 * checksum.
 */
export const HTX_CONTRACT_BOOK: BookRules = {
  snapshotFrom: "stream",
  chain: "seq-increments",
  bridge: "chain",
  maxDepth: HTX_BOOK_LEVELS,
};

const SPOT_HOST = "wss://api.huobi.pro";
const CONTRACT_HOST = "wss://api.hbdm.com";

/**
 * Socket URL by account and stream kind: spot `/ws`, and `/feed` for the MBP book; USDT-margined `linear-swap-ws`,
 * coin-margined `swap-ws`, both with mark price klines on `ws_index` and the public funding and liquidation topics on
 * their `*-notification` socket. HTX's testnet is stopped, so `testnet` changes nothing. Without a kind, the account's
 * main market socket.
 */
export function htxWsUrl(account: Account, _options: WsOptions, kind?: StreamKind): string {
  const htx = htxAccountOf(account);
  const route = routeOf(htx, kind);
  if (htx === "spot") return `${SPOT_HOST}/${route === "feed" ? "feed" : "ws"}`;
  if (route === "index") return `${CONTRACT_HOST}/ws_index`;
  const family = htx === "linear" ? "linear-swap" : "swap";
  return `${CONTRACT_HOST}/${family}-${route === "notification" ? "notification" : "ws"}`;
}

const htxWs: ExchangeWs = {
  url: htxWsUrl,
  // The server pings every 5 s ({"ping": n} or {"op":"ping"}) and parse answers; HTX does not answer client pings,
  // so there is none. Four missed server pings mean the socket is dead (the server itself drops it after 2 to 5).
  ping: { everyMs: 0, frame: null },
  silenceMs: 20_000,
  // No per-connection cap is published ("It is suggested not to subscribe too many topics in a single websocket
  // connection"); 50 keeps the queue of subscribe frames short enough that a pong is never held back 5 s.
  maxStreamsPerSocket: 50,
  // Contracts: "40 subscriptions at most can be sent in one second"; spot `req`: "The limitation of single connection
  // is 100 ms". At 15/s a spot book's `req` follows the previous one by two frames (133 ms).
  maxSendPerSecond: 15,
  maxStreamsPerFrame: 1,
  channelOf: channelOfSpec,
  subscribe: subscribeFrames,
  unsubscribe: unsubscribeFrames,
  parse: parseHtxFrame,
};

export const htx = defineExchange({
  id: "htx",
  name: "HTX",
  category: "cex",
  streams: {
    spot: SPOT_STREAMS,
    linear: contractStreams("/linear-swap-api/v1"),
    inverse: contractStreams("/swap-api/v1"),
  },
  klineIntervals: HTX_KLINE_INTERVALS,
  ws: htxWs,
  rest: htxRest,
  symbols: htxSymbols,
  book: (account) => (account === "spot" ? HTX_SPOT_BOOK : HTX_CONTRACT_BOOK),
  docs: "https://www.htx.com/en-us/opend/newApiPages/",
});
