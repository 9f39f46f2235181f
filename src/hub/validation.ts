// Validation stamps: when and how each venue × account × stream was last verified (recorded traffic, simulator,
// live), read from data/validation_snapshot.json. Keys are adapter ids, so every stamp round-trips to its venue.

import { readFileSync } from "node:fs";
// The file's path: data/ in a clone, the copy embedded in a compiled binary (which has no data/ beside it). Read on
// demand, not parsed when the module loads.
import shippedSnapshotPath from "../../data/validation_snapshot.json" with { type: "file" };
import type { Account, StreamKind } from "../core/index.ts";

/** How a stream was verified: decoding recorded traffic, against the local simulator, or against the real venue. */
export type ValidationVia = "recorded" | "simulator" | "live";

export interface ValidationStamp {
  /** `verified`: events arrived and parsed; `failing`: it was tried and produced none (or errors). */
  status: "verified" | "failing";
  via: ValidationVia;
  /** ISO-8601 UTC time of the check. */
  checkedAt: string;
  /** Events seen during the check. */
  events: number;
  detail?: string;
}

/** Stamps of one stream, by how it was verified. */
export type StreamStamps = Partial<Record<ValidationVia, ValidationStamp>>;

export interface ValidationSnapshot {
  version: 1;
  /** venue id → account → stream kind → stamps. */
  venues: Record<string, Partial<Record<Account, Partial<Record<StreamKind, StreamStamps>>>>>;
}

/** The shipped snapshot: data/validation_snapshot.json in a clone, its embedded copy in a compiled binary. */
export const VALIDATION_SNAPSHOT_PATH: string = shippedSnapshotPath as unknown as string;

export function emptySnapshot(): ValidationSnapshot {
  return { version: 1, venues: {} };
}

/**
 * Reads a snapshot file (default: the shipped one, read from disk in a clone so a `--write` shows at once). A
 * missing file is an empty snapshot: nothing is stamped, rather than an error at construction.
 */
export function readValidationSnapshot(path: string | URL = VALIDATION_SNAPSHOT_PATH): ValidationSnapshot {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch {
    return emptySnapshot();
  }
  const parsed = JSON.parse(text) as Partial<ValidationSnapshot>;
  return { version: 1, venues: parsed.venues ?? {} };
}

/** The stamps of one stream, or undefined when it was never verified. */
export function stampsOf(
  snapshot: ValidationSnapshot,
  exchange: string,
  account: Account,
  kind: StreamKind,
): StreamStamps | undefined {
  return snapshot.venues[exchange]?.[account]?.[kind];
}

/** True when at least one way of verifying the stream passed. */
export function isVerified(stamps: StreamStamps | undefined): boolean {
  return Object.values(stamps ?? {}).some((stamp) => stamp?.status === "verified");
}

/** The snapshot with one stream's stamp for `stamp.via` set (its other stamps kept); the input is not changed. */
export function withStamp(
  snapshot: ValidationSnapshot,
  exchange: string,
  account: Account,
  kind: StreamKind,
  stamp: ValidationStamp,
): ValidationSnapshot {
  const venue = snapshot.venues[exchange] ?? {};
  const streams = venue[account] ?? {};
  return {
    version: 1,
    venues: {
      ...snapshot.venues,
      [exchange]: { ...venue, [account]: { ...streams, [kind]: { ...streams[kind], [stamp.via]: stamp } } },
    },
  };
}
