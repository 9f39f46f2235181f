// `dig3 watch` beyond the venue streams: bars derived from trades (range, tick, volume, footprint) as NDJSON and as
// tape lines, and the global Station flags (--persist, --storage-root, --warm-start, --gap-heal), against the
// simulator; with the usage errors of their flags.

import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type Sim, startSim } from "../sim/index.ts";
import { parseNdjson, runCli } from "./run-cli.ts";

let sim: Sim;
let temp: string;

beforeAll(async () => {
  sim = await startSim({ venue: "binance", tickMs: 20, seed: 13 });
  temp = mkdtempSync(join(tmpdir(), "dig3-cli-watch-"));
});

afterAll(async () => {
  await sim.close();
  rmSync(temp, { recursive: true, force: true });
});

const watch = (args: string[]) => runCli(["watch", ...args, "--duration", "2"], { env: sim.env("spot") });

type Bar = {
  kind: string;
  bar: string;
  size: number;
  closed: boolean;
  trades: number;
  volume: number;
} & Record<string, unknown>;

describe("derived bars", () => {
  test("range, tick, volume and footprint bars as NDJSON", async () => {
    const [range, tick, volume, footprint] = await Promise.all([
      watch(["range-bar", "binance", "BTC/USDT", "--range", "3", "--json"]),
      watch(["tick-bar", "binance", "BTC/USDT", "--count", "10", "--json"]),
      watch(["volume-bar", "binance", "BTC/USDT", "--volume", "0.2", "--json"]),
      watch(["footprint", "binance", "BTC/USDT", "--interval", "1s", "--json"]),
    ]);
    for (const result of [range, tick, volume, footprint]) {
      expect(result.stderr).not.toContain("error");
      expect(result.code).toBe(0);
    }
    const closedOf = (stdout: string) =>
      (parseNdjson(stdout) as Bar[]).filter((event) => event.kind === "bar" && event.closed);
    const ranges = closedOf(range.stdout);
    expect(ranges.length).toBeGreaterThan(0);
    for (const bar of ranges) expect(bar).toMatchObject({ bar: "range", size: 3, symbol: "BTC/USDT" });
    const ticks = closedOf(tick.stdout);
    expect(ticks.length).toBeGreaterThan(2);
    for (const bar of ticks) expect(bar).toMatchObject({ bar: "tick", size: 10, trades: 10 });
    const volumes = closedOf(volume.stdout);
    expect(volumes.length).toBeGreaterThan(0);
    for (const bar of volumes) expect(bar.volume).toBeGreaterThanOrEqual(0.2 - 1e-9);
    const footprints = closedOf(footprint.stdout);
    expect(footprints.length).toBeGreaterThan(0);
    const levels = footprints[0]!.levels as [number, number, number][];
    expect(levels.length).toBeGreaterThan(0);
    const total = levels.reduce((sum, [, buy, sell]) => sum + buy + sell, 0);
    expect(total).toBeCloseTo(footprints[0]!.volume, 8);
  });

  test("the tape prints closed bars (footprint with its volume by price)", async () => {
    const [tick, footprint] = await Promise.all([
      watch(["tick-bar", "binance", "BTC/USDT", "--count", "10"]),
      watch(["footprint", "binance", "BTC/USDT", "--interval", "1s"]),
    ]);
    expect(tick.code).toBe(0);
    const lines = tick.stdout.trim().split("\n");
    expect(lines.length).toBeGreaterThan(2);
    for (const line of lines) expect(line).toMatch(/\[tick 10\] .* 10 trades {2}closed$/);
    expect(footprint.code).toBe(0);
    expect(footprint.stdout).toContain("[footprint 1s]");
    expect(footprint.stdout).toMatch(/price\s+buy\s+sell/);
  });
});

describe("global Station flags", () => {
  test("--persist true --storage-root writes day files; --warm-start gives history first", async () => {
    const root = join(temp, "persist");
    const [persisted, warm] = await Promise.all([
      watch(["trades", "binance", "BTC/USDT", "--persist", "true", "--storage-root", root, "--json"]),
      watch(["trades", "binance", "ETH/USDT", "--warm-start", "5", "--gap-heal", "false", "--json"]),
    ]);
    expect(persisted.code).toBe(0);
    expect(persisted.stderr).toContain(`writing day files to ${root}`);
    const dir = join(root, "trades", "binance", "spot", "btcusdt");
    expect(existsSync(dir)).toBe(true);
    expect(readdirSync(dir).some((name) => name.endsWith(".dat"))).toBe(true);
    const inspect = await runCli(["inspect", dir, "--json"]);
    const [file] = parseNdjson(inspect.stdout);
    expect(file).toMatchObject({ status: "clean" });
    expect(file!.records).toBe(parseNdjson(persisted.stdout).length);

    expect(warm.code).toBe(0);
    const events = parseNdjson(warm.stdout);
    // History first (at most 5 points, fewer when live already overlaps them), then live only.
    const warmCount = events.findIndex((event) => event.origin === undefined);
    expect(warmCount).toBeGreaterThanOrEqual(1);
    expect(warmCount).toBeLessThanOrEqual(5);
    for (const event of events.slice(0, warmCount)) expect(event.origin).toBe("warm-rest");
    for (const event of events.slice(warmCount)) expect(event.origin).toBeUndefined();
  });

  test("watch does not write by default", async () => {
    const result = await runCli(["watch", "trades", "binance", "BTC/USDT", "--duration", "0.5", "--json"], {
      env: { ...sim.env("spot"), DIG3_STORAGE_ROOT: join(temp, "default-root") },
    });
    expect(result.code).toBe(0);
    expect(existsSync(join(temp, "default-root"))).toBe(false);
  });
});

describe("bad flags: one line, exit 2", () => {
  const cases: [string, string[], string][] = [
    ["range-bar without --range", ["range-bar", "binance", "BTC/USDT"], "--range is required"],
    [
      "tick-bar with a fraction",
      ["tick-bar", "binance", "BTC/USDT", "--count", "2.5"],
      "--count must be a whole number",
    ],
    [
      "a bar flag on another kind",
      ["trades", "binance", "BTC/USDT", "--volume", "1"],
      "--volume applies to 'volume-bar' only",
    ],
    [
      "footprint with a month",
      ["footprint", "binance", "BTC/USDT", "--interval", "1M"],
      "footprint needs a fixed-length interval",
    ],
    [
      "--persist maybe",
      ["trades", "binance", "BTC/USDT", "--persist", "maybe"],
      "--persist needs true or false",
    ],
    [
      "--warm-start -1",
      ["trades", "binance", "BTC/USDT", "--warm-start", "x"],
      "--warm-start must be a whole number",
    ],
    [
      "unknown kind lists the bars",
      ["candles", "binance", "BTC/USDT"],
      "range-bar, tick-bar, volume-bar, footprint",
    ],
  ];
  for (const [name, args, message] of cases) {
    test(name, async () => {
      const result = await runCli(["watch", ...args], { env: sim.env("spot") });
      expect(result.code).toBe(2);
      expect(result.stderr).toContain(message);
      expect(result.stderr).not.toContain("    at ");
      expect(result.stdout).toBe("");
    });
  }
});
