// `dig3 capture --config capture.toml`: many streams into day files through one persisting Station, for cron. Runs
// for --duration or until SIGTERM / SIGINT, then flushes everything and prints a summary per stream (events, records
// written, reconnects, gaps, resyncs, errors). Exit 1 when a stream never produced data.

import { join, resolve } from "node:path";
import { defineCommand } from "citty";
import {
  type Account,
  Dig3Error,
  type MarketEvent,
  parseDurationSeconds,
  type StreamKind,
} from "../../core/index.ts";
import { recordForStream } from "../../records/index.ts";
import type { HubDiagnostic, SubscribeReport, SubscriptionRequest } from "../../station/index.ts";
import { countSeriesRecords } from "../../tools/index.ts";
import { commonArgs, jsonArg, stationArgs } from "../args.ts";
import { describeRequest, EXAMPLE_CAPTURE_TOML, parseCaptureConfig } from "../capture-config.ts";
import { accountFor, createStationBuilder, logDiagnostic, readStationFlags } from "../context.ts";
import {
  colors,
  formatBytes,
  formatCount,
  formatDateTime,
  formatSpanMs,
  isStderrTty,
  logger,
  printError,
  printJson,
  printLine,
  renderTable,
} from "../output.ts";
import { createRawRecorder, type RawRecorder } from "../raw-recorder.ts";

const DERIVATIVE_KINDS: ReadonlySet<string> = new Set([
  "mark_price",
  "funding_rate",
  "open_interest",
  "liquidation",
]);

interface StreamStats {
  exchange: string;
  account: Account;
  symbol: string;
  native: string;
  kind: StreamKind;
  interval: string | undefined;
  events: number;
  written: number;
  reconnects: number;
  gaps: number;
  resyncs: number;
  errors: number;
  /** Day-file writes that failed (disk full, permissions): records of this stream may be missing on disk. */
  persistErrors: number;
  firstEventMs: number | undefined;
  lastEventMs: number | undefined;
  status: "ok" | "no data" | "not written";
  /** Records on disk before the capture started (to measure what it wrote). */
  recordsBefore: number;
}

export const captureArgs = {
  config: {
    type: "string",
    description: "the capture config (TOML): storage root, defaults and [[streams]] (see --example)",
    valueHint: "file",
  },
  example: { type: "boolean", description: "print an example capture.toml and exit" },
  duration: {
    type: "string",
    description: "stop after this long: 30s, 15m, 1h (default: until SIGTERM or Ctrl-C)",
    valueHint: "duration",
  },
  ...stationArgs,
  persist: { ...stationArgs.persist, description: "write day files: true or false (default true)" },
  ...jsonArg,
  ...commonArgs,
} as const;

export default defineCommand({
  meta: { name: "capture" },
  args: {
    ...captureArgs,
    raw: {
      type: "boolean",
      description:
        "also record the venue's raw frames and REST bodies as NDJSON under <root>/raw/ (for 'dig3 decode')",
    },
  },
  run({ args }) {
    return runCapture(args, { rawOnly: false, raw: Boolean(args.raw) });
  },
});

export interface CaptureArgs {
  config?: string;
  example?: boolean;
  duration?: string;
  json?: boolean;
  out?: string;
  "storage-root"?: string;
  "warm-start"?: string;
  persist?: string;
  "gap-heal"?: string;
}

