// Kraken frame parser end to end: dispatch by market, garbage classified without throwing, then every recorded
// frame in ../shared/wire/kraken — Futures v1 books rebuilt through the station decoder with the per-product seq
// chain (zero resyncs; a dropped update is caught), and the spot checksum formatter proved on the v1 book1000
// session's CRC32s (v1 frames themselves are reported as unmatched: dig3 speaks v2). Frame-level cases live in
// spot/parse.test.ts and futures/parse.test.ts.

import { describe, expect, test } from "bun:test";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { createBookSync } from "../../book/index.ts";
import {
  type Account,
  type BookEvent,
  type Level,
  type MarketDataEvent,
  parseCanonical,
} from "../../core/index.ts";
import { createDecoder } from "../../station/decode.ts";
import type { ParseContext, Parsed } from "../_shared/adapter.ts";
import { KRAKEN_FUTURES_BOOK, KRAKEN_SPOT_BOOK, kraken } from "./index.ts";
import { canonicalOfNative } from "./symbols.ts";

function contextOf(account: Account, recvTsUs = 1_700_000_000_000_000): ParseContext {
  return {
    exchange: "kraken",
    account,
    recvTsUs,
    symbolOf: (native) => canonicalOfNative(native, account) ?? native,
    session: new Map(),
  };
}

describe("dispatch by the socket's market", () => {
  test("the same text is read as v2 on spot sockets and as the futures feed elsewhere", () => {
    const heartbeat = '{"channel":"heartbeat"}';
    expect(kraken.ws.parse(heartbeat, contextOf("spot"))).toEqual({ kind: "ignored", reason: "heartbeat" });
    expect(kraken.ws.parse(heartbeat, contextOf("linear"))).toEqual({
      kind: "unmatched",
      topic: "(unknown frame)",
    });
    const futuresHeartbeat = '{"feed":"heartbeat","time":1534262350627}';
    expect(kraken.ws.parse(futuresHeartbeat, contextOf("inverse"))).toEqual({
      kind: "ignored",
      reason: "heartbeat",
    });
  });
});

describe("garbage never throws and is classified", () => {
  const cases: [string, unknown][] = [
    ["empty string", ""],
    ["whitespace", "  \n"],
    ["not json", "pong"],
    ["truncated json", '{"channel":"book","type":"update","data":[{'],
    ["json null", "null"],
    ["json number", "42"],
    ["json string", '"hello"'],
    ["empty object", "{}"],
    ["JS null", null],
    ["JS number", 7],
    ["data not a list", '{"channel":"trade","type":"update","data":{}}'],
    ["item not an object", '{"channel":"ticker","type":"update","data":[5]}'],
    [
      "price an object",
      '{"channel":"trade","type":"update","data":[{"symbol":"BTC/USD","side":"buy","price":{},"qty":1,"trade_id":1,"timestamp":"2024-01-01T00:00:00Z"}]}',
    ],
    [
      "bad timestamp",
      '{"channel":"trade","type":"update","data":[{"symbol":"BTC/USD","side":"buy","price":1,"qty":1,"trade_id":1,"timestamp":"yesterday"}]}',
    ],
    [
      "levels not a list",
      '{"channel":"book","type":"update","data":[{"symbol":"BTC/USD","bids":"x","checksum":1}]}',
    ],
    ["feed without product", '{"feed":"book","side":"buy","seq":1,"price":1,"qty":1}'],
    ["snapshot without levels", '{"feed":"book_snapshot","product_id":"PF_XBTUSD","seq":1,"timestamp":1}'],
    ["trades not a list", '{"feed":"trade_snapshot","product_id":"PF_XBTUSD","trades":5}'],
    ["ticker without time", '{"feed":"ticker","product_id":"PF_XBTUSD"}'],
    ["v1 array", "[1,2,3]"],
    ["unknown event", '{"event":"surprise"}'],
  ];
  for (const account of ["spot", "linear", "inverse"] as const) {
    test.each(cases)(`${account}: %s`, (_name, frame) => {
      const parsed = kraken.ws.parse(frame as string, contextOf(account));
      expect(["ignored", "unmatched", "venue-error"]).toContain(parsed.kind);
    });
  }
});

