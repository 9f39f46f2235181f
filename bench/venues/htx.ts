// HTX decode inputs: spot `trade.detail` pushes from the verbatim spot session (its gzip frames handed over inflated).
// No book input: the sessions hold `depth.step0` only, which ccxt pro never reads (below).

import { htx } from "../../src/exchanges/htx/index.ts";
import type { DecodeInput } from "../decode-input.ts";
import type { CcxtSpec } from "../peers/ccxt.ts";

const SPOT_FILE = "spot-depth-step0-trade-detail.ndjson";

/** Market pushes (`ch`) of one channel: `trade.detail`, `depth.step0` … (not acks, pings). */
export function isHtxChannel(channel: string): (message: unknown) => boolean {
  const suffix = `.${channel}`;
  return (message) => {
    const ch = (message as { ch?: unknown }).ch;
    return typeof ch === "string" && ch.startsWith("market.") && ch.endsWith(suffix);
  };
}

const SPOT_CCXT: CcxtSpec = {
  exchange: "htx",
  url: "wss://api.huobi.pro/ws",
  markets: [
    { id: "nesteth", base: "NEST", quote: "ETH" },
    { id: "yfihusd", base: "YFI", quote: "HUSD" },
  ],
};

// The frames were gzip binary, and live each contender inflates them: dig3 in its transport (Bun.gunzipSync before
// `parse`), tardis in its realtime feed (`decompress`: zlib.unzipSync before the mappers), ccxt inside
// `client.onMessage`, only when handed bytes. Handed the inflated text, ccxt skips that step and does the rest
// unchanged, so all three get the same text and none is timed inflating.
//
// Books: the sessions subscribed `depth.step0` (a whole 150-level book per push). dig3 reads it (snapshots), tardis
// does on contracts (`huobi-dm-swap`, `huobi-dm-linear-swap`: any `.depth.`) but not on spot (mappers made today read
// `mbp` only), and ccxt pro never does: it subscribes `mbp.150` / `depth.size_150.high_freq`, and a step0 push (no
// `event`, book without nonce) goes to `orderbook.cache` unresolved, for ever.
export const HTX_INPUTS: DecodeInput[] = [
  {
    name: "htx spot trade.detail",
    venue: "htx",
    file: SPOT_FILE,
    keep: isHtxChannel("trade.detail"),
    adapter: htx,
    account: "spot",
    tardis: { exchange: "huobi", normalizers: ["trades"] },
    ccxt: SPOT_CCXT,
    ccxtNote: "frames handed over inflated, as to dig3 and tardis (none is timed inflating)",
  },
];
