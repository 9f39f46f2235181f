// The in-place reader (scan.ts) against the JSON.parse path, frame by frame on two contexts fed alike: on every
// recorded frame of ../shared/wire/bitfinex, on seeded mutations of them (whitespace, escapes, number forms, JSON
// value changes) and on synthetic sessions under every flag combination, where the reader takes a frame its result
// must equal the JSON.parse path's, key order included; and it must take every well-formed frame it is written for.
// Then hand-made edge cases, each taken or left as the reader's rules say.

import { describe, expect, test } from "bun:test";
import {
  escapeAt,
  expectSame,
  type FastPaths,
  isDigitOrLower,
  type Mutation,
  mutationMix,
  type Pair,
  pairOf,
  runRecorded,
  spaceAfterMark,
  contextOf as venueContextOf,
  wireOf,
} from "../../../test/reliability/fast-path-cases.ts";
import { createRandom } from "../../../test/reliability/mutate.ts";
import type { Parsed } from "../_shared/adapter.ts";
import { parseBitfinexFrame, parseBitfinexJson } from "./parse.ts";
import { scanChannelFrame } from "./scan.ts";

const WIRE = wireOf("bitfinex");
const MUTATIONS_PER_FRAME = 40;
const PATHS: FastPaths = { readers: { scan: scanChannelFrame }, json: parseBitfinexJson };
const contextOf =
  (account = "spot") =>
  () =>
    venueContextOf("bitfinex", account, { recvTsUs: 1_700_000_000_123_456 });

/** Two connections fed the same frames: one through the reader (JSON.parse where it declines), one JSON.parse only. */
const pair = (account = "spot"): Pair => pairOf(PATHS, { context: contextOf(account) });

/** Another spelling of some numbers. */
const numberForms: Mutation = (frame, random) => {
  const forms = (text: string) => [
    `${text}0000000000`,
    "-0.0",
    "1e3",
    "1.5E-7",
    `0${text}`,
    `${text}.`,
    "-0",
  ];
  return frame.replace(/-?\d+(\.\d+)?/g, (text) => (random.chance(0.3) ? forms(text)[random.int(7)]! : text));
};

/** Same document, other text: whitespace, a `\u` escape, another spelling of a number; else a JSON-level mutation. */
const mutateForReader = mutationMix([
  [0.2, spaceAfterMark()],
  [0.3, escapeAt(isDigitOrLower)],
  [0.45, numberForms],
]);

describe("recorded frames: the in-place reader equals the JSON.parse path", () => {
  for (const account of ["spot", "linear"]) {
    WIRE.test(`${account}: every recorded frame and ${MUTATIONS_PER_FRAME} mutations of each`, () => {
      const counts = runRecorded({
        frames: WIRE.frames(),
        feed: pair(account).feed,
        // A target: a channel frame the JSON.parse path turns into events or a `tu` / heartbeat verdict.
        target: (frame, expected) =>
          frame.startsWith("[") &&
          !/"(book|trades|ticker|status|raw_book|candles|liquidations)"/.test(frame) &&
          (expected.kind === "events"
            ? expected.events.every((event) => event.kind === "book" || event.kind === "trade")
            : expected.kind === "ignored" && /heartbeat|tu: repeats/.test(expected.reason))
            ? "scan"
            : undefined,
        mutations: MUTATIONS_PER_FRAME,
        random: createRandom(0xb17f),
        mutate: mutateForReader,
        // A mutated event (another channel id, say) would reroute the session: it is checked on its own.
        apart: { when: (frame) => frame.startsWith("{"), feed: (mutant) => pair(account).feed(mutant) },
      });
      // Every well-formed book, trade, `tu` and heartbeat frame on a subscribed channel is read in place.
      expect(counts.targetCount).toBeGreaterThan(600);
      expect(counts.mutantsTaken).toBeGreaterThan(counts.targetCount);
    });
  }
});

