// The normalized event union every venue produces and every consumer reads: market events, the control events
// (book_resync, gap, reconnect) a consumer must see, and the bars the station derives from trades. Units are in the
// field names; side is the taker's.

import type { Account } from "./accounts.ts";
import type { StreamKind } from "./streams.ts";

export type Side = "buy" | "sell";

/**
 * One price level: [price, size]. Size 0 in a delta removes the level. Venues whose checksum is computed over
 * the exact text they sent (OKX, Bitget, Kraken) keep that text in the optional third and fourth places.
 */
export type Level = [price: number, size: number, priceText?: string, sizeText?: string];

export interface EventBase {
  exchange: string;
  account: Account;
  /** Canonical symbol (`BTC/USDT`, `BTC/USDT:USDT`). */
  symbol: string;
  /** Exchange time in ms since the epoch (the venue's event or trade time). */
  tsMs: number;
  /** Local receive time in µs since the epoch. */
  recvTsUs: number;
  /**
   * Set by the station on events that did not arrive live: `warm-disk` / `warm-rest` / `warm-memory` (warm-start
   * history from the day files, the venue's REST or the station's recent events), `backfill` (recovered from REST
   * after an outage). Absent on live events.
   */
  origin?: EventOrigin;
}

export type EventOrigin = "warm-disk" | "warm-rest" | "warm-memory" | "backfill";

export interface TradeEvent extends EventBase {
  kind: "trade";
  price: number;
  size: number;
  side: Side;
  /** Venue trade id, kept as text. */
  tradeId: string;
}

export interface AggTradeEvent extends EventBase {
  kind: "agg_trade";
  price: number;
  size: number;
  side: Side;
  aggId: string;
  firstTradeId?: string;
  lastTradeId?: string;
}

export interface BookEvent extends EventBase {
  kind: "book";
  /** `snapshot` replaces the book; `delta` updates levels (size 0 removes). */
  type: "snapshot" | "delta";
  bids: Level[];
  asks: Level[];
  /** Venue sequence of this update (Binance `u`, OKX `seqId`, Deribit `change_id` …). */
  seq?: number;
  /** First sequence covered by this update (Binance `U`). */
  firstSeq?: number;
  /** Sequence of the previous update as the venue states it (Binance futures `pu`, OKX `prevSeqId`). */
  prevSeq?: number;
  /** Venue checksum of the book after this update, where sent. */
  checksum?: number;
}

export interface KlineEvent extends EventBase {
  kind: "kline";
  interval: string;
  openTimeMs: number;
  closeTimeMs?: number;
  open: number;
  high: number;
  low: number;
  close: number;
  volume: number;
  quoteVolume?: number;
  trades?: number;
  /** True once the bar is final. */
  closed: boolean;
}

export interface TickerEvent extends EventBase {
  kind: "ticker";
  last?: number;
  bid?: number;
  bidSize?: number;
  ask?: number;
  askSize?: number;
  high24h?: number;
  low24h?: number;
  volume24h?: number;
  quoteVolume24h?: number;
  changePct24h?: number;
}

export interface MarkPriceEvent extends EventBase {
  kind: "mark_price";
  markPrice: number;
  indexPrice?: number;
}

export interface FundingRateEvent extends EventBase {
  kind: "funding_rate";
  rate: number;
  nextFundingTsMs?: number;
}

export interface OpenInterestEvent extends EventBase {
  kind: "open_interest";
  /** In contracts or base units, as the venue reports. */
  openInterest: number;
  openInterestValue?: number;
}

export interface LiquidationEvent extends EventBase {
  kind: "liquidation";
  /** Side of the liquidation order (a long being liquidated is a sell). */
  side: Side;
  price: number;
  size: number;
  value?: number;
}

export interface BookResyncEvent extends EventBase {
  kind: "book_resync";
  reason: string;
}

export interface GapEvent extends EventBase {
  kind: "gap";
  stream: StreamKind;
  fromMs: number;
  toMs: number;
  reason: string;
}

export interface ReconnectEvent extends EventBase {
  kind: "reconnect";
  stream: StreamKind;
  /** When the connection was lost and when it was back, ms since the epoch. */
  downSinceMs: number;
  upAtMs: number;
  attempt: number;
  reason: string;
}

/** One price level of a footprint bar: [price, taker buy volume, taker sell volume]. */
export type FootprintLevel = [price: number, buyVolume: number, sellVolume: number];

/**
 * A bar the station derives from trades (not a venue stream). `range`: a new bar starts with the trade that moves
 * the price `size` or more from the open; `tick`: closes after `size` trades; `volume`: closes once its base volume
 * reaches `size`; `footprint`: one bar per `interval`, with volume by price. The in-progress bar is emitted on every
 * trade (`closed: false`), and once more with `closed: true` when it ends.
 */
export interface BarEvent extends EventBase {
  kind: "bar";
  bar: "range" | "tick" | "volume" | "footprint";
  /** Price range (`range`), trade count (`tick`) or base volume (`volume`); 0 for `footprint`. */
  size: number;
  /** Footprint bucket (`1m`); absent for the other bars. */
  interval?: string;
  openTimeMs: number;
  /** Time of the bar's last trade (footprint: end of the bucket, exclusive). */
  closeTimeMs: number;
  open: number;
  high: number;
  low: number;
  close: number;
  volume: number;
  quoteVolume: number;
  buyVolume: number;
  sellVolume: number;
  trades: number;
  closed: boolean;
  /** Footprint only: volume by exact trade price, ascending price. */
  levels?: FootprintLevel[];
}

export type MarketDataEvent =
  | TradeEvent
  | AggTradeEvent
  | BookEvent
  | KlineEvent
  | TickerEvent
  | MarkPriceEvent
  | FundingRateEvent
  | OpenInterestEvent
  | LiquidationEvent;

export type ControlEvent = BookResyncEvent | GapEvent | ReconnectEvent;

/** Events the station computes from venue events. */
export type DerivedEvent = BarEvent;

export type MarketEvent = MarketDataEvent | ControlEvent | DerivedEvent;

export type EventKind = MarketEvent["kind"];

/** The stream a market event belongs to (event kinds and stream kinds share names). */
export function streamOfEvent(event: MarketDataEvent): StreamKind {
  return event.kind;
}

/** Copies the fields of `extra` that hold a value onto `target`, so events carry no `undefined` keys. */
export function assignDefined<T extends object>(target: T, extra: Partial<T>): T {
  for (const key in extra) {
    const value = extra[key];
    if (value !== undefined) (target as Record<string, unknown>)[key] = value;
  }
  return target;
}
