// The venue simulator's public API: `startSim` starts a Bun.serve stand-in for one venue (REST + WebSocket on
// 127.0.0.1) with deterministic data, faults on demand and ground truth. Venues register in VENUES below.

import { join, resolve } from "node:path";
import type { SimFaults } from "./faults.ts";
import { type SimStats, startSimServer } from "./server.ts";
import type { SimAccount, SimMode, SimVenueFactory } from "./types.ts";
import { createBinanceVenue } from "./venues/binance.ts";
import { createBingxVenue } from "./venues/bingx.ts";
import { createBitfinexVenue } from "./venues/bitfinex.ts";
import { createBitgetVenue } from "./venues/bitget.ts";
import { createBitstampVenue } from "./venues/bitstamp.ts";
import { createBybitVenue } from "./venues/bybit.ts";
import { createCoinbaseVenue } from "./venues/coinbase.ts";
import { createCryptocomVenue } from "./venues/cryptocom.ts";
import { createDeribitVenue } from "./venues/deribit.ts";
import { createDydxVenue } from "./venues/dydx.ts";
import { createGateioVenue } from "./venues/gateio.ts";
import { createHtxVenue } from "./venues/htx.ts";
import { createHyperliquidVenue } from "./venues/hyperliquid.ts";
import { createKrakenVenue } from "./venues/kraken.ts";
import { createKucoinVenue } from "./venues/kucoin.ts";
import { createLighterVenue } from "./venues/lighter.ts";
import { createMexcVenue } from "./venues/mexc.ts";
import { createOkxVenue } from "./venues/okx.ts";

export type { SimFaults } from "./faults.ts";
export type { SimStats } from "./server.ts";
export type { SimAccount, SimMode, SimVenue, SimVenueContext, SimVenueFactory } from "./types.ts";

/** One line per venue: its id (the `--venue` value and first URL path segment) and its factory. */
const VENUES = {
  binance: createBinanceVenue,
  bingx: createBingxVenue,
  bitfinex: createBitfinexVenue,
  bitget: createBitgetVenue,
  bitstamp: createBitstampVenue,
  bybit: createBybitVenue,
  coinbase: createCoinbaseVenue,
  cryptocom: createCryptocomVenue,
  deribit: createDeribitVenue,
  dydx: createDydxVenue,
  gateio: createGateioVenue,
  htx: createHtxVenue,
  hyperliquid: createHyperliquidVenue,
  kraken: createKrakenVenue,
  kucoin: createKucoinVenue,
  lighter: createLighterVenue,
  mexc: createMexcVenue,
  okx: createOkxVenue,
} satisfies Record<string, SimVenueFactory>;

export type SimVenueId = keyof typeof VENUES;
export const SIM_VENUES = Object.keys(VENUES) as SimVenueId[];

export interface SimOptions {
  venue: SimVenueId;
  /** 0 = pick a free port. */
  port?: number;
  /** Data cadence: one market step (and its frames) per tick. Default 20. */
  tickMs?: number;
  /** Seed for deterministic data (same seed, same sequence of prices, quantities and ids). Default 1. */
  seed?: number;
  /** Default `synthetic`. */
  mode?: SimMode;
  /** Recorded wire data root; default `../shared/wire` next to the repository (or `DIG3_WIRE_DIR`). */
  wireDir?: string;
  /** Server-initiated WebSocket pings, like the venue's own (Binance: 20 s). 0 = none. */
  pingEveryMs?: number;
  /** Ground-truth payloads kept per stream (newest). Default 100 000. */
  groundTruthCap?: number;
  /** Close sockets that exceed the venue's client message rate (Binance: 5/s spot, 10/s futures). Default true. */
  enforceMessageRate?: boolean;
}

export interface Sim {
  readonly venue: SimVenueId;
  readonly port: number;
  /** The accounts this venue's simulator serves (spot, linear, inverse), in that order. */
  readonly accounts: readonly SimAccount[];
  /** e.g. ws://127.0.0.1:PORT/binance/spot/stream */
  wsUrl(account: SimAccount): string;
  /** http://127.0.0.1:PORT — REST paths are the venue's own (/api/v3/…, /fapi/v1/…, /dapi/v1/…). */
  readonly restUrl: string;
  /** The env overrides dig3 reads: DIG3_<VENUE>_WS_URL (of `account`, default spot) and DIG3_<VENUE>_REST_URL, plus per-account WS URLs. */
  env(account?: SimAccount): Record<string, string>;
  readonly faults: SimFaults;
  readonly stats: SimStats;
  /** Ground truth: every data frame payload sent for a stream (e.g. "btcusdt@trade"), in order. Without
   *  `account`, the first account (spot, linear, inverse) that has the stream. Faulted frames are not in it. */
  sentFrames(stream: string, account?: SimAccount): unknown[];
  /** `sentFrames` plus the frames a fault held back (silence), skipped or replaced by garbage, in production order:
   *  every payload of the stream a consumer should end up with once REST heals have run. */
  producedFrames(stream: string, account?: SimAccount): unknown[];
  close(): Promise<void>;
}

export function resolveWireDir(): string {
  return process.env.DIG3_WIRE_DIR ?? join(resolve(import.meta.dir, "..", ".."), "..", "shared", "wire");
}

export async function startSim(options: SimOptions): Promise<Sim> {
  const createVenue: SimVenueFactory | undefined = VENUES[options.venue];
  if (!createVenue)
    throw new Error(`unknown simulator venue '${options.venue}' (known: ${SIM_VENUES.join(", ")})`);
  const tickMs = Math.max(1, options.tickMs ?? 20);
  const venue = await createVenue({
    mode: options.mode ?? "synthetic",
    seed: options.seed ?? 1,
    tickMs,
    wireDir: options.wireDir ?? resolveWireDir(),
  });
  const server = startSimServer(venue, {
    port: options.port ?? 0,
    tickMs,
    pingEveryMs: options.pingEveryMs ?? 20_000,
    groundTruthCap: options.groundTruthCap ?? 100_000,
    enforceMessageRate: options.enforceMessageRate ?? true,
  });
  const restUrl = `http://127.0.0.1:${server.port}`;
  const wsUrl = (account: SimAccount) => {
    if (!venue.accounts.includes(account))
      throw new Error(`${venue.id} simulator has no '${account}' account`);
    return `ws://127.0.0.1:${server.port}${venue.wsPath(account)}`;
  };
  return {
    venue: options.venue,
    port: server.port,
    accounts: venue.accounts,
    restUrl,
    wsUrl,
    env: (account = venue.accounts[0] ?? "spot") => venue.envFor(account, { wsUrlOf: wsUrl, restUrl }),
    faults: server.faults,
    stats: server.stats,
    sentFrames: (stream, account) => server.sentFrames(stream, account),
    producedFrames: (stream, account) => server.producedFrames(stream, account),
    close: () => server.close(),
  };
}
