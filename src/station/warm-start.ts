// Warm-start history: the last N points of a stream from its day files (crossing UTC midnight, via the reader's
// tail), else from the venue's REST (recent trades, klines, funding history). Records read back become events
// flagged `origin: "warm-disk"`; what the day files cannot give back is listed below.
//
// What disk-warm events lose (the record layouts keep less than the events):
// - trades: the venue trade id is stored as its FNV-1a-64 only, so `tradeId` is `fnv1a64:<16 hex digits>`
//   (dedup against live trades compares hashes); `recvTsUs` is 0 in files written by the Rust dig3;
// - agg trades: `firstTradeId` / `lastTradeId`;
// - klines: `closeTimeMs` is derived (open + interval − 1), `closed` is derived from the clock, `trades` is
//   absent when 0, `recvTsUs` is 0 and `tsMs` is the close time (or now for the bar still open);
// - tickers: bid and ask sizes; every kind: `recvTsUs` where the layout has none (0).
// Order books are not warm-started from disk: the tracker's fresh snapshot is the book's warm start.

import {
  type AggTradeEvent,
  type EventOrigin,
  INTERVAL_MS,
  type KlineEvent,
  type MarketDataEvent,
  type StreamSpec,
} from "../core/index.ts";
import type { VenueRest } from "../hub/index.ts";
import {
  type AggTradeRecord,
  type FundingRateRecord,
  hashedTradeIdOf,
  type KlineRecord,
  type LiquidationRecord,
  type MarkPriceRecord,
  type OpenInterestRecord,
  type TickerRecord,
  type TradeRecord,
} from "../records/index.ts";
import { openSeriesReader } from "../storage/index.ts";
import { backfillKlines } from "./heal.ts";
import { listSeriesOfStream, seriesKeyOf } from "./persistence.ts";

export interface HistoryContext {
  exchange: string;
  spec: StreamSpec;
  nowMs: number;
}

function baseOf(context: HistoryContext, tsMs: number, recvTsUs: number | undefined, origin: EventOrigin) {
  return {
    exchange: context.exchange,
    account: context.spec.account,
    symbol: context.spec.symbol,
    tsMs,
    recvTsUs: recvTsUs ?? 0,
    origin,
  };
}

function absentIfNaN(value: number | undefined): number | undefined {
  return value === undefined || Number.isNaN(value) ? undefined : value;
}

/** Copies the defined fields of `extra` (events carry no `undefined` keys). */
function withDefined<T extends object>(target: T, extra: Record<string, unknown>): T {
  for (const [key, value] of Object.entries(extra)) {
    if (value !== undefined) (target as Record<string, unknown>)[key] = value;
  }
  return target;
}

/** A record of the stream's day files as the event it was written from (see the header for what is lost). */
export function eventOfRecord(context: HistoryContext, record: unknown): MarketDataEvent | undefined {
  const { spec } = context;
  switch (spec.kind) {
    case "trade": {
      const r = record as TradeRecord;
      return {
        kind: "trade",
        ...baseOf(context, r.tsMs, r.recvTsUs, "warm-disk"),
        price: r.price,
        size: r.size,
        side: r.side,
        tradeId: hashedTradeIdOf(r),
      };
    }
    case "agg_trade": {
      const r = record as AggTradeRecord;
      const event: AggTradeEvent = {
        kind: "agg_trade",
        ...baseOf(context, r.tsMs, r.recvTsUs, "warm-disk"),
        price: r.price,
        size: r.size,
        side: r.side,
        aggId: r.aggId,
      };
      return event;
    }
    case "kline": {
      const r = record as KlineRecord;
      const interval = spec.interval ?? "1m";
      const closeTimeMs = r.openTimeMs + (INTERVAL_MS[interval] ?? 60_000) - 1;
      const closed = closeTimeMs < context.nowMs;
      const event: KlineEvent = {
        kind: "kline",
        ...baseOf(context, closed ? closeTimeMs : context.nowMs, undefined, "warm-disk"),
        interval,
        openTimeMs: r.openTimeMs,
        closeTimeMs,
        open: r.open,
        high: r.high,
        low: r.low,
        close: r.close,
        volume: r.volume,
        closed,
      };
      return withDefined(event, {
        quoteVolume: absentIfNaN(r.quoteVolume),
        trades: r.trades > 0 ? r.trades : undefined,
      });
    }
    case "ticker": {
      const r = record as TickerRecord;
      return withDefined(
        { kind: "ticker" as const, ...baseOf(context, r.tsMs, undefined, "warm-disk") },
        {
          last: absentIfNaN(r.last),
          bid: absentIfNaN(r.bid),
          ask: absentIfNaN(r.ask),
          high24h: absentIfNaN(r.high24h),
          low24h: absentIfNaN(r.low24h),
          volume24h: absentIfNaN(r.volume24h),
          quoteVolume24h: absentIfNaN(r.quoteVolume24h),
          changePct24h: absentIfNaN(r.changePct24h),
        },
      );
    }
    case "mark_price": {
      const r = record as MarkPriceRecord;
      return withDefined(
        {
          kind: "mark_price" as const,
          ...baseOf(context, r.tsMs, undefined, "warm-disk"),
          markPrice: r.markPrice,
        },
        { indexPrice: absentIfNaN(r.indexPrice) },
      );
    }
    case "funding_rate": {
      const r = record as FundingRateRecord;
      return withDefined(
        { kind: "funding_rate" as const, ...baseOf(context, r.tsMs, undefined, "warm-disk"), rate: r.rate },
        { nextFundingTsMs: r.nextFundingTsMs },
      );
    }
    case "open_interest": {
      const r = record as OpenInterestRecord;
      return withDefined(
        {
          kind: "open_interest" as const,
          ...baseOf(context, r.tsMs, undefined, "warm-disk"),
          openInterest: r.openInterest,
        },
        { openInterestValue: absentIfNaN(r.openInterestValue) },
      );
    }
    case "liquidation": {
      const r = record as LiquidationRecord;
      return withDefined(
        {
          kind: "liquidation" as const,
          ...baseOf(context, r.tsMs, undefined, "warm-disk"),
          side: r.side,
          price: r.price,
          size: r.size,
        },
        { value: absentIfNaN(r.value) },
      );
    }
    default:
      return undefined;
  }
}

