// Inbound HyperLiquid frame → Parsed (pure, never throws on venue input). `{channel, data}` envelopes: l2Book
// snapshots, trades, candles (the previous bar closed when the next starts), activeAssetCtx fanned out into mark
// price, funding, open interest and ticker, bbo merged into the ticker; subscriptionResponse acks, pongs and errors.

import type {
  Account,
  BookEvent,
  EventBase,
  FundingRateEvent,
  KlineEvent,
  Level,
  MarketDataEvent,
  MarkPriceEvent,
  OpenInterestEvent,
  Side,
  TickerEvent,
  TradeEvent,
} from "../../core/index.ts";
import { type ParseContext, type Parsed, type ParseOutcome, toParsed } from "../_shared/adapter.ts";
import { recvMsOf, tradeEventAt } from "../_shared/event-base.ts";
import { DECIMAL, INTEGER, PLAIN_TEXT, TIME_MS } from "../_shared/frame-patterns.ts";
import { jsonNumberRead, readJsonNumberAt } from "../_shared/json-number.ts";
import { copyText, FrameScanner } from "../_shared/scan.ts";
import {
  assignDefined,
  isRecord,
  isTime,
  parseJson,
  POW10,
  readDecimalIn,
  toId,
  toNumber,
  toOptionalNumber,
} from "../_shared/values.ts";
import { HYPERLIQUID_INTERVALS } from "./subscribe.ts";
import { marketOfCoin } from "./symbols.ts";

type Data = Record<string, unknown>;

const HOUR_MS = 3_600_000;

export function parseHyperliquidFrame(frame: string, context: ParseContext): Parsed {
  if (typeof frame !== "string") return { kind: "unmatched", topic: "(not text)" };
  // l2Book and trades pushes in HyperLiquid's own layout are read in place (the channel's first letter says which
  // reader may take the frame); any other frame, and any surprise in one, takes the JSON.parse path.
  const channelLetter = frame.charCodeAt(CHANNEL_LETTER_AT);
  const read =
    channelLetter === 108
      ? readBookFrame(frame, context)
      : channelLetter === 116
        ? readTradesFrame(frame, context)
        : undefined;
  return read ?? parseHyperliquidJson(frame, context);
}

/** Where the channel's first letter lies in a frame that begins `{"channel":"`. */
const CHANNEL_LETTER_AT = '{"channel":"'.length;

/** The JSON.parse path: every frame the in-place readers do not take (exported to check that the two paths agree). */
export function parseHyperliquidJson(frame: string, context: ParseContext): Parsed {
  const message = parseJson(frame);
  if (message === undefined) {
    // A blank frame is no JSON either: checking for one only here keeps `trim` off every data frame.
    if (frame.trim().length === 0) return { kind: "ignored", reason: "empty frame" };
    return { kind: "unmatched", topic: "(not json)" };
  }
  if (!isRecord(message) || typeof message.channel !== "string")
    return { kind: "unmatched", topic: "(no channel)" };
  const outcome = parseChannel(message.channel, message.data, context);
  return toParsed(outcome);
}

function parseChannel(channel: string, data: unknown, context: ParseContext): ParseOutcome {
  switch (channel) {
    case "pong":
      return { kind: "pong" };
    case "subscriptionResponse":
      return { kind: "ack", note: ackNoteOf(data) };
    case "error":
      return {
        kind: "venue-error",
        message: typeof data === "string" ? data : JSON.stringify(data ?? null),
        retryable: false,
      };
    case "l2Book":
      return isRecord(data) ? parseBook(data, context) : malformed(channel);
    case "trades":
      return Array.isArray(data) ? parseTrades(data, context) : malformed(channel);
    case "candle":
      return parseCandles(Array.isArray(data) ? data : [data], context);
    case "activeAssetCtx":
    case "activeSpotAssetCtx":
      return isRecord(data) ? parseAssetCtx(data, context) : malformed(channel);
    case "bbo":
      return isRecord(data) ? parseBbo(data, context) : malformed(channel);
    case "allMids":
    case "post":
      return { kind: "ignored", reason: `${channel}: not used by dig3` };
    default:
      return { kind: "unmatched", topic: channel };
  }
}

