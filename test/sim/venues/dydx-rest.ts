// dYdX v4 indexer REST for the simulator: GET /v4/perpetualMarkets (?ticker), /v4/orderbooks/perpetualMarket/{m},
// /v4/trades/perpetualMarket/{m} (?createdBeforeOrAt), /v4/candles/perpetualMarkets/{m}?resolution,
// /v4/historicalFunding/{m}; unknown markets answer 404 with the indexer's `errors` body.

import { parseInterval } from "../bars.ts";
import type { SimRestRequest, SimRestResponse } from "../types.ts";
import {
  type DydxMarkets,
  describeBookSnapshot,
  describeCandle,
  describePerpetualMarket,
  describeTrade,
  fundingAt,
} from "./dydx-symbols.ts";

const HOUR_MS = 3_600_000;
const MAX_ROWS = 100;
const INTERVAL_OF: Readonly<Record<string, string>> = {
  "1MIN": "1m",
  "5MINS": "5m",
  "15MINS": "15m",
  "30MINS": "30m",
  "1HOUR": "1h",
  "4HOURS": "4h",
  "1DAY": "1d",
};

function ok(body: unknown): SimRestResponse {
  return { status: 200, body };
}

function notFound(what: string): SimRestResponse {
  return { status: 404, body: { errors: [{ msg: `${what} not found` }] } };
}

function limitOf(params: URLSearchParams): number {
  const limit = Number(params.get("limit") ?? MAX_ROWS);
  return Number.isFinite(limit) && limit > 0 ? Math.min(limit, MAX_ROWS) : MAX_ROWS;
}

/** A LIQUIDATED fill the socket sent on v4_trades, kept so that REST lists it among the market's trades too. */
export interface DydxLiquidationFill {
  timeMs: number;
  row: Record<string, unknown>;
}

export function answerDydxRest(
  markets: DydxMarkets,
  request: SimRestRequest,
  nowMs: number,
  liquidationFillsOf: (ticker: string) => readonly DydxLiquidationFill[] = () => [],
): SimRestResponse | undefined {
  const match =
    /^\/v4\/(perpetualMarkets|orderbooks\/perpetualMarket|trades\/perpetualMarket|candles\/perpetualMarkets|historicalFunding)(?:\/([^/]+))?\/?$/.exec(
      request.path,
    );
  if (!match) return undefined;
  if (request.method !== "GET") return { status: 405, body: "Method Not Allowed" };
  const ticker = match[1] === "perpetualMarkets" ? (request.params.get("ticker") ?? undefined) : match[2];
  const spec = ticker ? markets.spec(ticker) : undefined;
  const market = spec ? markets.marketOf(spec.ticker) : undefined;
  if (match[1] === "perpetualMarkets") {
    const chosen = ticker ? (spec ? [spec] : []) : markets.all();
    const rows: Record<string, unknown> = {};
    for (const one of chosen)
      rows[one.ticker] = describePerpetualMarket(one, markets.marketOf(one.ticker)!, nowMs);
    return ok({ markets: rows });
  }
  if (!spec || !market) return notFound(`market ${ticker ?? ""}`);
  switch (match[1]) {
    case "orderbooks/perpetualMarket":
      return ok(describeBookSnapshot(spec, market));
    case "trades/perpetualMarket": {
      // Newest first, fills of every type (the indexer lists LIQUIDATED fills with the others), at or before
      // `createdBeforeOrAt` when given.
      const limit = limitOf(request.params);
      const before = request.params.get("createdBeforeOrAt");
      const endMs = before ? Date.parse(before) : undefined;
      if (endMs !== undefined && !Number.isFinite(endMs))
        return {
          status: 400,
          body: { errors: [{ msg: "createdBeforeOrAt is not an ISO8601 formatted string" }] },
        };
      const liquidations = liquidationFillsOf(spec.ticker).filter(
        (fill) => endMs === undefined || fill.timeMs <= endMs,
      );
      const fills = [
        ...market
          .tradesBefore({ endMs, limit })
          .map((t) => ({ timeMs: t.timeMs, row: describeTrade(spec, t) })),
        ...liquidations.slice(-limit),
      ].sort((a, b) => a.timeMs - b.timeMs);
      return ok({
        trades: fills
          .slice(-limit)
          .map((fill) => fill.row)
          .reverse(),
      });
    }
    case "candles/perpetualMarkets": {
      const resolution = request.params.get("resolution") ?? "";
      const interval = parseInterval(INTERVAL_OF[resolution] ?? "");
      if (!interval)
        return { status: 400, body: { errors: [{ msg: "resolution must be a valid Candle Resolution" }] } };
      const fromIso = request.params.get("fromISO");
      const toIso = request.params.get("toISO");
      const bars = market.barsOf(
        interval,
        {
          startMs: fromIso ? Date.parse(fromIso) : undefined,
          endMs: toIso ? Date.parse(toIso) : undefined,
          limit: limitOf(request.params),
        },
        nowMs,
      );
      return ok({ candles: bars.map((bar) => describeCandle(spec, resolution, bar, market)).reverse() });
    }
    case "historicalFunding": {
      const before = request.params.get("effectiveBeforeOrAt");
      const endMs = Math.min(before ? Date.parse(before) : nowMs, nowMs);
      const rows: Record<string, unknown>[] = [];
      for (
        let hour = Math.floor(endMs / HOUR_MS) * HOUR_MS;
        rows.length < limitOf(request.params);
        hour -= HOUR_MS
      ) {
        rows.push({
          ticker: spec.ticker,
          rate: fundingAt(market, hour - 1),
          price: describePerpetualMarket(spec, market, hour).oraclePrice,
          effectiveAt: new Date(hour).toISOString(),
          effectiveAtHeight: String(Math.floor(hour / 1000)),
        });
      }
      return ok({ historicalFunding: rows });
    }
  }
  return undefined;
}

export function describeDydxRestFault(status: number, retryAfterS: number | undefined): SimRestResponse {
  const headers: Record<string, string> = {};
  if (retryAfterS !== undefined) headers["retry-after"] = String(retryAfterS);
  return {
    status,
    body: { errors: [{ msg: status === 429 ? "Too many requests" : "Internal Server Error" }] },
    headers,
  };
}
