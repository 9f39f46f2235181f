// Bitstamp frame parser: docs-shaped frames for every stream on spot and perpetuals → exact events; acks, heartbeat
// answers, errors, the reconnect notice and garbage → classified without throwing; then the recorded sessions in
// ../shared/wire/bitstamp through the parser and through station/decode.ts (book sync by microtimestamp).

import { describe, expect, test } from "bun:test";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { Account, BookEvent, MarketDataEvent } from "../../core/index.ts";
import { createDecoder, type DecodedItem, mergeRecordedLines } from "../../station/decode.ts";
import type { ParseContext, Parsed } from "../_shared/adapter.ts";
import { bitstamp } from "./index.ts";
import { canonicalOfNative } from "./symbols.ts";

const RECV_US = 1_700_000_000_123_456;

function contextOf(account: Account, recvTsUs = RECV_US, session = new Map<string, unknown>()): ParseContext {
  return {
    exchange: "bitstamp",
    account,
    recvTsUs,
    symbolOf: (native) => canonicalOfNative(native, account) ?? native,
    session,
  };
}

function parse(account: Account, frame: unknown, context = contextOf(account)): Parsed {
  return bitstamp.ws.parse(typeof frame === "string" ? frame : JSON.stringify(frame), context);
}

function eventsOf(account: Account, frame: unknown, context = contextOf(account)): MarketDataEvent[] {
  const parsed = parse(account, frame, context);
  if (parsed.kind !== "events") throw new Error(`expected events, got ${JSON.stringify(parsed)}`);
  return parsed.events;
}

const base = (account: Account, symbol: string, tsMs: number) => ({
  exchange: "bitstamp",
  account,
  symbol,
  tsMs,
  recvTsUs: RECV_US,
});

describe("trades", () => {
  test("spot live_trades: type 0 is a taker buy, time from microtimestamp, text prices", () => {
    const frame = {
      data: {
        id: 216000477,
        timestamp: "1641343699",
        amount: 0.0792,
        amount_str: "0.07920000",
        price: 3805.44,
        price_str: "3805.44",
        type: 0,
        microtimestamp: "1641343699596000",
        buy_order_id: 1443875737346049,
        sell_order_id: 1443875731320832,
      },
      channel: "live_trades_ethusd",
      event: "trade",
    };
    expect(eventsOf("spot", frame)).toEqual([
      {
        kind: "trade",
        ...base("spot", "ETH/USD", 1641343699596),
        price: 3805.44,
        size: 0.0792,
        side: "buy",
        tradeId: "216000477",
      },
    ]);
  });

  test("perpetual trade: id_str keeps an id past 2^53, type 1 is a taker sell, ms `timestamp` ignored", () => {
    const frame =
      '{"data":{"id":2001939623936278528,"id_str":"2001939623936278528","type":1,"sell_order_id":2050545352740993,' +
      '"buy_order_id":2050545360601216,"amount":0.00921,"amount_str":"0.00921","price":77204,"price_str":"77204",' +
      '"microtimestamp":"1789456400586000","timestamp":"1789456400586"},"channel":"live_trades_btcusd-perp","event":"trade"}';
    expect(eventsOf("linear", frame)).toEqual([
      {
        kind: "trade",
        ...base("linear", "BTC/USD:USD", 1789456400586),
        price: 77204,
        size: 0.00921,
        side: "sell",
        tradeId: "2001939623936278528",
      },
    ]);
  });

  test("without microtimestamp, `timestamp` reads as seconds (spot) or milliseconds (perpetuals)", () => {
    const trade = (channel: string, timestamp: string) => ({
      data: { id: 1, type: 0, amount: 1, price: 2, timestamp },
      channel,
      event: "trade",
    });
    expect(eventsOf("spot", trade("live_trades_btcusd", "1641343699"))[0]?.tsMs).toBe(1641343699000);
    expect(eventsOf("linear", trade("live_trades_btcusd-perp", "1789456400586"))[0]?.tsMs).toBe(
      1789456400586,
    );
  });

  test("the 2019 tardis shape (numbers only, keys reordered) parses the same way", () => {
    const frame =
      '{"data":{"microtimestamp":"1554076803243152","amount":0.0016429999999999999,"buy_order_id":3056112169,' +
      '"sell_order_id":3056099349,"amount_str":"0.00164300","price_str":"3651.30","timestamp":"1554076803",' +
      '"price":3651.3000000000002,"type":0,"id":84550458},"event":"trade","channel":"live_trades_btceur"}';
    expect(eventsOf("spot", frame)).toEqual([
      {
        kind: "trade",
        ...base("spot", "BTC/EUR", 1554076803243),
        price: 3651.3,
        size: 0.001643,
        side: "buy",
        tradeId: "84550458",
      },
    ]);
  });
});

