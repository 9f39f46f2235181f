// BingX for the venue simulator: one socket per market (`/bingx/market` spot, `/bingx/swap-market` USDT-M,
// `/bingx/cswap/market` Coin-M) speaking `{"id","reqType":"sub"|"unsub","dataType"}` with BingX's replies (80015 for an
// unknown dataType, 80403 past 200 topics), the server heartbeat (text `Ping` on swap, a JSON ping on spot and Coin-M),
// incrDepth as an `all` snapshot then `update`s numbered lastUpdateId + 1, Coin-M depth snapshots, trades (swap without
// ids), klines, tickers and mark prices in each socket's own shape; REST in bingx-rest.ts. Frames go out as text (the
// simulator core sends text), where BingX gzips them.

import { type BarInterval, parseInterval } from "../bars.ts";
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
import { answerBingxRest, describeBingxRestFault } from "./bingx-rest.ts";
import {
  type BingxInstrument,
  createBingxMarkets,
  formatDecimal,
  formatPrice,
  formatQty,
} from "./bingx-symbols.ts";

const ACCOUNTS: readonly SimAccount[] = ["spot", "linear", "inverse"];
/** The pseudo-stream every socket has from its first moment: the server heartbeat. */
export const HEARTBEAT_STREAM = "heartbeat";
/** "A websocket is limited to a maximum of 200 topics, and 80403 error codes will be returned." */
const MAX_TOPICS = 200;
/** "there is a subscription rate limit. Please do not exceed 10/s". */
const MAX_CLIENT_MESSAGES_PER_SECOND = 10;
const DEPTH_LEVELS = [5, 10, 20, 50, 100];
/** Spot kline names, the docs' (`1min … 1day`) and the newer assistant pages' (`1h`, `1d`). */
const SPOT_KLINE_NAMES: Readonly<Record<string, string>> = {
  "1min": "1m",
  "3min": "3m",
  "5min": "5m",
  "15min": "15m",
  "30min": "30m",
  "60min": "1h",
  "1day": "1d",
  "1h": "1h",
  "1d": "1d",
};
// Cadences in ticks (20 ms by default), compressed against BingX's (ping 5 s, ticker 1 s, depth 200-800 ms).
const PING_EVERY_TICKS = 50;
const TICKER_EVERY_TICKS = 25;
const MARK_EVERY_TICKS = 5;
const DEPTH_EVERY_TICKS = 5;
const KLINE_EVERY_TICKS = 10;
const DAY_MS = 86_400_000;

type ParsedDataType =
  | { kind: "trade" | "incrDepth" | "ticker" | "markPrice"; symbol: string }
  | { kind: "depth"; symbol: string; level: number }
  | { kind: "kline"; symbol: string; interval: BarInterval; native: string };

