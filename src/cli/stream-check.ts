// One stream check of the verification matrix, shared by its live pass (`dig3 matrix --live`, commands/matrix.ts)
// and its simulator pass (scripts/matrix-simulator.ts): which stream kinds of an account are checked, which symbol,
// and subscribing to one stream until its first event or a timeout.

import { type Account, type MarketEvent, STREAM_KINDS, type StreamKind } from "../core/index.ts";
import { type ExchangeAdapter, klineIntervalsOf } from "../exchanges/_shared/adapter.ts";
import type { ExchangeHub } from "../station/index.ts";

const QUOTES = ["USDT", "USD", "USDC"];

/** What of a hub a check uses (an `ExchangeHub`, or a stand-in in tests). */
export type CheckHub = Pick<ExchangeHub, "adapter" | "subscribe">;

export interface StreamCheck {
  /** Events of the stream's kind seen between subscribing and closing (the first is enough). */
  events: number;
  /** Milliseconds from subscribing to the first event; undefined when none came. */
  firstEventMs?: number;
  /** Why no event came: the subscribe failed, or the timeout passed. Undefined when events came. */
  detail?: string;
}

/** Supported stream kinds of one account, in the table's order. */
export function supportedKinds(adapter: ExchangeAdapter, account: Account): StreamKind[] {
  return STREAM_KINDS.filter((kind) => adapter.streams[account]?.[kind]?.status === "supported");
}

/**
 * The symbol a check subscribes to: BTC against USDT, USD or USDC as the hub lists it, a perpetual before a dated
 * contract; else the first undated instrument, else the first listed (options, named by their expiry, are all
 * dated). Undefined when the hub lists no instrument of the account.
 */
export async function pickSymbol(
  hub: Pick<ExchangeHub, "instruments">,
  exchange: string,
  account: Account,
): Promise<string | undefined> {
  const list = await hub.instruments(exchange, account).catch(() => []);
  const undated = list.filter((instrument) => !/-\d/.test(instrument.symbol));
  for (const candidates of [undated, list]) {
    for (const quote of QUOTES) {
      const found = candidates.find((instrument) => instrument.symbol.startsWith(`BTC/${quote}`));
      if (found) return found.symbol;
    }
  }
  return undated[0]?.symbol ?? list[0]?.symbol;
}

/** Subscribes to one stream and counts its events until the first arrives or `timeoutMs` passes. */
export async function checkStream(
  hub: CheckHub,
  exchange: string,
  account: Account,
  kind: StreamKind,
  symbol: string,
  timeoutMs: number,
): Promise<StreamCheck> {
  let events = 0;
  let firstEventMs: number | undefined;
  let markFirst: () => void = () => {};
  const first = new Promise<void>((resolve) => {
    markFirst = resolve;
  });
  const onEvent = (event: MarketEvent) => {
    if (event.kind !== kind) return;
    events++;
    firstEventMs ??= Math.round(performance.now() - startedMs);
    markFirst();
  };
  // Klines: 1m where the venue has it, else its first interval (Coinbase has only 5m).
  const intervals = klineIntervalsOf(hub.adapter(exchange), account);
  const interval = kind === "kline" ? (intervals.includes("1m") ? "1m" : intervals[0]) : undefined;
  const request = interval
    ? { exchange, account, kind, symbol, interval }
    : { exchange, account, kind, symbol };
  const startedMs = performance.now();
  let subscription: Awaited<ReturnType<ExchangeHub["subscribe"]>>;
  try {
    subscription = await hub.subscribe(request, onEvent);
  } catch (error) {
    return { events: 0, detail: `subscribe failed: ${(error as Error).message}` };
  }
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<void>((resolve) => {
    timer = setTimeout(resolve, timeoutMs);
  });
  await Promise.race([first, timeout]);
  clearTimeout(timer);
  subscription.close();
  return events > 0
    ? { events, firstEventMs }
    : { events, detail: `no ${kind} event within ${timeoutMs} ms` };
}
