// KuCoin's book deltas and epoch times, built alike by the JSON.parse path (parse.ts) and the whole-frame readers
// (fast-path.ts).

import type { BookEvent, Level } from "../../core/index.ts";
import type { ParseContext } from "../_shared/adapter.ts";

/** `msOfEpoch` of digit text (at least one digit, nothing else). */
export function msOfDigits(text: string): number {
  const length = text.length;
  if (length >= 18) return Number(text.slice(0, -6));
  if (length >= 15) return Number(text.slice(0, -3));
  if (length >= 12) return Number(text);
  return Number(text) * 1000;
}

/** `msOfEpoch` of a number. */
export function msOfEpochNumber(n: number): number {
  if (!Number.isFinite(n) || n <= 0) return Number.NaN;
  if (n >= 1e17) return Math.floor(n / 1e6 + 1e-3);
  if (n >= 1e14) return Math.floor(n / 1e3 + 1e-6);
  if (n >= 1e11) return Math.floor(n);
  return n * 1000;
}

/** A book delta about `native` on the context's account. */
export function deltaOf(
  native: string,
  tsMs: number,
  bids: Level[],
  asks: Level[],
  seq: number,
  firstSeq: number,
  context: ParseContext,
): BookEvent {
  return {
    kind: "book",
    exchange: context.exchange,
    account: context.account,
    symbol: context.symbolOf(native),
    tsMs,
    recvTsUs: context.recvTsUs,
    type: "delta",
    bids,
    asks,
    seq,
    firstSeq,
  };
}

/** A futures change as a one-level delta (none for price 0, which only moves the sequence). */
export function futuresDeltaOf(
  native: string,
  tsMs: number,
  price: number,
  side: "buy" | "sell",
  size: number,
  seq: number,
  context: ParseContext,
): BookEvent {
  const level: Level[] = price > 0 ? [[price, size]] : [];
  return deltaOf(native, tsMs, side === "buy" ? level : [], side === "sell" ? level : [], seq, seq, context);
}
