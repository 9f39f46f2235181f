// The reads without JSON.parse (trade pushes matched whole, book updates read in place) against the JSON.parse path:
// on every recorded frame of ../shared/wire/gateio and on seeded mutations of them (whitespace, escapes, other key
// orders, odd values), the parser must give what the JSON.parse path gives, key order included, and the fast reads
// must take every recorded trade and book update. Then hand-made frames the recordings lack, each taken or left.

import { describe, expect, test } from "bun:test";
import {
  escapeAt,
  type FastPaths,
  feedAlone,
  isAlphanumeric,
  type Mutation,
  mutationMix,
  pairOf,
  runRecorded,
  spaceAfterMark,
  contextOf as venueContextOf,
  wireOf,
} from "../../../test/reliability/fast-path-cases.ts";
import { createRandom } from "../../../test/reliability/mutate.ts";
import type { Account } from "../../core/index.ts";
import { parseGateFrame, parseGateJson, readHotFrame } from "./parse.ts";

const WIRE = wireOf("gateio");
const MUTATIONS_PER_FRAME = 40;
const PATHS: FastPaths = { readers: { hot: readHotFrame }, json: parseGateJson, parser: parseGateFrame };
const contextOf = (account: Account) => () => venueContextOf("gateio", account);

/** The top keys reversed, and now and then the result's keys too. */
const reverseKeysAndResult: Mutation = (frame, random) => {
  try {
    const value = JSON.parse(frame) as Record<string, unknown>;
    if (value === null || typeof value !== "object" || Array.isArray(value)) return frame;
    const reordered = Object.entries(value).reverse();
    if (random.chance(0.5) && value.result !== null && typeof value.result === "object") {
      const result = value.result as Record<string, unknown>;
      const entries = Array.isArray(result) ? undefined : Object.entries(result).reverse();
      if (entries) reordered.push(["result", Object.fromEntries(entries)]);
    }
    return JSON.stringify(Object.fromEntries(reordered));
  } catch {
    return frame;
  }
};

/** Mutations the fast reads must see through or leave: whitespace, escaped letters, reordered keys, odd values. */
const mutate = mutationMix([
  [0.25, spaceAfterMark()],
  [0.4, escapeAt(isAlphanumeric)],
  [0.5, reverseKeysAndResult],
]);

/** A trade or book update push, the frames the fast reads are for. */
const TARGET = /"channel":"(spot|futures)\.(trades|order_book_update)","event":"update"/;

describe("gateio reads without JSON.parse equal the JSON.parse path", () => {
  WIRE.test(`every recorded frame and ${MUTATIONS_PER_FRAME} mutations of each`, () => {
    const frames = WIRE.frames();
    for (const account of ["spot", "linear", "inverse"] as const) {
      // Contexts fed the same frames in the same order.
      const pair = pairOf(PATHS, { context: contextOf(account) });
      const counts = runRecorded({
        frames,
        feed: pair.feed,
        target: (frame, expected) => (TARGET.test(frame) && expected.kind === "events" ? "hot" : undefined),
        mutations: MUTATIONS_PER_FRAME,
        random: createRandom(0x6a7e),
        mutate,
      });
      expect(counts.targetCount).toBeGreaterThan(0);
      expect(counts.mutantsTaken).toBeGreaterThan(counts.targetCount);
    }
  });
});

const SPOT_TRADE =
  '{"id":309143071,"create_time":1606292218,"create_time_ms":"1606292218213.4578","side":"sell","currency_pair":"GT_USDT","amount":"16.4700000000","price":"0.4705000000","range":"2390902-2390902","id_market":917144}';

function spotTradeOf(result: string, head = '"time":1606292218,"time_ms":1606292218231'): string {
  return `{${head},"channel":"spot.trades","event":"update","result":${result}}`;
}

const FUTURES_ROW =
  '{"size":-108,"id":27753479,"create_time":1545136464,"create_time_ms":1545136464123,"price":"96.4","contract":"BTC_USDT"}';

