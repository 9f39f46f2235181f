// The dig3 command tree and the one place CLI errors become exit codes: 0 success, 1 runtime failure, 2 bad usage.
// Commands are imported lazily so `dig3 --help` starts without loading network code, and so is the terminal output
// (output.ts: its streams, consola and picocolors cost 8 ms of start-up): `--help` and `--version` answer through
// quick-output.ts.

import type { ArgsDef, CommandDef } from "citty";
import { Dig3Error, toDig3Error } from "../core/errors.ts";
import type * as Output from "./output.ts";
import { loadStdoutBold, writeStdoutQuickly } from "./quick-output.ts";
import { VERSION } from "./version.ts";

type Lazy = () => Promise<CommandDef<ArgsDef>>;

const COMMANDS: Record<string, Lazy> = {
  exchanges: () => import("./commands/exchanges.ts").then((m) => m.default as CommandDef<ArgsDef>),
  capabilities: () => import("./commands/capabilities.ts").then((m) => m.default as CommandDef<ArgsDef>),
  ticker: () => import("./commands/rest-queries.ts").then((m) => m.tickerCommand as CommandDef<ArgsDef>),
  book: () => import("./commands/rest-queries.ts").then((m) => m.bookCommand as CommandDef<ArgsDef>),
  trades: () => import("./commands/rest-queries.ts").then((m) => m.tradesCommand as CommandDef<ArgsDef>),
  klines: () => import("./commands/rest-queries.ts").then((m) => m.klinesCommand as CommandDef<ArgsDef>),
  watch: () => import("./commands/watch.ts").then((m) => m.default as CommandDef<ArgsDef>),
  decode: () => import("./commands/decode.ts").then((m) => m.default as CommandDef<ArgsDef>),
  capture: () => import("./commands/capture.ts").then((m) => m.default as CommandDef<ArgsDef>),
  record: () => import("./commands/record.ts").then((m) => m.default as CommandDef<ArgsDef>),
  inspect: () => import("./commands/inspect.ts").then((m) => m.default as CommandDef<ArgsDef>),
  cure: () => import("./commands/cure.ts").then((m) => m.default as CommandDef<ArgsDef>),
  replay: () => import("./commands/replay.ts").then((m) => m.default as CommandDef<ArgsDef>),
  sign: () => import("./commands/sign.ts").then((m) => m.default as CommandDef<ArgsDef>),
  matrix: () => import("./commands/matrix.ts").then((m) => m.default as CommandDef<ArgsDef>),
};

const DESCRIPTIONS: Record<string, string> = {
  exchanges: "the venue table: id, category, accounts, stream kinds",
  capabilities: "what one venue supports, per account and stream",
  ticker: "one-shot 24h ticker over REST",
  book: "one-shot order book over REST",
  trades: "one-shot recent trades over REST",
  klines: "one-shot klines over REST",
  watch: "live views: trade tape, order book ladder, klines, tickers, derivatives, derived bars",
  decode: "re-normalize recorded traffic (../shared/wire line format) into events",
  capture: "record many streams into day files, for cron (--config capture.toml)",
  record: "record the venue's raw frames and REST bodies as NDJSON (for 'dig3 decode')",
  inspect: "post-mortem of day files: records, span, rates, gaps, duplicates, torn tails",
  cure: "repair day files: cut torn tails, dedup, reorder, rebuild .idx, backfill gaps",
  replay: "play day files through the live views and event API (--speed, --from, --to)",
  sign: "sign a HyperLiquid action with a local key: prints {r, s, v} (key from env or a mode-600 file)",
  matrix:
    "verification matrix per venue, account and stream: recorded traffic and simulator stamps (or --live venues)",
};

/** The root of the tree, as citty's `defineCommand` would return it (citty itself is loaded with the first command). */
export const rootCommand: CommandDef<ArgsDef> = {
  meta: {
    name: "dig3",
    version: VERSION,
    description: "Live crypto market data across venues: normalized events, verified L2 books.",
  },
  subCommands: Object.fromEntries(
    Object.entries(COMMANDS).map(([name, load]) => [
      name,
      async () => {
        const command = await load();
        return { ...command, meta: { ...(command.meta as object), name, description: DESCRIPTIONS[name] } };
      },
    ]),
  ),
};

/** The terminal output module, once a path needs it (every path but `--help` and `--version`). */
let output: typeof Output | undefined;

async function loadOutput(): Promise<typeof Output> {
  output ??= await import("./output.ts");
  return output;
}

