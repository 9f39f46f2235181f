// L2 book state: full depth, sorted price levels per side (bids high→low, asks low→high), binary-search updates.
// Levels keep the venue text where the adapter kept it, so checksum functions can hash exactly what was sent.

import type { BookView, Level } from "../core/index.ts";

/**
 * One side of the book: prices sorted best first in `[head, tail)` of fixed-capacity buffers with free room at both
 * ends. Most changes land near the best price or near the far end of a venue's depth window, so an insert or a
 * removal shifts whichever part of the side is shorter: few levels move, instead of the whole side.
 */
export interface BookSide {
  /** Prices at `[head, tail)`, sorted best first: descending for bids, ascending for asks. */
  prices: Float64Array;
  /** The level of each price, same slots; `undefined` outside `[head, tail)`. */
  levels: (Level | undefined)[];
  head: number;
  tail: number;
  descending: boolean;
}

export interface L2Book extends BookView {
  /** Replaces the whole book. Levels with size <= 0 are ignored. */
  replace(bids: readonly Level[], asks: readonly Level[]): void;
  /** Applies a delta: size 0 removes the level, any other size sets it. */
  update(bids: readonly Level[], asks: readonly Level[]): void;
  clear(): void;
  /** Keeps the best `depth` levels a side and drops the rest. */
  truncate(depth: number): void;
  bestBid(): Level | undefined;
  bestAsk(): Level | undefined;
  /** True when the best bid is at or above the best ask. */
  isCrossed(): boolean;
  readonly bidCount: number;
  readonly askCount: number;
}

/** Least slots a side allocates, so small books do not reallocate on their first changes. */
const MIN_CAPACITY_LEVELS = 32;
/** Shifts up to this many levels run as a plain loop; longer ones as `copyWithin` (a memmove, but a costlier call). */
const LOOP_SHIFT_LEVELS = 24;

function createSide(descending: boolean): BookSide {
  return { prices: new Float64Array(0), levels: [], head: 0, tail: 0, descending };
}

/** Fresh buffers holding `kept` (sorted best first) centred, with room for as many levels again. */
function placeCentred(side: BookSide, kept: readonly Level[]): void {
  const count = kept.length;
  const capacity = Math.max(MIN_CAPACITY_LEVELS, count * 2);
  const head = (capacity - count) >> 1;
  const prices = new Float64Array(capacity);
  const levels = new Array<Level | undefined>(capacity).fill(undefined);
  for (let i = 0; i < count; i++) {
    const level = kept[i]!;
    prices[head + i] = level[0];
    levels[head + i] = level;
  }
  side.prices = prices;
  side.levels = levels;
  side.head = head;
  side.tail = head + count;
}

/** Index of `price` in the side, or the insertion point as `-(index + 1)`. */
function findIndex(side: BookSide, price: number): number {
  const prices = side.prices;
  let lo = side.head;
  let hi = side.tail - 1;
  if (side.descending) {
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      const at = prices[mid]!;
      if (at === price) return mid;
      if (at > price) lo = mid + 1;
      else hi = mid - 1;
    }
  } else {
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      const at = prices[mid]!;
      if (at === price) return mid;
      if (at < price) lo = mid + 1;
      else hi = mid - 1;
    }
  }
  return -(lo + 1);
}

/** Moves the slots `[from, to)` one place up (`by` 1) or down (`by` -1). */
function shiftSlots(side: BookSide, from: number, to: number, by: 1 | -1): void {
  const { prices, levels } = side;
  if (to - from > LOOP_SHIFT_LEVELS) {
    prices.copyWithin(from + by, from, to);
    levels.copyWithin(from + by, from, to);
    return;
  }
  if (by === 1) {
    for (let i = to; i > from; i--) {
      prices[i] = prices[i - 1]!;
      levels[i] = levels[i - 1];
    }
  } else {
    for (let i = from - 1; i < to - 1; i++) {
      prices[i] = prices[i + 1]!;
      levels[i] = levels[i + 1];
    }
  }
}

function removeAt(side: BookSide, index: number): void {
  if (index - side.head < side.tail - index) {
    shiftSlots(side, side.head, index, 1);
    side.levels[side.head] = undefined;
    side.head++;
  } else {
    shiftSlots(side, index + 1, side.tail, -1);
    side.tail--;
    side.levels[side.tail] = undefined;
  }
}

