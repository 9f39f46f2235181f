// Persistence of a station series: event → record (src/records), appended through src/storage to
// `<root>/<slug>/<exchange>/<account>/<native symbol>/<day>.dat`. Books write every verified delta (52 B, ids and
// checksum) and every verified snapshot (20 B Rust layout) plus a snapshot anchor among the deltas; gaps go to the
// symbol's shared `gaps` series, opened only for the moment of writing.
//
// Book snapshots: the 20 B snapshot header cannot hold the snapshot's sequence, and a snapshot and the deltas that
// bridge to it need not be in time order (a Binance spot REST snapshot is stamped with its receive time, the deltas
// buffered before it with their earlier event times). So each snapshot also writes an anchor into
// `orderbook_deltas`: a delta record with no levels, `seq` = the snapshot's sequence, `firstSeq`, `prevSeq` and
// `checksum` absent, and the snapshot's `tsMs`. The k-th anchor of a day file marks where the k-th snapshot of that
// day applies; replaying the deltas file in order with the anchors reproduces the live book at every step. To any
// other reader an anchor is a harmless empty delta.

import {
  type Dig3Error,
  type GapEvent,
  type MarketDataEvent,
  type StreamSpec,
  toDig3Error,
} from "../core/index.ts";
import {
  aggTradeRecordOf,
  bookRecordOf,
  fundingRateRecordOf,
  type GapRecord,
  gapRecordOf,
  klineRecordOf,
  liquidationRecordOf,
  markPriceRecordOf,
  openInterestRecordOf,
  RECORDS,
  type RecordSeries,
  recordForEvent,
  recordForStream,
  tickerRecordOf,
  tradeRecordOf,
} from "../records/index.ts";
import { openSeriesWriter, type SeriesKey, type SeriesWriter } from "../storage/index.ts";
import type { PersistenceSettings } from "./options.ts";

/** A station diagnostic (same shape as the hub's). */
export interface SinkDiagnostic {
  level: "debug" | "info" | "warn" | "error";
  code: string;
  message: string;
}

/** The record value storage writes for a market event. */
export function recordValueOf(event: MarketDataEvent): unknown {
  switch (event.kind) {
    case "trade":
      return tradeRecordOf(event);
    case "agg_trade":
      return aggTradeRecordOf(event);
    case "book":
      return bookRecordOf(event);
    case "kline":
      return klineRecordOf(event);
    case "ticker":
      return tickerRecordOf(event);
    case "mark_price":
      return markPriceRecordOf(event);
    case "funding_rate":
      return fundingRateRecordOf(event);
    case "open_interest":
      return openInterestRecordOf(event);
    case "liquidation":
      return liquidationRecordOf(event);
  }
}

/** The storage key of a series: the venue-native symbol (sanitized and lower-cased by storage), as Rust does. */
export function seriesKeyOf(
  root: string,
  exchange: string,
  spec: StreamSpec,
  series: RecordSeries,
): SeriesKey {
  return { root, slug: series.slug, exchange, account: spec.account, symbol: spec.native };
}

/** The record series a stream writes (books: deltas first, then snapshots). */
export function listSeriesOfStream(spec: StreamSpec): RecordSeries[] {
  if (spec.kind === "book") {
    return [
      recordForStream("book", { bookType: "delta" }),
      recordForStream("book", { bookType: "snapshot" }),
    ];
  }
  return [recordForStream(spec.kind, { interval: spec.interval })];
}

export interface SeriesSink {
  /** Series directories written. */
  readonly dirs: readonly string[];
  /** Records appended so far. */
  readonly recordsAppended: number;
  /** Appends one verified event. Never throws: failures are reported once per step and error code. */
  write(event: MarketDataEvent): void;
  flush(): void;
  /** Flushes, closes the files and releases the locks. */
  close(): void;
}

export interface SinkOptions {
  settings: PersistenceSettings;
  exchange: string;
  spec: StreamSpec;
  onDiagnostic(diagnostic: SinkDiagnostic): void;
  nowMs?: () => number;
}

