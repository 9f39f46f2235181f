// Station on top of the hub: one consumer, several streams, trades and the order book of BTC/USDT on Binance spot.
// Persistence is off here; turn it on to write day files under the storage root.
import { Station } from "dig3";

const station = Station.builder().persistence(false).warmStart(0).build();
const report = await station.subscribe([
  { exchange: "binance", account: "spot", kind: "trade", symbol: "BTC/USDT" },
  { exchange: "binance", account: "spot", kind: "book", symbol: "BTC/USDT" },
]);
for (const failure of report.failed) console.log(`failed: ${failure.error.code} ${failure.error.message}`);
const seen = new Set<string>();
for await (const event of report.handle) {
  seen.add(event.kind);
  if (seen.has("trade") && seen.has("book")) break;
}
console.log(`ok: ${report.ok.length} streams, saw ${[...seen].sort().join(" + ")}`);
await report.handle.close();
await station.close();
