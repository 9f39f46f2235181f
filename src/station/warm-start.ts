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

import { INTERVAL_MS, type MarketDataEvent, type StreamSpec } from "../core/index.ts";
import type { VenueRest } from "../hub/index.ts";
import { eventOfRecord as eventOfDayRecord, type KlineRecord } from "../records/index.ts";
import { openSeriesReader } from "../storage/index.ts";
import { backfillKlines } from "./heal.ts";
import { listSeriesOfStream, seriesKeyOf } from "./persistence.ts";

export interface HistoryContext {
  exchange: string;
  spec: StreamSpec;
  nowMs: number;
}

/**
 * A record of the stream's day files as the event it was written from (records/record-events.ts; see the header for
 * what is lost), flagged `warm-disk`; the bar still open at `nowMs` is stamped then.
 */
export function eventOfRecord(context: HistoryContext, record: unknown): MarketDataEvent | undefined {
  const { spec } = context;
  if (spec.kind === "book") return undefined;
  const identity = { exchange: context.exchange, account: spec.account, symbol: spec.symbol };
  const event = eventOfDayRecord(spec.kind, identity, record, spec.interval, context.nowMs) as
    | MarketDataEvent
    | undefined;
  if (event === undefined) return undefined;
  if (event.kind === "kline" && !event.closed) event.tsMs = context.nowMs;
  event.origin = "warm-disk";
  return event;
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
