// Reads recorded wire sessions (`<wireDir>/<venue>/*.ndjson`, see shared/wire/README.md) at run time: inbound
// WebSocket frames and REST bodies. Nothing is copied into the repository; a missing folder reads as empty.

import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";

export interface RecordedWsLine {
  tsMs: number;
  url: string;
  frame: string;
}

export interface RecordedRestLine {
  tsMs: number;
  url: string;
  body: string;
}

/** Files in the venue folder whose names pass `accept`, sorted by name. */
export function listRecordings(
  wireDir: string,
  venue: string,
  accept: (fileName: string) => boolean,
): string[] {
  const dir = join(wireDir, venue);
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((name) => name.endsWith(".ndjson") && accept(name))
    .sort()
    .map((name) => join(dir, name));
}

/** Inbound (`dir: "in"`) WebSocket frames of a recorded session, in receive order. */
export function readInboundFrames(path: string): RecordedWsLine[] {
  const out: RecordedWsLine[] = [];
  for (const record of readJsonLines(path)) {
    if (record.dir === "in" && typeof record.frame === "string") {
      out.push({ tsMs: Number(record.ts) || 0, url: String(record.url ?? ""), frame: record.frame });
    }
  }
  return out;
}

/** REST responses of a recorded session, in receive order. */
export function readRestBodies(path: string): RecordedRestLine[] {
  const out: RecordedRestLine[] = [];
  for (const record of readJsonLines(path)) {
    if (typeof record.body === "string" && typeof record.url === "string") {
      out.push({ tsMs: Number(record.ts) || 0, url: record.url, body: record.body });
    }
  }
  return out;
}

function readJsonLines(path: string): Array<Record<string, unknown>> {
  const out: Array<Record<string, unknown>> = [];
  for (const line of readFileSync(path, "utf8").split("\n")) {
    if (!line.trim()) continue;
    try {
      const value: unknown = JSON.parse(line);
      if (value && typeof value === "object") out.push(value as Record<string, unknown>);
    } catch {
      // A torn last line in a recording is skipped, not fatal.
    }
  }
  return out;
}
