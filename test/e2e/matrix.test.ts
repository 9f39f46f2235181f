// `dig3 matrix` offline: every venue's recordings through the live parsers, a clean table, wire-absent and
// not-implemented kept apart, stamps written with --write, and a non-zero exit when a verified stream fails.

import { afterAll, describe, expect, test } from "bun:test";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { exchangeIds } from "../../src/exchanges/index.ts";
import { resolveWireDir } from "../sim/index.ts";
import { REPO, runCli } from "./run-cli.ts";

const wireDir = resolveWireDir();
const hasWire = existsSync(wireDir);
if (!hasWire) console.log(`matrix: no recorded traffic at ${wireDir}; offline matrix cases skipped`);

const dir = mkdtempSync(join(tmpdir(), "dig3-matrix-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface MatrixJson {
  via: string;
  rows: { exchange: string; account: string; cells: Record<string, { cell: string; events: number }> }[];
  failing: string[];
}

describe.skipIf(!hasWire)("dig3 matrix (recorded traffic)", () => {
  test("runs over every landed venue with a clean table and exit 0", async () => {
    const result = await runCli(["matrix", "--snapshot", join(dir, "none.json")], { timeoutMs: 25_000 });
    expect(result.code).toBe(0);
    for (const id of exchangeIds()) expect(result.stdout).toContain(` ${id} `);
    const table = result.stdout
      .split("\n")
      .filter((line) => line.startsWith("│"))
      .join("\n");
    expect(table).toContain("✓");
    expect(table).not.toContain("✗");
    expect(result.stdout).toContain("✓ verified  — wire-absent  ✗ failing  · not implemented  ? not covered");
  }, 30_000);

  test("JSON keeps wire-absent and not-implemented apart; --write stamps verified streams", async () => {
    const snapshot = join(dir, "written.json");
    const result = await runCli([
      "matrix",
      "--exchanges",
      "okx,binance",
      "--json",
      "--write",
      "--snapshot",
      snapshot,
    ]);
    expect(result.code).toBe(0);
    const json = JSON.parse(result.stdout) as MatrixJson;
    const cell = (exchange: string, account: string, kind: string) =>
      json.rows.find((row) => row.exchange === exchange && row.account === account)?.cells[kind]?.cell;
    expect(cell("okx", "spot", "mark_price")).toBe("not-implemented");
    expect(cell("okx", "spot", "funding_rate")).toBe("wire-absent");
    expect(cell("binance", "spot", "trade")).toBe("verified");
    const written = await Bun.file(snapshot).json();
    expect(written.venues.binance.spot.trade.recorded).toMatchObject({ status: "verified", via: "recorded" });
    expect(written.venues.okx.spot.mark_price).toBeUndefined();
  });

  test("a stream verified before that no longer produces events is ✗ and exits 1", async () => {
    const snapshot = join(dir, "stale.json");
    const stamp = { status: "verified", via: "recorded", checkedAt: "2026-01-01T00:00:00.000Z", events: 3 };
    // Binance linear trades are not in the recordings: a stamp claiming they were is a regression now.
    writeFileSync(
      snapshot,
      JSON.stringify({ version: 1, venues: { binance: { linear: { trade: { recorded: stamp } } } } }),
    );
    const result = await runCli(["matrix", "--exchanges", "binance", "--snapshot", snapshot]);
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/│ binance +│ linear +│ ✗/);
    expect(result.stderr).toContain("binance linear trade");
  });
});

test("the shipped snapshot matches what the recordings verify today", async () => {
  if (!hasWire) return;
  const result = await runCli(
    ["matrix", "--snapshot", join(REPO, "data/validation_snapshot.json"), "--json"],
    {
      timeoutMs: 25_000,
    },
  );
  expect(result.code).toBe(0);
  expect((JSON.parse(result.stdout) as MatrixJson).failing).toEqual([]);
}, 30_000);

test("an unknown venue is a usage error", async () => {
  const result = await runCli(["matrix", "--exchanges", "nowhere"]);
  expect(result.code).toBe(2);
  expect(result.stderr).toContain("unknown exchange 'nowhere'");
});
