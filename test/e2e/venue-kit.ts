// The rig every venue end-to-end file shares: one simulator per file with its `dig3 watch … --json` runs started
// together, and the checks each venue repeats on them (trade tape, book stream, resync, refusal, REST one-shots,
// a library subscription); the trade and book checks themselves live in trade-tape.ts and book-stream.ts.

import { afterAll, beforeAll, expect } from "bun:test";
import type { MarketEvent } from "../../src/core/index.ts";
import { type HubOptions, Station, type SubscriptionRequest } from "../../src/station/index.ts";
import { type Sim, type SimAccount, type SimOptions, startSim } from "../sim/index.ts";
import { type ChainRule, replayBookStream } from "./book-stream.ts";
import { type CliResult, parseNdjson, runCli } from "./run-cli.ts";
import { expectTradeTape, type TapeSpec } from "./trade-tape.ts";

export {
  bridgesThenChains,
  type ChainRule,
  chainsByPlusOne,
  chainsByPrevSeq,
  expectPrevSeqChainAcrossResyncs,
  withRisingSeq,
} from "./book-stream.ts";

type Event = Record<string, unknown>;

/**
 * The words of one `dig3 watch` run after `watch` (`--json` is added). It runs with the simulator env of its
 * `--account`, else of the rig's default account; the object form names the env account outright.
 */
export type WatchSpec = string | { args: string; account: SimAccount };

/** A book stream's expectations beyond the shared ones (no resync, a snapshot first, never crossed). */
export interface BookSpec {
  account: SimAccount;
  symbol: string;
  /** The venue's sequence rule, checked on every book event. */
  chain?: ChainRule;
  /** Exactly this many snapshots (default 1), or `any` number from one up. */
  snapshots?: number | "any";
  /** More deltas than this. */
  deltasAbove?: number;
  maxLevelsPerSide?: number;
}

export interface ResyncSpec {
  /** What the one `book_resync` event's reason says. */
  reason: string;
  chain?: ChainRule;
  /** Snapshots before the resync: exactly this many (default 1) or `any`. */
  snapshotsBefore?: number | "any";
}

export interface VenueRig<Run extends string> {
  readonly sim: Sim;
  /** A watch run's result; every run starts once, in `beforeAll`. */
  run(name: Run): Promise<CliResult>;
  /** A watch run's NDJSON, after checking it exited 0. */
  events(name: Run): Promise<Event[]>;
  /** Any other dig3 command, with the simulator env of `account`. */
  cli(args: string, account?: SimAccount): Promise<CliResult>;
  /** Checks a run's events: exit 0, more than `moreThan` of them, each of this venue and matching `fields`. */
  expectEvents(name: Run, fields: Event, moreThan?: number): Promise<Event[]>;
  /** Checks a trades run against the ground truth; returns its trades. */
  expectTape<Frame, Row>(name: Run, spec: TapeSpec<Frame, Row>): Promise<Event[]>;
  /** Checks an orderbook run: every event this venue's market, no resync, replayed under the chain rule. */
  expectBook(name: Run, spec: BookSpec): Promise<{ snapshots: number; deltas: number; events: Event[] }>;
  /** Checks an orderbook run that met one injected fault: one resync, a gap, a fresh snapshot, a clean chain. */
  expectResync(name: Run, spec: ResyncSpec): Promise<void>;
  /** Checks `ticker --json`: one ticker of this venue's market, bid below ask; returns it. */
  expectTicker(args: string, account: SimAccount, market: { symbol: string }): Promise<Event>;
  /** Checks the REST one-shots that print a table (book, trades, klines of `symbol`, then `extra`), on the spot env. */
  expectTables(symbol: string, extra?: string[]): Promise<void>;
}

