// Bitfinex decode inputs: WS v2 `book` (P0, SEQ_ALL stamped, verbatim session) and `trades` (tardis sample: the
// session holds only the trades snapshots sent on subscribe, which dig3 and tardis leave as history). Channel frames
// name only a channel id: each input keeps its channel's `subscribed` replies, which every contender reads to route them.

import { bitfinex } from "../../src/exchanges/bitfinex/index.ts";
import type { DecodeInput } from "../decode-input.ts";
import type { CcxtMarketSpec, CcxtSpec } from "../peers/ccxt.ts";

/**
 * One channel's frames: its `subscribed` replies (the channel id they name) and the data frames sent on those ids,
 * heartbeats left out; `updatesOnly` also leaves out the snapshot sent on subscribe (frames tagged `te`/`tu` only).
 * The ids are learnt in recorded order, as a connection learns them.
 */
function isBitfinexChannel(channel: string, updatesOnly = false): (message: unknown) => boolean {
  const chanIds = new Set<unknown>();
  return (message) => {
    if (Array.isArray(message)) {
      if (!chanIds.has(message[0]) || message[1] === "hb") return false;
      return !updatesOnly || typeof message[1] === "string";
    }
    const event = message as { event?: unknown; channel?: unknown; chanId?: unknown };
    if (event.event !== "subscribed" || event.channel !== channel) return false;
    chanIds.add(event.chanId);
    return true;
  };
}

/** A spot pair as ccxt's `fetchMarkets` lists it (`tBTCUSD`, codes after ccxt's common-currency renames). */
function pair(id: string, base: string, quote: string): CcxtMarketSpec {
  return { id, base, quote };
}

/** ccxt's public socket (`urls.api.ws.public`); its handlers do not read the URL. */
const WS_URL = "wss://api-pub.bitfinex.com/ws/2";

/**
 * ccxt starts a book from the frame after a `subscribed` reply only when it holds no book for the symbol; its
 * unsubscribe (`unWatchOrderBook`: `cleanCache`) drops the book. Each pass of the recording opens the channels again,
 * so the reply drops the book first, as that unsubscribe would have: the snapshot that follows is read as one.
 */
function dropBookOnSubscribe(exchange: Parameters<NonNullable<CcxtSpec["setUp"]>>[0]): void {
  const handleSubscriptionStatus = exchange.handleSubscriptionStatus as (
    client: unknown,
    message: unknown,
  ) => unknown;
  exchange.handleSubscriptionStatus = function (this: typeof exchange, client: unknown, message: unknown) {
    const reply = message as { channel?: unknown; symbol?: unknown };
    if (reply.channel === "book" && typeof reply.symbol === "string") {
      const symbol = (this.safeSymbol as (id: string) => string).call(this, reply.symbol);
      delete this.orderbooks[symbol];
    }
    return handleSubscriptionStatus.call(this, client, message);
  };
}

const SESSION_CCXT: CcxtSpec = {
  exchange: "bitfinex",
  url: WS_URL,
  markets: [
    pair("tBFTUSD", "BFT", "USD"),
    pair("tIOTETH", "IOTA", "ETH"),
    pair("tDOGUSD", "MDOGE", "USD"),
    pair("tMNABTC", "MANA", "BTC"),
    pair("tODEUSD", "ODE", "USD"),
    pair("tTESTBTC:TESTUSD", "TESTBTC", "TESTUSD"),
    pair("tSNGUSD", "SNGLS", "USD"),
  ],
  setUp: dropBookOnSubscribe,
};

const SAMPLE_CCXT: CcxtSpec = {
  exchange: "bitfinex",
  url: WS_URL,
  markets: [pair("tBTCUSD", "BTC", "USD")],
};

export const BITFINEX_INPUTS: DecodeInput[] = [
  {
    name: "bitfinex book",
    venue: "bitfinex",
    file: "v2-book-trades-ticker-seqall.ndjson",
    // Each channel's snapshot follows its `subscribed` reply: ccxt and tardis start their books from it.
    keep: isBitfinexChannel("book"),
    adapter: bitfinex,
    account: "spot",
    tardis: { exchange: "bitfinex", normalizers: ["bookChanges"] },
    ccxt: SESSION_CCXT,
    ccxtNote: "ccxt also applies each update to its book",
  },
  {
    name: "bitfinex trades (tardis sample)",
    venue: "bitfinex",
    file: "tardis-spot-v2.ndjson",
    // The snapshot on subscribe is history: dig3 and tardis skip it, and ccxt, which takes a snapshot only from a
    // two-element frame, reads this SEQ_ALL-stamped one as an update and appends an empty trade.
    keep: isBitfinexChannel("trades", true),
    adapter: bitfinex,
    account: "spot",
    tardis: { exchange: "bitfinex", normalizers: ["trades"] },
    ccxt: SAMPLE_CCXT,
  },
];
