// Coinbase Advanced Trade for the venue simulator: the public market-data socket (subscribe / unsubscribe one
// channel per message, `subscriptions` acks, `type: "error"` refusals, heartbeats), the envelope with a sequence_num
// counted per connection across channels, level2 snapshot-then-updates, market_trades, ticker, 5-minute candles,
// and REST (coinbase-rest.ts). No Advanced Trade recordings exist, so recorded mode serves synthetic data too.

import type { MarketStep, SimMarket } from "../market.ts";
import type {
  ActiveStreams,
  ClientFrameKind,
  SimAccount,
  SimDataFrame,
  SimSession,
  SimVenue,
  SimVenueContext,
} from "../types.ts";
import { answerCoinbaseRest, describeCoinbaseRestFault } from "./coinbase-rest.ts";
import {
  type CoinbaseInstrument,
  type CoinbaseMarkets,
  createCoinbaseMarkets,
  formatPrice,
  formatQty,
  isoMicros,
} from "./coinbase-symbols.ts";

const ACCOUNTS: readonly SimAccount[] = ["spot", "linear"];
// Cadences in ticks (20 ms by default), compressed against Coinbase's: heartbeats and the open candle once a second
// on Coinbase, here every 25 ticks. Trades, book updates and tickers are per step, as Coinbase sends them per match.
const HEARTBEAT_EVERY_TICKS = 25;
const CANDLE_EVERY_TICKS = 25;
const CANDLE_MS = 5 * 60_000;
const TRADES_SNAPSHOT = 50;
const PRODUCT_CHANNELS = new Set(["level2", "market_trades", "ticker", "candles"]);

interface ProducedFrame {
  stream: string;
  channel: string;
  events: unknown[];
  /** Ground truth: what a correct parser reads out of this frame. */
  payload: unknown;
  bookSymbol?: string;
  timestampMs: number;
}

export function createCoinbaseVenue(context: SimVenueContext): SimVenue {
  const markets = createCoinbaseMarkets(context.seed, context.tickMs);
  /** Every session that ever subscribed: data frames number their messages per connection. */
  const sessions = new Map<number, SimSession>();
  let tickIndex = 0;
  let heartbeatCounter = 0;

  const produce = (
    account: SimAccount,
    stream: string,
    nowMs: number,
    steps: Map<string, MarketStep>,
  ): ProducedFrame[] => {
    if (stream === "heartbeats") {
      if (tickIndex % HEARTBEAT_EVERY_TICKS !== 0) return [];
      const counter = heartbeatCounter;
      return [
        {
          stream,
          channel: "heartbeats",
          events: [{ current_time: new Date(nowMs).toISOString(), heartbeat_counter: String(counter) }],
          payload: { heartbeat_counter: counter },
          timestampMs: nowMs,
        },
      ];
    }
    const [channel, product] = splitStream(stream);
    const instrument = product ? markets.instrument(account, product) : undefined;
    const market = instrument ? markets.marketOf(account, instrument.product) : undefined;
    const step = instrument ? steps.get(`${account}|${instrument.product}`) : undefined;
    if (!instrument || !market || !step) return [];
    switch (channel) {
      case "market_trades": {
        if (step.trades.length === 0) return [];
        const trades = step.trades.map((trade) => describeTrade(instrument, trade));
        // Coinbase lists a batch newest first; the ground truth keeps matching-engine order.
        return [
          {
            stream,
            channel,
            events: [{ type: "update", trades: [...trades].reverse() }],
            payload: { trades },
            timestampMs: step.timeMs,
          },
        ];
      }
      case "level2": {
        if (!step.book) return [];
        const updates = describeChanges(instrument, step.book.changes, step.timeMs);
        return [
          {
            stream,
            channel: "l2_data",
            events: [{ type: "update", product_id: instrument.product, updates }],
            payload: { type: "update", updates },
            bookSymbol: instrument.product,
            timestampMs: step.timeMs,
          },
        ];
      }
      case "ticker": {
        if (step.trades.length === 0) return [];
        const ticker = describeTicker(instrument, market);
        return [
          {
            stream,
            channel,
            events: [{ type: "update", tickers: [ticker] }],
            payload: ticker,
            timestampMs: step.timeMs,
          },
        ];
      }
      case "candles": {
        if (tickIndex % CANDLE_EVERY_TICKS !== 0) return [];
        const candle = describeCandle(instrument, market, nowMs);
        return [
          {
            stream,
            channel,
            events: [{ type: "update", candles: [candle] }],
            payload: candle,
            timestampMs: nowMs,
          },
        ];
      }
      default:
        return [];
    }
  };

  return {
    id: "coinbase",
    accounts: ACCOUNTS,
    // Coinbase serves spot and US futures on one URL; the simulator keeps one path per account so ground truth stays
    // per account.
    wsPath: (account) => `/coinbase/${account}`,
    envFor(account, urls) {
      return {
        DIG3_COINBASE_WS_URL: urls.wsUrlOf(account),
        DIG3_COINBASE_REST_URL: urls.restUrl,
        DIG3_COINBASE_SPOT_WS_URL: urls.wsUrlOf("spot"),
        DIG3_COINBASE_LINEAR_WS_URL: urls.wsUrlOf("linear"),
      };
    },
    matchWsRoute(url) {
      const match = /^\/coinbase\/(spot|linear)\/?$/.exec(url.pathname);
      return match ? { account: match[1] as SimAccount, streams: [], props: {} } : undefined;
    },
    // "Advanced Trade API WebSocket unauthenticated messages are rate-limited at 8 per second per IP address."
    maxClientMessagesPerSecond: () => 8,
    handleClientText(session, text) {
      sessions.set(session.id, session);
      return handleControlFrame(session, text, markets);
    },
    tick(nowMs, active) {
      tickIndex++;
      if (tickIndex % HEARTBEAT_EVERY_TICKS === 0) heartbeatCounter++;
      startMarketsFor(active, markets);
      const steps = new Map<string, MarketStep>();
      for (const { instrument, market } of markets.started())
        steps.set(`${instrument.account}|${instrument.product}`, market.step(nowMs));
      const out: SimDataFrame[] = [];
      for (const [account, streams] of active) {
        for (const stream of streams) {
          for (const frame of produce(account, stream, nowMs, steps))
            out.push(wrapDataFrame(account, frame, sessions));
        }
      }
      return out;
    },
    handleRest: (request, nowMs) => answerCoinbaseRest(markets, request, nowMs),
    describeRestFault: (status, retryAfterS) => describeCoinbaseRestFault(status, retryAfterS),
    close() {
      sessions.clear();
    },
  };
}

