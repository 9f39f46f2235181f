// Lighter public REST for the simulator: `GET /api/v1/…` orderBooks, orderBookDetails, orderBookOrders (resting
// orders, one per level here), recentTrades, candles, fundings; `{code, message}` bodies with HTTP 400 for bad
// parameters, as the venue answers.

import { parseInterval } from "../bars.ts";
import type { SimRestRequest, SimRestResponse } from "../types.ts";
import { describeDetail, describeTrade, fundingPercentAt } from "./lighter-frames.ts";
import { describeOrderBooks, type LighterMarkets, priceText, sizeText } from "./lighter-markets.ts";

const HOUR_MS = 3_600_000;
const MAX_LIMIT = 100;
const MAX_COUNT_BACK = 500;

function ok(body: Record<string, unknown>): SimRestResponse {
  return { status: 200, body: { code: 200, ...body } };
}

function bad(message: string): SimRestResponse {
  return { status: 400, body: { code: 20001, message } };
}

export function answerLighterRest(
  markets: LighterMarkets,
  request: SimRestRequest,
  nowMs: number,
): SimRestResponse | undefined {
  if (!request.path.startsWith("/api/v1/")) return undefined;
  const params = request.params;
  const found = () => {
    const info = markets.byId(params.get("market_id") ?? "");
    const market = info ? markets.marketOf(info.marketId) : undefined;
    return info && market ? { info, market } : undefined;
  };
  const limitOf = (fallback: number) =>
    Math.min(Number(params.get("limit") ?? fallback) || fallback, MAX_LIMIT);
  switch (request.path) {
    case "/api/v1/orderBooks":
      return { status: 200, body: describeOrderBooks(markets) };
    case "/api/v1/orderBookDetails": {
      const rows = markets
        .all()
        .filter((info) => !params.has("market_id") || String(info.marketId) === params.get("market_id"))
        .map((info) => describeDetail(info, markets.marketOf(info.marketId)!, nowMs));
      if (rows.length === 0) return bad("invalid market_id");
      const perps = rows.filter((row) => markets.byId(row.market_id)?.account !== "spot");
      const spots = rows.filter((row) => markets.byId(row.market_id)?.account === "spot");
      return ok({ order_book_details: perps, spot_order_book_details: spots });
    }
    case "/api/v1/orderBookOrders": {
      const hit = found();
      if (!hit) return bad("invalid market_id");
      const limit = limitOf(MAX_LIMIT);
      const side = (name: "bid" | "ask") =>
        hit.market.book.topLevels(name, limit).map(([ticks, steps], index) => ({
          order_index: ticks * 10 + index,
          order_id: String(ticks * 10 + index),
          owner_account_index: 1,
          initial_base_amount: sizeText(hit.info, steps),
          remaining_base_amount: sizeText(hit.info, steps),
          price: priceText(hit.info, ticks),
          order_expiry: 0,
        }));
      const asks = side("ask");
      const bids = side("bid");
      return ok({ total_asks: asks.length, asks, total_bids: bids.length, bids });
    }
    case "/api/v1/recentTrades": {
      const hit = found();
      if (!hit) return bad("invalid market_id");
      const trades = hit.market.recentTrades(limitOf(MAX_LIMIT)).reverse();
      return ok({ trades: trades.map((trade) => describeTrade(hit.info, trade)) });
    }
    case "/api/v1/candles": {
      const hit = found();
      const resolution = params.get("resolution") ?? "";
      const interval = parseInterval(resolution);
      const startMs = Number(params.get("start_timestamp"));
      const endMs = Number(params.get("end_timestamp") ?? nowMs);
      const count = Math.min(
        Number(params.get("count_back") ?? MAX_COUNT_BACK) || MAX_COUNT_BACK,
        MAX_COUNT_BACK,
      );
      if (!hit || !interval || !Number.isFinite(startMs)) return bad("invalid param");
      const bars = hit.market.barsOf(interval, { startMs, endMs, limit: count }, nowMs);
      const tick = 10 ** -hit.info.priceDecimals;
      const step = 10 ** -hit.info.sizeDecimals;
      return ok({
        r: resolution,
        c: bars.map((bar) => ({
          t: bar.openMs,
          o: Number((bar.openTicks * tick).toFixed(hit.info.priceDecimals)),
          h: Number((bar.highTicks * tick).toFixed(hit.info.priceDecimals)),
          l: Number((bar.lowTicks * tick).toFixed(hit.info.priceDecimals)),
          c: Number((bar.closeTicks * tick).toFixed(hit.info.priceDecimals)),
          v: Number((bar.volumeSteps * step).toFixed(hit.info.sizeDecimals)),
          V: Number(bar.notional.toFixed(6)),
          i: 0,
        })),
      });
    }
    case "/api/v1/fundings": {
      const hit = found();
      const startMs = Number(params.get("start_timestamp"));
      if (!hit || hit.info.account === "spot" || !Number.isFinite(startMs)) return bad("invalid param");
      const endMs = Math.min(Number(params.get("end_timestamp") ?? nowMs), nowMs);
      const fundings: Record<string, unknown>[] = [];
      for (
        let hour = Math.ceil(startMs / HOUR_MS) * HOUR_MS;
        hour <= endMs && fundings.length < MAX_COUNT_BACK;
        hour += HOUR_MS
      ) {
        const percent = Number(fundingPercentAt(hit.market, hour - 1));
        fundings.push({
          timestamp: hour / 1000,
          value: "0",
          rate: Math.abs(percent).toFixed(4),
          direction: percent < 0 ? "short" : "long",
        });
      }
      return ok({ resolution: "1h", fundings });
    }
    default:
      return undefined;
  }
}

export function describeLighterRestFault(status: number, retryAfterS: number | undefined): SimRestResponse {
  const headers: Record<string, string> = {};
  if (retryAfterS !== undefined) headers["retry-after"] = String(retryAfterS);
  return {
    status,
    body:
      status === 429
        ? { code: 23000, message: "Too Many Requests!" }
        : { code: 50000, message: "internal error" },
    headers,
  };
}