/** Most kline records a warm read looks at: the in-progress bar may be written many times. */
const MAX_KLINE_RECORDS_SCANNED = 1_000_000;

/**
 * The last `count` points of the stream on disk, oldest first (crossing day files). Klines are reduced to the last
 * record per open time (a live bar is written several times), reading further back until `count` bars are found.
 */
export async function readDiskHistory(
  root: string,
  context: HistoryContext,
  count: number,
): Promise<MarketDataEvent[]> {
  const { spec, exchange } = context;
  if (count <= 0 || spec.kind === "book") return [];
  const series = listSeriesOfStream(spec)[0]!;
  const reader = openSeriesReader<unknown>({ ...seriesKeyOf(root, exchange, spec, series), def: series.def });
  if (spec.kind !== "kline") {
    const records = await reader.tail(count);
    return records.flatMap((record) => eventOfRecord(context, record) ?? []);
  }
  let want = count * 4 + 16;
  for (;;) {
    const records = (await reader.tail(want)) as KlineRecord[];
    const byOpen = new Map<number, KlineRecord>();
    for (const record of records) byOpen.set(record.openTimeMs, record);
    const isAll = records.length < want || want >= MAX_KLINE_RECORDS_SCANNED;
    if (byOpen.size >= count + 1 || isAll) {
      // The oldest open time may be cut (earlier records of it were not read): keep it only if everything was read.
      const opens = [...byOpen.keys()].sort((a, b) => a - b);
      const usable = isAll ? opens : opens.slice(1);
      return usable.slice(-count).flatMap((open) => eventOfRecord(context, byOpen.get(open)) ?? []);
    }
    want = Math.min(MAX_KLINE_RECORDS_SCANNED, want * 4);
  }
}

/** The last `count` points from the venue's REST, oldest first, flagged `warm-rest`; empty when it has none. */
export async function readRestHistory(
  rest: VenueRest,
  context: HistoryContext,
  count: number,
): Promise<MarketDataEvent[]> {
  const { spec } = context;
  if (count <= 0) return [];
  const flag = <T extends MarketDataEvent>(event: T): T => ({
    ...event,
    symbol: spec.symbol,
    origin: "warm-rest",
  });
  switch (spec.kind) {
    case "trade": {
      const trades = await rest.trades(spec.account, spec.native, { limit: Math.min(count, 1000) });
      return trades
        .sort((a, b) => a.tsMs - b.tsMs)
        .slice(-count)
        .map(flag);
    }
    case "kline": {
      const intervalMs = INTERVAL_MS[spec.interval ?? "1m"] ?? 60_000;
      const fromOpenMs = Math.floor(context.nowMs / intervalMs) * intervalMs - (count - 1) * intervalMs;
      const { events } = await backfillKlines(rest, spec, {
        fromOpenMs,
        nowMs: context.nowMs,
        maxPages: Math.ceil(count / 1000) + 1,
      });
      return events.slice(-count).map((event) => ({ ...event, origin: "warm-rest" as const }));
    }
    case "funding_rate": {
      const rows = await rest.fundingHistory(spec.account, spec.native, { limit: Math.min(count, 1000) });
      return rows
        .sort((a, b) => a.tsMs - b.tsMs)
        .slice(-count)
        .map(flag);
    }
    default:
      return [];
  }
}
