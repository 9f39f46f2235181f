// Bitget v3 (UTA) for the venue simulator: the public WebSocket protocol (text ping/pong, `op` subscribe and
// unsubscribe with per-arg acks and Bitget's error events, a `books` snapshot on subscribe, then updates chained by
// seq/pseq with CRC32 checksums), synthetic pushes per topic, and REST (bitget-rest.ts).

import type { BarInterval } from "../bars.ts";
import type { ChecksumFrame } from "../faults.ts";
import type { MarketStep } from "../market.ts";
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
import { answerBitgetRest, describeBitgetRestFault, intervalOfBitget } from "./bitget-rest.ts";
import {
  type BitgetMarkets,
  type BitgetSimInstrument,
  bookChecksum,
  createBitgetMarkets,
  klineRow,
  levelRow,
  priceText,
  qtyText,
  tickerRow,
} from "./bitget-symbols.ts";

const ACCOUNTS: readonly SimAccount[] = ["spot", "linear", "inverse"];
// Cadences in ticks (20 ms by default), compressed against Bitget's (tickers ~ every 100-300 ms, candles ~ 1/s)
// so tests see them quickly; trades and book updates are per step.
const TICKER_EVERY_TICKS = 25;
const KLINE_EVERY_TICKS = 10;
/** Fills repeated in the `publicTrade` snapshot on subscribe, and bars in the `kline` snapshot. */
const TRADE_SNAPSHOT_ROWS = 5;
const KLINE_SNAPSHOT_BARS = 3;
/** "The Websocket server accepts up to 10 messages per second." */
const MAX_CLIENT_MESSAGES_PER_SECOND = 10;

type ParsedStream =
  | { topic: "books" | "publicTrade" | "ticker"; instrument: BitgetSimInstrument }
  | { topic: "kline"; instrument: BitgetSimInstrument; interval: BarInterval; bitgetInterval: string }
  | { topic: "liquidation"; instType: string };

interface ArgText {
  instType?: unknown;
  topic?: unknown;
  symbol?: unknown;
  interval?: unknown;
}

interface ProducedFrame {
  stream: string;
  payload: unknown;
  bookSymbol?: string;
  /** Symbol of a `books` update: its checksum is what `corruptChecksum` spoils. */
  checksumSymbol?: string;
}

/** `spot:books:BTCUSDT`, `spot:kline.1m:BTCUSDT`, `usdt-futures:liquidation`: one stream name per channel arg. */
function streamNameOf(arg: ArgText): string | undefined {
  if (typeof arg.instType !== "string" || typeof arg.topic !== "string") return undefined;
  const instType = arg.instType.toLowerCase();
  if (arg.topic === "liquidation") return `${instType}:liquidation`;
  if (typeof arg.symbol !== "string") return undefined;
  const topic = arg.topic === "kline" ? `kline.${String(arg.interval ?? "")}` : arg.topic;
  return `${instType}:${topic}:${arg.symbol.toUpperCase()}`;
}

function parseStream(markets: BitgetMarkets, stream: string): ParsedStream | undefined {
  const [instType = "", topic = "", symbol = ""] = stream.split(":");
  if (topic === "liquidation")
    return instType !== "spot" && markets.byInstType(instType).length > 0 ? { topic, instType } : undefined;
  const instrument = markets.instrument(instType, symbol);
  if (!instrument) return undefined;
  if (topic.startsWith("kline.")) {
    const bitgetInterval = topic.slice("kline.".length);
    const interval = intervalOfBitget(bitgetInterval);
    return interval ? { topic: "kline", instrument, interval, bitgetInterval } : undefined;
  }
  return topic === "books" || topic === "publicTrade" || topic === "ticker"
    ? { topic, instrument }
    : undefined;
}

function argOf(parsed: ParsedStream) {
  if (parsed.topic === "liquidation") return { instType: parsed.instType, topic: "liquidation" };
  const { instrument } = parsed;
  const arg: Record<string, string> = {
    instType: instrument.instType,
    topic: parsed.topic,
    symbol: instrument.symbol,
  };
  if (parsed.topic === "kline") arg.interval = parsed.bitgetInterval;
  return arg;
}

/** A `books` frame the `corruptChecksum` fault can send with a checksum that does not match the book. */
function withCorruptibleChecksum(frame: SimDataFrame, symbol: string): ChecksumFrame {
  return {
    ...frame,
    checksumSymbol: symbol,
    encodeCorrupted: (sampleText) =>
      sampleText.replace(
        /"checksum":(-?\d+)/,
        (_all, value: string) => `"checksum":${(Number(value) ^ 0x5a5a5a) | 0}`,
      ),
  };
}

function push(action: "snapshot" | "update", arg: Record<string, string>, data: unknown[], tsMs: number) {
  return { action, arg, data, ts: tsMs };
}