function malformed(channel: string): ParseOutcome {
  return { kind: "unmatched", topic: `${channel} (malformed)` };
}

function ackNoteOf(data: unknown): string {
  if (!isRecord(data) || !isRecord(data.subscription)) return "subscription";
  const { type, coin, interval } = data.subscription;
  return [data.method, type, coin, interval].filter((part) => typeof part === "string").join(" ");
}

/**
 * What a coin name says by itself, worked out once per name (the market patterns cost more than the rest of a
 * trade): the market the name belongs to (undefined for names outside both forms) and the symbol it has there when
 * that is not the connection's account.
 */
interface CoinName {
  coin: string;
  market: Account | undefined;
  /** A perpetual seen on a spot connection (recordings without a URL): its name is its symbol's base. */
  offSymbol: string;
}

/** Coin names by the name as sent; a socket carries a few hundred coins at most, so the bound is only a guard. */
const coinNames = new Map<string, CoinName>();
const MAX_COIN_NAMES = 4_096;

function coinNameOf(coin: string): CoinName {
  let name = coinNames.get(coin);
  if (name === undefined) {
    const market = marketOfCoin(coin);
    name = { coin, market, offSymbol: market === "linear" ? `${coin.toUpperCase()}/USDC:USDC` : coin };
    if (coinNames.size >= MAX_COIN_NAMES) coinNames.clear();
    coinNames.set(coin, name);
  }
  return name;
}

/** The canonical symbol of a coin on `account`, its market's or else the connection's. */
function symbolOfCoin(name: CoinName, account: Account, context: ParseContext): string {
  return account === context.account ? context.symbolOf(name.coin) : name.offSymbol;
}

/**
 * Market and canonical symbol of a coin. The socket serves every market on one URL and the coin says which market
 * it is (`@107` spot, `BTC` perpetual), so the name decides; names outside both forms take the connection's account.
 */
export function marketOf(coin: string, context: ParseContext): { account: Account; symbol: string } {
  const name = coinNameOf(coin);
  const account = name.market ?? context.account;
  return { account, symbol: symbolOfCoin(name, account, context) };
}

function baseOf(coin: string, tsMs: number, context: ParseContext): EventBase {
  const { account, symbol } = marketOf(coin, context);
  return { exchange: context.exchange, account, symbol, tsMs, recvTsUs: context.recvTsUs };
}

function coinOf(data: Data): string | undefined {
  return typeof data.coin === "string" && data.coin.length > 0 ? data.coin : undefined;
}

// ── book ───────────────────────────────────────────────────────────────────────────────────────────────────────

/** `[{px, sz, n}, …]` → levels; undefined when a row is unusable. */
export function toBookSide(rows: unknown): Level[] | undefined {
  if (!Array.isArray(rows)) return undefined;
  const levels: Level[] = [];
  for (const row of rows) {
    if (!isRecord(row)) return undefined;
    const price = toNumber(row.px);
    const size = toNumber(row.sz);
    if (!(price > 0) || !(size >= 0)) return undefined;
    levels.push([price, size]);
  }
  return levels;
}

/** An l2Book message (socket or REST) → a snapshot: every message is the whole top of the book. */
export function bookOf(data: Data, context: ParseContext): BookEvent | undefined {
  const coin = coinOf(data);
  const tsMs = toNumber(data.time);
  const levels = data.levels;
  if (!coin || !isTime(tsMs) || !Array.isArray(levels) || levels.length !== 2) return undefined;
  const bids = toBookSide(levels[0]);
  const asks = toBookSide(levels[1]);
  if (!bids || !asks) return undefined;
  return bookEventOf(coinNameOf(coin), tsMs, bids, asks, context);
}

