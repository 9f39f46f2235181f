// The `dig3 capture` config file (TOML, parsed by Bun): storage root, Station settings, defaults, and the streams to
// record, expanded into Station subscription requests. Every mistake is one E_BAD_INPUT line naming the key.

import { type Account, Dig3Error, parseAccount, parseStreamKind, type StreamKind } from "../core/index.ts";
import type { SubscriptionRequest } from "../station/index.ts";

export const EXAMPLE_CAPTURE_TOML = `# dig3 capture --config capture.toml
storage_root = "./dig3_storage"   # --storage-root wins; else DIG3_STORAGE_ROOT, else ./dig3_storage
gap_heal = true                   # backfill outages from REST, record what cannot be recovered
warm_start = 0

[defaults]                        # apply to every [[streams]] entry unless it says otherwise
account = "spot"
intervals = ["1m"]                # klines

[[streams]]
exchange = "binance"
symbols = ["BTC/USDT", "ETH/USDT"]
kinds = ["trades", "orderbook", "kline"]

[[streams]]
exchange = "binance"
account = "linear"
symbols = ["BTC/USDT:USDT"]
kinds = ["trades", "mark", "funding", "open-interest", "liquidations", "kline"]
options = { intervals = ["1m", "1h"] }
`;

export interface CaptureConfig {
  storageRoot: string | undefined;
  gapHeal: boolean | undefined;
  warmStart: number | undefined;
  persist: boolean | undefined;
  requests: SubscriptionRequest[];
}

const TOP_KEYS = ["storage_root", "gap_heal", "warm_start", "persist", "defaults", "streams"];
const OPTION_KEYS = ["account", "interval", "intervals", "depth"];
const STREAM_KEYS = ["exchange", "account", "symbols", "kinds", "options"];
const SIMILAR: Record<string, string> = {
  stream: "streams",
  symbol: "symbols",
  kind: "kinds",
  storage: "storage_root",
  storageRoot: "storage_root",
  root: "storage_root",
  gapHeal: "gap_heal",
  warmStart: "warm_start",
};

function fail(where: string, message: string, hint?: string): Dig3Error {
  return new Dig3Error("E_BAD_INPUT", `${where}: ${message}`, {
    hint: hint ?? "see 'dig3 capture --example' for a config that works",
  });
}

function isTable(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function checkKeys(where: string, table: Record<string, unknown>, allowed: readonly string[]): void {
  for (const key of Object.keys(table)) {
    if (allowed.includes(key)) continue;
    const similar = SIMILAR[key];
    throw fail(
      where,
      `unknown key '${key}'`,
      similar ? `did you mean '${similar}'?` : `keys here: ${allowed.join(", ")}`,
    );
  }
}

function readString(where: string, value: unknown): string {
  if (typeof value !== "string" || value.trim() === "") throw fail(where, "must be a non-empty string");
  return value;
}

function readStrings(where: string, value: unknown): string[] {
  const list = typeof value === "string" ? [value] : value;
  if (!Array.isArray(list) || list.length === 0)
    throw fail(where, "must be a string or a non-empty list of strings");
  return list.map((item, i) => readString(`${where}[${i}]`, item));
}

function readBool(where: string, value: unknown): boolean | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== "boolean") throw fail(where, `must be true or false, got ${JSON.stringify(value)}`);
  return value;
}

function readCount(where: string, value: unknown): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== "number" || !Number.isInteger(value) || value < 0) {
    throw fail(where, `must be a whole number ≥ 0, got ${JSON.stringify(value)}`);
  }
  return value;
}

interface StreamOptions {
  account?: string;
  intervals?: string[];
  depth?: number;
}

function readOptions(where: string, value: unknown): StreamOptions {
  if (value === undefined) return {};
  if (!isTable(value)) throw fail(where, "must be a table");
  checkKeys(where, value, OPTION_KEYS);
  const out: StreamOptions = {};
  if (value.account !== undefined) out.account = readString(`${where}.account`, value.account);
  if (value.interval !== undefined && value.intervals !== undefined) {
    throw fail(where, "give 'interval' or 'intervals', not both");
  }
  const intervals = value.intervals ?? value.interval;
  if (intervals !== undefined) out.intervals = readStrings(`${where}.intervals`, intervals);
  const depth = readCount(`${where}.depth`, value.depth);
  if (depth !== undefined) out.depth = depth;
  return out;
}

