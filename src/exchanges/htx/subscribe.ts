// Subscriptions → HTX topics, the socket each topic lives on, and the `sub` / `unsub` frames (pure). A spot book
// subscription also asks for its refresh image (`req`) on the same socket, as the MBP procedure prescribes.

import type { Account, StreamKind, StreamSpec } from "../../core/index.ts";

/** Levels of the spot MBP feed and of the contract incremental depth: 150, the deepest both offer with a refresh. */
export const HTX_BOOK_LEVELS = 150;

/** Canonical kline interval → HTX `period`. `1year` (spot) has no canonical name. */
export const HTX_PERIODS: Readonly<Record<string, string>> = {
  "1m": "1min",
  "5m": "5min",
  "15m": "15min",
  "30m": "30min",
  "1h": "60min",
  "4h": "4hour",
  "1d": "1day",
  "1w": "1week",
  "1M": "1mon",
};

const INTERVAL_OF_PERIOD: Readonly<Record<string, string>> = Object.fromEntries(
  Object.entries(HTX_PERIODS).map(([interval, period]) => [period, interval]),
);

/** HTX `period` → canonical interval, or undefined (`1year`, or not a period). */
export function intervalOfPeriod(period: string): string | undefined {
  return INTERVAL_OF_PERIOD[period];
}

/**
 * The socket family a topic lives on. Spot: `market` (`/ws`) for everything but the MBP feed (`/feed`).
 * Contracts: `market` (`linear-swap-ws`, `swap-ws`), `index` (`ws_index`: mark price klines, which the contract
 * sockets refuse as `invalid topic`) and `notification` (`linear-swap-notification`, `swap-notification`: the
 * public funding and liquidation topics, with `op`-style frames).
 */
export type HtxRoute = "market" | "feed" | "index" | "notification";

export function routeOf(account: Account, kind: StreamKind | undefined): HtxRoute {
  if (account === "spot") return kind === "book" ? "feed" : "market";
  if (kind === "mark_price") return "index";
  if (kind === "funding_rate" || kind === "liquidation") return "notification";
  return "market";
}

function nativeOfAccount(spec: StreamSpec): string {
  // Spot symbols are lower case on the wire; contract codes upper case ("a lowercase subscribe is acked and delivered
  // under the uppercase ch", which would then not match the subscription).
  return spec.account === "spot" ? spec.native.toLowerCase() : spec.native.toUpperCase();
}

/** The topic a spec rides on (`market.btcusdt.mbp.150`), or undefined when it is not a socket stream. */
export function topicOf(spec: StreamSpec): string | undefined {
  const native = nativeOfAccount(spec);
  const isSpot = spec.account === "spot";
  switch (spec.kind) {
    case "trade":
      return `market.${native}.trade.detail`;
    case "book":
      return isSpot
        ? `market.${native}.mbp.${HTX_BOOK_LEVELS}`
        : `market.${native}.depth.size_${HTX_BOOK_LEVELS}.high_freq`;
    case "kline": {
      const period = HTX_PERIODS[spec.interval ?? "1m"];
      return period ? `market.${native}.kline.${period}` : undefined;
    }
    case "ticker":
      // Spot has a ticker with best bid/ask every 100 ms; contracts have the 24 h `detail`.
      return isSpot ? `market.${native}.ticker` : `market.${native}.detail`;
    case "mark_price":
      return isSpot ? undefined : `market.${native}.mark_price.1min`;
    case "funding_rate":
      return isSpot ? undefined : `public.${native}.funding_rate`;
    case "liquidation":
      return isSpot ? undefined : `public.${native}.liquidation_orders`;
    case "agg_trade":
    case "open_interest":
      return undefined;
  }
}

function isNotificationTopic(topic: string): boolean {
  return topic.startsWith("public.");
}

function isContractDepthTopic(topic: string): boolean {
  return topic.endsWith(".high_freq");
}

/** Spot MBP topics (`market.btcusdt.mbp.150`), whose refresh image is asked for with `req` after `sub`. */
export function isMbpTopic(topic: string): boolean {
  return /^market\.[^.]+\.mbp\.\d+$/.test(topic);
}

function uniqueTopics(specs: readonly StreamSpec[]): string[] {
  const topics = new Set<string>();
  for (const spec of specs) {
    const topic = topicOf(spec);
    if (topic) topics.add(topic);
  }
  return [...topics];
}

function frameOf(action: "sub" | "unsub", topic: string, id: string): string {
  if (isNotificationTopic(topic)) return JSON.stringify({ op: action, cid: id, topic });
  // Without `data_type` the contract depth topic pushes a whole book on every change.
  if (isContractDepthTopic(topic)) return JSON.stringify({ [action]: topic, data_type: "incremental", id });
  return JSON.stringify({ [action]: topic, id });
}

/**
 * One `sub` frame per topic (the contract sockets take one topic per frame); each spot MBP `sub` is followed by its
 * `req`, whose answer parse aligns with the deltas buffered since the `subbed` ack.
 */
export function subscribeFrames(specs: readonly StreamSpec[], requestId: number): string[] {
  const id = String(requestId);
  const frames: string[] = [];
  for (const topic of uniqueTopics(specs)) {
    frames.push(frameOf("sub", topic, id));
    if (isMbpTopic(topic)) frames.push(JSON.stringify({ req: topic, id }));
  }
  return frames;
}

export function unsubscribeFrames(specs: readonly StreamSpec[], requestId: number): string[] {
  const id = String(requestId);
  return uniqueTopics(specs).map((topic) => frameOf("unsub", topic, id));
}

/** Channel id for the hub's ref-counting: one per topic and account. */
export function channelOfSpec(spec: StreamSpec): string {
  return `${spec.account}|${topicOf(spec) ?? `${spec.kind}|${spec.native}`}`;
}
