// The whole-frame match of trade and book change pushes against the JSON.parse path: on every recorded frame of
// ../shared/wire/kucoin and on seeded mutations of them (whitespace, escapes, other key orders, odd values), the
// parser must give what the JSON.parse path gives, key order included, and the match must take every recorded
// level2, match and execution push. Then hand-made frames the recordings lack, each taken or left.

import { describe, expect, test } from "bun:test";
import {
  escapeAt,
  type FastPaths,
  feedAlone,
  isAlphanumeric,
  mutationMix,
  numberEdge,
  reverseKeys,
  spaceAfterMark,
  testRecordedMatch,
  contextOf as venueContextOf,
  wireOf,
} from "../../../test/reliability/fast-path-cases.ts";
import type { Account } from "../../core/index.ts";
import { matchMessageFrame } from "./fast-path.ts";
import { parseKucoinFrame, parseKucoinJson } from "./parse.ts";

const WIRE = wireOf("kucoin");
const MUTATIONS_PER_FRAME = 40;
const PATHS: FastPaths = {
  readers: { match: matchMessageFrame },
  json: parseKucoinJson,
  parser: parseKucoinFrame,
};
const contextOf = (account: Account) => () => venueContextOf("kucoin", account);

/** A push of a channel the match is for. */
function isTarget(frame: string): boolean {
  return /"topic":"\/(market\/(level2|match)|contractMarket\/(level2|execution)):/.test(frame);
}

describe("kucoin whole-frame match equals the JSON.parse path", () => {
  testRecordedMatch({
    wire: WIRE,
    paths: PATHS,
    accounts: ["spot", "linear"],
    contextOf,
    isTarget,
    mutations: MUTATIONS_PER_FRAME,
    seed: 0x6c0c,
  });
});

/**
 * Numbers the walks read where they lie, at their edges: long texts (`readDecimalIn`'s), leading zeros, mantissas past
 * 2^53, fractions past 10^-22, times of every length, and forms the patterns turn away.
 */
const NUMBER_EDGES = [
  "0",
  "00.5",
  "0.000000000000000000000001",
  "123456789012345678",
  "1705708799999999999",
  "2305843009213693951",
  "2305843009213999999",
  "9999999999999999999",
  "9007199254740993",
  "99999999999999999",
  "1.7976931348623157",
  "9".repeat(400),
  "1e3",
  "-1",
  "1.",
  ".5",
];

describe("kucoin whole-frame match equals the JSON.parse path, numbers at their edges", () => {
  testRecordedMatch({
    wire: WIRE,
    paths: PATHS,
    accounts: ["spot", "linear"],
    contextOf,
    isTarget,
    mutations: MUTATIONS_PER_FRAME,
    seed: 0x6c0d,
    mutate: mutationMix([
      [0.5, numberEdge(NUMBER_EDGES)],
      [0.65, spaceAfterMark()],
      [0.75, escapeAt(isAlphanumeric)],
      [0.85, reverseKeys],
    ]),
  });
});

const MATCH_DATA =
  '{"makerOrderId":"671b5007389355000701b1d3","price":"67523","sequence":"11067996711960577","side":"buy","size":"0.003","symbol":"BTC-USDT","takerOrderId":"671b50161777ff00074c168d","time":"1729843222921000000","tradeId":"11067996711960577","type":"match"}';
const MATCH_DATA_2021 =
  '{"symbol":"DAPPT-BTC","sequence":"1612701563869","side":"buy","size":"81.8814","price":"0.0000001117","takerOrderId":"6085c097587c2000060cde57","time":"1619378327739050725","type":"match","makerOrderId":"6085c06144b3790006512a4d","tradeId":"6085c09769bc506996295e36"}';
const MATCH_DATA_2022 =
  '{"symbol":"BTC-USDT","side":"sell","type":"match","makerOrderId":"62f1b1e1e5a1c40001c7f2a1","sequence":"1630734357217","size":"0.00146","price":"23912.6","takerOrderId":"62f1b1e2f3e5a60001a2b3c4","time":"1660006882107493727","tradeId":"1630734357217"}';
