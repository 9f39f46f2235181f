// Enforces the layer table of DESIGN.md §1: every import under src/ must point at a layer its own layer may use.

import { describe, expect, test } from "bun:test";
import { dirname, join, relative, resolve } from "node:path";
import { Glob } from "bun";

const SRC = resolve(import.meta.dir, "../src");

/** Layer of a path under src/ (`exchanges/_shared` counts as the exchanges layer's shared part). */
function layerOf(path: string): string {
  const rel = relative(SRC, path);
  const [top, second] = rel.split("/");
  if (!rel.includes("/")) return "entry";
  if (top === "exchanges")
    return second === "_shared"
      ? "exchanges/_shared"
      : second === "index.ts"
        ? "exchanges/index"
        : "exchanges";
  return top!;
}

const ALLOWED: Record<string, string[]> = {
  core: [],
  records: ["core"],
  "exchanges/_shared": ["core", "records"],
  exchanges: ["core", "records", "exchanges/_shared"],
  "exchanges/index": ["core", "records", "exchanges/_shared", "exchanges"],
  transport: ["core"],
  hub: ["core", "records", "transport", "exchanges", "exchanges/_shared", "exchanges/index"],
  book: ["core", "records"],
  storage: ["core", "records"],
  station: [
    "core",
    "records",
    "transport",
    "exchanges",
    "exchanges/_shared",
    "exchanges/index",
    "hub",
    "book",
    "storage",
  ],
  tools: ["core", "records", "book", "storage"],
  cli: ["station", "tools", "exchanges", "exchanges/_shared", "exchanges/index", "core", "records"],
  entry: [
    "cli",
    "core",
    "station",
    "hub",
    "records",
    "exchanges/index",
    "exchanges/_shared",
    "storage",
    "tools",
    "book",
  ],
};

const IMPORT_RE =
  /(?:^|\n)\s*(?:import|export)\s[^;]*?from\s+["']([^"']+)["']|import\(\s*["']([^"']+)["']\s*\)/g;

async function importsOf(file: string): Promise<string[]> {
  const text = await Bun.file(file).text();
  const found: string[] = [];
  for (const match of text.matchAll(IMPORT_RE)) found.push((match[1] ?? match[2])!);
  return found;
}

describe("architecture", () => {
  test("every import under src/ follows the layer table", async () => {
    const violations: string[] = [];
    let files = 0;
    for await (const rel of new Glob("**/*.ts").scan(SRC)) {
      if (rel.endsWith(".test.ts")) continue;
      files++;
      const file = join(SRC, rel);
      const from = layerOf(file);
      const venue = rel.startsWith("exchanges/") ? rel.split("/")[1] : undefined;
      for (const spec of await importsOf(file)) {
        if (!spec.startsWith(".")) continue;
        const target = resolve(dirname(file), spec);
        if (!target.startsWith(SRC)) {
          // package.json (the version) and the data shipped with the package (data/*.json) may be bundled in.
          const isShippedData = target.startsWith(resolve(SRC, "../data/")) && target.endsWith(".json");
          if (!target.endsWith("package.json") && !isShippedData)
            violations.push(`${rel} imports ${spec} (outside src/)`);
          continue;
        }
        const to = layerOf(target);
        if (to === from) {
          // One venue folder never reaches into another venue's folder.
          const targetVenue = relative(SRC, target).split("/")[1];
          if (from === "exchanges" && venue !== targetVenue)
            violations.push(`${rel} imports another venue: ${spec}`);
          continue;
        }
        if (!(ALLOWED[from] ?? []).includes(to)) violations.push(`${rel} (${from}) imports ${spec} (${to})`);
      }
    }
    expect(files).toBeGreaterThan(20);
    expect(violations).toEqual([]);
  });

  test("the layer checker catches a forbidden import", () => {
    expect(ALLOWED.tools).not.toContain("hub");
    expect(ALLOWED.core).toEqual([]);
    expect(layerOf(join(SRC, "exchanges/binance/parse.ts"))).toBe("exchanges");
    expect(layerOf(join(SRC, "tools/inspect.ts"))).toBe("tools");
  });
});
