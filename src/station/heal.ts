// REST backfill of an outage window: trades (the venue's newest page, paged back where the venue can, deduplicated
// by trade id, the uncovered rest a gap), klines (paged back from now, last write wins per open time), funding
// settlements. Pure of station state: each function takes the REST facade, the stream and what was emitted, and
// returns events plus gap spans.

import {
  type Dig3Error,
  INTERVAL_MS,
  type KlineEvent,
  type MarketDataEvent,
  type StreamKind,
  type StreamSpec,
  type TradeEvent,
  toDig3Error,
} from "../core/index.ts";
import type { VenueRest } from "../hub/index.ts";
import type { GapReason } from "../records/index.ts";
import { type EmitMemory, tradeKeyOf } from "./dedup.ts";

/** A span the backfill could not cover. `toMs` is exclusive. */
export interface GapSpan {
  fromMs: number;
  toMs: number;
  reason: GapReason;
}

export interface Backfill {
  /** Recovered events, oldest first, flagged `origin: "backfill"`, not yet emitted. */
  events: MarketDataEvent[];
  gaps: GapSpan[];
}

/** Why a heal ran; the gap reason for what has no REST history at all. */
export type HealTrigger = "disconnect" | "silence" | "stream_error" | "process_down";

/** Kinds whose outage can be (at least partly) recovered from REST. */
export function isBackfillable(kind: StreamKind): boolean {
  return kind === "trade" || kind === "kline" || kind === "funding_rate";
}

/** The gap reason of a failed REST backfill. */
export function reasonOfFailure(error: unknown): GapReason {
  const code = (toDig3Error(error) as Dig3Error).code;
  return code === "E_RATE_LIMITED" ? "rate_limited" : "backfill_failed";
}

function markBackfilled<T extends MarketDataEvent>(event: T, symbol: string): T {
  return { ...event, symbol, origin: "backfill" };
}

function isNumericId(id: string): boolean {
  return /^[0-9]{1,15}$/.test(id);
}

/**
 * Whether the REST page (the venue's newest trades, oldest first) reaches back to what was emitted before the
 * outage: when it holds a trade already emitted (`holdsEmitted`: a page is contiguous, so every trade after that one
 * is in it); by id when the venue's ids are increasing integers (the page starts at or before the id after the last
 * one seen); else by time (the page starts strictly before the last trade seen).
 */
function doesPageCover(
  page: TradeEvent[],
  holdsEmitted: boolean,
  memory: EmitMemory,
  fromMs: number,
): boolean {
  if (holdsEmitted) return true;
  const oldest = page[0]!;
  const last = memory.lastTrade;
  if (last && isNumericId(oldest.tradeId) && isNumericId(last.tradeId)) {
    return Number(oldest.tradeId) <= Number(last.tradeId) + 1;
  }
  return last ? oldest.tsMs < last.tsMs : oldest.tsMs <= fromMs;
}

/** How to page back where the venue's REST can (`ExchangeRest.canPageTrades`). */
export interface TradePaging {
  /** Pages in all, the newest included. */
  maxPages: number;
  /** No further older page is asked for once `nowMs()` passes this (the caller's budget must hold the last one). */
  stopAtMs: number;
  nowMs: () => number;
}

/** Default page cap of a paged trade backfill: 10 pages (1000 trades at dYdX's and Bitget's 100). */
export const MAX_TRADE_PAGES = 10;

function byTime(a: TradeEvent, b: TradeEvent): number {
  return a.tsMs - b.tsMs;
}

/**
 * The venue's newest page, then (with `paging`) older pages, each ending at the oldest trade held so far, until
 * they reach back to what was emitted, a page brings nothing new (the venue's history ends there), the page cap or
 * the time limit is hit. Oldest first; every page is contiguous with the next, so the whole stays one run.
 */
async function fetchTradePages(
  rest: VenueRest,
  spec: StreamSpec,
  options: { fromMs: number; limit: number; memory: EmitMemory; paging?: TradePaging },
): Promise<TradeEvent[]> {
  let held = await rest.trades(spec.account, spec.native, { limit: options.limit });
  held.sort(byTime);
  const paging = options.paging;
  if (!paging) return held;
  const keys = new Set(held.map(tradeKeyOf));
  const isEmitted = (trade: TradeEvent) => options.memory.isDuplicate(trade);
  // Whether what is held reaches a trade already emitted: each page is asked once, when it arrives.
  let holdsEmitted = held.some(isEmitted);
  for (let page = 1; page < paging.maxPages; page++) {
    const oldest = held[0];
    if (!oldest || doesPageCover(held, holdsEmitted, options.memory, options.fromMs)) break;
    if (paging.nowMs() >= paging.stopAtMs) break;
    const older = await rest.trades(spec.account, spec.native, {
      limit: options.limit,
      endMs: oldest.tsMs,
      beforeId: oldest.tradeId,
    });
    // `endMs` is inclusive: the trades of the cursor's instant come again and are dropped here.
    const fresh = older.filter((trade) => !keys.has(tradeKeyOf(trade))).sort(byTime);
    if (fresh.length === 0) break;
    for (const trade of fresh) keys.add(tradeKeyOf(trade));
    holdsEmitted ||= fresh.some(isEmitted);
    // Older trades first, then a stable sort: trades of one instant keep the venue's order across pages.
    held = [...fresh, ...held].sort(byTime);
  }
  return held;
}