describe("synthetic sessions: every flag combination, every frame kind, odd numbers", () => {
  const NUMBERS = [
    "0",
    "-0",
    "1",
    "-1",
    "0.5",
    "-0.00000001",
    "123456789012345",
    "1234567890123456",
    "1e3",
    "1.5E-7",
    "10087.98969503",
    "1564617600709",
    "-19.66495267",
    "0.0",
    "2147483648",
    "99999999999999.9",
  ];
  const FLAGS = [undefined, 0, 32_768, 65_536, 98_304, 131_072, 163_840, 229_376];

  test("400 sessions of 60 frames: the reader equals the JSON.parse path wherever it reads", () => {
    const random = createRandom(0x5eed);
    const pick = <T>(values: readonly T[]): T => values[random.int(values.length)]!;
    const row = (items: number) => `[${Array.from({ length: items }, () => pick(NUMBERS)).join(",")}]`;
    let taken = 0;
    for (let session = 0; session < 400; session++) {
      const check = pair();
      const flags = pick(FLAGS);
      if (flags !== undefined) check.feed(JSON.stringify({ event: "conf", status: "OK", flags }));
      check.feed(
        '{"event":"subscribed","channel":"book","chanId":10,"symbol":"tBTCUSD","prec":"P0","len":"25"}',
      );
      check.feed('{"event":"subscribed","channel":"trades","chanId":11,"symbol":"tETHUSD"}');
      check.feed(
        '{"event":"subscribed","channel":"book","chanId":12,"symbol":"fUSD","prec":"P0","len":"25"}',
      );
      check.feed('{"event":"subscribed","channel":"ticker","chanId":13,"symbol":"tBTCUSD"}');
      let seq = 1;
      for (let i = 0; i < 60; i++) {
        const chanId = pick([10, 10, 10, 11, 11, 12, 13, 99]);
        const stamps = Array.from({ length: pick([0, 1, 2, 2, 2, 3]) }, (_, at) => {
          if (at === 0) {
            seq += pick([1, 1, 1, 2, 5]);
            return `,${seq}`;
          }
          return at === 1 ? `,${pick(["1564617600709", "0", "5", "1e12"])}` : `,${pick(NUMBERS)}`;
        }).join("");
        const frames = [
          `[${chanId},${row(pick([3, 3, 3, 2, 4]))}${stamps}]`,
          `[${chanId},[${Array.from({ length: random.int(5) }, () => row(pick([3, 3, 3, 4]))).join(",")}]${stamps}]`,
          `[${chanId},"cs",${pick(["-123456", "123", "1.5", "0", "-0", '"7"'])}${stamps}]`,
          `[${chanId},"hb"${stamps}]`,
          `[${chanId},"te",${row(pick([4, 4, 4, 3, 5]))}${stamps}]`,
          `[${chanId},"tu",${row(pick([4, 4, 5]))}${stamps}]`,
          `[${chanId},"tu",${pick(["null", "[]", '"x"', "{}"])}${stamps}]`,
          `[${chanId},${row(3)}${stamps},"book","BTCUSD"]`,
        ];
        const frame = pick(frames);
        if (check.feed(frame).taken !== undefined) taken++;
        if (random.chance(0.2)) check.feed(mutateForReader(frame, random));
      }
    }
    expect(taken).toBeGreaterThan(4_000);
  });
});