export function createBitgetVenue(context: SimVenueContext): SimVenue {
  const markets = createBitgetMarkets(context.seed, context.tickMs);
  const klineOpenMs = new Map<string, number>();
  let tickIndex = 0;
  let connSerial = 0;

  const connIdOf = (session: SimSession): string => {
    let connId = session.props.connId as string | undefined;
    if (!connId) {
      connId = `c${(0x10_0000 + ((connSerial++ * 2654435761) % 0xef_ffff)).toString(16)}`;
      session.props.connId = connId;
    }
    return connId;
  };

  const tradeRow = (instrument: BitgetSimInstrument, trade: MarketStep["trades"][number]) => ({
    i: String(trade.id),
    p: priceText(instrument, trade.priceTicks),
    v: qtyText(instrument, trade.qtySteps),
    S: trade.isBuyerMaker ? "sell" : "buy",
    T: String(trade.timeMs),
    L: String(trade.id + 1),
    isRPI: "no",
  });

  /** The frames a subscription opens with: the whole book, recent fills, the ticker, recent bars. */
  const snapshotOf = (parsed: ParsedStream, nowMs: number): unknown | undefined => {
    if (parsed.topic === "liquidation") return undefined;
    const { instrument } = parsed;
    const market = markets.marketOf(instrument);
    const arg = argOf(parsed);
    switch (parsed.topic) {
      case "books": {
        const side = (which: "bid" | "ask") =>
          market.book.topLevels(which, 1000).map(([price, qty]) => levelRow(instrument, price, qty));
        // "checksum": 0 and "pseq": 0 on a snapshot, as Bitget sends them.
        return push(
          "snapshot",
          arg,
          [
            {
              a: side("ask"),
              b: side("bid"),
              checksum: 0,
              seq: market.lastUpdateId(),
              pseq: 0,
              ts: String(nowMs),
            },
          ],
          nowMs,
        );
      }
      case "publicTrade":
        return push(
          "snapshot",
          arg,
          market
            .recentTrades(TRADE_SNAPSHOT_ROWS)
            .reverse()
            .map((trade) => tradeRow(instrument, trade)),
          nowMs,
        );
      case "ticker":
        return push("snapshot", arg, [tickerRow(instrument, market, nowMs)], nowMs);
      case "kline": {
        const bars = market.barsOf(parsed.interval, { limit: KLINE_SNAPSHOT_BARS }, nowMs);
        return push(
          "snapshot",
          arg,
          bars.map((bar) => klineRow(instrument, bar)),
          nowMs,
        );
      }
    }
  };

  const handleClientText = (session: SimSession, text: string): ClientFrameKind => {
    const connId = connIdOf(session);
    if (text === "ping") {
      session.reply("pong");
      return "other";
    }
    const fail = (code: string, msg: string, arg?: unknown): ClientFrameKind => {
      session.reply(JSON.stringify({ event: "error", ...(arg ? { arg } : {}), code, msg, connId }));
      return "error";
    };
    let request: { op?: unknown; args?: unknown };
    try {
      request = JSON.parse(text);
    } catch {
      return fail("30016", "Param error");
    }
    if (!request || typeof request !== "object" || Array.isArray(request))
      return fail("30016", "Param error");
    const { op, args } = request;
    if (op !== "subscribe" && op !== "unsubscribe") return fail("30003", "invalid op");
    if (!Array.isArray(args) || args.length === 0) return fail("30016", "Param error");
    const replies: string[] = [];
    const snapshots: string[] = [];
    for (const raw of args) {
      const arg = (raw ?? {}) as ArgText;
      const stream = streamNameOf(arg);
      const parsed = stream ? parseStream(markets, stream) : undefined;
      if (!stream || !parsed) {
        return fail(
          "30001",
          `instType:${String(arg.instType)},topic:${String(arg.topic)},symbol:${String(arg.symbol)} doesn't exist`,
          raw,
        );
      }
      replies.push(JSON.stringify({ event: op, arg: argOf(parsed), connId }));
      if (op === "subscribe") {
        session.streams.add(stream);
        const snapshot = snapshotOf(parsed, Date.now());
        if (snapshot) snapshots.push(JSON.stringify(snapshot));
      } else {
        session.streams.delete(stream);
      }
    }
    for (const reply of replies) session.reply(reply);
    for (const snapshot of snapshots) session.reply(snapshot);
    return op;
  };

  const produce = (
    stream: string,
    nowMs: number,
    steps: Map<BitgetSimInstrument, MarketStep>,
  ): ProducedFrame[] => {
    const parsed = parseStream(markets, stream);
    if (!parsed) return [];
    if (parsed.topic === "liquidation") {
      const rows = markets.byInstType(parsed.instType).flatMap((instrument) => {
        const liquidation = steps.get(instrument)?.liquidation;
        if (!liquidation) return [];
        // Bitget names the liquidated position: a liquidation order that sells closes a long ("buy").
        return [
          {
            symbol: instrument.symbol,
            side: liquidation.side === "SELL" ? "buy" : "sell",
            price: priceText(instrument, liquidation.priceTicks),
            amount: qtyText(instrument, liquidation.qtySteps),
            ts: String(liquidation.timeMs),
          },
        ];
      });
      return rows.length > 0 ? [{ stream, payload: push("update", argOf(parsed), rows, nowMs) }] : [];
    }
    const { instrument } = parsed;
    const market = markets.marketOf(instrument);
    const step = steps.get(instrument);
    const arg = argOf(parsed);
    switch (parsed.topic) {
      case "books": {
        const update = step?.book;
        if (!update) return [];
        const side = (changes: Map<number, number>) =>
          [...changes.entries()].map(([price, qty]) => levelRow(instrument, price, qty));
        return [
          {
            stream,
            bookSymbol: instrument.symbol,
            checksumSymbol: instrument.symbol,
            payload: push(
              "update",
              arg,
              [
                {
                  a: side(update.changes.asks),
                  b: side(update.changes.bids),
                  checksum: bookChecksum(instrument, market),
                  seq: update.lastUpdateId,
                  pseq: update.prevUpdateId,
                  ts: String(step.timeMs),
                },
              ],
              nowMs,
            ),
          },
        ];
      }
      case "publicTrade": {
        const trades = step?.trades ?? [];
        if (trades.length === 0) return [];
        // Newest first within a push.
        const rows = [...trades].reverse().map((trade) => tradeRow(instrument, trade));
        return [{ stream, payload: push("update", arg, rows, nowMs) }];
      }
      case "ticker":
        return tickIndex % TICKER_EVERY_TICKS === 0
          ? [{ stream, payload: push("snapshot", arg, [tickerRow(instrument, market, nowMs)], nowMs) }]
          : [];
      case "kline": {
        const openMs = parsed.interval.openOf(nowMs);
        const previousOpenMs = klineOpenMs.get(stream);
        klineOpenMs.set(stream, openMs);
        const rows: unknown[] = [];
        if (previousOpenMs !== undefined && previousOpenMs < openMs)
          rows.push(
            klineRow(
              instrument,
              market.barFor(previousOpenMs, parsed.interval.nextOpenOf(previousOpenMs), nowMs),
            ),
          );
        if (rows.length > 0 || tickIndex % KLINE_EVERY_TICKS === 0)
          rows.push(klineRow(instrument, market.barFor(openMs, parsed.interval.nextOpenOf(openMs), nowMs)));
        return rows.map((row) => ({ stream, payload: push("update", arg, [row], nowMs) }));
      }
    }
  };

  return {
    id: "bitget",
    accounts: ACCOUNTS,
    // One endpoint per account (dig3's endpoint override is one URL per account); the real socket is one URL for all.
    wsPath: (account) => `/bitget/${account}/v3/ws/public`,
    envFor(account, urls) {
      return {
        DIG3_BITGET_WS_URL: urls.wsUrlOf(account),
        DIG3_BITGET_REST_URL: urls.restUrl,
        DIG3_BITGET_SPOT_WS_URL: urls.wsUrlOf("spot"),
        DIG3_BITGET_LINEAR_WS_URL: urls.wsUrlOf("linear"),
        DIG3_BITGET_INVERSE_WS_URL: urls.wsUrlOf("inverse"),
      };
    },
    matchWsRoute(url): SimWsRoute | undefined {
      const match = /^\/bitget\/(spot|linear|inverse)\/v3\/ws\/public\/?$/.exec(url.pathname);
      return match ? { account: match[1] as SimAccount, streams: [], props: {} } : undefined;
    },
    maxClientMessagesPerSecond: () => MAX_CLIENT_MESSAGES_PER_SECOND,
    handleClientText,
    tick(nowMs, active: ActiveStreams) {
      tickIndex++;
      // Streams name their instrument, so a market starts on first subscription whatever the socket's account.
      for (const streams of active.values()) {
        for (const stream of streams) {
          const parsed = parseStream(markets, stream);
          if (parsed?.topic === "liquidation")
            for (const instrument of markets.byInstType(parsed.instType)) markets.marketOf(instrument);
          else if (parsed) markets.marketOf(parsed.instrument);
        }
      }
      const steps = new Map<BitgetSimInstrument, MarketStep>();
      for (const { instrument, market } of markets.started()) steps.set(instrument, market.step(nowMs));
      const out: SimDataFrame[] = [];
      for (const [account, streams] of active) {
        for (const stream of streams) {
          for (const frame of produce(stream, nowMs, steps)) {
            let text: string | undefined;
            const data: SimDataFrame = {
              account,
              stream: frame.stream,
              payload: frame.payload,
              bookSymbol: frame.bookSymbol,
              encode: () => {
                text ??= JSON.stringify(frame.payload);
                return text;
              },
            };
            out.push(frame.checksumSymbol ? withCorruptibleChecksum(data, frame.checksumSymbol) : data);
          }
        }
      }
      for (const key of klineOpenMs.keys()) {
        if (![...active.values()].some((streams) => streams.has(key))) klineOpenMs.delete(key);
      }
      return out;
    },
    handleRest: (request, nowMs) => answerBitgetRest(markets, request, nowMs),
    describeRestFault: (status, retryAfterS) => describeBitgetRestFault(status, retryAfterS),
    close() {
      klineOpenMs.clear();
    },
  };
}
