// `dig3 watch <kind> <exchange> <symbol>`: one live stream through the Station, rendered as a tape (with a status
// footer on a TTY), a ladder (redrawn in place on a TTY) or NDJSON; derived bars (range, tick, volume, footprint)
// come from the symbol's trades. Stops after --duration or on Ctrl-C / SIGTERM, always restoring the terminal.

import { defineCommand } from "citty";
import {
  type Account,
  Dig3Error,
  parseDurationSeconds,
  parseInterval,
  parseStreamKind,
  type StreamKind,
} from "../../core/index.ts";
import { klineIntervalsOf } from "../../exchanges/_shared/adapter.ts";
import { findExchange } from "../../exchanges/index.ts";
import type { BarKind, HubDiagnostic } from "../../station/index.ts";
import {
  accountArg,
  commonArgs,
  jsonArg,
  parsePositiveInt,
  parsePositiveNumber,
  stationArgs,
} from "../args.ts";
import { accountFor, createStationBuilder, logDiagnostic, readStationFlags } from "../context.ts";
import { isStdoutTty, logger, printJson } from "../output.ts";
import { createLadderRenderer, createTtyScreen } from "../views/ladder.ts";
import { createTape } from "../views/tape.ts";

const DERIVATIVE_KINDS: ReadonlySet<StreamKind | BarKind> = new Set([
  "mark_price",
  "funding_rate",
  "open_interest",
  "liquidation",
]);
/** Connection failures in a row, before any data, after which watch gives up with exit 1. */
const MAX_CONNECT_FAILURES = 3;

/** CLI names of the bars the Station derives from trades, and the flag that sizes each. */
const BAR_NAMES: Readonly<
  Record<string, { kind: BarKind; flag?: "range" | "count" | "volume"; example: string }>
> = {
  "range-bar": { kind: "range_bar", flag: "range", example: "50" },
  "tick-bar": { kind: "tick_bar", flag: "count", example: "100" },
  "volume-bar": { kind: "volume_bar", flag: "volume", example: "5" },
  footprint: { kind: "footprint", example: "" },
};

const KIND_LIST =
  "trades, agg-trades, orderbook, kline, ticker, mark, funding, open-interest, liquidations, range-bar, tick-bar, volume-bar, footprint";

/** The stream or bar a `watch` kind names. */
function parseWatchKind(text: string): StreamKind | BarKind {
  const bar = BAR_NAMES[text.trim().toLowerCase()] ?? BAR_NAMES[text.trim().toLowerCase().replace(/_/g, "-")];
  if (bar) return bar.kind;
  try {
    return parseStreamKind(text);
  } catch (error) {
    throw new Dig3Error("E_UNKNOWN_STREAM", (error as Dig3Error).message, {
      hint: `use one of: ${KIND_LIST}`,
    });
  }
}

