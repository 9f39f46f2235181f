// Tests of the HTTP client against a local Bun.serve: retries, Retry-After, venue errors, timeouts, parsing,
// the shared limiter, and query building.

import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import type { Server } from "bun";
import { Dig3Error } from "../core/errors.ts";
import { buildUrl, createHttpClient, extractVenueMessage, parseRetryAfterMs } from "./http.ts";
import { createRateLimiter } from "./rate-limit.ts";

/** Per-path hit counters, so each test uses its own path and tests stay independent. */
const hits = new Map<string, number>();
const hitAtMs = new Map<string, number[]>();
let server: Server<unknown>;
let baseUrl = "";

function countHit(path: string): number {
  const n = (hits.get(path) ?? 0) + 1;
  hits.set(path, n);
  hitAtMs.set(path, [...(hitAtMs.get(path) ?? []), performance.now()]);
  return n;
}

beforeAll(() => {
  server = Bun.serve({
    port: 0,
    hostname: "127.0.0.1",
    async fetch(request) {
      const url = new URL(request.url);
      const n = countHit(url.pathname);
      switch (url.pathname) {
        case "/ok":
          return Response.json({ price: "42000.5" });
        case "/echo":
          return Response.json({ search: url.search });
        case "/flaky":
          return n <= 2 ? new Response("bad gateway", { status: 502 }) : Response.json({ ok: true, n });
        case "/down":
          return new Response("<html>503</html>", { status: 503 });
        case "/limited-once":
          return n === 1
            ? Response.json(
                { code: -1003, msg: "Too many requests." },
                { status: 429, headers: { "retry-after": "0.3" } },
              )
            : Response.json({ ok: true });
        case "/limited":
          return Response.json(
            { code: -1003, msg: "Too many requests." },
            { status: 429, headers: { "retry-after": "0.05" } },
          );
        case "/banned":
          return Response.json(
            { code: -1003, msg: "IP banned" },
            { status: 418, headers: { "retry-after": "3600" } },
          );
        case "/bad-symbol":
          return Response.json({ code: -1121, msg: "Invalid symbol." }, { status: 400 });
        case "/kraken-error":
          return Response.json({ error: ["EQuery:Unknown asset pair"], result: {} }, { status: 400 });
        case "/bybit-error":
          return Response.json({ retCode: 10001, retMsg: "params error: symbol invalid" }, { status: 403 });
        case "/text-error":
          return new Response("Not Found: no such route", { status: 404 });
        case "/slow":
          await Bun.sleep(300);
          return Response.json({ late: true });
        case "/not-json":
          return new Response("<html>maintenance</html>", { status: 200 });
        default:
          return new Response("unknown test path", { status: 404 });
      }
    },
  });
  baseUrl = `http://127.0.0.1:${server.port}`;
});

afterAll(() => server.stop(true));

async function catchError(promise: Promise<unknown>): Promise<Dig3Error> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof Dig3Error) return error;
    throw error;
  }
  throw new Error("expected a Dig3Error");
}

