// Kraken for the venue simulator: spot WebSocket v2 (`method` subscribe / unsubscribe / ping, per-symbol acks,
// snapshots on subscribe, books scoped to the subscribed depth with the CRC32 checksum, heartbeats) and Futures
// WebSocket v1 (`event` subscribe / unsubscribe, book_snapshot + seq-numbered one-level deltas, trade_snapshot,
// trades with liquidations, ticker); REST in kraken-rest.ts, instruments in kraken-symbols.ts.

import { parseInterval } from "../bars.ts";
import type { ChecksumFrame } from "../faults.ts";
import type { MarketStep, SimMarket } from "../market.ts";
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
  checksumOfMarket,
  describeFuturesBookDelta,
  describeFuturesBookSnapshot,
  describeFuturesTicker,
  describeFuturesTrade,
  describeSpotBook,
  describeSpotOhlc,
  describeSpotTicker,
  describeSpotTrades,
  encodeRawJson,
  type FuturesPrint,
  type LevelText,
  plainOf,
  printOfTrade,
  topLevelText,
} from "./kraken-frames.ts";
import { answerKrakenRest, describeKrakenRestFault } from "./kraken-rest.ts";
import {
  createKrakenMarkets,
  formatKrakenTime,
  formatPrice,
  formatQty,
  type KrakenInstrument,
  tradeUidOf,
} from "./kraken-symbols.ts";

const ACCOUNTS: readonly SimAccount[] = ["spot", "linear", "inverse"];
const SPOT_CHANNELS = ["trade", "book", "ticker", "ohlc"] as const;
const FUTURES_FEEDS = ["trade", "book", "ticker"] as const;
const BOOK_DEPTHS = [10, 25, 100, 500, 1000];
const OHLC_LABELS: Readonly<Record<number, string>> = {
  1: "1m",
  5: "5m",
  15: "15m",
  30: "30m",
  60: "1h",
  240: "4h",
  1440: "1d",
  10080: "1w",
};
// Cadences in ticks (20 ms by default), compressed against Kraken's (ticker on trades or every 1 s, heartbeat 1 s).
const TICKER_EVERY_TICKS = 25;
const OHLC_EVERY_TICKS = 10;
const HEARTBEAT_EVERY_TICKS = 50;
const HEARTBEAT_STREAM = "heartbeat";
const SPOT_TRADE_SNAPSHOT = 50;
const FUTURES_TRADE_SNAPSHOT = 100;

type SpotChannel = (typeof SPOT_CHANNELS)[number];
type FuturesFeed = (typeof FUTURES_FEEDS)[number];

/** A stream as the simulator names it: `book:BTC/USD:1000`, `ohlc:BTC/USD:5`, `trade:PF_XBTUSD`. */
interface ParsedStream {
  channel: SpotChannel | FuturesFeed;
  instrument: KrakenInstrument;
  /** Book depth or ohlc minutes (spot). */
  param?: number;
}

type Scope = { bids: Map<number, number>; asks: Map<number, number> };

