// Torn-tail recovery on open: partial records, headers pointing past `.blob`, unreferenced `.blob` bytes and stale
// `.idx` entries are cut and reported; every whole, consistent record before them is kept.

import { describe, expect, test } from "bun:test";
import { appendFileSync, existsSync, readFileSync, rmSync, statSync } from "node:fs";
import { join } from "node:path";
import { Dig3Error } from "../core/errors.ts";
import { createBlobBuffer } from "../records/blob.ts";
import { encodeRecords } from "../records/columns.ts";
import { RECORDS } from "../records/registry.ts";
import { openSeriesReader, readDayFile } from "./reader.ts";
import type { TornTail } from "./recovery.ts";
import { writeIdxEntry } from "./sparse-index.ts";
import { collect, MIDNIGHT_MS, makeDelta, makeTrade, useTempRoot } from "./testdata/fixtures.ts";
import { closeAllOpenWriters, openSeriesWriter } from "./writer.ts";

const temp = useTempRoot(closeAllOpenWriters);

const key = () => ({ root: temp.root, exchange: "okx", account: "spot", symbol: "BTC-USDT" });

function idxEntryBytes(tsMs: number, offset: number): Uint8Array {
  const bytes = new Uint8Array(16);
  writeIdxEntry(new DataView(bytes.buffer), 0, tsMs, offset);
  return bytes;
}

