// Stream kinds (what a consumer subscribes to) and the capability model: per venue, per account, per stream,
// supported (over the socket or by REST polling), wire-absent (the venue lacks it) or not-implemented (our to-do).

import type { Account } from "./accounts.ts";
import { Dig3Error } from "./errors.ts";

export const STREAM_KINDS = [
  "trade",
  "agg_trade",
  "book",
  "kline",
  "ticker",
  "mark_price",
  "funding_rate",
  "open_interest",
  "liquidation",
] as const;
export type StreamKind = (typeof STREAM_KINDS)[number];

/** CLI and config names for stream kinds (`dig3 watch orderbook …`). */
export const STREAM_ALIASES: Readonly<Record<string, StreamKind>> = {
  trades: "trade",
  trade: "trade",
  "agg-trades": "agg_trade",
  agg_trades: "agg_trade",
  agg_trade: "agg_trade",
  orderbook: "book",
  book: "book",
  kline: "kline",
  klines: "kline",
  ticker: "ticker",
  mark: "mark_price",
  mark_price: "mark_price",
  funding: "funding_rate",
  funding_rate: "funding_rate",
  "open-interest": "open_interest",
  open_interest: "open_interest",
  liquidations: "liquidation",
  liquidation: "liquidation",
};

export function parseStreamKind(text: string): StreamKind {
  const kind = STREAM_ALIASES[text.trim().toLowerCase()];
  if (!kind) {
    throw new Dig3Error("E_UNKNOWN_STREAM", `unknown stream '${text}'`, {
      hint: `use one of: ${[...new Set(Object.keys(STREAM_ALIASES).filter((k) => k.includes("-") || !k.includes("_")))].join(", ")}`,
    });
  }
  return kind;
}

export type StreamSupport =
  | {
      status: "supported";
      /** `ws`: pushed over the socket; `rest-poll`: the venue only offers it over REST, dig3 polls it. */
      via: "ws" | "rest-poll";
      pollEveryMs?: number;
      note?: string;
    }
  | { status: "wire-absent"; reason: string; alternative?: string }
  | { status: "not-implemented"; note?: string };

export type StreamTable = Partial<Record<StreamKind, StreamSupport>>;

/** One subscription as the hub and the adapters see it: a stream of one symbol on one account. */
export interface StreamSpec {
  kind: StreamKind;
  account: Account;
  /** Canonical symbol (`BTC/USDT`, `BTC/USDT:USDT`). */
  symbol: string;
  /** Venue-native symbol (`BTCUSDT`), resolved by the venue's symbol table. */
  native: string;
  /** Kline interval, canonical (`1m`). */
  interval?: string;
  /** Book depth wanted, when the venue offers a choice. */
  depth?: number;
}

/** A stable key for routing events to subscribers: one per (kind, account, symbol, interval). */
export function streamKeyOf(kind: StreamKind, account: Account, symbol: string, interval?: string): string {
  return interval ? `${kind}|${account}|${symbol}|${interval}` : `${kind}|${account}|${symbol}`;
}

export function wireAbsent(reason: string, alternative?: string): StreamSupport {
  return alternative ? { status: "wire-absent", reason, alternative } : { status: "wire-absent", reason };
}

export function notImplemented(note?: string): StreamSupport {
  return note ? { status: "not-implemented", note } : { status: "not-implemented" };
}

export const viaWs: StreamSupport = { status: "supported", via: "ws" };

export function viaRestPoll(pollEveryMs: number, note?: string): StreamSupport {
  return note
    ? { status: "supported", via: "rest-poll", pollEveryMs, note }
    : { status: "supported", via: "rest-poll", pollEveryMs };
}

/** Turns a non-supported capability into the error a subscribe call raises. */
export function supportError(
  exchange: string,
  account: Account,
  kind: StreamKind,
  support: StreamSupport | undefined,
): Dig3Error | undefined {
  const what = `${exchange} ${account} ${kind}`;
  if (!support) {
    return new Dig3Error("E_WIRE_ABSENT", `${what}: not offered by the venue`, {
      hint: `see 'dig3 capabilities ${exchange}'`,
    });
  }
  if (support.status === "wire-absent") {
    return new Dig3Error("E_WIRE_ABSENT", `${what}: ${support.reason}`, {
      hint: support.alternative ?? `see 'dig3 capabilities ${exchange}'`,
    });
  }
  if (support.status === "not-implemented") {
    return new Dig3Error(
      "E_NOT_IMPLEMENTED",
      `${what}: not implemented in dig3 yet${support.note ? ` (${support.note})` : ""}`,
      {
        hint: `see 'dig3 capabilities ${exchange}'`,
      },
    );
  }
  return undefined;
}
