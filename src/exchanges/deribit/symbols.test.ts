// Deribit symbol rules: canonical → instrument name per market, instrument name → market and canonical symbol,
// dates without a leading zero, options kept raw, and round trips through the hub's resolver.

import { describe, expect, test } from "bun:test";
import { Dig3Error, parseCanonical, withAccountSettle } from "../../core/index.ts";
import { resolveSymbol } from "../../hub/symbols.ts";
import { deribit } from "./index.ts";
import {
  describeDeribitNative,
  fromDeribitNative,
  readDeribitName,
  toDeribitDate,
  toDeribitNative,
  toYymmdd,
} from "./symbols.ts";

describe("dates", () => {
  test("Deribit writes the day without a leading zero", () => {
    expect(toYymmdd("27DEC24")).toBe("241227");
    expect(toYymmdd("5JUN20")).toBe("200605");
    expect(toYymmdd("31XYZ24")).toBeUndefined();
    expect(toDeribitDate("241227")).toBe("27DEC24");
    expect(toDeribitDate("200605")).toBe("5JUN20");
    expect(() => toDeribitDate("241327")).toThrow(Dig3Error);
  });
});

describe("canonical → native", () => {
  test.each([
    ["BTC/USD:BTC", "inverse", "BTC-PERPETUAL"],
    ["ETH/USD:ETH-241227", "inverse", "ETH-27DEC24"],
    ["BTC/USD:BTC-240607", "inverse", "BTC-7JUN24"],
    ["BTC/USDC:USDC", "linear", "BTC_USDC-PERPETUAL"],
    ["SOL/USDC:USDC-250328", "linear", "SOL_USDC-28MAR25"],
    ["BTC/USDC", "spot", "BTC_USDC"],
    ["STETH/ETH", "spot", "STETH_ETH"],
  ] as const)("%s on %s → %s", (canonical, account, native) => {
    const parts = withAccountSettle(parseCanonical(canonical)!, account);
    expect(toDeribitNative(parts, account)).toBe(native);
  });

  test("user shorthand gets its settle from the account", () => {
    expect(toDeribitNative(withAccountSettle(parseCanonical("BTC/USD")!, "inverse"), "inverse")).toBe(
      "BTC-PERPETUAL",
    );
    expect(toDeribitNative(withAccountSettle(parseCanonical("ETH/USDC")!, "linear"), "linear")).toBe(
      "ETH_USDC-PERPETUAL",
    );
  });

  test("inverse contracts are quoted in USD; options need their instrument name", () => {
    expect(() => toDeribitNative({ base: "BTC", quote: "USDT", settle: "BTC" }, "inverse")).toThrow(
      /quoted in USD/,
    );
    expect(() => toDeribitNative({ base: "BTC", quote: "USD" }, "option")).toThrow(/instrument/);
  });
});

