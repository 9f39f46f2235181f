// KuCoin wiring (classic API): accounts spot, linear (USDT/USDC-margined) and inverse (coin-margined); the socket
// token fetched before every connect; keep-alive and limits; what each account streams; and the book sync rules.
// The pieces live beside this file.

import { type Account, type BookRules, type StreamTable, viaRestPoll, wireAbsent } from "../../core/index.ts";
import { defineExchange, type ExchangeWs, type WsOptions } from "../_shared/adapter.ts";
import { parseKucoinFrame } from "./parse.ts";
import { bulletCall, kucoinMarketOf, kucoinRest } from "./rest.ts";
import {
  channelOfSpec,
  KUCOIN_MAX_SYMBOLS_PER_FRAME,
  KUCOIN_PING_FRAME,
  subscribeFrames,
  unsubscribeFrames,
} from "./subscribe.ts";
import { kucoinSymbols } from "./symbols.ts";

/**
 * Socket kline intervals. Spot: "1min, 3min, 15min, 30min, 1hour, 2hour, 4hour, 6hour, 8hour, 12hour, 1day, 1week"
 * (https://www.kucoin.com/docs-new/3470071w0 — 5min is not in the list, although spot REST has it); futures: "1min,
 * 3min, 5min, 15min, 30min, 1hour, 2hour, 4hour, 8hour, 12hour, 1day, 1week, 1month"
 * (https://www.kucoin.com/docs-new/3470086w0).
 */
export const KUCOIN_KLINE_INTERVALS: Readonly<Record<"spot" | "linear" | "inverse", readonly string[]>> = {
  spot: ["1m", "3m", "15m", "30m", "1h", "2h", "4h", "6h", "8h", "12h", "1d", "1w"],
  linear: ["1m", "3m", "5m", "15m", "30m", "1h", "2h", "4h", "8h", "12h", "1d", "1w", "1M"],
  inverse: ["1m", "3m", "5m", "15m", "30m", "1h", "2h", "4h", "8h", "12h", "1d", "1w", "1M"],
};

const OPEN_INTEREST_POLL_MS = 10_000;
const NO_AGG_TRADES = wireAbsent(
  "KuCoin pushes every match; it has no aggregated-trade stream",
  "use trades: one event per match",
);

const SPOT_STREAMS: StreamTable = {
  trade: { status: "supported", via: "ws", note: "/market/match" },
  agg_trade: NO_AGG_TRADES,
  book: {
    status: "supported",
    via: "ws",
    note: "/market/level2 bridged to the public top-100 REST book: levels deeper than 100 at the snapshot stay unknown until they change",
  },
  kline: { status: "supported", via: "ws", note: "/market/candles; a bar is closed once the next one opens" },
  ticker: {
    status: "supported",
    via: "ws",
    note: "/market/ticker: last trade and best bid/ask; 24 h figures by REST ('dig3 ticker')",
  },
  mark_price: wireAbsent("KuCoin spot has no mark price", "use --account linear or inverse"),
  funding_rate: wireAbsent("KuCoin spot has no funding", "use --account linear or inverse"),
  open_interest: wireAbsent("KuCoin spot has no open interest", "use --account linear or inverse"),
  liquidation: wireAbsent("KuCoin spot has no liquidations", "use --account linear or inverse"),
};

const FUTURES_STREAMS: StreamTable = {
  trade: { status: "supported", via: "ws", note: "/contractMarket/execution; sizes in contracts" },
  agg_trade: NO_AGG_TRADES,
  book: {
    status: "supported",
    via: "ws",
    note: "/contractMarket/level2 (one change per message) bridged to the full REST book",
  },
  kline: {
    status: "supported",
    via: "ws",
    note: "/contractMarket/limitCandle; volume in contracts; a bar is closed once the next one opens",
  },
  ticker: {
    status: "supported",
    via: "ws",
    note: "/contractMarket/tickerV2: best bid/ask only, no last price",
  },
  mark_price: { status: "supported", via: "ws", note: "/contract/instrument, shared with funding_rate" },
  funding_rate: {
    status: "supported",
    via: "ws",
    note: "/contract/instrument funding rate; the 1-minute predicted rate is not emitted",
  },
  open_interest: viaRestPoll(OPEN_INTEREST_POLL_MS, "no socket stream; polls /api/v1/contracts/{symbol}"),
  liquidation: wireAbsent(
    "KuCoin's public futures socket has no liquidation feed",
    "none on KuCoin's public API",
  ),
};

