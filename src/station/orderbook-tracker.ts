// Order book tracker: drives one symbol's book sync with its snapshot source (REST fetch, or the venue's own
// snapshot on resubscribe), verifies every update, and turns failures into `book_resync` plus a fresh snapshot
// for that symbol alone. Consumers only ever see book events that chain from a trusted snapshot.

import { type BookSync, createBookSync } from "../book/index.ts";
import {
  type BookEvent,
  type BookResyncEvent,
  type BookRules,
  type MarketEvent,
  nowUs,
  type StreamSpec,
  sleepMs,
} from "../core/index.ts";

export interface TrackerOptions {
  exchange: string;
  spec: StreamSpec;
  rules: BookRules;
  /** REST snapshot (used when `rules.snapshotFrom === "rest"`). */
  fetchSnapshot(): Promise<BookEvent>;
  /** Asks the venue for a new snapshot by resubscribing (used when the snapshot comes from the stream). */
  resubscribe(): void;
  emit(event: MarketEvent): void;
  onSnapshotError?(error: Error, attempt: number): void;
  /** Wait before refetching after a failed bridge or a REST error; doubles up to 10 s. */
  retryBaseMs?: number;
}

export interface OrderbookTracker {
  /** Feed every event of the book stream (book events and the hub's `reconnect`). */
  onEvent(event: MarketEvent): void;
  /** Drops the book and waits for a new snapshot; the caller resubscribes (e.g. a silent stream). */
  resync(reason: string, tsMs?: number): void;
  close(): void;
  readonly sync: BookSync;
  readonly resyncs: number;
}

export function createOrderbookTracker(options: TrackerOptions): OrderbookTracker {
  const { rules, spec } = options;
  const sync = createBookSync(rules);
  const retryBaseMs = options.retryBaseMs ?? 250;
  const abort = new AbortController();
  let generation = 0;
  let fetching = false;
  let failures = 0;
  let resyncs = 0;

  function emitResync(reason: string, tsMs: number): void {
    resyncs++;
    const event: BookResyncEvent = {
      kind: "book_resync",
      exchange: options.exchange,
      account: spec.account,
      symbol: spec.symbol,
      tsMs,
      recvTsUs: nowUs(),
      reason,
    };
    options.emit(event);
  }

  function feed(event: BookEvent): void {
    const verdict = sync.onEvent(event);
    if (verdict.action === "emit") {
      failures = 0;
      for (const out of verdict.events) options.emit(out);
      return;
    }
    if (verdict.action === "resync") restart(verdict.reason, event.tsMs);
    else if (verdict.action === "waiting" && rules.snapshotFrom === "rest") void requestSnapshot();
  }

  function restart(reason: string, tsMs: number): void {
    emitResync(reason, tsMs);
    sync.reset();
    generation++;
    failures++;
    if (rules.snapshotFrom === "stream") options.resubscribe();
    // REST venues fetch again once the next delta is buffered, so that the snapshot can bridge to it.
  }

  async function requestSnapshot(): Promise<void> {
    if (fetching || abort.signal.aborted) return;
    fetching = true;
    const mine = generation;
    try {
      if (failures > 0) await sleepMs(Math.min(10_000, retryBaseMs * 2 ** (failures - 1)), abort.signal);
      while (!abort.signal.aborted && mine === generation) {
        try {
          const snapshot = await options.fetchSnapshot();
          if (abort.signal.aborted || mine !== generation) return;
          // The venue's own full snapshot (Gate.io `full: true`) arrived on the stream during the fetch and the
          // book is already trusted: the REST one is older than what was applied since, and would undo it.
          if (sync.state !== "awaiting-snapshot") return;
          feed(snapshot);
          return;
        } catch (error) {
          failures++;
          options.onSnapshotError?.(error as Error, failures);
          await sleepMs(Math.min(10_000, retryBaseMs * 2 ** (failures - 1)), abort.signal);
        }
      }
    } finally {
      fetching = false;
      // A resync during the fetch left deltas waiting for a snapshot of the new generation.
      if (!abort.signal.aborted && mine !== generation && sync.state === "awaiting-snapshot")
        void requestSnapshot();
    }
  }

  return {
    onEvent(event) {
      if (event.kind === "book") {
        feed(event);
        return;
      }
      if (event.kind === "reconnect") {
        options.emit(event);
        // Updates were lost while the socket was down: the book must be rebuilt from a new snapshot.
        if (sync.state !== "awaiting-snapshot") {
          emitResync(`reconnected after ${event.upAtMs - event.downSinceMs} ms down`, event.tsMs);
          sync.reset();
          generation++;
        }
        return;
      }
      options.emit(event);
    },
    resync(reason, tsMs = Date.now()) {
      if (sync.state === "awaiting-snapshot") return;
      emitResync(reason, tsMs);
      sync.reset();
      // The caller resubscribes (a stream-snapshot venue sends its snapshot on the new subscription).
      generation++;
    },
    close() {
      abort.abort();
    },
    sync,
    get resyncs() {
      return resyncs;
    },
  };
}
