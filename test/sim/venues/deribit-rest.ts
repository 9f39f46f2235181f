// Deribit public REST for the simulator (`GET /api/v2/public/<method>`, JSON-RPC envelopes): get_instruments, ticker,
// get_order_book (with the socket's change_id), get_last_trades_by_instrument, get_tradingview_chart_data,
// get_funding_rate_history, get_book_summary_by_instrument; errors as Deribit shapes them, with HTTP 400.

import type { SimMarket } from "../market.ts";
import type { SimRestRequest, SimRestResponse } from "../types.ts";
import {
  describeCandle,
  describeTicker,
  describeTrade,
  funding8hAt,
  type TradeTape,
} from "./deribit-frames.ts";
import {
  amountOf,
  type DeribitInstrument,
  type DeribitMarkets,
  describeInstrumentRow,
  intervalOfResolution,
  isPerpetual,
  priceOf,
} from "./deribit-symbols.ts";

const HOUR_MS = 3_600_000;
const BOOK_DEPTHS = new Set([1, 5, 10, 20, 50, 100, 1000, 10000]);
const PATH_RE = /^\/api\/v2\/public\/([a-z_]+)$/;

function envelope(result: unknown, nowMs: number): Record<string, unknown> {
  const usIn = nowMs * 1000;
  return { jsonrpc: "2.0", result, usIn, usOut: usIn + 150, usDiff: 150, testnet: false };
}

function ok(result: unknown, nowMs: number): SimRestResponse {
  return { status: 200, body: envelope(result, nowMs) };
}

/** Deribit's error shape; over HTTP it comes with status 400 (429 for too_many_requests). */
export function errorOf(
  code: number,
  message: string,
  data?: { reason: string; param?: string },
  status = 400,
): SimRestResponse {
  const error: Record<string, unknown> = { code, message };
  if (data) error.data = data;
  return { status, body: { jsonrpc: "2.0", error, testnet: false } };
}

function invalid(param: string, reason: string): SimRestResponse {
  return errorOf(-32602, "Invalid params", { reason, param });
}

