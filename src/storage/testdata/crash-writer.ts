// Child process for the crash tests. `loop`: writes order-book deltas with consecutive seq across UTC midnight,
// flushing each batch and printing how many are flushed, until killed. `sigterm` / `idle-exit`: exit-hook checks.

import { RECORDS } from "../../records/registry.ts";
import { installExitFlush } from "../exit-flush.ts";
import { openSeriesWriter } from "../writer.ts";
import { MIDNIGHT_MS, makeDelta, makeTrade } from "./fixtures.ts";

const [root, mode = "loop"] = process.argv.slice(2);
if (!root) throw new Error("usage: crash-writer.ts <root> [loop|sigterm|idle-exit]");
const key = { root, exchange: "binance", account: "spot", symbol: "BTCUSDT" };

if (mode === "loop") {
  const writer = openSeriesWriter({
    ...key,
    slug: "orderbook_deltas",
    def: RECORDS.orderbook_deltas,
    flushEveryMs: 60_000,
    idxEvery: 64,
  });
  let seq = 0;
  for (;;) {
    for (let i = 0; i < 97; i++, seq++) writer.append(makeDelta(MIDNIGHT_MS - 3_000 + seq, seq));
    writer.flush();
    process.stdout.write(`flushed ${seq}\n`);
    await Bun.sleep(0);
  }
} else if (mode === "sigterm") {
  const writer = openSeriesWriter({ ...key, slug: "trades", def: RECORDS.trades, flushEveryMs: 60_000 });
  installExitFlush();
  for (let i = 0; i < 500; i++) writer.append(makeTrade(MIDNIGHT_MS + i, i));
  process.stdout.write("ready 500\n");
  setInterval(() => {}, 1000);
} else if (mode === "idle-exit") {
  const writer = openSeriesWriter({ ...key, slug: "trades", def: RECORDS.trades, flushEveryMs: 1000 });
  installExitFlush();
  for (let i = 0; i < 300; i++) writer.append(makeTrade(MIDNIGHT_MS + i, i));
}
