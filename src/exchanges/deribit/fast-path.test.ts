// Deribit's whole-frame readers (book and trades notifications) against the JSON.parse path: on every recorded frame
// of ../shared/wire/deribit, on seeded mutations of them, and on hand-made frames the recordings lack. Where a reader
// takes a frame its events must equal the JSON.parse path's, value for value and key for key; it must take every
// recorded book and trades notification; and the parser as a whole must answer every frame as that path does.

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
import { matchBookFrame, matchTradesFrame } from "./fast-path.ts";
import { parseDeribitFrame, parseDeribitJson } from "./parse.ts";

const WIRE = wireOf("deribit");
const MUTATIONS_PER_FRAME = 60;
const PATHS: FastPaths = {
  readers: { book: matchBookFrame, trades: matchTradesFrame },
  json: parseDeribitJson,
  parser: parseDeribitFrame,
};
const contextOf = (account: Account) => () => venueContextOf("deribit", account);

/** The data's keys in another order, or one repeated (JSON.parse keeps the last). */
const reorderData: Mutation = (frame, random) => {
  try {
    const message = JSON.parse(frame) as { params?: { data?: unknown } };
    const data = message.params?.data;
    if (data === null || typeof data !== "object" || Array.isArray(data)) return frame;
    const entries = Object.entries(data);
    const text = JSON.stringify(Object.fromEntries(random.chance(0.5) ? entries.reverse() : entries));
    const repeated = entries[random.int(entries.length)];
    const body = repeated ? `{${JSON.stringify(repeated[0])}:"x",${text.slice(1)}` : text;
    return frame.replace(JSON.stringify(data), body);
  } catch {
    return frame;
  }
};

/** Mutations a reader must see through or turn away: values changed where they lie, keys moved, spacing added. */
const mutate = mutationMix([
  // One number of the frame replaced by an edge of JSON's number grammar.
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
      "12345678901234567890",
      "1e400",
      "007",
      "1.",
      ".5",
    ]),
  ],
  [0.4, spaceAfterMark([" "])],
  [0.5, escapeLetter],
  [0.6, reorderData],
]);

/** The reader a recorded frame is for: book and trades notifications the JSON.parse path makes events of. */
function targetOf(frame: string, expected: { kind: string }): string | undefined {
  if (expected.kind !== "events") return undefined;
  const channel = /"channel":"(book\.[^".]+\.[^".]+|trades\.[^"]+)"/.exec(frame)?.[1];
  return channel === undefined ? undefined : channel.startsWith("book.") ? "book" : "trades";
}

describe("recorded frames and their mutations", () => {
  for (const account of ["option", "inverse"] as const) {
    WIRE.test(
      `${account}: every recorded frame and ${MUTATIONS_PER_FRAME} mutations of each, read as the JSON.parse path reads them`,
      () => {
        // The readers keep no state: new contexts for every frame.
        const counts = runRecorded({
          frames: WIRE.frames(),
          feed: pairOf(PATHS, { context: contextOf(account), fresh: true }).feed,
          target: targetOf,
          mutations: MUTATIONS_PER_FRAME,
          random: createRandom(0xde1b),
          mutate,
        });
        expect(counts.targetCount).toBeGreaterThan(40);
        // Mutants are read too, not only pristine frames.
        expect(counts.changedMutantsTaken).toBeGreaterThan(200);
      },
    );
  }
});

const BOOK_HEAD =
  '{"jsonrpc":"2.0","method":"subscription","params":{"channel":"book.BTC-PERPETUAL.raw","data":';
const TRADES_HEAD =
  '{"jsonrpc":"2.0","method":"subscription","params":{"channel":"trades.BTC-PERPETUAL.raw","data":';
const ROW =
  '"trade_seq":1,"trade_id":"7","timestamp":1700000000000,"tick_direction":0,"price":100.5,"instrument_name":"BTC-PERPETUAL","index_price":100,"direction":"buy","amount":10';

