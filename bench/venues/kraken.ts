// Kraken inputs: decode of Futures WebSocket v1 `book` (snapshot + per-product deltas, verbatim session) and `trade`
// (tardis sample). No spot input: the spot recordings are WebSocket v1, which dig3 and ccxt pro no longer read
// (both speak v2 on `wss://ws.kraken.com/v2`; only tardis still maps v1).

import { kraken } from "../../src/exchanges/kraken/index.ts";
import type { BookInput } from "../book-input.ts";
import type { DecodeInput } from "../decode-input.ts";
import type { CcxtMarketSpec, CcxtSpec } from "../peers/ccxt.ts";

/** Kraken Futures pushes (not `event` acks) of the given feeds. */
function isKrakenFuturesFeed(...feeds: string[]): (message: unknown) => boolean {
  return (message) => {
    const push = message as { feed?: unknown; event?: unknown };
    return push.event === undefined && typeof push.feed === "string" && feeds.includes(push.feed);
  };
}

/** An inverse Kraken Futures product as ccxt's `fetchMarkets` lists it: PI_ perpetual, FI_ dated (`-yymmdd`). */
function inverseProduct(id: string, base: string, expiry?: string): CcxtMarketSpec {
  const spec: CcxtMarketSpec = { id, base, quote: "USD", settle: base, inverse: true, contractSize: 1 };
  if (expiry === undefined) return spec;
  return { ...spec, type: "future", extra: { symbol: `${base}/USD:${base}-${expiry}` } };
}

const WS_URL = "wss://futures.kraken.com/ws/v1";

const SESSION_CCXT: CcxtSpec = {
  exchange: "krakenfutures",
  url: WS_URL,
  markets: [
    inverseProduct("PI_XRPUSD", "XRP"),
    inverseProduct("FI_BCHUSD_210924", "BCH", "210924"),
    inverseProduct("FI_ETHUSD_211231", "ETH", "211231"),
  ],
};

const SAMPLE_CCXT: CcxtSpec = {
  exchange: "krakenfutures",
  url: WS_URL,
  markets: [
    inverseProduct("FI_XBTUSD_190426", "BTC", "190426"),
    inverseProduct("FI_XBTUSD_190927", "BTC", "190927"),
    inverseProduct("PI_XRPUSD", "XRP"),
    inverseProduct("PI_ETHUSD", "ETH"),
  ],
};

export const KRAKEN_INPUTS: DecodeInput[] = [
  {
    name: "kraken futures book",
    venue: "kraken",
    file: "futures-v1-book-trade-tickerlite.ndjson",
    // Each product's `book_snapshot` precedes its deltas in the recording: ccxt builds its book from it.
    keep: isKrakenFuturesFeed("book_snapshot", "book"),
    adapter: kraken,
    account: "inverse",
    tardis: { exchange: "cryptofacilities", normalizers: ["bookChanges"] },
    ccxt: SESSION_CCXT,
    ccxtNote: "ccxt also applies each update to its book",
  },
  {
    // The session holds only `trade_snapshot` frames, which tardis' trades mapper does not read (`feed === 'trade'`).
    name: "kraken futures trade (tardis sample)",
    venue: "kraken",
    file: "tardis-futures-v1.ndjson",
    keep: isKrakenFuturesFeed("trade"),
    adapter: kraken,
    account: "inverse",
    tardis: { exchange: "cryptofacilities", normalizers: ["trades"] },
    ccxt: SAMPLE_CCXT,
  },
];

export const KRAKEN_BOOK_INPUTS: BookInput[] = [
  {
    name: "kraken futures book (seq checks on)",
    venue: "kraken",
    file: "futures-v1-book-trade-tickerlite.ndjson",
    keep: isKrakenFuturesFeed("book_snapshot", "book"),
    adapter: kraken,
    account: "inverse",
    tardis: "cryptofacilities",
    isSnapshot: (message) => (message as { feed?: unknown }).feed === "book_snapshot",
  },
];
