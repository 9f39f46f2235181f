// One venue account's sockets: streams are packed onto shards of at most `maxStreamsPerSocket` channels, shared
// wire channels are ref-counted, inbound frames are parsed by the adapter and routed to listeners by stream key,
// server pings are answered the venue's way, and every reconnect is reported to each stream as a `reconnect` event.

import {
  type Account,
  type MarketEvent,
  nowUs,
  type ReconnectEvent,
  type StreamSpec,
  streamKeyOf,
} from "../core/index.ts";
import type { ExchangeAdapter, ParseContext } from "../exchanges/_shared/adapter.ts";
import { type BackoffOptions, type ManagedSocket, openSocket, type SocketUpInfo } from "../transport/ws.ts";
import type { HubDiagnostic } from "./diagnostics.ts";

export type EventListener = (event: MarketEvent) => void;

interface Channel {
  id: string;
  /** The spec whose subscribe frame opens this channel. */
  spec: StreamSpec;
  /** Specs riding on this channel, by stream key, with their listeners. */
  routes: Map<string, { spec: StreamSpec; listeners: Set<EventListener> }>;
  shard: Shard;
}

interface Shard {
  index: number;
  socket: ManagedSocket;
  channels: Map<string, Channel>;
  context: ParseContext;
}

export interface SocketPoolOptions {
  adapter: ExchangeAdapter;
  account: Account;
  url: string;
  /**
   * The URL to dial, asked before every (re)connect, for venues that hand out one per connection (KuCoin's token);
   * `url` then only names the pool. Default: dial `url`.
   */
  resolveUrl?: () => Promise<string>;
  /** Canonical symbol of a native one, for natives no live subscription names. */
  symbolOf(native: string): string;
  onDiagnostic(diagnostic: HubDiagnostic): void;
  backoff?: Partial<BackoffOptions>;
  connectTimeoutMs?: number;
  /** Raw traffic tap: every inbound text frame, before parsing (HubOptions.onRawFrame). */
  onRawFrame?: (url: string, text: string, recvTsUs: number) => void;
}

export interface SocketPoolStats {
  shards: number;
  channels: number;
  framesIn: number;
  events: number;
  unmatched: number;
  venueErrors: number;
  reconnects: number;
}

export interface SocketPool {
  /** Routes a stream's events to `listener`; the returned function removes it (and unsubscribes when it was the last). */
  add(spec: StreamSpec, listener: EventListener): () => void;
  close(): Promise<void>;
  readonly stats: SocketPoolStats;
}

