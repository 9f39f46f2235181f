// MEXC for the venue simulator: the spot v3 socket (JSON SUBSCRIPTION / UNSUBSCRIPTION / PING replies, data frames
// as protobuf `PushDataV3ApiWrapper` binaries encoded with dig3's schema, at most 30 subscriptions) and the futures
// `/edge` socket (sub.* / unsub.* with rs.* replies, ping → pong, JSON pushes), synthetic data, REST (mexc-rest.ts).

import { encodeMexcPush } from "../../../src/exchanges/mexc/proto.ts";
import { parseInterval } from "../bars.ts";
import type { MarketStep } from "../market.ts";
import type {
  ActiveStreams,
  ClientFrameKind,
  SimAccount,
  SimDataFrame,
  SimSession,
  SimVenue,
  SimVenueContext,
} from "../types.ts";
import {
  answerMexcRest,
  describeMexcRestFault,
  FUTURES_INTERVALS,
  futuresTickerRow,
  nextFundingMsOf,
} from "./mexc-rest.ts";
import {
  createMexcMarkets,
  type MexcMarkets,
  type MexcSimInstrument,
  priceText,
  qtyText,
} from "./mexc-symbols.ts";

const ACCOUNTS: readonly SimAccount[] = ["spot", "linear"];
/** "One ws connection supports a maximum of 30 subscriptions." */
const MAX_SPOT_SUBSCRIPTIONS = 30;
// Cadences in ticks (20 ms by default), compressed against MEXC's (klines every second, mini ticker every 3 s,
// futures ticker every second); trades, depth and the best bid/ask are per step.
const KLINE_EVERY_TICKS = 10;
const MINI_TICKER_EVERY_TICKS = 25;
const FUTURES_TICKER_EVERY_TICKS = 25;
const FUNDING_EVERY_TICKS = 50;

const SPOT_CHANNEL_RE =
  /^spot@public\.(aggre\.deals|aggre\.depth|aggre\.bookTicker)\.v3\.api\.pb@(100ms|10ms)@([A-Z0-9]+)$|^spot@public\.(kline|miniTicker)\.v3\.api\.pb@([A-Z0-9]+)@([A-Za-z0-9+:-]+)$/;
const FUTURES_CHANNELS = new Set(["deal", "depth", "kline", "ticker", "funding.rate"]);

type SpotChannel =
  | { type: "aggre.deals" | "aggre.depth" | "aggre.bookTicker"; symbol: string }
  | { type: "kline"; symbol: string; interval: string }
  | { type: "miniTicker"; symbol: string };

function parseSpotChannel(markets: MexcMarkets, channel: string): SpotChannel | undefined {
  const match = SPOT_CHANNEL_RE.exec(channel);
  if (!match) return undefined;
  if (match[1]) {
    return markets.instrument("spot", match[3]!)
      ? { type: match[1] as "aggre.deals" | "aggre.depth" | "aggre.bookTicker", symbol: match[3]! }
      : undefined;
  }
  const symbol = match[5]!;
  if (!markets.instrument("spot", symbol)) return undefined;
  if (match[4] === "kline")
    return FUTURES_INTERVALS[match[6]!] ? { type: "kline", symbol, interval: match[6]! } : undefined;
  return { type: "miniTicker", symbol };
}

interface ProducedFrame {
  account: SimAccount;
  stream: string;
  /** Spot: the push in its ProtoJSON form; futures: the whole JSON message. */
  payload: Record<string, unknown>;
  bookSymbol?: string;
}

