// Replays the book events a CLI run printed (NDJSON) the way a consumer would: a snapshot first, levels applied in
// order, the book never crossed; each venue's sequence rule is checked by the callback it passes in. The chain rules
// several venues share live here too.

import { expect } from "bun:test";
import type { MarketEvent } from "../../src/core/index.ts";

export interface BookStep {
  /** `seq` of the previous book event (the snapshot's for the first delta after it). */
  lastSeq: number;
  /** True for the first delta after a snapshot. */
  afterSnapshot: boolean;
  /** How many deltas have been seen so far, this one included (0 for a snapshot). */
  deltas: number;
}

/** A venue's sequence rule: called with each book event before its levels are applied. */
export type ChainRule = (book: Record<string, unknown>, step: BookStep) => void;

export function replayBookStream(
  events: Record<string, unknown>[],
  checkChain: ChainRule = () => {},
  options: { maxLevelsPerSide?: number } = {},
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
    if (options.maxLevelsPerSide !== undefined) {
      expect(bids.size).toBeLessThanOrEqual(options.maxLevelsPerSide);
      expect(asks.size).toBeLessThanOrEqual(options.maxLevelsPerSide);
    }
  }
  return { snapshots, deltas };
}

/** After every snapshot each delta names the book event before it (`prevSeq`); a resync restarts the chain. */
export function expectPrevSeqChainAcrossResyncs(events: MarketEvent[]): void {
  let lastSeq: number | undefined;
  for (const event of events) {
    if (event.kind === "book_resync") lastSeq = undefined;
    if (event.kind !== "book") continue;
    if (event.type === "delta") expect(event.prevSeq).toBe(lastSeq!);
    lastSeq = event.seq;
  }
}

/** Chain rule: each delta's seq is the previous book event's + 1. */
export const chainsByPlusOne: ChainRule = (book, { lastSeq }) => {
  if (book.type !== "snapshot") expect(book.seq).toBe(lastSeq + 1);
};

/** Chain rule: each delta names the previous book event's seq as its prevSeq. */
export const chainsByPrevSeq: ChainRule = (book, { lastSeq }) => {
  if (book.type !== "snapshot") expect(book.prevSeq).toBe(lastSeq);
};

/**
 * Chain rule of diff streams bridged to a snapshot: the first delta after a snapshot covers the snapshot's seq + 1,
 * every later one starts right after the previous (firstSeq = previous seq + 1).
 */
export const bridgesThenChains: ChainRule = (book, { lastSeq, afterSnapshot }) => {
  if (book.type === "snapshot") return;
  const firstSeq = book.firstSeq as number;
  if (afterSnapshot) expect(firstSeq <= lastSeq + 1 && lastSeq + 1 <= (book.seq as number)).toBe(true);
  else expect(firstSeq).toBe(lastSeq + 1);
};

/** The rule, and every book event's seq above the one before it (a first snapshot's above 0). */
export function withRisingSeq(rule: ChainRule): ChainRule {
  return (book, step) => {
    rule(book, step);
    expect(book.seq as number).toBeGreaterThan(step.lastSeq);
  };
}
