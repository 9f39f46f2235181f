// Standalone simulator for CLI end-to-end tests: `bun test/sim/main.ts --venue binance [--port N]
// [--mode recorded] [--tick-ms N] [--seed N] [--wire-dir DIR]` prints one JSON line of URLs, runs until SIGINT/SIGTERM.

import { parseArgs } from "node:util";
import { SIM_VENUES, type SimOptions, type SimVenueId, startSim } from "./index.ts";

function readOptions(argv: string[]): SimOptions {
  const { values } = parseArgs({
    args: argv,
    options: {
      venue: { type: "string" },
      port: { type: "string", default: "0" },
      mode: { type: "string", default: "synthetic" },
      "tick-ms": { type: "string", default: "20" },
      seed: { type: "string", default: "1" },
      "wire-dir": { type: "string" },
    },
    strict: true,
  });
  const venue = values.venue as SimVenueId | undefined;
  if (!venue || !SIM_VENUES.includes(venue))
    throw new Error(`--venue must be one of: ${SIM_VENUES.join(", ")}`);
  if (values.mode !== "synthetic" && values.mode !== "recorded")
    throw new Error("--mode must be synthetic or recorded");
  const toInt = (name: string, text: string) => {
    const value = Number(text);
    if (!Number.isInteger(value) || value < 0) throw new Error(`--${name} must be a non-negative integer`);
    return value;
  };
  return {
    venue,
    port: toInt("port", values.port),
    mode: values.mode,
    tickMs: toInt("tick-ms", values["tick-ms"]),
    seed: toInt("seed", values.seed),
    wireDir: values["wire-dir"],
  };
}

async function runSimulator(): Promise<void> {
  let options: SimOptions;
  try {
    options = readOptions(process.argv.slice(2));
  } catch (error) {
    process.stderr.write(`sim: ${(error as Error).message}\n`);
    process.exit(2);
  }
  const sim = await startSim(options);
  process.stdout.write(
    `${JSON.stringify({
      venue: sim.venue,
      port: sim.port,
      restUrl: sim.restUrl,
      ws: Object.fromEntries(sim.accounts.map((account) => [account, sim.wsUrl(account)])),
      env: sim.env(),
    })}\n`,
  );
  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    await sim.close();
    process.exit(0);
  };
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
}

await runSimulator();
