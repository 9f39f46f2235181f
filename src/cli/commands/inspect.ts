// `dig3 inspect <file or dir>…`: the post-mortem of day files (records, span, rates, gaps, duplicates, order, NaN,
// torn tails, price stats). One file in detail, many as a table with totals, --json as NDJSON. Exit 1 if any file is
// corrupt. Loads no network code (tools only).

import { statSync } from "node:fs";
import { defineCommand } from "citty";
import { parseDurationSeconds } from "../../core/index.ts";
import { inspectPaths } from "../../tools/index.ts";
import { commonArgs, jsonArg } from "../args.ts";
import { colors, createProgressBar, logger, printError, printJson, printLine } from "../output.ts";
import { labelOf, renderInspection, renderInspectionTable } from "../views/file-reports.ts";

export default defineCommand({
  meta: { name: "inspect" },
  args: {
    paths: {
      type: "positional",
      description: "day files (.dat) or directories (walked recursively), e.g. ./dig3_storage/trades",
      required: true,
    },
    kind: {
      type: "string",
      description:
        "record kind when the path does not tell: trades, agg_trades, klines_1m, tickers, orderbook_deltas …",
      valueHint: "kind",
    },
    gap: {
      type: "string",
      description:
        "list pauses longer than this: 30s, 5m (default per kind: 60s, funding and OI 5m, klines one bar)",
      valueHint: "duration",
    },
    ...jsonArg,
    ...commonArgs,
  },
  async run({ args }) {
    const gapMs = args.gap === undefined ? undefined : parseDurationSeconds(args.gap) * 1000;
    let bar: ReturnType<typeof createProgressBar> | undefined;
    const result = await inspectPaths(args._, {
      ...(args.kind === undefined ? {} : { kind: args.kind }),
      ...(gapMs === undefined ? {} : { gapMs }),
      onProgress: (done, total) => {
        if (done === 1) bar = createProgressBar("inspecting", total);
        bar?.update(done);
      },
    });
    bar?.done();
    const { files, totals } = result;
    if (args.json) {
      for (const file of files) printJson(file);
      printJson(totals);
    } else if (files.length === 1 && args._.length === 1 && isFile(args._[0]!)) {
      printLine(renderInspection(files[0]!).join("\n"));
    } else {
      printLine(renderInspectionTable(files, totals));
      for (const file of files) {
        if (file.status === "clean") continue;
        const color = file.status === "corrupt" ? colors.red : colors.yellow;
        printLine(`${color(file.status)} ${labelOf(file)}: ${file.problems.join("; ")}`);
      }
    }
    if (totals.skipped > 0) logger.info(`skipped ${totals.skipped} files of kinds dig3 does not store`);
    if (totals.corrupt > 0) {
      printError(
        `${totals.corrupt} of ${totals.files} files are corrupt`,
        "'dig3 cure <file>' cuts torn tails (keeping a .bak); see the problems listed for each file",
      );
      return 1;
    }
    return 0;
  },
});

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}