describe("book diffs", () => {
  const diff = (channel: string, microtimestamp: string, bids: string[][], asks: string[][]) => ({
    data: { timestamp: microtimestamp.slice(0, 10), microtimestamp, bids, asks },
    channel,
    event: "data",
  });

  test("first diff after subscribing: seq = firstSeq = microtimestamp; zero amounts (any spelling) remove", () => {
    const frame = diff(
      "diff_order_book_ethusd",
      "1641343691406478",
      [
        ["3800.71", "1.76200000"],
        ["3799.64", "0.00000000"],
      ],
      [["3805.00", "0"]],
    );
    expect(eventsOf("spot", frame)).toEqual([
      {
        kind: "book",
        ...base("spot", "ETH/USD", 1641343691406),
        type: "delta",
        bids: [
          [3800.71, 1.762],
          [3799.64, 0],
        ],
        asks: [[3805, 0]],
        seq: 1641343691406478,
        firstSeq: 1641343691406478,
      },
    ]);
  });

  test("later diffs on the same subscription chain: firstSeq = previous microtimestamp + 1, per channel", () => {
    const context = contextOf("linear");
    const seqs = (frame: unknown) => {
      const [event] = eventsOf("linear", frame, context) as BookEvent[];
      return [event?.firstSeq, event?.seq];
    };
    expect(seqs(diff("diff_order_book_btcusd-perp", "1789456316507635", [["77049", "0.00000"]], []))).toEqual(
      [1789456316507635, 1789456316507635],
    );
    expect(seqs(diff("diff_order_book_ethusd-perp", "1789456316600000", [], [["3000", "1"]]))).toEqual([
      1789456316600000, 1789456316600000,
    ]);
    expect(seqs(diff("diff_order_book_btcusd-perp", "1789456317110000", [], [["77409", "0.00000"]]))).toEqual(
      [1789456316507636, 1789456317110000],
    );
    // A (re)subscription starts a new stream: nothing before the ack chains to what follows.
    expect(
      parse(
        "linear",
        { event: "bts:subscription_succeeded", channel: "diff_order_book_btcusd-perp", data: {} },
        context,
      ),
    ).toEqual({ kind: "ack", note: "subscription_succeeded diff_order_book_btcusd-perp" });
    expect(seqs(diff("diff_order_book_btcusd-perp", "1789456318000000", [], []))).toEqual([
      1789456318000000, 1789456318000000,
    ]);
  });

  test("a diff older than the last one keeps the chain at the newest time (the tracker drops it as stale)", () => {
    const context = contextOf("spot");
    eventsOf("spot", diff("diff_order_book_btcusd", "2000", [], []), context);
    const [older] = eventsOf("spot", diff("diff_order_book_btcusd", "1000", [], []), context) as BookEvent[];
    expect([older?.firstSeq, older?.seq]).toEqual([2001, 1000]);
    const [next] = eventsOf("spot", diff("diff_order_book_btcusd", "3000", [], []), context) as BookEvent[];
    expect(next?.firstSeq).toBe(2001);
  });
});

describe("perpetual funding channel", () => {
  test("funding_rate_saved → mark_price (with index) and funding_rate (with next funding time)", () => {
    const frame = {
      data: {
        market: "btcusd-perp",
        mark_price: "77186.81199586",
        index_price: "77177.99454545454",
        funding_rate: "0.000123",
        timestamp: "1789457618",
        next_funding_time: "1789459200",
      },
      channel: "funding_rate_btcusd-perp",
      event: "funding_rate_saved",
    };
    expect(eventsOf("linear", frame)).toEqual([
      {
        kind: "mark_price",
        ...base("linear", "BTC/USD:USD", 1789457618000),
        markPrice: 77186.81199586,
        indexPrice: 77177.99454545454,
      },
      {
        kind: "funding_rate",
        ...base("linear", "BTC/USD:USD", 1789457618000),
        rate: 0.000123,
        nextFundingTsMs: 1789459200000,
      },
    ]);
  });

  test("a frame without a rate still carries the mark price", () => {
    const frame = {
      data: { market: "ethusd-perp", mark_price: "2698.27", timestamp: "1790956891" },
      channel: "funding_rate_ethusd-perp",
      event: "funding_rate_saved",
    };
    expect(eventsOf("linear", frame).map((event) => event.kind)).toEqual(["mark_price"]);
  });
});

