// `dig3 capabilities <exchange>`: per account and stream, supported (socket or REST poll), wire-absent or not implemented.

import { defineCommand } from "citty";
import { STREAM_KINDS, type StreamSupport } from "../../core/index.ts";
import { accountsOf, klineIntervalsOf } from "../../exchanges/_shared/adapter.ts";
import { findExchange } from "../../exchanges/index.ts";
import { commonArgs, jsonArg } from "../args.ts";
import { colors, printJson, printLine, renderTable } from "../output.ts";

function cellOf(support: StreamSupport | undefined): string {
  if (!support) return colors.dim("—");
  switch (support.status) {
    case "supported":
      return support.via === "ws"
        ? colors.green("✓ ws")
        : colors.green(`✓ polled ${(support.pollEveryMs ?? 0) / 1000}s`);
    case "wire-absent":
      return colors.dim("— absent");
    case "not-implemented":
      return colors.yellow("· to do");
  }
}

export default defineCommand({
  meta: { name: "capabilities" },
  args: {
    exchange: { type: "positional", description: "venue id (see 'dig3 exchanges')", required: true },
    ...jsonArg,
    ...commonArgs,
  },
  run({ args }) {
    const adapter = findExchange(args.exchange);
    const accounts = accountsOf(adapter);
    if (args.json) {
      printJson({
        id: adapter.id,
        name: adapter.name,
        category: adapter.category,
        klineIntervals: adapter.klineIntervals,
        accounts: Object.fromEntries(accounts.map((account) => [account, adapter.streams[account]])),
      });
      return;
    }
    printLine(`${colors.bold(adapter.name)} (${adapter.id}, ${adapter.category}) — ${adapter.docs}`);
    printLine(
      renderTable(
        ["stream", ...accounts],
        STREAM_KINDS.map((kind) => [
          kind,
          ...accounts.map((account) => cellOf(adapter.streams[account]?.[kind])),
        ]),
      ),
    );
    const notes: string[] = [];
    for (const account of accounts) {
      for (const kind of STREAM_KINDS) {
        const support = adapter.streams[account]?.[kind];
        if (support?.status === "wire-absent") {
          notes.push(
            `${account} ${kind}: ${support.reason}${support.alternative ? ` (${support.alternative})` : ""}`,
          );
        } else if (support?.status === "supported" && support.note) {
          notes.push(`${account} ${kind}: ${support.note}`);
        }
      }
    }
    if (notes.length > 0) printLine(notes.map((n) => colors.dim(`  ${n}`)).join("\n"));
    for (const account of accounts) {
      printLine(colors.dim(`${account} kline intervals: ${klineIntervalsOf(adapter, account).join(" ")}`));
    }
  },
});