export function createKrakenVenue(context: SimVenueContext): SimVenue {
  const markets = createKrakenMarkets(context.seed, context.tickMs);
  /** Spot books: the levels each depth-scoped stream last showed, to send what changed inside the window. */
  const scopes = new Map<string, Scope>();
  /** Futures: the last `seq` of each product's book and trade feeds. */
  const bookSeq = new Map<string, number>();
  const tradeSeq = new Map<string, number>();
  let liquidationSerial = 0;
  let tickIndex = 0;

  const parseStream = (account: SimAccount, stream: string): ParsedStream | undefined => {
    const [channel, symbol, param] = stream.split(":");
    if (!channel || !symbol) return undefined;
    const instrument = markets.find(account, symbol);
    if (!instrument) return undefined;
    if (account === "spot") {
      if (!(SPOT_CHANNELS as readonly string[]).includes(channel)) return undefined;
      return {
        channel: channel as SpotChannel,
        instrument,
        param: param === undefined ? undefined : Number(param),
      };
    }
    if (!(FUTURES_FEEDS as readonly string[]).includes(channel)) return undefined;
    return { channel: channel as FuturesFeed, instrument };
  };

  const scopeOf = (market: SimMarket, depth: number): Scope => ({
    bids: new Map(market.book.topLevels("bid", depth)),
    asks: new Map(market.book.topLevels("ask", depth)),
  });

  /** Levels of one side to send: changed inside the window, and qty 0 for levels deleted from it (not those pushed out). */
  const diffSide = (
    instrument: KrakenInstrument,
    market: SimMarket,
    side: "bid" | "ask",
    before: Map<number, number>,
    after: Map<number, number>,
  ): LevelText[] => {
    const levels = side === "bid" ? market.book.bids : market.book.asks;
    const out: Array<[number, number]> = [];
    for (const [price, qty] of after) if (before.get(price) !== qty) out.push([price, qty]);
    for (const price of before.keys()) if (!after.has(price) && !levels.has(price)) out.push([price, 0]);
    return out.map(([price, qty]) => [formatPrice(instrument, price), formatQty(instrument, qty)] as const);
  };

  // ── snapshots, sent with the acks ──

  const spotSnapshots = (session: SimSession, parsed: ParsedStream, stream: string, nowMs: number): void => {
    const { instrument } = parsed;
    const market = markets.marketOf(instrument);
    switch (parsed.channel) {
      case "book": {
        const depth = parsed.param ?? 10;
        scopes.set(stream, scopeOf(market, depth));
        const frame = describeSpotBook(
          instrument,
          "snapshot",
          topLevelText(instrument, market, "bid", depth),
          topLevelText(instrument, market, "ask", depth),
          checksumOfMarket(instrument, market),
          nowMs,
        );
        session.reply(encodeRawJson(frame));
        return;
      }
      case "trade":
        session.reply(
          encodeRawJson(describeSpotTrades(instrument, market.recentTrades(SPOT_TRADE_SNAPSHOT), "snapshot")),
        );
        return;
      case "ticker":
        session.reply(encodeRawJson(describeSpotTicker(instrument, market, "snapshot", nowMs)));
        return;
      case "ohlc": {
        const interval = parseInterval(OHLC_LABELS[parsed.param ?? 1] ?? "1m");
        if (!interval) return;
        const openMs = interval.openOf(nowMs);
        const previousMs = interval.openOf(openMs - 1);
        const bars = [
          market.barFor(previousMs, openMs, nowMs),
          market.barFor(openMs, interval.nextOpenOf(openMs), nowMs),
        ];
        session.reply(
          encodeRawJson(describeSpotOhlc(instrument, bars, parsed.param ?? 1, "snapshot", nowMs)),
        );
        return;
      }
      default:
        return;
    }
  };

  const futuresSnapshots = (session: SimSession, parsed: ParsedStream, nowMs: number): void => {
    const { instrument } = parsed;
    const market = markets.marketOf(instrument);
    const key = `${instrument.account}|${instrument.symbol}`;
    if (parsed.channel === "book") {
      const seq = bookSeq.get(key) ?? instrument.spec.firstUpdateId;
      bookSeq.set(key, seq);
      session.reply(JSON.stringify(describeFuturesBookSnapshot(instrument, market, seq, nowMs)));
    } else if (parsed.channel === "trade") {
      const seq = tradeSeq.get(key) ?? 1000;
      tradeSeq.set(key, seq);
      const trades = market
        .recentTrades(FUTURES_TRADE_SNAPSHOT)
        .reverse()
        .map((trade, index) =>
          describeFuturesTrade(instrument, printOfTrade(instrument, trade), seq - index),
        );
      session.reply(JSON.stringify({ feed: "trade_snapshot", product_id: instrument.symbol, trades }));
    }
  };

  // ── control protocol ──

  const handleSpotText = (
    session: SimSession,
    request: Record<string, unknown>,
    nowMs: number,
  ): ClientFrameKind => {
    const times = { time_in: formatKrakenTime(nowMs), time_out: formatKrakenTime(nowMs) };
    const reqId = typeof request.req_id === "number" ? { req_id: request.req_id } : {};
    const method = request.method;
    if (method === "ping") {
      session.reply(JSON.stringify({ method: "pong", ...reqId, ...times }));
      return "other";
    }
    if (method !== "subscribe" && method !== "unsubscribe") {
      session.reply(
        JSON.stringify({ error: "Method not found", method, success: false, ...reqId, ...times }),
      );
      return "error";
    }
    const params = (request.params ?? {}) as Record<string, unknown>;
    const channel = params.channel;
    const symbols = params.symbol;
    const fail = (error: string, symbol?: string): ClientFrameKind => {
      session.reply(
        JSON.stringify({ error, method, success: false, ...(symbol ? { symbol } : {}), ...reqId, ...times }),
      );
      return "error";
    };
    if (typeof channel !== "string" || !(SPOT_CHANNELS as readonly string[]).includes(channel))
      return fail(`Channel ${String(channel)} not found`);
    if (!Array.isArray(symbols) || symbols.length === 0) return fail("Must specify at least one symbol");
    let param: number | undefined;
    if (channel === "book") {
      param = params.depth === undefined ? 10 : Number(params.depth);
      if (!BOOK_DEPTHS.includes(param)) return fail(`Invalid depth ${String(params.depth)}`);
    }
    if (channel === "ohlc") {
      param = params.interval === undefined ? 1 : Number(params.interval);
      if (OHLC_LABELS[param] === undefined) return fail(`Invalid interval ${String(params.interval)}`);
    }
    const snapshot = params.snapshot !== undefined ? params.snapshot === true : channel !== "trade";
    let kind: ClientFrameKind = method;
    for (const symbol of symbols) {
      const instrument = typeof symbol === "string" ? markets.find("spot", symbol) : undefined;
      if (!instrument || instrument.symbol !== symbol) {
        kind = fail(`Currency pair not supported ${String(symbol)}`, String(symbol));
        continue;
      }
      const stream =
        param === undefined ? `${channel}:${instrument.symbol}` : `${channel}:${instrument.symbol}:${param}`;
      const result: Record<string, unknown> = { channel, symbol: instrument.symbol };
      if (channel === "book") result.depth = param;
      if (channel === "ohlc") result.interval = param;
      if (method === "subscribe") {
        result.snapshot = snapshot;
        session.streams.add(stream);
        session.streams.add(HEARTBEAT_STREAM);
        session.reply(JSON.stringify({ method, result, success: true, ...times, ...reqId }));
        if (snapshot || channel === "book")
          spotSnapshots(session, parseStream("spot", stream)!, stream, nowMs);
      } else {
        session.streams.delete(stream);
        session.reply(JSON.stringify({ method, result, success: true, ...times, ...reqId }));
      }
    }
    return kind;
  };

  const handleFuturesText = (
    session: SimSession,
    request: Record<string, unknown>,
    nowMs: number,
  ): ClientFrameKind => {
    const event = request.event;
    if (event !== "subscribe" && event !== "unsubscribe") {
      session.reply(JSON.stringify({ event: "error", message: "Invalid event" }));
      return "error";
    }
    const feed = request.feed;
    if (typeof feed !== "string" || !(FUTURES_FEEDS as readonly string[]).includes(feed)) {
      session.reply(JSON.stringify({ event: "error", message: "Invalid feed" }));
      return "error";
    }
    const products = request.product_ids;
    if (!Array.isArray(products) || products.length === 0) {
      session.reply(JSON.stringify({ event: "error", message: "Json Error" }));
      return "error";
    }
    let kind: ClientFrameKind = event;
    for (const product of products) {
      const instrument = typeof product === "string" ? markets.find(session.account, product) : undefined;
      if (!instrument) {
        session.reply(JSON.stringify({ event: "error", message: "Invalid product id" }));
        kind = "error";
        continue;
      }
      const stream = `${feed}:${instrument.symbol}`;
      const reply = {
        event: event === "subscribe" ? "subscribed" : "unsubscribed",
        feed,
        product_ids: [instrument.symbol],
      };
      if (event === "subscribe") {
        session.streams.add(stream);
        session.reply(JSON.stringify(reply));
        futuresSnapshots(session, parseStream(session.account, stream)!, nowMs);
      } else {
        session.streams.delete(stream);
        session.reply(JSON.stringify(reply));
      }
    }
    return kind;
  };

  // ── data frames per tick ──

  const produceSpot = (
    parsed: ParsedStream,
    stream: string,
    step: MarketStep,
    nowMs: number,
  ): SimDataFrame[] => {
    const { instrument } = parsed;
    const market = markets.marketOf(instrument);
    const raw = (frame: unknown): SimDataFrame => {
      const text = encodeRawJson(frame);
      return { account: "spot", stream, payload: plainOf(frame), encode: () => text };
    };
    switch (parsed.channel) {
      case "book": {
        const depth = parsed.param ?? 10;
        const before = scopes.get(stream) ?? scopeOf(market, depth);
        const after = scopeOf(market, depth);
        scopes.set(stream, after);
        const bids = diffSide(instrument, market, "bid", before.bids, after.bids);
        const asks = diffSide(instrument, market, "ask", before.asks, after.asks);
        if (bids.length === 0 && asks.length === 0) return [];
        const checksum = checksumOfMarket(instrument, market);
        const frame = describeSpotBook(instrument, "update", bids, asks, checksum, nowMs);
        const update: ChecksumFrame = {
          ...raw(frame),
          bookSymbol: instrument.symbol,
          checksumSymbol: instrument.symbol,
          // A checksum the book does not have: the client must notice and resync.
          encodeCorrupted: (text) =>
            text.replace(`"checksum":${checksum}`, `"checksum":${(checksum + 1) >>> 0}`),
        };
        return [update];
      }
      case "trade":
        return step.trades.length > 0 ? [raw(describeSpotTrades(instrument, step.trades, "update"))] : [];
      case "ticker":
        return tickIndex % TICKER_EVERY_TICKS === 0
          ? [raw(describeSpotTicker(instrument, market, "update", nowMs))]
          : [];
      case "ohlc": {
        if (tickIndex % OHLC_EVERY_TICKS !== 0) return [];
        const interval = parseInterval(OHLC_LABELS[parsed.param ?? 1] ?? "1m");
        if (!interval) return [];
        const openMs = interval.openOf(nowMs);
        const bar = market.barFor(openMs, interval.nextOpenOf(openMs), nowMs);
        return [raw(describeSpotOhlc(instrument, [bar], parsed.param ?? 1, "update", nowMs))];
      }
      default:
        return [];
    }
  };

  const produceFutures = (
    parsed: ParsedStream,
    stream: string,
    step: MarketStep,
    nowMs: number,
  ): SimDataFrame[] => {
    const { instrument } = parsed;
    const market = markets.marketOf(instrument);
    const key = `${instrument.account}|${instrument.symbol}`;
    const json = (payload: unknown, bookSymbol?: string): SimDataFrame => {
      const text = JSON.stringify(payload);
      return { account: instrument.account, stream, payload, bookSymbol, encode: () => text };
    };
    switch (parsed.channel) {
      case "book": {
        const changes = step.book?.changes;
        if (!changes) return [];
        let seq = bookSeq.get(key) ?? instrument.spec.firstUpdateId;
        // One level per message, in matching-engine order: what leaves the book goes first, so no message
        // leaves the book crossed (a new bid never lands while the ask it would have hit is still shown).
        const levels = [
          ...[...changes.bids].map(([price, qty]) => ["buy", price, qty] as const),
          ...[...changes.asks].map(([price, qty]) => ["sell", price, qty] as const),
        ].sort((a, b) => Number(a[2] !== 0) - Number(b[2] !== 0));
        const frames: SimDataFrame[] = [];
        for (const [side, price, qty] of levels) {
          seq += 1;
          frames.push(
            json(describeFuturesBookDelta(instrument, side, price, qty, seq, nowMs), instrument.symbol),
          );
        }
        bookSeq.set(key, seq);
        return frames;
      }
      case "trade": {
        const prints: FuturesPrint[] = step.trades.map((trade) => printOfTrade(instrument, trade));
        const liquidation = step.liquidation;
        if (liquidation) {
          prints.push({
            uid: tradeUidOf(instrument, 900_000_000 + ++liquidationSerial),
            side: liquidation.side === "BUY" ? "buy" : "sell",
            type: "liquidation",
            priceTicks: liquidation.avgPriceTicks,
            qtySteps: liquidation.qtySteps,
            timeMs: liquidation.timeMs,
          });
        }
        let seq = tradeSeq.get(key) ?? 1000;
        const frames = prints.map((print) => json(describeFuturesTrade(instrument, print, ++seq)));
        tradeSeq.set(key, seq);
        return frames;
      }
      case "ticker":
        return tickIndex % TICKER_EVERY_TICKS === 0
          ? [json(describeFuturesTicker(instrument, market, nowMs))]
          : [];
      default:
        return [];
    }
  };

  return {
    id: "kraken",
    accounts: ACCOUNTS,
    wsPath: (account) => (account === "spot" ? "/kraken/spot/v2" : `/kraken/${account}/ws/v1`),
    envFor(account, urls) {
      return {
        DIG3_KRAKEN_WS_URL: urls.wsUrlOf(account),
        DIG3_KRAKEN_REST_URL: urls.restUrl,
        DIG3_KRAKEN_SPOT_WS_URL: urls.wsUrlOf("spot"),
        DIG3_KRAKEN_LINEAR_WS_URL: urls.wsUrlOf("linear"),
        DIG3_KRAKEN_INVERSE_WS_URL: urls.wsUrlOf("inverse"),
      };
    },
    matchWsRoute(url): SimWsRoute | undefined {
      if (url.pathname === "/kraken/spot/v2") return { account: "spot", streams: [], props: {} };
      const match = /^\/kraken\/(linear|inverse)\/ws\/v1$/.exec(url.pathname);
      return match ? { account: match[1] as SimAccount, streams: [], props: {} } : undefined;
    },
    // Futures: 100 requests a second per connection; spot documents no fixed number.
    maxClientMessagesPerSecond: (account) => (account === "spot" ? Number.POSITIVE_INFINITY : 100),
    handleClientText(session, text) {
      const nowMs = Date.now();
      let request: unknown;
      try {
        request = JSON.parse(text);
      } catch {
        request = undefined;
      }
      const isObject = typeof request === "object" && request !== null && !Array.isArray(request);
      if (!isObject) {
        session.reply(
          session.account === "spot"
            ? JSON.stringify({ error: "Malformed request", method: "", success: false })
            : JSON.stringify({ event: "error", message: "Json Error" }),
        );
        return "error";
      }
      const body = request as Record<string, unknown>;
      return session.account === "spot"
        ? handleSpotText(session, body, nowMs)
        : handleFuturesText(session, body, nowMs);
    },
    tick(nowMs, active: ActiveStreams) {
      tickIndex++;
      for (const [account, streams] of active)
        for (const stream of streams) {
          const parsed = parseStream(account, stream);
          if (parsed) markets.marketOf(parsed.instrument);
        }
      const steps = new Map<string, MarketStep>();
      for (const { instrument, market } of markets.started())
        steps.set(`${instrument.account}|${instrument.symbol}`, market.step(nowMs));
      const out: SimDataFrame[] = [];
      for (const [account, streams] of active) {
        for (const stream of streams) {
          if (stream === HEARTBEAT_STREAM) {
            if (tickIndex % HEARTBEAT_EVERY_TICKS === 0)
              out.push({
                account,
                stream,
                payload: { channel: "heartbeat" },
                encode: () => '{"channel":"heartbeat"}',
              });
            continue;
          }
          const parsed = parseStream(account, stream);
          const step = parsed ? steps.get(`${account}|${parsed.instrument.symbol}`) : undefined;
          if (!parsed || !step) continue;
          out.push(...(account === "spot" ? produceSpot : produceFutures)(parsed, stream, step, nowMs));
        }
      }
      for (const stream of scopes.keys()) if (!active.get("spot")?.has(stream)) scopes.delete(stream);
      return out;
    },
    handleRest: (request, nowMs) => answerKrakenRest(markets, request, nowMs),
    describeRestFault: (status, retryAfterS) => describeKrakenRestFault(status, retryAfterS),
    close() {
      scopes.clear();
      bookSeq.clear();
      tradeSeq.clear();
    },
  };
}
