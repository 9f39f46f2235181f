// The simulator pass of the verification matrix: every stream a venue's adapter marks supported, subscribed through
// ExchangeHub against that venue's simulator (test/sim), stamped verified when its events arrive in time, else failing.
// `bun run matrix:simulator [--exchanges a,b] [--write] [--json]`; `dig3 matrix --simulator` runs it from a clone.

import { parseArgs } from "node:util";
import { checkStream, pickSymbol, supportedKinds } from "../src/cli/stream-check.ts";
import type { Account, StreamKind } from "../src/core/index.ts";
import { accountsOf, type ExchangeAdapter } from "../src/exchanges/_shared/adapter.ts";
import { EXCHANGES, findExchange } from "../src/exchanges/index.ts";
import {
  ExchangeHub,
  readValidationSnapshot,
  stampsOf,
  VALIDATION_SNAPSHOT_PATH,
  type ValidationStamp,
  withStamp,
} from "../src/hub/index.ts";
import { SIM_VENUES, type Sim, type SimAccount, type SimVenueId, startSim } from "../test/sim/index.ts";

/** One cell of the pass: a venue × account × stream the adapter marks supported. */
export interface SimulatorCell {
  exchange: string;
  account: Account;
  kind: StreamKind;
  /** The symbol subscribed to (empty when none could be chosen). */
  symbol: string;
  /** Milliseconds from subscribing to the first event; undefined when none came. */
  firstEventMs?: number;
  stamp: ValidationStamp;
}

export interface SimulatorPassOptions {
  exchanges?: readonly ExchangeAdapter[];
  /** How long one stream may stay silent before it is stamped failing. */
  timeoutMs?: number;
}

/** Simulator cadence: 10 ms ticks make rare events (liquidations, ~2% of steps) near-certain within the timeout. */
const SIM_TICK_MS = 10;

function isSimVenue(id: string): id is SimVenueId {
  return (SIM_VENUES as readonly string[]).includes(id);
}

/** Accounts a venue's simulator serves. */
function hasSimAccount(sim: Sim, account: Account): account is SimAccount {
  return (sim.accounts as readonly Account[]).includes(account);
}

function stampOf(events: number, checkedAt: string, detail?: string): ValidationStamp {
  const stamp: ValidationStamp = {
    status: events > 0 ? "verified" : "failing",
    via: "simulator",
    checkedAt,
    events,
  };
  return detail && events === 0 ? { ...stamp, detail } : stamp;
}

/** Every supported cell of one venue against its own simulator, all cells at once. */
async function runVenue(
  adapter: ExchangeAdapter,
  timeoutMs: number,
  checkedAt: string,
): Promise<SimulatorCell[]> {
  const accounts = accountsOf(adapter).filter((account) => supportedKinds(adapter, account).length > 0);
  if (!isSimVenue(adapter.id)) {
    return accounts.flatMap((account) =>
      supportedKinds(adapter, account).map((kind) => ({
        exchange: adapter.id,
        account,
        kind,
        symbol: "",
        stamp: stampOf(0, checkedAt, `no simulator for ${adapter.id}`),
      })),
    );
  }
  const sim = await startSim({ venue: adapter.id, tickMs: SIM_TICK_MS, seed: 1 });
  try {
    const perAccount = await Promise.all(
      accounts
        .filter((account) => hasSimAccount(sim, account))
        .map(async (account) => {
          const diagnostics: string[] = [];
          const hub = new ExchangeHub({
            adapters: [adapter],
            env: sim.env(account as SimAccount),
            ws: { backoff: { initialMs: 50, maxMs: 200 } },
            onDiagnostic: (diagnostic) => {
              if (diagnostic.level === "warn" || diagnostic.level === "error")
                diagnostics.push(diagnostic.message);
            },
          });
          try {
            const symbol = await pickSymbol(hub, adapter.id, account);
            return await Promise.all(
              supportedKinds(adapter, account).map(async (kind): Promise<SimulatorCell> => {
                if (!symbol) {
                  const stamp = stampOf(0, checkedAt, `the simulator lists no ${account} instrument`);
                  return { exchange: adapter.id, account, kind, symbol: "", stamp };
                }
                const result = await checkStream(hub, adapter.id, account, kind, symbol, timeoutMs);
                const hint =
                  result.events === 0 ? diagnostics.find((message) => message.includes(kind)) : undefined;
                const detail = hint ? `${result.detail}; ${hint}` : result.detail;
                const stamp = stampOf(result.events, checkedAt, detail);
                const cell: SimulatorCell = { exchange: adapter.id, account, kind, symbol, stamp };
                return result.firstEventMs === undefined
                  ? cell
                  : { ...cell, firstEventMs: result.firstEventMs };
              }),
            );
          } finally {
            await hub.shutdownAll();
          }
        }),
    );
    return perAccount.flat();
  } finally {
    await sim.close();
  }
}