/** Inserts before slot `at` (`at` may equal `tail`), shifting the shorter part of the side. */
function insertAt(side: BookSide, at: number, level: Level): void {
  const towardHead = at - side.head < side.tail - at;
  if (towardHead ? side.head === 0 : side.tail === side.levels.length) {
    const offset = at - side.head;
    placeCentred(side, side.levels.slice(side.head, side.tail) as Level[]);
    at = side.head + offset;
  }
  let slot = at;
  if (towardHead) {
    shiftSlots(side, side.head, at, -1);
    side.head--;
    slot = at - 1;
  } else {
    shiftSlots(side, at, side.tail, 1);
    side.tail++;
  }
  side.prices[slot] = level[0];
  side.levels[slot] = level;
}

function setLevel(side: BookSide, level: Level): void {
  const index = findIndex(side, level[0]);
  if (level[1] === 0) {
    if (index >= 0) removeAt(side, index);
    return;
  }
  if (index >= 0) side.levels[index] = level;
  else insertAt(side, -index - 1, level);
}

function fillSide(side: BookSide, levels: readonly Level[]): void {
  const kept = levels.filter((level) => level[1] > 0 && Number.isFinite(level[0]));
  kept.sort(side.descending ? (a, b) => b[0] - a[0] : (a, b) => a[0] - b[0]);
  const unique: Level[] = [];
  for (const level of kept) {
    // Venues occasionally repeat a price within one snapshot; the last one wins, as with updates.
    const last = unique.length - 1;
    if (last >= 0 && unique[last]![0] === level[0]) unique[last] = level;
    else unique.push(level);
  }
  placeCentred(side, unique);
}

/** The end `Array.prototype.slice(0, depth)` would use on `count` items (negative depths count from the end). */
function endOf(depth: number, count: number): number {
  const whole = Math.trunc(depth);
  if (Number.isNaN(whole)) return 0;
  return whole < 0 ? Math.max(count + whole, 0) : Math.min(whole, count);
}

/** Best-first levels of a side, at most `depth` of them (a fresh array the caller may keep). */
function topOf(side: BookSide, depth: number): Level[] {
  return side.levels.slice(side.head, side.head + endOf(depth, side.tail - side.head)) as Level[];
}

function truncateSide(side: BookSide, depth: number): void {
  const end = side.head + Math.max(0, depth);
  if (side.tail <= end) return;
  for (let i = end; i < side.tail; i++) side.levels[i] = undefined;
  side.tail = end;
}

/** Applies one side's changes of a delta: size 0 removes the level, any other size sets it. */
export function updateSide(side: BookSide, levels: readonly Level[]): void {
  for (let i = 0; i < levels.length; i++) setLevel(side, levels[i]!);
}

/** True when the best bid is at or above the best ask. */
export function sidesCrossed(bidSide: BookSide, askSide: BookSide): boolean {
  return (
    bidSide.head < bidSide.tail &&
    askSide.head < askSide.tail &&
    bidSide.prices[bidSide.head]! >= askSide.prices[askSide.head]!
  );
}

/**
 * A book with its two sides, for this layer's sync: it updates and checks the sides by the functions above, without a
 * call through the book's methods on every delta. Not exported by the layer's index.
 */
export interface L2BookParts {
  book: L2Book;
  bidSide: BookSide;
  askSide: BookSide;
}

export function createL2Book(): L2Book {
  return createL2BookParts().book;
}

export function createL2BookParts(): L2BookParts {
  const bidSide = createSide(true);
  const askSide = createSide(false);
  const book: L2Book = {
    replace(bids, asks) {
      fillSide(bidSide, bids);
      fillSide(askSide, asks);
    },
    update(bids, asks) {
      updateSide(bidSide, bids);
      updateSide(askSide, asks);
    },
    clear() {
      fillSide(bidSide, []);
      fillSide(askSide, []);
    },
    truncate(depth) {
      truncateSide(bidSide, depth);
      truncateSide(askSide, depth);
    },
    bids(depth) {
      return topOf(bidSide, depth);
    },
    asks(depth) {
      return topOf(askSide, depth);
    },
    bestBid() {
      return bidSide.head < bidSide.tail ? bidSide.levels[bidSide.head] : undefined;
    },
    bestAsk() {
      return askSide.head < askSide.tail ? askSide.levels[askSide.head] : undefined;
    },
    isCrossed() {
      return sidesCrossed(bidSide, askSide);
    },
    get bidCount() {
      return bidSide.tail - bidSide.head;
    },
    get askCount() {
      return askSide.tail - askSide.head;
    },
  };
  return { book, bidSide, askSide };
}