describe("native → market and canonical", () => {
  test.each([
    ["BTC-PERPETUAL", "inverse", "BTC/USD:BTC"],
    ["BTC-27DEC24", "inverse", "BTC/USD:BTC-241227"],
    ["ETH-5JUN20", "inverse", "ETH/USD:ETH-200605"],
    ["BTC_USDC-PERPETUAL", "linear", "BTC/USDC:USDC"],
    ["LINK_USDC-PERPETUAL", "linear", "LINK/USDC:USDC"],
    ["BTC_USDT-PERPETUAL", "linear", "BTC/USDT:USDT"],
    ["BTC_USDC", "spot", "BTC/USDC"],
    ["btc_usdc", "spot", "BTC/USDC"],
    ["BTC-27DEC24-100000-C", "option", "BTC-27DEC24-100000-C"],
    ["ETH-5JUN20-310-P", "option", "ETH-5JUN20-310-P"],
    ["MATIC_USDC-9MAR24-1d02-C", "option", "MATIC_USDC-9MAR24-1d02-C"],
    ["btc-27dec24-100000-c", "option", "BTC-27DEC24-100000-C"],
  ] as const)("%s → %s %s", (native, account, symbol) => {
    expect(describeDeribitNative(native)).toEqual({ account, symbol });
  });

  test("options: strike text and type, coin or USDC settled", () => {
    expect(readDeribitName("BTC-27DEC24-100000-C")).toEqual({
      account: "option",
      base: "BTC",
      quote: "BTC",
      settle: "BTC",
      expiry: "241227",
      strike: "100000",
      optionType: "C",
      instrument: "BTC-27DEC24-100000-C",
    });
    expect(readDeribitName("XRP_USDC-30AUG24-0d625-P")).toMatchObject({
      base: "XRP",
      quote: "USDC",
      settle: "USDC",
      strike: "0d625",
      instrument: "XRP_USDC-30AUG24-0d625-P",
      optionType: "P",
    });
  });

  test("combos, spreads and nonsense are not plain names", () => {
    for (const native of [
      "BTC-FS-30SEP22_PERP",
      "BTC-STRD-30SEP22-20000",
      "BTC-CSR12-16SEP22-21000_23000",
      "BTC-32XYZ24",
      "BTC",
      "",
      "BTC--PERPETUAL",
    ])
      expect(readDeribitName(native)).toBeUndefined();
  });

  test("fromNative answers only for its own market, never for options", () => {
    expect(fromDeribitNative("BTC-PERPETUAL", "inverse")).toEqual({
      base: "BTC",
      quote: "USD",
      settle: "BTC",
    });
    expect(fromDeribitNative("BTC-PERPETUAL", "linear")).toBeUndefined();
    expect(fromDeribitNative("BTC_USDC", "linear")).toBeUndefined();
    expect(fromDeribitNative("BTC_USDC", "spot")).toEqual({ base: "BTC", quote: "USDC" });
    expect(fromDeribitNative("BTC-27DEC24-100000-C", "option")).toBeUndefined();
  });
});

describe("round trips through the hub's resolver (no instrument list)", () => {
  test.each([
    ["inverse", "BTC-PERPETUAL", "BTC/USD:BTC", "BTC-PERPETUAL"],
    ["inverse", "BTC/USD", "BTC/USD:BTC", "BTC-PERPETUAL"],
    ["inverse", "BTC/USD:BTC-241227", "BTC/USD:BTC-241227", "BTC-27DEC24"],
    ["inverse", "BTC-27DEC24", "BTC/USD:BTC-241227", "BTC-27DEC24"],
    ["linear", "BTC_USDC-PERPETUAL", "BTC/USDC:USDC", "BTC_USDC-PERPETUAL"],
    ["linear", "BTC/USDC:USDC", "BTC/USDC:USDC", "BTC_USDC-PERPETUAL"],
    ["linear", "BTC_USDC", "BTC/USDC:USDC", "BTC_USDC-PERPETUAL"],
    ["spot", "BTC_USDC", "BTC/USDC", "BTC_USDC"],
    ["spot", "BTC/USDC", "BTC/USDC", "BTC_USDC"],
  ] as const)("%s %s → %s (%s)", (account, input, symbol, native) => {
    expect(resolveSymbol(deribit, account, input)).toEqual({ symbol, native });
  });

  test("options resolve through the instrument list only, to their own name", () => {
    const option = {
      account: "option" as const,
      symbol: "BTC-27DEC24-100000-C",
      native: "BTC-27DEC24-100000-C",
      base: "BTC",
      quote: "BTC",
      status: "open",
      active: true,
    };
    const index = {
      list: [option],
      byNative: new Map([[option.native, option]]),
      bySymbol: new Map([[option.symbol, option]]),
    };
    expect(resolveSymbol(deribit, "option", "btc-27dec24-100000-c", index)).toMatchObject({
      symbol: "BTC-27DEC24-100000-C",
      native: "BTC-27DEC24-100000-C",
    });
    expect(() => resolveSymbol(deribit, "option", "BTC-27DEC24-100000-C")).toThrow(Dig3Error);
  });
});
