// The adapter contract: what one venue folder declares (URLs, keep-alive, subscribe frames, frame parser, symbol
// mapping, REST calls with their parsers, book rules). Adapters describe; the hub executes. Nothing here holds a
// socket, a timer or book state, and `subscribe`, `parse` and the REST parsers are pure.

import type {
  Account,
  BookEvent,
  BookRules,
  FundingRateEvent,
  KlineEvent,
  MarketDataEvent,
  OpenInterestEvent,
  StreamKind,
  StreamSpec,
  StreamTable,
  SymbolParts,
  TickerEvent,
  TradeEvent,
} from "../../core/index.ts";
import { formatCanonical, withAccountSettle } from "../../core/index.ts";

/** Everything `parse` may need besides the frame: kept out of the adapter so that `parse` stays pure. */
export interface ParseContext {
  exchange: string;
  account: Account;
  /** Local receive time of the frame, µs since the epoch. */
  recvTsUs: number;
  /** Canonical symbol of a venue-native one (from the live subscriptions, then the instrument list, then the adapter's rules). */
  symbolOf(native: string): string;
  /** Per-connection scratch state (e.g. Bitfinex channel ids), owned by the hub and cleared on every reconnect. */
  session: Map<string, unknown>;
}

/** What `parse` makes of one inbound frame. It never throws on venue input. */
export type Parsed =
  | { kind: "events"; events: MarketDataEvent[] }
  | { kind: "ack"; note?: string }
  | { kind: "pong" }
  /** A server ping; the hub sends `reply` back when there is one. */
  | { kind: "ping"; reply?: string }
  | {
      kind: "venue-error";
      message: string;
      retryable: boolean;
      /** The venue asks the client to reconnect now (Bitstamp `bts:request_reconnect`): drop and reopen this socket. */
      reconnect?: boolean;
    }
  /** A known frame with nothing to emit (heartbeat, info). */
  | { kind: "ignored"; reason: string }
  /** A data frame whose topic the adapter does not know: the hub warns once per topic and counts. */
  | { kind: "unmatched"; topic: string };

/** What a venue's frame handlers return: the events of a data frame, or any other `Parsed` as is. */
export type ParseOutcome = MarketDataEvent[] | Exclude<Parsed, { kind: "events" }>;

export function toParsed(outcome: ParseOutcome): Parsed {
  return Array.isArray(outcome) ? { kind: "events", events: outcome } : outcome;
}

export interface WsOptions {
  testnet: boolean;
}

