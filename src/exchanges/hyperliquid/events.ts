// The HyperLiquid events both paths build (the JSON.parse path in parse.ts, the in-place readers in fast-path.ts):
// what a coin name says by itself, worked out once per name, and the book and trade events of a coin.

import type { Account, BookEvent, Level, Side, TradeEvent } from "../../core/index.ts";
import type { ParseContext } from "../_shared/adapter.ts";
import { tradeEventAt } from "../_shared/event-base.ts";
import { marketOfCoin } from "./symbols.ts";

/**
 * What a coin name says by itself, worked out once per name (the market patterns cost more than the rest of a
 * trade): the market the name belongs to (undefined for names outside both forms) and the symbol it has there when
 * that is not the connection's account.
 */
export interface CoinName {
  coin: string;
  market: Account | undefined;
  /** A perpetual seen on a spot connection (recordings without a URL): its name is its symbol's base. */
  offSymbol: string;
}

/** Coin names by the name as sent; a socket carries a few hundred coins at most, so the bound is only a guard. */
const coinNames = new Map<string, CoinName>();
export const MAX_COIN_NAMES = 4_096;

export function coinNameOf(coin: string): CoinName {
  let name = coinNames.get(coin);
  if (name === undefined) {
    const market = marketOfCoin(coin);
    name = { coin, market, offSymbol: market === "linear" ? `${coin.toUpperCase()}/USDC:USDC` : coin };
    if (coinNames.size >= MAX_COIN_NAMES) coinNames.clear();
    coinNames.set(coin, name);
  }
  return name;
}

/** The canonical symbol of a coin on `account`, its market's or else the connection's. */
export function symbolOfCoin(name: CoinName, account: Account, context: ParseContext): string {
  return account === context.account ? context.symbolOf(name.coin) : name.offSymbol;
}

/** One object literal per book event (no spread of a base: a tenth of a push's time), keys in one order. */
export function bookEventOf(
  name: CoinName,
  tsMs: number,
  bids: Level[],
  asks: Level[],
  context: ParseContext,
): BookEvent {
  const account = name.market ?? context.account;
  return {
    kind: "book",
    exchange: context.exchange,
    account,
    symbol: symbolOfCoin(name, account, context),
    tsMs,
    recvTsUs: context.recvTsUs,
    type: "snapshot",
    bids,
    asks,
  };
}

/** A trade of a coin, on the coin's own market where it names one (spot `@…` pairs), else the context's account. */
export function coinTradeOf(
  name: CoinName,
  tsMs: number,
  price: number,
  size: number,
  side: Side,
  tradeId: string,
  context: ParseContext,
): TradeEvent {
  const account = name.market ?? context.account;
  return tradeEventAt(
    context,
    account,
    symbolOfCoin(name, account, context),
    tsMs,
    price,
    size,
    side,
    tradeId,
  );
}