export function createBingxVenue(context: SimVenueContext): SimVenue {
  const markets = createBingxMarkets(context.seed, context.tickMs);
  /** Last lastUpdateId published per book (account|symbol); a new subscriber's snapshot carries it. */
  const bookUpdateIds = new Map<string, number>();
  const klineOpenMs = new Map<string, number>();
  let tickIndex = 0;
  let pingSerial = 0;

  const currentUpdateId = (instrument: BingxInstrument) => {
    const key = `${instrument.account}|${instrument.symbol}`;
    const id = bookUpdateIds.get(key) ?? instrument.spec.firstUpdateId;
    bookUpdateIds.set(key, id);
    return id;
  };

  const nextUpdateId = (instrument: BingxInstrument) => {
    const id = currentUpdateId(instrument) + 1;
    bookUpdateIds.set(`${instrument.account}|${instrument.symbol}`, id);
    return id;
  };

  /** The incrDepth frame of the socket's shape: spot levels as `{price: qty}` maps, swap as rows (asks highest first). */
  const incrDepthFrame = (
    instrument: BingxInstrument,
    action: "all" | "update",
    bids: Array<[number, number]>,
    asks: Array<[number, number]>,
    lastUpdateId: number,
    nowMs: number,
  ) => {
    const dataType = `${instrument.symbol}@incrDepth`;
    const price = (ticks: number) => formatPrice(instrument, ticks);
    const qty = (steps: number) => formatQty(instrument, steps);
    const sortedBids = [...bids].sort((a, b) => b[0] - a[0]);
    const sortedAsks = [...asks].sort((a, b) => b[0] - a[0]);
    if (instrument.account === "spot") {
      return {
        code: 0,
        timestamp: nowMs,
        success: true,
        dataType,
        data: {
          action,
          lastUpdateId,
          sourceUpdateId: lastUpdateId * 7 + 3,
          asks: Object.fromEntries(sortedAsks.map(([p, q]) => [price(p), qty(q)])),
          bids: Object.fromEntries(sortedBids.map(([p, q]) => [price(p), qty(q)])),
        },
      };
    }
    return {
      code: 0,
      dataType,
      data: {
        action,
        lastUpdateId,
        time: nowMs,
        bids: sortedBids.map(([p, q]) => [price(p), qty(q)]),
        asks: sortedAsks.map(([p, q]) => [price(p), qty(q)]),
      },
    };
  };

  /** The `all` snapshot a new incrDepth subscriber gets: the whole current book at the last published id. */
  const incrDepthSnapshot = (instrument: BingxInstrument, market: SimMarket, nowMs: number) => {
    const all = (side: "bid" | "ask") => market.book.topLevels(side, 1000);
    return incrDepthFrame(instrument, "all", all("bid"), all("ask"), currentUpdateId(instrument), nowMs);
  };

  const tradeFrames = (instrument: BingxInstrument, dataType: string, step: MarketStep, nowMs: number) => {
    if (step.trades.length === 0) return [];
    const price = (ticks: number) => formatPrice(instrument, ticks);
    const qty = (steps: number) => formatQty(instrument, steps);
    if (instrument.account === "linear") {
      // The swap socket batches a push and names no trade id.
      const data = step.trades.map((trade) => ({
        q: qty(trade.qtySteps),
        p: price(trade.priceTicks),
        T: trade.timeMs,
        m: trade.isBuyerMaker,
        s: instrument.symbol,
      }));
      return [{ code: 0, dataType, data }];
    }
    return step.trades.map((trade) =>
      instrument.account === "spot"
        ? {
            code: 0,
            data: {
              E: nowMs,
              T: trade.timeMs,
              e: "trade",
              m: trade.isBuyerMaker,
              p: price(trade.priceTicks),
              q: qty(trade.qtySteps),
              s: instrument.symbol,
              t: String(trade.id),
            },
            dataType,
            success: true,
            timestamp: nowMs,
          }
        : {
            code: 0,
            dataType,
            data: {
              e: "trade",
              E: nowMs,
              s: instrument.symbol,
              t: String(trade.id),
              p: price(trade.priceTicks),
              q: qty(trade.qtySteps),
              T: trade.timeMs,
              m: trade.isBuyerMaker,
            },
          },
    );
  };

  const depthSnapshotFrame = (
    instrument: BingxInstrument,
    market: SimMarket,
    dataType: string,
    level: number,
    nowMs: number,
  ) => {
    const rows = (side: "bid" | "ask") =>
      market.book.topLevels(side, level).map(([p, q]) => ({
        p: formatPrice(instrument, p),
        a: formatDecimal(market.notionalOf(p, q), 6),
        v: formatQty(instrument, q),
      }));
    return {
      code: 0,
      dataType,
      data: {
        symbol: instrument.symbol,
        bids: rows("bid"),
        // Coin-M lists asks highest first.
        asks: rows("ask").reverse(),
        aggPrecision: formatDecimal(instrument.spec.tickSize),
        timestamp: nowMs,
      },
    };
  };

  const klineFrame = (
    instrument: BingxInstrument,
    market: SimMarket,
    dataType: string,
    parsed: { interval: BarInterval; native: string },
    openMs: number,
    nowMs: number,
  ) => {
    const bar = market.barFor(openMs, parsed.interval.nextOpenOf(openMs), nowMs);
    const price = (ticks: number) => formatPrice(instrument, ticks);
    const volume = formatQty(instrument, bar.volumeSteps);
    if (instrument.account === "spot") {
      return {
        code: 0,
        data: {
          E: nowMs,
          K: {
            T: bar.closeMs,
            c: price(bar.closeTicks),
            h: price(bar.highTicks),
            i: parsed.native,
            l: price(bar.lowTicks),
            n: bar.trades,
            o: price(bar.openTicks),
            q: formatDecimal(bar.notional, 6),
            s: instrument.symbol,
            t: bar.openMs,
            v: volume,
          },
          e: "kline",
          s: instrument.symbol,
        },
        dataType,
        success: true,
      };
    }
    if (instrument.account === "linear") {
      return {
        code: 0,
        dataType,
        s: instrument.symbol,
        data: [
          {
            c: price(bar.closeTicks),
            o: price(bar.openTicks),
            h: price(bar.highTicks),
            l: price(bar.lowTicks),
            v: volume,
            T: bar.openMs,
          },
        ],
      };
    }
    return {
      code: 0,
      timestamp: nowMs,
      dataType,
      data: {
        t: bar.openMs,
        o: Number(price(bar.openTicks)),
        c: Number(price(bar.closeTicks)),
        l: Number(price(bar.lowTicks)),
        h: Number(price(bar.highTicks)),
        a: Number(formatDecimal(bar.notional, 7)),
        v: Number(volume),
        u: bar.trades,
        s: instrument.symbol,
      },
    };
  };

  const klineFrames = (
    key: string,
    instrument: BingxInstrument,
    market: SimMarket,
    dataType: string,
    parsed: { interval: BarInterval; native: string },
    nowMs: number,
  ) => {
    const openMs = parsed.interval.openOf(nowMs);
    const previousOpenMs = klineOpenMs.get(key);
    klineOpenMs.set(key, openMs);
    const frames: unknown[] = [];
    // BingX says nothing of a bar's end: the final update of the old bar, then the new bar.
    if (previousOpenMs !== undefined && previousOpenMs < openMs)
      frames.push(klineFrame(instrument, market, dataType, parsed, previousOpenMs, nowMs));
    if (frames.length > 0 || previousOpenMs === undefined || tickIndex % KLINE_EVERY_TICKS === 0)
      frames.push(klineFrame(instrument, market, dataType, parsed, openMs, nowMs));
    return frames;
  };

  const tickerFrame = (instrument: BingxInstrument, market: SimMarket, dataType: string, nowMs: number) => {
    const bar = market.barFor(nowMs - DAY_MS, nowMs + 1, nowMs);
    const lastTicks = market.lastPriceTicks();
    const changePct = ((lastTicks - bar.openTicks) / Math.max(1, bar.openTicks)) * 100;
    const [bid, ask] = [market.book.topLevels("bid", 1)[0], market.book.topLevels("ask", 1)[0]];
    const price = (ticks: number) => formatPrice(instrument, ticks);
    const qty = (steps: number) => formatQty(instrument, steps);
    const fields = {
      e: "24hTicker",
      E: nowMs,
      s: instrument.symbol,
      p: price(lastTicks - bar.openTicks),
      P: changePct.toFixed(2),
      c: price(lastTicks),
      L: qty(market.lastTrade()?.qtySteps ?? 1),
      h: price(bar.highTicks),
      l: price(bar.lowTicks),
      v: qty(bar.volumeSteps),
      q: formatDecimal(bar.notional, 2),
      o: price(bar.openTicks),
      O: nowMs - DAY_MS,
      C: nowMs,
      A: ask ? price(ask[0]) : "0",
      a: ask ? qty(ask[1]) : "0",
      B: bid ? price(bid[0]) : "0",
      b: bid ? qty(bid[1]) : "0",
    };
    if (instrument.account === "linear") return { code: 0, dataType, data: fields };
    if (instrument.account === "spot") {
      const numeric: Record<string, unknown> = {};
      for (const [field, value] of Object.entries(fields))
        numeric[field] = typeof value === "string" && field !== "e" && field !== "s" ? Number(value) : value;
      return { code: 0, timestamp: nowMs, dataType, data: { ...numeric, P: `${changePct.toFixed(2)}%` } };
    }
    // Coin-M: `v` contracts, `m` the coin, `q` USD.
    const contracts = Number(qty(bar.volumeSteps));
    const { e: _e, O: _O, ...rest } = fields;
    return {
      code: 0,
      timestamp: nowMs,
      dataType,
      data: {
        ...rest,
        m: formatDecimal(bar.notional, 6),
        q: formatDecimal(contracts * (instrument.spec.contractSizeQuote ?? 100), 1),
        P: `${changePct.toFixed(4)}%`,
      },
    };
  };

  const markFrame = (instrument: BingxInstrument, market: SimMarket, dataType: string, nowMs: number) => {
    const p = market.markPrice(nowMs).toFixed(instrument.priceDecimals);
    return instrument.account === "linear"
      ? { code: 0, dataType, data: { e: "markPriceUpdate", E: nowMs, s: instrument.symbol, p } }
      : { code: 0, timestamp: nowMs, dataType, data: { p, e: "markPrice", s: instrument.symbol, E: nowMs } };
  };

  const heartbeatText = (account: SimAccount, nowMs: number) => {
    if (account === "linear") return "Ping";
    pingSerial++;
    const id = `${(pingSerial * 2654435761).toString(16).padStart(12, "0")}${context.seed.toString(16)}`;
    return JSON.stringify({
      ping: id,
      time: new Date(nowMs + 8 * 3_600_000).toISOString().replace("Z", "+0800"),
    });
  };

  const produce = (
    account: SimAccount,
    stream: string,
    nowMs: number,
    steps: Map<string, MarketStep>,
  ): ProducedFrame[] => {
    if (stream === HEARTBEAT_STREAM) {
      if (tickIndex % PING_EVERY_TICKS !== 0) return [];
      const text = heartbeatText(account, nowMs);
      return [{ stream, payload: text, text }];
    }
    const parsed = parseDataType(account, stream);
    if (!parsed) return [];
    const instrument = markets.instrument(account, parsed.symbol);
    const market = instrument ? markets.marketOf(account, parsed.symbol) : undefined;
    const step = steps.get(`${account}|${parsed.symbol}`);
    if (!instrument || !market || !step) return [];
    const one = (payload: unknown, bookSymbol?: string): ProducedFrame[] => [{ stream, payload, bookSymbol }];
    switch (parsed.kind) {
      case "trade":
        return tradeFrames(instrument, stream, step, nowMs).map((payload) => ({ stream, payload }));
      case "incrDepth": {
        const changes = step.book?.changes;
        if (!changes || changes.bids.size + changes.asks.size === 0) return [];
        const frame = incrDepthFrame(
          instrument,
          "update",
          [...changes.bids],
          [...changes.asks],
          nextUpdateId(instrument),
          nowMs,
        );
        return one(frame, instrument.symbol);
      }
      case "depth":
        return tickIndex % DEPTH_EVERY_TICKS === 0
          ? one(depthSnapshotFrame(instrument, market, stream, parsed.level, nowMs))
          : [];
      case "kline":
        return klineFrames(`${account}|${stream}`, instrument, market, stream, parsed, nowMs).map(
          (payload) => ({
            stream,
            payload,
          }),
        );
      case "ticker":
        return tickIndex % TICKER_EVERY_TICKS === 0
          ? one(tickerFrame(instrument, market, stream, nowMs))
          : [];
      case "markPrice":
        return tickIndex % MARK_EVERY_TICKS === 0 ? one(markFrame(instrument, market, stream, nowMs)) : [];
    }
  };

  /** Validates a dataType and starts its market; the incrDepth snapshot to send right after the ack. */
  const checkDataType = (account: SimAccount, dataType: string): { valid: boolean; snapshot?: unknown } => {
    const parsed = parseDataType(account, dataType);
    if (!parsed) return { valid: false };
    const instrument = markets.instrument(account, parsed.symbol);
    const market = markets.marketOf(account, parsed.symbol);
    if (!instrument || !market) return { valid: false };
    return parsed.kind === "incrDepth"
      ? { valid: true, snapshot: incrDepthSnapshot(instrument, market, Date.now()) }
      : { valid: true };
  };

  return {
    id: "bingx",
    accounts: ACCOUNTS,
    wsPath: (account) => WS_PATHS[account],
    envFor(account, urls) {
      return {
        DIG3_BINGX_WS_URL: urls.wsUrlOf(account),
        DIG3_BINGX_REST_URL: urls.restUrl,
        DIG3_BINGX_SPOT_WS_URL: urls.wsUrlOf("spot"),
        DIG3_BINGX_LINEAR_WS_URL: urls.wsUrlOf("linear"),
        DIG3_BINGX_INVERSE_WS_URL: urls.wsUrlOf("inverse"),
      };
    },
    matchWsRoute: (url) => matchRoute(url),
    maxClientMessagesPerSecond: () => MAX_CLIENT_MESSAGES_PER_SECOND,
    handleClientText: (session, text) => handleClientFrame(session, text, checkDataType),
    tick(nowMs, active) {
      tickIndex++;
      const steps = new Map<string, MarketStep>();
      for (const { instrument, market } of markets.started())
        steps.set(`${instrument.account}|${instrument.symbol}`, market.step(nowMs));
      const out: SimDataFrame[] = [];
      for (const [account, streams] of active) {
        for (const stream of streams) {
          for (const frame of produce(account, stream, nowMs, steps)) out.push(wrapDataFrame(account, frame));
        }
      }
      forgetInactive(active, klineOpenMs);
      return out;
    },
    handleRest: (request, nowMs) => answerBingxRest(markets, request, nowMs),
    describeRestFault: (status, retryAfterS) => describeBingxRestFault(status, retryAfterS),
    close() {
      klineOpenMs.clear();
      bookUpdateIds.clear();
    },
  };
}

