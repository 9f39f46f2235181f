// Deribit inputs: decode of API v2 `book.{instrument}.raw` (each option's snapshot, then changes chained by
// prev_change_id; verbatim session) and `trades.{instrument}.raw` (tardis sample: the session saw no option trade).

import { deribit } from "../../src/exchanges/deribit/index.ts";
import type { BookInput } from "../book-input.ts";
import type { DecodeInput } from "../decode-input.ts";
import type { CcxtMarketSpec, CcxtSpec } from "../peers/ccxt.ts";

/** Deribit subscription notifications of one channel (`book`, `trades` …), not RPC answers or heartbeats. */
function isDeribitChannel(channel: string): (message: unknown) => boolean {
  return (message) => {
    const push = message as { method?: unknown; params?: { channel?: unknown } };
    const name = push.params?.channel;
    return push.method === "subscription" && typeof name === "string" && name.split(".")[0] === channel;
  };
}

/**
 * A coin-settled option as ccxt's `fetchMarkets` lists it (`BTC/USD:BTC-210924-8000-P`): the symbol names the expiry,
 * strike and type, so each option keeps a book of its own.
 */
function inverseOption(id: string): CcxtMarketSpec {
  const [base, day, strike, letter] = id.split("-") as [string, string, string, string];
  return {
    id,
    base,
    quote: "USD",
    settle: base,
    inverse: true,
    type: "option",
    extra: { symbol: `${base}/USD:${base}-${expiryOf(day)}-${strike}-${letter}` },
  };
}

const MONTHS = ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"];

/** Deribit's `24SEP21` → ccxt's `210924`. */
function expiryOf(day: string): string {
  const match = /^(\d{1,2})([A-Z]{3})(\d{2})$/.exec(day);
  if (!match) throw new Error(`bench: not a Deribit expiry: ${day}`);
  const month = MONTHS.indexOf(match[2]!) + 1;
  return `${match[3]}${String(month).padStart(2, "0")}${match[1]!.padStart(2, "0")}`;
}

const WS_URL = "wss://www.deribit.com/ws/api/v2";

const SESSION_CCXT: CcxtSpec = {
  exchange: "deribit",
  url: WS_URL,
  markets: [
    "BTC-24SEP21-34000-P",
    "BTC-24SEP21-8000-P",
    "BTC-31DEC21-300000-C",
    "ETH-27AUG21-4000-P",
    "ETH-30JUL21-2800-C",
  ].map(inverseOption),
};

const SAMPLE_CCXT: CcxtSpec = {
  exchange: "deribit",
  url: WS_URL,
  markets: [
    { id: "BTC-PERPETUAL", base: "BTC", quote: "USD", settle: "BTC", inverse: true, contractSize: 10 },
  ],
};

export const DERIBIT_INPUTS: DecodeInput[] = [
  {
    name: "deribit option book",
    venue: "deribit",
    file: "v2-options-book-ticker.ndjson",
    // Each option's `snapshot` precedes its `change`s in the recording: ccxt builds its book from it.
    keep: isDeribitChannel("book"),
    adapter: deribit,
    account: "option",
    tardis: { exchange: "deribit", normalizers: ["bookChanges"] },
    ccxt: SESSION_CCXT,
    ccxtNote: "ccxt also applies each update to its book",
  },
  {
    name: "deribit trades (tardis sample)",
    venue: "deribit",
    file: "tardis-v2.ndjson",
    keep: isDeribitChannel("trades"),
    adapter: deribit,
    account: "inverse",
    tardis: { exchange: "deribit", normalizers: ["trades"] },
    ccxt: SAMPLE_CCXT,
  },
];

export const DERIBIT_BOOK_INPUTS: BookInput[] = [
  {
    name: "deribit option book (change_id checks on)",
    venue: "deribit",
    file: "v2-options-book-ticker.ndjson",
    keep: isDeribitChannel("book"),
    adapter: deribit,
    account: "option",
    tardis: "deribit",
    isSnapshot: (message) =>
      (message as { params?: { data?: { type?: unknown } } }).params?.data?.type === "snapshot",
  },
];
