// The frame scanner's readers against JSON.parse and `toNumber`: the same numbers, the same verdict on validity.

import { describe, expect, test } from "bun:test";
import { FrameScanner } from "./scan.ts";
import { toLevels, toNumber } from "./values.ts";

const scanner = new FrameScanner();

function scanWhole<T>(text: string, read: (s: FrameScanner) => T): { value: T; ok: boolean } {
  // (a reader's value is meaningless when `ok` is false)
  scanner.reset(text);
  const value = read(scanner);
  return { value, ok: scanner.isAtEnd() };
}

const DECIMAL_TEXTS = [
  "0.35130000",
  "297",
  "0",
  "0.1",
  ".5",
  "5.",
  ".",
  "",
  "-1.5",
  "+2",
  "1e5",
  " 12 ",
  "0x10",
  "Infinity",
  "abc",
  "1.2.3",
  "12345678901234567",
  "9007199254740993",
  "9007199254740991",
  "99999999999999999",
  "0.000000000000000001",
  "123456789.12345678",
  "999999999999.99999",
  "00012.5000",
  "1".repeat(40),
];

const NUMBER_TEXTS = [
  "0",
  "-0",
  "7",
  "-7",
  "1554076800945",
  "999999999999999",
  "9999999999999999",
  "600859600917",
  "1.5",
  "-12.5e3",
  "1E-7",
  "1e+308",
  "1e999",
  "123456789012345678901234567890",
];

