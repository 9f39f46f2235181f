// Crypto.com Exchange for the venue simulator: the market-data protocol (subscribe / unsubscribe with one ack per
// channel, 40003 for unknown channels, symbols and depths, `public/heartbeat` that must be answered with
// `public/respond-heartbeat`), the book snapshot as the first push of a delta subscription, deltas chained by
// `u`/`pu` with idle empty deltas, trades (the last 50 on subscribe), ticker, candlesticks, mark / index / funding,
// recorded replay, and REST (cryptocom-rest.ts).

import { readFileSync } from "node:fs";
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
  advanceBookWindow,
  type BookWindow,
  describeBookSnapshot,
  describeCandle,
  describeTicker,
  describeTrades,
  describeValue,
  hourlyFundingRateAt,
  openBookWindow,
} from "./cryptocom-frames.ts";
import { answerCryptocomRest, describeCryptocomRestFault } from "./cryptocom-rest.ts";
import { createCryptocomMarkets, intervalOfTimeframe } from "./cryptocom-symbols.ts";

const ACCOUNTS: readonly SimAccount[] = ["spot", "linear"];
// Cadences in ticks (20 ms by default), compressed against Crypto.com's: book deltas and trades every step (100 ms
// on the venue), the ticker every 5 ticks, candlesticks, mark and index every 10 (about 1 s on the venue), funding
// every 25 (once a minute), an idle empty delta after 25 quiet ticks (5 s) and a heartbeat every 50 ticks (30 s).
const TICKER_EVERY_TICKS = 5;
const CANDLE_EVERY_TICKS = 10;
const MARK_EVERY_TICKS = 10;
const FUNDING_EVERY_TICKS = 25;
const IDLE_DELTA_EVERY_TICKS = 25;
const HEARTBEAT_EVERY_TICKS = 50;
const MAX_SESSIONS = 1_000;
const BOOK_DEPTHS = new Set([10, 50]);
const BOOK_FREQUENCIES = new Set([10, 100, 500]);
const TRADES_ON_SUBSCRIBE = 50;
const CHANNEL_RE =
  /^(?:book\.([A-Za-z0-9_-]+)\.(\d+)|(trade|ticker|mark|index|funding|estimatedfunding)\.([A-Za-z0-9_-]+)|candlestick\.([0-9A-Za-z]+)\.([A-Za-z0-9_-]+))$/;

export interface CryptocomChannel {
  type: "book" | "trade" | "ticker" | "mark" | "index" | "funding" | "estimatedfunding" | "candlestick";
  instrument: string;
  depth?: number;
  timeframe?: string;
}

export function parseCryptocomChannel(channel: string): CryptocomChannel | undefined {
  const match = CHANNEL_RE.exec(channel);
  if (!match) return undefined;
  if (match[1]) return { type: "book", instrument: match[1].toUpperCase(), depth: Number(match[2]) };
  if (match[3]) return { type: match[3] as CryptocomChannel["type"], instrument: match[4]!.toUpperCase() };
  return { type: "candlestick", instrument: match[6]!.toUpperCase(), timeframe: match[5]! };
}

interface ProducedFrame {
  stream: string;
  payload: unknown;
  bookSymbol?: string;
  /** Verbatim frame text (recorded mode). */
  text?: string;
}

