// Binance for the venue simulator: combined/raw stream WebSocket protocol (SUBSCRIBE, UNSUBSCRIBE,
// LIST_SUBSCRIPTIONS, SET_PROPERTY, GET_PROPERTY and Binance's error frames), synthetic or recorded data frames
// per subscribed stream, and public REST (binance-rest.ts) for spot, USDⓈ-M (linear) and COIN-M (inverse).

import { type BarInterval, parseInterval } from "../bars.ts";
import type { MarketStep, SimBookUpdate, SimMarket } from "../market.ts";
import { listRecordings, readInboundFrames, readRestBodies } from "../recorded.ts";
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
  describeBookTicker,
  describeDepthUpdate,
  describeForceOrder,
  describeKlineEvent,
  describeMarkPrice,
  describeMiniTicker,
  describePartialDepth,
  describeTickerEvent,
} from "./binance-frames.ts";
import { answerBinanceRest, type BinanceRestDeps, describeBinanceRestFault } from "./binance-rest.ts";
import {
  type BinanceInstrument,
  type BinanceMarkets,
  buildInstrument,
  createBinanceMarkets,
  formatPrice,
  formatQty,
  guessRecordedSeed,
} from "./binance-symbols.ts";

const ACCOUNTS: readonly SimAccount[] = ["spot", "linear", "inverse"];
/** Binance allows 1024 streams per connection. */
const MAX_STREAMS_PER_SOCKET = 1024;
// Cadences in ticks (20 ms by default): compressed against Binance's (kline 2 s, ticker 1 s, mark 1 s / 3 s) so
// tests see updates quickly; trades, aggTrades, diff depth, bookTicker and forceOrder are per event as on Binance.
const KLINE_EVERY_TICKS = 10;
const TICKER_EVERY_TICKS = 25;
const MARK_FAST_EVERY_TICKS = 25;
const MARK_SLOW_EVERY_TICKS = 75;
const PARTIAL_DEPTH_EVERY_TICKS: Record<number, number> = { 100: 5, 250: 12, 500: 25, 1000: 25 };
const RECORDING_PREFIX: Record<SimAccount, string> = { spot: "spot-", linear: "usdm-", inverse: "coinm-" };
const METHODS = ["SUBSCRIBE", "UNSUBSCRIBE", "LIST_SUBSCRIPTIONS", "SET_PROPERTY", "GET_PROPERTY"];

type ParsedStream =
  | {
      kind: "trade" | "aggTrade" | "ticker" | "miniTicker" | "bookTicker" | "forceOrder" | "depth";
      symbol: string;
    }
  | { kind: "partialDepth"; symbol: string; levels: number; everyTicks: number }
  | { kind: "kline"; symbol: string; interval: BarInterval }
  | { kind: "markPrice"; symbol: string; everyTicks: number }
  | { kind: "allMarkPrice"; everyTicks: number }
  | { kind: "allForceOrder" };

interface RecordedFrame {
  text: string;
  data: unknown;
}

interface ProducedFrame {
  stream: string;
  payload: unknown;
  bookSymbol?: string;
  /** Verbatim combined-stream text (recorded mode). */
  combinedText?: string;
}

