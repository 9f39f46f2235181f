// Binance inputs: decode of spot and USDⓈ-M depth diffs (the peers seeded where the first diff bridges) and spot
// trades; book apply of both diff streams from the recorded REST snapshots.

import { binance } from "../../src/exchanges/binance/index.ts";
import type { BookInput } from "../book-input.ts";
import type { DecodeInput } from "../decode-input.ts";
import { bridgingSnapshotIds, isBinanceStream } from "../inputs.ts";
import { type CcxtSpec, unifiedSymbolOf } from "../peers/ccxt.ts";
import { binanceSnapshotMessage, type TardisDecoder } from "../peers/tardis.ts";

const SPOT_CCXT: CcxtSpec = {
  exchange: "binance",
  url: "wss://stream.binance.com:9443/ws",
  markets: [
    { id: "NKNUSDT", base: "NKN", quote: "USDT" },
    { id: "BLZETH", base: "BLZ", quote: "ETH" },
    { id: "BNBBTC", base: "BNB", quote: "BTC" },
  ],
};

const USDM_CCXT: CcxtSpec = {
  exchange: "binanceusdm",
  url: "wss://fstream.binance.com/ws",
  markets: [
    { id: "SUSHIUSDT", base: "SUSHI", quote: "USDT", settle: "USDT" },
    { id: "KEEPUSDT", base: "KEEP", quote: "USDT", settle: "USDT" },
  ],
};

/** Where the peers' books must start so the first recorded diff bridges (tardis' snapshot, ccxt's seed). */
function seedAtFirstDiff(ccxt: CcxtSpec): (base: readonly string[], tardis: TardisDecoder) => CcxtSpec {
  return (base, tardis) => {
    const seeds = bridgingSnapshotIds(base);
    for (const [native, lastUpdateId] of seeds) {
      tardis.prime(binanceSnapshotMessage(native, { lastUpdateId, bids: [], asks: [] }));
    }
    const seedBooks = [...seeds].map(([native, nonce]) => {
      const market = ccxt.markets.find((m) => m.id === native);
      if (!market) throw new Error(`bench: no ccxt market for ${native}`);
      return { symbol: unifiedSymbolOf(market), nonce };
    });
    return { ...ccxt, seedBooks };
  };
}

export const BINANCE_INPUTS: DecodeInput[] = [
  {
    name: "binance spot depth",
    venue: "binance",
    file: "spot-depth-bookticker-aggtrade-kline.ndjson",
    keep: isBinanceStream("depth"),
    adapter: binance,
    account: "spot",
    tardis: { exchange: "binance", normalizers: ["bookChanges"] },
    ccxt: SPOT_CCXT,
    seedPeers: seedAtFirstDiff(SPOT_CCXT),
    ccxtNote: "ccxt also applies each diff to its book",
  },
  {
    name: "binance spot trade (tardis sample)",
    venue: "binance",
    file: "tardis-spot.ndjson",
    keep: isBinanceStream("trade"),
    adapter: binance,
    account: "spot",
    tardis: { exchange: "binance", normalizers: ["trades"] },
    ccxt: SPOT_CCXT,
  },
  {
    name: "binance usdm depth",
    venue: "binance",
    file: "usdm-depth-bookticker-aggtrade-kline.ndjson",
    keep: isBinanceStream("depth"),
    adapter: binance,
    account: "linear",
    tardis: { exchange: "binance-futures", normalizers: ["bookChanges"] },
    ccxt: USDM_CCXT,
    seedPeers: seedAtFirstDiff(USDM_CCXT),
    ccxtNote: "ccxt also applies each diff to its book",
  },
];

/** REST depth snapshots as tardis' Binance feed injects them, keyed by the request's `symbol`. */
const REST_SNAPSHOTS = {
  nativeOf: (url: URL) => url.searchParams.get("symbol") ?? "",
  tardisMessageOf: binanceSnapshotMessage,
};

export const BINANCE_BOOK_INPUTS: BookInput[] = [
  {
    name: "binance spot depth (U/u sequence checks on)",
    venue: "binance",
    file: "spot-depth-bookticker-aggtrade-kline.ndjson",
    keep: isBinanceStream("depth"),
    adapter: binance,
    account: "spot",
    tardis: "binance",
    rest: { file: "spot-rest-depth.ndjson", ...REST_SNAPSHOTS },
  },
  {
    name: "binance usdm depth (pu sequence checks on)",
    venue: "binance",
    file: "usdm-depth-bookticker-aggtrade-kline.ndjson",
    keep: isBinanceStream("depth"),
    adapter: binance,
    account: "linear",
    tardis: "binance-futures",
    rest: { file: "usdm-rest-depth.ndjson", ...REST_SNAPSHOTS },
  },
];