/** Frames the recordings lack, after `conf` (SEQ_ALL + TIMESTAMP) and two subscriptions, each taken or left. */
const EDGE_CASES: { taken: boolean; frame: string }[] = [
  // Book: update, snapshot, empty snapshot, removal (count 0), checksum, heartbeat, stamps in any number.
  { taken: true, frame: "[10,[60400,1,0.68826974],5,1700000000000]" },
  { taken: true, frame: "[10,[[60400,1,0.5],[60401,2,-1.5]],6,1700000000001]" },
  { taken: true, frame: "[10,[],7,1700000000002]" },
  { taken: true, frame: "[10,[60400,0,-1],8,1700000000003]" },
  { taken: true, frame: "[10,[60400,0,-1]]" },
  { taken: true, frame: "[10,[60400,0,-1],9]" },
  { taken: true, frame: "[10,[60400,0,-1],10,1700000000004,77]" },
  { taken: true, frame: '[10,"cs",-1234567890,11,1700000000005]' },
  { taken: true, frame: '[10,"hb",12,1700000000006]' },
  { taken: true, frame: '[99,"hb",13]' },
  { taken: true, frame: "[10,[-0.5,1,-1],14]" },
  { taken: true, frame: "[10,[123456789012345,1,0.00000001],15]" },
  // Exponents, as Bitfinex writes tiny amounts: m × 10^k for |k| up to 22 is one exact operation.
  { taken: true, frame: "[10,[[2e-8,1,1],[0.020555,2,-3.5E+2],[1.5e-21,1,1e22]],15]" },
  { taken: true, frame: "[10,[1E0,1,-1e-0],15]" },
  // Prices and sizes past the short decimal form (a sign on the price, 16 characters, an integer count as 1.0) are
  // read by the general reader.
  { taken: true, frame: "[10,[0.0010262,1,-8],50]" },
  { taken: true, frame: "[10,[60400,1,99999999999999.9],51]" },
  { taken: true, frame: "[10,[60400.5,1,-0.00000000000001],52]" },
  { taken: true, frame: "[10,[60400,1.0,1],53]" },
  { taken: true, frame: "[10,[-60400,1,1],54]" },
  { taken: true, frame: "[10,[0,1,-0.5],55]" },
  // Trades: te (either side), tu; a tu row may hold anything valid.
  { taken: true, frame: '[11,"te",[382489563,1564617600709,0.00705845,10087.98969503],16,1700000000007]' },
  { taken: true, frame: '[11,"te",[1,1564617600709,-2,3],17]' },
  { taken: true, frame: '[11,"tu",[382489563,1564617600709,-1e-7,1.5E3],18,1700000000008]' },
  // Trade rows at the short readers' edges: the id's text is the event's id where it is plain digits; other id
  // forms (an exponent, a fraction, a sign) are read by the general reader and written out as JSON.parse's number.
  { taken: true, frame: '[11,"te",[0,1564617600709,1,1],56]' },
  { taken: true, frame: '[11,"te",[999999999999999,999999999999999,-99999999999999.9,0.00000000000001],57]' },
  { taken: true, frame: '[11,"te",[1e3,1564617600709,-0.5,2],58]' },
  { taken: true, frame: '[11,"te",[12.5,1564617600709,-0.5,2],59]' },
  { taken: true, frame: '[11,"te",[-7,1564617600709,2e-8,2],60]' },
  { taken: true, frame: '[11,"te",[5,1.564617600709e12,-2E-8,1.5e3],61]' },
  { taken: true, frame: '[11,"te",[5,1564617600709,-123456789012345,123456789012345],62]' },
  { taken: true, frame: '[11,"te",[5,1564617600709,-1.0,0.1],63]' },
  // The JSON.parse path judges the rest.
  { taken: false, frame: "[10,[60400,1,0],19]" },
  { taken: false, frame: "[10,[60400,1],20]" },
  { taken: false, frame: "[10,[60400,1,1,1],21]" },
  { taken: false, frame: '[10,["60400",1,1],22]' },
  { taken: false, frame: "[10,[60400,1,1e-23],23]" },
  { taken: false, frame: "[10,[60400,1,1e23],23]" },
  { taken: false, frame: "[10,[60400,1,1e400],23]" },
  { taken: false, frame: "[10,[60400,1,1e0001],23]" },
  { taken: false, frame: "[10,[60400,1,1e],23]" },
  { taken: false, frame: "[10,[60400,1,1e+],23]" },
  { taken: false, frame: "[10,[1234567890123456,1,1],24]" },
  { taken: false, frame: "[10,[60400,1,01],25]" },
  { taken: false, frame: "[10,[60400,1,1.],26]" },
  { taken: false, frame: "[10,[60400,1,1] ,27]" },
  { taken: false, frame: "[10,[60400,1,--1],27]" },
  { taken: false, frame: "[10,[60400,1,-],27]" },
  { taken: false, frame: "[10,[60400,1,.5],27]" },
  { taken: false, frame: "[10,[60400,1,-.5],27]" },
  { taken: false, frame: "[10,[060400,1,1],27]" },
  { taken: false, frame: "[10,[60400,01,1],27]" },
  { taken: false, frame: "[10,[60400,1,-01],27]" },
  { taken: false, frame: "[10,[60400,1,1.5.5],27]" },
  { taken: false, frame: "[10,[60400,1,+1],27]" },
  { taken: false, frame: "[10,[60400,1,-0],27]" },
  { taken: false, frame: "[010,[60400,1,1],27]" },
  { taken: false, frame: " [10,[60400,1,1],28]" },
  { taken: false, frame: "[10,[60400,1,1],29] " },
  { taken: false, frame: "[10,[60400,1,1],30,null]" },
  { taken: false, frame: '[10,[60400,1,1],31,1700000000000,"book","BTCUSD"]' },
  { taken: false, frame: "[10,[[60400,1,1],5],32]" },
  { taken: false, frame: '[10,"cs",1.5,33]' },
  { taken: false, frame: '[10,"cs","7",34]' },
  { taken: false, frame: '[10,"te",[1,2,3,4],35]' },
  { taken: false, frame: '[11,"te",[1,0,1,1],36]' },
  { taken: false, frame: '[11,"te",[1,1,0,1],37]' },
  { taken: false, frame: '[11,"te",[1,1,1,0],38]' },
  { taken: false, frame: '[11,"te",[1,1,1,1,5],39]' },
  { taken: false, frame: '[11,"te",[1,1,1],40]' },
  { taken: false, frame: '[11,"te",[1234567890123456,1564617600709,1,1],64]' },
  { taken: false, frame: '[11,"te",[1,1564617600709,--1,1],65]' },
  { taken: false, frame: '[11,"te",[1,1564617600709,-,1],66]' },
  { taken: false, frame: '[11,"te",[1,1564617600709,-.5,1],67]' },
  { taken: false, frame: '[11,"te",[1,1564617600709,-0,1],68]' },
  { taken: false, frame: '[11,"te",[1,1564617600709,-01,1],69]' },
  { taken: false, frame: '[11,"te",[01,1564617600709,1,1],70]' },
  { taken: false, frame: '[11,"te",[1,01564617600709,1,1],71]' },
  { taken: false, frame: '[11,"te",[1,1564617600709,1,-1],72]' },
  { taken: false, frame: '[11,"te",[1,1564617600709,1,+1],73]' },
  { taken: false, frame: '[11,"te",[1,1564617600709,1,1.],74]' },
  { taken: false, frame: '[11,"te",[1,-1564617600709,1,1],75]' },
  { taken: false, frame: '[11,"t\\u0065",[1,1,1,1],41]' },
  { taken: false, frame: '[11,"tu",null,42]' },
  { taken: false, frame: '[11,"fte",[1,1,1,1],43]' },
  { taken: false, frame: '[11,"hb",44,"x"]' },
  { taken: false, frame: "[11,[1,1,1],45]" },
  { taken: false, frame: "[12,[1,1,1],46]" },
  { taken: false, frame: "[13,[1,1,1,1,1,1,1,1,1,1],47]" },
  { taken: false, frame: "[99,[1,1,1],48]" },
  { taken: false, frame: "[10]" },
  { taken: false, frame: "[10,[1,1,1],49" },
  { taken: false, frame: "" },
  { taken: false, frame: "   " },
];