export function createBinanceVenue(context: SimVenueContext): SimVenue {
  const markets = createBinanceMarkets(context.seed, context.tickMs);
  const recorded = context.mode === "recorded" ? loadRecordings(context, markets) : undefined;
  const restDeps: BinanceRestDeps = {
    markets,
    recordedDepth: recorded?.depth ?? new Map(),
    usedWeight: new Map(),
  };
  const parsedCache = new Map<string, ParsedStream | undefined>();
  const klineOpenMs = new Map<string, number>();
  const lastBookTop = new Map<string, string>();
  const lastBookUpdate = new Map<string, SimBookUpdate>();
  const replayCursor = new Map<string, number>();
  let tickIndex = 0;

  const parseCached = (account: SimAccount, stream: string) => {
    const key = `${account}|${stream}`;
    if (!parsedCache.has(key)) {
      if (parsedCache.size > 10_000) parsedCache.clear();
      parsedCache.set(key, parseStream(account, stream));
    }
    return parsedCache.get(key);
  };

  const produceSynthetic = (
    account: SimAccount,
    stream: string,
    nowMs: number,
    steps: Map<string, MarketStep>,
  ): ProducedFrame[] => {
    const parsed = parseCached(account, stream);
    if (!parsed) return [];
    if (parsed.kind === "allMarkPrice") {
      if (tickIndex % parsed.everyTicks !== 0) return [];
      const payload = markets.instruments(account).flatMap((instrument) => {
        const market = markets.marketOf(account, instrument.symbol);
        return market ? [describeMarkPrice(instrument, market, nowMs)] : [];
      });
      return payload.length > 0 ? [{ stream, payload }] : [];
    }
    if (parsed.kind === "allForceOrder") {
      return markets.instruments(account).flatMap((instrument) => {
        const liquidation = steps.get(`${account}|${instrument.symbol}`)?.liquidation;
        return liquidation ? [{ stream, payload: describeForceOrder(instrument, liquidation, nowMs) }] : [];
      });
    }
    const instrument = markets.instrument(account, parsed.symbol);
    const market = instrument ? markets.marketOf(account, instrument.symbol) : undefined;
    const step = instrument ? steps.get(`${account}|${instrument.symbol}`) : undefined;
    if (!instrument || !market || !step) return [];
    const isFutures = account !== "spot";
    switch (parsed.kind) {
      case "trade":
        return step.trades.map((trade) => ({
          stream,
          payload: isFutures
            ? {
                e: "trade",
                E: trade.timeMs + (trade.id % 3),
                T: trade.timeMs,
                s: instrument.symbol,
                t: trade.id,
                p: formatPrice(instrument, trade.priceTicks),
                q: formatQty(instrument, trade.qtySteps),
                X: "MARKET",
                m: trade.isBuyerMaker,
              }
            : {
                e: "trade",
                E: trade.timeMs + (trade.id % 3),
                s: instrument.symbol,
                t: trade.id,
                p: formatPrice(instrument, trade.priceTicks),
                q: formatQty(instrument, trade.qtySteps),
                b: trade.buyOrderId,
                a: trade.sellOrderId,
                T: trade.timeMs,
                m: trade.isBuyerMaker,
                M: true,
              },
        }));
      case "aggTrade":
        return step.aggTrades.map((agg) => {
          const common = {
            p: formatPrice(instrument, agg.priceTicks),
            q: formatQty(instrument, agg.qtySteps),
            f: agg.firstTradeId,
            l: agg.lastTradeId,
            T: agg.timeMs,
            m: agg.isBuyerMaker,
          };
          const payload = isFutures
            ? { e: "aggTrade", E: agg.timeMs + 1, a: agg.id, s: instrument.symbol, ...common }
            : { e: "aggTrade", E: agg.timeMs + 1, s: instrument.symbol, a: agg.id, ...common, M: true };
          return { stream, payload };
        });
      case "depth": {
        const update = step.book;
        if (!update) return [];
        return [
          { stream, payload: describeDepthUpdate(instrument, update, nowMs), bookSymbol: instrument.symbol },
        ];
      }
      case "partialDepth":
        if (tickIndex % parsed.everyTicks !== 0) return [];
        return [
          {
            stream,
            payload: describePartialDepth(
              instrument,
              market,
              parsed.levels,
              lastBookUpdate.get(`${account}|${instrument.symbol}`),
              nowMs,
            ),
          },
        ];
      case "bookTicker": {
        const payload = describeBookTicker(instrument, market, nowMs);
        const top = JSON.stringify([payload.b, payload.B, payload.a, payload.A]);
        const key = `${account}|${stream}`;
        if (lastBookTop.get(key) === top) return [];
        lastBookTop.set(key, top);
        return [{ stream, payload }];
      }
      case "kline":
        return produceKlines(instrument, market, stream, parsed.interval, nowMs);
      case "ticker":
        return tickIndex % TICKER_EVERY_TICKS === 0
          ? [{ stream, payload: describeTickerEvent(instrument, market, nowMs) }]
          : [];
      case "miniTicker":
        return tickIndex % TICKER_EVERY_TICKS === 0
          ? [{ stream, payload: describeMiniTicker(instrument, market, nowMs) }]
          : [];
      case "markPrice":
        if (!isFutures || tickIndex % parsed.everyTicks !== 0) return [];
        return [{ stream, payload: describeMarkPrice(instrument, market, nowMs) }];
      case "forceOrder":
        return isFutures && step.liquidation
          ? [{ stream, payload: describeForceOrder(instrument, step.liquidation, nowMs) }]
          : [];
      default:
        return [];
    }
  };

  const produceKlines = (
    instrument: BinanceInstrument,
    market: SimMarket,
    stream: string,
    interval: BarInterval,
    nowMs: number,
  ) => {
    const key = `${instrument.account}|${stream}`;
    const openMs = interval.openOf(nowMs);
    const previousOpenMs = klineOpenMs.get(key);
    klineOpenMs.set(key, openMs);
    const frames: ProducedFrame[] = [];
    if (previousOpenMs !== undefined && previousOpenMs < openMs) {
      const closed = market.barFor(previousOpenMs, interval.nextOpenOf(previousOpenMs), nowMs);
      frames.push({ stream, payload: describeKlineEvent(instrument, closed, interval, true, nowMs) });
    }
    if (frames.length > 0 || previousOpenMs === undefined || tickIndex % KLINE_EVERY_TICKS === 0) {
      const open = market.barFor(openMs, interval.nextOpenOf(openMs), nowMs);
      frames.push({ stream, payload: describeKlineEvent(instrument, open, interval, false, nowMs) });
    }
    return frames;
  };

  const produceRecorded = (account: SimAccount, stream: string): ProducedFrame[] => {
    const key = `${account}|${stream}`;
    const frames = recorded?.frames.get(key);
    const cursor = replayCursor.get(key) ?? 0;
    const frame = frames?.[cursor];
    if (!frame) return [];
    replayCursor.set(key, cursor + 1);
    const data = frame.data as { e?: unknown; s?: unknown };
    const bookSymbol = data.e === "depthUpdate" && typeof data.s === "string" ? data.s : undefined;
    return [{ stream, payload: frame.data, combinedText: frame.text, bookSymbol }];
  };

  return {
    id: "binance",
    accounts: ACCOUNTS,
    wsPath: (account) => `/binance/${account}/stream`,
    envFor(account, urls) {
      return {
        DIG3_BINANCE_WS_URL: urls.wsUrlOf(account),
        DIG3_BINANCE_REST_URL: urls.restUrl,
        DIG3_BINANCE_SPOT_WS_URL: urls.wsUrlOf("spot"),
        DIG3_BINANCE_LINEAR_WS_URL: urls.wsUrlOf("linear"),
        DIG3_BINANCE_INVERSE_WS_URL: urls.wsUrlOf("inverse"),
      };
    },
    matchWsRoute: (url) => matchRoute(url),
    // "WebSocket connections have a limit of 5 incoming messages per second" (spot); 10 on the futures pages.
    maxClientMessagesPerSecond: (account) => (account === "spot" ? 5 : 10),
    handleClientText: (session, text) =>
      handleControlFrame(session, text, (stream) => parseCached(session.account, stream) !== undefined),
    tick(nowMs, active) {
      tickIndex++;
      const steps = new Map<string, MarketStep>();
      if (!recorded) startMarketsFor(active, markets, parseCached);
      for (const { instrument, market } of markets.started()) {
        const step = market.step(nowMs);
        steps.set(`${instrument.account}|${instrument.symbol}`, step);
        if (step.book) lastBookUpdate.set(`${instrument.account}|${instrument.symbol}`, step.book);
      }
      const out: SimDataFrame[] = [];
      for (const [account, streams] of active) {
        for (const stream of streams) {
          const produced = recorded
            ? produceRecorded(account, stream)
            : produceSynthetic(account, stream, nowMs, steps);
          for (const frame of produced) out.push(wrapDataFrame(account, frame));
        }
      }
      forgetInactive(active, klineOpenMs);
      forgetInactive(active, lastBookTop);
      return out;
    },
    handleRest: (request, nowMs) => answerBinanceRest(restDeps, request, nowMs),
    describeRestFault: (status, retryAfterS) => describeBinanceRestFault(status, retryAfterS, Date.now()),
    close() {
      parsedCache.clear();
      klineOpenMs.clear();
      lastBookTop.clear();
      lastBookUpdate.clear();
      replayCursor.clear();
    },
  };
}