/** One object literal per book event (no spread of a base: a tenth of a push's time), keys in one order. */
function bookEventOf(
  name: CoinName,
  tsMs: number,
  bids: Level[],
  asks: Level[],
  context: ParseContext,
): BookEvent {
  const account = name.market ?? context.account;
  return {
    kind: "book",
    exchange: context.exchange,
    account,
    symbol: symbolOfCoin(name, account, context),
    tsMs,
    recvTsUs: context.recvTsUs,
    type: "snapshot",
    bids,
    asks,
  };
}

function parseBook(data: Data, context: ParseContext): ParseOutcome {
  const book = bookOf(data, context);
  return book ? [book] : malformed("l2Book");
}

// ── trades ─────────────────────────────────────────────────────────────────────────────────────────────────────

/** "B" (bid) means the aggressor bought, "A" (ask) that it sold. */
function takerSideOf(side: unknown): Side | undefined {
  return side === "B" ? "buy" : side === "A" ? "sell" : undefined;
}

/** One trade row (socket or `recentTrades`) → TradeEvent; undefined when a field is unusable. */
export function tradeOf(row: Data, context: ParseContext): TradeEvent | undefined {
  const coin = coinOf(row);
  const price = toNumber(row.px);
  const size = toNumber(row.sz);
  const tsMs = toNumber(row.time);
  const side = takerSideOf(row.side);
  const tradeId = toId(row.tid);
  if (!coin || !(price > 0) || !(size > 0) || !isTime(tsMs) || !side || !tradeId) return undefined;
  return coinTradeOf(coinNameOf(coin), tsMs, price, size, side, tradeId, context);
}

/** A trade of a coin, on the coin's own market where it names one (spot `@…` pairs), else the context's account. */
function coinTradeOf(
  name: CoinName,
  tsMs: number,
  price: number,
  size: number,
  side: Side,
  tradeId: string,
  context: ParseContext,
): TradeEvent {
  const account = name.market ?? context.account;
  return tradeEventAt(
    context,
    account,
    symbolOfCoin(name, account, context),
    tsMs,
    price,
    size,
    side,
    tradeId,
  );
}

function parseTrades(rows: unknown[], context: ParseContext): ParseOutcome {
  const events: MarketDataEvent[] = [];
  for (const row of rows) {
    const trade = isRecord(row) ? tradeOf(row, context) : undefined;
    if (!trade) return malformed("trades");
    events.push(trade);
  }
  return events.length > 0 ? events : { kind: "ignored", reason: "empty trades batch" };
}

// ── candles ────────────────────────────────────────────────────────────────────────────────────────────────────

/** A candle (socket or `candleSnapshot`) → the bar it describes, `closed` as given. */
export function klineOf(row: Data, context: ParseContext, closed: boolean): KlineEvent | undefined {
  const coin = typeof row.s === "string" && row.s.length > 0 ? row.s : undefined;
  const interval = typeof row.i === "string" && HYPERLIQUID_INTERVALS.includes(row.i) ? row.i : undefined;
  const openTimeMs = toNumber(row.t);
  const closeTimeMs = toNumber(row.T);
  const values = [toNumber(row.o), toNumber(row.h), toNumber(row.l), toNumber(row.c), toNumber(row.v)];
  if (!coin || !interval || !isTime(openTimeMs) || !values.every(Number.isFinite)) return undefined;
  const [open, high, low, close, volume] = values as [number, number, number, number, number];
  const tsMs = closed ? closeTimeMs : Math.max(openTimeMs, recvMsOf(context));
  const bar: KlineEvent = {
    kind: "kline",
    ...baseOf(coin, isTime(tsMs) ? tsMs : openTimeMs, context),
    interval,
    openTimeMs,
    open,
    high,
    low,
    close,
    volume,
    closed,
  };
  return assignDefined(bar, {
    closeTimeMs: isTime(closeTimeMs) ? closeTimeMs : undefined,
    trades: toOptionalNumber(row.n),
  });
}

