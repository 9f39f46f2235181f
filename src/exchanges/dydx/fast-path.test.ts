// The in-place read of book frames and of trade frames (readDydxTradesFrame, at the end) (readDydxBookFrame + CompactReader) against the JSON.parse path: every recorded
// frame, a long generated session (snapshots, single and batched updates, crossings, holes, connection changes) and
// edge cases (other key order, whitespace, escapes, zero and empty values, missing fields, odd numbers) give the same
// outcome, the same event key order, and leave the same session state; and the frames the indexer sends are read in
// place, not handed back.

import { describe, expect, test } from "bun:test";
import {
  escapeAt,
  type FastPaths,
  feedAlone,
  isAlphanumeric,
  mutationMix,
  numberEdge,
  type Pair,
  pairOf,
  reverseKeys,
  runRecorded,
  spaceAfterMark,
  testRecordedMatch,
  contextOf as venueContextOf,
  wireOf,
} from "../../../test/reliability/fast-path-cases.ts";
import { createRandom } from "../../../test/reliability/mutate.ts";
import { shadowBooksOf } from "./book.ts";
import { readDydxTradesFrame } from "./fast-path.ts";
import { parseDydxFrame, parseDydxJson, readDydxBookFrame } from "./parse.ts";
import { sequenceStateOf } from "./sequence.ts";

const T0_US = 1_730_160_000_000_000;
const PATHS: FastPaths = { readers: { book: readDydxBookFrame }, json: parseDydxJson };

/** Two sessions fed the same frames: one through the fast path (falling back as parseDydxFrame does), one JSON only. */
function pairFor(): Pair {
  return pairOf(PATHS, {
    context: () =>
      venueContextOf("dydx", "linear", {
        recvTsUs: T0_US,
        symbolOf: (native) => `${native.replace("-USD", "")}/USD:USDC`,
      }),
  });
}

/** Both sessions hold the same message-id tracking and shadow books. */
function expectSameState(pair: Pair): void {
  expect(sequenceStateOf(pair.fastContext.session)).toStrictEqual(sequenceStateOf(pair.jsonContext.session));
  expect(shadowBooksOf(pair.fastContext.session)).toStrictEqual(shadowBooksOf(pair.jsonContext.session));
}

// ── recorded frames ──────────────────────────────────────────────────────────────────────────────────────────────

const WIRE = wireOf("dydx");

describe("recorded frames", () => {
  WIRE.test(
    "every inbound frame of every recording: the fast path and JSON.parse agree; v4 book frames are read in place",
    () => {
      let bookFrames = 0;
      for (const file of WIRE.files) {
        const pair = pairFor();
        bookFrames += runRecorded({
          frames: WIRE.framesOf(file),
          feed: (frame) => pair.feed(frame),
          target: (frame) =>
            (JSON.parse(frame) as { channel?: string }).channel === "v4_orderbook" ? "book" : undefined,
        }).targetCount;
        expectSameState(pair);
      }
      expect(bookFrames).toBe(3);
    },
  );
});

// ── a generated session ──────────────────────────────────────────────────────────────────────────────────────────

