// Figure 1: decode frames/s per venue and stream — the recorded raw text through each contender's own parse path,
// JSON.parse included in every one, beside the floor (JSON.parse of the same frames alone).

import type { ParseContext } from "../src/exchanges/_shared/adapter.ts";
import { binance } from "../src/exchanges/binance/index.ts";
import { type Figure, type FigureOptions, rateFigure } from "./figures.ts";
import { compareRates } from "./harness.ts";
import { hasWire, readFrames, repeatTo } from "./wire.ts";

function contextOf(exchange: string, account: ParseContext["account"]): ParseContext {
  return { exchange, account, recvTsUs: 0, session: new Map(), symbolOf: (native) => native };
}

export async function measureDecode(options: FigureOptions): Promise<Figure[]> {
  const figures: Figure[] = [];
  const target = options.quick ? 20_000 : 200_000;
  for (const [name, file, account] of [
    ["binance spot depth+aggTrade+kline", "spot-depth-bookticker-aggtrade-kline.ndjson", "spot"],
    ["binance usdm depth+aggTrade+kline", "usdm-depth-bookticker-aggtrade-kline.ndjson", "linear"],
  ] as const) {
    if (!hasWire("binance", file)) continue;
    const frames = repeatTo(readFrames("binance", file), target);
    const context = contextOf("binance", account);
    let sink = 0;
    const rates = await compareRates(
      {
        floor: () => {
          for (const frame of frames) sink += (JSON.parse(frame) as object) ? 1 : 0;
        },
        dig3: () => {
          for (const frame of frames) sink += binance.ws.parse(frame, context).kind.length;
        },
      },
      { items: frames.length, quick: options.quick },
    );
    if (sink === 0) throw new Error("bench: nothing decoded");
    figures.push(rateFigure(`decode ${name}`, "frames/s", rates.dig3!, "JSON.parse floor", rates.floor!));
  }
  return figures;
}
