// Subscriptions → KuCoin topics and subscribe / unsubscribe frames (pure). Mark price and funding share
// `/contract/instrument`, so both map to one channel and are subscribed once. Topics of one channel are batched
// into one frame, symbols joined by commas, at most 100 a frame.

import type { StreamSpec } from "../../core/index.ts";

/** "A topic supports up to 100 symbols"; "509 exceed max subscription count limitation of 100 per time". */
export const KUCOIN_MAX_SYMBOLS_PER_FRAME = 100;

/** Canonical kline interval → KuCoin candle type (topic suffix and spot REST `type`). */
export const KUCOIN_CANDLE_TYPES: Readonly<Record<string, string>> = {
  "1m": "1min",
  "3m": "3min",
  "5m": "5min",
  "15m": "15min",
  "30m": "30min",
  "1h": "1hour",
  "2h": "2hour",
  "4h": "4hour",
  "6h": "6hour",
  "8h": "8hour",
  "12h": "12hour",
  "1d": "1day",
  "1w": "1week",
  "1M": "1month",
};

const INTERVAL_OF_CANDLE_TYPE: Readonly<Record<string, string>> = Object.fromEntries(
  Object.entries(KUCOIN_CANDLE_TYPES).map(([interval, type]) => [type, interval]),
);

/** KuCoin candle type (`1hour`) → canonical interval (`1h`); undefined when unknown. */
export function intervalOfCandleType(type: string): string | undefined {
  return INTERVAL_OF_CANDLE_TYPE[type];
}

/** A topic split in two: the channel (`/market/level2`) and its argument (`BTC-USDT`, `XBTUSDTM_1min`). */
export interface KucoinTopic {
  channel: string;
  arg: string;
}

/** The topic a spec rides on, or undefined when it is not a socket stream on its account. */
export function topicOf(spec: StreamSpec): KucoinTopic | undefined {
  const arg = spec.native.toUpperCase();
  const candle = KUCOIN_CANDLE_TYPES[spec.interval ?? "1m"];
  if (spec.account === "spot") {
    switch (spec.kind) {
      case "trade":
        return { channel: "/market/match", arg };
      case "book":
        return { channel: "/market/level2", arg };
      case "kline":
        return candle ? { channel: "/market/candles", arg: `${arg}_${candle}` } : undefined;
      case "ticker":
        return { channel: "/market/ticker", arg };
      default:
        return undefined;
    }
  }
  switch (spec.kind) {
    case "trade":
      return { channel: "/contractMarket/execution", arg };
    case "book":
      return { channel: "/contractMarket/level2", arg };
    case "kline":
      // The suffix is the same `_1min` … type as spot (the Rust original matched `_1`, `_60` …, and lost every bar).
      return candle ? { channel: "/contractMarket/limitCandle", arg: `${arg}_${candle}` } : undefined;
    case "ticker":
      return { channel: "/contractMarket/tickerV2", arg };
    case "mark_price":
    case "funding_rate":
      return { channel: "/contract/instrument", arg };
    default:
      return undefined;
  }
}

/** Channel id for the hub's ref-counting: specs on the same topic share one subscription. */
export function channelOfSpec(spec: StreamSpec): string {
  const topic = topicOf(spec);
  return topic
    ? `${spec.account}|${topic.channel}:${topic.arg}`
    : `${spec.account}|${spec.kind}|${spec.native}`;
}

function framesFor(
  type: "subscribe" | "unsubscribe",
  specs: readonly StreamSpec[],
  requestId: number,
): string[] {
  const argsByChannel = new Map<string, Set<string>>();
  for (const spec of specs) {
    const topic = topicOf(spec);
    if (!topic) continue;
    let args = argsByChannel.get(topic.channel);
    if (!args) {
      args = new Set();
      argsByChannel.set(topic.channel, args);
    }
    args.add(topic.arg);
  }
  const frames: string[] = [];
  for (const [channel, argSet] of argsByChannel) {
    const args = [...argSet];
    for (let at = 0; at < args.length; at += KUCOIN_MAX_SYMBOLS_PER_FRAME) {
      const topic = `${channel}:${args.slice(at, at + KUCOIN_MAX_SYMBOLS_PER_FRAME).join(",")}`;
      frames.push(JSON.stringify({ id: requestId, type, topic, privateChannel: false, response: true }));
    }
  }
  return frames;
}

/** `{"id":N,"type":"subscribe","topic":"/market/level2:BTC-USDT,ETH-USDT","privateChannel":false,"response":true}`. */
export function subscribeFrames(specs: readonly StreamSpec[], requestId: number): string[] {
  return framesFor("subscribe", specs, requestId);
}

export function unsubscribeFrames(specs: readonly StreamSpec[], requestId: number): string[] {
  return framesFor("unsubscribe", specs, requestId);
}

/** The keep-alive the docs ask for "every pingInterval"; the id is echoed in the pong. */
export const KUCOIN_PING_FRAME = JSON.stringify({ id: "dig3-ping", type: "ping" });
