// `replay`: archived day files played back as the same MarketEvent stream live consumers read. Series are grouped
// from the paths (a book = its deltas and snapshots, paired by the snapshot-anchor rule), read day by day, merged in
// timestamp order, optionally paced at N× the recorded speed, and limited to a time window.

import { Dig3Error, type MarketEvent, parseAccount, type StreamKind, sleepMs } from "../core/index.ts";
import {
  type AnyRecordDef,
  type BookRecord,
  countSnapshotAnchors,
  eventOfRecord,
  type KlineRecord,
  readTimestampsMs,
  type SeriesIdentity,
  sequenceBookDay,
} from "../records/index.ts";
import { readDayFile } from "../storage/index.ts";
import { type DayFileRef, listDayFiles, resolveKind } from "./day-files.ts";

export interface ReplayOptions {
  /** Record kind for files outside the storage layout (`trades`, `klines_1m` …). */
  kind?: string;
  /** Only events with `fromMs <= tsMs < toMs`. */
  fromMs?: number;
  toMs?: number;
  /** 1 = recorded speed, 10 = ten times faster, 0 = as fast as possible (default 0). */
  speed?: number;
  /** The symbol events carry, from the directory name (`btcusdt`); default: the name upper-cased. */
  symbolOf?: (exchange: string, account: string, directorySymbol: string) => string;
  /** Stops the replay (the iterator ends). */
  signal?: AbortSignal;
  /** Told about files skipped or cut short (unreadable, unknown kind, snapshots without deltas …). */
  onWarning?: (message: string) => void;
}

export interface ReplaySeries {
  /** `book`, `trade`, `kline`, … or `gap` for the Station's gap records. */
  stream: StreamKind | "gap";
  exchange: string;
  account: string;
  /** The symbol events carry. */
  symbol: string;
  interval: string | undefined;
  days: string[];
  files: string[];
}

export interface Replay extends AsyncIterable<MarketEvent> {
  /** The series found in the paths, in the order they were first met. */
  readonly series: readonly ReplaySeries[];
}

interface SeriesPlan extends ReplaySeries {
  identity: SeriesIdentity;
  /** Day → files by role (`dat` for most kinds; `deltas` / `snapshots` for books). */
  byDay: Map<string, { dat?: DayFileRef; deltas?: DayFileRef; snapshots?: DayFileRef; def?: AnyRecordDef }>;
}

const DAY_MS = 86_400_000;

/** Plans the replay of the given files and directories (reads nothing yet); iterate the result for events. */
export function openReplay(inputs: readonly string[], options: ReplayOptions = {}): Replay {
  const forced = options.kind === undefined ? undefined : resolveKind(options.kind);
  const plans = new Map<string, SeriesPlan>();
  for (const ref of listDayFiles(inputs)) {
    const slug = forced?.slug ?? ref.slug;
    const def = forced?.def;
    const found = slug === undefined ? undefined : resolveKind(slug);
    const stream: StreamKind | "gap" | undefined = found?.def.kind === "gaps" ? "gap" : found?.def.stream;
    if (!found || !stream) {
      if (ref.isExplicit) {
        throw new Dig3Error("E_BAD_INPUT", `cannot replay ${ref.path}: its kind is not known`, {
          hint: "keep it under <root>/<kind>/<exchange>/<account>/<symbol>/, or pass --kind (trades, klines_1m …)",
        });
      }
      options.onWarning?.(`skipped ${ref.path}: not a kind replay plays`);
      continue;
    }
    const exchange = ref.exchange ?? "unknown";
    const account = ref.account ?? "spot";
    const directorySymbol = ref.symbol ?? ref.path.slice(ref.path.lastIndexOf("/") + 1).replace(/\.dat$/, "");
    const interval = forced?.interval ?? ref.interval;
    const key = `${stream}|${interval ?? ""}|${exchange}|${account}|${directorySymbol}`;
    let plan = plans.get(key);
    if (!plan) {
      const symbol = options.symbolOf?.(exchange, account, directorySymbol) ?? directorySymbol.toUpperCase();
      plan = {
        stream,
        exchange,
        account,
        symbol,
        interval,
        days: [],
        files: [],
        identity: { exchange, account: toAccount(account), symbol },
        byDay: new Map(),
      };
      plans.set(key, plan);
    }
    const day = ref.day ?? ref.path;
    const entry = plan.byDay.get(day) ?? {};
    if (def) entry.def = def;
    if (stream !== "book") entry.dat = ref;
    else if (found.def.slugBase === "orderbook_snapshots") entry.snapshots = ref;
    else entry.deltas = ref;
    plan.byDay.set(day, entry);
    plan.files.push(ref.path);
  }
  for (const plan of plans.values()) plan.days = [...plan.byDay.keys()].sort();
  const series = [...plans.values()];
  return {
    series: series.map(({ identity: _i, byDay: _b, ...rest }) => rest),
    [Symbol.asyncIterator]: () => iterateReplay(series, options)[Symbol.asyncIterator](),
  };
}

/** The events of the given day files (see `openReplay`), as an async iterator. */
export function replayEvents(
  inputs: readonly string[],
  options: ReplayOptions = {},
): AsyncIterable<MarketEvent> {
  return openReplay(inputs, options);
}

function toAccount(text: string) {
  try {
    return parseAccount(text);
  } catch {
    return "spot" as const;
  }
}

