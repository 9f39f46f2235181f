// KuCoin public REST for the simulator, under `/kucoin/spot` (the spot host) and `/kucoin/linear` | `/kucoin/inverse`
// (both the futures host): the socket token, instruments, tickers, books, trades, klines, funding history and the
// contract detail, in KuCoin's `{code, data}` envelope and error codes.

import { type BarInterval, parseInterval } from "../bars.ts";
import type { SimAccount, SimRestRequest, SimRestResponse } from "../types.ts";
import {
  bestOf,
  candleRow,
  isFutures,
  type KucoinMarkets,
  type KucoinSimInstrument,
  kucoinDecimal,
  lots,
  orderBookBody,
  priceText,
  qtyText,
} from "./kucoin-symbols.ts";

const FUNDING_PERIOD_MS = 8 * 3_600_000;

/** Spot candle `type` → the simulator's interval label. */
const SPOT_TYPES: Readonly<Record<string, string>> = {
  "1min": "1m",
  "3min": "3m",
  "5min": "5m",
  "15min": "15m",
  "30min": "30m",
  "1hour": "1h",
  "2hour": "2h",
  "4hour": "4h",
  "6hour": "6h",
  "8hour": "8h",
  "12hour": "12h",
  "1day": "1d",
  "1week": "1w",
  "1month": "1M",
};

/** Futures kline `granularity` (minutes) → interval label. */
const FUTURES_GRANULARITIES: Readonly<Record<string, string>> = {
  "1": "1m",
  "5": "5m",
  "15": "15m",
  "30": "30m",
  "60": "1h",
  "120": "2h",
  "240": "4h",
  "480": "8h",
  "720": "12h",
  "1440": "1d",
  "10080": "1w",
};

export function intervalOfCandleType(type: string): BarInterval | undefined {
  const label = SPOT_TYPES[type];
  return label ? parseInterval(label) : undefined;
}

class KucoinRestError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status = 400,
  ) {
    super(message);
  }
}

const ok = (data: unknown): SimRestResponse => ({ status: 200, body: { code: "200000", data } });

export interface KucoinRestContext {
  markets: KucoinMarkets;
  /** Issues a socket token and answers the URL of the account's socket (undefined until the simulator knows its port). */
  issueToken(account: SimAccount): { token: string; endpoint: string } | undefined;
}

/** `/kucoin/<account>/api/…` → the account and the API path; undefined for other paths. */
function splitPath(path: string): { account: SimAccount; api: string } | undefined {
  const match = /^\/kucoin\/(spot|linear|inverse)(\/api\/.*)$/.exec(path);
  return match ? { account: match[1] as SimAccount, api: match[2]! } : undefined;
}

export function answerKucoinRest(
  context: KucoinRestContext,
  request: SimRestRequest,
  nowMs: number,
): SimRestResponse | undefined {
  const route = splitPath(request.path);
  if (!route) return undefined;
  try {
    if (route.api === "/api/v1/bullet-public") {
      if (request.method !== "POST") throw new KucoinRestError("400001", "Unsupported request method", 405);
      const issued = context.issueToken(route.account);
      if (!issued)
        throw new KucoinRestError(
          "500000",
          "simulator: call sim.env() first so the bullet knows its port",
          503,
        );
      return ok({
        token: issued.token,
        instanceServers: [
          {
            endpoint: issued.endpoint,
            encrypt: false,
            protocol: "websocket",
            pingInterval: 18000,
            pingTimeout: 10000,
          },
        ],
      });
    }
    if (request.method !== "GET") throw new KucoinRestError("400001", "Unsupported request method", 405);
    return route.account === "spot"
      ? answerSpot(context.markets, route.api, request.params, nowMs)
      : answerFutures(context.markets, route.api, request.params, nowMs);
  } catch (error) {
    if (error instanceof KucoinRestError)
      return { status: error.status, body: { code: error.code, msg: error.message } };
    throw error;
  }
}

export function describeKucoinRestFault(status: number, retryAfterS: number | undefined): SimRestResponse {
  const headers: Record<string, string> =
    retryAfterS !== undefined ? { "Retry-After": String(retryAfterS) } : {};
  if (status === 429) return { status, body: { code: "429000", msg: "Too Many Requests" }, headers };
  return { status, body: { code: "500000", msg: "Internal Server Error" }, headers };
}

function requireInstrument(
  markets: KucoinMarkets,
  symbol: string | null,
  futures: boolean,
): KucoinSimInstrument {
  if (!symbol) throw new KucoinRestError("400100", "symbol is required");
  const instrument = markets.instrument(symbol);
  if (!instrument || isFutures(instrument) !== futures)
    throw new KucoinRestError("900001", "Symbol Not Exists");
  return instrument;
}

function numberOf(params: URLSearchParams, name: string): number | undefined {
  const text = params.get(name);
  if (text === null || text === "") return undefined;
  const value = Number(text);
  return Number.isFinite(value) ? value : undefined;
}

