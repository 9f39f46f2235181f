// `dig3 cure <file or dir>…`: repairs day files (torn tails, duplicates, order, .idx) through src/tools, keeping a
// .bak unless --no-backup, and with --backfill fills gaps of trades and klines from the venue's REST. The REST part
// lives here (tools never load network code): this command hands cure a fetcher built on the Station's hub.

import { defineCommand } from "citty";
import { type Account, parseAccount, parseDurationSeconds } from "../../core/index.ts";
import { findExchange } from "../../exchanges/index.ts";
import { klineRecordOf, tradeRecordOf } from "../../records/index.ts";
import type { ExchangeHub } from "../../station/index.ts";
import { type BackfillFetcher, type BackfillRequest, curePaths } from "../../tools/index.ts";
import { commonArgs, jsonArg } from "../args.ts";
import { colors, createProgressBar, logger, printError, printJson, printLine } from "../output.ts";
import { labelOf, renderCureTable } from "../views/file-reports.ts";

export default defineCommand({
  meta: { name: "cure" },
  args: {
    paths: {
      type: "positional",
      description: "day files (.dat) or directories (walked recursively)",
      required: true,
    },
    kind: {
      type: "string",
      description: "record kind when the path does not tell: trades, klines_1m, tickers …",
      valueHint: "kind",
    },
    "dry-run": { type: "boolean", description: "report what would change; write nothing" },
    backup: {
      type: "boolean",
      description: "keep <file>.bak of every file replaced (--no-backup: don't)",
      default: true,
    },
    backfill: {
      type: "boolean",
      description: "fetch missing trades and klines from the venue's REST for the gaps found",
    },
    gap: {
      type: "string",
      description: "backfill pauses longer than this: 30s, 5m (default: inspect's per kind)",
      valueHint: "duration",
    },
    ...jsonArg,
    ...commonArgs,
  },
  async run({ args }) {
    const gapMs = args.gap === undefined ? undefined : parseDurationSeconds(args.gap) * 1000;
    const isDryRun = Boolean(args["dry-run"]);
    // Network code is loaded only for --backfill: a plain cure stays offline like inspect.
    let hub: ExchangeHub | undefined;
    if (args.backfill && !isDryRun) {
      const [{ ExchangeHub: Hub }, { logDiagnostic }] = await Promise.all([
        import("../../station/index.ts"),
        import("../context.ts"),
      ]);
      hub = new Hub({ onDiagnostic: logDiagnostic, http: { retries: 2 } });
    }
    let bar: ReturnType<typeof createProgressBar> | undefined;
    try {
      const { results, totals } = await curePaths(args._, {
        ...(args.kind === undefined ? {} : { kind: args.kind }),
        ...(gapMs === undefined ? {} : { gapMs }),
        dryRun: isDryRun,
        backup: args.backup !== false,
        ...(hub ? { backfill: createRestFetcher(hub) } : {}),
        onProgress: (done, total) => {
          if (done === 1) bar = createProgressBar(isDryRun ? "checking" : "curing", total);
          bar?.update(done);
        },
      });
      bar?.done();
      if (args.json) {
        for (const result of results) printJson(result);
        printJson(totals);
      } else {
        printLine(renderCureTable(results, isDryRun));
        for (const result of results) {
          if (result.error) printLine(`${colors.red("failed")} ${labelOf(result)}: ${result.error.message}`);
          for (const note of result.notes) logger.debug(`${labelOf(result)}: ${note}`);
        }
        if (args.backfill && isDryRun) logger.info("--dry-run: gaps are counted, nothing is fetched");
      }
      if (totals.failed > 0) {
        printError(
          `${totals.failed} of ${totals.files} files could not be cured`,
          "see the reason listed for each file; a locked series is being written by a capture",
        );
        return 1;
      }
      return 0;
    } finally {
      bar?.done();
      await hub?.shutdownAll();
    }
  },
});

/** Asks the venue's REST for klines (paged forward through the gap) or recent trades, as day-file records. */
function createRestFetcher(hub: ExchangeHub): BackfillFetcher {
  return async (request: BackfillRequest) => {
    const adapter = findExchange(request.exchange);
    const account: Account = parseAccount(request.account);
    const rest = hub.rest(adapter.id);
    const symbol = request.symbol.toUpperCase();
    if (request.stream === "kline") {
      const interval = request.interval ?? "1m";
      const out = [];
      let fromMs = request.fromMs;
      for (let page = 0; page < 50 && fromMs < request.toMs; page++) {
        const bars = await rest.klines(account, symbol, {
          interval,
          startMs: fromMs,
          endMs: request.toMs - 1,
          limit: 1000,
        });
        const fresh = bars.filter((bar) => bar.openTimeMs >= fromMs && bar.openTimeMs < request.toMs);
        if (fresh.length === 0) break;
        out.push(...fresh.map(klineRecordOf));
        fromMs = Math.max(...fresh.map((bar) => bar.openTimeMs)) + 1;
      }
      logger.info(`${adapter.id} ${account} ${symbol} klines ${interval}: ${out.length} bars from REST`);
      return out;
    }
    const trades = await rest.trades(account, symbol, { limit: 1000 });
    const inGap = trades.filter((trade) => trade.tsMs >= request.fromMs && trade.tsMs < request.toMs);
    if (trades.length > 0 && Math.min(...trades.map((trade) => trade.tsMs)) > request.fromMs) {
      logger.warn(
        `${adapter.id} ${account} ${symbol}: REST gives the last ${trades.length} trades only; part of the gap from ${new Date(request.fromMs).toISOString()} stays`,
      );
    }
    return inGap.map(tradeRecordOf);
  };
}
