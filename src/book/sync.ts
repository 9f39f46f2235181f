// Book sync state machine (pure): buffers deltas until a snapshot, bridges the snapshot to the stream by the
// venue's rules, then checks sequence continuity, crossing and the venue checksum on every update.
// It never emits a book it does not trust; the caller resyncs (new snapshot) when it says so.

import type { BookEvent, BookRules } from "../core/index.ts";
import { createL2BookParts, type L2Book, sidesCrossed, updateSide } from "./l2-book.ts";

export type SyncVerdict =
  /** Nothing to emit yet: buffered until the snapshot, or dropped before the venue's snapshot arrived. */
  | { action: "waiting" }
  /** Validated events to pass on in order (after a (re)sync the snapshot comes first). */
  | { action: "emit"; events: BookEvent[] }
  /** Older than the book: dropped. */
  | { action: "stale" }
  /** The book cannot be trusted any more: the caller emits `book_resync`, calls `reset()` and gets a new snapshot. */
  | { action: "resync"; reason: string };

export type SyncState = "awaiting-snapshot" | "bridging" | "live";

export interface SyncStats {
  applied: number;
  stale: number;
  resyncs: number;
  checksumsVerified: number;
}

export interface BookSync {
  /**
   * The verdict on one event. A delta's `emit` verdict is the sync's own object, reused by the next call (one
   * allocation less on every update, 12 of 68 ns an update): take its events before calling again.
   */
  onEvent(event: BookEvent): SyncVerdict;
  /** Back to waiting for a snapshot; the book and the buffer are dropped. */
  reset(): void;
  readonly state: SyncState;
  readonly book: L2Book;
  readonly lastSeq: number | undefined;
  readonly stats: SyncStats;
}

const DEFAULT_MAX_BUFFERED = 20_000;

const WAITING: SyncVerdict = Object.freeze({ action: "waiting" });
const STALE: SyncVerdict = Object.freeze({ action: "stale" });

/** The chain rules as small integers, read once per sync (a string compare per delta costs more). */
const CHAIN_FIRST_FOLLOWS_LAST = 0;
const CHAIN_PREV_EQUALS_LAST = 1;
const CHAIN_SEQ_INCREMENTS = 2;
const CHAIN_NONE = 3;

function chainCodeOf(chain: BookRules["chain"]): number {
  switch (chain) {
    case "first-follows-last":
      return CHAIN_FIRST_FOLLOWS_LAST;
    case "prev-equals-last":
      return CHAIN_PREV_EQUALS_LAST;
    case "seq-increments":
      return CHAIN_SEQ_INCREMENTS;
    default:
      return CHAIN_NONE;
  }
}