/** Capture (day files, optionally raw traffic too) or record (raw traffic only) the streams of a config. */
export async function runCapture(
  args: CaptureArgs,
  mode: { rawOnly: boolean; raw: boolean },
): Promise<number> {
  if (args.example) {
    process.stdout.write(EXAMPLE_CAPTURE_TOML);
    return 0;
  }
  const command = mode.rawOnly ? "record" : "capture";
  if (args.config === undefined) {
    throw new Dig3Error("E_BAD_INPUT", `${command} needs --config <file>`, {
      hint: `'dig3 ${command} --example > capture.toml' writes one to start from`,
    });
  }
  const file = Bun.file(args.config);
  if (!(await file.exists())) {
    throw new Dig3Error("E_FILE_NOT_FOUND", `no such file: ${args.config}`, {
      hint: `'dig3 ${command} --example > capture.toml' writes one to start from`,
    });
  }
  const config = parseCaptureConfig(await file.text(), args.config);
  const durationMs = args.duration === undefined ? undefined : parseDurationSeconds(args.duration) * 1000;
  if (mode.rawOnly && args.persist !== undefined) {
    throw new Dig3Error("E_BAD_INPUT", "record writes raw traffic only; --persist does not apply", {
      hint: "use 'dig3 capture --raw' to write day files and raw traffic",
    });
  }
  const flags = readStationFlags(args, {
    storageRoot: config.storageRoot,
    warmStart: config.warmStart,
    persist: mode.rawOnly ? false : (config.persist ?? true),
    gapHeal: config.gapHeal,
  });
  const requests: SubscriptionRequest[] = config.requests.map((request) => ({
    ...request,
    account:
      request.account ??
      accountFor(request.exchange, undefined, DERIVATIVE_KINDS.has(request.kind) ? "linear" : "spot"),
  }));

  // Signals are caught from the start, so a stop during startup still ends with a flush and a summary.
  let stopRequested = false;
  let stop: () => void = () => {
    stopRequested = true;
  };
  const onSignal = () => stop();
  process.on("SIGINT", onSignal);
  process.on("SIGTERM", onSignal);
  const removeSignals = () => {
    process.off("SIGINT", onSignal);
    process.off("SIGTERM", onSignal);
  };

  const stats: StreamStats[] = [];
  const builder = createStationBuilder(flags).onDiagnostic((diagnostic) => {
    if (diagnostic.level === "error") countError(stats, diagnostic);
    logDiagnostic(diagnostic);
  });
  const raw: RawRecorder | undefined = mode.raw || mode.rawOnly ? createRawRecorder() : undefined;
  if (raw) builder.hub(raw.hubOptions);
  const station = builder.build();
  raw?.open(args.out ? resolve(args.out) : join(station.storageRoot, "raw"));
  const startedMs = Date.now();
  let report: SubscribeReport;
  try {
    report = await station.subscribe(requests);
  } catch (error) {
    await station.close();
    raw?.close();
    removeSignals();
    throw error;
  }
  if (report.failed.length > 0) {
    await report.handle.close();
    await station.close();
    raw?.close();
    removeSignals();
    // Every failure on its own line; the last one is thrown, so its hint and exit code close the output.
    for (const failure of report.failed.slice(0, -1)) {
      printError(`${describeRequest(failure.request)}: ${failure.error.message}`);
    }
    const first = report.failed.at(-1)!;
    throw new Dig3Error(first.error.code, `${describeRequest(first.request)}: ${first.error.message}`, {
      hint: first.error.hint,
    });
  }
  for (const { spec, request } of report.ok) {
    const entry: StreamStats = {
      exchange: station.hub.adapter(request.exchange).id,
      account: spec.account,
      symbol: spec.symbol,
      native: spec.native,
      kind: spec.kind,
      interval: spec.interval,
      events: 0,
      written: 0,
      reconnects: 0,
      gaps: 0,
      resyncs: 0,
      errors: 0,
      persistErrors: 0,
      firstEventMs: undefined,
      lastEventMs: undefined,
      status: "ok",
      recordsBefore: 0,
    };
    entry.recordsBefore = flags.persist ? countRecordsOf(station.storageRoot, entry) : 0;
    stats.push(entry);
  }
  const into = [
    flags.persist ? `day files in ${station.storageRoot}` : undefined,
    raw ? `raw traffic in ${raw.path}` : undefined,
  ].filter(Boolean);
  logger.info(
    `${mode.rawOnly ? "recording" : "capturing"} ${stats.length} streams${into.length ? ` (${into.join(", ")})` : " (--persist false: nothing is written)"}${durationMs ? ` for ${formatSpanMs(durationMs)}` : ""}; stop with Ctrl-C or SIGTERM`,
  );

  const status = isStderrTty && logger.level >= 3 ? createStatusLine(stats, startedMs) : undefined;
  const handle = report.handle;
  stop = () => {
    status?.close();
    void handle.close();
  };
  if (stopRequested) stop();
  const timer = durationMs === undefined ? undefined : setTimeout(stop, durationMs);
  try {
    for await (const event of handle) record(stats, event);
  } finally {
    if (timer) clearTimeout(timer);
    status?.close();
    await station.close();
    raw?.close();
    removeSignals();
  }

  const elapsedMs = Date.now() - startedMs;
  for (const entry of stats) {
    entry.written = flags.persist
      ? Math.max(0, countRecordsOf(station.storageRoot, entry) - entry.recordsBefore)
      : 0;
    entry.status = entry.events === 0 ? "no data" : entry.persistErrors > 0 ? "not written" : "ok";
  }
  printSummary(stats, {
    json: Boolean(args.json),
    elapsedMs,
    storageRoot: flags.persist ? station.storageRoot : undefined,
    raw: raw ? { dir: raw.path!, lines: raw.lines, bytes: raw.bytes } : undefined,
  });
  const silent = stats.filter((entry) => entry.status === "no data");
  const unwritten = stats.filter((entry) => entry.status === "not written");
  if (unwritten.length > 0) {
    printError(
      `${unwritten.length} of ${stats.length} streams could not write all their records: ${unwritten.map(describeStats).join(", ")}`,
      "see the errors above (disk full, permissions); free space or fix the storage root, then 'dig3 cure --backfill' the days",
    );
  }
  if (silent.length > 0) {
    printError(
      `${silent.length} of ${stats.length} streams never produced data: ${silent.map(describeStats).join(", ")}`,
      "check the venue and symbols, and the log above for reconnects",
    );
  }
  if (silent.length > 0 || unwritten.length > 0) return 1;
  return 0;
}

