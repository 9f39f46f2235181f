// HTX order book frames → BookEvents: spot MBP deltas and the refresh image that anchors them (aligned in the
// socket session, as the docs' procedure prescribes), contract incremental depth (`version` +1 per push), and the
// whole-book `depth.step0` pushes of recorded traffic. Pure apart from the per-connection session scratch state.

import type { BookEvent } from "../../core/index.ts";
import type { ParseContext, ParseOutcome } from "../_shared/adapter.ts";
import { isRecord, isTime, toLevels, toNumber } from "../_shared/values.ts";

type Data = Record<string, unknown>;

/**
 * Deltas kept per MBP topic while its refresh image is awaited. The 150-level feed pushes every 100 ms, and the
 * refresh answers within a round trip, so a few dozen is normal; past this the oldest go (the book then resyncs).
 */
export const HTX_MAX_BUFFERED_DELTAS = 2_000;

/** Per-topic state of a spot MBP subscription on one connection. */
interface MbpState {
  /** True from the `subbed` ack until the refresh image (`rep`) arrives. */
  awaitingRefresh: boolean;
  buffer: BookEvent[];
}

const MBP_KEY = "htx-mbp|";

function mbpStateOf(context: ParseContext, topic: string): MbpState | undefined {
  return context.session.get(MBP_KEY + topic) as MbpState | undefined;
}

/** A `subbed` ack for an MBP topic: deltas are held from now on until the refresh image can anchor them. */
export function noteMbpSubscribed(context: ParseContext, topic: string): void {
  context.session.set(MBP_KEY + topic, { awaitingRefresh: true, buffer: [] } satisfies MbpState);
}

export function noteMbpUnsubscribed(context: ParseContext, topic: string): void {
  context.session.delete(MBP_KEY + topic);
}

function malformed(channel: string): ParseOutcome {
  return { kind: "unmatched", topic: `${channel} (malformed)` };
}

function bookEventOf(
  context: ParseContext,
  native: string,
  tsMs: number,
  type: "snapshot" | "delta",
  tick: Data,
): BookEvent {
  return {
    kind: "book",
    exchange: context.exchange,
    account: context.account,
    symbol: context.symbolOf(native),
    tsMs,
    recvTsUs: context.recvTsUs,
    type,
    // A one-sided MBP push may leave the other side out (5/20 levels) or send it empty (150 levels).
    bids: toLevels(tick.bids ?? []),
    asks: toLevels(tick.asks ?? []),
  };
}

/**
 * `market.$symbol.mbp.$levels` delta: seq = `seqNum`, prevSeq = `prevSeqNum`. Between the `subbed` ack and the
 * refresh image the delta is held back ("Subscribe to incremental updates and start to cache them").
 */
export function parseMbpDelta(
  topic: string,
  native: string,
  message: Data,
  tick: Data,
  context: ParseContext,
): ParseOutcome {
  const seq = toNumber(tick.seqNum);
  const prevSeq = toNumber(tick.prevSeqNum);
  const tsMs = toNumber(message.ts);
  if (!Number.isFinite(seq) || !Number.isFinite(prevSeq) || !isTime(tsMs)) return malformed("mbp");
  const event: BookEvent = { ...bookEventOf(context, native, tsMs, "delta", tick), seq, prevSeq };
  const state = mbpStateOf(context, topic);
  if (state?.awaitingRefresh) {
    state.buffer.push(event);
    if (state.buffer.length > HTX_MAX_BUFFERED_DELTAS) state.buffer.shift();
    return { kind: "ignored", reason: "MBP delta held until the refresh image" };
  }
  return [event];
}

/**
 * The refresh image (`rep` of `req: market.$symbol.mbp.$levels`) → a snapshot with seq = `seqNum`, followed by the
 * held deltas newer than it ("base on its seqNum to align it with the cached incremental message which has the same
 * prevSeqNum"). Whether the first of them really starts at the image is the book tracker's chain check.
 */
export function parseMbpRefresh(
  topic: string,
  native: string,
  message: Data,
  context: ParseContext,
): ParseOutcome {
  const data = message.data;
  if (!isRecord(data) || !Array.isArray(data.bids) || !Array.isArray(data.asks))
    return malformed("mbp refresh");
  const seq = toNumber(data.seqNum);
  const tsMs = toNumber(message.ts);
  if (!Number.isFinite(seq) || !isTime(tsMs)) return malformed("mbp refresh");
  const snapshot: BookEvent = { ...bookEventOf(context, native, tsMs, "snapshot", data), seq };
  const events: BookEvent[] = [snapshot];
  const state = mbpStateOf(context, topic);
  if (state) {
    for (const delta of state.buffer) if (delta.seq !== undefined && delta.seq > seq) events.push(delta);
    state.awaitingRefresh = false;
    state.buffer = [];
  }
  return events;
}

/** `market.$symbol.mbp.refresh.$levels`: a whole top-N image every 100 ms, read as a snapshot. */
export function parseMbpRefreshPush(
  native: string,
  message: Data,
  tick: Data,
  context: ParseContext,
): ParseOutcome {
  const seq = toNumber(tick.seqNum);
  const tsMs = toNumber(message.ts);
  if (!Array.isArray(tick.bids) || !Array.isArray(tick.asks) || !isTime(tsMs))
    return malformed("mbp.refresh");
  const event = bookEventOf(context, native, tsMs, "snapshot", tick);
  if (Number.isFinite(seq)) event.seq = seq;
  return [event];
}

/**
 * `market.$contract_code.depth.size_$n.high_freq` (`data_type` incremental): `event` snapshot or update,
 * seq = `version`, which grows by one per push on a connection; the tracker checks that (`seq-increments`).
 */
export function parseHighFreqDepth(
  native: string,
  message: Data,
  tick: Data,
  context: ParseContext,
): ParseOutcome {
  const version = toNumber(tick.version);
  const checkedMs = toNumber(tick.ts);
  const tsMs = isTime(checkedMs) ? checkedMs : toNumber(message.ts);
  const type = tick.event === "snapshot" ? "snapshot" : tick.event === "update" ? "delta" : undefined;
  if (!type || !Number.isFinite(version) || !isTime(tsMs)) return malformed("depth.high_freq");
  if (!Array.isArray(tick.bids ?? []) || !Array.isArray(tick.asks ?? [])) return malformed("depth.high_freq");
  return [{ ...bookEventOf(context, native, tsMs, type, tick), seq: version }];
}

/**
 * `market.$symbol.depth.step0` (and the contracts' unmerged 20-level `step6`): the whole book on every push, read as a
 * snapshot. Frames flagged `"update": true` (an incremental variant in old recordings) are deltas without a chain.
 * Merged steps are a different (price-bucketed) book: reported, not emitted.
 */
export function parseDepthStep(
  step: string,
  native: string,
  message: Data,
  tick: Data,
  context: ParseContext,
): ParseOutcome {
  if (step !== "step0" && !(step === "step6" && context.account !== "spot"))
    return { kind: "unmatched", topic: `depth.${step} (merged book)` };
  if (!Array.isArray(tick.bids) || !Array.isArray(tick.asks)) return malformed(`depth.${step}`);
  const bookMs = toNumber(tick.ts);
  const tsMs = isTime(bookMs) ? bookMs : toNumber(message.ts);
  if (!isTime(tsMs)) return malformed(`depth.${step}`);
  const event = bookEventOf(context, native, tsMs, message.update === true ? "delta" : "snapshot", tick);
  const version = toNumber(tick.version);
  if (Number.isFinite(version)) event.seq = version;
  return [event];
}
