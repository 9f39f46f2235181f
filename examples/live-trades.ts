// Five live BTC/USDT trades from Binance spot through ExchangeHub's typed subscriptions.
// Endpoints come from the environment: with the simulator's (DIG3_BINANCE_WS_URL, DIG3_BINANCE_REST_URL) it runs offline.
import { ExchangeHub } from "dig3";

const hub = new ExchangeHub();
await hub.connectFull("binance", ["spot"]); // REST + WebSocket; a refused socket rejects here
const trades = hub.ws("binance", "spot").trades("BTC/USDT");
let seen = 0;
for await (const event of trades) {
  if (event.kind !== "trade") continue; // control events (reconnect, gap) arrive on the same iterator
  console.log(`${event.symbol} ${event.side} ${event.size} @ ${event.price}`);
  if (++seen === 5) break; // leaving the loop closes the subscription
}
await hub.shutdownAll(); // every socket closed: the process exits by itself
