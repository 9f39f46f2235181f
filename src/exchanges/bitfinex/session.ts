// Per-connection Bitfinex state kept in ParseContext.session (cleared by the hub on every reconnect): the flags the
// server confirmed, the channel-id map from `subscribed` acks, SEQ_ALL continuity, and the open candle per channel.

import type { KlineEvent } from "../../core/index.ts";

export interface BitfinexChannel {
  chanId: number;
  /** `book`, `trades`, `ticker`, `candles`, `status` (or a channel dig3 does not read). */
  channel: string;
  /** `book:tBTCUSD`, `candles:trade:1m:tBTCUSD`, `status:liq:global`. */
  name: string;
  /** Native symbol of the channel (`tBTCUSD`, `tBTCF0:USTF0`); absent for the global liquidation feed. */
  native?: string;
  key?: string;
  /** Candles: canonical interval. */
  interval?: string;
  /** The subscribe frame that opens this channel again. */
  subscribeFrame: string;
}

export interface BitfinexSession {
  /** Flags the server confirmed in its `conf` reply. */
  flags?: number;
  channels: Map<number, BitfinexChannel>;
  chanIdByName: Map<string, number>;
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
    chanIdByName: new Map(),
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

/** The channel id of a channel name on this connection, when its `subscribed` ack has arrived. */
export function chanIdOfChannel(session: Map<string, unknown>, name: string): number | undefined {
  return sessionOf(session).chanIdByName.get(name);
}

export function rememberChannel(state: BitfinexSession, channel: BitfinexChannel): void {
  const previous = state.chanIdByName.get(channel.name);
  if (previous !== undefined && previous !== channel.chanId) forgetChannel(state, previous);
  state.channels.set(channel.chanId, channel);
  state.chanIdByName.set(channel.name, channel.chanId);
  state.closed.delete(channel.chanId);
}

export function forgetChannel(state: BitfinexSession, chanId: number): void {
  const channel = state.channels.get(chanId);
  if (channel && state.chanIdByName.get(channel.name) === chanId) state.chanIdByName.delete(channel.name);
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
  let firstMissing: number | undefined;
  for (const [from, to] of state.holes) {
    if (to < previous + 1 || from > seq - 1) continue;
    const candidate = Math.max(from, previous + 1);
    if (firstMissing === undefined || candidate < firstMissing) firstMissing = candidate;
  }
  return firstMissing ?? previous;
}

/** Starts a book channel's chain at its snapshot. */
export function startBookChain(state: BitfinexSession, chanId: number, seq: number | undefined): void {
  if (seq === undefined) state.bookSeq.delete(chanId);
  else state.bookSeq.set(chanId, seq);
}
