// Child process for the crash tests. `loop`: writes order-book deltas with consecutive seq across UTC midnight,
// flushing each batch and printing how many are flushed, until killed. `sigterm` / `idle-exit` / `busy-exit`:
// exit-hook checks (`busy-exit` ends through process.exit with buffers queued on the I/O thread).

import { RECORDS } from "../../records/registry.ts";
import { installExitFlush } from "../exit-flush.ts";
import { countWriteBehindWrites } from "../write-behind.ts";
import { openSeriesWriter } from "../writer.ts";
import { BUSY_EXIT_FIRST_TRADES, BUSY_EXIT_TRADES, MIDNIGHT_MS, makeDelta, makeTrade } from "./fixtures.ts";

const [root, mode = "loop"] = process.argv.slice(2);
if (!root) throw new Error("usage: crash-writer.ts <root> [loop|sigterm|idle-exit|busy-exit]");
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
} else if (mode === "busy-exit") {
  // Two buffers of trades, then a pause until the I/O thread has written the second (proof that it runs here: it
  // starts on first use, and until it runs the JS thread writes what it queued); the rest ends in process.exit right
  // after the last append, with a buffer queued. Written behind even on one CPU.
  const writer = openSeriesWriter({
    ...key,
    slug: "trades",
    def: RECORDS.trades,
    flushEveryMs: 60_000,
    writeBehind: true,
  });
  installExitFlush();
  for (let i = 0; i < BUSY_EXIT_FIRST_TRADES; i++) writer.append(makeTrade(MIDNIGHT_MS + i, i));
  for (let waitedMs = 0; countWriteBehindWrites().byWorker === 0 && waitedMs < 5_000; waitedMs += 10) {
    await Bun.sleep(10);
  }
  process.stdout.write(`written by the I/O thread ${countWriteBehindWrites().byWorker}\n`);
  for (let i = BUSY_EXIT_FIRST_TRADES; i < BUSY_EXIT_TRADES; i++)
    writer.append(makeTrade(MIDNIGHT_MS + i, i));
  process.exit(0);
}
