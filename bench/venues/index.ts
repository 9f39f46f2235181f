// Every venue's decode and book-apply inputs, in the order the figures print.

import type { BookInput } from "../book-input.ts";
import type { DecodeInput } from "../decode-input.ts";
import { BINANCE_BOOK_INPUTS, BINANCE_INPUTS } from "./binance.ts";
import { BITFINEX_INPUTS } from "./bitfinex.ts";
import { BITGET_INPUTS } from "./bitget.ts";
import { BITSTAMP_INPUTS } from "./bitstamp.ts";
import { BYBIT_INPUTS } from "./bybit.ts";
import { CRYPTOCOM_INPUTS } from "./cryptocom.ts";
import { DERIBIT_BOOK_INPUTS, DERIBIT_INPUTS } from "./deribit.ts";
import { DYDX_INPUTS } from "./dydx.ts";
import { GATEIO_INPUTS } from "./gateio.ts";
import { HTX_INPUTS } from "./htx.ts";
import { HYPERLIQUID_INPUTS } from "./hyperliquid.ts";
import { KRAKEN_BOOK_INPUTS, KRAKEN_INPUTS } from "./kraken.ts";
import { KUCOIN_INPUTS } from "./kucoin.ts";
import { LIGHTER_INPUTS } from "./lighter.ts";
import { MEXC_INPUTS } from "./mexc.ts";
import { OKX_BOOK_INPUTS, OKX_INPUTS } from "./okx.ts";

export const DECODE_INPUTS: readonly DecodeInput[] = [
  ...BINANCE_INPUTS,
  ...OKX_INPUTS,
  ...BYBIT_INPUTS,
  ...DYDX_INPUTS,
  ...HYPERLIQUID_INPUTS,
  ...KRAKEN_INPUTS,
  ...HTX_INPUTS,
  ...BITGET_INPUTS,
  ...DERIBIT_INPUTS,
  ...CRYPTOCOM_INPUTS,
  ...BITFINEX_INPUTS,
  ...BITSTAMP_INPUTS,
  ...GATEIO_INPUTS,
  ...KUCOIN_INPUTS,
  ...MEXC_INPUTS,
  ...LIGHTER_INPUTS,
];

export const BOOK_INPUTS: readonly BookInput[] = [
  ...BINANCE_BOOK_INPUTS,
  ...OKX_BOOK_INPUTS,
  ...KRAKEN_BOOK_INPUTS,
  ...DERIBIT_BOOK_INPUTS,
];
