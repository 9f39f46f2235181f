// `dig3 decode <exchange> [files…]`: recorded traffic (the ../shared/wire line format, from files or stdin) through
// the same adapter and book logic as live, printed as NDJSON events; with --book-depth, the book's top after each update.

import { defineCommand } from "citty";
import { Dig3Error, parseAccount } from "../../core/index.ts";
import { findExchange } from "../../exchanges/index.ts";
import { createDecoder, mergeRecordedLines } from "../../station/index.ts";
import { accountArg, commonArgs, parsePositiveInt } from "../args.ts";
import { logger } from "../output.ts";

async function readLines(files: readonly string[]): Promise<string[]> {
  if (files.length === 0) {
    const text = await new Response(Bun.stdin.stream()).text();
    return text.split("\n");
  }
  const contents: string[][] = [];
  for (const path of files) {
    const file = Bun.file(path);
    if (!(await file.exists())) {
      throw new Dig3Error("E_FILE_NOT_FOUND", `no such file: ${path}`, {
        hint: "pass recorded .ndjson files, or pipe one on stdin",
      });
    }
    contents.push((await file.text()).split("\n"));
  }
  return contents.length === 1 ? contents[0]! : mergeRecordedLines(contents);
}

export default defineCommand({
  meta: { name: "decode" },
  args: {
    exchange: { type: "positional", description: "venue id the recording comes from", required: true },
    files: {
      type: "positional",
      description: "recorded .ndjson files (merged by receive time); stdin when none",
      required: false,
    },
    ...accountArg,
    "book-depth": { type: "string", description: "print the book's top N levels after every book event" },
    ...commonArgs,
  },
  async run({ args }) {
    const adapter = findExchange(args.exchange);
    const account = args.account === undefined ? undefined : parseAccount(args.account);
    const bookDepth =
      args["book-depth"] === undefined ? undefined : parsePositiveInt(args["book-depth"], "book-depth", 10);
    const files = args._.filter((f) => f !== args.exchange);
    const decoder = createDecoder({ adapter, account, bookDepth });
    const out: string[] = [];
    for (const line of await readLines(files)) {
      for (const item of decoder.decodeLine(line)) {
        out.push(JSON.stringify(item));
        if (out.length >= 1024) {
          process.stdout.write(`${out.join("\n")}\n`);
          out.length = 0;
        }
      }
    }
    if (out.length > 0) process.stdout.write(`${out.join("\n")}\n`);
    const s = decoder.stats;
    logger.info(
      `decoded ${s.lines} lines: ${s.frames} frames, ${s.restBodies} REST bodies → ${s.events} events; ${s.ignored} control/ignored, ${s.unmatched} unmatched, ${s.venueErrors} venue errors, ${s.badLines} bad lines, ${s.resyncs} book resyncs`,
    );
    return s.badLines > 0 && s.events === 0 ? 1 : 0;
  },
});