/** Opens the writers of one stream (E_LOCKED when another process writes one of them; nothing stays open then). */
export function openSeriesSink(options: SinkOptions): SeriesSink {
  const { settings, exchange, spec } = options;
  const nowMs = options.nowMs ?? Date.now;
  const writers = new Map<string, SeriesWriter<unknown>>();
  const label = `${exchange} ${spec.account} ${spec.native} ${spec.kind}${spec.interval ? ` ${spec.interval}` : ""}`;
  const reported = new Set<string>();
  let recordsAppended = 0;

  function report(error: Dig3Error, what: string): void {
    // Once per kind of failure and step: a full disk is said once while flushes retry, and again at close, whose
    // message counts the records that were never written.
    if (reported.has(`${what}:${error.code}`)) return;
    reported.add(`${what}:${error.code}`);
    options.onDiagnostic({
      level: "error",
      code: "persist-error",
      message: `${label}: ${what} failed: ${error.message}${error.hint ? ` (${error.hint})` : ""}`,
    });
  }

  try {
    for (const series of listSeriesOfStream(spec)) {
      const writer = openSeriesWriter<unknown>({
        ...seriesKeyOf(settings.root, exchange, spec, series),
        def: series.def,
        flushEveryMs: settings.flushEveryMs,
        onRecovered: (torn) =>
          options.onDiagnostic({
            level: "warn",
            code: "torn-tail",
            message: `${torn.path}: cut a torn tail of ${torn.cutBytes} bytes (${torn.reason}); ${torn.keptBytes} bytes kept`,
          }),
        onError: (error) => report(error, "flush"),
      });
      writers.set(series.slug, writer);
    }
  } catch (error) {
    for (const writer of writers.values()) closeQuietly(writer);
    throw toDig3Error(error);
  }

  let lastKlineOpenMs: number | undefined;
  let lastKlineWrittenAtMs = 0;

  function shouldWriteKline(event: MarketDataEvent & { kind: "kline" }): boolean {
    const every = settings.klineUpdateEveryMs;
    if (every <= 0 || event.closed || event.origin === "backfill") return true;
    if (event.openTimeMs !== lastKlineOpenMs) return true;
    return nowMs() - lastKlineWrittenAtMs >= every;
  }

  function append(series: RecordSeries, value: unknown): void {
    const writer = writers.get(series.slug);
    // Closed by the process exit flush (a signal): the process is ending, nothing more is written.
    if (!writer || writer.isClosed) return;
    try {
      writer.append(value);
      recordsAppended++;
    } catch (error) {
      report(toDig3Error(error), "append");
    }
  }

  return {
    dirs: [...writers.values()].map((writer) => writer.dir),
    get recordsAppended() {
      return recordsAppended;
    },
    write(event) {
      if (event.kind === "kline") {
        if (!shouldWriteKline(event)) return;
        lastKlineOpenMs = event.openTimeMs;
        lastKlineWrittenAtMs = nowMs();
      }
      const series = recordForEvent(event);
      append(series, recordValueOf(event));
      if (event.kind === "book" && event.type === "snapshot") {
        // The anchor: where this snapshot applies among the deltas, with the sequence the 20 B header cannot hold.
        append(recordForStream("book", { bookType: "delta" }), {
          tsMs: event.tsMs,
          type: "delta",
          bids: [],
          asks: [],
          seq: event.seq,
          firstSeq: undefined,
          prevSeq: undefined,
          checksum: undefined,
        });
      }
    },
    flush() {
      for (const writer of writers.values()) {
        try {
          writer.flush();
        } catch (error) {
          report(toDig3Error(error), "flush");
        }
      }
    },
    close() {
      for (const writer of writers.values()) {
        try {
          writer.close();
        } catch (error) {
          report(toDig3Error(error), "close");
        }
      }
    },
  };
}

function closeQuietly(writer: SeriesWriter<unknown>): void {
  try {
    writer.close();
  } catch {
    // Opening failed: nothing was appended.
  }
}

export interface GapSink {
  /** Queues a gap record and writes it now if the series is free (retried every second while another writer holds it). */
  write(event: GapEvent, interval?: string): void;
  /** Last attempt to write what is pending; what still cannot be written is reported. */
  close(): void;
  readonly pending: number;
}

const GAP_RETRY_MS = 1000;
const GAP_RETRIES = 60;

/**
 * The symbol's `gaps` series is shared by every stream of the symbol (and may be shared with another process that
 * captures other streams of it), so it is opened for the moment of a write and closed at once.
 */
export function createGapSink(options: {
  settings: PersistenceSettings;
  exchange: string;
  spec: StreamSpec;
  onDiagnostic(diagnostic: SinkDiagnostic): void;
}): GapSink {
  const { settings, exchange, spec } = options;
  const key: SeriesKey = {
    root: settings.root,
    slug: RECORDS.gaps.slug(),
    exchange,
    account: spec.account,
    symbol: spec.native,
  };
  const pending: GapRecord[] = [];
  let attempts = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let closed = false;

  function tryWrite(final: boolean): void {
    timer = undefined;
    if (pending.length === 0) return;
    try {
      const writer = openSeriesWriter<GapRecord>({ ...key, def: RECORDS.gaps, flushEveryMs: 0 });
      try {
        while (pending.length > 0) {
          writer.append(pending[0]!);
          pending.shift();
        }
      } finally {
        writer.close();
      }
      attempts = 0;
    } catch (error) {
      const failure = toDig3Error(error);
      attempts++;
      if (final || attempts > GAP_RETRIES) {
        options.onDiagnostic({
          level: "error",
          code: "persist-error",
          message: `${exchange} ${spec.account} ${spec.native}: ${pending.length} gap records not written: ${failure.message}`,
        });
        pending.length = 0;
        return;
      }
      if (attempts === 1) {
        options.onDiagnostic({
          level: "warn",
          code: "persist-retry",
          message: `${exchange} ${spec.account} ${spec.native}: gap record waits (${failure.message}); retrying`,
        });
      }
      if (!closed) {
        timer = setTimeout(() => tryWrite(false), GAP_RETRY_MS);
        timer.unref?.();
      }
    }
  }

  return {
    write(event, interval) {
      if (!settings.gaps) return;
      pending.push(gapRecordOf(event, interval));
      if (timer === undefined) tryWrite(closed);
    },
    close() {
      closed = true;
      if (timer !== undefined) clearTimeout(timer);
      tryWrite(true);
    },
    get pending() {
      return pending.length;
    },
  };
}
