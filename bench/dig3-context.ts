// The ParseContext the bench hands dig3's parsers: what the hub gives them live, a per-connection session and a
// canonical-symbol lookup that is a Map hit after the first sight of a venue id.

import type { Account } from "../src/core/index.ts";
import {
  canonicalOfNative,
  type ExchangeAdapter,
  type ParseContext,
} from "../src/exchanges/_shared/adapter.ts";

export function createParseContext(adapter: ExchangeAdapter, account: Account): ParseContext {
  const symbols = new Map<string, string>();
  return {
    exchange: adapter.id,
    account,
    recvTsUs: 0,
    session: new Map(),
    symbolOf(native) {
      let symbol = symbols.get(native);
      if (symbol === undefined) {
        symbol = canonicalOfNative(adapter, account, native);
        symbols.set(native, symbol);
      }
      return symbol;
    },
  };
}
