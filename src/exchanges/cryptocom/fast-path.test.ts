// Crypto.com's whole-frame reader (book, book.update and trade pushes) against the JSON.parse path: on every recorded
// frame of ../shared/wire/cryptocom, on seeded mutations of them, and on hand-made frames the recordings lack. Where
// the reader takes a frame its events must equal the JSON.parse path's, value for value and key for key; it must
// take every recorded book and trade push; and the parser as a whole must answer every frame as that path does.

import { describe, expect, test } from "bun:test";
import {
  escapeLetter,
  type FastPaths,
  feedAlone,
  type Mutation,
  mutationMix,
  numberEdge,
  pairOf,
  runRecorded,
  spaceAfterMark,
  contextOf as venueContextOf,
  wireOf,
} from "../../../test/reliability/fast-path-cases.ts";
import { createRandom } from "../../../test/reliability/mutate.ts";
import type { Account } from "../../core/index.ts";
import { matchPushFrame, parseCryptocomFrame, parseCryptocomJson } from "./parse.ts";

const WIRE = wireOf("cryptocom");
const MUTATIONS_PER_FRAME = 400;
const PATHS: FastPaths = {
  readers: { push: matchPushFrame },
  json: parseCryptocomJson,
  parser: parseCryptocomFrame,
};
const contextOf = (account: Account) => () => venueContextOf("cryptocom", account);

/** A text where a number was, or a number where a text was. */
const quoteOrUnquote: Mutation = (frame, random) =>
  random.chance(0.5)
    ? frame.replace(/:(\d+(?:\.\d+)?)([,}\]])/, ':"$1"$2')
    : frame.replace(/:"(\d+(?:\.\d+)?)"/, ":$1");

