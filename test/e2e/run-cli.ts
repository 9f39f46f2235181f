// Runs the dig3 CLI as a user would (the TypeScript entry under Bun, or the compiled dist/dig3) and collects its
// exit code and output, with a hard timeout so a hung command fails the test instead of the suite.

import { existsSync } from "node:fs";
import { resolve } from "node:path";

export const REPO = resolve(import.meta.dir, "../..");
export const COMPILED = resolve(REPO, "dist/dig3");
export const hasCompiled = existsSync(COMPILED);

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
  ms: number;
}

export async function runCli(
  args: string[],
  options: { env?: Record<string, string>; timeoutMs?: number; compiled?: boolean } = {},
): Promise<CliResult> {
  const command = options.compiled
    ? [COMPILED, ...args]
    : [process.execPath, resolve(REPO, "src/main.ts"), ...args];
  const started = performance.now();
  const child = Bun.spawn(command, {
    cwd: REPO,
    env: { ...process.env, NO_COLOR: "1", ...options.env },
    stdout: "pipe",
    stderr: "pipe",
    stdin: "ignore",
  });
  const timer = setTimeout(() => child.kill("SIGKILL"), options.timeoutMs ?? 20_000);
  const [stdout, stderr, code] = await Promise.all([
    new Response(child.stdout).text(),
    new Response(child.stderr).text(),
    child.exited,
  ]);
  clearTimeout(timer);
  return { code, stdout, stderr, ms: performance.now() - started };
}

/** Parses NDJSON stdout, failing loudly on a line that is not JSON. */
export function parseNdjson(stdout: string): Record<string, unknown>[] {
  return stdout
    .split("\n")
    .filter((line) => line.trim().length > 0)
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

/** Polls until `check` is true or the time runs out. */
export async function waitFor(check: () => boolean, timeoutMs = 5_000, what = "condition"): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await Bun.sleep(10);
  }
}
