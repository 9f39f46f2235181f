// One human line per event for the live views (trade tape, klines, tickers, mark, funding, OI, liquidations,
// derived bars, gaps); a closed footprint bar adds its volume-by-price lines.

import type { BarEvent, MarketEvent } from "../../core/index.ts";
import { colors, formatNumber, formatSpanMs, formatTime } from "../output.ts";

function side(value: "buy" | "sell"): string {
  return value === "buy" ? colors.green("buy ") : colors.red("sell");
}

export function formatEventLine(event: MarketEvent): string | undefined {
  const t = formatTime(event.tsMs);
  switch (event.kind) {
    case "trade":
    case "agg_trade":
      return `${t}  ${side(event.side)}  ${String(event.price).padStart(14)}  ${String(event.size).padStart(14)}  ${formatNumber(event.price * event.size, 2).padStart(14)}`;
    case "kline":
      return `${t}  [${event.interval}] ${new Date(event.openTimeMs).toISOString().slice(0, 16).replace("T", " ")}  O ${event.open}  H ${event.high}  L ${event.low}  C ${event.close}  V ${event.volume}${event.closed ? colors.bold("  closed") : ""}`;
    case "ticker":
      return `${t}  last ${formatNumber(event.last)}  bid ${formatNumber(event.bid)}  ask ${formatNumber(event.ask)}  24h ${event.changePct24h === undefined ? "—" : `${event.changePct24h.toFixed(2)}%`}  vol ${formatNumber(event.volume24h)}`;
    case "mark_price":
      return `${t}  mark ${event.markPrice}  index ${formatNumber(event.indexPrice)}`;
    case "funding_rate":
      return `${t}  funding ${(event.rate * 100).toFixed(4)}%  next ${event.nextFundingTsMs ? new Date(event.nextFundingTsMs).toISOString().slice(0, 16) : "—"}`;
    case "open_interest":
      return `${t}  open interest ${event.openInterest}${event.openInterestValue === undefined ? "" : `  value ${event.openInterestValue}`}`;
    case "liquidation":
      return `${t}  ${side(event.side)}  liquidation ${event.size} @ ${event.price}`;
    case "bar":
      return formatBarLine(t, event);
    case "gap":
      return `${t}  gap in ${event.stream}: ${new Date(event.fromMs).toISOString().slice(11, 23)} +${formatSpanMs(event.toMs - event.fromMs)} (${event.reason})`;
    default:
      return undefined;
  }
}

function round(value: number): string {
  return formatNumber(+value.toPrecision(10));
}

function formatBarLine(t: string, bar: BarEvent): string {
  const label = bar.bar === "footprint" ? `footprint ${bar.interval}` : `${bar.bar} ${bar.size}`;
  const head = `${t}  [${label}] ${new Date(bar.openTimeMs).toISOString().slice(11, 19)}  O ${bar.open}  H ${bar.high}  L ${bar.low}  C ${bar.close}  V ${round(bar.volume)} (${colors.green(`buy ${round(bar.buyVolume)}`)} / ${colors.red(`sell ${round(bar.sellVolume)}`)})  ${bar.trades} trades${bar.closed ? colors.bold("  closed") : ""}`;
  if (!bar.closed || !bar.levels || bar.levels.length === 0) return head;
  const levels = [...bar.levels].sort((a, b) => b[0] - a[0]);
  const shown = levels
    .slice(0, 12)
    .map(
      ([price, buy, sell]) =>
        `    ${String(price).padStart(14)}  ${colors.green(round(buy).padStart(12))}  ${colors.red(round(sell).padStart(12))}`,
    );
  if (levels.length > shown.length)
    shown.push(colors.dim(`    … ${levels.length - shown.length} more levels`));
  return [
    head,
    colors.dim(`    ${"price".padStart(14)}  ${"buy".padStart(12)}  ${"sell".padStart(12)}`),
    ...shown,
  ].join("\n");
}
