// HTX push payloads for the simulator: the topic names it serves (per account, in HTX's case rules) and the ticks
// and notification payloads built from a market — spot ticker, contract detail, mark price kline, funding and
// liquidation notifications, the contract depth snapshot.

import type { BarInterval } from "../bars.ts";
import type { SimLiquidation, SimMarket } from "../market.ts";
import type { SimAccount } from "../types.ts";
import { intervalOfHtxPeriod } from "./htx-rest.ts";
import {
  bestQuotes,
  bookSides,
  dayStats,
  decimalText,
  type HtxMarkets,
  type HtxSimInstrument,
  priceOf,
  sizeOf,
} from "./htx-symbols.ts";

export const BOOK_LEVELS = 150;
const FUNDING_PERIOD_MS = 8 * 3_600_000;

export type ParsedTopic =
  | { kind: "trade" | "mbp" | "depth" | "ticker" | "detail" | "mark"; native: string }
  | { kind: "kline"; native: string; period: string; interval: BarInterval }
  | { kind: "funding" | "liquidation"; native: string };

/** The topic as the sim names the stream: spot lower case, contract codes upper case (HTX echoes them so). */
export function parseTopic(
  markets: HtxMarkets,
  account: SimAccount,
  topic: string,
): { stream: string; parsed: ParsedTopic } | undefined {
  const parts = topic.split(".");
  const instrument = parts[1] ? markets.instrument(parts[1], account) : undefined;
  if (!instrument) return undefined;
  const native = instrument.native;
  const isSpot = account === "spot";
  const name = (rest: string) => `${parts[0]}.${native}.${rest}`;
  const rest = parts.slice(2).join(".");
  if (parts[0] === "public") {
    if (isSpot) return undefined;
    if (rest === "funding_rate" && !instrument.expiry)
      return { stream: name(rest), parsed: { kind: "funding", native } };
    if (rest === "liquidation_orders") return { stream: name(rest), parsed: { kind: "liquidation", native } };
    return undefined;
  }
  if (parts[0] !== "market") return undefined;
  if (rest === "trade.detail") return { stream: name(rest), parsed: { kind: "trade", native } };
  if (isSpot && rest === `mbp.${BOOK_LEVELS}`) return { stream: name(rest), parsed: { kind: "mbp", native } };
  if (!isSpot && rest === `depth.size_${BOOK_LEVELS}.high_freq`)
    return { stream: name(rest), parsed: { kind: "depth", native } };
  if (isSpot && rest === "ticker") return { stream: name(rest), parsed: { kind: "ticker", native } };
  if (rest === "detail") return { stream: name(rest), parsed: { kind: "detail", native } };
  if (!isSpot && rest === "mark_price.1min") return { stream: name(rest), parsed: { kind: "mark", native } };
  if (parts[2] === "kline" && parts.length === 4) {
    const interval = intervalOfHtxPeriod(parts[3]!);
    if (interval)
      return { stream: name(rest), parsed: { kind: "kline", native, period: parts[3]!, interval } };
  }
  return undefined;
}

/** The contract incremental depth's first push: the whole book at the current `version`. */
export function depthSnapshot(
  markets: HtxMarkets,
  instrument: HtxSimInstrument,
  market: SimMarket,
  nowMs: number,
  stream: string,
) {
  return {
    ch: stream,
    tick: {
      ...bookSides(instrument, market, BOOK_LEVELS),
      ch: stream,
      event: "snapshot",
      id: market.lastUpdateId(),
      mrid: market.lastUpdateId(),
      ts: nowMs,
      version: markets.version(instrument.native),
    },
    ts: nowMs,
  };
}

/** Spot `market.$symbol.ticker`: 24 h stats, best bid and ask, last trade. */
export function spotTickerTick(instrument: HtxSimInstrument, market: SimMarket, nowMs: number) {
  const stats = dayStats(instrument, market, nowMs);
  const { bid, ask } = bestQuotes(instrument, market);
  const last = market.lastTrade();
  return {
    open: stats.open,
    high: stats.high,
    low: stats.low,
    close: stats.close,
    amount: stats.amount,
    vol: stats.vol,
    count: stats.count,
    bid: bid?.[0],
    bidSize: bid?.[1],
    ask: ask?.[0],
    askSize: ask?.[1],
    lastPrice: last ? priceOf(instrument, last.priceTicks) : stats.close,
    lastSize: last ? sizeOf(instrument, last.qtySteps) : 0,
  };
}

/** Contract `market.$contract_code.detail`: 24 h stats with `[price, contracts]` best quotes. */
export function detailTick(instrument: HtxSimInstrument, market: SimMarket, nowMs: number) {
  const { bid, ask } = bestQuotes(instrument, market);
  return {
    ...dayStats(instrument, market, nowMs),
    id: Math.floor(nowMs / 1000),
    mrid: market.lastUpdateId(),
    ask,
    bid,
  };
}

/** `market.$contract_code.mark_price.1min`: a kline of decimal text whose close is the mark. */
export function markPriceTick(market: SimMarket, nowMs: number) {
  const mark = decimalText(market.markPrice(nowMs), 6);
  return {
    id: Math.floor(nowMs / 60_000) * 60,
    open: mark,
    close: mark,
    high: mark,
    low: mark,
    amount: "0",
    vol: "0",
    count: "0",
    trade_turnover: "0",
  };
}

/** `public.$contract_code.funding_rate`: the current period's rate, settling at the next 8-hour mark. */
export function fundingPush(stream: string, instrument: HtxSimInstrument, market: SimMarket, nowMs: number) {
  const settlement = Math.ceil((nowMs + 1) / FUNDING_PERIOD_MS) * FUNDING_PERIOD_MS;
  return {
    op: "notify",
    topic: stream,
    ts: nowMs,
    data: [
      {
        symbol: instrument.base,
        contract_code: instrument.native,
        fee_asset: instrument.account === "linear" ? instrument.quote : instrument.base,
        funding_time: String(nowMs - (nowMs % 5000)),
        funding_rate: decimalText(market.fundingRateAt(settlement), 18),
        estimated_rate: null,
        settlement_time: String(settlement),
      },
    ],
  };
}

/** `public.$contract_code.liquidation_orders`: volume in contracts, amount in coins, turnover in the quote. */
export function liquidationPush(
  stream: string,
  instrument: HtxSimInstrument,
  market: SimMarket,
  liquidation: SimLiquidation,
  nowMs: number,
) {
  const volume = sizeOf(instrument, liquidation.qtySteps);
  const price = priceOf(instrument, liquidation.priceTicks);
  const coins =
    instrument.account === "linear"
      ? volume * (instrument.contractSize ?? 1)
      : market.notionalOf(liquidation.priceTicks, liquidation.qtySteps);
  const turnover = instrument.account === "linear" ? coins * price : volume * (instrument.contractSize ?? 1);
  return {
    op: "notify",
    topic: stream,
    ts: nowMs,
    data: [
      {
        symbol: instrument.base,
        contract_code: instrument.native,
        direction: liquidation.side === "BUY" ? "buy" : "sell",
        offset: "close",
        volume,
        price,
        created_at: liquidation.timeMs,
        amount: Number(coins.toFixed(8)),
        trade_turnover: Number(turnover.toFixed(8)),
        contract_type: "swap",
        pair: `${instrument.base}-${instrument.quote}`,
        business_type: "swap",
      },
    ],
  };
}