/** Drops per-stream state of streams nobody receives any more, so a later subscriber starts fresh. */
function forgetInactive(active: ActiveStreams, state: Map<string, unknown>): void {
  for (const key of state.keys()) {
    const bar = key.indexOf("|");
    if (!active.get(key.slice(0, bar) as SimAccount)?.has(key.slice(bar + 1))) state.delete(key);
  }
}

function startMarketsFor(
  active: ActiveStreams,
  markets: BinanceMarkets,
  parse: (account: SimAccount, stream: string) => ParsedStream | undefined,
): void {
  for (const [account, streams] of active) {
    for (const stream of streams) {
      const parsed = parse(account, stream);
      if (!parsed) continue;
      if ("symbol" in parsed) markets.marketOf(account, parsed.symbol);
      else
        for (const instrument of markets.instruments(account)) markets.marketOf(account, instrument.symbol);
    }
  }
}

function wrapDataFrame(account: SimAccount, frame: ProducedFrame): SimDataFrame {
  let rawText: string | undefined;
  let combinedText = frame.combinedText;
  return {
    account,
    stream: frame.stream,
    payload: frame.payload,
    bookSymbol: frame.bookSymbol,
    encode(session: SimSession) {
      if (session.props.combined === false) {
        rawText ??= JSON.stringify(frame.payload);
        return rawText;
      }
      combinedText ??= `{"stream":${JSON.stringify(frame.stream)},"data":${JSON.stringify(frame.payload)}}`;
      return combinedText;
    },
  };
}

