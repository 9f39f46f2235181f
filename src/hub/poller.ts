// REST polling for streams a venue offers only over REST (e.g. Binance open interest, Lighter candles): one timer per
// stream, an event per new sample (per new or changed bar for klines), errors reported as diagnostics and retried on
// the next tick.

import { Dig3Error, type KlineEvent, type MarketDataEvent, type StreamSpec } from "../core/index.ts";
import type { ExchangeAdapter, RestCall } from "../exchanges/_shared/adapter.ts";
import type { HubDiagnostic } from "./diagnostics.ts";
import type { RestRunner } from "./rest.ts";
import type { EventListener } from "./socket-pool.ts";

export interface PollerOptions {
  adapter: ExchangeAdapter;
  rest: RestRunner;
  spec: StreamSpec;
  everyMs: number;
  listener: EventListener;
  onDiagnostic(diagnostic: HubDiagnostic): void;
}

/** The REST call that samples a polled stream: one event, or the newest bars of a kline stream. */
function pollCallOf(
  adapter: ExchangeAdapter,
  spec: StreamSpec,
): RestCall<MarketDataEvent> | RestCall<KlineEvent[]> {
  const rest = adapter.rest;
  if (spec.kind === "kline" && rest.klines && spec.interval) {
    // The bar that just closed and the one in progress.
    return rest.klines(spec, { interval: spec.interval, limit: 2 });
  }
  if (spec.kind === "open_interest" && rest.openInterest) return rest.openInterest(spec);
  if (spec.kind === "ticker" && rest.ticker) return rest.ticker(spec);
  if (spec.kind === "funding_rate" && rest.fundingRate) return rest.fundingRate(spec);
  throw new Dig3Error("E_NOT_IMPLEMENTED", `${adapter.id}: polling ${spec.kind} is not implemented`, {
    hint: `see 'dig3 capabilities ${adapter.id}'`,
  });
}

/** Starts polling; returns the stop function. The first sample is taken at once. */
export function startPoller(options: PollerOptions): () => void {
  const { adapter, spec } = options;
  const call = pollCallOf(adapter, spec);
  let lastTsMs = -1;
  /** Per bar open time, what was last emitted of it (so a bar is sent again only when it changed). */
  const sentBars = new Map<number, string>();
  let stopped = false;
  let timer: ReturnType<typeof setTimeout> | undefined;

  function emitBars(bars: KlineEvent[]): void {
    for (const bar of [...bars].sort((a, b) => a.openTimeMs - b.openTimeMs)) {
      const seen = `${bar.closed}|${bar.close}|${bar.high}|${bar.low}|${bar.volume}`;
      if (sentBars.get(bar.openTimeMs) === seen) continue;
      // Older than every bar kept: a bar that ended long ago and was already sent closed.
      if (sentBars.size > 0 && bar.openTimeMs < Math.min(...sentBars.keys())) continue;
      sentBars.set(bar.openTimeMs, seen);
      options.listener({ ...bar, symbol: spec.symbol });
    }
    while (sentBars.size > 4) sentBars.delete(Math.min(...sentBars.keys()));
  }

  async function poll(): Promise<void> {
    try {
      const sample = await options.rest.run(call as RestCall<MarketDataEvent | KlineEvent[]>);
      if (stopped) return;
      if (Array.isArray(sample)) emitBars(sample);
      else if (sample.tsMs > lastTsMs) {
        lastTsMs = sample.tsMs;
        options.listener({ ...sample, symbol: spec.symbol });
      }
    } catch (error) {
      options.onDiagnostic({
        level: "warn",
        exchange: adapter.id,
        account: spec.account,
        code: "poll-error",
        message: `${adapter.id} ${spec.account} ${spec.kind} ${spec.symbol}: ${(error as Error).message}`,
      });
    }
    if (!stopped) timer = setTimeout(poll, options.everyMs);
  }

  void poll();
  return () => {
    stopped = true;
    if (timer) clearTimeout(timer);
  };
}
