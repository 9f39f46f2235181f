// `dig3 --help` starts in about the time of an empty compiled script: what the entry point loads before it runs (its
// static imports, followed through the repository's files) must leave out the modules that cost milliseconds of
// start-up: output.ts (Node streams, consola, picocolors, cli-table3), citty and node:util (citty's parseArgs), node:tty.

import { describe, expect, test } from "bun:test";
import { dirname, relative, resolve } from "node:path";

const SRC = resolve(import.meta.dir, "..");
const ENTRY = resolve(SRC, "main.ts");
const transpiler = new Bun.Transpiler({ loader: "ts" });

/** Every module `entry` loads before it runs (static imports only; type-only imports are gone once transpiled). */
async function loadedBeforeRun(entry: string): Promise<Set<string>> {
  const loaded = new Set<string>();
  const pending = [entry];
  while (pending.length > 0) {
    const file = pending.pop()!;
    // The entry's `#!` line is no TypeScript.
    const text = (await Bun.file(file).text()).replace(/^#!.*/, "");
    for (const { kind, path } of transpiler.scanImports(text)) {
      if (kind !== "import-statement") continue;
      if (!path.startsWith(".")) {
        loaded.add(path);
        continue;
      }
      const target = resolve(dirname(file), path);
      const name = relative(SRC, target);
      if (loaded.has(name)) continue;
      loaded.add(name);
      if (target.endsWith(".ts")) pending.push(target);
    }
  }
  return loaded;
}

const COSTLY = [
  "cli/output.ts",
  "citty",
  "consola",
  "picocolors",
  "cli-table3",
  "node:util",
  "util",
  "node:tty",
  "tty",
];

describe("start-up", () => {
  test("the entry point loads none of the costly modules before it runs", async () => {
    const loaded = await loadedBeforeRun(ENTRY);
    expect(loaded.has("cli/main.ts")).toBe(true);
    expect(COSTLY.filter((name) => loaded.has(name))).toEqual([]);
  });

  test("the check sees a costly module reached through a static import", async () => {
    // output.ts itself imports picocolors and consola statically.
    const loaded = await loadedBeforeRun(resolve(SRC, "cli/output.ts"));
    expect(loaded.has("picocolors")).toBe(true);
    expect(loaded.has("consola")).toBe(true);
  });
});
