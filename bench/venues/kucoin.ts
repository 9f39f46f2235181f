// KuCoin decode inputs: spot `/market/level2` diffs (the peers seeded from the recorded REST books) and
// `/market/match` from one session, and futures `/contractMarket/level2` and `/contractMarket/execution` from tardis'
// sample (the peers seeded where its first diff starts: no futures REST book was recorded).

import { kucoin } from "../../src/exchanges/kucoin/index.ts";
import type { DecodeInput } from "../decode-input.ts";
import { readRestBodies } from "../inputs.ts";
import { type CcxtSpec, unifiedSymbolOf } from "../peers/ccxt.ts";
import type { TardisDecoder } from "../peers/tardis.ts";

const SPOT_FILE = "spot-level2-match-ticker-candles.ndjson";
const SPOT_REST_FILE = "spot-rest-level2-v3.ndjson";
const FUTURES_FILE = "tardis-futures.ndjson";

/** The public spot REST book every peer fetches (`level2_100`; the v3 full book now needs an API key). */
const SPOT_REST_LEVELS = 100;

/** KuCoin `message` pushes (not welcome, ack or pong) of one channel (`/market/level2`, `/market/match` …). */
function isKucoinChannel(channel: string): (message: unknown) => boolean {
  return (message) => {
    const push = message as { type?: unknown; topic?: unknown };
    return push.type === "message" && typeof push.topic === "string" && push.topic.startsWith(`${channel}:`);
  };
}

const SPOT_CCXT: CcxtSpec = {
  exchange: "kucoin",
  // The recorded endpoint, with the query ccxt's `negotiate` puts on it.
  url: "wss://push-private.kucoin.com/endpoint?token=TOKEN&privateChannel=false&connectId=public",
  markets: [
    { id: "DAPPT-BTC", base: "DAPPT", quote: "BTC" },
    { id: "EQZ-BTC", base: "EQZ", quote: "BTC" },
    { id: "SNX-BTC", base: "SNX", quote: "BTC" },
  ],
};

const FUTURES_CCXT: CcxtSpec = {
  exchange: "kucoinfutures",
  url: "wss://ws-api-futures.kucoin.com/?token=TOKEN&privateChannel=false&connectId=publicFutures",
  markets: [
    { id: "MYROUSDTM", base: "MYRO", quote: "USDT", settle: "USDT" },
    { id: "SOLUSDTM", base: "SOL", quote: "USDT", settle: "USDT" },
    { id: "XBTUSDTM", base: "BTC", quote: "USDT", settle: "USDT" },
  ],
};

interface KucoinRestBook {
  data: { sequence: string; bids: [string, string][]; asks: [string, string][] };
}

function levelsOf(rows: [string, string][]): [number, number][] {
  return rows.map(([price, size]) => [Number(price), Number(size)]);
}

function ccxtSymbolOf(ccxt: CcxtSpec, native: string): string {
  const market = ccxt.markets.find((m) => m.id === native);
  if (!market) throw new Error(`bench: no ccxt market for ${native}`);
  return unifiedSymbolOf(market);
}

/**
 * The peers' spot books start from the recorded REST snapshots, cut to the top 100 levels that the public
 * `level2_100` (which tardis' feed and an unauthenticated ccxt fetch) returns: tardis gets the message its live feed
 * injects (`realtimefeeds/kucoin.js`), ccxt the book its `loadOrderBook` would have built at the snapshot's
 * `sequence`. Diffs older than a snapshot (sequenceEnd <= sequence) are dropped by both, as live.
 */
function seedSpotFromRest(ccxt: CcxtSpec): (base: readonly string[], tardis: TardisDecoder) => CcxtSpec {
  return (_base, tardis) => {
    const seedBooks = readRestBodies("kucoin", SPOT_REST_FILE).map(({ url, body }) => {
      const native = new URL(url).searchParams.get("symbol") ?? "";
      const response = JSON.parse(body) as KucoinRestBook;
      const data = {
        ...response.data,
        bids: response.data.bids.slice(0, SPOT_REST_LEVELS),
        asks: response.data.asks.slice(0, SPOT_REST_LEVELS),
      };
      tardis.prime({
        type: "message",
        generated: true,
        topic: `/market/level2Snapshot:${native}`,
        subject: "trade.l2Snapshot",
        ...response,
        data,
      });
      return {
        symbol: ccxtSymbolOf(ccxt, native),
        nonce: Number(data.sequence),
        bids: levelsOf(data.bids),
        asks: levelsOf(data.asks),
      };
    });
    return { ...ccxt, seedBooks };
  };
}

/**
 * Futures: per contract, an empty book at the sequence just before its first recorded diff (tardis: the message its
 * feed injects from `/api/v1/level2/snapshot`), so that diff bridges: the sample holds no REST book.
 */
function seedFuturesAtFirstDiff(
  ccxt: CcxtSpec,
): (base: readonly string[], tardis: TardisDecoder) => CcxtSpec {
  return (base, tardis) => {
    const seeds = new Map<string, number>();
    for (const frame of base) {
      const push = JSON.parse(frame) as { topic: string; data: { sequence: number } };
      const native = push.topic.slice(push.topic.indexOf(":") + 1);
      if (!seeds.has(native)) seeds.set(native, push.data.sequence - 1);
    }
    const seedBooks = [...seeds].map(([native, sequence]) => {
      tardis.prime({
        type: "message",
        generated: true,
        topic: `/contractMarket/level2Snapshot:${native}`,
        subject: "level2Snapshot",
        code: "200000",
        data: { symbol: native, sequence, bids: [], asks: [] },
      });
      return { symbol: ccxtSymbolOf(ccxt, native), nonce: sequence };
    });
    return { ...ccxt, seedBooks };
  };
}

export const KUCOIN_INPUTS: DecodeInput[] = [
  {
    name: "kucoin spot level2",
    venue: "kucoin",
    file: SPOT_FILE,
    keep: isKucoinChannel("/market/level2"),
    adapter: kucoin,
    account: "spot",
    tardis: { exchange: "kucoin", normalizers: ["bookChanges"] },
    ccxt: SPOT_CCXT,
    seedPeers: seedSpotFromRest(SPOT_CCXT),
    ccxtNote: "ccxt also applies each diff to its book",
  },
  {
    name: "kucoin spot match",
    venue: "kucoin",
    file: SPOT_FILE,
    keep: isKucoinChannel("/market/match"),
    adapter: kucoin,
    account: "spot",
    tardis: { exchange: "kucoin", normalizers: ["trades"] },
    ccxt: SPOT_CCXT,
  },
  {
    name: "kucoin futures level2 (tardis sample)",
    venue: "kucoin",
    file: FUTURES_FILE,
    keep: isKucoinChannel("/contractMarket/level2"),
    adapter: kucoin,
    account: "linear",
    tardis: { exchange: "kucoin-futures", normalizers: ["bookChanges"] },
    ccxt: FUTURES_CCXT,
    seedPeers: seedFuturesAtFirstDiff(FUTURES_CCXT),
    ccxtNote: "ccxt also applies each change to its book",
  },
  {
    name: "kucoin futures execution (tardis sample)",
    venue: "kucoin",
    file: FUTURES_FILE,
    keep: isKucoinChannel("/contractMarket/execution"),
    adapter: kucoin,
    account: "linear",
    tardis: { exchange: "kucoin-futures", normalizers: ["trades"] },
    ccxt: FUTURES_CCXT,
  },
];
