// The harness of the fast-path equivalence tests: a venue's recorded frames (../shared/wire/<venue>), contexts, seeded
// mutations, both paths run on contexts fed alike, results compared key order included, and a count of the frames the
// fast path took. Each venue's test says what its fast readers are, which recorded frames they must take, and how many
// mutants they must read.

import { expect, test } from "bun:test";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { Account } from "../../src/core/index.ts";
import type { ParseContext, Parsed } from "../../src/exchanges/_shared/adapter.ts";
import { createRandom, mutateFrame, type Random } from "./mutate.ts";

// ── recorded frames ─────────────────────────────────────────────────────────────────────────────────────────────────

/** The recordings' folder (as the simulator finds it: DIG3_WIRE_DIR, else ../shared/wire beside the checkout). */
const WIRE_ROOT = process.env.DIG3_WIRE_DIR ?? join(import.meta.dir, "..", "..", "..", "shared", "wire");

export interface Wire {
  /** Whether the venue's recordings are here; when not, the recorded-frame cases are skipped (with a message). */
  present: boolean;
  /** `test`, or `test.skip` when the recordings are absent. */
  test: typeof test | typeof test.skip;
  /** The recording files (`.ndjson`), REST captures left out. */
  files: string[];
  /** The inbound frames of one file, in order. */
  framesOf(file: string): string[];
  /** The inbound frames of every file, in order. */
  frames(): string[];
}

export function wireOf(venue: string): Wire {
  const dir = join(WIRE_ROOT, venue);
  const present = existsSync(dir);
  if (!present) console.log(`${venue}: ${dir} absent; skipping the recorded-frame equivalence cases`);
  const files = present
    ? readdirSync(dir).filter((name) => name.endsWith(".ndjson") && !name.includes("rest"))
    : [];
  const framesOf = (file: string): string[] => {
    const frames: string[] = [];
    for (const line of readFileSync(join(dir, file), "utf8").split("\n")) {
      if (line.trim().length === 0) continue;
      const entry = JSON.parse(line) as { dir?: string; frame?: unknown };
      if (entry.dir !== "out" && typeof entry.frame === "string") frames.push(entry.frame);
    }
    return frames;
  };
  return {
    present,
    test: present ? test : test.skip,
    files,
    framesOf,
    frames: () => files.flatMap(framesOf),
  };
}

// ── contexts and comparison ─────────────────────────────────────────────────────────────────────────────────────────

export function contextOf(
  venue: string,
  account: Account | string,
  options: { recvTsUs?: number; symbolOf?: (native: string) => string } = {},
): ParseContext {
  return {
    exchange: venue,
    account: account as Account,
    recvTsUs: options.recvTsUs ?? 1_700_000_000_000_000,
    symbolOf: options.symbolOf ?? ((native: string) => `sym:${native}`),
    session: new Map<string, unknown>(),
  };
}

/** Where two equal values first list their keys in another order (a path, built only on a difference), or undefined. */
function keyOrderDifference(actual: unknown, expected: unknown): string | undefined {
  if (actual === null || expected === null || typeof actual !== "object" || typeof expected !== "object")
    return undefined;
  if (Array.isArray(actual)) {
    if (!Array.isArray(expected)) return undefined;
    for (let i = 0; i < actual.length && i < expected.length; i++) {
      const item = actual[i];
      if (item === null || typeof item !== "object") continue;
      const inner = keyOrderDifference(item, expected[i]);
      if (inner !== undefined) return `[${i}]${inner}`;
    }
    return undefined;
  }
  const actualKeys = Object.keys(actual);
  const expectedKeys = Object.keys(expected);
  for (let i = 0; i < actualKeys.length || i < expectedKeys.length; i++)
    if (actualKeys[i] !== expectedKeys[i])
      return `: keys ${actualKeys.join(",")} ≠ ${expectedKeys.join(",")}`;
  for (const key of actualKeys) {
    const inner = keyOrderDifference(
      (actual as Record<string, unknown>)[key],
      (expected as Record<string, unknown>)[key],
    );
    if (inner !== undefined) return `.${key}${inner}`;
  }
  return undefined;
}

/** Equal results (types, -0, undefined members), and every object's keys in the same order, all the way down. */
export function expectSame(actual: Parsed, expected: Parsed, label?: string): void {
  expect(actual, label).toStrictEqual(expected);
  const difference = keyOrderDifference(actual, expected);
  if (difference !== undefined) expect(difference, label).toBeUndefined();
}