interface ProducedFrame {
  stream: string;
  payload: unknown;
  /** Pre-encoded wire text (the heartbeat is not JSON on swap). */
  text?: string;
  bookSymbol?: string;
}

function wrapDataFrame(account: SimAccount, frame: ProducedFrame): SimDataFrame {
  let text = frame.text;
  return {
    account,
    stream: frame.stream,
    payload: frame.payload,
    bookSymbol: frame.bookSymbol,
    encode() {
      text ??= JSON.stringify(frame.payload);
      return text;
    },
  };
}

function forgetInactive(active: ActiveStreams, state: Map<string, unknown>): void {
  for (const key of state.keys()) {
    const bar = key.indexOf("|");
    if (!active.get(key.slice(0, bar) as SimAccount)?.has(key.slice(bar + 1))) state.delete(key);
  }
}

/** dataTypes as BingX names them per socket; undefined for anything the socket does not serve. */
export function parseDataType(account: SimAccount, dataType: string): ParsedDataType | undefined {
  const [symbol, channel, extra] = dataType.split("@");
  if (!symbol || !channel || !/^[A-Z0-9]+-[A-Z0-9]+$/.test(symbol)) return undefined;
  if (channel === "trade" || channel === "ticker") return extra ? undefined : { kind: channel, symbol };
  if (channel === "incrDepth")
    return account !== "inverse" && !extra ? { kind: "incrDepth", symbol } : undefined;
  if (channel === "markPrice")
    return account !== "spot" && !extra ? { kind: "markPrice", symbol } : undefined;
  const depth = /^depth(\d+)$/.exec(channel);
  if (depth) {
    const level = Number(depth[1]);
    // Swap takes `@depth<N>@<ms>`; dig3 asks for depth snapshots on Coin-M only.
    const intervalOk = extra === undefined || (account === "linear" && /^\d+ms$/.test(extra));
    return DEPTH_LEVELS.includes(level) && intervalOk ? { kind: "depth", symbol, level } : undefined;
  }
  if (channel.startsWith("kline_") && !extra) {
    const native = channel.slice("kline_".length);
    const label = account === "spot" ? SPOT_KLINE_NAMES[native] : native;
    const interval = label ? parseInterval(label) : undefined;
    return interval && interval.label !== "1s" ? { kind: "kline", symbol, interval, native } : undefined;
  }
  return undefined;
}

