// Kraken spot WebSocket v2 parser on docs-shaped frames: book (with the checksum over the wire text), trade,
// ticker, ohlc, acks, pongs, heartbeat, status; WebSocket v1 frames are reported, not parsed.

import { describe, expect, test } from "bun:test";
import { createBookSync } from "../../../book/index.ts";
import type { BookEvent, MarketDataEvent } from "../../../core/index.ts";
import type { ParseContext, Parsed } from "../../_shared/adapter.ts";
import { KRAKEN_SPOT_BOOK } from "../index.ts";
import { canonicalOfNative } from "../symbols.ts";
import { checksumInputOf, checksumOfKrakenBook, formatChecksumValue, parseKrakenSpotJson } from "./book.ts";
import { parseKrakenSpotFrame } from "./parse.ts";

const RECV_US = 1_727_923_617_123_456;

function contextOf(recvTsUs = RECV_US): ParseContext {
  return {
    exchange: "kraken",
    account: "spot",
    recvTsUs,
    symbolOf: (native) => canonicalOfNative(native, "spot") ?? native,
    session: new Map(),
  };
}

function parse(frame: string, recvTsUs = RECV_US): Parsed {
  return parseKrakenSpotFrame(frame, contextOf(recvTsUs));
}

function eventsOf(frame: string, recvTsUs = RECV_US): MarketDataEvent[] {
  const parsed = parse(frame, recvTsUs);
  if (parsed.kind !== "events") throw new Error(`expected events, got ${JSON.stringify(parsed)}`);
  return parsed.events;
}

const base = (symbol: string, tsMs: number) => ({
  exchange: "kraken",
  account: "spot" as const,
  symbol,
  tsMs,
  recvTsUs: RECV_US,
});

// A real v2 session (ALGO/USD, depth 10, 2024-10-03), as quoted verbatim in a public write-up: the snapshot and the
// first update with Kraken's checksums. Note the wire text: "0.12290", "600.00000000" — trailing zeros matter.
const ALGO_SNAPSHOT =
  '{"channel":"book","type":"snapshot","data":[{"symbol":"ALGO/USD","bids":[{"price":0.12291,"qty":27039.62776299},{"price":0.12290,"qty":8136.33288180},{"price":0.12287,"qty":10984.20817349},{"price":0.12283,"qty":28027.05025639},{"price":0.12280,"qty":9705.60000000},{"price":0.12279,"qty":15215.53522714},{"price":0.12275,"qty":4067.00000000},{"price":0.12274,"qty":30639.39949109},{"price":0.12268,"qty":2531.96119986},{"price":0.12267,"qty":16299.00000000}],"asks":[{"price":0.12307,"qty":600.00000000},{"price":0.12308,"qty":4042.11919517},{"price":0.12312,"qty":10284.53891000},{"price":0.12314,"qty":16155.08885299},{"price":0.12315,"qty":5186.05778473},{"price":0.12316,"qty":32828.24000000},{"price":0.12317,"qty":7751.65718582},{"price":0.12318,"qty":32298.82000000},{"price":0.12319,"qty":1864.66899600},{"price":0.12322,"qty":4718.99755630}],"checksum":2375857985}]}';
const ALGO_UPDATE =
  '{"channel":"book","type":"update","data":[{"symbol":"ALGO/USD","bids":[{"price":0.12275,"qty":6597.51731160}],"asks":[],"checksum":1100635717,"timestamp":"2024-10-03T02:46:57.050170Z"}]}';

