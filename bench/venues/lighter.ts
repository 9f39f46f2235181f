// Lighter decode inputs: `trade` and `order_book` pushes of market 1 (BTC perpetual) from tardis' sample, against
// ccxt pro and the floor only: tardis-dev maps no Lighter feed.

import { lighter } from "../../src/exchanges/lighter/index.ts";
import type { DecodeInput } from "../decode-input.ts";
import type { CcxtSpec } from "../peers/ccxt.ts";

const FILE = "tardis.ndjson";

/** Pushes of one channel kind (`trade`, `order_book` …): the `subscribed/…` reply and its `update/…` frames. */
function isLighterChannel(kind: string): (message: unknown) => boolean {
  return (message) => {
    const channel = (message as { channel?: unknown }).channel;
    return typeof channel === "string" && channel.startsWith(`${kind}:`);
  };
}

/** Lighter names markets by number in its channels; ccxt's markets are keyed by it. */
const CCXT: CcxtSpec = {
  exchange: "lighter",
  url: "wss://mainnet.zklighter.elliot.ai/stream",
  markets: [{ id: "1", base: "BTC", quote: "USDC", settle: "USDC" }],
};

// Trades: the reply to a subscription carries recent trades, which dig3 and ccxt both hand on as trades.
// Books: the reply is the snapshot, which dig3 and ccxt both start the book from; ccxt also applies the update.
export const LIGHTER_INPUTS: DecodeInput[] = [
  {
    name: "lighter trade (tardis sample)",
    venue: "lighter",
    file: FILE,
    keep: isLighterChannel("trade"),
    adapter: lighter,
    account: "linear",
    ccxt: CCXT,
  },
  {
    name: "lighter order_book (tardis sample)",
    venue: "lighter",
    file: FILE,
    keep: isLighterChannel("order_book"),
    adapter: lighter,
    account: "linear",
    ccxt: CCXT,
    ccxtNote: "ccxt also applies each update to its book",
  },
];
