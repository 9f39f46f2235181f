// Bitstamp for the venue simulator: the WebSocket API v2 protocol (bts:subscribe / bts:unsubscribe with their acks,
// bts:heartbeat answers, bts:error for bad frames, unknown markets acknowledged and then silent), synthetic or recorded
// data frames per channel (live_trades_, diff_order_book_, order_book_, funding_rate_), and REST (bitstamp-rest.ts).

import type { MarketStep, SimMarket } from "../market.ts";
import { listRecordings, readInboundFrames, readRestBodies } from "../recorded.ts";
import type {
  ActiveStreams,
  ClientFrameKind,
  SimAccount,
  SimDataFrame,
  SimSession,
  SimVenue,
  SimVenueContext,
} from "../types.ts";
import { answerBitstampRest, describeBitstampRestFault, describeFundingRate } from "./bitstamp-rest.ts";
import {
  type BitstampInstrument,
  type BitstampMarkets,
  createBitstampMarkets,
  formatPrice,
  formatQty,
  guessRecordedInstrument,
} from "./bitstamp-symbols.ts";

const ACCOUNTS: readonly SimAccount[] = ["spot", "linear"];
// Cadences in ticks (20 ms by default), compressed against Bitstamp's: the top-100 book every ~200 ms, funding
// (with mark and index) about once a second on Bitstamp, here every 25 ticks. Trades and diffs are per step.
const TOP_BOOK_EVERY_TICKS = 5;
const FUNDING_EVERY_TICKS = 25;
const TOP_BOOK_LEVELS = 100;
const CHANNEL_RE =
  /^(live_trades|diff_order_book|order_book|detail_order_book|live_orders|funding_rate)_([a-z0-9]+(?:-perp)?)$/;
/** Channel types this simulator produces data for. */
const PRODUCED = new Set(["live_trades", "diff_order_book", "order_book", "funding_rate"]);

interface ProducedFrame {
  stream: string;
  event: string;
  payload: unknown;
  bookSymbol?: string;
  /** Verbatim frame text (recorded mode). */
  text?: string;
}

