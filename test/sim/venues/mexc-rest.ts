// MEXC REST for the simulator: spot `/api/v3` (exchangeInfo, depth with lastUpdateId, trades with `id: null`,
// klines, 24 h ticker) and futures `/api/v1/contract` (detail, depth with version, deals, column klines, ticker,
// funding history), each with MEXC's error bodies.

import { parseInterval, type SimBar } from "../bars.ts";
import type { SimMarket } from "../market.ts";
import type { SimRestRequest, SimRestResponse } from "../types.ts";
import { type MexcMarkets, type MexcSimInstrument, priceText, qtyText } from "./mexc-symbols.ts";

/** Spot REST interval names → bar labels. */
const SPOT_INTERVALS: Readonly<Record<string, string>> = {
  "1m": "1m",
  "5m": "5m",
  "15m": "15m",
  "30m": "30m",
  "60m": "1h",
  "4h": "4h",
  "1d": "1d",
  "1W": "1w",
  "1M": "1M",
};

/** Futures (and socket) interval names → bar labels. */
export const FUTURES_INTERVALS: Readonly<Record<string, string>> = {
  Min1: "1m",
  Min5: "5m",
  Min15: "15m",
  Min30: "30m",
  Min60: "1h",
  Hour4: "4h",
  Hour8: "8h",
  Day1: "1d",
  Week1: "1w",
  Month1: "1M",
};

export const FUNDING_EVERY_MS = 8 * 3_600_000;

const json = (body: unknown, status = 200): SimRestResponse => ({ status, body });
const spotError = (status: number, code: number, msg: string) => json({ code, msg }, status);
const futuresOk = (data: unknown) => json({ success: true, code: 0, data });
const futuresError = (code: number, message: string) => json({ success: false, code, message });

function limitOf(params: URLSearchParams, fallback: number, max: number): number {
  const n = Number(params.get("limit") ?? fallback);
  return Number.isFinite(n) && n > 0 ? Math.min(max, Math.floor(n)) : fallback;
}

export function nextFundingMsOf(nowMs: number): number {
  return (Math.floor(nowMs / FUNDING_EVERY_MS) + 1) * FUNDING_EVERY_MS;
}

/** The futures ticker row (REST and the `push.ticker` data share it). */
export function futuresTickerRow(instrument: MexcSimInstrument, market: SimMarket, nowMs: number) {
  const bid = market.book.bestBidTicks();
  const ask = market.book.bestAskTicks();
  const day = market.barFor(nowMs - 86_400_000, nowMs, nowMs);
  const price = (ticks: number) => Number(priceText(instrument, ticks));
  return {
    symbol: instrument.symbol,
    lastPrice: price(market.lastPriceTicks()),
    bid1: bid === undefined ? 0 : price(bid),
    ask1: ask === undefined ? 0 : price(ask),
    volume24: Number(qtyText(instrument, day.volumeSteps)),
    amount24: Number((day.notional * (instrument.contractSize ?? 1)).toFixed(4)),
    holdVol: Math.round(market.openInterest(nowMs)),
    lower24Price: price(day.lowTicks),
    high24Price: price(day.highTicks),
    riseFallRate: Number(((day.closeTicks - day.openTicks) / day.openTicks).toFixed(4)),
    fairPrice: Number(market.markPrice(nowMs).toFixed(instrument.priceDecimals)),
    indexPrice: Number(market.indexPrice(nowMs).toFixed(instrument.priceDecimals)),
    fundingRate: Number(market.fundingRateAt(nextFundingMsOf(nowMs)).toFixed(6)),
    timestamp: nowMs,
  };
}

export function answerMexcRest(
  markets: MexcMarkets,
  request: SimRestRequest,
  nowMs: number,
): SimRestResponse | undefined {
  const { path, params } = request;
  if (path.startsWith("/api/v3/")) return answerSpot(markets, path.slice("/api/v3/".length), params, nowMs);
  const futures = /^\/api\/v1\/contract\/([a-z_]+(?:\/history)?)(?:\/([A-Z0-9_]+))?$/.exec(path);
  if (futures)
    return answerFutures(markets, futures[1]!, futures[2] ?? params.get("symbol") ?? "", params, nowMs);
  return undefined;
}

