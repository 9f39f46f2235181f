// Bars derived from trades (facts §4.13): range, tick, volume and footprint. Pure builders: a trade in, the bar
// events it produces out (the in-progress bar on every trade, plus a `closed: true` copy when a bar ends). They are
// events only, not persisted: the trades they come from are, and rebuilding them from a day file is exact.

import {
  type BarEvent,
  Dig3Error,
  type FootprintLevel,
  INTERVAL_MS,
  type MarketEvent,
  type StreamSpec,
  type TradeEvent,
} from "../core/index.ts";
import { createBroadcaster, type EventSink } from "./series.ts";

export const BAR_KINDS = ["range_bar", "tick_bar", "volume_bar", "footprint"] as const;
export type BarKind = (typeof BAR_KINDS)[number];

export function isBarKind(kind: string): kind is BarKind {
  return (BAR_KINDS as readonly string[]).includes(kind);
}

export interface BarSpec {
  kind: BarKind;
  /** Price range (range_bar), trades per bar (tick_bar) or base volume per bar (volume_bar); unused for footprint. */
  size: number;
  /** Footprint bucket (`1m`). */
  interval?: string;
}

/** Checks a bar request; throws E_BAD_INPUT / E_BAD_INTERVAL with a hint. */
export function parseBarSpec(kind: BarKind, size: number | undefined, interval: string | undefined): BarSpec {
  if (kind === "footprint") {
    const bucket = interval ?? "1m";
    if (INTERVAL_MS[bucket] === undefined || bucket === "1M") {
      throw new Dig3Error("E_BAD_INTERVAL", `footprint needs a fixed-length interval, got '${bucket}'`, {
        hint: `use one of: ${Object.keys(INTERVAL_MS)
          .filter((key) => key !== "1M")
          .join(" ")}`,
      });
    }
    return { kind, size: 0, interval: bucket };
  }
  if (
    size === undefined ||
    !Number.isFinite(size) ||
    size <= 0 ||
    (kind === "tick_bar" && !Number.isInteger(size))
  ) {
    const what =
      kind === "range_bar" ? "a price range" : kind === "tick_bar" ? "a whole trade count" : "a volume";
    throw new Dig3Error("E_BAD_INPUT", `${kind} needs ${what} > 0 (barSize), got ${String(size)}`, {
      hint: `pass barSize, e.g. ${kind === "range_bar" ? "10" : kind === "tick_bar" ? "100" : "5"}`,
    });
  }
  return { kind, size };
}

/** A stable key part for multiplexing (`range_bar|10`). */
export function formatBarKey(spec: BarSpec): string {
  return spec.kind === "footprint" ? `footprint|${spec.interval}` : `${spec.kind}|${spec.size}`;
}

interface OpenBar {
  openTimeMs: number;
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
  /** Footprint: [buy, sell] volume by exact price. */
  levels?: Map<number, [number, number]>;
}

export interface BarBuilder {
  /** The bar events one trade produces, in order. */
  onTrade(trade: TradeEvent): BarEvent[];
}

const BAR_NAME: Readonly<Record<BarKind, BarEvent["bar"]>> = {
  range_bar: "range",
  tick_bar: "tick",
  volume_bar: "volume",
  footprint: "footprint",
};

