// OKX v5 for the venue simulator: the public/business WebSocket protocol (text ping/pong, `op` subscribe and
// unsubscribe with per-arg acks and OKX's error events, a `books` snapshot on subscribe, then updates chained by
// seqId/prevSeqId with CRC32 checksums and a no-change heartbeat), synthetic pushes per channel, and REST (okx-rest.ts).

import type { BarInterval } from "../bars.ts";
import type { ChecksumFrame } from "../faults.ts";
import type { MarketStep, SimMarket } from "../market.ts";
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
import { answerOkxRest, describeOkxRestFault, intervalOfOkxBar } from "./okx-rest.ts";
import {
  bookChecksum,
  candleRow,
  createOkxMarkets,
  levelRow,
  type OkxMarkets,
  type OkxSimInstrument,
  okxDecimal,
  openInterestRow,
  priceText,
  qtyText,
  tickerRow,
} from "./okx-symbols.ts";

const ACCOUNTS: readonly SimAccount[] = ["spot", "linear", "inverse"];
// Cadences in ticks (20 ms by default), compressed against OKX's (tickers ≤ 10/s, mark price 5/s, open interest
// every 3 s, funding every 30-90 s, candles 1/s) so tests see them quickly; trades and book updates are per step.
const TICKER_EVERY_TICKS = 25;
const MARK_EVERY_TICKS = 25;
const OPEN_INTEREST_EVERY_TICKS = 50;
const FUNDING_EVERY_TICKS = 50;
const CANDLE_EVERY_TICKS = 10;
/** A no-change `books` message (seqId = prevSeqId, no levels) every this many ticks, as OKX sends when quiet. */
const BOOK_HEARTBEAT_EVERY_TICKS = 40;
const FUNDING_PERIOD_MS = 8 * 3_600_000;

/** Channels and the socket path they live on (`business`: candles and trades-all). */
const PUBLIC_CHANNELS = new Set([
  "books",
  "trades",
  "tickers",
  "mark-price",
  "funding-rate",
  "open-interest",
  "liquidation-orders",
]);
const BUSINESS_CHANNELS = new Set(["trades-all"]);

type ParsedStream =
  | {
      channel:
        | "books"
        | "trades"
        | "trades-all"
        | "tickers"
        | "mark-price"
        | "funding-rate"
        | "open-interest";
      instId: string;
    }
  | { channel: "candle"; instId: string; bar: string; interval: BarInterval }
  | { channel: "liquidation-orders"; instType: string };

interface ProducedFrame {
  stream: string;
  payload: unknown;
  bookSymbol?: string;
  /** instId of a `books` push: its checksum is what `corruptChecksum` spoils. */
  checksumSymbol?: string;
}

/** `books:BTC-USDT`, `candle1m:BTC-USDT`, `liquidation-orders:SWAP`: one name per channel arg. */
function streamNameOf(arg: { channel: string; instId?: string; instType?: string }): string {
  return `${arg.channel}:${arg.channel === "liquidation-orders" ? arg.instType : arg.instId}`;
}

function parseStream(markets: OkxMarkets, stream: string): ParsedStream | undefined {
  const colon = stream.indexOf(":");
  const channel = stream.slice(0, colon);
  const id = stream.slice(colon + 1);
  if (channel === "liquidation-orders")
    return id === "SWAP" || id === "FUTURES" ? { channel, instType: id } : undefined;
  const instrument = markets.instrument(id);
  if (!instrument) return undefined;
  if (channel.startsWith("candle")) {
    const bar = channel.slice("candle".length);
    const interval = intervalOfOkxBar(bar);
    return interval ? { channel: "candle", instId: instrument.instId, bar, interval } : undefined;
  }
  const isSpot = instrument.account === "spot";
  switch (channel) {
    case "books":
    case "trades":
    case "trades-all":
    case "tickers":
      return { channel, instId: instrument.instId };
    case "mark-price":
    case "open-interest":
      return isSpot ? undefined : { channel, instId: instrument.instId };
    case "funding-rate":
      return instrument.instType === "SWAP" ? { channel, instId: instrument.instId } : undefined;
    default:
      return undefined;
  }
}

