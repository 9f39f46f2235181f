// The CLI end to end against the Binance simulator: live tape and ladder as NDJSON (from source and from the
// compiled binary), REST one-shots, and the bad-input and network-failure paths with their exit codes.

import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { type Sim, startSim } from "../sim/index.ts";
import { hasCompiled, parseNdjson, runCli } from "./run-cli.ts";

let sim: Sim;

beforeAll(async () => {
  sim = await startSim({ venue: "binance", tickMs: 20, seed: 7 });
});

afterAll(async () => {
  await sim.close();
});

function tradeIdsSent(stream: string, account: "spot" | "linear" = "spot"): Set<string> {
  return new Set(sim.sentFrames(stream, account).map((frame) => String((frame as { t: number }).t)));
}

describe.each([
  ["source", false],
  ["compiled dist/dig3", true],
] as const)("dig3 watch (%s)", (_name, compiled) => {
  test.skipIf(compiled && !hasCompiled)(
    "trades --json prints the simulator's trades as NDJSON and exits 0",
    async () => {
      const result = await runCli(["watch", "trades", "binance", "BTC/USDT", "--duration", "2", "--json"], {
        env: sim.env("spot"),
        compiled,
      });
      expect(result.stderr).not.toContain("error");
      expect(result.code).toBe(0);
      const events = parseNdjson(result.stdout);
      expect(events.length).toBeGreaterThan(10);
      const sent = tradeIdsSent("btcusdt@trade");
      let previous = -1;
      for (const event of events) {
        expect(event).toMatchObject({
          kind: "trade",
          exchange: "binance",
          account: "spot",
          symbol: "BTC/USDT",
        });
        expect(sent.has(event.tradeId as string)).toBe(true);
        expect(Number(event.tradeId)).toBeGreaterThan(previous);
        previous = Number(event.tradeId);
        expect(typeof event.price).toBe("number");
        expect(["buy", "sell"]).toContain(event.side as string);
      }
    },
  );
});

describe("dig3 watch orderbook", () => {
  test("--json: a snapshot first, then deltas that chain, never a crossed book", async () => {
    const result = await runCli(["watch", "orderbook", "binance", "BTCUSDT", "--duration", "2", "--json"], {
      env: sim.env("spot"),
    });
    expect(result.code).toBe(0);
    const events = parseNdjson(result.stdout);
    const books = events.filter((e) => e.kind === "book");
    expect(books[0]).toMatchObject({ type: "snapshot", symbol: "BTC/USDT" });
    expect(books.length).toBeGreaterThan(10);
    expect(events.filter((e) => e.kind === "book_resync")).toEqual([]);
    const bids = new Map<number, number>();
    const asks = new Map<number, number>();
    let lastSeq = 0;
    for (const book of books) {
      if (book.type === "snapshot") {
        bids.clear();
        asks.clear();
      } else {
        expect(book.firstSeq).toBe(lastSeq + 1);
      }
      lastSeq = book.seq as number;
      for (const [price, size] of book.bids as [number, number][])
        size === 0 ? bids.delete(price) : bids.set(price, size);
      for (const [price, size] of book.asks as [number, number][])
        size === 0 ? asks.delete(price) : asks.set(price, size);
      expect(Math.max(...bids.keys())).toBeLessThan(Math.min(...asks.keys()));
    }
  });

  test("without a TTY: plain ladder snapshots with spread and both sides", async () => {
    const result = await runCli(
      ["watch", "orderbook", "binance", "BTC/USDT", "--duration", "2", "--depth", "5"],
      {
        env: sim.env("spot"),
      },
    );
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("spread");
    expect(result.stdout).toContain("binance spot BTC/USDT");
    expect(result.stdout).not.toContain("\x1b[");
  });

  test("linear account: USDⓈ-M book through the futures sync rules", async () => {
    const result = await runCli(
      ["watch", "orderbook", "binance", "BTC/USDT:USDT", "--account", "linear", "--duration", "2", "--json"],
      { env: sim.env("linear") },
    );
    expect(result.code).toBe(0);
    const books = parseNdjson(result.stdout).filter((e) => e.kind === "book");
    expect(books[0]).toMatchObject({ type: "snapshot", account: "linear", symbol: "BTC/USDT:USDT" });
    expect(books.length).toBeGreaterThan(5);
  });
});