// ── recorded traffic ───────────────────────────────────────────────────────────────────────────────────────────

const WIRE_DIR = join(import.meta.dir, "../../../../shared/wire/kraken");
const HAS_WIRE = existsSync(WIRE_DIR);
if (!HAS_WIRE) console.log(`kraken: ${WIRE_DIR} absent; skipping the recorded-traffic cases`);

interface WireLine {
  ts?: number;
  dir?: "in" | "out";
  url?: string;
  frame?: string;
}

function readLines(file: string): string[] {
  return readFileSync(join(WIRE_DIR, file), "utf8")
    .split("\n")
    .filter((line) => line.trim().length > 0);
}

const V1 = (topic: string) => `unmatched:ws-v1 ${topic} (dig3 speaks WebSocket v2)`;

/** Per file: what each inbound frame became, by event kind and account, or by verdict. */
const EXPECTED: Record<string, { account: Account; counts: Record<string, number> }> = {
  // Spot WebSocket v1 sessions: every frame is reported as v1, none is parsed as data.
  "spot-v1-book1000.ndjson": {
    account: "spot",
    counts: {
      [V1("book-1000")]: 853,
      [V1("event heartbeat")]: 22,
      [V1("event subscriptionStatus")]: 3,
      [V1("event systemStatus")]: 1,
    },
  },
  "spot-v1-ticker.ndjson": {
    account: "spot",
    counts: {
      [V1("ticker")]: 6,
      [V1("event heartbeat")]: 31,
      [V1("event subscriptionStatus")]: 3,
      [V1("event systemStatus")]: 1,
    },
  },
  "spot-v1-trade.ndjson": {
    account: "spot",
    counts: {
      [V1("trade")]: 3,
      [V1("event heartbeat")]: 30,
      [V1("event subscriptionStatus")]: 3,
      [V1("event systemStatus")]: 1,
    },
  },
  "tardis-spot-v1.ndjson": {
    account: "spot",
    counts: { [V1("trade")]: 2, [V1("book-1000")]: 3, [V1("spread")]: 2 },
  },
  // Futures v1 (the current API): 3 book snapshots + 628 deltas, the 3 trade snapshots of 100 trades each, and
  // ticker_lite. The socket URL is read as linear; the PI_/FI_ products make the events inverse.
  "futures-v1-book-trade-tickerlite.ndjson": {
    account: "linear",
    counts: { "book:inverse": 631, "trade:inverse": 300, "ticker:inverse": 22, ack: 9, ignored: 1 },
  },
  // tardis samples (edited test inputs): a 2019 trade without `uid` is reported as malformed rather than given an
  // invented id; two liquidation prints are trades and liquidations.
  "tardis-futures-v1.ndjson": {
    account: "linear",
    counts: {
      "book:inverse": 4,
      "trade:inverse": 3,
      "liquidation:inverse": 2,
      "ticker:inverse": 6,
      "mark_price:inverse": 6,
      "funding_rate:inverse": 4,
      "open_interest:inverse": 6,
      "ticker:linear": 1,
      "mark_price:linear": 1,
      "funding_rate:linear": 1,
      "open_interest:linear": 1,
      "unmatched:trade (malformed)": 1,
    },
  },
};

const MIN_TS_MS = Date.UTC(2017, 0, 1);
const MAX_TS_MS = Date.UTC(2035, 0, 1);

function assertSane(event: MarketDataEvent): void {
  expect(event.exchange).toBe("kraken");
  const parts = parseCanonical(event.symbol);
  expect(parts, `canonical symbol: ${event.symbol}`).toBeDefined();
  if (event.account === "spot") expect(parts?.settle).toBeUndefined();
  else expect(parts?.settle).toBe(event.account === "inverse" ? parts?.base : parts?.quote);
  expect(event.symbol).not.toContain("XBT");
  expect(event.tsMs).toBeGreaterThan(MIN_TS_MS);
  expect(event.tsMs).toBeLessThan(MAX_TS_MS);
  for (const [field, value] of Object.entries(event)) {
    if (typeof value === "number") expect(Number.isFinite(value), `${event.kind}.${field}`).toBe(true);
  }
}

