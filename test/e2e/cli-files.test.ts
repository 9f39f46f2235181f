// The offline commands end to end on day files made here: inspect (one file, a tree, --json, corrupt files), cure
// (dry run, rewrite with backup, REST backfill of missing klines from the simulator) and replay (merged order,
// windows, books through their snapshot anchors), from source and from the compiled dist/dig3, plus their bad input.

import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import {
  appendFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import type { Level } from "../../src/core/index.ts";
import {
  type BookRecord,
  type GapRecord,
  type KlineRecord,
  RECORDS,
  type TradeRecord,
} from "../../src/records/index.ts";
import { openSeriesWriter } from "../../src/storage/index.ts";
import { type Sim, startSim } from "../sim/index.ts";
import { hasCompiled, parseNdjson, REPO, runCli } from "./run-cli.ts";

const DAY = "2026-01-05";
const T0 = Date.parse(`${DAY}T10:00:00Z`);
let temp: string;
let root: string;

function write<T>(
  slug: string,
  symbol: string,
  def: (typeof RECORDS)[keyof typeof RECORDS],
  records: T[],
): string {
  const writer = openSeriesWriter<T>({
    root,
    slug,
    exchange: "binance",
    account: "spot",
    symbol,
    def: def as never,
    flushEveryMs: 0,
  });
  for (const record of records) writer.append(record);
  writer.close();
  return join(root, slug, "binance", "spot", symbol, `${DAY}.dat`);
}

function trade(i: number, tsMs: number): TradeRecord {
  return {
    tsMs,
    price: 100 + (i % 7),
    size: 1 + (i % 3),
    side: i % 2 ? "sell" : "buy",
    tradeIdHashHi: 0,
    tradeIdHashLo: i + 1,
    recvTsUs: tsMs * 1000 + 5,
  };
}

function kline(openTimeMs: number, close: number): KlineRecord {
  return {
    openTimeMs,
    open: close - 1,
    high: close + 2,
    low: close - 3,
    close,
    volume: 10,
    quoteVolume: 1000,
    trades: 7,
  };
}

function levels(from: number, step: number, count: number): Level[] {
  return Array.from({ length: count }, (_, i) => [from + i * step, 1 + i] as Level);
}

/** A book day as the Station writes it: snapshot + anchor (seq 100), 20 chained deltas, a second snapshot at 200. */
function writeBook(symbol: string): void {
  const snapshots: BookRecord[] = [];
  const deltas: BookRecord[] = [];
  const snapshotOf = (tsMs: number, mid: number): BookRecord => ({
    tsMs,
    type: "snapshot",
    bids: levels(mid - 1, -1, 10),
    asks: levels(mid + 1, 1, 10),
    seq: undefined,
    firstSeq: undefined,
    prevSeq: undefined,
    checksum: undefined,
  });
  const anchor = (tsMs: number, seq: number): BookRecord => ({
    tsMs,
    type: "delta",
    bids: [],
    asks: [],
    seq,
    firstSeq: undefined,
    prevSeq: undefined,
    checksum: undefined,
  });
  snapshots.push(snapshotOf(T0, 1000));
  deltas.push(anchor(T0, 100));
  for (let i = 1; i <= 20; i++) {
    deltas.push({
      tsMs: T0 + i * 100,
      type: "delta",
      bids: [[999 - (i % 3), 5 + i]],
      asks: i === 20 ? [[1001, 0]] : [[1001 + (i % 4), 2]],
      seq: 100 + i,
      firstSeq: 100 + i,
      prevSeq: undefined,
      checksum: undefined,
    });
  }
  snapshots.push(snapshotOf(T0 + 3000, 2000));
  deltas.push(anchor(T0 + 3000, 200));
  write("orderbook_snapshots", symbol, RECORDS.orderbook_snapshots, snapshots);
  write("orderbook_deltas", symbol, RECORDS.orderbook_deltas, deltas);
}

let cleanTrades: string;
let dirtyTrades: string;
let klines: string;

beforeAll(() => {
  temp = mkdtempSync(join(tmpdir(), "dig3-cli-files-"));
  root = join(temp, "root");
  // 600 clean trades every 100 ms, then a 2-minute pause, then 100 more.
  cleanTrades = write(
    "trades",
    "btcusdt",
    RECORDS.trades,
    Array.from({ length: 700 }, (_, i) => trade(i, T0 + i * 100 + (i >= 600 ? 120_000 : 0))),
  );
  // Dirty: 3 exact duplicates, 2 records out of order, and a torn tail.
  const dirty = Array.from({ length: 50 }, (_, i) => trade(i, T0 + i * 1000));
  dirty.push(dirty[10]!, dirty[11]!, dirty[12]!, trade(100, T0 + 500), trade(101, T0 + 1500));
  dirtyTrades = write("trades", "ethusdt", RECORDS.trades, dirty);
  appendFileSync(dirtyTrades, new Uint8Array(17));
  // Klines: 20 bars of 1m with bars 8..10 missing, bar 3 written three times (in-progress updates).
  const bars: KlineRecord[] = [];
  for (let i = 0; i < 20; i++) {
    if (i >= 8 && i <= 10) continue;
    if (i === 3) bars.push(kline(T0 + i * 60_000, 90), kline(T0 + i * 60_000, 95));
    bars.push(kline(T0 + i * 60_000, 100 + i));
  }
  klines = write("klines_1m", "btcusdt", RECORDS.klines, bars);
  writeBook("btcusdt");
  const gap: GapRecord = {
    tsMs: T0 + 70_000,
    fromMs: T0 + 60_000,
    toMs: T0 + 65_000,
    stream: "trade",
    reason: "disconnect",
    interval: undefined,
  };
  write("gaps", "btcusdt", RECORDS.gaps, [gap]);
});

afterAll(() => {
  rmSync(temp, { recursive: true, force: true });
});

describe.each([
  ["source", false],
  ["compiled dist/dig3", true],
] as const)("dig3 inspect (%s)", (_name, compiled) => {
  test.skipIf(compiled && !hasCompiled)(
    "one file --json: counts, span, rates, gaps, price stats, station gaps",
    async () => {
      const result = await runCli(["inspect", cleanTrades, "--json"], { compiled });
      expect(result.code).toBe(0);
      const [file, totals] = parseNdjson(result.stdout);
      expect(file).toMatchObject({
        type: "file",
        kind: "trades",
        exchange: "binance",
        account: "spot",
        symbol: "btcusdt",
        day: DAY,
        status: "clean",
        records: 700,
        firstTsMs: T0,
        lastTsMs: T0 + 699 * 100 + 120_000,
        duplicates: 0,
        outOfOrder: 0,
        tornBytes: 0,
        gapCount: 1,
        gaps: [{ fromMs: T0 + 599 * 100, toMs: T0 + 600 * 100 + 120_000, lengthMs: 120_100 }],
        peakRatePerS: 10,
        stationGaps: [
          { stream: "trade", reason: "disconnect", fromMs: T0 + 60_000, toMs: T0 + 65_000, lengthMs: 5000 },
        ],
      });
      const trades = (file as { trades: Record<string, number> }).trades;
      expect(trades.priceMin).toBe(100);
      expect(trades.priceMax).toBe(106);
      expect(trades.volume).toBeCloseTo(1399, 9);
      expect(trades.vwap).toBeGreaterThan(100);
      expect(totals).toMatchObject({ type: "totals", files: 1, clean: 1, corrupt: 0, records: 700 });
    },
  );

  test.skipIf(compiled && !hasCompiled)(
    "a tree: one row per file, totals, exit 1 because one file is corrupt",
    async () => {
      const result = await runCli(["inspect", root, "--json"], { compiled });
      expect(result.code).toBe(1);
      expect(result.stderr).toContain("1 of 6 files are corrupt");
      const rows = parseNdjson(result.stdout);
      const files = rows.filter((row) => row.type === "file");
      expect(files.map((file) => `${file.slug}/${file.symbol}`).sort()).toEqual([
        "gaps/btcusdt",
        "klines_1m/btcusdt",
        "orderbook_deltas/btcusdt",
        "orderbook_snapshots/btcusdt",
        "trades/btcusdt",
        "trades/ethusdt",
      ]);
      const dirty = files.find((file) => file.symbol === "ethusdt" && file.slug === "trades")!;
      expect(dirty).toMatchObject({
        status: "corrupt",
        records: 55,
        duplicates: 3,
        outOfOrder: 5,
        tornBytes: 17,
      });
      const bars = files.find((file) => file.slug === "klines_1m")!;
      expect(bars).toMatchObject({ status: "clean", gapCount: 1 });
      expect(bars.klines).toMatchObject({
        bars: 17,
        superseded: 2,
        missingBars: 3,
        open: 99,
        close: 119,
        interval: "1m",
      });
      expect(bars.gaps).toEqual([
        { fromMs: T0 + 8 * 60_000, toMs: T0 + 11 * 60_000, lengthMs: 180_000, missingBars: 3 },
      ]);
      const book = files.find((file) => file.slug === "orderbook_deltas")!;
      expect(book).toMatchObject({ status: "clean", records: 22 });
      expect(book.book).toMatchObject({ anchors: 2, seqBreaks: 0, badPayloads: 0 });
      const gaps = files.find((file) => file.slug === "gaps")!;
      expect(gaps.gapRecords).toEqual([
        { stream: "trade", reason: "disconnect", fromMs: T0 + 60_000, toMs: T0 + 65_000, lengthMs: 5000 },
      ]);
      const totals = rows.at(-1)!;
      expect(totals).toMatchObject({ type: "totals", files: 6, corrupt: 1, duplicates: 3, tornBytes: 17 });
    },
  );
});

describe("dig3 inspect: the human views", () => {
  test("one file in detail", async () => {
    const result = await runCli(["inspect", klines]);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("status      clean");
    expect(result.stdout).toContain("17 bars of 1m");
    expect(result.stdout).toContain("missing bars: 3");
    expect(result.stdout).not.toContain("\x1b[");
  });

  test("a tree as a table with totals and the problems of each file below", async () => {
    const result = await runCli(["inspect", join(root, "trades")]);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain("trades/binance/spot/ethusdt/2026-01-05");
    expect(result.stdout).toContain("2 files: 1 clean, 0 dirty, 1 corrupt");
    expect(result.stdout).toContain("torn tail: 17 B");
    expect(result.stdout).toContain("3 duplicate records");
  });
});

describe("bad input: one clear line and the exit code", () => {
  const cases: [string, string[], number, string][] = [
    [
      "missing file",
      ["inspect", "/nonexistent/2026-01-05.dat"],
      1,
      "no such file or directory: /nonexistent",
    ],
    ["unknown kind", ["inspect", "README.md", "--kind", "candles"], 2, "unknown kind 'candles'"],
    ["kind not in the path", ["inspect", "README.md"], 2, "cannot tell the kind of"],
    ["unknown flag", ["inspect", "README.md", "--frobnicate"], 2, "unknown flag '--frobnicate'"],
    ["bad --gap", ["inspect", "README.md", "--gap", "soon"], 2, "bad duration 'soon'"],
    ["cure: missing file", ["cure", "/nonexistent"], 1, "no such file or directory"],
    ["replay: bad --from", ["replay", "README.md", "--from", "yesterday"], 2, "--from needs a time"],
    ["replay: bad --speed", ["replay", "README.md", "--speed", "-1"], 2, "--speed must be a number"],
    ["replay: unknown kind", ["replay", "README.md", "--kind", "nope"], 2, "unknown kind 'nope'"],
  ];
  for (const [name, args, code, message] of cases) {
    test(name, async () => {
      const result = await runCli(args);
      expect(result.code).toBe(code);
      expect(result.stderr).toContain(message);
      expect(result.stderr.trim().split("\n").length).toBeLessThanOrEqual(2);
      expect(result.stderr).not.toContain("    at ");
      expect(result.stdout).toBe("");
    });
  }

  test("a file that is garbage under a known kind is corrupt: exit 1", async () => {
    const dir = join(temp, "garbage", "tickers", "binance", "spot", "btcusdt");
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, `${DAY}.dat`), new Uint8Array(200).fill(0xab));
    const result = await runCli(["inspect", join(dir, `${DAY}.dat`), "--json"]);
    expect(result.code).toBe(1);
    const [file] = parseNdjson(result.stdout);
    expect(file).toMatchObject({ status: "corrupt", badTimestamps: 2, tornBytes: 56 });
  });
});

