// `dig3 exchanges`: the venue table (id, category, accounts, supported stream kinds).

import { defineCommand } from "citty";
import { STREAM_KINDS } from "../../core/index.ts";
import { accountsOf } from "../../exchanges/_shared/adapter.ts";
import { EXCHANGES } from "../../exchanges/index.ts";
import { commonArgs, jsonArg } from "../args.ts";
import { printJson, printLine, renderTable } from "../output.ts";

export default defineCommand({
  meta: { name: "exchanges" },
  args: { ...jsonArg, ...commonArgs },
  run({ args }) {
    const rows = EXCHANGES.map((adapter) => {
      const accounts = accountsOf(adapter);
      const streams = STREAM_KINDS.filter((kind) =>
        accounts.some((account) => adapter.streams[account]?.[kind]?.status === "supported"),
      );
      return { id: adapter.id, name: adapter.name, category: adapter.category, accounts, streams };
    });
    if (args.json) {
      for (const row of rows) printJson(row);
      return;
    }
    printLine(
      renderTable(
        ["id", "name", "category", "accounts", "streams"],
        rows.map((r) => [r.id, r.name, r.category, r.accounts.join(", "), r.streams.join(", ")]),
      ),
    );
  },
});
