// Per-connection Bitfinex state kept in ParseContext.session (cleared by the hub on every reconnect): the flags the
// server confirmed, the channel-id map from `subscribed` acks, SEQ_ALL continuity, and the open candle per channel.

import type { KlineEvent } from "../../core/index.ts";

export interface BitfinexChannel {
  chanId: number;
  /** `book`, `trades`, `ticker`, `candles`, `status` (or a channel dig3 does not read). */
  channel: string;
  /** `book:tBTCUSD`, `candles:trade:1m:tBTCUSD`, `status:liq:global`. */
  name: string;
  /** What the name says after the channel: its symbol, else its key (`tBTCUSD`, `trade:1m:tBTCUSD`, `liq:global`). */
  subject: string;
  /** Native symbol of the channel (`tBTCUSD`, `tBTCF0:USTF0`); absent for the global liquidation feed. */
  native?: string;
  key?: string;
  /** Candles: canonical interval. */
  interval?: string;
  /** The `subscribed` reply that opened the channel: the subscribe frame that opens it again is built from it. */
  reply?: Readonly<Record<string, unknown>>;
}

export interface BitfinexSession {
  /** Flags the server confirmed in its `conf` reply. */
  flags?: number;
  channels: Map<number, BitfinexChannel>;
  /**
   * Channel ids by channel, then subject (`book` → `tBTCUSD` → 6959): the texts of a `subscribed` reply are keys as
   * they are, where one name key would be built and hashed anew for every reply.
   */
  chanIdsByChannel: Map<string, Map<string, number>>;
  /** Channels unsubscribed on this connection: frames still in flight for them are ignored. */
  closed: Set<number>;
  /** Channels waiting for their `unsubscribed` ack before being subscribed again: chanId → subscribe frame. */
  resubscribeAfter: Map<number, string>;
  /** Highest SEQ_ALL number seen on the connection. */
  lastSeq?: number;
  /** Missing SEQ_ALL ranges, oldest first (bounded). */
  holes: Array<[from: number, to: number]>;
  /** Highest number of a hole no longer kept in `holes`. */
  forgottenThrough: number;
  /** SEQ_ALL number of each book channel's latest frame. */
  bookSeq: Map<number, number>;
  /** The open candle of each candles channel, to emit it once more as closed when the next one opens. */
  openCandles: Map<number, KlineEvent>;
}

const SESSION_KEY = "bitfinex";
const MAX_HOLES = 64;

export function sessionOf(session: Map<string, unknown>): BitfinexSession {
  const existing = session.get(SESSION_KEY) as BitfinexSession | undefined;
  if (existing) return existing;
  const created: BitfinexSession = {
    channels: new Map(),
    chanIdsByChannel: new Map(),
    closed: new Set(),
    resubscribeAfter: new Map(),
    holes: [],
    forgottenThrough: 0,
    bookSeq: new Map(),
    openCandles: new Map(),
  };
  session.set(SESSION_KEY, created);
  return created;
}

/** The channel id of a channel and subject on this connection, when its `subscribed` ack has arrived. */
export function chanIdOf(state: BitfinexSession, channel: string, subject: string): number | undefined {
  return state.chanIdsByChannel.get(channel)?.get(subject);
}

/** `chanIdOf` on a connection's session. */
export function chanIdOfChannel(
  session: Map<string, unknown>,
  channel: string,
  subject: string,
): number | undefined {
  return chanIdOf(sessionOf(session), channel, subject);
}

export function rememberChannel(state: BitfinexSession, channel: BitfinexChannel): void {
  let chanIds = state.chanIdsByChannel.get(channel.channel);
  if (chanIds === undefined) {
    chanIds = new Map();
    state.chanIdsByChannel.set(channel.channel, chanIds);
  }
  const previous = chanIds.get(channel.subject);
  if (previous !== undefined && previous !== channel.chanId) forgetChannel(state, previous);
  state.channels.set(channel.chanId, channel);
  chanIds.set(channel.subject, channel.chanId);
  if (state.closed.size > 0) state.closed.delete(channel.chanId);
}

export function forgetChannel(state: BitfinexSession, chanId: number): void {
  const channel = state.channels.get(chanId);
  if (channel && chanIdOf(state, channel.channel, channel.subject) === chanId)
    state.chanIdsByChannel.get(channel.channel)?.delete(channel.subject);
  state.channels.delete(chanId);
  state.bookSeq.delete(chanId);
  state.openCandles.delete(chanId);
  state.closed.add(chanId);
}

/** Records one SEQ_ALL number of the connection (every channel frame carries one, heartbeats included). */
export function noteSequence(state: BitfinexSession, seq: number): void {
  const last = state.lastSeq;
  if (last !== undefined && seq > last + 1) {
    state.holes.push([last + 1, seq - 1]);
    if (state.holes.length > MAX_HOLES) {
      const dropped = state.holes.shift();
      if (dropped) state.forgottenThrough = Math.max(state.forgottenThrough, dropped[1]);
    }
  }
  if (last === undefined || seq > last) state.lastSeq = seq;
}

/**
 * The `prevSeq` of a book frame: SEQ_ALL counts the whole connection, so a book's own frames are not consecutive,
 * but none of the numbers between two of them may be missing. When every number since the channel's previous
 * frame arrived, that frame's number; otherwise the first missing number, so that the chain visibly breaks (the
 * lost frame may have been this book's). Undefined for the first frame of a channel.
 */
export function chainBookFrame(state: BitfinexSession, chanId: number, seq: number): number | undefined {
  const previous = state.bookSeq.get(chanId);
  state.bookSeq.set(chanId, seq);
  if (previous === undefined) return undefined;
  if (previous < state.forgottenThrough) return previous + 1;
  // `holes` are disjoint and in ascending order (noteSequence appends each above the last), so the first hole that
  // ends after `previous` holds the first missing number, if any: a binary search, not a walk over every hole on
  // every book frame.
  const holes = state.holes;
  let low = 0;
  let high = holes.length;
  while (low < high) {
    const mid = (low + high) >> 1;
    if (holes[mid]![1] < previous + 1) low = mid + 1;
    else high = mid;
  }
  const hole = holes[low];
  if (hole === undefined || hole[0] > seq - 1) return previous;
  return Math.max(hole[0], previous + 1);
}

/** Starts a book channel's chain at its snapshot. */
export function startBookChain(state: BitfinexSession, chanId: number, seq: number | undefined): void {
  if (seq === undefined) state.bookSeq.delete(chanId);
  else state.bookSeq.set(chanId, seq);
}