describe.if(HAS_WIRE)("recorded WebSocket traffic, frame by frame", () => {
  test("every recorded file is covered", () => {
    const files = readdirSync(WIRE_DIR).filter((file) => file.endsWith(".ndjson"));
    expect(files.filter((file) => !(file in EXPECTED))).toEqual([]);
  });

  for (const [file, { account, counts: expected }] of Object.entries(EXPECTED)) {
    test(file, () => {
      const counts: Record<string, number> = {};
      const bump = (key: string) => {
        counts[key] = (counts[key] ?? 0) + 1;
      };
      for (const text of readLines(file)) {
        const line = JSON.parse(text) as WireLine;
        if (line.dir === "out") continue;
        const recvTsUs = Math.round((line.ts ?? 1_700_000_000_000) * 1000);
        const parsed: Parsed = kraken.ws.parse(line.frame ?? "", contextOf(account, recvTsUs));
        if (parsed.kind === "events") {
          expect(parsed.events.length).toBeGreaterThan(0);
          for (const event of parsed.events) {
            assertSane(event);
            bump(`${event.kind}:${event.account}`);
          }
        } else if (parsed.kind === "unmatched") bump(`unmatched:${parsed.topic}`);
        else bump(parsed.kind);
      }
      expect(counts).toEqual(expected);
    });
  }
});

const FUTURES_FILE = "futures-v1-book-trade-tickerlite.ndjson";

/** Decodes recorded lines through the station decoder (the live book sync), with the top 10 after each update. */
function decodeFutures(lines: string[]) {
  const decoder = createDecoder({ adapter: kraken, bookDepth: 10 });
  const items = lines.flatMap((line) => [...decoder.decodeLine(line)]);
  return { items, stats: decoder.stats };
}

describe.if(HAS_WIRE)("recorded Futures books through the station decoder", () => {
  test("631 book events, seq +1 per product from each snapshot, never crossed, zero resyncs", () => {
    expect(kraken.book).toBeFunction();
    expect(typeof kraken.book === "function" ? kraken.book("inverse") : undefined).toBe(KRAKEN_FUTURES_BOOK);
    const { items, stats } = decodeFutures(readLines(FUTURES_FILE));
    expect(stats).toMatchObject({
      resyncs: 0,
      staleDeltas: 0,
      deltasBeforeSnapshot: 0,
      badLines: 0,
      unmatched: 0,
    });
    const books = items.filter((item): item is BookEvent => item.kind === "book");
    expect(books.length).toBe(631);
    expect(
      books
        .filter((book) => book.type === "snapshot")
        .map((book) => book.symbol)
        .sort(),
    ).toEqual(["BCH/USD:BCH-210924", "ETH/USD:ETH-211231", "XRP/USD:XRP"]);
    const lastSeq = new Map<string, number>();
    for (const book of books) {
      const previous = lastSeq.get(book.symbol);
      if (book.type === "delta") expect(book.seq).toBe((previous ?? Number.NaN) + 1);
      lastSeq.set(book.symbol, book.seq!);
    }
    for (const item of items) {
      if (item.kind !== "book_top") continue;
      const [bid, ask] = [item.bids[0]?.[0], item.asks[0]?.[0]];
      if (bid !== undefined && ask !== undefined) expect(bid).toBeLessThan(ask);
    }
    expect(items.filter((item) => item.kind === "trade").length).toBe(300);
  });

  test("one dropped book update is caught as a sequence gap and resynced", () => {
    const lines = readLines(FUTURES_FILE);
    const xrpDeltas = lines.flatMap((line, index) =>
      line.includes('\\"feed\\":\\"book\\"') && line.includes("PI_XRPUSD") ? [index] : [],
    );
    expect(xrpDeltas.length).toBeGreaterThan(10);
    const dropped = xrpDeltas[5]!;
    const { items, stats } = decodeFutures(lines.filter((_line, index) => index !== dropped));
    expect(stats.resyncs).toBe(1);
    const resync = items.find((item) => item.kind === "book_resync");
    expect(resync).toMatchObject({ account: "inverse", symbol: "XRP/USD:XRP" });
    expect((resync as { reason: string }).reason).toContain("sequence gap");
  });
});

