// ExchangeHub: the front door for multi-venue work. It resolves symbols, runs adapters over pooled sockets (sharded
// by the venue's per-socket limit), polls REST-only streams, executes typed REST calls, and releases everything on
// shutdown so a process can exit cleanly.

import {
  type Account,
  type BookEvent,
  Dig3Error,
  type FundingRateEvent,
  formatCanonical,
  type KlineEvent,
  type MarketEvent,
  type OpenInterestEvent,
  type StreamKind,
  type StreamSpec,
  supportError,
  type TickerEvent,
  type TradeEvent,
  withAccountSettle,
} from "../core/index.ts";
import {
  accountsOf,
  type ExchangeAdapter,
  type HistoryQuery,
  type Instrument,
  type KlineQuery,
  klineIntervalsOf,
  type TradeQuery,
} from "../exchanges/_shared/adapter.ts";
import { findExchange } from "../exchanges/index.ts";
import type { BackoffOptions } from "../transport/ws.ts";
import type { DiagnosticListener, HubDiagnostic } from "./diagnostics.ts";
import { type EndpointOverrides, type Env, findEndpointOverride } from "./endpoints.ts";
import { startPoller } from "./poller.ts";
import { createRestRunner, type RestRunner } from "./rest.ts";
import { createSocketPool, type EventListener, type SocketPool } from "./socket-pool.ts";
import { type InstrumentIndex, indexInstruments, type ResolvedSymbol, resolveSymbol } from "./symbols.ts";

export interface HubOptions {
  testnet?: boolean;
  /** Where `DIG3_<EXCHANGE>_WS_URL` style overrides are read; default `process.env`. */
  env?: Env;
  /** Endpoint overrides per venue id; they win over the environment. */
  endpoints?: Record<string, EndpointOverrides>;
  http?: { timeoutMs?: number; retries?: number };
  ws?: { backoff?: Partial<BackoffOptions>; connectTimeoutMs?: number };
  onDiagnostic?: DiagnosticListener;
  /** Extra venues, or replacements of built-in ones by id (a venue of your own, or a tuned copy of one). */
  adapters?: readonly ExchangeAdapter[];
  /** Raw traffic tap (e.g. `dig3 capture --raw`): every inbound WebSocket text frame, before it is parsed. */
  onRawFrame?: (frame: RawFrame) => void;
  /** Raw traffic tap: every REST response body the hub parsed (re-serialized JSON), with its request URL. */
  onRawRest?: (body: RawRestBody) => void;
}

/** One inbound WebSocket frame as received (`onRawFrame`). */
export interface RawFrame {
  exchange: string;
  account: Account;
  url: string;
  text: string;
  recvTsUs: number;
}

/** One REST response (`onRawRest`): the body re-serialized from the parsed JSON. */
export interface RawRestBody {
  exchange: string;
  account: Account;
  url: string;
  body: string;
  recvTsUs: number;
}

/** What one subscription asks for, before symbol resolution. */
export interface StreamRequest {
  exchange: string;
  account: Account;
  kind: StreamKind;
  /** Canonical (`BTC/USDT`) or raw native (`BTCUSDT`). */
  symbol: string;
  interval?: string;
  depth?: number;
}

export interface HubSubscription {
  spec: StreamSpec;
  close(): void;
}

/** Typed public REST of one venue; symbols are canonical or raw native. */
export interface VenueRest {
  instruments(account: Account): Promise<Instrument[]>;
  ticker(account: Account, symbol: string): Promise<TickerEvent>;
  book(account: Account, symbol: string, depth?: number): Promise<BookEvent>;
  trades(account: Account, symbol: string, query?: TradeQuery): Promise<TradeEvent[]>;
  klines(account: Account, symbol: string, query: KlineQuery): Promise<KlineEvent[]>;
  fundingHistory(account: Account, symbol: string, query?: HistoryQuery): Promise<FundingRateEvent[]>;
  openInterest(account: Account, symbol: string): Promise<OpenInterestEvent>;
}

