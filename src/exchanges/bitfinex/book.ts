// Bitfinex book sync rules and the book checksum: the socket sends the snapshot, SEQ_ALL continuity chains the
// updates (see session.ts), and a signed CRC32 over the top 25 levels checks the book after every change.

import type { BookRules, BookView, Level } from "../../core/index.ts";

/** Levels per side the checksum covers. */
export const CHECKSUM_DEPTH = 25;

/** Text of a number as JavaScript writes it, which is how Bitfinex's reference code joins the values. */
function textOf(value: number): string {
  return String(value);
}

/** Price and signed amount of one level: bids positive, asks negative, as on the wire. */
function pushLevel(parts: string[], level: Level, isAsk: boolean): void {
  parts.push(textOf(level[0]), textOf(isAsk ? -level[1] : level[1]));
}

/**
 * The string the checksum hashes: for i in 0..24, bid[i] price and amount, then ask[i] price and amount (skipping a
 * side that has run out), joined by `:`. Docs: "Compile your data sequentially. The calculation will need you to
 * input the 25 highest bids and the 25 lowest asks … [bids[0].id, bids[0].amount, asks[0].id, asks[0].amount, …] …
 * For books with P-precision, replace the ID value with the price." Ask amounts are negative, as sent.
 */
export function checksumTextOf(bids: readonly Level[], asks: readonly Level[]): string {
  const parts: string[] = [];
  for (let i = 0; i < CHECKSUM_DEPTH; i++) {
    const bid = bids[i];
    if (bid) pushLevel(parts, bid, false);
    const ask = asks[i];
    if (ask) pushLevel(parts, ask, true);
  }
  return parts.join(":");
}

/** CRC32 of the text as a signed 32-bit integer ("Checksums will be sent as a signed integer"). */
export function signedCrc32(text: string): number {
  return Bun.hash.crc32(text) | 0;
}

/**
 * The venue checksum of a book. Bitfinex hashes the values as its JavaScript reference code prints them; a JSON
 * number parsed and printed again gives back the same shortest text, so the parsed levels suffice (no venue text
 * needs keeping) — e.g. `0.00005` and `1e-7` survive the round trip unchanged.
 * Docs: https://docs.bitfinex.com/docs/ws-websocket-checksum
 */
export function checksumOfBook(book: BookView): number {
  return signedCrc32(checksumTextOf(book.bids(CHECKSUM_DEPTH), book.asks(CHECKSUM_DEPTH)));
}

/**
 * Bitfinex P0 books, spot and derivatives alike.
 * - Snapshot from the stream: "Upon connecting, you will receive a snapshot of the book followed by updates for any
 *   changes to the state of the book" (ws-public-books).
 * - Continuity: the SEQ_ALL flag (65536) appends a sequence number to every channel frame so that packet loss shows
 *   (ws-general, Configuration). The number counts the connection, not the book, so parse turns it into a per-book
 *   `prevSeq` (the previous frame of the same book when no number in between went missing): `prev-equals-last`.
 * - Checksum: "The checksum is a CRC32 value which covers the first 25 bids and asks" (ws-websocket-checksum),
 *   sent as its own `cs` frame, which parse emits as an empty delta carrying `checksum`.
 */
export const BITFINEX_BOOK: BookRules = {
  snapshotFrom: "stream",
  chain: "prev-equals-last",
  bridge: "any",
  checksumOf: checksumOfBook,
};
