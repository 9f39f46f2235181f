// Bitget decode inputs: v2 spot `trade` pushes from tardis' sample, the one API version dig3, tardis and ccxt pro all
// read. No book input: tardis' book changes come from `books15` snapshots only, dig3 reads `books` only (below).

import { bitget } from "../../src/exchanges/bitget/index.ts";
import type { DecodeInput } from "../decode-input.ts";
import type { CcxtSpec } from "../peers/ccxt.ts";

/** v2 pushes (not `event` acks) of one channel with one `action`: `trade`/`update`, `books`/`snapshot` … */
export function isBitgetV2Push(channel: string, action: string): (message: unknown) => boolean {
  return (message) => {
    const push = message as { arg?: { channel?: unknown }; action?: unknown; data?: unknown };
    return push.action === action && push.arg?.channel === channel && Array.isArray(push.data);
  };
}

const SPOT_CCXT: CcxtSpec = {
  exchange: "bitget",
  url: "wss://ws.bitget.com/v2/ws/public",
  markets: [
    { id: "BTCUSDT", base: "BTC", quote: "USDT" },
    { id: "RENDERUSDT", base: "RENDER", quote: "USDT" },
  ],
};

// Versions: the v1 sessions (`spot/v1`, `mix/v1` streams) are retired and read by dig3's books only (v1 trade rows
// have no id); tardis 13.35 reads v2 only; ccxt pro reads v2 (default) and v3 (`uta`). So v2, from tardis' sample.
// Trades: `update` pushes only; the `snapshot` sent on subscribe repeats earlier fills, which dig3 and tardis drop.
// Books: a tardis user's book changes are `books15` snapshots (its mapper reads nothing else), dig3 subscribes `books`
// (snapshot + checksummed updates) and reads no `booksN`: no stream all three read.
export const BITGET_INPUTS: DecodeInput[] = [
  {
    name: "bitget v2 spot trade (tardis sample)",
    venue: "bitget",
    file: "tardis-v2-spot.ndjson",
    keep: isBitgetV2Push("trade", "update"),
    adapter: bitget,
    account: "spot",
    tardis: { exchange: "bitget", normalizers: ["trades"] },
    ccxt: SPOT_CCXT,
  },
];
