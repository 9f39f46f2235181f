// Reconnect / retry delays: exponential backoff with random jitter, shared by the WebSocket and HTTP clients.
// Pure: the random source is injectable so tests can pin it.

export interface BackoffOptions {
  /** Delay before the first retry. */
  initialMs: number;
  /** Ceiling of the delay, jitter included. */
  maxMs: number;
  /** Growth per failed attempt. */
  factor: number;
  /** Relative spread: 0.2 → the delay lands anywhere in ±20 % of the nominal value. */
  jitter: number;
  /** A connection must stay up this long before the attempt counter goes back to 0. */
  healthyAfterMs: number;
}

export const DEFAULT_BACKOFF: BackoffOptions = {
  initialMs: 1000,
  maxMs: 30_000,
  factor: 2,
  jitter: 0.2,
  healthyAfterMs: 30_000,
};

/**
 * Delay before retry number `attempt` (0 = first retry): initialMs × factor^attempt capped at maxMs,
 * spread by ±jitter with a random (not alternating) factor so that many sockets dropped at the same
 * moment do not reconnect in lock-step. Never negative, never above maxMs, whole milliseconds.
 */
export function computeBackoffMs(
  attempt: number,
  options: BackoffOptions,
  random: () => number = Math.random,
): number {
  const n = Number.isFinite(attempt) && attempt > 0 ? Math.floor(attempt) : 0;
  const maxMs = Math.max(0, options.maxMs);
  const nominalMs = Math.min(maxMs, Math.max(0, options.initialMs) * Math.max(1, options.factor) ** n);
  const jitter = Math.min(1, Math.max(0, options.jitter));
  const spread = jitter * (2 * random() - 1);
  return Math.round(Math.min(maxMs, Math.max(0, nominalMs * (1 + spread))));
}
