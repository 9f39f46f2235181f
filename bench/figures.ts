// What one benchmark figure is, and how a run prints them: a table on stdout, or one JSON object per figure
// (`{ name, unit, dig3, peer, peerName, ratio }`, ratio > 1 meaning dig3 is better, whichever way the unit points).

import Table from "cli-table3";

export interface Figure {
  name: string;
  unit: string;
  dig3: number;
  /** NaN when the figure has no peer. */
  peer: number;
  peerName: string;
  /** > 1 means dig3 is better: dig3/peer for rates, peer/dig3 for costs (ms, MB). NaN without a peer. */
  ratio: number;
  /** A check the figure carries (e.g. both books equal at the end), printed beside it. */
  check?: string;
}

export interface FigureOptions {
  quick: boolean;
  /** Decode and book figures of these recordings' venues only (`--venue`); all when absent. */
  venues?: ReadonlySet<string>;
}

/** A figure where more is better (frames/s, records/s, MB/s). */
export function rateFigure(name: string, unit: string, dig3: number, peerName: string, peer: number): Figure {
  return { name, unit, dig3, peer, peerName, ratio: dig3 / peer };
}

/** A figure where less is better (ms, MB of memory). */
export function costFigure(name: string, unit: string, dig3: number, peerName: string, peer: number): Figure {
  return { name, unit, dig3, peer, peerName, ratio: peer / dig3 };
}

function formatValue(value: number, unit: string): string {
  if (!Number.isFinite(value)) return "—";
  if (unit.endsWith("/s")) {
    if (value >= 1e6) return `${(value / 1e6).toFixed(2)} M`;
    if (value >= 1e3) return `${(value / 1e3).toFixed(1)} k`;
  }
  return value >= 100 ? value.toFixed(0) : value.toFixed(value >= 10 ? 1 : 2);
}

export function printFigures(figures: Figure[], asJson: boolean): void {
  if (asJson) {
    for (const figure of figures) console.log(JSON.stringify(figure));
    return;
  }
  const table = new Table({
    head: ["figure", "unit", "dig3", "peer", "ratio", "peer is", "check"],
    colAligns: ["left", "left", "right", "right", "right", "left", "left"],
    style: { head: [], border: [] },
    chars: { mid: "", "left-mid": "", "mid-mid": "", "right-mid": "" },
  });
  for (const f of figures) {
    table.push([
      f.name,
      f.unit,
      formatValue(f.dig3, f.unit),
      formatValue(f.peer, f.unit),
      Number.isFinite(f.ratio) ? `${f.ratio.toFixed(2)}×` : "—",
      f.peerName,
      f.check ?? "",
    ]);
  }
  console.log(table.toString());
}