export function answerDeribitRest(
  markets: DeribitMarkets,
  request: SimRestRequest,
  nowMs: number,
): SimRestResponse | undefined {
  const method = PATH_RE.exec(request.path)?.[1];
  if (!method) return undefined;
  const params = request.params;
  const name = params.get("instrument_name") ?? "";
  const find = (): { instrument: DeribitInstrument; market: SimMarket } | undefined => {
    const instrument = markets.instrument(name);
    const market = instrument ? markets.marketOf(instrument.name) : undefined;
    return instrument && market ? { instrument, market } : undefined;
  };
  const number = (key: string) => {
    const text = params.get(key);
    return text === null || text === "" ? undefined : Number(text);
  };
  switch (method) {
    case "get_instruments": {
      const kind = params.get("kind");
      const rows = markets
        .instruments()
        .map(describeInstrumentRow)
        .filter((row) => !kind || row.kind === kind);
      const currency = (params.get("currency") ?? "any").toUpperCase();
      return ok(
        rows.filter(
          (row) =>
            currency === "ANY" || row.base_currency === currency || row.settlement_currency === currency,
        ),
        nowMs,
      );
    }
    case "ticker": {
      const found = find();
      if (!found) return invalid("instrument_name", "instrument not found");
      return ok(describeTicker(found.instrument, found.market, nowMs), nowMs);
    }
    case "get_order_book": {
      const found = find();
      if (!found) return invalid("instrument_name", "instrument not found");
      const depth = number("depth") ?? 20;
      if (!BOOK_DEPTHS.has(depth))
        return invalid("depth", "must be one of 1, 5, 10, 20, 50, 100, 1000, 10000");
      const { instrument, market } = found;
      const side = (s: "bid" | "ask") =>
        market.book
          .topLevels(s, depth)
          .map(([ticks, steps]) => [priceOf(instrument, ticks), amountOf(instrument, steps)]);
      return ok(
        {
          ...describeTicker(instrument, market, nowMs),
          timestamp: nowMs,
          change_id: market.lastUpdateId(),
          bids: side("bid"),
          asks: side("ask"),
        },
        nowMs,
      );
    }
    case "get_last_trades_by_instrument": {
      const found = find();
      if (!found) return invalid("instrument_name", "instrument not found");
      const count = Math.min(1000, Math.max(1, number("count") ?? 10));
      const recent = found.market.recentTrades(count + 1);
      const tape: TradeTape = { lastTickDirection: 0 };
      const rows = recent
        .map((trade) => describeTrade(found.instrument, found.market, trade, tape))
        .slice(-count);
      if (params.get("sorting") !== "asc") rows.reverse();
      return ok({ trades: rows, has_more: recent.length > count }, nowMs);
    }
    case "get_tradingview_chart_data": {
      const found = find();
      if (!found) return invalid("instrument_name", "instrument not found");
      const interval = intervalOfResolution(params.get("resolution") ?? "");
      if (!interval) return invalid("resolution", "unsupported resolution");
      const startMs = number("start_timestamp");
      const endMs = number("end_timestamp");
      if (startMs === undefined || endMs === undefined) return invalid("start_timestamp", "required");
      const bars = found.market.barsOf(interval, { startMs, endMs, limit: 5000 }, nowMs);
      if (bars.length === 0)
        return ok(
          { status: "no_data", ticks: [], open: [], high: [], low: [], close: [], volume: [], cost: [] },
          nowMs,
        );
      const candles = bars.map((bar) => describeCandle(found.instrument, bar));
      const column = (key: string) => candles.map((candle) => candle[key]);
      return ok(
        {
          status: "ok",
          ticks: column("tick"),
          open: column("open"),
          high: column("high"),
          low: column("low"),
          close: column("close"),
          volume: column("volume"),
          cost: column("cost"),
        },
        nowMs,
      );
    }
    case "get_funding_rate_history": {
      const found = find();
      if (!found) return invalid("instrument_name", "instrument not found");
      if (!isPerpetual(found.instrument)) return invalid("instrument_name", "not a perpetual");
      const startMs = number("start_timestamp");
      const endMs = number("end_timestamp");
      if (startMs === undefined || endMs === undefined) return invalid("start_timestamp", "required");
      const rows: Record<string, number>[] = [];
      for (
        let hour = Math.ceil(startMs / HOUR_MS) * HOUR_MS;
        hour <= Math.min(endMs, nowMs);
        hour += HOUR_MS
      ) {
        if (rows.length >= 744) break;
        const rate = funding8hAt(found.market, hour);
        rows.push({
          timestamp: hour,
          index_price: Number(found.market.indexPrice(hour).toFixed(2)),
          prev_index_price: Number(found.market.indexPrice(hour - HOUR_MS).toFixed(2)),
          interest_8h: rate,
          interest_1h: Number((rate / 8).toFixed(10)),
        });
      }
      return ok(rows, nowMs);
    }
    case "get_book_summary_by_instrument": {
      const found = find();
      if (!found) return invalid("instrument_name", "instrument not found");
      const ticker = describeTicker(found.instrument, found.market, nowMs);
      const stats = ticker.stats as Record<string, number>;
      return ok(
        [
          {
            instrument_name: found.instrument.name,
            base_currency: found.instrument.base,
            quote_currency: found.instrument.quote,
            volume: stats.volume,
            volume_usd: stats.volume_usd,
            price_change: stats.price_change,
            high: stats.high,
            low: stats.low,
            last: ticker.last_price,
            bid_price: ticker.best_bid_price,
            ask_price: ticker.best_ask_price,
            mark_price: ticker.mark_price,
            open_interest: ticker.open_interest ?? 0,
            creation_timestamp: nowMs,
            ...(ticker.funding_8h === undefined
              ? {}
              : { funding_8h: ticker.funding_8h, current_funding: ticker.current_funding }),
          },
        ],
        nowMs,
      );
    }
    default:
      return errorOf(-32601, "Method not found");
  }
}

/** The body and headers Deribit answers an injected HTTP error status with. */
export function describeDeribitRestFault(status: number, retryAfterS: number | undefined): SimRestResponse {
  if (status === 429) {
    const response = errorOf(10028, "too_many_requests", undefined, 429);
    return retryAfterS === undefined
      ? response
      : { ...response, headers: { "retry-after": String(retryAfterS) } };
  }
  if (status >= 500) return errorOf(11094, "internal_server_error", undefined, status);
  return errorOf(11050, "bad_request", undefined, status);
}
