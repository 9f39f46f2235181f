// In-place reads of the two Bitstamp frames a market-data socket carries most: `diff_order_book_` diffs (levels read
// where they lie by `FrameScanner`) and `live_trades_` trades (matched whole by one pattern). A frame in any other
// form, or holding anything either reader does not expect, comes back undefined and takes parse.ts's JSON.parse
// path, which judges it. Both paths name channels and build events with the helpers below, so a frame gives the same
// result either way.

import type { Account, BookEvent, Level } from "../../core/index.ts";
import type { ParseContext, Parsed } from "../_shared/adapter.ts";
import { tradeEventAt } from "../_shared/event-base.ts";
import { ANY_PLAIN_TEXT, DECIMAL, PLAIN_TEXT, SHORT_INTEGER } from "../_shared/frame-patterns.ts";
import { FrameScanner, hasTextAt, RECENT_NATIVES, RecentStrings } from "../_shared/scan.ts";
import { bitstampAccountOfNative, canonicalOfNative } from "./symbols.ts";

// ── channels and events, shared with the JSON.parse path ──────────────────────────────────────────────────────

/** Channel prefixes, longest first (`diff_order_book_` before `order_book_`). */
export const CHANNEL_PREFIXES = [
  "diff_order_book_",
  "detail_order_book_",
  "order_book_",
  "live_trades_",
  "live_orders_",
  "funding_rate_",
] as const;
export type ChannelPrefix = (typeof CHANNEL_PREFIXES)[number];

/** What a channel name says, worked out once per name: its kind, market and the market's account. */
export interface ChannelInfo {
  prefix: ChannelPrefix;
  native: string;
  /** One socket URL serves spot and perpetuals: the account is read from the market name (`-perp`). */
  account: Account;
  /** Session key of the last diff time seen on the channel (see parse.ts `parseDiff`). */
  chainKey: string;
}

/** Channel names worked out lately; a connection has a few, so the map is only cleared if it ever grows this big. */
const MAX_CHANNEL_INFOS = 4_096;
const channelInfos = new Map<string, ChannelInfo>();

/** Session key of the last diff time seen on a channel of this connection (see parse.ts `parseDiff`). */
export function diffChainKeyOf(channel: string): string {
  return `bitstamp:last-diff:${channel}`;
}

/**
 * The kind and market of a channel name (`diff_order_book_btcusd`), undefined for a name of no known kind. Names
 * repeat on every frame of a channel: what they say is kept per name, not split, sliced and lower-cased per frame.
 */
export function channelInfoOf(channel: string): ChannelInfo | undefined {
  const known = channelInfos.get(channel);
  if (known !== undefined) return known;
  for (const prefix of CHANNEL_PREFIXES) {
    if (channel.startsWith(prefix) && channel.length > prefix.length) {
      const native = channel.slice(prefix.length);
      const info: ChannelInfo = {
        prefix,
        native,
        account: bitstampAccountOfNative(native),
        chainKey: diffChainKeyOf(channel),
      };
      if (channelInfos.size >= MAX_CHANNEL_INFOS) channelInfos.clear();
      channelInfos.set(channel, info);
      return info;
    }
  }
  return undefined;
}

/** The canonical symbol of a market: the context names those of its own account, the naming rules the others. */
export function symbolOfMarket(context: ParseContext, native: string, account: Account): string {
  return account === context.account
    ? context.symbolOf(native)
    : (canonicalOfNative(native, account) ?? native);
}

/** A diff as one object literal (a spread base costs a tenth of a frame). */
export function diffEventOf(
  context: ParseContext,
  info: ChannelInfo,
  micros: number,
  previousMicros: number | undefined,
  bids: Level[],
  asks: Level[],
): BookEvent {
  return {
    kind: "book",
    exchange: context.exchange,
    account: info.account,
    symbol: symbolOfMarket(context, info.native, info.account),
    tsMs: Math.floor(micros / 1000),
    recvTsUs: context.recvTsUs,
    type: "delta",
    bids,
    asks,
    seq: micros,
    firstSeq: previousMicros === undefined ? micros : previousMicros + 1,
  };
}

/**
 * Chains a diff at `micros` onto its channel: the previous diff time on this connection (undefined for the first
 * after subscribing), the latest one kept.
 */
export function chainDiff(context: ParseContext, info: ChannelInfo, micros: number): number | undefined {
  const previous = context.session.get(info.chainKey);
  const previousMicros = typeof previous === "number" ? previous : undefined;
  context.session.set(
    info.chainKey,
    previousMicros === undefined ? micros : Math.max(previousMicros, micros),
  );
  return previousMicros;
}

// ── diffs, read in place ──────────────────────────────────────────────────────────────────────────────────────

const scanner = new FrameScanner();

/** How a diff frame begins: `data` first, as Bitstamp sends it; other orders take the JSON.parse path. */
const DIFF_FRAME_START = '{"data":';

/** The channel names diff frames carried lately, handed out again (no copy, a hash the info map already has). */
const diffChannels = new RecentStrings(RECENT_NATIVES);