/** Runs the pass: every venue, and every cell of a venue, at once; one `checkedAt` for the whole pass. */
export async function runSimulatorPass(options: SimulatorPassOptions = {}): Promise<SimulatorCell[]> {
  const adapters = options.exchanges ?? EXCHANGES;
  const timeoutMs = options.timeoutMs ?? 10_000;
  const checkedAt = new Date().toISOString();
  return (await Promise.all(adapters.map((adapter) => runVenue(adapter, timeoutMs, checkedAt)))).flat();
}

async function main(): Promise<number> {
  const { values: args } = parseArgs({
    options: {
      exchanges: { type: "string" },
      write: { type: "boolean", default: false },
      json: { type: "boolean", default: false },
      snapshot: { type: "string" },
      "timeout-ms": { type: "string", default: "10000" },
    },
  });
  const exchanges = args.exchanges
    ?.split(",")
    .filter((id) => id.trim() !== "")
    .map((id) => findExchange(id));
  const timeoutMs = Number(args["timeout-ms"]);
  if (!Number.isFinite(timeoutMs) || timeoutMs <= 0) {
    console.error(`--timeout-ms must be a positive number, not '${args["timeout-ms"]}'`);
    return 2;
  }
  const path = args.snapshot ?? VALIDATION_SNAPSHOT_PATH;
  const before = readValidationSnapshot(path);
  const startedMs = performance.now();
  const cells = await runSimulatorPass({ exchanges, timeoutMs });
  const failing = cells.filter((cell) => cell.stamp.status === "failing");
  // Only a stream that passed here before and fails now is a regression (exit 1); the others are known gaps.
  const regressions = failing.filter(
    (cell) => stampsOf(before, cell.exchange, cell.account, cell.kind)?.simulator?.status === "verified",
  );
  if (args.write) {
    // Every cell's simulator stamp set, the other stamps kept.
    const after = cells.reduce(
      (merged, cell) => withStamp(merged, cell.exchange, cell.account, cell.kind, cell.stamp),
      before,
    );
    await Bun.write(path, `${JSON.stringify(after, null, 2)}\n`);
  }
  if (args.json) {
    console.log(
      JSON.stringify({ cells, failing: failing.map(nameOf), regressions: regressions.map(nameOf) }),
    );
  } else {
    const seconds = ((performance.now() - startedMs) / 1000).toFixed(1);
    console.log(
      `simulator pass: ${cells.length - failing.length}/${cells.length} streams verified in ${seconds} s`,
    );
    for (const cell of failing) {
      const mark = regressions.includes(cell) ? "✗ (was verified)" : "✗";
      console.log(`${mark} ${nameOf(cell)}: ${cell.stamp.detail ?? "no events"}`);
    }
  }
  return regressions.length > 0 ? 1 : 0;
}

function nameOf(cell: SimulatorCell): string {
  return `${cell.exchange} ${cell.account} ${cell.kind}`;
}

if (import.meta.main) {
  const code = await main().catch((error: Error) => {
    console.error(error.message);
    return 2;
  });
  process.exit(code);
}
