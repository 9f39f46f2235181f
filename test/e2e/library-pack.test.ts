// The npm package as a consumer gets it: `npm pack`, install the tarball into an empty directory, import from "dig3"
// under Bun (runtime) and type-check a consumer file with tsc (types resolve from the shipped .ts entry).

import { afterAll, beforeAll, expect, test } from "bun:test";
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { REPO } from "./run-cli.ts";

let dir: string;
let tarball: string;

function run(cmd: string[], cwd: string): { code: number; out: string; err: string } {
  const result = Bun.spawnSync(cmd, {
    cwd,
    env: { ...process.env, NO_COLOR: "1" },
    stdout: "pipe",
    stderr: "pipe",
  });
  return { code: result.exitCode, out: result.stdout.toString(), err: result.stderr.toString() };
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "dig3-pack-"));
  const packed = run(["npm", "pack", "--pack-destination", dir, "--json"], REPO);
  if (packed.code !== 0) throw new Error(`npm pack failed: ${packed.err}`);
  const [info] = JSON.parse(packed.out.slice(packed.out.indexOf("["))) as {
    filename: string;
    files: { path: string }[];
  }[];
  tarball = join(dir, info!.filename);
  const paths = info!.files.map((file) => file.path);
  expect(paths).toContain("src/index.ts");
  expect(paths).toContain("data/validation_snapshot.json");
  expect(paths.filter((path) => path.endsWith(".test.ts") || path.includes("testdata/"))).toEqual([]);
  writeFileSync(
    join(dir, "package.json"),
    JSON.stringify({ name: "consumer", private: true, type: "module" }),
  );
  const installed = run(["npm", "install", "--prefer-offline", "--no-audit", "--no-fund", tarball], dir);
  if (installed.code !== 0) throw new Error(`npm install failed: ${installed.err}`);
}, 60_000);

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

const CONSUMER = `import { Dig3Error, ExchangeHub, type MarketEvent, Station, type VenueCapabilities } from "dig3";

const hub = new ExchangeHub();
const caps: VenueCapabilities = hub.capabilities("binance");
const error = new Dig3Error("E_WIRE_ABSENT", "absent", { hint: "elsewhere" });
const events: MarketEvent[] = [];
console.log(typeof Station.builder, caps.id, caps.accounts.spot?.streams.trade.validation?.recorded?.status, error.code, events.length);
await hub.shutdownAll();
`;

test("the installed tarball imports under Bun, with the shipped validation snapshot", () => {
  writeFileSync(join(dir, "consumer.ts"), CONSUMER);
  const result = run(["bun", "consumer.ts"], dir);
  expect(result.err).toBe("");
  expect(result.out).toBe("function binance verified E_WIRE_ABSENT 0\n");
  expect(result.code).toBe(0);
});

test("a consumer file type-checks against the package's types, and a wrong use fails", () => {
  writeFileSync(join(dir, "consumer.ts"), CONSUMER);
  writeFileSync(
    join(dir, "wrong.ts"),
    `import { ExchangeHub } from "dig3";\nexport const count: number = new ExchangeHub();\n`,
  );
  const tsconfig = (files: string[]) =>
    JSON.stringify({
      compilerOptions: {
        target: "ESNext",
        module: "Preserve",
        moduleResolution: "bundler",
        lib: ["ESNext"],
        types: ["bun"],
        typeRoots: [join(REPO, "node_modules/@types")],
        strict: true,
        noEmit: true,
        skipLibCheck: true,
        allowImportingTsExtensions: true,
        verbatimModuleSyntax: true,
        resolveJsonModule: true,
      },
      files,
    });
  const tsc = join(REPO, "node_modules/.bin/tsc");
  // The shipped examples (the README's library section) type-check as consumer code too.
  const examples = readdirSync(join(dir, "node_modules/dig3/examples")).map(
    (name) => `node_modules/dig3/examples/${name}`,
  );
  expect(examples.length).toBeGreaterThan(0);
  writeFileSync(join(dir, "tsconfig.json"), tsconfig(["consumer.ts", ...examples]));
  const ok = run([tsc, "--noEmit", "-p", "tsconfig.json"], dir);
  expect(ok.out + ok.err).toBe("");
  expect(ok.code).toBe(0);
  writeFileSync(join(dir, "tsconfig.json"), tsconfig(["wrong.ts"]));
  const wrong = run([tsc, "--noEmit", "-p", "tsconfig.json"], dir);
  expect(wrong.out).toContain("not assignable to type 'number'");
  expect(wrong.code).not.toBe(0);
}, 30_000);