// ---------------------------------------------------------------------------------------------------------------
// WebSocket routes and the control protocol

const ROUTE_RE = /^\/binance\/(spot|linear|inverse)(?:\/(public|market))?\/(stream|ws)(?:\/([^?]+))?\/?$/;

/**
 * `/binance/<account>/stream` (combined) or `/ws` (raw), streams optionally in the path or `?streams=a/b`. USDⓈ-M
 * also has Binance's routed paths `/binance/linear/public/stream` and `/market/stream`: a stream on the wrong route
 * is acknowledged and then stays silent, as on Binance. The unrouted linear path carries every stream.
 */
function matchRoute(url: URL): SimWsRoute | undefined {
  const match = ROUTE_RE.exec(url.pathname);
  if (!match) return undefined;
  const account = match[1] as SimAccount;
  const route = match[2] as BinanceRoute | undefined;
  if (route && account !== "linear") return undefined;
  const combined = match[3] === "stream";
  const fromPath = match[4] ? decodeURIComponent(match[4]).split("/") : [];
  const fromQuery = url.searchParams.get("streams")?.split("/") ?? [];
  const streams = [...fromPath, ...fromQuery].filter((stream) => stream.length > 0);
  if (streams.some((stream) => parseStream(account, stream) === undefined)) return undefined;
  const silentStreams = new Set(streams.filter((stream) => !isOnRoute(route, stream)));
  return {
    account,
    streams: streams.filter((stream) => !silentStreams.has(stream)),
    props: { combined, route, silentStreams },
  };
}

type BinanceRoute = "public" | "market";

/** USDⓈ-M routing: `/public` carries what the matching engine pushes (trades, depth, book ticker), `/market` the rest. */
function isOnRoute(route: BinanceRoute | undefined, stream: string): boolean {
  if (!route) return true;
  const isPublic = /@(trade|depth\d*(@\d+ms)?|bookTicker)$/.test(stream);
  return route === "public" ? isPublic : !isPublic;
}

function ensureSilentStreams(session: SimSession): Set<string> {
  let silent = session.props.silentStreams as Set<string> | undefined;
  if (!silent) {
    silent = new Set();
    session.props.silentStreams = silent;
  }
  return silent;
}

