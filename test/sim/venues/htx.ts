// HTX for the venue simulator: the market-socket protocol (acks, `bad-request` errors, `{"ping": n}` heartbeats), the
// spot MBP feed with its late `req` refresh image, the contract incremental depth, and the `op`-style notification
// topics, synthetic or recorded, sent as text; payloads in htx-frames.ts, REST in htx-rest.ts.

import type { MarketStep } from "../market.ts";
import { listRecordings, readInboundFrames } from "../recorded.ts";
import type {
  ActiveStreams,
  ClientFrameKind,
  SimAccount,
  SimDataFrame,
  SimSession,
  SimVenue,
  SimVenueContext,
  SimWsRoute,
} from "../types.ts";
import {
  BOOK_LEVELS,
  depthSnapshot,
  detailTick,
  fundingPush,
  liquidationPush,
  markPriceTick,
  parseTopic,
  spotTickerTick,
} from "./htx-frames.ts";
import { answerHtxRest, describeHtxRestFault } from "./htx-rest.ts";
import { bookSides, createHtxMarkets, klineTick, levelRow, tradeRow } from "./htx-symbols.ts";

const ACCOUNTS: readonly SimAccount[] = ["spot", "linear", "inverse"];
// Cadences in ticks (20 ms by default), compressed against HTX's (server ping every 5 s, spot ticker every 100 ms,
// contract detail about 2/s, funding about every 5 s, klines on every trade batch); trades and book pushes are per
// step. The refresh image of a spot MBP `req` is answered two ticks late.
const PING_EVERY_TICKS = 25;
const TICKER_EVERY_TICKS = 10;
const DETAIL_EVERY_TICKS = 25;
const MARK_EVERY_TICKS = 25;
const FUNDING_EVERY_TICKS = 50;
const KLINE_EVERY_TICKS = 10;
/** A contract depth push with no level (it only advances `version`) every this many ticks, as HTX sends. */
const EMPTY_DEPTH_EVERY_TICKS = 40;
const REFRESH_DELAY_TICKS = 2;
const MAX_SESSIONS = 1_000;

interface ProducedFrame {
  stream: string;
  payload: unknown;
  bookSymbol?: string;
  text?: string;
}

/** What one market's step produced, computed once per tick whoever listens. */
interface StepOutput {
  step: MarketStep;
  /** Spot MBP push or contract depth push (with its `version`). */
  book?: Record<string, unknown>;
}

interface PendingRefresh {
  session: SimSession;
  dueTick: number;
  text: string;
}