function describeStats(entry: StreamStats): string {
  return describeRequest({ ...entry });
}

/** Records in the stream's day files (a book has two series: deltas and snapshots). */
function countRecordsOf(root: string, entry: StreamStats): number {
  const series =
    entry.kind === "book"
      ? [recordForStream("book", { bookType: "delta" }), recordForStream("book", { bookType: "snapshot" })]
      : [recordForStream(entry.kind, { interval: entry.interval })];
  return series.reduce(
    (sum, one) =>
      sum +
      countSeriesRecords({
        root,
        slug: one.slug,
        exchange: entry.exchange,
        account: entry.account,
        symbol: entry.native,
      }),
    0,
  );
}

function matchStats(
  stats: readonly StreamStats[],
  event: { exchange: string; account: Account; symbol: string },
  kind: StreamKind,
  interval?: string,
): StreamStats[] {
  return stats.filter(
    (entry) =>
      entry.kind === kind &&
      entry.exchange === event.exchange &&
      entry.account === event.account &&
      entry.symbol === event.symbol &&
      (interval === undefined || entry.interval === interval),
  );
}

function record(stats: readonly StreamStats[], event: MarketEvent): void {
  switch (event.kind) {
    case "reconnect":
      for (const entry of matchStats(stats, event, event.stream)) entry.reconnects++;
      logger.warn(
        `${event.exchange} ${event.account} ${event.symbol} ${event.stream}: reconnected after ${formatSpanMs(event.upAtMs - event.downSinceMs)} (${event.reason})`,
      );
      return;
    case "gap":
      for (const entry of matchStats(stats, event, event.stream)) entry.gaps++;
      logger.warn(
        `${event.exchange} ${event.account} ${event.symbol} ${event.stream}: gap ${formatDateTime(event.fromMs)} +${formatSpanMs(event.toMs - event.fromMs)} (${event.reason})`,
      );
      return;
    case "book_resync":
      for (const entry of matchStats(stats, event, "book")) entry.resyncs++;
      return;
    case "bar":
      return;
    default: {
      if (event.origin === "warm-disk" || event.origin === "warm-rest" || event.origin === "warm-memory")
        return;
      const interval = event.kind === "kline" ? event.interval : undefined;
      for (const entry of matchStats(stats, event, event.kind, interval)) {
        entry.events++;
        entry.firstEventMs ??= Date.now();
        entry.lastEventMs = Date.now();
      }
    }
  }
}

