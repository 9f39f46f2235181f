// The compiled dist/dig3 runs the commands the other end-to-end files exercise from source only: cure, record,
// derived-bar watch, decode and sign — so a bundling or lazy-loading fault in the binary cannot hide. Skipped (with
// the reason in its name) when dist/dig3 has not been built.

import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { RECORDS } from "../../src/records/index.ts";
import { closeAllOpenWriters, openSeriesWriter } from "../../src/storage/index.ts";
import { type Sim, startSim } from "../sim/index.ts";
import { hasCompiled, parseNdjson, runCli } from "./run-cli.ts";

let sim: Sim;
let dir: string;
const DAY_START_MS = Date.UTC(2026, 4, 20);

beforeAll(async () => {
  sim = await startSim({ venue: "binance", tickMs: 20, seed: 3 });
  dir = mkdtempSync(join(tmpdir(), "dig3-compiled-"));
});

afterAll(async () => {
  closeAllOpenWriters();
  await sim.close();
  rmSync(dir, { recursive: true, force: true });
});

const run = (args: string[], env: Record<string, string> = {}) => runCli(args, { compiled: true, env });

describe.skipIf(!hasCompiled)("compiled dist/dig3 (skipped when not built: run npm run build)", () => {
  test("cure --dry-run reports a duplicated trade without touching the file", async () => {
    const writer = openSeriesWriter({
      root: dir,
      slug: "trades",
      exchange: "binance",
      account: "spot",
      symbol: "BTCUSDT",
      def: RECORDS.trades,
    });
    const trade = {
      tsMs: DAY_START_MS + 1_000,
      price: 60_000,
      size: 1,
      side: "buy" as const,
      tradeIdHashHi: 0,
      tradeIdHashLo: 0xaa,
      recvTsUs: undefined,
    };
    writer.append(trade);
    writer.append(trade);
    writer.append({ ...trade, tsMs: trade.tsMs + 1, tradeIdHashLo: 0xab });
    writer.close();
    const file = join(dir, "trades", "binance", "spot", "btcusdt", "2026-05-20.dat");
    const result = await run(["cure", file, "--dry-run", "--json"]);
    expect(result.code).toBe(0);
    const [report] = parseNdjson(result.stdout);
    expect(report).toMatchObject({
      action: "would rewrite",
      recordsBefore: 3,
      recordsAfter: 2,
      duplicatesDropped: 1,
    });
    expect(
      readdirSync(join(dir, "trades", "binance", "spot", "btcusdt")).some((f) => f.endsWith(".bak")),
    ).toBe(false);
  });

  test("watch tick-bar --json prints derived bars", async () => {
    const result = await run(
      ["watch", "tick-bar", "binance", "BTC/USDT", "--count", "5", "--duration", "2", "--json"],
      sim.env("spot"),
    );
    expect(result.code).toBe(0);
    const bars = parseNdjson(result.stdout).filter((e) => e.kind === "bar");
    expect(bars.length).toBeGreaterThan(0);
    expect(bars[0]).toMatchObject({ bar: "tick", size: 5, symbol: "BTC/USDT" });
  });

  test("record writes raw frames that decode back into events", async () => {
    const config = join(dir, "record.toml");
    writeFileSync(config, `[[streams]]\nexchange = "binance"\nsymbols = ["BTC/USDT"]\nkinds = ["trades"]\n`);
    const out = join(dir, "raw");
    const recorded = await run(
      ["record", "--config", config, "--out", out, "--duration", "1.5"],
      sim.env("spot"),
    );
    expect(recorded.code).toBe(0);
    const files: string[] = [];
    const walk = (path: string) => {
      for (const entry of readdirSync(path, { withFileTypes: true })) {
        if (entry.isDirectory()) walk(join(path, entry.name));
        else if (entry.name.endsWith(".ndjson")) files.push(join(path, entry.name));
      }
    };
    walk(out);
    expect(files.length).toBeGreaterThan(0);
    const decoded = await run(["decode", "binance", ...files, "--account", "spot"]);
    expect(decoded.code).toBe(0);
    expect(parseNdjson(decoded.stdout).filter((e) => e.kind === "trade").length).toBeGreaterThan(0);
  });

  test("sign hyperliquid reproduces the published L1 dummy vector and never prints the key", async () => {
    const key = "0x0123456789012345678901234567890123456789012345678901234567890123";
    const result = await run(
      ["sign", "hyperliquid", "--action", '{"type":"dummy","num":100000000000}', "--nonce", "0"],
      {
        DIG3_HYPERLIQUID_PRIVATE_KEY: key,
      },
    );
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual({
      r: "0x53749d5b30552aeb2fca34b530185976545bb22d0b3ce6f62e31be961a59298",
      s: "0x755c40ba9bf05223521753995abb2f73ab3229be8ec921f350cb447e384d8ed8",
      v: 27,
    });
    expect(`${result.stdout}${result.stderr}`).not.toContain(key.slice(2));
  });
});