export function createSocketPool(options: SocketPoolOptions): SocketPool {
  const { adapter, account } = options;
  const ws = adapter.ws;
  const shards: Shard[] = [];
  const channels = new Map<string, Channel>();
  /** Listeners by stream key, across channels: the routing table for parsed events. */
  const listenersByKey = new Map<string, Set<EventListener>>();
  const nativeToSymbol = new Map<string, string>();
  const warnedTopics = new Set<string>();
  const stats: SocketPoolStats = {
    shards: 0,
    channels: 0,
    framesIn: 0,
    events: 0,
    unmatched: 0,
    venueErrors: 0,
    reconnects: 0,
  };
  let requestId = 1;
  let shardSerial = 0;

  function symbolOf(native: string): string {
    return nativeToSymbol.get(native.toUpperCase()) ?? options.symbolOf(native);
  }

  function channelIdOf(spec: StreamSpec): string {
    return (
      ws.channelOf?.(spec) ??
      `${streamKeyOf(spec.kind, spec.account, spec.native, spec.interval)}|${spec.depth ?? ""}`
    );
  }

  function route(event: MarketEvent): void {
    const interval = event.kind === "kline" ? event.interval : undefined;
    const listeners = listenersByKey.get(
      streamKeyOf(event.kind as StreamSpec["kind"], event.account, event.symbol, interval),
    );
    if (!listeners) return;
    stats.events++;
    for (const listener of listeners) listener(event);
  }

  function handleFrame(shard: Shard, text: string, recvTsUs: number): void {
    stats.framesIn++;
    options.onRawFrame?.(options.url, text, recvTsUs);
    shard.context.recvTsUs = recvTsUs;
    const parsed = ws.parse(text, shard.context);
    switch (parsed.kind) {
      case "events":
        for (const event of parsed.events) route(event);
        return;
      case "ping":
        if (parsed.reply !== undefined) shard.socket.send(parsed.reply);
        return;
      case "venue-error":
        stats.venueErrors++;
        if (parsed.reconnect) shard.socket.reconnect(`venue asked to reconnect: ${parsed.message}`);
        options.onDiagnostic({
          level: "warn",
          exchange: adapter.id,
          account,
          code: "venue-error",
          message: `${adapter.id} ${account}: venue error: ${parsed.message}`,
        });
        return;
      case "unmatched":
        stats.unmatched++;
        if (!warnedTopics.has(parsed.topic)) {
          warnedTopics.add(parsed.topic);
          options.onDiagnostic({
            level: "warn",
            exchange: adapter.id,
            account,
            code: "unmatched-topic",
            message: `${adapter.id} ${account}: frames on unknown topic '${parsed.topic}' (counted, not emitted)`,
          });
        }
        return;
      default:
        return;
    }
  }

  function announceReconnect(shard: Shard, info: SocketUpInfo): void {
    stats.reconnects++;
    const recvTsUs = nowUs();
    for (const channel of shard.channels.values()) {
      for (const { spec, listeners } of channel.routes.values()) {
        const event: ReconnectEvent = {
          kind: "reconnect",
          exchange: adapter.id,
          account,
          symbol: spec.symbol,
          tsMs: info.upAtMs,
          recvTsUs,
          stream: spec.kind,
          downSinceMs: info.downSinceMs ?? info.upAtMs,
          upAtMs: info.upAtMs,
          attempt: info.attempt,
          reason: info.lastDownReason ?? "connection lost",
        };
        for (const listener of listeners) listener(event);
      }
    }
  }

  function openShard(): Shard {
    const index = shardSerial++;
    const context: ParseContext = {
      exchange: adapter.id,
      account,
      recvTsUs: 0,
      symbolOf,
      session: new Map(),
    };
    // The callbacks below run only after the socket connects, by which time `shard` is initialised.
    const socket = openSocket({
      name: `${adapter.id}/${account}#${index}`,
      url: options.resolveUrl ?? options.url,
      connectTimeoutMs: options.connectTimeoutMs,
      ping: ws.pingOf?.(account) ?? ws.ping,
      decodeBinary: ws.decodeBinary,
      silenceMs: ws.silenceMs,
      backoff: options.backoff,
      settleMs: ws.settleMs,
      maxSendPerSecond: ws.maxSendPerSecond,
      onOpen(info) {
        shard.context.session.clear();
        if (info.reconnected) announceReconnect(shard, info);
        const specs = [...shard.channels.values()].map((channel) => channel.spec);
        return specs.length > 0 ? ws.subscribe(specs, requestId++) : [];
      },
      onFrame(text, recvTsUs) {
        handleFrame(shard, text, recvTsUs);
      },
      onDown(info) {
        options.onDiagnostic({
          level: "info",
          exchange: adapter.id,
          account,
          code: "socket-down",
          message: `${adapter.id} ${account} socket #${index} down (${info.reason}); retrying in ${Math.round(info.willRetryInMs)} ms`,
        });
      },
      onError(error) {
        options.onDiagnostic({
          level: "warn",
          exchange: adapter.id,
          account,
          // Undecodable frames are dropped and counted by the transport; anything else is a connection problem.
          code: error.code === "E_PARSE" ? "decode-error" : "socket-error",
          message: error.message,
        });
      },
    });
    const shard: Shard = { index, socket, channels: new Map(), context };
    shards.push(shard);
    stats.shards = shards.length;
    return shard;
  }

  function pickShard(): Shard {
    for (const shard of shards) {
      if (shard.channels.size < ws.maxStreamsPerSocket) return shard;
    }
    return openShard();
  }

  function closeShardIfEmpty(shard: Shard): void {
    if (shard.channels.size > 0) return;
    const at = shards.indexOf(shard);
    if (at >= 0) shards.splice(at, 1);
    stats.shards = shards.length;
    void shard.socket.close();
  }

  return {
    add(spec, listener) {
      nativeToSymbol.set(spec.native.toUpperCase(), spec.symbol);
      const key = streamKeyOf(spec.kind, spec.account, spec.symbol, spec.interval);
      let keyListeners = listenersByKey.get(key);
      if (!keyListeners) {
        keyListeners = new Set();
        listenersByKey.set(key, keyListeners);
      }
      keyListeners.add(listener);

      const channelId = channelIdOf(spec);
      let channel = channels.get(channelId);
      if (!channel) {
        const shard = pickShard();
        channel = { id: channelId, spec, routes: new Map(), shard };
        channels.set(channelId, channel);
        shard.channels.set(channelId, channel);
        stats.channels = channels.size;
        if (shard.socket.isOpen) {
          for (const frame of ws.subscribe([spec], requestId++)) shard.socket.send(frame);
        }
      }
      let routeEntry = channel.routes.get(key);
      if (!routeEntry) {
        routeEntry = { spec, listeners: new Set() };
        channel.routes.set(key, routeEntry);
      }
      routeEntry.listeners.add(listener);

      const owner = channel;
      let removed = false;
      return () => {
        if (removed) return;
        removed = true;
        keyListeners.delete(listener);
        if (keyListeners.size === 0) listenersByKey.delete(key);
        const entry = owner.routes.get(key);
        entry?.listeners.delete(listener);
        if (entry && entry.listeners.size === 0) owner.routes.delete(key);
        if (owner.routes.size > 0) return;
        channels.delete(owner.id);
        owner.shard.channels.delete(owner.id);
        stats.channels = channels.size;
        if (owner.shard.socket.isOpen && owner.shard.channels.size > 0) {
          for (const frame of ws.unsubscribe([owner.spec], requestId++, owner.shard.context.session))
            owner.shard.socket.send(frame);
        }
        closeShardIfEmpty(owner.shard);
      };
    },
    async close() {
      const closing = shards.map((shard) => shard.socket.close());
      shards.length = 0;
      channels.clear();
      listenersByKey.clear();
      stats.shards = 0;
      stats.channels = 0;
      await Promise.all(closing);
    },
    stats,
  };
}
