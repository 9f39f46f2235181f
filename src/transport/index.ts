// Public surface of the transport layer: the managed WebSocket client, the HTTP client and the rate limiter.

export * from "./backoff.ts";
export * from "./hints.ts";
export * from "./http.ts";
export * from "./rate-limit.ts";
export {
  decodeBinaryFrame,
  type ManagedSocket,
  openSocket,
  type SocketOptions,
  type SocketStats,
  type SocketUpInfo,
} from "./ws.ts";
