// One live series (exchange, account, symbol, kind[, interval]) shared by all its consumers: one hub subscription,
// one set of writers, the book tracker for books, warm-start before live, auto-heal on reconnect / silence / stream
// error (live events are held while history or a backfill is fetched, so consumers and day files stay in time
// order), dedup where history meets live, and gap records for what could not be recovered.

import {
  type BarEvent,
  Dig3Error,
  type GapEvent,
  INTERVAL_MS,
  type MarketDataEvent,
  type MarketEvent,
  nowUs,
  type ReconnectEvent,
  type StreamSpec,
} from "../core/index.ts";
import { bookRulesOf } from "../exchanges/_shared/adapter.ts";
import type { ExchangeHub, HubDiagnostic, HubSubscription } from "../hub/index.ts";
import type { BookRecord, GapReason } from "../records/index.ts";
import { openSeriesReader } from "../storage/index.ts";
import { createEmitMemory } from "./dedup.ts";
import {
  type Backfill,
  backfillFunding,
  backfillKlines,
  backfillTrades,
  type GapSpan,
  type HealTrigger,
  isBackfillable,
  MAX_TRADE_PAGES,
  reasonOfFailure,
} from "./heal.ts";
import type { StationSettings } from "./options.ts";
import { createOrderbookTracker, type OrderbookTracker } from "./orderbook-tracker.ts";
import {
  createGapSink,
  type GapSink,
  listSeriesOfStream,
  openSeriesSink,
  type SeriesSink,
  seriesKeyOf,
} from "./persistence.ts";
import { type HistoryContext, readDiskHistory, readRestHistory } from "./warm-start.ts";

/** Where a series delivers: a consumer's queue, or a derived series. */
/** How long a backfill may hold a series' live events before its window is written as a gap instead. */
const BACKFILL_BUDGET_MS = 5_000;

export interface EventSink {
  push(event: MarketEvent): void;
  end(): void;
}

export type StationDiagnostic = HubDiagnostic;

// ── broadcaster ────────────────────────────────────────────────────────────────────────────────────────────────

/** Consumers of a series and the ring of its last events, replayed to a consumer that joins late. */
export interface Broadcaster {
  readonly size: number;
  /** Adds a consumer; with `replay`, it first gets the ring (flagged `origin: "warm-memory"`). */
  add(sink: EventSink, replay: boolean): void;
  remove(sink: EventSink): void;
  /** A control event: to every consumer, not kept. */
  deliver(event: MarketEvent): void;
  /** A data event: to every consumer, and kept in the ring. */
  deliverData(event: MarketDataEvent | BarEvent): void;
  end(): void;
}

/** `sameSlot`: true when the new event replaces the ring's last one (a kline or bar update of the same open time). */
export function createBroadcaster(
  ringCapacity: number,
  sameSlot?: (previous: MarketEvent, next: MarketEvent) => boolean,
): Broadcaster {
  const sinks = new Set<EventSink>();
  const ring: MarketEvent[] = [];
  return {
    get size() {
      return sinks.size;
    },
    add(sink, replay) {
      if (replay) for (const event of ring) sink.push({ ...event, origin: "warm-memory" } as MarketEvent);
      sinks.add(sink);
    },
    remove(sink) {
      sinks.delete(sink);
    },
    deliver(event) {
      for (const sink of sinks) sink.push(event);
    },
    deliverData(event) {
      if (ringCapacity > 0) {
        const last = ring[ring.length - 1];
        if (last && sameSlot?.(last, event)) ring[ring.length - 1] = event;
        else {
          ring.push(event);
          if (ring.length > ringCapacity) ring.shift();
        }
      }
      for (const sink of sinks) sink.push(event);
    },
    end() {
      for (const sink of sinks) sink.end();
      sinks.clear();
      ring.length = 0;
    },
  };
}

function isSameKlineSlot(previous: MarketEvent, next: MarketEvent): boolean {
  return previous.kind === "kline" && next.kind === "kline" && previous.openTimeMs === next.openTimeMs;
}

// ── series ─────────────────────────────────────────────────────────────────────────────────────────────────────

