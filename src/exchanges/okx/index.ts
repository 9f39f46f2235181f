// OKX wiring: accounts spot, linear (USDT/USDC-margined swaps and futures), inverse (coin-margined) and option;
// the two public sockets and the text keep-alive; what each account streams; and the `books` sync rules with the
// CRC32 checksum the tracker verifies on every update. The pieces live beside this file.

import {
  type Account,
  type BookRules,
  type BookView,
  notImplemented,
  type StreamKind,
  type StreamTable,
  viaWs,
  wireAbsent,
} from "../../core/index.ts";
import { defineExchange, type ExchangeWs, type WsOptions } from "../_shared/adapter.ts";
import { interleavedLevelsCrc32 } from "../_shared/book-checksum.ts";
import { parseOkxFrame } from "./parse.ts";
import { okxRest } from "./rest.ts";
import {
  channelOfSpec,
  OKX_KLINE_INTERVALS,
  OKX_OPTION_KLINE_INTERVALS,
  okxRouteOf,
  subscribeFrames,
  unsubscribeFrames,
} from "./subscribe.ts";
import { okxSymbols } from "./symbols.ts";

const DOCS = "https://www.okx.com/docs-v5/en/";

const AGG_TRADE: StreamTable["agg_trade"] = {
  status: "supported",
  via: "ws",
  note: "`trades`: one message per taker order and price, `count` trades ending at `tradeId`",
};

const SPOT_STREAMS: StreamTable = {
  trade: { status: "supported", via: "ws", note: "`trades-all` on /ws/v5/business: one message per trade" },
  agg_trade: AGG_TRADE,
  book: { status: "supported", via: "ws", note: "`books` 400 levels, seqId chain and CRC32 checksum" },
  kline: { status: "supported", via: "ws", note: "`candle…` on /ws/v5/business; 6h and longer UTC-aligned" },
  ticker: viaWs,
  mark_price: notImplemented(
    "OKX publishes mark prices of margin pairs; dig3 subscribes them on derivatives only",
  ),
  funding_rate: wireAbsent("OKX spot has no funding", "use --account linear or inverse (perpetual swaps)"),
  open_interest: wireAbsent("OKX spot has no open interest", "use --account linear, inverse or option"),
  liquidation: wireAbsent(
    "OKX margin liquidations carry neither price nor side",
    "use --account linear or inverse",
  ),
};

const CONTRACT_STREAMS: StreamTable = {
  trade: SPOT_STREAMS.trade,
  agg_trade: AGG_TRADE,
  book: SPOT_STREAMS.book,
  kline: SPOT_STREAMS.kline,
  ticker: viaWs,
  mark_price: viaWs,
  funding_rate: {
    status: "supported",
    via: "ws",
    note: "`funding-rate`, every 30-90 s; perpetual swaps only",
  },
  open_interest: { status: "supported", via: "ws", note: "`open-interest` every 3 s; in coins (oiCcy)" },
  liquidation: {
    status: "supported",
    via: "ws",
    note: "`liquidation-orders` per instType (one subscription for all symbols); at most one per contract per second",
  },
};

const OPTION_STREAMS: StreamTable = {
  trade: { status: "supported", via: "ws", note: "`option-trades`; the cached first push is skipped" },
  agg_trade: AGG_TRADE,
  book: SPOT_STREAMS.book,
  kline: { status: "supported", via: "ws", note: "`candle…` on /ws/v5/business; no 1s bars for options" },
  ticker: viaWs,
  mark_price: viaWs,
  funding_rate: wireAbsent(
    "OKX options have no funding",
    "use --account linear or inverse (perpetual swaps)",
  ),
  open_interest: viaWs,
  liquidation: wireAbsent(
    "OKX option liquidations carry neither price nor side",
    "use --account linear or inverse",
  ),
};

/**
 * "Use the first 25 bids and asks in the full load to form a string (where a colon connects the price and size
 * in an ask or a bid), and then calculate the CRC32 value (32-bit signed integer)." Bid and ask alternate
 * (`bid1px:bid1sz:ask1px:ask1sz:…`); "when the bid or ask depth data is less than 25 levels, the missing depth
 * data will be ignored". Docs: https://www.okx.com/docs-v5/en/#order-book-trading-market-data-ws-order-book-channel
 * (Checksum). Vectors from the docs: `3366.1:7:3366.8:9:3366:6:3368:8` → -1881014294.
 */
export function okxBookChecksum(book: BookView): number {
  return interleavedLevelsCrc32(book, 25);
}

/**
 * `books`: "400 depth levels will be pushed in the initial full snapshot. Incremental data will be pushed every
 * 100 ms". "The prevSeqId in the new message matches with seqId of the previous message … in snapshot messages
 * the prevSeqId is always -1." A no-change heartbeat has "seqId … the same as the last sent message and prevSeqId
 * equals to seqId", which the chain accepts. After a maintenance reset ("seqId smaller than prevSeqId") the chain
 * breaks once and the symbol resyncs from a new snapshot. The checksum is verified after every update.
 */
export const OKX_BOOK: BookRules = {
  snapshotFrom: "stream",
  chain: "prev-equals-last",
  bridge: "chain",
  checksumOf: okxBookChecksum,
};

/**
 * Socket URL: candles and `trades-all` are served only on `/ws/v5/business`, everything else on `/ws/v5/public`
 * (one URL for every account). Without a kind, the public socket. Demo trading: `wspap.okx.com:8443`.
 */
export function okxWsUrl(account: Account, options: WsOptions, kind?: StreamKind): string {
  const host = options.testnet ? "wss://wspap.okx.com:8443" : "wss://ws.okx.com:8443";
  return `${host}/ws/v5/${okxRouteOf(account, kind)}`;
}

const okxWs: ExchangeWs = {
  url: okxWsUrl,
  // "Set a timer of N seconds whenever a response message is received, where N is less than 30 … send the String
  // 'ping'"; a text ping every 20 s keeps quiet sockets (liquidations, funding) open.
  ping: { everyMs: 20_000, frame: "ping" },
  silenceMs: 50_000,
  // "If you need to subscribe to many 50 or 400 depth level channels, it is recommended to subscribe through
  // multiple websocket connections, with each of less than 30 channels."
  maxStreamsPerSocket: 30,
  // Subscribe, unsubscribe and login requests: 480 per connection per hour; the only per-second figure OKX gives is
  // "3 requests per second" for connecting.
  maxSendPerSecond: 3,
  channelOf: channelOfSpec,
  subscribe: subscribeFrames,
  unsubscribe: unsubscribeFrames,
  parse: parseOkxFrame,
};

export const okx = defineExchange({
  id: "okx",
  name: "OKX",
  category: "cex",
  streams: {
    spot: SPOT_STREAMS,
    linear: CONTRACT_STREAMS,
    inverse: CONTRACT_STREAMS,
    option: OPTION_STREAMS,
  },
  klineIntervals: {
    spot: OKX_KLINE_INTERVALS,
    linear: OKX_KLINE_INTERVALS,
    inverse: OKX_KLINE_INTERVALS,
    option: OKX_OPTION_KLINE_INTERVALS,
  },
  ws: okxWs,
  rest: okxRest,
  symbols: okxSymbols,
  book: OKX_BOOK,
  docs: DOCS,
});