function tradeSide(isBuyerMaker: boolean): "buy" | "sell" {
  return isBuyerMaker ? "sell" : "buy";
}

function answerSpot(
  markets: KucoinMarkets,
  api: string,
  params: URLSearchParams,
  nowMs: number,
): SimRestResponse | undefined {
  switch (api) {
    case "/api/v2/symbols":
      return ok(
        markets
          .all()
          .filter((instrument) => !isFutures(instrument))
          .map((instrument) => ({
            symbol: instrument.native,
            name: instrument.native,
            baseCurrency: instrument.base,
            quoteCurrency: instrument.quote,
            feeCurrency: instrument.quote,
            market: "USDS",
            baseMinSize: kucoinDecimal(instrument.spec.stepSize),
            quoteMinSize: "0.1",
            baseIncrement: kucoinDecimal(instrument.spec.stepSize),
            quoteIncrement: "0.000001",
            priceIncrement: kucoinDecimal(instrument.spec.tickSize),
            enableTrading: true,
          })),
      );
    case "/api/v1/market/stats": {
      const instrument = requireInstrument(markets, params.get("symbol"), false);
      const market = markets.marketOf(instrument.native)!;
      const day = market.barFor(nowMs - 86_400_000, nowMs + 1, nowMs);
      const best = bestOf(instrument, market);
      const last = market.lastPriceTicks();
      return ok({
        time: nowMs,
        symbol: instrument.native,
        buy: best.bidPrice,
        sell: best.askPrice,
        changeRate: kucoinDecimal((last - day.openTicks) / day.openTicks, 4),
        changePrice: priceText(instrument, last - day.openTicks),
        high: priceText(instrument, day.highTicks),
        low: priceText(instrument, day.lowTicks),
        vol: qtyText(instrument, day.volumeSteps),
        volValue: kucoinDecimal(day.notional),
        last: priceText(instrument, last),
        averagePrice: priceText(instrument, last),
      });
    }
    case "/api/v1/market/orderbook/level2_20":
    case "/api/v1/market/orderbook/level2_100": {
      const instrument = requireInstrument(markets, params.get("symbol"), false);
      const depth = api.endsWith("_20") ? 20 : 100;
      return ok(orderBookBody(instrument, markets.marketOf(instrument.native)!, depth, nowMs));
    }
    case "/api/v3/market/orderbook/level2":
      // The full book is no longer public.
      throw new KucoinRestError("400003", "KC-API-KEY not exists", 401);
    case "/api/v1/market/histories": {
      const instrument = requireInstrument(markets, params.get("symbol"), false);
      return ok(
        markets
          .marketOf(instrument.native)!
          .recentTrades(100)
          .map((trade) => ({
            sequence: String(trade.id),
            price: priceText(instrument, trade.priceTicks),
            size: qtyText(instrument, trade.qtySteps),
            side: tradeSide(trade.isBuyerMaker),
            time: trade.timeMs * 1_000_000,
          })),
      );
    }
    case "/api/v1/market/candles": {
      const instrument = requireInstrument(markets, params.get("symbol"), false);
      const interval = intervalOfCandleType(params.get("type") ?? "");
      if (!interval) throw new KucoinRestError("400100", "type invalid");
      const startS = numberOf(params, "startAt");
      const endS = numberOf(params, "endAt");
      const bars = markets.marketOf(instrument.native)!.barsOf(
        interval,
        {
          startMs: startS ? startS * 1000 : undefined,
          endMs: endS ? endS * 1000 : undefined,
          limit: 1500,
        },
        nowMs,
      );
      // Newest first, as KuCoin sends them.
      return ok(bars.reverse().map((bar) => candleRow(instrument, bar)));
    }
    default:
      return undefined;
  }
}

function contractRow(instrument: KucoinSimInstrument, markets: KucoinMarkets, nowMs: number) {
  const market = markets.marketOf(instrument.native)!;
  const isInverse = instrument.account === "inverse";
  return {
    symbol: instrument.native,
    rootSymbol: isInverse ? instrument.base : instrument.quote,
    type: "FFWCSX",
    expireDate: null,
    baseCurrency: instrument.base,
    quoteCurrency: instrument.quote,
    settleCurrency: instrument.settle,
    multiplier: isInverse ? -(instrument.multiplier ?? 1) : instrument.multiplier,
    lotSize: 1,
    tickSize: instrument.spec.tickSize,
    isInverse,
    status: "Open",
    fundingFeeRate: market.fundingRateAt(Math.ceil((nowMs + 1) / FUNDING_PERIOD_MS) * FUNDING_PERIOD_MS),
    openInterest: String(Math.round(market.openInterest(nowMs))),
    markPrice: Number(kucoinDecimal(market.markPrice(nowMs), 2)),
    indexPrice: Number(kucoinDecimal(market.indexPrice(nowMs), 2)),
    lastTradePrice: Number(priceText(instrument, market.lastPriceTicks())),
  };
}