function handleControlFrame(
  session: SimSession,
  text: string,
  isValidStream: (stream: string) => boolean,
): ClientFrameKind {
  const fail = (code: number, msg: string, id: unknown): ClientFrameKind => {
    session.reply(JSON.stringify({ error: { code, msg }, id: id ?? null }));
    return "error";
  };
  let request: unknown;
  try {
    request = JSON.parse(text);
  } catch {
    return fail(3, `Invalid JSON: ${describeJsonProblem(text)}`, null);
  }
  if (!request || typeof request !== "object" || Array.isArray(request)) {
    return fail(2, "Invalid request: invalid type: expected struct Request at line 1 column 1", null);
  }
  const { method, params, id } = request as { method?: unknown; params?: unknown; id?: unknown };
  if (!isValidRequestId(session.account, id))
    return fail(2, "Invalid request: request ID must be an unsigned integer", null);
  if (method === undefined)
    return fail(2, `Invalid request: missing field \`method\` at line 1 column ${text.length}`, id);
  if (typeof method !== "string" || !METHODS.includes(method)) {
    const variant = typeof method === "string" ? method : String(method);
    const column = text.indexOf(JSON.stringify(method)) + JSON.stringify(method).length;
    const expected = METHODS.map((name) => `\`${name}\``).join(", ");
    return fail(
      2,
      `Invalid request: unknown variant \`${variant}\`, expected one of ${expected} at line 1 column ${column}`,
      id,
    );
  }
  const ack = (result: unknown): ClientFrameKind => {
    session.reply(JSON.stringify({ result, id: id ?? null }));
    return method === "SUBSCRIBE" ? "subscribe" : method === "UNSUBSCRIBE" ? "unsubscribe" : "other";
  };
  switch (method) {
    case "SUBSCRIBE":
    case "UNSUBSCRIBE": {
      if (!Array.isArray(params) || params.some((param) => typeof param !== "string")) {
        return fail(2, "Invalid request: invalid type: expected a sequence of stream names", id);
      }
      const streams = params as string[];
      if (streams.some((stream) => !isValidStream(stream)))
        return fail(2, "Invalid request: invalid stream", id);
      const silent = ensureSilentStreams(session);
      const route = session.props.route as BinanceRoute | undefined;
      if (method === "SUBSCRIBE") {
        const after = new Set([...session.streams, ...silent, ...streams]);
        if (after.size > MAX_STREAMS_PER_SOCKET) return fail(2, "Invalid request: too many streams", id);
        for (const stream of streams) (isOnRoute(route, stream) ? session.streams : silent).add(stream);
      } else {
        for (const stream of streams) {
          session.streams.delete(stream);
          silent.delete(stream);
        }
      }
      return ack(null);
    }
    case "LIST_SUBSCRIPTIONS":
      return ack([...session.streams, ...ensureSilentStreams(session)]);
    case "SET_PROPERTY": {
      const [name, value] = Array.isArray(params) ? params : [];
      if (typeof name !== "string") return fail(2, "Invalid request: property name must be a string", id);
      if (name !== "combined") return fail(0, "Unknown property", id);
      if (typeof value !== "boolean") return fail(1, "Invalid value type: expected Boolean", id);
      session.props.combined = value;
      return ack(null);
    }
    default: {
      const [name] = Array.isArray(params) ? params : [];
      if (typeof name !== "string") return fail(2, "Invalid request: property name must be a string", id);
      if (name !== "combined") return fail(0, "Unknown property", id);
      return ack(session.props.combined !== false);
    }
  }
}

/** Spot takes a signed 64-bit integer, an alphanumeric string up to 36 chars, or null; futures an unsigned integer. */
function isValidRequestId(account: SimAccount, id: unknown): boolean {
  if (typeof id === "number") return Number.isSafeInteger(id) && (account === "spot" || id >= 0);
  if (account !== "spot") return false;
  return id === undefined || id === null || (typeof id === "string" && /^[A-Za-z0-9]{1,36}$/.test(id));
}

/** serde_json-style position text for the first problem in a frame that is not JSON. */
function describeJsonProblem(text: string): string {
  const trimmed = text.trimStart();
  const column = text.length - trimmed.length + 1;
  if (trimmed.length === 0) return `EOF while parsing a value at line 1 column ${text.length}`;
  if (trimmed[0] !== "{" && trimmed[0] !== "[") return `expected value at line 1 column ${column}`;
  return `EOF while parsing an object at line 1 column ${text.length}`;
}

const STREAM_RE =
  /^([a-z0-9_]+)@(trade|aggTrade|ticker|miniTicker|bookTicker|forceOrder|depth(\d+)?(?:@(\d+)ms)?|kline_([0-9]+[smhdwM])|markPrice(@1s)?)$/;