describe("a generated session", () => {
  test("snapshots, updates, batches, crossings, holes, late replies and connection changes agree", () => {
    const random = createRandom(7).next;
    const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
    const pair = pairFor();
    const tickers = ["BTC-USD", "ETH-USD", "SOL-USD"];
    const mids: Record<string, number> = { "BTC-USD": 60_000, "ETH-USD": 2_600, "SOL-USD": 150 };
    let connection = "7b1f0c2e-0000-4000-8000-000000000001";
    let messageId = 0;
    let atUs = T0_US;
    const priceText = (ticker: string, offset: number) =>
      (mids[ticker]! + offset).toFixed(ticker === "BTC-USD" ? 0 : 2);
    const sizeText = () => (random() < 0.3 ? "0" : (random() * 50).toFixed(pick([0, 1, 3, 6])));
    const updateRow = (ticker: string, side: number) => {
      const row: unknown[] = [
        priceText(ticker, side * Math.floor(random() * 8) + (random() < 0.05 ? -side * 5 : 0)),
        sizeText(),
      ];
      if (random() < 0.1) row.push(String(Math.floor(random() * 1e9)));
      return row;
    };
    const contentsOf = (ticker: string) => {
      const contents: Record<string, unknown> = {};
      if (random() < 0.8)
        contents.bids = Array.from({ length: Math.floor(random() * 4) }, () => updateRow(ticker, -1));
      if (random() < 0.8)
        contents.asks = Array.from({ length: Math.floor(random() * 4) }, () => updateRow(ticker, 1));
      return contents;
    };
    let inPlace = 0;
    for (let i = 0; i < 3_000; i++) {
      atUs += Math.floor(random() * 400_000);
      const roll = random();
      if (roll < 0.01) {
        connection = `7b1f0c2e-0000-4000-8000-${String(i).padStart(12, "0")}`;
        messageId = Math.floor(random() * 3);
      }
      // Holes: a reply still to come, or a loss.
      messageId += random() < 0.05 ? 1 + Math.floor(random() * 4) : 1;
      const ticker = pick(tickers);
      let frame: Record<string, unknown>;
      if (roll < 0.08) {
        const depth = 1 + Math.floor(random() * 12);
        const level = (side: number) => (_: unknown, n: number) => ({
          price: priceText(ticker, side * (n + 1)),
          size: (1 + random() * 9).toFixed(2),
        });
        frame = {
          type: "subscribed",
          connection_id: connection,
          message_id: messageId,
          channel: "v4_orderbook",
          id: ticker,
          contents: {
            bids: Array.from({ length: depth }, level(-1)),
            asks: Array.from({ length: depth }, level(1)),
          },
        };
      } else if (roll < 0.1) {
        // A late `subscribed` reply (a trades ack) filling an older id.
        frame = {
          type: "subscribed",
          connection_id: connection,
          message_id: Math.max(0, messageId - 1 - Math.floor(random() * 3)),
          channel: "v4_trades",
          id: ticker,
          contents: { trades: [] },
        };
      } else if (roll < 0.4) {
        frame = {
          type: "channel_batch_data",
          connection_id: connection,
          message_id: messageId,
          id: ticker,
          channel: "v4_orderbook",
          version: "1.0.0",
          contents: Array.from({ length: Math.floor(random() * 4) }, () => contentsOf(ticker)),
        };
      } else if (roll < 0.9) {
        frame = {
          type: "channel_data",
          connection_id: connection,
          message_id: messageId,
          id: ticker,
          channel: "v4_orderbook",
          version: "1.0.0",
          contents: contentsOf(ticker),
        };
      } else {
        frame = {
          type: "channel_data",
          connection_id: connection,
          message_id: messageId,
          id: ticker,
          channel: "v4_trades",
          version: "2.1.0",
          contents: {
            trades: [
              {
                id: String(i),
                size: sizeText(),
                price: priceText(ticker, 0),
                side: pick(["BUY", "SELL"]),
                createdAt: new Date(atUs / 1000).toISOString(),
                type: pick(["LIMIT", "LIQUIDATED"]),
              },
            ],
          },
        };
      }
      if (pair.feed(JSON.stringify(frame), atUs).taken !== undefined) inPlace++;
    }
    expectSameState(pair);
    // Every book frame of this layout is read in place (about 88% of the frames).
    expect(inPlace).toBeGreaterThan(2_500);
  });
});

// ── edge cases ───────────────────────────────────────────────────────────────────────────────────────────────────

const HEAD =
  '{"type":"channel_data","connection_id":"c-1","message_id":3,"id":"BTC-USD","channel":"v4_orderbook","version":"1.0.0","contents":';
const BATCH_HEAD = HEAD.replace("channel_data", "channel_batch_data");
const SNAPSHOT_HEAD =
  '{"type":"subscribed","connection_id":"c-1","message_id":3,"channel":"v4_orderbook","id":"BTC-USD","contents":';

