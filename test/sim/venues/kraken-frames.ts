// Kraken data-frame payloads for the simulator: spot WebSocket v2 (book snapshot / update with the checksum, trade,
// ticker, ohlc), written with Kraken's full-precision number text, and Futures v1 (book, trade, ticker).

import type { SimBar } from "../bars.ts";
import type { SimMarket, SimTrade } from "../market.ts";
import {
  computeKrakenChecksum,
  formatKrakenTime,
  formatPrice,
  formatQty,
  type KrakenInstrument,
  tradeUidOf,
} from "./kraken-symbols.ts";

/** A JSON number written with exactly this text (`0.12290`, `0.00000000`), as Kraken v2 does. */
export class RawNumber {
  constructor(readonly text: string) {}
}

/** JSON text with RawNumber values kept verbatim. */
export function encodeRawJson(value: unknown): string {
  if (value instanceof RawNumber) return value.text;
  if (Array.isArray(value)) return `[${value.map(encodeRawJson).join(",")}]`;
  if (value && typeof value === "object") {
    const fields = Object.entries(value).filter(([, field]) => field !== undefined);
    return `{${fields.map(([key, field]) => `${JSON.stringify(key)}:${encodeRawJson(field)}`).join(",")}}`;
  }
  return JSON.stringify(value);
}

/** Ground truth of a raw frame: RawNumbers become their text (what a decimal-exact parser reads). */
export function plainOf(value: unknown): unknown {
  if (value instanceof RawNumber) return value.text;
  if (Array.isArray(value)) return value.map(plainOf);
  if (value && typeof value === "object")
    return Object.fromEntries(Object.entries(value).map(([key, field]) => [key, plainOf(field)]));
  return value;
}

export type LevelText = readonly [price: string, qty: string];

/** Best-first price levels of one side as wire text. */
export function topLevelText(
  instrument: KrakenInstrument,
  market: SimMarket,
  side: "bid" | "ask",
  depth: number,
): LevelText[] {
  return market.book
    .topLevels(side, depth)
    .map(([price, qty]) => [formatPrice(instrument, price), formatQty(instrument, qty)] as const);
}

function rawLevels(levels: readonly LevelText[]) {
  return levels.map(([price, qty]) => ({ price: new RawNumber(price), qty: new RawNumber(qty) }));
}

/** The v2 checksum of the simulator's book now (top 10 each side). */
export function checksumOfMarket(instrument: KrakenInstrument, market: SimMarket): number {
  return computeKrakenChecksum(
    topLevelText(instrument, market, "ask", 10),
    topLevelText(instrument, market, "bid", 10),
  );
}

export function describeSpotBook(
  instrument: KrakenInstrument,
  type: "snapshot" | "update",
  bids: readonly LevelText[],
  asks: readonly LevelText[],
  checksum: number,
  nowMs: number,
): unknown {
  return {
    channel: "book",
    type,
    data: [
      {
        symbol: instrument.symbol,
        bids: rawLevels(bids),
        asks: rawLevels(asks),
        checksum,
        timestamp: formatKrakenTime(nowMs),
      },
    ],
  };
}

export function describeSpotTrades(
  instrument: KrakenInstrument,
  trades: readonly SimTrade[],
  type: "snapshot" | "update",
): unknown {
  return {
    channel: "trade",
    type,
    data: trades.map((trade) => ({
      symbol: instrument.symbol,
      // Binance-style `isBuyerMaker`: the taker sold.
      side: trade.isBuyerMaker ? "sell" : "buy",
      price: new RawNumber(formatPrice(instrument, trade.priceTicks)),
      qty: new RawNumber(formatQty(instrument, trade.qtySteps)),
      ord_type: trade.id % 4 === 0 ? "limit" : "market",
      trade_id: trade.id,
      timestamp: formatKrakenTime(trade.timeMs),
    })),
  };
}

/** 24 h statistics from the market's bars. */
function dayStats(market: SimMarket, nowMs: number) {
  const bar = market.barFor(nowMs - 86_400_000, nowMs + 1, nowMs);
  return bar;
}

export function describeSpotTicker(
  instrument: KrakenInstrument,
  market: SimMarket,
  type: "snapshot" | "update",
  nowMs: number,
): unknown {
  const bar = dayStats(market, nowMs);
  const [bid] = market.book.topLevels("bid", 1);
  const [ask] = market.book.topLevels("ask", 1);
  const price = (ticks: number) => new RawNumber(formatPrice(instrument, ticks));
  const volume = bar.volumeSteps * instrument.spec.stepSize;
  const change = (bar.closeTicks - bar.openTicks) * instrument.spec.tickSize;
  const open = bar.openTicks * instrument.spec.tickSize;
  return {
    channel: "ticker",
    type,
    data: [
      {
        symbol: instrument.symbol,
        bid: bid ? price(bid[0]) : 0,
        bid_qty: bid ? new RawNumber(formatQty(instrument, bid[1])) : 0,
        ask: ask ? price(ask[0]) : 0,
        ask_qty: ask ? new RawNumber(formatQty(instrument, ask[1])) : 0,
        last: price(market.lastPriceTicks()),
        volume: new RawNumber(volume.toFixed(instrument.qtyDecimals)),
        vwap: new RawNumber((volume > 0 ? bar.notional / volume : open).toFixed(instrument.priceDecimals)),
        low: price(bar.lowTicks),
        high: price(bar.highTicks),
        change: new RawNumber(change.toFixed(instrument.priceDecimals)),
        change_pct: new RawNumber((open > 0 ? (change / open) * 100 : 0).toFixed(2)),
        timestamp: formatKrakenTime(nowMs),
      },
    ],
  };
}

