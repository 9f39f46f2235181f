// Bybit v5 for the venue simulator: one public socket per category (`/bybit/v5/public/<category>`) speaking
// op subscribe / unsubscribe / ping with Bybit's replies (spot's 10-topic cap included), book topics as a snapshot
// then per-topic `u`-numbered deltas of the top N levels, tickers as snapshot then changed-field deltas, trades,
// klines and liquidations per step; REST in bybit-rest.ts. Option is not simulated.

import { type BarInterval, parseInterval } from "../bars.ts";
import type { MarketStep, SimMarket } from "../market.ts";
import { hashParts } from "../rng.ts";
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
  answerBybitRest,
  BYBIT_SIM_INTERVALS,
  describeBybitRestFault,
  describeTicker,
} from "./bybit-rest.ts";
import {
  type BybitInstrument,
  createBybitMarkets,
  formatDecimal,
  formatPrice,
  formatQty,
  tradeIdOf,
} from "./bybit-symbols.ts";

const ACCOUNTS: readonly SimAccount[] = ["spot", "linear", "inverse"];
/** "Spot can input up to 10 args for each subscription request sent to one connection". */
const SPOT_MAX_ARGS = 10;
const BOOK_DEPTHS: Record<SimAccount, readonly number[]> = {
  spot: [1, 50, 200, 1000],
  linear: [1, 50, 200, 1000],
  inverse: [1, 50, 200, 1000],
};
// Cadences in ticks (20 ms by default), compressed against Bybit's (kline 1-60 s, derivatives tickers 100 ms).
const KLINE_EVERY_TICKS = 10;
const TICKER_EVERY_TICKS = 5;

type ParsedTopic =
  | { kind: "trade" | "ticker" | "liquidation"; symbol: string }
  | { kind: "book"; symbol: string; depth: number }
  | { kind: "kline"; symbol: string; interval: BarInterval; native: string };

/** The levels a book topic has published (what every subscriber holds), and its update id. */
interface BookTopicState {
  bids: Map<number, number>;
  asks: Map<number, number>;
}

