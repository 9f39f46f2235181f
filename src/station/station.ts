// Station: the policy layer over the hub. `subscribe(set)` resolves and starts every stream it can (continue on
// error, each failure with its reason), multiplexes consumers of the same series onto one venue subscription, and
// runs the order book tracker for book streams so consumers only see verified books.

import {
  type Account,
  type Dig3Error,
  type MarketEvent,
  type StreamKind,
  type StreamSpec,
  streamKeyOf,
  toDig3Error,
} from "../core/index.ts";
import { bookRulesOf } from "../exchanges/_shared/adapter.ts";
import { ExchangeHub, type HubDiagnostic, type HubOptions, type HubSubscription } from "../hub/index.ts";
import { createEventQueue, type EventQueue } from "./event-queue.ts";
import { createOrderbookTracker, type OrderbookTracker } from "./orderbook-tracker.ts";

export interface SubscriptionRequest {
  exchange: string;
  /** Default `spot`. */
  account?: Account;
  kind: StreamKind;
  /** Canonical (`BTC/USDT`) or raw native (`BTCUSDT`). */
  symbol: string;
  interval?: string;
  depth?: number;
}

export interface SubscribeReport {
  ok: { request: SubscriptionRequest; spec: StreamSpec }[];
  failed: { request: SubscriptionRequest; error: Dig3Error }[];
  handle: StationHandle;
}

/** The consumer's side of a subscription: an async iterator of events, closable. */
export interface StationHandle extends AsyncIterable<MarketEvent> {
  close(): Promise<void>;
  /** Events dropped because this consumer fell more than the queue capacity behind. */
  readonly dropped: number;
}

interface Series {
  key: string;
  exchange: string;
  spec: StreamSpec;
  consumers: Set<EventQueue<MarketEvent>>;
  subscription?: HubSubscription;
  tracker?: OrderbookTracker;
}

export interface StationOptions {
  hub?: HubOptions;
  /** Events a slow consumer may fall behind before the oldest are dropped. */
  queueCapacity?: number;
  onDiagnostic?: (diagnostic: HubDiagnostic) => void;
}

export class StationBuilder {
  readonly #options: StationOptions = {};

  hub(options: HubOptions): this {
    this.#options.hub = { ...this.#options.hub, ...options };
    return this;
  }

  queueCapacity(events: number): this {
    this.#options.queueCapacity = events;
    return this;
  }

  onDiagnostic(listener: (diagnostic: HubDiagnostic) => void): this {
    this.#options.onDiagnostic = listener;
    return this;
  }

  build(): Station {
    return new Station(this.#options);
  }
}

export class Station {
  readonly hub: ExchangeHub;
  readonly #options: StationOptions;
  readonly #series = new Map<string, Series>();
  #closed = false;

  static builder(): StationBuilder {
    return new StationBuilder();
  }

  constructor(options: StationOptions = {}) {
    this.#options = options;
    const onDiagnostic = options.onDiagnostic;
    this.hub = new ExchangeHub({ ...options.hub, onDiagnostic: onDiagnostic ?? options.hub?.onDiagnostic });
  }

  /** Starts every stream it can; failures (unknown symbol, wire-absent, not implemented …) are reported, not thrown. */
  async subscribe(requests: readonly SubscriptionRequest[]): Promise<SubscribeReport> {
    const queue = createEventQueue<MarketEvent>(this.#options.queueCapacity);
    const joined: Series[] = [];
    const ok: SubscribeReport["ok"] = [];
    const failed: SubscribeReport["failed"] = [];
    const prepared = await Promise.all(
      requests.map(async (request) => {
        try {
          const spec = await this.hub.prepare({ ...request, account: request.account ?? "spot" });
          return { ok: true as const, request, spec };
        } catch (error) {
          return { ok: false as const, request, error: toDig3Error(error) };
        }
      }),
    );
    for (const entry of prepared) {
      if (!entry.ok) {
        failed.push({ request: entry.request, error: entry.error });
        continue;
      }
      const series = this.#join(entry.request.exchange, entry.spec, queue);
      joined.push(series);
      ok.push({ request: entry.request, spec: entry.spec });
    }
    let closed = false;
    const handle: StationHandle = {
      [Symbol.asyncIterator]: () => queue,
      close: async () => {
        if (closed) return;
        closed = true;
        queue.end();
        for (const series of joined) this.#leave(series, queue);
      },
      get dropped() {
        return queue.dropped;
      },
    };
    if (ok.length === 0) queue.end();
    return { ok, failed, handle };
  }

  #join(exchange: string, spec: StreamSpec, consumer: EventQueue<MarketEvent>): Series {
    const adapter = this.hub.adapter(exchange);
    const key = `${adapter.id}|${streamKeyOf(spec.kind, spec.account, spec.symbol, spec.interval)}`;
    let series = this.#series.get(key);
    if (!series) {
      series = { key, exchange: adapter.id, spec, consumers: new Set() };
      this.#series.set(key, series);
      this.#startSeries(series);
    }
    series.consumers.add(consumer);
    return series;
  }

  #leave(series: Series, consumer: EventQueue<MarketEvent>): void {
    series.consumers.delete(consumer);
    if (series.consumers.size > 0) return;
    this.#series.delete(series.key);
    series.tracker?.close();
    series.subscription?.close();
  }

  #startSeries(series: Series): void {
    const broadcast = (event: MarketEvent) => {
      for (const consumer of series.consumers) consumer.push(event);
    };
    const { spec, exchange } = series;
    if (spec.kind !== "book") {
      series.subscription = this.hub.start(exchange, spec, broadcast);
      return;
    }
    const adapter = this.hub.adapter(exchange);
    const rules = bookRulesOf(adapter, spec.account);
    const rest = this.hub.rest(exchange);
    const tracker = createOrderbookTracker({
      exchange: adapter.id,
      spec,
      rules,
      fetchSnapshot: async () => ({
        ...(await rest.book(spec.account, spec.native, rules.restDepth ?? 1000)),
        symbol: spec.symbol,
      }),
      resubscribe: () => {
        series.subscription?.close();
        series.subscription = this.hub.start(exchange, spec, (event) => tracker.onEvent(event));
      },
      emit: broadcast,
      onSnapshotError: (error, attempt) =>
        this.#options.onDiagnostic?.({
          level: "warn",
          exchange: adapter.id,
          account: spec.account,
          code: "snapshot-error",
          message: `${adapter.id} ${spec.symbol} book snapshot failed (attempt ${attempt}): ${error.message}`,
        }),
    });
    series.tracker = tracker;
    series.subscription = this.hub.start(exchange, spec, (event) => tracker.onEvent(event));
  }

  /** Stops every stream and closes every socket. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    for (const series of this.#series.values()) {
      series.tracker?.close();
      series.subscription?.close();
      for (const consumer of series.consumers) consumer.end();
    }
    this.#series.clear();
    await this.hub.shutdownAll();
  }
}
