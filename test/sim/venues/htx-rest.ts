// HTX public REST for the simulator, answered from the synthetic markets in HTX's envelopes and error bodies: spot
// (`/v2/settings/common/symbols`, `/market/…`) and contracts (`/linear-swap-api/v1/…`, `/linear-swap-ex/market/…`,
// and the coin-margined `/swap-api/v1/…`, `/swap-ex/market/…`).

import { type BarInterval, parseInterval } from "../bars.ts";
import type { SimMarket } from "../market.ts";
import type { SimAccount, SimRestRequest, SimRestResponse } from "../types.ts";
import {
  bestQuotes,
  bookSides,
  dayStats,
  decimalText,
  type HtxMarkets,
  type HtxSimInstrument,
  klineTick,
  tradeRow,
} from "./htx-symbols.ts";

const FUNDING_EVERY_MS = 8 * 3_600_000;
const MAX_ROWS = 2000;

/** HTX `period` → the simulator's interval. */
const INTERVAL_OF_PERIOD: Readonly<Record<string, string>> = {
  "1min": "1m",
  "5min": "5m",
  "15min": "15m",
  "30min": "30m",
  "60min": "1h",
  "4hour": "4h",
  "1day": "1d",
  "1week": "1w",
  "1mon": "1M",
};

export function intervalOfHtxPeriod(period: string): BarInterval | undefined {
  const label = INTERVAL_OF_PERIOD[period];
  return label ? parseInterval(label) : undefined;
}

/** An answer in the family's error spelling: spot `err-code`/`err-msg`, contracts `err_code`/`err_msg`. */
class HtxRestError extends Error {
  constructor(
    readonly code: string | number,
    message: string,
  ) {
    super(message);
  }
}

type Family = { account: "spot" } | { account: "linear" | "inverse"; api: string; market: string };

const FAMILIES: ReadonlyArray<Extract<Family, { api: string }>> = [
  { account: "linear", api: "/linear-swap-api/v1/", market: "/linear-swap-ex/market/" },
  { account: "inverse", api: "/swap-api/v1/", market: "/swap-ex/market/" },
];

function errorBody(account: SimAccount, error: HtxRestError, nowMs: number): unknown {
  return account === "spot"
    ? { status: "error", "err-code": error.code, "err-msg": error.message, data: null }
    : { status: "error", err_code: error.code, err_msg: error.message, ts: nowMs };
}

export function describeHtxRestFault(status: number, retryAfterS: number | undefined): SimRestResponse {
  const headers: Record<string, string> =
    retryAfterS !== undefined ? { "Retry-After": String(retryAfterS) } : {};
  const message = status === 429 ? "Too many requests" : "System error";
  return {
    status,
    body: { status: "error", "err-code": String(status), "err-msg": message, data: null },
    headers,
  };
}

function sizeParam(params: URLSearchParams, fallback: number): number {
  const size = Number(params.get("size") ?? "");
  if (params.get("size") === null) return fallback;
  if (!Number.isInteger(size) || size < 1 || size > MAX_ROWS)
    throw new HtxRestError("invalid-parameter", "invalid size,valid range: [1, 2000]");
  return size;
}

function instrumentOf(markets: HtxMarkets, account: SimAccount, params: URLSearchParams): HtxSimInstrument {
  const native = params.get(account === "spot" ? "symbol" : "contract_code") ?? "";
  const instrument = markets.instrument(native, account);
  if (!instrument) {
    throw account === "spot"
      ? new HtxRestError("invalid-parameter", "invalid symbol")
      : new HtxRestError(1332, "contract_code data error or empty");
  }
  return instrument;
}

export function answerHtxRest(
  markets: HtxMarkets,
  request: SimRestRequest,
  nowMs: number,
): SimRestResponse | undefined {
  const family = familyOf(request.path);
  if (!family) return undefined;
  if (request.method !== "GET")
    return { status: 405, body: { status: "error", "err-code": "405", "err-msg": "Only GET is simulated" } };
  try {
    const body = answerEndpoint(markets, family.family, family.endpoint, request.params, nowMs);
    return body === undefined ? undefined : { status: 200, body };
  } catch (error) {
    if (error instanceof HtxRestError)
      return { status: 200, body: errorBody(family.family.account, error, nowMs) };
    throw error;
  }
}

