// Continuity of the indexer's `message_id` (ParseContext.session): holes in the connection's numbering, the late
// `subscribed` replies that fill some of them, and the book chain each market gets from it, so that a lost message
// resyncs every book it may have belonged to (as Coinbase's sequence_num does, see ../coinbase/session.ts).

/**
 * The indexer counts every message it sends a connection, all channels together (`connection.messageId += 1` in
 * socks' message-forwarder for `channel_data` and `channel_batch_data`, and for `unsubscribed`). Two exceptions keep a
 * hole from meaning a loss at once: a `subscribe` takes its id when it arrives but its `subscribed` reply (or the
 * `error` that refuses it) goes out once the initial data is fetched, after messages with higher ids; and an `error`
 * about a malformed request repeats the current id. So a missing id counts as lost only once no reply has filled it
 * for `graceMs`; a reply later than that doubles the grace for the rest of the connection. Ids are counted by the
 * socks server: a message lost before it (indexer → socks) leaves no hole and stays invisible here.
 */
export interface DydxSequenceState {
  /** The connection these ids count on (undefined until a message names one). */
  connectionId: string | undefined;
  /** Highest `message_id` seen (-1: none yet; no message_id is negative). */
  last: number;
  /**
   * Missing ids not filled yet, as runs of consecutive ids missed at one local time, in id order (so in time order):
   * a hole of n ids is one run, not n map entries, and a new connection empties it by setting a length.
   */
  openRuns: OpenRun[];
  /** How many ids the open runs hold. */
  openIds: number;
  /** Ids counted as lost → when they were first missed (the newest few, to learn from a reply later than the grace). */
  lost: Map<number, number>;
  /** Highest id counted as lost on this connection (-1: none). */
  lostUpTo: number;
  graceMs: number;
  /** Counts connections: chains of an earlier one are stale (so a new connection drops them without a store). */
  connectionNumber: number;
  /** Each market's book chain, by ticker; only those of `connectionNumber` count. */
  chains: Map<string, BookChain>;
}

/** Ids `from` to `to` (both included), missing since `missedAtMs` (local time). */
interface OpenRun {
  from: number;
  to: number;
  missedAtMs: number;
}

interface BookChain {
  /** The `connectionNumber` it was started on. */
  connectionNumber: number;
  /** `message_id` of this market's last book message. */
  seq: number;
  /** Losses up to this id cannot concern the market: older than its snapshot, or already reported. */
  coveredUpTo: number;
}

/** How long a `subscribed` reply may trail the messages numbered after it before its id counts as lost. */
export const DYDX_REPLY_GRACE_MS = 1_000;
const MAX_GRACE_MS = 30_000;
/** More missing ids than replies could ever be pending (32 streams a socket): lost at once. */
const MAX_OPEN_IDS = 256;
const LOST_KEPT = 64;

/** One object per session holds the whole count and every chain: one session lookup a frame. */
const SEQUENCE_KEY = "dydx|sequence";

/** Predecessor named by an update of a market with no snapshot on this connection: no message_id is negative. */
export const NO_SNAPSHOT_PREV_SEQ = -1;

export function sequenceStateOf(session: Map<string, unknown>): DydxSequenceState {
  let state = session.get(SEQUENCE_KEY) as DydxSequenceState | undefined;
  if (!state) {
    // Every field set here, in one order: the object keeps one shape for the connection's life.
    state = {
      connectionId: undefined,
      last: -1,
      openRuns: [],
      openIds: 0,
      lost: new Map(),
      lostUpTo: -1,
      graceMs: DYDX_REPLY_GRACE_MS,
      connectionNumber: 0,
      chains: new Map(),
    };
    session.set(SEQUENCE_KEY, state);
  }
  return state;
}

/**
 * A new `connection_id`: the count and every chain start over, in place: a few stores, no scan of the session's keys
 * and no map cleared (Map.clear costs more than a new map here), so a recording stitched from many connections pays
 * little per change.
 */
function startConnection(state: DydxSequenceState, connectionId: string): void {
  state.connectionId = connectionId;
  state.last = -1;
  if (state.openIds > 0) {
    state.openRuns.length = 0;
    state.openIds = 0;
  }
  if (state.lost.size > 0) state.lost = new Map();
  state.lostUpTo = -1;
  state.graceMs = DYDX_REPLY_GRACE_MS;
  state.connectionNumber += 1;
}

function countLost(state: DydxSequenceState, id: number, missedAtMs: number): void {
  state.lost.set(id, missedAtMs);
  if (state.lost.size > LOST_KEPT) state.lost.delete(state.lost.keys().next().value!);
  if (id > state.lostUpTo) state.lostUpTo = id;
}