/**
 * The socket pushes the bar in progress and never says it is final; a bar is final once a later one starts, so the
 * session keeps the last bar per coin and interval and emits it once more with `closed: true` when the next bar's
 * first update arrives. After a reconnect the session is empty and the cut-off bar is left to REST backfill.
 */
function parseCandles(rows: unknown[], context: ParseContext): ParseOutcome {
  const events: MarketDataEvent[] = [];
  for (const row of rows) {
    const bar = isRecord(row) ? klineOf(row, context, false) : undefined;
    if (!bar) return malformed("candle");
    const key = `hyperliquid-kline|${bar.account}|${bar.symbol}|${bar.interval}`;
    const previous = context.session.get(key) as KlineEvent | undefined;
    context.session.set(key, bar);
    if (previous && previous.openTimeMs < bar.openTimeMs) {
      events.push({ ...previous, tsMs: bar.openTimeMs, recvTsUs: context.recvTsUs, closed: true });
    }
    events.push(bar);
  }
  return events.length > 0 ? events : { kind: "ignored", reason: "empty candle batch" };
}

// ── asset context, bbo and the merged ticker ───────────────────────────────────────────────────────────────────

/** What the ticker knows of a coin: the last bbo and the last asset context, merged per connection. */
interface TickerState {
  bid?: number;
  bidSize?: number;
  ask?: number;
  askSize?: number;
  volume24h?: number;
  quoteVolume24h?: number;
  changePct24h?: number;
}

function tickerStateOf(context: ParseContext, key: string): TickerState {
  let state = context.session.get(key) as TickerState | undefined;
  if (!state) {
    state = {};
    context.session.set(key, state);
  }
  return state;
}

function tickerEventOf(base: EventBase, state: TickerState): TickerEvent {
  const ticker: TickerEvent = { kind: "ticker", ...base };
  return assignDefined(ticker, { ...state });
}

/** 24 h stats of an asset context: base and notional volume, change against `prevDayPx` (by the mark price). */
export function statsOf(ctx: Data): Pick<TickerState, "volume24h" | "quoteVolume24h" | "changePct24h"> {
  const mark = toOptionalNumber(ctx.markPx);
  const previous = toOptionalNumber(ctx.prevDayPx);
  return {
    volume24h: toOptionalNumber(ctx.dayBaseVlm),
    quoteVolume24h: toOptionalNumber(ctx.dayNtlVlm),
    changePct24h:
      mark !== undefined && previous !== undefined && previous > 0
        ? ((mark - previous) / previous) * 100
        : undefined,
  };
}

/**
 * `activeAssetCtx` / `activeSpotAssetCtx` → ticker (24 h stats merged with the last bbo) and, for perpetuals, mark
 * price (oracle price as index), funding (the current hourly rate; next funding on the next full hour) and open
 * interest (coins; valued at the mark price). The context carries no time: events take the receive time.
 */
export function assetCtxEventsOf(
  coin: string,
  ctx: Data,
  tsMs: number,
  context: ParseContext,
): MarketDataEvent[] {
  const base = baseOf(coin, tsMs, context);
  const state = tickerStateOf(context, `hyperliquid-ticker|${base.account}|${coin}`);
  Object.assign(state, statsOf(ctx));
  const events: MarketDataEvent[] = [tickerEventOf(base, state)];
  if (base.account === "spot") return events;
  const markPrice = toOptionalNumber(ctx.markPx);
  if (markPrice !== undefined) {
    const mark: MarkPriceEvent = { kind: "mark_price", ...base, markPrice };
    events.push(assignDefined(mark, { indexPrice: toOptionalNumber(ctx.oraclePx) }));
  }
  const rate = toOptionalNumber(ctx.funding);
  if (rate !== undefined) {
    const funding: FundingRateEvent = {
      kind: "funding_rate",
      ...base,
      rate,
      nextFundingTsMs: (Math.floor(tsMs / HOUR_MS) + 1) * HOUR_MS,
    };
    events.push(funding);
  }
  const openInterest = toOptionalNumber(ctx.openInterest);
  if (openInterest !== undefined) {
    const oi: OpenInterestEvent = { kind: "open_interest", ...base, openInterest };
    events.push(
      assignDefined(oi, {
        openInterestValue: markPrice === undefined ? undefined : openInterest * markPrice,
      }),
    );
  }
  return events;
}

