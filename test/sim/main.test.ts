// The standalone simulator runner (`bun test/sim/main.ts --venue X`): one JSON line with the URLs of the accounts the
// venue serves, then it runs until SIGTERM; a bad venue is a one-line usage error.

import { describe, expect, test } from "bun:test";
import { resolve } from "node:path";

const MAIN = resolve(import.meta.dir, "main.ts");

async function firstLineOf(
  venue: string,
): Promise<{ ws: Record<string, string>; env: Record<string, string> }> {
  const child = Bun.spawn([process.execPath, MAIN, "--venue", venue], { stdout: "pipe", stderr: "pipe" });
  try {
    const reader = child.stdout.getReader();
    let text = "";
    while (!text.includes("\n")) {
      const { value, done } = await reader.read();
      if (done) break;
      text += new TextDecoder().decode(value);
    }
    return JSON.parse(text.split("\n")[0]!);
  } finally {
    child.kill("SIGTERM");
    await child.exited;
  }
}

describe("standalone simulator", () => {
  test("prints the URLs of the accounts it serves: cryptocom has no inverse, binance has all three", async () => {
    const [cryptocom, binance] = await Promise.all([firstLineOf("cryptocom"), firstLineOf("binance")]);
    expect(Object.keys(cryptocom.ws)).toEqual(["spot", "linear"]);
    expect(Object.keys(binance.ws)).toEqual(["spot", "linear", "inverse"]);
    expect(cryptocom.env.DIG3_CRYPTOCOM_WS_URL).toBe(cryptocom.ws.spot);
  });

  test("an unknown venue is a usage error naming the known ones", () => {
    const result = Bun.spawnSync([process.execPath, MAIN, "--venue", "nope"]);
    expect(result.exitCode).toBe(2);
    expect(result.stderr.toString()).toContain("--venue must be one of: binance");
  });
});
