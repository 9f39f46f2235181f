// Bitget wiring: accounts spot, linear (USDT- and USDC-margined perpetuals) and inverse (coin-margined perpetuals and
// quarterlies) on the UTA (v3) public socket; the text keep-alive; what each account streams; and the `books` sync
// rules with the CRC32 checksum the tracker verifies on every update. The pieces live beside this file.

import {
  type Account,
  type BookRules,
  type BookView,
  type StreamTable,
  viaWs,
  wireAbsent,
} from "../../core/index.ts";
import { defineExchange, type ExchangeWs, type WsOptions } from "../_shared/adapter.ts";
import { interleavedLevelsCrc32 } from "../_shared/book-checksum.ts";
import { parseBitgetFrame } from "./parse.ts";
import { bitgetRest } from "./rest.ts";
import {
  BITGET_KLINE_INTERVALS,
  BITGET_MAX_ARGS_PER_FRAME,
  channelOfSpec,
  subscribeFrames,
  unsubscribeFrames,
} from "./subscribe.ts";
import { bitgetSymbols } from "./symbols.ts";

const DOCS = "https://www.bitget.com/api-doc/uta/guide";

const NO_AGG_TRADES = wireAbsent(
  "Bitget publishes each fill (publicTrade) and has no aggregated-trade stream",
  "use trades",
);

const BOOK: StreamTable["book"] = {
  status: "supported",
  via: "ws",
  note: "`books` all levels, seq/pseq chain and CRC32 checksum",
};

const SPOT_STREAMS: StreamTable = {
  trade: { status: "supported", via: "ws", note: "`publicTrade`: one row per fill" },
  agg_trade: NO_AGG_TRADES,
  book: BOOK,
  kline: { status: "supported", via: "ws", note: "`kline` 1m … 1D; a bar is final when the next one starts" },
  ticker: viaWs,
  mark_price: wireAbsent("Bitget spot has no mark price", "use --account linear or inverse"),
  funding_rate: wireAbsent("Bitget spot has no funding", "use --account linear or inverse"),
  open_interest: wireAbsent("Bitget spot has no open interest", "use --account linear or inverse"),
  liquidation: wireAbsent("Bitget publishes liquidations of futures only", "use --account linear or inverse"),
};

const FUTURES_STREAMS: StreamTable = {
  trade: SPOT_STREAMS.trade,
  agg_trade: NO_AGG_TRADES,
  book: BOOK,
  kline: SPOT_STREAMS.kline,
  ticker: { status: "supported", via: "ws", note: "`ticker`, shared with mark, funding and open interest" },
  mark_price: { status: "supported", via: "ws", note: "from `ticker`, with the index price" },
  funding_rate: {
    status: "supported",
    via: "ws",
    note: "from `ticker`, with the next funding time; perpetuals only",
  },
  open_interest: { status: "supported", via: "ws", note: "from `ticker`" },
  liquidation: {
    status: "supported",
    via: "ws",
    note: "`liquidation` per product type (one subscription for all symbols): per second the largest long and short liquidation of each symbol",
  },
};

/**
 * "Build the string to check CRC32: "43231.1:4:43232.8:9:43231:6:43232.9:8" The sequence: "bid1[price:amount]:
 * ask1[price:amount]:bid2[price:amount]:ask2[price:amount]"" over 25 levels a side; "Less than 25 levels of bid or
 * ask … "3366.1:7:3366.8:9:3368:8:3372:8"": the shorter side simply stops. The signed 32-bit CRC32 of that text is
 * compared with the push's `checksum`. Docs: https://www.bitget.com/api-doc/spot/websocket/public/Depth-Channel
 * (Checksum); the UTA `books` pushes carry the same field
 * (https://www.bitget.com/api-doc/uta/websocket/public/Order-Book-Channel).
 */
export function bitgetBookChecksum(book: BookView): number {
  return interleavedLevelsCrc32(book, 25);
}

/**
 * `books`: "the first push is the full data snapshot, subsequent pushes are incremental updates"; `pseq` is "the
 * serial number of the previous push" and "the seq value received in a push sequence is always greater than the
 * pseq" (https://www.bitget.com/api-doc/uta/websocket/public/Order-Book-Channel): each update's `pseq` must equal
 * the previous push's `seq`, the first update's the snapshot's. A venue reset (`pseq` 0) is bridged by the parser
 * (parse.ts `sequenceOf`); pushes without `seq` (v1, early v2) rest on the checksum alone. The checksum is verified
 * after every update (and on v1 snapshots, the only ones that carry a non-zero one).
 */
export const BITGET_BOOK: BookRules = {
  snapshotFrom: "stream",
  chain: "prev-equals-last",
  bridge: "chain",
  checksumOf: bitgetBookChecksum,
};

/**
 * The UTA public socket serves every product type ("instType" per arg); demo trading has its own host
 * (`wspap.bitget.com`). Docs: https://www.bitget.com/api-doc/uta/websocket/public/Order-Book-Channel
 */
export function bitgetWsUrl(_account: Account, options: WsOptions): string {
  return options.testnet ? "wss://wspap.bitget.com/v3/ws/public" : "wss://ws.bitget.com/v3/ws/public";
}

const bitgetWs: ExchangeWs = {
  url: bitgetWsUrl,
  // "Users set a 30 seconds timer to send string "ping""; the server drops a socket that sent none for 2 min. 25 s
  // keeps a margin; the `pong` also feeds the silence watchdog on quiet channels (liquidations).
  ping: { everyMs: 25_000, frame: "ping" },
  silenceMs: 65_000,
  // "Max 1000 channel subscription/connection" but "we highly recommend … not more than 50 channels".
  maxStreamsPerSocket: 50,
  // "The Websocket server accepts up to 10 messages per second", pings included; 8 leaves room for the ping.
  maxSendPerSecond: 8,
  maxStreamsPerFrame: BITGET_MAX_ARGS_PER_FRAME,
  channelOf: channelOfSpec,
  subscribe: subscribeFrames,
  unsubscribe: unsubscribeFrames,
  parse: parseBitgetFrame,
};

export const bitget = defineExchange({
  id: "bitget",
  name: "Bitget",
  category: "cex",
  streams: {
    spot: SPOT_STREAMS,
    linear: FUTURES_STREAMS,
    inverse: FUTURES_STREAMS,
  },
  klineIntervals: {
    spot: BITGET_KLINE_INTERVALS,
    linear: BITGET_KLINE_INTERVALS,
    inverse: BITGET_KLINE_INTERVALS,
  },
  ws: bitgetWs,
  rest: bitgetRest,
  symbols: bitgetSymbols,
  book: BITGET_BOOK,
  docs: DOCS,
});
