// MEXC wiring: accounts spot (protobuf pushes on wbs-api), linear (USDT/USDC perpetuals) and inverse (coin-margined
// perpetuals) on the JSON futures socket `/edge`; socket URLs, per-account keep-alive, what each account streams, and
// the version rules the book tracker enforces (MEXC sends no checksum). The pieces live beside this file.

import { type Account, type BookRules, type StreamTable, wireAbsent } from "../../core/index.ts";
import { defineExchange, type ExchangeWs } from "../_shared/adapter.ts";
import { parseMexcFrame } from "./parse.ts";
import { decodeMexcBinary } from "./proto.ts";
import { mexcAccountOf, mexcRest } from "./rest.ts";
import { channelOfSpec, MEXC_INTERVALS, subscribeFrames, unsubscribeFrames } from "./subscribe.ts";
import { mexcSymbols } from "./symbols.ts";

const DOCS = "https://www.mexc.com/api-docs/spot-v3/websocket-market-streams";

/** Kline intervals on both sockets: Min1 … Month1 (spot "K-line Streams", futures "K-line"). */
const INTERVALS: readonly string[] = Object.keys(MEXC_INTERVALS);

const SPOT_STREAMS: StreamTable = {
  trade: {
    status: "supported",
    via: "ws",
    note: "`spot@public.aggre.deals.v3.api.pb@100ms` (protobuf): the trades of each 100 ms window",
  },
  agg_trade: wireAbsent("MEXC publishes no aggregate-trade stream", "use trades"),
  book: {
    status: "supported",
    via: "ws",
    note: "aggregated diff depth (protobuf) bridged to the /api/v3/depth snapshot by fromVersion/toVersion; no checksum",
  },
  kline: { status: "supported", via: "ws", note: "Min1…Month1; a bar is closed once the next one starts" },
  ticker: {
    status: "supported",
    via: "ws",
    note: "mini ticker (24 h, every 3 s) merged with the best bid/ask channel",
  },
  mark_price: wireAbsent("MEXC spot has no mark price", "use --account linear or inverse"),
  funding_rate: wireAbsent("MEXC spot has no funding", "use --account linear or inverse"),
  open_interest: wireAbsent("MEXC spot has no open interest", "use --account linear or inverse"),
  liquidation: wireAbsent(
    "MEXC spot has no liquidations",
    "MEXC publishes no liquidation feed on any market",
  ),
};

const FUTURES_STREAMS: StreamTable = {
  trade: { status: "supported", via: "ws", note: "`push.deal`; sizes in contracts" },
  agg_trade: wireAbsent("MEXC publishes no aggregate-trade stream", "use trades"),
  book: {
    status: "supported",
    via: "ws",
    note: "`push.depth` chained by version, bridged to /api/v1/contract/depth; sizes in contracts; no checksum",
  },
  kline: { status: "supported", via: "ws", note: "`push.kline`, Min1…Month1; volume in contracts" },
  ticker: { status: "supported", via: "ws", note: "`push.ticker`, once a second; volume in contracts" },
  mark_price: { status: "supported", via: "ws", note: "fair price and index price from `push.ticker`" },
  funding_rate: { status: "supported", via: "ws", note: "`push.funding.rate` with the next settlement time" },
  open_interest: { status: "supported", via: "ws", note: "`holdVol` of `push.ticker`, in contracts" },
  liquidation: wireAbsent(
    "MEXC futures publish no public liquidation channel",
    "none: MEXC's public docs list no liquidation channel or endpoint",
  ),
};

/**
 * Spot: "1. Open a WebSocket connection and subscribe to spot@public.aggre.depth.v3.api.pb@(100ms|10ms)@{symbol}
 * 2. Start caching received incremental depth updates … 3. Request https://api.mexc.com/api/v3/depth?symbol={symbol}
 * &limit=5000 … and record lastUpdateId … 5. From the cached incremental updates, discard all pushes where toVersion
 * <= lastUpdateId 6. Take the first remaining push. If fromVersion > lastUpdateId + 1, the data is considered
 * discontinuous … 7. … After each update, set the local version to that push's toVersion. If any push does not
 * satisfy: fromVersion = previous toVersion + 1, you must reinitialize."
 * (https://www.mexc.com/api-docs/spot-v3/websocket-market-streams/how-to-properly-maintain-a-local-copy-of-the-order-book)
 */
export const MEXC_SPOT_BOOK: BookRules = {
  snapshotFrom: "rest",
  restDepth: 5000,
  chain: "first-follows-last",
  bridge: "first-le-next",
};

/**
 * Futures: "1. Obtain Full Depth Snapshot … GET …/api/v1/contract/depth/{symbol}?limit=1000 Save the version from
 * the response as localLastVersion … Under normal conditions, if version == localLastVersion + 1, apply the update
 * directly … Each new event's version should be exactly equal to the previous version + 1. If the sequence is
 * discontinuous (gaps or out-of-order versions), packet loss may have occurred" → restart from a snapshot.
 * A merged push (`begin`..`end`) is read as firstSeq..seq, so the same rules hold for it.
 * (https://www.mexc.com/api-docs/futures/websocket-api/incremental-order-book-maintenance-mechanism)
 */
export const MEXC_FUTURES_BOOK: BookRules = {
  snapshotFrom: "rest",
  restDepth: 1000,
  chain: "first-follows-last",
  bridge: "first-le-next",
};

/** Spot: "Send {"method":"PING"} periodically"; the server closes a socket without data for a minute. */
const SPOT_PING = { everyMs: 20_000, frame: JSON.stringify({ method: "PING" }) };
/** Futures: "If no ping is received within 1 minute, the connection will be disconnected. Send a ping every 10–20 seconds." */
const FUTURES_PING = { everyMs: 15_000, frame: JSON.stringify({ method: "ping" }) };

export function mexcWsUrl(account: Account): string {
  // MEXC has no public testnet. The old spot JSON endpoint (wss://wbs.mexc.com/ws) is retired.
  return mexcAccountOf(account) === "spot" ? "wss://wbs-api.mexc.com/ws" : "wss://contract.mexc.com/edge";
}

const mexcWs: ExchangeWs = {
  url: mexcWsUrl,
  ping: SPOT_PING,
  pingOf: (account) => (account === "spot" ? SPOT_PING : FUTURES_PING),
  // Both sockets close after a silent minute; pongs (every 15-20 s) keep a quiet socket fed.
  silenceMs: 60_000,
  // Spot: "One ws connection supports a maximum of 30 subscriptions", and a ticker takes two of them.
  maxStreamsPerSocket: 15,
  // Spot: "The Websocket limits is: 100times/s"; the futures socket documents none, the same pacing keeps it calm.
  maxSendPerSecond: 20,
  channelOf: channelOfSpec,
  subscribe: subscribeFrames,
  unsubscribe: unsubscribeFrames,
  parse: parseMexcFrame,
  decodeBinary: decodeMexcBinary,
};

export const mexc = defineExchange({
  id: "mexc",
  name: "MEXC",
  category: "cex",
  streams: { spot: SPOT_STREAMS, linear: FUTURES_STREAMS, inverse: FUTURES_STREAMS },
  klineIntervals: { spot: INTERVALS, linear: INTERVALS, inverse: INTERVALS },
  ws: mexcWs,
  rest: mexcRest,
  symbols: mexcSymbols,
  book: (account) => (account === "spot" ? MEXC_SPOT_BOOK : MEXC_FUTURES_BOOK),
  docs: DOCS,
});
