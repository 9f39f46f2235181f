// Inbound Bitfinex frame → Parsed (pure, never throws on venue input). Events (`info`, `conf`, `subscribed`, errors,
// pongs) become control verdicts; channel frames `[chanId, …]` are routed by the connection's channel map and
// become normalized events, with the SEQ_ALL / TIMESTAMP stamps the connection asked for read off their tail.
// The busiest channel frames are read in place (scan.ts); every other frame, and any surprise in one, is JSON.parsed.

import type { EventBase, Level, LiquidationEvent, MarketDataEvent } from "../../core/index.ts";
import type { ParseContext, Parsed, ParseOutcome } from "../_shared/adapter.ts";
import { tradeEventOf } from "../_shared/event-base.ts";
import { isRecord, parseJson, toId, toNumber, toOptionalNumber } from "../_shared/values.ts";
import { eventsOfDerivStatus, klineOfCandle, tickerOfRow } from "./rows.ts";
import {
  bookEventOf,
  chainOf,
  checksumEventOf,
  frameTimeMsOf,
  scanChannelFrame,
  stampSeqOf,
  stampTimeMsOf,
} from "./scan.ts";
import {
  type BitfinexChannel,
  type BitfinexSession,
  chanIdOf,
  forgetChannel,
  noteSequence,
  rememberChannel,
  sessionOf,
  startBookChain,
} from "./session.ts";
import { channelSubjectOf, intervalOfTimeFrame, LIQUIDATION_KEY } from "./subscribe.ts";
import { isPerpetualNative } from "./symbols.ts";

/** Stamps appended to a channel frame by the connection flags. */
interface Stamps {
  seq: number | undefined;
  tsMs: number | undefined;
}

/** One channel frame, taken apart. */
interface ChannelFrame {
  chanId: number;
  /** `te`, `tu`, `cs`, `hb` … for tagged frames. */
  tag?: string;
  payload: unknown;
  stamps: Stamps;
  context: ParseContext;
  state: BitfinexSession;
}

/** Info codes. "20051: Stop/Restart Websocket Server (please reconnect)"; 20060 / 20061 maintenance start / end. */
const INFO_RECONNECT = 20051;
const INFO_MAINTENANCE_START = 20060;
const INFO_MAINTENANCE_END = 20061;
const ERROR_ALREADY_SUBSCRIBED = 10301;

export function parseBitfinexFrame(frame: string, context: ParseContext): Parsed {
  if (typeof frame !== "string") return { kind: "unmatched", topic: "(not text)" };
  return scanChannelFrame(frame, context) ?? parseBitfinexJson(frame, context);
}

/** The JSON.parse path: every frame `scanChannelFrame` does not read in place (exported to check the two agree). */
export function parseBitfinexJson(frame: string, context: ParseContext): Parsed {
  const message = parseJson(frame);
  if (message === undefined) {
    // A blank frame is no JSON either: checking for one only here keeps `trim` off every data frame.
    if (frame.trim().length === 0) return { kind: "ignored", reason: "empty frame" };
    return { kind: "unmatched", topic: "(not json)" };
  }
  if (Array.isArray(message)) return toParsed(parseChannelFrame(message, context));
  if (isRecord(message)) return parseEvent(message, context);
  return { kind: "unmatched", topic: "(not an object or array)" };
}

function toParsed(outcome: ParseOutcome): Parsed {
  if (!Array.isArray(outcome)) return outcome;
  return outcome.length > 0 ? { kind: "events", events: outcome } : { kind: "ignored", reason: "no events" };
}

// ── events ─────────────────────────────────────────────────────────────────────────────────────────────────────

function textField(message: Record<string, unknown>, field: string): string | undefined {
  const value = message[field];
  return typeof value === "string" && value.length > 0 ? value : undefined;
}

function parseEvent(message: Record<string, unknown>, context: ParseContext): Parsed {
  const state = sessionOf(context.session);
  switch (message.event) {
    case "info":
      return parseInfo(message);
    case "conf": {
      if (message.status !== "OK") {
        return { kind: "venue-error", message: `conf refused: ${JSON.stringify(message)}`, retryable: false };
      }
      const flags = toOptionalNumber(message.flags);
      if (flags !== undefined) state.flags = flags;
      return { kind: "ack", note: `conf flags ${flags ?? "?"}` };
    }
    case "subscribed":
      return acceptSubscribed(message, state);
    case "unsubscribed": {
      const chanId = toOptionalNumber(message.chanId);
      if (chanId === undefined) return { kind: "ack", note: "unsubscribed" };
      forgetChannel(state, chanId);
      const again = state.resubscribeAfter.get(chanId);
      if (again === undefined) return { kind: "ack", note: `unsubscribed ${chanId}` };
      state.resubscribeAfter.delete(chanId);
      // The second half of the re-subscribe below: the hub sends `reply` back on this socket.
      return { kind: "ping", reply: again };
    }
    case "pong":
      return { kind: "pong" };
    case "error":
      return parseError(message, state);
    case "auth":
    case "ping":
      return { kind: "ignored", reason: `${message.event} event` };
    default:
      return { kind: "unmatched", topic: `event:${String(message.event ?? "(none)")}` };
  }
}

