// Every failure is a Dig3Error with a code and a hint; "the venue does not offer it" (E_WIRE_ABSENT) and
// "dig3 does not do it yet" (E_NOT_IMPLEMENTED) stay distinct.
import { Dig3Error, ExchangeHub } from "dig3";

const hub = new ExchangeHub();
const attempts = [
  () => hub.ws("binance", "spot").fundingRate("BTC/USDT").ready, // spot has no funding rate: E_WIRE_ABSENT
  () => hub.ws("okx", "spot").markPrice("BTC/USDT").ready, // offered by OKX, not done by dig3: E_NOT_IMPLEMENTED
  () => hub.ws("nowhere", "spot").trades("BTC/USDT").ready, // unknown venue
];
for (const attempt of attempts) {
  try {
    await attempt();
  } catch (error) {
    if (!(error instanceof Dig3Error)) throw error;
    console.log(`${error.code}: ${error.message} (hint: ${error.hint})`);
  }
}
await hub.shutdownAll();
