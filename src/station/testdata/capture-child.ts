// Child process for the station crash test: a persisting Station capturing BTC/USDT trades from the simulator
// (URLs from argv) until it is killed. Prints `subscribed` once running, or the subscribe failures.

import { Station } from "../station.ts";

const [root, wsUrl, restUrl] = process.argv.slice(2);
if (!root || !wsUrl || !restUrl) throw new Error("usage: capture-child.ts <root> <ws url> <rest url>");

const station = Station.builder()
  .storageRoot(root)
  .persistence({ flushEveryMs: 50 })
  .hub({
    ws: { backoff: { initialMs: 50, maxMs: 200 } },
    endpoints: { binance: { ws: wsUrl, rest: restUrl } },
  })
  .build();
const report = await station.subscribe([{ exchange: "binance", kind: "trade", symbol: "BTC/USDT" }]);
if (report.failed.length > 0) {
  process.stdout.write(`failed ${report.failed.map((failure) => failure.error.message).join("; ")}\n`);
  process.exit(2);
}
process.stdout.write("subscribed\n");
for await (const _event of report.handle) {
  // Consumed only to keep the stream flowing; the station persists every trade.
}
