// The snapshot-anchor rule of order-book day files, shared by whoever writes or replays them (station, tools): a
// snapshot writes an empty delta (`seq` = the snapshot's sequence, no first/prev seq, no checksum) into
// `orderbook_deltas`; the k-th anchor of a day marks where the k-th snapshot of that day applies.

import type { BookRecord } from "./book.ts";
import { readBlobPointer } from "./blob.ts";
import { readColumn } from "./columns.ts";
import type { AnyRecordDef } from "./define.ts";

/** True when an anchor record rather than a venue delta. */
export function isSnapshotAnchor(record: {
  bids: readonly unknown[];
  asks: readonly unknown[];
  firstSeq: number | undefined;
  prevSeq: number | undefined;
}): boolean {
  return (
    record.bids.length === 0 &&
    record.asks.length === 0 &&
    record.firstSeq === undefined &&
    record.prevSeq === undefined
  );
}

/** Anchors in a deltas `.dat`, from the headers alone (0 for layouts without update ids). */
export function countSnapshotAnchors(dat: Uint8Array, def: AnyRecordDef): number {
  if (def.blobPointerOffset === undefined || !def.fields.some((field) => field.name === "firstSeq")) return 0;
  const firstSeq = readColumn(dat, def, "firstSeq");
  const prevSeq = readColumn(dat, def, "prevSeq");
  const view = new DataView(dat.buffer, dat.byteOffset, dat.byteLength);
  let anchors = 0;
  for (let i = 0; i < firstSeq.length; i++) {
    if (!Number.isNaN(firstSeq[i]!) || !Number.isNaN(prevSeq[i]!)) continue;
    // An empty two-sided payload is 8 bytes (two zero counts); 0 is a header-only record.
    if (readBlobPointer(view, i * def.size + def.blobPointerOffset).lengthBytes <= 8) anchors++;
  }
  return anchors;
}

/**
 * One day of a book in replay order. With anchors: the deltas in file order, each anchor replaced by the next
 * snapshot (given the anchor's sequence, which the snapshot header cannot hold); snapshots without an anchor are
 * dropped. Without anchors (files written by the Rust dig3): snapshots and deltas merged by time, a snapshot first
 * on equal times.
 */
export function* sequenceBookDay(
  deltas: Iterable<BookRecord>,
  snapshots: Iterable<BookRecord>,
  hasAnchors: boolean,
): Generator<BookRecord> {
  const pending = snapshots[Symbol.iterator]();
  if (hasAnchors) {
    for (const delta of deltas) {
      if (!isSnapshotAnchor(delta)) {
        yield delta;
        continue;
      }
      const next = pending.next();
      if (!next.done) yield { ...next.value, type: "snapshot", seq: delta.seq };
    }
    return;
  }
  let snapshot = pending.next();
  for (const delta of deltas) {
    while (!snapshot.done && snapshot.value.tsMs <= delta.tsMs) {
      yield snapshot.value;
      snapshot = pending.next();
    }
    yield delta;
  }
  while (!snapshot.done) {
    yield snapshot.value;
    snapshot = pending.next();
  }
}