function parseInfo(message: Record<string, unknown>): Parsed {
  const code = toOptionalNumber(message.code);
  const text = textField(message, "msg") ?? "";
  if (code === INFO_RECONNECT) {
    return {
      kind: "venue-error",
      message: `code ${code}: ${text || "server restart, reconnect"}`,
      retryable: true,
      reconnect: true,
    };
  }
  if (code === INFO_MAINTENANCE_END) {
    // "It is advised to unsubscribe/subscribe again all channels": a reconnect does that, with fresh snapshots.
    return {
      kind: "venue-error",
      message: `code ${code}: ${text || "maintenance over"}`,
      retryable: true,
      reconnect: true,
    };
  }
  if (code === INFO_MAINTENANCE_START) {
    return { kind: "venue-error", message: `code ${code}: ${text || "maintenance"}`, retryable: true };
  }
  if (code !== undefined) return { kind: "ignored", reason: `info ${code}: ${text}` };
  const platform = isRecord(message.platform) ? toOptionalNumber(message.platform.status) : undefined;
  if (platform === 0) {
    return { kind: "venue-error", message: "platform in maintenance (status 0)", retryable: true };
  }
  return { kind: "ignored", reason: `info: version ${String(message.version ?? "?")}` };
}

function acceptSubscribed(message: Record<string, unknown>, state: BitfinexSession): Parsed {
  const chanId = toOptionalNumber(message.chanId);
  const channel = textField(message, "channel");
  if (chanId === undefined || !channel) return { kind: "ack", note: "subscribed (no channel id)" };
  const symbol = textField(message, "symbol");
  const key = textField(message, "key");
  const about = channelAboutOf(channel, symbol, key);
  const subject = symbol ?? key ?? "";
  // One literal (absent fields undefined); the subscribe frame is built from `reply` only when one is needed.
  const entry: BitfinexChannel = {
    chanId,
    channel,
    name: `${channel}:${subject}`,
    subject,
    key,
    native: about.native,
    interval: about.interval,
    reply: message,
  };
  rememberChannel(state, entry);
  return { kind: "ack", note: `${entry.name} → ${chanId}` };
}

/** The frame that subscribes to a channel again: its `subscribed` reply's request fields; "" without a reply. */
function subscribeFrameOf(entry: BitfinexChannel): string {
  const reply = entry.reply;
  if (reply === undefined) return "";
  const request: Record<string, unknown> = { event: "subscribe", channel: entry.channel };
  for (const field of ["symbol", "key", "prec", "freq", "len"]) {
    const value = textField(reply, field);
    if (value !== undefined) request[field] = value;
  }
  return JSON.stringify(request);
}

/** Native symbol (and candle interval) a channel is about, from its symbol or key. */
function channelAboutOf(
  channel: string,
  symbol: string | undefined,
  key: string | undefined,
): { native?: string; interval?: string } {
  if (symbol) return { native: symbol };
  if (!key) return {};
  if (channel === "candles") {
    // `trade:1m:tBTCUSD`; perpetuals hold a colon themselves (`trade:1m:tBTCF0:USTF0`).
    const [, timeFrame = "", ...rest] = key.split(":");
    const native = rest.join(":");
    return native ? { native, interval: intervalOfTimeFrame(timeFrame) ?? timeFrame } : {};
  }
  if (channel === "status" && key.startsWith("deriv:")) return { native: key.slice("deriv:".length) };
  return {};
}

