// Every venue's decode inputs, in the order the figures print.

import type { DecodeInput } from "../decode-input.ts";
import { BINANCE_INPUTS } from "./binance.ts";
import { BYBIT_INPUTS } from "./bybit.ts";
import { OKX_INPUTS } from "./okx.ts";

export const DECODE_INPUTS: readonly DecodeInput[] = [...BINANCE_INPUTS, ...OKX_INPUTS, ...BYBIT_INPUTS];
