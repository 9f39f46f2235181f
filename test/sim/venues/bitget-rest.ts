// Bitget v3 public REST for the simulator (`/api/v3/market/…`, and v2's fills history for paging back) in Bitget's
// `{code, msg, requestTime, data}` envelope and error codes, answered from the synthetic markets: instruments,
// tickers, order book, fills, candles, funding history, open interest.

import { type BarInterval, parseInterval } from "../bars.ts";
import type { SimRestRequest, SimRestResponse } from "../types.ts";
import {
  type BitgetMarkets,
  type BitgetSimInstrument,
  bitgetDecimal,
  candleRow,
  instrumentRow,
  levelRow,
  priceText,
  qtyText,
  tickerRow,
} from "./bitget-symbols.ts";

const FUNDING_EVERY_MS = 8 * 3_600_000;

/** Bitget interval → the simulator's interval label. */
const LABEL_OF_INTERVAL: Readonly<Record<string, string>> = {
  "1m": "1m",
  "3m": "3m",
  "5m": "5m",
  "15m": "15m",
  "30m": "30m",
  "1H": "1h",
  "4H": "4h",
  "6H": "6h",
  "12H": "12h",
  "1D": "1d",
};

export function intervalOfBitget(interval: string): BarInterval | undefined {
  const label = LABEL_OF_INTERVAL[interval];
  return label ? parseInterval(label) : undefined;
}

class BitgetRestError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status = 400,
  ) {
    super(message);
  }
}

function envelope(nowMs: number, data: unknown): SimRestResponse {
  return { status: 200, body: { code: "00000", msg: "success", requestTime: nowMs, data } };
}

function requireCategory(params: URLSearchParams): string {
  const category = params.get("category");
  if (!category) throw new BitgetRestError("40019", "Parameter category cannot be empty");
  if (!["SPOT", "USDT-FUTURES", "USDC-FUTURES", "COIN-FUTURES", "MARGIN"].includes(category))
    throw new BitgetRestError("40034", `Parameter ${category} does not exist`);
  return category;
}

function requireInstrument(markets: BitgetMarkets, params: URLSearchParams): BitgetSimInstrument {
  const category = requireCategory(params);
  const symbol = params.get("symbol");
  if (!symbol) throw new BitgetRestError("40019", "Parameter symbol cannot be empty");
  const instrument = markets.instrument(category, symbol);
  if (!instrument) throw new BitgetRestError("40034", `Parameter ${symbol} does not exist`);
  return instrument;
}

function limitOf(params: URLSearchParams, fallback: number, max: number): number {
  const value = Number(params.get("limit") ?? "");
  return Number.isInteger(value) && value > 0 ? Math.min(value, max) : fallback;
}

function msOf(params: URLSearchParams, name: string): number | undefined {
  const text = params.get(name);
  if (text === null || text === "") return undefined;
  const value = Number(text);
  return Number.isFinite(value) ? value : undefined;
}

export function answerBitgetRest(
  markets: BitgetMarkets,
  request: SimRestRequest,
  nowMs: number,
): SimRestResponse | undefined {
  const v2Category = V2_FILLS_HISTORY[request.path.replace(/\/+$/, "")];
  if (!request.path.startsWith("/api/v3/market/") && !v2Category) return undefined;
  if (request.method !== "GET")
    return {
      status: 405,
      body: { code: "40404", msg: "Request URL NOT FOUND", requestTime: nowMs, data: null },
    };
  try {
    if (v2Category) return answerFillsHistory(markets, v2Category, request.params, nowMs);
    return answerEndpoint(markets, request.path.slice("/api/v3/market/".length), request.params, nowMs);
  } catch (error) {
    if (error instanceof BitgetRestError)
      return {
        status: error.status,
        body: { code: error.code, msg: error.message, requestTime: nowMs, data: null },
      };
    throw error;
  }
}

/** v2 fills history (the paging the v3 `fills` lacks): spot by path, futures by `productType`. */
const V2_FILLS_HISTORY: Readonly<Record<string, "SPOT" | "mix">> = {
  "/api/v2/spot/market/fills-history": "SPOT",
  "/api/v2/mix/market/fills-history": "mix",
};

/** Newest first, ids descending, below `idLessThan` when given; limit default 500, at most 1000. */
function answerFillsHistory(
  markets: BitgetMarkets,
  kind: "SPOT" | "mix",
  params: URLSearchParams,
  nowMs: number,
): SimRestResponse {
  const category = kind === "SPOT" ? "SPOT" : (params.get("productType") ?? "").toUpperCase();
  if (!category) throw new BitgetRestError("40019", "Parameter productType cannot be empty");
  const symbol = params.get("symbol");
  if (!symbol) throw new BitgetRestError("40019", "Parameter symbol cannot be empty");
  const instrument = markets.instrument(category, symbol);
  if (!instrument) throw new BitgetRestError("40034", `Parameter ${symbol} does not exist`);
  const idText = params.get("idLessThan");
  const beforeId = idText ? Number(idText) : undefined;
  if (beforeId !== undefined && !Number.isFinite(beforeId))
    throw new BitgetRestError("40034", `Parameter ${idText} does not exist`);
  const trades = markets.marketOf(instrument).tradesBefore({ beforeId, limit: limitOf(params, 500, 1000) });
  return envelope(
    nowMs,
    trades.reverse().map((trade) => ({
      symbol: instrument.symbol,
      tradeId: String(trade.id),
      side: trade.isBuyerMaker ? "Sell" : "Buy",
      price: priceText(instrument, trade.priceTicks),
      size: qtyText(instrument, trade.qtySteps),
      ts: String(trade.timeMs),
    })),
  );
}