export function createMexcVenue(context: SimVenueContext): SimVenue {
  const markets = createMexcMarkets(context.seed, context.tickMs);
  const lastBookTicker = new Map<string, string>();
  let tickIndex = 0;

  const handleSpotText = (session: SimSession, text: string): ClientFrameKind => {
    const reply = (msg: string) => session.reply(JSON.stringify({ id: 0, code: 0, msg }));
    let request: { method?: unknown; params?: unknown };
    try {
      request = JSON.parse(text);
    } catch {
      reply("Invalid request");
      return "error";
    }
    const method = request?.method;
    if (method === "PING") {
      reply("PONG");
      return "other";
    }
    if ((method !== "SUBSCRIPTION" && method !== "UNSUBSCRIPTION") || !Array.isArray(request.params)) {
      reply("Invalid request");
      return "error";
    }
    const params = request.params.filter((p): p is string => typeof p === "string");
    if (method === "UNSUBSCRIPTION") {
      for (const param of params) session.streams.delete(param);
      reply(params.join(","));
      return "unsubscribe";
    }
    const accepted: string[] = [];
    const refused: string[] = [];
    for (const param of params) {
      const known = parseSpotChannel(markets, param) !== undefined;
      if (known && (session.streams.has(param) || session.streams.size < MAX_SPOT_SUBSCRIPTIONS)) {
        session.streams.add(param);
        accepted.push(param);
      } else refused.push(param);
    }
    if (accepted.length > 0) reply(accepted.join(","));
    if (refused.length > 0) reply(`Not Subscribed successfully! [${refused.join(",")}].  Reason： Blocked! `);
    return accepted.length > 0 ? "subscribe" : "error";
  };

  const handleFuturesText = (session: SimSession, text: string): ClientFrameKind => {
    const send = (channel: string, data: unknown) =>
      session.reply(JSON.stringify({ channel, data, ts: Date.now() }));
    let request: { method?: unknown; param?: unknown };
    try {
      request = JSON.parse(text);
    } catch {
      send("rs.error", "request format error");
      return "error";
    }
    const method = typeof request?.method === "string" ? request.method : "";
    if (method === "ping") {
      session.reply(JSON.stringify({ channel: "pong", data: Date.now() }));
      return "other";
    }
    const match = /^(sub|unsub)\.(.+)$/.exec(method);
    const param = (request.param ?? {}) as { symbol?: unknown; interval?: unknown };
    const symbol = typeof param.symbol === "string" ? param.symbol : "";
    if (!match || !FUTURES_CHANNELS.has(match[2]!) || !markets.instrument("linear", symbol)) {
      send("rs.error", `unsupported: ${method} ${symbol}`);
      return "error";
    }
    const [, op, name] = match as unknown as [string, "sub" | "unsub", string];
    if (op === "unsub") {
      // `unsub.kline` names no interval: every kline stream of the symbol goes.
      for (const stream of [...session.streams])
        if (stream === `${name}:${symbol}` || stream.startsWith(`${name}:${symbol}:`))
          session.streams.delete(stream);
      send(`rs.unsub.${name}`, "success");
      return "unsubscribe";
    }
    if (name === "kline") {
      const interval = typeof param.interval === "string" ? param.interval : "Min1";
      if (!FUTURES_INTERVALS[interval]) {
        send("rs.error", `interval error: ${interval}`);
        return "error";
      }
      session.streams.add(`kline:${symbol}:${interval}`);
    } else session.streams.add(`${name}:${symbol}`);
    send(`rs.sub.${name}`, "success");
    return "subscribe";
  };

  const produceSpot = (stream: string, nowMs: number, step: MarketStep | undefined): ProducedFrame[] => {
    const channel = parseSpotChannel(markets, stream);
    if (!channel) return [];
    const instrument = markets.instrument("spot", channel.symbol)!;
    const market = markets.marketOf("spot", channel.symbol)!;
    const push = (body: Record<string, unknown>, extra: Record<string, unknown> = {}): ProducedFrame => ({
      account: "spot",
      stream,
      payload: { channel: stream, symbol: instrument.symbol, sendTime: String(nowMs), ...extra, ...body },
    });
    const eventType = stream.slice(0, stream.lastIndexOf("@"));
    switch (channel.type) {
      case "aggre.deals": {
        if (!step || step.trades.length === 0) return [];
        const deals = step.trades.map((trade) => ({
          price: priceText(instrument, trade.priceTicks),
          quantity: qtyText(instrument, trade.qtySteps),
          tradeType: trade.isBuyerMaker ? 2 : 1,
          time: String(trade.timeMs),
          tradeId: String(trade.id),
        }));
        return [push({ publicAggreDeals: { deals, eventType } })];
      }
      case "aggre.depth": {
        const update = step?.book;
        if (!update) return [];
        const side = (changes: Map<number, number>) =>
          [...changes].map(([p, q]) => ({
            price: priceText(instrument, p),
            quantity: qtyText(instrument, q),
          }));
        return [
          {
            ...push({
              publicAggreDepths: {
                asks: side(update.changes.asks),
                bids: side(update.changes.bids),
                eventType,
                fromVersion: String(update.firstUpdateId),
                toVersion: String(update.lastUpdateId),
              },
            }),
            bookSymbol: instrument.symbol,
          },
        ];
      }
      case "aggre.bookTicker": {
        const [bid] = market.book.topLevels("bid", 1);
        const [ask] = market.book.topLevels("ask", 1);
        const body = {
          bidPrice: bid ? priceText(instrument, bid[0]) : "",
          bidQuantity: bid ? qtyText(instrument, bid[1]) : "",
          askPrice: ask ? priceText(instrument, ask[0]) : "",
          askQuantity: ask ? qtyText(instrument, ask[1]) : "",
        };
        // Pushed on change only, as the aggregated channel does.
        const key = JSON.stringify(body);
        if (lastBookTicker.get(stream) === key) return [];
        lastBookTicker.set(stream, key);
        return [push({ publicAggreBookTicker: body })];
      }
      case "miniTicker": {
        if (tickIndex % MINI_TICKER_EVERY_TICKS !== 0) return [];
        const day = market.barFor(nowMs - 86_400_000, nowMs, nowMs);
        const rate = ((day.closeTicks - day.openTicks) / day.openTicks).toFixed(4);
        return [
          push({
            publicMiniTicker: {
              symbol: instrument.symbol,
              price: priceText(instrument, market.lastPriceTicks()),
              rate,
              zonedRate: rate,
              high: priceText(instrument, day.highTicks),
              low: priceText(instrument, day.lowTicks),
              volume: day.notional.toFixed(2),
              quantity: qtyText(instrument, day.volumeSteps),
            },
          }),
        ];
      }
      case "kline":
        return tickIndex % KLINE_EVERY_TICKS === 0
          ? [
              push(
                { publicSpotKline: spotKlineBody(instrument, markets, channel.interval, nowMs) },
                { symbolId: "sim", createTime: String(nowMs) },
              ),
            ]
          : [];
    }
  };

  const produceFutures = (stream: string, nowMs: number, step: MarketStep | undefined): ProducedFrame[] => {
    const [name, symbol, interval] = stream.split(":") as [string, string, string | undefined];
    const instrument = markets.instrument("linear", symbol);
    const market = instrument ? markets.marketOf("linear", symbol) : undefined;
    if (!instrument || !market) return [];
    const message = (channel: string, data: unknown): ProducedFrame => ({
      account: "linear",
      stream,
      payload: { channel, data, symbol, ts: nowMs },
    });
    const price = (ticks: number) => Number(priceText(instrument, ticks));
    switch (name) {
      case "deal":
        if (!step || step.trades.length === 0) return [];
        return [
          message(
            "push.deal",
            step.trades.map((trade) => ({
              p: price(trade.priceTicks),
              v: trade.qtySteps,
              T: trade.isBuyerMaker ? 2 : 1,
              O: 3,
              M: 2,
              t: trade.timeMs,
              i: String(trade.id),
            })),
          ),
        ];
      case "depth": {
        const update = step?.book;
        if (!update) return [];
        const side = (changes: Map<number, number>) =>
          [...changes].map(([p, q]) => [price(p), q, q === 0 ? 0 : 1]);
        const version = markets.nextVersion(instrument);
        return [
          {
            ...message("push.depth", {
              asks: side(update.changes.asks),
              bids: side(update.changes.bids),
              version,
            }),
            bookSymbol: symbol,
          },
        ];
      }
      case "ticker":
        return tickIndex % FUTURES_TICKER_EVERY_TICKS === 0
          ? [message("push.ticker", futuresTickerRow(instrument, market, nowMs))]
          : [];
      case "funding.rate":
        return tickIndex % FUNDING_EVERY_TICKS === 0
          ? [
              message("push.funding.rate", {
                rate: Number(market.fundingRateAt(nextFundingMsOf(nowMs)).toFixed(6)),
                symbol,
                nextSettleTime: nextFundingMsOf(nowMs),
              }),
            ]
          : [];
      case "kline": {
        if (tickIndex % KLINE_EVERY_TICKS !== 0 || !interval) return [];
        const body = spotKlineBody(instrument, markets, interval, nowMs);
        return [
          message("push.kline", {
            a: Number(body.amount),
            c: Number(body.closingPrice),
            h: Number(body.highestPrice),
            interval,
            l: Number(body.lowestPrice),
            o: Number(body.openingPrice),
            q: Number(body.volume),
            symbol,
            t: Number(body.windowStart),
          }),
        ];
      }
      default:
        return [];
    }
  };

  return {
    id: "mexc",
    accounts: ACCOUNTS,
    wsPath: (account) => (account === "spot" ? "/mexc/spot/ws" : `/mexc/${account}/edge`),
    envFor(account, urls) {
      return {
        DIG3_MEXC_WS_URL: urls.wsUrlOf(account),
        DIG3_MEXC_REST_URL: urls.restUrl,
        DIG3_MEXC_SPOT_WS_URL: urls.wsUrlOf("spot"),
        DIG3_MEXC_LINEAR_WS_URL: urls.wsUrlOf("linear"),
      };
    },
    matchWsRoute(url) {
      if (/^\/mexc\/spot\/ws\/?$/.test(url.pathname)) return { account: "spot", streams: [], props: {} };
      if (/^\/mexc\/linear\/edge\/?$/.test(url.pathname))
        return { account: "linear", streams: [], props: {} };
      return undefined;
    },
    // "The Websocket limits is: 100times/s. A connection that goes beyond the limit will be disconnected."
    maxClientMessagesPerSecond: () => 100,
    handleClientText: (session, text) =>
      session.account === "spot" ? handleSpotText(session, text) : handleFuturesText(session, text),
    tick(nowMs, active) {
      tickIndex++;
      startMarketsFor(active, markets);
      const steps = new Map<string, MarketStep>();
      for (const { instrument, market } of markets.started())
        steps.set(`${instrument.account}|${instrument.symbol}`, market.step(nowMs));
      const out: SimDataFrame[] = [];
      for (const [account, streams] of active) {
        for (const stream of streams) {
          const symbol =
            account === "spot" ? parseSpotChannel(markets, stream)?.symbol : stream.split(":")[1];
          const step = symbol ? steps.get(`${account}|${symbol}`) : undefined;
          const produced =
            account === "spot" ? produceSpot(stream, nowMs, step) : produceFutures(stream, nowMs, step);
          for (const frame of produced) out.push(wrapDataFrame(frame));
        }
      }
      return out;
    },
    handleRest: (request, nowMs) => answerMexcRest(markets, request, nowMs),
    describeRestFault: describeMexcRestFault,
    close() {
      lastBookTicker.clear();
    },
  };
}