interface Venue {
  adapter: ExchangeAdapter;
  rest: RestRunner;
  /** Socket pools by account and URL (venues may route stream kinds to different sockets). */
  pools: Map<string, SocketPool>;
  instruments: Map<Account, Promise<InstrumentIndex | undefined>>;
  /** Instrument indexes already loaded, for synchronous native → canonical lookups while parsing. */
  loaded: Map<Account, InstrumentIndex>;
  pollers: Set<() => void>;
}

export class ExchangeHub {
  readonly #options: HubOptions;
  readonly #env: Env;
  readonly #venues = new Map<string, Venue>();

  constructor(options: HubOptions = {}) {
    this.#options = options;
    this.#env = options.env ?? process.env;
  }

  /** The adapter of a venue id (`binance`); E_UNKNOWN_EXCHANGE with the list of ids otherwise. */
  adapter(exchange: string): ExchangeAdapter {
    const id = exchange.trim().toLowerCase();
    return this.#options.adapters?.find((adapter) => adapter.id === id) ?? findExchange(exchange);
  }

  #diagnose(diagnostic: HubDiagnostic): void {
    this.#options.onDiagnostic?.(diagnostic);
  }

  #venue(exchange: string): Venue {
    const adapter = this.adapter(exchange);
    let venue = this.#venues.get(adapter.id);
    if (!venue) {
      const instruments = new Map<Account, Promise<InstrumentIndex | undefined>>();
      const created: Venue = {
        adapter,
        instruments,
        loaded: new Map(),
        pools: new Map(),
        pollers: new Set(),
        rest: createRestRunner({
          adapter,
          testnet: this.#options.testnet ?? false,
          env: this.#env,
          overrides: this.#options.endpoints?.[adapter.id],
          timeoutMs: this.#options.http?.timeoutMs,
          retries: this.#options.http?.retries,
          symbolOf: (account, native) => this.#symbolOfNative(created, account, native),
          onRawBody: this.#options.onRawRest
            ? (account, url, body, recvTsUs) =>
                this.#options.onRawRest?.({ exchange: adapter.id, account, url, body, recvTsUs })
            : undefined,
        }),
      };
      venue = created;
      this.#venues.set(adapter.id, venue);
    }
    return venue;
  }

  /** Canonical symbol of a native one: instrument list if loaded, else the venue's naming rules, else the native. */
  #symbolOfNative(venue: Venue, account: Account, native: string): string {
    const instrument = venue.loaded.get(account)?.byNative.get(native.toUpperCase());
    if (instrument) return instrument.symbol;
    const parts = venue.adapter.symbols.fromNative(native, account);
    return parts ? formatCanonical(withAccountSettle(parts, account)) : native;
  }

  #assertAccount(adapter: ExchangeAdapter, account: Account): void {
    if (!adapter.streams[account]) {
      throw new Dig3Error("E_WIRE_ABSENT", `${adapter.id} has no ${account} market`, {
        hint: `accounts on ${adapter.id}: ${accountsOf(adapter).join(", ")}`,
      });
    }
  }

  /** The venue's instruments for an account (cached; the first call fetches them). */
  async instruments(exchange: string, account: Account): Promise<Instrument[]> {
    const venue = this.#venue(exchange);
    this.#assertAccount(venue.adapter, account);
    const index = await this.#instrumentIndex(venue, account, true);
    return index?.list ?? [];
  }

  async #instrumentIndex(
    venue: Venue,
    account: Account,
    strict: boolean,
  ): Promise<InstrumentIndex | undefined> {
    let pending = venue.instruments.get(account);
    if (!pending) {
      const { rest } = venue.adapter;
      const calls = [rest.instruments(account), ...(rest.moreInstruments?.(account) ?? [])];
      pending = Promise.all(calls.map((call) => venue.rest.run(call))).then((lists) => {
        const index = indexInstruments(lists.flat());
        venue.loaded.set(account, index);
        return index;
      });
      venue.instruments.set(account, pending);
      // A failed load is forgotten so that the next call tries again.
      pending.catch(() => venue.instruments.delete(account));
    }
    if (strict) return pending;
    try {
      return await pending;
    } catch (error) {
      this.#diagnose({
        level: "warn",
        exchange: venue.adapter.id,
        account,
        code: "instruments-unavailable",
        message: `${venue.adapter.id} ${account}: instrument list unavailable (${(error as Error).message}); symbols resolved by naming rules`,
      });
      return undefined;
    }
  }

  /** Resolves user input to canonical + native, checked against the instrument list when it can be loaded. */
  async resolveSymbol(exchange: string, account: Account, input: string): Promise<ResolvedSymbol> {
    const venue = this.#venue(exchange);
    this.#assertAccount(venue.adapter, account);
    return resolveSymbol(venue.adapter, account, input, await this.#instrumentIndex(venue, account, false));
  }

  /** Checks support and resolves the symbol: the spec a subscription will run with. Throws E_WIRE_ABSENT / E_NOT_IMPLEMENTED / E_UNKNOWN_SYMBOL. */
  async prepare(request: StreamRequest): Promise<StreamSpec> {
    const venue = this.#venue(request.exchange);
    const { adapter } = venue;
    this.#assertAccount(adapter, request.account);
    const support = adapter.streams[request.account]?.[request.kind];
    const unsupported = supportError(adapter.id, request.account, request.kind, support);
    if (unsupported) throw unsupported;
    if (request.kind === "kline") {
      const interval = request.interval ?? "1m";
      const intervals = klineIntervalsOf(adapter, request.account);
      if (!intervals.includes(interval)) {
        throw new Dig3Error(
          "E_BAD_INTERVAL",
          `${adapter.id} ${request.account} has no '${interval}' klines`,
          {
            hint: `intervals: ${intervals.join(" ")}`,
          },
        );
      }
    }
    const resolved = await this.resolveSymbol(adapter.id, request.account, request.symbol);
    const spec: StreamSpec = {
      kind: request.kind,
      account: request.account,
      symbol: resolved.symbol,
      native: resolved.native,
    };
    if (request.kind === "kline") spec.interval = request.interval ?? "1m";
    if (request.depth !== undefined) spec.depth = request.depth;
    return spec;
  }

  /** Starts a prepared stream; events (and `reconnect` control events) go to `listener` until `close()`. */
  start(exchange: string, spec: StreamSpec, listener: EventListener): HubSubscription {
    return this.#start(this.#venue(exchange), spec, listener);
  }

  /** `prepare` + `start` in one call. */
  async subscribe(request: StreamRequest, listener: EventListener): Promise<HubSubscription> {
    const spec = await this.prepare(request);
    return this.#start(this.#venue(request.exchange), spec, listener);
  }

  #start(venue: Venue, spec: StreamSpec, listener: EventListener): HubSubscription {
    const support = venue.adapter.streams[spec.account]?.[spec.kind];
    if (support?.status === "supported" && support.via === "rest-poll") {
      const stop = startPoller({
        adapter: venue.adapter,
        rest: venue.rest,
        spec,
        everyMs: support.pollEveryMs ?? 5_000,
        listener,
        onDiagnostic: (diagnostic) => this.#diagnose(diagnostic),
      });
      venue.pollers.add(stop);
      return {
        spec,
        close: () => {
          venue.pollers.delete(stop);
          stop();
        },
      };
    }
    const remove = this.#pool(venue, spec).add(spec, listener);
    return { spec, close: remove };
  }

  #pool(venue: Venue, spec: StreamSpec): SocketPool {
    const { adapter } = venue;
    const { account } = spec;
    const options = { testnet: this.#options.testnet ?? false };
    const override = findEndpointOverride(
      adapter.id,
      account,
      "ws",
      this.#options.endpoints?.[adapter.id],
      this.#env,
    );
    const url = override ?? adapter.ws.url(account, options, spec.kind);
    const key = `${account}|${url}`;
    let pool = venue.pools.get(key);
    if (!pool) {
      // Venues that hand out a socket URL per connection (KuCoin's token) are asked before every connect, through
      // the REST runner so that REST overrides apply; an explicit WS override is dialled as is.
      const bootstrap = override === undefined ? adapter.ws.bootstrap?.bind(adapter.ws) : undefined;
      pool = createSocketPool({
        adapter,
        account,
        url,
        resolveUrl: bootstrap
          ? async () => (await venue.rest.run(bootstrap(account, options))).url
          : undefined,
        symbolOf: (native) => this.#symbolOfNative(venue, account, native),
        onDiagnostic: (diagnostic) => this.#diagnose(diagnostic),
        backoff: this.#options.ws?.backoff,
        connectTimeoutMs: this.#options.ws?.connectTimeoutMs,
        onRawFrame: this.#options.onRawFrame
          ? (frameUrl, text, recvTsUs) =>
              this.#options.onRawFrame?.({ exchange: adapter.id, account, url: frameUrl, text, recvTsUs })
          : undefined,
      });
      venue.pools.set(key, pool);
    }
    return pool;
  }

  /** Typed public REST of a venue. */
  rest(exchange: string): VenueRest {
    const venue = this.#venue(exchange);
    const { adapter } = venue;
    const specOf = async (account: Account, kind: StreamKind, symbol: string): Promise<StreamSpec> => {
      const resolved = await this.resolveSymbol(adapter.id, account, symbol);
      return { kind, account, symbol: resolved.symbol, native: resolved.native };
    };
    const need = <T>(method: T | undefined, name: string): T => {
      if (!method) {
        throw new Dig3Error("E_NOT_IMPLEMENTED", `${adapter.id}: REST ${name} is not implemented`, {
          hint: `see 'dig3 capabilities ${adapter.id}'`,
        });
      }
      return method;
    };
    const api = adapter.rest;
    return {
      instruments: (account) => this.instruments(adapter.id, account),
      ticker: async (account, symbol) =>
        venue.rest.run(need(api.ticker, "ticker").call(api, await specOf(account, "ticker", symbol))),
      book: async (account, symbol, depth = 100) =>
        venue.rest.run(need(api.book, "book").call(api, await specOf(account, "book", symbol), depth)),
      trades: async (account, symbol, query = {}) =>
        venue.rest.run(need(api.trades, "trades").call(api, await specOf(account, "trade", symbol), query)),
      klines: async (account, symbol, query) =>
        venue.rest.run(need(api.klines, "klines").call(api, await specOf(account, "kline", symbol), query)),
      fundingHistory: async (account, symbol, query = {}) =>
        venue.rest.run(
          need(api.fundingHistory, "funding history").call(
            api,
            await specOf(account, "funding_rate", symbol),
            query,
          ),
        ),
      openInterest: async (account, symbol) =>
        venue.rest.run(
          need(api.openInterest, "open interest").call(api, await specOf(account, "open_interest", symbol)),
        ),
    };
  }

  /** Closes one venue's sockets and pollers. */
  async shutdown(exchange: string): Promise<void> {
    const venue = this.#venues.get(this.adapter(exchange).id);
    if (!venue) return;
    this.#venues.delete(venue.adapter.id);
    for (const stop of venue.pollers) stop();
    venue.pollers.clear();
    await Promise.all([...venue.pools.values()].map((pool) => pool.close()));
    venue.pools.clear();
  }

  /** Closes everything; after it the process can exit. */
  async shutdownAll(): Promise<void> {
    await Promise.all([...this.#venues.keys()].map((id) => this.shutdown(id)));
  }
}

export type { EventListener, MarketEvent };
