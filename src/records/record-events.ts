// Day-file records as the normalized events they were written from, for replay and the station's warm start from disk.
// What a record cannot give back: trade ids (only their FNV-1a-64 is stored: `tradeId` is `fnv1a64:<hex>`), agg
// trades' first/last ids, kline receive times (a kline is its last record per open time, stamped at its close),
// ticker sizes.

import {
  type Account,
  assignDefined,
  type BookEvent,
  type EventBase,
  type FundingRateEvent,
  INTERVAL_MS,
  type KlineEvent,
  type LiquidationEvent,
  type MarketEvent,
  type MarkPriceEvent,
  type OpenInterestEvent,
  type StreamKind,
  type TickerEvent,
} from "../core/index.ts";
import type { BookRecord } from "./book.ts";
import type {
  FundingRateRecord,
  LiquidationRecord,
  MarkPriceRecord,
  OpenInterestRecord,
} from "./derivatives.ts";
import type { GapRecord } from "./gaps.ts";
import type { KlineRecord } from "./klines.ts";
import type { TickerRecord } from "./tickers.ts";
import { type AggTradeRecord, hashedTradeIdOf, type TradeRecord } from "./trades.ts";

export interface SeriesIdentity {
  exchange: string;
  account: Account;
  /** The symbol events carry (canonical when the caller could map the directory name). */
  symbol: string;
}

function baseOf(identity: SeriesIdentity, tsMs: number, recvTsUs: number | undefined): EventBase {
  return {
    exchange: identity.exchange,
    account: identity.account,
    symbol: identity.symbol,
    tsMs,
    recvTsUs: recvTsUs ?? 0,
  };
}

function defined(value: number | undefined): number | undefined {
  return value === undefined || Number.isNaN(value) ? undefined : value;
}

/**
 * A record of a stream's day file as an event; undefined for a stream without events. A kline is `closed` when its
 * close time is before `nowMs`.
 */
export function eventOfRecord(
  stream: StreamKind | "gap",
  identity: SeriesIdentity,
  record: unknown,
  interval?: string,
  nowMs = Date.now(),
): MarketEvent | undefined {
  switch (stream) {
    case "trade": {
      const r = record as TradeRecord;
      return {
        kind: "trade",
        ...baseOf(identity, r.tsMs, r.recvTsUs),
        price: r.price,
        size: r.size,
        side: r.side,
        tradeId: hashedTradeIdOf(r),
      };
    }
    case "agg_trade": {
      const r = record as AggTradeRecord;
      return {
        kind: "agg_trade",
        ...baseOf(identity, r.tsMs, r.recvTsUs),
        price: r.price,
        size: r.size,
        side: r.side,
        aggId: r.aggId,
      };
    }
    case "kline": {
      const r = record as KlineRecord;
      const iv = interval ?? "1m";
      const closeTimeMs = r.openTimeMs + (INTERVAL_MS[iv] ?? 60_000) - 1;
      return assignDefined<KlineEvent>(
        {
          kind: "kline",
          ...baseOf(identity, closeTimeMs, undefined),
          interval: iv,
          openTimeMs: r.openTimeMs,
          closeTimeMs,
          open: r.open,
          high: r.high,
          low: r.low,
          close: r.close,
          volume: r.volume,
          closed: closeTimeMs < nowMs,
        },
        { quoteVolume: defined(r.quoteVolume), trades: r.trades > 0 ? r.trades : undefined },
      );
    }
    case "book": {
      const r = record as BookRecord;
      return assignDefined<BookEvent>(
        {
          kind: "book",
          ...baseOf(identity, r.tsMs, undefined),
          type: r.type,
          bids: r.bids,
          asks: r.asks,
        },
        { seq: r.seq, firstSeq: r.firstSeq, prevSeq: r.prevSeq, checksum: r.checksum },
      );
    }
    case "ticker": {
      const r = record as TickerRecord;
      return assignDefined<TickerEvent>(
        { kind: "ticker", ...baseOf(identity, r.tsMs, undefined) },
        {
          last: defined(r.last),
          bid: defined(r.bid),
          ask: defined(r.ask),
          high24h: defined(r.high24h),
          low24h: defined(r.low24h),
          volume24h: defined(r.volume24h),
          quoteVolume24h: defined(r.quoteVolume24h),
          changePct24h: defined(r.changePct24h),
        },
      );
    }
    case "mark_price": {
      const r = record as MarkPriceRecord;
      return assignDefined<MarkPriceEvent>(
        { kind: "mark_price", ...baseOf(identity, r.tsMs, undefined), markPrice: r.markPrice },
        { indexPrice: defined(r.indexPrice) },
      );
    }
    case "funding_rate": {
      const r = record as FundingRateRecord;
      return assignDefined<FundingRateEvent>(
        { kind: "funding_rate", ...baseOf(identity, r.tsMs, undefined), rate: r.rate },
        { nextFundingTsMs: r.nextFundingTsMs },
      );
    }
    case "open_interest": {
      const r = record as OpenInterestRecord;
      return assignDefined<OpenInterestEvent>(
        {
          kind: "open_interest",
          ...baseOf(identity, r.tsMs, undefined),
          openInterest: r.openInterest,
        },
        { openInterestValue: defined(r.openInterestValue) },
      );
    }
    case "liquidation": {
      const r = record as LiquidationRecord;
      return assignDefined<LiquidationEvent>(
        {
          kind: "liquidation",
          ...baseOf(identity, r.tsMs, undefined),
          side: r.side,
          price: r.price,
          size: r.size,
        },
        { value: defined(r.value) },
      );
    }
    case "gap": {
      const r = record as GapRecord;
      return {
        kind: "gap",
        ...baseOf(identity, r.tsMs, undefined),
        stream: r.stream ?? "trade",
        fromMs: r.fromMs,
        toMs: r.toMs,
        reason: r.reason,
      };
    }
    default:
      return undefined;
  }
}
