// Figure 1: decode frames/s per venue and stream — the recorded raw text through each contender's own parse path,
// JSON.parse included in every one: dig3 beside tardis-dev, ccxt pro and the floor (JSON.parse of the same frames).
// Each input yields three figures; an input whose recording is absent yields none.

import type { Account } from "../src/core/index.ts";
import type { ExchangeAdapter } from "../src/exchanges/_shared/adapter.ts";
import { binance } from "../src/exchanges/binance/index.ts";
import { bybit } from "../src/exchanges/bybit/index.ts";
import { okx } from "../src/exchanges/okx/index.ts";
import { createParseContext } from "./dig3-context.ts";
import { type Figure, type FigureOptions, rateFigure } from "./figures.ts";
import { compareRates } from "./harness.ts";
import {
  bridgingSnapshotIds,
  isBinanceStream,
  isBybitTopic,
  isOkxChannel,
  readStreamFrames,
} from "./inputs.ts";
import { type CcxtDriver, type CcxtSpec, createCcxtDriver, unifiedSymbolOf } from "./peers/ccxt.ts";
import {
  binanceSnapshotMessage,
  createTardisDecoder,
  type TardisDecoder,
  type TardisExchange,
  type TardisNormalizer,
} from "./peers/tardis.ts";
import { hasWire, repeatTo } from "./wire.ts";

interface DecodeInput {
  name: string;
  venue: string;
  file: string;
  /** Which frames of the recording make up this stream. */
  keep: (message: unknown) => boolean;
  adapter: ExchangeAdapter;
  account: Account;
  tardis: { exchange: TardisExchange; normalizers: TardisNormalizer[] };
  ccxt: CcxtSpec;
  /**
   * Binance depth diffs: the peers' books check the update-id chain, so each call is one pass of the recording and
   * their books are re-seeded (untimed) at its first diff before each call.
   */
  isSequenced?: boolean;
  /** Work the ccxt path does besides decoding (it has no decode-only path), said beside its figure. */
  ccxtNote?: string;
}

const BINANCE_SPOT_CCXT: CcxtSpec = {
  exchange: "binance",
  url: "wss://stream.binance.com:9443/ws",
  markets: [
    { id: "NKNUSDT", base: "NKN", quote: "USDT" },
    { id: "BLZETH", base: "BLZ", quote: "ETH" },
    { id: "BNBBTC", base: "BNB", quote: "BTC" },
  ],
};

const BINANCE_USDM_CCXT: CcxtSpec = {
  exchange: "binanceusdm",
  url: "wss://fstream.binance.com/ws",
  markets: [
    { id: "SUSHIUSDT", base: "SUSHI", quote: "USDT", settle: "USDT" },
    { id: "KEEPUSDT", base: "KEEP", quote: "USDT", settle: "USDT" },
  ],
};

const OKX_CCXT: CcxtSpec = {
  exchange: "okx",
  url: "wss://ws.okx.com:8443/ws/v5/public",
  markets: [
    { id: "BTC-USDT", base: "BTC", quote: "USDT" },
    { id: "UNI-USD-SWAP", base: "UNI", quote: "USD", settle: "UNI", inverse: true, contractSize: 10 },
  ],
  subscriptions: ["books:BTC/USDT", "books:UNI/USD:UNI"],
};

const BYBIT_CCXT: CcxtSpec = {
  exchange: "bybit",
  url: "wss://stream.bybit.com/v5/public/linear",
  markets: [
    { id: "BTCUSDT", base: "BTC", quote: "USDT", settle: "USDT" },
    { id: "BTCPERP", base: "BTC", quote: "USDC", settle: "USDC" },
    { id: "LTCUSDT", base: "LTC", quote: "USDT", settle: "USDT" },
    { id: "BTCUSD", base: "BTC", quote: "USD", settle: "BTC", inverse: true },
  ],
};

const SPOT = "spot-depth-bookticker-aggtrade-kline.ndjson";
const USDM = "usdm-depth-bookticker-aggtrade-kline.ndjson";
const OKX = "v5-books-trades-tickers.ndjson";
const BYBIT_V5 = "tardis-v5-linear-inverse.ndjson";

const INPUTS: DecodeInput[] = [
  {
    name: "binance spot depth",
    venue: "binance",
    file: SPOT,
    keep: isBinanceStream("depth"),
    adapter: binance,
    account: "spot",
    tardis: { exchange: "binance", normalizers: ["bookChanges"] },
    ccxt: BINANCE_SPOT_CCXT,
    isSequenced: true,
    ccxtNote: "ccxt also applies each diff to its book",
  },
  {
    name: "binance spot trade (tardis sample)",
    venue: "binance",
    file: "tardis-spot.ndjson",
    keep: isBinanceStream("trade"),
    adapter: binance,
    account: "spot",
    tardis: { exchange: "binance", normalizers: ["trades"] },
    ccxt: BINANCE_SPOT_CCXT,
  },
  {
    name: "binance usdm depth",
    venue: "binance",
    file: USDM,
    keep: isBinanceStream("depth"),
    adapter: binance,
    account: "linear",
    tardis: { exchange: "binance-futures", normalizers: ["bookChanges"] },
    ccxt: BINANCE_USDM_CCXT,
    isSequenced: true,
    ccxtNote: "ccxt also applies each diff to its book",
  },
  {
    name: "okx books",
    venue: "okx",
    file: OKX,
    keep: isOkxChannel("books"),
    adapter: okx,
    account: "spot",
    tardis: { exchange: "okex", normalizers: ["bookChanges"] },
    ccxt: OKX_CCXT,
    ccxtNote: "ccxt also applies each update to its book",
  },
  {
    name: "okx trades",
    venue: "okx",
    file: OKX,
    keep: isOkxChannel("trades"),
    adapter: okx,
    account: "spot",
    tardis: { exchange: "okex", normalizers: ["trades"] },
    ccxt: OKX_CCXT,
  },
  {
    name: "bybit v5 orderbook (tardis sample)",
    venue: "bybit",
    file: BYBIT_V5,
    keep: isBybitTopic("orderbook."),
    adapter: bybit,
    account: "linear",
    // tardis maps `orderbook.50` to book changes and `orderbook.1` to book tickers.
    tardis: { exchange: "bybit", normalizers: ["bookChanges", "bookTickers"] },
    ccxt: BYBIT_CCXT,
    ccxtNote: "ccxt also applies each update to its book",
  },
  {
    name: "bybit v5 publicTrade (tardis sample)",
    venue: "bybit",
    file: BYBIT_V5,
    keep: isBybitTopic("publicTrade."),
    adapter: bybit,
    account: "linear",
    tardis: { exchange: "bybit", normalizers: ["trades"] },
    ccxt: BYBIT_CCXT,
  },
];

