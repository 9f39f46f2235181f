// Binance wiring: accounts spot, linear (USDⓈ-M) and inverse (COIN-M); socket URLs and keep-alive; what each
// account streams; and the book sync rules the tracker enforces. The pieces live beside this file.

import {
  type Account,
  type BookRules,
  type StreamKind,
  type StreamTable,
  viaRestPoll,
  viaWs,
  wireAbsent,
} from "../../core/index.ts";
import { defineExchange, type ExchangeWs, type WsOptions } from "../_shared/adapter.ts";
import { parseBinanceFrame } from "./parse.ts";
import { binanceAccountOf, binanceRest } from "./rest.ts";
import {
  BINANCE_MAX_STREAMS_PER_FRAME,
  channelOfSpec,
  subscribeFrames,
  unsubscribeFrames,
  usdmRouteOf,
} from "./subscribe.ts";
import { binanceSymbols } from "./symbols.ts";

/** Kline intervals per account: spot adds `1s`. Docs: spot "Kline/Candlestick Streams", futures "Kline/Candlestick Streams". */
export const BINANCE_KLINE_INTERVALS: Readonly<Record<"spot" | "linear" | "inverse", readonly string[]>> = {
  spot: ["1s", "1m", "3m", "5m", "15m", "30m", "1h", "2h", "4h", "6h", "8h", "12h", "1d", "3d", "1w", "1M"],
  linear: ["1m", "3m", "5m", "15m", "30m", "1h", "2h", "4h", "6h", "8h", "12h", "1d", "3d", "1w", "1M"],
  inverse: ["1m", "3m", "5m", "15m", "30m", "1h", "2h", "4h", "6h", "8h", "12h", "1d", "3d", "1w", "1M"],
};

const OPEN_INTEREST_POLL_MS = 10_000;

const SPOT_STREAMS: StreamTable = {
  trade: viaWs,
  agg_trade: viaWs,
  book: viaWs,
  kline: viaWs,
  ticker: viaWs,
  mark_price: wireAbsent("Binance spot has no mark price", "use --account linear or inverse"),
  funding_rate: wireAbsent("Binance spot has no funding", "use --account linear or inverse"),
  open_interest: wireAbsent("Binance spot has no open interest", "use --account linear or inverse"),
  liquidation: wireAbsent("Binance spot has no liquidations", "use --account linear or inverse"),
};

function futuresStreams(openInterestPath: string): StreamTable {
  return {
    trade: { status: "supported", via: "ws", note: "non-market prints (ADL, insurance fund) are dropped" },
    agg_trade: viaWs,
    book: viaWs,
    kline: viaWs,
    ticker: viaWs,
    mark_price: { status: "supported", via: "ws", note: "@markPrice@1s, shared with funding_rate" },
    funding_rate: { status: "supported", via: "ws", note: "@markPrice@1s; perpetuals only" },
    open_interest: viaRestPoll(OPEN_INTEREST_POLL_MS, `no socket stream; polls ${openInterestPath}`),
    liquidation: {
      status: "supported",
      via: "ws",
      note: "@forceOrder: at most the latest liquidation per symbol per second",
    },
  };
}

/**
 * Spot: "Buffer the events received from the stream. Note the U of the first event you received. Get a depth
 * snapshot from …/api/v3/depth?symbol=BNBBTC&limit=5000. … discard any event where u is <= lastUpdateId of the
 * snapshot. The first buffered event should now have lastUpdateId within its [U;u] range. … If the event first update
 * ID (U) is greater than the update ID of your local order book + 1, you have missed some events. … Normally, U of the
 * next event is equal to u + 1 of the previous event."
 * 5000 levels (weight 250; 1000 weigh 50), as the procedure asks since it replaced limit=1000: levels outside the
 * snapshot stay unknown until they change (the docs' own caveat). Bridging is by update id, whatever the depth.
 * Spot has its own 6000/min pool (BINANCE_RATE_LIMITS), so 24 resyncs a minute fit and futures calls never wait on them.
 */
export const BINANCE_SPOT_BOOK: BookRules = {
  snapshotFrom: "rest",
  restDepth: 5000,
  chain: "first-follows-last",
  bridge: "first-le-next",
};

/**
 * USDⓈ-M and COIN-M: "Get a depth snapshot from …/fapi/v1/depth?symbol=BTCUSDT&limit=1000. Drop any event where u is
 * < lastUpdateId in the snapshot. The first processed event should have U <= lastUpdateId AND u >= lastUpdateId.
 * While listening to the stream, each new event's pu should be equal to the previous event's u, otherwise initialize
 * the process from step 3."
 */
export const BINANCE_FUTURES_BOOK: BookRules = {
  snapshotFrom: "rest",
  restDepth: 1000,
  chain: "prev-equals-last",
  bridge: "first-le-snapshot",
};

/**
 * Socket URL. USDⓈ-M routes streams by kind (`/public`: trades and depth; `/market`: everything else) and a socket on
 * the wrong route stays silent, so callers that know the stream kind must pass it; without one the `/market` route
 * (most kinds) is returned. Spot and COIN-M use one combined-stream endpoint.
 */
export function binanceWsUrl(account: Account, options: WsOptions, kind?: StreamKind): string {
  switch (binanceAccountOf(account)) {
    case "spot":
      return options.testnet
        ? "wss://stream.testnet.binance.vision/stream"
        : "wss://stream.binance.com:9443/stream";
    case "linear": {
      const host = options.testnet ? "wss://fstream.binancefuture.com" : "wss://fstream.binance.com";
      return `${host}/${usdmRouteOf(kind ?? "kline")}/stream`;
    }
    case "inverse":
      return options.testnet ? "wss://dstream.binancefuture.com/stream" : "wss://dstream.binance.com/stream";
  }
}

const binanceWs: ExchangeWs = {
  url: binanceWsUrl,
  // The servers ping us (spot every 20 s, futures every 3 min) and Bun answers. Our own protocol ping every 30 s
  // draws a pong, which keeps the silence watchdog fed on quiet streams (liquidations) without a venue-level message.
  ping: { everyMs: 30_000, frame: "native" },
  silenceMs: 90_000,
  // Spot allows 1024 streams per connection; the futures pages now say 200. One number per venue: the smaller.
  maxStreamsPerSocket: 200,
  // Spot: 5 incoming messages per second, pings and pongs counted; futures: 10. Keep one slot for pong replies.
  maxSendPerSecond: 4,
  maxStreamsPerFrame: BINANCE_MAX_STREAMS_PER_FRAME,
  channelOf: channelOfSpec,
  subscribe: subscribeFrames,
  unsubscribe: unsubscribeFrames,
  parse: parseBinanceFrame,
};

export const binance = defineExchange({
  id: "binance",
  name: "Binance",
  category: "cex",
  streams: {
    spot: SPOT_STREAMS,
    linear: futuresStreams("/fapi/v1/openInterest"),
    inverse: futuresStreams("/dapi/v1/openInterest"),
  },
  klineIntervals: BINANCE_KLINE_INTERVALS,
  ws: binanceWs,
  rest: binanceRest,
  symbols: binanceSymbols,
  book: (account) => (account === "spot" ? BINANCE_SPOT_BOOK : BINANCE_FUTURES_BOOK),
  docs: "https://developers.binance.com/docs/binance-spot-api-docs",
});
