// Gate.io decode inputs: spot `spot.order_book_update` diffs (the peers seeded from the recorded REST books) and
// `spot.trades` from one v4 session, and USDT futures `futures.trades` from tardis' sample (the futures session
// recorded no trade, and tardis reads futures books from `futures.order_book` only, not `futures.order_book_update`).

import { gateio } from "../../src/exchanges/gateio/index.ts";
import type { DecodeInput } from "../decode-input.ts";
import { readRestBodies } from "../inputs.ts";
import { type CcxtMarketSpec, type CcxtSpec, unifiedSymbolOf } from "../peers/ccxt.ts";
import type { TardisDecoder } from "../peers/tardis.ts";

const SPOT_FILE = "spot-v4-orderbookupdate-trades-tickers-candles.ndjson";
const SPOT_REST_FILE = "spot-v4-rest-orderbook.ndjson";

/** Gate v4 pushes (`event: "update"`, not subscribe replies) of one channel (`spot.trades`, `futures.trades` …). */
function isGateUpdate(channel: string): (message: unknown) => boolean {
  return (message) => {
    const push = message as { channel?: unknown; event?: unknown };
    return push.channel === channel && push.event === "update";
  };
}

const SPOT_CCXT: CcxtSpec = {
  // ccxt's `gate` subscribes spot books as `spot.obu` on this host and `spot.order_book_update` on its `gateeu`
  // subclass's; both run this handler (`handleOrderBook`), which gateeu inherits unchanged.
  exchange: "gate",
  url: "wss://api.gateio.ws/ws/v4/",
  markets: [
    { id: "DIS_USDT", base: "DIS", quote: "USDT" },
    { id: "HAI_ETH", base: "HAI", quote: "ETH" },
    { id: "INK_USDT", base: "INK", quote: "USDT" },
    { id: "NANO_USDT", base: "NANO", quote: "USDT" },
    { id: "NEO_BTC", base: "NEO", quote: "BTC" },
  ],
};

const FUTURES_CCXT: CcxtSpec = {
  exchange: "gate",
  url: "wss://fx-ws.gateio.ws/v4/ws/usdt",
  markets: [
    { id: "BTC_USDT", base: "BTC", quote: "USDT", settle: "USDT" },
    { id: "COMP_USDT", base: "COMP", quote: "USDT", settle: "USDT" },
    { id: "ETH_USDT", base: "ETH", quote: "USDT", settle: "USDT" },
  ],
};

interface GateRestBook {
  id: number;
  bids: [string, string][];
  asks: [string, string][];
}

function levelsOf(rows: [string, string][]): [number, number][] {
  return rows.map(([price, amount]) => [Number(price), Number(amount)]);
}

/**
 * The peers' books start from the recorded REST snapshots (`limit=100&with_id=true`, the request tardis' feed makes):
 * tardis gets the message its live feed injects (`realtimefeeds/gateio.js`), ccxt the book its `loadOrderBook` would
 * have built at the snapshot's `id`. Diffs older than a snapshot (u <= id) are dropped by both, as live.
 */
function seedFromRest(ccxt: CcxtSpec): (base: readonly string[], tardis: TardisDecoder) => CcxtSpec {
  return (_base, tardis) => {
    const seedBooks = readRestBodies("gateio", SPOT_REST_FILE).map(({ url, body }) => {
      const native = new URL(url).searchParams.get("currency_pair") ?? "";
      const market: CcxtMarketSpec | undefined = ccxt.markets.find((m) => m.id === native);
      if (!market) throw new Error(`bench: no ccxt market for ${native}`);
      tardis.prime({
        result: JSON.parse(body),
        event: "snapshot",
        channel: "spot.order_book_update",
        symbol: native,
        generated: true,
      });
      const book = JSON.parse(body) as GateRestBook;
      return {
        symbol: unifiedSymbolOf(market),
        nonce: book.id,
        bids: levelsOf(book.bids),
        asks: levelsOf(book.asks),
      };
    });
    return { ...ccxt, seedBooks };
  };
}

export const GATEIO_INPUTS: DecodeInput[] = [
  {
    name: "gateio spot order_book_update",
    venue: "gateio",
    file: SPOT_FILE,
    keep: isGateUpdate("spot.order_book_update"),
    adapter: gateio,
    account: "spot",
    tardis: { exchange: "gate-io", normalizers: ["bookChanges"] },
    ccxt: SPOT_CCXT,
    seedPeers: seedFromRest(SPOT_CCXT),
    ccxtNote: "ccxt also applies each diff to its book",
  },
  {
    name: "gateio spot trades",
    venue: "gateio",
    file: SPOT_FILE,
    keep: isGateUpdate("spot.trades"),
    adapter: gateio,
    account: "spot",
    tardis: { exchange: "gate-io", normalizers: ["trades"] },
    ccxt: SPOT_CCXT,
  },
  {
    name: "gateio futures trades (tardis sample)",
    venue: "gateio",
    file: "tardis-futures-v4.ndjson",
    keep: isGateUpdate("futures.trades"),
    adapter: gateio,
    account: "linear",
    tardis: { exchange: "gate-io-futures", normalizers: ["trades"] },
    ccxt: FUTURES_CCXT,
  },
];
