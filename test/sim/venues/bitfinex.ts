// Bitfinex v2 for the venue simulator: the WebSocket protocol (info, conf flags, subscribe / subscribed / unsubscribe
// by channel id, ping / pong, error codes), channel frames stamped per connection with SEQ_ALL and TIMESTAMP, P0
// books held at the subscribed length with a CRC32 `cs` frame after every change, and REST (bitfinex-rest.ts).
// Recorded mode serves synthetic data too: SEQ_ALL and channel ids belong to the recorded connection.

import type { BarInterval } from "../bars.ts";
import type { ChecksumFrame } from "../faults.ts";
import type { MarketStep } from "../market.ts";
import type {
  ActiveStreams,
  ClientFrameKind,
  SimAccount,
  SimDataFrame,
  SimSession,
  SimVenue,
  SimVenueContext,
  SimWsRoute,
} from "../types.ts";
import {
  candleRowOf,
  derivStatusRowOf,
  liquidationRowOf,
  tickerRowOf,
  tradeRowOf,
} from "./bitfinex-frames.ts";
import { answerBitfinexRest, describeBitfinexRestFault } from "./bitfinex-rest.ts";
import {
  type BitfinexInstrument,
  type BitfinexMarkets,
  bookRowOf,
  createBitfinexMarkets,
  intervalOfTimeFrame,
} from "./bitfinex-symbols.ts";

const ACCOUNTS: readonly SimAccount[] = ["spot", "linear"];
/** "You can subscribe to 25 channels at the same time on the same connection." */
const MAX_CHANNELS = 25;
const FLAG_TIMESTAMP = 32_768;
const FLAG_SEQ_ALL = 65_536;
const FLAG_CHECKSUM = 131_072;
const BOOK_LENGTHS = ["1", "25", "100", "250"];
const CHECKSUM_LEVELS = 25;
// Cadences in ticks (20 ms by default), compressed against Bitfinex's so tests see updates quickly; trades and book
// changes are per event. Heartbeats: Bitfinex sends one per idle channel every 15 s; here every 250 ticks.
const TICKER_EVERY_TICKS = 25;
const CANDLE_EVERY_TICKS = 10;
const STATUS_EVERY_TICKS = 25;
const HEARTBEAT_EVERY_TICKS = 250;
const TRADES_SNAPSHOT_SIZE = 30;
const CANDLES_SNAPSHOT_SIZE = 60;
/** Streams riding on a channel besides its own: checksums, heartbeats, `tu` repeats. */
const DERIVED_PREFIXES = ["cs:", "hb:", "tu:"] as const;

type ChannelKind = "book" | "trades" | "ticker" | "candles" | "deriv" | "liq";

interface ParsedStream {
  kind: ChannelKind;
  instrument?: BitfinexInstrument;
  /** Book length. */
  len?: number;
  interval?: BarInterval;
}

interface ConnectionState {
  flags: number;
  nextSeq: number;
  greeted: boolean;
  /** Base stream → channel id, and back. */
  chanIds: Map<string, number>;
  streamsByChanId: Map<number, string>;
}

interface BookView {
  bids: Map<number, number>;
  asks: Map<number, number>;
}

interface Produced {
  stream: string;
  /** The frame after the channel id (e.g. `["te", row]` or `[row]`). */
  parts: unknown[];
  payload: unknown;
  bookSymbol?: string;
  checksumSymbol?: string;
}