// ── the two paths, fed alike ────────────────────────────────────────────────────────────────────────────────────────

export type Reader = (frame: string, context: ParseContext) => Parsed | undefined;

export interface FastPaths {
  /** The fast readers by name, tried in this order: a result where one takes the frame, undefined where it leaves it. */
  readers: Record<string, Reader>;
  /** The JSON.parse path. */
  json(frame: string, context: ParseContext): Parsed;
  /** The venue's parser (the fast readers, else the JSON.parse path): compared too when given. */
  parser?(frame: string, context: ParseContext): Parsed;
}

export interface Fed {
  /** The reader that took the frame, or undefined. */
  taken: string | undefined;
  /** The JSON.parse path's result. */
  expected: Parsed;
}

export interface PairOptions {
  /** A new context of the venue and account under test. */
  context: () => ParseContext;
  /** New contexts for every frame (for venues that keep no state between frames). */
  fresh?: boolean;
  /** A reader that declines a frame must leave the session as it was. */
  declineKeepsSession?: boolean;
}

export interface Pair {
  /** Both paths on `frame` (at `recvTsUs` when given): equal results, or the test fails. */
  feed(frame: string, recvTsUs?: number): Fed;
  /** The stateful contexts: the fast side's (the parser's, when there is one) and the JSON.parse path's. */
  fastContext: ParseContext;
  jsonContext: ParseContext;
}

/**
 * Two contexts fed the same frames. Without a parser: the readers on the fast context (the JSON.parse path there where
 * they decline, so both stay in step) against the JSON.parse path on its own context. With a parser: the parser on the
 * fast context against the JSON.parse path, the readers on a new context only to tell what it took. With `fresh`
 * contexts: the readers' result and the parser's, each on a new context, against the JSON.parse path's.
 */
export function pairOf(paths: FastPaths, options: PairOptions): Pair {
  const { context: next, fresh = false, declineKeepsSession = false } = options;
  const readers = Object.entries(paths.readers);
  const pair: Pair = {
    fastContext: next(),
    jsonContext: next(),
    feed(frame, recvTsUs) {
      if (recvTsUs !== undefined) pair.fastContext.recvTsUs = pair.jsonContext.recvTsUs = recvTsUs;
      const fastContext = fresh ? next() : pair.fastContext;
      const readContext = readers.length === 0 ? fastContext : paths.parser && !fresh ? next() : fastContext;
      let taken: string | undefined;
      let read: Parsed | undefined;
      for (const [name, reader] of readers) {
        const before = declineKeepsSession ? new Map(readContext.session) : undefined;
        read = reader(frame, readContext);
        if (read !== undefined) {
          taken = name;
          break;
        }
        if (before) expect(readContext.session).toEqual(before);
      }
      const expected = paths.json(frame, fresh ? next() : pair.jsonContext);
      // (A reader run apart from the parser only says what the parser took: the parser's result is compared.)
      if (read !== undefined && readContext === fastContext) expectSame(read, expected, frame);
      if (paths.parser) expectSame(paths.parser(frame, fresh ? next() : fastContext), expected, frame);
      else if (read === undefined) expectSame(paths.json(frame, fastContext), expected, frame);
      return { taken, expected };
    },
  };
  return pair;
}

/** Both paths on one frame, on new contexts. */
export function feedAlone(paths: FastPaths, context: () => ParseContext, frame: string): Fed {
  return pairOf(paths, { context, fresh: true }).feed(frame);
}

/** A pair on each context (the readers tried on the first only): both paths agree on `frame` on every one. */
export function pairsOf(paths: FastPaths, contexts: (() => ParseContext)[]): (frame: string) => Fed {
  const pairs = contexts.map((context, at) =>
    pairOf(at === 0 ? paths : { ...paths, readers: {} }, { context }),
  );
  return (frame) => {
    const fed = pairs[0]!.feed(frame);
    for (let at = 1; at < pairs.length; at++) pairs[at]!.feed(frame);
    return fed;
  };
}

// ── recorded frames and their mutations ─────────────────────────────────────────────────────────────────────────────

