// The shadow book (sorted sides, best first) against the plainest reading of the uncrossing rule: a map by price
// scanned for the best level of each side after every update. Random snapshots (in order, reversed, with repeated
// prices and size-0 rows) and updates (crossing ones included) must leave the same book and emit the same levels.

import { describe, expect, test } from "bun:test";
import { createRandom } from "../../../test/reliability/mutate.ts";
import type { Level } from "../../core/index.ts";
import {
  applyLevels,
  type DydxShadowBook,
  nextTick,
  resetShadow,
  shadowBooksOf,
  shadowOf,
  uncross,
} from "./book.ts";

interface ReferenceLevel {
  price: number;
  size: number;
  tick: number;
}

/** The reference: each side a Map by price; the best found by a scan every time. */
class ReferenceBook {
  bids = new Map<number, ReferenceLevel>();
  asks = new Map<number, ReferenceLevel>();

  apply(side: Map<number, ReferenceLevel>, levels: readonly Level[], tick: number): void {
    for (const [price, size] of levels) {
      if (size === 0) side.delete(price);
      else side.set(price, { price, size, tick });
    }
  }

  uncross(bids: Level[], asks: Level[]): number {
    let dropped = 0;
    for (;;) {
      const bid = bestOf(this.bids, true);
      const ask = bestOf(this.asks, false);
      if (!bid || !ask || bid.price < ask.price || bid.tick === ask.tick) return dropped;
      if (bid.tick < ask.tick) {
        this.bids.delete(bid.price);
        putLevel(bids, bid.price, 0);
      } else {
        this.asks.delete(ask.price);
        putLevel(asks, ask.price, 0);
      }
      dropped += 1;
    }
  }

  /** Best first, as [price, size, tick]. */
  sideOf(highest: boolean): number[][] {
    const levels = [...(highest ? this.bids : this.asks).values()].map((l) => [l.price, l.size, l.tick]);
    return levels.sort((a, b) => (highest ? b[0]! - a[0]! : a[0]! - b[0]!));
  }
}

function bestOf(side: Map<number, ReferenceLevel>, highest: boolean): ReferenceLevel | undefined {
  let best: ReferenceLevel | undefined;
  for (const level of side.values()) {
    if (!best || (highest ? level.price > best.price : level.price < best.price)) best = level;
  }
  return best;
}

function putLevel(levels: Level[], price: number, size: number): void {
  const at = levels.findIndex((level) => level[0] === price);
  if (at >= 0) levels[at] = [price, size];
  else levels.push([price, size]);
}

function sideOf(book: DydxShadowBook, highest: boolean): number[][] {
  return (highest ? book.bids : book.asks).levels.map((l) => [l.price, l.size, l.tick]);
}

/** A seeded generator of numbers in [0, 1), so a failure names a case that can be run again. */
const randomOf = (seed: number): (() => number) => createRandom(seed).next;

describe("shadow book", () => {
  test("random snapshots and updates: the same book, the same emitted levels, as the map-and-scan reference", () => {
    for (let seed = 1; seed <= 20; seed++) {
      const random = randomOf(seed);
      const books = shadowBooksOf(new Map());
      let reference = new ReferenceBook();
      // Prices on a grid of 40 around 100, so that levels repeat, cross and empty out.
      const price = () => 80 + Math.floor(random() * 40);
      const size = () => (random() < 0.25 ? 0 : Math.floor(random() * 9) + 1);
      const levels = (count: number): Level[] => Array.from({ length: count }, () => [price(), size()]);
      let dropped = 0;
      for (let step = 0; step < 2_000; step++) {
        if (step === 0 || random() < 0.03) {
          // A snapshot: bids below 100, asks above, best first, sometimes shuffled, repeated or crossed.
          const bids: Level[] = Array.from({ length: Math.floor(random() * 15) }, (_, i) => [
            99 - i,
            size() || 1,
          ]);
          const asks: Level[] = Array.from({ length: Math.floor(random() * 15) }, (_, i) => [
            101 + i,
            size() || 1,
          ]);
          if (random() < 0.3) bids.reverse();
          if (random() < 0.3) asks.push(...levels(3));
          const book = resetShadow(books, "BTC-USD");
          const tick = nextTick(books);
          applyLevels(book.bids, bids, tick);
          applyLevels(book.asks, asks, tick);
          reference = new ReferenceBook();
          reference.apply(reference.bids, bids, tick);
          reference.apply(reference.asks, asks, tick);
        } else {
          const bids = levels(Math.floor(random() * 4));
          const asks = levels(Math.floor(random() * 4));
          const expectedBids = bids.map((level) => [...level] as Level);
          const expectedAsks = asks.map((level) => [...level] as Level);
          const book = shadowOf(books, "BTC-USD")!;
          const tick = nextTick(books);
          applyLevels(book.bids, bids, tick);
          applyLevels(book.asks, asks, tick);
          reference.apply(reference.bids, expectedBids, tick);
          reference.apply(reference.asks, expectedAsks, tick);
          const removed = uncross(book, bids, asks);
          expect(removed).toBe(reference.uncross(expectedBids, expectedAsks));
          expect(bids).toEqual(expectedBids);
          expect(asks).toEqual(expectedAsks);
          dropped += removed;
        }
        const book = shadowOf(books, "BTC-USD")!;
        expect(sideOf(book, true)).toEqual(reference.sideOf(true));
        expect(sideOf(book, false)).toEqual(reference.sideOf(false));
      }
      // The walk did cross the book.
      expect(dropped).toBeGreaterThan(0);
    }
  });
});
