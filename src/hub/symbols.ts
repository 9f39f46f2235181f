// Symbol resolution: canonical (`BTC/USDT`, `BTC-USDT`) or raw native (`BTCUSDT`) input → the venue's native and
// canonical names, checked against the venue's instrument list when it is known.

import {
  type Account,
  Dig3Error,
  formatCanonical,
  parseCanonical,
  type SymbolParts,
  withAccountSettle,
} from "../core/index.ts";
import type { ExchangeAdapter, Instrument } from "../exchanges/_shared/adapter.ts";

export interface ResolvedSymbol {
  symbol: string;
  native: string;
  instrument?: Instrument;
}

export interface InstrumentIndex {
  list: Instrument[];
  byNative: Map<string, Instrument>;
  bySymbol: Map<string, Instrument>;
}

export function indexInstruments(list: Instrument[]): InstrumentIndex {
  const byNative = new Map<string, Instrument>();
  const bySymbol = new Map<string, Instrument>();
  for (const instrument of list) {
    byNative.set(instrument.native.toUpperCase(), instrument);
    bySymbol.set(instrument.symbol, instrument);
  }
  return { list, byNative, bySymbol };
}

function unknownSymbol(
  adapter: ExchangeAdapter,
  account: Account,
  input: string,
  index?: InstrumentIndex,
): Dig3Error {
  const needle = input.toUpperCase().replace(/[^A-Z0-9]/g, "");
  const close = index?.list
    .filter(
      (i) =>
        i.active &&
        i.native
          .toUpperCase()
          .replace(/[^A-Z0-9]/g, "")
          .includes(needle.slice(0, 3)),
    )
    .slice(0, 5)
    .map((i) => i.symbol);
  const suggestion = close && close.length > 0 ? `; did you mean ${close.join(", ")}?` : "";
  return new Dig3Error("E_UNKNOWN_SYMBOL", `unknown symbol '${input}' on ${adapter.id} ${account}`, {
    hint: `write it as BASE/QUOTE (e.g. BTC/USDT) or the venue's own name${suggestion}`,
  });
}

/** Resolves user input to (canonical, native). Without an instrument list, the venue's naming rules decide. */
export function resolveSymbol(
  adapter: ExchangeAdapter,
  account: Account,
  input: string,
  index?: InstrumentIndex,
): ResolvedSymbol {
  const text = input.trim();
  if (text.length === 0 || text.length > 64) throw unknownSymbol(adapter, account, input);
  if (index) {
    const instrument = index.byNative.get(text.toUpperCase());
    if (instrument) return { symbol: instrument.symbol, native: instrument.native, instrument };
  }
  const parts = nativePartsOf(adapter, account, text) ?? parseCanonical(text);
  if (!parts) throw unknownSymbol(adapter, account, input, index);
  const settled = withAccountSettle(parts, account);
  const native = adapter.symbols.toNative(settled, account);
  if (!index) return { symbol: formatCanonical(settled), native };
  const instrument = index.byNative.get(native.toUpperCase()) ?? index.bySymbol.get(formatCanonical(settled));
  if (instrument) return { symbol: instrument.symbol, native: instrument.native, instrument };
  throw unknownSymbol(adapter, account, input, index);
}

const ALNUM = /^[A-Z0-9]+$/;

/**
 * Reads input as the venue's own name (`BTCUSDT`, `BTCUSD_PERP`) when the venue's rules split it into clean parts
 * that map back to the same name; otherwise undefined, and the input is read as canonical (`BTC/USDT`, `BTC-USDT`).
 */
function nativePartsOf(adapter: ExchangeAdapter, account: Account, text: string): SymbolParts | undefined {
  if (text.includes("/")) return undefined;
  const parts = adapter.symbols.fromNative(text, account);
  if (!parts || !ALNUM.test(parts.base) || !ALNUM.test(parts.quote)) return undefined;
  const native = adapter.symbols.toNative(withAccountSettle(parts, account), account);
  return native.toUpperCase() === text.toUpperCase() ? parts : undefined;
}
