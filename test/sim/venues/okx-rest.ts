// OKX public REST for the simulator (`/api/v5/public/…`, `/api/v5/market/…`) in OKX's `{code, msg, data}` envelope
// and error codes, answered from the synthetic markets: instruments, ticker(s), books, trades, candles, funding
// history, open interest.

import { type BarInterval, parseInterval } from "../bars.ts";
import type { SimRestRequest, SimRestResponse } from "../types.ts";
import {
  candleRow,
  instrumentRow,
  levelRow,
  type OkxMarkets,
  type OkxSimInstrument,
  okxDecimal,
  openInterestRow,
  priceText,
  qtyText,
  tickerRow,
} from "./okx-symbols.ts";

const FUNDING_EVERY_MS = 8 * 3_600_000;

/** OKX bar → the simulator's interval label (the `…utc` bars are the UTC-aligned ones). */
const INTERVAL_OF_BAR: Readonly<Record<string, string>> = {
  "1s": "1s",
  "1m": "1m",
  "3m": "3m",
  "5m": "5m",
  "15m": "15m",
  "30m": "30m",
  "1H": "1h",
  "2H": "2h",
  "4H": "4h",
  "6Hutc": "6h",
  "12Hutc": "12h",
  "1Dutc": "1d",
  "1Wutc": "1w",
  "1Mutc": "1M",
};

export function intervalOfOkxBar(bar: string): BarInterval | undefined {
  const label = INTERVAL_OF_BAR[bar];
  return label ? parseInterval(label) : undefined;
}

class OkxRestError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status = 200,
  ) {
    super(message);
  }
}

const ok = (data: unknown[]): SimRestResponse => ({ status: 200, body: { code: "0", msg: "", data } });

