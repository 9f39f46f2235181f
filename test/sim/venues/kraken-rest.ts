// Kraken public REST for the simulator: spot `/0/public/*` (AssetPairs, Ticker, Depth, Trades, OHLC, Time) with
// `{"error":[…],"result":…}` bodies, and futures (`/derivatives/api/v3/*`, chart candles, historical funding).

import { type BarInterval, parseInterval } from "../bars.ts";
import type { SimAccount, SimRestRequest, SimRestResponse } from "../types.ts";
import { describeFuturesTicker, printOfTrade } from "./kraken-frames.ts";
import { formatPrice, formatQty, type KrakenInstrument, type KrakenMarkets } from "./kraken-symbols.ts";

const HOUR_MS = 3_600_000;
const SPOT_PREFIX = "/0/public/";
const FUTURES_PREFIX = "/derivatives/api/v3/";
const CHARTS_RE = /^\/api\/charts\/v1\/(trade|mark|spot)\/([^/]+)\/([^/]+)$/;
const OHLC_MINUTES: Readonly<Record<string, string>> = {
  "1": "1m",
  "5": "5m",
  "15": "15m",
  "30": "30m",
  "60": "1h",
  "240": "4h",
  "1440": "1d",
  "10080": "1w",
};
const CHART_RESOLUTIONS = ["1m", "5m", "15m", "30m", "1h", "4h", "12h", "1d", "1w"];

const ok = (body: unknown): SimRestResponse => ({ status: 200, body });
const spotError = (message: string): SimRestResponse => ({ status: 200, body: { error: [message] } });
const futuresError = (message: string, status = 200): SimRestResponse => ({
  status,
  body: { result: "error", serverTime: new Date().toISOString(), error: message },
});

export function answerKrakenRest(
  markets: KrakenMarkets,
  request: SimRestRequest,
  nowMs: number,
): SimRestResponse | undefined {
  if (request.method !== "GET") return undefined;
  if (request.path.startsWith(SPOT_PREFIX))
    return answerSpot(markets, request.path.slice(SPOT_PREFIX.length), request.params, nowMs);
  if (request.path.startsWith(FUTURES_PREFIX))
    return answerFutures(markets, request.path.slice(FUTURES_PREFIX.length), request.params, nowMs);
  if (request.path === "/derivatives/api/v4/historicalfundingrates")
    return answerFunding(markets, request.params, nowMs);
  const chart = CHARTS_RE.exec(request.path);
  if (chart) return answerCandles(markets, chart[2] ?? "", chart[3] ?? "", request.params, nowMs);
  return undefined;
}

export function describeKrakenRestFault(status: number, retryAfterS: number | undefined): SimRestResponse {
  const headers: Record<string, string> =
    retryAfterS !== undefined ? { "Retry-After": String(retryAfterS) } : {};
  if (status === 429) return { status, body: { error: ["EAPI:Rate limit exceeded"] }, headers };
  if (status === 502 || status === 504)
    return { status, body: status === 502 ? "Bad Gateway" : "Gateway Timeout", headers };
  return { status, body: { error: ["EService:Unavailable"] }, headers };
}

// ── spot ───────────────────────────────────────────────────────────────────────────────────────────────────────

function spotPairOf(markets: KrakenMarkets, params: URLSearchParams): KrakenInstrument | undefined {
  const pair = params.get("pair");
  return pair ? markets.find("spot", pair) : undefined;
}