/** Parses and checks a capture config; `source` names the file in messages. */
export function parseCaptureConfig(text: string, source: string): CaptureConfig {
  let parsed: unknown;
  try {
    parsed = Bun.TOML.parse(text);
  } catch (error) {
    throw fail(source, `not valid TOML (${(error as Error).message.replace(/^TOML Parse error: /, "")})`);
  }
  if (!isTable(parsed)) throw fail(source, "not a TOML table");
  checkKeys(source, parsed, TOP_KEYS);
  const defaults = readOptions(`${source}: [defaults]`, parsed.defaults);
  const streams = parsed.streams;
  if (!Array.isArray(streams) || streams.length === 0) {
    throw fail(source, "no [[streams]] to capture");
  }
  const requests: SubscriptionRequest[] = [];
  const seen = new Set<string>();
  streams.forEach((stream, index) => {
    const where = `${source}: streams[${index + 1}]`;
    if (!isTable(stream)) throw fail(where, "must be a table ([[streams]])");
    checkKeys(where, stream, STREAM_KEYS);
    const exchange = readString(`${where}.exchange`, stream.exchange);
    const options = { ...defaults, ...readOptions(`${where}.options`, stream.options) };
    const accountText =
      stream.account === undefined ? options.account : readString(`${where}.account`, stream.account);
    let account: Account | undefined;
    try {
      account = accountText === undefined ? undefined : parseAccount(accountText);
    } catch (error) {
      throw fail(`${where}.account`, (error as Dig3Error).message, (error as Dig3Error).hint);
    }
    if (stream.symbols === undefined) throw fail(where, "'symbols' is missing", 'symbols = ["BTC/USDT"]');
    if (stream.kinds === undefined)
      throw fail(where, "'kinds' is missing", 'kinds = ["trades", "orderbook"]');
    const symbols = readStrings(`${where}.symbols`, stream.symbols);
    const kinds = readStrings(`${where}.kinds`, stream.kinds).map((text, i) => {
      try {
        return parseStreamKind(text);
      } catch (error) {
        const isBar = /bar|footprint/.test(text);
        throw fail(
          `${where}.kinds[${i}]`,
          (error as Dig3Error).message,
          isBar ? "bars are derived from trades and not stored: capture 'trades'" : (error as Dig3Error).hint,
        );
      }
    });
    for (const symbol of symbols) {
      for (const kind of kinds) {
        const intervals: (string | undefined)[] =
          kind === "kline" ? (options.intervals ?? ["1m"]) : [undefined];
        for (const interval of intervals) {
          const request: SubscriptionRequest = { exchange, kind, symbol };
          if (account) request.account = account;
          if (interval) request.interval = interval;
          if (kind === "book" && options.depth !== undefined) request.depth = options.depth;
          const key = describeRequest(request);
          if (seen.has(key)) throw fail(where, `${key} is listed twice`);
          seen.add(key);
          requests.push(request);
        }
      }
    }
  });
  return {
    storageRoot:
      parsed.storage_root === undefined
        ? undefined
        : readString(`${source}: storage_root`, parsed.storage_root),
    gapHeal: readBool(`${source}: gap_heal`, parsed.gap_heal),
    warmStart: readCount(`${source}: warm_start`, parsed.warm_start),
    persist: readBool(`${source}: persist`, parsed.persist),
    requests,
  };
}

/** `binance spot BTC/USDT kline 1m`. */
export function describeRequest(request: {
  exchange: string;
  account?: Account | undefined;
  kind: StreamKind | string;
  symbol: string;
  interval?: string | undefined;
}): string {
  return `${request.exchange} ${request.account ?? "spot"} ${request.symbol} ${request.kind}${request.interval ? ` ${request.interval}` : ""}`;
}