/** `dig3 --help`: the command list. */
async function rootUsage(): Promise<string> {
  const bold = await loadStdoutBold();
  const lines = [
    `${bold("dig3")} ${VERSION} — live crypto market data across venues`,
    "",
    `${bold("USAGE")} dig3 <command> [options]`,
    "",
    bold("COMMANDS"),
    ...Object.keys(COMMANDS).map((name) => `  ${name.padEnd(14)}${DESCRIPTIONS[name]}`),
    "",
    "Run 'dig3 <command> --help' for a command's options. 'dig3 --version' prints the version.",
    "Endpoints are overridable per venue: DIG3_<EXCHANGE>_WS_URL, DIG3_<EXCHANGE>_REST_URL.",
  ];
  return lines.join("\n");
}

/** `dig3 <command> --help`: citty's usage of the command. */
async function commandUsage(name: string): Promise<string> {
  const command = await (rootCommand.subCommands as Record<string, () => Promise<CommandDef<ArgsDef>>>)[
    name
  ]!();
  const { renderUsage } = await import("citty");
  const usage = await renderUsage(command, rootCommand);
  // citty colors its usage unconditionally; dig3 colors only a TTY, never with NO_COLOR. (node:util costs 2 ms of
  // start-up: loaded here only.)
  if ((await loadOutput()).useColor) return usage;
  const { stripVTControlCharacters } = await import("node:util");
  return stripVTControlCharacters(usage);
}

/** Prints a Dig3Error the CLI way: one line, the hint below it, no stack. Resolves to the exit code. */
export async function reportError(error: unknown): Promise<number> {
  const { stderrColors } = await loadOutput();
  const failure = error instanceof Dig3Error ? error : toDig3Error(error);
  const citty = (error as { code?: string; name?: string })?.name === "CLIError";
  process.stderr.write(`${stderrColors.red("error")} ${failure.message}\n`);
  if (failure.hint) process.stderr.write(`${stderrColors.dim("hint")}  ${failure.hint}\n`);
  if (citty) return 2;
  if (process.env.DIG3_DEBUG && failure.cause instanceof Error && failure.cause.stack) {
    process.stderr.write(`${failure.cause.stack}\n`);
  }
  return failure.isUsage ? 2 : 1;
}

/** Runs the CLI with argv (without `bun` and the script); resolves to the exit code once stdout is flushed. */
export async function runCli(argv: readonly string[]): Promise<number> {
  const code = await runCommandLine(argv);
  if (output) await output.flushStdout();
  return code;
}

async function runCommandLine(argv: readonly string[]): Promise<number> {
  const args = [...argv];
  const first = args[0];
  try {
    if (first === "--version" || first === "-v" || first === "version") {
      await writeStdoutQuickly(`${VERSION}\n`);
      return 0;
    }
    if (first === undefined || first === "--help" || first === "-h" || first === "help") {
      const target = first === "help" && args[1] && args[1] in COMMANDS ? args[1] : undefined;
      if (target === undefined) await writeStdoutQuickly(`${await rootUsage()}\n`);
      else (await loadOutput()).printLine(await commandUsage(target));
      return 0;
    }
    if (!(first in COMMANDS)) {
      throw new Dig3Error("E_BAD_INPUT", `unknown command '${first}'`, {
        hint: `commands: ${Object.keys(COMMANDS).join(", ")} (see 'dig3 --help')`,
      });
    }
    const rest = args.slice(1);
    const { printLine, setLogLevel } = await loadOutput();
    if (rest.includes("--help") || rest.includes("-h")) {
      printLine(await commandUsage(first));
      return 0;
    }
    const command = await COMMANDS[first]!();
    const argsDef = (typeof command.args === "function" ? await command.args() : await command.args) ?? {};
    const { assertKnownFlags } = await import("./args.ts");
    assertKnownFlags(rest, argsDef, first);
    const logLevelIndex = rest.findIndex((a) => a === "--log-level" || a.startsWith("--log-level="));
    if (logLevelIndex >= 0) {
      const token = rest[logLevelIndex]!;
      const level = token.includes("=") ? token.split("=")[1] : rest[logLevelIndex + 1];
      try {
        setLogLevel(level);
      } catch {
        throw new Dig3Error("E_BAD_INPUT", `unknown log level '${level}'`, {
          hint: "use one of: silent, error, warn, info, debug, trace",
        });
      }
    }
    const { runCommand } = await import("citty");
    const { result } = await runCommand(command, { rawArgs: rest });
    return typeof result === "number" ? result : 0;
  } catch (error) {
    const code = await reportError(error);
    const { logger, stderrColors } = await loadOutput();
    if (code === 2 && (error as { name?: string })?.name === "CLIError") {
      process.stderr.write(`${stderrColors.dim("hint")}  see 'dig3 ${first} --help'\n`);
    }
    logger.debug(error);
    return code;
  }
}
