// dYdX v4 indexer for the simulator: `{"type":"subscribe","channel":C,"id":X,"batched":B}` answered `subscribed`
// (the full book for v4_orderbook, recent trades, candles, every market for v4_markets), `error` for refusals;
// `message_id` counted per connection as the indexer's socks server does (below); `channel_data` or, when batched,
// `channel_batch_data` updates from synthetic markets. No app-level ping (the transport's protocol pings). REST in
// dydx-rest.ts.
//
// message_id, as socks numbers it: +1 for every data message a connection is sent (taken when the frame is made, so
// one a fault skips, garbles or holds back leaves a hole, as a message lost on the way would) and for `unsubscribed`;
// a `subscribe` takes its id when it arrives, but its `subscribed` reply (or the `error` refusing it after the
// initial fetch) goes out 1–5 ticks later, after data messages numbered above it, and the new stream's data only
// starts then; an `error` about a malformed request repeats the current id. No `connected` greeting (message 0 at
// the indexer): the simulator's core has no on-open hook, so a connection's ids start at 1.

import { parseInterval } from "../bars.ts";
import type { MarketStep } from "../market.ts";
import { createRng } from "../rng.ts";
import type { ClientFrameKind, SimDataFrame, SimSession, SimVenue, SimVenueContext } from "../types.ts";
import { answerDydxRest, type DydxLiquidationFill, describeDydxRestFault } from "./dydx-rest.ts";
import {
  createDydxMarkets,
  describeBookSnapshot,
  describeCandle,
  describeLiquidationFill,
  describePerpetualMarket,
  describeTrade,
  priceText,
  sizeText,
} from "./dydx-symbols.ts";

// Cadences in ticks (20 ms by default): book updates and trades every step, v4_markets every 5, candles every 10.
const MARKETS_EVERY_TICKS = 5;
/** LIQUIDATED fills kept per market for REST (newest). */
const LIQUIDATION_FILLS_KEPT = 1000;
const CANDLE_EVERY_TICKS = 10;
const CHANNELS = new Set(["v4_orderbook", "v4_trades", "v4_candles", "v4_markets"]);
const RESOLUTIONS: Readonly<Record<string, string>> = {
  "1MIN": "1m",
  "5MINS": "5m",
  "15MINS": "15m",
  "30MINS": "30m",
  "1HOUR": "1h",
  "4HOURS": "4h",
  "1DAY": "1d",
};

/** The simulator's stream name: `v4_orderbook:BTC-USD`, `v4_candles:BTC-USD/1MIN`, `v4_markets:`. */
export function streamNameOf(channel: string, id: string | undefined): string {
  return `${channel}:${id ?? ""}`;
}

function nextMessageId(session: SimSession): number {
  const id = Number(session.props.messageId ?? 0) + 1;
  session.props.messageId = id;
  return id;
}

const currentMessageId = (session: SimSession): number => Number(session.props.messageId ?? 0);

/** A subscribe the indexer has numbered but not answered yet (it is fetching the initial data). */
interface PendingSubscribe {
  stream: string;
  timer: ReturnType<typeof setTimeout>;
  complete(): void;
}

function pendingOf(session: SimSession): Set<PendingSubscribe> {
  let pending = session.props.pendingSubscribes as Set<PendingSubscribe> | undefined;
  if (!pending) {
    pending = new Set();
    session.props.pendingSubscribes = pending;
  }
  return pending;
}

function connectionIdOf(session: SimSession): string {
  return `00000000-0000-4000-8000-${session.id.toString(16).padStart(12, "0")}`;
}

