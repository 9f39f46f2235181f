// ExchangeHub: the front door for multi-venue work. It resolves symbols, runs adapters over pooled sockets (sharded
// by the venue's per-socket limit), polls REST-only streams, executes typed REST calls, and releases everything on
// shutdown so a process can exit cleanly.

import {
  type Account,
  type AggTradeEvent,
  type BookEvent,
  type ControlEvent,
  Dig3Error,
  type FundingRateEvent,
  type KlineEvent,
  type LiquidationEvent,
  type MarketEvent,
  type MarkPriceEvent,
  type OpenInterestEvent,
  STREAM_KINDS,
  type StreamKind,
  type StreamSpec,
  type StreamSupport,
  supportError,
  type TickerEvent,
  type TradeEvent,
} from "../core/index.ts";
import {
  accountsOf,
  canonicalOfNative,
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
import { createEventStream, type EventStream } from "./event-stream.ts";
import { startPoller } from "./poller.ts";
import { createRestRunner, type RestRunner } from "./rest.ts";
import { createSocketPool, type EventListener, type SocketPool } from "./socket-pool.ts";
import { type InstrumentIndex, indexInstruments, type ResolvedSymbol, resolveSymbol } from "./symbols.ts";
import {
  isVerified,
  readValidationSnapshot,
  type StreamStamps,
  stampsOf,
  type ValidationSnapshot,
} from "./validation.ts";

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
  /** Validation stamps behind `capabilities` and `connectFullValidated`; default data/validation_snapshot.json. */
  validation?: ValidationSnapshot;
}

export interface ConnectOptions {
  /** Testnet endpoints for this venue (default: the hub's `testnet`). Fixed per venue until `shutdown(id)`. */
  testnet?: boolean;
}

/** What a connect call made ready. */
export interface ConnectReport {
  exchange: string;
  testnet: boolean;
  /** Accounts whose instrument lists (and so REST) are loaded. */
  rest: Account[];
  /** Accounts whose WebSocket endpoint accepted a connection. */
  ws: Account[];
}

/** A stream event or one of the control events (`reconnect`, `book_resync`, `gap`) the consumer must see. */
export type StreamEvent<T extends MarketEvent> = T | ControlEvent;

export interface StreamOptions {
  interval?: string;
  depth?: number;
}

/** Typed live subscriptions of one venue account; every method returns a closable async iterator. */
export interface VenueStreams {
  readonly exchange: string;
  readonly account: Account;
  subscribe(kind: StreamKind, symbol: string, options?: StreamOptions): EventStream<MarketEvent>;
  trades(symbol: string): EventStream<StreamEvent<TradeEvent>>;
  aggTrades(symbol: string): EventStream<StreamEvent<AggTradeEvent>>;
  book(symbol: string, options?: { depth?: number }): EventStream<StreamEvent<BookEvent>>;
  klines(symbol: string, interval?: string): EventStream<StreamEvent<KlineEvent>>;
  ticker(symbol: string): EventStream<StreamEvent<TickerEvent>>;
  markPrice(symbol: string): EventStream<StreamEvent<MarkPriceEvent>>;
  fundingRate(symbol: string): EventStream<StreamEvent<FundingRateEvent>>;
  openInterest(symbol: string): EventStream<StreamEvent<OpenInterestEvent>>;
  liquidations(symbol: string): EventStream<StreamEvent<LiquidationEvent>>;
  /** Closes every stream opened through this object. */
  close(): void;
}

/** One stream of one account: what the adapter declares, and how it was last verified. */
export interface StreamCapability {
  support: StreamSupport | undefined;
  validation: StreamStamps | undefined;
}

/** REST methods an account offers, from the adapter's REST table. */
export interface RestCapabilities {
  instruments: boolean;
  ticker: boolean;
  book: boolean;
  trades: boolean;
  klines: boolean;
  fundingHistory: boolean;
  openInterest: boolean;
}

