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

/**
 * One side's levels, best first (bids by falling price, asks by rising price; one level a price): uncrossing looks
 * at the top of both sides after every update, which a sorted array answers at once, where a map by price needed a
 * scan of the side. A price is found by binary search; a level added or removed moves the ones after it (a native
 * splice, cheap at the depth the indexer sends).
 */
export interface ShadowSide {
  levels: ShadowLevel[];
  /** Bids: the highest price is best; asks: the lowest. */
  highest: boolean;
}

export interface DydxShadowBook {
  bids: ShadowSide;
  asks: ShadowSide;
}

/** The shadow books of a connection and its logical clock, one session entry for all. */
export interface DydxShadowBooks {
  /** The last logical time given out: message order, which the docs call the logical timestamp. */
  tick: number;
  byTicker: Map<string, DydxShadowBook>;
}

const BOOKS_KEY = "dydx|books";

export function shadowBooksOf(session: Map<string, unknown>): DydxShadowBooks {
  let books = session.get(BOOKS_KEY) as DydxShadowBooks | undefined;
  if (!books) {
    books = { tick: 0, byTicker: new Map() };
    session.set(BOOKS_KEY, books);
  }
  return books;
}

/** The next logical time of this connection. */
export function nextTick(books: DydxShadowBooks): number {
  books.tick += 1;
  return books.tick;
}

export function shadowOf(books: DydxShadowBooks, ticker: string): DydxShadowBook | undefined {
  return books.byTicker.get(ticker);
}

/** An empty book for `ticker` (its snapshot is about to be applied), replacing the one it had. */
export function resetShadow(books: DydxShadowBooks, ticker: string): DydxShadowBook {
  const book = books.byTicker.get(ticker);
  if (book !== undefined) {
    book.bids.levels = [];
    book.asks.levels = [];
    return book;
  }
  const fresh: DydxShadowBook = { bids: { levels: [], highest: true }, asks: { levels: [], highest: false } };
  books.byTicker.set(ticker, fresh);
  return fresh;
}

/** Whether `price` comes before `than` on the side (is better). */
function isBefore(side: ShadowSide, price: number, than: number): boolean {
  return side.highest ? price > than : price < than;
}

/** Where `price` is on the side, or where it would go: the first level not before it. */
function indexOf(side: ShadowSide, price: number): number {
  const levels = side.levels;
  let low = 0;
  let high = levels.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (isBefore(side, levels[middle]!.price, price)) low = middle + 1;
    else high = middle;
  }
  return low;
}

/** Sets the levels of one message (size 0 removes), each stamped with its logical time. */
export function applyLevels(side: ShadowSide, levels: readonly Level[], tick: number): void {
  const shadow = side.levels;
  if (shadow.length === 0 && levels.length > 1) {
    fillSide(side, levels, tick);
    return;
  }
  for (let i = 0; i < levels.length; i++) {
    const level = levels[i]!;
    const price = level[0];
    const size = level[1];
    const at = indexOf(side, price);
    const known = shadow[at];
    const isKnown = known !== undefined && known.price === price;
    if (size === 0) {
      if (isKnown) shadow.splice(at, 1);
    } else if (isKnown) {
      known.price = price;
      known.size = size;
      known.tick = tick;
    } else if (at === shadow.length) {
      // Past the last level (a new side's first, a new worst): a push, where a splice costs several times more.
      shadow.push({ price, size, tick });
    } else {
      shadow.splice(at, 0, { price, size, tick });
    }
  }
}

/**
 * A whole side onto an empty one (a snapshot): best first as the indexer sends it, taken in one pass; in any other
 * order, sorted once (stable, so that of one price the last row is the one kept, as row-by-row application keeps it).
 */
function fillSide(side: ShadowSide, levels: readonly Level[], tick: number): void {
  const rows: ShadowLevel[] = [];
  for (let i = 0; i < levels.length; i++) {
    const level = levels[i]!;
    rows.push({ price: level[0], size: level[1], tick });
  }
  if (isBestFirst(side, levels)) {
    side.levels = rows;
    return;
  }
  rows.sort(side.highest ? (a, b) => b.price - a.price : (a, b) => a.price - b.price);
  const shadow = side.levels;
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i]!;
    // The last row of a price says its size; size 0 leaves it out.
    if (i + 1 < rows.length && rows[i + 1]!.price === row.price) continue;
    if (row.size !== 0) shadow.push(row);
  }
}

/** Prices strictly best first and no size 0 (so no price twice and nothing to remove). */
function isBestFirst(side: ShadowSide, levels: readonly Level[]): boolean {
  for (let i = 0; i < levels.length; i++) {
    if (levels[i]![1] === 0) return false;
    if (i > 0 && !isBefore(side, levels[i - 1]![0], levels[i]![0])) return false;
  }
  return true;
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
    const bid = book.bids.levels[0];
    const ask = book.asks.levels[0];
    if (!bid || !ask || bid.price < ask.price || bid.tick === ask.tick) return dropped;
    if (bid.tick < ask.tick) {
      book.bids.levels.shift();
      putLevel(bids, bid.price, 0);
    } else {
      book.asks.levels.shift();
      putLevel(asks, ask.price, 0);
    }
    dropped += 1;
  }
}
