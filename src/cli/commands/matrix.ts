// `dig3 matrix`: the verification matrix. Offline it decodes the recorded traffic of every venue through the live
// parsers and shows the simulator stamps of data/validation_snapshot.json beside it (--simulator re-runs that pass
// from a source clone); --live subscribes to the real venues. --write records the stamps; exit 1 on a regression.

import { existsSync, readdirSync } from "node:fs";
import { join, resolve } from "node:path";
import { defineCommand } from "citty";
import {
  type Account,
  Dig3Error,
  type MarketEvent,
  STREAM_KINDS,
  type StreamKind,
  type StreamSupport,
} from "../../core/index.ts";
import { accountsOf, type ExchangeAdapter } from "../../exchanges/_shared/adapter.ts";
import { EXCHANGES, findExchange } from "../../exchanges/index.ts";
import {
  createDecoder,
  ExchangeHub,
  readValidationSnapshot,
  type StreamStamps,
  VALIDATION_SNAPSHOT_PATH,
  type ValidationStamp,
  type ValidationVia,
  withStamp,
} from "../../station/index.ts";
import { commonArgs, jsonArg } from "../args.ts";
import { colors, logger, printJson, printLine, renderTable } from "../output.ts";
import { checkStream, pickSymbol, supportedKinds } from "../stream-check.ts";

export type MatrixCell = "verified" | "wire-absent" | "failing" | "not-implemented" | "not-covered";

/** One way of checking a stream in this run: `regressed` = stamped verified before, failing now. */
type Outcome = "verified" | "failing" | "regressed";

export interface MatrixRow {
  exchange: string;
  account: Account;
  cells: Record<
    StreamKind,
    {
      cell: MatrixCell;
      /** Events this run's own pass saw (recorded traffic, or the live venue). */
      events: number;
      /** How the cell got its mark: the checks that verified it (✓) or failed it (✗). */
      via: ValidationVia[];
      stamps?: StreamStamps;
    }
  >;
}

const LETTER_OF: Record<ValidationVia, string> = { recorded: "R", simulator: "S", live: "L" };

const SYMBOL_OF: Record<MatrixCell, string> = {
  verified: "✓",
  "wire-absent": "—",
  failing: "✗",
  "not-implemented": "·",
  "not-covered": "?",
};

function paint(cell: MatrixCell, via: readonly ValidationVia[]): string {
  const letters = via.map((name) => LETTER_OF[name]).join("");
  const text = letters ? `${SYMBOL_OF[cell]} ${letters}` : SYMBOL_OF[cell];
  if (cell === "verified") return colors.green(text);
  if (cell === "failing") return colors.red(text);
  if (cell === "not-implemented") return colors.yellow(text);
  return colors.dim(text);
}

const DEFAULT_WIRE = resolve(import.meta.dir, "../../../../shared/wire");
// The simulator lives in test/sim, which the library may not import and the compiled binary does not carry: the pass
// is a script of the source clone, run as a child process.
const SIMULATOR_SCRIPT = resolve(import.meta.dir, "../../../scripts/matrix-simulator.ts");

type Counts = Map<string, number>;
const keyOf = (account: Account, kind: StreamKind): string => `${account}|${kind}`;

/** Events per account and stream kind in a venue's recordings (every .ndjson under <wire>/<venue>/). */
async function countRecorded(adapter: ExchangeAdapter, wireDir: string): Promise<Counts | undefined> {
  let files: string[];
  try {
    files = readdirSync(join(wireDir, adapter.id)).filter((name) => name.endsWith(".ndjson"));
  } catch {
    return undefined;
  }
  const counts: Counts = new Map();
  for (const name of files.sort()) {
    const decoder = createDecoder({ adapter });
    const text = await Bun.file(join(wireDir, adapter.id, name)).text();
    for (const line of text.split("\n")) {
      for (const item of decoder.decodeLine(line)) {
        if (!(STREAM_KINDS as readonly string[]).includes(item.kind)) continue;
        const event = item as MarketEvent;
        const key = keyOf(event.account, event.kind as StreamKind);
        counts.set(key, (counts.get(key) ?? 0) + 1);
      }
    }
  }
  return counts;
}

/** Events per stream kind within `timeoutMs` of subscribing to the real venue (first event is enough). */
async function countLive(adapter: ExchangeAdapter, timeoutMs: number): Promise<Counts> {
  const hub = new ExchangeHub();
  const counts: Counts = new Map();
  try {
    await Promise.all(
      accountsOf(adapter).map(async (account) => {
        const symbol = await pickSymbol(hub, adapter.id, account);
        if (!symbol) return;
        await Promise.all(
          supportedKinds(adapter, account).map(async (kind) => {
            const { events } = await checkStream(hub, adapter.id, account, kind, symbol, timeoutMs);
            counts.set(keyOf(account, kind), events);
          }),
        );
      }),
    );
  } finally {
    await hub.shutdownAll();
  }
  return counts;
}

