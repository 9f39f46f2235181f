// REST polling for streams a venue offers only over REST (e.g. Binance open interest): one timer per stream,
// an event per new sample, errors reported as diagnostics and retried on the next tick.

import { Dig3Error, type MarketDataEvent, type StreamSpec } from "../core/index.ts";
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

/** The REST call that samples a polled stream. */
function pollCallOf(adapter: ExchangeAdapter, spec: StreamSpec): RestCall<MarketDataEvent> {
  const rest = adapter.rest;
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
  let stopped = false;
  let timer: ReturnType<typeof setTimeout> | undefined;

  async function poll(): Promise<void> {
    try {
      const event = await options.rest.run(call);
      if (!stopped && event.tsMs > lastTsMs) {
        lastTsMs = event.tsMs;
        options.listener({ ...event, symbol: spec.symbol });
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
