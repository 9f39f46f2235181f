// The tape: one line per event (trades, klines, tickers, bars …) and, on a TTY, a one-line status footer kept at
// the bottom (events, rate, reconnects, resyncs, the bar in progress), erased when the tape closes.

import type { MarketEvent } from "../../core/index.ts";
import { colors, formatCount, logger } from "../output.ts";
import { formatEventLine } from "./lines.ts";

export interface TapeOptions {
  title: string;
  /** Draw the status footer (stdout is a terminal and not --json). */
  hasFooter: boolean;
  /** Prefix lines with the symbol (several series on one tape). */
  showSymbol: boolean;
}

const FOOTER_EVERY_MS = 250;

export function createTape(options: TapeOptions) {
  let events = 0;
  let reconnects = 0;
  let resyncs = 0;
  let gaps = 0;
  let inProgress: string | undefined;
  const startedMs = Date.now();
  /** Event times of the last few seconds, for the rate. */
  const recent: number[] = [];
  let footerShown = false;
  let lastFooterMs = 0;

  function footerText(): string {
    const nowMs = Date.now();
    while (recent.length > 0 && recent[0]! < nowMs - 5000) recent.shift();
    const windowS = Math.min(5, Math.max(1, (nowMs - startedMs) / 1000));
    const rate = recent.length / windowS;
    const parts = [
      colors.bold(options.title),
      `${formatCount(events)} events`,
      `${rate.toFixed(1)}/s`,
      `reconnects ${reconnects}`,
    ];
    if (resyncs > 0) parts.push(`resyncs ${resyncs}`);
    if (gaps > 0) parts.push(colors.yellow(`gaps ${gaps}`));
    if (inProgress) parts.push(inProgress);
    parts.push(colors.dim("Ctrl-C to quit"));
    return parts.join(colors.dim(" · "));
  }

  function drawFooter(): void {
    if (!options.hasFooter) return;
    lastFooterMs = Date.now();
    process.stdout.write(`\r\x1b[K${footerText()}`);
    footerShown = true;
  }

  function write(line: string): void {
    // Erase the footer, print the line, draw the footer again below it.
    process.stdout.write(`${footerShown ? "\r\x1b[K" : ""}${line}\n${options.hasFooter ? footerText() : ""}`);
    footerShown = options.hasFooter;
  }

  const timer = options.hasFooter ? setInterval(drawFooter, 1000) : undefined;
  timer?.unref?.();

  return {
    onEvent(event: MarketEvent): void {
      switch (event.kind) {
        case "reconnect":
          reconnects++;
          if (!options.hasFooter)
            logger.warn(`reconnected after ${event.upAtMs - event.downSinceMs} ms (${event.reason})`);
          else drawFooter();
          return;
        case "book_resync":
          resyncs++;
          if (!options.hasFooter) logger.warn(`book resync: ${event.reason}`);
          else drawFooter();
          return;
        case "gap":
          gaps++;
          write(colors.yellow(formatEventLine(event) ?? ""));
          return;
        default:
          break;
      }
      events++;
      recent.push(Date.now());
      if (event.kind === "bar" && !event.closed) {
        // The bar in progress lives in the footer; closed bars are tape lines.
        inProgress = formatEventLine(event);
        if (Date.now() - lastFooterMs >= FOOTER_EVERY_MS) drawFooter();
        return;
      }
      const line = formatEventLine(event);
      if (!line) return;
      write(options.showSymbol ? `${colors.cyan(event.symbol.padEnd(14))} ${line}` : line);
    },
    close(): void {
      if (timer) clearInterval(timer);
      if (footerShown) process.stdout.write("\r\x1b[K");
      footerShown = false;
    },
  };
}
