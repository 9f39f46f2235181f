// Crypto.com inputs: decode of `trade` and `book` / `book.update` pushes from tardis' sample (no raw session exists),
// which mixes 2022 API v2 frames (JSON numbers, book `s`) with Exchange v1 frames (strings, book `u`/`pu`).

import { cryptocom } from "../../src/exchanges/cryptocom/index.ts";
import type { DecodeInput } from "../decode-input.ts";
import type { CcxtSpec } from "../peers/ccxt.ts";

const FILE = "tardis-v2.ndjson";

/** Crypto.com market-data pushes (`result.data`) of the given channels, not bare subscribe answers. */
function isCryptocomChannel(...channels: string[]): (message: unknown) => boolean {
  return (message) => {
    const result = (message as { result?: { channel?: unknown; data?: unknown } }).result;
    return (
      typeof result?.channel === "string" && channels.includes(result.channel) && Array.isArray(result.data)
    );
  };
}

const CCXT: CcxtSpec = {
  exchange: "cryptocom",
  url: "wss://stream.crypto.com/exchange/v1/market",
  markets: [
    { id: "RSR_USDT", base: "RSR", quote: "USDT" },
    { id: "GODS_USDT", base: "GODS", quote: "USDT" },
    { id: "BTC_USDT", base: "BTC", quote: "USDT" },
    { id: "AAVE_USDT", base: "AAVE", quote: "USDT" },
    { id: "DOT_USDT", base: "DOT", quote: "USDT" },
    { id: "DOGE_USDT", base: "DOGE", quote: "USDT" },
    { id: "BTCUSD-PERP", base: "BTC", quote: "USD", settle: "USD" },
  ],
};

export const CRYPTOCOM_INPUTS: DecodeInput[] = [
  {
    name: "cryptocom book (tardis sample)",
    venue: "cryptocom",
    file: FILE,
    keep: isCryptocomChannel("book", "book.update"),
    adapter: cryptocom,
    account: "spot",
    tardis: { exchange: "crypto-com", normalizers: ["bookChanges"] },
    // The sample's three book frames are three unrelated books (an AAVE snapshot, then lone DOT and DOGE deltas), and
    // every repeat restarts them: ccxt's `pu` check would reject the deltas. `checksum: false` is ccxt's own switch
    // for that check's throw; the comparison and the apply run as before.
    ccxt: { ...CCXT, options: { watchOrderBook: { checksum: false } } },
    ccxtNote: "ccxt also applies each update to its book",
  },
  {
    // Spot pairs and one perpetual (BTCUSD-PERP): tardis' `crypto-com` covers both (same mapper as
    // `crypto-com-derivatives`, which only labels its output differently).
    name: "cryptocom trade (tardis sample)",
    venue: "cryptocom",
    file: FILE,
    keep: isCryptocomChannel("trade"),
    adapter: cryptocom,
    account: "spot",
    tardis: { exchange: "crypto-com", normalizers: ["trades"] },
    ccxt: CCXT,
  },
];