function countError(stats: readonly StreamStats[], diagnostic: HubDiagnostic): void {
  const { stream } = diagnostic;
  if (stream) {
    // The Station says which stream: count it there alone.
    const matched = matchStats(
      stats,
      { exchange: diagnostic.exchange, account: diagnostic.account!, symbol: stream.symbol },
      stream.kind,
      stream.interval,
    );
    for (const entry of matched) {
      entry.errors++;
      if (diagnostic.code === "persist-error") entry.persistErrors++;
    }
    return;
  }
  const candidates = stats.filter(
    (entry) =>
      entry.exchange === diagnostic.exchange &&
      (diagnostic.account === undefined || entry.account === diagnostic.account),
  );
  const named = candidates.filter(
    (entry) => diagnostic.message.includes(entry.native) || diagnostic.message.includes(entry.symbol),
  );
  for (const entry of named.length > 0 ? named : candidates) entry.errors++;
}

function createStatusLine(stats: readonly StreamStats[], startedMs: number) {
  const timer = setInterval(() => {
    const events = stats.reduce((n, entry) => n + entry.events, 0);
    const reconnects = stats.reduce((n, entry) => n + entry.reconnects, 0);
    const gaps = stats.reduce((n, entry) => n + entry.gaps, 0);
    const elapsedMs = Date.now() - startedMs;
    const silent = stats.filter((entry) => entry.events === 0).length;
    process.stderr.write(
      `\r${colors.dim("capturing")} ${stats.length} streams · ${formatCount(events)} events (${(events / Math.max(1, elapsedMs / 1000)).toFixed(1)}/s) · reconnects ${reconnects} · gaps ${gaps}${silent ? ` · ${colors.yellow(`${silent} silent`)}` : ""} · ${formatSpanMs(elapsedMs)}\x1b[K`,
    );
  }, 1000);
  timer.unref?.();
  let closed = false;
  return {
    close() {
      if (closed) return;
      closed = true;
      clearInterval(timer);
      process.stderr.write("\r\x1b[K");
    },
  };
}

function printSummary(
  stats: readonly StreamStats[],
  context: {
    json: boolean;
    elapsedMs: number;
    storageRoot: string | undefined;
    raw: { dir: string; lines: number; bytes: number } | undefined;
  },
): void {
  const totals = {
    type: "totals" as const,
    streams: stats.length,
    events: 0,
    written: 0,
    reconnects: 0,
    gaps: 0,
    resyncs: 0,
    errors: 0,
    noData: 0,
    notWritten: 0,
    durationMs: context.elapsedMs,
    ...(context.storageRoot ? { storageRoot: context.storageRoot } : {}),
    ...(context.raw
      ? { rawDir: context.raw.dir, rawLines: context.raw.lines, rawBytes: context.raw.bytes }
      : {}),
  };
  for (const entry of stats) {
    totals.events += entry.events;
    totals.written += entry.written;
    totals.reconnects += entry.reconnects;
    totals.gaps += entry.gaps;
    totals.resyncs += entry.resyncs;
    totals.errors += entry.errors;
    if (entry.status === "no data") totals.noData++;
    if (entry.status === "not written") totals.notWritten++;
  }
  if (context.json) {
    for (const { recordsBefore: _before, ...entry } of stats) printJson({ type: "stream", ...entry });
    printJson(totals);
    return;
  }
  printLine(
    renderTable(
      [
        "exchange",
        "account",
        "symbol",
        "stream",
        "events",
        "written",
        "reconnects",
        "gaps",
        "resyncs",
        "errors",
        "status",
      ],
      stats.map((entry) => [
        entry.exchange,
        entry.account,
        entry.symbol,
        entry.interval ? `${entry.kind} ${entry.interval}` : entry.kind,
        formatCount(entry.events),
        formatCount(entry.written),
        entry.reconnects,
        entry.gaps,
        entry.resyncs,
        entry.errors,
        entry.status === "ok" ? colors.green("ok") : colors.red(entry.status),
      ]),
    ),
  );
  const written = context.storageRoot
    ? `${formatCount(totals.written)} records written to ${context.storageRoot}, `
    : "";
  const raw = context.raw
    ? `; ${formatCount(context.raw.lines)} raw lines (${formatBytes(context.raw.bytes)}) in ${context.raw.dir}`
    : "";
  printLine(
    `${stats.length} streams for ${formatSpanMs(context.elapsedMs)}: ${formatCount(totals.events)} events, ${written}${totals.reconnects} reconnects, ${totals.gaps} gaps, ${totals.resyncs} resyncs, ${totals.errors} errors${raw}`,
  );
}
