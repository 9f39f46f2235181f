// Gate.io v4 for the venue simulator: the spot and futures WebSocket protocol (`{time, id, channel, event, payload}`
// requests, `result.status` replies with Gate's `error` objects, `*.ping` → `*.pong`), synthetic pushes per channel
// (order_book_update with contiguous U/u over the 100-level view, plus an occasional `full` book), REST (gateio-rest.ts).

import type { BarInterval } from "../bars.ts";
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
  answerGateRest,
  describeGateRestFault,
  GATE_FUNDING_EVERY_MS,
  gateIntervalOf,
} from "./gateio-rest.ts";
import {
  contracts,
  createGateMarkets,
  futuresCandle,
  futuresTickerRow,
  type GateMarkets,
  type GateSimMarket,
  levelRows,
  priceText,
  qtyText,
  sortedLevels,
  spotCandle,
  spotTickerRow,
} from "./gateio-symbols.ts";

const ACCOUNTS: readonly SimAccount[] = ["spot", "linear", "inverse"];
// Cadences in ticks (20 ms by default), compressed against Gate's (tickers 1/s, candles every 2 s) so tests see them
// quickly; trades, book updates and liquidations are per step.
const TICKER_EVERY_TICKS = 25;
const CANDLE_EVERY_TICKS = 10;
/** Gate pushes the full book "at irregular intervals" on order_book_update; here every this many ticks. */
const FULL_BOOK_EVERY_TICKS = 150;

type ChannelName = "trades" | "order_book_update" | "candlesticks" | "tickers" | "public_liquidates";

interface ParsedStream {
  channel: ChannelName;
  native: string;
  interval?: BarInterval;
}

const LIST_CHANNELS = new Set<ChannelName>(["trades", "tickers", "public_liquidates"]);

function prefixOf(account: SimAccount): "spot" | "futures" {
  return account === "spot" ? "spot" : "futures";
}

/** `spot.trades:BTC_USDT`, `futures.candlesticks:1m:BTC_USDT`: one stream name per channel and instrument. */
function streamNameOf(account: SimAccount, channel: ChannelName, native: string, interval?: string): string {
  return interval
    ? `${prefixOf(account)}.${channel}:${interval}:${native}`
    : `${prefixOf(account)}.${channel}:${native}`;
}

function parseStream(markets: GateMarkets, account: SimAccount, stream: string): ParsedStream | undefined {
  const [full, ...rest] = stream.split(":");
  const channel = full?.slice(prefixOf(account).length + 1) as ChannelName;
  if (rest.length === 2) {
    const interval = gateIntervalOf(rest[0]!);
    return interval && markets.instrument(account, rest[1]!)
      ? { channel, native: rest[1]!, interval }
      : undefined;
  }
  return rest[0] && markets.instrument(account, rest[0]) ? { channel, native: rest[0] } : undefined;
}

interface ProducedFrame {
  stream: string;
  payload: unknown;
  bookSymbol?: string;
}

