// Hostile names and secrets: symbols and exchange names with `../`, NUL or thousands of bytes are rejected or
// sanitized and nothing lands outside the storage root; fake keys never appear in output, errors or files.

import { afterAll, beforeAll, expect, test } from "bun:test";
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join, relative, resolve } from "node:path";
import { Dig3Error } from "../../src/core/index.ts";
import { RECORDS } from "../../src/records/index.ts";
import { Station } from "../../src/station/index.ts";
import { makeTrade, MIDNIGHT_MS } from "../../src/storage/testdata/fixtures.ts";
import { closeAllOpenWriters, openSeriesWriter } from "../../src/storage/writer.ts";
import { type Sim, startSim } from "../sim/index.ts";

const REPO = resolve(import.meta.dir, "../..");
const HOSTILE_NAMES = [
  "../../../escape",
  "..",
  ".",
  "a/../../b",
  "BTC\0USDT",
  "x".repeat(5_000),
  "/etc/passwd",
  "..\\..\\win",
  "%2e%2e%2fenc",
];

let sim: Sim;
let temp: string;
let root: string;
beforeAll(async () => {
  sim = await startSim({ venue: "binance", tickMs: 20, seed: 5 });
  temp = mkdtempSync(join(tmpdir(), "dig3-reliability-sec-"));
  root = join(temp, "root");
  mkdirSync(root);
});
afterAll(async () => {
  closeAllOpenWriters();
  await sim.close();
  rmSync(temp, { recursive: true, force: true });
});

function listFiles(dir: string): string[] {
  return (readdirSync(dir, { recursive: true }) as string[]).map((name) => join(dir, name));
}

/** Every path under `temp` that is not the storage root or inside it. */
function listEscapes(): string[] {
  return listFiles(temp).filter((path) => {
    const inside = relative(root, path);
    return path !== root && (inside.startsWith("..") || inside === "") && !path.endsWith(".toml");
  });
}

test("the storage writer: hostile exchange, account and symbol names are rejected or sanitized inside the root", () => {
  const verdicts: string[] = [];
  for (const name of HOSTILE_NAMES) {
    for (const field of ["exchange", "account", "symbol"] as const) {
      const key = { root, exchange: "binance", account: "spot", symbol: "BTCUSDT", [field]: name };
      try {
        const writer = openSeriesWriter({ ...key, slug: "trades", def: RECORDS.trades });
        writer.append(makeTrade(MIDNIGHT_MS, 1));
        writer.close();
        expect(relative(root, writer.dir).startsWith("..")).toBe(false);
        verdicts.push("sanitized");
      } catch (error) {
        expect(error).toBeInstanceOf(Dig3Error);
        verdicts.push(`rejected ${(error as Dig3Error).code}`);
      }
    }
  }
  const tally: Record<string, number> = {};
  for (const verdict of verdicts) tally[verdict] = (tally[verdict] ?? 0) + 1;
  console.log(
    `security writer names: ${verdicts.length} hostile keys → ${JSON.stringify(tally)}, escapes ${listEscapes().length}`,
  );
  expect(listEscapes()).toEqual([]);
  expect(existsSync(join(temp, "escape"))).toBe(false);
});

test("the station: hostile symbols and exchange names fail in the report, nothing written outside the root", async () => {
  const station = Station.builder()
    .storageRoot(root)
    .persistence(true)
    .hub({ env: sim.env("spot"), ws: { backoff: { initialMs: 20, maxMs: 100 }, connectTimeoutMs: 1_000 } })
    .build();
  const specs = [
    ...HOSTILE_NAMES.map((symbol) => ({ exchange: "binance", kind: "trade" as const, symbol })),
    ...HOSTILE_NAMES.map((exchange) => ({ exchange, kind: "trade" as const, symbol: "BTC/USDT" })),
  ];
  let report: Awaited<ReturnType<Station["subscribe"]>> | undefined;
  let thrown: unknown;
  try {
    report = await station.subscribe(specs);
    await Bun.sleep(300);
    await report.handle.close();
  } catch (error) {
    thrown = error;
  } finally {
    await station.close();
  }
  const codes: Record<string, number> = {};
  for (const failure of report?.failed ?? []) {
    const code = (failure as { error?: Dig3Error }).error?.code ?? "?";
    codes[code] = (codes[code] ?? 0) + 1;
  }
  console.log(
    `security station: ${specs.length} hostile specs → ${report?.ok.length ?? 0} ok, ${report?.failed.length ?? 0} failed ${JSON.stringify(codes)}` +
      `${thrown ? `, threw ${String(thrown)}` : ""}, escapes ${listEscapes().length}`,
  );
  expect(thrown === undefined || thrown instanceof Dig3Error).toBe(true);
  expect(report?.ok.length ?? 0).toBe(0);
  expect(listEscapes()).toEqual([]);
});

