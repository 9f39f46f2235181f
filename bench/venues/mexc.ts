// MEXC decode inputs: contract `push.deal` and `push.depth` from tardis' futures sample, against ccxt pro and the
// floor only: tardis-dev maps no MEXC feed. No spot input: the spot sample is protobuf decoded to JSON, not what the
// venue sends (dig3 reads the protobuf frames themselves).

import { mexc } from "../../src/exchanges/mexc/index.ts";
import type { DecodeInput } from "../decode-input.ts";
import type { CcxtSpec } from "../peers/ccxt.ts";

const FILE = "tardis-futures.ndjson";

/** Contract pushes of one channel (`push.deal`, `push.depth` …). */
function isMexcContractChannel(channel: string): (message: unknown) => boolean {
  return (message) => (message as { channel?: unknown }).channel === channel;
}

const BTC_USDT = { id: "BTC_USDT", base: "BTC", quote: "USDT", settle: "USDT", contractSize: 0.0001 };

const TRADES_CCXT: CcxtSpec = {
  exchange: "mexc",
  url: "wss://contract.mexc.com/edge",
  markets: [BTC_USDT],
};

/**
 * ccxt takes the book from REST (`loadOrderBook`) and caches socket diffs until it has one: each pass starts from an
 * empty book just before the sample's first `version`, as that snapshot would. Diffs older than the book (every pass
 * after the first, the sample being repeated) ccxt skips, and still hands the book to its client.
 */
const DEPTH_CCXT: CcxtSpec = {
  ...TRADES_CCXT,
  seedBooks: [{ symbol: "BTC/USDT:USDT", nonce: 96_801_926 }],
};

export const MEXC_INPUTS: DecodeInput[] = [
  {
    name: "mexc futures push.deal (tardis sample)",
    venue: "mexc",
    file: FILE,
    keep: isMexcContractChannel("push.deal"),
    adapter: mexc,
    account: "linear",
    ccxt: TRADES_CCXT,
  },
  {
    name: "mexc futures push.depth (tardis sample)",
    venue: "mexc",
    file: FILE,
    keep: isMexcContractChannel("push.depth"),
    adapter: mexc,
    account: "linear",
    ccxt: DEPTH_CCXT,
    ccxtNote: "ccxt also applies the first pass's diffs to its book",
  },
];