describe("control frames", () => {
  test("subscribe and unsubscribe acks", () => {
    expect(
      parse("spot", { event: "bts:subscription_succeeded", channel: "live_trades_btcusd", data: {} }),
    ).toEqual({ kind: "ack", note: "subscription_succeeded live_trades_btcusd" });
    expect(
      parse("spot", { event: "bts:unsubscription_succeeded", channel: "live_trades_btcusd", data: {} }),
    ).toEqual({ kind: "ack", note: "unsubscription_succeeded live_trades_btcusd" });
  });

  test("the heartbeat answer is a pong", () => {
    expect(parse("spot", { event: "bts:heartbeat", channel: "", data: { status: "success" } })).toEqual({
      kind: "pong",
    });
  });

  test("bts:request_reconnect asks the hub to reconnect", () => {
    expect(parse("spot", { event: "bts:request_reconnect", channel: "", data: null })).toEqual({
      kind: "venue-error",
      message: "server asks for a reconnect (maintenance)",
      retryable: true,
      reconnect: true,
    });
  });

  test("bts:error: malformed requests (code null) and an unauthorized private channel (4009)", () => {
    expect(
      parse("spot", {
        event: "bts:error",
        channel: "",
        data: { code: null, message: "Invalid channel provided." },
      }),
    ).toEqual({ kind: "venue-error", message: "Invalid channel provided.", retryable: false });
    expect(
      parse("spot", {
        event: "bts:error",
        channel: "",
        data: { code: 4009, message: "Connection is unauthorized." },
      }),
    ).toEqual({ kind: "venue-error", message: "code 4009: Connection is unauthorized.", retryable: false });
  });

  test("channels dig3 does not subscribe to are reported by channel type", () => {
    const top = {
      data: { timestamp: "1", microtimestamp: "1000000", bids: [["1", "1"]], asks: [["2", "1"]] },
      channel: "order_book_btcusd",
      event: "data",
    };
    expect(parse("spot", top)).toEqual({ kind: "unmatched", topic: "order_book" });
    expect(parse("spot", { ...top, channel: "detail_order_book_btcusd" })).toEqual({
      kind: "unmatched",
      topic: "detail_order_book",
    });
    expect(
      parse("linear", {
        data: { id: 1, order_type: 1, microtimestamp: "1789456315879000", amount: 32, price: 0.6881 },
        channel: "live_orders_asterusd-perp",
        event: "order_deleted",
      }),
    ).toEqual({ kind: "unmatched", topic: "live_orders" });
  });

  test("one URL serves both markets: a perpetual frame decoded on a spot context is still a linear event", () => {
    const frame = {
      data: { id: 5, id_str: "5", type: 0, amount: 1, price: 2, microtimestamp: "1789456400586000" },
      channel: "live_trades_btcusd-perp",
      event: "trade",
    };
    expect(eventsOf("spot", frame)[0]).toMatchObject({ account: "linear", symbol: "BTC/USD:USD" });
  });
});