function parseError(message: Record<string, unknown>, state: BitfinexSession): Parsed {
  const code = toOptionalNumber(message.code);
  const text = textField(message, "msg") ?? "request failed";
  const channel = textField(message, "channel");
  if (code === ERROR_ALREADY_SUBSCRIBED && channel) {
    // The hub cannot unsubscribe by channel id without this connection's state (see unsubscribeFrames), so a
    // re-subscribe (e.g. to get a fresh book snapshot) meets the old channel: drop it, then subscribe once more.
    const subject = channelSubjectOf({
      symbol: textField(message, "symbol"),
      key: textField(message, "key"),
    });
    const name = `${channel}:${subject}`;
    const chanId = chanIdOf(state, channel, subject);
    const entry = chanId === undefined ? undefined : state.channels.get(chanId);
    if (chanId !== undefined && entry && !state.resubscribeAfter.has(chanId)) {
      state.resubscribeAfter.set(chanId, subscribeFrameOf(entry));
      return { kind: "ping", reply: JSON.stringify({ event: "unsubscribe", chanId }) };
    }
    return { kind: "ignored", reason: `${name} already subscribed` };
  }
  const where = channel
    ? ` (${channel} ${textField(message, "symbol") ?? textField(message, "key") ?? ""})`
    : "";
  return {
    kind: "venue-error",
    message: code === undefined ? `${text}${where}` : `code ${code}: ${text}${where}`,
    // 10305 (the channel limit of this connection) and request errors fail again when retried as they are.
    retryable: code === INFO_MAINTENANCE_START || code === INFO_RECONNECT,
  };
}

// ── channel frames ────────────────────────────────────────────────────────────────────────────────────────────

const TAGS = new Set(["hb", "cs", "te", "tu", "fte", "ftu", "n"]);

function parseChannelFrame(message: unknown[], context: ParseContext): ParseOutcome {
  const chanId = message[0];
  if (typeof chanId !== "number" || !Number.isFinite(chanId))
    return { kind: "unmatched", topic: "(no channel id)" };
  const head = message[1];
  const tag = typeof head === "string" && TAGS.has(head) ? head : undefined;
  const payloadAt = tag === "hb" ? -1 : tag ? 2 : 1;
  const tailAt = tag === "hb" ? 2 : payloadAt + 1;
  const state = sessionOf(context.session);
  const { numbers, labels } = tailOf(message, tailAt);
  const stamps = stampsOf(numbers, state.flags);
  if (stamps.seq !== undefined) noteSequence(state, stamps.seq);
  if (tag === "hb") return { kind: "ignored", reason: "heartbeat" };
  if (typeof head === "string" && !tag) return { kind: "unmatched", topic: `tag ${head}` };

  const channel = state.channels.get(chanId) ?? channelOfLabels(chanId, labels);
  if (!channel) {
    if (state.closed.has(chanId)) return { kind: "ignored", reason: `channel ${chanId} unsubscribed` };
    return { kind: "unmatched", topic: "unknown channel id" };
  }
  const frame: ChannelFrame = { chanId, tag, payload: message[payloadAt], stamps, context, state };
  if (channel.native?.startsWith("f")) return { kind: "ignored", reason: "funding (lending) market" };
  switch (channel.channel) {
    case "book":
      return parseBook(frame, channel);
    case "trades":
      return parseTrades(frame, channel);
    case "ticker":
      return parseTicker(frame, channel);
    case "candles":
      return parseCandles(frame, channel);
    case "status":
      return channel.key === LIQUIDATION_KEY ? parseLiquidations(frame) : parseDerivStatus(frame, channel);
    default:
      return { kind: "unmatched", topic: channel.channel };
  }
}

/** The numbers after the payload (SEQ_ALL, TIMESTAMP) and any text after them (tardis adds channel and symbol). */
function tailOf(message: unknown[], from: number): { numbers: number[]; labels: string[] } {
  const numbers: number[] = [];
  const labels: string[] = [];
  for (let i = Math.max(0, from); i < message.length; i++) {
    const value = message[i];
    if (typeof value === "number" && labels.length === 0) numbers.push(value);
    else if (typeof value === "string") labels.push(value);
  }
  return { numbers, labels };
}

/** The SEQ_ALL and TIMESTAMP stamps of a frame's tail numbers (see `stampSeqOf`). */
function stampsOf(numbers: number[], flags: number | undefined): Stamps {
  const count = numbers.length;
  const first = numbers[0] ?? 0;
  return {
    seq: stampSeqOf(count, first, flags),
    tsMs: stampTimeMsOf(count, first, numbers[1] ?? 0, flags),
  };
}