export function createGateioVenue(context: SimVenueContext): SimVenue {
  const markets = createGateMarkets(context.seed, context.tickMs);
  const candleOpenMs = new Map<string, number>();
  let tickIndex = 0;
  let connSerial = 0;

  const envelope = (channel: string, event: string, nowMs: number) => ({
    time: Math.floor(nowMs / 1000),
    time_ms: nowMs,
    channel,
    event,
  });

  const connIdOf = (session: SimSession): string => {
    let connId = session.props.connId as string | undefined;
    if (!connId) {
      connId = (0x1000_0000_0000 + ((connSerial++ * 2654435761) % 0xefff_ffff)).toString(16).slice(0, 16);
      session.props.connId = connId;
    }
    return connId;
  };

  /** Validates one request's payload into stream names, or the reason Gate would refuse it. */
  const streamsOf = (
    account: SimAccount,
    channel: ChannelName,
    payload: string[],
  ): { streams: string[] } | { error: string } => {
    const isFutures = account !== "spot";
    if (LIST_CHANNELS.has(channel)) {
      if (channel === "public_liquidates" && !isFutures) return { error: "unknown channel" };
      if (payload.length === 0) return { error: "empty payload" };
      const unknown = payload.find((native) => native !== "!all" && !markets.instrument(account, native));
      if (unknown) return { error: `unknown ${isFutures ? "contract" : "currency pair"} ${unknown}` };
      const natives = payload.includes("!all") ? markets.byAccount(account).map((i) => i.native) : payload;
      return { streams: natives.map((native) => streamNameOf(account, channel, native.toUpperCase())) };
    }
    if (channel === "order_book_update") {
      const [native, speed, level] = payload;
      if (!native || !markets.instrument(account, native))
        return { error: `unknown currency pair ${native}` };
      // Only the 100-level book is simulated: `100ms` (spot) or `100ms` with level 100 (futures).
      if (speed !== "100ms" || (isFutures && level !== undefined && level !== "100"))
        return { error: `invalid argument ${payload.join(",")}` };
      return { streams: [streamNameOf(account, channel, native.toUpperCase())] };
    }
    if (channel === "candlesticks") {
      const [interval, native] = payload;
      if (!interval || !gateIntervalOf(interval)) return { error: `invalid interval ${interval}` };
      if (!native || !markets.instrument(account, native))
        return { error: `unknown currency pair ${native}` };
      return { streams: [streamNameOf(account, channel, native.toUpperCase(), interval)] };
    }
    return { error: "unknown channel" };
  };

  const handleClientText = (session: SimSession, text: string): ClientFrameKind => {
    const nowMs = Date.now();
    const connId = connIdOf(session);
    let request: { id?: unknown; channel?: unknown; event?: unknown; payload?: unknown; time?: unknown };
    try {
      request = JSON.parse(text);
    } catch {
      session.reply(
        JSON.stringify({
          ...envelope("", "", nowMs),
          error: { code: 1, message: "Invalid request body format" },
          result: null,
        }),
      );
      return "error";
    }
    if (!request || typeof request !== "object" || typeof request.channel !== "string") {
      session.reply(
        JSON.stringify({
          ...envelope("", "", nowMs),
          error: { code: 1, message: "Invalid request body format" },
        }),
      );
      return "error";
    }
    const { channel, event } = request;
    const prefix = prefixOf(session.account);
    const idPart = typeof request.id === "number" ? { id: request.id } : {};
    if (channel === `${prefix}.ping`) {
      session.reply(
        JSON.stringify({ ...envelope(`${prefix}.pong`, "", nowMs), ...idPart, error: null, result: null }),
      );
      return "other";
    }
    const reply = (body: Record<string, unknown>) =>
      session.reply(
        JSON.stringify({
          ...envelope(channel, String(event ?? ""), nowMs),
          ...idPart,
          conn_id: connId,
          trace_id: `${connId}${String(request.id ?? "")}`,
          payload: request.payload,
          ...body,
        }),
      );
    const fail = (code: number, message: string): ClientFrameKind => {
      reply({ error: { code, message }, result: { status: "fail" } });
      return "error";
    };
    if (event !== "subscribe" && event !== "unsubscribe") return fail(2, `invalid event ${String(event)}`);
    // Gate refuses requests stamped more than 60 s off its clock.
    if (typeof request.time !== "number" || Math.abs(request.time - nowMs / 1000) > 60)
      return fail(2, "invalid argument: time");
    if (!channel.startsWith(`${prefix}.`)) return fail(2, `unknown channel ${channel}`);
    const payload = request.payload;
    if (!Array.isArray(payload) || !payload.every((item) => typeof item === "string"))
      return fail(1, "invalid argument struct");
    const verdict = streamsOf(session.account, channel.slice(prefix.length + 1) as ChannelName, payload);
    if ("error" in verdict) return fail(2, verdict.error);
    for (const stream of verdict.streams) {
      if (event === "subscribe") session.streams.add(stream);
      else session.streams.delete(stream);
    }
    reply({ result: { status: "success" } });
    return event;
  };

  const bookPush = (entry: GateSimMarket, stream: string, nowMs: number, full: boolean): ProducedFrame => {
    const { instrument, market } = entry;
    const isSpot = instrument.account === "spot";
    const bids = full ? entry.view.bids : (entry.viewChanges?.bids ?? new Map());
    const asks = full ? entry.view.asks : (entry.viewChanges?.asks ?? new Map());
    const update = entry.lastStep?.book;
    const last = market.lastUpdateId();
    const result: Record<string, unknown> = {
      t: entry.lastStep?.timeMs ?? nowMs,
      ...(full ? { full: true } : {}),
      l: "100",
      ...(isSpot ? { e: "depthUpdate", E: Math.floor(nowMs / 1000) } : {}),
      s: instrument.native,
      U: full ? last : (update?.firstUpdateId ?? last),
      u: full ? last : (update?.lastUpdateId ?? last),
      b: levelRows(instrument, sortedLevels(bids, "bid")),
      a: levelRows(instrument, sortedLevels(asks, "ask")),
    };
    return {
      stream,
      payload: { ...envelope(`${prefixOf(instrument.account)}.order_book_update`, "update", nowMs), result },
      // Sequenced updates are what `skipBookUpdate` drops; a full book starts a fresh chain.
      bookSymbol: full ? undefined : instrument.native,
    };
  };

  const produce = (account: SimAccount, stream: string, nowMs: number): ProducedFrame[] => {
    const parsed = parseStream(markets, account, stream);
    if (!parsed) return [];
    const entry = markets.marketOf(account, parsed.native)!;
    const { instrument, market } = entry;
    const step = entry.lastStep;
    const isSpot = account === "spot";
    const channel = `${prefixOf(account)}.${parsed.channel}`;
    const push = (result: unknown) => ({
      stream,
      payload: { ...envelope(channel, "update", nowMs), result },
    });
    switch (parsed.channel) {
      case "trades": {
        const trades = step?.trades ?? [];
        if (isSpot)
          return trades.map((trade) =>
            push({
              id: trade.id,
              create_time: Math.floor(trade.timeMs / 1000),
              create_time_ms: `${trade.timeMs}.000`,
              side: trade.isBuyerMaker ? "sell" : "buy",
              currency_pair: instrument.native,
              amount: qtyText(instrument, trade.qtySteps),
              price: priceText(instrument, trade.priceTicks),
              range: `${trade.id}-${trade.id}`,
              id_market: trade.id,
            }),
          );
        return trades.length === 0
          ? []
          : [
              push(
                trades.map((trade) => ({
                  size: (trade.isBuyerMaker ? -1 : 1) * contracts(instrument, trade.qtySteps),
                  id: trade.id,
                  create_time: Math.floor(trade.timeMs / 1000),
                  create_time_ms: trade.timeMs,
                  price: priceText(instrument, trade.priceTicks),
                  contract: instrument.native,
                })),
              ),
            ];
      }
      case "order_book_update": {
        const frames: ProducedFrame[] = [];
        if (step?.book) frames.push(bookPush(entry, stream, nowMs, false));
        if (tickIndex % FULL_BOOK_EVERY_TICKS === 0) frames.push(bookPush(entry, stream, nowMs, true));
        return frames;
      }
      case "tickers": {
        if (tickIndex % TICKER_EVERY_TICKS !== 0) return [];
        if (isSpot) return [push(spotTickerRow(instrument, market, nowMs))];
        const fundingTime = Math.ceil((nowMs + 1) / GATE_FUNDING_EVERY_MS) * GATE_FUNDING_EVERY_MS;
        return [
          push([
            { ...futuresTickerRow(instrument, market, nowMs, market.fundingRateAt(fundingTime)), t: nowMs },
          ]),
        ];
      }
      case "public_liquidates": {
        const liquidation = step?.liquidation;
        if (!liquidation) return [];
        const size = contracts(instrument, liquidation.qtySteps);
        return [
          push([
            {
              price: priceText(instrument, liquidation.priceTicks),
              // The liquidation order's signed size: a SELL (a long closed) is negative.
              size: liquidation.side === "SELL" ? -size : size,
              time: liquidation.timeMs,
              contract: instrument.native,
            },
          ]),
        ];
      }
      case "candlesticks": {
        const interval = parsed.interval!;
        const openMs = interval.openOf(nowMs);
        const previousOpenMs = candleOpenMs.get(stream);
        candleOpenMs.set(stream, openMs);
        const bars: Array<[number, boolean]> = [];
        if (previousOpenMs !== undefined && previousOpenMs < openMs) bars.push([previousOpenMs, true]);
        if (bars.length > 0 || previousOpenMs === undefined || tickIndex % CANDLE_EVERY_TICKS === 0)
          bars.push([openMs, false]);
        return bars.map(([open, closed]) => {
          const bar = market.barFor(open, interval.nextOpenOf(open), nowMs);
          return push(
            isSpot
              ? spotCandle(instrument, interval.label, bar, closed)
              : [futuresCandle(instrument, interval.label, bar, closed)],
          );
        });
      }
    }
  };

  return {
    id: "gateio",
    accounts: ACCOUNTS,
    wsPath: (account) =>
      account === "spot"
        ? "/gateio/spot/ws/v4/"
        : `/gateio/${account}/v4/ws/${account === "linear" ? "usdt" : "btc"}`,
    envFor(account, urls) {
      return {
        DIG3_GATEIO_WS_URL: urls.wsUrlOf(account),
        // Gate's REST base carries the version path; the adapter's paths start below it.
        DIG3_GATEIO_REST_URL: `${urls.restUrl}/api/v4`,
        DIG3_GATEIO_SPOT_WS_URL: urls.wsUrlOf("spot"),
        DIG3_GATEIO_LINEAR_WS_URL: urls.wsUrlOf("linear"),
        DIG3_GATEIO_INVERSE_WS_URL: urls.wsUrlOf("inverse"),
      };
    },
    matchWsRoute(url): SimWsRoute | undefined {
      if (/^\/gateio\/spot\/ws\/v4\/?$/.test(url.pathname))
        return { account: "spot", streams: [], props: {} };
      const futures = /^\/gateio\/(linear|inverse)\/v4\/ws\/(usdt|btc)\/?$/.exec(url.pathname);
      if (!futures) return undefined;
      if ((futures[1] === "linear") !== (futures[2] === "usdt")) return undefined;
      return { account: futures[1] as SimAccount, streams: [], props: {} };
    },
    handleClientText,
    tick(nowMs, active: ActiveStreams) {
      tickIndex++;
      // A market starts on its first subscription and then steps every tick, listened to or not.
      for (const [account, streams] of active) {
        for (const stream of streams) {
          const parsed = parseStream(markets, account, stream);
          if (parsed) markets.marketOf(account, parsed.native);
        }
      }
      markets.stepAll(nowMs);
      const out: SimDataFrame[] = [];
      for (const [account, streams] of active) {
        for (const stream of streams) {
          for (const frame of produce(account, stream, nowMs)) {
            let text: string | undefined;
            out.push({
              account,
              stream: frame.stream,
              payload: frame.payload,
              bookSymbol: frame.bookSymbol,
              encode: () => {
                text ??= JSON.stringify(frame.payload);
                return text;
              },
            });
          }
        }
      }
      for (const key of candleOpenMs.keys()) {
        if (![...active.values()].some((streams) => streams.has(key))) candleOpenMs.delete(key);
      }
      return out;
    },
    handleRest: (request, nowMs) => answerGateRest(markets, request, nowMs),
    describeRestFault: (status, retryAfterS) => describeGateRestFault(status, retryAfterS),
    close() {
      candleOpenMs.clear();
    },
  };
}
