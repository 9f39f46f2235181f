// The interleaved-levels CRC32 (OKX, Bitget) against Bun's CRC32 of the joined text, over books that change the way
// venue books do: sizes changed in place, levels added and removed at the top and deep down, snapshots replacing all.

import { describe, expect, test } from "bun:test";
import { createRandom } from "../../../test/reliability/mutate.ts";
import type { Level } from "../../core/index.ts";
import { interleavedLevelsCrc32 } from "./book-checksum.ts";

/** The checksum as the venues define it: the texts joined with `:`, bid and ask interleaved, then CRC32, signed. */
function joinedCrc(bids: readonly Level[], asks: readonly Level[], depth: number): number {
  const parts: string[] = [];
  for (let i = 0; i < depth; i++) {
    const bid = bids[i];
    if (bid) parts.push(bid[2] ?? String(bid[0]), bid[3] ?? String(bid[1]));
    const ask = asks[i];
    if (ask) parts.push(ask[2] ?? String(ask[0]), ask[3] ?? String(ask[1]));
  }
  return Bun.hash.crc32(parts.join(":")) | 0;
}

/** A seeded generator of numbers in [0, 1), so a failure names a case that can be run again. */
const randomOf = (seed: number): (() => number) => createRandom(seed).next;

/** A book as the L2 book keeps one: sorted sides whose levels are replaced, never changed in place. */
function createTestBook(random: () => number) {
  const bids: Level[] = [];
  const asks: Level[] = [];
  const levelOf = (price: number): Level => {
    const size = Math.floor(random() * 1e6) / 1e4;
    // Texts of several lengths, some with trailing zeros, some absent (the number's own text is hashed).
    if (random() < 0.05) return [price, size];
    return [price, size, price.toFixed(1), size.toFixed(random() < 0.5 ? 4 : 8)];
  };
  const setLevel = (side: Level[], descending: boolean, price: number, remove: boolean) => {
    let at = side.findIndex((level) => (descending ? level[0] <= price : level[0] >= price));
    if (at < 0) at = side.length;
    const same = side[at]?.[0] === price;
    if (remove) {
      if (same) side.splice(at, 1);
    } else side.splice(at, same ? 1 : 0, levelOf(price));
  };
  return {
    view: { bids: (depth: number) => bids.slice(0, depth), asks: (depth: number) => asks.slice(0, depth) },
    bids,
    asks,
    snapshot(count: number) {
      bids.length = 0;
      asks.length = 0;
      for (let i = 0; i < count; i++) {
        bids.push(levelOf(1000 - i / 10));
        asks.push(levelOf(1000.1 + i / 10));
      }
    },
    /** One update: a few changes, mostly near the top. */
    update() {
      const changes = 1 + Math.floor(random() * 6);
      for (let c = 0; c < changes; c++) {
        const isBid = random() < 0.5;
        const depth = Math.floor(random() < 0.8 ? random() * 30 : random() * 200);
        const price = isBid ? 1000 - depth / 10 : 1000.1 + depth / 10;
        setLevel(isBid ? bids : asks, isBid, Math.round(price * 10) / 10, random() < 0.3);
      }
    },
  };
}

describe("interleavedLevelsCrc32", () => {
  test("equals the CRC32 of the joined text over 3000 random updates and snapshots of two books", () => {
    const random = randomOf(20261124);
    const books = [createTestBook(random), createTestBook(random)];
    for (const book of books) book.snapshot(100);
    for (let step = 0; step < 3000; step++) {
      const book = books[step % 2]!;
      if (random() < 0.01) book.snapshot(Math.floor(random() * 40));
      else book.update();
      expect(interleavedLevelsCrc32(book.view, 25)).toBe(joinedCrc(book.bids, book.asks, 25));
    }
  });

  test("an empty book is the CRC32 of no text; one side alone; another depth on the same book", () => {
    const book = createTestBook(randomOf(7));
    expect(interleavedLevelsCrc32(book.view, 25)).toBe(0);
    book.snapshot(30);
    book.asks.length = 0;
    expect(interleavedLevelsCrc32(book.view, 25)).toBe(joinedCrc(book.bids, [], 25));
    expect(interleavedLevelsCrc32(book.view, 5)).toBe(joinedCrc(book.bids, [], 5));
    expect(interleavedLevelsCrc32(book.view, 25)).toBe(joinedCrc(book.bids, [], 25));
  });

  test("a text that is not ASCII hashes as UTF-8, and the next check of the book is right again", () => {
    const book = createTestBook(randomOf(11));
    book.snapshot(30);
    expect(interleavedLevelsCrc32(book.view, 25)).toBe(joinedCrc(book.bids, book.asks, 25));
    book.asks[3] = [book.asks[3]![0], 1, book.asks[3]![2], "1é"];
    expect(interleavedLevelsCrc32(book.view, 25)).toBe(joinedCrc(book.bids, book.asks, 25));
    book.asks[3] = [book.asks[3]![0], 1, book.asks[3]![2], "1"];
    book.update();
    expect(interleavedLevelsCrc32(book.view, 25)).toBe(joinedCrc(book.bids, book.asks, 25));
  });
});