function answerFutures(
  markets: KucoinMarkets,
  api: string,
  params: URLSearchParams,
  nowMs: number,
): SimRestResponse | undefined {
  const detail = /^\/api\/v1\/contracts\/([A-Z0-9]+)$/.exec(api);
  if (detail && detail[1] !== "active") {
    const instrument = requireInstrument(markets, detail[1]!, true);
    return ok(contractRow(instrument, markets, nowMs));
  }
  switch (api) {
    case "/api/v1/contracts/active":
      return ok(
        markets
          .all()
          .filter(isFutures)
          .map((instrument) => contractRow(instrument, markets, nowMs)),
      );
    case "/api/v1/ticker": {
      const instrument = requireInstrument(markets, params.get("symbol"), true);
      const market = markets.marketOf(instrument.native)!;
      const best = bestOf(instrument, market);
      const last = market.lastTrade();
      return ok({
        sequence: market.lastUpdateId(),
        symbol: instrument.native,
        side: last ? tradeSide(last.isBuyerMaker) : "buy",
        size: last ? lots(instrument, last.qtySteps) : 0,
        tradeId: String(last?.id ?? 0),
        price: priceText(instrument, market.lastPriceTicks()),
        bestBidPrice: best.bidPrice,
        bestBidSize: best.bidSize,
        bestAskPrice: best.askPrice,
        bestAskSize: best.askSize,
        ts: nowMs * 1_000_000,
      });
    }
    case "/api/v1/level2/snapshot":
    case "/api/v1/level2/depth20":
    case "/api/v1/level2/depth100": {
      const instrument = requireInstrument(markets, params.get("symbol"), true);
      const depth = api.endsWith("depth20") ? 20 : api.endsWith("depth100") ? 100 : 100_000;
      return ok(orderBookBody(instrument, markets.marketOf(instrument.native)!, depth, nowMs));
    }
    case "/api/v1/trade/history": {
      const instrument = requireInstrument(markets, params.get("symbol"), true);
      return ok(
        markets
          .marketOf(instrument.native)!
          .recentTrades(100)
          .reverse()
          .map((trade) => ({
            sequence: trade.id,
            contractId: 1,
            tradeId: String(trade.id),
            makerOrderId: String(trade.isBuyerMaker ? trade.buyOrderId : trade.sellOrderId),
            takerOrderId: String(trade.isBuyerMaker ? trade.sellOrderId : trade.buyOrderId),
            ts: trade.timeMs * 1_000_000,
            size: lots(instrument, trade.qtySteps),
            price: priceText(instrument, trade.priceTicks),
            side: tradeSide(trade.isBuyerMaker),
          })),
      );
    }
    case "/api/v1/kline/query": {
      const instrument = requireInstrument(markets, params.get("symbol"), true);
      const label = FUTURES_GRANULARITIES[params.get("granularity") ?? ""];
      const interval = label ? parseInterval(label) : undefined;
      if (!interval) throw new KucoinRestError("400100", "granularity invalid");
      const bars = markets
        .marketOf(instrument.native)!
        .barsOf(
          interval,
          { startMs: numberOf(params, "from"), endMs: numberOf(params, "to"), limit: 200 },
          nowMs,
        );
      return ok(
        bars.map((bar) => [
          bar.openMs,
          Number(priceText(instrument, bar.openTicks)),
          Number(priceText(instrument, bar.highTicks)),
          Number(priceText(instrument, bar.lowTicks)),
          Number(priceText(instrument, bar.closeTicks)),
          lots(instrument, bar.volumeSteps),
          Number(kucoinDecimal(bar.notional)),
        ]),
      );
    }
    case "/api/v1/contract/funding-rates": {
      const instrument = requireInstrument(markets, params.get("symbol"), true);
      const fromMs = numberOf(params, "from");
      const toMs = numberOf(params, "to");
      if (fromMs === undefined || toMs === undefined)
        throw new KucoinRestError("400100", "from and to are required");
      const market = markets.marketOf(instrument.native)!;
      const rows: { symbol: string; fundingRate: number; timepoint: number }[] = [];
      for (
        let at = Math.ceil(fromMs / FUNDING_PERIOD_MS) * FUNDING_PERIOD_MS;
        at <= Math.min(toMs, nowMs);
      ) {
        rows.push({ symbol: instrument.native, fundingRate: market.fundingRateAt(at), timepoint: at });
        at += FUNDING_PERIOD_MS;
      }
      // This endpoint answers in the newer envelope.
      return {
        status: 200,
        body: { success: true, code: "200", msg: "success", retry: false, data: rows.reverse() },
      };
    }
    default:
      return undefined;
  }
}
