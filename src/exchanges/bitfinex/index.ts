// Bitfinex wiring: accounts spot and linear (USDT-margined perpetuals `tBTCF0:USTF0`); socket URL and keep-alive;
// what each account streams; and the book sync rules the tracker enforces. The pieces live beside this file.

import { type StreamTable, viaWs, wireAbsent } from "../../core/index.ts";
import { defineExchange, type ExchangeWs } from "../_shared/adapter.ts";
import { BITFINEX_BOOK } from "./book.ts";
import { parseBitfinexFrame } from "./parse.ts";
import { bitfinexRest } from "./rest.ts";
import { BITFINEX_TIME_FRAMES, channelOfSpec, subscribeFrames, unsubscribeFrames } from "./subscribe.ts";
import { bitfinexSymbols } from "./symbols.ts";

/** Public channels: "Public channels should use the domain: wss://api-pub.bitfinex.com/" (ws-general). */
export const BITFINEX_WS_URL = "wss://api-pub.bitfinex.com/ws/2";

/** Candle time frames, canonical; the same on both accounts (docs: ws-public-candles). */
export const BITFINEX_KLINE_INTERVALS: readonly string[] = Object.keys(BITFINEX_TIME_FRAMES);

const AGG_TRADE_ABSENT = wireAbsent("Bitfinex publishes each trade, not aggregates", "dig3 watch trades");

const SPOT_STREAMS: StreamTable = {
  trade: { status: "supported", via: "ws", note: "'te' executions; 'tu' repeats are dropped" },
  agg_trade: AGG_TRADE_ABSENT,
  book: { status: "supported", via: "ws", note: "P0 book, SEQ_ALL chained, CRC32 checksum of the top 25" },
  kline: viaWs,
  ticker: viaWs,
  mark_price: wireAbsent("Bitfinex spot pairs have no mark price", "use --account linear (tBTCF0:USTF0)"),
  funding_rate: wireAbsent(
    "Bitfinex spot pairs have no perpetual funding (margin funding is a lending market)",
    "use --account linear",
  ),
  open_interest: wireAbsent("Bitfinex spot pairs have no open interest", "use --account linear"),
  liquidation: {
    status: "supported",
    via: "ws",
    note: "liq:global, the margin positions on spot pairs; quiet most of the time",
  },
};

const LINEAR_STREAMS: StreamTable = {
  trade: { status: "supported", via: "ws", note: "'te' executions; 'tu' repeats are dropped" },
  agg_trade: AGG_TRADE_ABSENT,
  book: { status: "supported", via: "ws", note: "P0 book, SEQ_ALL chained, CRC32 checksum of the top 25" },
  kline: viaWs,
  ticker: viaWs,
  mark_price: { status: "supported", via: "ws", note: "status deriv:<symbol>, shared with funding and OI" },
  funding_rate: { status: "supported", via: "ws", note: "status deriv:<symbol>: CURRENT_FUNDING" },
  open_interest: { status: "supported", via: "ws", note: "status deriv:<symbol>: OPEN_INTEREST" },
  liquidation: { status: "supported", via: "ws", note: "liq:global, routed by symbol" },
};

const bitfinexWs: ExchangeWs = {
  url: () => BITFINEX_WS_URL,
  // Heartbeats come every 15 s per idle channel; the app-level ping also proves the connection answers.
  ping: { everyMs: 20_000, frame: JSON.stringify({ event: "ping", cid: 1 }) },
  silenceMs: 40_000,
  // "You can subscribe to 25 channels at the same time on the same connection" (ws-public).
  maxStreamsPerSocket: 25,
  // Bitfinex states no inbound message rate for public sockets; a burst of 26 frames (conf + 25) takes ~3 s.
  maxSendPerSecond: 10,
  maxStreamsPerFrame: 1,
  channelOf: channelOfSpec,
  subscribe: subscribeFrames,
  unsubscribe: unsubscribeFrames,
  parse: parseBitfinexFrame,
};

export const bitfinex = defineExchange({
  id: "bitfinex",
  name: "Bitfinex",
  category: "cex",
  streams: { spot: SPOT_STREAMS, linear: LINEAR_STREAMS },
  klineIntervals: { spot: BITFINEX_KLINE_INTERVALS, linear: BITFINEX_KLINE_INTERVALS },
  ws: bitfinexWs,
  rest: bitfinexRest,
  symbols: bitfinexSymbols,
  book: BITFINEX_BOOK,
  docs: "https://docs.bitfinex.com/docs/ws-general",
});