/**
 * Trades of the window [fromMs, now] from the venue's recent-trades page (and, with `paging`, the older pages
 * behind it): every trade whose id was not emitted and that comes after the newest page trade already emitted, or
 * (before it, or with no such trade) at or after `fromMs` — a venue's REST time can be coarser than its socket's
 * (Bitstamp: whole seconds), so a trade made just after the last one emitted may carry an earlier REST time. When
 * the pages do not reach back to the last trade emitted, [fromMs, oldest trade fetched) is a gap
 * (`backfill_unsupported`: the venue's REST pages no further back, or the page cap or time limit stopped paging).
 * The page length says nothing about that: adapters cap `limit` at the venue's own page size (Bybit spot 60, KuCoin
 * 100, HyperLiquid 10), below the one asked.
 */
export async function backfillTrades(
  rest: VenueRest,
  spec: StreamSpec,
  options: { fromMs: number; limit: number; memory: EmitMemory; paging?: TradePaging },
): Promise<Backfill> {
  const page = await fetchTradePages(rest, spec, options);
  const events: MarketDataEvent[] = [];
  const taken = new Set<string>();
  // The memory does not change during a backfill: each trade is asked once.
  const emitted = page.map((trade) => options.memory.isDuplicate(trade));
  const lastEmittedAt = emitted.lastIndexOf(true);
  for (const [index, trade] of page.entries()) {
    const isAfterEmitted = lastEmittedAt >= 0 && index > lastEmittedAt;
    if (trade.tsMs < options.fromMs && !isAfterEmitted) continue;
    const key = tradeKeyOf(trade);
    if (taken.has(key) || emitted[index]) continue;
    taken.add(key);
    events.push(markBackfilled(trade, spec.symbol));
  }
  const gaps: GapSpan[] = [];
  const oldest = page[0];
  if (oldest && !doesPageCover(page, lastEmittedAt >= 0, options.memory, options.fromMs)) {
    gaps.push({ fromMs: options.fromMs, toMs: oldest.tsMs, reason: "backfill_unsupported" });
  }
  return { events, gaps };
}

const KLINE_PAGE = 1000;

/**
 * Bars from the open time `fromOpenMs` (the bar in flight when the outage began) to now, paged back from now so the
 * newest bars come first; every bar is returned (the in-flight one in its final form), and bars older than the
 * last page reached are a gap.
 */
export async function backfillKlines(
  rest: VenueRest,
  spec: StreamSpec,
  options: { fromOpenMs: number; nowMs: number; maxPages: number },
): Promise<Backfill> {
  const interval = spec.interval ?? "1m";
  const intervalMs = INTERVAL_MS[interval] ?? 60_000;
  const byOpen = new Map<number, KlineEvent>();
  let endMs = options.nowMs;
  let oldestOpenMs = Number.POSITIVE_INFINITY;
  let exhausted = false;
  for (let page = 0; page < options.maxPages; page++) {
    const need = Math.ceil((endMs - options.fromOpenMs) / intervalMs) + 1;
    const limit = Math.max(1, Math.min(KLINE_PAGE, need));
    const bars = await rest.klines(spec.account, spec.native, { interval, limit, endMs });
    for (const bar of bars) {
      if (!byOpen.has(bar.openTimeMs)) byOpen.set(bar.openTimeMs, bar);
      oldestOpenMs = Math.min(oldestOpenMs, bar.openTimeMs);
    }
    if (bars.length < limit) {
      exhausted = true;
      break;
    }
    if (oldestOpenMs <= options.fromOpenMs) break;
    endMs = oldestOpenMs - 1;
  }
  const events = [...byOpen.values()]
    .filter((bar) => bar.openTimeMs >= options.fromOpenMs)
    .sort((a, b) => a.openTimeMs - b.openTimeMs)
    .map((bar) => markBackfilled(bar, spec.symbol));
  const gaps: GapSpan[] = [];
  if (!exhausted && oldestOpenMs > options.fromOpenMs && Number.isFinite(oldestOpenMs)) {
    gaps.push({ fromMs: options.fromOpenMs, toMs: oldestOpenMs, reason: "backfill_unsupported" });
  }
  return { events, gaps };
}

/** Funding settlements in [fromMs, nowMs] (the live predicted-rate points of the window are not recoverable). */
export async function backfillFunding(
  rest: VenueRest,
  spec: StreamSpec,
  options: { fromMs: number; nowMs: number; memory: EmitMemory },
): Promise<Backfill> {
  const rows = await rest.fundingHistory(spec.account, spec.native, {
    startMs: options.fromMs,
    endMs: options.nowMs,
    limit: 1000,
  });
  const events = rows
    .filter((row) => row.tsMs >= options.fromMs && !options.memory.isDuplicate(row))
    .sort((a, b) => a.tsMs - b.tsMs)
    .map((row) => markBackfilled(row, spec.symbol));
  return { events, gaps: [] };
}
