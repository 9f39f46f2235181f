// Subscriptions → BingX `dataType`s and `{"id","reqType":"sub","dataType"}` requests (pure). One dataType per
// request; books ride on `@incrDepth` (spot, swap) or on `@depth<N>` snapshots (Coin-M, which has no incremental
// depth); klines name their interval per socket (spot `1min`, swap and Coin-M `1m`).

import type { Account, StreamSpec } from "../../core/index.ts";

/** BingX takes one dataType per request ("dataType": a string; the docs show no list form). */
export const BINGX_MAX_STREAMS_PER_FRAME = 1;

/**
 * Spot kline intervals: "1min, 5min, 15min, 30min, 60min, 1day" (spot socket, K-line Streams). BingX's newer
 * assistant pages name `1h`/`1d` and more; those names are read back but not asked for until the docs settle.
 */
export const BINGX_SPOT_KLINE_INTERVALS: Readonly<Record<string, string>> = {
  "1m": "1min",
  "5m": "5min",
  "15m": "15min",
  "30m": "30min",
  "1h": "60min",
  "1d": "1day",
};

/** Swap and Coin-M kline intervals (swap socket, Subscribe K-Line Data; cswap REST interval list). */
export const BINGX_SWAP_KLINE_INTERVALS: Readonly<Record<string, string>> = {
  "1m": "1m",
  "3m": "3m",
  "5m": "5m",
  "15m": "15m",
  "30m": "30m",
  "1h": "1h",
  "2h": "2h",
  "4h": "4h",
  "6h": "6h",
  "12h": "12h",
  "1d": "1d",
  "3d": "3d",
  "1w": "1w",
  "1M": "1M",
};

/** Native kline interval (any socket, old and new names) → canonical. */
export const CANONICAL_KLINE_INTERVALS: Readonly<Record<string, string>> = {
  ...Object.fromEntries(
    Object.entries(BINGX_SWAP_KLINE_INTERVALS).map(([canonical, native]) => [native, canonical]),
  ),
  ...Object.fromEntries(
    Object.entries(BINGX_SPOT_KLINE_INTERVALS).map(([canonical, native]) => [native, canonical]),
  ),
  "3min": "3m",
  "8h": "8h",
};

export function klineIntervalsOf(account: Account): Readonly<Record<string, string>> {
  return account === "spot" ? BINGX_SPOT_KLINE_INTERVALS : BINGX_SWAP_KLINE_INTERVALS;
}

/** Coin-M partial depth levels ("Data type is <symbol>@depth<count>"; 5, 10, 20, 50, 100). */
export const BINGX_DEPTH_LEVELS: readonly number[] = [5, 10, 20, 50, 100];

/** The Coin-M depth level for a wanted depth: the shallowest that covers it; the deepest when none is named. */
export function depthLevelOf(wanted: number | undefined): number {
  const deepest = BINGX_DEPTH_LEVELS[BINGX_DEPTH_LEVELS.length - 1]!;
  if (wanted === undefined || !Number.isFinite(wanted) || wanted <= 0) return deepest;
  return BINGX_DEPTH_LEVELS.find((level) => level >= wanted) ?? deepest;
}

/** The dataType a spec rides on (`BTC-USDT@incrDepth`), or undefined when it is no socket stream of the account. */
export function dataTypeOf(spec: StreamSpec): string | undefined {
  const symbol = spec.native.toUpperCase();
  const isContract = spec.account === "linear" || spec.account === "inverse";
  switch (spec.kind) {
    case "trade":
      return spec.account === "option" ? undefined : `${symbol}@trade`;
    case "book":
      if (spec.account === "inverse") return `${symbol}@depth${depthLevelOf(spec.depth)}`;
      return spec.account === "option" ? undefined : `${symbol}@incrDepth`;
    case "kline": {
      if (spec.account === "option") return undefined;
      const interval = klineIntervalsOf(spec.account)[spec.interval ?? "1m"];
      return interval ? `${symbol}@kline_${interval}` : undefined;
    }
    case "ticker":
      return spec.account === "option" ? undefined : `${symbol}@ticker`;
    case "mark_price":
      return isContract ? `${symbol}@markPrice` : undefined;
    case "agg_trade":
    case "funding_rate":
    case "open_interest":
    case "liquidation":
      return undefined;
  }
}

/** Channel id for the hub's ref-counting: specs on one dataType share it (a book's wanted depth does not matter on incrDepth). */
export function channelOfSpec(spec: StreamSpec): string {
  return `${spec.account}|${dataTypeOf(spec) ?? `${spec.kind}|${spec.native}`}`;
}

function framesFor(reqType: "sub" | "unsub", specs: readonly StreamSpec[], requestId: number): string[] {
  const dataTypes = [...new Set(specs.map(dataTypeOf).filter((dataType) => dataType !== undefined))];
  // The id comes back in the reply; one per request so that a refused dataType names itself.
  return dataTypes.map((dataType, index) =>
    JSON.stringify({
      id: dataTypes.length > 1 ? `${requestId}.${index}` : `${requestId}`,
      reqType,
      dataType,
    }),
  );
}

/** `{"id":"7","reqType":"sub","dataType":"BTC-USDT@trade"}`, one request per dataType. */
export function subscribeFrames(specs: readonly StreamSpec[], requestId: number): string[] {
  return framesFor("sub", specs, requestId);
}

export function unsubscribeFrames(specs: readonly StreamSpec[], requestId: number): string[] {
  return framesFor("unsub", specs, requestId);
}