export interface SeriesContext {
  hub: ExchangeHub;
  exchange: string;
  spec: StreamSpec;
  settings: StationSettings;
  diagnose(diagnostic: Omit<StationDiagnostic, "exchange" | "account" | "stream">): void;
  /** True while the socket of this series' exchange and account is known to be down (silence is then expected). */
  isSocketDown(): boolean;
  /** Told about every `reconnect` the series sees (its socket is up again). */
  onSocketUp(): void;
  nowMs?: () => number;
}

export interface SeriesStats {
  /** Live events dropped as duplicates of history. */
  duplicates: number;
  backfilled: number;
  gaps: number;
  heals: number;
  silences: number;
}

export interface Series {
  readonly key: string;
  readonly exchange: string;
  readonly spec: StreamSpec;
  readonly consumerCount: number;
  readonly stats: Readonly<SeriesStats>;
  /** Resolves once warm-start is delivered and live flows (for tests and callers that want to wait). */
  readonly ready: Promise<void>;
  addConsumer(sink: EventSink): void;
  removeConsumer(sink: EventSink): void;
  /** Subscribes and starts warm-start. */
  start(): void;
  checkSilence(nowMs: number): void;
  /** A frame on this series' socket could not be decoded: a trade or bar may be lost. */
  onStreamError(): void;
  flush(): void;
  close(): void;
}

/** Live events held while history is fetched, at most; past it they are released unhealed. */
const MAX_HELD_EVENTS = 200_000;
/** Trades read from disk at start for dedup against the first REST page, even without warm-start. */
const DEDUP_SEED_TRADES = 1000;

type Phase = "starting" | "live" | "healing" | "closed";

interface HealRun {
  trigger: HealTrigger;
  fromMs: number;
  waitingLive: boolean;
  /** The one more backfill a silence heal asked for when live resumed (it asks for no further one). */
  isResume: boolean;
  timer: ReturnType<typeof setTimeout> | undefined;
}

function isDataEvent(event: MarketEvent): boolean {
  return event.kind !== "reconnect" && event.kind !== "book_resync" && event.kind !== "gap";
}

