// HyperLiquid decode inputs: perpetuals' `l2Book` (every push a whole snapshot) and `trades`, from tardis' sample.

import { hyperliquid } from "../../src/exchanges/hyperliquid/index.ts";
import type { DecodeInput } from "../decode-input.ts";
import type { CcxtSpec } from "../peers/ccxt.ts";

const FILE = "tardis.ndjson";

/** `{channel, data}` pushes of one channel (not `subscriptionResponse` acks or pongs). */
function isHyperliquidChannel(channel: string): (message: unknown) => boolean {
  return (message) => (message as { channel?: unknown }).channel === channel;
}

/**
 * ccxt's perpetual markets, named by the coin (`baseName`). ccxt's own id is the asset index, which its socket
 * handlers never read (they turn a coin into the unified `FXS/USDC:USDC` and look that up): the coin stands in.
 */
function perp(coin: string): CcxtSpec["markets"][number] {
  return { id: coin, base: coin, quote: "USDC", settle: "USDC", extra: { baseName: coin } };
}

const CCXT: CcxtSpec = {
  exchange: "hyperliquid",
  url: "wss://api.hyperliquid.xyz/ws",
  markets: ["FXS", "BTC", "SHIA", "BANANA"].map(perp),
};

export const HYPERLIQUID_INPUTS: DecodeInput[] = [
  {
    name: "hyperliquid l2Book (tardis sample)",
    venue: "hyperliquid",
    file: FILE,
    keep: isHyperliquidChannel("l2Book"),
    adapter: hyperliquid,
    account: "linear",
    tardis: { exchange: "hyperliquid", normalizers: ["bookChanges"] },
    ccxt: CCXT,
    ccxtNote: "ccxt also resets its book to each snapshot",
  },
  {
    name: "hyperliquid trades (tardis sample)",
    venue: "hyperliquid",
    file: FILE,
    keep: isHyperliquidChannel("trades"),
    adapter: hyperliquid,
    account: "linear",
    tardis: { exchange: "hyperliquid", normalizers: ["trades"] },
    ccxt: CCXT,
  },
];