export default defineCommand({
  meta: { name: "watch" },
  args: {
    kind: { type: "positional", description: KIND_LIST, required: true },
    exchange: { type: "positional", description: "venue id (see 'dig3 exchanges')", required: true },
    symbol: {
      type: "positional",
      description: "BTC/USDT, BTC/USDT:USDT, BTC-USDT or the venue's own BTCUSDT",
      required: true,
    },
    ...accountArg,
    duration: {
      type: "string",
      description: "stop after this long: 30, 30s, 5m, 2h (default: until Ctrl-C)",
    },
    depth: {
      type: "string",
      description: "orderbook: levels a side on the ladder (default 10)",
      valueHint: "N",
    },
    interval: {
      type: "string",
      description: "kline, footprint: 1m, 5m, 1h … (default 1m)",
      valueHint: "interval",
    },
    range: {
      type: "string",
      description: "range-bar: price range of one bar (required)",
      valueHint: "price",
    },
    count: { type: "string", description: "tick-bar: trades per bar (required)", valueHint: "N" },
    volume: { type: "string", description: "volume-bar: base volume per bar (required)", valueHint: "size" },
    ...stationArgs,
    persist: {
      ...stationArgs.persist,
      description: "also write the stream's day files: true or false (default false)",
    },
    ...jsonArg,
    ...commonArgs,
  },
  async run({ args }) {
    const kind = parseWatchKind(args.kind);
    const barName = Object.values(BAR_NAMES).find((bar) => bar.kind === kind);
    const adapter = findExchange(args.exchange);
    const account: Account = accountFor(
      adapter.id,
      args.account,
      DERIVATIVE_KINDS.has(kind) ? "linear" : "spot",
    );
    const depth = parsePositiveInt(args.depth, "depth", 10);
    const durationMs = args.duration === undefined ? undefined : parseDurationSeconds(args.duration) * 1000;
    for (const flag of ["range", "count", "volume"] as const) {
      if (args[flag] !== undefined && barName?.flag !== flag) {
        const owner = Object.entries(BAR_NAMES).find(([, bar]) => bar.flag === flag)![0];
        throw new Dig3Error("E_BAD_INPUT", `--${flag} applies to '${owner}' only`, {
          hint: `dig3 watch ${owner} ${args.exchange} ${args.symbol} --${flag} ${BAR_NAMES[owner]!.example}`,
        });
      }
    }
    const barSize = barName?.flag
      ? parsePositiveNumber(args[barName.flag], barName.flag, barName.example)
      : undefined;
    if (kind === "tick_bar" && barSize !== undefined && !Number.isInteger(barSize)) {
      throw new Dig3Error("E_BAD_INPUT", `--count must be a whole number, got '${args.count}'`, {
        hint: "for example --count 100",
      });
    }
    const interval =
      kind === "kline"
        ? parseInterval(args.interval ?? "1m", klineIntervalsOf(adapter, account))
        : kind === "footprint"
          ? (args.interval ?? "1m")
          : undefined;
    const flags = readStationFlags(args, { persist: false });

    let connectFailures = 0;
    let sawData = false;
    let fatal: Dig3Error | undefined;
    const station = createStationBuilder(flags)
      .onDiagnostic((diagnostic: HubDiagnostic) => {
        if (diagnostic.code === "socket-error" && !sawData) {
          connectFailures++;
          if (connectFailures >= MAX_CONNECT_FAILURES) {
            fatal = new Dig3Error("E_NETWORK", `cannot reach ${adapter.id}: ${diagnostic.message}`, {
              hint: `check the network, or DIG3_${adapter.id.toUpperCase()}_WS_URL if you set it`,
            });
            void stop();
          }
        }
        logDiagnostic(diagnostic);
      })
      .build();

    const report = await station.subscribe([
      { exchange: adapter.id, account, kind, symbol: args.symbol, interval, depth, barSize },
    ]);
    const failure = report.failed[0];
    if (failure) {
      await station.close();
      throw failure.error;
    }
    const spec = report.ok[0]!.spec;
    const what = barName ? `${args.kind}${barSize ? ` ${barSize}` : ` ${interval}`} from trades` : kind;
    logger.info(
      `watching ${what}${interval && !barName ? ` ${interval}` : ""} ${adapter.id} ${account} ${spec.symbol} (${spec.native})${durationMs ? ` for ${durationMs / 1000}s` : ""}${flags.persist ? `, writing day files to ${station.storageRoot}` : ""}`,
    );

    const isLadder = kind === "book" && !args.json;
    const screen = isLadder && isStdoutTty ? createTtyScreen() : undefined;
    let stopping: Promise<void> | undefined;
    function stop(): Promise<void> {
      stopping ??= (async () => {
        screen?.restore();
        await report.handle.close();
        await station.close();
      })();
      return stopping;
    }
    const onSignal = () => void stop();
    process.once("SIGINT", onSignal);
    process.once("SIGTERM", onSignal);
    const timer = durationMs === undefined ? undefined : setTimeout(onSignal, durationMs);

    const title = `${adapter.id} ${account} ${spec.symbol}`;
    const ladder = isLadder
      ? createLadderRenderer({
          title,
          depth,
          screen,
          clock: "wall",
          onResync: (reason) => logger.warn(`book resync: ${reason}`),
        })
      : undefined;
    const tape =
      !args.json && !ladder
        ? createTape({ title: `${title} ${what}`, hasFooter: isStdoutTty, showSymbol: false })
        : undefined;
    try {
      for await (const event of report.handle) {
        if (event.kind !== "reconnect" && event.kind !== "book_resync") sawData = true;
        if (args.json) printJson(event);
        else if (ladder) ladder.onEvent(event);
        else tape?.onEvent(event);
      }
    } finally {
      if (timer) clearTimeout(timer);
      ladder?.close();
      tape?.close();
      process.off("SIGINT", onSignal);
      process.off("SIGTERM", onSignal);
      await stop();
    }
    if (fatal) throw fatal;
    return 0;
  },
});
