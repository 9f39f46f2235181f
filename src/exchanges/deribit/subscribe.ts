// Subscriptions → Deribit channels and JSON-RPC frames (pure). Every subscribe call opens with
// `public/set_heartbeat`, so a (re)connected socket always has the server heartbeat on. Streams that share a channel
// (trade + liquidation on `trades.*`; ticker, mark, funding and open interest on `ticker.*`) are subscribed once.

import type { StreamSpec } from "../../core/index.ts";

/**
 * Public channels use the `100ms` interval: `raw` "is only available to authorized users", and `agg2` would merge a
 * second's worth of book changes. Aggregation keeps every trade and the book's change_id chain intact.
 */
export const DERIBIT_INTERVAL = "100ms";

/** Channels per subscribe request: Deribit charges per request (~3.3 subscribe requests/s), not per channel. */
export const DERIBIT_MAX_CHANNELS_PER_FRAME = 200;

/** Heartbeat interval asked of the server, in seconds (Deribit's minimum is 10). */
export const DERIBIT_HEARTBEAT_S = 30;

/** Request ids of the keep-alive frames, far above the hub's subscribe ids so their answers never look like acks. */
export const DERIBIT_TEST_REPLY_ID = 9_000_000_001;
export const DERIBIT_CLIENT_PING_ID = 9_000_000_002;

/** The answer to a server `test_request`: without it the server closes the connection. */
export const DERIBIT_TEST_REPLY = JSON.stringify({
  jsonrpc: "2.0",
  id: DERIBIT_TEST_REPLY_ID,
  method: "public/test",
  params: {},
});

/** Client keep-alive: `public/test` answers with `{ version }`, which feeds the silence watchdog on quiet books. */
export const DERIBIT_CLIENT_PING = JSON.stringify({
  jsonrpc: "2.0",
  id: DERIBIT_CLIENT_PING_ID,
  method: "public/test",
  params: {},
});

/** Canonical kline interval → `chart.trades` resolution (minutes, or `1D`). */
export const DERIBIT_RESOLUTIONS: Readonly<Record<string, string>> = {
  "1m": "1",
  "3m": "3",
  "5m": "5",
  "10m": "10",
  "15m": "15",
  "30m": "30",
  "1h": "60",
  "2h": "120",
  "3h": "180",
  "6h": "360",
  "12h": "720",
  "1d": "1D",
};

/** `chart.trades` resolution → canonical interval. */
export function intervalOfResolution(resolution: string): string | undefined {
  for (const [interval, candidate] of Object.entries(DERIBIT_RESOLUTIONS)) {
    if (candidate === resolution) return interval;
  }
  return undefined;
}

/** The wire channel a spec rides on, or undefined when it is no socket stream (aggregate trades). */
export function channelNameOf(spec: StreamSpec): string | undefined {
  switch (spec.kind) {
    case "trade":
    case "liquidation":
      return `trades.${spec.native}.${DERIBIT_INTERVAL}`;
    case "book":
      return `book.${spec.native}.${DERIBIT_INTERVAL}`;
    case "ticker":
    case "mark_price":
    case "funding_rate":
    case "open_interest":
      return `ticker.${spec.native}.${DERIBIT_INTERVAL}`;
    case "kline": {
      const resolution = DERIBIT_RESOLUTIONS[spec.interval ?? "1m"];
      return resolution ? `chart.trades.${spec.native}.${resolution}` : undefined;
    }
    case "agg_trade":
      return undefined;
  }
}

/** Channel id for the hub's ref-counting: specs on the same wire channel share one subscription. */
export function channelOfSpec(spec: StreamSpec): string {
  return `${spec.account}|${channelNameOf(spec) ?? `${spec.kind}|${spec.native}`}`;
}

function uniqueChannels(specs: readonly StreamSpec[]): string[] {
  const names = new Set<string>();
  for (const spec of specs) {
    const name = channelNameOf(spec);
    if (name) names.add(name);
  }
  return [...names];
}

function requestFrames(
  method: "public/subscribe" | "public/unsubscribe",
  channels: readonly string[],
  requestId: number,
): string[] {
  const frames: string[] = [];
  for (let at = 0; at < channels.length; at += DERIBIT_MAX_CHANNELS_PER_FRAME) {
    const batch = channels.slice(at, at + DERIBIT_MAX_CHANNELS_PER_FRAME);
    frames.push(JSON.stringify({ jsonrpc: "2.0", id: requestId, method, params: { channels: batch } }));
  }
  return frames;
}

/**
 * `public/set_heartbeat` then `public/subscribe` frames. The heartbeat request rides with every subscribe call
 * because the hub replays subscriptions through this function on every (re)connect; repeating it is harmless.
 */
export function subscribeFrames(specs: readonly StreamSpec[], requestId: number): string[] {
  const channels = uniqueChannels(specs);
  if (channels.length === 0) return [];
  const heartbeat = JSON.stringify({
    jsonrpc: "2.0",
    id: requestId,
    method: "public/set_heartbeat",
    params: { interval: DERIBIT_HEARTBEAT_S },
  });
  return [heartbeat, ...requestFrames("public/subscribe", channels, requestId)];
}

export function unsubscribeFrames(specs: readonly StreamSpec[], requestId: number): string[] {
  return requestFrames("public/unsubscribe", uniqueChannels(specs), requestId);
}
