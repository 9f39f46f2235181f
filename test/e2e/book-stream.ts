// Replays the book events a CLI run printed (NDJSON) the way a consumer would: a snapshot first, levels applied in
// order, the book never crossed; each venue's sequence rule is checked by the callback it passes in.

import { expect } from "bun:test";

export interface BookStep {
  /** `seq` of the previous book event (the snapshot's for the first delta after it). */
  lastSeq: number;
  /** True for the first delta after a snapshot. */
  afterSnapshot: boolean;
  /** How many deltas have been seen so far, this one included (0 for a snapshot). */
  deltas: number;
}

export function replayBookStream(
  events: Record<string, unknown>[],
  checkChain: (book: Record<string, unknown>, step: BookStep) => void = () => {},
): { snapshots: number; deltas: number } {
  const books = events.filter((event) => event.kind === "book");
  expect(books[0]).toMatchObject({ type: "snapshot" });
  const bids = new Map<number, number>();
  const asks = new Map<number, number>();
  let lastSeq = 0;
  let afterSnapshot = false;
  let snapshots = 0;
  let deltas = 0;
  for (const book of books) {
    if (book.type === "snapshot") {
      snapshots++;
      bids.clear();
      asks.clear();
      checkChain(book, { lastSeq, afterSnapshot: false, deltas: 0 });
      afterSnapshot = true;
    } else {
      deltas++;
      checkChain(book, { lastSeq, afterSnapshot, deltas });
      afterSnapshot = false;
    }
    lastSeq = book.seq as number;
    for (const [price, size] of book.bids as [number, number][])
      size === 0 ? bids.delete(price) : bids.set(price, size);
    for (const [price, size] of book.asks as [number, number][])
      size === 0 ? asks.delete(price) : asks.set(price, size);
    expect(Math.max(...bids.keys())).toBeLessThan(Math.min(...asks.keys()));
  }
  return { snapshots, deltas };
}