function requireInstrument(markets: OkxMarkets, params: URLSearchParams): OkxSimInstrument {
  const instId = params.get("instId");
  if (!instId) throw new OkxRestError("50014", "Parameter instId can not be empty", 400);
  const instrument = markets.instrument(instId);
  if (!instrument) throw new OkxRestError("51001", "Instrument ID does not exist");
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

export function answerOkxRest(
  markets: OkxMarkets,
  request: SimRestRequest,
  nowMs: number,
): SimRestResponse | undefined {
  if (!request.path.startsWith("/api/v5/")) return undefined;
  if (request.method !== "GET")
    return { status: 405, body: { code: "50000", msg: "Only GET is simulated", data: [] } };
  try {
    return answerEndpoint(markets, request.path.slice("/api/v5/".length), request.params, nowMs);
  } catch (error) {
    if (error instanceof OkxRestError)
      return { status: error.status, body: { code: error.code, msg: error.message, data: [] } };
    throw error;
  }
}

export function describeOkxRestFault(status: number, retryAfterS: number | undefined): SimRestResponse {
  const headers: Record<string, string> =
    retryAfterS !== undefined ? { "Retry-After": String(retryAfterS) } : {};
  if (status === 429) return { status, body: { code: "50011", msg: "Too Many Requests", data: [] }, headers };
  if (status === 503)
    return {
      status,
      body: { code: "50001", msg: "Service temporarily unavailable. Please try again later.", data: [] },
      headers,
    };
  return { status, body: { code: "50000", msg: "System error", data: [] }, headers };
}

function answerEndpoint(
  markets: OkxMarkets,
  endpoint: string,
  params: URLSearchParams,
  nowMs: number,
): SimRestResponse | undefined {
  switch (endpoint) {
    case "public/time":
      return ok([{ ts: String(nowMs) }]);
    case "public/instruments": {
      const instType = params.get("instType") ?? "";
      if (!instType) throw new OkxRestError("50014", "Parameter instType can not be empty", 400);
      if (instType === "OPTION" && !params.get("instFamily"))
        throw new OkxRestError("50014", "Parameter instFamily can not be empty", 400);
      const instId = params.get("instId");
      return ok(
        markets
          .byInstType(instType)
          .filter((instrument) => !instId || instrument.instId === instId)
          .map(instrumentRow),
      );
    }
    case "market/tickers":
      return ok(
        markets.byInstType(params.get("instType") ?? "").flatMap((instrument) => {
          const market = markets.marketOf(instrument.instId);
          return market ? [tickerRow(instrument, market, nowMs)] : [];
        }),
      );
    case "market/ticker": {
      const instrument = requireInstrument(markets, params);
      return ok([tickerRow(instrument, markets.marketOf(instrument.instId)!, nowMs)]);
    }
    case "market/books":
    case "market/books-full": {
      const instrument = requireInstrument(markets, params);
      const market = markets.marketOf(instrument.instId)!;
      const depth = limitOf(
        new URLSearchParams({ limit: params.get("sz") ?? "1" }),
        1,
        endpoint.endsWith("full") ? 5000 : 400,
      );
      const side = (which: "bid" | "ask") =>
        market.book.topLevels(which, depth).map(([price, qty]) => {
          const row = levelRow(instrument, price, qty);
          return endpoint.endsWith("full") ? [row[0], row[1], row[3]] : row;
        });
      return ok([{ asks: side("ask"), bids: side("bid"), ts: String(nowMs) }]);
    }
    case "market/trades":
    case "market/history-trades": {
      const instrument = requireInstrument(markets, params);
      const market = markets.marketOf(instrument.instId)!;
      const limit = limitOf(params, 100, endpoint === "market/trades" ? 500 : 100);
      return ok(
        market
          .recentTrades(limit)
          .reverse()
          .map((trade) => ({
            instId: instrument.instId,
            side: trade.isBuyerMaker ? "sell" : "buy",
            sz: qtyText(instrument, trade.qtySteps),
            source: "0",
            px: priceText(instrument, trade.priceTicks),
            tradeId: String(trade.id),
            ts: String(trade.timeMs),
          })),
      );
    }
    case "market/candles":
    case "market/history-candles": {
      const instrument = requireInstrument(markets, params);
      const market = markets.marketOf(instrument.instId)!;
      const bar = params.get("bar") ?? "1m";
      const interval = intervalOfOkxBar(bar);
      if (!interval) throw new OkxRestError("51000", "Parameter bar error");
      const afterMs = msOf(params, "after");
      const beforeMs = msOf(params, "before");
      const bars = market.barsOf(
        interval,
        {
          startMs: beforeMs !== undefined ? beforeMs + 1 : undefined,
          endMs: afterMs !== undefined ? afterMs - 1 : undefined,
          limit: limitOf(params, 100, 300),
        },
        nowMs,
      );
      return ok(
        bars
          .filter((candle) => afterMs === undefined || candle.openMs < afterMs)
          .reverse()
          .map((candle) => candleRow(instrument, candle, candle.closeMs < nowMs)),
      );
    }
    case "public/funding-rate-history": {
      const instrument = requireInstrument(markets, params);
      if (instrument.instType !== "SWAP") throw new OkxRestError("51000", "Parameter instId error");
      const market = markets.marketOf(instrument.instId)!;
      const limit = limitOf(params, 100, 400);
      const afterMs = msOf(params, "after") ?? nowMs + 1;
      const beforeMs = msOf(params, "before") ?? Number.NEGATIVE_INFINITY;
      const rows: unknown[] = [];
      for (
        let t = Math.floor(Math.min(afterMs - 1, nowMs) / FUNDING_EVERY_MS) * FUNDING_EVERY_MS;
        t > beforeMs && rows.length < limit;
        t -= FUNDING_EVERY_MS
      ) {
        const rate = okxDecimal(market.fundingRateAt(t), 10);
        rows.push({
          formulaType: "withRate",
          fundingRate: rate,
          fundingTime: String(t),
          instId: instrument.instId,
          instType: "SWAP",
          method: "current_period",
          realizedRate: rate,
        });
      }
      return ok(rows);
    }
    case "public/open-interest": {
      const instType = params.get("instType") ?? "";
      const instId = params.get("instId");
      const picked = markets
        .byInstType(instType)
        .filter((instrument) => instrument.account !== "spot" && (!instId || instrument.instId === instId));
      if (instId && picked.length === 0) throw new OkxRestError("51001", "Instrument ID does not exist");
      return ok(
        picked.map((instrument) => openInterestRow(instrument, markets.marketOf(instrument.instId)!, nowMs)),
      );
    }
    default:
      return undefined;
  }
}