export interface RecordedRun {
  frames: string[];
  feed: (frame: string) => Fed;
  /** The reader that must take a recorded frame (given the JSON.parse path's result), or undefined. */
  target: (frame: string, expected: Parsed) => string | undefined;
  /** Mutants of each frame (none unless given), drawn by `random` (seeded) with `mutate`. */
  mutations?: number;
  random?: Random;
  mutate?: Mutation;
  /** Frames whose mutants would reroute the session: each mutant goes to a pair of its own, uncounted. */
  apart?: { when: (frame: string) => boolean; feed: (frame: string) => Fed };
}

export interface RecordedCounts {
  /** Recorded frames each reader must take, and those it took. */
  targets: Record<string, number>;
  read: Record<string, number>;
  /** All targets. */
  targetCount: number;
  /** Mutants a reader took; those of them that differ from their frame. */
  mutantsTaken: number;
  changedMutantsTaken: number;
}

/** Every recorded frame, each followed by its mutants, through `feed`; every target must be read by its reader. */
export function runRecorded(run: RecordedRun): RecordedCounts {
  const counts: RecordedCounts = {
    targets: {},
    read: {},
    targetCount: 0,
    mutantsTaken: 0,
    changedMutantsTaken: 0,
  };
  for (const frame of run.frames) {
    const fed = run.feed(frame);
    const target = run.target(frame, fed.expected);
    if (target !== undefined) {
      counts.targetCount++;
      counts.targets[target] = (counts.targets[target] ?? 0) + 1;
      counts.read[target] ??= 0;
      if (fed.taken === target) counts.read[target]++;
    }
    const apart = run.apart?.when(frame) ? run.apart : undefined;
    for (let n = 0; n < (run.mutations ?? 0); n++) {
      const mutant = (run.mutate ?? mutateFrame)(frame, run.random!);
      if (apart) apart.feed(mutant);
      else if (run.feed(mutant).taken !== undefined) {
        counts.mutantsTaken++;
        if (mutant !== frame) counts.changedMutantsTaken++;
      }
    }
  }
  // Every well-formed recorded frame a reader is written for is read by it.
  expect(counts.read).toEqual(counts.targets);
  return counts;
}

/** One whole-frame match ("match") checked on every recorded frame of a venue and its mutants, per account. */
export interface RecordedMatchCheck<A extends Account> {
  wire: Wire;
  paths: FastPaths;
  accounts: readonly A[];
  contextOf: (account: A) => () => ParseContext;
  /** Recorded frames the match must take (when the JSON.parse path makes events of them). */
  isTarget: (frame: string) => boolean;
  mutations: number;
  seed: number;
  /** How each mutant is made: `matchMutations` unless given. */
  mutate?: Mutation;
}

/**
 * The recorded-frame case of a venue whose fast path is one whole-frame match: on each account, contexts fed the same
 * frames in the same order (state lives in `session`), every target taken, and more mutants taken than targets.
 */
export function testRecordedMatch<A extends Account>(check: RecordedMatchCheck<A>): void {
  check.wire.test(
    `every recorded frame and ${check.mutations} mutations of each`,
    () => {
      const frames = check.wire.frames();
      for (const account of check.accounts) {
        const pair = pairOf(check.paths, { context: check.contextOf(account) });
        const counts = runRecorded({
          frames,
          feed: pair.feed,
          target: (frame, expected) =>
            check.isTarget(frame) && expected.kind === "events" ? "match" : undefined,
          mutations: check.mutations,
          random: createRandom(check.seed),
          mutate: check.mutate ?? matchMutations,
        });
        expect(counts.targetCount).toBeGreaterThan(0);
        expect(counts.mutantsTaken).toBeGreaterThan(counts.targetCount);
      }
    },
    RECORDED_MATCH_TIMEOUT_MS,
  );
}

/**
 * Time allowed to one venue's recorded-match test (bun's default is 5 s): every recorded frame is mutated, the big
 * book snapshots too, and OKX's took 4 s alone and 6 s under CI's load.
 */
const RECORDED_MATCH_TIMEOUT_MS = 30_000;

// ── mutations ───────────────────────────────────────────────────────────────────────────────────────────────────────

export type Mutation = (frame: string, random: Random) => string;

/** One roll: the first mutation whose bound is above it, else a mutation of mutate.ts (JSON values, cuts, flips). */
export function mutationMix(steps: [below: number, mutation: Mutation][]): Mutation {
  return (frame, random) => {
    const roll = random.next();
    for (const [below, mutation] of steps) if (roll < below) return mutation(frame, random);
    return mutateFrame(frame, random);
  };
}