export function describeBitgetRestFault(status: number, retryAfterS: number | undefined): SimRestResponse {
  const headers: Record<string, string> =
    retryAfterS !== undefined ? { "Retry-After": String(retryAfterS) } : {};
  const requestTime = Date.now();
  if (status === 429)
    return { status, body: { code: "429", msg: "Too Many Requests", requestTime, data: null }, headers };
  return { status, body: { code: "40001", msg: "System error", requestTime, data: null }, headers };
}

function answerEndpoint(
  markets: BitgetMarkets,
  endpoint: string,
  params: URLSearchParams,
  nowMs: number,
): SimRestResponse | undefined {
  switch (endpoint) {
    case "instruments": {
      const category = requireCategory(params);
      const symbol = params.get("symbol");
      return envelope(
        nowMs,
        markets
          .byInstType(category)
          .filter((instrument) => !symbol || instrument.symbol === symbol)
          .map(instrumentRow),
      );
    }
    case "tickers": {
      const category = requireCategory(params);
      const symbol = params.get("symbol");
      const picked = markets
        .byInstType(category)
        .filter((instrument) => !symbol || instrument.symbol === symbol);
      if (symbol && picked.length === 0)
        throw new BitgetRestError("40034", `Parameter ${symbol} does not exist`);
      return envelope(
        nowMs,
        picked.map((instrument) => ({
          category,
          symbol: instrument.symbol,
          ...tickerRow(instrument, markets.marketOf(instrument), nowMs),
        })),
      );
    }
    case "orderbook": {
      const instrument = requireInstrument(markets, params);
      const market = markets.marketOf(instrument);
      const depth = limitOf(params, 5, 200);
      const side = (which: "bid" | "ask") =>
        market.book.topLevels(which, depth).map(([price, qty]) => levelRow(instrument, price, qty));
      return envelope(nowMs, { a: side("ask"), b: side("bid"), ts: String(nowMs) });
    }
    case "fills": {
      const instrument = requireInstrument(markets, params);
      const market = markets.marketOf(instrument);
      return envelope(
        nowMs,
        market
          .recentTrades(limitOf(params, 100, 100))
          .reverse()
          .map((trade) => ({
            execId: String(trade.id),
            price: priceText(instrument, trade.priceTicks),
            size: qtyText(instrument, trade.qtySteps),
            side: trade.isBuyerMaker ? "sell" : "buy",
            ts: String(trade.timeMs),
          })),
      );
    }
    case "candles":
    case "history-candles": {
      const instrument = requireInstrument(markets, params);
      const market = markets.marketOf(instrument);
      const interval = intervalOfBitget(params.get("interval") ?? "");
      if (!interval) throw new BitgetRestError("40034", `Parameter ${params.get("interval")} does not exist`);
      const bars = market.barsOf(
        interval,
        {
          startMs: msOf(params, "startTime"),
          endMs: msOf(params, "endTime"),
          limit: limitOf(params, 100, 100),
        },
        nowMs,
      );
      // Newest first, as Bitget answers.
      return envelope(
        nowMs,
        bars.reverse().map((bar) => candleRow(instrument, bar)),
      );
    }
    case "history-fund-rate": {
      const instrument = requireInstrument(markets, params);
      if (instrument.account === "spot") throw new BitgetRestError("40034", "Parameter SPOT does not exist");
      const market = markets.marketOf(instrument);
      const limit = limitOf(params, 20, 100);
      const rows: unknown[] = [];
      for (
        let t = Math.floor(nowMs / FUNDING_EVERY_MS) * FUNDING_EVERY_MS;
        rows.length < limit;
        t -= FUNDING_EVERY_MS
      ) {
        rows.push({
          symbol: instrument.symbol,
          fundingRate: bitgetDecimal(market.fundingRateAt(t), 8),
          fundingRateTimestamp: String(t),
        });
      }
      return envelope(nowMs, { resultList: rows, nextFlag: false });
    }
    case "open-interest": {
      const category = requireCategory(params);
      const symbol = params.get("symbol");
      const picked = markets
        .byInstType(category)
        .filter((instrument) => instrument.account !== "spot" && (!symbol || instrument.symbol === symbol));
      if (symbol && picked.length === 0)
        throw new BitgetRestError("40034", `Parameter ${symbol} does not exist`);
      return envelope(nowMs, {
        list: picked.map((instrument) => ({
          symbol: instrument.symbol,
          openInterest: bitgetDecimal(markets.marketOf(instrument).openInterest(nowMs), 4),
        })),
        ts: String(nowMs),
      });
    }
    default:
      return undefined;
  }
}