function familyOf(path: string): { family: Family; endpoint: string } | undefined {
  if (path === "/v2/settings/common/symbols") return { family: { account: "spot" }, endpoint: "symbols" };
  if (path.startsWith("/market/"))
    return { family: { account: "spot" }, endpoint: `market/${path.slice("/market/".length)}` };
  for (const family of FAMILIES) {
    if (path.startsWith(family.api)) return { family, endpoint: path.slice(family.api.length) };
    if (path.startsWith(family.market))
      return { family, endpoint: `market/${path.slice(family.market.length)}` };
  }
  return undefined;
}

function answerEndpoint(
  markets: HtxMarkets,
  family: Family,
  endpoint: string,
  params: URLSearchParams,
  nowMs: number,
): unknown {
  const account = family.account;
  switch (endpoint) {
    case "symbols":
      return {
        status: "ok",
        data: markets
          .all()
          .filter((i) => i.account === "spot")
          .map(spotSymbolRow),
        ts: String(nowMs),
        full: 1,
      };
    case "swap_contract_info": {
      const businessType = params.get("business_type") ?? "swap";
      const rows = markets
        .all()
        .filter((i) => i.account === account)
        .filter(
          (i) =>
            account === "inverse" ||
            businessType === "all" ||
            (businessType === "futures") === Boolean(i.expiry),
        )
        .map((i) => contractRow(i, nowMs));
      return { status: "ok", data: rows, ts: nowMs };
    }
    case "market/detail/merged": {
      const instrument = instrumentOf(markets, account, params);
      const market = markets.marketOf(instrument.native)!;
      return {
        ch: `market.${instrument.native}.detail.merged`,
        status: "ok",
        ts: nowMs,
        tick: mergedTick(instrument, market, nowMs),
      };
    }
    case "market/depth": {
      const instrument = instrumentOf(markets, account, params);
      if ((params.get("type") ?? "step0") !== "step0")
        throw new HtxRestError("invalid-parameter", "invalid type");
      const market = markets.marketOf(instrument.native)!;
      const depth = account === "spot" && params.get("depth") !== null ? Number(params.get("depth")) : 150;
      if (![5, 10, 20, 150].includes(depth)) throw new HtxRestError("invalid-parameter", "invalid depth");
      return {
        ch: `market.${instrument.native}.depth.step0`,
        status: "ok",
        ts: nowMs,
        tick: { ts: nowMs, version: Math.floor(nowMs / 1000), ...bookSides(instrument, market, depth) },
      };
    }
    case "market/history/trade": {
      const instrument = instrumentOf(markets, account, params);
      const market = markets.marketOf(instrument.native)!;
      const size = sizeParam(params, 1);
      // Newest first, one group per taker order (aggregate id).
      const groups: Array<{ id: number; ts: number; data: unknown[] }> = [];
      for (const trade of market.recentTrades(size).reverse()) {
        const last = groups.at(-1);
        const row = tradeRow(instrument, market, trade);
        if (instrument.account === "spot") {
          delete row.tradeId;
          row["trade-id"] = trade.id;
        }
        if (last && last.id === trade.aggId) last.data.push(row);
        else groups.push({ id: trade.aggId, ts: trade.timeMs, data: [row] });
      }
      return { ch: `market.${instrument.native}.trade.detail`, status: "ok", ts: nowMs, data: groups };
    }
    case "market/history/kline": {
      const instrument = instrumentOf(markets, account, params);
      const interval = intervalOfHtxPeriod(params.get("period") ?? "");
      if (!interval) throw new HtxRestError("invalid-parameter", "invalid period");
      const market = markets.marketOf(instrument.native)!;
      const bars = barsOf(market, interval, params, nowMs, account === "spot");
      const rows = bars.map((bar) => klineTick(instrument, bar));
      // Spot answers newest first; contracts oldest first.
      return {
        ch: `market.${instrument.native}.kline.${params.get("period")}`,
        status: "ok",
        ts: nowMs,
        data: account === "spot" ? rows.reverse() : rows,
      };
    }
    case "swap_historical_funding_rate": {
      const instrument = instrumentOf(markets, account, params);
      if (instrument.expiry) throw new HtxRestError(1332, "contract_code data error or empty");
      const market = markets.marketOf(instrument.native)!;
      const pageSize = Math.min(50, Math.max(1, Number(params.get("page_size") ?? 20) || 20));
      const pageIndex = Math.max(1, Number(params.get("page_index") ?? 1) || 1);
      const lastFunding = Math.floor(nowMs / FUNDING_EVERY_MS) * FUNDING_EVERY_MS;
      const rows = Array.from({ length: pageSize }, (_, i) => {
        const fundingTime = lastFunding - ((pageIndex - 1) * pageSize + i) * FUNDING_EVERY_MS;
        const rate = decimalText(market.fundingRateAt(fundingTime), 18);
        return {
          avg_premium_index: decimalText(market.fundingRateAt(fundingTime) * 0.9, 18),
          funding_rate: rate,
          realized_rate: rate,
          funding_time: String(fundingTime),
          contract_code: instrument.native,
          symbol: instrument.base,
          fee_asset: account === "linear" ? instrument.quote : instrument.base,
        };
      });
      return {
        status: "ok",
        data: { total_page: 100, current_page: pageIndex, total_size: 100 * pageSize, data: rows },
        ts: nowMs,
      };
    }
    case "swap_open_interest": {
      const instrument = instrumentOf(markets, account, params);
      const market = markets.marketOf(instrument.native)!;
      const volume = Math.round(market.openInterest(nowMs));
      const row: Record<string, unknown> = {
        volume,
        amount:
          account === "linear"
            ? Number((volume * (instrument.contractSize ?? 1)).toFixed(8))
            : Number(((volume * (instrument.contractSize ?? 1)) / market.markPrice(nowMs)).toFixed(8)),
        symbol: instrument.base,
        contract_code: instrument.native,
        trade_amount: 0,
        trade_volume: 0,
        trade_turnover: 0,
      };
      if (account === "linear") {
        row.value = Number((volume * (instrument.contractSize ?? 1) * market.markPrice(nowMs)).toFixed(4));
        row.business_type = instrument.expiry ? "futures" : "swap";
        row.pair = `${instrument.base}-${instrument.quote}`;
      }
      return { status: "ok", data: [row], ts: nowMs };
    }
    default:
      return undefined;
  }
}