/** Whitespace after a structural character: the same document to JSON.parse. */
export function spaceAfterMark(spaces: string[] = [" ", "\n", "\t", "\r\n  "]): Mutation {
  return (frame, random) => {
    const marks = [...frame.matchAll(/[,:[\]{}]/g)];
    if (marks.length === 0) return frame;
    const at = marks[random.int(marks.length)]!.index! + 1;
    const space = spaces.length === 1 ? spaces[0]! : spaces[random.int(spaces.length)]!;
    return `${frame.slice(0, at)}${space}${frame.slice(at)}`;
  };
}

const escapedAt = (frame: string, at: number) =>
  `${frame.slice(0, at)}\\u${frame.charCodeAt(at).toString(16).padStart(4, "0")}${frame.slice(at + 1)}`;

/** The character at a random place written as a \u escape where `accepts` its code (inside a string: the same text). */
export function escapeAt(accepts: (code: number) => boolean): Mutation {
  return (frame, random) => {
    const at = random.int(frame.length);
    return accepts(frame.charCodeAt(at)) ? escapedAt(frame, at) : frame;
  };
}

/** One of the frame's letters written as a \u escape. */
export const escapeLetter: Mutation = (frame, random) => {
  const letters = [...frame.matchAll(/[A-Za-z]/g)];
  if (letters.length === 0) return frame;
  return escapedAt(frame, letters[random.int(letters.length)]!.index!);
};

export const isAlphanumeric = (code: number) =>
  (code >= 48 && code <= 57) || (code >= 65 && code <= 90) || (code >= 97 && code <= 122);
export const isDigitOrLower = (code: number) => (code >= 48 && code <= 57) || (code >= 97 && code <= 122);

/** The top object's keys in reverse order: the same object to JSON.parse. */
export const reverseKeys: Mutation = (frame) => {
  try {
    const value = JSON.parse(frame) as Record<string, unknown>;
    if (value === null || typeof value !== "object" || Array.isArray(value)) return frame;
    return JSON.stringify(Object.fromEntries(Object.entries(value).reverse()));
  } catch {
    return frame;
  }
};

/**
 * Decimal numbers at the edges of the in-place readers: long texts (`readDecimalIn`'s), leading zeros, mantissas past
 * 2^53, fractions past 10^-22, the largest double's digits, and forms a whole-frame pattern turns away.
 */
export const DECIMAL_EDGES = [
  "0",
  "00.5",
  "0.000000000000000000000001",
  "123456789012345678",
  "9007199254740993",
  "99999999999999999",
  "1.7976931348623157",
  "9".repeat(400),
  "1e3",
  "-1",
  "1.",
  ".5",
];

/** One number of the frame (or of a text's digits) replaced by one of `edges`. */
export function numberEdge(edges: string[]): Mutation {
  return (frame, random) => {
    const numbers = [...frame.matchAll(/-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?/g)];
    if (numbers.length === 0) return frame;
    const hit = numbers[random.int(numbers.length)]!;
    const at = hit.index!;
    return frame.slice(0, at) + edges[random.int(edges.length)]! + frame.slice(at + hit[0].length);
  };
}

/** Whitespace, escaped letters and digits, reversed keys, else mutate.ts: the mix the trade matches are tested on. */
export const matchMutations: Mutation = mutationMix([
  [0.25, spaceAfterMark()],
  [0.4, escapeAt(isAlphanumeric)],
  [0.5, reverseKeys],
]);

/** Single-character edits (a deletion, an insertion or a replacement) of frames drawn from `frames`, by a fixed seed. */
export function* characterEdits(
  frames: string[],
  options: { seed: number; count: number; alphabet: string },
): Generator<string> {
  let seed = options.seed;
  const random = (below: number) => {
    seed = (Math.imul(seed, 1_103_515_245) + 12_345) >>> 0;
    return seed % below;
  };
  const { alphabet } = options;
  for (let i = 0; i < options.count; i++) {
    const frame = frames[random(frames.length)]!;
    const at = random(frame.length + 1);
    const letter = alphabet[random(alphabet.length)]!;
    const edit = random(3);
    yield edit === 0
      ? frame.slice(0, at) + frame.slice(at + 1)
      : edit === 1
        ? frame.slice(0, at) + letter + frame.slice(at)
        : frame.slice(0, at) + letter + frame.slice(at + 1);
  }
}