describe("garbage never throws and is classified", () => {
  const cases: [string, unknown, Parsed][] = [
    ["empty string", "", { kind: "ignored", reason: "empty frame" }],
    ["whitespace", " \n", { kind: "ignored", reason: "empty frame" }],
    ["not json", "pong", { kind: "unmatched", topic: "(not json)" }],
    [
      "truncated json",
      '{"event":"trade","channel":"live_trades_btcusd","data":{',
      { kind: "unmatched", topic: "(not json)" },
    ],
    ["json null", "null", { kind: "unmatched", topic: "(not an object)" }],
    ["json array", "[1,2]", { kind: "unmatched", topic: "(not an object)" }],
    ["json number", "42", { kind: "unmatched", topic: "(not an object)" }],
    ["empty object", "{}", { kind: "unmatched", topic: "(unknown frame)" }],
    ["JS null", null, { kind: "unmatched", topic: "(not text)" }],
    ["JS number", 7, { kind: "unmatched", topic: "(not text)" }],
    [
      "unknown event",
      '{"event":"bts:whatever","channel":"","data":{}}',
      { kind: "unmatched", topic: "bts:whatever" },
    ],
    [
      "unknown channel",
      '{"event":"data","channel":"ticker_btcusd","data":{}}',
      { kind: "unmatched", topic: "data ticker_btcusd" },
    ],
    [
      "trade data null",
      '{"event":"trade","channel":"live_trades_btcusd","data":null}',
      { kind: "unmatched", topic: "live_trades (malformed)" },
    ],
    [
      "trade with an unknown type",
      '{"event":"trade","channel":"live_trades_btcusd","data":{"id":1,"type":2,"amount":1,"price":1,"microtimestamp":"1700000000000000"}}',
      { kind: "unmatched", topic: "live_trades (malformed)" },
    ],
    [
      "trade price an object",
      '{"event":"trade","channel":"live_trades_btcusd","data":{"id":1,"type":0,"amount":1,"price":{},"microtimestamp":"1700000000000000"}}',
      { kind: "unmatched", topic: "live_trades (malformed)" },
    ],
    [
      "trade without time",
      '{"event":"trade","channel":"live_trades_btcusd","data":{"id":1,"type":0,"amount":1,"price":1}}',
      { kind: "unmatched", topic: "live_trades (malformed)" },
    ],
    [
      "zero-priced trade",
      '{"event":"trade","channel":"live_trades_btcusd","data":{"id":1,"type":0,"amount":1,"price":0,"microtimestamp":"1700000000000000"}}',
      { kind: "ignored", reason: "trade with zero price or size" },
    ],
    [
      "diff without levels",
      '{"event":"data","channel":"diff_order_book_btcusd","data":{"microtimestamp":"1700000000000000"}}',
      { kind: "unmatched", topic: "diff_order_book (malformed)" },
    ],
    [
      "diff with a non-numeric time",
      '{"event":"data","channel":"diff_order_book_btcusd","data":{"microtimestamp":"soon","bids":[],"asks":[]}}',
      { kind: "unmatched", topic: "diff_order_book (malformed)" },
    ],
    [
      "funding without a mark",
      '{"event":"funding_rate_saved","channel":"funding_rate_btcusd-perp","data":{"timestamp":"1789457618"}}',
      { kind: "unmatched", topic: "funding_rate (malformed)" },
    ],
    [
      "error without data",
      '{"event":"bts:error"}',
      { kind: "venue-error", message: "request failed", retryable: false },
    ],
  ];
  for (const account of ["spot", "linear"] as const) {
    test.each(cases)(`${account}: %s`, (_name, frame, expected) => {
      expect(bitstamp.ws.parse(frame as string, contextOf(account))).toEqual(expected);
    });
  }
});

// ── recorded traffic ───────────────────────────────────────────────────────────────────────────────────────────

const WIRE_DIR = join(import.meta.dir, "../../../../shared/wire/bitstamp");
const HAS_WIRE = existsSync(WIRE_DIR);
if (!HAS_WIRE) console.log(`bitstamp: ${WIRE_DIR} absent; skipping the recorded-traffic cases`);

const WS_FILE = "v2-diff-order-book-live-trades.ndjson";
const REST_FILE = "v2-rest-order-book.ndjson";

interface WireLine {
  ts?: number;
  dir?: "in" | "out";
  url?: string;
  frame?: string;
  body?: string;
}

function readText(file: string): string {
  return readFileSync(join(WIRE_DIR, file), "utf8");
}

function readLines(file: string): WireLine[] {
  return readText(file)
    .split("\n")
    .filter((line) => line.trim().length > 0)
    .map((line) => JSON.parse(line) as WireLine);
}

/** Per file: what each inbound frame became, counted by event kind or by verdict (`unmatched:topic`, `ack` …). */
const EXPECTED_WS: Record<string, Record<string, number>> = {
  // cryptofeed, 2022-01-05, 30 s of ethusd / usdteur / batbtc: 6 acks, 322 diffs, 10 ethusd trades.
  [WS_FILE]: { ack: 6, book: 322, trade: 10 },
  // tardis-node mapper inputs (edited, 2019): an ack, two trades, two diffs.
  "tardis-v2.ndjson": { ack: 1, trade: 2, book: 2 },
};

