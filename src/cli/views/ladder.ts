// The order book ladder: top N asks above top N bids with depth bars, spread and mid, update age and resync count.
// On a TTY it redraws in place on the alternate screen (restored on exit); otherwise it prints plain snapshots.

import type { Level } from "../../core/index.ts";
import { colors } from "../output.ts";

export interface LadderState {
  title: string;
  bids: Level[];
  asks: Level[];
  seq?: number;
  lastUpdateMs: number;
  resyncs: number;
  reconnects: number;
  status: string;
}

const BAR_WIDTH = 16;

function bar(size: number, maxSize: number): string {
  const cells = maxSize > 0 ? Math.max(size > 0 ? 1 : 0, Math.round((size / maxSize) * BAR_WIDTH)) : 0;
  return "█".repeat(cells).padEnd(BAR_WIDTH);
}

/** Renders the ladder as lines (no terminal control codes). */
export function renderLadder(state: LadderState, depth: number, nowMs: number): string[] {
  const asks = state.asks.slice(0, depth);
  const bids = state.bids.slice(0, depth);
  const maxSize = Math.max(0, ...asks.map((l) => l[1]), ...bids.map((l) => l[1]));
  const bestBid = bids[0]?.[0];
  const bestAsk = asks[0]?.[0];
  const lines: string[] = [];
  const age =
    state.lastUpdateMs > 0 ? `${Math.max(0, nowMs - state.lastUpdateMs)} ms ago` : "waiting for the book";
  lines.push(`${colors.bold(state.title)}  seq ${state.seq ?? "—"}  updated ${age}  ${state.status}`);
  lines.push(colors.dim(`${"price".padStart(16)}  ${"size".padStart(14)}  depth`));
  for (const [price, size] of [...asks].reverse()) {
    lines.push(
      `${colors.red(String(price).padStart(16))}  ${String(size).padStart(14)}  ${colors.red(bar(size, maxSize))}`,
    );
  }
  if (bestBid !== undefined && bestAsk !== undefined) {
    const spread = bestAsk - bestBid;
    const mid = (bestAsk + bestBid) / 2;
    const bps = (spread / mid) * 10_000;
    lines.push(
      colors.dim(
        `${"─".repeat(6)} spread ${+spread.toPrecision(8)} (${bps.toFixed(2)} bp)  mid ${+mid.toPrecision(12)} ${"─".repeat(6)}`,
      ),
    );
  } else {
    lines.push(colors.dim("─".repeat(40)));
  }
  for (const [price, size] of bids) {
    lines.push(
      `${colors.green(String(price).padStart(16))}  ${String(size).padStart(14)}  ${colors.green(bar(size, maxSize))}`,
    );
  }
  lines.push(colors.dim(`resyncs ${state.resyncs}  reconnects ${state.reconnects}  — Ctrl-C to quit`));
  return lines;
}

const ALT_SCREEN_ON = "\x1b[?1049h\x1b[?25l";
const ALT_SCREEN_OFF = "\x1b[?25h\x1b[?1049l";

/** In-place redraw on a TTY. `restore()` must run on every exit path. */
export function createTtyScreen(out: NodeJS.WriteStream = process.stdout) {
  let active = false;
  return {
    open() {
      if (active) return;
      active = true;
      out.write(ALT_SCREEN_ON);
    },
    draw(lines: string[]) {
      out.write(`\x1b[H${lines.map((line) => `${line}\x1b[K`).join("\n")}\x1b[J`);
    },
    restore() {
      if (!active) return;
      active = false;
      out.write(ALT_SCREEN_OFF);
    },
  };
}
