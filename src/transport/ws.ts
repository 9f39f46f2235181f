// WebSocket client: one managed connection that reconnects forever with backoff, keeps itself alive with pings,
// closes on silence, paces outbound frames, decodes binary frames and replays subscriptions through onOpen.
// Reports through callbacks and counters; never throws into the caller's event loop, never logs.

import { Dig3Error, toDig3Error } from "../core/errors.ts";
import { nowUs } from "../core/time.ts";
import { type BackoffOptions, computeBackoffMs, DEFAULT_BACKOFF } from "./backoff.ts";
import { describeUrlEnvVar } from "./hints.ts";

export { type BackoffOptions, computeBackoffMs, DEFAULT_BACKOFF } from "./backoff.ts";

export interface SocketUpInfo {
  /** Failed attempts since the last healthy connection (0 = connected at the first try). */
  attempt: number;
  /** True for every open after the first one. */
  reconnected: boolean;
  /** When the previous connection went down (wall-clock ms); absent on the first connect. */
  downSinceMs?: number;
  upAtMs: number;
  lastDownReason?: string;
}

export interface SocketOptions {
  /** e.g. "binance/spot#0"; used in error messages and hints (the part before "/" names the venue). */
  name: string;
  /** Called before EVERY connect (KuCoin fetches a fresh token each time). */
  url: string | (() => string | Promise<string>);
  /** Covers url() and the WebSocket handshake. Default 10_000. */
  connectTimeoutMs?: number;
  /** Client keep-alive; first ping one interval after open. "native" = protocol ping; null = none. */
  ping: { everyMs: number; frame: string | "native" | null };
  /** No inbound frame (data, ping or pong) for this long → close and reconnect with reason "silence". 0 = off. */
  silenceMs: number;
  backoff?: Partial<BackoffOptions>;
  /** Wait after open before sending anything (onOpen is called when it has elapsed). */
  settleMs?: number;
  /** Outbound pacing; frames are spaced evenly (1000 / n ms apart) and excess frames queue in order. */
  maxSendPerSecond?: number;
  /** Default: decodeBinaryFrame (gzip, zlib, raw deflate, else UTF-8). */
  decodeBinary?: (bytes: Uint8Array) => string;
  /** Extra handshake headers. */
  headers?: Record<string, string>;
  /** Frames to send after every (re)connect: the subscription replay. */
  onOpen(info: SocketUpInfo): string[];
  /** Every inbound text frame (binary already decoded to text). */
  onFrame(text: string, recvTsUs: number): void;
  onDown?(info: { reason: string; atMs: number; willRetryInMs: number }): void;
  /** Connect failures, decode failures (frame dropped, counted), callback failures. Never thrown. */
  onError?(error: Dig3Error): void;
}

export interface SocketStats {
  /** Successful opens. */
  connects: number;
  /** Opens after the first one. */
  reconnects: number;
  framesIn: number;
  /** Text frames handed to the socket, text pings included. */
  framesOut: number;
  /** Binary frames: bytes on the wire (before decoding); text frames: string length. */
  bytesIn: number;
  decodeErrors: number;
  /** Keep-alive pings sent (native or text). */
  pingsOut: number;
  /** Connect attempts that never opened (refused, timed out, url() failed). */
  connectFailures: number;
}

export interface ManagedSocket {
  /**
   * Sends now, or queues behind the pacing limit. False (and dropped) when not open or still settling;
   * frames still queued when the connection drops are dropped too — the replay in onOpen covers lost subscribes.
   */
  send(frame: string): boolean;
  /**
   * Force a reconnect now. A socket that keeps failing (attempt counter above 0) waits its backoff
   * delay instead, so a reconnect loop cannot hammer the venue. No-op after close().
   */
  reconnect(reason: string): void;
  /** Stop for good: no more reconnects, timers cleared, resolves when the socket is closed. */
  close(): Promise<void>;
  readonly isOpen: boolean;
  readonly stats: SocketStats;
}

