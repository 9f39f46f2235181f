// HTTP client for venue REST APIs: GET (or POST) JSON with per-attempt timeouts, retries with backoff, Retry-After
// handling through the venue's shared rate limiter, and venue error messages turned into Dig3Errors with a hint.

import { Dig3Error } from "../core/errors.ts";
import { sleepMs } from "../core/time.ts";
import { computeBackoffMs } from "./backoff.ts";
import type { RateLimiter } from "./rate-limit.ts";
import { describeUrlEnvVar } from "./hints.ts";

export interface HttpClientOptions {
  /** Venue id, e.g. "binance" (names the DIG3_<VENUE>_REST_URL override in hints). */
  name: string;
  baseUrl: string;
  /** Per attempt, body included. Default 10_000. */
  timeoutMs?: number;
  /** Retries after the first attempt. Default 3. */
  retries?: number;
  /** First retry delay; doubles each retry, ±20 % jitter. Default 500. */
  retryBaseMs?: number;
  /** Shared by every client of one venue; 429/418 penalize it so that all of them pause. */
  limiter?: RateLimiter;
  headers?: Record<string, string>;
  /** A Retry-After longer than this fails at once instead of waiting (a 418 ban can last hours). Default 60_000. */
  maxRetryAfterMs?: number;
}

export interface HttpStats {
  /** Attempts sent, retries included. */
  requests: number;
  retries: number;
  /** getJson calls that ended in an error. */
  errors: number;
  lastLatencyMs: number;
}

export interface HttpClient {
  getJson(
    path: string,
    query?: Record<string, string | number | undefined>,
    options?: { weight?: number; signal?: AbortSignal },
  ): Promise<unknown>;
  /**
   * Like getJson, as a POST: without a body (KuCoin hands out its socket token by `POST /api/v1/bullet-public`), or
   * with `options.body` sent as JSON (HyperLiquid's `POST /info`).
   */
  postJson(
    path: string,
    query?: Record<string, string | number | undefined>,
    options?: { weight?: number; signal?: AbortSignal; body?: unknown },
  ): Promise<unknown>;
  readonly stats: HttpStats;
}

type HttpMethod = "GET" | "POST";

type Attempt =
  | { ok: true; value: unknown }
  | { ok: false; error: Dig3Error; retry: boolean; waitMs?: number };

const MESSAGE_FIELDS = ["msg", "message", "error", "err_msg", "retMsg", "errorMessage"] as const;
const CODE_FIELDS = ["code", "retCode", "err_code", "error_code", "errorCode"] as const;
const MAX_MESSAGE_CHARS = 300;

/** `base + path + ?query`, leaving out undefined query values. */
export function buildUrl(
  baseUrl: string,
  path: string,
  query?: Record<string, string | number | undefined>,
): string {
  const base = baseUrl.replace(/\/+$/, "");
  const tail = path === "" || path.startsWith("/") ? path : `/${path}`;
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query ?? {})) {
    if (value !== undefined) params.append(key, String(value));
  }
  const search = params.toString();
  if (search === "") return base + tail;
  return base + tail + (tail.includes("?") ? "&" : "?") + search;
}

/** Retry-After as milliseconds: seconds (fractions accepted) or an HTTP date; undefined when absent or unreadable. */
export function parseRetryAfterMs(
  value: string | null | undefined,
  nowMs: number = Date.now(),
): number | undefined {
  if (value === null || value === undefined) return undefined;
  const text = value.trim();
  if (text === "") return undefined;
  if (/^\d+(\.\d+)?$/.test(text)) return Math.round(Number(text) * 1000);
  const atMs = Date.parse(text);
  if (Number.isNaN(atMs)) return undefined;
  return Math.max(0, atMs - nowMs);
}

function truncate(text: string, maxChars: number = MAX_MESSAGE_CHARS): string {
  return text.length <= maxChars ? text : `${text.slice(0, maxChars)}…`;
}

function textOf(value: unknown): string | undefined {
  if (typeof value === "string") return value.trim() === "" ? undefined : value.trim();
  if (Array.isArray(value)) {
    const parts = value.map(textOf).filter((part): part is string => part !== undefined);
    return parts.length > 0 ? parts.join("; ") : undefined;
  }
  if (value !== null && typeof value === "object") {
    const record = value as Record<string, unknown>;
    return textOf(record.message) ?? textOf(record.msg);
  }
  return undefined;
}

