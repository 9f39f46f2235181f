// Crypto.com public REST for the simulator (`GET /exchange/v1/public/<method>`): get-instruments, get-tickers,
// get-book (up to 50 levels), get-trades (up to 150, newest first), get-candlestick, get-valuations (funding_hist,
// mark_price, index_price); errors as Crypto.com shapes them ({code, message}, HTTP 400 / 429 / 500).

import type { SimMarket } from "../market.ts";
import type { SimRestRequest, SimRestResponse } from "../types.ts";
import { describeCandle, describeTicker, describeTrades, hourlyFundingRateAt } from "./cryptocom-frames.ts";
import {
  type CryptocomInstrument,
  type CryptocomMarkets,
  describeInstrumentRow,
  intervalOfTimeframe,
  numberText,
  priceText,
  qtyText,
} from "./cryptocom-symbols.ts";

const HOUR_MS = 3_600_000;
const MINUTE_MS = 60_000;
const PATH_RE = /^\/exchange\/v1\/public\/([a-z-]+)$/;

function ok(method: string, result: unknown): SimRestResponse {
  return { status: 200, body: { id: -1, method: `public/${method}`, code: 0, result } };
}

/** Crypto.com's error answer: the reason code and its message, with the HTTP status of the code's class. */
export function errorOf(method: string, code: number, message: string, status = 400): SimRestResponse {
  return { status, body: { id: -1, method, code, message } };
}

export function answerCryptocomRest(
  markets: CryptocomMarkets,
  request: SimRestRequest,
  nowMs: number,
): SimRestResponse | undefined {
  const method = PATH_RE.exec(request.path)?.[1];
  if (!method) return undefined;
  const params = request.params;
  const fullMethod = `public/${method}`;
  const number = (key: string) => {
    const text = params.get(key);
    return text === null || text === "" ? undefined : Number(text);
  };
  const find = (): { instrument: CryptocomInstrument; market: SimMarket } | undefined => {
    const instrument = markets.instrument(params.get("instrument_name") ?? "");
    const market = instrument ? markets.marketOf(instrument.name) : undefined;
    return instrument && market ? { instrument, market } : undefined;
  };
  const unknown = () => errorOf(fullMethod, 40003, "Unknown symbol");
  switch (method) {
    case "get-instruments":
      return ok(method, { data: markets.instruments().map(describeInstrumentRow) });
    case "get-tickers": {
      if (!params.get("instrument_name")) {
        return ok(method, {
          data: markets
            .started()
            .map(({ instrument, market }) => describeTicker(instrument, market, nowMs, false)),
        });
      }
      const found = find();
      if (!found) return unknown();
      return ok(method, { data: [describeTicker(found.instrument, found.market, nowMs, false)] });
    }
    case "get-book": {
      const found = find();
      if (!found) return unknown();
      const depth = number("depth");
      if (depth === undefined || !(depth >= 1 && depth <= 50))
        return errorOf(fullMethod, 40003, "Invalid depth");
      const { instrument, market } = found;
      const side = (s: "bid" | "ask") =>
        market.book
          .topLevels(s, depth)
          .map(([ticks, steps]) => [priceText(instrument, ticks), qtyText(instrument, steps), "0"]);
      return ok(method, {
        depth: String(depth),
        data: [{ asks: side("ask"), bids: side("bid"), t: nowMs }],
        instrument_name: instrument.name,
      });
    }
    case "get-trades": {
      const found = find();
      if (!found) return unknown();
      const count = number("count") ?? 25;
      if (!(count >= 1 && count <= 150)) return errorOf(fullMethod, 40003, "Invalid count");
      return ok(method, { data: describeTrades(found.instrument, found.market.recentTrades(count), true) });
    }
    case "get-candlestick": {
      const found = find();
      if (!found) return unknown();
      const interval = intervalOfTimeframe(params.get("timeframe") ?? "1m");
      if (!interval) return errorOf(fullMethod, 40003, "Invalid timeframe");
      const count = Math.min(300, Math.max(1, number("count") ?? 25));
      const endMs = number("end_ts");
      const startMs = number("start_ts");
      const bars = found.market.barsOf(interval, { startMs, endMs, limit: 5000 }, nowMs);
      // Crypto.com answers the newest `count` bars of the window.
      return ok(method, {
        interval: interval.label,
        data: bars.slice(-count).map((bar) => describeCandle(found.instrument, bar)),
        instrument_name: found.instrument.name,
      });
    }
    case "get-valuations":
      return answerValuations(markets, params, nowMs, fullMethod);
    default:
      return errorOf(fullMethod, 40002, "METHOD_NOT_FOUND");
  }
}

function answerValuations(
  markets: CryptocomMarkets,
  params: URLSearchParams,
  nowMs: number,
  method: string,
): SimRestResponse {
  const name = (params.get("instrument_name") ?? "").toUpperCase();
  const type = params.get("valuation_type");
  const count = Math.max(1, Number(params.get("count") ?? "") || 25);
  const endMs = Math.min(nowMs, Number(params.get("end_ts") ?? "") || nowMs);
  const rows: Array<{ v: string; t: string }> = [];
  if (type === "funding_hist") {
    const instrument = markets.instrument(name);
    const market = instrument ? markets.marketOf(instrument.name) : undefined;
    if (!instrument || !market || instrument.instType !== "PERPETUAL_SWAP")
      return errorOf(method, 40003, "Unsupported instrument");
    const startMs = Number(params.get("start_ts") ?? "") || endMs - 30 * 24 * HOUR_MS;
    for (
      let hour = Math.floor(endMs / HOUR_MS) * HOUR_MS;
      hour >= startMs && rows.length < count;
      hour -= HOUR_MS
    )
      rows.push({ v: numberText(hourlyFundingRateAt(market, hour - 1), 8), t: String(hour) });
  } else if (type === "mark_price" || type === "index_price") {
    const members = type === "index_price" ? markets.indexMembers(name) : [];
    const instrument = type === "mark_price" ? markets.instrument(name) : members[0];
    const market = instrument ? markets.marketOf(instrument.name) : undefined;
    if (!instrument || !market || (type === "mark_price" && instrument.account !== "linear"))
      return errorOf(method, 40003, "Unsupported instrument");
    const startMs = Number(params.get("start_ts") ?? "") || endMs - 24 * HOUR_MS;
    for (
      let minute = Math.floor(endMs / MINUTE_MS) * MINUTE_MS;
      minute >= startMs && rows.length < count;
      minute -= MINUTE_MS
    ) {
      const value = type === "mark_price" ? market.markPrice(minute) : market.indexPrice(minute);
      rows.push({ v: numberText(value, 4), t: String(minute) });
    }
  } else {
    return errorOf(method, 40003, "Invalid valuation_type");
  }
  return ok(method.slice("public/".length), { data: rows, instrument_name: name });
}

/** The body and headers Crypto.com answers an injected HTTP error status with. */
export function describeCryptocomRestFault(status: number, retryAfterS: number | undefined): SimRestResponse {
  if (status === 429) {
    const response = errorOf("public/get-book", 42901, "TOO_MANY_REQUESTS", 429);
    return retryAfterS === undefined
      ? response
      : { ...response, headers: { "retry-after": String(retryAfterS) } };
  }
  if (status >= 500) return errorOf("public/get-book", 50001, "ERR_INTERNAL", status);
  return errorOf("public/get-book", 40001, "BAD_REQUEST", status);
}
