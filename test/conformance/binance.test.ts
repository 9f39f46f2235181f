// Conformance over recorded real Binance traffic (../shared/wire/binance): every session decoded through the same
// adapter and book sync as live. Books bridge to their REST snapshots, never break sequence, never cross.

import { describe, expect, test } from "bun:test";
import { existsSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { binance } from "../../src/exchanges/binance/index.ts";
import { createDecoder, type DecodedItem, mergeRecordedLines } from "../../src/station/decode.ts";

const WIRE = resolve(import.meta.dir, "../../../shared/wire/binance");
const hasWire = existsSync(WIRE);
if (!hasWire) console.log(`conformance: ${WIRE} is absent; recorded-traffic cases skipped`);

function decodeSession(files: string[]) {
  const decoder = createDecoder({ adapter: binance, bookDepth: 1 });
  const lines = mergeRecordedLines(files.map((f) => readFileSync(join(WIRE, f), "utf8").split("\n")));
  const items: DecodedItem[] = [];
  for (const line of lines) for (const item of decoder.decodeLine(line)) items.push(item);
  return { stats: decoder.stats, items };
}

const SESSIONS = [
  {
    name: "spot",
    files: ["spot-rest-depth.ndjson", "spot-depth-bookticker-aggtrade-kline.ndjson"],
    account: "spot",
    symbols: 4,
  },
  {
    name: "usdm",
    files: ["usdm-rest-depth.ndjson", "usdm-depth-bookticker-aggtrade-kline.ndjson"],
    account: "linear",
    symbols: 2,
  },
  {
    name: "coinm",
    files: ["coinm-rest-depth.ndjson", "coinm-depth-bookticker-aggtrade-kline.ndjson"],
    account: "inverse",
    symbols: 2,
  },
] as const;

describe.skipIf(!hasWire)("binance recorded sessions", () => {
  for (const session of SESSIONS) {
    test(`${session.name}: books bridge to the REST snapshots and every update chains`, () => {
      const { stats, items } = decodeSession([...session.files]);
      expect(stats.badLines).toBe(0);
      expect(stats.venueErrors).toBe(0);
      expect(stats.resyncs).toBe(0);
      expect(stats.restBodies).toBeGreaterThan(0);
      const snapshots = items.filter((i) => i.kind === "book" && i.type === "snapshot");
      const deltas = items.filter((i) => i.kind === "book" && i.type === "delta");
      expect(snapshots.length).toBeGreaterThan(0);
      expect(deltas.length).toBeGreaterThan(50);
      for (const item of items) {
        if (item.kind === "book") expect(item.account).toBe(session.account);
        if (item.kind !== "book_top") continue;
        const bid = item.bids[0]?.[0];
        const ask = item.asks[0]?.[0];
        if (bid !== undefined && ask !== undefined) expect(bid).toBeLessThan(ask);
      }
      // Every applied delta continues from the one before it, per symbol (Binance U/u/pu rules).
      const last = new Map<string, { seq: number; snapshot: boolean }>();
      for (const item of items) {
        if (item.kind !== "book") continue;
        const previous = last.get(item.symbol);
        if (item.type === "delta" && previous !== undefined) {
          if (session.account === "spot") {
            if (previous.snapshot)
              expect(item.firstSeq! <= previous.seq + 1 && previous.seq + 1 <= item.seq!).toBe(true);
            else expect(item.firstSeq).toBe(previous.seq + 1);
          } else if (previous.snapshot) {
            expect(item.firstSeq! <= previous.seq && previous.seq <= item.seq!).toBe(true);
          } else {
            expect(item.prevSeq).toBe(previous.seq);
          }
        }
        last.set(item.symbol, { seq: item.seq!, snapshot: item.type === "snapshot" });
      }
      expect(new Set(snapshots.map((s) => (s.kind === "book" ? s.symbol : ""))).size).toBeLessThanOrEqual(
        session.symbols,
      );
    });
  }

  test("a corrupted sequence in real traffic is caught and resynced", () => {
    const lines = mergeRecordedLines(
      SESSIONS[0].files.map((f) => readFileSync(join(WIRE, f), "utf8").split("\n")),
    );
    // Drop one depth update after the snapshot of its symbol: the next update no longer chains.
    const snapshotAt = lines.findIndex((l) => l.includes("/api/v3/depth"));
    const victim = lines.findIndex(
      (l, i) => i > snapshotAt + 5 && l.includes("@depth@100ms") && l.includes("nknusdt"),
    );
    expect(victim).toBeGreaterThan(0);
    const decoder = createDecoder({ adapter: binance });
    const resyncs: DecodedItem[] = [];
    lines.forEach((line, i) => {
      if (i === victim) return;
      for (const item of decoder.decodeLine(line)) if (item.kind === "book_resync") resyncs.push(item);
    });
    expect(resyncs.length).toBe(1);
    expect(resyncs[0]!.kind === "book_resync" && resyncs[0]!.reason).toContain("sequence gap");
  });
});
