// Public surface of the offline tools (inspect, cure, replay): day files only, no network code. The CLI renders
// their reports; a library user can call them directly (replay is an async iterator of MarketEvents). The L2 book
// is re-exported so a replayed order book is rebuilt into the same book the live views use, without the station.

export { createL2Book, type L2Book } from "../book/index.ts";
export * from "./cure.ts";
export * from "./day-files.ts";
export * from "./inspect.ts";
export * from "./replay.ts";