describe("dig3 cure", () => {
  test("--dry-run reports and writes nothing", async () => {
    const before = readFileSync(dirtyTrades);
    const result = await runCli(["cure", dirtyTrades, "--dry-run", "--json"]);
    expect(result.code).toBe(0);
    const [file, totals] = parseNdjson(result.stdout);
    expect(file).toMatchObject({
      action: "would rewrite",
      recordsBefore: 55,
      recordsAfter: 52,
      tornBytesCut: 17,
      duplicatesDropped: 3,
      reordered: 2,
    });
    expect(totals).toMatchObject({ type: "totals", rewritten: 1 });
    expect(readFileSync(dirtyTrades).equals(before)).toBe(true);
    expect(existsSync(`${dirtyTrades}.bak`)).toBe(false);
  });

  test("rewrites atomically with a .bak, and the result inspects clean; a second cure changes nothing", async () => {
    const before = readFileSync(dirtyTrades);
    const result = await runCli(["cure", join(root, "trades")]);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("1 rewritten, 1 unchanged");
    expect(readFileSync(`${dirtyTrades}.bak`).equals(before)).toBe(true);
    expect(readFileSync(dirtyTrades).length).toBe(52 * 48);
    const inspect = await runCli(["inspect", dirtyTrades, "--json"]);
    expect(inspect.code).toBe(0);
    const [file] = parseNdjson(inspect.stdout);
    expect(file).toMatchObject({ status: "clean", records: 52, duplicates: 0, outOfOrder: 0, tornBytes: 0 });
    expect(file!.idxEntries).toBe(1);
    const again = await runCli(["cure", dirtyTrades, "--json", "--no-backup"]);
    expect(parseNdjson(again.stdout)[0]).toMatchObject({ action: "unchanged" });
  });

  test("klines: the last record per open time wins; books keep their order and their anchors", async () => {
    const result = await runCli(["cure", klines, join(root, "orderbook_deltas"), "--json", "--no-backup"]);
    expect(result.code).toBe(0);
    const [bars, book] = parseNdjson(result.stdout);
    expect(bars).toMatchObject({ action: "rewritten", supersededDropped: 2, recordsAfter: 17 });
    expect(existsSync(`${klines}.bak`)).toBe(false);
    expect(book).toMatchObject({ action: "unchanged", recordsAfter: 22 });
    const replay = await runCli(["replay", klines, "--json"]);
    const closes = parseNdjson(replay.stdout).map((event) => event.close);
    expect(closes[3]).toBe(103);
    expect(closes).toHaveLength(17);
  });
});

