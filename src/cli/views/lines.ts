// One human line per event for the live views (trade tape, klines, tickers, mark, funding, OI, liquidations).

import type { MarketEvent } from "../../core/index.ts";
import { colors, formatNumber, formatTime } from "../output.ts";

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
    default:
      return undefined;
  }
}
