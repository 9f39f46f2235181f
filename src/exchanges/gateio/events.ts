// The events Gate.io's two frame paths build alike (parse.ts's JSON.parse path and fast-path.ts's hot-frame readers)
// and REST: where a contract's events belong (its own futures account, read once per name), Gate's times, and the
// trade and book event literals.

import {
  type Account,
  type BookEvent,
  formatCanonical,
  type Level,
  type Side,
  type TradeEvent,
} from "../../core/index.ts";
import type { ParseContext } from "../_shared/adapter.ts";
import { tradeEventAt } from "../_shared/event-base.ts";
import { toNumber } from "../_shared/values.ts";
import { fromGateNative, futuresAccountOfNative } from "./symbols.ts";

/** A contract's own futures account and its canonical symbol there, from its name alone. */
interface ContractPlace {
  account: "linear" | "inverse";
  symbol: string;
}

/** Contract names seen, with their place (null: no `BASE_QUOTE` name); cleared when full. */
const contractPlaces = new Map<string, ContractPlace | null>();
const CONTRACT_PLACES_MAX = 4_096;

/** The last name looked up, and its place: a push's rows, and a socket's next push, mostly name one contract. */
let lastContract = "";
let lastContractPlace: ContractPlace | null = null;

/** The place `native`'s name implies, read once per name: the regex and upper-casing cost a seventh of a trade. */
function contractPlaceOf(native: string): ContractPlace | null {
  if (native === lastContract) return lastContractPlace;
  let place = contractPlaces.get(native);
  if (place === undefined) {
    const own = futuresAccountOfNative(native);
    const parts = own ? fromGateNative(native, own) : undefined;
    place = own && parts ? { account: own, symbol: formatCanonical(parts) } : null;
    if (contractPlaces.size >= CONTRACT_PLACES_MAX) contractPlaces.clear();
    contractPlaces.set(native, place);
  }
  lastContract = native;
  lastContractPlace = place;
  return place;
}

/**
 * A live socket carries one settle currency, but recorded sessions mix USDT- and BTC-settled contracts on one
 * connection: the place of a contract of the other futures account than the socket's, else undefined.
 */
function foreignPlaceOf(native: string, context: ParseContext): ContractPlace | undefined {
  if (context.account !== "linear" && context.account !== "inverse") return undefined;
  const place = contractPlaceOf(native);
  return place !== null && place.account !== context.account ? place : undefined;
}

/** Where a native's events belong: the context's account, or a contract's own (`foreignPlaceOf`). */
export function placeOf(native: string, context: ParseContext): { account: Account; symbol: string } {
  const foreign = foreignPlaceOf(native, context);
  if (foreign === undefined) return { account: context.account, symbol: context.symbolOf(native) };
  return { account: foreign.account, symbol: foreign.symbol };
}

/** Milliseconds of a Gate time that may be seconds (`1541486601`) or milliseconds (`1541486601123`). */
export function msOfGateTime(value: unknown): number | undefined {
  const n = toNumber(value);
  if (!Number.isFinite(n) || n <= 0) return undefined;
  return n < 1e12 ? Math.round(n * 1000) : Math.floor(n);
}

// Trades and book updates are object literals (base fields first, then the event's own), not a spread base: the
// spread was a tenth of a trade frame's decode time.

/** A trade on the native's place (`placeOf`), as one object literal (`tradeEventAt`). */
export function gateTradeOf(
  native: string,
  tsMs: number,
  price: number,
  size: number,
  side: Side,
  tradeId: string,
  context: ParseContext,
): TradeEvent {
  const foreign = foreignPlaceOf(native, context);
  return foreign === undefined
    ? tradeEventAt(context, context.account, context.symbolOf(native), tsMs, price, size, side, tradeId)
    : tradeEventAt(context, foreign.account, foreign.symbol, tsMs, price, size, side, tradeId);
}

/** A book update: a snapshot (`full`) carries no `firstSeq` key, a delta its `U`. */
export function gateBookOf(
  native: string,
  tsMs: number,
  bids: Level[],
  asks: Level[],
  seq: number,
  firstSeq: number | undefined,
  context: ParseContext,
): BookEvent {
  const foreign = foreignPlaceOf(native, context);
  const account = foreign === undefined ? context.account : foreign.account;
  const symbol = foreign === undefined ? context.symbolOf(native) : foreign.symbol;
  if (firstSeq === undefined) {
    return {
      kind: "book",
      exchange: context.exchange,
      account,
      symbol,
      tsMs,
      recvTsUs: context.recvTsUs,
      type: "snapshot",
      bids,
      asks,
      seq,
    };
  }
  return {
    kind: "book",
    exchange: context.exchange,
    account,
    symbol,
    tsMs,
    recvTsUs: context.recvTsUs,
    type: "delta",
    bids,
    asks,
    seq,
    firstSeq,
  };
}