// The spot checksum formatter on real data: v1 book1000 frames carry the same CRC32 (over the quoted values) as v2.
// A test-only reader turns them into book events; dig3's parser does not read v1.

interface V1BookFrame {
  pair: string;
  event: BookEvent;
}

function readV1Book(text: string): V1BookFrame | undefined {
  const line = JSON.parse(text) as WireLine;
  if (line.dir !== "in") return undefined;
  const message = JSON.parse(line.frame ?? "") as unknown;
  if (!Array.isArray(message) || message.length < 4 || message[message.length - 2] !== "book-1000")
    return undefined;
  const pair = String(message[message.length - 1]);
  const toLevels = (rows: string[][]): Level[] =>
    rows.map(([price, qty]) => [Number(price), Number(qty), price, qty]);
  const bids: Level[] = [];
  const asks: Level[] = [];
  let checksum: number | undefined;
  let isSnapshot = false;
  for (const part of message.slice(1, -2) as Record<string, unknown>[]) {
    if (part.as) isSnapshot = true;
    asks.push(...toLevels((part.as ?? part.a ?? []) as string[][]));
    bids.push(...toLevels((part.bs ?? part.b ?? []) as string[][]));
    if (typeof part.c === "string") checksum = Number(part.c);
  }
  const event: BookEvent = {
    kind: "book",
    exchange: "kraken",
    account: "spot",
    symbol: pair,
    tsMs: Math.floor(line.ts ?? 0),
    recvTsUs: Math.round((line.ts ?? 0) * 1000),
    type: isSnapshot ? "snapshot" : "delta",
    bids,
    asks,
  };
  if (checksum !== undefined) event.checksum = checksum;
  return { pair, event };
}

function replayV1Books(frames: V1BookFrame[]) {
  const syncs = new Map<string, ReturnType<typeof createBookSync>>();
  const reasons: string[] = [];
  for (const { pair, event } of frames) {
    let sync = syncs.get(pair);
    if (!sync) {
      sync = createBookSync(KRAKEN_SPOT_BOOK);
      syncs.set(pair, sync);
    }
    const verdict = sync.onEvent(event);
    if (verdict.action === "resync") {
      reasons.push(`${pair}: ${verdict.reason}`);
      sync.reset();
    }
  }
  const verified = [...syncs.values()].reduce((sum, sync) => sum + sync.stats.checksumsVerified, 0);
  return { verified, reasons };
}

describe.if(HAS_WIRE)("spot checksum formatter on the recorded v1 book1000 CRC32s", () => {
  const frames = () =>
    readLines("spot-v1-book1000.ndjson").flatMap((text) => {
      const frame = readV1Book(text);
      return frame ? [frame] : [];
    });

  test("all 850 update checksums of GRT/ETH, KSM/XBT and XMR/USD match", () => {
    const all = frames();
    expect(all.filter((frame) => frame.event.type === "snapshot").length).toBe(3);
    expect(replayV1Books(all)).toEqual({ verified: 850, reasons: [] });
  });

  test("one altered quantity is caught by the next checksum", () => {
    const all = frames();
    const at = all.findIndex((frame) => frame.pair === "XMR/USD" && frame.event.type === "delta");
    const original = all[at]!.event;
    const level = original.bids[0] ?? original.asks[0]!;
    const bumped: Level = [level[0], level[1] + 1, level[2], (level[1] + 1).toFixed(8)];
    const tampered: BookEvent = {
      ...original,
      bids: original.bids[0] ? [bumped, ...original.bids.slice(1)] : original.bids,
      asks: original.bids[0] ? original.asks : [bumped, ...original.asks.slice(1)],
    };
    const { reasons } = replayV1Books(
      all.map((frame, index) => (index === at ? { ...frame, event: tampered } : frame)),
    );
    expect(reasons.length).toBeGreaterThanOrEqual(1);
    expect(reasons[0]).toStartWith("XMR/USD: checksum mismatch");
  });
});