type Phase = "connecting" | "settling" | "open" | "backoff" | "closed";
type Timer = ReturnType<typeof setTimeout>;

/** How long close() waits for the server's Close frame before cutting the connection. */
const CLOSE_GRACE_MS = 1000;

const utf8 = new TextDecoder("utf-8", { fatal: true });

/**
 * Default binary decoder: gzip (1f 8b) → gunzip; zlib (0x78 + valid header check) → inflate; a frame that
 * starts like JSON ({ or [) → UTF-8; else try raw deflate, falling back to UTF-8. Throws on undecodable bytes.
 */
export function decodeBinaryFrame(bytes: Uint8Array): string {
  const input = bytes as Uint8Array<ArrayBuffer>;
  const b0 = bytes[0];
  const b1 = bytes[1];
  if (b0 === 0x1f && b1 === 0x8b) return utf8.decode(Bun.gunzipSync(input));
  if (b0 === 0x78 && b1 !== undefined && ((b0 << 8) | b1) % 31 === 0) {
    return utf8.decode(Bun.inflateSync(input, { windowBits: 15 }));
  }
  if (b0 === 0x7b || b0 === 0x5b) return utf8.decode(bytes);
  let inflated: Uint8Array | undefined;
  try {
    inflated = Bun.inflateSync(input);
  } catch {
    inflated = undefined;
  }
  return utf8.decode(inflated ?? bytes);
}

function describeError(value: unknown): string {
  if (value instanceof Error) return value.message;
  return String(value);
}

