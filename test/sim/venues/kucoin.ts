// KuCoin (classic API) for the venue simulator: sockets opened with a bullet token it issued, the welcome / subscribe /
// ack / ping / pong / error protocol, synthetic pushes per topic (level2 with a sequence per change: spot batches a
// step's changes, futures sends one change per message), and REST (kucoin-rest.ts).

import type { BarInterval } from "../bars.ts";
import type { BookChanges } from "../book.ts";
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
import { answerKucoinRest, describeKucoinRestFault, intervalOfCandleType } from "./kucoin-rest.ts";
import {
  bestOf,
  candleRow,
  createKucoinMarkets,
  isFutures,
  type KucoinSimInstrument,
  kucoinDecimal,
  lots,
  priceText,
  qtyText,
} from "./kucoin-symbols.ts";

const ACCOUNTS: readonly SimAccount[] = ["spot", "linear", "inverse"];
// Cadences in ticks (20 ms by default), compressed against KuCoin's (mark price every second, funding every minute,
// candles on change) so tests see them quickly; trades and book changes are per step.
const TICKER_EVERY_TICKS = 25;
const MARK_EVERY_TICKS = 25;
const FUNDING_EVERY_TICKS = 50;
const CANDLE_EVERY_TICKS = 10;
const FUNDING_PERIOD_MS = 8 * 3_600_000;

const SPOT_CHANNELS = new Set(["/market/match", "/market/level2", "/market/candles", "/market/ticker"]);
const FUTURES_CHANNELS = new Set([
  "/contractMarket/execution",
  "/contractMarket/level2",
  "/contractMarket/limitCandle",
  "/contractMarket/tickerV2",
  "/contract/instrument",
]);

/** Futures candle types (the socket list; 6hour is spot only). */
const FUTURES_CANDLE_TYPES = new Set([
  "1min",
  "3min",
  "5min",
  "15min",
  "30min",
  "1hour",
  "2hour",
  "4hour",
  "8hour",
  "12hour",
  "1day",
  "1week",
  "1month",
]);

interface ParsedStream {
  channel: string;
  instrument: KucoinSimInstrument;
  /** Candle topics: the type suffix and its interval. */
  candleType?: string;
  interval?: BarInterval;
}

interface ProducedFrame {
  payload: unknown;
  bookSymbol?: string;
}

/** Whether a socket of `account` serves a stream: spot channels on spot, futures channels on either futures path. */
function parseStream(
  markets: ReturnType<typeof createKucoinMarkets>,
  account: SimAccount,
  stream: string,
): ParsedStream | undefined {
  const colon = stream.indexOf(":");
  if (colon < 0) return undefined;
  const channel = stream.slice(0, colon);
  const arg = stream.slice(colon + 1);
  const spot = account === "spot";
  if (!(spot ? SPOT_CHANNELS : FUTURES_CHANNELS).has(channel)) return undefined;
  const isCandle = channel === "/market/candles" || channel === "/contractMarket/limitCandle";
  const underscore = arg.lastIndexOf("_");
  const native = isCandle ? arg.slice(0, Math.max(0, underscore)) : arg;
  const instrument = markets.instrument(native);
  if (!instrument || isFutures(instrument) === spot) return undefined;
  if (!isCandle) return { channel, instrument };
  const candleType = arg.slice(underscore + 1);
  const interval = intervalOfCandleType(candleType);
  const listed = spot
    ? candleType !== "1month" && candleType !== "5min"
    : FUTURES_CANDLE_TYPES.has(candleType);
  return interval && listed ? { channel, instrument, candleType, interval } : undefined;
}

/**
 * A step's changes in an order the matching engine could have made them: removals first, then new and resized
 * levels. Every prefix is then uncrossed (the futures feed applies one change per message, so each is visible).
 */
function orderedChanges(changes: BookChanges): Array<readonly ["buy" | "sell", number, number]> {
  const all = [
    ...[...changes.asks.entries()].map(([price, qty]) => ["sell", price, qty] as const),
    ...[...changes.bids.entries()].map(([price, qty]) => ["buy", price, qty] as const),
  ];
  return [...all.filter(([, , qty]) => qty === 0), ...all.filter(([, , qty]) => qty > 0)];
}

function message(topic: string, subject: string, data: unknown, sn?: number) {
  return sn === undefined
    ? { topic, type: "message", subject, data }
    : { topic, type: "message", subject, sn, data };
}

