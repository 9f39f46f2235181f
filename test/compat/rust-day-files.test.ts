// Compatibility with the Rust dig3's day files, both ways. Files are built byte by byte from the layout table in
// ../shared/reference/dig3-rust-facts.md §3.3 (not with dig3's encoders) and read through dig3's storage reader;
// dig3's own files are decoded with the same hand-written table.

import { afterEach, beforeEach, expect, test } from "bun:test";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { RECORDS } from "../../src/records/index.ts";
import {
  closeAllOpenWriters,
  openSeriesReader,
  openSeriesWriter,
  readDayFile,
} from "../../src/storage/index.ts";

const DAY = "2026-05-20";
const DAY_START_MS = Date.UTC(2026, 4, 20);
let root: string;

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), "dig3-compat-"));
});
afterEach(() => {
  closeAllOpenWriters();
  rmSync(root, { recursive: true, force: true });
});

/** FNV-1a-64 of a text, as the Rust dig3 hashes trade ids (offset basis 0xcbf29ce484222325, prime 0x100000001b3). */
function fnv1a64(text: string): bigint {
  let hash = 0xcbf29ce484222325n;
  for (const byte of new TextEncoder().encode(text)) {
    hash ^= BigInt(byte);
    hash = (hash * 0x100000001b3n) & 0xffffffffffffffffn;
  }
  return hash;
}

/** A trade record's id hash fields, from the reference hash above (not dig3's). */
function idHashOf(text: string): { tradeIdHashHi: number; tradeIdHashLo: number } {
  const hash = fnv1a64(text);
  return { tradeIdHashHi: Number(hash >> 32n), tradeIdHashLo: Number(hash & 0xffffffffn) };
}

interface RustTrade {
  tsMs: number;
  price: number;
  qty: number;
  side: 0 | 1;
  tradeId: string;
}

/** TradePoint, 48 B: 0 ts · 8 price · 16 qty · 24 side u8 · 25 trade_id_hash u64 · 33..48 zero. */
function writeRustTrades(trades: RustTrade[]): Uint8Array {
  const bytes = new Uint8Array(48 * trades.length);
  const view = new DataView(bytes.buffer);
  trades.forEach((t, i) => {
    const at = i * 48;
    view.setBigInt64(at, BigInt(t.tsMs), true);
    view.setFloat64(at + 8, t.price, true);
    view.setFloat64(at + 16, t.qty, true);
    view.setUint8(at + 24, t.side);
    view.setBigUint64(at + 25, fnv1a64(t.tradeId), true);
  });
  return bytes;
}

/** BarPoint, 64 B: open_time · open · high · low · close · volume · quote_volume (NaN if absent) · trades u64. */
function writeRustBars(bars: number[][]): Uint8Array {
  const bytes = new Uint8Array(64 * bars.length);
  const view = new DataView(bytes.buffer);
  bars.forEach((bar, i) => {
    const at = i * 64;
    view.setBigInt64(at, BigInt(bar[0]!), true);
    for (let f = 1; f <= 6; f++) view.setFloat64(at + f * 8, bar[f]!, true);
    view.setBigUint64(at + 56, BigInt(bar[7]!), true);
  });
  return bytes;
}

function seriesDir(slug: string): string {
  const dir = join(root, slug, "binance", "spot", "btcusdt");
  mkdirSync(dir, { recursive: true });
  return dir;
}

const trades: RustTrade[] = [
  { tsMs: DAY_START_MS + 1_000, price: 60000.5, qty: 0.25, side: 0, tradeId: "3001" },
  { tsMs: DAY_START_MS + 1_500, price: 60001.25, qty: 1.5, side: 1, tradeId: "3002" },
  { tsMs: DAY_START_MS + 2_250, price: 59999.75, qty: 0.001, side: 0, tradeId: "3003" },
];

test("a trades day file written from the Rust table reads back exactly", async () => {
  writeFileSync(join(seriesDir("trades"), `${DAY}.dat`), writeRustTrades(trades));
  const reader = openSeriesReader({
    root,
    slug: "trades",
    exchange: "binance",
    account: "spot",
    symbol: "BTCUSDT",
    def: RECORDS.trades,
  });
  const read: unknown[] = [];
  for await (const record of reader.readRange(DAY_START_MS, DAY_START_MS + 86_400_000)) read.push(record);
  expect(read).toEqual(
    trades.map((t) => ({
      tsMs: t.tsMs,
      price: t.price,
      size: t.qty,
      side: t.side === 0 ? "buy" : "sell",
      ...idHashOf(t.tradeId),
      recvTsUs: undefined,
    })),
  );
});