/** tardis.dev captures name the channel and symbol at the end of each frame (`…,"book","BTCF0:USTF0"`). */
function channelOfLabels(chanId: number, labels: string[]): BitfinexChannel | undefined {
  const [channel, subject] = labels;
  if (!channel || !subject) return undefined;
  const isPair = subject.includes(":") || subject.length === 6;
  const prefixed = `${isPair ? "t" : "f"}${subject}`;
  switch (channel) {
    case "book":
    case "trades":
    case "ticker":
      return { chanId, channel, name: `${channel}:${prefixed}`, subject: prefixed, native: prefixed };
    case "status":
      return {
        chanId,
        channel,
        name: `status:deriv:${prefixed}`,
        subject: `deriv:${prefixed}`,
        key: `deriv:${prefixed}`,
        native: prefixed,
      };
    case "liquidations":
      return {
        chanId,
        channel: "status",
        name: "status:liq:global",
        subject: LIQUIDATION_KEY,
        key: LIQUIDATION_KEY,
      };
    default:
      return { chanId, channel, name: `${channel}:${subject}`, subject };
  }
}

function baseOf(frame: ChannelFrame, native: string, tsMs: number): EventBase {
  return {
    exchange: frame.context.exchange,
    account: frame.context.account,
    symbol: frame.context.symbolOf(native),
    tsMs,
    recvTsUs: frame.context.recvTsUs,
  };
}

/** Send time when the connection stamps frames, else the receive time. */
function frameTimeOf(frame: ChannelFrame): number {
  return frameTimeMsOf(frame.stamps.tsMs, frame.context);
}

function malformed(channel: string): ParseOutcome {
  return { kind: "unmatched", topic: `${channel} (malformed)` };
}

// ── book ──────────────────────────────────────────────────────────────────────────────────────────────────────

/** `[PRICE, COUNT, AMOUNT]` → the level on its side; COUNT 0 removes (size 0). False for a malformed row. */
function pushBookLevel(row: unknown, bids: Level[], asks: Level[]): boolean {
  if (!Array.isArray(row) || row.length < 3) return false;
  const price = toNumber(row[0]);
  const count = toNumber(row[1]);
  const amount = toNumber(row[2]);
  if (!Number.isFinite(price) || !Number.isFinite(count) || !Number.isFinite(amount) || amount === 0)
    return false;
  (amount > 0 ? bids : asks).push([price, count === 0 ? 0 : Math.abs(amount)]);
  return true;
}

function parseBook(frame: ChannelFrame, channel: BitfinexChannel): ParseOutcome {
  const native = channel.native;
  if (!native) return malformed("book");
  const { seq } = frame.stamps;
  const tsMs = frameTimeOf(frame);
  if (frame.tag === "cs") {
    const checksum = toNumber(frame.payload);
    if (!Number.isInteger(checksum)) return malformed("book checksum");
    const event = checksumEventOf(frame.context, native, tsMs, checksum, seq, undefined);
    const prevSeq = chainOf(frame.state, frame.chanId, seq);
    if (prevSeq !== undefined) event.prevSeq = prevSeq;
    return [event];
  }
  if (frame.tag) return { kind: "unmatched", topic: `book ${frame.tag}` };
  const payload = frame.payload;
  if (!Array.isArray(payload)) return malformed("book");
  const bids: Level[] = [];
  const asks: Level[] = [];
  const isSnapshot = payload.length === 0 || Array.isArray(payload[0]);
  if (isSnapshot) {
    for (const row of payload) if (!pushBookLevel(row, bids, asks)) return malformed("book");
    const event = bookEventOf(frame.context, native, tsMs, "snapshot", bids, asks, seq, undefined);
    startBookChain(frame.state, frame.chanId, seq);
    return [event];
  }
  if (!pushBookLevel(payload, bids, asks)) return malformed("book");
  const prevSeq = chainOf(frame.state, frame.chanId, seq);
  return [bookEventOf(frame.context, native, tsMs, "delta", bids, asks, seq, prevSeq)];
}

// ── trades, ticker, candles ───────────────────────────────────────────────────────────────────────────────────

function parseTrades(frame: ChannelFrame, channel: BitfinexChannel): ParseOutcome {
  // `tu` repeats a `te` 1–2 s later, once the trade is written; reading both would count every trade twice.
  if (frame.tag === "tu" || frame.tag === "ftu" || frame.tag === "fte") {
    return { kind: "ignored", reason: `${frame.tag}: repeats te` };
  }
  if (frame.tag !== "te") {
    // The snapshot on subscribe is recent history, not live trades (REST serves history).
    if (Array.isArray(frame.payload)) return { kind: "ignored", reason: "trades snapshot (history)" };
    return malformed("trades");
  }
  const row = frame.payload;
  if (!Array.isArray(row) || row.length < 4 || !channel.native) return malformed("trades");
  const tradeId = toId(row[0]);
  const tsMs = toNumber(row[1]);
  const amount = toNumber(row[2]);
  const price = toNumber(row[3]);
  if (!tradeId || !(tsMs > 0) || !Number.isFinite(amount) || amount === 0 || !(price > 0))
    return malformed("trades");
  // "How much was bought (positive) or sold (negative)": the taker's side.
  const side = amount > 0 ? "buy" : "sell";
  return [tradeEventOf(frame.context, channel.native, tsMs, price, Math.abs(amount), side, tradeId)];
}

