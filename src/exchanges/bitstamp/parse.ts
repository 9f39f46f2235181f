// Inbound Bitstamp frame → Parsed (pure, never throws on venue input). Data frames on subscribed channels become
// normalized events; acks, heartbeat answers, errors and the reconnect notice become control verdicts; frames of
// channels dig3 does not subscribe to (order_book_, live_orders_) are reported by channel. Diffs and trades are read
// in place (scan.ts); every other frame, and any surprise in one, is JSON.parsed.

import type {
  Account,
  EventBase,
  FundingRateEvent,
  MarketDataEvent,
  MarkPriceEvent,
} from "../../core/index.ts";
import { type ParseContext, type Parsed, type ParseOutcome, toParsed } from "../_shared/adapter.ts";
import { tradeEventAt } from "../_shared/event-base.ts";
import {
  assignDefined,
  isRecord,
  isTime,
  parseJson,
  toId,
  toLevels,
  toNumber,
  toOptionalNumber,
} from "../_shared/values.ts";
import {
  type ChannelInfo,
  chainDiff,
  channelInfoOf,
  diffChainKeyOf,
  diffEventOf,
  matchTradeFrame,
  scanDiffFrame,
  symbolOfMarket,
} from "./scan.ts";
import { bitstampAccountOfNative } from "./symbols.ts";

export { diffChainKeyOf } from "./scan.ts";

type Data = Record<string, unknown>;

const RETRYABLE_RE = /too many|rate limit|timeout|timed out|try again|busy|unavailable|maintenance/i;

export function parseBitstampFrame(frame: string, context: ParseContext): Parsed {
  if (typeof frame !== "string") return { kind: "unmatched", topic: "(not text)" };
  return (
    matchTradeFrame(frame, context) ?? scanDiffFrame(frame, context) ?? parseBitstampJson(frame, context)
  );
}

/** The JSON.parse path: every frame the in-place readers do not take (exported to check that they agree). */
export function parseBitstampJson(frame: string, context: ParseContext): Parsed {
  const message = parseJson(frame);
  if (message === undefined) {
    // A blank frame is no JSON either: checking for one only here keeps `trim` off every data frame.
    if (frame.trim().length === 0) return { kind: "ignored", reason: "empty frame" };
    return { kind: "unmatched", topic: "(not json)" };
  }
  if (!isRecord(message)) return { kind: "unmatched", topic: "(not an object)" };
  const event = message.event;
  if (typeof event !== "string") return { kind: "unmatched", topic: "(unknown frame)" };
  const channel = typeof message.channel === "string" ? message.channel : "";

  switch (event) {
    case "bts:subscription_succeeded":
    case "bts:unsubscription_succeeded":
      // A (re)subscribed diff channel starts a new stream: nothing before this ack chains to what follows.
      context.session.delete(diffChainKeyOf(channel));
      return { kind: "ack", note: `${event.slice(4)} ${channel}` };
    case "bts:heartbeat":
      return { kind: "pong" };
    case "bts:request_reconnect":
      return {
        kind: "venue-error",
        message: "server asks for a reconnect (maintenance)",
        retryable: true,
        reconnect: true,
      };
    case "bts:error":
      return errorOf(message.data);
    default:
      return toParsed(parseData(event, channel, message.data, context));
  }
}

/** Exchange time in ms from Bitstamp's time texts: microseconds when given, else seconds (or ms on perp trades). */
export function timeMsOf(microtimestamp: unknown, timestamp: unknown): number {
  const micros = toNumber(microtimestamp);
  if (Number.isFinite(micros) && micros > 0) return Math.floor(micros / 1000);
  const stamp = toNumber(timestamp);
  if (!Number.isFinite(stamp) || stamp <= 0) return Number.NaN;
  // Seconds have 10 digits until 2286; perpetual trades send milliseconds (13 digits) in the same field.
  return stamp >= 1e12 ? Math.floor(stamp) : Math.floor(stamp * 1000);
}

function errorOf(data: unknown): Parsed {
  const body = isRecord(data) ? data : {};
  const text = typeof body.message === "string" ? body.message : "request failed";
  const code = toOptionalNumber(body.code);
  return {
    kind: "venue-error",
    message: code === undefined ? text : `code ${code}: ${text}`,
    retryable: RETRYABLE_RE.test(text),
  };
}