describe.if(HAS_WIRE)("recorded WebSocket traffic through the parser", () => {
  test("every recorded file is covered by a case", () => {
    const covered = new Set([...Object.keys(EXPECTED_WS), REST_FILE]);
    const files = readdirSync(WIRE_DIR).filter((file) => file.endsWith(".ndjson"));
    expect(files.filter((file) => !covered.has(file))).toEqual([]);
  });

  for (const [file, expected] of Object.entries(EXPECTED_WS)) {
    test(file, () => {
      const counts: Record<string, number> = {};
      const bump = (key: string) => {
        counts[key] = (counts[key] ?? 0) + 1;
      };
      const session = new Map<string, unknown>();
      for (const line of readLines(file)) {
        if (line.dir === "out") continue;
        const parsed = bitstamp.ws.parse(
          line.frame ?? "",
          contextOf("spot", Math.round((line.ts ?? 0) * 1000), session),
        );
        if (parsed.kind === "events") {
          for (const event of parsed.events) {
            expect(event.exchange).toBe("bitstamp");
            expect(event.account).toBe("spot");
            expect(event.symbol).toMatch(/^[A-Z]+\/[A-Z]+$/);
            expect(event.tsMs).toBeGreaterThan(Date.UTC(2019, 0, 1));
            expect(event.tsMs).toBeLessThan(Date.UTC(2023, 0, 1));
            if (event.kind === "book") {
              for (const [price, size] of [...event.bids, ...event.asks]) {
                expect(price).toBeGreaterThan(0);
                expect(size).toBeGreaterThanOrEqual(0);
              }
            }
            bump(event.kind);
          }
        } else {
          bump(parsed.kind === "unmatched" ? `unmatched:${parsed.topic}` : parsed.kind);
        }
      }
      expect(counts).toEqual(expected);
    });
  }

  test("REST snapshots: recognised as book calls, whole books with microtimestamp as seq", () => {
    const sizes: Record<string, [number, number, number]> = {};
    for (const line of readLines(REST_FILE)) {
      const recognized = bitstamp.rest.recognize?.(new URL(line.url ?? ""));
      expect(recognized).toMatchObject({ call: "book", account: "spot" });
      const native = recognized!.native;
      const call = bitstamp.rest.book!(
        { kind: "book", account: "spot", symbol: canonicalOfNative(native, "spot")!, native },
        1000,
      );
      expect(call.path).toBe(`/api/v2/order_book/${native}/`);
      const snapshot = call.parse(JSON.parse(line.body ?? ""), contextOf("spot"));
      expect(snapshot.bids[0]![0]).toBeLessThan(snapshot.asks[0]![0]);
      sizes[snapshot.symbol] = [snapshot.seq!, snapshot.bids.length, snapshot.asks.length];
    }
    expect(sizes).toEqual({
      "ETH/USD": [1641343695681418, 2023, 1971],
      "USDT/EUR": [1641343695169335, 89, 41],
      "BAT/BTC": [1641343696436973, 49, 49],
    });
  });
});

function mergedSession(): string[] {
  return mergeRecordedLines([REST_FILE, WS_FILE].map((file) => readText(file).split("\n")));
}

interface DiffFrame {
  channel: string;
  data: { microtimestamp: string; bids: string[][]; asks: string[][] };
}

/** The diff frame of `channel` carried by a recorded line, if it is one. */
function diffOf(line: string, channel: string): DiffFrame | undefined {
  const record = JSON.parse(line) as WireLine;
  if (record.dir !== "in" || !record.frame) return undefined;
  const frame = JSON.parse(record.frame) as Partial<DiffFrame> & { event?: string };
  return frame.event === "data" && frame.channel === channel ? (frame as DiffFrame) : undefined;
}

function snapshotMicrosOf(lines: readonly string[], native: string): number {
  const line = lines.find((l) => l.includes(`/api/v2/order_book/${native}`))!;
  return Number(
    (JSON.parse((JSON.parse(line) as WireLine).body!) as { microtimestamp: string }).microtimestamp,
  );
}

function decodeAll(lines: readonly string[]) {
  const decoder = createDecoder({ adapter: bitstamp, bookDepth: 1 });
  const items: DecodedItem[] = [];
  for (const line of lines) for (const item of decoder.decodeLine(line)) items.push(item);
  return { stats: decoder.stats, items };
}

