// One-shot REST queries: `dig3 ticker|book|trades|klines <exchange> <symbol>`.

import { defineCommand } from "citty";
import { parseInterval } from "../../core/index.ts";
import { klineIntervalsOf } from "../../exchanges/_shared/adapter.ts";
import { accountArg, commonArgs, jsonArg, parsePositiveInt } from "../args.ts";
import { accountFor, createHub } from "../context.ts";
import { colors, formatNumber, formatTime, printJson, printLine, renderTable } from "../output.ts";

const target = {
  exchange: { type: "positional", description: "venue id (see 'dig3 exchanges')", required: true },
  symbol: {
    type: "positional",
    description: "BTC/USDT, BTC/USDT:USDT, BTC-USDT or the venue's own BTCUSDT",
    required: true,
  },
} as const;

export const tickerCommand = defineCommand({
  meta: { name: "ticker" },
  args: { ...target, ...accountArg, ...jsonArg, ...commonArgs },
  async run({ args }) {
    const hub = createHub();
    try {
      const ticker = await hub
        .rest(args.exchange)
        .ticker(accountFor(args.exchange, args.account), args.symbol);
      if (args.json) return printJson(ticker);
      printLine(
        renderTable(
          ["symbol", "last", "bid", "ask", "24h high", "24h low", "24h volume", "24h change"],
          [
            [
              ticker.symbol,
              formatNumber(ticker.last),
              formatNumber(ticker.bid),
              formatNumber(ticker.ask),
              formatNumber(ticker.high24h),
              formatNumber(ticker.low24h),
              formatNumber(ticker.volume24h),
              ticker.changePct24h === undefined ? "—" : `${ticker.changePct24h.toFixed(2)}%`,
            ],
          ],
        ),
      );
    } finally {
      await hub.shutdownAll();
    }
  },
});

export const bookCommand = defineCommand({
  meta: { name: "book" },
  args: {
    ...target,
    ...accountArg,
    depth: { type: "string", description: "levels a side (default 10)" },
    ...jsonArg,
    ...commonArgs,
  },
  async run({ args }) {
    const depth = parsePositiveInt(args.depth, "depth", 10);
    const hub = createHub();
    try {
      const book = await hub
        .rest(args.exchange)
        .book(accountFor(args.exchange, args.account), args.symbol, Math.max(depth, 5));
      const bids = book.bids.slice(0, depth);
      const asks = book.asks.slice(0, depth);
      if (args.json) return printJson({ ...book, bids, asks });
      const rows = [...asks].reverse().map((l) => ["", "", formatNumber(l[0]), formatNumber(l[1])]);
      rows.push(...bids.map((l) => [formatNumber(l[1]), formatNumber(l[0]), "", ""]));
      printLine(`${book.symbol} seq ${book.seq ?? "—"}`);
      printLine(renderTable(["bid size", "bid", "ask", "ask size"], rows));
    } finally {
      await hub.shutdownAll();
    }
  },
});

export const tradesCommand = defineCommand({
  meta: { name: "trades" },
  args: {
    ...target,
    ...accountArg,
    limit: { type: "string", description: "trades (default 20)" },
    ...jsonArg,
    ...commonArgs,
  },
  async run({ args }) {
    const limit = parsePositiveInt(args.limit, "limit", 20);
    const hub = createHub();
    try {
      const trades = await hub
        .rest(args.exchange)
        .trades(accountFor(args.exchange, args.account), args.symbol, { limit });
      if (args.json) {
        for (const trade of trades) printJson(trade);
        return;
      }
      printLine(
        renderTable(
          ["time", "side", "price", "size", "id"],
          trades.map((t) => [
            formatTime(t.tsMs),
            t.side === "buy" ? colors.green("buy") : colors.red("sell"),
            formatNumber(t.price),
            formatNumber(t.size),
            t.tradeId,
          ]),
        ),
      );
    } finally {
      await hub.shutdownAll();
    }
  },
});

export const klinesCommand = defineCommand({
  meta: { name: "klines" },
  args: {
    ...target,
    ...accountArg,
    interval: { type: "string", description: "1m, 5m, 1h, 1d … (default 1m)" },
    limit: { type: "string", description: "bars (default 20)" },
    ...jsonArg,
    ...commonArgs,
  },
  async run({ args }) {
    const limit = parsePositiveInt(args.limit, "limit", 20);
    const hub = createHub();
    const account = accountFor(args.exchange, args.account);
    const interval = parseInterval(
      args.interval ?? "1m",
      klineIntervalsOf(hub.adapter(args.exchange), account),
    );
    try {
      const klines = await hub.rest(args.exchange).klines(account, args.symbol, { interval, limit });
      if (args.json) {
        for (const kline of klines) printJson(kline);
        return;
      }
      printLine(
        renderTable(
          ["open time", "open", "high", "low", "close", "volume"],
          klines.map((k) => [
            new Date(k.openTimeMs).toISOString().slice(0, 16).replace("T", " "),
            formatNumber(k.open),
            formatNumber(k.high),
            formatNumber(k.low),
            formatNumber(k.close),
            formatNumber(k.volume),
          ]),
        ),
      );
    } finally {
      await hub.shutdownAll();
    }
  },
});
