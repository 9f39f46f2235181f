// The Lighter events both paths build (the JSON.parse path in parse.ts, the in-place readers in fast-path.ts), each
// one object literal with its keys in one order.

import type { LiquidationEvent, Side } from "../../core/index.ts";
import type { ParseContext } from "../_shared/adapter.ts";

/** A liquidation print: the liquidated account takes liquidity, so the order's side is the taker's. */
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
