// HyperLiquid public REST for the simulator: `POST /info` with the request named in the JSON body (meta, spotMeta,
// metaAndAssetCtxs, spotMetaAndAssetCtxs, l2Book, recentTrades, candleSnapshot, fundingHistory); null for an unknown
// book; 422 text for a body it cannot read, as the venue answers.

import { parseInterval } from "../bars.ts";
import type { SimRestRequest, SimRestResponse } from "../types.ts";
import {
  describeAssetCtx,
  describeBook,
  describeCandle,
  describeTrade,
  fundingAt,
} from "./hyperliquid-frames.ts";
import { describeMeta, describeSpotMeta, type HyperliquidMarkets } from "./hyperliquid-symbols.ts";

const HOUR_MS = 3_600_000;
const MAX_CANDLES = 5000;
const MAX_FUNDING_ROWS = 500;
const RECENT_TRADES = 10;

function ok(body: unknown): SimRestResponse {
  return { status: 200, body };
}

function unreadable(): SimRestResponse {
  return { status: 422, body: "Failed to deserialize the JSON body into the target type" };
}

export function answerHyperliquidRest(
  markets: HyperliquidMarkets,
  request: SimRestRequest,
  nowMs: number,
): SimRestResponse | undefined {
  if (request.path !== "/info") return undefined;
  if (request.method !== "POST") return { status: 405, body: "Method Not Allowed" };
  let body: Record<string, unknown>;
  try {
    body = JSON.parse(request.body ?? "") as Record<string, unknown>;
  } catch {
    return unreadable();
  }
  if (typeof body !== "object" || body === null) return unreadable();
  const started = (name: unknown) => {
    const coin = typeof name === "string" ? markets.coin(name) : undefined;
    const market = coin ? markets.marketOf(coin.coin) : undefined;
    return coin && market ? { coin, market } : undefined;
  };
  switch (body.type) {
    case "meta":
      return ok(describeMeta(markets));
    case "spotMeta":
      return ok(describeSpotMeta(markets));
    case "metaAndAssetCtxs":
    case "spotMetaAndAssetCtxs": {
      const account = body.type === "metaAndAssetCtxs" ? "linear" : "spot";
      const coins = markets.coins(account);
      const ctxs = coins.map((coin) => describeAssetCtx(coin, markets.marketOf(coin.coin)!, nowMs));
      return ok([account === "linear" ? describeMeta(markets) : describeSpotMeta(markets), ctxs]);
    }
    case "l2Book": {
      const found = started(body.coin);
      return ok(found ? describeBook(found.coin, found.market, nowMs) : null);
    }
    case "recentTrades": {
      const found = started(body.coin);
      if (!found) return ok([]);
      return ok(found.market.recentTrades(RECENT_TRADES).map((trade) => describeTrade(found.coin, trade)));
    }
    case "candleSnapshot": {
      const req = (typeof body.req === "object" && body.req !== null ? body.req : {}) as Record<
        string,
        unknown
      >;
      const found = started(req.coin);
      const interval = typeof req.interval === "string" ? parseInterval(req.interval) : undefined;
      const startMs = Number(req.startTime);
      const endMs = Number.isFinite(Number(req.endTime)) ? Number(req.endTime) : nowMs;
      if (!found || !interval || !Number.isFinite(startMs)) return unreadable();
      const bars = found.market.barsOf(interval, { startMs, endMs, limit: MAX_CANDLES }, nowMs);
      return ok(bars.map((bar) => describeCandle(found.coin, String(req.interval), bar)));
    }
    case "fundingHistory": {
      const found = started(body.coin);
      const startMs = Number(body.startTime);
      if (found?.coin.account !== "linear" || !Number.isFinite(startMs)) return unreadable();
      const endMs = Math.min(Number.isFinite(Number(body.endTime)) ? Number(body.endTime) : nowMs, nowMs);
      const rows: Record<string, unknown>[] = [];
      for (
        let hour = Math.ceil(startMs / HOUR_MS) * HOUR_MS;
        hour <= endMs && rows.length < MAX_FUNDING_ROWS;
        hour += HOUR_MS
      ) {
        rows.push({
          coin: found.coin.coin,
          fundingRate: fundingAt(found.market, hour - 1),
          premium: "0.0001",
          time: hour + 76,
        });
      }
      return ok(rows);
    }
    default:
      return unreadable();
  }
}

export function describeHyperliquidRestFault(
  status: number,
  retryAfterS: number | undefined,
): SimRestResponse {
  const headers: Record<string, string> = {};
  if (retryAfterS !== undefined) headers["retry-after"] = String(retryAfterS);
  return { status, body: status === 429 ? "Too Many Requests" : "Internal Server Error", headers };
}