function codeOf(record: Record<string, unknown>): string | number | undefined {
  for (const field of CODE_FIELDS) {
    const value = record[field];
    if (typeof value === "number" || (typeof value === "string" && value !== "")) return value;
  }
  const nested = record.error;
  if (nested !== null && typeof nested === "object" && !Array.isArray(nested)) {
    return codeOf(nested as Record<string, unknown>);
  }
  return undefined;
}

/**
 * The venue's own words from an error body: the first of msg, message, error, err_msg, retMsg (strings, arrays of
 * strings as Kraken sends, or nested { message }), else the raw text; truncated. Plus its error code when present.
 */
export function extractVenueMessage(body: string): { message: string; venueCode?: string | number } {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    parsed = undefined;
  }
  if (parsed !== null && typeof parsed === "object" && !Array.isArray(parsed)) {
    const record = parsed as Record<string, unknown>;
    const venueCode = codeOf(record);
    let message: string | undefined;
    for (const field of MESSAGE_FIELDS) {
      message = textOf(record[field]);
      if (message !== undefined) break;
    }
    const result: { message: string; venueCode?: string | number } = {
      message: truncate(message ?? body.trim()),
    };
    if (venueCode !== undefined) result.venueCode = venueCode;
    return result;
  }
  const raw = body.trim();
  return { message: raw === "" ? "(empty body)" : truncate(raw) };
}

function hintForStatus(status: number, envVar: string): string {
  if (status === 401 || status === 403) {
    return `the venue refused access (credentials, or a regional block); try another endpoint through ${envVar}`;
  }
  if (status === 404)
    return "check the symbol, and that the venue offers this endpoint for this account type";
  return "check the symbol and parameters: the venue's message says what it rejected";
}

