// One-shot REST queries and the measured capabilities of a venue (adapter tables + validation stamps).
import { ExchangeHub } from "dig3";

const hub = new ExchangeHub();
await hub.connectPublic("binance"); // REST only: instrument lists, so symbols resolve against them
const rest = hub.rest("binance");
const ticker = await rest.ticker("spot", "BTC/USDT");
const book = await rest.book("spot", "BTCUSDT", 5); // raw native symbols are accepted too
console.log(`last ${ticker.last}, best bid ${book.bids[0]?.[0]}, best ask ${book.asks[0]?.[0]}`);

const trade = hub.capabilities("binance").accounts.spot?.streams.trade;
console.log(`spot trades: ${trade?.support?.status}, verified by ${Object.keys(trade?.validation ?? {}).join(", ")}`);
await hub.shutdownAll();