function parseData(event: string, channel: string, data: unknown, context: ParseContext): ParseOutcome {
  const info = channelInfoOf(channel);
  if (!info) return { kind: "unmatched", topic: channel ? `${event} ${channel}` : event };
  const topic = info.prefix.slice(0, -1);
  if (!isRecord(data)) return malformed(topic);
  if (info.prefix === "live_trades_" && event === "trade") return parseTrade(data, info, context);
  if (info.prefix === "diff_order_book_" && event === "data") return parseDiff(data, info, context);
  if (info.prefix === "funding_rate_" && event === "funding_rate_saved")
    return parseFunding(data, info.native, context);
  // order_book_ (top-100 snapshots), detail_order_book_, live_orders_ (L3): channels dig3 does not subscribe to.
  return { kind: "unmatched", topic };
}

function malformed(topic: string): ParseOutcome {
  return { kind: "unmatched", topic: `${topic} (malformed)` };
}

/**
 * Event base for a native. One socket URL serves spot and perpetuals, so the account is read from the market name
 * (`-perp`) rather than trusted from the connection; the context's resolver names symbols of its own account.
 */
function baseOf(context: ParseContext, native: string, tsMs: number): EventBase {
  const account: Account = bitstampAccountOfNative(native);
  const symbol = symbolOfMarket(context, native, account);
  return { exchange: context.exchange, account, symbol, tsMs, recvTsUs: context.recvTsUs };
}

function parseTrade(data: Data, info: ChannelInfo, context: ParseContext): ParseOutcome {
  // `id` can pass 2^53 on perpetuals, where JSON.parse rounds it: `id_str` is exact when sent.
  const tradeId = toId(data.id_str) || toId(data.id);
  const price = toNumber(data.price_str ?? data.price);
  const size = toNumber(data.amount_str ?? data.amount);
  const tsMs = timeMsOf(data.microtimestamp, data.timestamp);
  const side =
    data.type === 0 || data.type === "0" ? "buy" : data.type === 1 || data.type === "1" ? "sell" : undefined;
  if (!tradeId || !side || !Number.isFinite(price) || !Number.isFinite(size) || !isTime(tsMs)) {
    return malformed("live_trades");
  }
  if (price <= 0 || size <= 0) return { kind: "ignored", reason: "trade with zero price or size" };
  const symbol = symbolOfMarket(context, info.native, info.account);
  return [tradeEventAt(context, info.account, symbol, tsMs, price, size, side, tradeId)];
}

/**
 * A diff carries no sequence: `seq` is its `microtimestamp` (what the REST snapshot is compared with) and `firstSeq`
 * is derived from this connection's own order: the previous diff's time + 1 on the same subscription, or the diff's
 * own time for the first one after subscribing. The tracker's `first-le-next` bridge then accepts a snapshot only if
 * it is at least as new as the first diff received, so a stale (edge-cached) snapshot resyncs instead of leaving a
 * hole; a diff the server never sent stays undetectable, as on Bitstamp itself.
 */
function parseDiff(data: Data, info: ChannelInfo, context: ParseContext): ParseOutcome {
  const micros = toNumber(data.microtimestamp);
  if (!Number.isSafeInteger(micros) || micros <= 0) return malformed("diff_order_book");
  if (!Array.isArray(data.bids) || !Array.isArray(data.asks)) return malformed("diff_order_book");
  const previousMicros = chainDiff(context, info, micros);
  const bids = toLevels(data.bids);
  return [diffEventOf(context, info, micros, previousMicros, bids, toLevels(data.asks))];
}

function parseFunding(data: Data, channelNative: string, context: ParseContext): ParseOutcome {
  const native = typeof data.market === "string" && data.market.length > 0 ? data.market : channelNative;
  const tsMs = timeMsOf(undefined, data.timestamp);
  const markPrice = toNumber(data.mark_price);
  if (!isTime(tsMs) || !Number.isFinite(markPrice)) return malformed("funding_rate");
  const base = baseOf(context, native, tsMs);
  const mark: MarkPriceEvent = { kind: "mark_price", ...base, markPrice };
  const events: MarketDataEvent[] = [assignDefined(mark, { indexPrice: toOptionalNumber(data.index_price) })];
  const rate = toOptionalNumber(data.funding_rate);
  if (rate !== undefined) {
    const funding: FundingRateEvent = { kind: "funding_rate", ...base, rate };
    const nextMs = timeMsOf(undefined, data.next_funding_time);
    events.push(assignDefined(funding, { nextFundingTsMs: isTime(nextMs) ? nextMs : undefined }));
  }
  return events;
}
