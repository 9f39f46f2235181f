// L2 book state: full depth, sorted price levels per side (bids high→low, asks low→high), binary-search updates.
// Levels keep the venue text where the adapter kept it, so checksum functions can hash exactly what was sent.

import type { BookView, Level } from "../core/index.ts";

/** One side of the book: prices sorted best first, with their levels in the same order. */
interface BookSide {
  /** Sorted best first: descending for bids, ascending for asks. */
  prices: number[];
  levels: Level[];
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

function createSide(descending: boolean): BookSide {
  return { prices: [], levels: [], descending };
}

/** Index of `price` in the side, or the insertion point as `-(index + 1)`. */
function findIndex(side: BookSide, price: number): number {
  const { prices, descending } = side;
  let lo = 0;
  let hi = prices.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    const at = prices[mid]!;
    if (at === price) return mid;
    const before = descending ? at > price : at < price;
    if (before) lo = mid + 1;
    else hi = mid - 1;
  }
  return -(lo + 1);
}

function setLevel(side: BookSide, level: Level): void {
  const price = level[0];
  const index = findIndex(side, price);
  if (level[1] === 0) {
    if (index >= 0) {
      side.prices.splice(index, 1);
      side.levels.splice(index, 1);
    }
    return;
  }
  if (index >= 0) {
    side.levels[index] = level;
    return;
  }
  const at = -index - 1;
  if (at === side.prices.length) {
    side.prices.push(price);
    side.levels.push(level);
  } else {
    side.prices.splice(at, 0, price);
    side.levels.splice(at, 0, level);
  }
}

function fillSide(side: BookSide, levels: readonly Level[]): void {
  const kept = levels.filter((level) => level[1] > 0 && Number.isFinite(level[0]));
  kept.sort(side.descending ? (a, b) => b[0] - a[0] : (a, b) => a[0] - b[0]);
  side.prices = [];
  side.levels = [];
  for (const level of kept) {
    // Venues occasionally repeat a price within one snapshot; the last one wins, as with updates.
    const last = side.prices.length - 1;
    if (last >= 0 && side.prices[last] === level[0]) {
      side.levels[last] = level;
      continue;
    }
    side.prices.push(level[0]);
    side.levels.push(level);
  }
}

export function createL2Book(): L2Book {
  const bidSide = createSide(true);
  const askSide = createSide(false);
  return {
    replace(bids, asks) {
      fillSide(bidSide, bids);
      fillSide(askSide, asks);
    },
    update(bids, asks) {
      for (const level of bids) setLevel(bidSide, level);
      for (const level of asks) setLevel(askSide, level);
    },
    clear() {
      fillSide(bidSide, []);
      fillSide(askSide, []);
    },
    truncate(depth) {
      for (const side of [bidSide, askSide]) {
        if (side.prices.length <= depth) continue;
        side.prices.length = depth;
        side.levels.length = depth;
      }
    },
    bids(depth) {
      return bidSide.levels.slice(0, depth);
    },
    asks(depth) {
      return askSide.levels.slice(0, depth);
    },
    bestBid() {
      return bidSide.levels[0];
    },
    bestAsk() {
      return askSide.levels[0];
    },
    isCrossed() {
      const bid = bidSide.prices[0];
      const ask = askSide.prices[0];
      return bid !== undefined && ask !== undefined && bid >= ask;
    },
    get bidCount() {
      return bidSide.prices.length;
    },
    get askCount() {
      return askSide.prices.length;
    },
  };
}
