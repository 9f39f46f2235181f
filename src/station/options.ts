// Station settings: what the builder accepts (persistence, warm-start, gap-heal, storage root) and the resolved
// settings the station runs with, defaults included (silence thresholds per stream kind, storage root precedence).

import { resolve } from "node:path";
import { STREAM_KINDS, type StreamKind } from "../core/index.ts";
import type { HubDiagnostic, HubOptions } from "../hub/index.ts";

/** Which stream kinds to write to day files: `true` = every kind, or a per-kind switch (unlisted kinds off). */
export interface PersistenceConfig {
  /** Per-kind switch; a kind not listed is not persisted. Default: every kind. */
  kinds?: Partial<Record<StreamKind, boolean>>;
  /** Write `gap` records for spans that could not be backfilled (default true). */
  gaps?: boolean;
  /** Longest time a record stays in memory before it is written (default 1000). */
  flushEveryMs?: number;
  /**
   * An in-progress kline bar is written at most this often (default 5000); closed and backfilled bars always are.
   * 0 writes every update (as the Rust station does). The reader keeps the last record per open time.
   */
  klineUpdateEveryMs?: number;
}

export interface GapHealOptions {
  /**
   * No event on a stream for this long (while its socket is up) is a silence: the station resubscribes and backfills.
   * One number for every kind, or per kind; 0 turns the watchdog off for that kind. Defaults: SILENCE_DEFAULTS_MS.
   */
  silenceMs?: number | Partial<Record<StreamKind, number>>;
  /** After a trigger, wait this long at most for the first live event before the REST backfill (default 1500). */
  settleMs?: number;
  /** REST pages of klines fetched per heal, newest first (default 10); older bars become a gap. */
  maxKlinePages?: number;
  /** Recent trades asked of REST per heal (default 1000, the Binance maximum). */
  tradeLimit?: number;
}

export interface StationOptions {
  hub?: HubOptions;
  /** Events a slow consumer may fall behind before the oldest are dropped. */
  queueCapacity?: number;
  onDiagnostic?: (diagnostic: HubDiagnostic) => void;
  /** Day-file root: this > `DIG3_STORAGE_ROOT` > `./dig3_storage`. */
  storageRoot?: string;
  /** Default false (nothing is written). */
  persistence?: boolean | PersistenceConfig;
  /** History points given to each consumer before live (default 0). */
  warmStart?: number;
  /** Default true. */
  gapHeal?: boolean | GapHealOptions;
}

/**
 * Silence thresholds per kind. Trades stay quiet for minutes on illiquid pairs; Binance pushes klines, tickers and
 * mark price every 1-3 s whatever happens, and books change many times a second; liquidations are rare (off).
 */
export const SILENCE_DEFAULTS_MS: Readonly<Record<StreamKind, number>> = {
  trade: 120_000,
  agg_trade: 120_000,
  book: 60_000,
  kline: 60_000,
  ticker: 60_000,
  mark_price: 30_000,
  funding_rate: 30_000,
  open_interest: 60_000,
  liquidation: 0,
};

export interface PersistenceSettings {
  root: string;
  kinds: Readonly<Record<StreamKind, boolean>>;
  gaps: boolean;
  flushEveryMs: number;
  klineUpdateEveryMs: number;
}

export interface HealSettings {
  silenceMs: Readonly<Record<StreamKind, number>>;
  settleMs: number;
  maxKlinePages: number;
  tradeLimit: number;
}

export interface StationSettings {
  storageRoot: string;
  /** Undefined when nothing is persisted. */
  persistence: PersistenceSettings | undefined;
  warmStart: number;
  /** Undefined when gap-heal is off. */
  heal: HealSettings | undefined;
  queueCapacity: number | undefined;
}

/** Builder > DIG3_STORAGE_ROOT > ./dig3_storage, as an absolute path. */
export function resolveStorageRoot(
  explicit: string | undefined,
  env: Record<string, string | undefined>,
): string {
  return resolve(explicit || env.DIG3_STORAGE_ROOT || "./dig3_storage");
}

function resolveKinds(kinds: Partial<Record<StreamKind, boolean>> | undefined): Record<StreamKind, boolean> {
  const out = {} as Record<StreamKind, boolean>;
  for (const kind of STREAM_KINDS) out[kind] = kinds === undefined ? true : kinds[kind] === true;
  return out;
}

function resolveSilence(silence: GapHealOptions["silenceMs"]): Record<StreamKind, number> {
  const out = { ...SILENCE_DEFAULTS_MS };
  for (const kind of STREAM_KINDS) {
    const value = typeof silence === "number" ? silence : silence?.[kind];
    if (value !== undefined && Number.isFinite(value) && value >= 0) out[kind] = value;
  }
  return out;
}

export function resolveStationSettings(
  options: StationOptions,
  env: Record<string, string | undefined>,
): StationSettings {
  const storageRoot = resolveStorageRoot(options.storageRoot, env);
  const persist = options.persistence ?? false;
  const persistence: PersistenceSettings | undefined =
    persist === false
      ? undefined
      : {
          root: storageRoot,
          kinds: resolveKinds(persist === true ? undefined : persist.kinds),
          gaps: persist === true ? true : (persist.gaps ?? true),
          flushEveryMs: persist === true ? 1000 : (persist.flushEveryMs ?? 1000),
          klineUpdateEveryMs: persist === true ? 5000 : (persist.klineUpdateEveryMs ?? 5000),
        };
  const heal = options.gapHeal ?? true;
  const healOptions = heal === true ? {} : heal === false ? undefined : heal;
  return {
    storageRoot,
    persistence,
    warmStart: Math.max(0, Math.floor(options.warmStart ?? 0)),
    heal: healOptions && {
      silenceMs: resolveSilence(healOptions.silenceMs),
      settleMs: Math.max(0, healOptions.settleMs ?? 1500),
      maxKlinePages: Math.max(1, Math.floor(healOptions.maxKlinePages ?? 10)),
      tradeLimit: Math.min(1000, Math.max(1, Math.floor(healOptions.tradeLimit ?? 1000))),
    },
    queueCapacity: options.queueCapacity,
  };
}
