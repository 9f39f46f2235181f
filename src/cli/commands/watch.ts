// `dig3 watch <kind> <exchange> <symbol>`: one live stream through the Station, rendered as a tape, a ladder
// (redrawn in place on a TTY) or NDJSON; stops after --duration or on Ctrl-C / SIGTERM, always restoring the terminal.

import { defineCommand } from "citty";
import {
  type Account,
  Dig3Error,
  type MarketEvent,
  parseDurationSeconds,
  parseInterval,
  parseStreamKind,
  type StreamKind,
} from "../../core/index.ts";
import { klineIntervalsOf } from "../../exchanges/_shared/adapter.ts";
import { findExchange } from "../../exchanges/index.ts";
import { createL2Book, type HubDiagnostic, Station } from "../../station/index.ts";
import { accountArg, commonArgs, jsonArg, parsePositiveInt } from "../args.ts";
import { accountFor, logDiagnostic } from "../context.ts";
import { isStdoutTty, logger, printJson, printLine } from "../output.ts";
import { createTtyScreen, type LadderState, renderLadder } from "../views/ladder.ts";
import { formatEventLine } from "../views/lines.ts";

const DERIVATIVE_KINDS: ReadonlySet<StreamKind> = new Set([
  "mark_price",
  "funding_rate",
  "open_interest",
  "liquidation",
]);
/** Connection failures in a row, before any data, after which watch gives up with exit 1. */
const MAX_CONNECT_FAILURES = 3;

export default defineCommand({
  meta: { name: "watch" },
  args: {
    kind: {
      type: "positional",
      description: "trades, agg-trades, orderbook, kline, ticker, mark, funding, open-interest, liquidations",
      required: true,
    },
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
    depth: { type: "string", description: "orderbook: levels a side on the ladder (default 10)" },
    interval: { type: "string", description: "kline: 1m, 5m, 1h … (default 1m)" },
    ...jsonArg,
    ...commonArgs,
  },
  async run({ args }) {
    const kind = parseStreamKind(args.kind);
    const adapter = findExchange(args.exchange);
    const account: Account = accountFor(
      adapter.id,
      args.account,
      DERIVATIVE_KINDS.has(kind) ? "linear" : "spot",
    );
    const depth = parsePositiveInt(args.depth, "depth", 10);
    const durationMs = args.duration === undefined ? undefined : parseDurationSeconds(args.duration) * 1000;
    const interval =
      kind === "kline" ? parseInterval(args.interval ?? "1m", klineIntervalsOf(adapter, account)) : undefined;

    let connectFailures = 0;
    let sawData = false;
    let fatal: Dig3Error | undefined;
    const station = Station.builder()
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
      { exchange: adapter.id, account, kind, symbol: args.symbol, interval, depth },
    ]);
    const failure = report.failed[0];
    if (failure) {
      await station.close();
      throw failure.error;
    }
    const spec = report.ok[0]!.spec;
    logger.info(
      `watching ${kind}${interval ? ` ${interval}` : ""} ${adapter.id} ${account} ${spec.symbol} (${spec.native})${durationMs ? ` for ${durationMs / 1000}s` : ""}`,
    );

    const screen = !args.json && kind === "book" && isStdoutTty ? createTtyScreen() : undefined;
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

    const render =
      kind === "book" && !args.json
        ? createLadderRenderer(adapter.id, account, spec.symbol, depth, screen)
        : undefined;
    try {
      for await (const event of report.handle) {
        if (event.kind !== "reconnect" && event.kind !== "book_resync") sawData = true;
        if (args.json) printJson(event);
        else if (render) render.onEvent(event);
        else printEvent(event);
      }
    } finally {
      if (timer) clearTimeout(timer);
      render?.close();
      process.off("SIGINT", onSignal);
      process.off("SIGTERM", onSignal);
      await stop();
    }
    if (fatal) throw fatal;
    return 0;
  },
});

function printEvent(event: MarketEvent): void {
  if (event.kind === "reconnect") {
    logger.warn(`reconnected after ${event.upAtMs - event.downSinceMs} ms (${event.reason})`);
    return;
  }
  if (event.kind === "book_resync") {
    logger.warn(`book resync: ${event.reason}`);
    return;
  }
  const line = formatEventLine(event);
  if (line) printLine(line);
}

/** Keeps a local book from the verified book events and draws it: at most 10 frames/s on a TTY, 1/s otherwise. */
function createLadderRenderer(
  exchange: string,
  account: Account,
  symbol: string,
  depth: number,
  screen: ReturnType<typeof createTtyScreen> | undefined,
) {
  const book = createL2Book();
  const state: LadderState = {
    title: `${exchange} ${account} ${symbol}`,
    bids: [],
    asks: [],
    lastUpdateMs: 0,
    resyncs: 0,
    reconnects: 0,
    status: "syncing",
  };
  const everyMs = screen ? 100 : 1000;
  let dirty = false;
  screen?.open();
  const draw = () => {
    if (!dirty && !screen) return;
    dirty = false;
    state.bids = book.bids(depth);
    state.asks = book.asks(depth);
    const lines = renderLadder(state, depth, Date.now());
    if (screen) screen.draw(lines);
    else if (state.lastUpdateMs > 0) printLine(`${lines.join("\n")}\n`);
  };
  const timer = setInterval(draw, everyMs);
  return {
    onEvent(event: MarketEvent) {
      if (event.kind === "book") {
        if (event.type === "snapshot") book.replace(event.bids, event.asks);
        else book.update(event.bids, event.asks);
        state.seq = event.seq;
        state.lastUpdateMs = Date.now();
        state.status = "in sync";
        dirty = true;
      } else if (event.kind === "book_resync") {
        state.resyncs++;
        state.status = `resyncing: ${event.reason}`;
        book.clear();
        dirty = true;
        if (!screen) logger.warn(`book resync: ${event.reason}`);
      } else if (event.kind === "reconnect") {
        state.reconnects++;
        dirty = true;
      }
    },
    close() {
      clearInterval(timer);
      if (!screen) draw();
    },
  };
}
