// `dig3 matrix` offline: every venue's recordings through the live parsers, a clean table, wire-absent and
// not-implemented kept apart, stamps written with --write, and a non-zero exit when a verified stream fails. The
// simulator pass (scripts/matrix-simulator.ts): every supported stream of every venue against its simulator.

import { afterAll, describe, expect, test } from "bun:test";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runSimulatorPass, type SimulatorCell } from "../../scripts/matrix-simulator.ts";
import { EXCHANGES, exchangeIds } from "../../src/exchanges/index.ts";
import { readValidationSnapshot, stampsOf } from "../../src/hub/index.ts";
import { resolveWireDir } from "../sim/index.ts";
import { REPO, runCli } from "./run-cli.ts";

const wireDir = resolveWireDir();
const hasWire = existsSync(wireDir);
if (!hasWire) console.log(`matrix: no recorded traffic at ${wireDir}; offline matrix cases skipped`);

const dir = mkdtempSync(join(tmpdir(), "dig3-matrix-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface MatrixJson {
  via: string;
  rows: {
    exchange: string;
    account: string;
    cells: Record<string, { cell: string; events: number; via: string[] }>;
  }[];
  failing: string[];
  knownFailing: string[];
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

describe("simulator pass", () => {
  let cells: SimulatorCell[] = [];
  const nameOf = (cell: SimulatorCell) => `${cell.exchange} ${cell.account} ${cell.kind}`;

  test("every supported stream of every venue produces events against its simulator", async () => {
    cells = await runSimulatorPass();
    // Every venue is covered, and every cell is one its adapter marks supported.
    expect(new Set(cells.map((cell) => cell.exchange))).toEqual(new Set(exchangeIds()));
    for (const cell of cells) {
      const adapter = EXCHANGES.find((candidate) => candidate.id === cell.exchange)!;
      expect(adapter.streams[cell.account]?.[cell.kind]?.status).toBe("supported");
      expect(cell.stamp.via).toBe("simulator");
    }
    expect(cells.length).toBeGreaterThan(250);
    // No failing cell; a failure shows its cell and cause in the diff.
    const failing = Object.fromEntries(
      cells
        .filter((cell) => cell.stamp.status === "failing")
        .map((cell) => [nameOf(cell), cell.stamp.detail]),
    );
    expect(failing).toEqual({});
    // Supported streams left out: the simulator serves spot, linear and inverse only, and MEXC's has no inverse.
    const checked = new Set(cells.map((cell) => `${cell.exchange} ${cell.account}`));
    const unchecked = EXCHANGES.flatMap((adapter) =>
      Object.entries(adapter.streams)
        .filter(([, table]) => Object.values(table ?? {}).some((support) => support?.status === "supported"))
        .map(([account]) => `${adapter.id} ${account}`)
        .filter((name) => !checked.has(name)),
    );
    expect(unchecked.sort()).toEqual(["bybit option", "deribit option", "mexc inverse", "okx option"]);
    for (const cell of cells.filter((candidate) => candidate.stamp.status === "verified")) {
      expect(cell.stamp.events).toBeGreaterThan(0);
    }
  }, 20_000);

  test("a socket parser that stops producing events fails its venue's socket streams", async () => {
    const binance = EXCHANGES.find((adapter) => adapter.id === "binance")!;
    const deaf = {
      ...binance,
      ws: { ...binance.ws, parse: () => ({ kind: "ignored" as const, reason: "deaf" }) },
    };
    const broken = await runSimulatorPass({ exchanges: [deaf], timeoutMs: 1_000 });
    // Streams over the socket fail; REST-polled ones (open interest) never touch the socket parser and still pass.
    for (const cell of broken) {
      const support = binance.streams[cell.account]?.[cell.kind];
      const isPolled = support?.status === "supported" && support.via === "rest-poll";
      expect([cell.kind, cell.stamp.status]).toEqual([cell.kind, isPolled ? "verified" : "failing"]);
    }
    expect(broken.filter((cell) => cell.stamp.status === "failing").length).toBeGreaterThan(15);
  }, 10_000);

  test("the shipped snapshot carries the simulator stamp of every cell the pass checks, with today's verdict", () => {
    expect(cells.length).toBeGreaterThan(0);
    const shipped = readValidationSnapshot(join(REPO, "data/validation_snapshot.json"));
    const stale = cells
      .filter(
        (cell) =>
          stampsOf(shipped, cell.exchange, cell.account, cell.kind)?.simulator?.status !== cell.stamp.status,
      )
      .map(nameOf);
    expect(stale).toEqual([]);
  });

  test("dig3 matrix shows simulator stamps beside the recordings; a failing one is ✗ but not a regression", async () => {
    const snapshot = join(dir, "simulator.json");
    const at = "2026-01-01T00:00:00.000Z";
    const verified = { status: "verified", via: "simulator", checkedAt: at, events: 1 };
    const failed = { status: "failing", via: "simulator", checkedAt: at, events: 0, detail: "no events" };
    // Binance linear trades are not in the recordings, spot trades are.
    writeFileSync(
      snapshot,
      JSON.stringify({
        version: 1,
        venues: {
          binance: {
            spot: { trade: { simulator: verified } },
            linear: { trade: { simulator: verified }, ticker: { simulator: failed } },
          },
        },
      }),
    );
    const result = await runCli(["matrix", "--exchanges", "binance", "--snapshot", snapshot, "--json"]);
    expect(result.code).toBe(0);
    const json = JSON.parse(result.stdout) as MatrixJson;
    const cell = (account: string, kind: string) =>
      json.rows.find((row) => row.account === account)?.cells[kind];
    expect(cell("linear", "trade")).toMatchObject({ cell: "verified", via: ["simulator"] });
    expect(cell("linear", "ticker")).toMatchObject({ cell: "failing", via: ["simulator"] });
    expect(cell("linear", "mark_price")).toMatchObject({ cell: "not-covered", via: [] });
    if (hasWire)
      expect(cell("spot", "trade")).toMatchObject({ cell: "verified", via: ["recorded", "simulator"] });
    expect(json.failing).toEqual([]);
    expect(json.knownFailing).toEqual(["binance linear ticker"]);
    expect(result.stderr).toContain("binance linear ticker");
    const table = await runCli(["matrix", "--exchanges", "binance", "--snapshot", snapshot]);
    expect(table.stdout).toMatch(/│ binance +│ linear +│ ✓ S +│/);
    expect(table.stdout).toContain("R recorded traffic  S simulator");
  });

  test("dig3 matrix --simulator re-runs the pass: a stream verified there before and silent now exits 1", async () => {
    const snapshot = join(dir, "simulator-regressed.json");
    const verified = {
      status: "verified",
      via: "simulator",
      checkedAt: "2026-01-01T00:00:00.000Z",
      events: 1,
    };
    writeFileSync(
      snapshot,
      JSON.stringify({ version: 1, venues: { bitstamp: { spot: { trade: { simulator: verified } } } } }),
    );
    // 1 ms is too short for any WebSocket event (connect, subscribe, a 10 ms tick): every stream fails this run.
    const args = [
      "matrix",
      "--simulator",
      "--exchanges",
      "bitstamp",
      "--timeout-ms",
      "1",
      "--snapshot",
      snapshot,
    ];
    const result = await runCli([...args, "--json", "--write"]);
    expect(result.code).toBe(1);
    const json = JSON.parse(result.stdout) as MatrixJson;
    expect(json.failing).toContain("bitstamp spot trade");
    expect(json.knownFailing).not.toContain("bitstamp spot trade");
    const written = await Bun.file(snapshot).json();
    expect(written.venues.bitstamp.spot.trade.simulator).toMatchObject({
      status: "failing",
      via: "simulator",
    });
    expect(result.stderr).toContain("verified before, failing now: bitstamp spot trade");
  }, 15_000);
});