export function createCryptocomVenue(context: SimVenueContext): SimVenue {
  const markets = createCryptocomMarkets(context.seed, context.tickMs);
  const recorded = context.mode === "recorded" ? loadRecordings(context) : undefined;
  const replayCursor = new Map<string, number>();
  /** Published windows of the book streams someone listens to, by stream name. */
  const windows = new Map<string, BookWindow>();
  /** Sockets that spoke to us, newest last: the heartbeat goes to each. */
  const sessions = new Map<number, SimSession>();
  let tickIndex = 0;

  const windowOf = (stream: string, create: boolean): BookWindow | undefined => {
    const existing = windows.get(stream);
    if (existing || !create) return existing;
    const channel = parseCryptocomChannel(stream);
    const instrument = channel ? markets.instrument(channel.instrument) : undefined;
    const market = instrument ? markets.marketOf(instrument.name) : undefined;
    if (!channel || !instrument || !market) return undefined;
    const window = openBookWindow(instrument, market, channel.depth ?? 50);
    windows.set(stream, window);
    return window;
  };

  const produceSynthetic = (
    stream: string,
    nowMs: number,
    steps: Map<string, MarketStep>,
  ): ProducedFrame[] => {
    const channel = parseCryptocomChannel(stream);
    if (!channel) return [];
    if (channel.type === "index") {
      const member = markets.indexMembers(channel.instrument)[0];
      const market = member ? markets.marketOf(member.name) : undefined;
      if (!market || tickIndex % MARK_EVERY_TICKS !== 0) return [];
      return [{ stream, payload: [describeValue(market.indexPrice(nowMs), 4, nowMs)] }];
    }
    const instrument = markets.instrument(channel.instrument);
    const market = instrument ? markets.marketOf(instrument.name) : undefined;
    const step = instrument ? steps.get(instrument.name) : undefined;
    if (!instrument || !market || !step) return [];
    switch (channel.type) {
      case "book": {
        const window = windowOf(stream, true);
        const delta = window
          ? advanceBookWindow(window, market, step.timeMs, IDLE_DELTA_EVERY_TICKS)
          : undefined;
        return delta ? [{ stream, payload: [delta], bookSymbol: instrument.name }] : [];
      }
      case "trade":
        return step.trades.length > 0 ? [{ stream, payload: describeTrades(instrument, step.trades) }] : [];
      case "ticker":
        return tickIndex % TICKER_EVERY_TICKS === 0
          ? [{ stream, payload: [describeTicker(instrument, market, nowMs, true)] }]
          : [];
      case "candlestick": {
        const interval = intervalOfTimeframe(channel.timeframe ?? "");
        if (!interval || tickIndex % CANDLE_EVERY_TICKS !== 0) return [];
        const openMs = interval.openOf(nowMs);
        const bar = market.barFor(openMs, interval.nextOpenOf(openMs), nowMs);
        return [{ stream, payload: [describeCandle(instrument, bar)] }];
      }
      case "mark":
        return tickIndex % MARK_EVERY_TICKS === 0
          ? [{ stream, payload: [describeValue(market.markPrice(nowMs), 4, nowMs)] }]
          : [];
      case "funding":
      case "estimatedfunding":
        if (tickIndex % FUNDING_EVERY_TICKS !== 0) return [];
        return [
          {
            stream,
            payload: [
              describeValue(
                hourlyFundingRateAt(market, channel.type === "funding" ? nowMs : nowMs + 4 * 3_600_000),
                8,
                nowMs,
              ),
            ],
          },
        ];
    }
  };

  const produceRecorded = (stream: string): ProducedFrame[] => {
    const frames = recorded?.get(stream);
    const cursor = replayCursor.get(stream) ?? 0;
    const frame = frames?.[cursor];
    if (!frame) return [];
    replayCursor.set(stream, cursor + 1);
    const bookSymbol = stream.startsWith("book.") ? parseCryptocomChannel(stream)?.instrument : undefined;
    return [{ stream, payload: frame.data, bookSymbol, text: frame.text }];
  };

  const stepMarkets = (nowMs: number): Map<string, MarketStep> => {
    const steps = new Map<string, MarketStep>();
    for (const { instrument, market } of markets.started()) steps.set(instrument.name, market.step(nowMs));
    return steps;
  };

  const rememberSession = (session: SimSession) => {
    sessions.delete(session.id);
    sessions.set(session.id, session);
    // Closed sockets never say so to a venue; keep the newest sessions only.
    while (sessions.size > MAX_SESSIONS) {
      const oldest = sessions.keys().next().value;
      if (oldest === undefined) break;
      sessions.delete(oldest);
    }
  };

  const sendHeartbeats = (nowMs: number) => {
    for (const session of sessions.values()) {
      session.props.heartbeatsSent = Number(session.props.heartbeatsSent ?? 0) + 1;
      session.reply(JSON.stringify({ id: nowMs, method: "public/heartbeat", code: 0 }));
    }
  };

  /** Why a channel cannot be subscribed on this socket, or undefined when it can. */
  const refusalOf = (
    channel: string,
    params: Record<string, unknown>,
    account: SimAccount,
  ): string | undefined => {
    const parsed = parseCryptocomChannel(channel);
    if (!parsed) return "Unrecognized channel";
    if (recorded) return recorded.has(channel) ? undefined : "Unknown symbol";
    if (parsed.type === "index") {
      return markets.indexMembers(parsed.instrument).some((member) => member.account === account)
        ? undefined
        : "Unsupported instrument";
    }
    const instrument = markets.instrument(parsed.instrument);
    if (!instrument || instrument.account !== account) return "Unknown symbol";
    const derivative = instrument.account === "linear";
    if (
      (parsed.type === "mark" || parsed.type === "funding" || parsed.type === "estimatedfunding") &&
      !derivative
    )
      return "Unsupported instrument";
    if (parsed.type === "funding" && instrument.instType !== "PERPETUAL_SWAP")
      return "Unsupported instrument";
    if (parsed.type === "candlestick" && !intervalOfTimeframe(parsed.timeframe ?? ""))
      return "Invalid timeframe";
    if (parsed.type === "book") {
      if (!BOOK_DEPTHS.has(parsed.depth ?? 0)) return "Invalid depth";
      const type = params.book_subscription_type;
      // The full-snapshot mode (every 500 ms, no sequence) is not simulated.
      if (type !== "SNAPSHOT_AND_UPDATE")
        return "Invalid book_subscription_type (simulated: SNAPSHOT_AND_UPDATE)";
      const frequency = params.book_update_frequency;
      if (frequency !== undefined && !BOOK_FREQUENCIES.has(Number(frequency)))
        return "Unsupported depth/interval combination";
    }
    return undefined;
  };

  /** The first push of a new subscription: the book snapshot, or the last trades (with the request id). */
  const firstPushOf = (channel: string, id: unknown, nowMs: number): string | undefined => {
    const parsed = parseCryptocomChannel(channel);
    if (!parsed || recorded) return undefined;
    const instrument = markets.instrument(parsed.instrument);
    const market = instrument ? markets.marketOf(instrument.name) : undefined;
    if (!instrument || !market) return undefined;
    const pushOf = (channelName: string, data: unknown[], extra: Record<string, unknown> = {}) =>
      JSON.stringify({
        id,
        method: "subscribe",
        code: 0,
        result: {
          instrument_name: instrument.name,
          subscription: channel,
          channel: channelName,
          ...extra,
          data,
        },
      });
    if (parsed.type === "book") {
      const window = windowOf(channel, true);
      return window
        ? pushOf("book", [describeBookSnapshot(window, nowMs)], { depth: parsed.depth })
        : undefined;
    }
    if (parsed.type === "trade") {
      const trades = market.recentTrades(TRADES_ON_SUBSCRIBE);
      return trades.length > 0 ? pushOf("trade", describeTrades(instrument, trades)) : undefined;
    }
    return undefined;
  };

  const subscribe = (session: SimSession, id: unknown, params: Record<string, unknown>): ClientFrameKind => {
    const channels = params.channels;
    if (!Array.isArray(channels) || channels.length === 0 || !channels.every((c) => typeof c === "string")) {
      session.reply(
        JSON.stringify({ id, method: "subscribe", code: 40004, message: "MISSING_OR_INVALID_ARGUMENT" }),
      );
      return "error";
    }
    const nowMs = Date.now();
    let refused = false;
    for (const channel of channels as string[]) {
      const refusal = refusalOf(channel, params, session.account);
      if (refusal) {
        refused = true;
        session.reply(JSON.stringify({ id, method: "subscribe", code: 40003, message: refusal, channel }));
        continue;
      }
      const isNew = !session.streams.has(channel);
      session.streams.add(channel);
      session.reply(JSON.stringify({ id, method: "subscribe", code: 0, channel }));
      const first = isNew ? firstPushOf(channel, id, nowMs) : undefined;
      if (first) session.reply(first);
    }
    return refused ? "error" : "subscribe";
  };

  const handleClientText = (session: SimSession, text: string): ClientFrameKind => {
    let request: { id?: unknown; method?: unknown; params?: unknown };
    try {
      request = JSON.parse(text) as typeof request;
    } catch {
      // Crypto.com leaves text that is not JSON unanswered.
      return "error";
    }
    rememberSession(session);
    const id = request?.id ?? -1;
    const params = (request?.params ?? {}) as Record<string, unknown>;
    switch (request?.method) {
      case "public/respond-heartbeat":
        session.props.heartbeatsAnswered = Number(session.props.heartbeatsAnswered ?? 0) + 1;
        session.props.lastHeartbeatAnswer = text;
        return "other";
      case "subscribe":
        return subscribe(session, id, params);
      case "unsubscribe": {
        const channels = Array.isArray(params.channels) ? (params.channels as unknown[]) : [];
        for (const channel of channels) if (typeof channel === "string") session.streams.delete(channel);
        session.reply(JSON.stringify({ id, method: "unsubscribe", code: 0 }));
        return "unsubscribe";
      }
      case undefined:
        session.reply(
          JSON.stringify({ id: -1, method: "ERROR", code: 40001, message: "BAD_REQUEST", original: text }),
        );
        return "error";
      default:
        session.reply(JSON.stringify({ id, method: request.method, code: 40003, message: "No such method" }));
        return "error";
    }
  };

  return {
    id: "cryptocom",
    accounts: ACCOUNTS,
    // Crypto.com serves every market on one URL; the simulator keeps one path per account so ground truth stays per account.
    wsPath: (account) => `/cryptocom/${account}/exchange/v1/market`,
    envFor(account, urls) {
      return {
        DIG3_CRYPTOCOM_WS_URL: urls.wsUrlOf(account),
        DIG3_CRYPTOCOM_REST_URL: `${urls.restUrl}/exchange/v1`,
        DIG3_CRYPTOCOM_SPOT_WS_URL: urls.wsUrlOf("spot"),
        DIG3_CRYPTOCOM_LINEAR_WS_URL: urls.wsUrlOf("linear"),
      };
    },
    matchWsRoute(url) {
      const match = /^\/cryptocom\/(spot|linear)\/exchange\/v1\/market\/?$/.exec(url.pathname);
      return match ? { account: match[1] as SimAccount, streams: [], props: {} } : undefined;
    },
    // "Websocket — Market Data: 100 requests per second".
    maxClientMessagesPerSecond: () => 100,
    handleClientText,
    tick(nowMs, active) {
      tickIndex++;
      if (tickIndex % HEARTBEAT_EVERY_TICKS === 0) sendHeartbeats(nowMs);
      const steps = recorded ? new Map<string, MarketStep>() : stepMarkets(nowMs);
      const listened = new Set<string>();
      const out: SimDataFrame[] = [];
      for (const [account, streams] of active) {
        // Index values first, so that a mark sent on the same tick finds its index already there.
        const ordered = [...streams].sort(
          (a, b) => Number(!a.startsWith("index.")) - Number(!b.startsWith("index.")),
        );
        for (const stream of ordered) {
          listened.add(stream);
          const produced = recorded ? produceRecorded(stream) : produceSynthetic(stream, nowMs, steps);
          for (const frame of produced) out.push(wrapDataFrame(account, frame));
        }
      }
      // A book stream nobody listens to any more starts from a fresh window (and snapshot) next time.
      for (const stream of [...windows.keys()]) if (!listened.has(stream)) windows.delete(stream);
      return out;
    },
    handleRest: (request, nowMs) => answerCryptocomRest(markets, request, nowMs),
    describeRestFault: (status, retryAfterS) => describeCryptocomRestFault(status, retryAfterS),
    close() {
      replayCursor.clear();
      windows.clear();
      sessions.clear();
    },
  };
}

