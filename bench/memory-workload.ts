// The memory benchmark's workload, run as its own process so its RSS is dig3's alone: one persisting Station per
// simulator (`bun bench/memory-workload.ts <config.json>`), every stream consumed. Prints `ready <streams>` once
// subscribed; for each `gc` line on stdin runs a full garbage collection and prints `gc <JS heap bytes in use>`; runs
// until SIGTERM (or until its stdin ends with the parent), then closes everything and prints `done <json counts>`.

import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { MarketEvent } from "../src/core/index.ts";
import { Station, type SubscriptionRequest } from "../src/station/index.ts";
import { readLines } from "./lines.ts";

export interface WorkloadRig {
  /** One Station's subscriptions, all on one simulator. */
  requests: SubscriptionRequest[];
  env: Record<string, string>;
}

export interface WorkloadConfig {
  root: string;
  rigs: WorkloadRig[];
}

interface Running {
  close(): Promise<void>;
  streams: number;
}

const counts = { events: 0, failed: 0 };

async function startRig(rig: WorkloadRig, index: number, root: string): Promise<Running> {
  const station = Station.builder()
    .storageRoot(join(root, `rig-${index}`))
    .persistence(true)
    .hub({ env: rig.env, ws: { backoff: { initialMs: 20, maxMs: 100 }, connectTimeoutMs: 2_000 } })
    .build();
  const { ok, failed, handle } = await station.subscribe(rig.requests);
  counts.failed += failed.length;
  const consumed = (async () => {
    for await (const _ of handle as AsyncIterable<MarketEvent>) counts.events++;
  })();
  return {
    streams: ok.length,
    async close() {
      await handle.close();
      await station.close();
      await consumed;
    },
  };
}

if (import.meta.main) {
  const configPath = process.argv[2];
  if (!configPath) throw new Error("usage: bun bench/memory-workload.ts <config.json>");
  const config = JSON.parse(readFileSync(configPath, "utf8")) as WorkloadConfig;
  // `on`, not `once`: the exit flush re-raises SIGTERM when no one else listens, which would end us before closing.
  const signalled = new Promise<void>((resolve) => process.on("SIGTERM", () => resolve()));
  // The parent holds our stdin open; its end (the parent killed outright) stops us too, so no workload outlives it.
  const orphaned = (async () => {
    for await (const line of readLines(Bun.stdin.stream())) {
      if (line !== "gc") continue;
      Bun.gc(true);
      console.log(`gc ${process.memoryUsage().heapUsed}`);
    }
  })();
  const stopped = Promise.race([signalled, orphaned]);
  const rigs = await Promise.all(config.rigs.map((rig, index) => startRig(rig, index, config.root)));
  console.log(`ready ${rigs.reduce((sum, rig) => sum + rig.streams, 0)}`);
  await stopped;
  await Promise.all(rigs.map((rig) => rig.close()));
  console.log(`done ${JSON.stringify(counts)}`);
  process.exit(0);
}