function spotSymbolRow(instrument: HtxSimInstrument) {
  const decimals = (step: number) => Math.max(0, Math.round(-Math.log10(step)));
  return {
    tags: "",
    state: "online",
    sc: instrument.native,
    bcdn: instrument.base,
    qcdn: instrument.quote,
    tpp: decimals(instrument.spec.tickSize),
    tap: decimals(instrument.spec.stepSize),
    fp: 8,
    te: true,
    sp: "main",
    bc: instrument.base.toLowerCase(),
    qc: instrument.quote.toLowerCase(),
    toa: 1514779200000,
    ttp: 8,
    w: 999400000,
    dn: `${instrument.base}/${instrument.quote}`,
  };
}

function contractRow(instrument: HtxSimInstrument, nowMs: number) {
  const dated = instrument.expiry;
  const row: Record<string, unknown> = {
    symbol: instrument.base,
    contract_code: instrument.native,
    contract_size: instrument.contractSize,
    price_tick: instrument.spec.tickSize,
    delivery_date: dated ? `20${dated}` : "",
    delivery_time: "",
    create_date: "20200325",
    contract_status: 1,
    settlement_date: String(Math.ceil(nowMs / FUNDING_EVERY_MS) * FUNDING_EVERY_MS),
  };
  if (instrument.account === "linear") {
    Object.assign(row, {
      support_margin_mode: "all",
      business_type: dated ? "futures" : "swap",
      pair: `${instrument.base}-${instrument.quote}`,
      contract_type: dated ? "quarter" : "swap",
      trade_partition: instrument.quote,
    });
  }
  return row;
}

function mergedTick(instrument: HtxSimInstrument, market: SimMarket, nowMs: number) {
  const stats = dayStats(instrument, market, nowMs);
  const { bid, ask } = bestQuotes(instrument, market);
  if (instrument.account === "spot") return { id: nowMs, version: nowMs, ...stats, bid, ask };
  // Contracts send the stats as decimal text and their own time.
  const text = Object.fromEntries(
    Object.entries(stats).map(([key, value]) => [
      key,
      key === "id" || key === "count" ? value : decimalText(Number(value)),
    ]),
  );
  return { ...text, ask, bid, ts: nowMs };
}

/** Newest `size` bars, or the bars of `from`..`to` (seconds; contracts only). */
function barsOf(
  market: SimMarket,
  interval: BarInterval,
  params: URLSearchParams,
  nowMs: number,
  isSpot: boolean,
) {
  const from = params.get("from");
  const to = params.get("to");
  if (!isSpot && from !== null && to !== null) {
    return market.barsOf(
      interval,
      { startMs: Number(from) * 1000, endMs: Number(to) * 1000, limit: MAX_ROWS },
      nowMs,
    );
  }
  return market.barsOf(interval, { limit: sizeParam(params, 150) }, nowMs);
}