export function createHttpClient(options: HttpClientOptions): HttpClient {
  const timeoutMs = options.timeoutMs ?? 10_000;
  const retries = Math.max(0, options.retries ?? 3);
  const retryBaseMs = options.retryBaseMs ?? 500;
  const maxRetryAfterMs = options.maxRetryAfterMs ?? 60_000;
  const envVar = describeUrlEnvVar(options.name, "REST");
  const headers: Record<string, string> = { accept: "application/json", ...options.headers };
  const backoff = { initialMs: retryBaseMs, maxMs: 30_000, factor: 2, jitter: 0.2, healthyAfterMs: 0 };
  const stats: HttpStats = { requests: 0, retries: 0, errors: 0, lastLatencyMs: 0 };

  function abortedError(path: string, reason: unknown, method: HttpMethod = "GET"): Dig3Error {
    return new Dig3Error("E_CLOSED", `${options.name}: ${method} ${path} aborted by the caller`, {
      cause: reason,
      hint: "nothing to fix: the request was cancelled on purpose",
      details: { path },
    });
  }

  async function attemptOnce(
    url: string,
    path: string,
    attempt: number,
    signal?: AbortSignal,
    method: HttpMethod = "GET",
    jsonBody?: string,
  ): Promise<Attempt> {
    const timeoutSignal = AbortSignal.timeout(timeoutMs);
    const fetchSignal = signal ? AbortSignal.any([signal, timeoutSignal]) : timeoutSignal;
    const startedMs = performance.now();
    stats.requests++;
    let response: Response;
    let body: string;
    try {
      response =
        jsonBody === undefined
          ? await fetch(url, { method, headers, signal: fetchSignal })
          : await fetch(url, {
              method,
              headers: { ...headers, "content-type": "application/json" },
              body: jsonBody,
              signal: fetchSignal,
            });
      body = await response.text();
    } catch (error) {
      if (signal?.aborted)
        return { ok: false, error: abortedError(path, signal.reason, method), retry: false };
      if (timeoutSignal.aborted) {
        const timeout = new Dig3Error(
          "E_TIMEOUT",
          `${options.name}: ${method} ${path} got no answer within ${timeoutMs} ms`,
          {
            cause: error,
            hint: `check the network or ${envVar}; raise timeoutMs if the venue is just slow`,
            details: { path, timeoutMs },
          },
        );
        return { ok: false, error: timeout, retry: true };
      }
      const message = error instanceof Error ? error.message : String(error);
      const network = new Dig3Error("E_NETWORK", `${options.name}: ${method} ${path} failed: ${message}`, {
        cause: error,
        hint: `check the network or ${envVar}`,
        details: { path },
      });
      return { ok: false, error: network, retry: true };
    } finally {
      stats.lastLatencyMs = performance.now() - startedMs;
    }

    const status = response.status;
    if (status >= 200 && status < 300) {
      try {
        return { ok: true, value: JSON.parse(body) };
      } catch (error) {
        const parse = new Dig3Error(
          "E_PARSE",
          `${options.name}: ${method} ${path} answered HTTP ${status} with a body that is not JSON: ${truncate(body.trim(), 120)}`,
          {
            cause: error,
            hint: `check that ${envVar} points at the venue's REST API`,
            details: { path, status },
          },
        );
        return { ok: false, error: parse, retry: false };
      }
    }

    if (status === 429 || status === 418) {
      const statedMs = parseRetryAfterMs(response.headers.get("retry-after"));
      const retryAfterMs = statedMs ?? computeBackoffMs(attempt, backoff);
      options.limiter?.penalize(Date.now() + retryAfterMs);
      const { message, venueCode } = extractVenueMessage(body);
      const what = status === 418 ? "banned this client for a while" : "is rate limiting this client";
      const limited = new Dig3Error(
        "E_RATE_LIMITED",
        `${options.name}: ${method} ${path}: the venue ${what} (HTTP ${status}): ${message}`,
        {
          hint: `lower the request rate; the venue asks to wait ${Math.ceil(retryAfterMs / 1000)} s`,
          details: { path, status, retryAfterMs, venueCode },
        },
      );
      return { ok: false, error: limited, retry: retryAfterMs <= maxRetryAfterMs, waitMs: retryAfterMs };
    }

    if (status >= 500) {
      const { message } = extractVenueMessage(body);
      const server = new Dig3Error(
        "E_HTTP",
        `${options.name}: ${method} ${path} failed with HTTP ${status}: ${message}`,
        {
          hint: `the venue's server is failing; try again later, or check ${envVar}`,
          details: { path, status },
        },
      );
      return { ok: false, error: server, retry: true };
    }

    if (status >= 400) {
      const { message, venueCode } = extractVenueMessage(body);
      const codeText = venueCode === undefined ? "" : `, code ${venueCode}`;
      const venue = new Dig3Error(
        "E_VENUE",
        `${options.name}: ${message} (${method} ${path}: HTTP ${status}${codeText})`,
        {
          hint: hintForStatus(status, envVar),
          details: { path, status, venueCode },
        },
      );
      return { ok: false, error: venue, retry: false };
    }

    const other = new Dig3Error(
      "E_HTTP",
      `${options.name}: ${method} ${path} answered an unexpected HTTP ${status}`,
      {
        hint: `check that ${envVar} points at the venue's REST API`,
        details: { path, status },
      },
    );
    return { ok: false, error: other, retry: false };
  }

  async function requestJson(
    method: HttpMethod,
    path: string,
    query?: Record<string, string | number | undefined>,
    requestOptions: { weight?: number; signal?: AbortSignal; body?: unknown } = {},
  ): Promise<unknown> {
    const { weight = 1, signal } = requestOptions;
    const url = buildUrl(options.baseUrl, path, query);
    const jsonBody = requestOptions.body === undefined ? undefined : JSON.stringify(requestOptions.body);
    for (let attempt = 0; ; attempt++) {
      if (signal?.aborted) {
        stats.errors++;
        throw abortedError(path, signal.reason, method);
      }
      if (options.limiter) {
        try {
          await options.limiter.acquire(weight, signal);
        } catch (reason) {
          stats.errors++;
          throw abortedError(path, reason, method);
        }
      }
      const outcome = await attemptOnce(url, path, attempt, signal, method, jsonBody);
      if (outcome.ok) return outcome.value;
      if (!outcome.retry || attempt >= retries) {
        stats.errors++;
        throw outcome.error;
      }
      stats.retries++;
      // After a 429 the penalized limiter does the waiting; without one, wait here.
      const waitMs =
        outcome.waitMs !== undefined
          ? options.limiter
            ? 0
            : outcome.waitMs
          : computeBackoffMs(attempt, backoff);
      if (waitMs > 0) await sleepMs(waitMs, signal);
    }
  }

  return {
    getJson: (path, query, requestOptions) => requestJson("GET", path, query, requestOptions),
    postJson: (path, query, requestOptions) => requestJson("POST", path, query, requestOptions),
    get stats() {
      return stats;
    },
  };
}
