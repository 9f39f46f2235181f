// The fields every parser stamps on an event, socket frame or REST body alike: the base of an event about a venue
// instrument on the context's account, and the receive time in ms for values the venue does not stamp.

import type { Account, EventBase, LiquidationEvent, Side, TradeEvent } from "../../core/index.ts";
import type { ParseContext } from "./adapter.ts";

/** The event fields of a row about `native`, on the account of the context (the socket's or the request's). */
export function eventBaseOf(context: ParseContext, native: string, tsMs: number): EventBase {
  return {
    exchange: context.exchange,
    account: context.account,
    symbol: context.symbolOf(native),
    tsMs,
    recvTsUs: context.recvTsUs,
  };
}

/**
 * A trade about `native` on the context's account, as one object literal: hot parsers build it per trade, where a
 * spread of `eventBaseOf` costs a tenth of a frame's decode time.
 */
export function tradeEventOf(
  context: ParseContext,
  native: string,
  tsMs: number,
  price: number,
  size: number,
  side: Side,
  tradeId: string,
): TradeEvent {
  return {
    kind: "trade",
    exchange: context.exchange,
    account: context.account,
    symbol: context.symbolOf(native),
    tsMs,
    recvTsUs: context.recvTsUs,
    price,
    size,
    side,
    tradeId,
  };
}

/**
 * A trade on an account and canonical symbol the parser resolved itself (venues whose one socket serves several
 * accounts, or that name instruments their own way), as one object literal in `tradeEventOf`'s key order.
 */
export function tradeEventAt(
  context: ParseContext,
  account: Account,
  symbol: string,
  tsMs: number,
  price: number,
  size: number,
  side: Side,
  tradeId: string,
): TradeEvent {
  return {
    kind: "trade",
    exchange: context.exchange,
    account,
    symbol,
    tsMs,
    recvTsUs: context.recvTsUs,
    price,
    size,
    side,
    tradeId,
  };
}

/**
 * A liquidation about `native` on the context's account, as one object literal in `tradeEventOf`'s key order; `value`
 * (the notional) where the venue's sizes give one.
 */
export function liquidationEventOf(
  context: ParseContext,
  native: string,
  tsMs: number,
  side: Side,
  price: number,
  size: number,
  value: number | undefined,
): LiquidationEvent {
  const event: LiquidationEvent = {
    kind: "liquidation",
    exchange: context.exchange,
    account: context.account,
    symbol: context.symbolOf(native),
    tsMs,
    recvTsUs: context.recvTsUs,
    side,
    price,
    size,
  };
  if (value !== undefined) event.value = value;
  return event;
}

/** The receive time in ms, the time of values the venue does not stamp. */
export function recvMsOf(context: ParseContext): number {
  return Math.floor(context.recvTsUs / 1000);
}