function answerSpot(
  markets: MexcMarkets,
  endpoint: string,
  params: URLSearchParams,
  nowMs: number,
): SimRestResponse | undefined {
  if (endpoint === "exchangeInfo") {
    return json({
      timezone: "CST",
      serverTime: nowMs,
      rateLimits: [],
      exchangeFilters: [],
      symbols: markets.instruments("spot").map((i) => ({
        symbol: i.symbol,
        status: "1",
        baseAsset: i.base,
        baseAssetPrecision: i.qtyDecimals,
        quoteAsset: i.quote,
        quotePrecision: i.priceDecimals,
        quoteAssetPrecision: i.priceDecimals,
        isSpotTradingAllowed: true,
        isMarginTradingAllowed: false,
        permissions: ["SPOT"],
        filters: [],
      })),
    });
  }
  const known = ["depth", "trades", "klines", "ticker/24hr"];
  if (!known.includes(endpoint)) return undefined;
  const symbol = params.get("symbol") ?? "";
  const instrument = markets.instrument("spot", symbol);
  const market = instrument ? markets.marketOf("spot", symbol) : undefined;
  if (!instrument || !market) return spotError(400, -1121, "Invalid symbol.");
  switch (endpoint) {
    case "depth": {
      const limit = limitOf(params, 100, 5000);
      const side = (which: "bid" | "ask") =>
        market.book
          .topLevels(which, limit)
          .map(([p, q]) => [priceText(instrument, p), qtyText(instrument, q)]);
      return json({
        lastUpdateId: market.lastUpdateId(),
        bids: side("bid"),
        asks: side("ask"),
        timestamp: nowMs,
      });
    }
    case "trades":
      return json(
        market
          .recentTrades(limitOf(params, 500, 1000))
          .reverse()
          .map((trade) => ({
            id: null,
            price: priceText(instrument, trade.priceTicks),
            qty: qtyText(instrument, trade.qtySteps),
            quoteQty: market.notionalOf(trade.priceTicks, trade.qtySteps).toFixed(instrument.priceDecimals),
            time: trade.timeMs,
            isBuyerMaker: trade.isBuyerMaker,
            isBestMatch: true,
          })),
      );
    case "klines": {
      const label = SPOT_INTERVALS[params.get("interval") ?? ""];
      const interval = label ? parseInterval(label) : undefined;
      if (!interval) return spotError(400, -1121, "Invalid interval.");
      const time = (name: string) => (params.get(name) === null ? undefined : Number(params.get(name)));
      const bars = market.barsOf(
        interval,
        { startMs: time("startTime"), endMs: time("endTime"), limit: limitOf(params, 500, 1000) },
        nowMs,
      );
      return json(
        bars.map((bar) => [
          bar.openMs,
          priceText(instrument, bar.openTicks),
          priceText(instrument, bar.highTicks),
          priceText(instrument, bar.lowTicks),
          priceText(instrument, bar.closeTicks),
          qtyText(instrument, bar.volumeSteps),
          bar.closeMs + 1,
          bar.notional.toFixed(2),
        ]),
      );
    }
    default: {
      const bid = market.book.bestBidTicks();
      const ask = market.book.bestAskTicks();
      const day = market.barFor(nowMs - 86_400_000, nowMs, nowMs);
      return json({
        symbol: instrument.symbol,
        priceChange: priceText(instrument, day.closeTicks - day.openTicks),
        priceChangePercent: ((day.closeTicks - day.openTicks) / day.openTicks).toFixed(8),
        prevClosePrice: priceText(instrument, day.openTicks),
        lastPrice: priceText(instrument, market.lastPriceTicks()),
        bidPrice: bid === undefined ? "" : priceText(instrument, bid),
        bidQty: "",
        askPrice: ask === undefined ? "" : priceText(instrument, ask),
        askQty: "",
        openPrice: priceText(instrument, day.openTicks),
        highPrice: priceText(instrument, day.highTicks),
        lowPrice: priceText(instrument, day.lowTicks),
        volume: qtyText(instrument, day.volumeSteps),
        quoteVolume: day.notional.toFixed(2),
        openTime: nowMs - 86_400_000,
        closeTime: nowMs,
        count: null,
      });
    }
  }
}

