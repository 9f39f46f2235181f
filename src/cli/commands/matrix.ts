// `dig3 matrix`: the verification matrix. Offline it decodes the recorded traffic of every venue through the live
// parsers; with --live it subscribes to the real venues. Prints ✓ verified, — wire-absent, ✗ failing (was verified,
// now is not), · not implemented, ? not covered; --write records the stamps in data/validation_snapshot.json.

import { readdirSync } from "node:fs";
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
import { createDecoder, ExchangeHub } from "../../station/index.ts";
import { commonArgs, jsonArg } from "../args.ts";
import { colors, logger, printJson, printLine, renderTable } from "../output.ts";

// The snapshot's shape (owned by src/hub/validation.ts, which the CLI layer may not import); kept structural here.
type Via = "recorded" | "simulator" | "live";
interface Stamp {
  status: "verified" | "failing";
  via: Via;
  checkedAt: string;
  events: number;
  detail?: string;
}
type Stamps = Partial<Record<Via, Stamp>>;
interface Snapshot {
  version: 1;
  venues: Record<string, Partial<Record<Account, Partial<Record<StreamKind, Stamps>>>>>;
}

export type MatrixCell = "verified" | "wire-absent" | "failing" | "not-implemented" | "not-covered";

export interface MatrixRow {
  exchange: string;
  account: Account;
  cells: Record<StreamKind, { cell: MatrixCell; events: number; stamps?: Stamps }>;
}

const SYMBOL_OF: Record<MatrixCell, string> = {
  verified: "✓",
  "wire-absent": "—",
  failing: "✗",
  "not-implemented": "·",
  "not-covered": "?",
};

function paint(cell: MatrixCell): string {
  const text = SYMBOL_OF[cell];
  if (cell === "verified") return colors.green(text);
  if (cell === "failing") return colors.red(text);
  if (cell === "not-implemented") return colors.yellow(text);
  return colors.dim(text);
}

const DEFAULT_SNAPSHOT = resolve(import.meta.dir, "../../../data/validation_snapshot.json");
const DEFAULT_WIRE = resolve(import.meta.dir, "../../../../shared/wire");

async function readSnapshot(path: string): Promise<Snapshot> {
  const file = Bun.file(path);
  if (!(await file.exists())) return { version: 1, venues: {} };
  const parsed = (await file.json()) as Partial<Snapshot>;
  return { version: 1, venues: parsed.venues ?? {} };
}

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

/** The symbol a live check subscribes to: BTC against USDT, USD or USDC, as the venue lists it. */
async function pickSymbol(hub: ExchangeHub, exchange: string, account: Account): Promise<string | undefined> {
  const list = await hub.instruments(exchange, account).catch(() => []);
  for (const quote of ["USDT", "USD", "USDC"]) {
    const found = list.find(
      (i) =>
        i.symbol.startsWith(`BTC/${quote}`) && (account !== "option" || i.symbol.split("-").length === 1),
    );
    if (found) return found.symbol;
  }
  return list[0]?.symbol;
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
          STREAM_KINDS.filter((kind) => adapter.streams[account]?.[kind]?.status === "supported").map(
            async (kind) => {
              const key = keyOf(account, kind);
              counts.set(key, 0);
              let done: () => void = () => {};
              const first = new Promise<void>((resolveFirst) => {
                done = resolveFirst;
              });
              const sub = await hub
                .subscribe({ exchange: adapter.id, account, kind, symbol }, (event) => {
                  if (event.kind !== kind) return;
                  counts.set(key, (counts.get(key) ?? 0) + 1);
                  done();
                })
                .catch(() => undefined);
              if (!sub) return;
              await Promise.race([first, Bun.sleep(timeoutMs)]);
              sub.close();
            },
          ),
        );
      }),
    );
  } finally {
    await hub.shutdownAll();
  }
  return counts;
}

