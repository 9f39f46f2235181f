// Subscriptions → MEXC wire channels and frames (pure). Spot: `SUBSCRIPTION` / `UNSUBSCRIPTION` of channel names
// (a ticker rides on two: the 24 h mini ticker and the best bid/ask). Futures: one `sub.*` / `unsub.*` frame per
// channel; ticker, mark price and open interest share `sub.ticker`, so they are subscribed once.

import type { StreamSpec } from "../../core/index.ts";

/** Canonical kline interval → MEXC's name (the same on both sockets and on the futures REST). */
export const MEXC_INTERVALS: Readonly<Record<string, string>> = {
  "1m": "Min1",
  "5m": "Min5",
  "15m": "Min15",
  "30m": "Min30",
  "1h": "Min60",
  "4h": "Hour4",
  "8h": "Hour8",
  "1d": "Day1",
  "1w": "Week1",
  "1M": "Month1",
};

/** MEXC interval name → canonical. */
export const CANONICAL_INTERVALS: Readonly<Record<string, string>> = Object.fromEntries(
  Object.entries(MEXC_INTERVALS).map(([canonical, mexc]) => [mexc, canonical]),
);

/** Push window of the aggregated spot channels: `100ms` or `10ms`; the slower one halves nothing but the frame count. */
export const MEXC_SPOT_WINDOW = "100ms";

/** Spot wire channels of one stream, or [] when spot has no such channel. */
export function spotChannelsOf(spec: StreamSpec): string[] {
  const symbol = spec.native.toUpperCase();
  switch (spec.kind) {
    case "trade":
      return [`spot@public.aggre.deals.v3.api.pb@${MEXC_SPOT_WINDOW}@${symbol}`];
    case "book":
      return [`spot@public.aggre.depth.v3.api.pb@${MEXC_SPOT_WINDOW}@${symbol}`];
    case "kline": {
      const interval = MEXC_INTERVALS[spec.interval ?? "1m"];
      return interval ? [`spot@public.kline.v3.api.pb@${symbol}@${interval}`] : [];
    }
    case "ticker":
      // 24 h statistics every 3 s, and the best bid/ask on every change; parse merges both into one ticker.
      return [
        `spot@public.miniTicker.v3.api.pb@${symbol}@24H`,
        `spot@public.aggre.bookTicker.v3.api.pb@${MEXC_SPOT_WINDOW}@${symbol}`,
      ];
    default:
      return [];
  }
}

interface FuturesChannel {
  /** `deal`, `depth`, `kline`, `ticker`, `funding.rate`: the suffix of `sub.` / `unsub.` / `push.`. */
  name: string;
  param: Record<string, string>;
}

/** The futures channel of one stream, or undefined when futures have no such channel. */
export function futuresChannelOf(spec: StreamSpec): FuturesChannel | undefined {
  const symbol = spec.native.toUpperCase();
  switch (spec.kind) {
    case "trade":
      return { name: "deal", param: { symbol } };
    case "book":
      return { name: "depth", param: { symbol } };
    case "kline": {
      const interval = MEXC_INTERVALS[spec.interval ?? "1m"];
      return interval ? { name: "kline", param: { symbol, interval } } : undefined;
    }
    case "ticker":
    case "mark_price":
    case "open_interest":
      // `push.ticker` carries last/bid/ask, the fair (mark) and index price and `holdVol`: one channel for three kinds.
      return { name: "ticker", param: { symbol } };
    case "funding_rate":
      return { name: "funding.rate", param: { symbol } };
    default:
      return undefined;
  }
}

/** Channel id for the hub's ref-counting: streams on the same wire channel share one subscription. */
export function channelOfSpec(spec: StreamSpec): string {
  if (spec.account === "spot") {
    const channels = spotChannelsOf(spec);
    return `spot|${channels.length > 0 ? channels.join("+") : `${spec.kind}|${spec.native}`}`;
  }
  const channel = futuresChannelOf(spec);
  if (!channel) return `${spec.account}|${spec.kind}|${spec.native}`;
  return `${spec.account}|${channel.name}|${Object.values(channel.param).join("|")}`;
}

function spotFrames(method: "SUBSCRIPTION" | "UNSUBSCRIPTION", specs: readonly StreamSpec[]): string[] {
  const params = [...new Set(specs.flatMap(spotChannelsOf))];
  return params.length > 0 ? [JSON.stringify({ method, params })] : [];
}

function futuresFrames(prefix: "sub" | "unsub", specs: readonly StreamSpec[]): string[] {
  const frames = new Set<string>();
  for (const spec of specs) {
    const channel = futuresChannelOf(spec);
    if (!channel) continue;
    // `unsub.kline` takes the symbol alone, as in the docs' example.
    const param = prefix === "unsub" ? { symbol: channel.param.symbol } : channel.param;
    // `gzip: false`: plain JSON pushes (the docs show it on `sub.tickers`, "the same with following subscription").
    const frame: Record<string, unknown> = { method: `${prefix}.${channel.name}`, param };
    if (prefix === "sub") frame.gzip = false;
    frames.add(JSON.stringify(frame));
  }
  return [...frames];
}

/** Spot: one `SUBSCRIPTION` frame naming every channel; futures: one `sub.*` frame per channel. */
export function subscribeFrames(specs: readonly StreamSpec[], _requestId: number): string[] {
  const spot = specs.filter((spec) => spec.account === "spot");
  const futures = specs.filter((spec) => spec.account !== "spot");
  return [...spotFrames("SUBSCRIPTION", spot), ...futuresFrames("sub", futures)];
}

export function unsubscribeFrames(specs: readonly StreamSpec[], _requestId: number): string[] {
  const spot = specs.filter((spec) => spec.account === "spot");
  const futures = specs.filter((spec) => spec.account !== "spot");
  return [...spotFrames("UNSUBSCRIPTION", spot), ...futuresFrames("unsub", futures)];
}
