// Every venue's decode and book-apply inputs, in the order the figures print.

import type { BookInput } from "../book-input.ts";
import type { DecodeInput } from "../decode-input.ts";
import { BINANCE_BOOK_INPUTS, BINANCE_INPUTS } from "./binance.ts";
import { BYBIT_INPUTS } from "./bybit.ts";
import { OKX_BOOK_INPUTS, OKX_INPUTS } from "./okx.ts";

export const DECODE_INPUTS: readonly DecodeInput[] = [...BINANCE_INPUTS, ...OKX_INPUTS, ...BYBIT_INPUTS];

export const BOOK_INPUTS: readonly BookInput[] = [...BINANCE_BOOK_INPUTS, ...OKX_BOOK_INPUTS];