describe.each([
  ["source", false],
  ["compiled dist/dig3", true],
] as const)("dig3 replay (%s)", (_name, compiled) => {
  test.skipIf(compiled && !hasCompiled)("several series merged in time order, as events", async () => {
    const result = await runCli(
      ["replay", join(root, "trades", "binance", "spot", "btcusdt"), klines, "--json"],
      {
        compiled,
      },
    );
    expect(result.code).toBe(0);
    const events = parseNdjson(result.stdout);
    const trades = events.filter((event) => event.kind === "trade");
    const bars = events.filter((event) => event.kind === "kline");
    expect(trades).toHaveLength(700);
    expect(bars.length).toBe(17);
    expect(trades[0]).toMatchObject({
      exchange: "binance",
      account: "spot",
      symbol: "BTC/USDT",
      tsMs: T0,
      price: 100,
      side: "buy",
      tradeId: "fnv1a64:0000000000000001",
    });
    expect(bars[0]).toMatchObject({
      interval: "1m",
      openTimeMs: T0,
      closeTimeMs: T0 + 59_999,
      tsMs: T0 + 59_999,
    });
    for (let i = 1; i < events.length; i++)
      expect(events[i]!.tsMs as number).toBeGreaterThanOrEqual(events[i - 1]!.tsMs as number);
  });
});

