// The recorded frames benchmarks feed every contender: `../shared/wire/<venue>/<file>` inbound frames, repeated to a
// stable length. Absent recordings make a figure skip itself (a clone without ../shared still runs the bench).

import { existsSync, readFileSync } from "node:fs";
import { resolve } from "node:path";

export const WIRE_ROOT = resolve(import.meta.dir, "../../shared/wire");

export function hasWire(venue: string, file: string): boolean {
  return existsSync(resolve(WIRE_ROOT, venue, file));
}

/** The inbound frames of one recording, verbatim, in order. */
export function readFrames(venue: string, file: string): string[] {
  return readFileSync(resolve(WIRE_ROOT, venue, file), "utf8")
    .split("\n")
    .filter((line) => line.length > 0)
    .map((line) => JSON.parse(line) as { frame?: string; dir?: string })
    .filter((line) => typeof line.frame === "string" && line.dir !== "out")
    .map((line) => line.frame!);
}

/** `frames` repeated (in order) until there are `count`. */
export function repeatTo<T>(frames: T[], count: number): T[] {
  if (frames.length === 0) throw new Error("bench: no frames to repeat");
  const out: T[] = [];
  while (out.length < count) out.push(...frames);
  return out.slice(0, count);
}
