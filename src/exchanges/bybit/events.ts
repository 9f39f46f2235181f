// The events Bybit's two frame paths build alike (parse.ts's JSON.parse path and fast-path.ts's whole-frame matches):
// the order book event literal (trades use `_shared/event-base.ts`'s `tradeEventOf`).

import type { BookEvent, Level } from "../../core/index.ts";
import type { ParseContext } from "../_shared/adapter.ts";

export function orderbookEventOf(
  native: string,
  tsMs: number,
  type: "snapshot" | "delta",
  bids: Level[],
  asks: Level[],
  seq: number,
  context: ParseContext,
): BookEvent {
  return {
    kind: "book",
    exchange: context.exchange,
    account: context.account,
    symbol: context.symbolOf(native),
    tsMs,
    recvTsUs: context.recvTsUs,
    type,
    bids,
    asks,
    // `u`, the topic's update id: in sequence, and 1 on the snapshot Bybit sends after a restart.
    seq,
  };
}
