// The fields every parser stamps on an event, socket frame or REST body alike: the base of an event about a venue
// instrument on the context's account, and the receive time in ms for values the venue does not stamp.

import type { EventBase } from "../../core/index.ts";
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

/** The receive time in ms, the time of values the venue does not stamp. */
export function recvMsOf(context: ParseContext): number {
  return Math.floor(context.recvTsUs / 1000);
}