function channelNameOf(stream: string): string {
  if (stream.startsWith("book.")) return "book.update";
  return stream.split(".")[0]!;
}

function wrapDataFrame(account: SimAccount, frame: ProducedFrame): SimDataFrame {
  let text = frame.text;
  return {
    account,
    stream: frame.stream,
    payload: frame.payload,
    bookSymbol: frame.bookSymbol,
    encode() {
      if (text === undefined) {
        const parsed = parseCryptocomChannel(frame.stream);
        const result: Record<string, unknown> = {
          instrument_name: parsed?.instrument ?? "",
          subscription: frame.stream,
          channel: channelNameOf(frame.stream),
        };
        if (parsed?.type === "book") result.depth = parsed.depth;
        if (parsed?.type === "candlestick") result.interval = parsed.timeframe;
        result.data = frame.payload;
        text = JSON.stringify({ id: -1, method: "subscribe", code: 0, result });
      }
      return text;
    },
  };
}

// Recorded mode: the pushes of every <wireDir>/cryptocom sample, by subscription, replayed one per tick. The samples
// are tardis test inputs (`{"frame": …}` lines without receive times or URL).

interface RecordedFrame {
  data: unknown;
  text: string;
}

function loadRecordings(context: SimVenueContext): Map<string, RecordedFrame[]> {
  const frames = new Map<string, RecordedFrame[]>();
  for (const path of listRecordings(context.wireDir, "cryptocom", () => true)) {
    for (const line of readFileSync(path, "utf8").split("\n")) {
      let record: { frame?: unknown };
      let parsed: { result?: { subscription?: unknown; data?: unknown } };
      try {
        record = JSON.parse(line) as typeof record;
        if (typeof record.frame !== "string") continue;
        parsed = JSON.parse(record.frame) as typeof parsed;
      } catch {
        continue;
      }
      const subscription = parsed.result?.subscription;
      if (typeof subscription !== "string" || !Array.isArray(parsed.result?.data)) continue;
      let list = frames.get(subscription);
      if (!list) {
        list = [];
        frames.set(subscription, list);
      }
      list.push({ data: parsed.result.data, text: record.frame });
    }
  }
  return frames;
}
