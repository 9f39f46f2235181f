// Human views of the offline tools' reports: one file in detail (inspect), a table row per file plus totals
// (inspect and cure over many files), with the status colored on a terminal.

import type { CureResult, FileInspection, FileStatus, InspectTotals } from "../../tools/index.ts";
import {
  colors,
  formatBytes,
  formatCount,
  formatDateTime,
  formatNumber,
  formatRate,
  formatSpanMs,
  renderTable,
} from "../output.ts";

export function colorStatus(status: FileStatus | string): string {
  if (status === "clean" || status === "unchanged") return colors.green(status);
  if (status === "corrupt" || status === "failed") return colors.red(status);
  return colors.yellow(status);
}

/** `trades/binance/spot/btcusdt/2026-06-13` for a day file in the storage layout, else the path. */
export function labelOf(file: {
  path: string;
  slug?: string | undefined;
  exchange?: string | undefined;
  account?: string | undefined;
  symbol?: string | undefined;
  day?: string | undefined;
}): string {
  if (file.slug && file.exchange && file.account && file.symbol && file.day) {
    return `${file.slug}/${file.exchange}/${file.account}/${file.symbol}/${file.day}`;
  }
  return file.path;
}

const LABEL_WIDTH = 12;

function row(label: string, value: string): string {
  return `${colors.dim(label.padEnd(LABEL_WIDTH))}${value}`;
}

/** One file in detail, as lines. */
export function renderInspection(file: FileInspection, maxGapsShown = 10): string[] {
  const lines: string[] = [];
  lines.push(row("file", file.path));
  const where = [file.exchange, file.account, file.symbol, file.day].filter(Boolean).join(" ");
  lines.push(row("kind", `${file.kind} (${file.recordBytes} B records)${where ? `  ${where}` : ""}`));
  lines.push(row("status", colorStatus(file.status)));
  if (file.writerPid !== undefined) lines.push(row("writer", `being written by pid ${file.writerPid}`));
  if (file.error) {
    lines.push(row("error", file.error.message));
    return lines;
  }
  lines.push(row("records", `${formatCount(file.records)}  (${formatBytes(file.bytes)})`));
  if (file.firstTsMs !== undefined) {
    lines.push(
      row(
        "time",
        `${formatDateTime(file.firstTsMs)} → ${formatDateTime(file.lastTsMs)} UTC  (span ${formatSpanMs(file.spanMs)})`,
      ),
    );
    lines.push(
      row("rate", `${formatRate(file.meanRatePerS)} mean, ${formatCount(file.peakRatePerS)}/s peak`),
    );
  }
  if (file.gapThresholdMs > 0) {
    const what = file.klines
      ? `missing bars: ${file.klines.missingBars}`
      : `over ${formatSpanMs(file.gapThresholdMs)}`;
    lines.push(
      row(
        "gaps",
        file.gapCount === 0
          ? `none (${what})`
          : `${file.gapCount} (${what}; largest ${formatSpanMs(file.largestGapMs)})`,
      ),
    );
    for (const gap of file.gaps.slice(0, maxGapsShown)) {
      lines.push(
        row(
          "",
          `${formatDateTime(gap.fromMs)}  +${formatSpanMs(gap.lengthMs)}${gap.missingBars ? `  (${gap.missingBars} bars)` : ""}`,
        ),
      );
    }
    if (file.gapCount > maxGapsShown)
      lines.push(row("", colors.dim(`… ${file.gapCount - maxGapsShown} more (--json lists them)`)));
  }
  const nan = Object.entries(file.nanFields)
    .map(([field, n]) => `${field} ${n}`)
    .join(", ");
  lines.push(
    row(
      "integrity",
      `duplicates ${file.duplicates}, out of order ${file.outOfOrder}, NaN ${nan || "0"}, torn ${file.tornBytes} B, .idx ${file.idxEntries} entries`,
    ),
  );
  if (file.trades) {
    const t = file.trades;
    lines.push(
      row(
        "trades",
        `price ${formatNumber(t.priceMin)} … ${formatNumber(t.priceMax)}, VWAP ${formatNumber(+t.vwap.toPrecision(10))}`,
      ),
    );
    lines.push(
      row(
        "",
        `volume ${formatNumber(+t.volume.toPrecision(10))} (buy ${formatNumber(+t.buyVolume.toPrecision(10))}, sell ${formatNumber(+t.sellVolume.toPrecision(10))}), notional ${formatNumber(t.notional, 2)}`,
      ),
    );
  }
  if (file.klines) {
    const k = file.klines;
    lines.push(
      row(
        "klines",
        `${k.bars} bars${k.interval ? ` of ${k.interval}` : ""} from ${formatDateTime(k.firstOpenTimeMs)} to ${formatDateTime(k.lastOpenTimeMs)}; ${k.superseded} in-progress records superseded`,
      ),
    );
    lines.push(
      row(
        "",
        `open ${formatNumber(k.open)}  high ${formatNumber(k.high)}  low ${formatNumber(k.low)}  close ${formatNumber(k.close)}  volume ${formatNumber(+k.volume.toPrecision(10))}`,
      ),
    );
  }
  if (file.book) {
    const b = file.book;
    lines.push(
      row(
        "book",
        `${formatCount(b.levels)} level entries, ${b.anchors} snapshot anchors, ${b.seqBreaks} sequence breaks${b.badPayloads ? `, ${b.badPayloads} bad payloads` : ""}`,
      ),
    );
  }
  const gaps = file.gapRecords ?? file.stationGaps;
  if (gaps) {
    lines.push(
      row(file.gapRecords ? "gap records" : "station gaps", gaps.length === 0 ? "none" : String(gaps.length)),
    );
    for (const gap of gaps.slice(0, maxGapsShown)) {
      lines.push(
        row(
          "",
          `${gap.stream ?? "?"}${gap.interval ? ` ${gap.interval}` : ""}  ${formatDateTime(gap.fromMs)}  +${formatSpanMs(gap.lengthMs)}  ${gap.reason}`,
        ),
      );
    }
  }
  for (const problem of file.problems) lines.push(row("problem", colors.yellow(problem)));
  return lines;
}