describe("book", () => {
  test("the checksum formatter follows the docs' own example", () => {
    expect(formatChecksumValue("45285.2", 45285.2)).toBe("452852");
    expect(formatChecksumValue("0.00100000", 0.001)).toBe("100000");
    // Without the wire text the shortest number text is all there is.
    expect(formatChecksumValue(undefined, 0.001)).toBe("1");
  });

  test("book frames keep prices and quantities as the text on the wire", () => {
    const message = parseKrakenSpotJson(ALGO_UPDATE) as {
      data: { bids: { price: unknown; qty: unknown }[] }[];
    };
    expect(message.data[0]!.bids[0]).toEqual({ price: "0.12275", qty: "6597.51731160" });
    // Other channels are parsed plainly.
    expect(parseKrakenSpotJson('{"channel":"trade","data":[{"price":1.50}]}')).toEqual({
      channel: "trade",
      data: [{ price: 1.5 }],
    });
    expect(parseKrakenSpotJson('{"channel":"book",')).toBeUndefined();
  });

  test("snapshot → event with levels as [price, size, priceText, sizeText] and the venue checksum", () => {
    const [event] = eventsOf(ALGO_SNAPSHOT) as BookEvent[];
    expect(event).toMatchObject({ ...base("ALGO/USD", Math.floor(RECV_US / 1000)), type: "snapshot" });
    expect(event!.checksum).toBe(2375857985);
    expect(event!.seq).toBeUndefined();
    expect(event!.bids).toHaveLength(10);
    expect(event!.bids[1]).toEqual([0.1229, 8136.3328818, "0.12290", "8136.33288180"]);
    expect(event!.asks[0]).toEqual([0.12307, 600, "0.12307", "600.00000000"]);
  });

  test("update → delta at the frame's timestamp", () => {
    expect(eventsOf(ALGO_UPDATE)).toEqual([
      {
        kind: "book",
        ...base("ALGO/USD", Date.UTC(2024, 9, 3, 2, 46, 57, 50)),
        type: "delta",
        bids: [[0.12275, 6597.5173116, "0.12275", "6597.51731160"]],
        asks: [],
        checksum: 1100635717,
      },
    ]);
  });

  test("the real snapshot and update verify against Kraken's checksums; a changed quantity does not", () => {
    const sync = createBookSync(KRAKEN_SPOT_BOOK);
    const [snapshot] = eventsOf(ALGO_SNAPSHOT) as BookEvent[];
    const [update] = eventsOf(ALGO_UPDATE) as BookEvent[];
    expect(sync.onEvent(snapshot!).action).toBe("emit");
    expect(checksumInputOf(sync.book).startsWith("123076000000000012308404211919517")).toBe(true);
    expect(checksumOfKrakenBook(sync.book)).toBe(2375857985);
    expect(sync.onEvent(update!).action).toBe("emit");
    expect(sync.stats.checksumsVerified).toBe(2);

    const tampered = parse(ALGO_UPDATE.replace("6597.51731160", "6597.51731161"));
    const fresh = createBookSync(KRAKEN_SPOT_BOOK);
    fresh.onEvent(snapshot!);
    const verdict = fresh.onEvent((tampered as { events: BookEvent[] }).events[0]!);
    expect(verdict).toMatchObject({ action: "resync" });
    expect((verdict as { reason: string }).reason).toContain("checksum mismatch");
  });

  test("qty 0 removes; a negative quantity or missing checksum is malformed", () => {
    const removal =
      '{"channel":"book","type":"update","data":[{"symbol":"BTC/USD","bids":[],"asks":[{"price":62807.0,"qty":0.00000000},{"price":62818.8,"qty":0.65540712}],"checksum":4249465476,"timestamp":"2026-08-16T23:37:03.745044Z"}]}';
    const [event] = eventsOf(removal) as BookEvent[];
    expect(event!.asks).toEqual([
      [62807, 0, "62807.0", "0.00000000"],
      [62818.8, 0.65540712, "62818.8", "0.65540712"],
    ]);
    expect(parse(removal.replace(',"checksum":4249465476', ""))).toEqual({
      kind: "unmatched",
      topic: "book (malformed)",
    });
    expect(parse(removal.replace("0.65540712", "-1"))).toEqual({
      kind: "unmatched",
      topic: "book (malformed)",
    });
  });
});

describe("trade, ticker, ohlc", () => {
  test("trade: side is the taker's, id the per-book sequence", () => {
    const frame =
      '{"channel":"trade","type":"update","data":[{"symbol":"MATIC/USD","side":"buy","price":0.5147,"qty":6423.46326,"ord_type":"limit","trade_id":4665846,"timestamp":"2023-09-25T07:48:36.925533Z"},{"symbol":"MATIC/USD","side":"sell","price":0.5146,"qty":1,"ord_type":"market","trade_id":4665847,"timestamp":"2023-09-25T07:48:36.925533Z"}]}';
    const tsMs = Date.UTC(2023, 8, 25, 7, 48, 36, 925);
    expect(eventsOf(frame)).toEqual([
      {
        kind: "trade",
        ...base("MATIC/USD", tsMs),
        price: 0.5147,
        size: 6423.46326,
        side: "buy",
        tradeId: "4665846",
      },
      { kind: "trade", ...base("MATIC/USD", tsMs), price: 0.5146, size: 1, side: "sell", tradeId: "4665847" },
    ]);
  });

  test("an empty trade snapshot has nothing to emit", () => {
    expect(parse('{"channel":"trade","type":"snapshot","data":[]}')).toEqual({
      kind: "ignored",
      reason: "trade snapshot without items",
    });
  });

  test("ticker with 24 h statistics; quote volume = volume × vwap", () => {
    const frame =
      '{"channel":"ticker","type":"snapshot","data":[{"symbol":"ALGO/USD","bid":0.10025,"bid_qty":740.0,"ask":0.10036,"ask_qty":1361.44813783,"last":0.10035,"volume":997038.98383185,"vwap":0.10148,"low":0.09979,"high":0.10285,"change":-0.00017,"change_pct":-0.17,"timestamp":"2023-09-25T09:04:31.742648Z"}]}';
    expect(eventsOf(frame)).toEqual([
      {
        kind: "ticker",
        ...base("ALGO/USD", Date.UTC(2023, 8, 25, 9, 4, 31, 742)),
        last: 0.10035,
        bid: 0.10025,
        bidSize: 740,
        ask: 0.10036,
        askSize: 1361.44813783,
        high24h: 0.10285,
        low24h: 0.09979,
        volume24h: 997038.98383185,
        quoteVolume24h: 997038.98383185 * 0.10148,
        changePct24h: -0.17,
      },
    ]);
  });

  test("ohlc: bars whose interval ended before the frame arrived are closed", () => {
    const frame =
      '{"channel":"ohlc","type":"snapshot","timestamp":"2023-10-04T16:26:01.806315597Z","data":[{"symbol":"ALGO/USD","open":0.09875,"high":0.09875,"low":0.09875,"close":0.09875,"trades":1,"volume":201.86015,"vwap":0.09875,"interval_begin":"2023-10-04T15:25:00.000000000Z","interval":5,"timestamp":"2023-10-04T15:30:00.000000Z"},{"symbol":"ALGO/USD","open":0.09875,"high":0.0988,"low":0.09875,"close":0.09875,"trades":13,"volume":16255.46368,"vwap":0.09879,"interval_begin":"2023-10-04T16:25:00.000000000Z","interval":5,"timestamp":"2023-10-04T16:30:00.000000Z"}]}';
    const recvUs = Date.UTC(2023, 9, 4, 16, 26, 1, 900) * 1000;
    const events = eventsOf(frame, recvUs);
    const frameMs = Date.UTC(2023, 9, 4, 16, 26, 1, 806);
    expect(events).toEqual([
      {
        kind: "kline",
        exchange: "kraken",
        account: "spot",
        symbol: "ALGO/USD",
        tsMs: frameMs,
        recvTsUs: recvUs,
        interval: "5m",
        openTimeMs: Date.UTC(2023, 9, 4, 15, 25),
        closeTimeMs: Date.UTC(2023, 9, 4, 15, 30) - 1,
        open: 0.09875,
        high: 0.09875,
        low: 0.09875,
        close: 0.09875,
        volume: 201.86015,
        quoteVolume: 201.86015 * 0.09875,
        trades: 1,
        closed: true,
      },
      expect.objectContaining({ openTimeMs: Date.UTC(2023, 9, 4, 16, 25), closed: false, trades: 13 }),
    ]);
  });

  test("an ohlc interval dig3 does not name (21600) is reported, not guessed", () => {
    const frame =
      '{"channel":"ohlc","type":"update","data":[{"symbol":"BTC/USD","open":1,"high":1,"low":1,"close":1,"trades":1,"volume":1,"vwap":1,"interval_begin":"2023-10-04T00:00:00Z","interval":21600}]}';
    expect(parse(frame)).toEqual({ kind: "unmatched", topic: "ohlc (malformed)" });
  });
});

