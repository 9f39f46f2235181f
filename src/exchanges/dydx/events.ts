// The trade events both dYdX read paths build (parse.ts's JSON.parse path, fast-path.ts's walk): one object literal
// per event, and the canonical symbol of a ticker.

import type { LiquidationEvent, MarketDataEvent, Side, TradeEvent } from "../../core/index.ts";
import type { ParseContext } from "../_shared/adapter.ts";
import { canonicalOfDydx } from "./symbols.ts";

/** Every v4 market is linear; a connection of another account (recordings without a URL) still names it so. */
export function symbolOfTicker(ticker: string, context: ParseContext): string {
  return context.account === "linear" ? context.symbolOf(ticker) : canonicalOfDydx(ticker);
}

/**
 * One fill's events, as object literals (a spread of a shared base per event cost a tenth of the decode): the
 * trade, and for a LIQUIDATED fill a liquidation (its taker is the liquidated account: its order side is the
 * liquidation side).
 */
export function pushTrade(
  events: MarketDataEvent[],
  symbol: string,
  tsMs: number,
  price: number,
  size: number,
  side: Side,
  tradeId: string,
  isLiquidation: boolean,
  context: ParseContext,
): void {
  const trade: TradeEvent = {
    exchange: context.exchange,
    account: "linear",
    symbol,
    tsMs,
    recvTsUs: context.recvTsUs,
    kind: "trade",
    price,
    size,
    side,
    tradeId,
  };
  events.push(trade);
  if (!isLiquidation) return;
  const liquidation: LiquidationEvent = {
    exchange: context.exchange,
    account: "linear",
    symbol,
    tsMs,
    recvTsUs: context.recvTsUs,
    kind: "liquidation",
    side,
    price,
    size,
    value: price * size,
  };
  events.push(liquidation);
}