/**
 * Spot: "Calibration procedure: After receiving the websocket Level 2 data flow, cache the data. Initiate a REST
 * request to get the snapshot data of Level 2 order book. Playback the cached Level 2 data flow. Apply the new Level 2
 * data flow to the local snapshot to ensure that the sequence of the new Level 2 update lines up with the sequence of
 * the previous Level 2 data. Discard all the message prior to that sequence, and then playback the change to
 * snapshot." Each message covers `sequenceStart`..`sequenceEnd` and the next starts at `sequenceEnd + 1`, so a kept
 * update must cover snapshot + 1, and each later one start right after the previous end. Changes inside the bridging
 * update that the snapshot already holds ("ignore it because sequence < 16") set the level to the value the snapshot
 * already has, so applying the whole update gives the same book. The full REST book (`/api/v3/…`) now needs an API
 * key: the snapshot is the public top 100 (`level2_100`; "To maintain up-to-date Order Book, please use Websocket
 * incremental feed after retrieving the Level 2 snapshot"), so a level deeper than 100 at the snapshot is unknown
 * until an update touches it — the top of the book is exact, the far tail may have holes.
 * Docs: https://www.kucoin.com/docs-new/3470068w0 (update format and the per-change sequence example); the quoted
 * procedure is https://docs.kucoin.com/#level-2-market-data as cited in github.com/Kucoin/kucoin-api-docs/issues/305;
 * https://www.kucoin.com/docs/rest/spot-trading/market-data/get-part-order-book-aggregated-
 */
export const KUCOIN_SPOT_BOOK: BookRules = {
  snapshotFrom: "rest",
  restDepth: 100,
  chain: "first-follows-last",
  bridge: "first-le-next",
};

/**
 * Futures: one change per message, each with its own `sequence`, one after the other (same 6-step procedure as
 * spot: "If the sequence of the newly pushed message does not line up with the sequence of the last message, you
 * could pull through REST Level 2 message request to fill in the sequence gap"). The first kept update is snapshot +
 * 1. The snapshot is the full book (`/api/v1/level2/snapshot`, public on futures).
 * Docs: https://www.kucoin.com/docs-new/3470082w0,
 * https://www.kucoin.com/docs/rest/futures-trading/market-data/get-full-order-book-level-2
 */
export const KUCOIN_FUTURES_BOOK: BookRules = {
  snapshotFrom: "rest",
  chain: "first-follows-last",
  bridge: "first-le-next",
};

/**
 * The pool's name for an account's socket, and the host recorded traffic is matched by. The URL actually dialled
 * comes from the bullet call (bootstrap) before every connect; the testnet's comes from its own bullet call too.
 */
export function kucoinWsUrl(account: Account, _options: WsOptions): string {
  return kucoinMarketOf(account) === "spot"
    ? "wss://ws-api-spot.kucoin.com/"
    : "wss://ws-api-futures.kucoin.com/";
}

const kucoinWs: ExchangeWs = {
  url: kucoinWsUrl,
  // The bullet says `pingInterval: 18000`, `pingTimeout: 10000`; 15 s leaves room for timer drift.
  ping: { everyMs: 15_000, frame: KUCOIN_PING_FRAME },
  silenceMs: 40_000,
  // "509 exceed max subscription count limitation of 300 per session".
  maxStreamsPerSocket: 300,
  // Client messages are capped ("509 exceed max permits per second"; 100 per 10 s in the older docs): pings included.
  maxSendPerSecond: 9,
  maxStreamsPerFrame: KUCOIN_MAX_SYMBOLS_PER_FRAME,
  channelOf: channelOfSpec,
  subscribe: subscribeFrames,
  unsubscribe: unsubscribeFrames,
  parse: parseKucoinFrame,
  // "The token is valid for only 24 hours": a fresh one before every connect, never a cached one.
  bootstrap: (account) => bulletCall(account),
};

export const kucoin = defineExchange({
  id: "kucoin",
  name: "KuCoin",
  category: "cex",
  streams: {
    spot: SPOT_STREAMS,
    linear: FUTURES_STREAMS,
    inverse: FUTURES_STREAMS,
  },
  klineIntervals: KUCOIN_KLINE_INTERVALS,
  ws: kucoinWs,
  rest: kucoinRest,
  symbols: kucoinSymbols,
  book: (account) => (account === "spot" ? KUCOIN_SPOT_BOOK : KUCOIN_FUTURES_BOOK),
  docs: "https://www.kucoin.com/docs-new",
});