describe("other live kinds", () => {
  test("funding and mark price on USDⓈ-M share one subscription", async () => {
    const result = await runCli(
      ["watch", "funding", "binance", "BTC/USDT:USDT", "--duration", "2", "--json"],
      {
        env: sim.env("linear"),
      },
    );
    expect(result.code).toBe(0);
    const events = parseNdjson(result.stdout);
    expect(events.length).toBeGreaterThan(0);
    for (const event of events) expect(event).toMatchObject({ kind: "funding_rate", account: "linear" });
  });

  test("kline 1s prints bars", async () => {
    const result = await runCli(
      ["watch", "kline", "binance", "BTC/USDT", "--interval", "1s", "--duration", "2"],
      {
        env: sim.env("spot"),
      },
    );
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("[1s]");
  });
});

describe("REST one-shots", () => {
  test("ticker --json", async () => {
    const result = await runCli(["ticker", "binance", "BTC/USDT", "--json"], { env: sim.env("spot") });
    expect(result.code).toBe(0);
    const [ticker] = parseNdjson(result.stdout);
    expect(ticker).toMatchObject({ kind: "ticker", symbol: "BTC/USDT" });
    expect(ticker!.last).toBeGreaterThan(0);
  });

  test("book, trades and klines tables", async () => {
    for (const args of [
      ["book", "binance", "BTC/USDT", "--depth", "3"],
      ["trades", "binance", "BTC/USDT", "--limit", "5"],
      ["klines", "binance", "BTC/USDT", "--interval", "1m", "--limit", "3"],
    ]) {
      const result = await runCli(args, { env: sim.env("spot") });
      expect(result.code).toBe(0);
      expect(result.stdout).toContain("┌");
    }
  });
});

describe("bad input: one clear line, a hint, exit 2", () => {
  const cases: [string, string[], string][] = [
    ["unknown venue", ["watch", "trades", "nosuch", "BTC/USDT"], "unknown exchange 'nosuch'"],
    ["unknown stream kind", ["watch", "candles", "binance", "BTC/USDT"], "unknown stream 'candles'"],
    ["bad interval", ["watch", "kline", "binance", "BTC/USDT", "--interval", "7m"], "unknown interval '7m'"],
    [
      "unknown flag",
      ["watch", "trades", "binance", "BTC/USDT", "--frobnicate"],
      "unknown flag '--frobnicate'",
    ],
    ["bad duration", ["watch", "trades", "binance", "BTC/USDT", "--duration", "soon"], "bad duration 'soon'"],
    [
      "wire-absent stream",
      ["watch", "liquidations", "binance", "BTC/USDT", "--account", "spot"],
      "no liquidations",
    ],
    [
      "unknown account",
      ["watch", "trades", "binance", "BTC/USDT", "--account", "moon"],
      "unknown account 'moon'",
    ],
    ["missing argument", ["watch", "trades"], "Missing required positional argument"],
    ["unknown command", ["frobnicate"], "unknown command 'frobnicate'"],
  ];
  for (const [name, args, message] of cases) {
    test(name, async () => {
      const result = await runCli(args, { env: sim.env("spot") });
      expect(result.code).toBe(2);
      expect(result.stderr).toContain(message);
      expect(result.stderr).toContain("hint");
      expect(result.stderr).not.toContain("    at ");
      expect(result.stdout).toBe("");
    });
  }

  test("unknown symbol, checked against the venue's instrument list", async () => {
    const result = await runCli(["watch", "trades", "binance", "NOPE/USDT"], { env: sim.env("spot") });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("unknown symbol 'NOPE/USDT'");
  });
});

describe("network failure: clear error, exit 1", () => {
  const dead = {
    DIG3_BINANCE_WS_URL: "ws://127.0.0.1:9/stream",
    DIG3_BINANCE_SPOT_WS_URL: "ws://127.0.0.1:9/stream",
    DIG3_BINANCE_REST_URL: "http://127.0.0.1:9",
  };

  test("REST one-shot", async () => {
    const result = await runCli(["ticker", "binance", "BTC/USDT"], { env: dead });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("binance");
    expect(result.stderr).toContain("hint");
    expect(result.stderr).not.toContain("    at ");
  }, 15_000);

  test("live watch gives up after repeated connection failures", async () => {
    const result = await runCli(["watch", "trades", "binance", "BTC/USDT"], { env: dead, timeoutMs: 30_000 });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("cannot reach binance");
  }, 35_000);
});

test("help and version", async () => {
  const help = await runCli(["--help"]);
  expect(help.code).toBe(0);
  for (const command of ["exchanges", "capabilities", "watch", "decode", "ticker"])
    expect(help.stdout).toContain(command);
  const watchHelp = await runCli(["watch", "--help"]);
  expect(watchHelp.code).toBe(0);
  expect(watchHelp.stdout).toContain("--duration");
  // Not a TTY and NO_COLOR: no escape codes in help either.
  expect(watchHelp.stdout).not.toContain("\x1b[");
  const version = await runCli(["--version"]);
  expect(version.stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
});