/** Where the peers' Binance books must start so the first recorded diff bridges (tardis' snapshot, ccxt's seed). */
function seedPeers(input: DecodeInput, base: string[], tardis: TardisDecoder): CcxtSpec {
  if (!input.isSequenced) return input.ccxt;
  const seeds = bridgingSnapshotIds(base);
  for (const [native, lastUpdateId] of seeds) {
    tardis.prime(binanceSnapshotMessage(native, { lastUpdateId, bids: [], asks: [] }));
  }
  const seedBooks = [...seeds].map(([native, nonce]) => {
    const market = input.ccxt.markets.find((m) => m.id === native);
    if (!market) throw new Error(`bench: no ccxt market for ${native}`);
    return { symbol: unifiedSymbolOf(market), nonce };
  });
  return { ...input.ccxt, seedBooks };
}

/** Frames for which each contender produced something, checked once before timing (a silent no-op is no figure). */
function countCovered(frames: readonly string[], decodeOne: (frame: string) => number): number {
  let covered = 0;
  for (const frame of frames) if (decodeOne(frame) > 0) covered++;
  return covered;
}

function ccxtOutputOf(driver: CcxtDriver): (frame: string) => number {
  return (frame) => {
    const before = driver.resolved;
    driver.handle(frame);
    return driver.resolved - before;
  };
}

export async function measureDecode(options: FigureOptions): Promise<Figure[]> {
  const figures: Figure[] = [];
  for (const input of INPUTS) {
    if (!hasWire(input.venue, input.file)) continue;
    const base = readStreamFrames(input.venue, input.file, input.keep);
    // Whole repeats of the recording, so every call sees the stream's own mix of frames.
    const repeats = input.isSequenced
      ? 1
      : Math.max(1, Math.round((options.quick ? 300 : 1_500) / base.length));
    const frames = repeatTo(base, base.length * repeats);
    const context = createParseContext(input.adapter, input.account);
    const tardis = createTardisDecoder(input.tardis.exchange, input.tardis.normalizers);
    const ccxt = await createCcxtDriver(seedPeers(input, base, tardis));
    const dig3One = (frame: string): number => {
      const parsed = input.adapter.ws.parse(frame, context);
      return parsed.kind === "events" ? parsed.events.length : 0;
    };

    ccxt.reset();
    const covered = {
      dig3: countCovered(frames, dig3One),
      tardis: countCovered(frames, tardis.decode),
      ccxt: countCovered(frames, ccxtOutputOf(ccxt)),
    };
    for (const [name, count] of Object.entries(covered)) {
      if (count === 0)
        throw new Error(`bench: ${name} produced nothing from ${input.name}; the driver is broken`);
    }

    let sink = 0;
    const rates = await compareRates(
      {
        floor: () => {
          for (const frame of frames) sink += (JSON.parse(frame) as object) ? 1 : 0;
        },
        dig3: () => {
          for (const frame of frames) sink += dig3One(frame);
        },
        tardis: () => {
          for (const frame of frames) sink += tardis.decode(frame);
        },
        ccxt: {
          prepare: () => ccxt.reset(),
          run: () => {
            for (const frame of frames) ccxt.handle(frame);
          },
        },
      },
      { items: frames.length, quick: options.quick, timeMs: options.quick ? 30 : 300 },
    );
    if (sink === 0) throw new Error("bench: nothing decoded");
    if (ccxt.rejected.length > 0) {
      throw new Error(
        `bench: ccxt rejected ${ccxt.rejected.length} on ${input.name}: ${String(ccxt.rejected[0])}`,
      );
    }

    const total = frames.length;
    const coverage = (peer: number) =>
      `frames with output: dig3 ${covered.dig3}/${total}, peer ${peer}/${total}`;
    const name = `decode ${input.name}`;
    figures.push(
      withCheck(
        rateFigure(name, "frames/s", rates.dig3!, "tardis-dev", rates.tardis!),
        coverage(covered.tardis),
      ),
      withCheck(
        rateFigure(name, "frames/s", rates.dig3!, "ccxt pro", rates.ccxt!),
        [coverage(covered.ccxt), input.ccxtNote].filter(Boolean).join("; "),
      ),
      rateFigure(name, "frames/s", rates.dig3!, "JSON.parse floor", rates.floor!),
    );
  }
  return figures;
}

function withCheck(figure: Figure, check: string): Figure {
  return { ...figure, check };
}
