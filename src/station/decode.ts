// Decoding of recorded traffic (the ../shared/wire line format: WS frames, REST bodies, tardis samples) through the
// same adapter parsers and book sync as live, yielding normalized events. Books are rebuilt per symbol from the
// recorded snapshots; a broken chain yields `book_resync` and waits for the next snapshot, as live would.

import { type BookSync, createBookSync } from "../book/index.ts";
import type { Account, BookEvent, Level, MarketEvent, StreamSpec } from "../core/index.ts";
import {
  accountsOf,
  bookRulesOf,
  canonicalOfNative,
  type ExchangeAdapter,
  type ParseContext,
  type RestCall,
} from "../exchanges/_shared/adapter.ts";
import { isRecord, parseJson } from "../exchanges/_shared/values.ts";

export interface DecodeOptions {
  adapter: ExchangeAdapter;
  /** Account of the frames when their URL does not tell (tardis samples); default: the venue's first account. */
  account?: Account;
  /** When set, a `book_top` line with the top N levels follows every book event. */
  bookDepth?: number;
}

export interface BookTop {
  kind: "book_top";
  exchange: string;
  account: Account;
  symbol: string;
  seq?: number;
  bids: Level[];
  asks: Level[];
}

export type DecodedItem = MarketEvent | BookTop;

export interface DecodeStats {
  lines: number;
  frames: number;
  restBodies: number;
  events: number;
  ignored: number;
  unmatched: number;
  venueErrors: number;
  badLines: number;
  resyncs: number;
  staleDeltas: number;
  /** Book deltas seen before any snapshot of their symbol, which live would also drop. */
  deltasBeforeSnapshot: number;
}

/** The account whose configured URL shares the host (and path) of a recorded URL. */
function accountOfUrl(adapter: ExchangeAdapter, url: string, what: "ws" | "rest"): Account | undefined {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return undefined;
  }
  let hostMatch: Account | undefined;
  for (const account of accountsOf(adapter)) {
    for (const testnet of [false, true]) {
      const configured = new URL(
        what === "ws" ? adapter.ws.url(account, { testnet }) : adapter.rest.baseUrl(account, { testnet }),
      );
      if (configured.host !== parsed.host) continue;
      if (what === "ws" && parsed.pathname.startsWith(configured.pathname)) return account;
      hostMatch ??= account;
    }
  }
  return hostMatch;
}

