// The events Crypto.com's two frame paths build alike (parse.ts's JSON.parse path and fast-path.ts's matched pushes):
// an instrument's market and symbol, read once per name, the book event literal, and trades put oldest first.

import type { Account, BookEvent, Level, TradeEvent } from "../../core/index.ts";
import type { ParseContext } from "../_shared/adapter.ts";
import { describeCryptocomNative } from "./symbols.ts";

/**
 * The market and canonical symbol of an instrument. One Crypto.com socket can carry every market and the name says
 * which market it is, so the name decides; the context's account covers names outside the plain forms.
 */
export function placeOf(native: string, context: ParseContext): Place {
  const described = describedOf(native);
  if (described === null || described.account === context.account) {
    return { account: context.account, symbol: context.symbolOf(native) };
  }
  return described;
}

export type Place = Readonly<{ account: Account; symbol: string }>;

/** How many instrument names `describedOf` remembers (Crypto.com lists a few hundred); cleared when full. */
const DESCRIBED_NAMES = 4_096;

/** What each instrument name says about its market (null: nothing), read once per name rather than per event. */
const describedByNative = new Map<string, Place | null>();

function describedOf(native: string): Place | null {
  let described = describedByNative.get(native);
  if (described === undefined) {
    described = describeCryptocomNative(native) ?? null;
    if (describedByNative.size >= DESCRIBED_NAMES) describedByNative.clear();
    describedByNative.set(native, described);
  }
  return described;
}

// Hot events are object literals with their keys in one order per kind (base fields, the event's own, then each
// optional field that holds a value), not a spread base plus `assignDefined` (the spread was 7 % of the decode).

export function bookEventOf(
  native: string,
  tsMs: number,
  isSnapshot: boolean,
  bids: Level[],
  asks: Level[],
  seq: number | undefined,
  prevSeq: number | undefined,
  context: ParseContext,
): BookEvent {
  const { account, symbol } = placeOf(native, context);
  const type = isSnapshot ? "snapshot" : "delta";
  if (seq === undefined) {
    const event: BookEvent = unstampedBookEventOf(context, account, symbol, tsMs, type, bids, asks);
    if (prevSeq !== undefined) event.prevSeq = prevSeq;
    return event;
  }
  if (prevSeq === undefined) return stampedBookEventOf(context, account, symbol, tsMs, type, bids, asks, seq);
  return chainedBookEventOf(context, account, symbol, tsMs, type, bids, asks, seq, prevSeq);
}

// One builder per shape, each small enough for the compiler to build the event in place (a literal then grown by
// `seq` and `prevSeq` changed its shape twice).

function unstampedBookEventOf(
  context: ParseContext,
  account: Account,
  symbol: string,
  tsMs: number,
  type: "snapshot" | "delta",
  bids: Level[],
  asks: Level[],
): BookEvent {
  return {
    kind: "book",
    exchange: context.exchange,
    account,
    symbol,
    tsMs,
    recvTsUs: context.recvTsUs,
    type,
    bids,
    asks,
  };
}

function stampedBookEventOf(
  context: ParseContext,
  account: Account,
  symbol: string,
  tsMs: number,
  type: "snapshot" | "delta",
  bids: Level[],
  asks: Level[],
  seq: number,
): BookEvent {
  return {
    kind: "book",
    exchange: context.exchange,
    account,
    symbol,
    tsMs,
    recvTsUs: context.recvTsUs,
    type,
    bids,
    asks,
    seq,
  };
}

function chainedBookEventOf(
  context: ParseContext,
  account: Account,
  symbol: string,
  tsMs: number,
  type: "snapshot" | "delta",
  bids: Level[],
  asks: Level[],
  seq: number,
  prevSeq: number,
): BookEvent {
  return {
    kind: "book",
    exchange: context.exchange,
    account,
    symbol,
    tsMs,
    recvTsUs: context.recvTsUs,
    type,
    bids,
    asks,
    seq,
    prevSeq,
  };
}

/**
 * Trades listed newest first → oldest first: reversed in place, then sorted by time (stably) only where a row is out
 * of place, which one pass tells: rows in order (every recorded push) cost no sort and no copy.
 */
export function oldestFirst(trades: TradeEvent[]): TradeEvent[] {
  trades.reverse();
  for (let i = 1; i < trades.length; i++) {
    if (trades[i]!.tsMs < trades[i - 1]!.tsMs) return trades.sort((a, b) => a.tsMs - b.tsMs);
  }
  return trades;
}
