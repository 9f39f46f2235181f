// Kraken Futures events both readers build (the JSON.parse path in parse.ts, the matched walks in fast-path.ts):
// what a product id says (account, canonical symbol), worked out once per id, and the book and trade event literals.

import type { Account, BookEvent, Level, LiquidationEvent, MarketDataEvent } from "../../../core/index.ts";
import type { ParseContext } from "../../_shared/adapter.ts";
import { tradeEventAt } from "../../_shared/event-base.ts";
import { accountOfProduct, canonicalOfNative } from "../symbols.ts";

/**
 * What a product id says by itself, worked out once per id text (upper-casing and the product pattern cost more than
 * the rest of a book delta): the upper-case native, the account its prefix names (undefined for other shapes) and
 * the canonical symbol the naming rules give on that account.
 */
export interface ProductName {
  /** The id as sent. */
  id: string;
  native: string;
  account: Account | undefined;
  canonical: string | undefined;
}

/** Product names by the id text as sent; a socket carries a few dozen ids, so the bound is only a guard. */
const productNames = new Map<string, ProductName>();
export const MAX_PRODUCT_NAMES = 4_096;

export function productNameOf(id: string): ProductName {
  let name = productNames.get(id);
  if (name === undefined) {
    const native = id.toUpperCase();
    const account = accountOfProduct(native);
    const canonical = account === undefined ? undefined : canonicalOfNative(native, account);
    name = { id, native, account, canonical };
    if (productNames.size >= MAX_PRODUCT_NAMES) productNames.clear();
    productNames.set(id, name);
  }
  return name;
}

/**
 * The canonical symbol of a product on `account` (its own, else the socket's): the hub's, when the account is the
 * socket's and the hub knows it, else the naming rules', else the native id.
 */
export function symbolOfProduct(name: ProductName, account: Account, context: ParseContext): string {
  const native = name.native;
  const fromHub = account === context.account ? context.symbolOf(native) : native;
  if (fromHub !== native) return fromHub;
  const canonical = name.account !== undefined ? name.canonical : canonicalOfNative(native, account);
  return canonical ?? native;
}

/** A `product_id` value → its name; undefined for anything but a non-empty string. */
export function productNameOfValue(value: unknown): ProductName | undefined {
  return typeof value === "string" && value.length > 0 ? productNameOf(value) : undefined;
}

/** A delta's one level, on its side. */
export function bookDeltaOf(
  context: ParseContext,
  name: ProductName,
  tsMs: number,
  side: "buy" | "sell",
  price: number,
  size: number,
  seq: number,
): BookEvent {
  const level: Level = [price, size];
  const bids: Level[] = side === "buy" ? [level] : [];
  const asks: Level[] = side === "sell" ? [level] : [];
  return bookEventOf(context, name, tsMs, "delta", bids, asks, seq);
}

/** One object literal per book event (no spread of a base: a tenth of a delta's time), keys in one order. */
export function bookEventOf(
  context: ParseContext,
  name: ProductName,
  tsMs: number,
  type: "snapshot" | "delta",
  bids: Level[],
  asks: Level[],
  seq: number,
): BookEvent {
  const account = name.account ?? context.account;
  return {
    kind: "book",
    exchange: context.exchange,
    account,
    symbol: symbolOfProduct(name, account, context),
    tsMs,
    recvTsUs: context.recvTsUs,
    type,
    bids,
    asks,
    seq,
  };
}

/**
 * A book trade's events (`fill`, `liquidation`: the prints that hit the book): the trade, and a liquidation print
 * also as a liquidation. Each is one object literal, keys in one order per kind.
 */
export function bookTradeEventsOf(
  context: ParseContext,
  name: ProductName,
  tsMs: number,
  price: number,
  size: number,
  side: "buy" | "sell",
  tradeId: string,
  isLiquidation: boolean,
): MarketDataEvent[] {
  const exchange = context.exchange;
  const account = name.account ?? context.account;
  const symbol = symbolOfProduct(name, account, context);
  const recvTsUs = context.recvTsUs;
  const trade = tradeEventAt(context, account, symbol, tsMs, price, size, side, tradeId);
  if (!isLiquidation) return [trade];
  // The liquidated position's order is the taker, so the taker side is the liquidation order's side. Inverse sizes
  // are USD contracts: price × size is no value in any one currency.
  const liquidation: LiquidationEvent =
    account === "linear"
      ? {
          kind: "liquidation",
          exchange,
          account,
          symbol,
          tsMs,
          recvTsUs,
          side,
          price,
          size,
          value: price * size,
        }
      : { kind: "liquidation", exchange, account, symbol, tsMs, recvTsUs, side, price, size };
  return [trade, liquidation];
}