export function createBitstampVenue(context: SimVenueContext): SimVenue {
  const markets = createBitstampMarkets(context.seed, context.tickMs);
  const recorded = context.mode === "recorded" ? loadRecordings(context, markets) : undefined;
  const replayCursor = new Map<string, number>();
  let tickIndex = 0;

  const instrumentOf = (account: SimAccount, stream: string) => {
    const match = CHANNEL_RE.exec(stream);
    if (!match || !PRODUCED.has(match[1]!)) return undefined;
    const instrument = markets.instrument(account, match[2]!);
    if (!instrument || (match[1] === "funding_rate" && instrument.account !== "linear")) return undefined;
    return { type: match[1]!, instrument };
  };

  const produceSynthetic = (
    account: SimAccount,
    stream: string,
    nowMs: number,
    steps: Map<string, { step: MarketStep; micros?: number }>,
  ): ProducedFrame[] => {
    const parsed = instrumentOf(account, stream);
    if (!parsed) return [];
    const { type, instrument } = parsed;
    const market = markets.marketOf(account, instrument.market);
    const current = steps.get(`${account}|${instrument.market}`);
    if (!market || !current) return [];
    switch (type) {
      case "live_trades":
        return current.step.trades.map((trade) => ({
          stream,
          event: "trade",
          payload: {
            id: trade.id,
            // Perpetual ids pass 2^53 on Bitstamp and come with an exact text copy.
            ...(instrument.account === "linear" ? { id_str: String(trade.id) } : {}),
            // Seconds on spot, milliseconds on perpetuals (as probed in 2026).
            timestamp: String(
              instrument.account === "linear" ? trade.timeMs : Math.floor(trade.timeMs / 1000),
            ),
            amount: Number(formatQty(instrument, trade.qtySteps)),
            amount_str: formatQty(instrument, trade.qtySteps),
            price: Number(formatPrice(instrument, trade.priceTicks)),
            price_str: formatPrice(instrument, trade.priceTicks),
            type: trade.isBuyerMaker ? 1 : 0,
            microtimestamp: String(trade.timeMs * 1000),
            buy_order_id: trade.buyOrderId,
            sell_order_id: trade.sellOrderId,
          },
        }));
      case "diff_order_book": {
        const update = current.step.book;
        if (!update || current.micros === undefined) return [];
        const side = (changes: Map<number, number>) =>
          [...changes].map(([priceTicks, qtySteps]) => [
            formatPrice(instrument, priceTicks),
            formatQty(instrument, qtySteps),
          ]);
        return [
          {
            stream,
            event: "data",
            payload: {
              timestamp: String(Math.floor(current.micros / 1_000_000)),
              microtimestamp: String(current.micros),
              bids: side(update.changes.bids),
              asks: side(update.changes.asks),
            },
            bookSymbol: instrument.market,
          },
        ];
      }
      case "order_book":
        return tickIndex % TOP_BOOK_EVERY_TICKS === 0
          ? [{ stream, event: "data", payload: describeTopBook(instrument, market, markets) }]
          : [];
      case "funding_rate": {
        if (tickIndex % FUNDING_EVERY_TICKS !== 0) return [];
        const funding = describeFundingRate(instrument, market, nowMs);
        return [
          {
            stream,
            event: "funding_rate_saved",
            payload: {
              market: instrument.market,
              mark_price: market.markPrice(nowMs).toFixed(8),
              index_price: String(market.indexPrice(nowMs)),
              funding_rate: funding.funding_rate,
              timestamp: funding.timestamp,
              next_funding_time: funding.next_funding_time,
            },
          },
        ];
      }
      default:
        return [];
    }
  };

  const produceRecorded = (account: SimAccount, stream: string): ProducedFrame[] => {
    const key = `${account}|${stream}`;
    const frames = recorded?.frames.get(key);
    const cursor = replayCursor.get(key) ?? 0;
    const frame = frames?.[cursor];
    if (!frame) return [];
    replayCursor.set(key, cursor + 1);
    const bookSymbol = stream.startsWith("diff_order_book_")
      ? stream.slice("diff_order_book_".length)
      : undefined;
    return [{ stream, event: frame.event, payload: frame.data, bookSymbol, text: frame.text }];
  };

  return {
    id: "bitstamp",
    accounts: ACCOUNTS,
    // Bitstamp serves every market on one URL; the simulator keeps one path per account so ground truth stays per account.
    wsPath: (account) => `/bitstamp/${account}`,
    envFor(account, urls) {
      return {
        DIG3_BITSTAMP_WS_URL: urls.wsUrlOf(account),
        DIG3_BITSTAMP_REST_URL: urls.restUrl,
        DIG3_BITSTAMP_SPOT_WS_URL: urls.wsUrlOf("spot"),
        DIG3_BITSTAMP_LINEAR_WS_URL: urls.wsUrlOf("linear"),
      };
    },
    matchWsRoute(url) {
      const match = /^\/bitstamp\/(spot|linear)\/?$/.exec(url.pathname);
      return match ? { account: match[1] as SimAccount, streams: [], props: {} } : undefined;
    },
    handleClientText: (session, text) => handleControlFrame(session, text, markets),
    tick(nowMs, active) {
      tickIndex++;
      const steps = new Map<string, { step: MarketStep; micros?: number }>();
      if (!recorded) startMarketsFor(active, markets);
      for (const { instrument, market } of markets.started()) {
        const step = market.step(nowMs);
        const micros = step.book ? markets.stampBookChange(instrument, step.timeMs) : undefined;
        steps.set(`${instrument.account}|${instrument.market}`, { step, micros });
      }
      const out: SimDataFrame[] = [];
      for (const [account, streams] of active) {
        for (const stream of streams) {
          const produced = recorded
            ? produceRecorded(account, stream)
            : produceSynthetic(account, stream, nowMs, steps);
          for (const frame of produced) out.push(wrapDataFrame(account, frame));
        }
      }
      return out;
    },
    handleRest: (request, nowMs) =>
      answerBitstampRest({ markets, recordedBooks: recorded?.books ?? new Map() }, request, nowMs),
    describeRestFault: (status, retryAfterS) => describeBitstampRestFault(status, retryAfterS),
    close() {
      replayCursor.clear();
    },
  };
}

function startMarketsFor(active: ActiveStreams, markets: BitstampMarkets): void {
  for (const [account, streams] of active) {
    for (const stream of streams) {
      const market = CHANNEL_RE.exec(stream)?.[2];
      if (market) markets.marketOf(account, market);
    }
  }
}

