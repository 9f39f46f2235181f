// `dig3 capture` and `dig3 record` end to end against the Binance simulator: the summary (--json), raw traffic that
// `dig3 decode` reads back, a SIGTERM that leaves files `dig3 inspect` reports clean, the lock that stops a second
// capture of the same series, the exit code when a stream never produced data or could not be written, and bad
// configs.

import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { type Sim, startSim } from "../sim/index.ts";
import { COMPILED, hasCompiled, parseNdjson, REPO, runCli, waitFor } from "./run-cli.ts";

let sim: Sim;
let temp: string;

beforeAll(async () => {
  sim = await startSim({ venue: "binance", tickMs: 20, seed: 11 });
  temp = mkdtempSync(join(tmpdir(), "dig3-cli-capture-"));
});

afterAll(async () => {
  await sim.close();
  rmSync(temp, { recursive: true, force: true });
});

function writeConfig(name: string, text: string): string {
  const path = join(temp, name);
  writeFileSync(path, text);
  return path;
}

function configFor(root: string, symbols = ["BTC/USDT", "ETH/USDT"]): string {
  return `storage_root = "${root}"
[defaults]
intervals = ["1s"]

[[streams]]
exchange = "binance"
symbols = ${JSON.stringify(symbols)}
kinds = ["trades", "orderbook", "kline"]

[[streams]]
exchange = "binance"
account = "linear"
symbols = ["BTC/USDT:USDT"]
kinds = ["mark", "funding"]
`;
}

/** Starts the CLI without waiting for it; collects its output. */
function spawnCli(args: string[], env: Record<string, string>, compiled = false) {
  const command = compiled ? [COMPILED, ...args] : [process.execPath, resolve(REPO, "src/main.ts"), ...args];
  const child = Bun.spawn(command, {
    cwd: REPO,
    env: { ...process.env, NO_COLOR: "1", ...env },
    stdout: "pipe",
    stderr: "pipe",
    stdin: "ignore",
  });
  const stdout = new Response(child.stdout).text();
  const stderr = new Response(child.stderr).text();
  const killer = setTimeout(() => child.kill("SIGKILL"), 20_000);
  return {
    child,
    async done() {
      const code = await child.exited;
      clearTimeout(killer);
      return { code, stdout: await stdout, stderr: await stderr };
    },
  };
}

function sizeOf(path: string): number {
  try {
    return statSync(path).size;
  } catch {
    return 0;
  }
}

function listDatFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  const out: string[] = [];
  for (const name of readdirSync(dir, { recursive: true }) as string[])
    if (name.endsWith(".dat")) out.push(join(dir, name));
  return out;
}