function startMarketsFor(active: ActiveStreams, markets: MexcMarkets): void {
  for (const [account, streams] of active) {
    for (const stream of streams) {
      const symbol = account === "spot" ? parseSpotChannel(markets, stream)?.symbol : stream.split(":")[1];
      if (symbol) markets.marketOf(account, symbol);
    }
  }
}

/** The bar in progress in the spot kline body shape (futures reuse it); window bounds in seconds. */
function spotKlineBody(
  instrument: MexcSimInstrument,
  markets: MexcMarkets,
  intervalName: string,
  nowMs: number,
) {
  const market = markets.marketOf(instrument.account, instrument.symbol)!;
  const label = FUTURES_INTERVALS[intervalName] ?? "1m";
  const interval = parseInterval(label) ?? parseInterval("1m")!;
  const [bar] = market.barsOf(interval, { limit: 1 }, nowMs);
  const openMs = bar?.openMs ?? nowMs;
  return {
    interval: intervalName,
    windowStart: String(Math.floor(openMs / 1000)),
    openingPrice: priceText(instrument, bar?.openTicks ?? market.lastPriceTicks()),
    closingPrice: priceText(instrument, bar?.closeTicks ?? market.lastPriceTicks()),
    highestPrice: priceText(instrument, bar?.highTicks ?? market.lastPriceTicks()),
    lowestPrice: priceText(instrument, bar?.lowTicks ?? market.lastPriceTicks()),
    volume: qtyText(instrument, bar?.volumeSteps ?? 0),
    amount: (bar?.notional ?? 0).toFixed(2),
    windowEnd: String(Math.floor(((bar?.closeMs ?? openMs) + 1) / 1000)),
  };
}

function wrapDataFrame(frame: ProducedFrame): SimDataFrame {
  let text: string | undefined;
  let bytes: Uint8Array | undefined;
  const data: SimDataFrame = {
    account: frame.account,
    stream: frame.stream,
    payload: frame.payload,
    bookSymbol: frame.bookSymbol,
    encode() {
      text ??= JSON.stringify(frame.payload);
      return text;
    },
  };
  // Spot data frames are protobuf binaries on MEXC; the JSON text stays the readable form that faults garble.
  if (frame.account === "spot") data.encodeBinary = () => (bytes ??= encodeMexcPush(frame.payload));
  return data;
}