test("a klines day file written from the Rust table reads back exactly, NaN quote volume as absent", () => {
  const bars = [
    [DAY_START_MS, 100, 110, 90, 105, 12.5, 1312.5, 42],
    [DAY_START_MS + 60_000, 105, 106, 101, 102, 3, Number.NaN, 0],
  ];
  const dat = join(seriesDir("klines_1m"), `${DAY}.dat`);
  writeFileSync(dat, writeRustBars(bars));
  const report = readDayFile(dat);
  expect(report.def.size).toBe(64);
  expect(report.records).toBe(2);
  expect(report.tornBytes).toBe(0);
  expect(report.decode()).toEqual([
    {
      openTimeMs: DAY_START_MS,
      open: 100,
      high: 110,
      low: 90,
      close: 105,
      volume: 12.5,
      quoteVolume: 1312.5,
      trades: 42,
    },
    {
      openTimeMs: DAY_START_MS + 60_000,
      open: 105,
      high: 106,
      low: 101,
      close: 102,
      volume: 3,
      quoteVolume: undefined,
      trades: 0,
    },
  ]);
});

test("a Rust 20 B order book delta file with its .blob reads back, levels in order", () => {
  // ObDeltaPoint (Compact), 20 B: 0 ts · 8 blob offset u64 · 16 blob length u32; blob: u32 n + n×(price, qty) bids, then asks.
  const blob = new Uint8Array(4 + 2 * 16 + 4 + 16);
  const b = new DataView(blob.buffer);
  b.setUint32(0, 2, true);
  b.setFloat64(4, 100.5, true);
  b.setFloat64(12, 2, true);
  b.setFloat64(20, 100.25, true);
  b.setFloat64(28, 0, true);
  b.setUint32(36, 1, true);
  b.setFloat64(40, 101, true);
  b.setFloat64(48, 3, true);
  const header = new Uint8Array(20);
  const h = new DataView(header.buffer);
  h.setBigInt64(0, BigInt(DAY_START_MS + 5), true);
  h.setBigUint64(8, 0n, true);
  h.setUint32(16, blob.length, true);
  const dir = seriesDir("orderbook_deltas");
  writeFileSync(join(dir, `${DAY}.dat`), header);
  writeFileSync(join(dir, `${DAY}.blob`), blob);
  const report = readDayFile(join(dir, `${DAY}.dat`));
  expect(report.def.size).toBe(20);
  const [delta] = report.decode() as { tsMs: number; bids: number[][]; asks: number[][] }[];
  expect(delta!.tsMs).toBe(DAY_START_MS + 5);
  expect(delta!.bids).toEqual([
    [100.5, 2],
    [100.25, 0],
  ]);
  expect(delta!.asks).toEqual([[101, 3]]);
});

test("dig3's own trades file decodes with the Rust table (plus the receive-time extension in the padding)", () => {
  const writer = openSeriesWriter({
    root,
    slug: "trades",
    exchange: "binance",
    account: "spot",
    symbol: "BTCUSDT",
    def: RECORDS.trades,
  });
  for (const t of trades) {
    writer.append({
      tsMs: t.tsMs,
      price: t.price,
      size: t.qty,
      side: t.side === 0 ? "buy" : "sell",
      ...idHashOf(t.tradeId),
      recvTsUs: t.tsMs * 1000 + 123,
    });
  }
  writer.close();
  const bytes = readFileSync(join(root, "trades", "binance", "spot", "btcusdt", `${DAY}.dat`));
  expect(bytes.length).toBe(48 * trades.length);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  trades.forEach((t, i) => {
    const at = i * 48;
    expect(Number(view.getBigInt64(at, true))).toBe(t.tsMs);
    expect(view.getFloat64(at + 8, true)).toBe(t.price);
    expect(view.getFloat64(at + 16, true)).toBe(t.qty);
    expect(view.getUint8(at + 24)).toBe(t.side);
    expect(view.getBigUint64(at + 25, true)).toBe(fnv1a64(t.tradeId));
    // Bytes 33..40 stay zero as in Rust; 40..48 carry dig3's receive time, which the Rust reader ignores.
    expect([...bytes.subarray(at + 33, at + 40)]).toEqual([0, 0, 0, 0, 0, 0, 0]);
    expect(Number(view.getBigInt64(at + 40, true))).toBe(t.tsMs * 1000 + 123);
  });
});