/** What this run's own pass says of a stream: events now, or none where a stamp of that way said verified. */
function outcomeOfCount(
  events: number | undefined,
  previous: ValidationStamp | undefined,
): Outcome | undefined {
  if (events === undefined) return undefined;
  if (events > 0) return "verified";
  return previous?.status === "verified" ? "regressed" : undefined;
}

/** A simulator stamp: fresh from --simulator (judged against the stored one), else as stored. */
function outcomeOfStamp(
  fresh: ValidationStamp | undefined,
  stored: ValidationStamp | undefined,
): Outcome | undefined {
  const stamp = fresh ?? stored;
  if (!stamp) return undefined;
  if (stamp.status === "verified") return "verified";
  return fresh && stored?.status === "verified" ? "regressed" : "failing";
}

/** A regression wins (✗), then any verified check (✓), then a stored failure (✗); otherwise not covered. */
function cellOf(
  support: StreamSupport | undefined,
  outcomes: Partial<Record<ValidationVia, Outcome>>,
): { cell: MatrixCell; via: ValidationVia[] } {
  if (!support || support.status === "wire-absent") return { cell: "wire-absent", via: [] };
  if (support.status === "not-implemented") return { cell: "not-implemented", via: [] };
  const entries = Object.entries(outcomes) as [ValidationVia, Outcome][];
  const having = (wanted: Outcome) => entries.filter(([, outcome]) => outcome === wanted).map(([via]) => via);
  if (having("regressed").length > 0) return { cell: "failing", via: having("regressed") };
  if (having("verified").length > 0) return { cell: "verified", via: having("verified") };
  if (having("failing").length > 0) return { cell: "failing", via: having("failing") };
  return { cell: "not-covered", via: [] };
}

interface SimulatorCell {
  exchange: string;
  account: Account;
  kind: StreamKind;
  stamp: ValidationStamp;
}

/** Runs scripts/matrix-simulator.ts (source clones only) and returns its stamps. */
async function runSimulatorPass(exchanges: string | undefined, timeoutMs: string | undefined) {
  if (!existsSync(SIMULATOR_SCRIPT)) {
    throw new Dig3Error(
      "E_BAD_INPUT",
      "--simulator needs a source clone of dig3 (the simulator is test code)",
      {
        hint: "in a clone run 'bun run matrix:simulator --write'; 'dig3 matrix' shows the simulator stamps this binary was built with",
      },
    );
  }
  const command = [process.execPath, SIMULATOR_SCRIPT, "--json"];
  if (exchanges) command.push("--exchanges", exchanges);
  if (timeoutMs) command.push("--timeout-ms", timeoutMs);
  const child = Bun.spawn(command, { stdout: "pipe", stderr: "inherit" });
  const [text] = await Promise.all([new Response(child.stdout).text(), child.exited]);
  try {
    return (JSON.parse(text) as { cells: SimulatorCell[] }).cells;
  } catch {
    throw new Dig3Error("E_IO", `the simulator pass ended without a result (exit ${child.exitCode})`, {
      hint: `run 'bun ${SIMULATOR_SCRIPT}' to see why`,
    });
  }
}