/** Frames the recordings lack, each with whether a whole-frame reader should take it (else the JSON path judges). */
const EDGE_CASES: [taken: boolean, frame: string][] = [
  // Books: with and without `type`, prev_change_id before or after the instrument (or both: the last counts).
  [
    true,
    `${BOOK_HEAD}{"type":"snapshot","timestamp":1,"instrument_name":"X","change_id":5,"bids":[],"asks":[]}}}`,
  ],
  [true, `${BOOK_HEAD}{"timestamp":1,"instrument_name":"X","change_id":5,"bids":[["new",1,2]],"asks":[]}}}`],
  [
    true,
    `${BOOK_HEAD}{"timestamp":1,"prev_change_id":4,"instrument_name":"X","change_id":5,"bids":[],"asks":[]}}}`,
  ],
  [
    true,
    `${BOOK_HEAD}{"type":"change","timestamp":1,"instrument_name":"X","prev_change_id":4,"change_id":5,"bids":[],"asks":[]}}}`,
  ],
  [
    true,
    `${BOOK_HEAD}{"type":"change","timestamp":1,"prev_change_id":3,"instrument_name":"X","prev_change_id":4,"change_id":5,"bids":[],"asks":[]}}}`,
  ],
  [
    true,
    `${BOOK_HEAD}{"type":"snapshot","timestamp":1,"instrument_name":"X","prev_change_id":4,"change_id":5,"bids":[],"asks":[]}}}`,
  ],
  // Rows: every action, numbers at the edges of JSON's grammar and of a double.
  [
    true,
    `${BOOK_HEAD}{"type":"change","timestamp":1,"prev_change_id":4,"instrument_name":"X","change_id":5,"bids":[["delete",0.0015,0.0],["change",-0,1e3]],"asks":[["new",123456789012345678,0.30000000000000004],["new",1E-7,5e+2]]}}}`,
  ],
  [
    true,
    `${BOOK_HEAD}{"type":"change","timestamp":1,"prev_change_id":0,"instrument_name":"X","change_id":99999999999999999999,"bids":[],"asks":[]}}}`,
  ],
  // Rows the walk checks as it reads them: numbers in the short reader's form at its edges (15 and 16 characters,
  // zeros, a dot after a zero), and in every other form JSON has (sign, exponent, long), on either side.
  ...[
    "0",
    "0.0",
    "0.5",
    "10",
    "4714.0",
    "123456789012345",
    "12345678901234.5",
    "0.0000000000001",
    "1234567890123456",
    "0.00000000000001",
    "9007199254740993",
    "-0",
    "-0.5",
    "-12",
    "1e3",
    "1E+3",
    "2.5e-8",
    "0e0",
    "-1.5E-300",
  ].map((number): [boolean, string] => [
    true,
    `${BOOK_HEAD}{"type":"change","timestamp":1,"prev_change_id":4,"instrument_name":"X","change_id":5,"bids":[["new",${number},1],["change",1,${number}]],"asks":[["delete",${number},${number}]]}}}`,
  ]),
  [
    true,
    `${BOOK_HEAD}{"type":"snapshot","timestamp":1,"instrument_name":"X","change_id":5,"bids":[["new",0.0015,4714.0],["new",0.001,861.0],["new",0.0005,1.0]],"asks":[]}}}`,
  ],
  // Malformed rows, numbers and ends, each left to the JSON.parse path.
  ...[
    "01",
    "00",
    "-01",
    "1.",
    ".5",
    "-.5",
    "-",
    "--1",
    "+1",
    "1.5.5",
    "1e",
    "1e+",
    "1e5.3",
    "1e5-3",
    "0x1",
    "1ee3",
    "",
    "1e400",
    "-1e400",
  ].map((number): [boolean, string] => [
    false,
    `${BOOK_HEAD}{"type":"change","timestamp":1,"instrument_name":"X","change_id":5,"bids":[["new",1,2]],"asks":[["new",${number},2]]}}}`,
  ]),
  ...[
    '[["new",1,2],]',
    '[["new",1,2]["new",1,2]]',
    '[["new",1,2] ["new",1,2]]',
    '[["new",1,2];["new",1,2]]',
    '[["new",1,2',
    '[["new",1,2]',
    '[["new",1]]',
    '[["new" ,1,2]]',
    '[["new";1,2]]',
    '[["change"1,2]]',
    '[["new", 1,2]]',
    '[["new",1 ,2]]',
    '[["neW",1,2]]',
    '[["newer",1,2]]',
    '[["chang",1,2]]',
    '[["deleted",1,2]]',
    '[["x",1,2]]',
    "[[new,1,2]]",
    '[("new",1,2)]',
    "[[]]",
    "[,]",
  ].map((bids): [boolean, string] => [
    false,
    `${BOOK_HEAD}{"type":"change","timestamp":1,"instrument_name":"X","change_id":5,"bids":${bids},"asks":[]}}}`,
  ]),
  [false, `${BOOK_HEAD}{"timestamp":1,"instrument_name":"X","change_id":5,"bids":[],"asks":[]}}`],
  [false, `${BOOK_HEAD}{"timestamp":1,"instrument_name":"X","change_id":5,"bids":[],"asks":[]}}}}`],
  [false, `${BOOK_HEAD}{"timestamp":1,"instrument_name":"X","change_id":5,"bids":[],"asks":[]]}}`],
  [false, `${BOOK_HEAD}{"timestamp":1,"instrument_name":"X","change_id":5,"bids":[], "asks":[]}}}`],
  [false, `${BOOK_HEAD}{"timestamp":1,"instrument_name":"X","change_id":5,"bids":[],"asks":[["new",1,2]]`],
  [false, `${BOOK_HEAD}{"timestamp":1,"instrument_name":"X","change_id":5,"bids":[],"asks":[["new",1,2`],
  [false, `${BOOK_HEAD}{"timestamp":1,"instrument_name":"X","change_id":5,"bids":[]`],
  // The JSON.parse path judges the rest.
  [
    false,
    `${BOOK_HEAD}{"type":"change","timestamp":1,"instrument_name":"X","change_id":5,"bids":[["new",1e400,2]],"asks":[]}}}`,
  ],
  [
    false,
    `${BOOK_HEAD}{"type":"other","timestamp":1,"instrument_name":"X","change_id":5,"bids":[],"asks":[]}}}`,
  ],
  [
    false,
    `${BOOK_HEAD}{"type":"change","timestamp":1,"prev_change_id":null,"instrument_name":"X","change_id":5,"bids":[],"asks":[]}}}`,
  ],
  [false, `${BOOK_HEAD}{"timestamp":1,"instrument_name":"X","change_id":5,"bids":[[1,2]],"asks":[]}}}`],
  [
    false,
    `${BOOK_HEAD}{"timestamp":1,"instrument_name":"X","change_id":5,"bids":[["new",1,2,3]],"asks":[]}}}`,
  ],
  [false, `${BOOK_HEAD}{"timestamp":1,"instrument_name":"X","change_id":5,"bids":[["add",1,2]],"asks":[]}}}`],
  [false, `${BOOK_HEAD}{"timestamp":0,"instrument_name":"X","change_id":5,"bids":[],"asks":[]}}}`],
  [false, `${BOOK_HEAD}{"timestamp":1,"instrument_name":"","change_id":5,"bids":[],"asks":[]}}}`],
  [false, `${BOOK_HEAD}{"timestamp":1,"instrument_name":"X\\u0059","change_id":5,"bids":[],"asks":[]}}}`],
  [
    false,
    `${BOOK_HEAD}{"timestamp":1,"instrument_name":"X","change_id":123456789012345678901,"bids":[],"asks":[]}}}`,
  ],
  [false, `${BOOK_HEAD}{"timestamp":1,"instrument_name":"X","change_id":5,"bids":[],"asks":[],"extra":1}}}`],
  [false, `${BOOK_HEAD}{"timestamp":1,"instrument_name":"X","change_id":5,"bids":[],"asks":[]}},"x":1}`],
  [false, `${BOOK_HEAD}{"timestamp":1,"instrument_name":"X","change_id":5,"asks":[],"bids":[]}}}`],
  [false, `${BOOK_HEAD}{"timestamp":1, "instrument_name":"X","change_id":5,"bids":[],"asks":[]}}}`],
  [false, `${BOOK_HEAD}{"timestamp":1,"instrument_name":"X","change_id":5,"bids":[],"asks":[]}}} `],
  [
    false,
    '{"jsonrpc":"2.0","method":"subscription","params":{"channel":"book.BTC-PERPETUAL.none.10.100ms","data":{"timestamp":1,"instrument_name":"X","change_id":5,"bids":[],"asks":[]}}}',
  ],
  // Trades: the docs' row, with mark price, iv and each liquidation flag; several rows, of several instruments.
  [true, `${TRADES_HEAD}[{${ROW}}]}}`],
  [
    true,
    `${TRADES_HEAD}[{"trade_seq":1,"trade_id":"7","timestamp":1,"tick_direction":2,"price":0.0175,"mark_price":0.01744768,"iv":62.71,"instrument_name":"BTC-26JUN20-7000-P","index_price":9600.8,"direction":"sell","amount":1.0}]}}`,
  ],
  ...(["T", "M", "MT"] as const).map((flag): [boolean, string] => [
    true,
    `${TRADES_HEAD}[{"trade_seq":1,"trade_id":"ETH-7","timestamp":1,"tick_direction":3,"price":4469.5,"liquidation":"${flag}","instrument_name":"ETH_USDC-PERPETUAL","index_price":1,"direction":"sell","amount":1120}]}}`,
  ]),
  [
    true,
    `${TRADES_HEAD}[{${ROW}},{${ROW.replace("BTC-PERPETUAL", "BTC_USDC")}},{${ROW.replace('"7"', '"8"')}}]}}`,
  ],
  // The optional members alone and together, before each flag; values at the walk's edges: long, negative, exponent
  // and zero-padded numbers, a 16-digit time, long sequence numbers and ids, an instrument of many bytes.
  [true, `${TRADES_HEAD}[{${ROW.replace('"instrument_name"', '"mark_price":100.25,"instrument_name"')}}]}}`],
  [true, `${TRADES_HEAD}[{${ROW.replace('"instrument_name"', '"iv":-0.5,"instrument_name"')}}]}}`],
  ...(["T", "M", "MT"] as const).flatMap((flag): [boolean, string][] => [
    [
      true,
      `${TRADES_HEAD}[{${ROW.replace('"instrument_name"', `"mark_price":1e-3,"iv":62.71,"liquidation":"${flag}","instrument_name"`)}}]}}`,
    ],
    [
      true,
      `${TRADES_HEAD}[{${ROW.replace('"instrument_name"', `"iv":0,"liquidation":"${flag}","instrument_name"`)}}]}}`,
    ],
    [
      true,
      `${TRADES_HEAD}[{${ROW.replace('"instrument_name"', `"mark_price":12345678901234567890,"liquidation":"${flag}","instrument_name"`)}},{${ROW}}]}}`,
    ],
  ]),
  // Liquidations of an option (no value) and of a future (valued) in one push.
  ...(["T", "M", "MT"] as const).map((flag): [boolean, string] => [
    true,
    `${TRADES_HEAD}[{${ROW.replace('"instrument_name":"BTC-PERPETUAL"', `"liquidation":"${flag}","instrument_name":"BTC-27DEC24-100000-C"`)}},{${ROW.replace('"instrument_name"', `"liquidation":"${flag}","instrument_name"`)}}]}}`,
  ]),
  [true, `${TRADES_HEAD}[{${ROW.replace('"price":100.5', '"price":-0')}}]}}`],
  [true, `${TRADES_HEAD}[{${ROW.replace('"price":100.5', '"price":-12.75')}}]}}`],
  [true, `${TRADES_HEAD}[{${ROW.replace('"price":100.5', '"price":1.5E+2')}}]}}`],
  [true, `${TRADES_HEAD}[{${ROW.replace('"price":100.5', '"price":0.30000000000000004')}}]}}`],
  [true, `${TRADES_HEAD}[{${ROW.replace('"price":100.5', '"price":123456789012345678')}}]}}`],
  [true, `${TRADES_HEAD}[{${ROW.replace('"amount":10', '"amount":1e400')}}]}}`],
  [true, `${TRADES_HEAD}[{${ROW.replace('"amount":10', '"amount":9007199254740993')}}]}}`],
  [true, `${TRADES_HEAD}[{${ROW.replace('"amount":10', '"amount":0.000000000000000000000001')}}]}}`],
  [true, `${TRADES_HEAD}[{${ROW.replace('"timestamp":1700000000000', '"timestamp":9007199254740993')}}]}}`],
  [true, `${TRADES_HEAD}[{${ROW.replace('"timestamp":1700000000000', '"timestamp":1')}}]}}`],
  [true, `${TRADES_HEAD}[{${ROW.replace('"trade_seq":1', '"trade_seq":123456789012345678901234')}}]}}`],
  [true, `${TRADES_HEAD}[{${ROW.replace('"tick_direction":0', '"tick_direction":12345')}}]}}`],
  [true, `${TRADES_HEAD}[{${ROW.replace('"index_price":100', '"index_price":-1.5e-7')}}]}}`],
  [true, `${TRADES_HEAD}[{${ROW.replace('"trade_id":"7"', '"trade_id":"ETH-123456789012345678901"')}}]}}`],
  [true, `${TRADES_HEAD}[{${ROW.replace('"BTC-PERPETUAL"', '"币安-PERPETUAL"')}}]}}`],
  [
    true,
    `${TRADES_HEAD}[{${ROW.replace('"buy"', '"sell"')}},{${ROW.replace('"BTC-PERPETUAL"', '"ETH-PERPETUAL"')}}]}}`,
  ],
  // The JSON.parse path judges the rest: other flags and fields, unusable values, other layouts.
  [false, `${TRADES_HEAD}[{${ROW.replace('"instrument_name"', '"liquidation":"TM","instrument_name"')}}]}}`],
  [
    false,
    `${TRADES_HEAD}[{${ROW.replace('"instrument_name"', '"iv":1,"mark_price":1,"instrument_name"')}}]}}`,
  ],
  [false, `${TRADES_HEAD}[{${ROW.replace('"amount":10', '"amount":-10')}}]}}`],
  [false, `${TRADES_HEAD}[{${ROW.replace('"timestamp":1700000000000', '"timestamp":12345678901234567')}}]}}`],
  [false, `${TRADES_HEAD}[{${ROW}},{${ROW.replace('"amount":10', '"amount":0')}}]}}`],
  [false, `${TRADES_HEAD}[{${ROW.replace('"instrument_name"', '"liquidation":"X","instrument_name"')}}]}}`],
  [false, `${TRADES_HEAD}[{${ROW},"contracts":10}]}}`],
  [false, `${TRADES_HEAD}[{${ROW.replace('"amount":10', '"amount":0')}}]}}`],
  [false, `${TRADES_HEAD}[{${ROW.replace('"trade_id":"7"', '"trade_id":7')}}]}}`],
  [false, `${TRADES_HEAD}[{${ROW.replace('"price":100.5', '"price":1e400')}}]}}`],
  [false, `${TRADES_HEAD}[{${ROW.replace('"buy"', '"BUY"')}}]}}`],
  [false, `${TRADES_HEAD}[]}}`],
  [false, `${TRADES_HEAD}[{${ROW}},]}}`],
  [false, `${TRADES_HEAD}[{${ROW}}]},"id":1}`],
  [false, `${TRADES_HEAD}[{${ROW}}] }}`],
];

describe("hand-made frames", () => {
  test.each(EDGE_CASES)("taken %p: %s", (taken, frame) => {
    for (const account of ["inverse", "linear", "option"] as const)
      expect(feedAlone(PATHS, contextOf(account), frame).taken !== undefined).toBe(taken);
  });
});