/**
 * `{"data":{…,"microtimestamp":"…","bids":[…],"asks":[…]},"channel":"diff_order_book_<market>","event":"data"}`
 * read in place, to the event the JSON.parse path builds: levels are most of a diff, and reading them where they
 * lie skips JSON.parse's tree of strings. `data`'s four members may come in any order; `channel` and `event` follow it.
 * Anything else (another layout, a level that is no decimal text, another channel) returns undefined before the
 * session is touched.
 */
export function scanDiffFrame(frame: string, context: ParseContext): Parsed | undefined {
  if (!hasTextAt(frame, 0, DIFF_FRAME_START)) return undefined;
  const s = scanner;
  s.reset(frame);
  s.pos = DIFF_FRAME_START.length;
  if (!s.openObject()) return undefined;
  let micros = Number.NaN;
  let bids: Level[] | undefined;
  let asks: Level[] | undefined;
  do {
    const length = s.key();
    if (length === 4 && s.isKey("bids")) bids = s.levels(false);
    else if (length === 4 && s.isKey("asks")) asks = s.levels(false);
    else if (length === 14 && s.isKey("microtimestamp")) micros = s.numeric();
    else if (length === 9 && s.isKey("timestamp")) s.skipValue();
    // A member diffs do not have (a trade's `id`): not read here, so no other payload is scanned through.
    else return undefined;
  } while (s.nextMember());
  let channelStart = -1;
  let channelEnd = -1;
  let isData = false;
  while (s.nextMember()) {
    const length = s.key();
    if (length === 7 && s.isKey("channel") && channelStart < 0) {
      if (!s.stringRange()) return undefined;
      channelStart = s.valueStart;
      channelEnd = s.valueEnd;
    } else if (length === 5 && s.isKey("event") && !isData) {
      if (!s.stringRange() || s.valueEnd - s.valueStart !== 4 || !hasTextAt(frame, s.valueStart, "data"))
        return undefined;
      isData = true;
    } else {
      // A second `data`, another member: the JSON.parse path's to judge.
      return undefined;
    }
  }
  if (!s.isAtEnd() || !isData || channelStart < 0 || bids === undefined || asks === undefined)
    return undefined;
  if (!Number.isSafeInteger(micros) || micros <= 0) return undefined;
  const info = channelInfoOf(diffChannels.at(frame, channelStart, channelEnd));
  if (info === undefined || info.prefix !== "diff_order_book_") return undefined;
  const previousMicros = chainDiff(context, info, micros);
  return { kind: "events", events: [diffEventOf(context, info, micros, previousMicros, bids, asks)] };
}

// ── trades, matched whole ─────────────────────────────────────────────────────────────────────────────────────

/** Any JSON number (values the trade reader validates but does not use). */
const JSON_NUMBER = String.raw`-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?`;

/** A JSON string with no escape (the `timestamp` in seconds, unused when `microtimestamp` is there). */
const PLAIN_STRING = `"${ANY_PLAIN_TEXT}"`;

/**
 * A trade frame whole, in the order Bitstamp sends its keys (without `id_str`), capturing the id, the `_str` texts of
 * amount and price (the exact values), the taker side, the time in µs and the channel name.
 */
const TRADE_FRAME = new RegExp(
  String.raw`^\{"data":\{"id":(${SHORT_INTEGER}),"timestamp":${PLAIN_STRING},"amount":${JSON_NUMBER},"amount_str":"(${DECIMAL})","price":${JSON_NUMBER},"price_str":"(${DECIMAL})","type":([01]),"microtimestamp":"([1-9]\d{0,15})","buy_order_id":${JSON_NUMBER},"sell_order_id":${JSON_NUMBER}\},"channel":"(live_trades_${PLAIN_TEXT})","event":"trade"\}$`,
);

/** The channel names trade frames carried lately, handed out again (the info map's key, hashed once). */
const tradeChannels = new RecentStrings(RECENT_NATIVES);

/**
 * A `live_trades_` frame in the exact layout Bitstamp sends, matched whole by one pattern and read from its groups,
 * to the event the JSON.parse path builds. Any other frame (`id_str` on perpetuals, another key order, a zero price
 * or size) returns undefined and takes the JSON.parse path, which judges it.
 */
export function matchTradeFrame(frame: string, context: ParseContext): Parsed | undefined {
  // `{"data":{"i…`: a first look keeps the pattern off diff frames (`{"data":{"t…`).
  if (frame.charCodeAt(10) !== 105) return undefined;
  const match = TRADE_FRAME.exec(frame);
  if (match === null) return undefined;
  const size = Number(match[2]);
  const price = Number(match[3]);
  const tsMs = Math.floor(Number(match[5]) / 1000);
  // A zero price or size (ignored), a time below 1 ms (malformed): the JSON.parse path says which.
  if (!(price > 0) || !(size > 0) || !(tsMs > 0)) return undefined;
  const info = channelInfoOf(tradeChannels.same(match[6]!));
  if (info === undefined) return undefined;
  const side = match[4] === "0" ? "buy" : "sell";
  const symbol = symbolOfMarket(context, info.native, info.account);
  const trade = tradeEventAt(context, info.account, symbol, tsMs, price, size, side, match[1]!);
  return { kind: "events", events: [trade] };
}