describe("control frames", () => {
  test("acks, failures, pong", () => {
    expect(
      parse(
        '{"method":"subscribe","result":{"channel":"book","depth":10,"snapshot":true,"symbol":"ALGO/USD"},"success":true,"time_in":"2023-10-06T17:35:55.219022Z","time_out":"2023-10-06T17:35:55.219067Z"}',
      ),
    ).toEqual({ kind: "ack", note: "subscribe book ALGO/USD" });
    expect(
      parse('{"method":"unsubscribe","result":{"channel":"ticker","symbol":"BTC/USD"},"success":true}'),
    ).toEqual({
      kind: "ack",
      note: "unsubscribe ticker BTC/USD",
    });
    expect(
      parse(
        '{"error":"Currency pair not supported XYZ/USD","method":"subscribe","success":false,"symbol":"XYZ/USD","time_in":"2023-10-06T17:35:55.219022Z","time_out":"2023-10-06T17:35:55.219067Z"}',
      ),
    ).toEqual({
      kind: "venue-error",
      message: "subscribe: Currency pair not supported XYZ/USD (XYZ/USD)",
      retryable: false,
    });
    expect(parse('{"method":"subscribe","success":false,"error":"Exceeded msg rate"}')).toMatchObject({
      retryable: true,
    });
    expect(
      parse(
        '{"method":"pong","req_id":101,"time_in":"2023-09-24T14:10:23.799685Z","time_out":"2023-09-24T14:10:23.799703Z"}',
      ),
    ).toEqual({ kind: "pong" });
  });

  test("heartbeat and status carry nothing to emit", () => {
    expect(parse('{"channel":"heartbeat"}')).toEqual({ kind: "ignored", reason: "heartbeat" });
    expect(
      parse(
        '{"channel":"status","data":[{"api_version":"v2","connection_id":14949390454975033707,"system":"online","version":"2.0.8"}],"type":"update"}',
      ),
    ).toEqual({ kind: "ignored", reason: "status: system online" });
  });

  test("channels dig3 does not subscribe to, and WebSocket v1 frames, are reported by name", () => {
    expect(parse('{"channel":"instrument","type":"snapshot","data":[{"assets":[]}]}')).toEqual({
      kind: "unmatched",
      topic: "instrument",
    });
    expect(
      parse('[336,[["5541.20000","0.15850568","1534614057.321597","s","l",""]],"trade","XBT/USD"]'),
    ).toEqual({
      kind: "unmatched",
      topic: "ws-v1 trade (dig3 speaks WebSocket v2)",
    });
    expect(parse('{"event":"heartbeat"}')).toEqual({
      kind: "unmatched",
      topic: "ws-v1 event heartbeat (dig3 speaks WebSocket v2)",
    });
  });
});