export function createBybitVenue(context: SimVenueContext): SimVenue {
  const markets = createBybitMarkets(context.seed, context.tickMs);
  const bookViews = new Map<string, BookTopicState>();
  const bookUpdateIds = new Map<string, number>();
  const tickerViews = new Map<string, Record<string, string>>();
  const klineOpenMs = new Map<string, number>();
  let tickIndex = 0;
  let crossSequence = 1_000_000;

  const instrumentOf = (account: SimAccount, symbol: string) => markets.instrument(account, symbol);

  /** Next `u` of a book topic; topics start at a seeded number and only ever count up. */
  const nextUpdateId = (key: string) => {
    const next = (bookUpdateIds.get(key) ?? 1_000_000 + (hashParts(context.seed, key) % 9_000_000)) + 1;
    bookUpdateIds.set(key, next);
    return next;
  };

  const topLevels = (market: SimMarket, depth: number) => ({
    bids: new Map(market.book.topLevels("bid", depth)),
    asks: new Map(market.book.topLevels("ask", depth)),
  });

  const levelRows = (instrument: BybitInstrument, levels: Map<number, number>, descending: boolean) =>
    [...levels]
      .sort((a, b) => (descending ? b[0] - a[0] : a[0] - b[0]))
      .map(([price, qty]) => [formatPrice(instrument, price), formatQty(instrument, qty)]);

  const bookFrame = (
    topic: string,
    instrument: BybitInstrument,
    type: "snapshot" | "delta",
    bids: Map<number, number>,
    asks: Map<number, number>,
    u: number,
    nowMs: number,
  ) => ({
    topic,
    type,
    ts: nowMs,
    data: {
      s: instrument.symbol,
      b: levelRows(instrument, bids, true),
      a: levelRows(instrument, asks, false),
      u,
      seq: crossSequence++,
    },
    cts: nowMs - 1,
  });

  /** The snapshot a new subscriber gets: the topic's published view, or the current book when nobody held it. */
  const bookSnapshot = (
    account: SimAccount,
    topic: string,
    parsed: { symbol: string; depth: number },
    nowMs: number,
  ) => {
    const instrument = instrumentOf(account, parsed.symbol);
    const market = instrument ? markets.marketOf(account, parsed.symbol) : undefined;
    if (!instrument || !market) return undefined;
    const key = `${account}|${topic}`;
    let view = bookViews.get(key);
    let u = bookUpdateIds.get(key);
    if (!view || u === undefined) {
      view = topLevels(market, parsed.depth);
      bookViews.set(key, view);
      u = nextUpdateId(key);
    }
    return bookFrame(topic, instrument, "snapshot", view.bids, view.asks, u, nowMs);
  };

  const tickerSnapshot = (account: SimAccount, topic: string, symbol: string, nowMs: number) => {
    const instrument = instrumentOf(account, symbol);
    const market = instrument ? markets.marketOf(account, symbol) : undefined;
    if (!instrument || !market) return undefined;
    const key = `${account}|${topic}`;
    let view = tickerViews.get(key);
    if (!view || account === "spot") {
      view = describeTicker(instrument, market, nowMs, { withBook: false });
      tickerViews.set(key, view);
    }
    return { topic, type: "snapshot", data: { ...view }, cs: crossSequence++, ts: nowMs };
  };

  const produce = (account: SimAccount, topic: string, nowMs: number, steps: Map<string, MarketStep>) => {
    const parsed = parseTopic(account, topic);
    if (!parsed) return [];
    const instrument = instrumentOf(account, parsed.symbol);
    const market = instrument ? markets.marketOf(account, parsed.symbol) : undefined;
    const step = steps.get(`${account}|${parsed.symbol}`);
    if (!instrument || !market || !step) return [];
    const key = `${account}|${topic}`;
    switch (parsed.kind) {
      case "trade": {
        if (step.trades.length === 0) return [];
        const data = step.trades.map((trade) => ({
          T: trade.timeMs,
          s: instrument.symbol,
          S: trade.isBuyerMaker ? "Sell" : "Buy",
          v: formatQty(instrument, trade.qtySteps),
          p: formatPrice(instrument, trade.priceTicks),
          ...(account === "spot" ? {} : { L: trade.isBuyerMaker ? "MinusTick" : "PlusTick" }),
          i: tradeIdOf(instrument, trade.id),
          BT: false,
        }));
        return [{ topic, payload: { topic, type: "snapshot", ts: step.timeMs + 2, data } }];
      }
      case "book": {
        const view = bookViews.get(key);
        if (!view) return [];
        const next = topLevels(market, parsed.depth);
        if (parsed.depth === 1) {
          // Level 1 is sent as snapshots only, whenever the top changes.
          if (sameLevels(view.bids, next.bids) && sameLevels(view.asks, next.asks)) return [];
          bookViews.set(key, next);
          return [
            {
              topic,
              payload: bookFrame(
                topic,
                instrument,
                "snapshot",
                next.bids,
                next.asks,
                nextUpdateId(key),
                nowMs,
              ),
              bookSymbol: instrument.symbol,
            },
          ];
        }
        const bids = diffLevels(view.bids, next.bids);
        const asks = diffLevels(view.asks, next.asks);
        if (bids.size === 0 && asks.size === 0) return [];
        bookViews.set(key, next);
        const payload = bookFrame(topic, instrument, "delta", bids, asks, nextUpdateId(key), nowMs);
        return [{ topic, payload, bookSymbol: instrument.symbol }];
      }
      case "ticker": {
        if (tickIndex % TICKER_EVERY_TICKS !== 0) return [];
        if (account === "spot") {
          const snapshot = tickerSnapshot(account, topic, parsed.symbol, nowMs);
          return snapshot ? [{ topic, payload: snapshot }] : [];
        }
        const view = tickerViews.get(key);
        if (!view) return [];
        const next = describeTicker(instrument, market, nowMs, { withBook: false });
        const changed: Record<string, string> = {};
        for (const [field, value] of Object.entries(next)) if (view[field] !== value) changed[field] = value;
        if (Object.keys(changed).length === 0) return [];
        tickerViews.set(key, next);
        return [
          {
            topic,
            payload: {
              topic,
              type: "delta",
              data: { symbol: instrument.symbol, ...changed },
              cs: crossSequence++,
              ts: nowMs,
            },
          },
        ];
      }
      case "kline":
        return produceKlines(key, topic, instrument, market, parsed, nowMs);
      case "liquidation": {
        const liquidation = step.liquidation;
        if (!liquidation || account === "spot") return [];
        const data = [
          {
            T: liquidation.timeMs,
            s: instrument.symbol,
            // Bybit names the liquidated position: a SELL order closes a long, reported as "Buy".
            S: liquidation.side === "SELL" ? "Buy" : "Sell",
            v: formatQty(instrument, liquidation.qtySteps),
            p: formatPrice(instrument, liquidation.priceTicks),
          },
        ];
        return [{ topic, payload: { topic, type: "snapshot", ts: nowMs, data } }];
      }
    }
  };

  const produceKlines = (
    key: string,
    topic: string,
    instrument: BybitInstrument,
    market: SimMarket,
    parsed: { interval: BarInterval; native: string },
    nowMs: number,
  ) => {
    const { interval } = parsed;
    const openMs = interval.openOf(nowMs);
    const previousOpenMs = klineOpenMs.get(key);
    klineOpenMs.set(key, openMs);
    const frames: Array<{ topic: string; payload: unknown }> = [];
    const row = (openOfBar: number, confirm: boolean) => {
      const bar = market.barFor(openOfBar, interval.nextOpenOf(openOfBar), nowMs);
      const price = (ticks: number) => formatPrice(instrument, ticks);
      return {
        topic,
        payload: {
          topic,
          data: [
            {
              start: bar.openMs,
              end: bar.closeMs,
              interval: parsed.native,
              open: price(bar.openTicks),
              close: price(bar.closeTicks),
              high: price(bar.highTicks),
              low: price(bar.lowTicks),
              volume: formatQty(instrument, bar.volumeSteps),
              turnover: formatDecimal(bar.notional, 4),
              confirm,
              timestamp: nowMs,
            },
          ],
          ts: nowMs,
          type: "snapshot",
        },
      };
    };
    if (previousOpenMs !== undefined && previousOpenMs < openMs) frames.push(row(previousOpenMs, true));
    if (frames.length > 0 || previousOpenMs === undefined || tickIndex % KLINE_EVERY_TICKS === 0) {
      frames.push(row(openMs, false));
    }
    return frames;
  };

  return {
    id: "bybit",
    accounts: ACCOUNTS,
    wsPath: (account) => `/bybit/v5/public/${account}`,
    envFor(account, urls) {
      return {
        DIG3_BYBIT_WS_URL: urls.wsUrlOf(account),
        DIG3_BYBIT_REST_URL: urls.restUrl,
        DIG3_BYBIT_SPOT_WS_URL: urls.wsUrlOf("spot"),
        DIG3_BYBIT_LINEAR_WS_URL: urls.wsUrlOf("linear"),
        DIG3_BYBIT_INVERSE_WS_URL: urls.wsUrlOf("inverse"),
      };
    },
    matchWsRoute: (url) => matchRoute(url),
    handleClientText(session, text) {
      return handleControlFrame(session, text, (topic) => {
        const parsed = parseTopic(session.account, topic);
        if (!parsed) return { valid: false };
        const nowMs = Date.now();
        if (parsed.kind === "book")
          return { valid: true, snapshot: bookSnapshot(session.account, topic, parsed, nowMs) };
        if (parsed.kind === "ticker")
          return { valid: true, snapshot: tickerSnapshot(session.account, topic, parsed.symbol, nowMs) };
        markets.marketOf(session.account, parsed.symbol);
        return { valid: true };
      });
    },
    tick(nowMs, active) {
      tickIndex++;
      const steps = new Map<string, MarketStep>();
      for (const { instrument, market } of markets.started()) {
        steps.set(`${instrument.account}|${instrument.symbol}`, market.step(nowMs));
      }
      const out: SimDataFrame[] = [];
      for (const [account, topics] of active) {
        for (const topic of topics) {
          for (const frame of produce(account, topic, nowMs, steps)) out.push(wrapDataFrame(account, frame));
        }
      }
      // Topics nobody receives any more are rebuilt from the live book for their next subscriber.
      for (const state of [bookViews, tickerViews, klineOpenMs] as Map<string, unknown>[])
        forgetInactive(active, state);
      return out;
    },
    handleRest: (request, nowMs) => answerBybitRest(markets, request, nowMs),
    describeRestFault: (status, retryAfterS) => describeBybitRestFault(status, retryAfterS, Date.now()),
    close() {
      bookViews.clear();
      tickerViews.clear();
      klineOpenMs.clear();
    },
  };
}

