// Figure 2: book apply frames/s — the recorded depth frames (raw text, JSON.parse included) rebuilt into books by
// dig3 (parse + book sync with the venue's sequence and checksum checks on) and by tardis-dev (book-change
// mapper + `OrderBook.update`), from the same snapshots; the figure carries whether both books ended equal, and how
// dig3's time splits between its parse (timed alone beside them) and its books.

import { type BookSync, createBookSync } from "../src/book/index.ts";
import type { BookEvent } from "../src/core/index.ts";
import {
  accountsOf,
  bookRulesOf,
  canonicalOfNative,
  type ParseContext,
} from "../src/exchanges/_shared/adapter.ts";
import type { BookInput } from "./book-input.ts";
import { createParseContext } from "./dig3-context.ts";
import { type Figure, type FigureOptions, rateFigure } from "./figures.ts";
import { compareRates } from "./harness.ts";
import { readRestBodies, readStreamFrames } from "./inputs.ts";
import { createTardisBookReplay, type TardisBookReplay } from "./peers/tardis.ts";
import { BOOK_INPUTS } from "./venues/index.ts";
import { hasWire } from "./wire.ts";

/** What loads a book before the timed updates: a recorded REST snapshot body, or a snapshot frame of the stream. */
type BookLoad = { rest: { native: string; body: string } } | { frame: string };

/** The recording split into the book loads (REST snapshots, snapshot frames) and the updates timed after them. */
function readSession(input: BookInput): { loads: BookLoad[]; updates: string[] } {
  const frames = readStreamFrames(input.venue, input.file, input.keep);
  const rest = input.rest;
  const restLoads: BookLoad[] = rest
    ? readRestBodies(input.venue, rest.file).map(({ url, body }) => ({
        rest: { native: rest.nativeOf(new URL(url)), body },
      }))
    : [];
  const isSnapshot = (frame: string) => input.isSnapshot?.(JSON.parse(frame)) === true;
  return {
    loads: [...restLoads, ...frames.filter(isSnapshot).map((frame) => ({ frame }))],
    updates: frames.filter((frame) => !isSnapshot(frame)),
  };
}

/** dig3 as the station runs it: parse, then one book sync per symbol with the venue's rules (checks on). */
function createDig3Replay(input: BookInput) {
  const context: ParseContext = createParseContext(input.adapter, input.account);
  const syncs = new Map<string, BookSync>();
  const outcome = { applied: 0, parsed: 0, resyncs: [] as string[], syncs, context, adapter: input.adapter };
  function apply(event: BookEvent): void {
    let sync = syncs.get(event.symbol);
    if (!sync) {
      sync = createBookSync(bookRulesOf(input.adapter, event.account));
      syncs.set(event.symbol, sync);
    }
    const verdict = sync.onEvent(event);
    if (verdict.action === "emit") outcome.applied++;
    else if (verdict.action === "resync") outcome.resyncs.push(`${event.symbol}: ${verdict.reason}`);
  }
  function applyFrame(frame: string): void {
    const parsed = input.adapter.ws.parse(frame, context);
    if (parsed.kind !== "events") return;
    for (const event of parsed.events) if (event.kind === "book") apply(event);
  }
  /** The parse alone, books untouched: what of dig3's time is reading the frame. */
  function parseFrame(frame: string): void {
    const parsed = input.adapter.ws.parse(frame, context);
    if (parsed.kind === "events") outcome.parsed += parsed.events.length;
  }
  function load(source: BookLoad): void {
    if ("frame" in source) {
      applyFrame(source.frame);
      return;
    }
    const { native, body } = source.rest;
    const spec = { kind: "book" as const, account: input.account, native, symbol: context.symbolOf(native) };
    apply(input.adapter.rest.book!(spec, 1000).parse(JSON.parse(body), context));
  }
  return { outcome, applyFrame, parseFrame, load };
}

/** tardis as its users keep books: the REST snapshot injected the way its live feed does, then every frame. */
function createTardisReplay(input: BookInput) {
  const replay = createTardisBookReplay(input.tardis);
  const outcome = { applied: 0, replay };
  return {
    outcome,
    applyFrame(frame: string): void {
      outcome.applied += replay.apply(frame);
    },
    load(source: BookLoad): void {
      if ("frame" in source) outcome.applied += replay.apply(source.frame);
      else {
        const { native, body } = source.rest;
        outcome.applied += replay.applyMessage(input.rest!.tardisMessageOf(native, JSON.parse(body)));
      }
    },
  };
}

type Dig3Outcome = ReturnType<typeof createDig3Replay>["outcome"];

/** dig3's book of a venue-native symbol (tardis keys books by those): its canonical name under any account. */
function dig3SyncOf(dig3: Dig3Outcome, native: string): BookSync | undefined {
  const adapter = dig3.adapter;
  for (const account of [dig3.context.account, ...accountsOf(adapter)]) {
    const sync = dig3.syncs.get(canonicalOfNative(adapter, account, native));
    if (sync) return sync;
  }
  return undefined;
}