export interface VenueCapabilities {
  id: string;
  name: string;
  category: string;
  accounts: Partial<
    Record<
      Account,
      {
        streams: Record<StreamKind, StreamCapability>;
        klineIntervals: string[];
        rest: RestCapabilities;
      }
    >
  >;
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
  testnet: boolean;
  /** Pending or settled WebSocket readiness checks by account (so a second connect opens nothing new). */
  wsReady: Map<Account, Promise<void>>;
  /** Streams opened through `ws(id, account)`, closed with the venue. */
  streams: Set<EventStream<MarketEvent>>;
}

export class ExchangeHub {
  readonly #options: HubOptions;
  readonly #env: Env;
  readonly #venues = new Map<string, Venue>();
  #validation: ValidationSnapshot | undefined;

  constructor(options: HubOptions = {}) {
    this.#options = options;
    this.#env = options.env ?? process.env;
    this.#validation = options.validation;
  }

  /** The adapter of a venue id (`binance`); E_UNKNOWN_EXCHANGE with the list of ids otherwise. */
  adapter(exchange: string): ExchangeAdapter {
    const id = exchange.trim().toLowerCase();
    return this.#options.adapters?.find((adapter) => adapter.id === id) ?? findExchange(exchange);
  }

  #diagnose(diagnostic: HubDiagnostic): void {
    this.#options.onDiagnostic?.(diagnostic);
  }

  #venue(exchange: string, testnet?: boolean): Venue {
    const adapter = this.adapter(exchange);
    let venue = this.#venues.get(adapter.id);
    if (venue && testnet !== undefined && venue.testnet !== testnet) {
      throw new Dig3Error(
        "E_BAD_INPUT",
        `${adapter.id} is already in use with testnet=${venue.testnet}; asked for testnet=${testnet}`,
        { hint: `call 'hub.shutdown("${adapter.id}")' first, or use a second ExchangeHub` },
      );
    }
    if (!venue) {
      const instruments = new Map<Account, Promise<InstrumentIndex | undefined>>();
      const isTestnet = testnet ?? this.#options.testnet ?? false;
      const created: Venue = {
        adapter,
        instruments,
        loaded: new Map(),
        pools: new Map(),
        pollers: new Set(),
        testnet: isTestnet,
        wsReady: new Map(),
        streams: new Set(),
        rest: createRestRunner({
          adapter,
          testnet: isTestnet,
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
    return canonicalOfNative(venue.adapter, account, native);
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
    const options = { testnet: venue.testnet };
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

  /**
   * REST for a venue: loads the instrument list of every account (or the ones given), so that symbols resolve
   * against it. Idempotent: a second call reuses the loaded lists. Rejects with the venue's Dig3Error.
   */
  async connectPublic(
    exchange: string,
    options: ConnectOptions & { accounts?: readonly Account[] } = {},
  ): Promise<ConnectReport> {
    const venue = this.#venue(exchange, options.testnet);
    const accounts = options.accounts ?? accountsOf(venue.adapter);
    for (const account of accounts) this.#assertAccount(venue.adapter, account);
    await Promise.all(accounts.map((account) => this.#instrumentIndex(venue, account, true)));
    return { exchange: venue.adapter.id, testnet: venue.testnet, rest: [...accounts], ws: [] };
  }

  /**
   * WebSocket for one venue account: dials the endpoint once (through overrides and KuCoin-style bootstraps) and
   * resolves when it accepts, so a wrong URL or a refused socket surfaces here as E_NETWORK / E_TIMEOUT instead of
   * on the first subscribe. Idempotent: a second call opens no socket. Streams then share the hub's pooled sockets.
   */
  async connectWebSocket(
    exchange: string,
    account: Account,
    options: ConnectOptions = {},
  ): Promise<ConnectReport> {
    const venue = this.#venue(exchange, options.testnet);
    this.#assertAccount(venue.adapter, account);
    let ready = venue.wsReady.get(account);
    if (!ready) {
      ready = this.#probeSocket(venue, account);
      venue.wsReady.set(account, ready);
      // A failed check is forgotten so that the next call dials again.
      ready.catch(() => {
        if (venue.wsReady.get(account) === ready) venue.wsReady.delete(account);
      });
    }
    await ready;
    return { exchange: venue.adapter.id, testnet: venue.testnet, rest: [], ws: [account] };
  }

  async #probeSocket(venue: Venue, account: Account): Promise<void> {
    const { adapter } = venue;
    const options = { testnet: venue.testnet };
    const override = findEndpointOverride(
      adapter.id,
      account,
      "ws",
      this.#options.endpoints?.[adapter.id],
      this.#env,
    );
    let url = override ?? adapter.ws.url(account, options);
    const bootstrap = override === undefined ? adapter.ws.bootstrap : undefined;
    if (bootstrap) url = (await venue.rest.run(bootstrap.call(adapter.ws, account, options))).url;
    const timeoutMs = this.#options.ws?.connectTimeoutMs ?? 10_000;
    await new Promise<void>((resolve, reject) => {
      let socket: WebSocket;
      try {
        socket = new WebSocket(url);
      } catch (error) {
        reject(
          new Dig3Error("E_NETWORK", `${adapter.id} ${account}: bad WebSocket URL ${url}`, { cause: error }),
        );
        return;
      }
      const timer = setTimeout(() => {
        socket.close();
        reject(
          new Dig3Error(
            "E_TIMEOUT",
            `${adapter.id} ${account}: ${url} did not accept within ${timeoutMs} ms`,
            {
              hint: "check the network, or the DIG3_<EXCHANGE>_WS_URL override",
            },
          ),
        );
      }, timeoutMs);
      socket.addEventListener("open", () => {
        clearTimeout(timer);
        socket.close(1000);
        resolve();
      });
      socket.addEventListener("error", () => {
        clearTimeout(timer);
        reject(
          new Dig3Error("E_NETWORK", `${adapter.id} ${account}: cannot open ${url}`, {
            hint: "check the network, or the DIG3_<EXCHANGE>_WS_URL override",
          }),
        );
      });
    });
  }

  /**
   * REST and WebSocket for a venue: instrument lists of the accounts (all of the venue's when `accounts` is empty)
   * and one accepted socket per account. Any failure, REST or WebSocket, rejects (nothing is swallowed).
   * Idempotent: connecting twice opens nothing new.
   */
  async connectFull(
    exchange: string,
    accounts: readonly Account[],
    options: ConnectOptions = {},
  ): Promise<ConnectReport> {
    const venue = this.#venue(exchange, options.testnet);
    const list = accounts.length > 0 ? accounts : accountsOf(venue.adapter);
    await Promise.all([
      this.connectPublic(venue.adapter.id, { accounts: list }),
      ...list.map((account) => this.connectWebSocket(venue.adapter.id, account)),
    ]);
    return { exchange: venue.adapter.id, testnet: venue.testnet, rest: [...list], ws: [...list] };
  }

  /**
   * `connectFull`, refusing up front (E_NOT_VALIDATED, nothing opened) a venue account that has no verified stream,
   * or, with `streams`, any listed stream without a passing validation stamp.
   */
  async connectFullValidated(
    exchange: string,
    accounts: readonly Account[],
    options: ConnectOptions & { streams?: readonly StreamKind[] } = {},
  ): Promise<ConnectReport> {
    const adapter = this.adapter(exchange);
    const list = accounts.length > 0 ? accounts : accountsOf(adapter);
    const snapshot = this.#snapshot();
    const missing: string[] = [];
    for (const account of list) {
      this.#assertAccount(adapter, account);
      const kinds = options.streams ?? STREAM_KINDS;
      const verified = kinds.filter((kind) => isVerified(stampsOf(snapshot, adapter.id, account, kind)));
      if (options.streams) {
        for (const kind of kinds) if (!verified.includes(kind)) missing.push(`${account} ${kind}`);
      } else if (verified.length === 0) {
        missing.push(`${account} (no stream)`);
      }
    }
    if (missing.length > 0) {
      throw new Dig3Error("E_NOT_VALIDATED", `${adapter.id}: not validated: ${missing.join(", ")}`, {
        hint: `run 'dig3 matrix --exchanges ${adapter.id} --write' to verify it, or use connectFull()`,
      });
    }
    return this.connectFull(adapter.id, list, options);
  }

  /** Typed live subscriptions of a venue account (`hub.ws("binance", "spot").trades("BTC/USDT")`). */
  ws(exchange: string, account: Account): VenueStreams {
    const venue = this.#venue(exchange);
    const { adapter } = venue;
    this.#assertAccount(adapter, account);
    const opened = new Set<EventStream<MarketEvent>>();
    const subscribe = <T extends MarketEvent>(
      kind: StreamKind,
      symbol: string,
      options: StreamOptions = {},
    ) => {
      const stream: EventStream<T> = createEventStream<T>(
        async (listener) => {
          const request: StreamRequest = { exchange: adapter.id, account, kind, symbol };
          if (options.interval !== undefined) request.interval = options.interval;
          if (options.depth !== undefined) request.depth = options.depth;
          const spec = await this.prepare(request);
          // The venue may have been shut down while the symbol resolved.
          if (this.#venues.get(adapter.id) !== venue)
            throw new Dig3Error("E_CLOSED", `${adapter.id} was shut down`);
          return this.#start(venue, spec, listener);
        },
        () => {
          opened.delete(stream as EventStream<MarketEvent>);
          venue.streams.delete(stream as EventStream<MarketEvent>);
        },
      );
      opened.add(stream as EventStream<MarketEvent>);
      venue.streams.add(stream as EventStream<MarketEvent>);
      return stream;
    };
    return {
      exchange: adapter.id,
      account,
      subscribe: (kind, symbol, options) => subscribe<MarketEvent>(kind, symbol, options),
      trades: (symbol) => subscribe("trade", symbol),
      aggTrades: (symbol) => subscribe("agg_trade", symbol),
      book: (symbol, options = {}) => subscribe("book", symbol, options),
      klines: (symbol, interval = "1m") => subscribe("kline", symbol, { interval }),
      ticker: (symbol) => subscribe("ticker", symbol),
      markPrice: (symbol) => subscribe("mark_price", symbol),
      fundingRate: (symbol) => subscribe("funding_rate", symbol),
      openInterest: (symbol) => subscribe("open_interest", symbol),
      liquidations: (symbol) => subscribe("liquidation", symbol),
      close: () => {
        for (const stream of [...opened]) stream.close();
      },
    };
  }

  #snapshot(): ValidationSnapshot {
    this.#validation ??= readValidationSnapshot();
    return this.#validation;
  }

  /** What a venue offers per account and stream, read from its adapter's tables, with the validation stamps. */
  capabilities(exchange: string): VenueCapabilities {
    const adapter = this.adapter(exchange);
    const snapshot = this.#snapshot();
    const api = adapter.rest;
    const rest: RestCapabilities = {
      instruments: true,
      ticker: api.ticker !== undefined,
      book: api.book !== undefined,
      trades: api.trades !== undefined,
      klines: api.klines !== undefined,
      fundingHistory: api.fundingHistory !== undefined,
      openInterest: api.openInterest !== undefined,
    };
    const accounts: VenueCapabilities["accounts"] = {};
    for (const account of accountsOf(adapter)) {
      const streams = Object.fromEntries(
        STREAM_KINDS.map((kind) => [
          kind,
          {
            support: adapter.streams[account]?.[kind],
            validation: stampsOf(snapshot, adapter.id, account, kind),
          },
        ]),
      ) as Record<StreamKind, StreamCapability>;
      accounts[account] = {
        streams,
        klineIntervals: [...klineIntervalsOf(adapter, account)],
        rest: { ...rest },
      };
    }
    return { id: adapter.id, name: adapter.name, category: adapter.category, accounts };
  }

  /** Ids of the venues in use (connected or subscribed). */
  connected(): string[] {
    return [...this.#venues.keys()];
  }

  /** Closes one venue's sockets, pollers and streams; a later connect starts afresh. */
  async shutdown(exchange: string): Promise<void> {
    const venue = this.#venues.get(this.adapter(exchange).id);
    if (!venue) return;
    this.#venues.delete(venue.adapter.id);
    for (const stream of [...venue.streams]) stream.close();
    venue.wsReady.clear();
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

export type { EventListener, EventStream, MarketEvent };
