// Validation stamps: when and how each venue × account × stream was last verified (recorded traffic, simulator,
// live), read from data/validation_snapshot.json. Keys are adapter ids, so every stamp round-trips to its venue.

import { readFileSync } from "node:fs";
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

export const VALIDATION_SNAPSHOT_URL = new URL("../../data/validation_snapshot.json", import.meta.url);

export function emptySnapshot(): ValidationSnapshot {
  return { version: 1, venues: {} };
}

/**
 * Reads a snapshot file (default: the one shipped in data/). A missing file (a compiled binary, a trimmed install)
 * is an empty snapshot: nothing is stamped, rather than an error at construction.
 */
export function readValidationSnapshot(path: string | URL = VALIDATION_SNAPSHOT_URL): ValidationSnapshot {
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