export interface ExchangeWs {
  /**
   * Socket URL for an account, and for a stream kind where the venue routes kinds to different sockets (Binance
   * USDⓈ-M `/public` vs `/market`, OKX `/business` for candles). The hub keeps one socket pool per distinct URL.
   */
  url(account: Account, options: WsOptions, kind?: StreamKind): string;
  /** Client keep-alive: a text frame, a protocol-level ping (`native`), or nothing. */
  ping: { everyMs: number; frame: string | "native" | null };
  /** No inbound frame for this long means the socket is dead: reconnect. */
  silenceMs: number;
  /** Streams one socket may carry; more are spread over several sockets. */
  maxStreamsPerSocket: number;
  /** Outbound control messages per second the venue allows on one socket. */
  maxSendPerSecond?: number;
  /** Streams per subscribe frame. */
  maxStreamsPerFrame?: number;
  /** Pause after the socket opens before the first frame is sent (Crypto.com). */
  settleMs?: number;
  /**
   * The wire channel a stream rides on. Streams that share one (Binance mark price and funding both come from
   * `@markPrice`) are subscribed once and unsubscribed when the last of them leaves. Default: one per stream.
   */
  channelOf?(spec: StreamSpec): string;
  /** Subscribe frames for a batch of streams on one socket. `requestId` is unique per call. */
  subscribe(specs: readonly StreamSpec[], requestId: number): string[];
  /**
   * `session`: the socket's ParseContext.session, for venues that unsubscribe by an id their server assigned in a
   * subscribe ack (Bitfinex `chanId`). Optional: callers that do not pass it get what the venue can do without.
   */
  unsubscribe(specs: readonly StreamSpec[], requestId: number, session?: Map<string, unknown>): string[];
  /** Inbound frame (text, binary already inflated) → events or a control verdict. */
  parse(frame: string, context: ParseContext): Parsed;
  /**
   * Binary frame → the text `parse` reads, for venues whose binary frames are not gzip/deflate/UTF-8 (MEXC spot
   * pushes protobuf). May throw: the transport then drops the frame and counts a decode error. Default: the
   * transport's gzip → zlib → deflate → UTF-8 decoder.
   */
  decodeBinary?(bytes: Uint8Array): string;
  /** Keep-alive per account where a venue's accounts differ (MEXC spot `{"method":"PING"}`, futures `ping`). Default: `ping`. */
  pingOf?(account: Account): { everyMs: number; frame: string | "native" | null };
  /**
   * A REST call the hub runs before EVERY (re)connect for the socket URL to dial, when the venue hands out one per
   * connection (KuCoin: `POST /api/v1/bullet-public` → endpoint + token). It runs through the venue's REST runner,
   * so REST endpoint overrides apply; a WS endpoint override skips it. `url()` still names the pool and the host
   * recorded traffic is matched by. Default: none, the socket dials `url()`.
   */
  bootstrap?(account: Account, options: WsOptions): RestCall<WsBootstrap>;
}

/** What a socket bootstrap call yields: the URL to dial now (token and connection id included). */
export interface WsBootstrap {
  url: string;
}

export interface Instrument {
  account: Account;
  /** Canonical symbol. */
  symbol: string;
  native: string;
  base: string;
  quote: string;
  settle?: string;
  tickSize?: number;
  lotSize?: number;
  /** Venue status text, untouched. */
  status: string;
  active: boolean;
}

/** One REST request and the parser of its body. The hub performs it with its HTTP client. */
export interface RestCall<T> {
  account: Account;
  path: string;
  query?: Record<string, string | number | undefined>;
  /** Cost against the venue's rate limit. */
  weight?: number;
  /** HTTP method; default GET. POST requests are sent without a body (KuCoin's `POST /api/v1/bullet-public`). */
  method?: "GET" | "POST";
  /** POST only: a JSON request body (HyperLiquid's `POST /info {"type": …}`). Default: none. */
  body?: unknown;
  parse(body: unknown, context: ParseContext): T;
}

export interface KlineQuery {
  interval: string;
  limit?: number;
  startMs?: number;
  endMs?: number;
}

export interface TradeQuery {
  limit?: number;
  /**
   * Cursors for older trades (a backfill paging back), set only for accounts `canPageTrades` answers true for; the
   * adapter sends the one its venue pages by. `endMs`: trades at or before this time (inclusive: trades of one
   * instant may straddle two pages). `beforeId`: trades strictly older than this trade id.
   */
  endMs?: number;
  beforeId?: string;
}

export interface HistoryQuery {
  limit?: number;
  startMs?: number;
  endMs?: number;
}

/** A request budget: `weight` units per `perMs` window. */
export interface RateLimit {
  weight: number;
  perMs: number;
}

/** A budget of its own that some accounts of a venue draw on; accounts naming the same `pool` share it. */
export interface RateLimitPool extends RateLimit {
  pool: string;
}