export function describeSpotOhlc(
  instrument: KrakenInstrument,
  bars: readonly SimBar[],
  minutes: number,
  type: "snapshot" | "update",
  nowMs: number,
): unknown {
  return {
    channel: "ohlc",
    type,
    timestamp: formatKrakenTime(nowMs),
    data: bars.map((bar) => {
      const volume = bar.volumeSteps * instrument.spec.stepSize;
      return {
        symbol: instrument.symbol,
        open: new RawNumber(formatPrice(instrument, bar.openTicks)),
        high: new RawNumber(formatPrice(instrument, bar.highTicks)),
        low: new RawNumber(formatPrice(instrument, bar.lowTicks)),
        close: new RawNumber(formatPrice(instrument, bar.closeTicks)),
        trades: bar.trades,
        volume: new RawNumber(volume.toFixed(instrument.qtyDecimals)),
        vwap: new RawNumber(
          (volume > 0 ? bar.notional / volume : bar.closeTicks * instrument.spec.tickSize).toFixed(
            instrument.priceDecimals,
          ),
        ),
        interval_begin: new Date(bar.openMs).toISOString().replace("Z", "000000Z"),
        interval: minutes,
        timestamp: formatKrakenTime(bar.openMs + minutes * 60_000),
      };
    }),
  };
}

// ── futures ────────────────────────────────────────────────────────────────────────────────────────────────────

const numberOf = (text: string) => Number(text);

export function describeFuturesBookSnapshot(
  instrument: KrakenInstrument,
  market: SimMarket,
  seq: number,
  nowMs: number,
): unknown {
  const side = (which: "bid" | "ask") =>
    market.book.topLevels(which, Number.MAX_SAFE_INTEGER).map(([price, qty]) => ({
      price: numberOf(formatPrice(instrument, price)),
      qty: numberOf(formatQty(instrument, qty)),
    }));
  return {
    feed: "book_snapshot",
    product_id: instrument.symbol,
    timestamp: nowMs,
    seq,
    tickSize: null,
    bids: side("bid"),
    asks: side("ask"),
  };
}

export function describeFuturesBookDelta(
  instrument: KrakenInstrument,
  side: "buy" | "sell",
  priceTicks: number,
  qtySteps: number,
  seq: number,
  nowMs: number,
): unknown {
  return {
    feed: "book",
    product_id: instrument.symbol,
    side,
    seq,
    price: numberOf(formatPrice(instrument, priceTicks)),
    qty: numberOf(formatQty(instrument, qtySteps)),
    timestamp: nowMs,
  };
}

export interface FuturesPrint {
  uid: string;
  side: "buy" | "sell";
  type: "fill" | "liquidation";
  priceTicks: number;
  qtySteps: number;
  timeMs: number;
}

export function printOfTrade(instrument: KrakenInstrument, trade: SimTrade): FuturesPrint {
  return {
    uid: tradeUidOf(instrument, trade.id),
    side: trade.isBuyerMaker ? "sell" : "buy",
    type: "fill",
    priceTicks: trade.priceTicks,
    qtySteps: trade.qtySteps,
    timeMs: trade.timeMs,
  };
}

export function describeFuturesTrade(
  instrument: KrakenInstrument,
  print: FuturesPrint,
  seq: number,
): unknown {
  return {
    feed: "trade",
    product_id: instrument.symbol,
    uid: print.uid,
    side: print.side,
    type: print.type,
    seq,
    time: print.timeMs,
    qty: numberOf(formatQty(instrument, print.qtySteps)),
    price: numberOf(formatPrice(instrument, print.priceTicks)),
  };
}

const HOUR_MS = 3_600_000;

export function describeFuturesTicker(
  instrument: KrakenInstrument,
  market: SimMarket,
  nowMs: number,
): unknown {
  const bar = dayStats(market, nowMs);
  const [bid] = market.book.topLevels("bid", 1);
  const [ask] = market.book.topLevels("ask", 1);
  const price = (ticks: number) => numberOf(formatPrice(instrument, ticks));
  const mark = market.markPrice(nowMs);
  const nextFundingMs = Math.floor(nowMs / HOUR_MS) * HOUR_MS + HOUR_MS;
  const relative = market.fundingRateAt(nextFundingMs);
  const volume = bar.volumeSteps * instrument.spec.stepSize;
  const open = bar.openTicks * instrument.spec.tickSize;
  const last = market.lastPriceTicks() * instrument.spec.tickSize;
  return {
    time: nowMs,
    product_id: instrument.symbol,
    funding_rate: relative * mark,
    funding_rate_prediction: relative * mark * 0.9,
    relative_funding_rate: relative,
    relative_funding_rate_prediction: relative * 0.9,
    next_funding_rate_time: nextFundingMs,
    feed: "ticker",
    bid: bid ? price(bid[0]) : 0,
    ask: ask ? price(ask[0]) : 0,
    bid_size: bid ? numberOf(formatQty(instrument, bid[1])) : 0,
    ask_size: ask ? numberOf(formatQty(instrument, ask[1])) : 0,
    volume: numberOf(volume.toFixed(instrument.qtyDecimals)),
    dtm: 0,
    leverage: "50x",
    index: Number(market.indexPrice(nowMs).toFixed(instrument.priceDecimals + 1)),
    premium: 0.1,
    last: price(market.lastPriceTicks()),
    change: open > 0 ? ((last - open) / open) * 100 : 0,
    suspended: false,
    tag: "perpetual",
    pair: `${instrument.base}:${instrument.quote}`,
    openInterest: Number(market.openInterest(nowMs).toFixed(instrument.qtyDecimals)),
    markPrice: Number(mark.toFixed(instrument.priceDecimals + 1)),
    maturityTime: 0,
    post_only: false,
    volumeQuote: Number(bar.notional.toFixed(2)),
  };
}