function futuresTradesOf(rows: string, head = '"time":1541503698,"time_ms":1541503698123'): string {
  return `{${head},"channel":"futures.trades","event":"update","result":[${rows}]}`;
}

const SPOT_BOOK =
  '{"t":1606294781123,"e":"depthUpdate","E":1606294781,"s":"BTC_USDT","U":48776301,"u":48776306,"b":[["19137.74","0.0001"],["19088.37","0"]],"a":[["19137.75","0.6135"]]}';
const FUTURES_BOOK =
  '{"t":1615366381417,"s":"BTC_USDT","U":2517661101,"u":2517661113,"b":[{"p":"54672.1","s":0},{"p":"54664.5","s":"58794.5"}],"a":[{"p":"54743.6","s":"0"}]}';

function bookOf(result: string, channel = "spot.order_book_update", event = "update"): string {
  return `{"time":1606294781,"time_ms":1606294781236,"channel":"${channel}","event":"${event}","result":${result}}`;
}

const futuresBookOf = (result: string) => bookOf(result, "futures.order_book_update");

/** Frames the recordings lack, with whether the fast reads should take them (else the JSON.parse path judges). */
const EDGE_CASES: [taken: boolean, account: Account, frame: string][] = [
  // spot.trades: the docs' layout, without the optional members, a whole-ms time, a 2020 head, `error: null`.
  [true, "spot", spotTradeOf(SPOT_TRADE)],
  [true, "spot", spotTradeOf(SPOT_TRADE.replace(',"range":"2390902-2390902","id_market":917144', ""))],
  [true, "spot", spotTradeOf(SPOT_TRADE.replace('"1606292218213.4578"', '"1606292218213"'))],
  [true, "spot", spotTradeOf(SPOT_TRADE, '"time":1606292218')],
  [true, "spot", spotTradeOf(SPOT_TRADE).replace('"result"', '"error":null,"result"')],
  // A time of zero ms falls back to `create_time`, as the JSON.parse path does.
  [true, "spot", spotTradeOf(SPOT_TRADE.replace('"1606292218213.4578"', '"0"'))],
  // Times whose fraction may round up to the next ms, or whose whole part is no plain ms (16 digits, leading zeros,
  // seconds), and amounts and prices past 15 digits or with leading zeros: read whole, to the JSON.parse path's values.
  [true, "spot", spotTradeOf(SPOT_TRADE.replace('"1606292218213.4578"', '"1606292218213.9999"'))],
  [true, "spot", spotTradeOf(SPOT_TRADE.replace('"1606292218213.4578"', '"1606292218213.99999999"'))],
  [true, "spot", spotTradeOf(SPOT_TRADE.replace('"1606292218213.4578"', '"1606292218213.8999"'))],
  [true, "spot", spotTradeOf(SPOT_TRADE.replace('"1606292218213.4578"', '"1606292218213000.5"'))],
  [true, "spot", spotTradeOf(SPOT_TRADE.replace('"1606292218213.4578"', '"16062922182130001.5"'))],
  [true, "spot", spotTradeOf(SPOT_TRADE.replace('"1606292218213.4578"', '"0001606292218213.4"'))],
  [true, "spot", spotTradeOf(SPOT_TRADE.replace('"1606292218213.4578"', '"000160629221821.3"'))],
  [true, "spot", spotTradeOf(SPOT_TRADE.replace('"1606292218213.4578"', '"1606292218.2134578"'))],
  [true, "spot", spotTradeOf(SPOT_TRADE.replace('"16.4700000000"', '"16.470000000000000001"'))],
  [true, "spot", spotTradeOf(SPOT_TRADE.replace('"16.4700000000"', '"123456789012345678"'))],
  [true, "spot", spotTradeOf(SPOT_TRADE.replace('"0.4705000000"', '"000.4705"'))],
  [true, "spot", spotTradeOf(SPOT_TRADE.replace('"0.4705000000"', '"0.000000000000000000000004705"'))],
  [true, "spot", spotTradeOf(SPOT_TRADE.replace('"0.4705000000"', '"9007199254740993"'))],
  [false, "spot", spotTradeOf(SPOT_TRADE.replace('"16.4700000000"', '"0"'))],
  [false, "spot", spotTradeOf(SPOT_TRADE.replace('"0.4705000000"', '"0.0"'))],
  [false, "spot", spotTradeOf(SPOT_TRADE.replace('"0.4705000000"', '"1e3"'))],
  // A price past every double: the JSON.parse path judges it.
  [false, "spot", spotTradeOf(SPOT_TRADE.replace('"0.4705000000"', `"${"9".repeat(400)}"`))],
  [false, "spot", spotTradeOf(SPOT_TRADE.replace('"sell"', '"SELL"'))],
  [false, "spot", spotTradeOf(SPOT_TRADE.replace("309143071", '"309143071"'))],
  [false, "spot", spotTradeOf(SPOT_TRADE.replace("309143071", "1234567890123456"))],
  [false, "spot", spotTradeOf(SPOT_TRADE.replace('"GT_USDT"', '"GT\\u005fUSDT"'))],
  [false, "spot", spotTradeOf(SPOT_TRADE.replace('"GT_USDT"', '""'))],
  [false, "spot", spotTradeOf(SPOT_TRADE.replace("}", ',"x":1}'))],
  [false, "spot", spotTradeOf(SPOT_TRADE.replace(',"side"', ', "side"'))],
  [false, "spot", spotTradeOf(SPOT_TRADE).replace('"update"', '"all"')],
  [false, "spot", spotTradeOf(SPOT_TRADE).replace('"result"', '"error":{"code":2,"message":"x"},"result"')],
  [false, "spot", `{"channel":"spot.trades","event":"update","time":1606292218,"result":${SPOT_TRADE}}`],
  [false, "spot", `${spotTradeOf(SPOT_TRADE)} `],
  // futures.trades: several rows, with and without ms, `is_internal: false`, the 2020 head, a contract of the other
  // settle than the socket's (its own account).
  [true, "linear", futuresTradesOf(`${FUTURES_ROW},${FUTURES_ROW.replace("-108", "3")}`)],
  [true, "linear", futuresTradesOf(FUTURES_ROW.replace(',"create_time_ms":1545136464123', ""))],
  [true, "linear", futuresTradesOf(FUTURES_ROW.replace("}", ',"is_internal":false}'))],
  [true, "linear", futuresTradesOf(`${FUTURES_ROW.replace("}", ',"is_internal":false}')},${FUTURES_ROW}`)],
  [
    true,
    "linear",
    futuresTradesOf(`${FUTURES_ROW.replace(',"create_time_ms":1545136464123', "")},${FUTURES_ROW}`),
  ],
  [
    true,
    "linear",
    futuresTradesOf(FUTURES_ROW.replace("-108", "999999999999999").replace('"96.4"', '"0.000000001"')),
  ],
  [true, "linear", futuresTradesOf(FUTURES_ROW.replace('"96.4"', '"12345678901234567890.5"'))],
  [true, "linear", futuresTradesOf(FUTURES_ROW.replace(":1545136464123", ":15451364641231234567"))],
  [
    true,
    "linear",
    futuresTradesOf(FUTURES_ROW, '"time":1593561616').replace('"result"', '"error":null,"result"'),
  ],
  [true, "linear", futuresTradesOf(FUTURES_ROW.replace("BTC_USDT", "BTC_USD"))],
  [true, "inverse", futuresTradesOf(FUTURES_ROW)],
  [false, "linear", futuresTradesOf(FUTURES_ROW.replace("}", ',"is_internal":true}'))],
  [false, "linear", futuresTradesOf(FUTURES_ROW.replace("-108", '"-108.5"'))],
  [false, "linear", futuresTradesOf(FUTURES_ROW.replace("-108", "0"))],
  [false, "linear", futuresTradesOf(FUTURES_ROW.replace("-108", "-0"))],
  [false, "linear", futuresTradesOf(`${FUTURES_ROW},${FUTURES_ROW.replace('"96.4"', '"0"')}`)],
  [false, "linear", futuresTradesOf(FUTURES_ROW.replace(":1545136464123", ":0"))],
  [false, "linear", futuresTradesOf("")],
  [false, "linear", futuresTradesOf(`${FUTURES_ROW},`)],
  [false, "linear", futuresTradesOf(`[${FUTURES_ROW}]`)],
  // Book updates: any key order and whitespace, a full book, sides left out, ids as text, futures levels.
  [true, "spot", bookOf(SPOT_BOOK)],
  [true, "spot", bookOf(SPOT_BOOK.replace('"t":1606294781123,', '"full":true,"l":"100","t":1606294781123,'))],
  [true, "spot", bookOf(SPOT_BOOK.replace('"U":48776301,', '"full":true,'))],
  [true, "spot", bookOf(SPOT_BOOK.replace('"t":1606294781123,', '"full":false,'))],
  [true, "spot", bookOf(SPOT_BOOK.replace('"t":1606294781123,', '"full":"true",'))],
  [true, "spot", bookOf(SPOT_BOOK.replace(',"a":[["19137.75","0.6135"]]', ""))],
  [true, "spot", bookOf(SPOT_BOOK.replace('"u":48776306', '"u":"48776306"'))],
  [true, "spot", bookOf(SPOT_BOOK.replace('"t":1606294781123,', ""))],
  [true, "spot", bookOf(SPOT_BOOK.replace('"t":1606294781123,', "").replace('"E":1606294781,', ""))],
  [true, "spot", bookOf(SPOT_BOOK.replace('"depthUpdate"', '"depth\\u0055pdate"'))],
  [true, "spot", bookOf(SPOT_BOOK.replace(',"b":', ' ,\n"b" : '))],
  [true, "spot", bookOf(SPOT_BOOK.replace('["19088.37","0"]', '["19088.37","x"],["1","2","3"]'))],
  [true, "spot", bookOf(SPOT_BOOK, "spot.order_book_update", "all")],
  [true, "spot", bookOf(SPOT_BOOK.replace('"b":[["19137.74","0.0001"],["19088.37","0"]]', '"b":[]'))],
  [true, "spot", bookOf(SPOT_BOOK.replace('["19088.37","0"]', '[ "19088.37" , "0" ]'))],
  [true, "spot", bookOf(SPOT_BOOK.replace('["19088.37","0"]', '["0019088.37","000"]'))],
  [true, "spot", bookOf(SPOT_BOOK.replace('["19088.37","0"]', '[".5","1"]'))],
  [true, "spot", bookOf(SPOT_BOOK.replace('["19088.37","0"]', '["5.","1"]'))],
  [true, "spot", bookOf(SPOT_BOOK.replace('["19088.37","0"]', '["1e5","1"]'))],
  [true, "spot", bookOf(SPOT_BOOK.replace('["19088.37","0"]', '["-1","1"]'))],
  [true, "spot", bookOf(SPOT_BOOK.replace('["19088.37","0"]', '["+1","1"]'))],
  [true, "spot", bookOf(SPOT_BOOK.replace('["19088.37","0"]', '["","1"]'))],
  [true, "spot", bookOf(SPOT_BOOK.replace('["19088.37","0"]', '["1","1.2.3"]'))],
  [true, "spot", bookOf(SPOT_BOOK.replace('["19088.37","0"]', '["123456789012345","0.12345678901234"]'))],
  [true, "spot", bookOf(SPOT_BOOK.replace('["19088.37","0"]', '["1234567890123456","0.123456789012345"]'))],
  [true, "spot", bookOf(SPOT_BOOK.replace('["19088.37","0"]', '["19088.37","0",1]'))],
  [true, "spot", bookOf(SPOT_BOOK.replace('["19088.37","0"]', '["9.999999999999999","0.1"]'))],
  [true, "spot", bookOf(SPOT_BOOK.replace('["19088.37","0"]', '["1","9007199254740993"]'))],
  [
    true,
    "spot",
    bookOf(
      SPOT_BOOK.replace(
        '["19088.37","0"]',
        '["10000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000","1"]',
      ),
    ),
  ],
  [true, "spot", bookOf(SPOT_BOOK.replace('["19088.37","0"]', '["1","2"],["3","4"],["5.5","6.25"]'))],
  [true, "spot", bookOf(SPOT_BOOK.replace('["19088.37","0"]', '["19088.37","0"] '))],
  [false, "spot", bookOf(SPOT_BOOK.replace('["19088.37","0"]', '["19088.37","0"],'))],
  [
    true,
    "spot",
    `{"channel":"spot.order_book_update","result":${SPOT_BOOK},"time_ms":1606294781236,"event":"update"}`,
  ],
  [true, "spot", bookOf(SPOT_BOOK).replace('"result"', '"error":null,"result"')],
  [true, "linear", futuresBookOf(FUTURES_BOOK)],
  [
    true,
    "linear",
    futuresBookOf(FUTURES_BOOK.replace('{"p":"54743.6","s":"0"}', '{"s":"0","x":[1],"p":"54743.6"},7,[]')),
  ],
  [
    true,
    "linear",
    futuresBookOf(FUTURES_BOOK.replace('{"p":"54743.6","s":"0"}', '{"p":"54743.6"},{"p":"1","s":"x"}')),
  ],
  [true, "linear", futuresBookOf(FUTURES_BOOK.replace("BTC_USDT", "BTC_USD"))],
  [false, "spot", bookOf(SPOT_BOOK.replace('"U":48776301,', ""))],
  [false, "spot", bookOf(SPOT_BOOK.replace(/"[tE]":\d+,/g, "")).replace(/"time(_ms)?":\d+,/g, "")],
  [false, "spot", bookOf(SPOT_BOOK.replace('"BTC_USDT"', '"BTC\\u005fUSDT"'))],
  [false, "spot", bookOf(SPOT_BOOK.replace('"BTC_USDT"', '""'))],
  [false, "spot", bookOf(SPOT_BOOK.replace('"u":48776306', '"u":48776306,"u":48776307'))],
  [false, "spot", bookOf(SPOT_BOOK.replace('"u":48776306', '"u":null'))],
  [false, "spot", bookOf(SPOT_BOOK.replace('"u":48776306', `"u":1${"0".repeat(400)}`))],
  [false, "spot", bookOf(SPOT_BOOK.replace('["19088.37","0"]', '{"p":"1","s":"2"}'))],
  [false, "spot", bookOf(SPOT_BOOK.replace('["19088.37","0"]', "[19088.37,0]"))],
  [false, "spot", bookOf(SPOT_BOOK.replace('"b":[', '"b":{"x":[').replace("]],", "]]},"))],
  [false, "spot", bookOf(SPOT_BOOK, "spot.order_book_update", "subscribe")],
  [false, "spot", bookOf(SPOT_BOOK, "spot.order_book")],
  [false, "spot", `{"result":${SPOT_BOOK},"channel":"spot.order_book_update","event":"update"}`],
  [false, "spot", bookOf(SPOT_BOOK).replace('"result"', '"error":{"code":3,"message":"x"},"result"')],
  [false, "spot", bookOf("[]")],
  [false, "spot", bookOf(SPOT_BOOK).slice(0, -1)],
  [false, "spot", `${bookOf(SPOT_BOOK)}}`],
  [false, "linear", futuresBookOf(FUTURES_BOOK.replace('"p":"54743.6"', '"p":null'))],
];

describe("gateio hand-made frames", () => {
  for (const [index, [taken, account, frame]] of EDGE_CASES.entries()) {
    test(`#${index} ${taken ? "taken" : "left"}: ${frame.slice(0, 100)}`, () => {
      const fed = feedAlone(PATHS, contextOf(account), frame);
      expect(fed.taken !== undefined).toBe(taken);
      if (taken) expect(fed.expected.kind).toBe("events");
    });
  }
});