async function* iterateReplay(
  plans: readonly SeriesPlan[],
  options: ReplayOptions,
): AsyncGenerator<MarketEvent> {
  const fromMs = options.fromMs ?? Number.NEGATIVE_INFINITY;
  const toMs = options.toMs ?? Number.POSITIVE_INFINITY;
  const heap = createHeap();
  for (const plan of plans) {
    const source = iterateSeries(plan, fromMs, toMs, options);
    const first = source.next();
    if (!first.done) heap.push({ event: first.value, source });
  }
  const speed = options.speed ?? 0;
  let startWallMs = 0;
  let startTsMs = 0;
  while (heap.size > 0) {
    if (options.signal?.aborted) return;
    const head = heap.pop()!;
    const { event } = head;
    if (speed > 0) {
      if (startWallMs === 0) {
        startWallMs = performance.now();
        startTsMs = event.tsMs;
      }
      const waitMs = startWallMs + (event.tsMs - startTsMs) / speed - performance.now();
      if (waitMs > 1) await sleepMs(waitMs, options.signal);
      if (options.signal?.aborted) return;
    }
    yield event;
    const next = head.source.next();
    if (!next.done) heap.push({ event: next.value, source: head.source });
  }
}

function* iterateSeries(
  plan: SeriesPlan,
  fromMs: number,
  toMs: number,
  options: ReplayOptions,
): Generator<MarketEvent> {
  for (const day of plan.days) {
    const dayStartMs = Date.parse(`${day}T00:00:00Z`);
    // A kline record of the day's last bar is stamped at its close, which may fall in the next day.
    if (Number.isFinite(dayStartMs) && (dayStartMs + 2 * DAY_MS <= fromMs || dayStartMs >= toMs)) continue;
    const files = plan.byDay.get(day)!;
    try {
      for (const event of iterateDay(plan, files, options)) {
        if (event.tsMs >= fromMs && event.tsMs < toMs) yield event;
      }
    } catch (error) {
      options.onWarning?.(
        `${plan.files[0] ?? day}: ${(error as Error).message}; the rest of ${day} is skipped`,
      );
    }
  }
}

function* iterateDay(
  plan: SeriesPlan,
  files: { dat?: DayFileRef; deltas?: DayFileRef; snapshots?: DayFileRef; def?: AnyRecordDef },
  options: ReplayOptions,
): Generator<MarketEvent> {
  const read = (ref: DayFileRef) => readDayFile(ref.path, files.def ? { def: files.def } : {});
  if (plan.stream === "book") {
    const deltas = files.deltas ? read(files.deltas) : undefined;
    const snapshots = files.snapshots ? read(files.snapshots) : undefined;
    const anchors = deltas ? countSnapshotAnchors(deltas.dat, deltas.def as AnyRecordDef) : 0;
    if (deltas && !snapshots && anchors > 0) {
      options.onWarning?.(
        `${files.deltas!.path}: no snapshots file for this day; the book starts incomplete`,
      );
    }
    const records = sequenceBookDay(
      deltas ? lazyDecode<BookRecord>(deltas) : [],
      snapshots ? lazyDecode<BookRecord>(snapshots) : [],
      anchors > 0,
    );
    for (const record of records) yield eventOfRecord("book", plan.identity, record)!;
    return;
  }
  const report = read(files.dat!);
  if (plan.stream === "kline") {
    // The last record per open time wins; bars come out in open-time order, stamped at their close.
    const def = report.def as AnyRecordDef;
    const opens = readTimestampsMs(report.dat, def);
    const last = new Map<number, number>();
    for (let i = 0; i < opens.length; i++) last.set(opens[i]!, i);
    const view = new DataView(report.dat.buffer, report.dat.byteOffset, report.dat.byteLength);
    for (const open of [...last.keys()].sort((a, b) => a - b)) {
      const record = def.decode(view, last.get(open)! * def.size) as KlineRecord;
      yield eventOfRecord("kline", plan.identity, record, plan.interval)!;
    }
    return;
  }
  for (const record of lazyDecode<unknown>(report)) {
    const event = eventOfRecord(plan.stream, plan.identity, record, plan.interval);
    if (event) yield event;
  }
}

function* lazyDecode<T>(report: ReturnType<typeof readDayFile>): Generator<T> {
  const def = report.def as AnyRecordDef;
  const view = new DataView(report.dat.buffer, report.dat.byteOffset, report.dat.byteLength);
  for (let i = 0; i < report.records; i++) yield def.decode(view, i * def.size, report.blob) as T;
}

interface HeapItem {
  event: MarketEvent;
  source: Generator<MarketEvent>;
  order?: number;
}

/** A min-heap on (tsMs, insertion order), so equal times keep their series order. */
function createHeap() {
  const items: HeapItem[] = [];
  let counter = 0;
  const less = (a: HeapItem, b: HeapItem) =>
    a.event.tsMs < b.event.tsMs || (a.event.tsMs === b.event.tsMs && a.order! < b.order!);
  return {
    get size() {
      return items.length;
    },
    push(item: HeapItem) {
      item.order = counter++;
      items.push(item);
      let i = items.length - 1;
      while (i > 0) {
        const parent = (i - 1) >> 1;
        if (!less(items[i]!, items[parent]!)) break;
        [items[i], items[parent]] = [items[parent]!, items[i]!];
        i = parent;
      }
    },
    pop(): HeapItem | undefined {
      const top = items[0];
      const last = items.pop();
      if (items.length > 0 && last) {
        items[0] = last;
        let i = 0;
        for (;;) {
          const left = 2 * i + 1;
          const right = left + 1;
          let smallest = i;
          if (left < items.length && less(items[left]!, items[smallest]!)) smallest = left;
          if (right < items.length && less(items[right]!, items[smallest]!)) smallest = right;
          if (smallest === i) break;
          [items[i], items[smallest]] = [items[smallest]!, items[i]!];
          i = smallest;
        }
      }
      return top;
    },
  };
}
