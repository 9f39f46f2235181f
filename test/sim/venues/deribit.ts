// Deribit for the venue simulator: the JSON-RPC 2.0 protocol (public/subscribe and unsubscribe answered with the
// channels, public/set_heartbeat then test_request heartbeats, public/test, JSON-RPC errors), the book's snapshot
// as the first notification of a subscription, synthetic or recorded notifications per channel, REST (deribit-rest.ts).

import type { MarketStep } from "../market.ts";
import { listRecordings, readInboundFrames } from "../recorded.ts";
import type {
  ClientFrameKind,
  SimAccount,
  SimDataFrame,
  SimSession,
  SimVenue,
  SimVenueContext,
} from "../types.ts";
import {
  describeBookChange,
  describeBookSnapshot,
  describeCandle,
  describeStepTrades,
  describeTicker,
  type TradeTape,
} from "./deribit-frames.ts";
import { answerDeribitRest, describeDeribitRestFault } from "./deribit-rest.ts";
import { createDeribitMarkets, intervalOfResolution } from "./deribit-symbols.ts";

const ACCOUNTS: readonly SimAccount[] = ["inverse", "linear", "spot"];
// Cadences in ticks (20 ms by default), compressed against Deribit's: book and trades every step (100 ms batches on
// Deribit), the ticker every 5 ticks, candle updates every 10, and a heartbeat test_request every 50 ticks (Deribit:
// once per set_heartbeat interval, at least 10 s).
const TICKER_EVERY_TICKS = 5;
const CHART_EVERY_TICKS = 10;
const HEARTBEAT_EVERY_TICKS = 50;
const MAX_HEARTBEAT_SESSIONS = 1_000;
const INTERVALS = new Set(["raw", "100ms", "agg2"]);
const CHANNEL_RE =
  /^(?:(book|trades|ticker)\.([A-Za-z0-9_-]+)\.([a-z0-9]+)|chart\.trades\.([A-Za-z0-9_-]+)\.([0-9]+|1D))$/;

/** The JSON-RPC errors Deribit answers with. */
const ERRORS = {
  parse: { code: -32700, message: "Parse error" },
  method: { code: -32601, message: "Method not found" },
  raw: { code: 13778, message: "raw_subscriptions_not_available_for_unauthorized" },
} as const;

interface ParsedChannel {
  type: "book" | "trades" | "ticker" | "chart";
  instrument: string;
  /** Interval (`100ms`) or chart resolution (`1`, `1D`). */
  interval: string;
}

export function parseDeribitChannel(channel: string): ParsedChannel | undefined {
  const match = CHANNEL_RE.exec(channel);
  if (!match) return undefined;
  if (match[1])
    return { type: match[1] as ParsedChannel["type"], instrument: match[2]!, interval: match[3]! };
  return { type: "chart", instrument: match[4]!, interval: match[5]! };
}

interface ProducedFrame {
  stream: string;
  payload: unknown;
  bookSymbol?: string;
  /** Verbatim frame text (recorded mode). */
  text?: string;
}

/** What one market's step produced, computed once per tick whoever listens. */
interface StepOutput {
  step: MarketStep;
  bookChange?: Record<string, unknown>;
  trades: Record<string, unknown>[];
}