/** Whether both final books hold the same levels, per symbol: full depth, else the top 25, else the first difference. */
function compareBooks(dig3: Dig3Outcome, tardis: TardisBookReplay): string {
  const natives = tardis.symbols;
  if (natives.length === 0 || natives.length !== dig3.syncs.size) {
    return `BOOKS DIFFER: tardis holds ${natives.length} symbols, dig3 ${dig3.syncs.size}`;
  }
  let levels = 0;
  const topOnly: string[] = [];
  for (const native of natives) {
    const sync = dig3SyncOf(dig3, native);
    if (!sync) return `BOOKS DIFFER: dig3 has no book for ${native}`;
    for (const side of ["bids", "asks"] as const) {
      const ours = (side === "bids" ? sync.book.bids(Infinity) : sync.book.asks(Infinity)).map((l) => [
        l[0],
        l[1],
      ]);
      const theirs = tardis.levels(native, side);
      const firstDiff = ours.findIndex(
        (level, i) => level[0] !== theirs[i]?.[0] || level[1] !== theirs[i]?.[1],
      );
      const differsAt = firstDiff >= 0 ? firstDiff : ours.length !== theirs.length ? ours.length : -1;
      if (differsAt >= 0 && differsAt < 25) {
        return `BOOKS DIFFER: ${native} ${side}[${differsAt}] dig3 ${ours[differsAt]} vs tardis ${theirs[differsAt]}`;
      }
      if (differsAt >= 0) topOnly.push(`${native} ${side} from level ${differsAt}`);
      levels += ours.length;
    }
  }
  if (topOnly.length > 0) return `books equal top 25 only (differ: ${topOnly.join(", ")})`;
  return `books equal (full depth, ${natives.length} symbols, ${levels} levels)`;
}

/**
 * Where dig3's time goes, from the three rates (updates/s): its parse alone and its whole apply, beside tardis-dev's
 * whole apply and the time per update 2× tardis-dev leaves. Where the parse alone uses up that budget, no book code
 * can meet 2× on the input.
 */
function splitOf(dig3Rate: number, parseRate: number, tardisRate: number): string {
  const ns = (rate: number) => Math.round(1e9 / rate);
  return `ns an update: dig3 parse ${ns(parseRate)} + book ${Math.max(0, ns(dig3Rate) - ns(parseRate))}, tardis-dev ${ns(tardisRate)} (2× needs ≤ ${Math.round(ns(tardisRate) / 2)})`;
}

export async function measureBook(options: FigureOptions): Promise<Figure[]> {
  const figures: Figure[] = [];
  for (const input of BOOK_INPUTS) {
    if (options.venues && !options.venues.has(input.venue)) continue;
    if (!hasWire(input.venue, input.file)) continue;
    if (input.rest && !hasWire(input.venue, input.rest.file)) continue;
    const { loads, updates } = readSession(input);
    if (updates.length === 0) throw new Error(`bench: ${input.name} has no update to time`);
    // Each call: a fresh book loaded from the recorded snapshots (untimed), then every recorded update (timed). The
    // harness budget counts timed work only, and the untimed load is the larger part of a call: hence 200 ms.
    const loaded = <R extends { load(source: BookLoad): void }>(replay: R): R => {
      for (const source of loads) replay.load(source);
      return replay;
    };
    let dig3 = createDig3Replay(input);
    let dig3Parse = createDig3Replay(input);
    let tardis = createTardisReplay(input);
    const rates = await compareRates(
      {
        dig3: {
          prepare: () => {
            dig3 = loaded(createDig3Replay(input));
          },
          run: () => {
            for (const frame of updates) dig3.applyFrame(frame);
          },
        },
        // The same frames parsed on a replay loaded the same way, without the books: which part is the parse.
        dig3Parse: {
          prepare: () => {
            dig3Parse = loaded(createDig3Replay(input));
          },
          run: () => {
            for (const frame of updates) dig3Parse.parseFrame(frame);
          },
        },
        tardis: {
          prepare: () => {
            tardis = loaded(createTardisReplay(input));
          },
          run: () => {
            for (const frame of updates) tardis.applyFrame(frame);
          },
        },
      },
      { items: updates.length, quick: options.quick, timeMs: options.quick ? 30 : 200 },
    );
    if (dig3Parse.outcome.parsed === 0) throw new Error(`bench: ${input.name}: dig3 parsed no update`);
    if (dig3.outcome.applied <= loads.length || tardis.outcome.applied <= loads.length) {
      throw new Error(
        `bench: ${input.name} applied no update (dig3 ${dig3.outcome.applied}, tardis ${tardis.outcome.applied}, ${loads.length} loads; ${dig3.outcome.resyncs[0] ?? "no resync"})`,
      );
    }

    const syncs = [...dig3.outcome.syncs.values()];
    const checksums = syncs.reduce((sum, sync) => sum + sync.stats.checksumsVerified, 0);
    const resyncs = dig3.outcome.resyncs;
    const checks = [
      compareBooks(dig3.outcome, tardis.outcome.replay),
      resyncs.length > 0 ? `dig3 RESYNCED ${resyncs.length}× (${resyncs[0]})` : "0 resyncs",
      checksums > 0 ? `${checksums} checksums verified per run` : undefined,
      splitOf(rates.dig3!, rates.dig3Parse!, rates.tardis!),
    ];
    figures.push({
      ...rateFigure(`book apply ${input.name}`, "frames/s", rates.dig3!, "tardis-dev", rates.tardis!),
      check: checks.filter(Boolean).join("; "),
    });
  }
  return figures;
}