export function createHtxVenue(context: SimVenueContext): SimVenue {
  const markets = createHtxMarkets(context.seed, context.tickMs, Date.now());
  const recorded = context.mode === "recorded" ? loadRecordings(context) : undefined;
  const replayCursor = new Map<string, number>();
  const klineOpens = new Map<string, number>();
  /** Sockets that spoke to us, newest last: they get the server pings. */
  const sessions = new Map<number, SimSession>();
  let pending: PendingRefresh[] = [];
  let tickIndex = 0;

  const remember = (session: SimSession) => {
    sessions.delete(session.id);
    sessions.set(session.id, session);
    // Closed sockets never say so to a venue; keep the newest sessions only.
    while (sessions.size > MAX_SESSIONS) {
      const oldest = sessions.keys().next().value;
      if (oldest === undefined) break;
      sessions.delete(oldest);
    }
  };

  const sendPings = (nowMs: number) => {
    for (const session of sessions.values()) {
      session.props.lastPing = nowMs;
      session.props.pingsSent = Number(session.props.pingsSent ?? 0) + 1;
      session.reply(JSON.stringify({ ping: nowMs }));
      // A socket with notification topics gets the notification heartbeat too (HTX has it on another URL).
      if (session.props.notification) session.reply(JSON.stringify({ op: "ping", ts: String(nowMs) }));
    }
  };

  const notePong = (session: SimSession, value: unknown) => {
    if (Number(value) === Number(session.props.lastPing))
      session.props.pongsMatched = Number(session.props.pongsMatched ?? 0) + 1;
  };

  const badRequest = (session: SimSession, id: unknown, message: string): ClientFrameKind => {
    session.reply(
      JSON.stringify({
        status: "error",
        ts: Date.now(),
        id: id ?? "",
        "err-code": "bad-request",
        "err-msg": message,
      }),
    );
    return "error";
  };

  const handleSub = (session: SimSession, request: Record<string, unknown>): ClientFrameKind => {
    const topic = String(request.sub);
    const id = request.id;
    if (recorded) {
      if (!recorded.has(topic)) return badRequest(session, id, `invalid topic ${topic}`);
      session.streams.add(topic);
      session.reply(JSON.stringify({ id, status: "ok", subbed: topic, ts: Date.now() }));
      return "subscribe";
    }
    const found = parseTopic(markets, session.account, topic);
    if (!found || found.parsed.kind === "funding" || found.parsed.kind === "liquidation")
      return badRequest(session, id, `invalid topic ${topic}`);
    const { stream, parsed } = found;
    const isDepth = parsed.kind === "depth";
    // The simulator serves the incremental depth only (without it HTX pushes whole books).
    if (isDepth && request.data_type !== "incremental")
      return badRequest(
        session,
        id,
        `invalid topic ${topic}: the simulator serves data_type incremental only`,
      );
    const market = markets.marketOf(parsed.native)!;
    session.streams.add(stream);
    const ack: Record<string, unknown> = { id, status: "ok", subbed: stream, ts: Date.now() };
    if (isDepth) ack.data_type = "incremental";
    session.reply(JSON.stringify(ack));
    if (isDepth) {
      const instrument = markets.instrument(parsed.native)!;
      session.reply(JSON.stringify(depthSnapshot(markets, instrument, market, Date.now(), stream)));
    }
    return "subscribe";
  };

  const handleReq = (session: SimSession, request: Record<string, unknown>): ClientFrameKind => {
    const topic = String(request.req);
    const found = recorded ? undefined : parseTopic(markets, session.account, topic);
    if (found?.parsed.kind !== "mbp") return badRequest(session, request.id, `invalid topic ${topic}`);
    const instrument = markets.instrument(found.parsed.native)!;
    const market = markets.marketOf(instrument.native)!;
    const nowMs = Date.now();
    // The image is taken now and delivered late: the deltas sent meanwhile are newer than it.
    const text = JSON.stringify({
      id: request.id,
      status: "ok",
      ts: nowMs,
      rep: found.stream,
      data: { seqNum: market.lastUpdateId(), ...bookSides(instrument, market, BOOK_LEVELS) },
    });
    pending.push({ session, dueTick: tickIndex + REFRESH_DELAY_TICKS, text });
    return "other";
  };

  const handleOp = (session: SimSession, request: Record<string, unknown>): ClientFrameKind => {
    const op = request.op;
    const topic = String(request.topic ?? "");
    const answer = (code: number, message?: string) =>
      session.reply(
        JSON.stringify({
          op,
          cid: request.cid,
          topic,
          ts: Date.now(),
          "err-code": code,
          ...(message ? { "err-msg": message } : {}),
        }),
      );
    if (op === "pong") {
      notePong(session, request.ts);
      return "other";
    }
    if (op !== "sub" && op !== "unsub") {
      answer(2040, "Missing required parameter.");
      return "error";
    }
    const found = recorded ? undefined : parseTopic(markets, session.account, topic);
    if (!found || (found.parsed.kind !== "funding" && found.parsed.kind !== "liquidation")) {
      answer(2011, "Contract doesn't exist.");
      return "error";
    }
    if (op === "sub") {
      markets.marketOf(found.parsed.native);
      session.streams.add(found.stream);
      session.props.notification = true;
      answer(0);
      return "subscribe";
    }
    if (!session.streams.delete(found.stream)) {
      answer(2012, "Topic not subscribed.");
      return "error";
    }
    answer(0);
    return "unsubscribe";
  };

  const handleClientText = (session: SimSession, text: string): ClientFrameKind => {
    remember(session);
    let request: unknown;
    try {
      request = JSON.parse(text);
    } catch {
      return badRequest(session, "", "not json, is not json string");
    }
    if (!request || typeof request !== "object" || Array.isArray(request))
      return badRequest(session, "", "not json, is not json string");
    const frame = request as Record<string, unknown>;
    if ("pong" in frame) {
      notePong(session, frame.pong);
      return "other";
    }
    if (typeof frame.op === "string") return handleOp(session, frame);
    if (typeof frame.sub === "string") return handleSub(session, frame);
    if (typeof frame.req === "string") return handleReq(session, frame);
    if (typeof frame.unsub === "string") {
      const topic = frame.unsub;
      const stream = recorded ? topic : parseTopic(markets, session.account, topic)?.stream;
      if (!stream || !session.streams.delete(stream))
        return badRequest(session, frame.id, "unsub with not subbed topic");
      session.reply(JSON.stringify({ id: frame.id, status: "ok", unsubbed: stream, ts: Date.now() }));
      return "unsubscribe";
    }
    return badRequest(session, frame.id, "invalid request");
  };

  const stepMarkets = (nowMs: number): Map<string, StepOutput> => {
    const outputs = new Map<string, StepOutput>();
    for (const { instrument, market } of markets.started()) {
      const step = market.step(nowMs);
      const output: StepOutput = { step };
      const update = step.book;
      const side = (changes: Map<number, number>) =>
        [...changes.entries()].map(([price, qty]) => levelRow(instrument, price, qty));
      if (instrument.account === "spot") {
        if (update)
          output.book = {
            seqNum: update.lastUpdateId,
            prevSeqNum: update.prevUpdateId,
            // The 150-level feed sends both sides, an empty one included.
            bids: side(update.changes.bids),
            asks: side(update.changes.asks),
          };
      } else if (update || tickIndex % EMPTY_DEPTH_EVERY_TICKS === 0) {
        // Every push advances the version, listened to or not, so subscribers see +1 steps.
        const version = markets.nextVersion(instrument.native);
        output.book = {
          asks: update ? side(update.changes.asks) : [],
          bids: update ? side(update.changes.bids) : [],
          event: "update",
          id: market.lastUpdateId(),
          mrid: market.lastUpdateId(),
          ts: step.timeMs,
          version,
        };
      }
      outputs.set(instrument.native, output);
    }
    return outputs;
  };

  const produceSynthetic = (
    stream: string,
    account: SimAccount,
    nowMs: number,
    outputs: Map<string, StepOutput>,
  ): ProducedFrame[] => {
    const found = parseTopic(markets, account, stream);
    if (!found) return [];
    const { parsed } = found;
    const instrument = markets.instrument(parsed.native)!;
    const market = markets.marketOf(parsed.native)!;
    const output = outputs.get(instrument.native);
    if (!output) return [];
    const push = (tick: unknown): ProducedFrame => ({ stream, payload: { ch: stream, ts: nowMs, tick } });
    switch (parsed.kind) {
      case "trade": {
        const trades = output.step.trades;
        if (trades.length === 0) return [];
        return [
          push({
            id: trades[0]!.aggId,
            ts: output.step.timeMs,
            data: trades.map((trade) => tradeRow(instrument, market, trade)),
          }),
        ];
      }
      case "mbp":
        return output.book ? [{ ...push(output.book), bookSymbol: instrument.native }] : [];
      case "depth":
        return output.book
          ? [
              {
                stream,
                payload: { ch: stream, tick: { ...output.book, ch: stream }, ts: nowMs },
                bookSymbol: instrument.native,
              },
            ]
          : [];
      case "ticker": {
        if (tickIndex % TICKER_EVERY_TICKS !== 0) return [];
        return [push(spotTickerTick(instrument, market, nowMs))];
      }
      case "detail": {
        if (tickIndex % DETAIL_EVERY_TICKS !== 0) return [];
        return [push(detailTick(instrument, market, nowMs))];
      }
      case "mark": {
        if (tickIndex % MARK_EVERY_TICKS !== 0) return [];
        return [push(markPriceTick(market, nowMs))];
      }
      case "kline": {
        const openMs = parsed.interval.openOf(nowMs);
        const previous = klineOpens.get(stream);
        klineOpens.set(stream, openMs);
        const frames: ProducedFrame[] = [];
        // At a rollover the finished bar goes out once more with its final values, then the new one.
        if (previous !== undefined && previous < openMs)
          frames.push(
            push(klineTick(instrument, market.barFor(previous, parsed.interval.nextOpenOf(previous), nowMs))),
          );
        if (frames.length > 0 || previous === undefined || tickIndex % KLINE_EVERY_TICKS === 0)
          frames.push(
            push(klineTick(instrument, market.barFor(openMs, parsed.interval.nextOpenOf(openMs), nowMs))),
          );
        return frames;
      }
      case "funding": {
        if (tickIndex % FUNDING_EVERY_TICKS !== 0) return [];
        return [{ stream, payload: fundingPush(stream, instrument, market, nowMs) }];
      }
      case "liquidation": {
        const liquidation = output.step.liquidation;
        if (!liquidation) return [];
        return [{ stream, payload: liquidationPush(stream, instrument, market, liquidation, nowMs) }];
      }
    }
  };

  const produceRecorded = (stream: string): ProducedFrame[] => {
    const frames = recorded?.get(stream);
    const cursor = replayCursor.get(stream) ?? 0;
    const frame = frames?.[cursor];
    if (!frame) return [];
    replayCursor.set(stream, cursor + 1);
    return [{ stream, payload: frame.data, text: frame.text }];
  };

  const deliverRefreshes = () => {
    const due = pending.filter((entry) => entry.dueTick <= tickIndex);
    if (due.length === 0) return;
    pending = pending.filter((entry) => entry.dueTick > tickIndex);
    for (const entry of due) entry.session.reply(entry.text);
  };

  return {
    id: "htx",
    accounts: ACCOUNTS,
    // One endpoint per account that serves every topic (dig3's endpoint override is one URL per account); on HTX
    // spot's MBP feed is on `/feed`, mark prices on `ws_index` and the `public.*` topics on the notification socket.
    wsPath: (account) => `/htx/${account}/ws`,
    envFor(account, urls) {
      return {
        DIG3_HTX_WS_URL: urls.wsUrlOf(account),
        DIG3_HTX_REST_URL: urls.restUrl,
        DIG3_HTX_SPOT_WS_URL: urls.wsUrlOf("spot"),
        DIG3_HTX_LINEAR_WS_URL: urls.wsUrlOf("linear"),
        DIG3_HTX_INVERSE_WS_URL: urls.wsUrlOf("inverse"),
      };
    },
    matchWsRoute(url): SimWsRoute | undefined {
      const match = /^\/htx\/(spot|linear|inverse)\/ws\/?$/.exec(url.pathname);
      return match ? { account: match[1] as SimAccount, streams: [], props: {} } : undefined;
    },
    // Contracts: "40 subscriptions at most can be sent in one second".
    maxClientMessagesPerSecond: () => 40,
    handleClientText,
    tick(nowMs, active: ActiveStreams) {
      tickIndex++;
      if (tickIndex % PING_EVERY_TICKS === 0) sendPings(nowMs);
      // Refresh images were taken at request time; the deltas of the ticks since went out before them.
      deliverRefreshes();
      const outputs = recorded ? new Map<string, StepOutput>() : stepMarkets(nowMs);
      const out: SimDataFrame[] = [];
      for (const [account, streams] of active) {
        for (const stream of streams) {
          const produced = recorded
            ? produceRecorded(stream)
            : produceSynthetic(stream, account, nowMs, outputs);
          for (const frame of produced) out.push(wrapDataFrame(account, frame));
        }
      }
      for (const key of klineOpens.keys())
        if (![...active.values()].some((streams) => streams.has(key))) klineOpens.delete(key);
      return out;
    },
    handleRest: (request, nowMs) => answerHtxRest(markets, request, nowMs),
    describeRestFault: (status, retryAfterS) => describeHtxRestFault(status, retryAfterS),
    close() {
      replayCursor.clear();
      sessions.clear();
      pending = [];
      klineOpens.clear();
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
      text ??= JSON.stringify(frame.payload);
      return text;
    },
  };
}

// Recorded mode: the market pushes of every non-tardis <wireDir>/htx session, by topic, replayed one per tick.

interface RecordedFrame {
  data: unknown;
  text: string;
}

function loadRecordings(context: SimVenueContext): Map<string, RecordedFrame[]> {
  const frames = new Map<string, RecordedFrame[]>();
  for (const path of listRecordings(context.wireDir, "htx", (name) => !name.startsWith("tardis-"))) {
    for (const line of readInboundFrames(path)) {
      let parsed: { ch?: unknown };
      try {
        parsed = JSON.parse(line.frame);
      } catch {
        continue;
      }
      if (typeof parsed.ch !== "string") continue;
      let list = frames.get(parsed.ch);
      if (!list) {
        list = [];
        frames.set(parsed.ch, list);
      }
      list.push({ data: parsed, text: line.frame });
    }
  }
  return frames;
}
