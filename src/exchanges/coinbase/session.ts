// Per-connection state the Coinbase parser keeps in ParseContext.session: the socket's `sequence_num` (one counter
// across every channel), the book chain it lends each product, and the open candle per product.

import type { KlineEvent } from "../../core/index.ts";

/**
 * Coinbase numbers every message of a connection, all channels together (0, 1, 2 …), and gives level-2 updates no
 * per-product sequence. So a jump in `sequence_num` says "a message was dropped on this socket" without saying whose.
 * dig3's answer: every book on the connection is suspect. Each product's updates get `prevSeq` = the `sequence_num`
 * of that product's previous l2 message, so the tracker's `prev-equals-last` rule holds on a clean socket whatever
 * other channels interleave; after a jump, each product's next update instead names the first missing number as its
 * predecessor, which never equals the book's last seq, and the tracker resyncs that book (a fresh snapshot by
 * resubscribing). Trades and tickers lost in the hole cannot be told apart and are not recovered here.
 */
export interface CoinbaseSequenceState {
  /** Last `sequence_num` seen on this connection. */
  last?: number;
  /** Bumped on every break in the sequence. */
  breaks: number;
  /** The first missing number of the latest break. */
  firstMissing: number;
}

interface BookChain {
  seq: number;
  /** `breaks` when this product's last l2 message was read. */
  breaks: number;
}

const SEQUENCE_KEY = "coinbase:sequence";
const BOOK_PREFIX = "coinbase:book:";
const CANDLE_PREFIX = "coinbase:candle:";

/** Predecessor named by an update of a product with no snapshot on this connection: no sequence_num is negative. */
export const NO_SNAPSHOT_PREV_SEQ = -1;

function sequenceStateOf(session: Map<string, unknown>): CoinbaseSequenceState {
  let state = session.get(SEQUENCE_KEY) as CoinbaseSequenceState | undefined;
  if (!state) {
    state = { breaks: 0, firstMissing: 0 };
    session.set(SEQUENCE_KEY, state);
  }
  return state;
}

/** Records one message's `sequence_num`; anything but last + 1 (a hole, a repeat, a step back) is a break. */
export function observeSequence(session: Map<string, unknown>, seq: number): CoinbaseSequenceState {
  const state = sequenceStateOf(session);
  if (state.last !== undefined && seq !== state.last + 1) {
    state.breaks++;
    state.firstMissing = state.last + 1;
  }
  state.last = seq;
  return state;
}

/** The `prevSeq` of a book message of `product` at `seq` (undefined for a snapshot), and the chain moved on to it. */
export function chainBook(
  session: Map<string, unknown>,
  product: string,
  seq: number,
  isSnapshot: boolean,
): number | undefined {
  const state = sequenceStateOf(session);
  const key = `${BOOK_PREFIX}${product}`;
  const previous = session.get(key) as BookChain | undefined;
  session.set(key, { seq, breaks: state.breaks });
  if (isSnapshot) return undefined;
  if (!previous) return NO_SNAPSHOT_PREV_SEQ;
  return previous.breaks === state.breaks ? previous.seq : state.firstMissing;
}

/**
 * Coinbase re-sends the open 5-minute candle every second and never flags one final. A bar is over once a later
 * bucket starts, so its last state is re-emitted then with `closed: true` (it can miss the bucket's final second).
 * Returns the events to emit for this candle update, oldest first.
 */
export function rollCandle(session: Map<string, unknown>, product: string, candle: KlineEvent): KlineEvent[] {
  const key = `${CANDLE_PREFIX}${product}`;
  const open = session.get(key) as KlineEvent | undefined;
  if (open && candle.openTimeMs < open.openTimeMs) return [{ ...candle, closed: true }];
  session.set(key, candle);
  if (open && candle.openTimeMs > open.openTimeMs)
    return [{ ...open, recvTsUs: candle.recvTsUs, closed: true }, candle];
  return [candle];
}