describe.if(HAS_WIRE)("recorded session rebuilt through station/decode.ts", () => {
  test("REST snapshots bridge to the diffs by microtimestamp; every diff chains; no resync; never crossed", () => {
    const { stats, items } = decodeAll(mergedSession());
    expect(stats).toMatchObject({
      restBodies: 3,
      badLines: 0,
      unmatched: 0,
      venueErrors: 0,
      resyncs: 0,
      // Diffs at or before their symbol's snapshot: batbtc 25, ethusd 12, usdteur 12.
      staleDeltas: 49,
      deltasBeforeSnapshot: 0,
    });
    const count = (accept: (item: DecodedItem) => boolean) => items.filter(accept).length;
    expect(count((i) => i.kind === "book" && i.type === "snapshot")).toBe(3);
    expect(count((i) => i.kind === "book" && i.type === "delta")).toBe(273);
    expect(count((i) => i.kind === "trade")).toBe(10);

    const perSymbol = new Map<string, { snapshot: BookEvent; deltas: BookEvent[] }>();
    for (const item of items) {
      if (item.kind === "book_top") {
        const bid = item.bids[0]?.[0];
        const ask = item.asks[0]?.[0];
        expect(bid !== undefined && ask !== undefined && bid < ask).toBe(true);
      }
      if (item.kind !== "book") continue;
      if (item.type === "snapshot") perSymbol.set(item.symbol, { snapshot: item, deltas: [] });
      else perSymbol.get(item.symbol)?.deltas.push(item);
    }
    expect(Object.fromEntries([...perSymbol].map(([symbol, { deltas }]) => [symbol, deltas.length]))).toEqual(
      { "ETH/USD": 73, "USDT/EUR": 89, "BAT/BTC": 111 },
    );
    for (const { snapshot, deltas } of perSymbol.values()) {
      const S = snapshot.seq!;
      const [first, ...rest] = deltas;
      // Bridge: the first applied diff is newer than the snapshot and follows a diff the snapshot already holds.
      expect(first!.firstSeq! <= S + 1 && S + 1 <= first!.seq!).toBe(true);
      let previous = first!;
      for (const delta of rest) {
        expect(delta.firstSeq).toBe(previous.seq! + 1);
        expect(delta.seq!).toBeGreaterThan(previous.seq!);
        previous = delta;
      }
    }
  });

  test("a corrupted diff that crosses the book is caught and resyncs that symbol alone", () => {
    const lines = mergedSession();
    const snapshotSeq = snapshotMicrosOf(lines, "ethusd");
    // The first ethusd diff newer than its snapshot, with a bid: it is applied to the live book, not dropped as stale.
    const victim = lines.findIndex((line) => {
      const diff = diffOf(line, "diff_order_book_ethusd");
      return (
        diff !== undefined && Number(diff.data.microtimestamp) > snapshotSeq && diff.data.bids.length > 0
      );
    });
    expect(victim).toBeGreaterThan(0);
    const record = JSON.parse(lines[victim]!) as WireLine;
    const frame = diffOf(lines[victim]!, "diff_order_book_ethusd")!;
    frame.data.bids = [["99999.00", "1.00000000"]];
    const corrupted = [...lines];
    corrupted[victim] = JSON.stringify({ ...record, frame: JSON.stringify(frame) });
    const { stats, items } = decodeAll(corrupted);
    const resyncs = items.filter((i) => i.kind === "book_resync");
    expect(resyncs).toHaveLength(1);
    expect(resyncs[0]).toMatchObject({ symbol: "ETH/USD" });
    expect(resyncs[0]!.kind === "book_resync" && resyncs[0]!.reason).toContain("crossed book");
    expect(stats.resyncs).toBe(1);
    // The other two books never noticed.
    const otherDeltas = items.filter(
      (i) => i.kind === "book" && i.type === "delta" && i.symbol !== "ETH/USD",
    );
    expect(otherDeltas).toHaveLength(89 + 111);
  });

  test("a snapshot older than the first diff received cannot bridge: resync instead of a silent hole", () => {
    const lines = mergedSession();
    const firstMicros = Number(
      lines.map((line) => diffOf(line, "diff_order_book_ethusd")).find(Boolean)!.data.microtimestamp,
    );
    const restAt = lines.findIndex((line) => line.includes("/api/v2/order_book/ethusd"));
    const record = JSON.parse(lines[restAt]!) as WireLine;
    const body = JSON.parse(record.body!) as { microtimestamp: string };
    // As if the edge had served a copy from before the socket's first diff.
    body.microtimestamp = String(firstMicros - 5_000_000);
    const stale = [...lines];
    stale[restAt] = JSON.stringify({ ...record, body: JSON.stringify(body) });
    const { items } = decodeAll(stale);
    const resyncs = items.filter((i) => i.kind === "book_resync");
    expect(resyncs).toHaveLength(1);
    expect(resyncs[0]).toMatchObject({ symbol: "ETH/USD" });
    expect(resyncs[0]!.kind === "book_resync" && resyncs[0]!.reason).toContain("does not cover snapshot");
  });
});
