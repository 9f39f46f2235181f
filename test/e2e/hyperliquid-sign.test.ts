// `dig3 sign hyperliquid` end to end: the published SDK vectors through the CLI (L1 dummy and order actions on
// mainnet and testnet, the testnet USD transfer), the key from the environment or an owner-only key file, usage
// errors — and no output of any run ever contains the key.

import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type CliResult, REPO, runCli } from "./run-cli.ts";

// The published test key of HyperLiquid's Python SDK (never a real one).
const KEY = "0x0123456789012345678901234567890123456789012345678901234567890123";
const KEY_BODY = KEY.slice(2);
const ORDER =
  '{"type":"order","orders":[{"a":1,"b":true,"p":"100","s":"100","r":false,"t":{"limit":{"tif":"Gtc"}}}],"grouping":"na"}';
const USD_SEND =
  '{"type":"usdSend","destination":"0x5e9ee1089755c3435139848e47e6635505d5a13a","amount":"1","time":1687816341423}';

let dir: string;
const outputs: CliResult[] = [];

async function sign(args: string[], env: Record<string, string> = { DIG3_HYPERLIQUID_PRIVATE_KEY: KEY }) {
  const result = await runCli(["sign", "hyperliquid", ...args], {
    env: { DIG3_HYPERLIQUID_PRIVATE_KEY: "", ...env },
  });
  outputs.push(result);
  return result;
}

function signatureOf(result: CliResult) {
  expect(result.stderr).toBe("");
  expect(result.code).toBe(0);
  return JSON.parse(result.stdout) as { r: string; s: string; v: number };
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "dig3-hl-sign-"));
});

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe("dig3 sign hyperliquid", () => {
  test("L1 dummy action, mainnet and testnet: the published r, s, v", async () => {
    const [mainnet, testnet] = await Promise.all([
      sign(["--action", '{"type":"dummy","num":100000000000}', "--nonce", "0"]),
      sign(["--action", '{"type":"dummy","num":100000000000}', "--nonce", "0", "--testnet"]),
    ]);
    expect(signatureOf(mainnet)).toEqual({
      r: "0x53749d5b30552aeb2fca34b530185976545bb22d0b3ce6f62e31be961a59298",
      s: "0x755c40ba9bf05223521753995abb2f73ab3229be8ec921f350cb447e384d8ed8",
      v: 27,
    });
    expect(signatureOf(testnet)).toEqual({
      r: "0x542af61ef1f429707e3c76c5293c80d01f74ef853e34b76efffcb57e574f9510",
      s: "0x17b8b32f086e8cdede991f1e2c529f5dd5297cbe8128500e00cbaf766204a613",
      v: 28,
    });
  });

  test("order action from an owner-only key file; user-signed USD transfer on testnet", async () => {
    const keyFile = join(dir, "key");
    writeFileSync(keyFile, `${KEY}\n`);
    chmodSync(keyFile, 0o600);
    const [order, transfer] = await Promise.all([
      sign(["--action", ORDER, "--nonce", "0", "--key-file", keyFile], {}),
      sign(["--kind", "user", "--testnet", "--action", USD_SEND]),
    ]);
    expect(signatureOf(order)).toEqual({
      r: "0xd65369825a9df5d80099e513cce430311d7d26ddf477f5b3a33d2806b100d78e",
      s: "0x2b54116ff64054968aa237c20ca9ff68000f977c93289157748a3162b6ea940e",
      v: 28,
    });
    expect(signatureOf(transfer)).toEqual({
      r: "0x637b37dd731507cdd24f46532ca8ba6eec616952c56218baeff04144e4a77073",
      s: "0x11a6a24900e6e314136d2592e2f8d502cd89b7c15b198e1bee043c9589f9fad7",
      v: 27,
    });
  });

  test("a key file others can read is refused with the fix named; no key at all is a usage error", async () => {
    const keyFile = join(dir, "open-key");
    writeFileSync(keyFile, KEY);
    chmodSync(keyFile, 0o644);
    const open = await sign(["--action", ORDER, "--nonce", "0", "--key-file", keyFile], {});
    expect(open.code).toBe(1);
    expect(open.stderr).toContain("readable by others (mode 0644)");
    expect(open.stderr).toContain(`chmod 600 ${keyFile}`);
    const none = await sign(["--action", ORDER, "--nonce", "0"], {});
    expect(none.code).toBe(2);
    expect(none.stderr).toContain("DIG3_HYPERLIQUID_PRIVATE_KEY");
  });

  test("usage errors: bad JSON, missing nonce, unknown kind, a user action signed as L1 input, a malformed key", async () => {
    const results = await Promise.all([
      sign(["--action", "{nope", "--nonce", "0"]),
      sign(["--action", ORDER]),
      sign(["--action", ORDER, "--nonce", "0", "--kind", "other"]),
      sign(["--kind", "user", "--action", '{"type":"order"}']),
      sign(["--action", ORDER, "--nonce", "0"], { DIG3_HYPERLIQUID_PRIVATE_KEY: `${KEY.slice(0, -1)}z` }),
      sign(["--action", ORDER, "--nonce", "x1"]),
    ]);
    for (const result of results) {
      expect(result.code).toBe(2);
      expect(result.stdout).toBe("");
      expect(result.stderr).toStartWith("error ");
    }
    expect(results[4]!.stderr).toContain("not 32 bytes of hex");
  });

  test("other venues: an unknown id names the known ones; Lighter says why it is not implemented", async () => {
    const [unknown, lighter] = await Promise.all([
      runCli(["sign", "nosuchvenue", "--action", ORDER, "--nonce", "0"]),
      runCli(["sign", "lighter", "--action", ORDER, "--nonce", "0"]),
    ]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain("unknown exchange 'nosuchvenue'");
    expect(unknown.stderr).toContain("hyperliquid");
    expect(lighter.code).toBe(2);
    expect(lighter.stderr).toContain("signing for 'lighter' is not implemented");
    expect(lighter.stderr).toContain("src/exchanges/lighter/README.md");
    expect(lighter.stdout + unknown.stdout).toBe("");
  });

  test("no output of any run contains the key, in any case, with or without 0x", () => {
    expect(outputs.length).toBeGreaterThanOrEqual(12);
    const needles = [KEY_BODY, KEY_BODY.toUpperCase(), KEY_BODY.slice(0, 40), KEY_BODY.slice(0, -1)];
    for (const { stdout, stderr } of outputs) {
      for (const needle of needles) {
        expect(stdout.toLowerCase()).not.toContain(needle.toLowerCase());
        expect(stderr.toLowerCase()).not.toContain(needle.toLowerCase());
      }
    }
  });

  test("the signing code is loaded lazily: `dig3 --help` imports none of it", () => {
    const main = readFileSync(join(REPO, "src/cli/main.ts"), "utf8");
    const command = readFileSync(join(REPO, "src/cli/commands/sign.ts"), "utf8");
    expect(main).toContain('import("./commands/sign.ts")');
    expect(command).not.toMatch(/^import .*signing/m);
    expect(command).toContain('await import("../../exchanges/hyperliquid/signing/index.ts")');
  });
});
