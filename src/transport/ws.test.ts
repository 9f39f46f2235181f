// Tests of the managed WebSocket client against a local Bun.serve: replay, reconnect, backoff, pings,
// silence watchdog, pacing, binary decoding, url() per connect, and a clean stop on close().

import { afterEach, describe, expect, test } from "bun:test";
import { deflateRawSync, deflateSync } from "node:zlib";
import type { Server, ServerWebSocket } from "bun";
import type { Dig3Error } from "../core/errors.ts";
import {
  computeBackoffMs,
  DEFAULT_BACKOFF,
  decodeBinaryFrame,
  type ManagedSocket,
  openSocket,
  type SocketOptions,
  type SocketUpInfo,
} from "./ws.ts";

interface TestServer {
  url: string;
  port: number;
  received: string[];
  receivedAtMs: number[];
  opens: number;
  openedAtMs: number[];
  nativePings: number;
  nativePingAtMs: number[];
  sockets: Set<ServerWebSocket<unknown>>;
  /** Called on every open; the default does nothing. */
  onOpen: (ws: ServerWebSocket<unknown>) => void;
  onMessage: (ws: ServerWebSocket<unknown>, text: string) => void;
  stop(): void;
}

const cleanups: Array<() => Promise<void> | void> = [];

afterEach(async () => {
  while (cleanups.length > 0) await cleanups.pop()!();
});

function startServer(): TestServer {
  const state: TestServer = {
    url: "",
    port: 0,
    received: [],
    receivedAtMs: [],
    opens: 0,
    openedAtMs: [],
    nativePings: 0,
    nativePingAtMs: [],
    sockets: new Set(),
    onOpen: () => {},
    onMessage: () => {},
    stop: () => {},
  };
  const server: Server<unknown> = Bun.serve({
    port: 0,
    hostname: "127.0.0.1",
    fetch(request, srv) {
      if (srv.upgrade(request, { data: undefined })) return undefined;
      return new Response("websocket only", { status: 400 });
    },
    websocket: {
      open(ws) {
        state.opens++;
        state.openedAtMs.push(performance.now());
        state.sockets.add(ws);
        state.onOpen(ws);
      },
      message(ws, message) {
        const text = typeof message === "string" ? message : new TextDecoder().decode(message);
        state.received.push(text);
        state.receivedAtMs.push(performance.now());
        state.onMessage(ws, text);
      },
      ping() {
        state.nativePings++;
        state.nativePingAtMs.push(performance.now());
      },
      close(ws) {
        state.sockets.delete(ws);
      },
    },
  });
  state.port = server.port!;
  state.url = `ws://127.0.0.1:${server.port}`;
  state.stop = () => server.stop(true);
  cleanups.push(() => server.stop(true));
  return state;
}

/** Opens a socket with fast test defaults and registers its close() for cleanup. */
function open(overrides: Partial<SocketOptions> & Pick<SocketOptions, "url">): ManagedSocket {
  const socket = openSocket({
    name: "test/spot#0",
    ping: { everyMs: 0, frame: null },
    silenceMs: 0,
    backoff: { initialMs: 10, maxMs: 100, factor: 2, jitter: 0, healthyAfterMs: 10_000 },
    onOpen: () => [],
    onFrame: () => {},
    ...overrides,
  });
  cleanups.push(() => socket.close());
  return socket;
}

