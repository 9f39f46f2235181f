// Station: the policy layer over the hub. `subscribe(set)` resolves and starts every stream it can (continue on
// error, each failure with its reason), multiplexes consumers of one series onto one venue subscription and one set
// of writers, and derives bars from trades. Series (series.ts) do warm-start, heal, dedup and persistence; the
// station owns the builder, the series tables, the silence watchdog and the process exit flush.

import {
  type Account,
  Dig3Error,
  type MarketEvent,
  type StreamKind,
  type StreamSpec,
  streamKeyOf,
  toDig3Error,
} from "../core/index.ts";
import { ExchangeHub, type HubDiagnostic, type HubOptions } from "../hub/index.ts";
import { installExitFlush } from "../storage/index.ts";
import {
  type BarKind,
  type BarSpec,
  createDerivedSeries,
  type DerivedSeries,
  formatBarKey,
  isBarKind,
  parseBarSpec,
} from "./derived-bars.ts";
import { createEventQueue } from "./event-queue.ts";
import {
  type GapHealOptions,
  type PersistenceConfig,
  resolveStationSettings,
  type StationOptions,
  type StationSettings,
} from "./options.ts";
import { createSeries, type EventSink, type Series } from "./series.ts";

export type { GapHealOptions, PersistenceConfig, StationOptions } from "./options.ts";

export interface SubscriptionRequest {
  exchange: string;
  /** Default `spot`. */
  account?: Account;
  /** A venue stream, or a bar derived from the symbol's trades. */
  kind: StreamKind | BarKind;
  /** Canonical (`BTC/USDT`) or raw native (`BTCUSDT`). */
  symbol: string;
  /** Kline interval (default `1m`); footprint bucket (default `1m`). */
  interval?: string;
  depth?: number;
  /** range_bar: price range; tick_bar: trades per bar; volume_bar: base volume per bar. */
  barSize?: number;
}

export interface SubscribeReport {
  /** `spec` is the venue stream; for a derived bar it is the trade stream the bars come from, and `bar` is set. */
  ok: { request: SubscriptionRequest; spec: StreamSpec; bar?: BarSpec }[];
  failed: { request: SubscriptionRequest; error: Dig3Error }[];
  handle: StationHandle;
}

/** The consumer's side of a subscription: an async iterator of events, closable. */
export interface StationHandle extends AsyncIterable<MarketEvent> {
  close(): Promise<void>;
  /** Events dropped because this consumer fell more than the queue capacity behind. */
  readonly dropped: number;
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

  /** Day-file root; default `DIG3_STORAGE_ROOT`, else `./dig3_storage`. */
  storageRoot(path: string): this {
    this.#options.storageRoot = path;
    return this;
  }

  /** `true`: every stream kind; or a per-kind config. Default off. */
  persistence(config: boolean | PersistenceConfig): this {
    this.#options.persistence = config;
    return this;
  }

  /** History points each consumer gets before live (day files first, else REST). Default 0. */
  warmStart(points: number): this {
    this.#options.warmStart = points;
    return this;
  }

  /** Backfill outages from REST and record what cannot be recovered. Default on. */
  gapHeal(config: boolean | GapHealOptions): this {
    this.#options.gapHeal = config;
    return this;
  }

  build(): Station {
    return new Station(this.#options);
  }
}

/** The process exit flush is installed once, however many persisting stations run. */
let exitFlushUsers = 0;
let removeExitFlush: (() => void) | undefined;

function acquireExitFlush(onError: (message: string) => void): void {
  if (exitFlushUsers++ > 0) return;
  removeExitFlush = installExitFlush({
    onError: (errors) => onError(errors.map((error) => error.message).join("; ")),
  });
}

function releaseExitFlush(): void {
  if (exitFlushUsers === 0 || --exitFlushUsers > 0) return;
  removeExitFlush?.();
  removeExitFlush = undefined;
}

/** Hub diagnostics that mean a frame (maybe a trade) was lost on a socket that stays up. */
function isFrameLoss(diagnostic: HubDiagnostic): boolean {
  if (diagnostic.code === "decode-error") return true;
  return (
    diagnostic.code === "unmatched-topic" &&
    (diagnostic.message.includes("(malformed)") || diagnostic.message.includes("(not json)"))
  );
}

export class Station {
  readonly hub: ExchangeHub;
  readonly settings: StationSettings;
  readonly #options: StationOptions;
  readonly #series = new Map<string, Series>();
  readonly #derived = new Map<string, DerivedSeries>();
  /** How each derived series leaves the trade series it consumes. */
  readonly #leaveUpstream = new Map<DerivedSeries, () => void>();
  /** Sockets known down, by `exchange|account`, with when they went down. */
  readonly #socketsDown = new Map<string, number>();
  #silenceTimer: ReturnType<typeof setInterval> | undefined;
  #usesExitFlush = false;
  #closed = false;

