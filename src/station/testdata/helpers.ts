// Helpers for the station tests: temp storage roots, a station pointed at the simulator with short backoff,
// background collection of a handle's events, polling waits, and whole-series reads of day files.

import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { MarketEvent } from "../../core/index.ts";
import { openSeriesReader } from "../../storage/index.ts";
import { Station, type StationBuilder } from "../station.ts";

/** What the helpers use of the venue simulator (test/sim, which code under src/ may not import). */
export interface Sim {
  wsUrl(account: "spot"): string;
  readonly restUrl: string;
  sentFrames(stream: string): unknown[];
}

export function createTempRoot(): { root: string; remove(): void } {
  const root = mkdtempSync(join(tmpdir(), "dig3-station-"));
  return { root, remove: () => rmSync(root, { recursive: true, force: true }) };
}

/** A builder pointed at the simulator's spot endpoints, with short backoff and one HTTP retry. */
export function buildStation(sim: Sim, diagnostics: string[] = []): StationBuilder {
  return Station.builder()
    .hub({
      ws: { backoff: { initialMs: 50, maxMs: 200 } },
      http: { retries: 1, timeoutMs: 3000 },
      endpoints: { binance: { ws: sim.wsUrl("spot"), rest: sim.restUrl } },
    })
    .onDiagnostic((diagnostic) => diagnostics.push(`${diagnostic.code}: ${diagnostic.message}`));
}

/** Collects a handle's events in the background. */
export function collect(iterable: AsyncIterable<MarketEvent>): MarketEvent[] {
  const events: MarketEvent[] = [];
  void (async () => {
    for await (const event of iterable) events.push(event);
  })();
  return events;
}

/** Polls until `check` is true; fails with `what` after `timeoutMs`. */
export async function waitFor(check: () => boolean, what: string, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await Bun.sleep(10);
  }
}

/** Every record of a series, day after day, in file order. */
export async function readSeries<T>(root: string, slug: string, symbol: string): Promise<T[]> {
  const reader = openSeriesReader<T>({ root, slug, exchange: "binance", account: "spot", symbol });
  const out: T[] = [];
  for await (const record of reader.readRange(0, Date.now() + 86_400_000)) out.push(record);
  return out;
}

/** Trade ids the simulator sent on a stream (ground truth). */
export function listSentTradeIds(sim: Sim, stream: string): number[] {
  return sim.sentFrames(stream).map((payload) => (payload as { t: number }).t);
}

export function tradesOf(events: readonly MarketEvent[], symbol?: string) {
  return events.flatMap((event) =>
    event.kind === "trade" && (symbol === undefined || event.symbol === symbol) ? [event] : [],
  );
}