function answerSpot(
  markets: KrakenMarkets,
  endpoint: string,
  params: URLSearchParams,
  nowMs: number,
): SimRestResponse | undefined {
  if (endpoint === "Time") {
    return ok({
      error: [],
      result: { unixtime: Math.floor(nowMs / 1000), rfc1123: new Date(nowMs).toUTCString() },
    });
  }
  if (endpoint === "AssetPairs") {
    const wanted = params.get("pair")?.split(",");
    const instruments = wanted
      ? wanted.map((name) => markets.find("spot", name))
      : markets.instruments("spot");
    if (instruments.some((instrument) => !instrument)) return spotError("EQuery:Unknown asset pair");
    const result: Record<string, unknown> = {};
    for (const instrument of instruments as KrakenInstrument[])
      result[instrument.restKey] = describeAssetPair(instrument);
    return ok({ error: [], result });
  }
  if (!["Ticker", "Depth", "Trades", "OHLC"].includes(endpoint)) return undefined;
  const instrument = spotPairOf(markets, params);
  if (!instrument) return spotError("EQuery:Unknown asset pair");
  const market = markets.marketOf(instrument);
  const price = (ticks: number) => formatPrice(instrument, ticks);
  const qty = (steps: number) => formatQty(instrument, steps);
  switch (endpoint) {
    case "Ticker": {
      const bar = market.barFor(nowMs - 86_400_000, nowMs + 1, nowMs);
      const [bid] = market.book.topLevels("bid", 1);
      const [ask] = market.book.topLevels("ask", 1);
      const volume = qty(bar.volumeSteps);
      const vwap = (
        bar.volumeSteps > 0 ? bar.notional / (bar.volumeSteps * instrument.spec.stepSize) : 0
      ).toFixed(5);
      return ok({
        error: [],
        result: {
          [instrument.restKey]: {
            a: [ask ? price(ask[0]) : "0", "1", ask ? qty(ask[1]) : "0"],
            b: [bid ? price(bid[0]) : "0", "1", bid ? qty(bid[1]) : "0"],
            c: [price(market.lastPriceTicks()), qty(market.lastTrade()?.qtySteps ?? 0)],
            v: [volume, volume],
            p: [vwap, vwap],
            t: [bar.trades, bar.trades],
            l: [price(bar.lowTicks), price(bar.lowTicks)],
            h: [price(bar.highTicks), price(bar.highTicks)],
            o: price(bar.openTicks),
          },
        },
      });
    }
    case "Depth": {
      const count = clamp(Number(params.get("count") ?? 100), 1, 500);
      const side = (which: "bid" | "ask") =>
        market.book.topLevels(which, count).map(([p, q]) => [price(p), qty(q), Math.floor(nowMs / 1000)]);
      return ok({ error: [], result: { [instrument.restKey]: { asks: side("ask"), bids: side("bid") } } });
    }
    case "Trades": {
      const count = clamp(Number(params.get("count") ?? 1000), 1, 1000);
      const trades = market.recentTrades(count);
      const rows = trades.map((trade) => [
        price(trade.priceTicks),
        qty(trade.qtySteps),
        trade.timeMs / 1000,
        trade.isBuyerMaker ? "s" : "b",
        trade.id % 4 === 0 ? "l" : "m",
        "",
        trade.id,
      ]);
      const last = String((trades.at(-1)?.timeMs ?? nowMs) * 1_000_000);
      return ok({ error: [], result: { [instrument.restKey]: rows, last } });
    }
    default: {
      const label = OHLC_MINUTES[params.get("interval") ?? "1"];
      const interval = label ? parseInterval(label) : undefined;
      if (!interval) return spotError("EGeneral:Invalid arguments");
      const sinceS = Number(params.get("since") ?? Number.NaN);
      const startMs = Number.isFinite(sinceS)
        ? interval.nextOpenOf(interval.openOf(sinceS * 1000))
        : undefined;
      const bars = market.barsOf(interval, { startMs, limit: 720 }, nowMs);
      const rows = bars.map((bar) => {
        const volume = bar.volumeSteps * instrument.spec.stepSize;
        return [
          bar.openMs / 1000,
          price(bar.openTicks),
          price(bar.highTicks),
          price(bar.lowTicks),
          price(bar.closeTicks),
          (volume > 0 ? bar.notional / volume : bar.closeTicks * instrument.spec.tickSize).toFixed(
            instrument.priceDecimals,
          ),
          volume.toFixed(instrument.qtyDecimals),
          bar.trades,
        ];
      });
      const last = bars.length > 1 ? (bars.at(-2)?.openMs ?? 0) / 1000 : 0;
      return ok({ error: [], result: { [instrument.restKey]: rows, last } });
    }
  }
}

