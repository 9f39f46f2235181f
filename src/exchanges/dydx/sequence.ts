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
  connectionId?: string;
  /** Highest `message_id` seen. */
  last?: number;
  /** Missing ids not filled yet → local time (ms) they were first missed. */
  open: Map<number, number>;
  /** Ids counted as lost → when they were first missed (the newest few, to learn from a reply later than the grace). */
  lost: Map<number, number>;
  /** Highest id counted as lost on this connection (-1: none). */
  lostUpTo: number;
  graceMs: number;
}

interface BookChain {
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

const SEQUENCE_KEY = "dydx|sequence";
const CHAIN_PREFIX = "dydx|chain|";

/** Predecessor named by an update of a market with no snapshot on this connection: no message_id is negative. */
export const NO_SNAPSHOT_PREV_SEQ = -1;

function freshState(): DydxSequenceState {
  return { open: new Map(), lost: new Map(), lostUpTo: -1, graceMs: DYDX_REPLY_GRACE_MS };
}

export function sequenceStateOf(session: Map<string, unknown>): DydxSequenceState {
  let state = session.get(SEQUENCE_KEY) as DydxSequenceState | undefined;
  if (!state) {
    state = freshState();
    session.set(SEQUENCE_KEY, state);
  }
  return state;
}

function countLost(state: DydxSequenceState, id: number, missedAtMs: number): void {
  state.lost.set(id, missedAtMs);
  if (state.lost.size > LOST_KEPT) state.lost.delete(state.lost.keys().next().value!);
  if (id > state.lostUpTo) state.lostUpTo = id;
}

/**
 * Records one message's id, received at `nowMs`. A new `connection_id` starts the count over (recordings stitched
 * from several connections; live, the session is cleared on every reconnect anyway).
 */
export function observeMessageId(
  session: Map<string, unknown>,
  connectionId: string | undefined,
  id: number,
  nowMs: number,
): void {
  let state = sequenceStateOf(session);
  if (connectionId !== undefined && state.connectionId !== undefined && connectionId !== state.connectionId) {
    for (const key of [...session.keys()]) if (key.startsWith(CHAIN_PREFIX)) session.delete(key);
    state = freshState();
    session.set(SEQUENCE_KEY, state);
  }
  if (connectionId !== undefined) state.connectionId = connectionId;
  if (state.last === undefined) state.last = id;
  else if (id > state.last) {
    if (id - state.last - 1 + state.open.size > MAX_OPEN_IDS) countLost(state, id - 1, nowMs);
    else for (let missing = state.last + 1; missing < id; missing++) state.open.set(missing, nowMs);
    state.last = id;
  } else if (!state.open.delete(id)) {
    const missedAtMs = state.lost.get(id);
    if (missedAtMs !== undefined) {
      // A reply later than the grace: the resyncs it caused were needless; wait longer from now on.
      state.lost.delete(id);
      state.graceMs = Math.min(MAX_GRACE_MS, Math.max(state.graceMs * 2, (nowMs - missedAtMs) * 2));
    }
  }
  // Missed in id order, so in time order: the first one still within the grace ends the scan.
  for (const [missing, missedAtMs] of state.open) {
    if (nowMs - missedAtMs < state.graceMs) break;
    state.open.delete(missing);
    countLost(state, missing, missedAtMs);
  }
}

/**
 * The `prevSeq` of a book message of `ticker` with id `id` (undefined for the snapshot), the chain moved on to it.
 * On a clean connection it is the id of the market's previous book message, so the tracker's `prev-equals-last` rule
 * holds whatever other channels interleave. Once an id after the market's snapshot counts as lost, the next update
 * names that id instead, which is never the book's own last one, and the tracker resyncs the book.
 */
export function chainBook(
  session: Map<string, unknown>,
  ticker: string,
  id: number,
  isSnapshot: boolean,
): number | undefined {
  const state = sequenceStateOf(session);
  const key = `${CHAIN_PREFIX}${ticker}`;
  if (isSnapshot) {
    // Its updates are numbered after every message received so far (the subscription starts with the reply).
    session.set(key, { seq: id, coveredUpTo: Math.max(id, state.last ?? id) } satisfies BookChain);
    return undefined;
  }
  const chain = session.get(key) as BookChain | undefined;
  if (!chain) return NO_SNAPSHOT_PREV_SEQ;
  let prevSeq = chain.seq;
  if (state.lostUpTo > chain.coveredUpTo) {
    prevSeq = state.lostUpTo;
    chain.coveredUpTo = state.lostUpTo;
  }
  chain.seq = id;
  return prevSeq;
}