function cellOf(
  support: StreamSupport | undefined,
  events: number | undefined,
  previous: Stamp | undefined,
): MatrixCell {
  if (!support || support.status === "wire-absent") return "wire-absent";
  if (support.status === "not-implemented") return "not-implemented";
  if (events !== undefined && events > 0) return "verified";
  if (events !== undefined && previous?.status === "verified") return "failing";
  return "not-covered";
}

export default defineCommand({
  meta: { name: "matrix" },
  args: {
    exchanges: { type: "string", description: "comma-separated venue ids (default: every venue)" },
    live: {
      type: "boolean",
      description: "subscribe to the real venues instead of decoding recordings (network)",
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
      description: "--live: how long a stream may stay silent (default 20000)",
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
    const via: Via = args.live ? "live" : "recorded";
    const wireDir = args["wire-dir"] ?? process.env.DIG3_WIRE_DIR ?? DEFAULT_WIRE;
    const snapshotPath = args.snapshot ?? DEFAULT_SNAPSHOT;
    const timeoutMs = Number(args["timeout-ms"] ?? 20_000);
    if (!Number.isFinite(timeoutMs) || timeoutMs <= 0) {
      throw new Dig3Error(
        "E_BAD_INPUT",
        `--timeout-ms must be a positive number, not '${args["timeout-ms"]}'`,
      );
    }
    const snapshot = await readSnapshot(snapshotPath);
    const checkedAt = new Date().toISOString();
    const rows: MatrixRow[] = [];
    const missingWire: string[] = [];
    for (const adapter of adapters) {
      const counts = args.live ? await countLive(adapter, timeoutMs) : await countRecorded(adapter, wireDir);
      if (!counts) missingWire.push(adapter.id);
      for (const account of accountsOf(adapter)) {
        const cells = {} as MatrixRow["cells"];
        for (const kind of STREAM_KINDS) {
          const stamps = snapshot.venues[adapter.id]?.[account]?.[kind];
          const events = counts ? (counts.get(keyOf(account, kind)) ?? 0) : undefined;
          const cell = cellOf(adapter.streams[account]?.[kind], events, stamps?.[via]);
          cells[kind] = stamps ? { cell, events: events ?? 0, stamps } : { cell, events: events ?? 0 };
          if (args.write && (cell === "verified" || cell === "failing")) {
            const stamp: Stamp = { status: cell, via, checkedAt, events: events ?? 0 };
            const venue = snapshot.venues[adapter.id] ?? {};
            const streams = venue[account] ?? {};
            streams[kind] = { ...streams[kind], [via]: stamp };
            venue[account] = streams;
            snapshot.venues[adapter.id] = venue;
          }
        }
        rows.push({ exchange: adapter.id, account, cells });
      }
    }
    if (missingWire.length > 0) {
      logger.warn(`no recordings under ${wireDir} for: ${missingWire.join(", ")} (shown as ?)`);
    }
    if (args.write) await Bun.write(snapshotPath, `${JSON.stringify(snapshot, null, 2)}\n`);
    const failing = rows.flatMap((row) =>
      STREAM_KINDS.filter((kind) => row.cells[kind].cell === "failing").map(
        (kind) => `${row.exchange} ${row.account} ${kind}`,
      ),
    );
    if (args.json) {
      printJson({ via, checkedAt, rows, failing });
    } else {
      printLine(
        renderTable(
          ["venue", "account", ...STREAM_KINDS],
          rows.map((row) => [
            row.exchange,
            row.account,
            ...STREAM_KINDS.map((kind) => paint(row.cells[kind].cell)),
          ]),
        ),
      );
      printLine(
        colors.dim(
          `${via === "live" ? "live venues" : "recorded traffic"}: ✓ verified  — wire-absent  ✗ failing  · not implemented  ? not covered`,
        ),
      );
    }
    if (failing.length > 0) {
      logger.error(`verified before, failing now: ${failing.join(", ")}`);
      return 1;
    }
    return 0;
  },
});
