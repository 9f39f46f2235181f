// The indexer's timestamps read from their digits: the same instant as Date.parse for every text, the indexer's
// layout (valid or out-of-range fields) and any other, whole or in place.

import { describe, expect, test } from "bun:test";
import { createRandom } from "../../../test/reliability/mutate.ts";
import { isoMsIn, isoMsOf } from "./time.ts";

const pad = (value: number, width: number) => String(value).padStart(width, "0");

/** A seeded generator of numbers in [0, 1), so a failure names a case that can be run again. */
const randomOf = (seed: number): (() => number) => createRandom(seed).next;

describe("isoMsOf", () => {
  test("the indexer's layout, fields in and out of range, equals Date.parse", () => {
    const random = randomOf(3);
    const int = (below: number) => Math.floor(random() * below);
    for (let i = 0; i < 200_000; i++) {
      const year = random() < 0.5 ? int(10_000) : 1960 + int(200);
      const text = `${pad(year, 4)}-${pad(int(14), 2)}-${pad(int(33), 2)}T${pad(int(25), 2)}:${pad(int(61), 2)}:${pad(int(61), 2)}.${pad(int(1000), 3)}Z`;
      const ms = isoMsOf(text);
      if (!Object.is(ms, Date.parse(text))) expect(`${text} → ${ms}`).toBe(`${text} → ${Date.parse(text)}`);
    }
  });

  test("calendar corners and other layouts equal Date.parse", () => {
    const texts = [
      "2024-08-22T23:59:58.855Z",
      "0000-01-01T00:00:00.000Z",
      "0000-02-29T00:00:00.000Z",
      "0000-03-01T00:00:00.000Z",
      "1969-12-31T23:59:59.999Z",
      "1970-01-01T00:00:00.000Z",
      "1900-02-29T00:00:00.000Z",
      "2000-02-29T12:00:00.000Z",
      "2100-02-29T00:00:00.000Z",
      "2024-02-30T00:00:00.000Z",
      "2024-04-31T00:00:00.000Z",
      "2024-08-22T24:00:00.000Z",
      "2024-08-22T23:59:60.000Z",
      "2024-08-22T23:59:58Z",
      "2024-08-22T23:59:58.8Z",
      "2024-08-22T23:59:58.855123Z",
      "2024-08-22T23:59:58.855+02:00",
      "2024-08-22t23:59:58.855z",
      "2024-08-22 23:59:58.855Z",
      "+002024-08-22T23:59:58.855Z",
      "2024-08-2aT23:59:58.855Z",
      "２024-08-22T23:59:58.855Z",
      "2024-08-22",
      "",
      "garbage",
    ];
    for (const text of texts) expect([text, isoMsOf(text)]).toEqual([text, Date.parse(text)]);
  });

  test("in place, inside a longer text", () => {
    const frame = '{"createdAt":"2024-08-22T23:59:58.855Z","other":"2024-02-30T00:00:00.000Z"}';
    const first = frame.indexOf("2024");
    const second = frame.lastIndexOf("2024");
    expect(isoMsIn(frame, first, first + 24)).toBe(Date.parse("2024-08-22T23:59:58.855Z"));
    expect(isoMsIn(frame, second, second + 24)).toBe(Date.parse("2024-02-30T00:00:00.000Z"));
    expect(isoMsIn(frame, first, first + 10)).toBe(Date.parse("2024-08-22"));
  });
});