export function createDeribitVenue(context: SimVenueContext): SimVenue {
  const markets = createDeribitMarkets(context.seed, context.tickMs);
  const recorded = context.mode === "recorded" ? loadRecordings(context) : undefined;
  const replayCursor = new Map<string, number>();
  const tapes = new Map<string, TradeTape>();
  /** Sessions that asked for heartbeats, newest last. */
  const heartbeatSessions = new Map<number, SimSession>();
  let tickIndex = 0;

  const produceSynthetic = (
    stream: string,
    nowMs: number,
    outputs: Map<string, StepOutput>,
  ): ProducedFrame[] => {
    const channel = parseDeribitChannel(stream);
    const instrument = channel ? markets.instrument(channel.instrument) : undefined;
    const market = instrument ? markets.marketOf(instrument.name) : undefined;
    const output = instrument ? outputs.get(instrument.name) : undefined;
    if (!channel || !instrument || !market || !output) return [];
    switch (channel.type) {
      case "book":
        return output.bookChange ? [{ stream, payload: output.bookChange, bookSymbol: instrument.name }] : [];
      case "trades":
        return output.trades.length > 0 ? [{ stream, payload: output.trades }] : [];
      case "ticker":
        return tickIndex % TICKER_EVERY_TICKS === 0
          ? [{ stream, payload: describeTicker(instrument, market, nowMs) }]
          : [];
      case "chart": {
        const interval = intervalOfResolution(channel.interval);
        if (!interval || tickIndex % CHART_EVERY_TICKS !== 0) return [];
        const openMs = interval.openOf(nowMs);
        const bar = market.barFor(openMs, interval.nextOpenOf(openMs), nowMs);
        return [{ stream, payload: describeCandle(instrument, bar) }];
      }
    }
  };

  const produceRecorded = (stream: string): ProducedFrame[] => {
    const frames = recorded?.get(stream);
    const cursor = replayCursor.get(stream) ?? 0;
    const frame = frames?.[cursor];
    if (!frame) return [];
    replayCursor.set(stream, cursor + 1);
    const bookSymbol = stream.startsWith("book.") ? parseDeribitChannel(stream)?.instrument : undefined;
    return [{ stream, payload: frame.data, bookSymbol, text: frame.text }];
  };

  const stepMarkets = (nowMs: number): Map<string, StepOutput> => {
    const outputs = new Map<string, StepOutput>();
    for (const { instrument, market } of markets.started()) {
      const step = market.step(nowMs);
      const published = markets.publishedBookOf(instrument.name);
      let tape = tapes.get(instrument.name);
      if (!tape) {
        tape = { lastTickDirection: 0 };
        tapes.set(instrument.name, tape);
      }
      outputs.set(instrument.name, {
        step,
        // Advance the published book on every step, listened to or not, so `new` and `change` stay exact.
        bookChange:
          step.book && published
            ? describeBookChange(instrument, step.book, published, step.timeMs)
            : undefined,
        trades: describeStepTrades(instrument, market, step, tape),
      });
    }
    return outputs;
  };

  const sendHeartbeats = () => {
    for (const session of heartbeatSessions.values()) {
      session.props.testRequestsSent = Number(session.props.testRequestsSent ?? 0) + 1;
      session.reply(
        JSON.stringify({ jsonrpc: "2.0", method: "heartbeat", params: { type: "test_request" } }),
      );
    }
  };

  const subscribe = (session: SimSession, id: unknown, channels: string[]): ClientFrameKind => {
    const added: string[] = [];
    const snapshots: string[] = [];
    for (const channel of channels) {
      const parsed = parseDeribitChannel(channel);
      if (!parsed) continue;
      if (recorded) {
        // Recordings predate the rule that `raw` needs an authorized connection: replay them as recorded.
        if (!recorded.has(channel)) continue;
      } else {
        if (parsed.type !== "chart" && parsed.interval === "raw") {
          session.reply(JSON.stringify({ jsonrpc: "2.0", id, error: ERRORS.raw }));
          return "error";
        }
        const instrument = markets.instrument(parsed.instrument);
        const known =
          instrument?.account === session.account &&
          (parsed.type === "chart" ? intervalOfResolution(parsed.interval) : INTERVALS.has(parsed.interval));
        // Like Deribit, a channel that cannot be subscribed is left out of the answer rather than refused.
        if (!known || !instrument) continue;
        const market = markets.marketOf(instrument.name);
        if (parsed.type === "book" && market && !session.streams.has(channel)) {
          snapshots.push(
            JSON.stringify({
              jsonrpc: "2.0",
              method: "subscription",
              params: { channel, data: describeBookSnapshot(instrument, market, Date.now()) },
            }),
          );
        }
      }
      session.streams.add(channel);
      added.push(channel);
    }
    session.reply(
      JSON.stringify({ jsonrpc: "2.0", id, result: added, usIn: 0, usOut: 0, usDiff: 0, testnet: false }),
    );
    // The first notification of a book subscription is the whole book, after the answer and before any change.
    for (const snapshot of snapshots) session.reply(snapshot);
    return "subscribe";
  };

  const handleClientText = (session: SimSession, text: string): ClientFrameKind => {
    let request: { id?: unknown; method?: unknown; params?: unknown };
    try {
      request = JSON.parse(text) as typeof request;
    } catch {
      session.reply(JSON.stringify({ jsonrpc: "2.0", error: ERRORS.parse }));
      return "error";
    }
    const id = request?.id;
    const params = (request?.params ?? {}) as Record<string, unknown>;
    const answer = (result: unknown) =>
      session.reply(
        JSON.stringify({ jsonrpc: "2.0", id, result, usIn: 0, usOut: 0, usDiff: 0, testnet: false }),
      );
    const invalid = (param: string, reason: string): ClientFrameKind => {
      session.reply(
        JSON.stringify({
          jsonrpc: "2.0",
          id,
          error: { code: -32602, message: "Invalid params", data: { reason, param } },
        }),
      );
      return "error";
    };
    switch (request?.method) {
      case "public/set_heartbeat": {
        const interval = Number(params.interval);
        if (!(interval >= 10)) return invalid("interval", "must be at least 10");
        heartbeatSessions.delete(session.id);
        heartbeatSessions.set(session.id, session);
        // Closed sockets never say so to a venue; keep the newest sessions only.
        while (heartbeatSessions.size > MAX_HEARTBEAT_SESSIONS) {
          const oldest = heartbeatSessions.keys().next().value;
          if (oldest === undefined) break;
          heartbeatSessions.delete(oldest);
        }
        answer("ok");
        return "other";
      }
      case "public/disable_heartbeat":
        heartbeatSessions.delete(session.id);
        answer("ok");
        return "other";
      case "public/test":
        session.props.testsAnswered = Number(session.props.testsAnswered ?? 0) + 1;
        answer({ version: "1.2.26" });
        return "other";
      case "public/subscribe":
      case "public/unsubscribe": {
        const channels = params.channels;
        if (!Array.isArray(channels) || !channels.every((c) => typeof c === "string"))
          return invalid("channels", "must be a list of channel names");
        if (request.method === "public/subscribe") return subscribe(session, id, channels as string[]);
        const removed = (channels as string[]).filter((channel) => session.streams.delete(channel));
        answer(removed);
        return "unsubscribe";
      }
      default:
        session.reply(JSON.stringify({ jsonrpc: "2.0", id, error: ERRORS.method }));
        return "error";
    }
  };

  return {
    id: "deribit",
    accounts: ACCOUNTS,
    // Deribit serves every market on one URL; the simulator keeps one path per account so ground truth stays per account.
    wsPath: (account) => `/deribit/${account}/ws/api/v2`,
    envFor(account, urls) {
      return {
        DIG3_DERIBIT_WS_URL: urls.wsUrlOf(account),
        DIG3_DERIBIT_REST_URL: `${urls.restUrl}/api/v2`,
        DIG3_DERIBIT_INVERSE_WS_URL: urls.wsUrlOf("inverse"),
        DIG3_DERIBIT_LINEAR_WS_URL: urls.wsUrlOf("linear"),
        DIG3_DERIBIT_SPOT_WS_URL: urls.wsUrlOf("spot"),
      };
    },
    matchWsRoute(url) {
      const match = /^\/deribit\/(inverse|linear|spot)\/ws\/api\/v2\/?$/.exec(url.pathname);
      return match ? { account: match[1] as SimAccount, streams: [], props: {} } : undefined;
    },
    // Non-matching-engine requests: 20 a second sustained (Deribit also allows a burst of 100 from its credit pool).
    maxClientMessagesPerSecond: () => 20,
    handleClientText,
    tick(nowMs, active) {
      tickIndex++;
      if (tickIndex % HEARTBEAT_EVERY_TICKS === 0) sendHeartbeats();
      const outputs = recorded ? new Map<string, StepOutput>() : stepMarkets(nowMs);
      const out: SimDataFrame[] = [];
      for (const [account, streams] of active) {
        for (const stream of streams) {
          const produced = recorded ? produceRecorded(stream) : produceSynthetic(stream, nowMs, outputs);
          for (const frame of produced) out.push(wrapDataFrame(account, frame));
        }
      }
      return out;
    },
    handleRest: (request, nowMs) => answerDeribitRest(markets, request, nowMs),
    describeRestFault: (status, retryAfterS) => describeDeribitRestFault(status, retryAfterS),
    close() {
      replayCursor.clear();
      heartbeatSessions.clear();
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
      text ??= JSON.stringify({
        jsonrpc: "2.0",
        method: "subscription",
        params: { channel: frame.stream, data: frame.payload },
      });
      return text;
    },
  };
}

// Recorded mode: the notifications of every <wireDir>/deribit session, by channel, replayed one per tick.

interface RecordedFrame {
  data: unknown;
  text: string;
}

function loadRecordings(context: SimVenueContext): Map<string, RecordedFrame[]> {
  const frames = new Map<string, RecordedFrame[]>();
  for (const path of listRecordings(context.wireDir, "deribit", (name) => !name.startsWith("tardis-"))) {
    for (const line of readInboundFrames(path)) {
      let parsed: { method?: unknown; params?: { channel?: unknown; data?: unknown } };
      try {
        parsed = JSON.parse(line.frame);
      } catch {
        continue;
      }
      const channel = parsed.params?.channel;
      if (parsed.method !== "subscription" || typeof channel !== "string") continue;
      let list = frames.get(channel);
      if (!list) {
        list = [];
        frames.set(channel, list);
      }
      list.push({ data: parsed.params?.data, text: line.frame });
    }
  }
  return frames;
}
