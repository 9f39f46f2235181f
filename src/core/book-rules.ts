// Book sync rules a venue declares and the book tracker enforces: where the snapshot comes from, how a delta
// chains to the previous one, how the first delta bridges a REST snapshot, and the venue's checksum (if any).

import type { Level } from "./events.ts";

/**
 * How consecutive deltas chain (after the first one):
 * - `first-follows-last`: `firstSeq == previous seq + 1` (Binance spot `U`/`u`, Gate, KuCoin, MEXC versions);
 * - `prev-equals-last`: `prevSeq == previous seq` (Binance futures `pu`, OKX `prevSeqId`, Deribit, HTX, Crypto.com);
 * - `seq-increments`: `seq == previous seq + 1` (Kraken Futures, Bitfinex);
 * - `none`: the venue gives nothing to check (continuity then rests on the socket and the checksum).
 */
export type SequenceChain = "first-follows-last" | "prev-equals-last" | "seq-increments" | "none";

/**
 * How the first delta after a snapshot with id S is accepted (deltas with `seq <= S` are stale and dropped first):
 * - `first-le-next`: `firstSeq <= S + 1 <= seq` (Binance spot);
 * - `first-le-snapshot`: `firstSeq <= S <= seq` (Binance futures);
 * - `chain`: the first delta must chain to S by the venue's chain rule (OKX, Deribit, HTX);
 * - `any`: the first delta after the snapshot is taken as is.
 */
export type SnapshotBridge = "first-le-next" | "first-le-snapshot" | "chain" | "any";

/** A read-only view of the sorted book, for checksum functions. Levels keep the venue text where the adapter kept it. */
export interface BookView {
  /** Best first (highest bid first). */
  bids(depth: number): Level[];
  /** Best first (lowest ask first). */
  asks(depth: number): Level[];
}

export interface BookRules {
  /** `rest`: fetch a REST snapshot and bridge the socket's deltas to it; `stream`: the socket sends the snapshot. */
  snapshotFrom: "rest" | "stream";
  /** Depth asked of the REST snapshot. */
  restDepth?: number;
  chain: SequenceChain;
  bridge: SnapshotBridge;
  /** Computes the venue's checksum of the book after an update, to compare with `BookEvent.checksum`. */
  checksumOf?: (book: BookView) => number;
  /** Deltas buffered while waiting for the snapshot before the tracker gives up and resyncs. */
  maxBufferedDeltas?: number;
  /**
   * Levels a side the venue maintains: after every update the book is cut to this depth, because the venue does
   * not send removals for levels pushed out of it (Kraken spot: "truncate the book to the subscribed depth").
   */
  maxDepth?: number;
}