function describeAssetPair(instrument: KrakenInstrument): unknown {
  return {
    altname: instrument.altname,
    wsname: instrument.wsname,
    aclass_base: "currency",
    base: instrument.base,
    aclass_quote: "currency",
    quote: instrument.quote,
    lot: "unit",
    cost_decimals: 5,
    pair_decimals: instrument.priceDecimals,
    lot_decimals: instrument.qtyDecimals,
    lot_multiplier: 1,
    fees: [[0, 0.4]],
    fees_maker: [[0, 0.25]],
    fee_volume_currency: "ZUSD",
    margin_call: 80,
    margin_stop: 40,
    ordermin: formatQty(instrument, 100),
    costmin: "0.5",
    tick_size: instrument.spec.tickSize.toFixed(instrument.priceDecimals),
    status: "online",
  };
}

// ── futures ────────────────────────────────────────────────────────────────────────────────────────────────────

const FUTURES_ACCOUNTS: readonly SimAccount[] = ["linear", "inverse"];

function findProduct(markets: KrakenMarkets, symbol: string | null): KrakenInstrument | undefined {
  if (!symbol) return undefined;
  for (const account of FUTURES_ACCOUNTS) {
    const instrument = markets.find(account, symbol);
    if (instrument) return instrument;
  }
  return undefined;
}

function answerFutures(
  markets: KrakenMarkets,
  endpoint: string,
  params: URLSearchParams,
  nowMs: number,
): SimRestResponse | undefined {
  const serverTime = new Date(nowMs).toISOString();
  switch (endpoint) {
    case "instruments":
      return ok({
        result: "success",
        serverTime,
        instruments: FUTURES_ACCOUNTS.flatMap((account) =>
          markets.instruments(account).map((instrument) => ({
            symbol: instrument.symbol,
            type: account === "linear" ? "flexible_futures" : "futures_inverse",
            tradeable: true,
            tickSize: instrument.spec.tickSize,
            contractSize: 1,
            contractValueTradePrecision: instrument.qtyDecimals,
            ...(account === "linear"
              ? {
                  base: instrument.base,
                  quote: instrument.quote,
                  pair: `${instrument.base}:${instrument.quote}`,
                }
              : { underlying: `rr_${instrument.symbol.slice(3).toLowerCase()}` }),
          })),
        ),
      });
    case "tickers":
      return ok({
        result: "success",
        serverTime,
        tickers: FUTURES_ACCOUNTS.flatMap((account) =>
          markets.instruments(account).map((instrument) => describeRestTicker(markets, instrument, nowMs)),
        ),
      });
    case "orderbook": {
      const instrument = findProduct(markets, params.get("symbol"));
      if (!instrument) return futuresError("Contract not found", 404);
      const market = markets.marketOf(instrument);
      const side = (which: "bid" | "ask") =>
        market.book
          .topLevels(which, Number.MAX_SAFE_INTEGER)
          .map(([p, q]) => [Number(formatPrice(instrument, p)), Number(formatQty(instrument, q))]);
      return ok({ result: "success", serverTime, orderBook: { bids: side("bid"), asks: side("ask") } });
    }
    case "history": {
      const instrument = findProduct(markets, params.get("symbol"));
      if (!instrument) return futuresError("Contract not found", 404);
      const market = markets.marketOf(instrument);
      const history = market
        .recentTrades(100)
        .reverse()
        .map((trade) => {
          const print = printOfTrade(instrument, trade);
          return {
            price: Number(formatPrice(instrument, trade.priceTicks)),
            side: print.side,
            size: Number(formatQty(instrument, trade.qtySteps)),
            time: new Date(trade.timeMs).toISOString(),
            trade_id: trade.id,
            type: "fill",
            uid: print.uid,
          };
        });
      return ok({ result: "success", serverTime, history });
    }
    default:
      return undefined;
  }
}