function isOnRoute(route: string | undefined, channel: string): boolean {
  if (!route) return true;
  const business = BUSINESS_CHANNELS.has(channel) || channel.startsWith("candle");
  return route === "business" ? business : PUBLIC_CHANNELS.has(channel);
}

/** A `books` frame the `corruptChecksum` fault can send with a checksum that does not match the book. */
function withCorruptibleChecksum(frame: SimDataFrame, instId: string): ChecksumFrame {
  return {
    ...frame,
    checksumSymbol: instId,
    encodeCorrupted: (sampleText) =>
      sampleText.replace(
        /"checksum":(-?\d+)/,
        (_all, value: string) => `"checksum":${(Number(value) ^ 0x5a5a5a) | 0}`,
      ),
  };
}

function bookPush(action: "snapshot" | "update", instId: string, row: Record<string, unknown>) {
  return { arg: { channel: "books", instId }, action, data: [row] };
}

export function createOkxVenue(context: SimVenueContext): SimVenue {
  const markets = createOkxMarkets(context.seed, context.tickMs, Date.now());
  const candleOpenMs = new Map<string, number>();
  let tickIndex = 0;
  let connSerial = 0;

  const connIdOf = (session: SimSession): string => {
    let connId = session.props.connId as string | undefined;
    if (!connId) {
      connId = (0x1000_0000 + ((connSerial++ * 2654435761) % 0xefff_ffff)).toString(16).slice(0, 8);
      session.props.connId = connId;
    }
    return connId;
  };

  /** The full book as OKX sends it on subscribe: 400 levels, `prevSeqId` -1, the checksum of the top 25. */
  const snapshotOf = (instrument: OkxSimInstrument, market: SimMarket, nowMs: number) => {
    const side = (which: "bid" | "ask") =>
      market.book.topLevels(which, 400).map(([price, qty]) => levelRow(instrument, price, qty));
    return bookPush("snapshot", instrument.instId, {
      asks: side("ask"),
      bids: side("bid"),
      ts: String(nowMs),
      checksum: bookChecksum(instrument, market),
      prevSeqId: -1,
      seqId: market.lastUpdateId(),
    });
  };

  const handleClientText = (session: SimSession, text: string): ClientFrameKind => {
    const connId = connIdOf(session);
    if (text === "ping") {
      session.reply("pong");
      return "other";
    }
    const fail = (code: string, msg: string, id?: unknown): ClientFrameKind => {
      session.reply(
        JSON.stringify({ ...(typeof id === "string" ? { id } : {}), event: "error", code, msg, connId }),
      );
      return "error";
    };
    let request: { id?: unknown; op?: unknown; args?: unknown };
    try {
      request = JSON.parse(text);
    } catch {
      return fail("60012", `Invalid request: ${text}`);
    }
    if (!request || typeof request !== "object" || Array.isArray(request))
      return fail("60012", `Invalid request: ${text}`);
    const { id, op, args } = request;
    if (op !== "subscribe" && op !== "unsubscribe") return fail("60012", `Invalid request: ${text}`, id);
    if (!Array.isArray(args) || args.length === 0) return fail("60012", `Invalid request: ${text}`, id);
    const route = session.props.route as string | undefined;
    const acks: string[] = [];
    const snapshots: string[] = [];
    for (const raw of args) {
      const arg = raw as { channel?: unknown; instId?: unknown; instType?: unknown };
      if (typeof arg?.channel !== "string") return fail("60012", `Invalid request: ${text}`, id);
      const stream = streamNameOf(arg as { channel: string; instId?: string; instType?: string });
      const parsed = parseStream(markets, stream);
      if (!parsed || !isOnRoute(route, arg.channel)) {
        return fail(
          "60018",
          `Wrong URL or channel:${arg.channel},instId:${String(arg.instId ?? arg.instType ?? "")} doesn't exist. Please use the correct URL, channel and parameters referring to API document.`,
          id,
        );
      }
      const echo: Record<string, unknown> = { channel: arg.channel };
      if (arg.instType !== undefined) echo.instType = arg.instType;
      if (arg.instId !== undefined) echo.instId = arg.instId;
      acks.push(JSON.stringify({ ...(typeof id === "string" ? { id } : {}), event: op, arg: echo, connId }));
      if (op === "subscribe") {
        session.streams.add(stream);
        if (parsed.channel === "books") {
          const instrument = markets.instrument(parsed.instId)!;
          snapshots.push(
            JSON.stringify(snapshotOf(instrument, markets.marketOf(parsed.instId)!, Date.now())),
          );
        }
      } else {
        session.streams.delete(stream);
      }
    }
    for (const ack of acks) session.reply(ack);
    for (const snapshot of snapshots) session.reply(snapshot);
    return op;
  };

  const produce = (stream: string, nowMs: number, steps: Map<string, MarketStep>): ProducedFrame[] => {
    const parsed = parseStream(markets, stream);
    if (!parsed) return [];
    if (parsed.channel === "liquidation-orders") {
      return markets.byInstType(parsed.instType).flatMap((instrument) => {
        const liquidation = steps.get(instrument.instId)?.liquidation;
        if (!liquidation) return [];
        const side = liquidation.side === "BUY" ? "buy" : "sell";
        return [
          {
            stream,
            payload: {
              arg: { channel: "liquidation-orders", instType: parsed.instType },
              data: [
                {
                  details: [
                    {
                      bkLoss: "0",
                      bkPx: priceText(instrument, liquidation.priceTicks),
                      ccy: "",
                      posSide: side === "buy" ? "short" : "long",
                      side,
                      sz: qtyText(instrument, liquidation.qtySteps),
                      ts: String(liquidation.timeMs),
                    },
                  ],
                  instFamily: `${instrument.base}-${instrument.quote}`,
                  instId: instrument.instId,
                  instType: instrument.instType,
                  uly: `${instrument.base}-${instrument.quote}`,
                },
              ],
            },
          },
        ];
      });
    }
    const instrument = markets.instrument(parsed.instId)!;
    const market = markets.marketOf(parsed.instId)!;
    const step = steps.get(parsed.instId);
    const arg = {
      channel: parsed.channel === "candle" ? `candle${parsed.bar}` : parsed.channel,
      instId: parsed.instId,
    };
    const push = (data: unknown[]) => ({ stream, payload: { arg, data } });
    switch (parsed.channel) {
      case "books": {
        const frames: ProducedFrame[] = [];
        const update = step?.book;
        if (update) {
          const side = (changes: Map<number, number>) =>
            [...changes.entries()].map(([price, qty]) => levelRow(instrument, price, qty));
          frames.push({
            stream,
            bookSymbol: instrument.instId,
            checksumSymbol: instrument.instId,
            payload: bookPush("update", instrument.instId, {
              asks: side(update.changes.asks),
              bids: side(update.changes.bids),
              ts: String(step.timeMs),
              checksum: bookChecksum(instrument, market),
              prevSeqId: update.prevUpdateId,
              seqId: update.lastUpdateId,
            }),
          });
        }
        if (tickIndex % BOOK_HEARTBEAT_EVERY_TICKS === 0) {
          const seqId = market.lastUpdateId();
          frames.push({
            stream,
            checksumSymbol: instrument.instId,
            payload: bookPush("update", instrument.instId, {
              asks: [],
              bids: [],
              ts: String(nowMs),
              checksum: bookChecksum(instrument, market),
              prevSeqId: seqId,
              seqId,
            }),
          });
        }
        return frames;
      }
      case "trades-all":
        return (step?.trades ?? []).map((trade) =>
          push([
            {
              instId: instrument.instId,
              tradeId: String(trade.id),
              px: priceText(instrument, trade.priceTicks),
              sz: qtyText(instrument, trade.qtySteps),
              side: trade.isBuyerMaker ? "sell" : "buy",
              source: "0",
              ts: String(trade.timeMs),
            },
          ]),
        );
      case "trades":
        return (step?.aggTrades ?? []).map((agg) =>
          push([
            {
              instId: instrument.instId,
              tradeId: String(agg.lastTradeId),
              px: priceText(instrument, agg.priceTicks),
              sz: qtyText(instrument, agg.qtySteps),
              side: agg.isBuyerMaker ? "sell" : "buy",
              ts: String(agg.timeMs),
              count: String(agg.lastTradeId - agg.firstTradeId + 1),
              source: "0",
              seqId: market.lastUpdateId(),
            },
          ]),
        );
      case "tickers":
        return tickIndex % TICKER_EVERY_TICKS === 0 ? [push([tickerRow(instrument, market, nowMs)])] : [];
      case "mark-price":
        return tickIndex % MARK_EVERY_TICKS === 0
          ? [
              push([
                {
                  instId: instrument.instId,
                  instType: instrument.instType,
                  markPx: okxDecimal(market.markPrice(nowMs), 2),
                  ts: String(nowMs),
                },
              ]),
            ]
          : [];
      case "open-interest":
        return tickIndex % OPEN_INTEREST_EVERY_TICKS === 0
          ? [push([openInterestRow(instrument, market, nowMs)])]
          : [];
      case "funding-rate": {
        if (tickIndex % FUNDING_EVERY_TICKS !== 0) return [];
        const fundingTime = Math.ceil((nowMs + 1) / FUNDING_PERIOD_MS) * FUNDING_PERIOD_MS;
        return [
          push([
            {
              fundingRate: okxDecimal(market.fundingRateAt(fundingTime), 10),
              fundingTime: String(fundingTime),
              instId: instrument.instId,
              instType: "SWAP",
              method: "current_period",
              nextFundingRate: "",
              nextFundingTime: String(fundingTime + FUNDING_PERIOD_MS),
              ts: String(nowMs),
            },
          ]),
        ];
      }
      case "candle": {
        const key = stream;
        const openMs = parsed.interval.openOf(nowMs);
        const previousOpenMs = candleOpenMs.get(key);
        candleOpenMs.set(key, openMs);
        const rows: string[][] = [];
        if (previousOpenMs !== undefined && previousOpenMs < openMs) {
          const closed = market.barFor(previousOpenMs, parsed.interval.nextOpenOf(previousOpenMs), nowMs);
          rows.push(candleRow(instrument, closed, true));
        }
        if (rows.length > 0 || previousOpenMs === undefined || tickIndex % CANDLE_EVERY_TICKS === 0) {
          rows.push(
            candleRow(instrument, market.barFor(openMs, parsed.interval.nextOpenOf(openMs), nowMs), false),
          );
        }
        return rows.map((row) => push([row]));
      }
    }
  };

  return {
    id: "okx",
    accounts: ACCOUNTS,
    // One endpoint per account that serves every channel (dig3's endpoint override is one URL); the real split is
    // at `…/ws/v5/public` and `…/ws/v5/business`, where a channel on the wrong path is refused (60018).
    wsPath: (account) => `/okx/${account}/ws/v5`,
    envFor(account, urls) {
      return {
        DIG3_OKX_WS_URL: urls.wsUrlOf(account),
        DIG3_OKX_REST_URL: urls.restUrl,
        DIG3_OKX_SPOT_WS_URL: urls.wsUrlOf("spot"),
        DIG3_OKX_LINEAR_WS_URL: urls.wsUrlOf("linear"),
        DIG3_OKX_INVERSE_WS_URL: urls.wsUrlOf("inverse"),
      };
    },
    matchWsRoute(url): SimWsRoute | undefined {
      const match = /^\/okx\/(spot|linear|inverse)\/ws\/v5(?:\/(public|business))?\/?$/.exec(url.pathname);
      if (!match) return undefined;
      return { account: match[1] as SimAccount, streams: [], props: { route: match[2] } };
    },
    handleClientText,
    tick(nowMs, active: ActiveStreams) {
      tickIndex++;
      // Streams name their instrument, so a market starts on first subscription whatever the socket's account.
      for (const streams of active.values()) {
        for (const stream of streams) {
          const parsed = parseStream(markets, stream);
          if (parsed?.channel === "liquidation-orders")
            for (const instrument of markets.byInstType(parsed.instType)) markets.marketOf(instrument.instId);
          else if (parsed) markets.marketOf(parsed.instId);
        }
      }
      const steps = new Map<string, MarketStep>();
      for (const { instrument, market } of markets.started())
        steps.set(instrument.instId, market.step(nowMs));
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
      for (const key of candleOpenMs.keys()) {
        if (![...active.values()].some((streams) => streams.has(key))) candleOpenMs.delete(key);
      }
      return out;
    },
    handleRest: (request, nowMs) => answerOkxRest(markets, request, nowMs),
    describeRestFault: (status, retryAfterS) => describeOkxRestFault(status, retryAfterS),
    close() {
      candleOpenMs.clear();
    },
  };
}