describe("dig3 capture", () => {
  test("--duration: a summary per stream (--json), raw traffic that decode reads back, files that inspect clean", async () => {
    const root = join(temp, "timed");
    const config = writeConfig("timed.toml", configFor(root));
    const result = await runCli(["capture", "--config", config, "--duration", "2", "--raw", "--json"], {
      env: sim.env("spot"),
    });
    expect(result.stderr).not.toContain("error");
    expect(result.code).toBe(0);
    const rows = parseNdjson(result.stdout);
    const streams = rows.filter((row) => row.type === "stream");
    expect(
      streams.map((row) => `${row.symbol} ${row.kind}${row.interval ? ` ${row.interval}` : ""}`),
    ).toEqual([
      "BTC/USDT trade",
      "BTC/USDT book",
      "BTC/USDT kline 1s",
      "ETH/USDT trade",
      "ETH/USDT book",
      "ETH/USDT kline 1s",
      "BTC/USDT:USDT mark_price",
      "BTC/USDT:USDT funding_rate",
    ]);
    for (const row of streams) {
      expect(row).toMatchObject({ status: "ok", reconnects: 0, gaps: 0, errors: 0 });
      expect(row.events as number).toBeGreaterThan(0);
      expect(row.written as number).toBeGreaterThan(0);
    }
    const trades = streams.find((row) => row.symbol === "BTC/USDT" && row.kind === "trade")!;
    expect(trades.written).toBe(trades.events);
    const totals = rows.at(-1)!;
    expect(totals).toMatchObject({ type: "totals", streams: 8, noData: 0, storageRoot: root });
    expect(totals.rawLines as number).toBeGreaterThan(100);

    const rawSpot = join(root, "raw", "binance", "spot");
    const [rawFile] = readdirSync(rawSpot);
    const decoded = await runCli(["decode", "binance", join(rawSpot, rawFile!), "--account", "spot"]);
    expect(decoded.code).toBe(0);
    const events = parseNdjson(decoded.stdout);
    const decodedTrades = events.filter((event) => event.kind === "trade" && event.symbol === "BTC/USDT");
    expect(decodedTrades.length).toBe(trades.events as number);
    expect(events.some((event) => event.kind === "book" && event.type === "snapshot")).toBe(true);

    const inspect = await runCli(["inspect", root, "--json"]);
    expect(inspect.code).toBe(0);
    const files = parseNdjson(inspect.stdout).filter((row) => row.type === "file");
    expect(files.length).toBe(10);
    for (const file of files) expect(file).toMatchObject({ status: "clean", tornBytes: 0 });
  });

  test("a stream that never produced data: summary says so, exit 1 (cron mails it)", async () => {
    const root = join(temp, "silent");
    const config = writeConfig(
      "silent.toml",
      `storage_root = "${root}"
[[streams]]
exchange = "binance"
symbols = ["BTC/USDT"]
kinds = ["trades"]
[[streams]]
exchange = "binance"
account = "linear"
symbols = ["BTC/USDT:USDT"]
kinds = ["mark"]
`,
    );
    // Mark price on the USDⓈ-M `/public` route is acknowledged and never sent, as on Binance.
    const env = {
      ...sim.env("spot"),
      DIG3_BINANCE_LINEAR_WS_URL: `ws://127.0.0.1:${sim.port}/binance/linear/public/stream`,
    };
    const result = await runCli(["capture", "--config", config, "--duration", "1.5", "--json"], { env });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(
      "1 of 2 streams never produced data: binance linear BTC/USDT:USDT mark_price",
    );
    const rows = parseNdjson(result.stdout);
    expect(rows[0]).toMatchObject({ kind: "trade", status: "ok" });
    expect(rows[1]).toMatchObject({ kind: "mark_price", status: "no data", events: 0, written: 0 });
    expect(rows[2]).toMatchObject({ type: "totals", noData: 1 });
  });

  test("a full disk (the trades day file is /dev/full): the stream is 'not written', the others ok, exit 1", async () => {
    const root = join(temp, "full");
    const day = new Date().toISOString().slice(0, 10);
    const tradesDir = join(root, "trades", "binance", "spot", "btcusdt");
    mkdirSync(tradesDir, { recursive: true });
    symlinkSync("/dev/full", join(tradesDir, `${day}.dat`));
    const config = writeConfig(
      "full.toml",
      `storage_root = "${root}"
[[streams]]
exchange = "binance"
symbols = ["BTC/USDT"]
kinds = ["trades", "kline"]
`,
    );
    const result = await runCli(["capture", "--config", config, "--duration", "1.5", "--json"], {
      env: sim.env("spot"),
    });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("disk full: cannot append to");
    expect(result.stderr).toMatch(/close failed: disk full: .*; \d+ buffered records were not written/);
    expect(result.stderr).toContain(
      "1 of 2 streams could not write all their records: binance spot BTC/USDT trade",
    );
    expect(result.stderr).not.toContain("    at ");
    const rows = parseNdjson(result.stdout);
    expect(rows[0]).toMatchObject({ kind: "trade", status: "not written", written: 0 });
    expect((rows[0] as { events: number }).events).toBeGreaterThan(0);
    expect(rows[1]).toMatchObject({ kind: "kline", status: "ok", errors: 0 });
    expect((rows[1] as { written: number }).written).toBeGreaterThan(0);
    expect(rows[2]).toMatchObject({ type: "totals", notWritten: 1, noData: 0 });
  });
});

describe.each([
  ["source", false],
  ["compiled dist/dig3", true],
] as const)("dig3 capture stopped by SIGTERM (%s)", (_name, compiled) => {
  test.skipIf(compiled && !hasCompiled)(
    "flushes, prints the summary, exits 0; a second capture of the series fails fast naming the pid; inspect: clean",
    async () => {
      const root = join(temp, `sigterm-${compiled ? "bin" : "src"}`);
      const config = writeConfig(`sigterm-${compiled}.toml`, configFor(root, ["BTC/USDT"]));
      const first = spawnCli(["capture", "--config", config], sim.env("spot"), compiled);
      const trades = join(root, "trades", "binance", "spot", "btcusdt");
      await waitFor(
        () => listDatFiles(trades).some((path) => sizeOf(path) > 48 * 20),
        8000,
        "trades on disk",
      );

      const second = await runCli(["capture", "--config", config, "--duration", "5"], {
        env: sim.env("spot"),
        compiled,
      });
      expect(second.code).toBe(1);
      expect(second.stderr).toContain(`pid ${first.child.pid}`);
      expect(
        second.stderr.split("\n").filter((line) => line.startsWith("error")).length,
      ).toBeGreaterThanOrEqual(1);
      expect(second.stderr).not.toContain("    at ");

      first.child.kill("SIGTERM");
      const result = await first.done();
      expect(result.code).toBe(0);
      expect(result.stdout).toContain("records written to");
      expect(result.stdout).toMatch(/binance\s+│\s+spot\s+│\s+BTC\/USDT\s+│\s+trade\s+│/);

      const inspect = await runCli(["inspect", root, "--json"], { compiled });
      expect(inspect.code).toBe(0);
      const files = parseNdjson(inspect.stdout).filter((row) => row.type === "file");
      expect(files.length).toBeGreaterThanOrEqual(6);
      for (const file of files) {
        expect(file).toMatchObject({ status: "clean", tornBytes: 0, duplicates: 0 });
        expect(file.writerPid).toBeUndefined();
      }
      // The locks are gone: the series can be captured again at once.
      const again = await runCli(["capture", "--config", config, "--duration", "0.5", "--json"], {
        env: sim.env("spot"),
        compiled,
      });
      expect(again.stderr).not.toContain("being written by");
      expect(parseNdjson(again.stdout).at(-1)).toMatchObject({ type: "totals", streams: 5 });
    },
    20_000,
  );
});