describe("dig3 replay", () => {
  test("--from / --to cut a window", async () => {
    const from = new Date(T0 + 10_000).toISOString();
    const result = await runCli([
      "replay",
      cleanTrades,
      "--from",
      from,
      "--to",
      String(T0 + 20_000),
      "--json",
    ]);
    expect(result.code).toBe(0);
    const events = parseNdjson(result.stdout);
    expect(events).toHaveLength(100);
    expect(events[0]!.tsMs).toBe(T0 + 10_000);
    expect(events.at(-1)!.tsMs).toBe(T0 + 19_900);
  });

  test("--speed paces the events at N× the recorded time", async () => {
    // 2 s of trades at 10×: about 200 ms.
    const result = await runCli([
      "replay",
      cleanTrades,
      "--to",
      String(T0 + 2000),
      "--speed",
      "10",
      "--json",
    ]);
    expect(result.code).toBe(0);
    expect(parseNdjson(result.stdout)).toHaveLength(20);
    expect(result.ms).toBeGreaterThan(150);
  });

  test("a book: snapshots come back where their anchors are, deltas chained", async () => {
    const result = await runCli([
      "replay",
      join(root, "orderbook_deltas"),
      join(root, "orderbook_snapshots"),
      "--json",
    ]);
    expect(result.code).toBe(0);
    const books = parseNdjson(result.stdout);
    expect(books).toHaveLength(22);
    expect(books[0]).toMatchObject({ kind: "book", type: "snapshot", seq: 100, symbol: "BTC/USDT" });
    expect((books[0]!.bids as Level[])[0]).toEqual([999, 1]);
    expect(books[1]).toMatchObject({ type: "delta", seq: 101, firstSeq: 101 });
    expect(books[21]).toMatchObject({ type: "snapshot", seq: 200 });
    expect((books[21]!.asks as Level[])[0]).toEqual([2001, 1]);
  });

  test("a book without --json: the ladder, as plain snapshots (no terminal codes)", async () => {
    const result = await runCli([
      "replay",
      join(root, "orderbook_deltas"),
      join(root, "orderbook_snapshots"),
      "--depth",
      "3",
    ]);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("binance spot BTC/USDT (replay)");
    expect(result.stdout).toContain("spread");
    expect(result.stdout).not.toContain("\x1b[");
  });

  test("the trade tape without --json", async () => {
    const result = await runCli(["replay", cleanTrades, "--to", String(T0 + 1000)]);
    expect(result.code).toBe(0);
    const lines = result.stdout.trim().split("\n");
    expect(lines).toHaveLength(10);
    expect(lines[0]).toMatch(/^10:00:00\.000\s+buy\s+100\s+1\s+100\.00$/);
  });
});