const SWAPS: [RegExp, string][] = [
  [/"SELL"/, '"sell"'],
  [/"BUY"/, '"Buy"'],
  [/"book\.update"/, '"book"'],
  [/"channel":"book"/, '"channel":"book.update"'],
  [/"update":\{/, '"update":{"x":1,'],
  [/"bids":\[\[/, '"bids":[[],['],
];

/** Side words and channels in other spellings. */
const respell: Mutation = (frame, random) => {
  const [pattern, replacement] = SWAPS[random.int(SWAPS.length)]!;
  return frame.replace(pattern, replacement);
};

/** Mutations the reader must see through or turn away: values changed where they lie, keys moved, spacing added. */
const mutate = mutationMix([
  // One number (or a text's digits) replaced by an edge of JSON's number grammar or of a double.
  [
    0.3,
    numberEdge([
      "0",
      "-0",
      "0.0",
      "1e3",
      "1E-7",
      "-5",
      "0.1",
      "123456789012345",
      "1234567890123456",
      "12345678901234567890123",
      "1e400",
      "007",
      "1.",
      ".5",
    ]),
  ],
  [0.38, spaceAfterMark([" "])],
  [0.46, escapeLetter],
  [0.54, quoteOrUnquote],
  [0.62, respell],
]);

describe("recorded frames and their mutations", () => {
  for (const account of ["spot", "linear"] as const) {
    WIRE.test(
      `${account}: every recorded frame and ${MUTATIONS_PER_FRAME} mutations of each, read as the JSON.parse path reads them`,
      () => {
        // The reader keeps no state: new contexts for every frame.
        const counts = runRecorded({
          frames: WIRE.frames(),
          feed: pairOf(PATHS, { context: contextOf(account), fresh: true }).feed,
          target: (frame, expected) =>
            /"channel":"(trade|book|book\.update)"/.test(frame) && expected.kind === "events"
              ? "push"
              : undefined,
          mutations: MUTATIONS_PER_FRAME,
          random: createRandom(0xc0c0),
          mutate,
        });
        expect(counts.targetCount).toBe(8);
        // Mutants are read too, not only pristine frames.
        expect(counts.changedMutantsTaken).toBeGreaterThan(300);
      },
    );
  }
});

const V1_HEAD = '{"id":-1,"method":"subscribe","code":0,"result":{"instrument_name":"BTCUSD-PERP",';
const V1_TRADE = `${V1_HEAD}"subscription":"trade.BTCUSD-PERP","channel":"trade","data":[`;
const V2_TRADE =
  '{"code":0,"method":"subscribe","result":{"instrument_name":"BTC_USDT","subscription":"trade.BTC_USDT","channel":"trade","data":[';
const V1_ROW =
  '{"d":"4611686018471467093","t":1667320276193,"p":"20439.5","q":"0.0050","s":"SELL","i":"BTCUSD-PERP"}';
const V2_ROW =
  '{"dataTime":1,"d":2552833547970376845,"s":"BUY","p":0.00737,"q":6.9,"t":1653917168398,"i":"BTC_USDT"}';
const BOOK = `${V1_HEAD}"subscription":"book.BTCUSD-PERP.10","channel":"book","depth":10,"data":[`;
const DELTA = `${V1_HEAD}"subscription":"book.BTCUSD-PERP.10","channel":"book.update","depth":10,"data":[`;

/** Frames the recordings lack, each with whether the reader should take it (else the JSON path judges). */
const EDGE_CASES: [taken: boolean, frame: string][] = [
  // Trades: both layouts, the docs' head order, several rows (out of time order too), ids of every length.
  [true, `${V1_TRADE}${V1_ROW}]}}`],
  [true, `${V2_TRADE}${V2_ROW}]}}`],
  [true, `${V2_TRADE}${V2_ROW.replace("2552833547970376845", '"2552833547970376845"')}]}}`],
  [true, `${V2_TRADE}${V2_ROW.replace("2552833547970376845", "123456789012345")}]}}`],
  [true, `${V2_TRADE}${V2_ROW.replace("2552833547970376845", "1234567890123456")}]}}`],
  [true, `${V2_TRADE}${V2_ROW.replace("2552833547970376845", "0")}]}}`],
  [true, `${V1_TRADE}${V1_ROW.replace("4611686018471467093", "0012")}]}}`],
  [true, `${V1_TRADE}${V1_ROW.replace("4611686018471467093", "x-9")}]}}`],
  [true, `${V1_TRADE}${V1_ROW},${V1_ROW.replace("1667320276193", "1667320276190")},${V1_ROW}]}}`],
  [true, `${V1_TRADE}${V1_ROW.replace('"20439.5"', '"007.50"')}]}}`],
  [true, `${V2_TRADE}${V2_ROW.replace("0.00737", "7.37E-3").replace("6.9", '"6.90"')},${V2_ROW}]}}`],
  [true, `${V1_TRADE}${V1_ROW.replace('"BTCUSD-PERP"}', '"ETH_USDT"}')}]}}`],
  // The head walk: an id of either sign or none, the method before the code, the channel before the instrument.
  [true, `${V1_TRADE.replace('"id":-1', '"id":42')}${V1_ROW}]}}`],
  [true, `${V1_TRADE.replace('{"id":-1,', "{")}${V1_ROW}]}}`],
  [true, `${V2_TRADE.replace('"code":0,"method":"subscribe"', '"method":"subscribe","code":0')}${V2_ROW}]}}`],
  [
    true,
    `{"id":-12345,"code":0,"method":"subscribe","result":{"channel":"trade","subscription":"trade.BTC_USDT","instrument_name":"BTC_USDT","data":[${V2_ROW}]}}`,
  ],
  // Rows of two instruments in one push, in both layouts.
  [true, `${V1_TRADE}${V1_ROW},${V1_ROW.replace('"BTCUSD-PERP"}', '"ETH_USDT"}')},${V1_ROW}]}}`],
  [true, `${V2_TRADE}${V2_ROW},${V2_ROW.replace('"BTC_USDT"}', '"BTC_USD"}')},${V2_ROW}]}}`],
  // Numbers at the short readers' edges: 15 and 16 characters, a lone zero before the dot, leading zeros in a text,
  // an integer price, a 16-digit time, a sign or an exponent (the general reader's).
  [true, `${V2_TRADE}${V2_ROW.replace("0.00737", "0.0000000000007").replace("6.9", "12345678901234.5")}]}}`],
  [
    true,
    `${V2_TRADE}${V2_ROW.replace("0.00737", "0.00000000000007").replace("6.9", "123456789012345.6")}]}}`,
  ],
  [true, `${V2_TRADE}${V2_ROW.replace("0.00737", "123456789012345").replace("6.9", "1234567890123456")}]}}`],
  [true, `${V2_TRADE}${V2_ROW.replace("0.00737", "7").replace("1653917168398", "1653917168398123")}]}}`],
  [true, `${V2_TRADE}${V2_ROW.replace("0.00737", "7.37e-3").replace("6.9", "69E-1")}]}}`],
  [
    true,
    `${V1_TRADE}${V1_ROW.replace('"20439.5"', '"0000000020439.5"').replace('"0.0050"', '"00000000000000.0050"')}]}}`,
  ],
  [
    true,
    `${V1_TRADE}${V1_ROW.replace('"20439.5"', '"20439"').replace('"0.0050"', '"99999999999999999999"')}]}}`,
  ],
  [true, `${V1_TRADE}${V1_ROW.replace('"20439.5"', "20439.5").replace('"0.0050"', "0.005")}]}}`],
  // The row walk: instruments the row before's begins or ends (longer, shorter), text numbers past 15 characters.
  [
    true,
    `${V2_TRADE}${V2_ROW},${V2_ROW.replace('"BTC_USDT"}', '"BTC_USDT2"}')},${V2_ROW.replace('"BTC_USDT"}', '"BTC_USD"}')}]}}`,
  ],
  [true, `${V1_TRADE}${V1_ROW.replace('"0.0050"', '"12345678901234567.5"')}]}}`],
  [true, `${V2_TRADE}${V2_ROW.replace('"dataTime":1', '"dataTime":0')}]}}`],
  // The JSON.parse path judges the rest: ids that quoting breaks or reads otherwise, unusable values, layouts.
  [false, `${V2_TRADE}${V2_ROW.replace("2552833547970376845", "2552833547970376845.5")}]}}`],
  [false, `${V2_TRADE}${V2_ROW.replace("2552833547970376845", "-2552833547970376845")}]}}`],
  [false, `${V2_TRADE}${V2_ROW.replace("2552833547970376845", "25528335479703768e3")}]}}`],
  [false, `${V1_TRADE}${V1_ROW.replace('"SELL"', '"sell"')}]}}`],
  [false, `${V1_TRADE}${V1_ROW.replace('"0.0050"', '"0"')}]}}`],
  [false, `${V1_TRADE}${V1_ROW.replace('"20439.5"', '"abc"')}]}}`],
  [false, `${V1_TRADE}${V1_ROW.replace('"0.0050"', '"1e-3"')}]}}`],
  [false, `${V1_TRADE}${V1_ROW.replace('"d":"4611686018471467093"', '"d":""')}]}}`],
  [false, `${V1_TRADE}${V1_ROW.replace(',"i":"BTCUSD-PERP"', "")}]}}`],
  [false, `${V1_TRADE}${V1_ROW.replace('"i":"BTCUSD-PERP"', '"i":"BTCUSD-PERP","m":"1"')}]}}`],
  [false, `${V1_TRADE}${V1_ROW.replace('{"d"', '{"t":1,"d"')}]}}`],
  // Each literal and value the row walk checks as it reads it.
  [false, `${V2_TRADE}${V2_ROW.replace('"dataTime":1', '"dataTime":01')}]}}`],
  [false, `${V2_TRADE}${V2_ROW.replace('"dataTime":1', '"dataTime":"1"')}]}}`],
  [false, `${V2_TRADE}${V2_ROW.replace('"dataTime":1', '"dataTime":-1')}]}}`],
  [false, `${V2_TRADE}${V2_ROW.replace("2552833547970376845", "02552833547970376845")}]}}`],
  [false, `${V2_TRADE}${V2_ROW.replace("2552833547970376845", '"25528\\u0033"')}]}}`],
  [false, `${V1_TRADE}${V1_ROW.replace('"4611686018471467093"', "4611686018471467093")}]}}`],
  [false, `${V1_TRADE}${V1_ROW.replace('"4611686018471467093"', '"46116\t86018"')}]}}`],
  [false, `${V1_TRADE}${V1_ROW.replace("1667320276193", "01667320276193")}]}}`],
  [false, `${V1_TRADE}${V1_ROW.replace("1667320276193", "16673202761931234")}]}}`],
  [false, `${V1_TRADE}${V1_ROW.replace("1667320276193", "1667320276193.5")}]}}`],
  [false, `${V1_TRADE}${V1_ROW.replace("1667320276193", '"1667320276193"')}]}}`],
  [false, `${V1_TRADE}${V1_ROW.replace('"0.0050"', '"-5"')}]}}`],
  [false, `${V1_TRADE}${V1_ROW.replace('"0.0050"', '"1.2.3"')}]}}`],
  [false, `${V1_TRADE}${V1_ROW.replace('"20439.5"', '"20439.5 "')}]}}`],
  [false, `${V2_TRADE}${V2_ROW.replace('"s":"BUY"', '"s":"BUYX"')}]}}`],
  [false, `${V1_TRADE}${V1_ROW.replace('"s":"SELL"', '"s":"SEL"')}]}}`],
  [false, `${V1_TRADE}${V1_ROW.replace('"s":"SELL"', '"s":SELL')}]}}`],
  [false, `${V2_TRADE}${V2_ROW.replace('"q":', '"Q":')}]}}`],
  [false, `${V2_TRADE}${V2_ROW.replace('"t":', '"t" :')}]}}`],
  [false, `${V1_TRADE}${V1_ROW.replace('"p":', "'p':")}]}}`],
  [false, `${V2_TRADE}${V2_ROW.replace('"i":"BTC_USDT"', '"i":5')}]}}`],
  [false, `${V2_TRADE}${V2_ROW.replace('"i":"BTC_USDT"', '"i":""')}]}}`],
  [false, `${V2_TRADE}${V2_ROW},${V2_ROW.replace('"i":"BTC_USDT"', '"i":"BTC_USDT\\n"')}]}}`],
  [false, `${V2_TRADE}${V2_ROW},${V2_ROW.replace('"i":"BTC_USDT"', '"i":"BTC\\u005fUSDT"')}]}}`],
  [false, `${V2_TRADE}${V2_ROW.replace('"i":"BTC_USDT"}', '"i":"BTC_USDT"]')}]}}`],
  [false, `${V1_TRADE}]}}`],
  [false, `${V1_TRADE}${V1_ROW}]},"x":1}`],
  [false, `${V1_TRADE}${V1_ROW}]}} `],
  [false, `${V1_TRADE.replace('"code":0', '"code":40003')}${V1_ROW}]}}`],
  [false, `${V1_TRADE.replace('"subscribe"', '"public/heartbeat"')}${V1_ROW}]}}`],
  [false, `${V1_TRADE.replace('"channel":"trade"', '"channel":"trade","interval":"1m"')}${V1_ROW}]}}`],
  [
    false,
    `${V1_TRADE.replace('"instrument_name":"BTCUSD-PERP"', '"instrument_name":"BTC\\u0055SD-PERP"')}${V1_ROW}]}}`,
  ],
  // Books: snapshots and deltas of both APIs, levels in numbers and texts, empty sides.
  [
    true,
    `${BOOK}{"asks":[["30082.5","0.1689","1"]],"bids":[["30077.5","1.0527","2"]],"t":1654780033786,"tt":1654780033755,"u":542048017824,"cs":1103848017}]}}`,
  ],
  [
    true,
    `${BOOK}{"bids":[[97.44,7.5202,1]],"asks":[[97.685,9.8577,1],[302.01,0.005,1]],"t":1659311999918,"s":702658069}]}}`,
  ],
  [true, `${BOOK}{"bids":[],"asks":[],"t":1,"s":0}]}}`],
  // A snapshot's pu chains to nothing.
  [true, `${BOOK}{"bids":[],"asks":[],"t":1,"u":5,"pu":4}]}}`],
  [
    true,
    `${DELTA}{"update":{"asks":[["0.136338","1312","1"]],"bids":[["0.116116","0","0"]]},"t":1667320303772,"tt":1667320303761,"u":41261686400,"pu":41261671840,"cs":-807443798}]}}`,
  ],
  [
    true,
    `${DELTA}{"update":{"bids":[[8.6143,4.694,1],[8.6135,0,0]],"asks":[]},"t":1659312000046,"s":763793123}]}}`,
  ],
  [true, `${DELTA}{"update":{"bids":[["1e2","0.0"],[1.5,-0.0,"3"]],"asks":[]},"t":1,"u":2}]}}`],
  [
    true,
    `${DELTA}{"update":{"bids":[],"asks":[]},"t":1,"u":2,"pu":1},{"update":{"bids":[],"asks":[]},"t":2,"u":3,"pu":2}]}}`,
  ],
  // Numbers at the short readers' edges, the order counts in any number form, sequence numbers past 15 digits, a
  // checksum of either sign, the exchange time where sent.
  [
    true,
    `${BOOK}{"bids":[[123456789012345,"1234567890.12345","12"],[0.1,0,0]],"asks":[["0000000000001.5","0.00000000000001",7e2]],"t":1,"s":1234567890123456789}]}}`,
  ],
  [
    true,
    `${DELTA}{"update":{"bids":[[1.5,"0.5",-1]],"asks":[[2,3,"4"],[1234567890123456,1.0,0]]},"t":1667320303772,"tt":1667320303761,"u":1234567890123456,"pu":123456789012345,"cs":807443798}]}}`,
  ],
  [true, `${DELTA}{"update":{"bids":[["7.","1"]],"asks":[[".5","1"]]},"t":1,"u":2,"pu":1,"cs":0}]}}`],
  [
    true,
    `${DELTA}{"update":{"bids":[[1.5e1,1E+0,1e-0]],"asks":[[0.5,0.000,1]]},"t":1,"u":2,"pu":1,"cs":-1}]}}`,
  ],
  // The JSON.parse path judges the rest.
  [false, `${BOOK}{"bids":[[0,1,1]],"asks":[],"t":1,"s":0}]}}`],
  [false, `${BOOK}{"bids":[[1,-1,1]],"asks":[],"t":1,"s":0}]}}`],
  [false, `${BOOK}{"bids":[[1]],"asks":[],"t":1,"s":0}]}}`],
  [false, `${BOOK}{"bids":[[01,1,1]],"asks":[],"t":1,"s":0}]}}`],
  [false, `${BOOK}{"bids":[[1,00,1]],"asks":[],"t":1,"s":0}]}}`],
  [false, `${BOOK}{"bids":[[1,1,01]],"asks":[],"t":1,"s":0}]}}`],
  [false, `${BOOK}{"bids":[[1.,1,1]],"asks":[],"t":1,"s":0}]}}`],
  [false, `${BOOK}{"bids":[[1,.5,1]],"asks":[],"t":1,"s":0}]}}`],
  [false, `${BOOK}{"bids":[[1,"",1]],"asks":[],"t":1,"s":0}]}}`],
  [false, `${BOOK}{"bids":[[1,1,1],],"asks":[],"t":1,"s":0}]}}`],
  [false, `${BOOK}{"bids":[[1,1,1]][],"asks":[],"t":1,"s":0}]}}`],
  [false, `${BOOK}{"bids":[[1e999,1,1]],"asks":[],"t":1,"s":0}]}}`],
  [false, `${BOOK}{"bids":[["1","x"]],"asks":[],"t":1,"s":0}]}}`],
  [false, `${BOOK}{"bids":[],"asks":[],"t":1,"s":0,"u":1}]}}`],
  [false, `${BOOK}{"update":{"bids":[],"asks":[]},"t":1,"s":0}]}}`],
  [false, `${DELTA}{"bids":[],"asks":[],"t":1,"u":0}]}}`],
  [false, `${DELTA}{"update":{"bids":[]},"t":1,"u":0}]}}`],
  [false, `${DELTA}{"update":{"bids":[],"asks":[]},"t":0,"u":0}]}}`],
  // Each literal and value the item walk checks as it reads it.
  [true, `${BOOK}{"bids":[],"asks":[],"t":1,"s":12345678901234567890}]}}`],
  [false, `${BOOK}{"bids":[],"asks":[],"t":1,"s":123456789012345678901}]}}`],
  [false, `${BOOK}{"bids":[],"bids":[],"t":1,"s":0}]}}`],
  [false, `${BOOK}{"bids":[]"asks":[],"t":1,"s":0}]}}`],
  [false, `${BOOK}{"bids":[], "asks":[],"t":1,"s":0}]}}`],
  [false, `${BOOK}{"bid":[],"asks":[],"t":1,"s":0}]}}`],
  [false, `${BOOK}{"bids":[["1 ","1"]],"asks":[],"t":1,"s":0}]}}`],
  [false, `${BOOK}{"bids":[["1\\u0030","1"]],"asks":[],"t":1,"s":0}]}}`],
  [false, `${BOOK}{"bids":[["1","1","a"]],"asks":[],"t":1,"s":0}]}}`],
  [false, `${BOOK}{"bids":[],"asks":[],"t":01,"s":0}]}}`],
  [false, `${BOOK}{"bids":[],"asks":[],"t":1.5,"s":0}]}}`],
  [false, `${BOOK}{"bids":[],"asks":[],"t":1,"tt":1.5,"s":0}]}}`],
  [false, `${BOOK}{"bids":[],"asks":[],"t":1,"s":01}]}}`],
  [false, `${BOOK}{"bids":[],"asks":[],"t":1,"s":"1"}]}}`],
  [false, `${BOOK}{"bids":[],"asks":[],"t":1,"s":1,"pu":0}]}}`],
  [false, `${BOOK}{"bids":[],"asks":[],"t":1,"s":1,"x":0}]}}`],
  [false, `${BOOK}{"bids":[],"asks":[],"s":1,"t":1}]}}`],
  [false, `${DELTA}{"update":{"bids":[],"asks":[]},"t":1,"u":2,"pu":1,"cs":01}]}}`],
  [false, `${DELTA}{"update":{"bids":[],"asks":[]},"t":1,"u":2,"pu":1,"cs":-}]}}`],
  [false, `${DELTA}{"update":{"bids":[],"asks":[]},"t":1,"u":2,"pu":1,"cs":1.5}]}}`],
  [false, `${DELTA}{"update":{"bids":[],"asks":[],"t":1,"u":2}]}}`],
  [false, `${DELTA}{"update":{"bids":[],"asks":[]],"t":1,"u":2}]}}`],
  [false, `${DELTA}{"update":{"bids":[],"asks":[]},"t":1,"u":2,"pu":01}]}}`],
  [false, `${DELTA}{"update":{"bids":[],"asks":[]},"t":1,"u":2}]}} `],
  [false, `${DELTA}{"update":{"bids":[],"asks":[]},"t":1,"u":2},]}}`],
  [false, `${DELTA}]}}`],
];

describe("hand-made frames", () => {
  test.each(EDGE_CASES)("taken %p: %s", (taken, frame) => {
    for (const account of ["spot", "linear"] as const)
      expect(feedAlone(PATHS, contextOf(account), frame).taken !== undefined).toBe(taken);
  });
});