function parseTicker(frame: ChannelFrame, channel: BitfinexChannel): ParseOutcome {
  const row = frame.payload;
  if (frame.tag || !Array.isArray(row) || row.length < 10 || !channel.native) return malformed("ticker");
  const ticker = tickerOfRow(row, 0, baseOf(frame, channel.native, frameTimeOf(frame)));
  return ticker ? [ticker] : malformed("ticker");
}

/**
 * Bitfinex sends the open candle on every change and never marks one final. The candle is closed once a newer one
 * opens: its last state is emitted again with `closed: true`, from the per-connection memory of the open candle.
 */
function parseCandles(frame: ChannelFrame, channel: BitfinexChannel): ParseOutcome {
  const { native, interval } = channel;
  if (frame.tag || !native || !interval || !Array.isArray(frame.payload)) return malformed("candles");
  const base = baseOf(frame, native, frameTimeOf(frame));
  const payload = frame.payload;
  // The snapshot (newest first) is history; only its newest candle, still open, starts the live stream.
  const isSnapshot = payload.length === 0 || Array.isArray(payload[0]);
  const row = isSnapshot ? payload[0] : payload;
  if (row === undefined) return { kind: "ignored", reason: "empty candles snapshot" };
  const kline = klineOfCandle(row, interval, base, false);
  if (!kline) return malformed("candles");
  const open = frame.state.openCandles.get(frame.chanId);
  const events: MarketDataEvent[] = [];
  if (open && kline.openTimeMs < open.openTimeMs) {
    // A late change to a candle that is already over.
    return [{ ...kline, closed: true }];
  }
  if (open && kline.openTimeMs > open.openTimeMs)
    events.push({ ...open, tsMs: base.tsMs, recvTsUs: base.recvTsUs, closed: true });
  frame.state.openCandles.set(frame.chanId, kline);
  events.push(kline);
  return events;
}

// ── derivatives status and liquidations ───────────────────────────────────────────────────────────────────────

function parseDerivStatus(frame: ChannelFrame, channel: BitfinexChannel): ParseOutcome {
  const row = frame.payload;
  if (frame.tag || !Array.isArray(row) || !channel.native) return malformed("status");
  const { tsMs: _tsMs, ...base } = baseOf(frame, channel.native, 0);
  const events = eventsOfDerivStatus(row, base);
  if (events.length > 0) return events;
  // Early 2019 rows stop before MARK_PRICE and may hold no funding yet.
  return toNumber(row[0]) > 0
    ? { kind: "ignored", reason: "status without mark, funding or open interest" }
    : malformed("status");
}

/**
 * The global feed carries every pair: a socket of one account keeps the rows of its own markets (perpetuals on
 * linear, margin positions of spot pairs on spot). Rows without PRICE_ACQUIRED (a trigger whose fills follow as
 * market executions) have no price to report and are skipped.
 */
function parseLiquidations(frame: ChannelFrame): ParseOutcome {
  const rows = frame.payload;
  if (frame.tag || !Array.isArray(rows)) return malformed("liquidations");
  const wantPerpetual = frame.context.account !== "spot";
  const events: LiquidationEvent[] = [];
  let foreign = 0;
  for (const row of rows) {
    if (!Array.isArray(row) || row[0] !== "pos" || typeof row[4] !== "string")
      return malformed("liquidations");
    const native = row[4];
    if (isPerpetualNative(native) !== wantPerpetual) {
      foreign++;
      continue;
    }
    const tsMs = toNumber(row[2]);
    const amount = toNumber(row[5]);
    const price = toNumber(row[11]);
    if (!(tsMs > 0) || !Number.isFinite(amount) || amount === 0) return malformed("liquidations");
    if (!(price > 0)) continue;
    const size = Math.abs(amount);
    events.push({
      kind: "liquidation",
      ...baseOf(frame, native, tsMs),
      // A long position (amount > 0) is liquidated by selling it.
      side: amount > 0 ? "sell" : "buy",
      price,
      size,
      value: price * size,
    });
  }
  if (events.length > 0) return events;
  return {
    kind: "ignored",
    reason: foreign > 0 ? "liquidations of the other account" : "liquidation without a price",
  };
}