function parseAssetCtx(data: Data, context: ParseContext): ParseOutcome {
  const coin = coinOf(data);
  if (!coin || !isRecord(data.ctx)) return malformed("activeAssetCtx");
  return assetCtxEventsOf(coin, data.ctx, recvMsOf(context), context);
}

function parseBbo(data: Data, context: ParseContext): ParseOutcome {
  const coin = coinOf(data);
  const tsMs = toNumber(data.time);
  if (!coin || !isTime(tsMs) || !Array.isArray(data.bbo)) return malformed("bbo");
  const base = baseOf(coin, tsMs, context);
  const state = tickerStateOf(context, `hyperliquid-ticker|${base.account}|${coin}`);
  const [bid, ask] = data.bbo;
  const side = (level: unknown) => (isRecord(level) ? toBookSide([level])?.[0] : undefined);
  const best = { bid: side(bid), ask: side(ask) };
  state.bid = best.bid?.[0];
  state.bidSize = best.bid?.[1];
  state.ask = best.ask?.[0];
  state.askSize = best.ask?.[1];
  return [tickerEventOf(base, state)];
}

// ── in-place reads of the hottest frames ──────────────────────────────────────────────────────────────────────

/**
 * The scanner of the trades reader (and of coin names in both readers): values are read where they lie
 * (`decimalString`, `number`, `skipValue` validate as JSON.parse would), while the keys and punctuation of the fixed
 * layout are compared whole by the engine's `startsWith` rather than read as keys (`key`, `isKey`), which a fixed
 * layout does not need.
 */
const scanner = new FrameScanner();

/** The scanner on `frame` just past `head`, where the frame begins with it; else undefined. */
function scannerPast(frame: string, head: string): FrameScanner | undefined {
  if (!frame.startsWith(head)) return undefined;
  const s = scanner;
  s.reset(frame);
  s.pos = head.length;
  return s;
}

/** Whether `literal` lies at the scanner's position; if so, the scanner moves past it. */
function literal(s: FrameScanner, literal: string): boolean {
  if (!s.text.startsWith(literal, s.pos)) return false;
  s.pos += literal.length;
  return true;
}

/** Whether the character at the scanner's position is `code`; if so, the scanner moves past it. */
function char(s: FrameScanner, code: number): boolean {
  if (s.text.charCodeAt(s.pos) !== code) return false;
  s.pos++;
  return true;
}

/** Coin names by a hash of the name's text, so that a coin read in place is found without making a string of it. */
const coinsByHash = new Map<number, CoinName>();

/**
 * The coin whose name runs from the scanner's position (just past the opening quote) to its closing quote, the
 * scanner left past that quote; undefined for an empty name or one with an escape or a control character.
 */
function coinAt(s: FrameScanner): CoinName | undefined {
  const text = s.text;
  const start = s.pos;
  let pos = start;
  let hash = 0;
  // `| 0`: past the end `charCodeAt` is NaN, which would make every code a double; 0 fails as a control character.
  let code = text.charCodeAt(pos) | 0;
  while (code !== 34) {
    if (code < 32 || code === 92) return undefined;
    hash = (Math.imul(hash, 31) + code) | 0;
    code = text.charCodeAt(++pos) | 0;
  }
  if (pos === start) return undefined;
  s.pos = pos + 1;
  const known = coinsByHash.get(hash);
  if (known !== undefined && known.coin.length === pos - start && text.startsWith(known.coin, start))
    return known;
  const name = coinNameOf(copyText(text, start, pos));
  if (coinsByHash.size >= MAX_COIN_NAMES) coinsByHash.clear();
  coinsByHash.set(hash, name);
  return name;
}