describe("dig3 record", () => {
  test("raw traffic only, no day files; decode reads it", async () => {
    const root = join(temp, "record");
    const out = join(temp, "record-raw");
    const config = writeConfig("record.toml", configFor(root, ["BTC/USDT"]));
    const result = await runCli(["record", "--config", config, "--out", out, "--duration", "1.5", "--json"], {
      env: sim.env("spot"),
    });
    expect(result.code).toBe(0);
    const totals = parseNdjson(result.stdout).at(-1)!;
    expect(totals).toMatchObject({ type: "totals", rawDir: out });
    expect(totals.storageRoot).toBeUndefined();
    expect(listDatFiles(root)).toEqual([]);
    const [file] = readdirSync(join(out, "binance", "spot"));
    const decoded = await runCli([
      "decode",
      "binance",
      join(out, "binance", "spot", file!),
      "--account",
      "spot",
    ]);
    expect(decoded.code).toBe(0);
    expect(parseNdjson(decoded.stdout).some((event) => event.kind === "trade")).toBe(true);
  });
});

describe("capture: bad input is one line and exit 2 (a missing file: exit 1)", () => {
  const cases: [string, string, string[], number, string][] = [
    ["bad TOML", "streams = [", [], 2, "not valid TOML"],
    [
      "unknown key",
      '[[streams]]\nexchange = "binance"\nsymbol = "BTC/USDT"\nkinds = ["trades"]\n',
      [],
      2,
      "unknown key 'symbol'",
    ],
    ["no streams", 'storage_root = "/tmp/x"\n', [], 2, "no [[streams]] to capture"],
    [
      "unknown kind",
      '[[streams]]\nexchange = "binance"\nsymbols = ["BTC/USDT"]\nkinds = ["candles"]\n',
      [],
      2,
      "unknown stream 'candles'",
    ],
    [
      "a bar kind",
      '[[streams]]\nexchange = "binance"\nsymbols = ["BTC/USDT"]\nkinds = ["range-bar"]\n',
      [],
      2,
      "bars are derived from trades",
    ],
    [
      "unknown venue",
      '[[streams]]\nexchange = "nosuch"\nsymbols = ["BTC/USDT"]\nkinds = ["trades"]\n',
      [],
      2,
      "unknown exchange 'nosuch'",
    ],
    [
      "unknown symbol",
      '[[streams]]\nexchange = "binance"\nsymbols = ["NOPE/USDT"]\nkinds = ["trades"]\n',
      [],
      2,
      "unknown symbol 'NOPE/USDT'",
    ],
    [
      "wire-absent stream",
      '[[streams]]\nexchange = "binance"\naccount = "spot"\nsymbols = ["BTC/USDT"]\nkinds = ["liquidations"]\n',
      [],
      2,
      "liquidation",
    ],
    [
      "unknown flag",
      '[[streams]]\nexchange = "binance"\nsymbols = ["BTC/USDT"]\nkinds = ["trades"]\n',
      ["--frobnicate"],
      2,
      "unknown flag '--frobnicate'",
    ],
    [
      "bad --persist",
      '[[streams]]\nexchange = "binance"\nsymbols = ["BTC/USDT"]\nkinds = ["trades"]\n',
      ["--persist", "maybe"],
      2,
      "--persist needs true or false",
    ],
  ];
  for (const [name, toml, extra, code, message] of cases) {
    test(name, async () => {
      const config = writeConfig(`bad-${name.replace(/\W/g, "-")}.toml`, toml);
      const result = await runCli(["capture", "--config", config, "--duration", "1", ...extra], {
        env: { ...sim.env("spot"), DIG3_STORAGE_ROOT: join(temp, "bad-root") },
      });
      expect(result.code).toBe(code);
      expect(result.stderr).toContain(message);
      expect(result.stderr).not.toContain("    at ");
      expect(result.stdout).toBe("");
    });
  }

  test("a missing config file", async () => {
    const result = await runCli(["capture", "--config", join(temp, "nope.toml")]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("no such file");
    expect(result.stderr).toContain("dig3 capture --example");
  });

  test("no --config", async () => {
    const result = await runCli(["capture"]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("capture needs --config <file>");
  });

  test("--example prints a config that parses", async () => {
    const result = await runCli(["capture", "--example"]);
    expect(result.code).toBe(0);
    const parsed = Bun.TOML.parse(result.stdout) as { streams: unknown[] };
    expect(parsed.streams.length).toBe(2);
  });
});