/** One row per file plus a totals line. */
export function renderInspectionTable(files: readonly FileInspection[], totals: InspectTotals): string {
  const table = renderTable(
    [
      "file",
      "records",
      "from (UTC)",
      "span",
      "rate mean/peak",
      "gaps",
      "dups",
      "out of order",
      "torn B",
      "status",
    ],
    files.map((file) => [
      labelOf(file),
      formatCount(file.records),
      formatDateTime(file.firstTsMs).slice(11),
      formatSpanMs(file.spanMs),
      file.records > 0 ? `${formatRate(file.meanRatePerS)} / ${file.peakRatePerS}/s` : "—",
      file.gapCount,
      file.duplicates,
      file.outOfOrder,
      file.tornBytes,
      colorStatus(file.status),
    ]),
  );
  return `${table}\n${renderInspectTotals(totals)}`;
}

export function renderInspectTotals(totals: InspectTotals): string {
  const parts = [
    `${totals.files} files: ${colors.green(`${totals.clean} clean`)}, ${colors.yellow(`${totals.dirty} dirty`)}, ${colors.red(`${totals.corrupt} corrupt`)}`,
    `${formatCount(totals.records)} records`,
    formatBytes(totals.bytes),
    `${totals.gaps} gaps`,
    `${totals.duplicates} duplicates`,
    `${totals.outOfOrder} out of order`,
    `${totals.tornBytes} torn bytes`,
  ];
  if (totals.skipped > 0) parts.push(`${totals.skipped} files of other kinds skipped`);
  return parts.join(" · ");
}

/** Cure results: one row per file plus a summary line. */
export function renderCureTable(results: readonly CureResult[], isDryRun: boolean): string {
  const table = renderTable(
    [
      "file",
      "records",
      "torn B cut",
      "dups dropped",
      "superseded",
      "reordered",
      "gaps",
      "backfilled",
      "result",
    ],
    results.map((result) => [
      labelOf(result),
      `${formatCount(result.recordsBefore)} → ${formatCount(result.recordsAfter)}`,
      result.tornBytesCut,
      result.duplicatesDropped,
      result.supersededDropped,
      result.reordered,
      result.gapsFound,
      result.backfilled,
      colorStatus(result.action),
    ]),
  );
  const changed = results.filter(
    (result) => result.action === "rewritten" || result.action === "would rewrite",
  );
  const failed = results.filter((result) => result.action === "failed");
  const summary = `${results.length} files: ${changed.length} ${isDryRun ? "would be rewritten" : "rewritten"}, ${results.length - changed.length - failed.length} unchanged${failed.length ? `, ${colors.red(`${failed.length} failed`)}` : ""}`;
  return `${table}\n${summary}`;
}
