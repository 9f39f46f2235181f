// Figure 1: decode frames/s per venue and stream — the recorded raw text through each contender's own parse path,
// JSON.parse included in every one: dig3 beside tardis-dev, ccxt pro and the floor (JSON.parse of the same frames).
// Each input yields three figures (two where tardis-dev maps no such venue); an input whose recording is absent yields
// none.

import { createParseContext } from "./dig3-context.ts";
import { type Figure, type FigureOptions, rateFigure } from "./figures.ts";
import { type Contender, compareRates } from "./harness.ts";
import { readStreamFrames } from "./inputs.ts";
import { type CcxtDriver, createCcxtDriver } from "./peers/ccxt.ts";
import { createTardisDecoder } from "./peers/tardis.ts";
import { DECODE_INPUTS } from "./venues/index.ts";
import { hasWire, repeatTo } from "./wire.ts";

/** Frames for which each contender produced something, checked once before timing (a silent no-op is no figure). */
function countCovered(frames: readonly string[], decodeOne: (frame: string) => number): number {
  let covered = 0;
  for (const frame of frames) if (decodeOne(frame) > 0) covered++;
  return covered;
}

function ccxtOutputOf(driver: CcxtDriver): (frame: string) => number {
  return (frame) => {
    const before = driver.resolved;
    driver.handle(frame);
    return driver.resolved - before;
  };
}

export async function measureDecode(options: FigureOptions): Promise<Figure[]> {
  const figures: Figure[] = [];
  for (const input of DECODE_INPUTS) {
    if (options.venues && !options.venues.has(input.venue)) continue;
    if (!hasWire(input.venue, input.file)) continue;
    const base = readStreamFrames(input.venue, input.file, input.keep);
    // Whole repeats of the recording, so every call sees the stream's own mix of frames.
    const repeats = input.seedPeers
      ? 1
      : Math.max(1, Math.round((options.quick ? 300 : 1_500) / base.length));
    const frames = repeatTo(base, base.length * repeats);
    const context = createParseContext(input.adapter, input.account);
    const tardis = input.tardis && createTardisDecoder(input.tardis.exchange, input.tardis.normalizers);
    const ccxtSpec = input.seedPeers && tardis ? input.seedPeers(base, tardis) : input.ccxt;
    const ccxt = await createCcxtDriver(ccxtSpec);
    const dig3One = (frame: string): number => {
      const parsed = input.adapter.ws.parse(frame, context);
      return parsed.kind === "events" ? parsed.events.length : 0;
    };

    ccxt.reset();
    const covered: Record<string, number> = {
      dig3: countCovered(frames, dig3One),
      ccxt: countCovered(frames, ccxtOutputOf(ccxt)),
    };
    if (tardis) covered.tardis = countCovered(frames, tardis.decode);
    for (const [name, count] of Object.entries(covered)) {
      if (count === 0)
        throw new Error(`bench: ${name} produced nothing from ${input.name}; the driver is broken`);
    }

    let sink = 0;
    const contenders: Record<string, Contender> = {
      floor: () => {
        for (const frame of frames) sink += (JSON.parse(frame) as object) ? 1 : 0;
      },
      dig3: () => {
        for (const frame of frames) sink += dig3One(frame);
      },
    };
    if (tardis) {
      contenders.tardis = () => {
        for (const frame of frames) sink += tardis.decode(frame);
      };
    }
    contenders.ccxt = {
      prepare: () => ccxt.reset(),
      run: () => {
        for (const frame of frames) ccxt.handle(frame);
      },
    };
    const rates = await compareRates(contenders, {
      items: frames.length,
      quick: options.quick,
      timeMs: options.quick ? 30 : 300,
    });
    if (sink === 0) throw new Error("bench: nothing decoded");
    if (ccxt.rejected.length > 0) {
      throw new Error(
        `bench: ccxt rejected ${ccxt.rejected.length} on ${input.name}: ${String(ccxt.rejected[0])}`,
      );
    }

    const total = frames.length;
    const coverage = (peer: number) =>
      `frames with output: dig3 ${covered.dig3}/${total}, peer ${peer}/${total}`;
    const name = `decode ${input.name}`;
    if (tardis) {
      figures.push(
        withCheck(
          rateFigure(name, "frames/s", rates.dig3!, "tardis-dev", rates.tardis!),
          coverage(covered.tardis!),
        ),
      );
    }
    figures.push(
      withCheck(
        rateFigure(name, "frames/s", rates.dig3!, "ccxt pro", rates.ccxt!),
        [coverage(covered.ccxt!), input.ccxtNote].filter(Boolean).join("; "),
      ),
      rateFigure(name, "frames/s", rates.dig3!, "JSON.parse floor", rates.floor!),
    );
  }
  return figures;
}

function withCheck(figure: Figure, check: string): Figure {
  return { ...figure, check };
}