describe("pure helpers", () => {
  test("buildUrl omits undefined values and joins slashes", () => {
    expect(
      buildUrl("https://api.x.com/", "/api/v3/klines", { symbol: "BTCUSDT", limit: 5, startTime: undefined }),
    ).toBe("https://api.x.com/api/v3/klines?symbol=BTCUSDT&limit=5");
    expect(buildUrl("https://api.x.com", "time")).toBe("https://api.x.com/time");
    expect(buildUrl("https://api.x.com", "/q?a=1", { b: "x y" })).toBe("https://api.x.com/q?a=1&b=x+y");
  });

  test("parseRetryAfterMs reads seconds and HTTP dates", () => {
    expect(parseRetryAfterMs("1")).toBe(1000);
    expect(parseRetryAfterMs("120")).toBe(120_000);
    expect(parseRetryAfterMs("0.5")).toBe(500);
    const nowMs = Date.parse("2024-01-01T00:00:00Z");
    expect(parseRetryAfterMs("Mon, 01 Jan 2024 00:00:30 GMT", nowMs)).toBe(30_000);
    expect(parseRetryAfterMs("Sun, 31 Dec 2023 23:00:00 GMT", nowMs)).toBe(0);
    expect(parseRetryAfterMs(null)).toBeUndefined();
    expect(parseRetryAfterMs("soon")).toBeUndefined();
  });

  test("extractVenueMessage finds the venue's words and code", () => {
    expect(extractVenueMessage('{"code":-1121,"msg":"Invalid symbol."}')).toEqual({
      message: "Invalid symbol.",
      venueCode: -1121,
    });
    expect(extractVenueMessage('{"retCode":10001,"retMsg":"params error"}')).toEqual({
      message: "params error",
      venueCode: 10001,
    });
    expect(extractVenueMessage('{"error":["EQuery:Unknown asset pair"]}').message).toBe(
      "EQuery:Unknown asset pair",
    );
    expect(extractVenueMessage('{"error":{"code":13,"message":"bad instrument"}}')).toEqual({
      message: "bad instrument",
      venueCode: 13,
    });
    expect(extractVenueMessage('{"err_msg":"no pair"}').message).toBe("no pair");
    expect(extractVenueMessage('{"code":"51001","msg":""}')).toEqual({
      message: '{"code":"51001","msg":""}',
      venueCode: "51001",
    });
    expect(extractVenueMessage("plain text").message).toBe("plain text");
    expect(extractVenueMessage("").message).toBe("(empty body)");
    expect(extractVenueMessage("x".repeat(1000)).message.length).toBeLessThanOrEqual(301);
  });
});