function describeTopBook(
  instrument: BitstampInstrument,
  market: SimMarket,
  markets: BitstampMarkets,
): unknown {
  const micros = markets.lastBookMicros(instrument);
  const side = (levels: Array<[number, number]>) =>
    levels.map(([priceTicks, qtySteps]) => [
      formatPrice(instrument, priceTicks),
      formatQty(instrument, qtySteps),
    ]);
  return {
    timestamp: String(Math.floor(micros / 1_000_000)),
    microtimestamp: String(micros),
    bids: side(market.book.topLevels("bid", TOP_BOOK_LEVELS)),
    asks: side(market.book.topLevels("ask", TOP_BOOK_LEVELS)),
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
      text ??= JSON.stringify({ data: frame.payload, channel: frame.stream, event: frame.event });
      return text;
    },
  };
}

// ---------------------------------------------------------------------------------------------------------------
// The control protocol

function handleControlFrame(session: SimSession, text: string, markets: BitstampMarkets): ClientFrameKind {
  const fail = (message: string): ClientFrameKind => {
    session.reply(JSON.stringify({ event: "bts:error", channel: "", data: { code: null, message } }));
    return "error";
  };
  let request: unknown;
  try {
    request = JSON.parse(text);
  } catch {
    return fail("Incorrect JSON format.");
  }
  const { event, data } = (request ?? {}) as { event?: unknown; data?: unknown };
  if (event === "bts:heartbeat") {
    session.reply(JSON.stringify({ event: "bts:heartbeat", channel: "", data: { status: "success" } }));
    return "other";
  }
  if (event !== "bts:subscribe" && event !== "bts:unsubscribe") return fail("Bad subscription string.");
  const channel = (data as { channel?: unknown } | null)?.channel;
  if (typeof channel !== "string") return fail("Bad subscription string.");
  const match = CHANNEL_RE.exec(channel);
  if (!match) return fail("Invalid channel provided.");
  const reply = (name: string) => session.reply(JSON.stringify({ event: name, channel, data: {} }));
  if (event === "bts:unsubscribe") {
    session.streams.delete(channel);
    reply("bts:unsubscription_succeeded");
    return "unsubscribe";
  }
  // A well-formed channel of an unknown market is acknowledged and then stays silent, as probed on Bitstamp.
  if (markets.instrument(session.account, match[2]!)) session.streams.add(channel);
  reply("bts:subscription_succeeded");
  return "subscribe";
}

// ---------------------------------------------------------------------------------------------------------------
// Recorded mode: frames and REST books from <wireDir>/bitstamp (spot), read at start

interface RecordedFrame {
  event: string;
  data: unknown;
  text: string;
}

function loadRecordings(context: SimVenueContext, markets: BitstampMarkets) {
  const frames = new Map<string, RecordedFrame[]>();
  const books = new Map<string, string>();
  for (const path of listRecordings(
    context.wireDir,
    "bitstamp",
    (name) => name.startsWith("v2-") && !name.includes("-rest-"),
  )) {
    for (const line of readInboundFrames(path)) {
      let parsed: { event?: unknown; channel?: unknown; data?: unknown };
      try {
        parsed = JSON.parse(line.frame);
      } catch {
        continue;
      }
      if (
        typeof parsed.channel !== "string" ||
        typeof parsed.event !== "string" ||
        parsed.event.startsWith("bts:")
      )
        continue;
      const key = `spot|${parsed.channel}`;
      let list = frames.get(key);
      if (!list) {
        list = [];
        frames.set(key, list);
      }
      list.push({ event: parsed.event, data: parsed.data, text: line.frame });
      registerRecordedMarket(markets, parsed.channel, parsed.data);
    }
  }
  for (const path of listRecordings(context.wireDir, "bitstamp", (name) =>
    name.startsWith("v2-rest-order-book"),
  )) {
    for (const line of readRestBodies(path)) {
      const market = /\/order_book\/([a-z0-9-]+)/.exec(line.url)?.[1];
      if (market) books.set(market, line.body);
    }
  }
  return { frames, books };
}

function registerRecordedMarket(markets: BitstampMarkets, channel: string, data: unknown): void {
  const market = CHANNEL_RE.exec(channel)?.[2];
  if (!market || markets.instrument("spot", market)) return;
  const record = data as { price_str?: unknown; bids?: unknown; asks?: unknown };
  const level =
    (Array.isArray(record.bids) && record.bids[0]) || (Array.isArray(record.asks) && record.asks[0]);
  const price = Number(record.price_str ?? (Array.isArray(level) ? level[0] : undefined));
  if (Number.isFinite(price) && price > 0) markets.addInstrument(guessRecordedInstrument(market, price));
}