function parseStream(account: SimAccount, stream: string): ParsedStream | undefined {
  const isFutures = account !== "spot";
  if (stream === "!markPrice@arr" || stream === "!markPrice@arr@1s") {
    return isFutures
      ? {
          kind: "allMarkPrice",
          everyTicks: stream.endsWith("@1s") ? MARK_FAST_EVERY_TICKS : MARK_SLOW_EVERY_TICKS,
        }
      : undefined;
  }
  if (stream === "!forceOrder@arr") return isFutures ? { kind: "allForceOrder" } : undefined;
  const match = STREAM_RE.exec(stream);
  if (!match) return undefined;
  const symbol = (match[1] ?? "").toUpperCase();
  const channel = match[2] ?? "";
  if (channel.startsWith("depth")) {
    const speedMs = match[4] === undefined ? 1000 : Number(match[4]);
    const speeds = isFutures ? [0, 100, 250, 500, 1000] : [100, 1000];
    if (!speeds.includes(speedMs)) return undefined;
    if (match[3] === undefined) return { kind: "depth", symbol };
    const levels = Number(match[3]);
    if (![5, 10, 20].includes(levels)) return undefined;
    return { kind: "partialDepth", symbol, levels, everyTicks: PARTIAL_DEPTH_EVERY_TICKS[speedMs] ?? 5 };
  }
  if (channel.startsWith("kline_")) {
    const label = match[5] ?? "";
    const interval = label === "1s" && isFutures ? undefined : parseInterval(label);
    return interval ? { kind: "kline", symbol, interval } : undefined;
  }
  if (channel.startsWith("markPrice")) {
    return isFutures
      ? { kind: "markPrice", symbol, everyTicks: match[6] ? MARK_FAST_EVERY_TICKS : MARK_SLOW_EVERY_TICKS }
      : undefined;
  }
  if (channel === "forceOrder" && !isFutures) return undefined;
  return {
    kind: channel as "trade" | "aggTrade" | "ticker" | "miniTicker" | "bookTicker" | "forceOrder",
    symbol,
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Recorded mode: frames and REST depth bodies from <wireDir>/binance, read at start

function loadRecordings(context: SimVenueContext, markets: BinanceMarkets) {
  const frames = new Map<string, RecordedFrame[]>();
  const depth = new Map<string, string>();
  for (const account of ACCOUNTS) {
    const prefix = RECORDING_PREFIX[account];
    for (const path of listRecordings(
      context.wireDir,
      "binance",
      (name) => name.startsWith(prefix) && !name.includes("-rest-"),
    )) {
      for (const line of readInboundFrames(path)) {
        let parsed: { stream?: unknown; data?: unknown };
        try {
          parsed = JSON.parse(line.frame);
        } catch {
          continue;
        }
        if (typeof parsed.stream !== "string" || parsed.data === undefined) continue;
        const key = `${account}|${parsed.stream}`;
        let list = frames.get(key);
        if (!list) {
          list = [];
          frames.set(key, list);
        }
        list.push({ text: line.frame, data: parsed.data });
        registerRecordedSymbol(markets, account, parsed.stream, parsed.data, context.seed);
      }
    }
    for (const path of listRecordings(context.wireDir, "binance", (name) =>
      name.startsWith(`${prefix}rest-depth`),
    )) {
      for (const line of readRestBodies(path)) {
        const symbol = new URL(line.url).searchParams.get("symbol");
        if (symbol) depth.set(`${account}|${symbol.toUpperCase()}`, line.body);
      }
    }
  }
  return { frames, depth };
}

function registerRecordedSymbol(
  markets: BinanceMarkets,
  account: SimAccount,
  stream: string,
  data: unknown,
  seed: number,
): void {
  const symbol = stream.split("@")[0]?.toUpperCase();
  if (!symbol || symbol.startsWith("!") || markets.instrument(account, symbol)) return;
  const price = findFirstPrice(data);
  if (price === undefined) return;
  markets.addInstrument(buildInstrument(account, guessRecordedSeed(account, symbol, price), true, seed));
}

function findFirstPrice(data: unknown): number | undefined {
  const record = data as { p?: unknown; b?: unknown; a?: unknown; k?: { c?: unknown } };
  const candidates = [
    record.p,
    typeof record.b === "string" ? record.b : undefined,
    Array.isArray(record.b) ? (record.b[0] as unknown[] | undefined)?.[0] : undefined,
    Array.isArray(record.a) ? (record.a[0] as unknown[] | undefined)?.[0] : undefined,
    record.k?.c,
  ];
  for (const candidate of candidates) {
    const value = Number(candidate);
    if (typeof candidate === "string" && Number.isFinite(value) && value > 0) return value;
  }
  return undefined;
}
