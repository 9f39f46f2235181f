// The library front door against the simulator: README examples run as written, idempotent connects, WebSocket
// errors surfaced, validation stamps enforced, typed async-iterator streams, and a process that exits after shutdownAll.

import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { binance } from "../../src/exchanges/binance/index.ts";
import { Dig3Error, ExchangeHub, type HubOptions, type ValidationSnapshot } from "../../src/index.ts";
import { type Sim, startSim } from "../sim/index.ts";
import { REPO, waitFor } from "./run-cli.ts";

let sim: Sim;

beforeAll(async () => {
  sim = await startSim({ venue: "binance", tickMs: 20, seed: 11 });
});

afterAll(async () => {
  await sim.close();
});

function hubFor(extra: HubOptions = {}): ExchangeHub {
  return new ExchangeHub({ env: sim.env("spot"), ws: { backoff: { initialMs: 50, maxMs: 200 } }, ...extra });
}

async function rejectionOf(promise: Promise<unknown>): Promise<Dig3Error> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(Dig3Error);
    return error as Dig3Error;
  }
  throw new Error("expected a rejection");
}

async function runScript(
  path: string,
  killAfterMs: number,
): Promise<{ code: number; out: string; err: string }> {
  const child = Bun.spawn(["bun", path], {
    cwd: REPO,
    env: { ...process.env, ...sim.env("spot"), NO_COLOR: "1" },
    stdout: "pipe",
    stderr: "pipe",
  });
  const timer = setTimeout(() => child.kill(), killAfterMs);
  const [out, err, code] = await Promise.all([
    new Response(child.stdout).text(),
    new Response(child.stderr).text(),
    child.exited,
  ]);
  clearTimeout(timer);
  return { code: child.signalCode ? -1 : code, out, err };
}

describe("README library examples", () => {
  const readme = Bun.file(join(REPO, "README.md")).text();
  const examples = readdirSync(join(REPO, "examples")).filter((name) => name.endsWith(".ts"));

  test("every example is in the README verbatim, and every README example is a file", async () => {
    const blocks = [
      ...(await readme).matchAll(/<!-- example: (examples\/[\w.-]+) -->\n```ts\n([\s\S]*?)```/g),
    ];
    expect(blocks.map((m) => m[1]).sort()).toEqual(examples.map((name) => `examples/${name}`).sort());
    for (const [, path, code] of blocks) expect(code).toBe(await Bun.file(join(REPO, path!)).text());
  });

  for (const name of examples) {
    test(`examples/${name} runs against the simulator and exits by itself`, async () => {
      const { code, out, err } = await runScript(join(REPO, "examples", name), 8_000);
      expect(err).toBe("");
      expect(code).toBe(0);
      expect(out.trim().length).toBeGreaterThan(0);
    });
  }
});

describe("connect", () => {
  test("connectFull twice opens one socket; streams reuse the pool", async () => {
    const hub = hubFor();
    const before = sim.stats.connections;
    try {
      const report = await hub.connectFull("binance", ["spot"]);
      expect(report).toEqual({ exchange: "binance", testnet: false, rest: ["spot"], ws: ["spot"] });
      await hub.connectFull("binance", ["spot"]);
      await Promise.all([hub.connectWebSocket("binance", "spot"), hub.connectPublic("binance")]);
      expect(sim.stats.connections - before).toBe(1);
      const trades = hub.ws("binance", "spot").trades("BTC/USDT");
      const books = hub.ws("binance", "spot").book("BTC/USDT");
      expect((await trades.next()).value?.kind).toBe("trade");
      expect((await books.next()).value?.kind).toBe("book");
      await hub.connectFull("binance", ["spot"]);
      expect(sim.stats.connections - before).toBe(2);
    } finally {
      await hub.shutdownAll();
    }
  });

  test("a WebSocket that cannot connect rejects connectFull (not swallowed)", async () => {
    const hub = hubFor({ endpoints: { binance: { ws: "ws://127.0.0.1:1/nowhere" } } });
    const error = await rejectionOf(hub.connectFull("binance", ["spot"]));
    expect(error.code).toBe("E_NETWORK");
    expect(error.hint).toContain("DIG3_<EXCHANGE>_WS_URL");
    await hub.shutdownAll();
  });

  test("a venue keeps its testnet choice until shutdown", async () => {
    const hub = hubFor();
    await hub.connectPublic("binance", { accounts: ["spot"] });
    expect((await rejectionOf(hub.connectPublic("binance", { testnet: true }))).code).toBe("E_BAD_INPUT");
    await hub.shutdown("binance");
    expect(hub.connected()).toEqual([]);
  });

  test("connectFullValidated refuses unstamped venues and streams, before opening anything", async () => {
    const checkedAt = "2026-11-23T00:00:00.000Z";
    const validation: ValidationSnapshot = {
      version: 1,
      venues: {
        binance: {
          spot: { trade: { simulator: { status: "verified", via: "simulator", checkedAt, events: 5 } } },
        },
      },
    };
    const hub = hubFor({ validation });
    const before = sim.stats.connections;
    try {
      const linear = await rejectionOf(hub.connectFullValidated("binance", ["linear"]));
      expect(linear.code).toBe("E_NOT_VALIDATED");
      expect(linear.hint).toContain("dig3 matrix");
      const book = await rejectionOf(
        hub.connectFullValidated("binance", ["spot"], { streams: ["trade", "book"] }),
      );
      expect(book.message).toContain("spot book");
      expect(sim.stats.connections).toBe(before);
      await hub.connectFullValidated("binance", ["spot"], { streams: ["trade"] });
      expect(sim.stats.connections - before).toBe(1);
    } finally {
      await hub.shutdownAll();
    }
  });
});

