// Subscriptions → Binance wire stream names and SUBSCRIBE / UNSUBSCRIBE frames (pure). Mark price and funding
// share `@markPrice@1s`, so both map to one channel and are subscribed once.

import type { StreamKind, StreamSpec } from "../../core/index.ts";

/** Stream names per SUBSCRIBE frame. Binance documents no cap; this keeps a frame a few KB. */
export const BINANCE_MAX_STREAMS_PER_FRAME = 200;

/** The wire stream a spec rides on (`btcusdt@depth@100ms`), or undefined when it is not a socket stream. */
export function streamNameOf(spec: StreamSpec): string | undefined {
  const symbol = spec.native.toLowerCase();
  switch (spec.kind) {
    case "trade":
      return `${symbol}@trade`;
    case "agg_trade":
      return `${symbol}@aggTrade`;
    case "book":
      // Diff depth at the fastest documented speed; the partial `@depth<N>` streams are snapshots we do not use.
      return `${symbol}@depth@100ms`;
    case "kline":
      return `${symbol}@kline_${spec.interval ?? "1m"}`;
    case "ticker":
      return `${symbol}@ticker`;
    case "mark_price":
    case "funding_rate":
      if (spec.account === "spot") return undefined;
      return `${symbol}@markPrice@1s`;
    case "liquidation":
      if (spec.account === "spot") return undefined;
      return `${symbol}@forceOrder`;
    case "open_interest":
      // Binance has no open-interest stream; the hub polls REST instead.
      return undefined;
  }
}

/** Channel id for the hub's ref-counting: specs with the same wire stream share one subscription. */
export function channelOfSpec(spec: StreamSpec): string {
  return `${spec.account}|${streamNameOf(spec) ?? `${spec.kind}|${spec.native}`}`;
}

/**
 * USDⓈ-M serves each stream on one routed endpoint only: `/public` (what the matching engine pushes: trades,
 * depth, book ticker) or `/market` (aggregates: aggTrade, klines, tickers, mark price, liquidations). A socket on
 * the wrong route acks the SUBSCRIBE and then stays silent. Spot and COIN-M are not split.
 */
export type BinanceRoute = "public" | "market";

const PUBLIC_KINDS: ReadonlySet<StreamKind> = new Set<StreamKind>(["trade", "book"]);

export function usdmRouteOf(kind: StreamKind): BinanceRoute {
  return PUBLIC_KINDS.has(kind) ? "public" : "market";
}

function uniqueStreams(specs: readonly StreamSpec[]): string[] {
  const names = new Set<string>();
  for (const spec of specs) {
    const name = streamNameOf(spec);
    if (name) names.add(name);
  }
  return [...names];
}

function framesFor(
  method: "SUBSCRIBE" | "UNSUBSCRIBE",
  specs: readonly StreamSpec[],
  requestId: number,
): string[] {
  const names = uniqueStreams(specs);
  const frames: string[] = [];
  for (let at = 0; at < names.length; at += BINANCE_MAX_STREAMS_PER_FRAME) {
    const params = names.slice(at, at + BINANCE_MAX_STREAMS_PER_FRAME);
    // One id per call: every frame of the batch is acked with it (futures accept only unsigned integer ids).
    frames.push(JSON.stringify({ method, params, id: requestId }));
  }
  return frames;
}

/** `{"method":"SUBSCRIBE","params":[…],"id":N}` frames, at most BINANCE_MAX_STREAMS_PER_FRAME names each. */
export function subscribeFrames(specs: readonly StreamSpec[], requestId: number): string[] {
  return framesFor("SUBSCRIBE", specs, requestId);
}

export function unsubscribeFrames(specs: readonly StreamSpec[], requestId: number): string[] {
  return framesFor("UNSUBSCRIBE", specs, requestId);
}