/** Frames after a snapshot (message 1) and a trades ack (2) on connection c-1, so updates find a book and a chain. */
function afterSnapshot(frame: string): { inPlace: boolean } {
  const pair = pairFor();
  pair.feed(
    '{"type":"subscribed","connection_id":"c-1","message_id":1,"channel":"v4_orderbook","id":"BTC-USD","contents":{"bids":[{"price":"99","size":"1"},{"price":"98","size":"2"}],"asks":[{"price":"101","size":"1"}]}}',
  );
  pair.feed(
    '{"type":"subscribed","connection_id":"c-1","message_id":2,"channel":"v4_trades","id":"BTC-USD","contents":{}}',
  );
  const inPlace = pair.feed(frame).taken !== undefined;
  expectSameState(pair);
  return { inPlace };
}

describe("edge cases agree with JSON.parse", () => {
  const readInPlace: Record<string, string> = {
    "an update": `${HEAD}{"bids":[["99.5","3"]],"asks":[["101","0"]]}}`,
    "asks before bids": `${HEAD}{"asks":[["102","1"]],"bids":[["97","1"]]}}`,
    "one side only": `${HEAD}{"asks":[["102","1"]]}}`,
    "empty contents": `${HEAD}{}}`,
    "empty sides": `${HEAD}{"bids":[],"asks":[]}}`,
    "a side given twice (the last counts)": `${HEAD}{"bids":[["1","1"]],"bids":[["97","4"]]}}`,
    "an offset item": `${HEAD}{"bids":[["99","1","12345"],["98","0",7,{"a":[null,true]}]]}}`,
    "no version": HEAD.replace(',"version":"1.0.0"', "").concat('{"bids":[["99","1"]]}}'),
    "a crossing bid, older ask removed": `${HEAD}{"bids":[["101.5","2"]]}}`,
    "a crossing ask, older bids removed": `${HEAD}{"asks":[["97","2"],["98.5","1"]]}}`,
    "zero, -0, leading zeros, dot forms": `${HEAD}{"bids":[["0","0"],["-0","1"],["007.50","0.0"],[".5","1."]]}}`,
    "long and exponent decimals": `${HEAD}{"bids":[["123456789012345678","1e3"],["1.00000000000000000001","2E-3"]]}}`,
    "a batch": `${BATCH_HEAD}[{"bids":[["99","5"]]},{"asks":[["100.5","1"]]},{}]}`,
    "an empty batch": `${BATCH_HEAD}[]}`,
    "a snapshot": `${SNAPSHOT_HEAD}{"bids":[{"price":"99","size":"1"}],"asks":[{"price":"100","size":"2"}]}}`,
    "a snapshot not best first, a price twice, a size 0": `${SNAPSHOT_HEAD}{"bids":[{"price":"97","size":"1"},{"price":"99","size":"2"},{"price":"97","size":"0"},{"price":"98","size":"3"},{"price":"98","size":"4"}],"asks":[]}}`,
    "a crossed snapshot": `${SNAPSHOT_HEAD}{"bids":[{"price":"101","size":"1"}],"asks":[{"price":"100","size":"2"}]}}`,
    "a snapshot with array rows": `${SNAPSHOT_HEAD}{"bids":[["99","1"]],"asks":[["100","2"]]}}`,
    "an empty snapshot": `${SNAPSHOT_HEAD}{}}`,
    "a snapshot with a version": SNAPSHOT_HEAD.replace(
      ',"contents":',
      ',"version":"1.0.0","contents":',
    ).concat("{}}"),
    "another connection": HEAD.replace("c-1", "c-2").concat('{"bids":[["99","1"]]}}'),
    "a hole before it": HEAD.replace('"message_id":3', '"message_id":9').concat('{"bids":[["99","1"]]}}'),
    "an id repeated": HEAD.replace('"message_id":3', '"message_id":1').concat('{"bids":[["99","1"]]}}'),
    "message id 0": HEAD.replace('"message_id":3', '"message_id":0').concat('{"bids":[["99","1"]]}}'),
    "a market with no snapshot": HEAD.replace("BTC-USD", "ETH-USD").concat('{"bids":[["99","1"]]}}'),
    "unicode in the ticker": HEAD.replace("BTC-USD", "BTC-USDé").concat('{"bids":[["99","1"]]}}'),
  };
  for (const [name, frame] of Object.entries(readInPlace)) {
    test(`read in place: ${name}`, () => {
      expect(afterSnapshot(frame).inPlace).toBe(true);
    });
  }

  const handedBack: Record<string, string> = {
    "whitespace in the envelope": HEAD.replace('"type":', '"type": ').concat('{"bids":[["99","1"]]}}'),
    "whitespace in the contents": `${HEAD}{"bids": [["99","1"]]}}`,
    "whitespace in a row": `${HEAD}{"bids":[["99", "1"]]}}`,
    "trailing whitespace": `${HEAD}{"bids":[["99","1"]]}} `,
    "leading whitespace": ` ${HEAD}{"bids":[["99","1"]]}}`,
    "trailing text": `${HEAD}{"bids":[["99","1"]]}}x`,
    "a key after contents": `${HEAD}{"bids":[["99","1"]]},"extra":1}`,
    "id before type": HEAD.replace('{"type":"channel_data",', '{"id":"X",').concat("{}}"),
    "an escape in the ticker": HEAD.replace("BTC-USD", "BTC\\u002dUSD").concat('{"bids":[["99","1"]]}}'),
    "an escape in the connection id": HEAD.replace("c-1", "c\\u002d1").concat('{"bids":[["99","1"]]}}'),
    "an escape in a price": `${HEAD}{"bids":[["9\\u0039","1"]]}}`,
    "an escape in a key": `${HEAD}{"bi\\u0064s":[["99","1"]]}}`,
    "a control character in a price": `${HEAD}{"bids":[["9\u00019","1"]]}}`,
    "an empty price": `${HEAD}{"bids":[["","1"]]}}`,
    "a price that is no number": `${HEAD}{"bids":[["abc","1"]]}}`,
    "a negative size": `${HEAD}{"bids":[["99","-1"]]}}`,
    "numbers, not texts": `${HEAD}{"bids":[[99.5,1]]}}`,
    "a row short of its size": `${HEAD}{"bids":[["99"]]}}`,
    "an empty row": `${HEAD}{"bids":[[]]}}`,
    "a row that is a text": `${HEAD}{"bids":["99"]}}`,
    "a side that is null": `${HEAD}{"bids":null}}`,
    "another key in the contents": `${HEAD}{"bids":[["99","1"]],"other":1}}`,
    "contents null": `${HEAD}null}`,
    "contents a list in channel_data": `${HEAD}[{"bids":[]}]}`,
    "a batch with a null": `${BATCH_HEAD}[{"bids":[]},null]}`,
    "a batch that is an object": `${BATCH_HEAD}{"bids":[]}}`,
    "no contents": HEAD.replace(',"contents":', "}"),
    "no message id": HEAD.replace('"message_id":3,', "").concat('{"bids":[["99","1"]]}}'),
    "no connection id": HEAD.replace('"connection_id":"c-1",', "").concat('{"bids":[["99","1"]]}}'),
    "an empty ticker": HEAD.replace("BTC-USD", "").concat('{"bids":[["99","1"]]}}'),
    "a message id as text": HEAD.replace('"message_id":3', '"message_id":"3"').concat(
      '{"bids":[["99","1"]]}}',
    ),
    "a negative message id": HEAD.replace('"message_id":3', '"message_id":-3').concat(
      '{"bids":[["99","1"]]}}',
    ),
    "a fractional message id": HEAD.replace('"message_id":3', '"message_id":3.5').concat(
      '{"bids":[["99","1"]]}}',
    ),
    "a message id in exponent form": HEAD.replace('"message_id":3', '"message_id":3e0').concat(
      '{"bids":[["99","1"]]}}',
    ),
    "a message id of 16 digits": HEAD.replace('"message_id":3', '"message_id":1234567890123456').concat(
      "{}}",
    ),
    "a message id with a leading zero": HEAD.replace('"message_id":3', '"message_id":03').concat("{}}"),
    "a snapshot row with another key": `${SNAPSHOT_HEAD}{"bids":[{"price":"99","size":"1","offset":"5"}]}}`,
    "a snapshot row, size first": `${SNAPSHOT_HEAD}{"bids":[{"size":"1","price":"99"}]}}`,
    "a trades frame": HEAD.replace("v4_orderbook", "v4_trades").concat(
      '{"trades":[{"id":"1","size":"1","price":"99","side":"BUY","createdAt":"2024-08-22T23:59:58.855Z","type":"LIMIT"}]}}',
    ),
    "a v3 frame": HEAD.replace("v4_orderbook", "v3_orderbook").concat('{"bids":[["99","1"]]}}'),
    truncated: `${HEAD}{"bids":[["99","1"]]`,
    blank: "   ",
    empty: "",
  };
  for (const [name, frame] of Object.entries(handedBack)) {
    test(`JSON.parse path: ${name}`, () => {
      expect(afterSnapshot(frame).inPlace).toBe(false);
    });
  }
});

