// `bun run bench [--quick] [--json]`: throughput of dig3's hot paths on recorded real Binance traffic, each beside
// its floor (JSON.parse of the same bytes). Median of several timed rounds after a warm-up. Issue #8 adds the
// side-by-side peers (tardis-dev, ccxt), persistence, inspect, start-up and memory figures.

import { existsSync, readFileSync } from "node:fs";
import { resolve } from "node:path";
import { createBookSync } from "../src/book/index.ts";
import type { BookEvent } from "../src/core/index.ts";
import type { ParseContext } from "../src/exchanges/_shared/adapter.ts";
import { BINANCE_SPOT_BOOK, binance } from "../src/exchanges/binance/index.ts";

const quick = process.argv.includes("--quick");
const asJson = process.argv.includes("--json");
const WIRE = resolve(import.meta.dir, "../../shared/wire/binance");
const ROUNDS = quick ? 3 : 9;
const TARGET_FRAMES = quick ? 50_000 : 500_000;

if (!existsSync(WIRE)) {
  console.error(`bench: ${WIRE} is absent; nothing to measure`);
  process.exit(0);
}

/** The recorded inbound frames of one session, repeated to a stable length. */
function loadFrames(file: string): string[] {
  const frames = readFileSync(resolve(WIRE, file), "utf8")
    .split("\n")
    .filter((line) => line.includes('"dir":"in"'))
    .map((line) => (JSON.parse(line) as { frame: string }).frame);
  const out: string[] = [];
  while (out.length < TARGET_FRAMES) out.push(...frames);
  return out.slice(0, TARGET_FRAMES);
}

function medianRate(items: number, run: () => void): number {
  run();
  const rates: number[] = [];
  for (let i = 0; i < ROUNDS; i++) {
    const started = performance.now();
    run();
    rates.push(items / ((performance.now() - started) / 1000));
  }
  rates.sort((a, b) => a - b);
  return rates[Math.floor(rates.length / 2)]!;
}

const context: ParseContext = {
  exchange: "binance",
  account: "spot",
  recvTsUs: 0,
  session: new Map(),
  symbolOf: (native) => native,
};

const figures: { name: string; unit: string; dig3: number; peer: number; peerName: string; ratio: number }[] =
  [];

for (const [name, file, account] of [
  ["binance spot depth+aggTrade+kline", "spot-depth-bookticker-aggtrade-kline.ndjson", "spot"],
  ["binance usdm depth+aggTrade+kline", "usdm-depth-bookticker-aggtrade-kline.ndjson", "linear"],
] as const) {
  const frames = loadFrames(file);
  const ctx = { ...context, account };
  let sink = 0;
  const floor = medianRate(frames.length, () => {
    for (const frame of frames) sink += (JSON.parse(frame) as object) ? 1 : 0;
  });
  const decode = medianRate(frames.length, () => {
    for (const frame of frames) sink += binance.ws.parse(frame, ctx).kind.length;
  });
  if (sink === 0) console.error("unreachable");
  figures.push({
    name: `decode ${name}`,
    unit: "frames/s",
    dig3: decode,
    peer: floor,
    peerName: "JSON.parse floor",
    ratio: decode / floor,
  });
}

// Book apply: the spot session's verified deltas replayed through the sync state machine (sequence checks on).
{
  const frames = readFileSync(resolve(WIRE, "spot-depth-bookticker-aggtrade-kline.ndjson"), "utf8")
    .split("\n")
    .filter((line) => line.includes('"dir":"in"'))
    .map((line) => (JSON.parse(line) as { frame: string }).frame);
  const deltas = frames.flatMap((frame) => {
    const parsed = binance.ws.parse(frame, context);
    if (parsed.kind !== "events") return [];
    return parsed.events.filter((e): e is BookEvent => e.kind === "book" && e.symbol === "NKNUSDT");
  });
  const first = deltas[0]!;
  const seeded = {
    ...first,
    type: "snapshot" as const,
    seq: first.firstSeq! - 1,
    bids: [[0.01, 1]],
    asks: [[1000, 1]],
  } as BookEvent;
  const repeats = Math.max(1, Math.floor(TARGET_FRAMES / deltas.length));
  let applied = 0;
  const rate = medianRate(repeats * deltas.length, () => {
    for (let r = 0; r < repeats; r++) {
      const sync = createBookSync({ ...BINANCE_SPOT_BOOK, snapshotFrom: "stream", bridge: "any" });
      sync.onEvent(seeded);
      for (const delta of deltas) if (sync.onEvent(delta).action === "emit") applied++;
    }
  });
  if (applied === 0) throw new Error("bench: no delta applied; the replay is broken");
  figures.push({
    name: "book apply binance spot (sequence checks on)",
    unit: "updates/s",
    dig3: rate,
    peer: Number.NaN,
    peerName: "—",
    ratio: Number.NaN,
  });
}

if (asJson) {
  for (const figure of figures) console.log(JSON.stringify(figure));
} else {
  const format = (n: number) => (Number.isFinite(n) ? `${(n / 1e6).toFixed(2)} M` : "—");
  console.log(`${"figure".padEnd(48)} ${"dig3".padStart(10)} ${"peer".padStart(10)}  ratio  peer`);
  for (const f of figures) {
    console.log(
      `${f.name.padEnd(48)} ${format(f.dig3).padStart(10)} ${format(f.peer).padStart(10)}  ${Number.isFinite(f.ratio) ? f.ratio.toFixed(2).padStart(5) : "    —"}  ${f.peerName}`,
    );
  }
}
