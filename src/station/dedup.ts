// De-duplication where history (warm-start, REST backfill) meets live data: trades by trade id (compared as the
// FNV-1a-64 hash the day files store, so disk history and live ids match) or, where one side's id is made of the
// trade's content, by content; aggregated trades by aggregate id, klines by open time (a later source replaces an
// earlier one), everything else by exchange time.

import type { MarketDataEvent, TradeEvent } from "../core/index.ts";
import { contentIdOf } from "../exchanges/_shared/values.ts";
import {
  fnv1a64NumberOfHex,
  HASHED_TRADE_ID_PREFIX,
  hashFnv1a64Hex,
  hashFnv1a64Number,
} from "../records/index.ts";

/** The dedup key of a trade: the FNV-1a-64 hex of its id (disk-warm trades carry it already). */
export function tradeKeyOf(trade: Pick<TradeEvent, "tradeId">): string {
  const id = trade.tradeId;
  return id.startsWith(HASHED_TRADE_ID_PREFIX) ? id.slice(HASHED_TRADE_ID_PREFIX.length) : hashFnv1a64Hex(id);
}

/** The in-memory form of the trade's dedup key: 53 bits of the same FNV-1a-64 (numbers, so the sets hold no strings). */
function tradeNumberOf(trade: Pick<TradeEvent, "tradeId">): number {
  const id = trade.tradeId;
  return id.startsWith(HASHED_TRADE_ID_PREFIX)
    ? fnv1a64NumberOfHex(id.slice(HASHED_TRADE_ID_PREFIX.length))
    : hashFnv1a64Number(id);
}

/** A trade's content as adapters spell the id they make up where the venue gives none (`contentIdOf`). */
export function contentKeyOfTrade(trade: Pick<TradeEvent, "tsMs" | "price" | "size" | "side">): string {
  return contentIdOf(trade.tsMs, trade.price, trade.size, trade.side);
}

/** True when the trade's id is its content (made up by the adapter), possibly with a `#n` repeat counter. */
function hasContentId(trade: TradeEvent, contentKey: string): boolean {
  return trade.tradeId === contentKey || trade.tradeId.startsWith(`${contentKey}#`);
}

/** A set that forgets its oldest keys past `capacity`. */
export interface RecentKeys {
  has(key: number): boolean;
  add(key: number): void;
  readonly size: number;
}

export function createRecentKeys(capacity: number): RecentKeys {
  const set = new Set<number>();
  // Grows to `capacity`, then is reused as a ring (series without ids never allocate it).
  const order: number[] = [];
  let next = 0;
  return {
    has: (key) => set.has(key),
    add(key) {
      if (set.has(key)) return;
      if (order.length < capacity) order.push(key);
      else {
        set.delete(order[next]!);
        order[next] = key;
        next = (next + 1) % capacity;
      }
      set.add(key);
    },
    get size() {
      return set.size;
    },
  };
}

/** How many trade / aggregate ids a series remembers: two REST pages (1000 each) around an outage. */
export const RECENT_ID_CAPACITY = 2048;

/**
 * The memory of what a series has emitted, and the floors history sets: `seen` answers whether an event is a
 * duplicate, `remember` records an emitted event.
 */
export interface EmitMemory {
  /** True when the event repeats one already emitted (or lies below a floor set by history). */
  isDuplicate(event: MarketDataEvent): boolean;
  remember(event: MarketDataEvent): void;
  /** Klines below this open time and scalar events at or below this time are duplicates of history. */
  raiseFloor(event: MarketDataEvent): void;
  /** The last trade emitted (for the backfill's coverage check). */
  readonly lastTrade: TradeEvent | undefined;
  /** Exchange time of the newest market event emitted. */
  readonly lastTsMs: number | undefined;
  /** Open time of the newest kline emitted. */
  readonly lastKlineOpenMs: number | undefined;
}

export interface EmitMemoryOptions {
  /**
   * Match trades by content too (default true): for venues that make up a trade's id from its content where they
   * name none (`ExchangeRest.makesTradeIds`). Spelling and hashing the content costs more than decoding the trade,
   * so series of other venues turn it off.
   */
  matchContent?: boolean;
}

export function createEmitMemory(options: EmitMemoryOptions = {}): EmitMemory {
  const matchContent = options.matchContent ?? true;
  const ids = createRecentKeys(RECENT_ID_CAPACITY);
  // One trade can reach a series with the venue's id (socket) and with a made-up content id (REST, where the venue
  // gives none): the contents of trades emitted under each kind of id match one kind against the other. Two trades
  // with ids of the same kind are compared by id only (equal contents can be two trades).
  const venueIdContents = createRecentKeys(RECENT_ID_CAPACITY);
  const contentIdContents = createRecentKeys(RECENT_ID_CAPACITY);
  let klineFloorMs = Number.NEGATIVE_INFINITY;
  let tsFloorMs = Number.NEGATIVE_INFINITY;
  let lastTrade: TradeEvent | undefined;
  let lastTsMs: number | undefined;
  let lastKlineOpenMs: number | undefined;

  // `isDuplicate` then `remember` are asked about the same event: its keys are hashed once.
  let keyedEvent: MarketDataEvent | undefined;
  const keys = { id: undefined as number | undefined, content: 0, isContentId: false };

  /** The event's id number (trades and aggregated trades never share a series, so theirs never meet in one set)
   *  and, for a trade, its content number and whether its id is made of that content. */
  function keysOf(event: MarketDataEvent): typeof keys {
    if (event === keyedEvent) return keys;
    keyedEvent = event;
    keys.id = undefined;
    if (event.kind === "trade") {
      keys.id = tradeNumberOf(event);
      if (!matchContent) return keys;
      const content = contentKeyOfTrade(event);
      keys.content = hashFnv1a64Number(content);
      keys.isContentId = hasContentId(event, content);
    } else if (event.kind === "agg_trade") {
      keys.id = hashFnv1a64Number(event.aggId);
    }
    return keys;
  }

  return {
    isDuplicate(event) {
      const { id: key, content, isContentId } = keysOf(event);
      if (key !== undefined && ids.has(key)) return true;
      if (event.kind === "trade") {
        if (!matchContent) return false;
        return isContentId ? venueIdContents.has(content) : contentIdContents.has(content);
      }
      if (key !== undefined) return false;
      if (event.kind === "kline") return event.openTimeMs < klineFloorMs;
      if (event.kind === "book") return false;
      return event.tsMs <= tsFloorMs;
    },
    remember(event) {
      const { id: key, content, isContentId } = keysOf(event);
      if (key !== undefined) ids.add(key);
      if (event.kind === "trade" && matchContent)
        (isContentId ? contentIdContents : venueIdContents).add(content);
      if (event.kind === "trade" && (lastTrade === undefined || event.tsMs >= lastTrade.tsMs))
        lastTrade = event;
      if (event.kind === "kline")
        lastKlineOpenMs = Math.max(lastKlineOpenMs ?? event.openTimeMs, event.openTimeMs);
      lastTsMs = Math.max(lastTsMs ?? event.tsMs, event.tsMs);
    },
    raiseFloor(event) {
      if (event.kind === "kline") klineFloorMs = Math.max(klineFloorMs, event.openTimeMs);
      else if (event.kind !== "trade" && event.kind !== "agg_trade" && event.kind !== "book")
        tsFloorMs = Math.max(tsFloorMs, event.tsMs);
    },
    get lastTrade() {
      return lastTrade;
    },
    get lastTsMs() {
      return lastTsMs;
    },
    get lastKlineOpenMs() {
      return lastKlineOpenMs;
    },
  };
}