describe("dig3 cure --backfill (REST from the simulator)", () => {
  let sim: Sim;
  beforeAll(async () => {
    sim = await startSim({ venue: "binance", tickMs: 20, seed: 3 });
  });
  afterAll(async () => {
    await sim.close();
  });

  test("missing klines are fetched for the gap and merged in order", async () => {
    const yesterday = new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);
    const start = Date.parse(`${yesterday}T12:00:00Z`);
    const backfillRoot = join(temp, "backfill");
    const writer = openSeriesWriter<KlineRecord>({
      root: backfillRoot,
      slug: "klines_1m",
      exchange: "binance",
      account: "spot",
      symbol: "btcusdt",
      def: RECORDS.klines,
      flushEveryMs: 0,
    });
    for (let i = 0; i < 30; i++) if (i < 10 || i >= 15) writer.append(kline(start + i * 60_000, 100 + i));
    writer.close();
    const path = join(backfillRoot, "klines_1m", "binance", "spot", "btcusdt", `${yesterday}.dat`);
    const result = await runCli(["cure", path, "--backfill", "--json"], { env: sim.env("spot") });
    expect(result.stderr).not.toContain("error");
    expect(result.code).toBe(0);
    expect(parseNdjson(result.stdout)[0]).toMatchObject({
      action: "rewritten",
      gapsFound: 1,
      backfilled: 5,
      recordsAfter: 30,
    });
    const inspect = await runCli(["inspect", path, "--json"]);
    expect(parseNdjson(inspect.stdout)[0]).toMatchObject({
      status: "clean",
      gapCount: 0,
      klines: { bars: 30, missingBars: 0 },
    });
  });
});

