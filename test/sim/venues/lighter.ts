// Lighter for the simulator: `{"type":"subscribe"|"unsubscribe","channel":"order_book/1"}`; a book subscription is
// answered with `subscribed/order_book` (the whole book), then `update/order_book` per change chained by
// begin_nonce = previous nonce; trades (`update/trade`), market_stats (spot: spot_market_stats); `{"type":"ping"}` → `{"type":"pong"}`;
// errors as `{"error":{code, message}}`. Synthetic markets only. REST in lighter-rest.ts.

import type { MarketStep } from "../market.ts";
import type {
  ClientFrameKind,
  SimAccount,
  SimDataFrame,
  SimSession,
  SimVenue,
  SimVenueContext,
} from "../types.ts";
import {
  describeBookSnapshot,
  describeBookUpdate,
  describeLiquidationTrade,
  describeMarketStats,
  describeTrade,
} from "./lighter-frames.ts";
import { createLighterMarkets, type LighterSimMarket } from "./lighter-markets.ts";
import { answerLighterRest, describeLighterRestFault } from "./lighter-rest.ts";

const ACCOUNTS: readonly SimAccount[] = ["linear", "spot"];
// Cadences in ticks (20 ms by default): book updates and trades every step; market_stats every 5 ticks.
const STATS_EVERY_TICKS = 5;
const CHANNEL_RE = /^(order_book|trade|market_stats|spot_market_stats)\/(\d+)$/;
// The refusal codes are the simulator's choice in Lighter's 30xxx range; the docs list no table for them.
const ERRORS = {
  invalidMessage: { code: 30003, message: "Invalid message" },
  invalidChannel: { code: 30005, message: "Invalid Channel" },
  alreadySubscribed: { code: 30009, message: "Already Subscribed" },
  notSubscribed: { code: 30010, message: "Not Subscribed" },
} as const;

interface Produced {
  stream: string;
  type: string;
  body: Record<string, unknown>;
  payload: unknown;
  bookSymbol?: string;
}