async function waitFor(predicate: () => boolean, what: string, timeoutMs = 2000): Promise<void> {
  const startedMs = performance.now();
  while (!predicate()) {
    if (performance.now() - startedMs > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await Bun.sleep(2);
  }
}

describe("computeBackoffMs", () => {
  const noJitter = { ...DEFAULT_BACKOFF, jitter: 0 };

  test("doubles from 1 s and caps at 30 s", () => {
    const delays = [0, 1, 2, 3, 4, 5, 6, 10, 100].map((n) => computeBackoffMs(n, noJitter));
    expect(delays).toEqual([1000, 2000, 4000, 8000, 16_000, 30_000, 30_000, 30_000, 30_000]);
  });

  test("jitter spreads ±20 % and never exceeds the cap", () => {
    expect(computeBackoffMs(0, DEFAULT_BACKOFF, () => 0)).toBe(800);
    expect(computeBackoffMs(0, DEFAULT_BACKOFF, () => 1)).toBe(1200);
    expect(computeBackoffMs(0, DEFAULT_BACKOFF, () => 0.5)).toBe(1000);
    expect(computeBackoffMs(20, DEFAULT_BACKOFF, () => 1)).toBe(30_000);
    expect(computeBackoffMs(20, DEFAULT_BACKOFF, () => 0)).toBe(24_000);
    for (let i = 0; i < 200; i++) {
      const delay = computeBackoffMs(i % 8, DEFAULT_BACKOFF);
      expect(delay).toBeGreaterThanOrEqual(800);
      expect(delay).toBeLessThanOrEqual(30_000);
    }
  });

  test("bad attempt numbers count as the first attempt", () => {
    expect(computeBackoffMs(-3, noJitter)).toBe(1000);
    expect(computeBackoffMs(Number.NaN, noJitter)).toBe(1000);
  });
});

describe("decodeBinaryFrame", () => {
  const text = '{"ch":"market.btcusdt.trade.detail","ts":1700000000000}';

  test("gzip, zlib, raw deflate and plain UTF-8", () => {
    expect(decodeBinaryFrame(Bun.gzipSync(text))).toBe(text);
    expect(decodeBinaryFrame(new Uint8Array(deflateSync(text)))).toBe(text);
    expect(decodeBinaryFrame(new Uint8Array(deflateRawSync(text)))).toBe(text);
    expect(decodeBinaryFrame(new TextEncoder().encode(text))).toBe(text);
    expect(decodeBinaryFrame(new TextEncoder().encode("pong"))).toBe("pong");
  });

  test("throws on bytes that are neither compressed nor UTF-8", () => {
    expect(() => decodeBinaryFrame(new Uint8Array([0xff, 0xfe, 0xfd, 0x00, 0x80]))).toThrow();
  });
});

describe("openSocket", () => {
  test("connects and sends the onOpen frames", async () => {
    const server = startServer();
    const infos: SocketUpInfo[] = [];
    const socket = open({
      url: server.url,
      onOpen: (info) => {
        infos.push(info);
        return ["sub-a", "sub-b"];
      },
    });
    await waitFor(() => server.received.length === 2, "two subscribe frames");
    expect(server.received).toEqual(["sub-a", "sub-b"]);
    expect(socket.isOpen).toBe(true);
    expect(infos).toHaveLength(1);
    expect(infos[0]!.reconnected).toBe(false);
    expect(infos[0]!.attempt).toBe(0);
    expect(infos[0]!.downSinceMs).toBeUndefined();
    expect(socket.send("later")).toBe(true);
    await waitFor(() => server.received.length === 3, "the frame sent with send()");
    expect(socket.stats.connects).toBe(1);
    expect(socket.stats.reconnects).toBe(0);
    expect(socket.stats.framesOut).toBe(3);
  });

  test("delivers text frames with a receive time", async () => {
    const server = startServer();
    server.onOpen = (ws) => ws.send('{"hello":1}');
    const frames: Array<[string, number]> = [];
    const beforeUs = Date.now() * 1000;
    const socket = open({ url: server.url, onFrame: (text, recvTsUs) => frames.push([text, recvTsUs]) });
    await waitFor(() => frames.length === 1, "one frame");
    expect(frames[0]![0]).toBe('{"hello":1}');
    expect(frames[0]![1]).toBeGreaterThan(beforeUs - 1_000_000);
    expect(frames[0]![1]).toBeLessThan(Date.now() * 1000 + 1_000_000);
    expect(socket.stats.framesIn).toBe(1);
    expect(socket.stats.bytesIn).toBe(11);
  });

  test("server drops the socket → reconnect, onOpen replays with reconnected=true", async () => {
    const server = startServer();
    const infos: SocketUpInfo[] = [];
    const downs: Array<{ reason: string; willRetryInMs: number }> = [];
    const socket = open({
      url: server.url,
      onOpen: (info) => {
        infos.push(info);
        return ["subscribe"];
      },
      onDown: (info) => downs.push(info),
    });
    await waitFor(() => server.received.length === 1, "first subscribe");
    const droppedAtMs = Date.now();
    for (const ws of server.sockets) ws.terminate();
    await waitFor(() => server.received.length === 2, "replayed subscribe");
    expect(server.opens).toBe(2);
    expect(infos).toHaveLength(2);
    expect(infos[1]!.reconnected).toBe(true);
    expect(infos[1]!.downSinceMs).toBeGreaterThanOrEqual(droppedAtMs - 5);
    expect(infos[1]!.lastDownReason).toContain("closed by server");
    expect(downs).toHaveLength(1);
    expect(downs[0]!.willRetryInMs).toBe(10);
    expect(socket.stats.reconnects).toBe(1);
  });

  test("a socket that opens and dies at once keeps backing off", async () => {
    const server = startServer();
    server.onOpen = (ws) => ws.close(1011, "go away");
    const downs: number[] = [];
    const infos: SocketUpInfo[] = [];
    open({
      url: server.url,
      onOpen: (info) => {
        infos.push(info);
        return [];
      },
      onDown: (info) => downs.push(info.willRetryInMs),
    });
    await waitFor(() => downs.length >= 5, "five downs");
    expect(downs.slice(0, 5)).toEqual([10, 20, 40, 80, 100]);
    expect(infos[1]!.attempt).toBe(1);
    expect(infos[2]!.attempt).toBe(2);
  });

  test("the attempt counter resets after a healthy connection", async () => {
    const server = startServer();
    let opens = 0;
    server.onOpen = (ws) => {
      opens++;
      // First two connections die at once, the third lives past healthyAfterMs.
      if (opens <= 2) ws.close();
      else setTimeout(() => ws.close(), 80);
    };
    const downs: number[] = [];
    open({
      url: server.url,
      backoff: { initialMs: 10, maxMs: 1000, factor: 2, jitter: 0, healthyAfterMs: 40 },
      onDown: (info) => downs.push(info.willRetryInMs),
    });
    await waitFor(() => downs.length >= 3, "three downs");
    expect(downs.slice(0, 3)).toEqual([10, 20, 10]);
  });

  test("silence watchdog reconnects; steady traffic keeps the socket", async () => {
    const quiet = startServer();
    const reasons: string[] = [];
    const quietSocket = open({ url: quiet.url, silenceMs: 60, onDown: (info) => reasons.push(info.reason) });
    await waitFor(() => quietSocket.stats.reconnects >= 1, "reconnect after silence");
    expect(reasons[0]).toBe("silence");
    expect(quiet.opens).toBeGreaterThanOrEqual(2);

    const chatty = startServer();
    chatty.onOpen = (ws) => {
      const timer = setInterval(() => {
        if (ws.readyState === 1) ws.send("tick");
        else clearInterval(timer);
      }, 10);
      cleanups.push(() => clearInterval(timer));
    };
    const chattyDowns: string[] = [];
    open({ url: chatty.url, silenceMs: 150, onDown: (info) => chattyDowns.push(info.reason) });
    await waitFor(() => chatty.opens === 1, "chatty open");
    await Bun.sleep(300);
    expect(chattyDowns).toEqual([]);
    expect(chatty.opens).toBe(1);
  });

  test("native pings go out every interval, the first one interval after open", async () => {
    const server = startServer();
    const socket = open({ url: server.url, ping: { everyMs: 50, frame: "native" } });
    await waitFor(() => server.nativePings >= 3, "three native pings");
    const firstGapMs = server.nativePingAtMs[0]! - server.openedAtMs[0]!;
    expect(firstGapMs).toBeGreaterThanOrEqual(35);
    expect(server.received).toEqual([]);
    expect(socket.stats.pingsOut).toBeGreaterThanOrEqual(3);
  });

  test("text pings go out on schedule", async () => {
    const server = startServer();
    open({ url: server.url, ping: { everyMs: 50, frame: '{"op":"ping"}' }, onOpen: () => ["sub"] });
    await waitFor(() => server.received.length >= 3, "two text pings");
    expect(server.received.slice(0, 3)).toEqual(["sub", '{"op":"ping"}', '{"op":"ping"}']);
    const firstGapMs = server.receivedAtMs[1]! - server.openedAtMs[0]!;
    expect(firstGapMs).toBeGreaterThanOrEqual(35);
    expect(server.nativePings).toBe(0);
  });

  test("binary gzip / deflate frames are decoded; garbage is dropped and counted", async () => {
    const server = startServer();
    const payloads = ['{"n":1}', '{"n":2}', '{"n":3}', '{"n":4}'];
    server.onOpen = (ws) => {
      ws.sendBinary(Bun.gzipSync(payloads[0]!));
      ws.sendBinary(new Uint8Array(deflateSync(payloads[1]!)));
      ws.sendBinary(new Uint8Array(deflateRawSync(payloads[2]!)));
      ws.sendBinary(new Uint8Array([0xff, 0xfe, 0x00, 0x81]));
      ws.sendBinary(new TextEncoder().encode(payloads[3]!));
    };
    const frames: string[] = [];
    const errors: Dig3Error[] = [];
    const socket = open({
      url: server.url,
      onFrame: (text) => frames.push(text),
      onError: (e) => errors.push(e),
    });
    await waitFor(() => frames.length === 4, "four decoded frames");
    expect(frames).toEqual(payloads);
    expect(socket.stats.decodeErrors).toBe(1);
    expect(socket.stats.framesIn).toBe(5);
    expect(errors.map((e) => e.code)).toEqual(["E_PARSE"]);
  });

  test("a custom decodeBinary replaces the default", async () => {
    const server = startServer();
    server.onOpen = (ws) => ws.sendBinary(new Uint8Array([1, 2, 3]));
    const frames: string[] = [];
    open({ url: server.url, decodeBinary: (bytes) => `len=${bytes.length}`, onFrame: (t) => frames.push(t) });
    await waitFor(() => frames.length === 1, "decoded frame");
    expect(frames).toEqual(["len=3"]);
  });

  test("url() is called before every connect, and a throwing url() is retried", async () => {
    const server = startServer();
    let calls = 0;
    const errors: Dig3Error[] = [];
    const reasons: string[] = [];
    open({
      url: async () => {
        calls++;
        if (calls === 1) throw new Error("token endpoint down");
        return `${server.url}/?token=${calls}`;
      },
      onError: (e) => errors.push(e),
      onDown: (info) => reasons.push(info.reason),
    });
    await waitFor(() => server.opens === 1, "first open");
    for (const ws of server.sockets) ws.terminate();
    await waitFor(() => server.opens === 2, "second open");
    expect(calls).toBe(3);
    expect(reasons[0]).toContain("token endpoint down");
    expect(errors[0]!.code).toBe("E_NETWORK");
    expect(errors[0]!.hint).toContain("DIG3_TEST_WS_URL");
  });

  test("connect timeout → E_TIMEOUT and retry", async () => {
    // A TCP server that accepts and never answers the WebSocket handshake.
    const silent = Bun.listen({ hostname: "127.0.0.1", port: 0, socket: { data() {} } });
    cleanups.push(() => silent.stop(true));
    const errors: Dig3Error[] = [];
    const reasons: string[] = [];
    const socket = open({
      url: `ws://127.0.0.1:${silent.port}`,
      connectTimeoutMs: 50,
      onError: (e) => errors.push(e),
      onDown: (info) => reasons.push(info.reason),
    });
    await waitFor(() => reasons.length >= 2, "two connect timeouts");
    expect(reasons.slice(0, 2)).toEqual(["connect timeout", "connect timeout"]);
    expect(errors[0]!.code).toBe("E_TIMEOUT");
    expect(socket.stats.connectFailures).toBeGreaterThanOrEqual(2);
    expect(socket.isOpen).toBe(false);
  });

  test("connection refused → E_NETWORK, keeps retrying", async () => {
    const server = startServer();
    const port = server.port;
    server.stop();
    const errors: Dig3Error[] = [];
    open({ url: `ws://127.0.0.1:${port}`, onError: (e) => errors.push(e) });
    await waitFor(() => errors.length >= 2, "two connect failures");
    expect(errors[0]!.code).toBe("E_NETWORK");
  });

  test("server closing while we send a burst: no throw, reconnect and replay", async () => {
    const server = startServer();
    server.onMessage = (ws) => ws.close();
    let opens = 0;
    const frames = Array.from({ length: 200 }, (_, i) => `sub-${i}`);
    const socket = open({
      url: server.url,
      onOpen: () => {
        opens++;
        return frames;
      },
    });
    await waitFor(() => opens >= 3, "three opens");
    await socket.close();
    expect(socket.isOpen).toBe(false);
    expect(socket.send("x")).toBe(false);
  });

  test("maxSendPerSecond paces frames in order", async () => {
    const server = startServer();
    open({ url: server.url, maxSendPerSecond: 20, onOpen: () => ["a", "b", "c", "d"] });
    await waitFor(() => server.received.length === 4, "four paced frames");
    expect(server.received).toEqual(["a", "b", "c", "d"]);
    // 4 frames 50 ms apart span ≥ 150 ms; generous lower bound.
    expect(server.receivedAtMs[3]! - server.receivedAtMs[0]!).toBeGreaterThanOrEqual(120);
  });

  test("settleMs delays onOpen and the first frame; send() is refused meanwhile", async () => {
    const server = startServer();
    let onOpenCalls = 0;
    const socket = open({
      url: server.url,
      settleMs: 80,
      onOpen: () => {
        onOpenCalls++;
        return ["sub"];
      },
    });
    await waitFor(() => server.opens === 1, "open");
    expect(socket.send("too early")).toBe(false);
    expect(onOpenCalls).toBe(0);
    await waitFor(() => server.received.length === 1, "subscribe after settle");
    expect(server.received).toEqual(["sub"]);
    expect(server.receivedAtMs[0]! - server.openedAtMs[0]!).toBeGreaterThanOrEqual(60);
  });

  test("reconnect(reason) reconnects now and replays", async () => {
    const server = startServer();
    const reasons: Array<[string, number]> = [];
    const socket = open({
      url: server.url,
      backoff: { initialMs: 5000, maxMs: 5000, factor: 2, jitter: 0, healthyAfterMs: 10_000 },
      onOpen: () => ["sub"],
      onDown: (info) => reasons.push([info.reason, info.willRetryInMs]),
    });
    await waitFor(() => server.received.length === 1, "first subscribe");
    socket.reconnect("book checksum failed");
    await waitFor(() => server.received.length === 2, "replayed subscribe");
    expect(reasons).toEqual([["book checksum failed", 0]]);
    expect(server.opens).toBe(2);
  });

  test("callbacks that throw are reported, not thrown", async () => {
    const server = startServer();
    server.onOpen = (ws) => ws.send("frame");
    const errors: Dig3Error[] = [];
    const socket = open({
      url: server.url,
      onOpen: () => {
        throw new Error("boom in onOpen");
      },
      onFrame: () => {
        throw new Error("boom in onFrame");
      },
      onError: (e) => errors.push(e),
    });
    await waitFor(() => errors.length === 2, "two reported errors");
    expect(errors.map((e) => e.message).join(" | ")).toContain("boom in onFrame");
    expect(socket.isOpen).toBe(true);
  });
});

describe("close()", () => {
  test("stops for good: no reconnect after close", async () => {
    const server = startServer();
    let onOpenCalls = 0;
    const downs: string[] = [];
    const socket = open({
      url: server.url,
      ping: { everyMs: 20, frame: "native" },
      silenceMs: 50,
      onOpen: () => {
        onOpenCalls++;
        return ["sub"];
      },
      onDown: (info) => downs.push(info.reason),
    });
    await waitFor(() => server.received.length === 1, "subscribe");
    await socket.close();
    await waitFor(() => server.sockets.size === 0, "server sees the close");
    await Bun.sleep(120);
    expect(server.opens).toBe(1);
    expect(onOpenCalls).toBe(1);
    expect(downs).toEqual([]);
    expect(socket.isOpen).toBe(false);
    expect(socket.send("after")).toBe(false);
    socket.reconnect("ignored after close");
    await Bun.sleep(30);
    expect(server.opens).toBe(1);
    // A second close() is harmless.
    await socket.close();
  });

  test("close() during a pending url() never connects", async () => {
    const server = startServer();
    let release: (url: string) => void = () => {};
    const socket = open({ url: () => new Promise<string>((resolve) => (release = resolve)) });
    await Bun.sleep(10);
    await socket.close();
    release(server.url);
    await Bun.sleep(50);
    expect(server.opens).toBe(0);
  });

  test("close() during the handshake never opens", async () => {
    const silent = Bun.listen({ hostname: "127.0.0.1", port: 0, socket: { data() {} } });
    cleanups.push(() => silent.stop(true));
    const reasons: string[] = [];
    const socket = open({
      url: `ws://127.0.0.1:${silent.port}`,
      onDown: (info) => reasons.push(info.reason),
    });
    await Bun.sleep(20);
    await socket.close();
    await Bun.sleep(30);
    expect(reasons).toEqual([]);
    expect(socket.stats.connects).toBe(0);
  });

  test("close() during a backoff sleep cancels the retry", async () => {
    const server = startServer();
    server.onOpen = (ws) => ws.close();
    const downs: number[] = [];
    const socket = open({
      url: server.url,
      backoff: { initialMs: 100, maxMs: 100, factor: 1, jitter: 0, healthyAfterMs: 10_000 },
      onDown: (info) => downs.push(info.willRetryInMs),
    });
    await waitFor(() => downs.length === 1, "first down");
    await socket.close();
    await Bun.sleep(150);
    expect(server.opens).toBe(1);
  });

  test("a process exits once its sockets are closed (no timer left behind)", async () => {
    const script = `
      import { openSocket } from ${JSON.stringify(`${import.meta.dir}/ws.ts`)};
      const server = Bun.serve({
        port: 0, hostname: "127.0.0.1",
        fetch(req, srv) { return srv.upgrade(req) ? undefined : new Response("no", { status: 400 }); },
        websocket: { message() {}, open(ws) { if (++opens === 2) ws.close(); } },
      });
      let opens = 0;
      let ups = 0;
      const socket = openSocket({
        name: "exit/check", url: "ws://127.0.0.1:" + server.port, connectTimeoutMs: 5000,
        ping: { everyMs: 20, frame: "native" }, silenceMs: 5000, maxSendPerSecond: 5,
        backoff: { initialMs: 1, maxMs: 2000, factor: 2, jitter: 0, healthyAfterMs: 60000 },
        onOpen: () => { ups++; return ["a", "b", "c", "d"]; },
        onFrame() {},
      });
      const refused = openSocket({
        name: "exit/refused", url: "ws://127.0.0.1:1", ping: { everyMs: 20, frame: "ping" }, silenceMs: 100,
        backoff: { initialMs: 5000, maxMs: 5000, factor: 2, jitter: 0, healthyAfterMs: 1 },
        onOpen: () => [], onFrame() {},
      });
      const startedMs = performance.now();
      while (ups < 1 && performance.now() - startedMs < 3000) await Bun.sleep(5);
      await Bun.sleep(60);
      await Promise.all([socket.close(), refused.close()]);
      server.stop(true);
      console.log("closed", ups);
    `;
    const child = Bun.spawn([process.execPath, "-e", script], { stdout: "pipe", stderr: "pipe" });
    const killer = setTimeout(() => child.kill(), 5000);
    const exitCode = await child.exited;
    clearTimeout(killer);
    const stdout = await new Response(child.stdout).text();
    const stderr = await new Response(child.stderr).text();
    expect(stderr).toBe("");
    expect(stdout).toContain("closed");
    expect(child.signalCode).toBeNull();
    expect(exitCode).toBe(0);
  });
});