export interface ExchangeRest {
  baseUrl(account: Account, options: WsOptions): string;
  /** The venue's request budget: `weight` units per `perMs` window, shared by every account unless `rateLimitOf` says otherwise. */
  rateLimit: RateLimit;
  /**
   * The budget an account draws on where the venue limits its APIs separately (Binance: spot, USDⓈ-M and COIN-M
   * each have their own weight per IP). The hub keeps one limiter per pool; an account this answers undefined for
   * (every account, when absent) shares `rateLimit`.
   */
  rateLimitOf?(account: Account): RateLimitPool | undefined;
  instruments(account: Account): RestCall<Instrument[]>;
  /**
   * Further instrument lists of an account the venue serves in several requests (OKX linear and inverse: SWAP,
   * then FUTURES); the account's instruments are `instruments` plus all of these. Default: none.
   */
  moreInstruments?(account: Account): RestCall<Instrument[]>[];
  ticker?(spec: StreamSpec): RestCall<TickerEvent>;
  book?(spec: StreamSpec, depth: number): RestCall<BookEvent>;
  trades?(spec: StreamSpec, query: TradeQuery): RestCall<TradeEvent[]>;
  /** Whether `trades` of an account honours the `endMs` / `beforeId` cursors of `TradeQuery`. Default: no. */
  canPageTrades?(account: Account): boolean;
  /**
   * Whether trades of an account may carry an id made of their content (`contentIdOf`, where the venue names none)
   * on one path and the venue's id on another: the station then matches such trades by content too. Default: no.
   */
  makesTradeIds?(account: Account): boolean;
  klines?(spec: StreamSpec, query: KlineQuery): RestCall<KlineEvent[]>;
  fundingHistory?(spec: StreamSpec, query: HistoryQuery): RestCall<FundingRateEvent[]>;
  openInterest?(spec: StreamSpec): RestCall<OpenInterestEvent>;
  /** The current funding rate, for venues that publish it only over REST (the hub polls it, labelled polled). */
  fundingRate?(spec: StreamSpec): RestCall<FundingRateEvent>;
  /** Which call a recorded REST URL was (for `dig3 decode` of captured traffic); undefined when unknown. */
  recognize?(url: URL): RecognizedRest | undefined;
}

export interface RecognizedRest {
  call:
    | "instruments"
    | "ticker"
    | "book"
    | "trades"
    | "klines"
    | "fundingHistory"
    | "fundingRate"
    | "openInterest";
  account: Account;
  native: string;
}

export interface ExchangeSymbols {
  /** Canonical parts (settle filled in for derivatives) → venue-native symbol. */
  toNative(parts: SymbolParts, account: Account): string;
  /** Venue-native → canonical parts, by the venue's naming rules alone (no instrument list). */
  fromNative(native: string, account: Account): SymbolParts | undefined;
}

export interface ExchangeAdapter {
  /** Lower-case id used on the CLI, in env names and in storage paths (`binance`). */
  id: string;
  name: string;
  category: "cex" | "dex";
  /** Per account the venue offers: what each stream kind is (supported, wire-absent, not implemented). */
  streams: Partial<Record<Account, StreamTable>>;
  /** Kline intervals the venue's socket offers per account, canonical (`1m`). */
  klineIntervals: Partial<Record<Account, readonly string[]>>;
  ws: ExchangeWs;
  rest: ExchangeRest;
  symbols: ExchangeSymbols;
  book: BookRules | ((account: Account) => BookRules);
  docs: string;
}

export function defineExchange(adapter: ExchangeAdapter): ExchangeAdapter {
  return adapter;
}

export function accountsOf(adapter: ExchangeAdapter): Account[] {
  return Object.keys(adapter.streams) as Account[];
}

/** Canonical symbol of a venue-native one by the venue's naming rules alone; the native itself when they do not apply. */
export function canonicalOfNative(adapter: ExchangeAdapter, account: Account, native: string): string {
  const parts = adapter.symbols.fromNative(native, account);
  return parts ? formatCanonical(withAccountSettle(parts, account)) : native;
}

export function klineIntervalsOf(adapter: ExchangeAdapter, account: Account): readonly string[] {
  return adapter.klineIntervals[account] ?? [];
}

export function bookRulesOf(adapter: ExchangeAdapter, account: Account): BookRules {
  return typeof adapter.book === "function" ? adapter.book(account) : adapter.book;
}

export type { StreamKind };