export function createLighterVenue(context: SimVenueContext): SimVenue {
  const markets = createLighterMarkets(context.seed, context.tickMs);
  let tickIndex = 0;

  const infoOfChannel = (channel: string, account: SimAccount): LighterSimMarket | undefined => {
    const match = CHANNEL_RE.exec(channel);
    const info = match ? markets.byId(match[2]!) : undefined;
    if (info?.account !== account) return undefined;
    // Perpetual stats ride market_stats, spot stats spot_market_stats.
    if (match![1] === "market_stats" && account === "spot") return undefined;
    if (match![1] === "spot_market_stats" && account !== "spot") return undefined;
    return info;
  };

  const produce = (stream: string, nowMs: number, steps: Map<number, MarketStep>): Produced[] => {
    const match = CHANNEL_RE.exec(stream);
    const info = match ? markets.byId(match[2]!) : undefined;
    const market = info ? markets.marketOf(info.marketId) : undefined;
    const step = info ? steps.get(info.marketId) : undefined;
    if (!match || !info || !market || !step) return [];
    const channel = `${match[1]}:${info.marketId}`;
    switch (match[1]) {
      case "order_book": {
        if (!step.book) return [];
        const book = describeBookUpdate(info, step.book, step.timeMs);
        return [
          {
            stream,
            type: "update/order_book",
            body: { channel, offset: book.offset, timestamp: step.timeMs, order_book: book },
            payload: book,
            bookSymbol: String(info.marketId),
          },
        ];
      }
      case "trade": {
        if (step.trades.length === 0 && !step.liquidation) return [];
        const trades = step.trades.map((trade) => describeTrade(info, trade));
        const body: Record<string, unknown> = { channel, nonce: market.lastUpdateId(), trades };
        if (step.liquidation) body.liquidation_trades = [describeLiquidationTrade(info, step.liquidation)];
        return [{ stream, type: "update/trade", body, payload: trades }];
      }
      case "market_stats":
      case "spot_market_stats": {
        if (tickIndex % STATS_EVERY_TICKS !== 0) return [];
        const stats = describeMarketStats(info, market, nowMs);
        const kind = match[1]!;
        return [
          {
            stream,
            type: `update/${kind}`,
            body: { channel, timestamp: nowMs, [kind]: stats },
            payload: stats,
          },
        ];
      }
      default:
        return [];
    }
  };

  const error = (session: SimSession, detail: { code: number; message: string }, extra = "") =>
    session.reply(JSON.stringify({ error: { code: detail.code, message: `${detail.message}${extra}` } }));

  const handleClientText = (session: SimSession, text: string): ClientFrameKind => {
    let message: { type?: unknown; channel?: unknown };
    try {
      message = JSON.parse(text) as typeof message;
    } catch {
      error(session, ERRORS.invalidMessage);
      return "error";
    }
    if (message?.type === "ping") {
      session.props.pings = Number(session.props.pings ?? 0) + 1;
      session.reply(JSON.stringify({ type: "pong" }));
      return "other";
    }
    const channel = typeof message?.channel === "string" ? message.channel : "";
    if (message?.type !== "subscribe" && message?.type !== "unsubscribe") {
      error(session, ERRORS.invalidMessage);
      return "error";
    }
    if (message.type === "unsubscribe") {
      if (!session.streams.delete(channel)) {
        error(session, ERRORS.notSubscribed, `: ${channel}`);
        return "error";
      }
      session.reply(JSON.stringify({ type: "unsubscribed", channel: channel.replace("/", ":") }));
      return "unsubscribe";
    }
    const info = infoOfChannel(channel, session.account);
    if (!info) {
      error(session, ERRORS.invalidChannel, `: ${channel}`);
      return "error";
    }
    if (session.streams.has(channel)) {
      error(session, ERRORS.alreadySubscribed, `: ${channel}`);
      return "error";
    }
    session.streams.add(channel);
    const market = markets.marketOf(info.marketId)!;
    const wireChannel = channel.replace("/", ":");
    const nowMs = Date.now();
    // Every subscription is answered on `subscribed/<channel>` with the current state.
    if (channel.startsWith("order_book/")) {
      const book = describeBookSnapshot(info, market, nowMs);
      session.reply(
        JSON.stringify({
          type: "subscribed/order_book",
          channel: wireChannel,
          offset: book.offset,
          timestamp: nowMs,
          order_book: book,
        }),
      );
    } else if (channel.startsWith("trade/")) {
      // The simulator sends no backlog of recent trades, so every trade dig3 prints is one the tape sent.
      session.reply(
        JSON.stringify({
          type: "subscribed/trade",
          channel: wireChannel,
          nonce: market.lastUpdateId(),
          trades: [],
        }),
      );
    } else {
      const kind = channel.slice(0, channel.indexOf("/"));
      session.reply(
        JSON.stringify({
          type: `subscribed/${kind}`,
          channel: wireChannel,
          timestamp: nowMs,
          [kind]: describeMarketStats(info, market, nowMs),
        }),
      );
    }
    return "subscribe";
  };

  return {
    id: "lighter",
    accounts: ACCOUNTS,
    // Lighter serves every market on one URL; the simulator keeps one path per account so ground truth stays per account.
    wsPath: (account) => `/lighter/${account}/stream`,
    envFor(account, urls) {
      return {
        DIG3_LIGHTER_WS_URL: urls.wsUrlOf(account),
        DIG3_LIGHTER_REST_URL: urls.restUrl,
        DIG3_LIGHTER_LINEAR_WS_URL: urls.wsUrlOf("linear"),
        DIG3_LIGHTER_SPOT_WS_URL: urls.wsUrlOf("spot"),
      };
    },
    matchWsRoute(url) {
      const match = /^\/lighter\/(linear|spot)\/stream\/?$/.exec(url.pathname);
      return match ? { account: match[1] as SimAccount, streams: [], props: {} } : undefined;
    },
    // "200 messages per minute" per IP.
    maxClientMessagesPerSecond: () => 200 / 60,
    handleClientText,
    tick(nowMs, active) {
      tickIndex++;
      const steps = new Map<number, MarketStep>();
      for (const { info, market } of markets.started()) steps.set(info.marketId, market.step(nowMs));
      const out: SimDataFrame[] = [];
      for (const [account, streams] of active) {
        for (const stream of streams) {
          for (const frame of produce(stream, nowMs, steps)) {
            let text: string | undefined;
            out.push({
              account,
              stream: frame.stream,
              payload: frame.payload,
              bookSymbol: frame.bookSymbol,
              encode() {
                text ??= JSON.stringify({ type: frame.type, ...frame.body });
                return text;
              },
            });
          }
        }
      }
      return out;
    },
    handleRest: (request, nowMs) => answerLighterRest(markets, request, nowMs),
    describeRestFault: describeLighterRestFault,
    close() {},
  };
}
