// ccxt pro (4.5.x) driven offline: an exchange with hand-built markets (no network) and its own WebSocket client
// object, never connected, whose `onMessage` gets each raw frame: ccxt's whole inbound path (its big-number regex,
// JSON.parse, `handleMessage`). The driver counts what the client resolved (trades, books) and what it rejected.

/** What a market needs for ccxt to resolve the recorded venue ids. */
export interface CcxtMarketSpec {
  id: string;
  base: string;
  quote: string;
  /** Contracts only: the settle currency. Absent: spot. */
  settle?: string;
  /** Contracts: linear (settled in the quote) or inverse (in the base). */
  inverse?: boolean;
  contractSize?: number;
  /** Contracts: `swap` unless said (`future`, `option`). */
  type?: "swap" | "future" | "option";
  /** Fields some exchanges' handlers read besides these (merged last: `info`, `lowercaseId`, `altname` …). */
  extra?: Record<string, unknown>;
}

export interface CcxtSpec {
  /** `ccxt.pro` class name: `binance`, `binanceusdm`, `okx`, `bybit`, `krakenfutures` … */
  exchange: string;
  /** Socket URL ccxt would have dialed: its handlers read the market type from it. */
  url: string;
  markets: CcxtMarketSpec[];
  /** Message hashes the client has subscribed (ccxt drops OKX book updates without one). */
  subscriptions?: string[];
  /**
   * Binance books: ccxt takes the snapshot from REST (`fetchOrderBook`), not the socket. Each `reset()` puts an empty
   * book at this nonce per unified symbol, as that snapshot would, so the diffs that follow pass ccxt's own U/u/pu checks.
   * `bids`/`asks`: the levels of a recorded REST snapshot, loaded into that book (copied: every reset starts equal).
   */
  seedBooks?: { symbol: string; nonce: number; bids?: [number, number][]; asks?: [number, number][] }[];
  /** `exchange.options` overrides. */
  options?: Record<string, unknown>;
  /**
   * Venue set-up a handler needs besides markets and subscriptions (channel ids a subscribe reply would have
   * recorded, say), run once on the exchange and its client before any frame.
   */
  setUp?: (exchange: CcxtProExchange, client: CcxtClient) => void;
}

export interface CcxtClient {
  subscriptions: Record<string, unknown>;
  onMessage(event: { data: string }): void;
  resolve(result: unknown, messageHash?: string): unknown;
  reject(error: unknown, messageHash?: string): unknown;
}

export interface CcxtProExchange {
  client(url: string): CcxtClient;
  setMarkets(markets: object[]): unknown;
  orderBook(snapshot?: object, depth?: number): unknown;
  orderbooks: Record<string, unknown>;
  urls: Record<string, unknown>;
  options: Record<string, unknown>;
  [field: string]: unknown;
}

export interface CcxtDriver {
  /** One raw frame through the client's `onMessage` (JSON.parse + `handleMessage`). */
  handle(frame: string): void;
  /** Fresh per-run state where ccxt needs it (seeded Binance books). */
  reset(): void;
  /** Results ccxt handed to its client (`client.resolve`): trades, books, tickers it produced. */
  readonly resolved: number;
  /** Errors ccxt raised to its client (`client.reject`: nonce gaps, checksum errors, venue errors). */
  readonly rejected: unknown[];
}

/** ccxt's unified symbol of a market: `BTC/USDT`, `BTC/USDT:USDT`. */
export function unifiedSymbolOf(spec: CcxtMarketSpec): string {
  return spec.settle !== undefined
    ? `${spec.base}/${spec.quote}:${spec.settle}`
    : `${spec.base}/${spec.quote}`;
}

function marketOf(spec: CcxtMarketSpec): object {
  const isContract = spec.settle !== undefined;
  const type = isContract ? (spec.type ?? "swap") : "spot";
  return {
    id: spec.id,
    symbol: unifiedSymbolOf(spec),
    base: spec.base,
    quote: spec.quote,
    settle: spec.settle,
    baseId: spec.base,
    quoteId: spec.quote,
    settleId: spec.settle,
    type,
    spot: !isContract,
    margin: false,
    swap: type === "swap",
    future: type === "future",
    option: type === "option",
    contract: isContract,
    linear: isContract ? !spec.inverse : undefined,
    inverse: isContract ? Boolean(spec.inverse) : undefined,
    contractSize: isContract ? (spec.contractSize ?? 1) : undefined,
    active: true,
    precision: { amount: 1e-8, price: 1e-8 },
    limits: {},
    info: {},
    ...spec.extra,
  };
}

export async function createCcxtDriver(spec: CcxtSpec): Promise<CcxtDriver> {
  // ccxt's entry loads every exchange (~1 s): import it only when a ccxt figure runs.
  const ccxt = await import("ccxt");
  const Exchange = (ccxt.pro as unknown as Record<string, unknown>)[spec.exchange] as
    | (new (
        config: object,
      ) => CcxtProExchange)
    | undefined;
  if (Exchange === undefined) throw new Error(`bench: ccxt pro has no exchange '${spec.exchange}'`);
  const exchange = new Exchange({ options: spec.options ?? {} });
  exchange.setMarkets(spec.markets.map(marketOf));
  const client = exchange.client(spec.url);
  for (const hash of spec.subscriptions ?? []) client.subscriptions[hash] = {};
  spec.setUp?.(exchange, client);
  const rejected: unknown[] = [];
  let resolved = 0;
  // Counting wrappers around the client's own resolve/reject (which find no pending future: nobody awaits here).
  const resolve = client.resolve.bind(client);
  const reject = client.reject.bind(client);
  client.resolve = (result, messageHash) => {
    resolved++;
    return resolve(result, messageHash);
  };
  client.reject = (error, messageHash) => {
    rejected.push(error);
    return reject(error, messageHash);
  };
  function reset(): void {
    for (const seed of spec.seedBooks ?? []) {
      const { symbol, nonce, bids = [], asks = [] } = seed;
      exchange.orderbooks[symbol] = exchange.orderBook({ nonce, symbol, bids, asks }, 1000);
    }
  }
  reset();
  return {
    handle(frame) {
      client.onMessage({ data: frame });
    },
    reset,
    get resolved() {
      return resolved;
    },
    rejected,
  };
}
