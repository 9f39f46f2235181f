// dYdX v4 decode inputs: indexer `v4_orderbook` (snapshot + diffs) and `v4_trades`, from tardis' v4 sample (the long
// cryptofeed recording is v3, shut down in 2024: dig3 and ccxt pro read only v4).

import { dydx } from "../../src/exchanges/dydx/index.ts";
import type { DecodeInput } from "../decode-input.ts";
import type { CcxtSpec } from "../peers/ccxt.ts";

const FILE = "tardis-v4.ndjson";

/** v4 indexer pushes of one channel: its `subscribed` snapshot where `withSnapshot`, and its `channel_data`. */
function isDydxChannel(channel: string, withSnapshot: boolean): (message: unknown) => boolean {
  return (message) => {
    const push = message as { type?: unknown; channel?: unknown };
    if (push.channel !== channel) return false;
    return push.type === "channel_data" || (withSnapshot && push.type === "subscribed");
  };
}

/** ccxt's dYdX markets: `AVAX-USD` ↔ `AVAX/USDC:USDC`, every one a linear perpetual settled in USDC. */
function market(base: string): CcxtSpec["markets"][number] {
  return { id: `${base}-USD`, base, quote: "USDC", settle: "USDC", extra: { baseName: base } };
}

const CCXT: CcxtSpec = {
  exchange: "dydx",
  url: "wss://indexer.dydx.trade/v4/ws",
  markets: ["AVAX", "BTC", "GRT", "EGLD"].map(market),
};

export const DYDX_INPUTS: DecodeInput[] = [
  {
    name: "dydx v4_orderbook (tardis sample)",
    venue: "dydx",
    file: FILE,
    keep: isDydxChannel("v4_orderbook", true),
    adapter: dydx,
    account: "linear",
    tardis: { exchange: "dydx-v4", normalizers: ["bookChanges"] },
    ccxt: CCXT,
    ccxtNote: "ccxt also applies each update to its book",
  },
  {
    name: "dydx v4_trades (tardis sample)",
    venue: "dydx",
    file: FILE,
    // The `subscribed` reply's trades are history: dig3 and tardis skip them live, so the sample has none.
    keep: isDydxChannel("v4_trades", false),
    adapter: dydx,
    account: "linear",
    tardis: { exchange: "dydx-v4", normalizers: ["trades"] },
    ccxt: CCXT,
  },
];