export default defineCommand({
  meta: { name: "matrix" },
  args: {
    exchanges: { type: "string", description: "comma-separated venue ids (default: every venue)" },
    live: {
      type: "boolean",
      description: "subscribe to the real venues instead of decoding recordings (network)",
    },
    simulator: {
      type: "boolean",
      description:
        "re-run the simulator pass (source clones: bun scripts/matrix-simulator.ts) instead of showing its stamps",
    },
    write: { type: "boolean", description: "record the results in the validation snapshot" },
    "wire-dir": {
      type: "string",
      description: "recorded traffic root (default ../shared/wire or DIG3_WIRE_DIR)",
    },
    snapshot: {
      type: "string",
      description: "validation snapshot path (default data/validation_snapshot.json)",
    },
    "timeout-ms": {
      type: "string",
      description:
        "--live, --simulator: how long a stream may stay silent (default 20000 live, 10000 simulator)",
    },
    ...jsonArg,
    ...commonArgs,
  },
  async run({ args }) {
    const adapters: ExchangeAdapter[] = args.exchanges
      ? args.exchanges
          .split(",")
          .filter((id) => id.trim() !== "")
          .map((id) => findExchange(id))
      : [...EXCHANGES];
    const via: ValidationVia = args.live ? "live" : "recorded";
    if (args.live && args.simulator) {
      throw new Dig3Error("E_BAD_INPUT", "--live and --simulator are separate passes", {
        hint: "run one, then the other",
      });
    }
    const wireDir = args["wire-dir"] ?? process.env.DIG3_WIRE_DIR ?? DEFAULT_WIRE;
    const snapshotPath = args.snapshot ?? VALIDATION_SNAPSHOT_PATH;
    const timeoutMs = Number(args["timeout-ms"] ?? 20_000);
    if (!Number.isFinite(timeoutMs) || timeoutMs <= 0) {
      throw new Dig3Error(
        "E_BAD_INPUT",
        `--timeout-ms must be a positive number, not '${args["timeout-ms"]}'`,
      );
    }
    // Without --snapshot: the shipped file, or in the compiled binary (no data/ beside it) the copy bundled at build time.
    let snapshot = readValidationSnapshot(args.snapshot);
    const checkedAt = new Date().toISOString();
    const freshSimulator = new Map<string, ValidationStamp>();
    if (args.simulator) {
      const ids = adapters.map((adapter) => adapter.id).join(",");
      for (const cell of await runSimulatorPass(args.exchanges ? ids : undefined, args["timeout-ms"])) {
        freshSimulator.set(`${cell.exchange}|${keyOf(cell.account, cell.kind)}`, cell.stamp);
      }
    }
    const rows: MatrixRow[] = [];
    const missingWire: string[] = [];
    // Regressions (a check of this run failing where its stamp said verified) set the exit code; the other failures
    // (a simulator stamp that never passed) are shown and reported, as known.
    const failing: string[] = [];
    const knownFailing: string[] = [];
    for (const adapter of adapters) {
      const counts = args.live ? await countLive(adapter, timeoutMs) : await countRecorded(adapter, wireDir);
      if (!counts) missingWire.push(adapter.id);
      for (const account of accountsOf(adapter)) {
        const cells = {} as MatrixRow["cells"];
        for (const kind of STREAM_KINDS) {
          const stamps = snapshot.venues[adapter.id]?.[account]?.[kind];
          const events = counts ? (counts.get(keyOf(account, kind)) ?? 0) : undefined;
          const outcomes: Partial<Record<ValidationVia, Outcome>> = {};
          const own = outcomeOfCount(events, stamps?.[via]);
          if (own) outcomes[via] = own;
          const simulatorStamp = freshSimulator.get(`${adapter.id}|${keyOf(account, kind)}`);
          if (!args.live) {
            const simulator = outcomeOfStamp(simulatorStamp, stamps?.simulator);
            if (simulator) outcomes.simulator = simulator;
          }
          const { cell, via: marks } = cellOf(adapter.streams[account]?.[kind], outcomes);
          const name = `${adapter.id} ${account} ${kind}`;
          if (cell === "failing")
            (Object.values(outcomes).includes("regressed") ? failing : knownFailing).push(name);
          const entry = { cell, events: events ?? 0, via: marks };
          cells[kind] = stamps ? { ...entry, stamps } : entry;
          if (args.write && (own === "verified" || own === "regressed")) {
            const status = own === "verified" ? "verified" : "failing";
            snapshot = withStamp(snapshot, adapter.id, account, kind, {
              status,
              via,
              checkedAt,
              events: events ?? 0,
            });
          }
          if (args.write && simulatorStamp)
            snapshot = withStamp(snapshot, adapter.id, account, kind, simulatorStamp);
        }
        rows.push({ exchange: adapter.id, account, cells });
      }
    }
    if (missingWire.length > 0) {
      logger.warn(`no recordings under ${wireDir} for: ${missingWire.join(", ")} (no R marks there)`);
    }
    if (args.write) await Bun.write(snapshotPath, `${JSON.stringify(snapshot, null, 2)}\n`);
    if (args.json) {
      printJson({ via, checkedAt, rows, failing, knownFailing });
    } else {
      printLine(
        renderTable(
          ["venue", "account", ...STREAM_KINDS],
          rows.map((row) => [
            row.exchange,
            row.account,
            ...STREAM_KINDS.map((kind) => paint(row.cells[kind].cell, row.cells[kind].via)),
          ]),
        ),
      );
      const sources = args.live ? "L live venue" : "R recorded traffic  S simulator";
      printLine(
        colors.dim(`✓ verified  — wire-absent  ✗ failing  · not implemented  ? not covered;  by ${sources}`),
      );
    }
    if (knownFailing.length > 0) {
      logger.warn(`failing, never verified that way before: ${knownFailing.join(", ")}`);
    }
    if (failing.length > 0) {
      logger.error(`verified before, failing now: ${failing.join(", ")}`);
      return 1;
    }
    return 0;
  },
});
