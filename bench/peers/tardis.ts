// tardis-dev (13.x) driven offline the way its `streamNormalized` drives a live feed: JSON.parse of each frame, then
// every normalizer's mapper (`canHandle` + `map`, results iterated), mappers created for "now" so the real-time
// channel choices apply; and its `OrderBook` fed with the book changes, for the book figure.

import {
  type BookChange,
  type BookPriceLevel,
  type Exchange,
  type Mapper,
  type NormalizedData,
  normalizeBookChanges,
  normalizeBookTickers,
  normalizeTrades,
  OrderBook,
} from "tardis-dev";

/** A tardis exchange id (`binance-futures`, `okex`, `cryptofacilities` …). */
export type TardisExchange = Exchange;

const NORMALIZERS = {
  trades: normalizeTrades,
  bookChanges: normalizeBookChanges,
  bookTickers: normalizeBookTickers,
} as const;

export type TardisNormalizer = keyof typeof NORMALIZERS;

type AnyMapper = Mapper<TardisExchange, NormalizedData>;
type AnyFactory = (exchange: TardisExchange, localTimestamp: Date) => AnyMapper;

function createMappers(exchange: TardisExchange, normalizers: readonly TardisNormalizer[]): AnyMapper[] {
  // `streamNormalized` builds its mappers with `new Date()`: real-time ones (OKX `books`, Bybit v5 …).
  const now = new Date();
  return normalizers.map((name) => (NORMALIZERS[name] as unknown as AnyFactory)(exchange, now));
}

export interface TardisDecoder {
  /** One raw frame through JSON.parse and every mapper; returns the normalized messages it yielded. */
  decode(frame: string): number;
  /** Hands a message to the mappers outside the timing (e.g. the depth snapshot tardis' live feed injects). */
  prime(message: object): number;
}

export function createTardisDecoder(
  exchange: TardisExchange,
  normalizers: readonly TardisNormalizer[],
): TardisDecoder {
  const mappers = createMappers(exchange, normalizers);
  const localTimestamp = new Date();
  function mapMessage(message: unknown): number {
    let count = 0;
    for (const mapper of mappers) {
      if (!mapper.canHandle(message)) continue;
      const mapped = mapper.map(message, localTimestamp);
      if (!mapped) continue;
      for (const _ of mapped) count++;
    }
    return count;
  }
  return {
    decode: (frame) => mapMessage(JSON.parse(frame)),
    prime: mapMessage,
  };
}

/**
 * The message tardis' Binance live feed injects after fetching a REST depth snapshot
 * (`realtimefeeds/binance.ts`: `{ stream: '<symbol>@depthSnapshot', generated: true, data: <body> }`).
 */
export function binanceSnapshotMessage(native: string, body: unknown): object {
  return { stream: `${native.toLowerCase()}@depthSnapshot`, generated: true, data: body };
}

export interface TardisBookReplay {
  /** One raw frame: JSON.parse, the book-change mapper, `OrderBook.update` per change; returns the changes applied. */
  apply(frame: string): number;
  /** An already parsed message (the injected REST snapshot). */
  applyMessage(message: object): number;
  /** Best-first levels of one symbol's book as [price, amount]. */
  levels(symbol: string, side: "bids" | "asks"): [number, number][];
  readonly symbols: string[];
}

/** A fresh mapper and one `OrderBook` per symbol, as a tardis user keeps books from `normalizeBookChanges`. */
export function createTardisBookReplay(exchange: TardisExchange): TardisBookReplay {
  const [mapper] = createMappers(exchange, ["bookChanges"]) as unknown as [
    Mapper<TardisExchange, BookChange>,
  ];
  const books = new Map<string, OrderBook>();
  const localTimestamp = new Date();
  function applyMessage(message: object): number {
    if (!mapper.canHandle(message)) return 0;
    const changes = mapper.map(message, localTimestamp);
    if (!changes) return 0;
    let count = 0;
    for (const change of changes) {
      let book = books.get(change.symbol);
      if (!book) {
        book = new OrderBook();
        books.set(change.symbol, book);
      }
      book.update(change);
      count++;
    }
    return count;
  }
  return {
    apply: (frame) => applyMessage(JSON.parse(frame) as object),
    applyMessage,
    levels(symbol, side) {
      const book = books.get(symbol);
      if (!book) return [];
      const iterator: IterableIterator<BookPriceLevel> = side === "bids" ? book.bids() : book.asks();
      return Array.from(iterator, (level) => [level.price, level.amount]);
    },
    get symbols() {
      return [...books.keys()];
    },
  };
}
