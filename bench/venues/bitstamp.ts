// Bitstamp decode inputs: WS v2 `diff_order_book` (the peers seeded where each market's first diff starts) and
// `live_trades`, from one verbatim session.

import { bitstamp } from "../../src/exchanges/bitstamp/index.ts";
import type { DecodeInput } from "../decode-input.ts";
import { type CcxtSpec, unifiedSymbolOf } from "../peers/ccxt.ts";
import type { TardisDecoder } from "../peers/tardis.ts";

const FILE = "v2-diff-order-book-live-trades.ndjson";

/** Bitstamp data frames (not `bts:` acks) of one channel kind: `diff_order_book_` / `data`, `live_trades_` / `trade`. */
function isBitstampChannel(prefix: string, event: string): (message: unknown) => boolean {
  return (message) => {
    const push = message as { channel?: unknown; event?: unknown };
    return push.event === event && typeof push.channel === "string" && push.channel.startsWith(prefix);
  };
}

const CCXT: CcxtSpec = {
  exchange: "bitstamp",
  url: "wss://ws.bitstamp.net",
  markets: [
    { id: "ethusd", base: "ETH", quote: "USD" },
    { id: "usdteur", base: "USDT", quote: "EUR" },
    { id: "batbtc", base: "BAT", quote: "BTC" },
  ],
};

interface DiffTimes {
  timestamp: string;
  microtimestamp: string;
}

/**
 * Diffs carry no sequence: both peers sync by `microtimestamp` against a REST snapshot (tardis' live feed injects it
 * as an `event: "snapshot"` message; ccxt fetches it itself after a few diffs). Each market is seeded with an empty
 * book just older than its first recorded diff, so every diff applies: tardis once, ccxt before each call.
 */
function seedAtFirstDiff(base: readonly string[], tardis: TardisDecoder): CcxtSpec {
  const first = new Map<string, DiffTimes>();
  for (const frame of base) {
    const diff = JSON.parse(frame) as { channel: string; data: DiffTimes };
    if (!first.has(diff.channel)) first.set(diff.channel, diff.data);
  }
  const seedBooks: { symbol: string; nonce: number }[] = [];
  for (const [channel, times] of first) {
    const nonce = Number(times.microtimestamp) - 1;
    const data = { timestamp: times.timestamp, microtimestamp: String(nonce), bids: [], asks: [] };
    tardis.prime({ data, event: "snapshot", channel, generated: true });
    const native = channel.slice("diff_order_book_".length);
    const market = CCXT.markets.find((m) => m.id === native);
    if (!market) throw new Error(`bench: no ccxt market for ${native}`);
    seedBooks.push({ symbol: unifiedSymbolOf(market), nonce });
  }
  return { ...CCXT, seedBooks };
}

export const BITSTAMP_INPUTS: DecodeInput[] = [
  {
    name: "bitstamp diff_order_book",
    venue: "bitstamp",
    file: FILE,
    keep: isBitstampChannel("diff_order_book_", "data"),
    adapter: bitstamp,
    account: "spot",
    tardis: { exchange: "bitstamp", normalizers: ["bookChanges"] },
    ccxt: CCXT,
    seedPeers: seedAtFirstDiff,
    ccxtNote: "ccxt also applies each diff to its book",
  },
  {
    name: "bitstamp live_trades",
    venue: "bitstamp",
    file: FILE,
    keep: isBitstampChannel("live_trades_", "trade"),
    adapter: bitstamp,
    account: "spot",
    tardis: { exchange: "bitstamp", normalizers: ["trades"] },
    ccxt: CCXT,
  },
];