function splitStream(stream: string): [channel: string, product: string | undefined] {
  const at = stream.indexOf(":");
  return at < 0 ? [stream, undefined] : [stream.slice(0, at), stream.slice(at + 1)];
}

function startMarketsFor(active: ActiveStreams, markets: CoinbaseMarkets): void {
  for (const [account, streams] of active) {
    for (const stream of streams) {
      const [, product] = splitStream(stream);
      if (product) markets.marketOf(account, product);
    }
  }
}

/** The connection's next `sequence_num`: one counter per socket, across every channel and reply. */
function nextSequenceOf(session: SimSession): number {
  const next = (session.props.sequence as number | undefined) ?? 0;
  session.props.sequence = next + 1;
  return next;
}

function envelopeText(channel: string, timestampMs: number, sequence: number, events: unknown[]): string {
  return JSON.stringify({
    channel,
    client_id: "",
    timestamp: new Date(timestampMs).toISOString().replace("Z", "123456Z"),
    sequence_num: sequence,
    events,
  });
}

/**
 * Numbers the frame for every socket subscribed to its stream at once, so a frame the fault engine drops leaves a
 * hole in each of their sequences, as a message lost by Coinbase would.
 */
function wrapDataFrame(
  account: SimAccount,
  frame: ProducedFrame,
  sessions: Map<number, SimSession>,
): SimDataFrame {
  const sequences = new Map<number, number>();
  for (const session of sessions.values()) {
    if (session.account === account && session.streams.has(frame.stream))
      sequences.set(session.id, nextSequenceOf(session));
  }
  const texts = new Map<number, string>();
  return {
    account,
    stream: frame.stream,
    payload: frame.payload,
    bookSymbol: frame.bookSymbol,
    encode(session) {
      let text = texts.get(session.id);
      if (text === undefined) {
        const sequence = sequences.get(session.id) ?? nextSequenceOf(session);
        sequences.set(session.id, sequence);
        text = envelopeText(frame.channel, frame.timestampMs, sequence, frame.events);
        texts.set(session.id, text);
      }
      return text;
    },
  };
}

function describeTrade(instrument: CoinbaseInstrument, trade: MarketStep["trades"][number]) {
  return {
    trade_id: String(trade.id),
    product_id: instrument.product,
    price: formatPrice(instrument, trade.priceTicks),
    size: formatQty(instrument, trade.qtySteps),
    // The maker's side: the buyer rested when the taker sold.
    side: trade.isBuyerMaker ? "BUY" : "SELL",
    time: isoMicros(trade.timeMs),
  };
}

function describeChanges(
  instrument: CoinbaseInstrument,
  changes: { bids: Map<number, number>; asks: Map<number, number> },
  timeMs: number,
) {
  const eventTime = isoMicros(timeMs);
  const side = (name: "bid" | "offer", levels: Map<number, number>) =>
    [...levels].map(([priceTicks, qtySteps]) => ({
      side: name,
      event_time: eventTime,
      price_level: formatPrice(instrument, priceTicks),
      new_quantity: formatQty(instrument, qtySteps),
    }));
  return [...side("bid", changes.bids), ...side("offer", changes.asks)];
}

function describeBookSnapshot(instrument: CoinbaseInstrument, market: SimMarket) {
  const side = (name: "bid" | "offer", levels: Array<[number, number]>) =>
    levels.map(([priceTicks, qtySteps]) => ({
      side: name,
      event_time: "1970-01-01T00:00:00Z",
      price_level: formatPrice(instrument, priceTicks),
      new_quantity: formatQty(instrument, qtySteps),
    }));
  return [
    ...side("bid", market.book.topLevels("bid", market.book.bids.size)),
    ...side("offer", market.book.topLevels("ask", market.book.asks.size)),
  ];
}

