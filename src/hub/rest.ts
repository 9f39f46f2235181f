// REST execution for adapters: one rate limiter per budget the venue declares (one for the venue, or one per pool
// where its APIs are limited separately), one HTTP client per budget and base URL, and the adapter's pure response
// parser applied to the body. A parser failure becomes E_PARSE with the venue and path named.

import { type Account, Dig3Error, nowUs } from "../core/index.ts";
import type { ExchangeAdapter, ParseContext, RestCall } from "../exchanges/_shared/adapter.ts";
import { buildUrl, createHttpClient, type HttpClient } from "../transport/http.ts";
import { createRateLimiter, type RateLimiter } from "../transport/rate-limit.ts";
import { type EndpointOverrides, type Env, findEndpointOverride } from "./endpoints.ts";

export interface RestRunnerOptions {
  adapter: ExchangeAdapter;
  testnet: boolean;
  env: Env;
  overrides?: EndpointOverrides;
  timeoutMs?: number;
  retries?: number;
  symbolOf(account: Account, native: string): string;
  /** Raw traffic tap: every JSON body the runner parsed, re-serialized, with its request URL (HubOptions.onRawRest). */
  onRawBody?: (account: Account, url: string, body: string, recvTsUs: number) => void;
}

export interface RestRunner {
  run<T>(call: RestCall<T>): Promise<T>;
  baseUrlOf(account: Account): string;
}

/** Key of the limiter shared by the accounts that declare no pool of their own. */
const VENUE_BUDGET = "venue";

export function createRestRunner(options: RestRunnerOptions): RestRunner {
  const { adapter } = options;
  const limiters = new Map<string, RateLimiter>();
  const clients = new Map<string, HttpClient>();

  /** The account's budget: its pool where the venue declares one (a 429 then pauses that pool alone), else the venue's. */
  function budgetOf(account: Account): { key: string; limiter: RateLimiter } {
    const pool = adapter.rest.rateLimitOf?.(account);
    const key = pool ? `pool ${pool.pool}` : VENUE_BUDGET;
    let limiter = limiters.get(key);
    if (!limiter) {
      limiter = createRateLimiter(pool ?? adapter.rest.rateLimit);
      limiters.set(key, limiter);
    }
    return { key, limiter };
  }

  function baseUrlOf(account: Account): string {
    return (
      findEndpointOverride(adapter.id, account, "rest", options.overrides, options.env) ??
      adapter.rest.baseUrl(account, { testnet: options.testnet })
    );
  }

  function clientFor(account: Account): HttpClient {
    const baseUrl = baseUrlOf(account).replace(/\/+$/, "");
    const { key, limiter } = budgetOf(account);
    // Keyed by budget too: accounts of separate pools may share one URL (an endpoint override, the simulator).
    const clientKey = `${key} ${baseUrl}`;
    let client = clients.get(clientKey);
    if (!client) {
      client = createHttpClient({
        name: adapter.id,
        baseUrl,
        limiter,
        timeoutMs: options.timeoutMs,
        retries: options.retries,
      });
      clients.set(clientKey, client);
    }
    return client;
  }

  return {
    baseUrlOf,
    async run<T>(call: RestCall<T>): Promise<T> {
      const client = clientFor(call.account);
      const body =
        call.method === "POST"
          ? await client.postJson(call.path, call.query, { weight: call.weight, body: call.body })
          : await client.getJson(call.path, call.query, { weight: call.weight });
      const recvTsUs = nowUs();
      if (options.onRawBody) {
        const url = buildUrl(baseUrlOf(call.account).replace(/\/+$/, ""), call.path, call.query);
        // A POST body says which call it was (HyperLiquid's one `/info` path): the recorded URL carries it as a fragment.
        const recordedUrl =
          call.body === undefined ? url : `${url}#${encodeURIComponent(JSON.stringify(call.body))}`;
        options.onRawBody(call.account, recordedUrl, JSON.stringify(body), recvTsUs);
      }
      const context: ParseContext = {
        exchange: adapter.id,
        account: call.account,
        recvTsUs,
        symbolOf: (native) => options.symbolOf(call.account, native),
        session: new Map(),
      };
      try {
        return call.parse(body, context);
      } catch (error) {
        if (error instanceof Dig3Error) throw error;
        throw new Dig3Error("E_PARSE", `${adapter.id} ${call.path}: unexpected response shape`, {
          cause: error,
          hint: "the venue may have changed its API; report it with the command you ran",
        });
      }
    },
  };
}