const WS_PATHS: Readonly<Record<SimAccount, string>> = {
  spot: "/bingx/market",
  linear: "/bingx/swap-market",
  inverse: "/bingx/cswap/market",
};

function matchRoute(url: URL): SimWsRoute | undefined {
  const path = url.pathname.replace(/\/+$/, "");
  const account = ACCOUNTS.find((candidate) => WS_PATHS[candidate] === path);
  if (!account) return undefined;
  return { account, streams: [HEARTBEAT_STREAM], props: { pongs: 0 } };
}

/** BingX's reply: swap `{id, code, msg, dataType: "", data: null}`, spot and Coin-M `{code, id, msg, timestamp}`. */
function replyOf(session: SimSession, id: unknown, code: number, msg: string): string {
  if (session.account === "linear") return JSON.stringify({ id, code, msg, dataType: "", data: null });
  return JSON.stringify({ code, id, msg: code === 0 ? "SUCCESS" : msg, timestamp: Date.now() });
}

function handleClientFrame(
  session: SimSession,
  text: string,
  checkDataType: (account: SimAccount, dataType: string) => { valid: boolean; snapshot?: unknown },
): ClientFrameKind {
  if (text === "Pong") {
    session.props.pongs = Number(session.props.pongs ?? 0) + 1;
    return "other";
  }
  let request: unknown;
  try {
    request = JSON.parse(text);
  } catch {
    session.reply(replyOf(session, "", 100400, "ILLEGAL_ARGUMENT"));
    return "error";
  }
  if (!request || typeof request !== "object" || Array.isArray(request)) {
    session.reply(replyOf(session, "", 100400, "ILLEGAL_ARGUMENT"));
    return "error";
  }
  const { id, reqType, dataType, pong } = request as Record<string, unknown>;
  if (pong !== undefined) {
    session.props.pongs = Number(session.props.pongs ?? 0) + 1;
    return "other";
  }
  if (typeof dataType !== "string" || (reqType !== undefined && reqType !== "sub" && reqType !== "unsub")) {
    session.reply(replyOf(session, id ?? "", 100400, "ILLEGAL_ARGUMENT"));
    return "error";
  }
  if (reqType === "unsub") {
    session.streams.delete(dataType);
    session.reply(replyOf(session, id, 0, ""));
    return "unsubscribe";
  }
  // The spot pages subscribe without `reqType`: a request names a dataType, that is a subscription.
  if (session.streams.size - 1 >= MAX_TOPICS) {
    session.reply(replyOf(session, id, 80403, "the number of subscribed topics exceeds the limit"));
    return "error";
  }
  const check = checkDataType(session.account, dataType);
  if (!check.valid) {
    session.reply(replyOf(session, id, 80015, "dataType not supported"));
    return "error";
  }
  session.streams.add(dataType);
  session.reply(replyOf(session, id, 0, ""));
  if (check.snapshot !== undefined) session.reply(JSON.stringify(check.snapshot));
  return "subscribe";
}