export function createKucoinVenue(context: SimVenueContext): SimVenue {
  const markets = createKucoinMarkets(context.seed, context.tickMs);
  const candleOpenMs = new Map<string, number>();
  const tokens = new Set<string>();
  let wsUrlOf: ((account: SimAccount) => string) | undefined;
  let tokenSerial = 0;
  let tickIndex = 0;

  const issueToken = (account: SimAccount) => {
    if (!wsUrlOf) return undefined;
    const token = `sim-${context.seed}-${++tokenSerial}-${Date.now().toString(36)}`;
    tokens.add(token);
    return { token, endpoint: wsUrlOf(account) };
  };

  const handleClientText = (session: SimSession, text: string): ClientFrameKind => {
    // KuCoin sends the welcome on open; the simulator core has no open hook for venues, so it precedes the reply to
    // the client's first frame instead (dig3 subscribes right after open, as the recorded 2021 session did).
    if (session.props.welcomed !== true) {
      session.props.welcomed = true;
      session.reply(JSON.stringify({ id: session.props.connectId, type: "welcome" }));
    }
    const fail = (id: unknown, code: number, data: string): ClientFrameKind => {
      session.reply(
        JSON.stringify({
          id: id === undefined ? session.props.connectId : String(id),
          type: "error",
          code,
          data,
        }),
      );
      return "error";
    };
    let request: { id?: unknown; type?: unknown; topic?: unknown; response?: unknown };
    try {
      request = JSON.parse(text);
    } catch {
      return fail(undefined, 415, "command type is invalid");
    }
    if (!request || typeof request !== "object" || Array.isArray(request))
      return fail(undefined, 415, "command type is invalid");
    const { id, type, topic } = request;
    if (type === "ping") {
      const pong: Record<string, unknown> = { id: String(id ?? ""), type: "pong" };
      if (session.account !== "spot") pong.timestamp = Date.now() * 1000;
      session.reply(JSON.stringify(pong));
      return "other";
    }
    if (type !== "subscribe" && type !== "unsubscribe") return fail(id, 415, "command type is invalid");
    if (typeof topic !== "string" || topic.length === 0) return fail(id, 406, "topic is required");
    const colon = topic.indexOf(":");
    const channel = topic.slice(0, colon);
    const args = colon < 0 ? [] : topic.slice(colon + 1).split(",");
    if (args.length === 0 || args.length > 100)
      return fail(
        id,
        args.length > 100 ? 509 : 400,
        args.length > 100 ? "exceed max subscription count limitation of 100 per time" : "topic is invalid",
      );
    const streams = args.map((arg) => `${channel}:${arg}`);
    for (const stream of streams) {
      if (!parseStream(markets, session.account, stream))
        return fail(id, 404, `topic ${stream} is not found`);
    }
    for (const stream of streams) {
      if (type === "subscribe") session.streams.add(stream);
      else session.streams.delete(stream);
    }
    if (session.streams.size > 300)
      return fail(id, 509, "exceed max subscription count limitation of 300 per session");
    if (request.response === true) session.reply(JSON.stringify({ id: String(id), type: "ack" }));
    return type;
  };

  const produce = (
    account: SimAccount,
    stream: string,
    nowMs: number,
    steps: Map<string, MarketStep>,
  ): ProducedFrame[] => {
    const parsed = parseStream(markets, account, stream);
    if (!parsed) return [];
    const { channel, instrument } = parsed;
    const market = markets.marketOf(instrument.native)!;
    const step = steps.get(instrument.native);
    switch (channel) {
      case "/market/match":
        return (step?.trades ?? []).map((trade) => ({
          payload: message(stream, "trade.l3match", {
            makerOrderId: `m${trade.isBuyerMaker ? trade.buyOrderId : trade.sellOrderId}`,
            price: priceText(instrument, trade.priceTicks),
            sequence: String(trade.id),
            side: trade.isBuyerMaker ? "sell" : "buy",
            size: qtyText(instrument, trade.qtySteps),
            symbol: instrument.native,
            takerOrderId: `t${trade.isBuyerMaker ? trade.sellOrderId : trade.buyOrderId}`,
            time: `${trade.timeMs}000000`,
            tradeId: String(trade.id),
            type: "match",
          }),
        }));
      case "/contractMarket/execution":
        return (step?.trades ?? []).map((trade) => ({
          payload: message(
            stream,
            "match",
            {
              symbol: instrument.native,
              sequence: trade.id,
              side: trade.isBuyerMaker ? "sell" : "buy",
              size: lots(instrument, trade.qtySteps),
              price: priceText(instrument, trade.priceTicks),
              takerOrderId: String(trade.isBuyerMaker ? trade.sellOrderId : trade.buyOrderId),
              makerOrderId: String(trade.isBuyerMaker ? trade.buyOrderId : trade.sellOrderId),
              tradeId: String(trade.id),
              ts: trade.timeMs * 1_000_000,
            },
            trade.id,
          ),
        }));
      case "/market/level2": {
        const update = step?.book;
        if (!update) return [];
        // Every change carries its own sequence, in the order that keeps the book uncrossed after each one.
        let sequence = update.firstUpdateId;
        const asks: string[][] = [];
        const bids: string[][] = [];
        for (const [side, price, qty] of orderedChanges(update.changes)) {
          (side === "sell" ? asks : bids).push([
            priceText(instrument, price),
            qtyText(instrument, qty),
            String(sequence++),
          ]);
        }
        return [
          {
            bookSymbol: instrument.native,
            payload: message(stream, "trade.l2update", {
              changes: { asks, bids },
              sequenceEnd: update.lastUpdateId,
              sequenceStart: update.firstUpdateId,
              symbol: instrument.native,
              time: step.timeMs,
            }),
          },
        ];
      }
      case "/contractMarket/level2": {
        const update = step?.book;
        if (!update) return [];
        let sequence = update.firstUpdateId;
        return orderedChanges(update.changes).map(([side, price, qty]) => {
          const seq = sequence++;
          return {
            bookSymbol: instrument.native,
            payload: message(
              stream,
              "level2",
              {
                sequence: seq,
                change: `${priceText(instrument, price)},${side},${lots(instrument, qty)}`,
                timestamp: step.timeMs,
              },
              seq,
            ),
          };
        });
      }
      case "/market/candles":
      case "/contractMarket/limitCandle":
        return candleFrames(parsed, stream, market, nowMs);
      case "/market/ticker": {
        if (tickIndex % TICKER_EVERY_TICKS !== 0) return [];
        const best = bestOf(instrument, market);
        const last = market.lastTrade();
        return [
          {
            payload: message(stream, "trade.ticker", {
              sequence: String(market.lastUpdateId()),
              price: priceText(instrument, market.lastPriceTicks()),
              size: last ? qtyText(instrument, last.qtySteps) : "0",
              bestAsk: best.askPrice,
              bestAskSize: best.askSize,
              bestBid: best.bidPrice,
              bestBidSize: best.bidSize,
              time: nowMs,
            }),
          },
        ];
      }
      case "/contractMarket/tickerV2": {
        if (tickIndex % TICKER_EVERY_TICKS !== 0) return [];
        const best = bestOf(instrument, market);
        const sequence = market.lastUpdateId();
        return [
          {
            payload: message(
              stream,
              "tickerV2",
              {
                symbol: instrument.native,
                sequence,
                bestBidSize: best.bidSize,
                bestBidPrice: best.bidPrice,
                bestAskPrice: best.askPrice,
                bestAskSize: best.askSize,
                ts: nowMs * 1_000_000,
              },
              sequence,
            ),
          },
        ];
      }
      case "/contract/instrument": {
        const frames: ProducedFrame[] = [];
        if (tickIndex % MARK_EVERY_TICKS === 0) {
          frames.push({
            payload: message(stream, "mark.index.price", {
              markPrice: Number(kucoinDecimal(market.markPrice(nowMs), 2)),
              indexPrice: Number(kucoinDecimal(market.indexPrice(nowMs), 2)),
              granularity: 1000,
              timestamp: Math.floor(nowMs / 1000) * 1000,
            }),
          });
        }
        if (tickIndex % FUNDING_EVERY_TICKS === 0) {
          const periodMs = Math.floor(nowMs / FUNDING_PERIOD_MS) * FUNDING_PERIOD_MS;
          const nextMs = periodMs + FUNDING_PERIOD_MS;
          // The predicted rate of the next period (1-minute granularity), then the funding rate (8-hour).
          frames.push({
            payload: message(stream, "funding.rate", {
              granularity: 60000,
              fundingRate: Number(kucoinDecimal(market.fundingRateAt(nextMs + FUNDING_PERIOD_MS), 6)),
              timestamp: periodMs,
            }),
          });
          frames.push({
            payload: message(stream, "funding.rate", {
              granularity: FUNDING_PERIOD_MS,
              fundingRate: Number(kucoinDecimal(market.fundingRateAt(nextMs), 6)),
              timestamp: periodMs,
            }),
          });
        }
        return frames;
      }
      default:
        return [];
    }
  };

  /** The open bar on change (every few ticks here), `trade.candles.add` when a new one opens. */
  const candleFrames = (
    parsed: ParsedStream,
    stream: string,
    market: SimMarket,
    nowMs: number,
  ): ProducedFrame[] => {
    const interval = parsed.interval!;
    const openMs = interval.openOf(nowMs);
    const previousOpenMs = candleOpenMs.get(stream);
    candleOpenMs.set(stream, openMs);
    const opened = previousOpenMs === undefined || previousOpenMs < openMs;
    if (!opened && tickIndex % CANDLE_EVERY_TICKS !== 0) return [];
    const row = candleRow(parsed.instrument, market.barFor(openMs, interval.nextOpenOf(openMs), nowMs));
    if (parsed.channel === "/contractMarket/limitCandle")
      return [
        {
          payload: message(stream, "candle.stick", {
            symbol: parsed.instrument.native,
            candles: row,
            time: nowMs,
          }),
        },
      ];
    const subject = opened && previousOpenMs !== undefined ? "trade.candles.add" : "trade.candles.update";
    return [
      {
        payload: message(stream, subject, {
          symbol: parsed.instrument.native,
          candles: row,
          time: nowMs * 1_000_000,
        }),
      },
    ];
  };

  return {
    id: "kucoin",
    accounts: ACCOUNTS,
    wsPath: (account) => `/kucoin/${account}/endpoint`,
    envFor(account, urls) {
      // The bullet answers a socket URL, which needs the server's port: learnt here, the first time env is asked.
      wsUrlOf = urls.wsUrlOf;
      // REST only: the socket URL comes from the bullet, as on the real venue (a WS override would skip it).
      const restOf = (of: SimAccount) => `${urls.restUrl}/kucoin/${of}`;
      return {
        DIG3_KUCOIN_REST_URL: restOf(account),
        DIG3_KUCOIN_SPOT_REST_URL: restOf("spot"),
        DIG3_KUCOIN_LINEAR_REST_URL: restOf("linear"),
        DIG3_KUCOIN_INVERSE_REST_URL: restOf("inverse"),
      };
    },
    matchWsRoute(url): SimWsRoute | undefined {
      const match = /^\/kucoin\/(spot|linear|inverse)\/endpoint\/?$/.exec(url.pathname);
      const token = url.searchParams.get("token");
      if (!match || !token || !tokens.has(token)) return undefined;
      const connectId = url.searchParams.get("connectId") || `sim${tokenSerial}`;
      return { account: match[1] as SimAccount, streams: [], props: { connectId, token } };
    },
    // "100 per 10 s" of client messages, pings included.
    maxClientMessagesPerSecond: () => 10,
    handleClientText,
    tick(nowMs, active: ActiveStreams) {
      tickIndex++;
      for (const [account, streams] of active) {
        for (const stream of streams) {
          const parsed = parseStream(markets, account, stream);
          if (parsed) markets.marketOf(parsed.instrument.native);
        }
      }
      const steps = new Map<string, MarketStep>();
      for (const { instrument, market } of markets.started())
        steps.set(instrument.native, market.step(nowMs));
      const out: SimDataFrame[] = [];
      for (const [account, streams] of active) {
        for (const stream of streams) {
          for (const frame of produce(account, stream, nowMs, steps)) {
            let text: string | undefined;
            out.push({
              account,
              stream,
              payload: frame.payload,
              bookSymbol: frame.bookSymbol,
              encode: () => {
                text ??= JSON.stringify(frame.payload);
                return text;
              },
            });
          }
        }
      }
      for (const key of candleOpenMs.keys()) {
        if (![...active.values()].some((streams) => streams.has(key))) candleOpenMs.delete(key);
      }
      return out;
    },
    handleRest: (request, nowMs) => answerKucoinRest({ markets, issueToken }, request, nowMs),
    describeRestFault: (status, retryAfterS) => describeKucoinRestFault(status, retryAfterS),
    close() {
      candleOpenMs.clear();
      tokens.clear();
    },
  };
}
