// Gate.io public REST v4 for the simulator (`/api/v4/spot/…`, `/api/v4/futures/{usdt|btc}/…`) with Gate's
// `{label, message}` errors, answered from the synthetic markets: instruments, tickers, order book with id, trades,
// candlesticks (limit or from/to, never both), funding history and contract stats.

import { type BarInterval, parseInterval } from "../bars.ts";
import type { SimAccount, SimRestRequest, SimRestResponse } from "../types.ts";
import {
  contracts,
  GATE_SIM_BOOK_LEVELS,
  type GateMarkets,
  type GateSimInstrument,
  gateDecimal,
  futuresTickerRow,
  levelRows,
  priceText,
  qtyText,
  spotTickerRow,
  volumesOf,
} from "./gateio-symbols.ts";

export const GATE_FUNDING_EVERY_MS = 8 * 3_600_000;
const STATS_EVERY_MS = 5 * 60_000;

/** Gate's interval names the simulator serves (the canonical ones it shares with dig3). */
const INTERVALS = new Set(["1m", "3m", "5m", "15m", "30m", "1h", "2h", "4h", "6h", "8h", "12h", "1d"]);

export function gateIntervalOf(label: string): BarInterval | undefined {
  return INTERVALS.has(label) ? parseInterval(label) : undefined;
}

class GateRestError extends Error {
  constructor(
    readonly label: string,
    message: string,
    readonly status = 400,
  ) {
    super(message);
  }
}

const ok = (body: unknown): SimRestResponse => ({ status: 200, body });

/** The funding rate settled at a funding time (and predicted before it). */
export function fundingRateOf(
  markets: GateMarkets,
  instrument: GateSimInstrument,
  fundingTimeMs: number,
): number {
  return markets.marketOf(instrument.account, instrument.native)!.market.fundingRateAt(fundingTimeMs);
}

function limitOf(params: URLSearchParams, fallback: number, max: number): number {
  const value = Number(params.get("limit") ?? "");
  return Number.isInteger(value) && value > 0 ? Math.min(value, max) : fallback;
}

function secondsOf(params: URLSearchParams, name: string): number | undefined {
  const text = params.get(name);
  if (text === null || text === "") return undefined;
  const value = Number(text);
  return Number.isFinite(value) ? value * 1000 : undefined;
}

export function answerGateRest(
  markets: GateMarkets,
  request: SimRestRequest,
  nowMs: number,
): SimRestResponse | undefined {
  if (!request.path.startsWith("/api/v4/")) return undefined;
  if (request.method !== "GET")
    return { status: 405, body: { label: "METHOD_NOT_ALLOWED", message: "Only GET is simulated" } };
  const path = request.path.slice("/api/v4".length);
  try {
    const spot = /^\/spot\/([a-z_]+)$/.exec(path);
    if (spot) return answerEndpoint(markets, "spot", spot[1]!, request.params, nowMs);
    const futures = /^\/futures\/([a-z0-9]+)\/([a-z_]+)$/.exec(path);
    if (!futures) return undefined;
    const account: SimAccount | undefined =
      futures[1] === "usdt" ? "linear" : futures[1] === "btc" ? "inverse" : undefined;
    if (!account) throw new GateRestError("INVALID_PARAM_VALUE", `settle ${futures[1]} not supported`);
    return answerEndpoint(markets, account, futures[2]!, request.params, nowMs);
  } catch (error) {
    if (error instanceof GateRestError)
      return { status: error.status, body: { label: error.label, message: error.message } };
    throw error;
  }
}

export function describeGateRestFault(status: number, retryAfterS: number | undefined): SimRestResponse {
  const headers: Record<string, string> =
    retryAfterS !== undefined ? { "Retry-After": String(retryAfterS) } : {};
  if (status === 429)
    return {
      status,
      body: { label: "TOO_MANY_REQUESTS", message: "Request Rate limit Exceeded" },
      headers: { ...headers, "X-Gate-RateLimit-Requests-Remain": "0", "X-Gate-RateLimit-Limit": "200" },
    };
  return { status, body: { label: "SERVER_ERROR", message: "Internal server error" }, headers };
}

