// HyperLiquid for the simulator: `{"method":"subscribe"|"unsubscribe","subscription":{…}}` answered on
// `subscriptionResponse` (refusals on `error`), `{"method":"ping"}` → `{"channel":"pong"}`; l2Book snapshots (one
// right after the subscription, then every few ticks), trades, candles, asset contexts and bbo from synthetic
// markets or the recorded tardis sample; REST in hyperliquid-rest.ts.

import { parseInterval } from "../bars.ts";
import type { MarketStep } from "../market.ts";
import { listRecordings } from "../recorded.ts";
import type {
  ClientFrameKind,
  SimAccount,
  SimDataFrame,
  SimSession,
  SimVenue,
  SimVenueContext,
} from "../types.ts";
import {
  describeAssetCtx,
  describeBbo,
  describeBook,
  describeCandle,
  describeTrade,
} from "./hyperliquid-frames.ts";
import { answerHyperliquidRest, describeHyperliquidRestFault } from "./hyperliquid-rest.ts";
import { createHyperliquidMarkets, type HyperliquidCoin } from "./hyperliquid-symbols.ts";
import { readFileSync } from "node:fs";

const ACCOUNTS: readonly SimAccount[] = ["linear", "spot"];
// Cadences in ticks (20 ms by default), compressed against HyperLiquid's: trades every step; a book snapshot every
// 2 ticks (HyperLiquid: each block at least 0.5 s after the last push); bbo when the top changes; asset contexts
// every 5 ticks; candle updates every 10.
const BOOK_EVERY_TICKS = 2;
const CTX_EVERY_TICKS = 5;
const CANDLE_EVERY_TICKS = 10;
const TYPES = new Set(["trades", "l2Book", "candle", "activeAssetCtx", "bbo"]);

/** The simulator's stream name for a subscription: `trades:BTC`, `candle:BTC:1m`, `activeAssetCtx:@107`. */
export function streamNameOf(subscription: Record<string, unknown>): string {
  const parts = [subscription.type, subscription.coin];
  if (subscription.type === "candle") parts.push(subscription.interval);
  return parts.map(String).join(":");
}

interface ProducedFrame {
  stream: string;
  channel: string;
  payload: unknown;
  bookSymbol?: string;
  text?: string;
}