/**
 * Records one message's id, received at `nowMs`, on the session's state (`sequenceStateOf`). A new `connection_id`
 * starts the count over (recordings stitched from several connections; live, the session is cleared on every
 * reconnect anyway). On a clean connection this is a compare of the connection id and one of the id with the last.
 */
export function observeMessageId(
  state: DydxSequenceState,
  connectionId: string | undefined,
  id: number,
  nowMs: number,
): void {
  if (connectionId !== undefined && connectionId !== state.connectionId) {
    if (state.connectionId === undefined) state.connectionId = connectionId;
    else startConnection(state, connectionId);
  }
  const last = state.last;
  if (last < 0 || id === last + 1) state.last = id;
  else if (id > last) {
    const missing = id - last - 1;
    if (missing + state.openIds > MAX_OPEN_IDS) countLost(state, id - 1, nowMs);
    else {
      state.openRuns.push({ from: last + 1, to: id - 1, missedAtMs: nowMs });
      state.openIds += missing;
    }
    state.last = id;
  } else if (!fillOpen(state, id) && state.lost.size > 0) {
    const missedAtMs = state.lost.get(id);
    if (missedAtMs !== undefined) {
      // A reply later than the grace: the resyncs it caused were needless; wait longer from now on.
      state.lost.delete(id);
      state.graceMs = Math.min(MAX_GRACE_MS, Math.max(state.graceMs * 2, (nowMs - missedAtMs) * 2));
    }
  }
  // Missed in id order, so in time order: only the oldest run can be due.
  if (state.openIds > 0 && nowMs - state.openRuns[0]!.missedAtMs >= state.graceMs) expireOpen(state, nowMs);
}

/** Takes `id` out of the open runs (a late reply filled it); false when it was not open. */
function fillOpen(state: DydxSequenceState, id: number): boolean {
  if (state.openIds === 0) return false;
  const runs = state.openRuns;
  for (let i = 0; i < runs.length; i++) {
    const run = runs[i]!;
    if (id > run.to) continue;
    if (id < run.from) return false;
    if (run.from === run.to) runs.splice(i, 1);
    else if (id === run.from) run.from += 1;
    else if (id === run.to) run.to -= 1;
    else {
      runs.splice(i + 1, 0, { from: id + 1, to: run.to, missedAtMs: run.missedAtMs });
      run.to = id - 1;
    }
    state.openIds -= 1;
    return true;
  }
  return false;
}

/** Open ids missed longer than the grace ago count as lost, oldest first. */
function expireOpen(state: DydxSequenceState, nowMs: number): void {
  const runs = state.openRuns;
  let due = 0;
  while (due < runs.length && nowMs - runs[due]!.missedAtMs >= state.graceMs) {
    const run = runs[due]!;
    for (let missing = run.from; missing <= run.to; missing++) countLost(state, missing, run.missedAtMs);
    state.openIds -= run.to - run.from + 1;
    due += 1;
  }
  runs.splice(0, due);
}

/**
 * The `prevSeq` of a book message of `ticker` with id `id` (undefined for the snapshot), the chain moved on to it.
 * On a clean connection it is the id of the market's previous book message, so the tracker's `prev-equals-last` rule
 * holds whatever other channels interleave. Once an id after the market's snapshot counts as lost, the next update
 * names that id instead, which is never the book's own last one, and the tracker resyncs the book.
 */
export function chainBook(
  state: DydxSequenceState,
  ticker: string,
  id: number,
  isSnapshot: boolean,
): number | undefined {
  const chain = state.chains.get(ticker);
  if (isSnapshot) {
    // Its updates are numbered after every message received so far (the subscription starts with the reply).
    const coveredUpTo = Math.max(id, state.last < 0 ? id : state.last);
    if (chain === undefined)
      state.chains.set(ticker, { connectionNumber: state.connectionNumber, seq: id, coveredUpTo });
    else {
      chain.connectionNumber = state.connectionNumber;
      chain.seq = id;
      chain.coveredUpTo = coveredUpTo;
    }
    return undefined;
  }
  if (chain === undefined || chain.connectionNumber !== state.connectionNumber) return NO_SNAPSHOT_PREV_SEQ;
  let prevSeq = chain.seq;
  if (state.lostUpTo > chain.coveredUpTo) {
    prevSeq = state.lostUpTo;
    chain.coveredUpTo = state.lostUpTo;
  }
  chain.seq = id;
  return prevSeq;
}
