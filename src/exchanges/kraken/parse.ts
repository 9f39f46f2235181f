// Inbound Kraken frame → Parsed (pure; never throws on venue input), by the socket's market: spot WebSocket v2
// (spot/parse.ts) or Futures WebSocket v1 (futures/parse.ts).

import type { ParseContext, Parsed } from "../_shared/adapter.ts";
import { parseKrakenFuturesFrame } from "./futures/parse.ts";
import { parseKrakenSpotFrame } from "./spot/parse.ts";

export function parseKrakenFrame(frame: string, context: ParseContext): Parsed {
  return context.account === "spot"
    ? parseKrakenSpotFrame(frame, context)
    : parseKrakenFuturesFrame(frame, context);
}