// ── trade frames, walked in place ────────────────────────────────────────────────────────────────────────────────

const TRADE_PATHS: FastPaths = {
  readers: { match: readDydxTradesFrame },
  json: parseDydxJson,
  parser: parseDydxFrame,
};
const tradeContextOf = (account: "linear" | "spot") => () =>
  venueContextOf("dydx", account, {
    recvTsUs: T0_US,
    symbolOf: (native) => `${native.replace("-USD", "")}/USD:USDC`,
  });

/** Prices and sizes at the walk's edges: long texts (`readDecimalIn`'s), leading zeros, past 2^53, other forms. */
const NUMBER_EDGES = [
  "0",
  "00.5",
  "0.000000000000000000000001",
  "123456789012345678",
  "9007199254740993",
  "99999999999999999",
  "9".repeat(400),
  "1e3",
  "-1",
  "1.",
  ".5",
];

describe("v4_trades walk equals the JSON.parse path", () => {
  testRecordedMatch({
    wire: WIRE,
    paths: TRADE_PATHS,
    accounts: ["linear", "spot"],
    contextOf: tradeContextOf,
    isTarget: (frame) => /^\{"type":"channel_(?:batch_)?data",.*"channel":"v4_trades"/.test(frame),
    mutations: 300,
    seed: 0xd7d4,
    mutate: mutationMix([
      [0.4, numberEdge(NUMBER_EDGES)],
      [0.55, spaceAfterMark()],
      [0.7, escapeAt(isAlphanumeric)],
      [0.75, reverseKeys],
    ]),
  });
});

const ROW =
  '"id":"0165e5e30000000200000002","size":"79.2","price":"25.22","side":"BUY","createdAt":"2024-08-22T23:59:58.855Z","type":"LIMIT"';
const LIQUIDATED_ROW =
  '"id":"014f495a0000000200000005","side":"SELL","size":"3.9","price":"22.87","type":"LIQUIDATED","createdAt":"2024-08-04T07:34:50.628Z"';
const TRADES_HEAD =
  '{"type":"channel_data","connection_id":"2ddf629d-ee78-4cf3-8278-fe0900b59537","message_id":99,"id":"AVAX-USD","channel":"v4_trades","version":"2.1.0","contents":';

function tradesOf(...rows: string[]): string {
  return `{"trades":[${rows.map((row) => `{${row}}`).join(",")}]}`;
}
function dataOf(...rows: string[]): string {
  return `${TRADES_HEAD}${tradesOf(...rows)}}`;
}
function batchOf(...changes: string[][]): string {
  return `${TRADES_HEAD.replace("channel_data", "channel_batch_data")}[${changes.map((rows) => tradesOf(...rows)).join(",")}]}`;
}

/** Frames the recordings lack, each with whether the walk should take it (else the JSON.parse path judges it). */
const TRADE_EDGE_CASES: [taken: boolean, frame: string][] = [
  [true, dataOf(ROW)],
  [true, dataOf(LIQUIDATED_ROW)],
  [true, dataOf(ROW, LIQUIDATED_ROW, ROW.replace('"BUY"', '"SELL"'))],
  [true, dataOf(`${ROW},"createdAtHeight":"25341234"`)],
  [true, dataOf(`"createdAtHeight":"1",${LIQUIDATED_ROW}`)],
  // Members in every order: reversed, createdAtHeight between them.
  [true, dataOf(ROW.split(",").reverse().join(","))],
  [true, dataOf(LIQUIDATED_ROW.split(",").reverse().join(","), ROW)],
  [true, dataOf(ROW.replace(',"price":', ',"createdAtHeight":"7","price":'))],
  [true, dataOf(ROW.replace('"version":"2.1.0",', ""))],
  [true, TRADES_HEAD.replace(',"version":"2.1.0"', "").concat(tradesOf(ROW), "}")],
  [true, batchOf([ROW])],
  [true, batchOf([ROW, LIQUIDATED_ROW], [ROW], [LIQUIDATED_ROW, ROW, ROW])],
  [true, dataOf(ROW.replace('"LIMIT"', '"MARKET"'))],
  [true, dataOf(ROW.replace('"LIMIT"', '"LIQUIDATION"'))],
  [true, dataOf(ROW.replace('"AVAX-USD"', '"币安-USD"'))],
  [true, dataOf(ROW.replace('"0165e5e30000000200000002"', '"ü"'))],
  // Numbers at the walk's edges: one digit, long, zero-padded, tiny, past 2^53.
  [true, dataOf(ROW.replace('"79.2"', '"0"').replace('"25.22"', '"9"'))],
  [true, dataOf(ROW.replace('"25.22"', '"0.0000000000000000000000123"'))],
  [true, dataOf(ROW.replace('"25.22"', '"123456789012345678901234567890"'))],
  [true, dataOf(ROW.replace('"79.2"', '"0009.50"'))],
  [true, dataOf(ROW.replace('"79.2"', '"9007199254740993"'))],
  [true, dataOf(ROW.replace('"79.2"', '"99999999999999999"'))],
  [true, dataOf(ROW.replace('"79.2"', '"1234567.1234567891"'))],
  [true, TRADES_HEAD.replace('"message_id":99', '"message_id":0').concat(tradesOf(ROW), "}")],
  [true, TRADES_HEAD.replace('"message_id":99', '"message_id":999999999999999').concat(tradesOf(ROW), "}")],
  // Times: leap days, the calendar's ends.
  [true, dataOf(ROW.replace("2024-08-22T23:59:58.855Z", "2024-02-29T00:00:00.000Z"))],
  [true, dataOf(ROW.replace("2024-08-22T23:59:58.855Z", "1970-01-01T00:00:00.000Z"))],
  [true, dataOf(ROW.replace("2024-08-22T23:59:58.855Z", "9999-12-31T23:59:59.999Z"))],
  // The JSON.parse path judges the rest: other forms of a value, members lacking, repeated or unknown, other layouts.
  [false, dataOf(ROW.replace("2024-08-22T23:59:58.855Z", "2023-02-29T00:00:00.000Z"))],
  [false, dataOf(ROW.replace("2024-08-22T23:59:58.855Z", "2024-08-22T23:59:58Z"))],
  [false, dataOf(ROW.replace("2024-08-22T23:59:58.855Z", "2024-08-22T23:59:58.855+00:00"))],
  [false, dataOf(ROW.replace("2024-08-22T23:59:58.855Z", "not a time"))],
  [false, dataOf(ROW.replace('"25.22"', `"${"9".repeat(400)}"`))],
  [false, dataOf(ROW.replace('"25.22"', "25.22"))],
  [false, dataOf(ROW.replace('"79.2"', '"1e3"'))],
  [false, dataOf(ROW.replace('"79.2"', '"-1"'))],
  [false, dataOf(ROW.replace('"79.2"', '"1."'))],
  [false, dataOf(ROW.replace('"79.2"', '".5"'))],
  [false, dataOf(ROW.replace('"79.2"', '""'))],
  [false, dataOf(ROW.replace('"BUY"', '"buy"'))],
  [false, dataOf(ROW.replace('"BUY"', '"BUYS"'))],
  [false, dataOf(ROW.replace('"0165e5e30000000200000002"', '""'))],
  [false, dataOf(ROW.replace('"0165e5e30000000200000002"', "12"))],
  [false, dataOf(ROW.replace('"0165e5e30000000200000002"', '"a\\u0062c"'))],
  [false, dataOf(ROW.replace('"0165e5e30000000200000002"', '"a\tb"'))],
  [false, dataOf(ROW.replace('"LIMIT"', '"LIQUIDATE\\u0044"'))],
  [false, dataOf(ROW.replace('"LIMIT"', '"LIM\u0001"'))],
  [false, dataOf(ROW.replace(',"type":"LIMIT"', ""))],
  [false, dataOf(ROW.replace('"id":"0165e5e30000000200000002",', ""))],
  [false, dataOf(`${ROW},"size":"1"`)],
  [false, dataOf(`${ROW},"id":"2"`)],
  [false, dataOf(`${ROW},"side":"SELL"`)],
  [false, dataOf(`${ROW},"extra":"1"`)],
  [false, dataOf(`${ROW},"createdAtHeight":1`)],
  // Keys one letter off, each letter the walk compares.
  ...[
    '"iD"',
    '"sice"',
    '"sidd"',
    '"sizf"',
    '"sjze"',
    '"pricf"',
    '"prica"',
    '"prjce"',
    '"pRice"',
    '"typf"',
    '"tepe"',
    '"tyqe"',
  ].map((key): [boolean, string] => {
    const name = key.toLowerCase().replace(/"/g, "");
    const real = ["id", "size", "side", "price", "type"].find(
      (k) => k.length === name.length && [...k].filter((c, i) => c !== name[i]).length <= 1,
    )!;
    return [false, dataOf(ROW.replace(`"${real}":`, `${key}:`))];
  }),
  [false, dataOf(ROW.replace('"createdAt":', '"createdAx":'))],
  [false, dataOf(`${ROW},"createdAtHeighs":"1"`)],
  [false, dataOf(ROW.replace('"id":"0165e5e30000000200000002"', '"id"::"0165e5e30000000200000002"'))],
  [false, dataOf(ROW.replace('"BUY"', '"BUX"'))],
  [false, dataOf(ROW.replace('"BUY"', '"SELX"'))],
  [false, dataOf(ROW.replace('"BUY"', '"SEL"'))],
  [false, dataOf()],
  [false, batchOf()],
  [false, batchOf([])],
  [false, `${TRADES_HEAD}[${tradesOf(ROW)}]}`],
  [false, TRADES_HEAD.replace("channel_data", "channel_batch_data").concat(tradesOf(ROW), "}")],
  [false, `${TRADES_HEAD}{"trades":[{${ROW}}],"more":1}}`],
  [false, `${dataOf(ROW)} `],
  [false, dataOf(ROW).slice(0, -1)],
  [false, `${dataOf(ROW)}}`],
  [false, dataOf(ROW.replace('"id":', '"id" :'))],
  [false, dataOf(ROW).replace('"message_id":99', '"message_id":1234567890123456')],
  [false, dataOf(ROW).replace('"v4_trades"', '"v3_trades"')],
  [false, dataOf(ROW).replace('"AVAX-USD"', '""')],
  [false, dataOf(ROW).replace('"channel_data"', '"subscribed"')],
];

describe("v4_trades walk on frames the recordings lack", () => {
  for (const [taken, frame] of TRADE_EDGE_CASES) {
    test(`${taken ? "takes" : "leaves"} ${frame}`, () => {
      for (const account of ["linear", "spot"] as const)
        expect(feedAlone(TRADE_PATHS, tradeContextOf(account), frame).taken !== undefined).toBe(taken);
    });
  }

  test("a session of trade and book frames: the same message-id tracking as the JSON.parse path", () => {
    const pair = pairOf(TRADE_PATHS, { context: tradeContextOf("linear") });
    let taken = 0;
    for (const [, frame] of TRADE_EDGE_CASES) if (pair.feed(frame, T0_US + taken * 1_000).taken) taken++;
    expect(taken).toBeGreaterThan(20);
    expect(sequenceStateOf(pair.fastContext.session)).toStrictEqual(
      sequenceStateOf(pair.jsonContext.session),
    );
  });
});