export function createBarBuilder(
  spec: BarSpec,
  stream: Pick<StreamSpec, "symbol" | "account">,
  exchange: string,
): BarBuilder {
  const bucketMs = spec.interval ? INTERVAL_MS[spec.interval]! : 0;
  let bar: OpenBar | undefined;
  let isClosed = false;
  let lastOpenTimeMs = Number.NEGATIVE_INFINITY;

  function toEvent(from: OpenBar, closed: boolean, trade: TradeEvent): BarEvent {
    const event: BarEvent = {
      kind: "bar",
      exchange,
      account: stream.account,
      symbol: stream.symbol,
      tsMs: trade.tsMs,
      recvTsUs: trade.recvTsUs,
      bar: BAR_NAME[spec.kind],
      size: spec.size,
      openTimeMs: from.openTimeMs,
      closeTimeMs: from.closeTimeMs,
      open: from.open,
      high: from.high,
      low: from.low,
      close: from.close,
      volume: from.volume,
      quoteVolume: from.quoteVolume,
      buyVolume: from.buyVolume,
      sellVolume: from.sellVolume,
      trades: from.trades,
      closed,
    };
    if (spec.interval) event.interval = spec.interval;
    if (trade.origin) event.origin = trade.origin;
    if (from.levels) {
      const levels: FootprintLevel[] = [];
      for (const [price, [buy, sell]] of from.levels) levels.push([price, buy, sell]);
      event.levels = levels.sort((a, b) => a[0] - b[0]);
    }
    return event;
  }

  function open(trade: TradeEvent): OpenBar {
    // Open times strictly increase, so (symbol, openTimeMs) names one bar even when trades share a millisecond.
    const openTimeMs =
      bucketMs > 0 ? Math.floor(trade.tsMs / bucketMs) * bucketMs : Math.max(trade.tsMs, lastOpenTimeMs + 1);
    lastOpenTimeMs = openTimeMs;
    return {
      openTimeMs,
      closeTimeMs: bucketMs > 0 ? openTimeMs + bucketMs : trade.tsMs,
      open: trade.price,
      high: trade.price,
      low: trade.price,
      close: trade.price,
      volume: 0,
      quoteVolume: 0,
      buyVolume: 0,
      sellVolume: 0,
      trades: 0,
      levels: spec.kind === "footprint" ? new Map() : undefined,
    };
  }

  function add(into: OpenBar, trade: TradeEvent): void {
    into.high = Math.max(into.high, trade.price);
    into.low = Math.min(into.low, trade.price);
    into.close = trade.price;
    into.volume += trade.size;
    into.quoteVolume += trade.price * trade.size;
    if (trade.side === "buy") into.buyVolume += trade.size;
    else into.sellVolume += trade.size;
    into.trades++;
    if (bucketMs === 0) into.closeTimeMs = Math.max(into.closeTimeMs, trade.tsMs);
    if (into.levels) {
      const level = into.levels.get(trade.price) ?? [0, 0];
      level[trade.side === "buy" ? 0 : 1] += trade.size;
      into.levels.set(trade.price, level);
    }
  }

  return {
    onTrade(trade) {
      const out: BarEvent[] = [];
      if (bar && !isClosed) {
        const endsBefore =
          (spec.kind === "range_bar" && Math.abs(trade.price - bar.open) >= spec.size) ||
          (spec.kind === "footprint" && trade.tsMs >= bar.openTimeMs + bucketMs);
        if (endsBefore) {
          out.push(toEvent(bar, true, trade));
          isClosed = true;
        }
      }
      if (!bar || isClosed) {
        bar = open(trade);
        isClosed = false;
      }
      add(bar, trade);
      const endsWith =
        (spec.kind === "tick_bar" && bar.trades >= spec.size) ||
        (spec.kind === "volume_bar" && bar.volume >= spec.size);
      out.push(toEvent(bar, endsWith, trade));
      if (endsWith) isClosed = true;
      return out;
    },
  };
}

/** A multiplexed bar stream: a consumer of its trade series that broadcasts bars (and the trade series' control events). */
export interface DerivedSeries extends EventSink {
  readonly key: string;
  readonly bar: BarSpec;
  readonly consumerCount: number;
  addConsumer(sink: EventSink, replay: boolean): void;
  removeConsumer(sink: EventSink): void;
  close(): void;
}

function isSameBarSlot(previous: MarketEvent, next: MarketEvent): boolean {
  return previous.kind === "bar" && next.kind === "bar" && previous.openTimeMs === next.openTimeMs;
}

export function createDerivedSeries(options: {
  key: string;
  bar: BarSpec;
  exchange: string;
  spec: StreamSpec;
  ringCapacity: number;
}): DerivedSeries {
  const builder = createBarBuilder(options.bar, options.spec, options.exchange);
  const broadcaster = createBroadcaster(options.ringCapacity, isSameBarSlot);
  let closed = false;
  return {
    key: options.key,
    bar: options.bar,
    get consumerCount() {
      return broadcaster.size;
    },
    push(event) {
      if (closed) return;
      if (event.kind === "trade") {
        for (const bar of builder.onTrade(event)) broadcaster.deliverData(bar);
      } else if (event.kind === "gap" || event.kind === "reconnect") {
        broadcaster.deliver(event);
      }
    },
    end() {
      if (closed) return;
      closed = true;
      broadcaster.end();
    },
    addConsumer(sink, replay) {
      broadcaster.add(sink, replay);
    },
    removeConsumer(sink) {
      broadcaster.remove(sink);
    },
    close() {
      if (closed) return;
      closed = true;
      broadcaster.end();
    },
  };
}
