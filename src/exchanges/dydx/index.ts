// dYdX v4 wiring: one market type, USDC-settled linear perpetuals (`BTC-USD` ↔ `BTC/USD:USDC`), read from the
// indexer (WebSocket + REST); protocol-level keep-alive; what each stream kind is; the book rule (snapshot in the
// `subscribed` ack, deltas chained by the connection's message_id, uncrossed by message order per the docs).
// Docs: https://docs.dydx.exchange/api_integration-indexer/indexer_websocket

import {
  type Account,
  type BookRules,
  type StreamSupport,
  type StreamTable,
  viaWs,
  wireAbsent,
} from "../../core/index.ts";
import { defineExchange, type ExchangeWs, type WsOptions } from "../_shared/adapter.ts";
import { parseDydxFrame } from "./parse.ts";
import { dydxRest } from "./rest.ts";
import { channelOfSpec, DYDX_INTERVALS, subscribeFrames, unsubscribeFrames } from "./subscribe.ts";
import { dydxSymbols } from "./symbols.ts";

function shared(note: string): StreamSupport {
  return { status: "supported", via: "ws", note };
}

const MARKETS_NOTE =
  "from v4_markets (one subscription for every market, shared by ticker, mark, funding and OI)";

export const DYDX_STREAMS: StreamTable = {
  trade: shared("v4_trades, batched"),
  agg_trade: wireAbsent(
    "dYdX v4 publishes every fill on v4_trades and no aggregate-trade channel",
    "use trades",
  ),
  book: shared(
    "v4_orderbook, batched: full book in the subscribed ack, then level updates; transient crossings are removed by message order as the docs advise; a hole in the connection's message_id resyncs every book on it",
  ),
  kline: viaWs,
  ticker: shared(
    `${MARKETS_NOTE}: 24 h USD volume and change only; the indexer streams no last/bid/ask ticker`,
  ),
  mark_price: shared(
    `${MARKETS_NOTE}: the oracle price, which v4 uses to mark positions (also given as index)`,
  ),
  funding_rate: shared(`${MARKETS_NOTE}: nextFundingRate, the predicted hourly rate`),
  open_interest: shared(`${MARKETS_NOTE}: in base units, valued at the oracle price`),
  liquidation: shared("v4_trades fills of type LIQUIDATED (the liquidated taker's side)"),
};

/**
 * "v4 doesn't guarantee that order book prices don't cross … If the trader doesn't need the order book prices
 * uncrossed, simply listen to the updates … If trader needs the order book uncrossed, then one way is to use the
 * order of messages as a logical timestamp" (how_to_uncross_orderbook). The snapshot arrives in the `subscribed`
 * message; updates carry no per-book sequence and no checksum, but `message_id` counts every message of the
 * connection across channels. sequence.ts lends each market's updates `prevSeq` = the id of its previous book message
 * and, once an id of the connection counts as lost (no late `subscribed` reply filled it), a predecessor that cannot
 * match: the chain rule resyncs every book the lost message may have belonged to, as for Coinbase's sequence_num.
 * parse.ts removes the older crossing level by message order, so a crossed book reaching the tracker is a real fault
 * and is resynced too (resubscribe → fresh snapshot).
 */
export const DYDX_BOOK: BookRules = {
  snapshotFrom: "stream",
  chain: "prev-equals-last",
  bridge: "chain",
};

export function dydxWsUrl(_account: Account, options: WsOptions): string {
  return options.testnet ? "wss://indexer.v4testnet.dydx.exchange/v4/ws" : "wss://indexer.dydx.trade/v4/ws";
}

const dydxWs: ExchangeWs = {
  url: dydxWsUrl,
  // "Every 30 seconds, the websocket API will send a heartbeat ping control frame … If a pong event is not received
  // within 10 seconds back, the websocket API will disconnect": the transport answers control pings; dig3 also
  // sends protocol pings so a quiet socket is noticed.
  ping: { everyMs: 30_000, frame: "native" },
  silenceMs: 90_000,
  // The docs publish no per-connection subscription cap; 32 keeps a socket's snapshots small (unverified figure).
  maxStreamsPerSocket: 32,
  // "2 subscriptions per (connection + channel + channel id) per second": distinct ids may go faster; 10 a second.
  maxSendPerSecond: 10,
  maxStreamsPerFrame: 1,
  channelOf: channelOfSpec,
  subscribe: subscribeFrames,
  unsubscribe: unsubscribeFrames,
  parse: parseDydxFrame,
};

export const dydx = defineExchange({
  id: "dydx",
  name: "dYdX v4",
  category: "dex",
  streams: { linear: DYDX_STREAMS },
  klineIntervals: { linear: DYDX_INTERVALS },
  ws: dydxWs,
  rest: dydxRest,
  symbols: dydxSymbols,
  book: DYDX_BOOK,
  docs: "https://docs.dydx.exchange/api_integration-indexer/indexer_websocket",
});