describe("edge cases", () => {
  test("each is read in place or left to the JSON.parse path as the reader's rules say, with equal results", () => {
    const check = pair();
    check.feed(JSON.stringify({ event: "conf", status: "OK", flags: 65_536 + 32_768 }));
    check.feed(
      '{"event":"subscribed","channel":"book","chanId":10,"symbol":"tBTCUSD","prec":"P0","len":"25"}',
    );
    check.feed('{"event":"subscribed","channel":"trades","chanId":11,"symbol":"tETHUSD"}');
    check.feed('{"event":"subscribed","channel":"book","chanId":12,"symbol":"fUSD","prec":"P0","len":"25"}');
    check.feed('{"event":"subscribed","channel":"ticker","chanId":13,"symbol":"tBTCUSD"}');
    for (const { taken, frame } of EDGE_CASES)
      expect([frame, check.feed(frame).taken !== undefined]).toEqual([frame, taken]);
  });

  test("the parser reads in place where it can and agrees with the JSON.parse path on the rest", () => {
    const viaParser = contextOf()();
    const viaJson = contextOf()();
    const frames = [
      JSON.stringify({ event: "conf", status: "OK", flags: 65_536 }),
      '{"event":"subscribed","channel":"book","chanId":10,"symbol":"tBTCUSD","prec":"P0","len":"25"}',
      ...EDGE_CASES.map((edge) => edge.frame),
    ];
    for (const frame of frames) {
      const parsed: Parsed = parseBitfinexFrame(frame, viaParser);
      expectSame(parsed, parseBitfinexJson(frame, viaJson), frame);
    }
  });
});