function requireInstrument(
  markets: GateMarkets,
  account: SimAccount,
  params: URLSearchParams,
): GateSimInstrument {
  const key = account === "spot" ? "currency_pair" : "contract";
  const native = params.get(key);
  if (!native) throw new GateRestError("MISSING_REQUIRED_PARAM", `Missing required parameter: ${key}`);
  const instrument = markets.instrument(account, native);
  if (!instrument)
    throw account === "spot"
      ? new GateRestError("INVALID_CURRENCY_PAIR", `Invalid currency pair: ${native}`)
      : new GateRestError("CONTRACT_NOT_FOUND", `Contract not found: ${native}`);
  return instrument;
}

function marketOf(markets: GateMarkets, instrument: GateSimInstrument) {
  return markets.marketOf(instrument.account, instrument.native)!;
}

function answerEndpoint(
  markets: GateMarkets,
  account: SimAccount,
  endpoint: string,
  params: URLSearchParams,
  nowMs: number,
): SimRestResponse | undefined {
  const isSpot = account === "spot";
  switch (endpoint) {
    case "currency_pairs":
      return isSpot
        ? ok(
            markets.byAccount("spot").map((instrument) => ({
              id: instrument.native,
              base: instrument.base,
              quote: instrument.quote,
              fee: "0.2",
              min_base_amount: qtyText(instrument, 1),
              min_quote_amount: "1",
              amount_precision: decimalsOf(instrument.spec.stepSize),
              precision: decimalsOf(instrument.spec.tickSize),
              trade_status: "tradable",
              sell_start: 1516378650,
              buy_start: 1516378650,
            })),
          )
        : undefined;
    case "contracts": {
      if (isSpot) return undefined;
      const offset = Number(params.get("offset") ?? "0") || 0;
      const rows = markets.byAccount(account).map((instrument) => {
        const market = marketOf(markets, instrument).market;
        return {
          name: instrument.native,
          type: account === "inverse" ? "inverse" : "direct",
          quanto_multiplier: account === "inverse" ? "0" : gateDecimal(instrument.quantoMultiplier ?? 1),
          order_price_round: gateDecimal(instrument.spec.tickSize),
          mark_price_round: "0.01",
          order_size_min: 1,
          order_size_max: 1_000_000,
          mark_price: gateDecimal(market.markPrice(nowMs), 2),
          index_price: gateDecimal(market.indexPrice(nowMs), 2),
          last_price: priceText(instrument, market.lastPriceTicks()),
          funding_interval: GATE_FUNDING_EVERY_MS / 1000,
          funding_next_apply: Math.ceil((nowMs + 1) / GATE_FUNDING_EVERY_MS) * (GATE_FUNDING_EVERY_MS / 1000),
          orderbook_id: market.lastUpdateId(),
          in_delisting: false,
          status: "trading",
        };
      });
      return ok(rows.slice(offset, offset + limitOf(params, 100, 1000)));
    }
    case "tickers": {
      const key = isSpot ? "currency_pair" : "contract";
      const wanted = params.get(key);
      const picked = wanted ? [requireInstrument(markets, account, params)] : markets.byAccount(account);
      return ok(
        picked.map((instrument) => {
          const market = marketOf(markets, instrument).market;
          const fundingTime = Math.ceil((nowMs + 1) / GATE_FUNDING_EVERY_MS) * GATE_FUNDING_EVERY_MS;
          return isSpot
            ? spotTickerRow(instrument, market, nowMs)
            : futuresTickerRow(instrument, market, nowMs, market.fundingRateAt(fundingTime));
        }),
      );
    }
    case "order_book": {
      const instrument = requireInstrument(markets, account, params);
      const { market } = marketOf(markets, instrument);
      const depth = limitOf(params, 10, GATE_SIM_BOOK_LEVELS);
      const withId = params.get("with_id") === "true";
      const body: Record<string, unknown> = {
        current: isSpot ? nowMs : nowMs / 1000,
        update: isSpot ? nowMs : nowMs / 1000,
        asks: levelRows(instrument, market.book.topLevels("ask", depth)),
        bids: levelRows(instrument, market.book.topLevels("bid", depth)),
      };
      if (withId) body.id = market.lastUpdateId();
      return ok(body);
    }
    case "trades": {
      const instrument = requireInstrument(markets, account, params);
      const { market } = marketOf(markets, instrument);
      return ok(
        market
          .recentTrades(limitOf(params, 100, 1000))
          .reverse()
          .map((trade) =>
            isSpot
              ? {
                  id: String(trade.id),
                  create_time: String(Math.floor(trade.timeMs / 1000)),
                  create_time_ms: `${trade.timeMs}.000`,
                  currency_pair: instrument.native,
                  side: trade.isBuyerMaker ? "sell" : "buy",
                  amount: qtyText(instrument, trade.qtySteps),
                  price: priceText(instrument, trade.priceTicks),
                }
              : {
                  id: trade.id,
                  create_time: trade.timeMs / 1000,
                  create_time_ms: trade.timeMs,
                  contract: instrument.native,
                  size: (trade.isBuyerMaker ? -1 : 1) * contracts(instrument, trade.qtySteps),
                  price: priceText(instrument, trade.priceTicks),
                },
          ),
      );
    }
    case "candlesticks": {
      const instrument = requireInstrument(markets, account, params);
      const { market } = marketOf(markets, instrument);
      const interval = gateIntervalOf(params.get("interval") ?? "5m");
      if (!interval)
        throw new GateRestError("INVALID_PARAM_VALUE", `Invalid interval: ${params.get("interval")}`);
      const startMs = secondsOf(params, "from");
      const endMs = secondsOf(params, "to");
      if (params.has("limit") && (startMs !== undefined || endMs !== undefined))
        throw new GateRestError("INVALID_PARAM_VALUE", "limit is conflicted with from and to");
      const max = isSpot ? 1000 : 2000;
      const bars = market.barsOf(interval, { startMs, endMs, limit: limitOf(params, 100, max) }, nowMs);
      return ok(
        bars.map((bar) => {
          const volume = volumesOf(instrument, bar.volumeSteps, bar.notional, bar.closeTicks);
          return isSpot
            ? [
                String(Math.floor(bar.openMs / 1000)),
                gateDecimal(volume.quote),
                priceText(instrument, bar.closeTicks),
                priceText(instrument, bar.highTicks),
                priceText(instrument, bar.lowTicks),
                priceText(instrument, bar.openTicks),
                gateDecimal(volume.base),
                bar.closeMs < nowMs ? "true" : "false",
              ]
            : {
                t: Math.floor(bar.openMs / 1000),
                v: Math.round(volume.contracts),
                c: priceText(instrument, bar.closeTicks),
                h: priceText(instrument, bar.highTicks),
                l: priceText(instrument, bar.lowTicks),
                o: priceText(instrument, bar.openTicks),
                sum: gateDecimal(volume.quote),
              };
        }),
      );
    }
    case "funding_rate": {
      if (isSpot) return undefined;
      const instrument = requireInstrument(markets, account, params);
      const limit = limitOf(params, 100, 1000);
      const toMs = secondsOf(params, "to") ?? nowMs;
      const fromMs = secondsOf(params, "from") ?? Number.NEGATIVE_INFINITY;
      const rows: unknown[] = [];
      for (
        let t = Math.floor(Math.min(toMs, nowMs) / GATE_FUNDING_EVERY_MS) * GATE_FUNDING_EVERY_MS;
        t >= fromMs && rows.length < limit;
        t -= GATE_FUNDING_EVERY_MS
      ) {
        rows.push({ t: t / 1000, r: gateDecimal(fundingRateOf(markets, instrument, t), 8) });
      }
      return ok(rows);
    }
    case "contract_stats": {
      if (isSpot) return undefined;
      const instrument = requireInstrument(markets, account, params);
      const { market } = marketOf(markets, instrument);
      const limit = limitOf(params, 30, 100);
      const lastMs = Math.floor(nowMs / STATS_EVERY_MS) * STATS_EVERY_MS;
      const rows: unknown[] = [];
      for (let i = limit - 1; i >= 0; i--) {
        const t = lastMs - i * STATS_EVERY_MS;
        const openInterest = Math.round(market.openInterest(t));
        const mark = market.markPrice(t);
        rows.push({
          time: t / 1000,
          lsr_taker: 1.02,
          lsr_account: 0.98,
          long_liq_size: 0,
          short_liq_size: 0,
          open_interest: openInterest,
          open_interest_usd: Math.round(
            account === "inverse" ? openInterest : openInterest * (instrument.quantoMultiplier ?? 1) * mark,
          ),
          mark_price: gateDecimal(mark, 2),
        });
      }
      return ok(rows);
    }
    default:
      return undefined;
  }
}

function decimalsOf(step: number): number {
  const text = step.toString();
  const exponent = /e-(\d+)$/.exec(text);
  if (exponent) return Number(exponent[1]);
  return text.includes(".") ? (text.split(".")[1]?.length ?? 0) : 0;
}