describe("torn tail", () => {
  test("a partial record and an .idx entry past the cut are cut, reported, and earlier records kept", async () => {
    const trades = Array.from({ length: 10 }, (_, i) => makeTrade(MIDNIGHT_MS + i, i));
    const first = openSeriesWriter({ ...key(), slug: "trades", def: RECORDS.trades, idxEvery: 4 });
    for (const trade of trades) first.append(trade);
    first.close();
    const dat = join(first.dir, "2024-01-01.dat");
    const idx = join(first.dir, "2024-01-01.idx");
    const before = readFileSync(dat);
    // A crash in the middle of a record, and an index entry for a record that never landed, plus half an entry.
    appendFileSync(dat, encodeRecords([makeTrade(MIDNIGHT_MS + 99, 99)], RECORDS.trades).subarray(0, 29));
    appendFileSync(idx, idxEntryBytes(MIDNIGHT_MS + 99, 10 * 48));
    appendFileSync(idx, new Uint8Array(5));

    const reports: TornTail[] = [];
    const writer = openSeriesWriter({
      ...key(),
      slug: "trades",
      def: RECORDS.trades,
      idxEvery: 4,
      onRecovered: (torn) => reports.push(torn),
    });
    const next = makeTrade(MIDNIGHT_MS + 10, 10);
    writer.append(next);
    writer.close();
    expect(reports).toEqual([
      { path: dat, cutBytes: 29, keptBytes: 480, reason: "partial_record" },
      { path: idx, cutBytes: 21, keptBytes: 48, reason: "idx_entry_past_dat" },
    ]);
    expect(writer.stats.recovered).toEqual(reports);
    expect(new Uint8Array(readFileSync(dat)).subarray(0, 480)).toEqual(new Uint8Array(before));
    expect(statSync(dat).size).toBe(11 * 48);
    // The new session's first record is indexed right after the kept entries.
    expect(statSync(idx).size).toBe(4 * 16);
    const reader = openSeriesReader({ ...key(), slug: "trades", def: RECORDS.trades });
    expect(await collect(reader.readRange(-Infinity, Infinity))).toEqual([...trades, next]);
  });

  test("headers pointing past .blob are cut with the partial record, and the unreferenced blob bytes after them", async () => {
    const deltas = Array.from({ length: 20 }, (_, i) => makeDelta(MIDNIGHT_MS + i, i + 1));
    const first = openSeriesWriter({ ...key(), slug: "orderbook_deltas", def: RECORDS.orderbook_deltas });
    for (const delta of deltas) first.append(delta);
    first.close();
    const dat = join(first.dir, "2024-01-01.dat");
    const blob = join(first.dir, "2024-01-01.blob");
    const datBefore = new Uint8Array(readFileSync(dat));
    const blobBytes = statSync(blob).size;
    // Two whole headers whose payload never landed (as a Rust BufWriter can leave them), half a header, and
    // a few payload bytes of the first of them.
    const lost = createBlobBuffer(blobBytes);
    const dangling = encodeRecords(
      [makeDelta(MIDNIGHT_MS + 20, 21), makeDelta(MIDNIGHT_MS + 21, 22)],
      RECORDS.orderbook_deltas,
      lost,
    );
    appendFileSync(dat, dangling);
    appendFileSync(dat, dangling.subarray(0, 30));
    appendFileSync(blob, lost.bytes().subarray(0, 10));

    const check = readDayFile(dat);
    expect(check.records).toBe(20);
    expect(check.tornBytes).toBe(2 * 52 + 30);
    // Readers skip the dangling headers without changing anything.
    const reader = openSeriesReader({ ...key(), slug: "orderbook_deltas" });
    expect(await collect(reader.readRange(-Infinity, Infinity))).toEqual(deltas);
    expect(await reader.tail(3)).toEqual(deltas.slice(-3));

    const reports: TornTail[] = [];
    const writer = openSeriesWriter({
      ...key(),
      slug: "orderbook_deltas",
      def: RECORDS.orderbook_deltas,
      onRecovered: (torn) => reports.push(torn),
    });
    const next = makeDelta(MIDNIGHT_MS + 30, 31);
    writer.append(next);
    writer.close();
    expect(reports.map((torn) => [torn.reason, torn.cutBytes])).toEqual([
      ["partial_record", 30],
      ["blob_pointer_past_blob", 104],
      ["unreferenced_blob_bytes", 10],
    ]);
    expect(new Uint8Array(readFileSync(dat)).subarray(0, 20 * 52)).toEqual(datBefore);
    expect(readDayFile(dat).torn).toEqual([]);
    expect(await collect(reader.readRange(-Infinity, Infinity))).toEqual([...deltas, next]);
  });

  test("a .blob with bytes past the last referenced payload (crash between blob and header) is cut", async () => {
    const first = openSeriesWriter({ ...key(), slug: "orderbook_deltas", def: RECORDS.orderbook_deltas });
    first.append(makeDelta(MIDNIGHT_MS, 1));
    first.close();
    const blob = join(first.dir, "2024-01-01.blob");
    const size = statSync(blob).size;
    appendFileSync(blob, new Uint8Array(100).fill(7));
    const reports: TornTail[] = [];
    openSeriesWriter({
      ...key(),
      slug: "orderbook_deltas",
      def: RECORDS.orderbook_deltas,
      onRecovered: (torn) => reports.push(torn),
    })
      // Days open lazily, on the first record of the day.
      .append(makeDelta(MIDNIGHT_MS + 1, 2));
    expect(reports).toEqual([
      { path: blob, cutBytes: 100, keptBytes: size, reason: "unreferenced_blob_bytes" },
    ]);
  });

  test("damage too large to be a crash (a missing .blob) is refused with E_FILE_CORRUPT, nothing cut", () => {
    const first = openSeriesWriter({ ...key(), slug: "orderbook_deltas", def: RECORDS.orderbook_deltas });
    for (let i = 0; i < 5000; i++) first.append(makeDelta(MIDNIGHT_MS + i, i + 1, 1));
    first.close();
    const dat = join(first.dir, "2024-01-01.dat");
    rmSync(join(first.dir, "2024-01-01.blob"));
    const writer = openSeriesWriter({ ...key(), slug: "orderbook_deltas", def: RECORDS.orderbook_deltas });
    let caught: unknown;
    try {
      writer.append(makeDelta(MIDNIGHT_MS + 6000, 6000));
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(Dig3Error);
    expect((caught as Dig3Error).code).toBe("E_FILE_CORRUPT");
    expect((caught as Dig3Error).hint).toContain("cure");
    // Refused again without re-reading the files.
    expect(() => writer.append(makeDelta(MIDNIGHT_MS + 6001, 6001))).toThrow(caught as Error);
    writer.close();
    expect(statSync(dat).size).toBe(5000 * 52);
    expect(existsSync(join(first.dir, "2024-01-01.blob"))).toBe(false);
  });
});
