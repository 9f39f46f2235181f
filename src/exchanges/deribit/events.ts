// The market of a Deribit instrument name, and the book and liquidation events both paths build (the JSON.parse
// path in parse.ts, the whole-frame readers in fast-path.ts), so that both build them alike.

import type {
  Account,
  BookEvent,
  Level,
  LiquidationEvent,
  MarketDataEvent,
  Side,
  TradeEvent,
} from "../../core/index.ts";
import type { ParseContext } from "../_shared/adapter.ts";
import { describeDeribitNative } from "./symbols.ts";

export type Market = Readonly<{ account: Account; symbol: string }>;

/** How many instrument names `describedOf` remembers (Deribit lists a few thousand options); cleared when full. */
const DESCRIBED_NAMES = 8_192;

/** What each instrument name says about its market (null: nothing), read once per name rather than per event. */
const describedByNative = new Map<string, Market | null>();

function describedOf(native: string): Market | null {
  let described = describedByNative.get(native);
  if (described === undefined) {
    described = describeDeribitNative(native) ?? null;
    if (describedByNative.size >= DESCRIBED_NAMES) describedByNative.clear();
    describedByNative.set(native, described);
  }
  return described;
}

/**
 * The market and canonical symbol of an instrument. Deribit serves every market on one socket and its names say
 * which market they are, so the name decides; the context's account only covers names outside the plain forms.
 */
export function marketOf(native: string, context: ParseContext): Market {
  const described = describedOf(native);
  if (described === null || described.account === context.account) {
    return { account: context.account, symbol: context.symbolOf(native) };
  }
  return described;
}

// Hot events are object literals with their keys in one order per kind (base fields, the event's own, then each
// optional field that holds a value), not a spread base: the spread (`copyDataProperties`) was 4–9 % of the decode.

export function bookEventOf(
  context: ParseContext,
  native: string,
  tsMs: number,
  isSnapshot: boolean,
  bids: Level[],
  asks: Level[],
  seq: number,
  prevSeq: number | undefined,
): BookEvent {
  const { account, symbol } = marketOf(native, context);
  const event: BookEvent = {
    kind: "book",
    exchange: context.exchange,
    account,
    symbol,
    tsMs,
    recvTsUs: context.recvTsUs,
    type: isSnapshot ? "snapshot" : "delta",
    bids,
    asks,
    seq,
  };
  // A snapshot's prev_change_id (sometimes sent) chains to nothing the client holds.
  if (!isSnapshot && prevSeq !== undefined) event.prevSeq = prevSeq;
  return event;
}

function opposite(side: Side): Side {
  return side === "buy" ? "sell" : "buy";
}

/**
 * A trade's liquidation flag → the liquidated orders, pushed after the trade. `direction` is the taker's: "T"
 * (taker liquidated) is an order on the taker's side, "M" (maker liquidated) one on the other side, "MT" one of each.
 */
export function pushLiquidations(events: MarketDataEvent[], trade: TradeEvent, flag: unknown): void {
  if (flag === "T" || flag === "MT") events.push(liquidationOf(trade, trade.side));
  if (flag === "M" || flag === "MT") events.push(liquidationOf(trade, opposite(trade.side)));
}

function liquidationOf(trade: TradeEvent, side: Side): LiquidationEvent {
  const liquidation: LiquidationEvent = {
    kind: "liquidation",
    exchange: trade.exchange,
    account: trade.account,
    symbol: trade.symbol,
    tsMs: trade.tsMs,
    recvTsUs: trade.recvTsUs,
    side,
    price: trade.price,
    size: trade.size,
  };
  const value = notionalOf(trade.account, trade.price, trade.size);
  if (value !== undefined) liquidation.value = value;
  return liquidation;
}

/**
 * Value in the quote currency: inverse amounts are already USD; linear and spot amounts are coins; option prices are
 * premiums in the settlement coin, so an option's price × amount is no notional and is left out.
 */
function notionalOf(account: Account, price: number, amount: number): number | undefined {
  if (account === "inverse") return amount;
  if (account === "option") return undefined;
  return price * amount;
}
