// `dig3 replay <file or dir>…`: archived day files through the same views as live (tape, ladder, klines, --json),
// merged in time order, at --speed N× the recorded pace (0 = as fast as possible), limited by --from / --to.
// Loads no network code: the events come from src/tools.

import { defineCommand } from "citty";
import { Dig3Error, formatCanonical, parseAccount, withAccountSettle } from "../../core/index.ts";
import { findExchange } from "../../exchanges/index.ts";
import { openReplay } from "../../tools/index.ts";
import { commonArgs, jsonArg, parsePositiveInt } from "../args.ts";
import { isStdoutTty, logger, printLine } from "../output.ts";
import { createLadderRenderer, createTtyScreen } from "../views/ladder.ts";
import { createTape } from "../views/tape.ts";

/** `2026-06-13T10:00:00Z`, `2026-06-13 10:00`, `2026-06-13` (UTC unless a zone is given), or epoch ms. */
export function parseTimeMs(text: string | undefined, flag: string): number | undefined {
  if (text === undefined) return undefined;
  const trimmed = text.trim();
  if (/^\d{10,16}$/.test(trimmed)) return Number(trimmed);
  const iso = trimmed.replace(" ", "T");
  const hasZone = /(Z|[+-]\d{2}:?\d{2})$/i.test(iso);
  const ms = Date.parse(/^\d{4}-\d{2}-\d{2}$/.test(iso) ? `${iso}T00:00:00Z` : hasZone ? iso : `${iso}Z`);
  if (!Number.isFinite(ms)) {
    throw new Dig3Error("E_BAD_INPUT", `--${flag} needs a time, got '${text}'`, {
      hint: `for example --${flag} 2026-06-13T10:00:00Z, --${flag} "2026-06-13 10:00" (UTC) or epoch ms`,
    });
  }
  return ms;
}

/** The canonical symbol of a day-file directory name, by the venue's naming rules; the name upper-cased otherwise. */
function symbolOfDirectory(exchange: string, account: string, directorySymbol: string): string {
  const native = directorySymbol.toUpperCase();
  try {
    const adapter = findExchange(exchange);
    const parsedAccount = parseAccount(account);
    const parts = adapter.symbols.fromNative(native, parsedAccount);
    return parts ? formatCanonical(withAccountSettle(parts, parsedAccount)) : native;
  } catch {
    return native;
  }
}

export default defineCommand({
  meta: { name: "replay" },
  args: {
    paths: {
      type: "positional",
      description: "day files (.dat) or directories; several series are merged in time order",
      required: true,
    },
    speed: {
      type: "string",
      description: "N× the recorded pace, 0 = as fast as possible (default 1 on a terminal, else 0)",
      valueHint: "N",
    },
    from: {
      type: "string",
      description: "start at this time: 2026-06-13T10:00:00Z, epoch ms",
      valueHint: "time",
    },
    to: { type: "string", description: "stop before this time", valueHint: "time" },
    depth: {
      type: "string",
      description: "orderbook: levels a side on the ladder (default 10)",
      valueHint: "N",
    },
    kind: {
      type: "string",
      description: "record kind when the path does not tell: trades, klines_1m, orderbook_deltas …",
      valueHint: "kind",
    },
    ...jsonArg,
    ...commonArgs,
  },
  async run({ args }) {
    const fromMs = parseTimeMs(args.from, "from");
    const toMs = parseTimeMs(args.to, "to");
    if (fromMs !== undefined && toMs !== undefined && toMs <= fromMs) {
      throw new Dig3Error("E_BAD_INPUT", "--to must be after --from", { hint: "swap them" });
    }
    const speed = args.speed === undefined ? (isStdoutTty && !args.json ? 1 : 0) : Number(args.speed);
    if (!Number.isFinite(speed) || speed < 0) {
      throw new Dig3Error("E_BAD_INPUT", `--speed must be a number ≥ 0, got '${args.speed}'`, {
        hint: "--speed 1 plays at the recorded pace, --speed 10 ten times faster, --speed 0 as fast as possible",
      });
    }
    const depth = parsePositiveInt(args.depth, "depth", 10);
    const abort = new AbortController();
    const replay = openReplay(args._, {
      ...(args.kind === undefined ? {} : { kind: args.kind }),
      ...(fromMs === undefined ? {} : { fromMs }),
      ...(toMs === undefined ? {} : { toMs }),
      speed,
      symbolOf: symbolOfDirectory,
      signal: abort.signal,
      onWarning: (message) => logger.warn(message),
    });
    const series = replay.series;
    if (series.length === 0) {
      throw new Dig3Error("E_BAD_INPUT", "nothing to replay in the given paths", {
        hint: "pass day files or directories of kinds dig3 stores (trades, klines_1m, orderbook_deltas …)",
      });
    }
    const books = series.filter((one) => one.stream === "book");
    const isLadder =
      !args.json &&
      books.length === 1 &&
      series.every((one) => one.stream === "book" || one.stream === "gap");
    if (!args.json && books.length > 0 && !isLadder) {
      logger.warn(
        "book events show as a ladder only when one book is replayed alone; use --json to see them",
      );
    }
    logger.info(
      `replaying ${series.map((one) => `${one.exchange} ${one.account} ${one.symbol} ${one.stream}${one.interval ? ` ${one.interval}` : ""} (${one.days.length} days)`).join(", ")}${speed > 0 ? ` at ${speed}×` : ""}`,
    );

    const screen = isLadder && isStdoutTty ? createTtyScreen() : undefined;
    const book = books[0];
    const ladder = isLadder
      ? createLadderRenderer({
          title: `${book!.exchange} ${book!.account} ${book!.symbol} (replay)`,
          depth,
          screen,
          clock: "event",
          onResync: (reason) => logger.warn(`book resync: ${reason}`),
        })
      : undefined;
    const tape =
      !args.json && !ladder
        ? createTape({
            title: "replay",
            hasFooter: isStdoutTty && speed > 0,
            showSymbol: new Set(series.map((one) => one.symbol)).size > 1,
          })
        : undefined;
    const onSignal = () => abort.abort();
    process.once("SIGINT", onSignal);
    process.once("SIGTERM", onSignal);
    let events = 0;
    try {
      const out: string[] = [];
      for await (const event of replay) {
        events++;
        if (args.json) {
          // Batched: a fast replay is bound by stdout writes otherwise.
          out.push(JSON.stringify(event));
          if (out.length >= 512 || speed > 0) {
            process.stdout.write(`${out.join("\n")}\n`);
            out.length = 0;
          }
        } else if (ladder) ladder.onEvent(event);
        else tape?.onEvent(event);
      }
      if (out.length > 0) process.stdout.write(`${out.join("\n")}\n`);
    } finally {
      process.off("SIGINT", onSignal);
      process.off("SIGTERM", onSignal);
      ladder?.close();
      tape?.close();
      if (screen) {
        screen.restore();
        // The last frame stays readable after the alternate screen is gone.
        if (ladder) printLine(ladder.renderLines().join("\n"));
      }
    }
    logger.info(`${events} events replayed${abort.signal.aborted ? " (stopped)" : ""}`);
    return 0;
  },
});
