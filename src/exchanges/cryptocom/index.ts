// Crypto.com Exchange wiring: accounts spot (`BTC_USDT`) and linear (USD-margined perpetuals `BTCUSD-PERP` and dated
// futures, canonical `BTC/USD:USD`), all on the one market-data socket; the 1 s settle and the heartbeat; what each
// account streams; and the book sync rules (snapshot then `u`/`pu`-chained deltas from the stream).

import {
  type Account,
  type BookRules,
  type StreamSupport,
  type StreamTable,
  viaWs,
  wireAbsent,
} from "../../core/index.ts";
import { defineExchange, type ExchangeWs, type WsOptions } from "../_shared/adapter.ts";
import { parseCryptocomFrame } from "./parse.ts";
import { cryptocomRest } from "./rest.ts";
import {
  CRYPTOCOM_MAX_CHANNELS_PER_FRAME,
  CRYPTOCOM_TIMEFRAMES,
  channelOfSpec,
  subscribeFrames,
  unsubscribeFrames,
} from "./subscribe.ts";
import { cryptocomSymbols } from "./symbols.ts";

const DOCS =
  "https://exchange-developer.crypto.com/exchange/v1/docs/api/websocket/crypto-com-exchange-websocket-api";

/** `candlestick.{timeframe}` timeframes with a canonical name (14D has none), the same on every market. */
const INTERVALS: readonly string[] = Object.keys(CRYPTOCOM_TIMEFRAMES);
export const CRYPTOCOM_KLINE_INTERVALS = { spot: INTERVALS, linear: INTERVALS } as const;

function supported(note: string): StreamSupport {
  return { status: "supported", via: "ws", note };
}

const NO_AGG_TRADES = wireAbsent(
  "Crypto.com publishes every trade (trade.{instrument}) and no aggregate-trade channel",
  "use trades",
);
const NO_LIQUIDATIONS = wireAbsent(
  "Crypto.com has no public liquidation channel (liquidations reach only the liquidated account)",
);
const BOOK = supported(
  "book.{instrument}.50 (10 when --depth ≤ 10), SNAPSHOT_AND_UPDATE at 100 ms: a snapshot, then deltas chained by u/pu; the cs checksum is not verified (its algorithm is not documented)",
);
const KLINE = supported("candlestick.{timeframe}; a bar is marked closed when the next one starts");

const SPOT_STREAMS: StreamTable = {
  trade: viaWs,
  agg_trade: NO_AGG_TRADES,
  book: BOOK,
  kline: KLINE,
  ticker: viaWs,
  mark_price: wireAbsent("Crypto.com spot pairs have no mark price channel", "use --account linear"),
  funding_rate: wireAbsent("Crypto.com spot pairs have no funding", "use --account linear with a perpetual"),
  open_interest: wireAbsent("Crypto.com spot pairs have no open interest", "use --account linear"),
  liquidation: wireAbsent(
    "Crypto.com spot has no public liquidation feed",
    "none: no Crypto.com market publishes liquidations",
  ),
};

const LINEAR_STREAMS: StreamTable = {
  trade: viaWs,
  agg_trade: NO_AGG_TRADES,
  book: BOOK,
  kline: KLINE,
  ticker: supported("ticker.{instrument}, shared with open interest"),
  mark_price: supported(
    "mark.{instrument} (about once a second), with index.{underlying} as the index price",
  ),
  funding_rate: supported(
    "funding.{instrument}: the hourly rate that settles at the end of the current hour; perpetuals only",
  ),
  open_interest: supported("the `oi` of ticker.{instrument}, in contracts of one base unit"),
  liquidation: NO_LIQUIDATIONS,
};

/**
 * Every market, `book.{instrument_name}.{depth}` with `book_subscription_type: SNAPSHOT_AND_UPDATE`: the first push is
 * the snapshot (`channel: "book"`, "Snapshot has asks, bids, t, tt, u"), then deltas (`channel: "book.update"`, "delta
 * has update and pu"), `pu` being the previous frame's `u` — the first delta's `pu` is the snapshot's `u` — and a
 * quiet book sends "empty delta in the case of no book changes" (u = pu). On a break the docs' remedy is to
 * re-subscribe ("book delta sequence number handling and re-subscription", change log 2024-02-12), which is what a
 * stream-snapshot resync does. `cs` is sent on every frame but its algorithm is documented nowhere, so there is no
 * `checksumOf`. The server keeps the subscribed depth itself, sending a 0 for a level that leaves it.
 * Docs: https://exchange-developer.crypto.com/exchange/v1/docs/api/websocket/ws-channel-book-instrument-name-depth,
 * https://exchange-developer.crypto.com/exchange/v1/docs/api/websocket-change-log
 */
export const CRYPTOCOM_BOOK: BookRules = {
  snapshotFrom: "stream",
  chain: "prev-equals-last",
  bridge: "chain",
};

/** One market-data URL serves spot, perpetuals and futures; UAT sandbox `uat-stream.3ona.co`. */
export function cryptocomWsUrl(_account: Account, options: WsOptions): string {
  return options.testnet
    ? "wss://uat-stream.3ona.co/exchange/v1/market"
    : "wss://stream.crypto.com/exchange/v1/market";
}

const cryptocomWs: ExchangeWs = {
  url: cryptocomWsUrl,
  // The server's `public/heartbeat` every 30 s is answered in parse; the server also pings every ~5 s (Bun answers).
  // Our protocol ping every 30 s draws a pong, so even a socket whose streams are quiet stays provably alive.
  ping: { everyMs: 30_000, frame: "native" },
  // Two missed heartbeats and a half.
  silenceMs: 75_000,
  // "EXCEED_MAX_SUBSCRIPTIONS: Session subscription limit has been exceeded" (40107); the limits page is gone from
  // the docs and a probe found 400 channels per connection. A mark price takes two channels (mark and index), so
  // 200 streams stay within 400 channels.
  maxStreamsPerSocket: 200,
  // "Websocket — Market Data: 100 requests per second", pro-rated over the calendar second of the connect; half of it
  // leaves room for heartbeat answers.
  maxSendPerSecond: 50,
  maxStreamsPerFrame: CRYPTOCOM_MAX_CHANNELS_PER_FRAME,
  // "By adding a 1-second sleep after establishing the websocket connection, and before requests are sent, this will
  // ensure the rate limit is not exceeded" (Common Issues: TOO_MANY_REQUESTS After Websocket Connects).
  settleMs: 1_000,
  channelOf: channelOfSpec,
  subscribe: subscribeFrames,
  unsubscribe: unsubscribeFrames,
  parse: parseCryptocomFrame,
};

export const cryptocom = defineExchange({
  id: "cryptocom",
  name: "Crypto.com Exchange",
  category: "cex",
  streams: { spot: SPOT_STREAMS, linear: LINEAR_STREAMS },
  klineIntervals: CRYPTOCOM_KLINE_INTERVALS,
  ws: cryptocomWs,
  rest: cryptocomRest,
  symbols: cryptocomSymbols,
  book: CRYPTOCOM_BOOK,
  docs: DOCS,
});