describe("createHttpClient", () => {
  test("returns parsed JSON and records latency", async () => {
    const client = createHttpClient({ name: "test", baseUrl });
    expect(await client.getJson("/ok")).toEqual({ price: "42000.5" });
    expect(client.stats.requests).toBe(1);
    expect(client.stats.lastLatencyMs).toBeGreaterThan(0);
  });

  test("omits undefined query values", async () => {
    const client = createHttpClient({ name: "test", baseUrl });
    const body = (await client.getJson("/echo", { symbol: "BTCUSDT", limit: 100, from: undefined })) as {
      search: string;
    };
    expect(body.search).toBe("?symbol=BTCUSDT&limit=100");
  });

  test("retries on 5xx, then succeeds", async () => {
    const client = createHttpClient({ name: "test", baseUrl, retryBaseMs: 10 });
    expect(await client.getJson("/flaky")).toEqual({ ok: true, n: 3 });
    expect(client.stats.requests).toBe(3);
    expect(client.stats.retries).toBe(2);
    expect(client.stats.errors).toBe(0);
  });

  test("5xx every time → E_HTTP after the retries", async () => {
    const client = createHttpClient({ name: "test", baseUrl, retries: 2, retryBaseMs: 5 });
    const error = await catchError(client.getJson("/down"));
    expect(error.code).toBe("E_HTTP");
    expect(error.details?.status).toBe(503);
    expect(error.hint).toBeTruthy();
    expect(hits.get("/down")).toBe(3);
    expect(client.stats.errors).toBe(1);
  });

  test("429 honours Retry-After before retrying", async () => {
    const client = createHttpClient({ name: "test", baseUrl, retryBaseMs: 1 });
    expect(await client.getJson("/limited-once")).toEqual({ ok: true });
    const [firstMs, secondMs] = hitAtMs.get("/limited-once")!;
    expect(secondMs! - firstMs!).toBeGreaterThanOrEqual(270);
    expect(client.stats.retries).toBe(1);
  });

  test("429 penalizes the shared limiter, so other clients of the venue wait too", async () => {
    const limiter = createRateLimiter({ weight: 1000, perMs: 1000 });
    const client = createHttpClient({ name: "test", baseUrl, retries: 0, limiter });
    const other = createHttpClient({ name: "test", baseUrl, limiter });
    const error = await catchError(client.getJson("/limited"));
    expect(error.code).toBe("E_RATE_LIMITED");
    expect(error.details?.retryAfterMs).toBe(50);
    expect(error.hint).toContain("lower the request rate");
    expect(limiter.penaltyUntilMs).toBeGreaterThan(Date.now());
    const startedMs = performance.now();
    await other.getJson("/ok");
    expect(performance.now() - startedMs).toBeGreaterThanOrEqual(25);
  });

  test("429 every time → E_RATE_LIMITED with retryAfterMs after the retries", async () => {
    const client = createHttpClient({ name: "test", baseUrl, retries: 2 });
    const error = await catchError(client.getJson("/limited"));
    expect(error.code).toBe("E_RATE_LIMITED");
    expect(error.details?.retryAfterMs).toBe(50);
    expect(client.stats.requests).toBe(3);
  });

  test("418 with a long ban fails at once instead of waiting", async () => {
    const client = createHttpClient({ name: "test", baseUrl });
    const startedMs = performance.now();
    const error = await catchError(client.getJson("/banned"));
    expect(performance.now() - startedMs).toBeLessThan(1000);
    expect(error.code).toBe("E_RATE_LIMITED");
    expect(error.details?.retryAfterMs).toBe(3_600_000);
    expect(error.details?.status).toBe(418);
    expect(client.stats.requests).toBe(1);
  });

  test("4xx → E_VENUE with the venue's own message, no retry", async () => {
    const client = createHttpClient({ name: "binance", baseUrl });
    const error = await catchError(client.getJson("/bad-symbol", { symbol: "NOPE" }));
    expect(error.code).toBe("E_VENUE");
    expect(error.message).toContain("Invalid symbol.");
    expect(error.details?.status).toBe(400);
    expect(error.details?.venueCode).toBe(-1121);
    expect(error.hint).toContain("symbol");
    expect(client.stats.requests).toBe(1);

    const kraken = await catchError(client.getJson("/kraken-error"));
    expect(kraken.message).toContain("EQuery:Unknown asset pair");
    const bybit = await catchError(client.getJson("/bybit-error"));
    expect(bybit.message).toContain("params error: symbol invalid");
    expect(bybit.details?.venueCode).toBe(10001);
    expect(bybit.hint).toContain("DIG3_BINANCE_REST_URL");
    const text = await catchError(client.getJson("/text-error"));
    expect(text.message).toContain("Not Found: no such route");
    expect(text.details?.status).toBe(404);
  });

  test("no answer in time → retried, then E_TIMEOUT", async () => {
    const client = createHttpClient({ name: "test", baseUrl, timeoutMs: 50, retries: 1, retryBaseMs: 5 });
    const startedMs = performance.now();
    const error = await catchError(client.getJson("/slow"));
    expect(error.code).toBe("E_TIMEOUT");
    expect(error.hint).toContain("DIG3_TEST_REST_URL");
    expect(client.stats.requests).toBe(2);
    expect(performance.now() - startedMs).toBeLessThan(280);
  });

  test("a 2xx body that is not JSON → E_PARSE, no retry", async () => {
    const client = createHttpClient({ name: "test", baseUrl });
    const error = await catchError(client.getJson("/not-json"));
    expect(error.code).toBe("E_PARSE");
    expect(client.stats.requests).toBe(1);
  });

  test("network failure → retried, then E_NETWORK with a hint", async () => {
    const closed = Bun.serve({ port: 0, hostname: "127.0.0.1", fetch: () => new Response("") });
    const port = closed.port;
    closed.stop(true);
    const client = createHttpClient({
      name: "okx",
      baseUrl: `http://127.0.0.1:${port}`,
      retries: 2,
      retryBaseMs: 5,
    });
    const error = await catchError(client.getJson("/api/v5/market/ticker"));
    expect(error.code).toBe("E_NETWORK");
    expect(error.hint).toContain("DIG3_OKX_REST_URL");
    expect(client.stats.requests).toBe(3);
  });

  test("the caller's abort signal stops the request", async () => {
    const client = createHttpClient({ name: "test", baseUrl });
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 20);
    const error = await catchError(client.getJson("/slow", undefined, { signal: controller.signal }));
    expect(error.code).toBe("E_CLOSED");
  });

  test("the limiter delays requests when the budget is used", async () => {
    const limiter = createRateLimiter({ weight: 2, perMs: 150 });
    const client = createHttpClient({ name: "test", baseUrl, limiter });
    const startedMs = performance.now();
    await client.getJson("/ok", undefined, { weight: 2 });
    await client.getJson("/ok");
    expect(performance.now() - startedMs).toBeGreaterThanOrEqual(120);
  });
});