export function createHyperliquidVenue(context: SimVenueContext): SimVenue {
  const markets = createHyperliquidMarkets(context.seed, context.tickMs);
  const recorded = context.mode === "recorded" ? loadRecordings(context) : undefined;
  const replayCursor = new Map<string, number>();
  const lastBbo = new Map<string, string>();
  let tickIndex = 0;

  const produceSynthetic = (
    stream: string,
    nowMs: number,
    steps: Map<string, MarketStep>,
  ): ProducedFrame[] => {
    const [type, name, interval] = stream.split(":") as [string, string, string | undefined];
    const coin = markets.coin(name);
    const market = coin ? markets.marketOf(coin.coin) : undefined;
    const step = steps.get(name);
    if (!coin || !market || !step) return [];
    switch (type) {
      case "trades":
        return step.trades.length > 0
          ? [{ stream, channel: "trades", payload: step.trades.map((trade) => describeTrade(coin, trade)) }]
          : [];
      case "l2Book":
        return tickIndex % BOOK_EVERY_TICKS === 0
          ? [
              {
                stream,
                channel: "l2Book",
                payload: describeBook(coin, market, step.timeMs),
                bookSymbol: coin.coin,
              },
            ]
          : [];
      case "bbo": {
        const bbo = describeBbo(coin, market, step.timeMs);
        const key = JSON.stringify(bbo.bbo);
        if (lastBbo.get(stream) === key) return [];
        lastBbo.set(stream, key);
        return [{ stream, channel: "bbo", payload: bbo }];
      }
      case "activeAssetCtx":
        return tickIndex % CTX_EVERY_TICKS === 0
          ? [
              {
                stream,
                channel: coin.account === "spot" ? "activeSpotAssetCtx" : "activeAssetCtx",
                payload: { coin: coin.coin, ctx: describeAssetCtx(coin, market, nowMs) },
              },
            ]
          : [];
      case "candle": {
        const bars = interval ? parseInterval(interval) : undefined;
        if (!bars || tickIndex % CANDLE_EVERY_TICKS !== 0) return [];
        const openMs = bars.openOf(nowMs);
        const bar = market.barFor(openMs, bars.nextOpenOf(openMs), nowMs);
        return [{ stream, channel: "candle", payload: describeCandle(coin, interval!, bar) }];
      }
      default:
        return [];
    }
  };

  const produceRecorded = (stream: string): ProducedFrame[] => {
    const frames = recorded?.get(stream);
    const cursor = replayCursor.get(stream) ?? 0;
    const frame = frames?.[cursor];
    if (!frame) return [];
    replayCursor.set(stream, cursor + 1);
    return [{ stream, channel: frame.channel, payload: frame.data, text: frame.text }];
  };

  const reply = (session: SimSession, channel: string, data: unknown) =>
    session.reply(JSON.stringify({ channel, data }));

  const handleClientText = (session: SimSession, text: string): ClientFrameKind => {
    let message: { method?: unknown; subscription?: unknown };
    try {
      message = JSON.parse(text) as typeof message;
    } catch {
      reply(session, "error", `Invalid message: ${text.slice(0, 60)}`);
      return "error";
    }
    if (message?.method === "ping") {
      session.props.pings = Number(session.props.pings ?? 0) + 1;
      session.reply(JSON.stringify({ channel: "pong" }));
      return "other";
    }
    const subscription = message?.subscription as Record<string, unknown> | undefined;
    if (
      (message?.method !== "subscribe" && message?.method !== "unsubscribe") ||
      typeof subscription !== "object" ||
      !subscription
    ) {
      reply(session, "error", `Invalid message: ${text.slice(0, 60)}`);
      return "error";
    }
    const stream = streamNameOf(subscription);
    const coin: HyperliquidCoin | undefined =
      typeof subscription.coin === "string" ? markets.coin(subscription.coin, session.account) : undefined;
    const intervalOk =
      subscription.type !== "candle" || parseInterval(String(subscription.interval)) !== undefined;
    const known = recorded
      ? recorded.has(stream)
      : TYPES.has(String(subscription.type)) && coin !== undefined && intervalOk;
    if (message.method === "unsubscribe") {
      if (!session.streams.delete(stream)) {
        reply(session, "error", `Already unsubscribed: ${JSON.stringify(subscription)}`);
        return "error";
      }
      reply(session, "subscriptionResponse", { method: "unsubscribe", subscription });
      return "unsubscribe";
    }
    if (!known) {
      reply(session, "error", `Invalid subscription ${JSON.stringify(subscription)}`);
      return "error";
    }
    if (session.streams.has(stream)) {
      reply(session, "error", `Already subscribed: ${JSON.stringify(subscription)}`);
      return "error";
    }
    session.streams.add(stream);
    reply(session, "subscriptionResponse", { method: "subscribe", subscription });
    // The first l2Book push follows the subscription at once.
    if (!recorded && subscription.type === "l2Book" && coin) {
      const market = markets.marketOf(coin.coin);
      if (market) reply(session, "l2Book", describeBook(coin, market, Date.now()));
    }
    return "subscribe";
  };

  return {
    id: "hyperliquid",
    accounts: ACCOUNTS,
    // HyperLiquid serves both markets on one URL; the simulator keeps one path per account so ground truth stays per account.
    wsPath: (account) => `/hyperliquid/${account}/ws`,
    envFor(account, urls) {
      return {
        DIG3_HYPERLIQUID_WS_URL: urls.wsUrlOf(account),
        DIG3_HYPERLIQUID_REST_URL: urls.restUrl,
        DIG3_HYPERLIQUID_LINEAR_WS_URL: urls.wsUrlOf("linear"),
        DIG3_HYPERLIQUID_SPOT_WS_URL: urls.wsUrlOf("spot"),
      };
    },
    matchWsRoute(url) {
      const match = /^\/hyperliquid\/(linear|spot)\/ws\/?$/.exec(url.pathname);
      return match ? { account: match[1] as SimAccount, streams: [], props: {} } : undefined;
    },
    // "Maximum of 2000 messages sent to Hyperliquid per minute across all websocket connections".
    maxClientMessagesPerSecond: () => 2000 / 60,
    handleClientText,
    tick(nowMs, active) {
      tickIndex++;
      const steps = new Map<string, MarketStep>();
      if (!recorded)
        for (const { coin, market } of markets.started()) steps.set(coin.coin, market.step(nowMs));
      const out: SimDataFrame[] = [];
      for (const [account, streams] of active) {
        for (const stream of streams) {
          const produced = recorded ? produceRecorded(stream) : produceSynthetic(stream, nowMs, steps);
          for (const frame of produced) out.push(wrapDataFrame(account, frame));
        }
      }
      return out;
    },
    handleRest: (request, nowMs) => answerHyperliquidRest(markets, request, nowMs),
    describeRestFault: describeHyperliquidRestFault,
    close() {
      replayCursor.clear();
      lastBbo.clear();
    },
  };
}

function wrapDataFrame(account: SimAccount, frame: ProducedFrame): SimDataFrame {
  let text = frame.text;
  return {
    account,
    stream: frame.stream,
    payload: frame.payload,
    bookSymbol: frame.bookSymbol,
    encode() {
      text ??= JSON.stringify({ channel: frame.channel, data: frame.payload });
      return text;
    },
  };
}

// Recorded mode: the frames of <wireDir>/hyperliquid/tardis*.ndjson by stream, replayed one per tick.

interface RecordedFrame {
  channel: string;
  data: unknown;
  text: string;
}

function streamOfRecorded(channel: string, data: unknown): string | undefined {
  const row = Array.isArray(data) ? data[0] : data;
  if (typeof row !== "object" || row === null) return undefined;
  const record = row as Record<string, unknown>;
  const type = channel === "activeSpotAssetCtx" ? "activeAssetCtx" : channel;
  if (type === "candle") return `candle:${record.s}:${record.i}`;
  return typeof record.coin === "string" ? `${type}:${record.coin}` : undefined;
}

function loadRecordings(context: SimVenueContext): Map<string, RecordedFrame[]> {
  const frames = new Map<string, RecordedFrame[]>();
  for (const path of listRecordings(context.wireDir, "hyperliquid", () => true)) {
    for (const line of readFileSync(path, "utf8").split("\n")) {
      if (line.trim() === "") continue;
      let text: string;
      let parsed: { channel?: unknown; data?: unknown };
      try {
        text = String((JSON.parse(line) as { frame?: unknown }).frame ?? "");
        parsed = JSON.parse(text) as typeof parsed;
      } catch {
        continue;
      }
      if (typeof parsed.channel !== "string") continue;
      const stream = streamOfRecorded(parsed.channel, parsed.data);
      if (!stream) continue;
      const list = frames.get(stream) ?? [];
      list.push({ channel: parsed.channel, data: parsed.data, text });
      frames.set(stream, list);
    }
  }
  return frames;
}