export function createBookSync(rules: BookRules): BookSync {
  const { book, bidSide, askSide } = createL2BookParts();
  const maxBuffered = rules.maxBufferedDeltas ?? DEFAULT_MAX_BUFFERED;
  // The rules are read once here, not on every event (a sync lives as long as its book; rules are constants).
  const chain = chainCodeOf(rules.chain);
  const bridge = rules.bridge;
  const checksumOf = rules.checksumOf;
  const maxDepth = rules.maxDepth;
  const snapshotFrom = rules.snapshotFrom;
  const stats: SyncStats = { applied: 0, stale: 0, resyncs: 0, checksumsVerified: 0 };
  let state: SyncState = "awaiting-snapshot";
  let lastSeq: number | undefined;
  let buffer: BookEvent[] = [];
  let bufferOverflowed = false;
  /** The verdict of every applied delta: its one event set in place. */
  const emitted: { action: "emit"; events: BookEvent[] } = { action: "emit", events: [] };

  function resync(reason: string): SyncVerdict {
    stats.resyncs++;
    return { action: "resync", reason };
  }

  /** Checks the book after an update: never crossed, and equal to the venue's checksum when one is sent. */
  function verifyBook(event: BookEvent): string | undefined {
    if (sidesCrossed(bidSide, askSide)) {
      return `crossed book after update ${event.seq ?? "?"}: bid ${book.bestBid()?.[0]} >= ask ${book.bestAsk()?.[0]}`;
    }
    if (checksumOf && event.checksum !== undefined) {
      const computed = checksumOf(book);
      if (computed !== event.checksum) {
        return `checksum mismatch after update ${event.seq ?? "?"}: venue ${event.checksum}, book ${computed}`;
      }
      stats.checksumsVerified++;
    }
    return undefined;
  }

  function isStale(event: BookEvent): boolean {
    if (lastSeq === undefined || event.seq === undefined) return false;
    if (state === "bridging" && bridge === "first-le-snapshot") return event.seq < lastSeq;
    if (state === "live" && chain === CHAIN_PREV_EQUALS_LAST) return event.seq < lastSeq;
    return event.seq <= lastSeq;
  }

  /** Whether the first delta after a snapshot with id `lastSeq` joins it without a hole. */
  function bridgeError(event: BookEvent): string | undefined {
    const snapshotSeq = lastSeq;
    if (snapshotSeq === undefined || bridge === "any") return undefined;
    const first = event.firstSeq;
    const last = event.seq;
    if (bridge === "first-le-next") {
      if (first !== undefined && last !== undefined && first <= snapshotSeq + 1 && snapshotSeq + 1 <= last)
        return undefined;
      return `first update [${first}, ${last}] does not cover snapshot ${snapshotSeq} + 1`;
    }
    if (bridge === "first-le-snapshot") {
      if (first !== undefined && last !== undefined && first <= snapshotSeq && snapshotSeq <= last)
        return undefined;
      return `first update [${first}, ${last}] does not cover snapshot ${snapshotSeq}`;
    }
    return chainError(event);
  }

  /** Whether a delta follows the previous one by the venue's chain rule. */
  function chainError(event: BookEvent): string | undefined {
    if (lastSeq === undefined) return undefined;
    switch (chain) {
      case CHAIN_FIRST_FOLLOWS_LAST:
        if (event.firstSeq === undefined || event.firstSeq === lastSeq + 1) return undefined;
        return `sequence gap: expected first ${lastSeq + 1}, got ${event.firstSeq}`;
      case CHAIN_PREV_EQUALS_LAST:
        if (event.prevSeq === undefined || event.prevSeq === lastSeq) return undefined;
        return `sequence gap: previous ${lastSeq}, update says ${event.prevSeq}`;
      case CHAIN_SEQ_INCREMENTS:
        if (event.seq === undefined || event.seq === lastSeq + 1) return undefined;
        return `sequence gap: expected ${lastSeq + 1}, got ${event.seq}`;
      default:
        return undefined;
    }
  }

  function applySnapshot(event: BookEvent): SyncVerdict {
    book.replace(event.bids, event.asks);
    if (maxDepth !== undefined) book.truncate(maxDepth);
    lastSeq = event.seq;
    const problem = verifyBook(event);
    if (problem) return resync(problem);
    stats.applied++;
    const bridged = snapshotFrom === "rest" && lastSeq !== undefined && bridge !== "any";
    state = bridged ? "bridging" : "live";
    const events: BookEvent[] = [event];
    const pending = buffer;
    buffer = [];
    if (bufferOverflowed) {
      bufferOverflowed = false;
      // Deltas were lost while waiting: only a bridge check can tell whether the snapshot is still joinable.
      if (state === "live") return resync(`more than ${maxBuffered} deltas buffered before the snapshot`);
    }
    for (const delta of pending) {
      const verdict = applyDelta(delta);
      if (verdict.action === "resync") return verdict;
      if (verdict.action === "emit") events.push(...verdict.events);
    }
    return { action: "emit", events };
  }

  function applyDelta(event: BookEvent): SyncVerdict {
    if (isStale(event)) {
      stats.stale++;
      return STALE;
    }
    const problem = state === "bridging" ? bridgeError(event) : chainError(event);
    if (problem) return resync(problem);
    return applyUpdate(event);
  }

  /**
   * A delta on a live book (the steady state: every delta but the first after a snapshot), the checks of
   * `applyDelta` in its order, inline: stale, then the chain rule; then the update.
   */
  function applyLive(event: BookEvent): SyncVerdict {
    const seq = event.seq;
    if (lastSeq !== undefined) {
      if (seq !== undefined && (chain === CHAIN_PREV_EQUALS_LAST ? seq < lastSeq : seq <= lastSeq)) {
        stats.stale++;
        return STALE;
      }
      if (chain === CHAIN_SEQ_INCREMENTS) {
        if (seq !== undefined && seq !== lastSeq + 1) return resync(chainError(event)!);
      } else if (chain !== CHAIN_NONE) {
        const problem = chainError(event);
        if (problem) return resync(problem);
      }
    }
    return applyUpdate(event);
  }

  /** The update of a delta that passed its checks, then the book's own checks. */
  function applyUpdate(event: BookEvent): SyncVerdict {
    updateSide(bidSide, event.bids);
    updateSide(askSide, event.asks);
    if (maxDepth !== undefined) book.truncate(maxDepth);
    if (event.seq !== undefined) lastSeq = event.seq;
    state = "live";
    const invalid = verifyBook(event);
    if (invalid) return resync(invalid);
    stats.applied++;
    emitted.events[0] = event;
    return emitted;
  }

  return {
    onEvent(event) {
      if (event.type === "snapshot") return applySnapshot(event);
      if (state === "live") return applyLive(event);
      if (state === "awaiting-snapshot") {
        if (snapshotFrom === "stream") return WAITING;
        buffer.push(event);
        if (buffer.length > maxBuffered) {
          buffer.shift();
          bufferOverflowed = true;
        }
        return WAITING;
      }
      return applyDelta(event);
    },
    reset() {
      state = "awaiting-snapshot";
      lastSeq = undefined;
      buffer = [];
      bufferOverflowed = false;
      book.clear();
    },
    get state() {
      return state;
    },
    book,
    get lastSeq() {
      return lastSeq;
    },
    stats,
  };
}