describe("the offline commands load no network code", () => {
  /** Every module reached from `entry` through static imports (dynamic `import()` is how commands load lazily). */
  async function listStaticImports(entry: string): Promise<Set<string>> {
    const seen = new Set<string>();
    const pending = [resolve(REPO, entry)];
    while (pending.length > 0) {
      const file = pending.pop()!;
      if (seen.has(file)) continue;
      seen.add(file);
      const text = await Bun.file(file).text();
      for (const match of text.matchAll(
        /^\s*(?:import|export)\s(?!type\s)[^;]*?from\s+["'](\.[^"']+)["']/gm,
      )) {
        pending.push(resolve(dirname(file), match[1]!));
      }
    }
    return seen;
  }

  for (const command of ["inspect", "cure", "replay"]) {
    test(`dig3 ${command}: no hub, transport or station module on the static import path`, async () => {
      const modules = [
        ...(await listStaticImports("src/main.ts")),
        ...(await listStaticImports(`src/cli/commands/${command}.ts`)),
      ].map((path) => path.slice(REPO.length + 1));
      expect(modules).toContain(`src/cli/commands/${command}.ts`);
      expect(modules.filter((path) => /^src\/(hub|transport|station)\//.test(path))).toEqual([]);
    });
  }
});

describe("books in the Rust layouts (20 B deltas without ids, legacy 808 B snapshots)", () => {
  test("inspect detects the layouts; replay merges snapshots and deltas by time (no anchors)", async () => {
    const rustRoot = join(temp, "rust");
    const open = (slug: string, def: (typeof RECORDS)[keyof typeof RECORDS]) =>
      openSeriesWriter<BookRecord>({
        root: rustRoot,
        slug,
        exchange: "binance",
        account: "spot",
        symbol: "btcusdt",
        def: def as never,
        flushEveryMs: 0,
      });
    const snapshots = open("orderbook_snapshots", RECORDS.orderbook_snapshots_808);
    const deltas = open("orderbook_deltas", RECORDS.orderbook_deltas_20);
    const book = (tsMs: number, type: "snapshot" | "delta", bids: Level[], asks: Level[]): BookRecord => ({
      tsMs,
      type,
      bids,
      asks,
      seq: undefined,
      firstSeq: undefined,
      prevSeq: undefined,
      checksum: undefined,
    });
    snapshots.append(book(T0, "snapshot", levels(99, -1, 5), levels(101, 1, 5)));
    for (let i = 1; i <= 4; i++) deltas.append(book(T0 + i * 10, "delta", [[99, i]], []));
    snapshots.append(book(T0 + 25, "snapshot", levels(199, -1, 5), levels(201, 1, 5)));
    snapshots.close();
    deltas.close();
    const inspect = await runCli(["inspect", rustRoot, "--json"]);
    expect(inspect.code).toBe(0);
    const kinds = parseNdjson(inspect.stdout)
      .filter((row) => row.type === "file")
      .map((row) => `${row.kind} ${row.status}`);
    expect(kinds).toEqual(["orderbook_deltas_20 clean", "orderbook_snapshots_808 clean"]);
    const replay = await runCli(["replay", rustRoot, "--json"]);
    expect(replay.code).toBe(0);
    const events = parseNdjson(replay.stdout);
    expect(events.map((event) => `${event.type}@${(event.tsMs as number) - T0}`)).toEqual([
      "snapshot@0",
      "delta@10",
      "delta@20",
      "snapshot@25",
      "delta@30",
      "delta@40",
    ]);
  });
});
