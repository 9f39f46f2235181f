// The uncrossing shadow book of one v4_orderbook subscription (in ParseContext.session). Per the docs, message order is
// the logical clock: each level keeps the time of the message that last set it, and while the book is crossed the
// older crossing level is removed (a size-0 level joins the emitted update). Docs: https://docs.dydx.exchange/guides/how_to_uncross_orderbook

import type { Level } from "../../core/index.ts";

interface ShadowLevel {
  price: number;
  size: number;
  /** Logical time (per-connection counter, one tick per applied message) of the last change to this level. */
  tick: number;
}

export interface DydxShadowBook {
  bids: Map<number, ShadowLevel>;
  asks: Map<number, ShadowLevel>;
}

const CLOCK_KEY = "dydx|clock";

/** The next logical time of this connection: message order, which the docs call the logical timestamp. */
export function nextTick(session: Map<string, unknown>): number {
  const tick = ((session.get(CLOCK_KEY) as number | undefined) ?? 0) + 1;
  session.set(CLOCK_KEY, tick);
  return tick;
}

export function shadowOf(session: Map<string, unknown>, ticker: string): DydxShadowBook | undefined {
  return session.get(`dydx|book|${ticker}`) as DydxShadowBook | undefined;
}

export function resetShadow(session: Map<string, unknown>, ticker: string): DydxShadowBook {
  const book: DydxShadowBook = { bids: new Map(), asks: new Map() };
  session.set(`dydx|book|${ticker}`, book);
  return book;
}

export function applyLevels(side: Map<number, ShadowLevel>, levels: readonly Level[], tick: number): void {
  for (const [price, size] of levels) {
    if (size === 0) side.delete(price);
    else side.set(price, { price, size, tick });
  }
}

function bestOf(side: Map<number, ShadowLevel>, highest: boolean): ShadowLevel | undefined {
  let best: ShadowLevel | undefined;
  for (const level of side.values()) {
    if (!best || (highest ? level.price > best.price : level.price < best.price)) best = level;
  }
  return best;
}

/** Sets or replaces the emitted level at `price` (an update lists each price once, the last word wins). */
function putLevel(levels: Level[], price: number, size: number): void {
  const at = levels.findIndex((level) => level[0] === price);
  if (at >= 0) levels[at] = [price, size];
  else levels.push([price, size]);
}

/**
 * Removes the older side of every crossing (best bid >= best ask) and records the removals in `bids`/`asks` (the
 * levels about to be emitted). Levels set by the same message (a crossed snapshot or update) cannot be ordered by
 * message order: they are left crossed, for the tracker to resync. Returns how many levels were dropped.
 */
export function uncross(book: DydxShadowBook, bids: Level[], asks: Level[]): number {
  let dropped = 0;
  for (;;) {
    const bid = bestOf(book.bids, true);
    const ask = bestOf(book.asks, false);
    if (!bid || !ask || bid.price < ask.price || bid.tick === ask.tick) return dropped;
    if (bid.tick < ask.tick) {
      book.bids.delete(bid.price);
      putLevel(bids, bid.price, 0);
    } else {
      book.asks.delete(ask.price);
      putLevel(asks, ask.price, 0);
    }
    dropped += 1;
  }
}