function answerFutures(
  markets: MexcMarkets,
  endpoint: string,
  symbol: string,
  params: URLSearchParams,
  nowMs: number,
): SimRestResponse | undefined {
  if (endpoint === "detail") {
    return futuresOk(
      markets.instruments("linear").map((i) => ({
        symbol: i.symbol,
        displayNameEn: `${i.symbol} PERPETUAL`,
        baseCoin: i.base,
        quoteCoin: i.quote,
        settleCoin: i.quote,
        contractSize: i.contractSize,
        priceScale: i.priceDecimals,
        volScale: i.qtyDecimals,
        priceUnit: 10 ** -i.priceDecimals,
        volUnit: 1,
        minVol: 1,
        state: 0,
        futureType: 1,
      })),
    );
  }
  const known = ["depth", "deals", "kline", "ticker", "funding_rate/history"];
  if (!known.includes(endpoint)) return undefined;
  const instrument = markets.instrument("linear", symbol);
  const market = instrument ? markets.marketOf("linear", symbol) : undefined;
  if (!instrument || !market) return futuresError(1001, "Contract does not exist!");
  const price = (ticks: number) => Number(priceText(instrument, ticks));
  switch (endpoint) {
    case "depth": {
      const limit = limitOf(params, 100, 1000);
      const side = (which: "bid" | "ask") =>
        market.book.topLevels(which, limit).map(([p, q]) => [price(p), q, 1 + (q % 5)]);
      return futuresOk({
        asks: side("ask"),
        bids: side("bid"),
        version: markets.currentVersion(instrument),
        timestamp: nowMs,
      });
    }
    case "deals":
      return futuresOk(
        market
          .recentTrades(limitOf(params, 100, 100))
          .reverse()
          .map((trade) => ({
            p: price(trade.priceTicks),
            v: trade.qtySteps,
            T: trade.isBuyerMaker ? 2 : 1,
            O: 3,
            M: 2,
            t: trade.timeMs,
            i: String(trade.id),
          })),
      );
    case "kline": {
      const label = FUTURES_INTERVALS[params.get("interval") ?? "Min1"];
      const interval = label ? parseInterval(label) : undefined;
      if (!interval) return futuresError(600, "interval error");
      const seconds = (name: string) =>
        params.get(name) === null ? undefined : Number(params.get(name)) * 1000;
      const bars: SimBar[] = market.barsOf(
        interval,
        { startMs: seconds("start"), endMs: seconds("end"), limit: 2000 },
        nowMs,
      );
      return futuresOk({
        time: bars.map((bar) => Math.floor(bar.openMs / 1000)),
        open: bars.map((bar) => price(bar.openTicks)),
        close: bars.map((bar) => price(bar.closeTicks)),
        high: bars.map((bar) => price(bar.highTicks)),
        low: bars.map((bar) => price(bar.lowTicks)),
        vol: bars.map((bar) => bar.volumeSteps),
        amount: bars.map((bar) => Number((bar.notional * (instrument.contractSize ?? 1)).toFixed(4))),
      });
    }
    case "ticker":
      return futuresOk(futuresTickerRow(instrument, market, nowMs));
    default: {
      const size = limitOf(new URLSearchParams({ limit: params.get("page_size") ?? "20" }), 20, 100);
      const next = nextFundingMsOf(nowMs);
      const resultList = Array.from({ length: size }, (_, k) => {
        const settleTime = next - (k + 1) * FUNDING_EVERY_MS;
        return { symbol: instrument.symbol, fundingRate: market.fundingRateAt(settleTime), settleTime };
      });
      return futuresOk({ pageSize: size, totalCount: size, totalPage: 1, currentPage: 1, resultList });
    }
  }
}

export function describeMexcRestFault(status: number, retryAfterS: number | undefined): SimRestResponse {
  const headers: Record<string, string> =
    retryAfterS === undefined ? {} : { "Retry-After": String(retryAfterS) };
  const msg = status === 429 ? "Too Many Requests" : status === 403 ? "Access Denied" : "Internal error";
  return { status, body: { code: status, msg }, headers };
}