function sameLevels(a: Map<number, number>, b: Map<number, number>): boolean {
  if (a.size !== b.size) return false;
  for (const [price, qty] of a) if (b.get(price) !== qty) return false;
  return true;
}

/** Levels that changed from `before` to `after`; a level gone from the top N is sent with size 0. */
function diffLevels(before: Map<number, number>, after: Map<number, number>): Map<number, number> {
  const changes = new Map<number, number>();
  for (const [price, qty] of after) if (before.get(price) !== qty) changes.set(price, qty);
  for (const price of before.keys()) if (!after.has(price)) changes.set(price, 0);
  return changes;
}

function forgetInactive(active: ActiveStreams, state: Map<string, unknown>): void {
  for (const key of state.keys()) {
    const bar = key.indexOf("|");
    if (!active.get(key.slice(0, bar) as SimAccount)?.has(key.slice(bar + 1))) state.delete(key);
  }
}

function wrapDataFrame(
  account: SimAccount,
  frame: { topic: string; payload: unknown; bookSymbol?: string },
): SimDataFrame {
  let text: string | undefined;
  return {
    account,
    stream: frame.topic,
    payload: frame.payload,
    bookSymbol: frame.bookSymbol,
    encode() {
      text ??= JSON.stringify(frame.payload);
      return text;
    },
  };
}