const LEVEL2_DATA =
  '{"changes":{"asks":[["18906","0.00331","14103845"],["18907.3","0.58751503","14103844"]],"bids":[["18891.9","0.15688","14103847"],["0","0","14103846"]]},"sequenceEnd":14103847,"sequenceStart":14103844,"symbol":"BTC-USDT","time":1663747970273}';
const LEVEL2_DATA_2021 =
  '{"sequenceStart":1612844051654,"symbol":"SNX-BTC","changes":{"asks":[["0.00028718","0","1612844051654"]],"bids":[]},"sequenceEnd":1612844051654}';
const EXECUTION_DATA =
  '{"symbol":"XBTUSDTM","sequence":1728107666597,"makerUserId":"64c104280b64e30001557202","side":"sell","size":1,"price":"39615","takerOrderId":"139484352366002178","takerUserId":"6508585da44dc2000175cb24","makerOrderId":"139484331675557890","tradeId":"1728107666597","ts":1706068863101000000}';
const FUTURES_LEVEL2_DATA = '{"sequence":1705411242393,"change":"0.20645,buy,1","timestamp":1705708800010}';

/** The head first, in the docs' order (`topic`, `type`, `subject`) or the 2022 one (`type` first), `sn` optional. */
function pushOf(
  topic: string,
  subject: string,
  data: string,
  order: "docs" | "2022" = "docs",
  sn = "",
): string {
  const head =
    order === "docs"
      ? `"topic":"${topic}","type":"message","subject":"${subject}"`
      : `"type":"message","topic":"${topic}","subject":"${subject}"`;
  return `{${head}${sn ? `,"sn":${sn}` : ""},"data":${data}}`;
}

/** `data` first, the head after it in alphabetical order (2021 sessions). */
function dataFirstOf(topic: string, subject: string, data: string): string {
  return `{"data":${data},"subject":"${subject}","topic":"${topic}","type":"message"}`;
}

const match = (data: string, order: "docs" | "2022" = "docs") =>
  pushOf("/market/match:BTC-USDT", "trade.l3match", data, order);
const level2 = (data: string, order: "docs" | "2022" = "docs") =>
  pushOf("/market/level2:BTC-USDT", "trade.l2update", data, order);
const execution = (data: string) =>
  pushOf("/contractMarket/execution:XBTUSDTM", "match", data, "docs", "1728107666597");
const futuresLevel2 = (data: string, topic = "/contractMarket/level2:MYROUSDTM") =>
  pushOf(topic, "level2", data, "docs", "1705411242393");

