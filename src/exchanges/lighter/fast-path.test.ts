// The in-place readers of order_book and trade pushes against the JSON.parse path: on every recorded frame of
// ../shared/wire/lighter, on seeded mutations and single-character edits of them, and on edge cases (other key order,
// whitespace, escapes, zero and empty values, missing and extra members, numbers as texts and texts as numbers, huge
// numbers, empty lists), `parseLighterFrame` must give exactly what `parseLighterJson` gives: same verdicts, same
// events, same keys in the same order.

import { describe, expect, test } from "bun:test";
import {
  characterEdits,
  DECIMAL_EDGES,
  escapeAt,
  type FastPaths,
  feedAlone,
  isAlphanumeric,
  type Mutation,
  mutationMix,
  numberEdge,
  pairsOf,
  reverseKeys,
  runRecorded,
  spaceAfterMark,
  contextOf as venueContextOf,
  wireOf,
} from "../../../test/reliability/fast-path-cases.ts";
import { createRandom } from "../../../test/reliability/mutate.ts";
import type { Account } from "../../core/index.ts";
import { readBookFrame, readTradesFrame } from "./fast-path.ts";
import { parseLighterFrame, parseLighterJson } from "./parse.ts";

const WIRE = wireOf("lighter");
const MUTATIONS_PER_FRAME = 400;
const PATHS: FastPaths = {
  readers: { book: readBookFrame, trades: readTradesFrame },
  json: parseLighterJson,
  parser: parseLighterFrame,
};

/** Market ids the hub resolved from the instrument list. */
const NAMES: Record<string, string> = { "0": "ETH/USDC:USDC", "1": "BTC/USDC:USDC", "2048": "ETH/USDC" };

/** A hub that knows the markets, or one that knows none (symbolOf hands the native back). */
function contextOf(account: Account, knows: boolean, recvTsUs = 1_776_692_222_500_000) {
  return () =>
    venueContextOf("lighter", account, {
      recvTsUs,
      symbolOf: (native) => (knows ? (NAMES[native] ?? native) : native),
    });
}

/** Both paths agree on `frame` on each of these contexts (the readers tried on the first). */
const agree = pairsOf(PATHS, [
  contextOf("linear", true),
  contextOf("linear", false),
  contextOf("spot", true),
  // The bench's context: no receive time.
  contextOf("linear", true, 0),
]);

/** Both paths agree on `frame`; what they make of it. */
const expectSamePaths = (frame: string) => agree(frame).expected;

/** Whether an in-place reader takes the frame itself (rather than leaving it to the JSON.parse path). */
const isRead = (frame: string) => feedAlone(PATHS, contextOf("linear", true), frame).taken !== undefined;

/** The reader a recorded frame must be taken by. */
function targetOf(frame: string): string | undefined {
  const type = (JSON.parse(frame) as { type?: string }).type ?? "";
  return type.endsWith("/order_book") ? "book" : type.endsWith("/trade") ? "trades" : undefined;
}

/** A text where a number was, or a number where a text was. */
const quoteOrUnquote: Mutation = (frame, random) =>
  random.chance(0.5)
    ? frame.replace(/:(\d+(?:\.\d+)?)([,}\]])/, ':"$1"$2')
    : frame.replace(/:"(-?\d+(?:\.\d+)?)"/, ":$1");