export function createBitfinexVenue(context: SimVenueContext): SimVenue {
  const markets = createBitfinexMarkets(context.seed, context.tickMs);
  const views = new Map<string, BookView>();
  const candleOpenMs = new Map<string, number>();
  const lastFrameTick = new Map<string, number>();
  let nextChanId = 17 + (context.seed % 1000) * 100;
  let tickIndex = 0;

  const stateOf = (session: SimSession): ConnectionState => {
    let state = session.props.bitfinex as ConnectionState | undefined;
    if (!state) {
      state = { flags: 0, nextSeq: 1, greeted: false, chanIds: new Map(), streamsByChanId: new Map() };
      session.props.bitfinex = state;
    }
    return state;
  };

  /** SEQ_ALL then TIMESTAMP, as the connection asked; each call takes the next sequence number. */
  const stampsOf = (state: ConnectionState, nowMs: number): number[] => {
    const stamps: number[] = [];
    if (state.flags & FLAG_SEQ_ALL) stamps.push(state.nextSeq++);
    if (state.flags & FLAG_TIMESTAMP) stamps.push(nowMs);
    return stamps;
  };

  const channelText = (session: SimSession, stream: string, parts: unknown[], nowMs: number): string => {
    const state = stateOf(session);
    const chanId = state.chanIds.get(baseStreamOf(stream)) ?? 0;
    return JSON.stringify([chanId, ...parts, ...stampsOf(state, nowMs)]);
  };

  const viewOf = (stream: string, parsed: ParsedStream): BookView => {
    let view = views.get(stream);
    if (!view && parsed.instrument) {
      const book = parsed.instrument.market().book;
      const len = parsed.len ?? 25;
      view = { bids: new Map(book.topLevels("bid", len)), asks: new Map(book.topLevels("ask", len)) };
      views.set(stream, view);
    }
    return view ?? { bids: new Map(), asks: new Map() };
  };

  const checksumOf = (instrument: BitfinexInstrument, view: BookView): number => {
    const bids = [...view.bids].sort((a, b) => b[0] - a[0]).slice(0, CHECKSUM_LEVELS);
    const asks = [...view.asks].sort((a, b) => a[0] - b[0]).slice(0, CHECKSUM_LEVELS);
    const values: number[] = [];
    for (let i = 0; i < CHECKSUM_LEVELS; i++) {
      const bid = bids[i];
      if (bid) values.push(...bookRowOf(instrument, "bid", bid[0], bid[1]).filter((_, at) => at !== 1));
      const ask = asks[i];
      if (ask) values.push(...bookRowOf(instrument, "ask", ask[0], ask[1]).filter((_, at) => at !== 1));
    }
    return Bun.hash.crc32(values.join(":")) | 0;
  };

  const produceBook = (stream: string, parsed: ParsedStream): Produced[] => {
    const instrument = parsed.instrument;
    if (!instrument) return [];
    const view = viewOf(stream, parsed);
    const book = instrument.market().book;
    const len = parsed.len ?? 25;
    const next = { bid: new Map(book.topLevels("bid", len)), ask: new Map(book.topLevels("ask", len)) };
    const changes: Array<[side: "bid" | "ask", priceTicks: number, qtySteps: number]> = [];
    // Removals first: every state in between is then a subset of the new book, never crossed.
    for (const side of ["bid", "ask"] as const) {
      for (const price of (side === "bid" ? view.bids : view.asks).keys())
        if (!next[side].has(price)) changes.push([side, price, 0]);
    }
    for (const side of ["bid", "ask"] as const) {
      const current = side === "bid" ? view.bids : view.asks;
      for (const [price, qty] of next[side]) if (current.get(price) !== qty) changes.push([side, price, qty]);
    }
    const out: Produced[] = [];
    for (const [side, price, qty] of changes) {
      const levels = side === "bid" ? view.bids : view.asks;
      if (qty > 0) levels.set(price, qty);
      else levels.delete(price);
      const row = bookRowOf(instrument, side, price, qty);
      out.push({ stream, parts: [row], payload: row, bookSymbol: instrument.symbol });
      const checksum = checksumOf(instrument, view);
      out.push({
        stream: `cs:${stream}`,
        parts: ["cs", checksum],
        payload: checksum,
        checksumSymbol: instrument.symbol,
      });
    }
    return out;
  };

  const produceCandles = (stream: string, parsed: ParsedStream, nowMs: number): Produced[] => {
    const { instrument, interval } = parsed;
    if (!instrument || !interval) return [];
    const market = instrument.market();
    const openMs = interval.openOf(nowMs);
    const previousOpenMs = candleOpenMs.get(stream);
    candleOpenMs.set(stream, openMs);
    const out: Produced[] = [];
    if (previousOpenMs !== undefined && previousOpenMs < openMs) {
      const closed = candleRowOf(
        instrument,
        market.barFor(previousOpenMs, interval.nextOpenOf(previousOpenMs), nowMs),
      );
      out.push({ stream, parts: [closed], payload: closed });
    }
    if (out.length > 0 || tickIndex % CANDLE_EVERY_TICKS === 0) {
      const open = candleRowOf(instrument, market.barFor(openMs, interval.nextOpenOf(openMs), nowMs));
      out.push({ stream, parts: [open], payload: open });
    }
    return out;
  };

  const produce = (
    account: SimAccount,
    stream: string,
    nowMs: number,
    steps: Map<string, MarketStep>,
  ): Produced[] => {
    const parsed = parseStream(markets, account, stream);
    if (!parsed) return [];
    const { instrument } = parsed;
    const step = instrument ? steps.get(instrument.symbol) : undefined;
    switch (parsed.kind) {
      case "book":
        return produceBook(stream, parsed);
      case "trades":
        if (!instrument || !step) return [];
        return step.trades.flatMap((trade) => {
          const row = tradeRowOf(instrument, trade);
          return [
            { stream, parts: ["te", row], payload: row },
            { stream: `tu:${stream}`, parts: ["tu", row], payload: row },
          ];
        });
      case "ticker": {
        if (!instrument || tickIndex % TICKER_EVERY_TICKS !== 0) return [];
        const row = tickerRowOf(instrument, nowMs);
        return [{ stream, parts: [row], payload: row }];
      }
      case "candles":
        return produceCandles(stream, parsed, nowMs);
      case "deriv": {
        if (!instrument || tickIndex % STATUS_EVERY_TICKS !== 0) return [];
        const row = derivStatusRowOf(instrument, nowMs);
        return [{ stream, parts: [row], payload: row }];
      }
      case "liq": {
        const rows = markets
          .started()
          .filter((candidate) => candidate.account === account)
          .flatMap((candidate) => {
            const liquidation = steps.get(candidate.symbol)?.liquidation;
            return liquidation ? [liquidationRowOf(candidate, liquidation)] : [];
          });
        return rows.length > 0 ? [{ stream, parts: [rows], payload: rows }] : [];
      }
    }
  };

  const wrap = (account: SimAccount, produced: Produced, nowMs: number): SimDataFrame => {
    const texts = new Map<number, string>();
    const frame: SimDataFrame = {
      account,
      stream: produced.stream,
      payload: produced.payload,
      bookSymbol: produced.bookSymbol,
      encode(session) {
        let text = texts.get(session.id);
        if (text === undefined) {
          // Once per socket: encoding takes the socket's next sequence number.
          text = channelText(session, produced.stream, produced.parts, nowMs);
          texts.set(session.id, text);
        }
        return text;
      },
    };
    if (produced.checksumSymbol === undefined) return frame;
    const checksumFrame: ChecksumFrame = {
      ...frame,
      encode: frame.encode,
      checksumSymbol: produced.checksumSymbol,
      // `[chanId,"cs",CHECKSUM,…stamps]` with the checksum flipped: same shape, wrong value.
      encodeCorrupted: (sampleText) =>
        sampleText.replace(/^(\[\d+,"cs",)(-?\d+)/, (_, head, value) => `${head}${Number(value) ^ 0x5a5a}`),
    };
    return checksumFrame;
  };

  const replyChannel = (session: SimSession, chanId: number, parts: unknown[]): void => {
    session.reply(JSON.stringify([chanId, ...parts, ...stampsOf(stateOf(session), Date.now())]));
  };

  /** What a new subscriber gets right after `subscribed`: the book, recent trades, the ticker, recent candles … */
  const sendSnapshot = (session: SimSession, chanId: number, stream: string, parsed: ParsedStream): void => {
    const { instrument } = parsed;
    if (!instrument) return;
    const market = instrument.market();
    const nowMs = Date.now();
    switch (parsed.kind) {
      case "book": {
        const view = viewOf(stream, parsed);
        const rows = [
          ...[...view.bids].sort((a, b) => b[0] - a[0]).map(([p, q]) => bookRowOf(instrument, "bid", p, q)),
          ...[...view.asks].sort((a, b) => a[0] - b[0]).map(([p, q]) => bookRowOf(instrument, "ask", p, q)),
        ];
        replyChannel(session, chanId, [rows]);
        if (stateOf(session).flags & FLAG_CHECKSUM)
          replyChannel(session, chanId, ["cs", checksumOf(instrument, view)]);
        return;
      }
      case "trades":
        replyChannel(session, chanId, [
          market
            .recentTrades(TRADES_SNAPSHOT_SIZE)
            .reverse()
            .map((trade) => tradeRowOf(instrument, trade)),
        ]);
        return;
      case "ticker":
        replyChannel(session, chanId, [tickerRowOf(instrument, nowMs)]);
        return;
      case "candles":
        if (!parsed.interval) return;
        replyChannel(session, chanId, [
          market
            .barsOf(parsed.interval, { limit: CANDLES_SNAPSHOT_SIZE }, nowMs)
            .reverse()
            .map((bar) => candleRowOf(instrument, bar)),
        ]);
        return;
      case "deriv":
        replyChannel(session, chanId, [derivStatusRowOf(instrument, nowMs)]);
        return;
      default:
        return;
    }
  };

  const handleClientText = (session: SimSession, text: string): ClientFrameKind => {
    const state = stateOf(session);
    if (!state.greeted) {
      state.greeted = true;
      session.reply(
        JSON.stringify({ event: "info", version: 2, serverId: "dig3-sim", platform: { status: 1 } }),
      );
    }
    const fail = (code: number, msg: string, echo: Record<string, unknown> = {}): ClientFrameKind => {
      session.reply(JSON.stringify({ event: "error", msg, code, ...echo }));
      return "error";
    };
    let message: Record<string, unknown>;
    try {
      const parsed: unknown = JSON.parse(text);
      if (!parsed || typeof parsed !== "object" || Array.isArray(parsed)) return fail(10000, "Unknown event");
      message = parsed as Record<string, unknown>;
    } catch {
      return fail(10000, "Unknown event");
    }
    switch (message.event) {
      case "conf": {
        state.flags = Number(message.flags) | 0;
        for (const [stream] of state.chanIds) {
          if (!stream.startsWith("book:")) continue;
          if (state.flags & FLAG_CHECKSUM) session.streams.add(`cs:${stream}`);
          else session.streams.delete(`cs:${stream}`);
        }
        session.reply(JSON.stringify({ event: "conf", status: "OK", flags: state.flags }));
        return "other";
      }
      case "ping":
        session.reply(JSON.stringify({ event: "pong", ts: Date.now(), cid: message.cid }));
        return "other";
      case "subscribe":
        return subscribe(session, state, message, fail);
      case "unsubscribe": {
        const chanId = Number(message.chanId);
        const stream = state.streamsByChanId.get(chanId);
        if (stream === undefined) return fail(10400, "unsubscribe: invalid", { chanId: message.chanId });
        state.streamsByChanId.delete(chanId);
        state.chanIds.delete(stream);
        session.streams.delete(stream);
        for (const prefix of DERIVED_PREFIXES) session.streams.delete(`${prefix}${stream}`);
        session.reply(JSON.stringify({ event: "unsubscribed", status: "OK", chanId }));
        return "unsubscribe";
      }
      default:
        return fail(10000, "Unknown event");
    }
  };

  const subscribe = (
    session: SimSession,
    state: ConnectionState,
    message: Record<string, unknown>,
    fail: (code: number, msg: string, echo?: Record<string, unknown>) => ClientFrameKind,
  ): ClientFrameKind => {
    const request = describeRequest(message);
    const { event: _event, ...echo } = message;
    if (!request) return fail(10300, "subscribe: invalid", echo);
    if ("error" in request) return fail(request.code, request.error, echo);
    const parsed = parseStream(markets, session.account, request.stream);
    if (!parsed) return fail(10001, "symbol: invalid", echo);
    const name = channelNameOf(request.stream);
    if ([...state.chanIds.keys()].some((stream) => channelNameOf(stream) === name)) {
      return fail(10301, "subscribe: dup", echo);
    }
    if (state.chanIds.size >= MAX_CHANNELS) return fail(10305, "subscribe: limit", echo);
    const chanId = nextChanId++;
    state.chanIds.set(request.stream, chanId);
    state.streamsByChanId.set(chanId, request.stream);
    session.streams.add(request.stream);
    session.streams.add(`hb:${request.stream}`);
    if (parsed.kind === "trades") session.streams.add(`tu:${request.stream}`);
    if (parsed.kind === "book" && state.flags & FLAG_CHECKSUM) session.streams.add(`cs:${request.stream}`);
    session.reply(JSON.stringify({ event: "subscribed", ...request.ack, chanId }));
    sendSnapshot(session, chanId, request.stream, parsed);
    return "subscribe";
  };

  return {
    id: "bitfinex",
    accounts: ACCOUNTS,
    wsPath: (account) => `/bitfinex/${account}/ws/2`,
    envFor(account, urls) {
      return {
        DIG3_BITFINEX_WS_URL: urls.wsUrlOf(account),
        DIG3_BITFINEX_REST_URL: urls.restUrl,
        DIG3_BITFINEX_SPOT_WS_URL: urls.wsUrlOf("spot"),
        DIG3_BITFINEX_LINEAR_WS_URL: urls.wsUrlOf("linear"),
      };
    },
    matchWsRoute: (url) => matchRoute(url),
    handleClientText,
    tick(nowMs, active) {
      tickIndex++;
      for (const [account, streams] of active) {
        for (const stream of streams)
          parseStream(markets, account, baseStreamOf(stream))?.instrument?.market();
      }
      const steps = new Map<string, MarketStep>();
      for (const instrument of markets.started())
        steps.set(instrument.symbol, instrument.market().step(nowMs));
      const out: SimDataFrame[] = [];
      for (const [account, streams] of active) {
        for (const stream of streams) {
          if (DERIVED_PREFIXES.some((prefix) => stream.startsWith(prefix))) continue;
          const produced = produce(account, stream, nowMs, steps);
          if (produced.length > 0) lastFrameTick.set(`${account}|${stream}`, tickIndex);
          else if (tickIndex - (lastFrameTick.get(`${account}|${stream}`) ?? 0) >= HEARTBEAT_EVERY_TICKS) {
            lastFrameTick.set(`${account}|${stream}`, tickIndex);
            produced.push({ stream: `hb:${stream}`, parts: ["hb"], payload: "hb" });
          }
          for (const item of produced) out.push(wrap(account, item, nowMs));
        }
      }
      forgetInactive(active, [views, candleOpenMs], lastFrameTick);
      return out;
    },
    handleRest: (request, nowMs) => answerBitfinexRest(markets, request, nowMs),
    describeRestFault: describeBitfinexRestFault,
    close() {
      views.clear();
      candleOpenMs.clear();
      lastFrameTick.clear();
    },
  };
}

/** `cs:book:tBTCUSD:25` → `book:tBTCUSD:25`. */
function baseStreamOf(stream: string): string {
  const prefix = DERIVED_PREFIXES.find((candidate) => stream.startsWith(candidate));
  return prefix ? stream.slice(prefix.length) : stream;
}

/** Bitfinex refuses a second subscription to the same channel and symbol, whatever the book length. */
function channelNameOf(stream: string): string {
  return stream.startsWith("book:") ? stream.replace(/:\d+$/, "") : stream;
}

/** Drops per-stream state of streams nobody receives any more, so a later subscriber starts fresh. */
function forgetInactive(
  active: ActiveStreams,
  byStream: ReadonlyArray<Map<string, unknown>>,
  byAccountStream: Map<string, unknown>,
): void {
  const streams = new Set<string>();
  const keys = new Set<string>();
  for (const [account, names] of active) {
    for (const name of names) {
      streams.add(name);
      keys.add(`${account}|${name}`);
    }
  }
  for (const map of byStream) for (const key of map.keys()) if (!streams.has(key)) map.delete(key);
  for (const key of byAccountStream.keys()) if (!keys.has(key)) byAccountStream.delete(key);
}

const ROUTE_RE = /^\/bitfinex\/(spot|linear)\/ws\/2\/?$/;

function matchRoute(url: URL): SimWsRoute | undefined {
  const match = ROUTE_RE.exec(url.pathname);
  if (!match) return undefined;
  return { account: match[1] as SimAccount, streams: [], props: {} };
}

type RequestVerdict = { stream: string; ack: Record<string, unknown> } | { error: string; code: number };

/** A subscribe request → the stream it opens and the fields of its `subscribed` ack. */
function describeRequest(message: Record<string, unknown>): RequestVerdict | undefined {
  const channel = message.channel;
  const symbol = typeof message.symbol === "string" ? message.symbol : undefined;
  const key = typeof message.key === "string" ? message.key : undefined;
  switch (channel) {
    case "book": {
      if (!symbol) return undefined;
      const prec = typeof message.prec === "string" ? message.prec : "P0";
      if (prec !== "P0") return { error: "subscribe: prec invalid (the simulator serves P0)", code: 10011 };
      const len = message.len === undefined ? "25" : String(message.len);
      if (!BOOK_LENGTHS.includes(len)) return { error: "subscribe: len invalid", code: 10012 };
      const freq = typeof message.freq === "string" ? message.freq : "F0";
      return {
        stream: `book:${symbol}:${len}`,
        ack: { channel, symbol, prec, freq, len, pair: symbol.slice(1) },
      };
    }
    case "trades":
    case "ticker":
      return symbol
        ? { stream: `${channel}:${symbol}`, ack: { channel, symbol, pair: symbol.slice(1) } }
        : undefined;
    case "candles":
    case "status":
      return key ? { stream: `${channel}:${key}`, ack: { channel, key } } : undefined;
    default:
      return { error: "subscribe: channel invalid", code: 10302 };
  }
}

function parseStream(
  markets: BitfinexMarkets,
  account: SimAccount,
  stream: string,
): ParsedStream | undefined {
  const ofAccount = (symbol: string) => {
    const instrument = markets.instrument(symbol);
    return instrument && instrument.account === account ? instrument : undefined;
  };
  let match = /^book:(t[^:]+(?::[^:]+)?):(\d+)$/.exec(stream);
  if (match) {
    const instrument = ofAccount(match[1]!);
    return instrument ? { kind: "book", instrument, len: Number(match[2]) } : undefined;
  }
  match = /^(trades|ticker):(.+)$/.exec(stream);
  if (match) {
    const instrument = ofAccount(match[2]!);
    return instrument ? { kind: match[1] as "trades" | "ticker", instrument } : undefined;
  }
  match = /^candles:trade:([^:]+):(.+)$/.exec(stream);
  if (match) {
    const instrument = ofAccount(match[2]!);
    const interval = intervalOfTimeFrame(match[1]!);
    return instrument && interval ? { kind: "candles", instrument, interval } : undefined;
  }
  if (stream === "status:liq:global") return { kind: "liq" };
  match = /^status:deriv:(.+)$/.exec(stream);
  if (match) {
    const instrument = ofAccount(match[1]!);
    return instrument?.account === "linear" ? { kind: "deriv", instrument } : undefined;
  }
  return undefined;
}