/** Frames the recordings lack, with whether the match should take them (else the JSON.parse path judges). */
const EDGE_CASES: [taken: boolean, account: Account, frame: string][] = [
  // Spot match: the docs' layout, head orders, a ms text time, `data` first, a symbol only in the topic's place.
  [true, "spot", match(MATCH_DATA)],
  [true, "spot", match(MATCH_DATA, "2022")],
  [true, "spot", pushOf("/market/match:BTC-USDT", "trade.l3match", MATCH_DATA, "docs", "1")],
  [true, "spot", match(MATCH_DATA.replace('"1729843222921000000"', '"1729843222921"'))],
  [true, "spot", match(MATCH_DATA.replace('"1729843222921000000"', '"1729843222"'))],
  [true, "spot", dataFirstOf("/market/match:DAPPT-BTC", "trade.l3match", MATCH_DATA_2021)],
  [true, "spot", match(MATCH_DATA.replace('"type":"match"', '"type":""'))],
  // Each layout walked: the 2022 order, long and zero-padded decimals, times of every length, a multibyte symbol.
  [true, "spot", match(MATCH_DATA_2022)],
  [true, "spot", dataFirstOf("/market/match:BTC-USDT", "trade.l3match", MATCH_DATA_2022)],
  [true, "spot", dataFirstOf("/market/match:BTC-USDT", "trade.l3match", MATCH_DATA)],
  [true, "spot", match(MATCH_DATA_2021, "2022")],
  [true, "spot", match(MATCH_DATA_2022.replace('"0.00146"', '"0000.00146"'))],
  [true, "spot", match(MATCH_DATA_2022.replace('"0.00146"', '"123456789012345678901234567890.5"'))],
  [true, "spot", match(MATCH_DATA_2021.replace('"0.0000001117"', '"0.0000000000000000000000001117"'))],
  [true, "spot", match(MATCH_DATA_2021.replace('"1619378327739050725"', '"1619378327739999999"'))],
  [true, "spot", match(MATCH_DATA_2021.replace('"1619378327739050725"', '"1619378327739050"'))],
  [true, "spot", match(MATCH_DATA_2021.replace('"1619378327739050725"', `"${"1".repeat(30)}"`))],
  [true, "spot", match(MATCH_DATA_2021.replace('"DAPPT-BTC"', '"币安人生-USDT"'))],
  [true, "spot", match(MATCH_DATA_2021.replace('"sequence":"1612701563869"', '"sequence":""'))],
  [true, "spot", match(MATCH_DATA_2022.replace('"type":"match"', '"type":""'))],
  [false, "spot", match(MATCH_DATA_2022.replace('"0.00146"', '"0.0"'))],
  [false, "spot", match(MATCH_DATA_2022.replace(',"tradeId"', ',"tradeid"'))],
  [false, "spot", match(MATCH_DATA.replace('"tradeId":"11067996711960577"', '"tradeId":""'))],
  [false, "spot", match(MATCH_DATA.replace('"1729843222921000000"', "1729843222921000000"))],
  [false, "spot", match(MATCH_DATA.replace('"1729843222921000000"', '"0"'))],
  [false, "spot", match(MATCH_DATA.replace('"0.003"', '"0"'))],
  [false, "spot", match(MATCH_DATA.replace('"67523"', '"-67523"'))],
  [false, "spot", match(MATCH_DATA.replace('"67523"', `"${"9".repeat(400)}"`))],
  [false, "spot", match(MATCH_DATA.replace('"buy"', '"BUY"'))],
  [false, "spot", match(MATCH_DATA.replace('"BTC-USDT"', '""'))],
  [false, "spot", match(MATCH_DATA.replace('"BTC-USDT"', '"BTC\\u002dUSDT"'))],
  [false, "spot", match(MATCH_DATA.replace('"type":"match"', '"type":"match","x":1'))],
  [false, "spot", match(MATCH_DATA.replace(',"side"', ', "side"'))],
  [false, "spot", match(MATCH_DATA).replace('"type":"message"', '"type":"notice"')],
  [false, "spot", dataFirstOf("/market/level2:DAPPT-BTC", "trade.l3match", MATCH_DATA_2021)],
  [
    false,
    "spot",
    dataFirstOf("/market/match:DAPPT-BTC", "trade.l3match", MATCH_DATA_2021).replace(":{", ": {"),
  ],
  [false, "spot", `${match(MATCH_DATA)}\n`],
  [false, "spot", match(MATCH_DATA).replace('"data":', '"x":1,"data":')],
  // Spot level2: the docs' layout (price-0 changes dropped), the 2021–2022 one with and without `time`, empty sides.
  [true, "spot", level2(LEVEL2_DATA)],
  [true, "spot", level2(LEVEL2_DATA, "2022")],
  [true, "spot", level2(LEVEL2_DATA.replace(',"time":1663747970273', ""))],
  [true, "spot", level2(LEVEL2_DATA.replace('"time":1663747970273', '"time":0'))],
  [true, "spot", level2(LEVEL2_DATA_2021)],
  [true, "spot", level2(LEVEL2_DATA_2021.replace(/\}$/, ',"time":1612844051654}'))],
  [true, "spot", dataFirstOf("/market/level2:SNX-BTC", "trade.l2update", LEVEL2_DATA_2021)],
  [
    true,
    "spot",
    level2('{"changes":{"asks":[],"bids":[]},"sequenceEnd":2,"sequenceStart":1,"symbol":"X-Y"}'),
  ],
  // The level2 walk: rows of every count (price-0 rows first, between and alone), numbers at the readers' edges,
  // long row sequences, `time` of every size, each layout with either head and `data` first.
  [
    true,
    "spot",
    level2(LEVEL2_DATA.replace('"asks":[', '"asks":[["0","1","1"],').replace("]]}", '],["0","0","2"]]}')),
  ],
  [true, "spot", level2(LEVEL2_DATA.replace('["18906","0.00331","14103845"]', '["0","0.00331","14103845"]'))],
  [true, "spot", level2(LEVEL2_DATA.replace(/\["18891\.9".*\]\]\}/, '["0","0","1"]]}'))],
  [
    true,
    "spot",
    level2(
      LEVEL2_DATA.replace('"bids":[', `"bids":[${'["1.5","2","3"],'.repeat(20)}["00.5","000","0123456789"],`),
    ),
  ],
  [true, "spot", level2(LEVEL2_DATA.replace('"18906"', '"0.000000000000000000000001"'))],
  [true, "spot", level2(LEVEL2_DATA.replace('"0.00331"', '"123456789012345678901234567890.5"'))],
  [true, "spot", level2(LEVEL2_DATA.replace('"0.00331"', '"9007199254740993"'))],
  [true, "spot", level2(LEVEL2_DATA.replace('"0.00331"', '"0.9007199254740993"'))],
  [true, "spot", level2(LEVEL2_DATA.replace('"0.00331"', '"999999999999999.9"'))],
  [true, "spot", level2(LEVEL2_DATA.replace('"14103845"', `"${"7".repeat(40)}"`))],
  [true, "spot", level2(LEVEL2_DATA.replace("14103847,", "9007199254740993,"))],
  [true, "spot", level2(LEVEL2_DATA.replace("14103844,", "0,"))],
  [true, "spot", level2(LEVEL2_DATA.replace("1663747970273", "1663747970273999999"))],
  [true, "spot", level2(LEVEL2_DATA.replace("1663747970273", "1663747970"))],
  [true, "spot", level2(LEVEL2_DATA.replace("1663747970273", "9".repeat(400)))],
  [true, "spot", level2(LEVEL2_DATA.replace('"BTC-USDT"', '"币安人生-USDT"'))],
  [true, "spot", pushOf("/market/level2:BTC-USDT", "trade.l2update", LEVEL2_DATA, "2022", "7")],
  [true, "spot", dataFirstOf("/market/level2:BTC-USDT", "trade.l2update", LEVEL2_DATA)],
  [
    true,
    "spot",
    dataFirstOf(
      "/market/level2:SNX-BTC",
      "trade.l2update",
      LEVEL2_DATA_2021.replace('"bids":[]', '"bids":[["1","2","3"],["4","5","6"]]').replace(
        /\}$/,
        ',"time":1}',
      ),
    ),
  ],
  [true, "spot", level2(LEVEL2_DATA_2021.replace("1612844051654,", "9007199254740993,"))],
  [false, "spot", level2(LEVEL2_DATA_2021.replace("1612844051654,", `${"9".repeat(400)},`))],
  [false, "spot", level2(LEVEL2_DATA.replace('"0.00331"', `"${"9".repeat(400)}"`))],
  [false, "spot", level2(LEVEL2_DATA.replace("],[", "], ["))],
  [false, "spot", level2(LEVEL2_DATA.replace("],[", "],"))],
  [false, "spot", level2(LEVEL2_DATA.replace("]],", "],],"))],
  [false, "spot", level2(LEVEL2_DATA.replace('"14103845"', '""'))],
  [false, "spot", level2(LEVEL2_DATA.replace('"14103845"', "14103845"))],
  [false, "spot", level2(LEVEL2_DATA.replace('"18906"', '"18906."'))],
  [false, "spot", level2(LEVEL2_DATA.replace('"18906"', '"1e5"'))],
  [false, "spot", level2(LEVEL2_DATA.replace("}", ',"x":1}'))],
  [false, "spot", level2(LEVEL2_DATA.replace("1663747970273}", "1663747970273,}"))],
  [false, "spot", dataFirstOf("/market/level2:SNX-BTC", "trade.l2update", LEVEL2_DATA_2021).slice(0, -1)],
  [false, "spot", `${dataFirstOf("/market/level2:SNX-BTC", "trade.l2update", LEVEL2_DATA_2021)} `],
  [false, "spot", dataFirstOf("/market/match:SNX-BTC", "trade.l2update", LEVEL2_DATA_2021)],
  [false, "spot", level2(LEVEL2_DATA.replace('["18906","0.00331","14103845"]', '["18906","0.00331"]'))],
  [false, "spot", level2(LEVEL2_DATA.replace('["18906","0.00331","14103845"]', '["18906","-1","14103845"]'))],
  [
    false,
    "spot",
    level2(LEVEL2_DATA.replace('["18906","0.00331","14103845"]', '[18906,"0.00331","14103845"]')),
  ],
  [false, "spot", level2(LEVEL2_DATA.replace('"18906"', `"${"9".repeat(400)}"`))],
  [false, "spot", level2(LEVEL2_DATA.replace("14103847,", `1${"0".repeat(400)},`))],
  [false, "spot", level2(LEVEL2_DATA.replace('"time":1663747970273', '"time":"1663747970273"'))],
  [false, "spot", level2(LEVEL2_DATA.replace('"BTC-USDT"', '""'))],
  [false, "spot", level2(LEVEL2_DATA.replace('"asks":[', '"bids":[],"asks":['))],
  [false, "spot", level2(LEVEL2_DATA).replace("/market/level2:", "/market/level2Depth5:")],
  // Futures: executions (a fractional size too) and one-change books, both sides, price 0, any time.
  [true, "linear", execution(EXECUTION_DATA)],
  [true, "linear", execution(EXECUTION_DATA.replace('"size":1,', '"size":0.5,'))],
  [true, "linear", futuresLevel2(FUTURES_LEVEL2_DATA)],
  [true, "linear", futuresLevel2(FUTURES_LEVEL2_DATA.replace("0.20645,buy,1", "0.2166,sell,0"))],
  [true, "linear", futuresLevel2(FUTURES_LEVEL2_DATA.replace("0.20645,buy,1", "0,buy,0"))],
  [true, "linear", futuresLevel2(FUTURES_LEVEL2_DATA.replace("1705708800010", "0"))],
  [true, "inverse", futuresLevel2(FUTURES_LEVEL2_DATA, "/contractMarket/level2:XBTUSDM")],
  // Execution times of every length (ns near a ms's end, past 2^61 ns, ms, µs), long sizes and prices.
  [true, "linear", execution(EXECUTION_DATA.replace("1706068863101000000", "1706068863101999999"))],
  [true, "linear", execution(EXECUTION_DATA.replace("1706068863101000000", "1706068863101899999"))],
  [true, "linear", execution(EXECUTION_DATA.replace("1706068863101000000", "170606886310100000"))],
  [true, "linear", execution(EXECUTION_DATA.replace("1706068863101000000", "2305843009213693951"))],
  [true, "linear", execution(EXECUTION_DATA.replace("1706068863101000000", "2305843009213793951"))],
  [true, "linear", execution(EXECUTION_DATA.replace("1706068863101000000", "9999999999999999999"))],
  [true, "linear", execution(EXECUTION_DATA.replace("1706068863101000000", "17060688631010000000"))],
  [true, "linear", execution(EXECUTION_DATA.replace("1706068863101000000", "1706068863101"))],
  [true, "linear", execution(EXECUTION_DATA.replace("1706068863101000000", "1706068863101000"))],
  [true, "linear", execution(EXECUTION_DATA.replace('"size":1,', '"size":123456789012345678901,'))],
  [true, "linear", execution(EXECUTION_DATA.replace('"39615"', '"0039615.000000000000000001"'))],
  [
    true,
    "linear",
    execution(EXECUTION_DATA.replace('"makerUserId":"64c104280b64e30001557202"', '"makerUserId":""')),
  ],
  [
    true,
    "linear",
    futuresLevel2(FUTURES_LEVEL2_DATA.replace("0.20645,buy,1", "000.20645,sell,0.000000000000000000001")),
  ],
  [
    true,
    "linear",
    futuresLevel2(FUTURES_LEVEL2_DATA.replace("0.20645,buy,1", "123456789012345678901.5,buy,7")),
  ],
  [true, "linear", futuresLevel2(FUTURES_LEVEL2_DATA.replace("1705411242393", "9007199254740993"))],
  [true, "linear", futuresLevel2(FUTURES_LEVEL2_DATA.replace("1705708800010", "1705708800010999999"))],
  [true, "linear", futuresLevel2(FUTURES_LEVEL2_DATA, "/contractMarket/level2:币安人生USDTM")],
  [true, "linear", pushOf("/contractMarket/level2:MYROUSDTM", "level2", FUTURES_LEVEL2_DATA, "2022")],
  [true, "linear", pushOf("/contractMarket/execution:XBTUSDTM", "match", EXECUTION_DATA, "2022")],
  [false, "linear", futuresLevel2(FUTURES_LEVEL2_DATA.replace("0.20645,buy,1", `${"9".repeat(400)},buy,1`))],
  [false, "linear", futuresLevel2(FUTURES_LEVEL2_DATA, "/contractMarket/limitCandle:MYROUSDTM")],
  [false, "linear", execution(EXECUTION_DATA.replace('"size":1,', '"size":"1",'))],
  [false, "linear", execution(EXECUTION_DATA.replace('"size":1,', '"size":0,'))],
  [false, "linear", execution(EXECUTION_DATA.replace('"price":"39615"', '"price":39615'))],
  [false, "linear", execution(EXECUTION_DATA.replace("1706068863101000000", "0"))],
  [false, "linear", execution(EXECUTION_DATA.replace('"ts":', '"matchSize":1,"ts":'))],
  [false, "linear", futuresLevel2(FUTURES_LEVEL2_DATA.replace("0.20645,buy,1", "0.20645,BUY,1"))],
  [false, "linear", futuresLevel2(FUTURES_LEVEL2_DATA.replace("0.20645,buy,1", "0.20645,buy"))],
  [false, "linear", futuresLevel2(FUTURES_LEVEL2_DATA.replace("0.20645,buy,1", "0.20645,buy,1,2"))],
  [false, "linear", futuresLevel2(FUTURES_LEVEL2_DATA.replace("0.20645,buy,1", "-1,buy,1"))],
  [false, "linear", futuresLevel2(FUTURES_LEVEL2_DATA, "/contractMarket/level2:")],
  [false, "linear", futuresLevel2(FUTURES_LEVEL2_DATA.replace("1705411242393", '"1705411242393"'))],
  [false, "linear", dataFirstOf("/contractMarket/level2:MYROUSDTM", "level2", FUTURES_LEVEL2_DATA)],
];

describe("kucoin hand-made frames", () => {
  for (const [index, [taken, account, frame]] of EDGE_CASES.entries()) {
    test(`#${index} ${taken ? "taken" : "left"}: ${frame.slice(0, 100)}`, () => {
      const fed = feedAlone(PATHS, contextOf(account), frame);
      expect(fed.taken !== undefined).toBe(taken);
      if (taken) expect(fed.expected.kind).toBe("events");
    });
  }
});
