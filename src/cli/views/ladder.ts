// The order book ladder: top N asks above top N bids with depth bars, spread and mid, update age, sequence and
// checksum status, resync count. On a TTY it redraws in place on the alternate screen (restored on exit); otherwise
// it prints plain snapshots. Live (wall clock) and replay (event clock) share the renderer.

import type { Level, MarketEvent } from "../../core/index.ts";
import { createL2Book } from "../../tools/index.ts";
import { colors, printLine } from "../output.ts";

export interface LadderState {
  title: string;
  bids: Level[];
  asks: Level[];
  seq?: number;
  /** True once a book update carried a venue checksum (the Station verifies every one). */
  hasChecksum?: boolean;
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
  const checksum = state.hasChecksum ? "checksum ✓" : "no checksum";
  lines.push(
    `${colors.bold(state.title)}  seq ${state.seq ?? "—"}  ${checksum}  updated ${age}  ${state.status}`,
  );
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
      // Once restored (Ctrl-C while the stream winds down) nothing more may land on the user's own screen.
      if (!active) return;
      out.write(`\x1b[H${lines.map((line) => `${line}\x1b[K`).join("\n")}\x1b[J`);
    },
    restore() {
      if (!active) return;
      active = false;
      out.write(ALT_SCREEN_OFF);
    },
  };
}

export interface LadderRendererOptions {
  title: string;
  depth: number;
  /** In-place screen on a TTY; undefined prints plain snapshots. */
  screen: ReturnType<typeof createTtyScreen> | undefined;
  /**
   * `wall` (live): draws at most 10 frames/s on a TTY, one snapshot a second otherwise. `event` (replay): ages and
   * plain snapshots follow the events' own time (one per second of market time), the screen redraws as time passes.
   */
  clock: "wall" | "event";
  /** Told about resyncs when there is no screen to show them. */
  onResync?: (reason: string) => void;
}

/** Keeps a local book from the verified book events and draws it. */
export function createLadderRenderer(options: LadderRendererOptions) {
  const { depth, screen } = options;
  const book = createL2Book();
  const state: LadderState = {
    title: options.title,
    bids: [],
    asks: [],
    lastUpdateMs: 0,
    resyncs: 0,
    reconnects: 0,
    status: "syncing",
  };
  const isEventClock = options.clock === "event";
  let eventNowMs = 0;
  let lastPrintMs = 0;
  let dirty = false;
  const now = () => (isEventClock ? eventNowMs : Date.now());
  screen?.open();
  const draw = (force = false) => {
    if (!dirty && !screen && !force) return;
    dirty = false;
    state.bids = book.bids(depth);
    state.asks = book.asks(depth);
    const lines = renderLadder(state, depth, now());
    if (screen) screen.draw(lines);
    else if (state.lastUpdateMs > 0) printLine(`${lines.join("\n")}\n`);
  };
  const timer = screen || !isEventClock ? setInterval(() => draw(), screen ? 100 : 1000) : undefined;
  return {
    state,
    onEvent(event: MarketEvent) {
      if (event.tsMs > eventNowMs) eventNowMs = event.tsMs;
      if (event.kind === "book") {
        if (event.type === "snapshot") book.replace(event.bids, event.asks);
        else book.update(event.bids, event.asks);
        if (event.seq !== undefined) state.seq = event.seq;
        if (event.checksum !== undefined) state.hasChecksum = true;
        state.lastUpdateMs = isEventClock ? event.tsMs : Date.now();
        state.status = "in sync";
        dirty = true;
      } else if (event.kind === "book_resync") {
        state.resyncs++;
        state.status = `resyncing: ${event.reason}`;
        book.clear();
        dirty = true;
        if (!screen) options.onResync?.(event.reason);
      } else if (event.kind === "reconnect") {
        state.reconnects++;
        dirty = true;
      }
      if (isEventClock && !screen && dirty && eventNowMs - lastPrintMs >= 1000) {
        lastPrintMs = eventNowMs;
        draw();
      }
    },
    close() {
      if (timer) clearInterval(timer);
      if (!screen) draw();
    },
    /** The current ladder as plain lines (for a last look after the screen is restored). */
    renderLines(): string[] {
      state.bids = book.bids(depth);
      state.asks = book.asks(depth);
      return renderLadder(state, depth, now());
    },
  };
}