const BOOK_HEAD = '{"channel":"l2Book","data":{"coin":"';

/** One level as HyperLiquid sends it: price and size as decimal texts, then the order count (not kept). */
const BOOK_LEVEL = String.raw`\{"px":"${DECIMAL}","sz":"${DECIMAL}","n":${INTEGER}\}`;
const BOOK_SIDE = String.raw`\[(?:${BOOK_LEVEL}(?:,${BOOK_LEVEL})*)?\]`;

/**
 * An l2Book push in the exact layout HyperLiquid sends, `{"channel":"l2Book","data":{"coin","time","levels":
 * [[{px, sz, n}…],[…]]}}` (see `_shared/frame-patterns.ts`). Nothing is captured: `test` checks the whole frame, and
 * the values are then read where this layout puts them.
 */
const BOOK_FRAME = new RegExp(
  String.raw`^\{"channel":"l2Book","data":\{"coin":"${PLAIN_TEXT}","time":${TIME_MS},"levels":\[${BOOK_SIDE},${BOOK_SIDE}\]\}\}$`,
);

// The fixed stretches of an l2Book push between its values.
const COIN_TO_TIME = ',"time":';
const TIME_TO_LEVELS = ',"levels":[';
const LEVEL_TO_PRICE = '{"px":"';
const PRICE_TO_SIZE = '","sz":"';
const SIZE_TO_COUNT = '","n":';

/**
 * An l2Book push matched whole by `BOOK_FRAME`, read in place to the event `bookOf` builds: no JSON.parse tree, levels
 * straight to tuples. Any other frame (another key order, whitespace, a decimal in another form, a zero price)
 * returns undefined and takes the JSON.parse path.
 */
export function readBookFrame(frame: string, context: ParseContext): Parsed | undefined {
  if (!BOOK_FRAME.test(frame)) return undefined;
  const s = scanner;
  s.reset(frame);
  s.pos = BOOK_HEAD.length;
  const name = coinAt(s);
  if (name === undefined) return undefined;
  const tsMs = readJsonNumberAt(frame, s.pos + COIN_TO_TIME.length);
  const bids = readBookSide(frame, jsonNumberRead.end + TIME_TO_LEVELS.length);
  if (bids === undefined) return undefined;
  // `,` between the sides.
  const asks = readBookSide(frame, sideEnd + 1);
  if (asks === undefined) return undefined;
  return { kind: "events", events: [bookEventOf(name, tsMs, bids, asks, context)] };
}

/** Where the side the last `readBookSide` read ends: just past its `]`. */
let sideEnd = 0;

/**
 * A matched side `[{"px":"…","sz":"…","n":…}, …]` from its `[` at `start` → levels, as `toBookSide` reads them
 * (undefined for a price that is not above zero, where it fails), its end in `sideEnd`.
 */
function readBookSide(text: string, start: number): Level[] | undefined {
  const levels: Level[] = [];
  let pos = start + 1;
  // `]`: an empty side.
  if (text.charCodeAt(pos) !== 93) {
    do {
      const price = decimalAt(text, pos + LEVEL_TO_PRICE.length);
      const size = decimalAt(text, decimalEnd + PRICE_TO_SIZE.length);
      if (!(price > 0)) return undefined;
      levels.push([price, size]);
      // Past the count and its `}`, then `,` or `]`.
      pos = digitsEndAt(text, decimalEnd + SIZE_TO_COUNT.length) + 1;
    } while (text.charCodeAt(pos++) === 44);
  } else {
    pos++;
  }
  sideEnd = pos;
  return levels;
}