  static builder(): StationBuilder {
    return new StationBuilder();
  }

  constructor(options: StationOptions = {}) {
    this.#options = options;
    this.settings = resolveStationSettings(options, options.hub?.env ?? process.env);
    const listener = options.onDiagnostic ?? options.hub?.onDiagnostic;
    this.hub = new ExchangeHub({
      ...options.hub,
      onDiagnostic: (diagnostic) => {
        this.#observeHub(diagnostic);
        listener?.(diagnostic);
      },
    });
    if (this.settings.persistence) {
      this.#usesExitFlush = true;
      acquireExitFlush((message) =>
        this.#diagnose({
          level: "error",
          exchange: "",
          code: "persist-error",
          message: `exit flush: ${message}`,
        }),
      );
    }
    const heal = this.settings.heal;
    if (heal) {
      const thresholds = Object.values(heal.silenceMs).filter((ms) => ms > 0);
      if (thresholds.length > 0) {
        const everyMs = Math.min(5000, Math.max(25, Math.floor(Math.min(...thresholds) / 4)));
        this.#silenceTimer = setInterval(() => this.#checkSilence(), everyMs);
        this.#silenceTimer.unref?.();
      }
    }
  }

  /** The day-file root this station writes to and warm-starts from. */
  get storageRoot(): string {
    return this.settings.storageRoot;
  }

  /** Series running now (one per venue subscription). */
  get activeSeries(): number {
    return this.#series.size;
  }

  #diagnose(diagnostic: HubDiagnostic): void {
    (this.#options.onDiagnostic ?? this.#options.hub?.onDiagnostic)?.(diagnostic);
  }

  #observeHub(diagnostic: HubDiagnostic): void {
    const where = `${diagnostic.exchange}|${diagnostic.account ?? ""}`;
    if (diagnostic.code === "socket-down") {
      if (!this.#socketsDown.has(where)) this.#socketsDown.set(where, Date.now());
      return;
    }
    if (!isFrameLoss(diagnostic)) return;
    for (const series of this.#series.values()) {
      if (series.exchange === diagnostic.exchange && series.spec.account === diagnostic.account)
        series.onStreamError();
    }
  }

  #checkSilence(): void {
    const now = Date.now();
    for (const series of this.#series.values()) series.checkSilence(now);
  }

  /** Starts every stream it can; failures (unknown symbol, wire-absent, not implemented, E_LOCKED …) are reported, not thrown. */
  async subscribe(requests: readonly SubscriptionRequest[]): Promise<SubscribeReport> {
    const queue = createEventQueue<MarketEvent>(this.settings.queueCapacity);
    const left: (() => void)[] = [];
    const ok: SubscribeReport["ok"] = [];
    const failed: SubscribeReport["failed"] = [];
    const prepared = await Promise.all(requests.map((request) => this.#prepare(request)));
    for (const entry of prepared) {
      if ("error" in entry) {
        failed.push({ request: entry.request, error: entry.error });
        continue;
      }
      try {
        left.push(
          entry.bar
            ? this.#joinDerived(entry.request.exchange, entry.spec, entry.bar, queue)
            : this.#join(entry.request.exchange, entry.spec, queue),
        );
        ok.push(
          entry.bar
            ? { request: entry.request, spec: entry.spec, bar: entry.bar }
            : { request: entry.request, spec: entry.spec },
        );
      } catch (error) {
        failed.push({ request: entry.request, error: toDig3Error(error) });
      }
    }
    let closed = false;
    const handle: StationHandle = {
      [Symbol.asyncIterator]: () => queue,
      close: async () => {
        if (closed) return;
        closed = true;
        queue.end();
        for (const leave of left) leave();
      },
      get dropped() {
        return queue.dropped;
      },
    };
    if (ok.length === 0) queue.end();
    return { ok, failed, handle };
  }

  async #prepare(
    request: SubscriptionRequest,
  ): Promise<
    | { request: SubscriptionRequest; spec: StreamSpec; bar?: BarSpec }
    | { request: SubscriptionRequest; error: Dig3Error }
  > {
    try {
      if (this.#closed)
        throw new Dig3Error("E_CLOSED", "the station is closed", { hint: "build a new station" });
      const account = request.account ?? "spot";
      if (isBarKind(request.kind)) {
        const bar = parseBarSpec(request.kind, request.barSize, request.interval);
        const spec = await this.hub.prepare({
          exchange: request.exchange,
          account,
          kind: "trade",
          symbol: request.symbol,
        });
        return { request, spec, bar };
      }
      const spec = await this.hub.prepare({ ...request, kind: request.kind, account });
      return { request, spec };
    } catch (error) {
      return { request, error: toDig3Error(error) };
    }
  }

  /** Joins (or starts) a series; returns the leave function. Throws E_LOCKED when its day files are locked. */
  #join(exchange: string, spec: StreamSpec, consumer: EventSink): () => void {
    const series = this.#acquireSeries(exchange, spec, consumer);
    let isJoined = true;
    return () => {
      if (!isJoined) return;
      isJoined = false;
      series.removeConsumer(consumer);
      if (series.consumerCount > 0 || this.#series.get(series.key) !== series) return;
      this.#series.delete(series.key);
      series.close();
    };
  }

  #acquireSeries(exchange: string, spec: StreamSpec, consumer: EventSink): Series {
    const adapter = this.hub.adapter(exchange);
    const key = `${adapter.id}|${streamKeyOf(spec.kind, spec.account, spec.symbol, spec.interval)}`;
    const existing = this.#series.get(key);
    if (existing) {
      existing.addConsumer(consumer);
      return existing;
    }
    const where = `${adapter.id}|${spec.account}`;
    const series = createSeries(key, {
      hub: this.hub,
      exchange: adapter.id,
      spec,
      settings: this.settings,
      diagnose: (diagnostic) =>
        this.#diagnose({
          ...diagnostic,
          exchange: adapter.id,
          account: spec.account,
          stream: { kind: spec.kind, symbol: spec.symbol, interval: spec.interval },
        }),
      isSocketDown: () => {
        const since = this.#socketsDown.get(where);
        // A socket still down after a minute is the hub's problem; silence is checked again.
        return since !== undefined && Date.now() - since < 60_000;
      },
      onSocketUp: () => this.#socketsDown.delete(where),
    });
    this.#series.set(key, series);
    series.addConsumer(consumer);
    series.start();
    return series;
  }

  #joinDerived(exchange: string, spec: StreamSpec, bar: BarSpec, consumer: EventSink): () => void {
    const adapter = this.hub.adapter(exchange);
    const key = `${adapter.id}|${streamKeyOf(spec.kind, spec.account, spec.symbol)}|${formatBarKey(bar)}`;
    let derived = this.#derived.get(key);
    if (derived) {
      derived.addConsumer(consumer, true);
    } else {
      const created = createDerivedSeries({
        key,
        bar,
        exchange: adapter.id,
        spec,
        ringCapacity: this.settings.warmStart,
      });
      created.addConsumer(consumer, false);
      const leaveUpstream = this.#join(exchange, spec, created);
      this.#derived.set(key, created);
      this.#leaveUpstream.set(created, leaveUpstream);
      derived = created;
    }
    const joined = derived;
    let isJoined = true;
    return () => {
      if (!isJoined) return;
      isJoined = false;
      joined.removeConsumer(consumer);
      if (joined.consumerCount > 0 || this.#derived.get(key) !== joined) return;
      this.#derived.delete(key);
      joined.close();
      this.#leaveUpstream.get(joined)?.();
      this.#leaveUpstream.delete(joined);
    };
  }

  /** Resolves once every running series has delivered its warm-start and flows live. */
  async whenReady(): Promise<void> {
    await Promise.all([...this.#series.values()].map((series) => series.ready));
  }

  /** Writes every buffered record out now (the writers also flush on their own timer and at exit). */
  flush(): void {
    for (const series of this.#series.values()) series.flush();
  }

  /** Stops every stream, flushes and closes the day files (locks released) and closes every socket. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    if (this.#silenceTimer) clearInterval(this.#silenceTimer);
    for (const derived of this.#derived.values()) derived.close();
    this.#derived.clear();
    this.#leaveUpstream.clear();
    for (const series of this.#series.values()) series.close();
    this.#series.clear();
    await this.hub.shutdownAll();
    if (this.#usesExitFlush) {
      this.#usesExitFlush = false;
      releaseExitFlush();
    }
  }
}