describe("FrameScanner readers", () => {
  test("a decimal text reads as toNumber reads it, including texts that are no plain decimal", () => {
    for (const text of DECIMAL_TEXTS) {
      const { value, ok } = scanWhole(JSON.stringify(text), (s) => s.decimalString());
      expect(ok).toBe(true);
      expect(Object.is(value, toNumber(text)) || `${text}: ${value} vs ${toNumber(text)}`).toBe(true);
    }
  });

  test("a number token reads as JSON.parse reads it", () => {
    for (const text of NUMBER_TEXTS) {
      const { value, ok } = scanWhole(text, (s) => s.number());
      expect(ok).toBe(true);
      expect(Object.is(value, JSON.parse(text)) || `${text}: ${value}`).toBe(true);
    }
  });

  test("levels equal toLevels over the parsed rows, with and without the venue's texts", () => {
    const text = '[["0.35130000","6195.00000000"],["1","abc"],["8476.98","415","0","13"],["0.10","0"]]';
    for (const keepText of [false, true]) {
      const { value, ok } = scanWhole(text, (s) => s.levels(keepText));
      expect(ok).toBe(true);
      expect(value).toStrictEqual(toLevels(JSON.parse(text), keepText));
    }
  });

  test("levels in any spacing, and rows that leave the compact form midway, read as toLevels reads them", () => {
    const texts = [
      '[["1.5","2"],["1.4","3","0","7"],["1.3","0.5"]]',
      '[ ["1.5","2"] , ["1.4","3"] ]',
      '[["1.5","2"],\n["1.4","3"]]',
      '[["1.5","2"] ,["1.4","3"]]',
      '[["1.5", "2"],["1.4","3"]]',
      '[["1.5","2"],[ "1.4","3"]]',
      '[["1.5","2","x\\u0041"],["1.4","3"]]',
      '[["1.5","2",3,null,{"a":[]}],["1.4","3"]]',
      '[["1.5","2" ],["1.4","3"]]',
      '[["1e2","5"],["-1","2"],["1.4"," 3 "]]',
      '[["0.10","7"],["12345678901234567","1"],["","2"],[".","3"]]',
      "[]",
      "[ ]",
    ];
    for (const text of texts) {
      for (const keepText of [false, true]) {
        const { value, ok } = scanWhole(text, (s) => s.levels(keepText));
        expect(ok || text).toBe(true);
        expect(value).toStrictEqual(toLevels(JSON.parse(text), keepText));
      }
    }
  });

  test("level arrays JSON.parse refuses, or whose rows do not start with two strings, fail", () => {
    const texts = [
      '[["1.5","2"],]',
      '[["1.5","2"]',
      '[["1.5","2",]]',
      '[["1.5","2"] ["1.4","3"]]',
      '[["1.5","2\u0001"]]',
      '[["1.5","2","x\u0001"]]',
      '[["1.5","2","x\\q"]]',
      '[["1.5\\u0030","2"]]',
      '[["1.5",2]]',
      '[["1.5","2"],[]]',
      '[["1.5","2"],["1.4"]]',
      '[["1.5","2"]}',
      '[["1.5","2"]x]',
      '[["1.5","2"]x,["1.4","3"]]',
    ];
    for (const text of texts) {
      expect(scanWhole(text, (s) => s.levels(true)).ok || text).not.toBe(true);
    }
  });

  test("level texts handed out again are always the texts sent, however a value is spelled", () => {
    // Same value and length, told apart by where the dot is, by having one, or by a character that is no digit.
    const texts = [
      ["0.10", "00.1", "0.10", "00.1"],
      ["1.0", "001", "1.0", "01.", "001"],
      ["10.", "010", "10.", "010"],
      [" 1.5", "01.5", " 1.5", "01.5"],
      ["+1.50", "01.50", "+1.50"],
      ["1.5e1", "15.00", "1.5e1"],
      ["1234567890123456.5", "1234567890123456.5", "01234567890123456"],
      ["5", "5", "05", "5."],
    ];
    for (const sequence of texts) {
      for (const text of sequence) {
        const { value, ok } = scanWhole(`[["${text}","${text}"]]`, (s) => s.levels(true));
        expect(ok).toBe(true);
        expect(value.map((level) => [level[2], level[3]])).toEqual([[text, text]]);
      }
    }
  });

  test("ids read as toId reads them, and booleans", () => {
    for (const [text, id] of [
      ['"338476307"', "338476307"],
      ['"0123"', "0123"],
      ['"0"', "0"],
      ['"1234567890123456789"', "1234567890123456789"],
      ['"20f43950-d8dd-5b31"', "20f43950-d8dd-5b31"],
      ['"1.50"', "1.50"],
      ['""', ""],
      ["40756030", "40756030"],
      ["1.5e3", "1500"],
    ]) {
      expect(scanWhole(text!, (s) => s.id())).toEqual({ value: id!, ok: true });
    }
  });

  test("values that are not what a reader reads fail it, and the scanner stays failed", () => {
    for (const [text, read] of [
      ["null", (s: FrameScanner) => s.decimalString()],
      ['"a\\"b"', (s: FrameScanner) => s.string()],
      ['"tab\there"', (s: FrameScanner) => s.string()],
      ["01", (s: FrameScanner) => s.number()],
      ["-", (s: FrameScanner) => s.number()],
      ["1.", (s: FrameScanner) => s.number()],
      ['[["1"]]', (s: FrameScanner) => s.levels(false)],
      ['"unterminated', (s: FrameScanner) => s.string()],
      ["null", (s: FrameScanner) => s.id()],
      ['"a\\u0041"', (s: FrameScanner) => s.id()],
    ] as [string, (s: FrameScanner) => unknown][]) {
      expect(scanWhole(text, read).ok).toBe(false);
    }
  });

  test("strings and level texts it hands out do not keep their frame alive", () => {
    // A slice would hold its whole frame: 400 frames of 256 kB kept through one short text each are 100 MB.
    const pad = "y".repeat(256 * 1024);
    const kept: string[] = [];
    Bun.gc(true);
    const beforeBytes = process.memoryUsage().rss;
    for (let i = 0; i < 400; i++) {
      const frame = `{"s":"SYM${i}","i":"id-${i}","b":[["${i}.50","1.0"]],"pad":"${pad}"}`;
      scanner.reset(frame);
      scanner.openObject();
      scanner.key();
      kept.push(scanner.string());
      scanner.nextMember();
      scanner.key();
      kept.push(scanner.id());
      scanner.nextMember();
      scanner.key();
      const [level] = scanner.levels(true);
      kept.push(level![2]!, level![3]!);
    }
    Bun.gc(true);
    const grownBytes = process.memoryUsage().rss - beforeBytes;
    expect(kept.slice(0, 4)).toEqual(["SYM0", "id-0", "0.50", "1.0"]);
    expect(grownBytes).toBeLessThan(40 * 1024 * 1024);
  });

  test("skipValue accepts exactly the documents JSON.parse accepts", () => {
    const documents = [
      '{"a":[1,-2.5e3,"x\\u0041\\n",true,false,null,{"b":{}}],"c":[]}',
      " [ 1 , 2 ] ",
      '"\\ud800"',
      "{}",
      "[]",
      "0",
      '{"a":1,}',
      "[1,]",
      '{"a" 1}',
      "{'a':1}",
      '"\\x41"',
      '"\\u12G4"',
      "[1 2]",
      "-01",
      ".5",
      "+1",
      "1e",
      "nul",
      "NaN",
      '"a\u0001"',
      "[",
      '{"a":1}}',
      "\ufeff{}",
      `${"[".repeat(300)}${"]".repeat(300)}`,
    ];
    for (const text of documents) {
      let parses = true;
      try {
        JSON.parse(text);
      } catch {
        parses = false;
      }
      scanner.reset(text);
      scanner.skipValue();
      expect(`${text}: ${scanner.isAtEnd()}`).toBe(`${text}: ${parses}`);
    }
  });
});