/** Topics as Bybit names them; undefined for anything the category does not serve. */
export function parseTopic(account: SimAccount, topic: string): ParsedTopic | undefined {
  const parts = topic.split(".");
  const [channel, first, second] = parts;
  switch (channel) {
    case "publicTrade":
      return parts.length === 2 && first ? { kind: "trade", symbol: first } : undefined;
    case "tickers":
      return parts.length === 2 && first ? { kind: "ticker", symbol: first } : undefined;
    case "allLiquidation":
      return parts.length === 2 && first && account !== "spot"
        ? { kind: "liquidation", symbol: first }
        : undefined;
    case "orderbook": {
      const depth = Number(first);
      return parts.length === 3 && second && BOOK_DEPTHS[account].includes(depth)
        ? { kind: "book", symbol: second, depth }
        : undefined;
    }
    case "kline": {
      const label = BYBIT_SIM_INTERVALS[first ?? ""];
      const interval = label ? parseInterval(label) : undefined;
      return parts.length === 3 && second && interval
        ? { kind: "kline", symbol: second, interval, native: first! }
        : undefined;
    }
    default:
      return undefined;
  }
}

const ROUTE_RE = /^\/bybit\/v5\/public\/(spot|linear|inverse)\/?$/;

function matchRoute(url: URL): SimWsRoute | undefined {
  const match = ROUTE_RE.exec(url.pathname);
  if (!match) return undefined;
  return { account: match[1] as SimAccount, streams: [], props: { connId: crypto.randomUUID() } };
}

interface TopicCheck {
  valid: boolean;
  /** The snapshot Bybit sends right after the reply (books and tickers). */
  snapshot?: unknown;
}

function handleControlFrame(
  session: SimSession,
  text: string,
  checkTopic: (topic: string) => TopicCheck,
): ClientFrameKind {
  const connId = String(session.props.connId ?? "sim");
  let request: unknown;
  try {
    request = JSON.parse(text);
  } catch {
    session.reply(JSON.stringify({ success: false, ret_msg: "error:request not json", conn_id: connId }));
    return "error";
  }
  if (!request || typeof request !== "object" || Array.isArray(request)) {
    session.reply(JSON.stringify({ success: false, ret_msg: "error:request not object", conn_id: connId }));
    return "error";
  }
  const { op, args, req_id: reqId } = request as { op?: unknown; args?: unknown; req_id?: unknown };
  const echo =
    typeof reqId === "string" ? { req_id: reqId } : session.account === "spot" ? {} : { req_id: "" };
  const reply = (success: boolean, retMsg: string, kind: ClientFrameKind): ClientFrameKind => {
    session.reply(JSON.stringify({ success, ret_msg: retMsg, conn_id: connId, ...echo, op }));
    return kind;
  };
  if (op === "ping") return reply(true, "pong", "other");
  if (op !== "subscribe" && op !== "unsubscribe")
    return reply(false, `error:unknown op ${String(op)}`, "error");
  if (!Array.isArray(args) || args.length === 0 || args.some((arg) => typeof arg !== "string"))
    return reply(false, "error:args invalid", "error");
  const topics = args as string[];
  if (session.account === "spot" && topics.length > SPOT_MAX_ARGS)
    return reply(false, "args size >10", "error");
  if (op === "unsubscribe") {
    for (const topic of topics) session.streams.delete(topic);
    return reply(true, session.account === "spot" ? "unsubscribe" : "", "unsubscribe");
  }
  const checks = new Map<string, TopicCheck>();
  for (const topic of topics) {
    if (session.streams.has(topic)) return reply(false, `error:already subscribed,topic:${topic}`, "error");
    const check = checkTopic(topic);
    if (!check.valid) return reply(false, `error:handler not found,topic:${topic}`, "error");
    checks.set(topic, check);
  }
  reply(true, session.account === "spot" ? "subscribe" : "", "subscribe");
  for (const [topic, check] of checks) {
    session.streams.add(topic);
    if (check.snapshot !== undefined) session.reply(JSON.stringify(check.snapshot));
  }
  return "subscribe";
}