function describeRestTicker(markets: KrakenMarkets, instrument: KrakenInstrument, nowMs: number): unknown {
  const wire = describeFuturesTicker(instrument, markets.marketOf(instrument), nowMs) as Record<
    string,
    number
  >;
  const bar = markets.marketOf(instrument).barFor(nowMs - 86_400_000, nowMs + 1, nowMs);
  return {
    tag: "perpetual",
    pair: `${instrument.base}:${instrument.quote}`,
    symbol: instrument.symbol,
    markPrice: wire.markPrice,
    bid: wire.bid,
    bidSize: wire.bid_size,
    ask: wire.ask,
    askSize: wire.ask_size,
    vol24h: wire.volume,
    volumeQuote: wire.volumeQuote,
    openInterest: wire.openInterest,
    open24h: Number(formatPrice(instrument, bar.openTicks)),
    high24h: Number(formatPrice(instrument, bar.highTicks)),
    low24h: Number(formatPrice(instrument, bar.lowTicks)),
    indexPrice: wire.index,
    last: wire.last,
    lastTime: new Date(nowMs).toISOString(),
    lastSize: 1,
    suspended: false,
    fundingRate: wire.funding_rate,
    fundingRatePrediction: wire.funding_rate_prediction,
    postOnly: false,
  };
}

function answerCandles(
  markets: KrakenMarkets,
  symbol: string,
  resolution: string,
  params: URLSearchParams,
  nowMs: number,
): SimRestResponse {
  const instrument = findProduct(markets, decodeURIComponent(symbol));
  const interval: BarInterval | undefined = CHART_RESOLUTIONS.includes(resolution)
    ? parseInterval(resolution)
    : undefined;
  if (!instrument || !interval) return { status: 400, body: { error: "invalid symbol or resolution" } };
  const market = markets.marketOf(instrument);
  const fromS = Number(params.get("from") ?? Number.NaN);
  const toS = Number(params.get("to") ?? Number.NaN);
  const startMs = Number.isFinite(fromS) ? fromS * 1000 : market.history.listingMs;
  const endMs = Number.isFinite(toS) ? Math.min(toS * 1000, nowMs) : nowMs;
  const bars = market.barsOf(interval, { startMs, endMs, limit: 2000 }, nowMs);
  return ok({
    candles: bars.map((bar) => ({
      time: bar.openMs,
      open: formatPrice(instrument, bar.openTicks),
      high: formatPrice(instrument, bar.highTicks),
      low: formatPrice(instrument, bar.lowTicks),
      close: formatPrice(instrument, bar.closeTicks),
      volume: formatQty(instrument, bar.volumeSteps),
    })),
    more_candles: false,
  });
}

function answerFunding(markets: KrakenMarkets, params: URLSearchParams, nowMs: number): SimRestResponse {
  const instrument = findProduct(markets, params.get("symbol"));
  if (!instrument) return futuresError("Contract not found", 404);
  const market = markets.marketOf(instrument);
  const lastHourMs = Math.floor(nowMs / HOUR_MS) * HOUR_MS;
  const rates = [];
  for (let t = lastHourMs - 499 * HOUR_MS; t <= lastHourMs; t += HOUR_MS) {
    const relative = market.fundingRateAt(t);
    rates.push({
      timestamp: new Date(t).toISOString(),
      fundingRate: relative * 60_000,
      relativeFundingRate: relative,
    });
  }
  return ok({ rates });
}

function clamp(value: number, min: number, max: number): number {
  return Number.isFinite(value) ? Math.min(max, Math.max(min, Math.floor(value))) : max;
}
