// Bitfinex rows read the same way on the socket and over REST: tickers, candles `[MTS, OPEN, CLOSE, HIGH, LOW,
// VOLUME]` and derivatives status (mark price, funding and open interest from one row). Pure and tolerant.

import type {
  EventBase,
  FundingRateEvent,
  KlineEvent,
  MarketDataEvent,
  MarkPriceEvent,
  TickerEvent,
} from "../../core/index.ts";
import { nextMonthOpenMs } from "../_shared/bar-times.ts";
import { assignDefined, toNumber, toOptionalNumber } from "../_shared/values.ts";

/** DAILY_CHANGE_RELATIVE is a fraction; percent with the float noise of ×100 rounded away. */
export function percentOf(fraction: number | undefined): number | undefined {
  return fraction === undefined ? undefined : Number((fraction * 100).toPrecision(12));
}

/**
 * `[BID, BID_SIZE, ASK, ASK_SIZE, DAILY_CHANGE, DAILY_CHANGE_RELATIVE, LAST_PRICE, VOLUME, HIGH, LOW]` from index
 * `at` (REST rows put the symbol first) → a ticker; undefined without a last price.
 */
export function tickerOfRow(row: readonly unknown[], at: number, base: EventBase): TickerEvent | undefined {
  const last = toNumber(row[at + 6]);
  if (!Number.isFinite(last)) return undefined;
  const fraction = toOptionalNumber(row[at + 5]);
  return assignDefined<TickerEvent>(
    { kind: "ticker", ...base, last },
    {
      bid: toOptionalNumber(row[at]),
      bidSize: toOptionalNumber(row[at + 1]),
      ask: toOptionalNumber(row[at + 2]),
      askSize: toOptionalNumber(row[at + 3]),
      changePct24h: percentOf(fraction),
      volume24h: toOptionalNumber(row[at + 7]),
      high24h: toOptionalNumber(row[at + 8]),
      low24h: toOptionalNumber(row[at + 9]),
    },
  );
}

const MINUTE_MS = 60_000;
const FIXED_INTERVAL_MS: Readonly<Record<string, number>> = {
  "1m": MINUTE_MS,
  "5m": 5 * MINUTE_MS,
  "15m": 15 * MINUTE_MS,
  "30m": 30 * MINUTE_MS,
  "1h": 60 * MINUTE_MS,
  "3h": 180 * MINUTE_MS,
  "6h": 360 * MINUTE_MS,
  "12h": 720 * MINUTE_MS,
  "1d": 1440 * MINUTE_MS,
  "1w": 7 * 1440 * MINUTE_MS,
  "14d": 14 * 1440 * MINUTE_MS,
};

/** Last millisecond of the candle that opens at `openTimeMs`. */
export function candleCloseTimeOf(interval: string, openTimeMs: number): number | undefined {
  const fixed = FIXED_INTERVAL_MS[interval];
  if (fixed !== undefined) return openTimeMs + fixed - 1;
  if (interval === "1M") return nextMonthOpenMs(openTimeMs) - 1;
  return undefined;
}

/** `[MTS, OPEN, CLOSE, HIGH, LOW, VOLUME]` → a kline; undefined when a value is unusable. */
export function klineOfCandle(
  row: unknown,
  interval: string,
  base: EventBase,
  closed: boolean,
): KlineEvent | undefined {
  if (!Array.isArray(row) || row.length < 6) return undefined;
  const values = [row[0], row[1], row[2], row[3], row[4], row[5]].map(toNumber);
  if (!values.every(Number.isFinite)) return undefined;
  const [openTimeMs, open, close, high, low, volume] = values as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  if (!(openTimeMs > 0)) return undefined;
  const kline: KlineEvent = {
    kind: "kline",
    ...base,
    interval,
    openTimeMs,
    open,
    high,
    low,
    close,
    volume,
    closed,
  };
  return assignDefined(kline, { closeTimeMs: candleCloseTimeOf(interval, openTimeMs) });
}

/** One status row (WS indexes; REST rows are shifted by the leading key) → mark price, funding, open interest. */
export function eventsOfDerivStatus(
  row: readonly unknown[],
  base: Omit<EventBase, "tsMs">,
): MarketDataEvent[] {
  const tsMs = toNumber(row[0]);
  if (!(tsMs > 0)) return [];
  const stamped = { ...base, tsMs };
  const events: MarketDataEvent[] = [];
  const markPrice = toOptionalNumber(row[14]);
  if (markPrice !== undefined) {
    events.push(
      assignDefined<MarkPriceEvent>(
        { kind: "mark_price", ...stamped, markPrice },
        { indexPrice: toOptionalNumber(row[3]) },
      ),
    );
  }
  // CURRENT_FUNDING: "Funding applied in the current 8h period", paid at NEXT_FUNDING_EVT_TIMESTAMP_MS.
  const rate = toOptionalNumber(row[11]);
  if (rate !== undefined) {
    events.push(
      assignDefined<FundingRateEvent>(
        { kind: "funding_rate", ...stamped, rate },
        { nextFundingTsMs: toOptionalNumber(row[7]) },
      ),
    );
  }
  const openInterest = toOptionalNumber(row[17]);
  if (openInterest !== undefined) events.push({ kind: "open_interest", ...stamped, openInterest });
  return events;
}
