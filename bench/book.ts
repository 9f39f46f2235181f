// Figure 2: book apply — a recorded session's verified deltas replayed through dig3's sync state machine with its
// sequence (and, where the venue sends one, checksum) checks on.

import { createBookSync } from "../src/book/index.ts";
import type { BookEvent } from "../src/core/index.ts";
import type { ParseContext } from "../src/exchanges/_shared/adapter.ts";
import { BINANCE_SPOT_BOOK, binance } from "../src/exchanges/binance/index.ts";
import { type Figure, type FigureOptions, rateFigure } from "./figures.ts";
import { compareRates } from "./harness.ts";
import { hasWire, readFrames } from "./wire.ts";

const SPOT_FILE = "spot-depth-bookticker-aggtrade-kline.ndjson";

export async function measureBook(options: FigureOptions): Promise<Figure[]> {
  if (!hasWire("binance", SPOT_FILE)) return [];
  const context: ParseContext = {
    exchange: "binance",
    account: "spot",
    recvTsUs: 0,
    session: new Map(),
    symbolOf: (native) => native,
  };
  const deltas = readFrames("binance", SPOT_FILE).flatMap((frame) => {
    const parsed = binance.ws.parse(frame, context);
    if (parsed.kind !== "events") return [];
    return parsed.events.filter((e): e is BookEvent => e.kind === "book" && e.symbol === "NKNUSDT");
  });
  const first = deltas[0]!;
  const seeded = {
    ...first,
    type: "snapshot" as const,
    seq: first.firstSeq! - 1,
    bids: [[0.01, 1]],
    asks: [[1000, 1]],
  } as BookEvent;
  const repeats = Math.max(1, Math.floor((options.quick ? 20_000 : 200_000) / deltas.length));
  let applied = 0;
  const rates = await compareRates(
    {
      dig3: () => {
        for (let r = 0; r < repeats; r++) {
          const sync = createBookSync({ ...BINANCE_SPOT_BOOK, snapshotFrom: "stream", bridge: "any" });
          sync.onEvent(seeded);
          for (const delta of deltas) if (sync.onEvent(delta).action === "emit") applied++;
        }
      },
    },
    { items: repeats * deltas.length, quick: options.quick },
  );
  if (applied === 0) throw new Error("bench: no delta applied; the replay is broken");
  return [
    rateFigure("book apply binance spot (sequence checks on)", "updates/s", rates.dig3!, "—", Number.NaN),
  ];
}