const FAKE_KEY = `0x${"5a".repeat(32)}`;
const FAKE_SECRETS = {
  DIG3_HYPERLIQUID_PRIVATE_KEY: FAKE_KEY,
  DIG3_BINANCE_API_KEY: "FAKEAPIKEY1234567890abcdefSECRET",
  DIG3_BINANCE_API_SECRET: "FAKESECRET0987654321zyxwvuSECRET",
  DIG3_OKX_PASSPHRASE: "FAKEPASSPHRASEqwertySECRET",
};
const NEEDLES = [FAKE_KEY, FAKE_KEY.slice(2), "5a5a5a5a5a5a5a5a", ...Object.values(FAKE_SECRETS).slice(1)];

async function runCli(args: string[], env: Record<string, string>) {
  const child = Bun.spawn([process.execPath, join(REPO, "src/main.ts"), ...args], {
    cwd: REPO,
    env: { ...process.env, NO_COLOR: "1", ...env },
    stdout: "pipe",
    stderr: "pipe",
    stdin: "ignore",
  });
  const [stdout, stderr, code] = await Promise.all([
    new Response(child.stdout).text(),
    new Response(child.stderr).text(),
    child.exited,
  ]);
  return { code, output: `${stdout}\n${stderr}` };
}

function findLeaks(text: string): string[] {
  return NEEDLES.filter((needle) => text.toLowerCase().includes(needle.toLowerCase()));
}

test("fake keys never appear in output, errors or files (sign, a bad key, a capture at debug level)", async () => {
  const runs = await Promise.all([
    runCli(["sign", "hyperliquid", "--action", '{"type":"dummy","num":1}', "--nonce", "0"], FAKE_SECRETS),
    runCli(["sign", "hyperliquid", "--action", "{not json", "--nonce", "0"], FAKE_SECRETS),
    runCli(["sign", "hyperliquid", "--action", '{"type":"dummy","num":1}', "--nonce", "0"], {
      DIG3_HYPERLIQUID_PRIVATE_KEY: `${FAKE_KEY}zz`,
    }),
    (async () => {
      const config = join(temp, "secrets.toml");
      writeFileSync(
        config,
        `storage_root = "${join(root, "capture")}"\n[[streams]]\nexchange = "binance"\nsymbols = ["BTC/USDT"]\nkinds = ["trades", "orderbook"]\n`,
      );
      return runCli(["capture", "--config", config, "--duration", "1", "--log-level", "debug"], {
        ...FAKE_SECRETS,
        ...sim.env("spot"),
      });
    })(),
  ]);
  const leaksInOutput = runs.flatMap((run) => findLeaks(run.output));
  const files = listFiles(root).filter((path) => statSync(path).isFile());
  const leaksInFiles = files.filter((path) => findLeaks(readFileSync(path).toString("latin1")).length > 0);
  console.log(
    `security secrets: ${runs.length} runs (exit ${runs.map((run) => run.code).join(", ")}), ` +
      `${runs.reduce((sum, run) => sum + run.output.length, 0)} B of output and ${files.length} files scanned, ` +
      `leaks: output ${leaksInOutput.length}, files ${leaksInFiles.length}`,
  );
  expect(runs[0]!.code).toBe(0);
  expect(runs[2]!.code).not.toBe(0);
  expect(leaksInOutput).toEqual([]);
  expect(leaksInFiles).toEqual([]);
}, 20_000);
