// Bybit v5 wiring: accounts spot, linear (USDT/USDC contracts), inverse and option, one public socket per category;
// keep-alive and limits; what each account streams; and the book rules the tracker enforces. Pieces live beside it.

import { type Account, type BookRules, type StreamTable, viaWs, wireAbsent } from "../../core/index.ts";
import { defineExchange, type ExchangeWs, type WsOptions } from "../_shared/adapter.ts";
import { parseBybitFrame } from "./parse.ts";
import { bybitRest } from "./rest.ts";
import {
  BYBIT_KLINE_INTERVALS,
  BYBIT_MAX_TOPICS_PER_FRAME,
  BYBIT_PING_FRAME,
  channelOfSpec,
  subscribeFrames,
  unsubscribeFrames,
} from "./subscribe.ts";
import { bybitSymbols } from "./symbols.ts";

const KLINE_INTERVALS = Object.keys(BYBIT_KLINE_INTERVALS);

/** Kline intervals per account (`1 3 5 15 30 60 120 240 360 720 D W M`); Bybit has no option klines. */
export const BYBIT_KLINE_INTERVALS_BY_ACCOUNT: Readonly<Record<Account, readonly string[]>> = {
  spot: KLINE_INTERVALS,
  linear: KLINE_INTERVALS,
  inverse: KLINE_INTERVALS,
  option: [],
};

const NO_AGG_TRADES = wireAbsent(
  "Bybit publishes each fill (publicTrade) and has no aggregated-trade stream",
  "use trades",
);

const SPOT_STREAMS: StreamTable = {
  trade: viaWs,
  agg_trade: NO_AGG_TRADES,
  book: viaWs,
  kline: viaWs,
  ticker: { status: "supported", via: "ws", note: "spot tickers carry no best bid/ask" },
  mark_price: wireAbsent("Bybit spot has no mark price", "use --account linear or inverse"),
  funding_rate: wireAbsent("Bybit spot has no funding", "use --account linear or inverse"),
  open_interest: wireAbsent("Bybit spot has no open interest", "use --account linear or inverse"),
  liquidation: wireAbsent("Bybit spot has no liquidations", "use --account linear or inverse"),
};

const CONTRACT_STREAMS: StreamTable = {
  trade: viaWs,
  agg_trade: NO_AGG_TRADES,
  book: viaWs,
  kline: viaWs,
  ticker: {
    status: "supported",
    via: "ws",
    note: "tickers.{symbol}, shared with mark, funding and open interest",
  },
  mark_price: { status: "supported", via: "ws", note: "from tickers.{symbol}" },
  funding_rate: {
    status: "supported",
    via: "ws",
    note: "from tickers.{symbol}, with the next funding time; perpetuals only",
  },
  open_interest: { status: "supported", via: "ws", note: "from tickers.{symbol}" },
  liquidation: {
    status: "supported",
    via: "ws",
    note: "allLiquidation.{symbol}: every liquidation, batched per 500 ms",
  },
};

const OPTION_STREAMS: StreamTable = {
  trade: {
    status: "supported",
    via: "ws",
    note: "publicTrade.{baseCoin}: one topic carries every option of the coin",
  },
  agg_trade: NO_AGG_TRADES,
  book: viaWs,
  kline: wireAbsent("Bybit has no option klines (socket or REST)", "use trades or ticker"),
  ticker: viaWs,
  mark_price: { status: "supported", via: "ws", note: "from tickers.{symbol}" },
  funding_rate: wireAbsent("options have no funding", "use --account linear or inverse"),
  open_interest: { status: "supported", via: "ws", note: "from tickers.{symbol}" },
  liquidation: wireAbsent(
    "Bybit's allLiquidation covers USDT, USDC and inverse contracts only",
    "use --account linear or inverse",
  ),
};

/**
 * Every category: the socket sends the book. "Once you have subscribed successfully, you will receive a snapshot. The
 * WebSocket will keep pushing delta messages every time the orderbook changes. If you receive a new snapshot message,
 * you will have to reset your local orderbook." and `u`: "Update ID. Is a sequence. Occasionally, you'll receive
 * "u"=1, which is a snapshot data due to the restart of the service. So please overwrite your local orderbook"
 * (https://bybit-exchange.github.io/docs/v5/websocket/public/orderbook). The REST book's `u` "is always in
 * sequence" (https://bybit-exchange.github.io/docs/v5/market/orderbook), and Bybit's level-50 book guide spells the
 * check out (zh-TW, https://bybit-exchange.github.io/docs/zh-TW/v5/sbe/level-50/sbe-level-50): when u ≠ 1 "the next u
 * should equal the previous u + 1"; u = 1 is a restart snapshot. Every recorded v5 delta follows its snapshot or delta
 * by exactly 1. So each delta's `u` must be the previous one + 1, the first delta after a snapshot included, and a new
 * snapshot (u = 1, a level-1 repeat with the same u, or any re-send) replaces the book. `seq` is a cross sequence
 * shared by all depths, not contiguous per topic, so it is not chained. Bybit sends no book checksum.
 */
export const BYBIT_BOOK: BookRules = {
  snapshotFrom: "stream",
  chain: "seq-increments",
  bridge: "any",
};

/** One public socket per category (https://bybit-exchange.github.io/docs/v5/ws/connect); spot is spot's own. */
export function bybitWsUrl(account: Account, options: WsOptions): string {
  const host = options.testnet ? "wss://stream-testnet.bybit.com" : "wss://stream.bybit.com";
  return `${host}/v5/public/${account}`;
}

const bybitWs: ExchangeWs = {
  url: bybitWsUrl,
  // "we recommend that you send the ping heartbeat packet every 20 seconds"; the pong also feeds the watchdog.
  ping: { everyMs: 20_000, frame: BYBIT_PING_FRAME },
  silenceMs: 50_000,
  // A public connection may hold at most 21,000 characters of topics ("args"), options at most 2000 topics. Topics
  // run to ~45 characters with quoting (`orderbook.1000.1000000BABYDOGEUSDT`), so 200 stays well inside both.
  maxStreamsPerSocket: 200,
  // Bybit documents no per-socket message rate for public streams; this only paces bursts of subscribe frames.
  maxSendPerSecond: 10,
  maxStreamsPerFrame: BYBIT_MAX_TOPICS_PER_FRAME,
  channelOf: channelOfSpec,
  subscribe: subscribeFrames,
  unsubscribe: unsubscribeFrames,
  parse: parseBybitFrame,
};

export const bybit = defineExchange({
  id: "bybit",
  name: "Bybit",
  category: "cex",
  streams: {
    spot: SPOT_STREAMS,
    linear: CONTRACT_STREAMS,
    inverse: CONTRACT_STREAMS,
    option: OPTION_STREAMS,
  },
  klineIntervals: BYBIT_KLINE_INTERVALS_BY_ACCOUNT,
  ws: bybitWs,
  rest: bybitRest,
  symbols: bybitSymbols,
  book: BYBIT_BOOK,
  docs: "https://bybit-exchange.github.io/docs/v5/intro",
});