/** Members moved, dropped, emptied or added where the readers look for them. */
const SWAPS: [RegExp, string][] = [
  [/"is_maker_ask":false/, '"is_maker_ask":true'],
  [/"is_maker_ask":true/, '"is_maker_ask":null'],
  [/,"liquidation_trades":\[[^\]]*\]/, ""],
  [/"trades":\[[^\]]*\]/, '"trades":[]'],
  [/,"trade_id_str":"\d+"/, ""],
  [/"subscribed\//, '"update/'],
  [/"update\//, '"subscribed/'],
  [/"begin_nonce":\d+/, '"begin_nonce":0'],
  [/,"last_updated_at":\d+/, ""],
  [/"market_id":1/, '"market_id":2048'],
  [/"order_book":\{/, '"order_book":{"x":1,'],
  [/,"taker_fee":\d+/, ""],
  [/"transaction_time":\d+/, '"transaction_time":1,"transaction_time":2'],
  [/"price":"[\d.]+"/, '"price":"7.5","price":"8.5"'],
];

const respell: Mutation = (frame, random) => {
  const [pattern, replacement] = SWAPS[random.int(SWAPS.length)]!;
  return frame.replace(pattern, replacement);
};

/** Mutations the readers must see through or turn away. */
const mutate = mutationMix([
  [0.25, numberEdge([...DECIMAL_EDGES, "-0", "0.0", "1e400", "123456789012345", "1234567890123456"])],
  [0.35, spaceAfterMark()],
  [0.45, escapeAt(isAlphanumeric)],
  [0.5, reverseKeys],
  [0.6, quoteOrUnquote],
  [0.75, respell],
]);

describe("recorded frames: the in-place readers agree with the JSON.parse path", () => {
  for (const file of WIRE.present ? WIRE.files : ["(recordings)"]) {
    WIRE.test(file, () => {
      for (const frame of WIRE.framesOf(file)) agree(frame);
    });
  }

  WIRE.test(
    `the readers take every recorded order_book and trade push; ${MUTATIONS_PER_FRAME} mutations of each`,
    () => {
      const counts = runRecorded({
        frames: WIRE.frames(),
        feed: (frame) => feedAlone(PATHS, contextOf("linear", true), frame),
        target: targetOf,
        mutations: MUTATIONS_PER_FRAME,
        random: createRandom(0x11947),
        mutate,
      });
      expect(counts.targets).toEqual({ book: 2, trades: 4 });
      // Mutants are read too, not only pristine frames.
      expect(counts.changedMutantsTaken).toBeGreaterThan(300);
    },
  );

  WIRE.test("single-character edits of recorded frames: both paths still agree", () => {
    const frames = [...WIRE.frames(), BOOK, TRADES].filter((frame) => targetOf(frame) !== undefined);
    // A fixed seed: the same edits on every run.
    for (const edited of characterEdits(frames, {
      seed: 11,
      count: 20_000,
      alphabet: '{}[]":,.0123456789-+eE \\tuflsn_\u0000\n',
    }))
      agree(edited);
  });
});

const BOOK =
  '{"type":"update/order_book","channel":"order_book:1","last_updated_at":1776692222467930,"offset":52072055,"timestamp":1776692222475,"order_book":{"code":0,"asks":[{"price":"75300.5","size":"0.00000"},{"price":"75300.7","size":"0.28364"}],"bids":[{"price":"75300.6","size":"0.04881"}],"offset":52072055,"nonce":10382292188,"last_updated_at":1776692222467930,"begin_nonce":10382292136}}';
const SNAPSHOT = BOOK.replace('"update/', '"subscribed/').replace(
  '"begin_nonce":10382292136',
  '"begin_nonce":0',
);

const ROW =
  '{"trade_id":18240999426,"trade_id_str":"18240999426","tx_hash":"00000011bd6636f50000019dab062676","type":"trade","market_id":1,"size":"0.00012","price":"75196.7","usd_amount":"9.023604","ask_id":562952080517591,"ask_id_str":"562952080517591","bid_id":844422774647737,"bid_id_str":"844422774647737","ask_client_id":177669079994047,"ask_client_id_str":"177669079994047","bid_client_id":227191959496532,"bid_client_id_str":"227191959496532","ask_account_id":72056,"bid_account_id":27927,"is_maker_ask":false,"block_height":218856174,"timestamp":1776690800246,"taker_position_size_before":"0.00012","taker_entry_quote_before":"9.023274","taker_initial_margin_fraction_before":200,"taker_position_sign_changed":true,"maker_fee":38,"maker_position_size_before":"-60.95034","maker_entry_quote_before":"4581230.089589","maker_initial_margin_fraction_before":500,"transaction_time":1776690800252707}';
const LIQUIDATION = ROW.replace('"type":"trade"', '"type":"liquidation"')
  .replace('"is_maker_ask":false', '"is_maker_ask":true')
  .replace('"timestamp":1776690800246', '"timestamp":1776687656653,"taker_fee":10000')
  .replace("}", ',"taker_allocated_margin_usdc_before":25585360}');
const HEAD = '{"type":"update/trade","channel":"trade:1","nonce":10380969080,"trades":[';
const TRADES = `${HEAD}${ROW}],"liquidation_trades":[${LIQUIDATION}]}`;
/** Every member the row layout lists, the optional ones too. */
const FULL_ROW = ROW.replace('"timestamp":1776690800246', '"timestamp":1776690800246,"taker_fee":-3').replace(
  '"transaction_time":1776690800252707}',
  '"maker_position_sign_changed":false,"transaction_time":1776690800252707,"taker_allocated_margin_usdc_before":-1,"maker_allocated_margin_usdc_before":0,"ask_account_pnl":"-1.5","bid_account_pnl":"0"}',
);
/** The SDK's layout: no `_str` texts. */
const BARE_ROW = ROW.replace(/,"[a-z_]+_str":"\d+"/g, "");

const trades = (...rows: string[]) => `${HEAD}${rows.join(",")}]}`;
const withRow = (edit: (row: string) => string) => trades(edit(ROW));

describe("edge cases: the readers take what they can read exactly and leave the rest", () => {
  test("the layouts Lighter sends are read in place", () => {
    for (const frame of [
      BOOK,
      SNAPSHOT,
      BOOK.replace(/,"last_updated_at":\d+/g, ""),
      BOOK.replace(/"asks":\[[^\]]*\]/, '"asks":[]').replace(/"bids":\[[^\]]*\]/, '"bids":[]'),
      TRADES,
      trades(ROW),
      trades(ROW, ROW, FULL_ROW),
      trades(BARE_ROW),
      trades(),
      `${HEAD}],"liquidation_trades":[]}`,
      `${HEAD}],"liquidation_trades":[${LIQUIDATION},${LIQUIDATION}]}`,
      TRADES.replace('"update/trade"', '"subscribed/trade"'),
    ]) {
      expect(isRead(frame)).toBe(true);
      expect(expectSamePaths(frame).kind).toBe("events");
    }
  });

  test("level texts are the venue's, strings of their own, and the same string for the same text again", () => {
    const first = parseLighterFrame(BOOK, contextOf("linear", true)());
    const second = parseLighterFrame(BOOK.replace('"0.28364"', '"0.283640"'), contextOf("linear", true)());
    if (first.kind !== "events" || second.kind !== "events") throw new Error("expected events");
    const [a, b] = [first.events[0], second.events[0]];
    if (a?.kind !== "book" || b?.kind !== "book") throw new Error("expected books");
    expect(a.asks.map((level) => level.slice(2))).toEqual([
      ["75300.5", "0.00000"],
      ["75300.7", "0.28364"],
    ]);
    // One value, two texts: each kept as sent.
    expect(b.asks[1]![3]).toBe("0.283640");
    expect(b.asks[0]![2]).toBe(a.asks[0]![2]!);
  });

  test("texts of one value and one length, with and without leading zeros, are told apart", () => {
    const sizes = ["0.50", "00.5", "0.50", "1.50", "01.5", "1.50"];
    for (const size of sizes) {
      const frame = BOOK.replace('"size":"0.28364"', `"size":"${size}"`);
      expect(isRead(frame)).toBe(true);
      const parsed = expectSamePaths(frame);
      if (parsed.kind !== "events" || parsed.events[0]?.kind !== "book") throw new Error("expected a book");
      expect(parsed.events[0].asks[1]![3]).toBe(size);
    }
  });

  const bookCases: Record<string, string> = {
    "zero price and size": BOOK.replace('"price":"75300.5","size":"0.00000"', '"price":"0","size":"0"'),
    "empty price": BOOK.replace('"price":"75300.5"', '"price":""'),
    "price with an exponent": BOOK.replace('"price":"75300.5"', '"price":"7.53005e4"'),
    "price with a sign": BOOK.replace('"price":"75300.5"', '"price":"-75300.5"'),
    "price with a space": BOOK.replace('"price":"75300.5"', '"price":" 75300.5"'),
    "price as a number": BOOK.replace('"price":"75300.5"', '"price":75300.5'),
    "size as a number": BOOK.replace('"size":"0.28364"', '"size":0.28364'),
    "escaped price": BOOK.replace('"price":"75300.5"', '"price":"7530\\u00300.5"'),
    "price with leading zeros": BOOK.replace('"price":"75300.5"', '"price":"075300.5"'),
    "price of 16 digits": BOOK.replace('"price":"75300.5"', '"price":"75300.50000000001"'),
    "price of 22 digits": BOOK.replace('"price":"75300.5"', '"price":"75300.50000000000000001"'),
    "price past every double": BOOK.replace('"price":"75300.5"', `"price":"${"9".repeat(400)}"`),
    "size past every double": BOOK.replace('"size":"0.28364"', `"size":"${"9".repeat(400)}.5"`),
    "whole price": BOOK.replace('"price":"75300.5"', '"price":"75300"'),
    "price with a trailing dot": BOOK.replace('"price":"75300.5"', '"price":"75300."'),
    "nonce past every double": BOOK.replace("10382292188", "9".repeat(400)),
    "begin_nonce past every double": BOOK.replace("10382292136", "9".repeat(400)),
    "nonce past 2^53": BOOK.replace("10382292188", "9007199254740993"),
    "nonce as text": BOOK.replace("10382292188", '"10382292188"'),
    "negative nonce": BOOK.replace("10382292188", "-1"),
    "zero nonces": BOOK.replace("10382292188", "0").replace("10382292136", "0"),
    "snapshot with a begin_nonce": SNAPSHOT.replace('"begin_nonce":0', '"begin_nonce":7'),
    "no nonce": BOOK.replace(',"nonce":10382292188', ""),
    "no begin_nonce": BOOK.replace(',"begin_nonce":10382292136', ""),
    "zero timestamp": BOOK.replace("1776692222475", "0"),
    "timestamp of 16 digits": BOOK.replace("1776692222475", "1776692222475123"),
    "timestamp of 17 digits": BOOK.replace("1776692222475", "17766922224751234"),
    "timestamp as text": BOOK.replace("1776692222475", '"1776692222475"'),
    "timestamp with a fraction": BOOK.replace("1776692222475", "1776692222475.5"),
    "no timestamp": BOOK.replace(',"timestamp":1776692222475', ""),
    "market 0": BOOK.replace("order_book:1", "order_book:0"),
    "spot market": BOOK.replace("order_book:1", "order_book:2048"),
    "market with a leading zero": BOOK.replace("order_book:1", "order_book:01"),
    "market by name": BOOK.replace("order_book:1", "order_book:BTC"),
    "channel with a slash": BOOK.replace("order_book:1", "order_book/1"),
    "no market": BOOK.replace("order_book:1", "order_book:"),
    "code 1": BOOK.replace('"code":0', '"code":1'),
    "an error member": BOOK.replace('"type"', '"error":{"code":1,"message":"x"},"type"'),
    "extra level member": BOOK.replace('"size":"0.28364"}', '"size":"0.28364","n":1}'),
    "level as a pair": BOOK.replace('{"price":"75300.7","size":"0.28364"}', '["75300.7","0.28364"]'),
    "level without a size": BOOK.replace(',"size":"0.28364"', ""),
    "size before price": BOOK.replace(
      '"price":"75300.7","size":"0.28364"',
      '"size":"0.28364","price":"75300.7"',
    ),
    "duplicate price": BOOK.replace('"price":"75300.7"', '"price":"1","price":"75300.7"'),
    "bids before asks": BOOK.replace(
      /"asks":(\[[^\]]*\]),"bids":(\[[^\]]*\])/,
      (_, asks: string, bids: string) => `"bids":${bids},"asks":${asks}`,
    ),
    "sides missing": BOOK.replace(/"asks":\[[^\]]*\],"bids":\[[^\]]*\],/, ""),
    "asks null": BOOK.replace(/"asks":\[[^\]]*\]/, '"asks":null'),
    "order_book null": '{"type":"update/order_book","channel":"order_book:1","order_book":null}',
    "other key order": BOOK.replace(
      '"offset":52072055,"timestamp":1776692222475',
      '"timestamp":1776692222475,"offset":52072055',
    ),
    "the docs' key order": JSON.stringify(
      Object.fromEntries(
        Object.entries(JSON.parse(BOOK) as Record<string, unknown>).sort(([a], [b]) => a.localeCompare(b)),
      ),
    ),
    "whitespace between levels": BOOK.replace("},{", "}, {"),
    "trailing space": `${BOOK} `,
    "trailing garbage": `${BOOK}]`,
    truncated: BOOK.slice(0, -1),
    "other type": BOOK.replace("update/order_book", "update/order_books"),
  };
  for (const [name, frame] of Object.entries(bookCases)) {
    test(`order_book: ${name}`, () => {
      expectSamePaths(frame);
    });
  }

  const tradeCases: Record<string, string> = {
    "zero price and size": withRow((row) =>
      row.replace('"size":"0.00012","price":"75196.7"', '"size":"0","price":"0.0"'),
    ),
    "empty size": withRow((row) => row.replace('"size":"0.00012"', '"size":""')),
    "price as a number": withRow((row) => row.replace('"price":"75196.7"', '"price":75196.7')),
    "price with an exponent": withRow((row) => row.replace('"price":"75196.7"', '"price":"7.51967e4"')),
    "negative size": withRow((row) => row.replace('"size":"0.00012"', '"size":"-0.00012"')),
    "price past every double": withRow((row) =>
      row.replace('"price":"75196.7"', `"price":"${"9".repeat(400)}"`),
    ),
    "long price": withRow((row) => row.replace('"price":"75196.7"', '"price":"75196.700000000000000001"')),
    "usd_amount past every double, trade": withRow((row) =>
      row.replace('"usd_amount":"9.023604"', `"usd_amount":"${"9".repeat(400)}"`),
    ),
    "usd_amount past every double, liquidation": `${HEAD}],"liquidation_trades":[${LIQUIDATION.replace('"usd_amount":"9.023604"', `"usd_amount":"${"9".repeat(400)}"`)}]}`,
    "usd_amount as a number": withRow((row) =>
      row.replace('"usd_amount":"9.023604"', '"usd_amount":9.023604'),
    ),
    "no usd_amount": `${HEAD}],"liquidation_trades":[${LIQUIDATION.replace(',"usd_amount":"9.023604"', "")}]}`,
    "zero usd_amount": `${HEAD}],"liquidation_trades":[${LIQUIDATION.replace('"usd_amount":"9.023604"', '"usd_amount":"0"')}]}`,
    "market_id as text": withRow((row) => row.replace('"market_id":1', '"market_id":"1"')),
    "market_id 0": withRow((row) => row.replace('"market_id":1', '"market_id":0')),
    "market_id of 16 digits": withRow((row) => row.replace('"market_id":1', '"market_id":1234567890123456')),
    "market_id past a double": withRow((row) =>
      row.replace('"market_id":1', `"market_id":${"9".repeat(400)}`),
    ),
    "market_id null": withRow((row) => row.replace('"market_id":1', '"market_id":null')),
    "no market_id": withRow((row) => row.replace(',"market_id":1', "")),
    "market_id unlike the channel's": withRow((row) => row.replace('"market_id":1', '"market_id":2048')),
    "trade_id_str unlike trade_id": withRow((row) =>
      row.replace('"trade_id_str":"18240999426"', '"trade_id_str":"x-7"'),
    ),
    "trade_id_str empty": withRow((row) => row.replace('"trade_id_str":"18240999426"', '"trade_id_str":""')),
    "trade_id_str with a leading zero": withRow((row) =>
      row.replace('"trade_id_str":"18240999426"', '"trade_id_str":"018240999426"'),
    ),
    "trade_id_str of 16 digits": withRow((row) =>
      row.replace('"trade_id_str":"18240999426"', '"trade_id_str":"1824099942612345"'),
    ),
    "trade_id_str 0": withRow((row) => row.replace('"trade_id_str":"18240999426"', '"trade_id_str":"0"')),
    "trade_id_str with an escape": withRow((row) =>
      row.replace('"trade_id_str":"18240999426"', '"trade_id_str":"1824\\u00309"'),
    ),
    "trade_id_str as a number": withRow((row) =>
      row.replace('"trade_id_str":"18240999426"', '"trade_id_str":18240999426'),
    ),
    "trade_id_str null": withRow((row) => row.replace('"trade_id_str":"18240999426"', '"trade_id_str":null')),
    "no trade_id_str, trade_id past 2^53": trades(BARE_ROW.replace("18240999426", "9007199254740993")),
    "no trade_id_str, trade_id past a double": trades(BARE_ROW.replace("18240999426", "9".repeat(400))),
    "no trade_id_str, trade_id 0": trades(BARE_ROW.replace("18240999426", "0")),
    "trade_id as text": withRow((row) => row.replace('"trade_id":18240999426', '"trade_id":"18240999426"')),
    "trade_id with a leading zero": withRow((row) =>
      row.replace('"trade_id":18240999426', '"trade_id":018240999426'),
    ),
    "no trade_id": withRow((row) => row.replace('"trade_id":18240999426,', "")),
    "is_maker_ask true": withRow((row) => row.replace('"is_maker_ask":false', '"is_maker_ask":true')),
    "is_maker_ask null": withRow((row) => row.replace('"is_maker_ask":false', '"is_maker_ask":null')),
    "is_maker_ask as text": withRow((row) => row.replace('"is_maker_ask":false', '"is_maker_ask":"true"')),
    "is_maker_ask as 1": withRow((row) => row.replace('"is_maker_ask":false', '"is_maker_ask":1')),
    "no is_maker_ask": withRow((row) => row.replace(',"is_maker_ask":false', "")),
    "zero timestamp": withRow((row) => row.replace('"timestamp":1776690800246', '"timestamp":0')),
    "timestamp as text": withRow((row) =>
      row.replace('"timestamp":1776690800246', '"timestamp":"1776690800246"'),
    ),
    "timestamp of 16 digits": withRow((row) =>
      row.replace('"timestamp":1776690800246', '"timestamp":1776690800246123'),
    ),
    "timestamp of 17 digits": withRow((row) =>
      row.replace('"timestamp":1776690800246', '"timestamp":17766908002461234'),
    ),
    "no timestamp": withRow((row) => row.replace(',"timestamp":1776690800246', "")),
    "tx_hash empty": withRow((row) =>
      row.replace('"tx_hash":"00000011bd6636f50000019dab062676"', '"tx_hash":""'),
    ),
    "tx_hash with brackets, braces and commas": withRow((row) =>
      row.replace(
        '"tx_hash":"00000011bd6636f50000019dab062676"',
        '"tx_hash":"0x]},{\\"is_maker_ask\\":true"',
      ),
    ),
    "tx_hash with a member's text": withRow((row) =>
      row.replace('"tx_hash":"00000011bd6636f50000019dab062676"', '"tx_hash":",\\"is_maker_ask\\":true,"'),
    ),
    "tx_hash as a number": withRow((row) =>
      row.replace('"tx_hash":"00000011bd6636f50000019dab062676"', '"tx_hash":12'),
    ),
    "control character in the tx_hash": withRow((row) =>
      row.replace('"tx_hash":"00000011bd', '"tx_hash":"\u000100000011bd'),
    ),
    "type of another kind": withRow((row) => row.replace('"type":"trade"', '"type":"market-settlement"')),
    "ask_id_str with an escape": withRow((row) =>
      row.replace('"ask_id_str":"562952080517591"', '"ask_id_str":"5\\n6"'),
    ),
    "negative ask_id": withRow((row) => row.replace('"ask_id":562952080517591', '"ask_id":-562952080517591')),
    "fee with a fraction": withRow((row) => row.replace('"maker_fee":38', '"maker_fee":3.8')),
    "negative maker fee": withRow((row) => row.replace('"maker_fee":38', '"maker_fee":-38')),
    "position as a number": withRow((row) =>
      row.replace('"maker_position_size_before":"-60.95034"', '"maker_position_size_before":-60.95034'),
    ),
    "position with an exponent": withRow((row) =>
      row.replace('"maker_position_size_before":"-60.95034"', '"maker_position_size_before":"-6.095034e1"'),
    ),
    "every member the layout lists": trades(FULL_ROW),
    "the SDK's layout": trades(BARE_ROW),
    "tail members in another order": withRow((row) =>
      row.replace(
        '"maker_fee":38,"maker_position_size_before":"-60.95034"',
        '"maker_position_size_before":"-60.95034","maker_fee":38',
      ),
    ),
    "a member the layout does not list": withRow((row) => row.replace("}", ',"referral_fee":1}')),
    "a duplicate price at the end": withRow((row) => row.replace("}", ',"price":"1"}')),
    "a duplicate transaction_time": withRow((row) => row.replace("}", ',"transaction_time":1}')),
    "a nested member": withRow((row) => row.replace("}", ',"x":{"y":[1]}}')),
    "price before size": withRow((row) =>
      row.replace('"size":"0.00012","price":"75196.7"', '"price":"75196.7","size":"0.00012"'),
    ),
    "empty row": trades("{}"),
    "row that is no object": trades("1"),
    "null row": trades("null"),
    "rows of two markets": trades(ROW, ROW.replace('"market_id":1', '"market_id":0')),
    "trades not a list": `${HEAD.slice(0, -1)}{}}`,
    "trades null": '{"type":"update/trade","channel":"trade:1","nonce":1,"trades":null}',
    "no trades": '{"type":"update/trade","channel":"trade:1","nonce":1,"liquidation_trades":[]}',
    "liquidation_trades before trades": `{"type":"update/trade","channel":"trade:1","nonce":1,"liquidation_trades":[${LIQUIDATION}],"trades":[${ROW}]}`,
    "liquidation_trades null": `${HEAD}${ROW}],"liquidation_trades":null}`,
    "liquidation_trades twice": `${HEAD}${ROW}],"liquidation_trades":[],"liquidation_trades":[${LIQUIDATION}]}`,
    "trades twice": `${HEAD}${ROW}],"trades":[]}`,
    "no nonce": TRADES.replace('"nonce":10380969080,', ""),
    "nonce as text": TRADES.replace('"nonce":10380969080', '"nonce":"10380969080"'),
    "channel of another market": TRADES.replace('"trade:1"', '"trade:0"'),
    "channel by name": TRADES.replace('"trade:1"', '"trade:BTC"'),
    "channel with a slash": TRADES.replace('"trade:1"', '"trade/1"'),
    "an error member": TRADES.replace('"type"', '"error":"x","type"'),
    "other key order": TRADES.replace(
      '"channel":"trade:1","nonce":10380969080',
      '"nonce":10380969080,"channel":"trade:1"',
    ),
    "whitespace between rows": trades(ROW, ROW).replace("},{", "}, {"),
    "whitespace in a row": withRow((row) => row.replace('"price":"75196.7"', '"price": "75196.7"')),
    "trailing comma": `${HEAD}${ROW},]}`,
    "trailing space": `${TRADES} `,
    "trailing garbage": `${TRADES}}`,
    "leading space": ` ${TRADES}`,
    truncated: TRADES.slice(0, -1),
    "cut in a row": TRADES.slice(0, 400),
    "other type": TRADES.replace("update/trade", "update/trades"),
    "ticker type": TRADES.replace("update/trade", "update/ticker"),
  };
  for (const [name, frame] of Object.entries(tradeCases)) {
    test(`trade: ${name}`, () => {
      expectSamePaths(frame);
    });
  }

  test("blank and non-JSON frames keep their verdicts", () => {
    expect(expectSamePaths("")).toEqual({ kind: "ignored", reason: "empty frame" });
    expect(expectSamePaths(" \n")).toEqual({ kind: "ignored", reason: "empty frame" });
    expect(expectSamePaths("pong")).toEqual({ kind: "pong" });
    expect(expectSamePaths(HEAD)).toEqual({ kind: "unmatched", topic: "(not json)" });
    expect(expectSamePaths('{"type":"update/order_book","channel":"order_book:')).toEqual({
      kind: "unmatched",
      topic: "(not json)",
    });
  });
});
