// The capture process killed at seeded random points (SIGKILL): every whole record on disk is still readable after a
// restart and the restart leaves every file clean; SIGTERM flushes everything. Trials run four at a time. A kill point
// counts from the first day file the capture writes, so a slow start on a loaded machine still kills mid-capture.

import { afterAll, beforeAll, expect, test } from "bun:test";
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { inspectPaths } from "../../src/tools/index.ts";
import { type Sim, startSim } from "../sim/index.ts";
import { createRandom } from "./mutate.ts";

const REPO = resolve(import.meta.dir, "../..");
const TRIALS = 20;
const PARALLEL = 4;

let sim: Sim;
let temp: string;
beforeAll(async () => {
  sim = await startSim({ venue: "binance", tickMs: 10, seed: 21 });
  temp = mkdtempSync(join(tmpdir(), "dig3-reliability-kill-"));
});
afterAll(async () => {
  await sim.close();
  rmSync(temp, { recursive: true, force: true });
});

function writeCaptureConfig(root: string): string {
  const path = `${root}.toml`;
  writeFileSync(
    path,
    `storage_root = "${root}"
[defaults]
intervals = ["1s"]

[[streams]]
exchange = "binance"
symbols = ["BTC/USDT", "ETH/USDT"]
kinds = ["trades", "orderbook", "kline"]
`,
  );
  return path;
}

function spawnCapture(config: string, extra: string[] = []) {
  return Bun.spawn([process.execPath, join(REPO, "src/main.ts"), "capture", "--config", config, ...extra], {
    cwd: REPO,
    env: { ...process.env, NO_COLOR: "1", ...sim.env("spot") },
    stdout: "ignore",
    stderr: "pipe",
    stdin: "ignore",
  });
}

interface TrialFigures {
  killAfterMs: number;
  recordsAtKill: number;
  tornBytesAtKill: number;
  recordsAfterRestart: number;
  dirtyAfterRestart: string[];
}

/** Resolves once a .dat file exists under `root` (the capture has started writing), or after `timeoutMs`. */
async function waitForFirstDayFile(root: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  const hasDayFile = () =>
    existsSync(root) &&
    (readdirSync(root, { recursive: true }) as string[]).some((name) => name.endsWith(".dat"));
  while (!hasDayFile() && Date.now() < deadline) await Bun.sleep(20);
}

async function runKillTrial(index: number, killAfterMs: number): Promise<TrialFigures> {
  const root = join(temp, `kill-${index}`);
  const config = writeCaptureConfig(root);
  const child = spawnCapture(config);
  await waitForFirstDayFile(root, 15_000);
  await Bun.sleep(killAfterMs);
  child.kill("SIGKILL");
  await child.exited;
  const atKill = (await inspectPaths([root])).totals;
  // Restart: the writer recovers torn tails and the stale lock of the killed pid, captures briefly, exits cleanly.
  const restart = spawnCapture(config, ["--duration", "0.3"]);
  const code = await restart.exited;
  const after = await inspectPaths([root]);
  if (code !== 0)
    throw new Error(`restart exited ${code}: ${(await new Response(restart.stderr).text()).slice(-400)}`);
  return {
    killAfterMs,
    recordsAtKill: atKill.records,
    tornBytesAtKill: atKill.tornBytes,
    recordsAfterRestart: after.totals.records,
    dirtyAfterRestart: after.files
      .filter((file) => file.status !== "clean")
      .map((file) => `${file.path}: ${file.problems.join("; ")}`),
  };
}

test(`SIGKILL at ${TRIALS} seeded points: whole records survive, restart leaves every file clean`, async () => {
  const random = createRandom(0x4b111);
  const delaysMs = Array.from({ length: TRIALS }, () => random.int(1200));
  const results: TrialFigures[] = [];
  for (let start = 0; start < TRIALS; start += PARALLEL)
    results.push(
      ...(await Promise.all(
        delaysMs.slice(start, start + PARALLEL).map((delayMs, i) => runKillTrial(start + i, delayMs)),
      )),
    );
  const survived = results.filter((result) => result.recordsAfterRestart >= result.recordsAtKill);
  const torn = results.filter((result) => result.tornBytesAtKill > 0).length;
  console.log(
    `process SIGKILL: ${TRIALS} trials (kill ${Math.min(...delaysMs)}–${Math.max(...delaysMs)} ms after the first day file), ` +
      `${results.reduce((sum, result) => sum + result.recordsAtKill, 0)} records on disk at the kills, ${torn} with a torn tail, ` +
      `${survived.length}/${TRIALS} kept every record after restart, ${results.filter((result) => result.dirtyAfterRestart.length === 0).length}/${TRIALS} clean`,
  );
  for (const result of results) {
    expect(result.dirtyAfterRestart).toEqual([]);
    expect(result.recordsAfterRestart).toBeGreaterThanOrEqual(result.recordsAtKill);
  }
}, 60_000);

test("SIGTERM during capture: everything flushed, every file clean, no lock left", async () => {
  const root = join(temp, "term");
  const child = spawnCapture(writeCaptureConfig(root));
  await Bun.sleep(1_200);
  child.kill("SIGTERM");
  const code = await child.exited;
  const inspection = await inspectPaths([root]);
  console.log(
    `process SIGTERM: exit ${code}, ${inspection.totals.files} files, ${inspection.totals.records} records, ` +
      `${inspection.totals.clean} clean, torn ${inspection.totals.tornBytes} B, locks held ${inspection.files.filter((file) => file.writerPid !== undefined).length}`,
  );
  expect(code).toBe(0);
  expect(inspection.totals.records).toBeGreaterThan(0);
  expect(inspection.totals.clean).toBe(inspection.totals.files);
  expect(inspection.files.every((file) => file.writerPid === undefined)).toBe(true);
}, 20_000);