/** Where the text the last `decimalAt` read ends: its closing quote. */
let decimalEnd = 0;

/**
 * The DECIMAL text a pattern matched from `start` to its closing quote (digits, at most one dot), as `toNumber` reads
 * it, its end in `decimalEnd`: up to 15 digits make an exact integer, read in int32 halves (integer adds, not a chain
 * of double multiplies), divided once by the exact power of ten the dot says; longer texts are `readDecimalIn`'s.
 */
function decimalAt(text: string, start: number): number {
  let high = 0;
  let low = 0;
  let digits = 0;
  let dotAt = -1;
  let pos = start;
  let code = text.charCodeAt(pos) | 0;
  // Digits and the dot are the codes from 46 up; the closing quote (34), or 0 past the end, stops the walk.
  while (code >= 46) {
    if (code === 46) dotAt = pos;
    else if (digits++ < 9) high = (high * 10 + (code - 48)) | 0;
    else low = (low * 10 + (code - 48)) | 0;
    code = text.charCodeAt(++pos) | 0;
  }
  decimalEnd = pos;
  if (digits > 15) return readDecimalIn(text, start, pos);
  const mantissa = digits <= 9 ? high : high * POW10[digits - 9]! + low;
  return dotAt < 0 ? mantissa : mantissa / POW10[pos - dotAt - 1]!;
}

/** Where the digits starting at `start` end. */
function digitsEndAt(text: string, start: number): number {
  let pos = start;
  let code = text.charCodeAt(pos) | 0;
  while (code >= 48 && code <= 57) code = text.charCodeAt(++pos) | 0;
  return pos;
}

const TRADES_HEAD = '{"channel":"trades","data":[';

/**
 * A trades push in the exact layout HyperLiquid sends, `{"channel":"trades","data":[{coin, side, px, sz, time, hash,
 * tid, [users]}, …]}`, read in place to the events `parseTrades` builds. Any other frame (another key order, a text
 * tid, a row `tradeOf` would not take, an empty batch) returns undefined and takes the JSON.parse path.
 */
export function readTradesFrame(frame: string, context: ParseContext): Parsed | undefined {
  const s = scannerPast(frame, TRADES_HEAD);
  if (s === undefined) return undefined;
  const events: MarketDataEvent[] = [];
  do {
    if (!literal(s, '{"coin":"')) return undefined;
    const name = coinAt(s);
    if (name === undefined || !literal(s, ',"side":"')) return undefined;
    // One letter, as `takerSideOf` reads it: "B" (bid), the aggressor bought; "A" (ask), it sold.
    const sideLetter = frame.charCodeAt(s.pos++);
    const side = sideLetter === 66 ? "buy" : sideLetter === 65 ? "sell" : undefined;
    if (side === undefined || !literal(s, '","px":')) return undefined;
    const price = s.decimalString();
    if (!literal(s, ',"sz":')) return undefined;
    const size = s.decimalString();
    if (!literal(s, ',"time":')) return undefined;
    const tsMs = s.number();
    // The transaction hash: validated, not kept.
    if (!literal(s, ',"hash":')) return undefined;
    s.skipValue();
    if (!literal(s, ',"tid":')) return undefined;
    // `toId` of a number: its decimal text.
    const tradeId = String(s.number());
    // The two parties' addresses, in newer pushes: validated, not kept.
    if (literal(s, ',"users":')) s.skipValue();
    if (!s.ok || !char(s, 125)) return undefined;
    if (!(price > 0) || !(size > 0) || !isTime(tsMs)) return undefined;
    events.push(coinTradeOf(name, tsMs, price, size, side, tradeId, context));
  } while (char(s, 44));
  if (!literal(s, "]}") || s.pos !== frame.length) return undefined;
  return { kind: "events", events };
}