describe("ws() and capabilities()", () => {
  test("typed iterators: klines with an interval, E_WIRE_ABSENT vs E_NOT_IMPLEMENTED, close ends iteration", async () => {
    const hub = hubFor();
    try {
      const spot = hub.ws("binance", "spot");
      const klines = spot.klines("BTC/USDT", "1m");
      expect((await klines.ready).interval).toBe("1m");
      const absent = spot.fundingRate("BTC/USDT");
      expect((await rejectionOf(absent.ready)).code).toBe("E_WIRE_ABSENT");
      expect((await rejectionOf(absent.next())).code).toBe("E_WIRE_ABSENT");
      const todo = hub.ws("okx", "spot").markPrice("BTC/USDT");
      expect((await rejectionOf(todo.ready)).code).toBe("E_NOT_IMPLEMENTED");
      const trades = spot.subscribe("trade", "BTCUSDT");
      const seen: string[] = [];
      for await (const event of trades) {
        seen.push(event.symbol);
        if (seen.length === 3) spot.close();
      }
      expect(seen).toEqual(["BTC/USDT", "BTC/USDT", "BTC/USDT"]);
      expect(await klines.next()).toEqual({ value: undefined, done: true });
    } finally {
      await hub.shutdownAll();
    }
  });

  test("capabilities come from the adapter's tables, with stamps", () => {
    const checkedAt = "2026-11-23T00:00:00.000Z";
    const stamp = { status: "verified" as const, via: "recorded" as const, checkedAt, events: 7 };
    const hub = new ExchangeHub({
      validation: { version: 1, venues: { binance: { spot: { book: { recorded: stamp } } } } },
    });
    const caps = hub.capabilities("BINANCE");
    expect(Object.keys(caps.accounts)).toEqual(Object.keys(binance.streams));
    for (const [account, table] of Object.entries(binance.streams)) {
      for (const [kind, support] of Object.entries(table ?? {})) {
        expect(caps.accounts[account as "spot"]?.streams[kind as "trade"].support).toEqual(support);
      }
    }
    expect(caps.accounts.spot?.streams.book.validation).toEqual({ recorded: stamp });
    expect(caps.accounts.spot?.streams.trade.validation).toBeUndefined();
    expect(caps.accounts.spot?.rest.ticker).toBe(true);
    expect(() => hub.capabilities("nowhere")).toThrow("unknown exchange");
  });

  test("the shipped snapshot round-trips: every key is a venue id, account and stream kind", async () => {
    const snapshot = (await Bun.file(
      join(REPO, "data/validation_snapshot.json"),
    ).json()) as ValidationSnapshot;
    const hub = new ExchangeHub();
    for (const [id, accounts] of Object.entries(snapshot.venues)) {
      const caps = hub.capabilities(id);
      expect(caps.id).toBe(id);
      for (const [account, streams] of Object.entries(accounts)) {
        for (const kind of Object.keys(streams ?? {})) {
          expect(caps.accounts[account as "spot"]?.streams[kind as "trade"].validation).toBeDefined();
        }
      }
    }
  });
});

test("a process that subscribed exits by itself after shutdownAll, iterators left open", async () => {
  const dir = mkdtempSync(join(tmpdir(), "dig3-exit-"));
  try {
    const script = join(dir, "exit.ts");
    writeFileSync(
      script,
      `import { ExchangeHub } from ${JSON.stringify(join(REPO, "src/index.ts"))};
const hub = new ExchangeHub();
await hub.connectFull("binance", ["spot"]);
const spot = hub.ws("binance", "spot");
const trades = spot.trades("BTC/USDT");
const book = spot.book("BTC/USDT");
await hub.subscribe({ exchange: "binance", account: "spot", kind: "ticker", symbol: "ETH/USDT" }, () => {});
console.log((await trades.next()).value?.kind, (await book.next()).value?.kind);
await hub.shutdownAll();
console.log("down", (await trades.next()).done);
`,
    );
    const started = Date.now();
    const { code, out, err } = await runScript(script, 5_000);
    expect(err).toBe("");
    expect(out).toBe("trade book\ndown true\n");
    expect(code).toBe(0);
    expect(Date.now() - started).toBeLessThan(5_000);
    await waitFor(() => sim.stats.openConnections === 0, 3_000, "sockets closed");
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
