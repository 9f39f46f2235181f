// Path building and sanitizing: the mapping of outside names, rejected names, and escapes from the storage root.

import { describe, expect, test } from "bun:test";
import { resolve, sep } from "node:path";
import { Dig3Error } from "../core/errors.ts";
import {
  checkSlug,
  formatDayNumber,
  getDayNumber,
  parseDay,
  parseDayFileName,
  resolveDayFilePaths,
  resolveSeriesDir,
  sanitizeName,
} from "./paths.ts";

function expectBadInput(action: () => unknown): Dig3Error {
  try {
    action();
  } catch (error) {
    expect(error).toBeInstanceOf(Dig3Error);
    expect((error as Dig3Error).code).toBe("E_BAD_INPUT");
    expect((error as Dig3Error).hint).toBeTruthy();
    return error as Dig3Error;
  }
  throw new Error("expected E_BAD_INPUT");
}

describe("sanitizeName", () => {
  test("keeps venue-native symbols, lower-cased", () => {
    expect(sanitizeName("BTCUSDT")).toBe("btcusdt");
    expect(sanitizeName("BTC-USDT-SWAP")).toBe("btc-usdt-swap");
    expect(sanitizeName("BTC_USDT")).toBe("btc_usdt");
    expect(sanitizeName("@107")).toBe("@107");
    expect(sanitizeName("BTC-PERPETUAL")).toBe("btc-perpetual");
    expect(sanitizeName("1000PEPE.P")).toBe("1000pepe.p");
  });

  test("maps separators to '-' and everything else to '_'", () => {
    expect(sanitizeName("BTC/USDT")).toBe("btc-usdt");
    expect(sanitizeName("BTC/USDT:USDT")).toBe("btc-usdt-usdt");
    expect(sanitizeName("a\\b")).toBe("a-b");
    expect(sanitizeName("a b+c#d%e")).toBe("a_b_c_d_e");
    expect(sanitizeName("tab\there\n")).toBe("tab_here_");
    expect(sanitizeName("ÉTH€")).toBe("_th_");
    expect(sanitizeName("../../etc")).toBe("..-..-etc");
    expect(sanitizeName("/etc/passwd")).toBe("-etc-passwd");
  });

  test("rejects empty, dot names, NUL and names over 120 bytes", () => {
    expectBadInput(() => sanitizeName(""));
    expectBadInput(() => sanitizeName("."));
    expectBadInput(() => sanitizeName(".."));
    expectBadInput(() => sanitizeName("btc\0usdt"));
    expect(sanitizeName("x".repeat(120))).toBe("x".repeat(120));
    expectBadInput(() => sanitizeName("x".repeat(121)));
    // 61 two-byte characters = 122 bytes.
    expect(expectBadInput(() => sanitizeName("é".repeat(61))).message).toContain("120 bytes");
  });
});

describe("series paths", () => {
  const root = resolve("/tmp/dig3-root");

  test("lay out <root>/<slug>/<exchange>/<account>/<symbol>/<day>.*", () => {
    const dir = resolveSeriesDir({
      root,
      slug: "klines_1m",
      exchange: "Binance",
      account: "spot",
      symbol: "BTCUSDT",
    });
    expect(dir).toBe(`${root}${sep}klines_1m${sep}binance${sep}spot${sep}btcusdt`);
    const paths = resolveDayFilePaths(dir, "2026-05-20");
    expect(paths.dat).toBe(`${dir}${sep}2026-05-20.dat`);
    expect(paths.idx).toBe(`${dir}${sep}2026-05-20.idx`);
    expect(paths.blob).toBe(`${dir}${sep}2026-05-20.blob`);
  });

  test("keep the slug's case: klines_1M (month) is not klines_1m (minute)", () => {
    const dir = resolveSeriesDir({
      root,
      slug: "klines_1M",
      exchange: "okx",
      account: "spot",
      symbol: "BTC-USDT",
    });
    expect(dir).toContain(`${sep}klines_1M${sep}`);
  });

  test("stay inside root whatever the names", () => {
    for (const symbol of ["../../../etc/passwd", "/etc/passwd", "..\\..\\x", "a/../../b", "~", "$HOME"]) {
      const dir = resolveSeriesDir({ root, slug: "trades", exchange: "binance", account: "spot", symbol });
      expect(dir.startsWith(root + sep)).toBe(true);
      expect(dir.split(sep).slice(-1)[0]).not.toContain("/");
    }
    for (const exchange of ["..", ".", "", "bin\0ance", "b".repeat(500)]) {
      expectBadInput(() =>
        resolveSeriesDir({ root, slug: "trades", exchange, account: "spot", symbol: "x" }),
      );
    }
    for (const slug of ["../trades", "/abs", "", "trades/..", ".", "a\0b"]) {
      expectBadInput(() =>
        resolveSeriesDir({ root, slug, exchange: "binance", account: "spot", symbol: "x" }),
      );
    }
    expectBadInput(() =>
      resolveSeriesDir({ root: "", slug: "trades", exchange: "b", account: "s", symbol: "x" }),
    );
    expectBadInput(() =>
      resolveSeriesDir({ root: "/tmp/\0", slug: "trades", exchange: "b", account: "s", symbol: "x" }),
    );
    expect(checkSlug("range_bars_100000000")).toBe("range_bars_100000000");
  });

  test("rejects a bad day", () => {
    expectBadInput(() => resolveDayFilePaths("/tmp", "../2024-01-01"));
    expectBadInput(() => resolveDayFilePaths("/tmp", "2024-1-1"));
  });
});

describe("days", () => {
  test("UTC day numbers and names around midnight", () => {
    const midnight = Date.UTC(2024, 0, 1);
    expect(formatDayNumber(getDayNumber(midnight - 1))).toBe("2023-12-31");
    expect(formatDayNumber(getDayNumber(midnight))).toBe("2024-01-01");
    expect(formatDayNumber(getDayNumber(-1))).toBe("1969-12-31");
    expect(parseDay("2024-01-01")).toBe(getDayNumber(midnight));
    expect(parseDayFileName("2024-01-01.dat")).toBe("2024-01-01");
    expect(parseDayFileName("2024-01-01.idx")).toBeUndefined();
    expect(parseDayFileName(".lock")).toBeUndefined();
    expectBadInput(() => formatDayNumber(getDayNumber(1e17)));
  });
});
