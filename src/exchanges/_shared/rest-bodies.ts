// What every venue's REST body parsers share once the venue's own error envelope is checked: the error for a body
// of an unexpected shape, and a bar's values and kline event (event bases and the receive time: event-base.ts).

import { Dig3Error, type KlineEvent } from "../../core/index.ts";
import type { ParseContext } from "./adapter.ts";
import { eventBaseOf, recvMsOf } from "./event-base.ts";
import { toNumber } from "./values.ts";

/** The error for a body that is not the venue's documented shape (`venue` as the message names it). */
export function unexpectedShape(venue: string, what: string): Dig3Error {
  return new Dig3Error("E_PARSE", `${venue} ${what}: unexpected response shape`, {
    hint: "the venue may have changed its API; report it with the response body",
  });
}

export interface BarValues {
  open: number;
  high: number;
  low: number;
  close: number;
  volume: number;
}

/** A bar's open, high, low, close and volume as numbers, or undefined when one of them is not a finite number. */
export function barValuesOf(
  open: unknown,
  high: unknown,
  low: unknown,
  close: unknown,
  volume: unknown,
): BarValues | undefined {
  const values = {
    open: toNumber(open),
    high: toNumber(high),
    low: toNumber(low),
    close: toNumber(close),
    volume: toNumber(volume),
  };
  return Object.values(values).every(Number.isFinite) ? values : undefined;
}

/**
 * A bar that ends at `closeTimeMs` as a KlineEvent. It is closed when it ended before the response was received
 * (unless the venue says otherwise through `closed`), which keeps the parser pure; `tsMs` is the close time of a
 * closed bar, the receive time of the open one. A bar whose close time is unknown (an interval of no known length)
 * counts as open unless `closed` says otherwise, has the receive time as `tsMs` and no `closeTimeMs`.
 */
export function klineOf(
  context: ParseContext,
  native: string,
  interval: string,
  bar: { openTimeMs: number; closeTimeMs?: number; closed?: boolean },
  values: BarValues,
): KlineEvent {
  const recvMs = recvMsOf(context);
  const { openTimeMs, closeTimeMs } = bar;
  const closed = bar.closed ?? (closeTimeMs !== undefined && closeTimeMs < recvMs);
  return {
    kind: "kline",
    ...eventBaseOf(context, native, closed && closeTimeMs !== undefined ? closeTimeMs : recvMs),
    interval,
    openTimeMs,
    ...(closeTimeMs === undefined ? {} : { closeTimeMs }),
    ...values,
    closed,
  };
}