/** Creates a series and opens its writers (throws E_LOCKED when another process writes one of them). */
export function createSeries(key: string, context: SeriesContext): Series {
  const { hub, exchange, spec, settings } = context;
  const nowMs = context.nowMs ?? Date.now;
  const heal = settings.heal;
  const persistence = settings.persistence;
  const isPersisted = persistence?.kinds[spec.kind] === true;
  const diagnose = context.diagnose;
  const label = `${exchange} ${spec.account} ${spec.symbol} ${spec.kind}${spec.interval ? ` ${spec.interval}` : ""}`;
  const sink: SeriesSink | undefined =
    persistence && isPersisted
      ? openSeriesSink({ settings: persistence, exchange, spec, onDiagnostic: diagnose, nowMs })
      : undefined;
  const gapSink: GapSink | undefined =
    persistence && isPersisted && persistence.gaps
      ? createGapSink({ settings: persistence, exchange, spec, onDiagnostic: diagnose })
      : undefined;
  const memory = createEmitMemory({
    matchContent: hub.adapter(exchange).rest.makesTradeIds?.(spec.account) ?? false,
  });
  const broadcaster = createBroadcaster(
    settings.warmStart,
    spec.kind === "kline" ? isSameKlineSlot : undefined,
  );
  const stats: SeriesStats = { duplicates: 0, backfilled: 0, gaps: 0, heals: 0, silences: 0 };
  const settleMs = heal?.settleMs ?? 1500;
  const history: HistoryContext = { exchange, spec, nowMs: nowMs() };

  let phase: Phase = "starting";
  let held: MarketEvent[] = [];
  let subscription: HubSubscription | undefined;
  let tracker: OrderbookTracker | undefined;
  let lastActivityAtMs = nowMs();
  /**
   * Silences in a row with no event between them. Each one doubles the wait before the next resubscribe (up to
   * 32×): a resubscribe needs time to go out through the venue's paced send queue, and resubscribing faster than
   * that keeps the channel unsubscribed for good (a silence storm).
   */
  let silenceStreak = 0;
  let healRun: HealRun | undefined;
  let pendingTrigger: HealTrigger | undefined;
  /** Set when a silence heal ended before live brought anything newer than REST: the next live event runs one more
   *  backfill. */
  let resumeTrigger: HealTrigger | undefined;
  /** A span known lost, closed by the next live data event (books: the next snapshot). */
  let openGap: { fromMs: number; reason: GapReason } | undefined;
  let nextBookGapReason: GapReason | undefined;
  let liveWaiter: (() => void) | undefined;
  let resolveReady: () => void = () => {};
  const ready = new Promise<void>((resolve) => {
    resolveReady = resolve;
  });

  /** Re-read after every await (a consumer may close the series meanwhile). */
  function isClosed(): boolean {
    return phase === "closed";
  }

  // ── delivery ──

  function emit(event: MarketDataEvent, persist: boolean): void {
    memory.remember(event);
    if (persist) sink?.write(event);
    broadcaster.deliverData(event);
  }

  function recordGap(span: GapSpan): void {
    if (!(span.toMs > span.fromMs)) return;
    stats.gaps++;
    const event: GapEvent = {
      kind: "gap",
      exchange,
      account: spec.account,
      symbol: spec.symbol,
      tsMs: nowMs(),
      recvTsUs: nowUs(),
      stream: spec.kind,
      fromMs: span.fromMs,
      toMs: span.toMs,
      reason: span.reason,
    };
    gapSink?.write(event, spec.interval);
    broadcaster.deliver(event);
    diagnose({
      level: "info",
      code: "gap",
      message: `${label}: ${span.toMs - span.fromMs} ms not recoverable (${span.reason}) from ${new Date(span.fromMs).toISOString()}`,
    });
  }

  function openGapIfNone(fromMs: number, reason: GapReason): void {
    openGap ??= { fromMs, reason };
  }

  /** Passes one event on in live order: dedup, gap bookkeeping, persistence, delivery. */
  function pass(event: MarketEvent): void {
    switch (event.kind) {
      case "book_resync":
        if (spec.kind === "book") {
          openGapIfNone(memory.lastTsMs ?? event.tsMs, nextBookGapReason ?? "book_resync");
          nextBookGapReason = undefined;
        }
        broadcaster.deliver(event);
        return;
      case "reconnect":
      case "gap":
        broadcaster.deliver(event);
        return;
      case "bar":
        return;
      default:
        break;
    }
    if (memory.isDuplicate(event)) {
      stats.duplicates++;
      return;
    }
    if (openGap) {
      if (spec.kind !== "book") {
        recordGap({ fromMs: openGap.fromMs, toMs: event.tsMs, reason: openGap.reason });
        openGap = undefined;
      } else if (event.kind === "book" && event.type === "snapshot") {
        recordGap({
          fromMs: openGap.fromMs,
          toMs: Math.max(event.tsMs, openGap.fromMs),
          reason: openGap.reason,
        });
        openGap = undefined;
      }
    }
    if (event.kind === "book" && event.type === "snapshot") nextBookGapReason = undefined;
    emit(event, true);
  }

  function release(): void {
    if (phase === "closed") return;
    phase = "live";
    healRun = undefined;
    const queue = held;
    held = [];
    for (let i = 0; i < queue.length; i++) {
      if (phase !== "live") {
        held.push(...queue.slice(i));
        break;
      }
      pass(queue[i]!);
    }
    if (pendingTrigger && phase === "live") {
      const trigger = pendingTrigger;
      pendingTrigger = undefined;
      startHeal(trigger);
    }
  }

  // ── input from the hub (or the tracker) ──

  function onInput(event: MarketEvent): void {
    if (phase === "closed") return;
    if (event.kind === "reconnect") onReconnect(event);
    const isData = isDataEvent(event);
    if (isData) {
      lastActivityAtMs = nowMs();
      silenceStreak = 0;
    }
    if (isData && phase === "live" && resumeTrigger) {
      // The last heal ran before live came back: what the venue made since its REST call is fetched now.
      const trigger = resumeTrigger;
      resumeTrigger = undefined;
      startHeal(trigger, undefined, true);
    }
    // A reconnect is news now: it goes out at once even while live data waits behind a backfill.
    if (phase === "live" || event.kind === "reconnect") {
      pass(event);
      return;
    }
    held.push(event);
    if (isData) {
      if (liveWaiter) liveWaiter();
      if (healRun?.waitingLive) runHealNow();
    }
    if (held.length > MAX_HELD_EVENTS) {
      diagnose({
        level: "warn",
        code: "heal-overflow",
        message: `${label}: history took too long; live released`,
      });
      release();
    }
  }

  function onReconnect(event: ReconnectEvent): void {
    context.onSocketUp();
    if (spec.kind === "book") {
      nextBookGapReason = "disconnect";
      return;
    }
    if (heal && isBackfillable(spec.kind)) startHeal("disconnect", event.downSinceMs);
    // Nothing to fetch back: the outage itself is what the stream lost.
    else recordGap({ fromMs: event.downSinceMs, toMs: event.upAtMs, reason: "disconnect" });
  }

  // ── heal ──

  function startHeal(trigger: HealTrigger, downSinceMs?: number, isResume = false): void {
    if (phase === "closed") return;
    if (phase !== "live") {
      pendingTrigger ??= trigger;
      return;
    }
    stats.heals++;
    phase = "healing";
    const run: HealRun = {
      trigger,
      fromMs: memory.lastTsMs ?? downSinceMs ?? nowMs(),
      waitingLive: true,
      isResume,
      timer: undefined,
    };
    run.timer = setTimeout(runHealNow, settleMs);
    healRun = run;
  }

  function runHealNow(): void {
    const run = healRun;
    if (!run?.waitingLive) return;
    run.waitingLive = false;
    clearTimeout(run.timer);
    void completeHeal(run);
  }

  function firstHeldTsMs(): number {
    return held.find(isDataEvent)?.tsMs ?? nowMs();
  }

  async function fetchBackfill(trigger: HealTrigger, fromMs: number): Promise<Backfill> {
    let budgetTimer: ReturnType<typeof setTimeout> | undefined;
    // Live events wait behind a backfill, and a venue answering 429 with Retry-After can stall REST for minutes:
    // past the budget the window becomes a gap and live data flows again (a late REST answer is ignored).
    const budget = new Promise<never>((_, reject) => {
      budgetTimer = setTimeout(
        () => reject(new Dig3Error("E_TIMEOUT", `backfill took longer than ${BACKFILL_BUDGET_MS} ms`)),
        BACKFILL_BUDGET_MS,
      );
    });
    try {
      return await Promise.race([fetchBackfillUnbounded(trigger, fromMs), budget]);
    } catch (error) {
      diagnose({
        level: "warn",
        code: "backfill-error",
        message: `${label}: backfill failed: ${(error as Error).message}`,
      });
      return { events: [], gaps: [{ fromMs, toMs: firstHeldTsMs(), reason: reasonOfFailure(error) }] };
    } finally {
      clearTimeout(budgetTimer);
    }
  }

  /** Whether the venue's REST pages trades back for this account. */
  function canPageTrades(): boolean {
    return hub.adapter(exchange).rest.canPageTrades?.(spec.account) ?? false;
  }

  async function fetchBackfillUnbounded(trigger: HealTrigger, fromMs: number): Promise<Backfill> {
    const rest = hub.rest(exchange);
    switch (spec.kind) {
      case "trade":
        return await backfillTrades(rest, spec, {
          fromMs,
          limit: heal?.tradeLimit ?? 1000,
          memory,
          // Older pages only while half the budget is left, so the last one asked for still fits in it.
          paging: canPageTrades()
            ? { maxPages: MAX_TRADE_PAGES, stopAtMs: nowMs() + BACKFILL_BUDGET_MS / 2, nowMs }
            : undefined,
        });
      case "kline": {
        const intervalMs = INTERVAL_MS[spec.interval ?? "1m"] ?? 60_000;
        const fromOpenMs = memory.lastKlineOpenMs ?? Math.floor(fromMs / intervalMs) * intervalMs;
        return await backfillKlines(rest, spec, {
          fromOpenMs,
          nowMs: nowMs(),
          maxPages: heal?.maxKlinePages ?? 10,
        });
      }
      case "funding_rate": {
        const result = await backfillFunding(rest, spec, { fromMs, nowMs: nowMs(), memory });
        // Settlements are recoverable; the live predicted-rate points of the window are not.
        result.gaps.push({ fromMs, toMs: firstHeldTsMs(), reason: trigger });
        return result;
      }
      default:
        return { events: [], gaps: [{ fromMs, toMs: firstHeldTsMs(), reason: trigger }] };
    }
  }

  /** Records the backfill's gaps, then emits and persists its events (oldest first); returns what was emitted. */
  function applyBackfill(result: Backfill, trigger: HealTrigger, deliver: boolean): MarketDataEvent[] {
    for (const gap of result.gaps) {
      recordGap(
        trigger === "process_down" && gap.reason === "backfill_unsupported"
          ? { ...gap, reason: trigger }
          : gap,
      );
    }
    const emitted: MarketDataEvent[] = [];
    for (const event of result.events) {
      if (memory.isDuplicate(event)) continue;
      stats.backfilled++;
      if (deliver) emit(event, true);
      else {
        memory.remember(event);
        sink?.write(event);
      }
      emitted.push(event);
    }
    const lastKline = emitted.findLast((event) => event.kind === "kline");
    if (lastKline) memory.raiseFloor(lastKline);
    if (emitted.length > 0) {
      diagnose({
        level: "info",
        code: "backfill",
        message: `${label}: ${emitted.length} events recovered from REST after ${trigger}`,
      });
    }
    return emitted;
  }

  async function completeHeal(run: HealRun): Promise<void> {
    const result = await fetchBackfill(run.trigger, run.fromMs);
    if (phase === "closed") return;
    applyBackfill(result, run.trigger, true);
    // After a silence the venue may still be holding back: what it makes before live resumes is fetched then. Live
    // has resumed only if it brought something newer than REST did: a resubscribe can be answered at once with a
    // replay of recent trades (Crypto.com, Kraken) while the stream itself stays silent. When live did resume, the
    // REST call came after its first event, so this costs one more call per silence, never a chain of them.
    if (run.trigger === "silence" && !run.isResume) {
      let newestRecoveredMs = run.fromMs;
      for (const event of result.events) if (event.tsMs > newestRecoveredMs) newestRecoveredMs = event.tsMs;
      const hasNewerLive = held.some((event) => isDataEvent(event) && event.tsMs > newestRecoveredMs);
      if (!hasNewerLive) resumeTrigger = run.trigger;
    }
    release();
  }

  // ── start: warm-start and the process-down heal ──

  function waitForLive(): Promise<void> {
    if (held.some(isDataEvent)) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(done, settleMs);
      function done() {
        clearTimeout(timer);
        liveWaiter = undefined;
        resolve();
      }
      liveWaiter = done;
    });
  }

  /** The last `count` of disk history and the process-down backfill (backfill wins per kline open time). */
  function mergeHistory(
    disk: MarketDataEvent[],
    recovered: MarketDataEvent[],
    count: number,
  ): MarketDataEvent[] {
    const all = [...disk, ...recovered].sort((a, b) => a.tsMs - b.tsMs);
    if (spec.kind !== "kline") return all.slice(-count);
    const byOpen = new Map<number, MarketDataEvent>();
    for (const event of [...disk, ...recovered])
      if (event.kind === "kline") byOpen.set(event.openTimeMs, event);
    return [...byOpen.values()]
      .sort((a, b) => (a as { openTimeMs: number }).openTimeMs - (b as { openTimeMs: number }).openTimeMs)
      .slice(-count);
  }

  async function readLastBookTsMs(): Promise<number | undefined> {
    if (!persistence) return undefined;
    const deltas = listSeriesOfStream(spec)[0]!;
    const reader = openSeriesReader<BookRecord>({ ...seriesKeyOf(persistence.root, exchange, spec, deltas) });
    const [last] = await reader.tail(1);
    return last?.tsMs;
  }

  async function warmUp(): Promise<void> {
    const warmCount = settings.warmStart;
    history.nowMs = nowMs();
    if (spec.kind === "book") {
      if (sink) {
        const lastTsMs = await readLastBookTsMs();
        if (lastTsMs !== undefined) openGapIfNone(lastTsMs, "process_down");
      }
      return;
    }
    const diskCount = sink ? Math.max(warmCount, spec.kind === "trade" && heal ? DEDUP_SEED_TRADES : 1) : 0;
    const disk = diskCount > 0 ? await readDiskHistory(persistence!.root, history, diskCount) : [];
    for (const event of disk) memory.remember(event);
    let recovered: MarketDataEvent[] = [];
    const lastDisk = disk[disk.length - 1];
    if (lastDisk) {
      if (heal && isBackfillable(spec.kind)) {
        await waitForLive();
        if (phase === "closed") return;
        const result = await fetchBackfill("process_down", lastDisk.tsMs);
        if (isClosed()) return;
        recovered = applyBackfill(result, "process_down", false);
      } else {
        openGapIfNone(lastDisk.tsMs, "process_down");
      }
    }
    if (warmCount === 0) return;
    let warm: MarketDataEvent[];
    if (disk.length > 0) {
      warm = mergeHistory(disk, recovered, warmCount);
    } else {
      await waitForLive();
      if (phase === "closed") return;
      history.nowMs = nowMs();
      try {
        warm = await readRestHistory(hub.rest(exchange), history, warmCount);
      } catch (error) {
        diagnose({
          level: "warn",
          code: "warm-start-error",
          message: `${label}: warm-start from REST failed: ${(error as Error).message}`,
        });
        warm = [];
      }
      for (const event of warm) memory.remember(event);
    }
    if (phase === "closed") return;
    for (const event of warm) {
      memory.raiseFloor(event);
      broadcaster.deliverData(event);
    }
  }

  // ── subscription ──

  function subscribe(): void {
    if (spec.kind !== "book") {
      subscription = hub.start(exchange, spec, onInput);
      return;
    }
    const adapter = hub.adapter(exchange);
    const rules = bookRulesOf(adapter, spec.account);
    const rest = hub.rest(exchange);
    tracker ??= createOrderbookTracker({
      exchange: adapter.id,
      spec,
      rules,
      fetchSnapshot: async () => ({
        ...(await rest.book(spec.account, spec.native, rules.restDepth ?? 1000)),
        symbol: spec.symbol,
      }),
      resubscribe: () => resubscribe(),
      emit: onInput,
      onSnapshotError: (error, attempt) =>
        diagnose({
          level: "warn",
          code: "snapshot-error",
          message: `${label}: book snapshot failed (attempt ${attempt}): ${error.message}`,
        }),
    });
    const feed = tracker;
    subscription = hub.start(exchange, spec, (event) => feed.onEvent(event));
  }

  function resubscribe(): void {
    if (phase === "closed") return;
    subscription?.close();
    subscribe();
  }

  return {
    key,
    exchange,
    spec,
    stats,
    ready,
    get consumerCount() {
      return broadcaster.size;
    },
    addConsumer(consumer) {
      broadcaster.add(consumer, phase === "live" || phase === "healing");
    },
    removeConsumer(consumer) {
      broadcaster.remove(consumer);
    },
    start() {
      subscribe();
      void warmUp()
        .catch((error) =>
          diagnose({
            level: "warn",
            code: "warm-start-error",
            message: `${label}: warm-start failed: ${(error as Error).message}`,
          }),
        )
        .finally(() => {
          release();
          resolveReady();
        });
    },
    checkSilence(now) {
      if (phase !== "live" || !heal) return;
      const thresholdMs = heal.silenceMs[spec.kind];
      const waitMs = thresholdMs * 2 ** Math.min(silenceStreak, 5);
      if (!(thresholdMs > 0) || now - lastActivityAtMs < waitMs || context.isSocketDown()) return;
      lastActivityAtMs = now;
      silenceStreak++;
      stats.silences++;
      diagnose({
        level: "info",
        code: "silence",
        message: `${label}: no event for ${waitMs} ms; resubscribing`,
      });
      resubscribe();
      if (spec.kind === "book") {
        nextBookGapReason = "silence";
        tracker?.resync(`no update for ${waitMs} ms`);
      } else if (isBackfillable(spec.kind)) {
        startHeal("silence");
      } else {
        openGapIfNone(memory.lastTsMs ?? now - thresholdMs, "silence");
      }
    },
    onStreamError() {
      if (phase === "closed" || spec.kind === "book" || !heal || !isBackfillable(spec.kind)) return;
      startHeal("stream_error");
    },
    flush() {
      sink?.flush();
    },
    close() {
      if (phase === "closed") return;
      phase = "closed";
      if (healRun?.timer) clearTimeout(healRun.timer);
      liveWaiter?.();
      tracker?.close();
      subscription?.close();
      if (openGap && sink) recordGap({ fromMs: openGap.fromMs, toMs: nowMs(), reason: openGap.reason });
      sink?.close();
      gapSink?.close();
      broadcaster.end();
      resolveReady();
    },
  };
}