export function createDecoder(options: DecodeOptions) {
  const { adapter } = options;
  const defaultAccount: Account = accountsOf(adapter)[0] ?? "spot";
  const stats: DecodeStats = {
    lines: 0,
    frames: 0,
    restBodies: 0,
    events: 0,
    ignored: 0,
    unmatched: 0,
    venueErrors: 0,
    badLines: 0,
    resyncs: 0,
    staleDeltas: 0,
    deltasBeforeSnapshot: 0,
  };
  const books = new Map<string, BookSync>();
  const sessions = new Map<Account, Map<string, unknown>>();

  function contextOf(account: Account, recvTsUs: number): ParseContext {
    let session = sessions.get(account);
    if (!session) {
      session = new Map();
      sessions.set(account, session);
    }
    return {
      exchange: adapter.id,
      account,
      recvTsUs,
      session,
      symbolOf: (native) => canonicalOfNative(adapter, account, native),
    };
  }

  function bookOf(event: BookEvent): BookSync {
    const key = `${event.account}|${event.symbol}`;
    let sync = books.get(key);
    if (!sync) {
      sync = createBookSync(bookRulesOf(adapter, event.account));
      books.set(key, sync);
    }
    return sync;
  }

  function* emitBook(event: BookEvent): Generator<DecodedItem> {
    const sync = bookOf(event);
    const verdict = sync.onEvent(event);
    if (verdict.action === "stale") stats.staleDeltas++;
    if (verdict.action === "waiting") stats.deltasBeforeSnapshot++;
    if (verdict.action === "resync") {
      stats.resyncs++;
      sync.reset();
      yield {
        kind: "book_resync",
        exchange: adapter.id,
        account: event.account,
        symbol: event.symbol,
        tsMs: event.tsMs,
        recvTsUs: event.recvTsUs,
        reason: verdict.reason,
      };
      return;
    }
    if (verdict.action !== "emit") return;
    for (const out of verdict.events) {
      stats.events++;
      yield out;
      if (options.bookDepth) {
        yield {
          kind: "book_top",
          exchange: adapter.id,
          account: out.account,
          symbol: out.symbol,
          seq: sync.lastSeq,
          bids: sync.book.bids(options.bookDepth).map((l) => [l[0], l[1]]),
          asks: sync.book.asks(options.bookDepth).map((l) => [l[0], l[1]]),
        };
      }
    }
  }

  function* emitEvents(events: readonly MarketEvent[]): Generator<DecodedItem> {
    for (const event of events) {
      if (event.kind === "book") {
        yield* emitBook(event);
      } else {
        stats.events++;
        yield event;
      }
    }
  }

  function* decodeFrame(frame: string, account: Account, recvTsUs: number): Generator<DecodedItem> {
    stats.frames++;
    const parsed = adapter.ws.parse(frame, contextOf(account, recvTsUs));
    if (parsed.kind === "events") yield* emitEvents(parsed.events);
    else if (parsed.kind === "unmatched") stats.unmatched++;
    else if (parsed.kind === "venue-error") stats.venueErrors++;
    else stats.ignored++;
  }

  function* decodeRest(url: string, body: string, recvTsUs: number): Generator<DecodedItem> {
    let parsedUrl: URL;
    try {
      parsedUrl = new URL(url);
    } catch {
      stats.badLines++;
      return;
    }
    const recognized = adapter.rest.recognize?.(parsedUrl);
    const json = parseJson(body);
    if (!recognized || json === undefined) {
      stats.ignored++;
      return;
    }
    stats.restBodies++;
    const context = contextOf(recognized.account, recvTsUs);
    const spec: StreamSpec = {
      kind: "book",
      account: recognized.account,
      native: recognized.native,
      symbol: context.symbolOf(recognized.native),
    };
    const call = restCallOf(adapter, recognized.call, spec, parsedUrl);
    if (!call) {
      stats.ignored++;
      return;
    }
    let value: unknown;
    try {
      value = call.parse(json, context);
    } catch {
      stats.badLines++;
      return;
    }
    const events = (Array.isArray(value) ? value : [value]) as MarketEvent[];
    yield* emitEvents(events.filter((e) => isRecord(e) && typeof e.kind === "string"));
  }

  /** Decodes one recorded line. */
  function* decodeLine(line: string): Generator<DecodedItem> {
    const text = line.trim();
    if (text.length === 0) return;
    stats.lines++;
    const record = parseJson(text);
    if (!isRecord(record)) {
      stats.badLines++;
      return;
    }
    const recvTsUs = typeof record.ts === "number" ? Math.round(record.ts * 1000) : 0;
    if (typeof record.body === "string" && typeof record.url === "string") {
      yield* decodeRest(record.url, record.body, recvTsUs);
      return;
    }
    if (typeof record.frame !== "string") {
      stats.badLines++;
      return;
    }
    if (record.dir === "out") {
      stats.ignored++;
      return;
    }
    // A line without a URL (tardis samples) belongs to the account asked for, else the venue's first: the perps of a
    // perp-first venue (Lighter, HyperLiquid), never silently spot.
    const account =
      (typeof record.url === "string" ? accountOfUrl(adapter, record.url, "ws") : undefined) ??
      options.account ??
      defaultAccount;
    yield* decodeFrame(record.frame, account, recvTsUs);
  }

  return { decodeLine, stats };
}

function restCallOf(
  adapter: ExchangeAdapter,
  call: string,
  spec: StreamSpec,
  url: URL,
): RestCall<unknown> | undefined {
  const rest = adapter.rest;
  const limit = Number(url.searchParams.get("limit") ?? "") || undefined;
  switch (call) {
    case "book":
      return rest.book?.(spec, limit ?? 1000);
    case "ticker":
      return rest.ticker?.({ ...spec, kind: "ticker" });
    case "trades":
      return rest.trades?.({ ...spec, kind: "trade" }, { limit });
    case "openInterest":
      return rest.openInterest?.({ ...spec, kind: "open_interest" });
    case "fundingRate":
      return rest.fundingRate?.({ ...spec, kind: "funding_rate" });
    case "instruments":
      return undefined;
    default:
      return undefined;
  }
}

/** Orders recorded lines of several files by receive time (stable for equal times), as one connection would see them. */
export function mergeRecordedLines(files: readonly string[][]): string[] {
  const stamped: { ts: number; order: number; line: string }[] = [];
  let order = 0;
  for (const lines of files) {
    for (const line of lines) {
      if (line.trim().length === 0) continue;
      const match = /"ts"\s*:\s*([0-9.]+)/.exec(line);
      stamped.push({ ts: match ? Number(match[1]) : Number.POSITIVE_INFINITY, order: order++, line });
    }
  }
  stamped.sort((a, b) => a.ts - b.ts || a.order - b.order);
  return stamped.map((s) => s.line);
}
