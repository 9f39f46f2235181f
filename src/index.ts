// The library entry (`import { ExchangeHub, Station } from "dig3"`): the public API, and nothing of the CLI.
// ExchangeHub is the one front door for multi-venue work; Station adds persistence, warm-start and healing on top.

export * from "./core/index.ts";
export { EXCHANGES, exchangeIds, findExchange } from "./exchanges/index.ts";
export type { ExchangeAdapter, Instrument, KlineQuery, TradeQuery } from "./exchanges/_shared/adapter.ts";
export * from "./hub/index.ts";
export { createL2Book, type L2Book } from "./book/index.ts";
export {
  type BookTop,
  createDecoder,
  type DecodedItem,
  type DecodeOptions,
  type DecodeStats,
  mergeRecordedLines,
} from "./station/decode.ts";
export * from "./station/station.ts";
export {
  curePaths,
  type CureOptions,
  type CureResult,
  inspectPaths,
  type InspectOptions,
  type InspectResult,
  openReplay,
  type Replay,
  type ReplayOptions,
  replayEvents,
} from "./tools/index.ts";