/** Starts the simulator and the watch runs for this file (beforeAll), and stops both (afterAll). */
export function useVenueSim<Run extends string>(setup: {
  venue: SimOptions["venue"];
  seed: number;
  /** The env account of watches without `--account` (default spot). */
  account?: SimAccount;
  watches: Record<Run, WatchSpec>;
  /** A fault injected this long after the watches start, while they run. */
  fault?: { atMs: number; inject(sim: Sim): void };
}): VenueRig<Run> {
  const exchange = setup.venue;
  let sim: Sim | undefined;
  const runs = new Map<Run, Promise<CliResult>>();

  beforeAll(async () => {
    sim = await startSim({ venue: setup.venue, tickMs: 20, seed: setup.seed });
    for (const [name, spec] of Object.entries(setup.watches) as [Run, WatchSpec][]) {
      const args = typeof spec === "string" ? spec : spec.args;
      const account = typeof spec === "string" ? (accountOf(args) ?? setup.account ?? "spot") : spec.account;
      runs.set(name, runCli(["watch", ...wordsOf(args), "--json"], { env: sim.env(account) }));
    }
    const { fault } = setup;
    if (fault) setTimeout(() => fault.inject(simOf()), fault.atMs);
  });

  afterAll(async () => {
    await Promise.allSettled(runs.values());
    await sim?.close();
  });

  function simOf(): Sim {
    if (!sim) throw new Error("the simulator starts in beforeAll");
    return sim;
  }

  function run(name: Run): Promise<CliResult> {
    const result = runs.get(name);
    if (!result) throw new Error(`no watch run named ${name}`);
    return result;
  }

  async function events(name: Run): Promise<Event[]> {
    const result = await run(name);
    expect(result.code, result.stderr).toBe(0);
    return parseNdjson(result.stdout);
  }

  return {
    get sim() {
      return simOf();
    },
    run,
    events,
    cli: (args, account = "spot") => runCli(wordsOf(args), { env: simOf().env(account) }),

    async expectEvents(name, fields, moreThan = 0) {
      const all = await events(name);
      expect(all.length).toBeGreaterThan(moreThan);
      for (const event of all) expect(event).toMatchObject({ exchange, ...fields });
      return all;
    },

    async expectTape(name, spec) {
      const result = await run(name);
      expect(result.stderr).not.toContain("error");
      const tape = await events(name);
      expectTradeTape(tape, simOf(), exchange, spec);
      return tape;
    },

    async expectBook(name, spec) {
      const all = await events(name);
      expect(all.filter((event) => event.kind === "book_resync")).toEqual([]);
      for (const event of all)
        expect(event).toMatchObject({ exchange, account: spec.account, symbol: spec.symbol });
      const counts = replayBookStream(all, spec.chain, { maxLevelsPerSide: spec.maxLevelsPerSide });
      expectCount(counts.snapshots, spec.snapshots);
      if (spec.deltasAbove !== undefined) expect(counts.deltas).toBeGreaterThan(spec.deltasAbove);
      return { ...counts, events: all };
    },

    async expectResync(name, spec) {
      const all = await events(name);
      const resyncs = all.filter((event) => event.kind === "book_resync");
      expect(resyncs).toHaveLength(1);
      expect(resyncs[0]!.reason as string).toContain(spec.reason);
      const resyncAt = all.indexOf(resyncs[0]!);
      expect(resyncAt).toBeGreaterThan(0);
      expectCount(replayBookStream(all.slice(0, resyncAt), spec.chain).snapshots, spec.snapshotsBefore);
      // The station reports the hole as a gap, then the book restarts from the venue's new snapshot.
      expect(all[resyncAt + 1]).toMatchObject({ kind: "gap", stream: "book", reason: "book_resync" });
      const after = all.slice(resyncAt + 1).filter((event) => event.kind === "book");
      expect(after[0]).toMatchObject({ kind: "book", type: "snapshot" });
      expect(replayBookStream(after, spec.chain).deltas).toBeGreaterThan(5);
    },

    async expectTicker(args, account, { symbol }) {
      const result = await runCli([...wordsOf(`ticker ${args}`), "--json"], { env: simOf().env(account) });
      expect(result.code, result.stderr).toBe(0);
      const [ticker] = parseNdjson(result.stdout);
      expect(ticker).toMatchObject({ kind: "ticker", exchange, account, symbol });
      expect(ticker!.bid as number).toBeLessThan(ticker!.ask as number);
      return ticker!;
    },

    async expectTables(symbol, extra = []) {
      const commands = [
        `book ${exchange} ${symbol} --depth 3`,
        `trades ${exchange} ${symbol} --limit 5`,
        `klines ${exchange} ${symbol} --interval 1h --limit 3`,
        ...extra,
      ];
      const results = await Promise.all(
        commands.map((args) => runCli(wordsOf(args), { env: simOf().env("spot") })),
      );
      results.forEach((result, i) => {
        expect(result.code, `${commands[i]}: ${result.stderr}`).toBe(0);
        expect(result.stdout).toContain("┌");
      });
    },
  };
}

/** Checks a refused command: exit 2 and each fragment (the reason, a hint) on stderr. */
export function expectRefused(result: CliResult, ...fragments: string[]): void {
  expect(result.code).toBe(2);
  for (const fragment of fragments) expect(result.stderr).toContain(fragment);
}

/**
 * Subscribes the library to the simulator, collects what it delivers while `body` runs, and closes everything.
 * By default the hub reconnects fast (50–200 ms) and retries REST once, so a fault heals within a test.
 */
export async function withStation(
  env: Record<string, string>,
  requests: SubscriptionRequest[],
  body: (events: MarketEvent[]) => Promise<void>,
  hub: Omit<HubOptions, "env"> = { ws: { backoff: { initialMs: 50, maxMs: 200 } }, http: { retries: 1 } },
): Promise<void> {
  const station = Station.builder()
    .hub({ env, ...hub })
    .build();
  const { failed, handle } = await station.subscribe(requests);
  expect(failed).toEqual([]);
  const events: MarketEvent[] = [];
  void (async () => {
    for await (const event of handle) events.push(event);
  })();
  try {
    await body(events);
  } finally {
    await handle.close();
    await station.close();
  }
}

function wordsOf(args: string): string[] {
  return args.split(/\s+/).filter((word) => word.length > 0);
}

function accountOf(args: string): SimAccount | undefined {
  const words = wordsOf(args);
  const at = words.indexOf("--account");
  return at >= 0 ? (words[at + 1] as SimAccount) : undefined;
}

function expectCount(actual: number, expected: number | "any" = 1): void {
  if (expected === "any") expect(actual).toBeGreaterThanOrEqual(1);
  else expect(actual).toBe(expected);
}
