// The live views on a real pseudo-terminal (util-linux `script`) against the simulator: the ladder redrawn in place
// on the alternate screen with N asks above N bids and the spread, colors on (no NO_COLOR), the terminal restored
// after Ctrl-C; the trade tape with its status footer, erased on exit. Skipped when `script` is not installed.

import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { resolve } from "node:path";
import { type Sim, startSim } from "../sim/index.ts";
import { REPO, waitFor } from "./run-cli.ts";

const SCRIPT = Bun.which("script");
let sim: Sim;

beforeAll(async () => {
  if (SCRIPT) sim = await startSim({ venue: "binance", tickMs: 20, seed: 21 });
});

afterAll(async () => {
  await sim?.close();
});

/** Runs dig3 on a pty; `press` types into it (Ctrl-C = "\x03"). */
function runOnPty(args: string[]) {
  const env: Record<string, string | undefined> = {
    ...process.env,
    ...sim.env("spot"),
    TERM: "xterm-256color",
    // `script -c` runs the command through $SHELL; `exec` below makes dig3 the pty's only process whatever shell that
    // is (a dash left waiting as its parent dies of the same Ctrl-C and turns dig3's exit 0 into 130).
    SHELL: "/bin/sh",
  };
  delete env.NO_COLOR;
  const command = ["exec", process.execPath, resolve(REPO, "src/main.ts"), ...args]
    .map((part) => `'${part}'`)
    .join(" ");
  const child = Bun.spawn([SCRIPT!, "-qfec", command, "/dev/null"], {
    cwd: REPO,
    env,
    stdin: "pipe",
    stdout: "pipe",
    stderr: "pipe",
  });
  const killer = setTimeout(() => child.kill("SIGKILL"), 15_000);
  let output = "";
  const reading = (async () => {
    const decoder = new TextDecoder();
    for await (const chunk of child.stdout) output += decoder.decode(chunk, { stream: true });
  })();
  return {
    get output() {
      return output;
    },
    press(keys: string) {
      child.stdin.write(keys);
      child.stdin.flush();
    },
    async exited() {
      const code = await child.exited;
      await reading;
      clearTimeout(killer);
      return code;
    },
  };
}

const stripAnsi = (text: string) => text.replace(/\x1b\[[0-9;?]*[A-Za-z]/g, "");

/** The last complete frame the ladder drew: between a cursor-home and the clear-to-end that closes it. */
function lastFrame(output: string): string[] {
  const end = output.lastIndexOf("\x1b[J");
  const start = output.lastIndexOf("\x1b[H", end);
  return stripAnsi(output.slice(start, end)).split(/\r?\n/);
}

describe.skipIf(!SCRIPT)("on a terminal", () => {
  test("watch orderbook: 5 asks above 5 bids with the spread, redrawn in place; Ctrl-C restores the terminal", async () => {
    const pty = runOnPty(["watch", "orderbook", "binance", "BTC/USDT", "--depth", "5"]);
    await waitFor(() => (pty.output.match(/\x1b\[J/g)?.length ?? 0) >= 5, 8000, "five ladder frames");
    pty.press("\x03");
    expect(await pty.exited()).toBe(0);
    const output = pty.output;
    expect(output).toContain("\x1b[?1049h");
    expect(output).toContain("\x1b[31m");
    // Restored after Ctrl-C: cursor shown, alternate screen left, nothing drawn after that.
    const restoredAt = output.lastIndexOf("\x1b[?25h\x1b[?1049l");
    expect(restoredAt).toBeGreaterThan(output.lastIndexOf("\x1b[J"));
    expect(stripAnsi(output.slice(restoredAt)).replace(/\s+/g, "")).toBe("");

    const frame = lastFrame(output);
    expect(frame[0]).toContain("binance spot BTC/USDT");
    expect(frame[0]).toContain("in sync");
    const spreadAt = frame.findIndex((line) => line.includes("spread"));
    const asks = frame.slice(2, spreadAt).map((line) => Number(line.trim().split(/\s+/)[0]));
    const bids = frame.slice(spreadAt + 1, spreadAt + 6).map((line) => Number(line.trim().split(/\s+/)[0]));
    expect(asks).toHaveLength(5);
    expect(bids).toHaveLength(5);
    for (let i = 1; i < 5; i++) {
      expect(asks[i]!).toBeLessThan(asks[i - 1]!);
      expect(bids[i]!).toBeLessThan(bids[i - 1]!);
    }
    expect(bids[0]!).toBeLessThan(asks[4]!);
    const spread = Number(/spread ([\d.]+)/.exec(frame[spreadAt]!)![1]);
    expect(spread).toBeCloseTo(asks[4]! - bids[0]!, 6);
    expect(frame.at(-1)).toContain("reconnects 0");
  }, 20_000);

  test("watch trades: colored sides and a status footer; Ctrl-C erases the footer and exits 0", async () => {
    const pty = runOnPty(["watch", "trades", "binance", "BTC/USDT"]);
    await waitFor(() => (pty.output.match(/events/g)?.length ?? 0) >= 20, 8000, "trades with a footer");
    pty.press("\x03");
    expect(await pty.exited()).toBe(0);
    const output = pty.output;
    expect(output).toMatch(/\x1b\[3[12]m(buy |sell)\x1b\[39m/);
    const footer = stripAnsi(output.slice(output.lastIndexOf("\r\x1b[K", output.lastIndexOf("events"))));
    expect(footer).toMatch(/binance spot BTC\/USDT trade · [\d,]+ events · [\d.]+\/s · reconnects 0/);
    // The last thing written is the footer being erased.
    expect(output.replace(/\^C/g, "").trimEnd().endsWith("\r\x1b[K")).toBe(true);
  }, 20_000);
});
