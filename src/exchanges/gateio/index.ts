// Gate.io wiring: accounts spot, linear (USDT-settled perpetuals) and inverse (BTC-settled perpetuals); socket URLs
// and keep-alive; what each account streams; and the order book rules (REST snapshot `id` bridged to the socket's
// `U`/`u` chain, 100 levels). The pieces live beside this file.

import { type Account, type BookRules, type StreamTable, viaWs, wireAbsent } from "../../core/index.ts";
import { defineExchange, type ExchangeWs, type WsOptions } from "../_shared/adapter.ts";
import { parseGateFrame } from "./parse.ts";
import { gateAccountOf, gateioRest } from "./rest.ts";
import {
  channelOfSpec,
  GATE_BOOK_LEVELS,
  GATE_KLINE_INTERVALS,
  GATE_MAX_NATIVES_PER_FRAME,
  subscribeFrames,
  unsubscribeFrames,
} from "./subscribe.ts";
import { gateioSymbols } from "./symbols.ts";
import { GATE_REST_DOCS } from "./wire.ts";

const NO_AGG_TRADES = wireAbsent(
  "Gate publishes every trade on its own; it has no aggregate-trade stream",
  "use trades",
);

const SPOT_STREAMS: StreamTable = {
  trade: { status: "supported", via: "ws", note: "`spot.trades`: taker trades, one per message" },
  agg_trade: NO_AGG_TRADES,
  book: {
    status: "supported",
    via: "ws",
    note: "`spot.order_book_update` 100 ms, top 100 levels; REST snapshot id bridged to the U/u chain",
  },
  kline: { status: "supported", via: "ws", note: "`spot.candlesticks`, the open bar every 2 s" },
  ticker: { status: "supported", via: "ws", note: "`spot.tickers` every second; best prices without sizes" },
  mark_price: wireAbsent("Gate spot has no mark price", "use --account linear or inverse"),
  funding_rate: wireAbsent("Gate spot has no funding", "use --account linear or inverse"),
  open_interest: wireAbsent("Gate spot has no open interest", "use --account linear or inverse"),
  liquidation: wireAbsent("Gate spot has no public liquidations", "use --account linear or inverse"),
};

const FUTURES_STREAMS: StreamTable = {
  trade: {
    status: "supported",
    via: "ws",
    note: "`futures.trades`; sizes in contracts; internal (insurance fund / ADL) prints are dropped",
  },
  agg_trade: NO_AGG_TRADES,
  book: {
    status: "supported",
    via: "ws",
    note: "`futures.order_book_update` 100 ms, top 100 levels, sizes in contracts; REST snapshot id bridged to U/u",
  },
  kline: { status: "supported", via: "ws", note: "`futures.candlesticks`; volume in contracts" },
  ticker: viaWs,
  mark_price: {
    status: "supported",
    via: "ws",
    note: "`futures.tickers` (mark and index), shared with ticker",
  },
  funding_rate: {
    status: "supported",
    via: "ws",
    note: "`futures.tickers`: the current rate, without the next funding time",
  },
  open_interest: { status: "supported", via: "ws", note: "`futures.tickers` total_size, in contracts" },
  liquidation: {
    status: "supported",
    via: "ws",
    note: "`futures.public_liquidates`; sizes in contracts, no value",
  },
};

/**
 * Spot and futures follow the same procedure: "Cache WebSocket notifications. Every notification use U and u to
 * tell the first and last update ID since last notification. Retrieve base order book using REST API, and make
 * sure the order book ID is recorded (referred as baseID below) … find the first one which contains the baseID,
 * i.e. U <= baseId+1 and u >= baseId+1, then start consuming from it … Dump all notifications which satisfy
 * u < baseID+1 … If any subsequent notification which satisfy U > baseID+1 is found, it means some updates are lost.
 * Reconstruct local order book from step 3." Updates cover the subscribed depth only ("20ms corresponds to 20
 * levels, 100ms to 100"; futures: "the level of the WebSocket subscription should equal the limit of the REST
 * snapshot"), so the book is kept to those 100 levels. A `full: true` push replaces the book and resets its id to
 * `u`. Gate sends no checksum.
 */
export const GATE_BOOK: BookRules = {
  snapshotFrom: "rest",
  restDepth: GATE_BOOK_LEVELS,
  chain: "first-follows-last",
  bridge: "first-le-next",
  maxDepth: GATE_BOOK_LEVELS,
};

/**
 * Socket URL per account: spot `wss://api.gateio.ws/ws/v4/`, USDT-settled `wss://fx-ws.gateio.ws/v4/ws/usdt`,
 * BTC-settled `…/v4/ws/btc` (the old `…/v4/ws` also means BTC). Testnet hosts as the docs list them.
 */
export function gateWsUrl(account: Account, options: WsOptions): string {
  switch (gateAccountOf(account)) {
    case "spot":
      return options.testnet ? "wss://ws-testnet.gate.com/v4/ws/spot" : "wss://api.gateio.ws/ws/v4/";
    case "linear":
      return options.testnet
        ? "wss://ws-testnet.gate.com/v4/ws/futures/usdt"
        : "wss://fx-ws.gateio.ws/v4/ws/usdt";
    case "inverse":
      return options.testnet ? "wss://fx-ws-testnet.gateio.ws/v4/ws/btc" : "wss://fx-ws.gateio.ws/v4/ws/btc";
  }
}

const gateioWs: ExchangeWs = {
  url: gateWsUrl,
  // "Gate websocket uses protocol-level ping/pong. The server initiates ping. If the client does not reply, the
  // client will be disconnected." The application ping (`spot.ping` / `futures.ping`) is optional and differs per
  // account, which one static frame cannot express; our protocol ping every 20 s draws a pong, which keeps the
  // silence watchdog fed on quiet channels (liquidations).
  ping: { everyMs: 20_000, frame: "native" },
  silenceMs: 60_000,
  // Gate documents no per-connection channel cap; 100 channels keep one socket's 100 ms book traffic moderate.
  maxStreamsPerSocket: 100,
  // No documented request rate either; a few subscribe frames per second are far below any venue's cut.
  maxSendPerSecond: 5,
  maxStreamsPerFrame: GATE_MAX_NATIVES_PER_FRAME,
  channelOf: channelOfSpec,
  subscribe: subscribeFrames,
  unsubscribe: unsubscribeFrames,
  parse: parseGateFrame,
};

export const gateio = defineExchange({
  id: "gateio",
  name: "Gate.io",
  category: "cex",
  streams: {
    spot: SPOT_STREAMS,
    linear: FUTURES_STREAMS,
    inverse: FUTURES_STREAMS,
  },
  klineIntervals: GATE_KLINE_INTERVALS,
  ws: gateioWs,
  rest: gateioRest,
  symbols: gateioSymbols,
  book: GATE_BOOK,
  docs: GATE_REST_DOCS,
});