export function createDydxVenue(context: SimVenueContext): SimVenue {
  const markets = createDydxMarkets(context.seed, context.tickMs);
  const liquidationFills = new Map<string, DydxLiquidationFill[]>();
  const replyDelays = createRng(context.seed ^ 0x5ec5);
  /** Sockets that subscribed, weakly held: the core drops a closed socket's session and it is collected. */
  const sessions = new Map<number, WeakRef<SimSession>>();
  const timers = new Set<ReturnType<typeof setTimeout>>();
  let tickIndex = 0;

  const replyWith = (session: SimSession, messageId: number, body: Record<string, unknown>) =>
    session.reply(JSON.stringify({ ...body, connection_id: connectionIdOf(session), message_id: messageId }));
  const reply = (session: SimSession, body: Record<string, unknown>) =>
    replyWith(session, nextMessageId(session), body);

  /** A malformed request: the indexer answers with the current id, numbering nothing. */
  const refuse = (session: SimSession, message: string): ClientFrameKind => {
    replyWith(session, currentMessageId(session), { type: "error", message });
    return "error";
  };

  const snapshotOf = (channel: string, id: string | undefined, nowMs: number): unknown => {
    if (channel === "v4_markets") {
      const rows: Record<string, unknown> = {};
      for (const spec of markets.all())
        rows[spec.ticker] = describePerpetualMarket(spec, markets.marketOf(spec.ticker)!, nowMs);
      return { markets: rows };
    }
    const [ticker, resolution] = (id ?? "").split("/") as [string, string | undefined];
    const spec = markets.spec(ticker);
    const market = spec ? markets.marketOf(ticker) : undefined;
    if (!spec || !market) return undefined;
    switch (channel) {
      case "v4_orderbook":
        return describeBookSnapshot(spec, market);
      case "v4_trades":
        return {
          trades: market
            .recentTrades(100)
            .map((trade) => describeTrade(spec, trade))
            .reverse(),
        };
      case "v4_candles": {
        const interval = parseInterval(RESOLUTIONS[resolution ?? ""] ?? "");
        if (!interval || !resolution) return undefined;
        const bars = market.barsOf(interval, { limit: 10 }, nowMs);
        return { candles: bars.map((bar) => describeCandle(spec, resolution, bar, market)).reverse() };
      }
    }
    return undefined;
  };

  const handleClientText = (session: SimSession, text: string): ClientFrameKind => {
    let message: Record<string, unknown>;
    try {
      message = JSON.parse(text) as Record<string, unknown>;
    } catch {
      return refuse(session, `Invalid message: could not parse ${text.slice(0, 60)}`);
    }
    const type = message?.type;
    const channel = typeof message?.channel === "string" ? message.channel : "";
    const id = typeof message?.id === "string" ? message.id : undefined;
    if ((type !== "subscribe" && type !== "unsubscribe") || !CHANNELS.has(channel)) {
      return refuse(session, `Invalid message: ${text.slice(0, 60)}`);
    }
    const stream = streamNameOf(channel, channel === "v4_markets" ? undefined : id);
    if (type === "unsubscribe") {
      // A subscribe still being answered is answered first (its reply holds an id numbered before this one).
      for (const pending of [...pendingOf(session)]) if (pending.stream === stream) pending.complete();
      if (!session.streams.delete(stream))
        return refuse(session, `Invalid unsubscribe message: not subscribed (${channel}-${id ?? ""})`);
      reply(session, { type: "unsubscribed", channel, ...(id ? { id } : {}) });
      return "unsubscribe";
    }
    if (channel !== "v4_markets" && !id)
      return refuse(session, `Invalid subscribe message: id is required for ${channel}`);
    const marketId = channel === "v4_markets" ? undefined : id;
    const messageId = nextMessageId(session);
    const refuseNumbered = (text: string) => replyWith(session, messageId, { type: "error", message: text });
    if (snapshotOf(channel, marketId, Date.now()) === undefined) {
      refuseNumbered(`Invalid subscribe message: invalid id ${id ?? ""} for ${channel}`);
      return "error";
    }
    if (!sessions.has(session.id)) sessions.set(session.id, new WeakRef(session));
    const pending = pendingOf(session);
    const entry: PendingSubscribe = {
      stream,
      timer: setTimeout(() => entry.complete(), replyDelays.int(1, 5) * context.tickMs),
      complete() {
        clearTimeout(entry.timer);
        timers.delete(entry.timer);
        if (!pending.delete(entry)) return;
        if (session.streams.has(stream)) {
          refuseNumbered(`Invalid subscribe message: already subscribed (${channel}-${id ?? ""})`);
          return;
        }
        session.streams.add(stream);
        session.props[`batched:${stream}`] = message.batched === true;
        replyWith(session, messageId, {
          type: "subscribed",
          channel,
          ...(id && channel !== "v4_markets" ? { id } : {}),
          contents: snapshotOf(channel, marketId, Date.now()),
        });
      },
    };
    timers.add(entry.timer);
    pending.add(entry);
    return "subscribe";
  };

  /** This frame's id on every socket receiving it, taken now whatever becomes of the frame. */
  const numberFrame = (account: string, stream: string): Map<SimSession, number> => {
    const ids = new Map<SimSession, number>();
    for (const [sessionId, ref] of sessions) {
      const session = ref.deref();
      if (!session) sessions.delete(sessionId);
      else if (session.account === account && session.streams.has(stream))
        ids.set(session, nextMessageId(session));
    }
    return ids;
  };

  const produce = (
    stream: string,
    nowMs: number,
    steps: Map<string, MarketStep>,
  ): Array<{ stream: string; channel: string; id?: string; payload: Record<string, unknown> }> => {
    const [channel, id] = stream.split(":") as [string, string];
    if (channel === "v4_markets") {
      if (tickIndex % MARKETS_EVERY_TICKS !== 0) return [];
      const trading: Record<string, unknown> = {};
      const oraclePrices: Record<string, unknown> = {};
      for (const { spec, market } of markets.started()) {
        const row = describePerpetualMarket(spec, market, nowMs);
        trading[spec.ticker] = {
          id: spec.clobPairId,
          nextFundingRate: row.nextFundingRate,
          openInterest: row.openInterest,
          volume24H: row.volume24H,
          priceChange24H: row.priceChange24H,
          trades24H: row.trades24H,
        };
        oraclePrices[spec.ticker] = {
          oraclePrice: row.oraclePrice,
          effectiveAt: new Date(nowMs).toISOString(),
          effectiveAtHeight: String(Math.floor(nowMs / 1000)),
          marketId: Number(spec.clobPairId),
        };
      }
      return [{ stream, channel, payload: { trading, oraclePrices } }];
    }
    const [ticker, resolution] = id.split("/") as [string, string | undefined];
    const spec = markets.spec(ticker);
    const market = spec ? markets.marketOf(ticker) : undefined;
    const step = steps.get(ticker);
    if (!spec || !market || !step) return [];
    switch (channel) {
      case "v4_orderbook": {
        const changes = step.book?.changes;
        if (!changes || changes.bids.size + changes.asks.size === 0) return [];
        const side = (levels: Map<number, number>) =>
          [...levels].map(([ticks, steps]) => [priceText(spec, ticks), sizeText(spec, steps)]);
        const payload: Record<string, unknown> = {};
        if (changes.bids.size > 0) payload.bids = side(changes.bids);
        if (changes.asks.size > 0) payload.asks = side(changes.asks);
        return [{ stream, channel, id, payload }];
      }
      case "v4_trades": {
        const trades = step.trades.map((trade) => describeTrade(spec, trade));
        if (step.liquidation) trades.push(describeLiquidationFill(spec, step.liquidation));
        return trades.length > 0 ? [{ stream, channel, id, payload: { trades } }] : [];
      }
      case "v4_candles": {
        const interval = parseInterval(RESOLUTIONS[resolution ?? ""] ?? "");
        if (!interval || !resolution || tickIndex % CANDLE_EVERY_TICKS !== 0) return [];
        const openMs = interval.openOf(nowMs);
        const bar = market.barFor(openMs, interval.nextOpenOf(openMs), nowMs);
        return [{ stream, channel, id, payload: describeCandle(spec, resolution, bar, market) }];
      }
    }
    return [];
  };

  return {
    id: "dydx",
    accounts: ["linear"],
    wsPath: () => "/dydx/linear/v4/ws",
    envFor(_account, urls) {
      return {
        DIG3_DYDX_WS_URL: urls.wsUrlOf("linear"),
        DIG3_DYDX_REST_URL: urls.restUrl,
        DIG3_DYDX_LINEAR_WS_URL: urls.wsUrlOf("linear"),
      };
    },
    matchWsRoute(url) {
      return /^\/dydx\/linear\/v4\/ws\/?$/.test(url.pathname)
        ? { account: "linear", streams: [], props: {} }
        : undefined;
    },
    handleClientText,
    tick(nowMs, active) {
      tickIndex++;
      const steps = new Map<string, MarketStep>();
      for (const { spec, market } of markets.started()) {
        const step = market.step(nowMs);
        steps.set(spec.ticker, step);
        if (step.liquidation) {
          const fills = liquidationFills.get(spec.ticker) ?? [];
          fills.push({
            timeMs: step.liquidation.timeMs,
            row: describeLiquidationFill(spec, step.liquidation),
          });
          if (fills.length > LIQUIDATION_FILLS_KEPT) fills.shift();
          liquidationFills.set(spec.ticker, fills);
        }
      }
      const out: SimDataFrame[] = [];
      for (const [account, streams] of active) {
        for (const stream of streams) {
          for (const frame of produce(stream, nowMs, steps)) {
            const messageIds = numberFrame(account, frame.stream);
            out.push({
              account,
              stream: frame.stream,
              payload: frame.payload,
              // The target of `skipBookUpdate`: an orderbook update of one market (its ticker).
              ...(frame.channel === "v4_orderbook" ? { bookSymbol: frame.id } : {}),
              encode(session) {
                const batched = session.props[`batched:${frame.stream}`] === true;
                return JSON.stringify({
                  type: batched ? "channel_batch_data" : "channel_data",
                  connection_id: connectionIdOf(session),
                  message_id: messageIds.get(session) ?? nextMessageId(session),
                  ...(frame.id ? { id: frame.id } : {}),
                  channel: frame.channel,
                  version: frame.channel === "v4_trades" ? "2.1.0" : "1.0.0",
                  contents: batched ? [frame.payload] : frame.payload,
                });
              },
            });
          }
        }
      }
      return out;
    },
    handleRest: (request, nowMs) =>
      answerDydxRest(markets, request, nowMs, (ticker) => liquidationFills.get(ticker) ?? []),
    describeRestFault: describeDydxRestFault,
    close() {
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
    },
  };
}