export function openSocket(options: SocketOptions): ManagedSocket {
  const backoff: BackoffOptions = { ...DEFAULT_BACKOFF, ...options.backoff };
  const connectTimeoutMs = options.connectTimeoutMs ?? 10_000;
  const settleMs = options.settleMs ?? 0;
  const decode = options.decodeBinary ?? decodeBinaryFrame;
  const spacingMs =
    options.maxSendPerSecond !== undefined && options.maxSendPerSecond > 0
      ? 1000 / options.maxSendPerSecond
      : 0;
  const urlHint = `check the network or ${describeUrlEnvVar(options.name, "WS")}; dig3 keeps retrying until closed`;

  const stats: SocketStats = {
    connects: 0,
    reconnects: 0,
    framesIn: 0,
    framesOut: 0,
    bytesIn: 0,
    decodeErrors: 0,
    pingsOut: 0,
    connectFailures: 0,
  };

  let phase: Phase = "connecting";
  /** Bumped whenever a connection is abandoned: callbacks of older sockets compare and bail out. */
  let generation = 0;
  let ws: WebSocket | null = null;
  let attempt = 0;
  let hasBeenUp = false;
  let upAtMs = 0;
  let downSinceMs: number | undefined;
  let lastDownReason: string | undefined;
  let lastFrameAtUs = 0;
  let socketErrorMessage: string | undefined;

  let connectTimer: Timer | undefined;
  let settleTimer: Timer | undefined;
  let pingTimer: ReturnType<typeof setInterval> | undefined;
  let silenceTimer: Timer | undefined;
  let retryTimer: Timer | undefined;
  let pacingTimer: Timer | undefined;
  let outbox: string[] = [];
  let nextSendAtMs = 0;
  let closing: Promise<void> | undefined;

  function report(error: Dig3Error): void {
    if (!options.onError) return;
    try {
      options.onError(error);
    } catch {
      // A failing error sink must not take the socket down.
    }
  }

  function reportCallbackFailure(callback: string, error: unknown): void {
    report(
      new Dig3Error("E_PARSE", `${options.name}: ${callback} threw: ${describeError(error)}`, {
        cause: error,
        hint: `fix the ${callback} callback; the socket keeps running`,
      }),
    );
  }

  function clearConnectionTimers(): void {
    clearTimeout(connectTimer);
    clearTimeout(settleTimer);
    clearInterval(pingTimer);
    clearTimeout(silenceTimer);
    clearTimeout(pacingTimer);
    connectTimer = settleTimer = pingTimer = silenceTimer = pacingTimer = undefined;
    outbox = [];
    nextSendAtMs = 0;
  }

  function startConnect(): void {
    if (phase === "closed") return;
    retryTimer = undefined;
    const gen = ++generation;
    phase = "connecting";
    socketErrorMessage = undefined;
    connectTimer = setTimeout(() => {
      report(
        new Dig3Error("E_TIMEOUT", `${options.name}: no connection within ${connectTimeoutMs} ms`, {
          hint: urlHint,
        }),
      );
      stats.connectFailures++;
      goDown(gen, "connect timeout");
    }, connectTimeoutMs);

    let url: string | Promise<string>;
    try {
      url = typeof options.url === "string" ? options.url : options.url();
    } catch (error) {
      failUrl(gen, error);
      return;
    }
    if (typeof url === "string") {
      openWebSocket(gen, url);
      return;
    }
    url.then(
      (resolved) => {
        if (gen === generation) openWebSocket(gen, resolved);
      },
      (error: unknown) => {
        if (gen === generation) failUrl(gen, error);
      },
    );
  }

  function failUrl(gen: number, error: unknown): void {
    const failure = toDig3Error(error, "E_NETWORK");
    report(
      failure.hint === undefined
        ? new Dig3Error(failure.code, `${options.name}: url() failed: ${failure.message}`, {
            cause: error,
            hint: urlHint,
            details: failure.details,
          })
        : failure,
    );
    stats.connectFailures++;
    goDown(gen, `url failed: ${failure.message}`);
  }

  function openWebSocket(gen: number, url: string): void {
    let socket: WebSocket;
    try {
      socket = options.headers ? new WebSocket(url, { headers: options.headers }) : new WebSocket(url);
    } catch (error) {
      report(
        new Dig3Error("E_BAD_INPUT", `${options.name}: cannot open '${url}': ${describeError(error)}`, {
          cause: error,
          hint: `check ${describeUrlEnvVar(options.name, "WS")} (must start with ws:// or wss://)`,
        }),
      );
      stats.connectFailures++;
      goDown(gen, `bad url: ${describeError(error)}`);
      return;
    }
    ws = socket;
    // ArrayBuffer rather than Bun's default Buffer: decoders get a plain Uint8Array view.
    socket.binaryType = "arraybuffer";
    socket.onopen = () => {
      if (gen === generation) handleOpen(gen);
    };
    socket.onmessage = (event: MessageEvent) => {
      if (gen === generation) handleMessage(event.data);
    };
    socket.onerror = (event: Event) => {
      if (gen !== generation) return;
      socketErrorMessage = (event as ErrorEvent).message || "socket error";
    };
    socket.onclose = (event: CloseEvent) => {
      if (gen !== generation) return;
      if (phase === "connecting") {
        stats.connectFailures++;
        report(
          new Dig3Error(
            "E_NETWORK",
            `${options.name}: connect failed: ${socketErrorMessage ?? `code ${event.code}`}`,
            {
              hint: urlHint,
              details: { code: event.code },
            },
          ),
        );
      }
      const detail = event.reason ? `${event.code} ${event.reason}` : `${event.code}`;
      goDown(gen, socketErrorMessage ? `error: ${socketErrorMessage}` : `closed by server (${detail})`);
    };
    // Native ping/pong prove the connection is alive; Bun answers pings by itself.
    const markAlive = () => {
      if (gen === generation) lastFrameAtUs = nowUs();
    };
    socket.addEventListener("ping", markAlive);
    socket.addEventListener("pong", markAlive);
  }

  function handleOpen(gen: number): void {
    clearTimeout(connectTimer);
    connectTimer = undefined;
    phase = "settling";
    upAtMs = Date.now();
    stats.connects++;
    if (hasBeenUp) stats.reconnects++;
    const info: SocketUpInfo = { attempt, reconnected: hasBeenUp, upAtMs };
    if (downSinceMs !== undefined) info.downSinceMs = downSinceMs;
    if (lastDownReason !== undefined) info.lastDownReason = lastDownReason;
    hasBeenUp = true;
    downSinceMs = undefined;
    lastFrameAtUs = nowUs();
    armSilenceWatchdog(gen, options.silenceMs);
    if (settleMs > 0) settleTimer = setTimeout(() => finishOpen(gen, info), settleMs);
    else finishOpen(gen, info);
  }

  function finishOpen(gen: number, info: SocketUpInfo): void {
    settleTimer = undefined;
    if (gen !== generation) return;
    phase = "open";
    let frames: string[] = [];
    try {
      frames = options.onOpen(info);
    } catch (error) {
      reportCallbackFailure("onOpen", error);
    }
    for (const frame of frames) {
      if (gen !== generation) return;
      enqueue(gen, frame);
    }
    if (gen !== generation) return;
    const { everyMs, frame } = options.ping;
    if (frame !== null && everyMs > 0) pingTimer = setInterval(() => sendPing(gen, frame), everyMs);
  }

  function sendPing(gen: number, frame: string): void {
    if (gen !== generation || phase !== "open" || !ws) return;
    if (frame !== "native") {
      if (enqueue(gen, frame)) stats.pingsOut++;
      return;
    }
    try {
      ws.ping();
      stats.pingsOut++;
    } catch (error) {
      goDown(gen, `ping failed: ${describeError(error)}`);
    }
  }

  function armSilenceWatchdog(gen: number, waitMs: number): void {
    if (options.silenceMs <= 0) return;
    silenceTimer = setTimeout(() => {
      silenceTimer = undefined;
      if (gen !== generation) return;
      const quietMs = (nowUs() - lastFrameAtUs) / 1000;
      const leftMs = options.silenceMs - quietMs;
      // Timers may fire a hair early; within 1 ms counts as elapsed.
      if (leftMs <= 1) goDown(gen, "silence");
      else armSilenceWatchdog(gen, Math.ceil(leftMs));
    }, waitMs);
  }

  function handleMessage(data: unknown): void {
    const recvTsUs = nowUs();
    lastFrameAtUs = recvTsUs;
    stats.framesIn++;
    let text: string;
    if (typeof data === "string") {
      stats.bytesIn += data.length;
      text = data;
    } else {
      const bytes =
        data instanceof ArrayBuffer
          ? new Uint8Array(data)
          : ArrayBuffer.isView(data)
            ? new Uint8Array(data.buffer, data.byteOffset, data.byteLength)
            : undefined;
      if (!bytes) {
        stats.decodeErrors++;
        report(
          new Dig3Error("E_PARSE", `${options.name}: unexpected frame type ${typeof data}; frame dropped`),
        );
        return;
      }
      stats.bytesIn += bytes.byteLength;
      try {
        text = decode(bytes);
      } catch (error) {
        stats.decodeErrors++;
        report(
          new Dig3Error(
            "E_PARSE",
            `${options.name}: cannot decode a ${bytes.byteLength}-byte binary frame: ${describeError(error)}; frame dropped`,
            {
              cause: error,
              hint: "the venue's binary encoding may have changed; pass a decodeBinary for it",
            },
          ),
        );
        return;
      }
    }
    try {
      options.onFrame(text, recvTsUs);
    } catch (error) {
      reportCallbackFailure("onFrame", error);
    }
  }

  /** Sends or queues; true when the frame was accepted for the current connection. */
  function enqueue(gen: number, frame: string): boolean {
    if (spacingMs === 0) return transmit(gen, frame);
    if (outbox.length === 0 && performance.now() >= nextSendAtMs - 1) {
      nextSendAtMs = performance.now() + spacingMs;
      return transmit(gen, frame);
    }
    outbox.push(frame);
    if (pacingTimer === undefined) schedulePacing(gen);
    return true;
  }

  function schedulePacing(gen: number): void {
    pacingTimer = setTimeout(
      () => flushOutbox(gen),
      Math.max(0, Math.ceil(nextSendAtMs - performance.now())),
    );
  }

  function flushOutbox(gen: number): void {
    pacingTimer = undefined;
    while (gen === generation && outbox.length > 0) {
      if (performance.now() < nextSendAtMs - 1) {
        schedulePacing(gen);
        return;
      }
      nextSendAtMs = performance.now() + spacingMs;
      transmit(gen, outbox.shift()!);
    }
  }

  function transmit(gen: number, frame: string): boolean {
    const socket = ws;
    // The server may have closed while we were sending a burst: its close event is on its way, just drop.
    if (gen !== generation || !socket || socket.readyState !== WebSocket.OPEN) return false;
    try {
      socket.send(frame);
    } catch (error) {
      goDown(gen, `send failed: ${describeError(error)}`);
      return false;
    }
    stats.framesOut++;
    return true;
  }

  function abandonSocket(): WebSocket | null {
    const socket = ws;
    ws = null;
    clearConnectionTimers();
    return socket;
  }

  function goDown(gen: number, reason: string, immediate = false): void {
    if (gen !== generation || phase === "backoff" || phase === "closed") return;
    const wasUp = phase === "settling" || phase === "open";
    generation++;
    const socket = abandonSocket();
    try {
      socket?.terminate();
    } catch {
      // Already gone.
    }
    const atMs = Date.now();
    if (wasUp) {
      if (atMs - upAtMs >= backoff.healthyAfterMs) attempt = 0;
      downSinceMs = atMs;
    }
    lastDownReason = reason;
    const willRetryInMs = immediate && attempt === 0 ? 0 : computeBackoffMs(attempt, backoff);
    attempt++;
    phase = "backoff";
    if (options.onDown) {
      try {
        options.onDown({ reason, atMs, willRetryInMs });
      } catch (error) {
        reportCallbackFailure("onDown", error);
      }
    }
    // onDown may have called close() or reconnect().
    if (phase === "backoff" && retryTimer === undefined) retryTimer = setTimeout(startConnect, willRetryInMs);
  }

  function reconnect(reason: string): void {
    if (phase === "closed") return;
    if (phase === "backoff") {
      if (attempt > 1) return; // flapping: keep the backoff delay already running
      clearTimeout(retryTimer);
      startConnect();
      return;
    }
    goDown(generation, reason, true);
  }

  function close(): Promise<void> {
    if (closing) return closing;
    phase = "closed";
    generation++;
    clearTimeout(retryTimer);
    retryTimer = undefined;
    const socket = abandonSocket();
    closing = closeWebSocket(socket);
    return closing;
  }

  function closeWebSocket(socket: WebSocket | null): Promise<void> {
    if (!socket || socket.readyState === WebSocket.CLOSED) return Promise.resolve();
    if (socket.readyState !== WebSocket.OPEN) {
      try {
        socket.terminate();
      } catch {
        // Already gone.
      }
      return Promise.resolve();
    }
    return new Promise<void>((resolve) => {
      const graceTimer = setTimeout(() => {
        try {
          socket.terminate();
        } catch {
          // Already gone.
        }
        resolve();
      }, CLOSE_GRACE_MS);
      socket.addEventListener(
        "close",
        () => {
          clearTimeout(graceTimer);
          resolve();
        },
        { once: true },
      );
      try {
        socket.close(1000, "client close");
      } catch {
        clearTimeout(graceTimer);
        resolve();
      }
    });
  }

  startConnect();

  return {
    send(frame: string): boolean {
      if (phase !== "open") return false;
      return enqueue(generation, frame);
    },
    reconnect,
    close,
    get isOpen() {
      return phase === "open";
    },
    get stats() {
      return stats;
    },
  };
}
