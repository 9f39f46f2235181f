// OKX inputs, from one v5 recording: decode of `books` (400 levels, checksummed) and `trades`; book apply of `books`.

import { okx } from "../../src/exchanges/okx/index.ts";
import type { BookInput } from "../book-input.ts";
import type { DecodeInput } from "../decode-input.ts";
import { isOkxChannel } from "../inputs.ts";
import type { CcxtSpec } from "../peers/ccxt.ts";

const FILE = "v5-books-trades-tickers.ndjson";

const CCXT: CcxtSpec = {
  exchange: "okx",
  url: "wss://ws.okx.com:8443/ws/v5/public",
  markets: [
    { id: "BTC-USDT", base: "BTC", quote: "USDT" },
    { id: "UNI-USD-SWAP", base: "UNI", quote: "USD", settle: "UNI", inverse: true, contractSize: 10 },
  ],
  subscriptions: ["books:BTC/USDT", "books:UNI/USD:UNI"],
};

export const OKX_INPUTS: DecodeInput[] = [
  {
    name: "okx books",
    venue: "okx",
    file: FILE,
    keep: isOkxChannel("books"),
    adapter: okx,
    account: "spot",
    tardis: { exchange: "okex", normalizers: ["bookChanges"] },
    ccxt: CCXT,
    ccxtNote: "ccxt also applies each update to its book",
  },
  {
    name: "okx trades",
    venue: "okx",
    file: FILE,
    keep: isOkxChannel("trades"),
    adapter: okx,
    account: "spot",
    tardis: { exchange: "okex", normalizers: ["trades"] },
    ccxt: CCXT,
  },
];

export const OKX_BOOK_INPUTS: BookInput[] = [
  {
    // 2022 frames carry no seqId/prevSeqId: the checks that bite are the CRC32 checksum and the crossed-book check.
    name: "okx books 400 (CRC32 checksum verified per update)",
    venue: "okx",
    file: FILE,
    keep: isOkxChannel("books"),
    adapter: okx,
    account: "spot",
    tardis: "okex",
    isSnapshot: (message) => (message as { action?: unknown }).action === "snapshot",
  },
];