function describeTicker(instrument: CoinbaseInstrument, market: SimMarket) {
  const bid = market.book.bestBidTicks();
  const ask = market.book.bestAskTicks();
  const last = market.lastPriceTicks();
  return {
    type: "ticker",
    product_id: instrument.product,
    price: formatPrice(instrument, last),
    volume_24_h: "16038.28770938",
    low_24_h: formatPrice(instrument, Math.round(last * 0.98)),
    high_24_h: formatPrice(instrument, Math.round(last * 1.02)),
    low_52_w: formatPrice(instrument, Math.round(last * 0.6)),
    high_52_w: formatPrice(instrument, Math.round(last * 1.4)),
    price_percent_chg_24_h: "-1.5",
    best_bid: bid === undefined ? "" : formatPrice(instrument, bid),
    best_bid_quantity: bid === undefined ? "" : formatQty(instrument, market.book.bids.get(bid) ?? 0),
    best_ask: ask === undefined ? "" : formatPrice(instrument, ask),
    best_ask_quantity: ask === undefined ? "" : formatQty(instrument, market.book.asks.get(ask) ?? 0),
  };
}

function describeCandle(instrument: CoinbaseInstrument, market: SimMarket, nowMs: number) {
  const openMs = Math.floor(nowMs / CANDLE_MS) * CANDLE_MS;
  const bar = market.barFor(openMs, openMs + CANDLE_MS, nowMs);
  return {
    start: String(openMs / 1000),
    high: formatPrice(instrument, bar.highTicks),
    low: formatPrice(instrument, bar.lowTicks),
    open: formatPrice(instrument, bar.openTicks),
    close: formatPrice(instrument, bar.closeTicks),
    volume: formatQty(instrument, bar.volumeSteps),
    product_id: instrument.product,
  };
}

// ---------------------------------------------------------------------------------------------------------------
// The control protocol

function handleControlFrame(session: SimSession, text: string, markets: CoinbaseMarkets): ClientFrameKind {
  const fail = (message: string): ClientFrameKind => {
    session.reply(JSON.stringify({ type: "error", message }));
    return "error";
  };
  let request: unknown;
  try {
    request = JSON.parse(text);
  } catch {
    return fail("failure to parse message");
  }
  const {
    type,
    channel,
    product_ids: productIds,
  } = (request ?? {}) as {
    type?: unknown;
    channel?: unknown;
    product_ids?: unknown;
  };
  if (type !== "subscribe" && type !== "unsubscribe") return fail("unknown message type");
  if (typeof channel !== "string") return fail("channel is required");
  const reply = (channelName: string, events: unknown[]) =>
    session.reply(envelopeText(channelName, Date.now(), nextSequenceOf(session), events));
  const ack = () => reply("subscriptions", [{ subscriptions: describeSubscriptions(session) }]);

  if (channel === "heartbeats") {
    if (type === "subscribe") session.streams.add("heartbeats");
    else session.streams.delete("heartbeats");
    ack();
    return type;
  }
  if (!PRODUCT_CHANNELS.has(channel)) return fail(`failure to ${type}: unknown channel ${channel}`);
  const products = Array.isArray(productIds)
    ? productIds.filter((id): id is string => typeof id === "string")
    : [];
  if (products.length === 0) return fail(`failure to ${type}: product_ids are required`);
  const unknown = products.filter((product) => !markets.instrument(session.account, product));
  if (unknown.length > 0) return fail(`failure to ${type}: unknown product ${unknown.join(",")}`);

  for (const product of products) {
    const stream = `${channel}:${product.toUpperCase()}`;
    if (type === "unsubscribe") {
      session.streams.delete(stream);
      continue;
    }
    const instrument = markets.instrument(session.account, product)!;
    const market = markets.marketOf(session.account, product)!;
    session.streams.add(stream);
    // Stateful channels open with a snapshot, numbered on this connection like everything else.
    if (channel === "level2") {
      reply("l2_data", [
        {
          type: "snapshot",
          product_id: instrument.product,
          updates: describeBookSnapshot(instrument, market),
        },
      ]);
    } else if (channel === "market_trades") {
      const recent = market.recentTrades(TRADES_SNAPSHOT).reverse();
      reply("market_trades", [
        { type: "snapshot", trades: recent.map((trade) => describeTrade(instrument, trade)) },
      ]);
    } else if (channel === "ticker") {
      reply("ticker", [{ type: "snapshot", tickers: [describeTicker(instrument, market)] }]);
    } else if (channel === "candles") {
      reply("candles", [{ type: "snapshot", candles: [describeCandle(instrument, market, Date.now())] }]);
    }
  }
  ack();
  return type;
}

function describeSubscriptions(session: SimSession): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const stream of session.streams) {
    const [channel, product] = splitStream(stream);
    const products = out[channel] ?? [];
    products.push(product ?? channel);
    out[channel] = products;
  }
  return out;
}
