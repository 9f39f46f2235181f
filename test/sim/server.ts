// The simulator core: one Bun.serve on 127.0.0.1 that upgrades a venue's WebSocket paths, routes REST to the
// venue, drives its ticks, applies faults to data frames and REST, and keeps bounded stats and ground truth.

import { type BoundedList, createBoundedList } from "./bounded-list.ts";
import { createFaultEngine, type SimFaults } from "./faults.ts";
import type { SimAccount, SimDataFrame, SimSession, SimVenue } from "./types.ts";

const STATS_LIST_CAP = 10_000;

export interface SimStats {
  /** WebSocket connections accepted since start. */
  connections: number;
  /** Sockets open now. */
  openConnections: number;
  /** Every client frame that subscribed, verbatim (capped at the newest 10k). */
  subscribeFrames: string[];
  /** Every client text frame, verbatim (capped at the newest 10k). */
  clientFrames: string[];
  /** `PATH?QUERY` of every REST call, injected faults included (capped at the newest 10k). */
  restCalls: string[];
  /** Data frames written to sockets (one per socket per frame, garbage included). */
  framesSent: number;
  /** WebSocket pings received from clients (each answered with a pong by Bun). */
  pingsReceived: number;
}

export interface SimServerOptions {
  port: number;
  tickMs: number;
  /** Server-initiated WebSocket pings, as the venue does (Binance: every 20 s); 0 = none. */
  pingEveryMs: number;
  /** Ground truth kept per stream (newest). */
  groundTruthCap: number;
  /** Close sockets that send more messages per second than the venue allows. */
  enforceMessageRate: boolean;
}

export interface SimServer {
  readonly port: number;
  readonly faults: SimFaults;
  readonly stats: SimStats;
  sentFrames(stream: string, account?: SimAccount): unknown[];
  /** Every data frame produced for a stream with a subscriber, in order: those sent and those a fault held back,
   *  skipped or replaced by garbage (what a consumer should end up with once heals have run). */
  producedFrames(stream: string, account?: SimAccount): unknown[];
  close(): Promise<void>;
}

interface SocketData {
  session: SimSession;
  /** Streams named in the URL, subscribed on open. */
  initialStreams: string[];
  /** Client messages in the current second, for the venue's rate cap. */
  rateSecond: number;
  rateCount: number;
}

export function startSimServer(venue: SimVenue, options: SimServerOptions): SimServer {
  const sockets = new Map<number, Bun.ServerWebSocket<SocketData>>();
  const groundTruth = new Map<string, BoundedList<unknown>>();
  const produced = new Map<string, BoundedList<unknown>>();
  const pendingDelays = new Set<() => void>();
  let nextSessionId = 1;
  let closed = false;
  const stats: SimStats = {
    connections: 0,
    openConnections: 0,
    subscribeFrames: [],
    clientFrames: [],
    restCalls: [],
    framesSent: 0,
    pingsReceived: 0,
  };
  const dropAllSockets = () => {
    for (const ws of [...sockets.values()]) ws.terminate();
  };
  const faults = createFaultEngine({ dropAllSockets, nowMs: () => Date.now() });

  const server = Bun.serve({
    hostname: "127.0.0.1",
    port: options.port,
    async fetch(request, srv) {
      const url = new URL(request.url);
      if (request.headers.get("upgrade")?.toLowerCase() === "websocket") {
        const route = venue.matchWsRoute(url);
        if (!route) return new Response("Not Found", { status: 404 });
        const id = nextSessionId++;
        const session: SimSession = {
          id,
          account: route.account,
          streams: new Set(),
          props: route.props,
          reply: (text) => {
            sockets.get(id)?.send(text);
          },
        };
        const data: SocketData = { session, initialStreams: route.streams, rateSecond: 0, rateCount: 0 };
        if (srv.upgrade(request, { data })) return undefined;
        return new Response("Upgrade failed", { status: 400 });
      }
      return answerRest(request, url);
    },
    websocket: {
      data: {} as SocketData,
      backpressureLimit: 16 * 1024 * 1024,
      closeOnBackpressureLimit: true,
      open(ws) {
        sockets.set(ws.data.session.id, ws);
        stats.connections++;
        stats.openConnections = sockets.size;
        for (const stream of ws.data.initialStreams) ws.data.session.streams.add(stream);
      },
      message(ws, message) {
        if (isOverRate(ws)) return;
        const text = typeof message === "string" ? message : new TextDecoder().decode(message);
        pushCapped(stats.clientFrames, text);
        if (venue.handleClientText(ws.data.session, text) === "subscribe")
          pushCapped(stats.subscribeFrames, text);
      },
      ping(ws) {
        stats.pingsReceived++;
        isOverRate(ws);
      },
      pong(ws) {
        isOverRate(ws);
      },
      close(ws) {
        sockets.delete(ws.data.session.id);
        stats.openConnections = sockets.size;
      },
    },
  });

  /** Counts one client message; closes the socket (policy violation) past the venue's per-second cap. */
  const isOverRate = (ws: Bun.ServerWebSocket<SocketData>): boolean => {
    const cap = options.enforceMessageRate
      ? venue.maxClientMessagesPerSecond?.(ws.data.session.account)
      : undefined;
    if (cap === undefined) return false;
    const second = Math.floor(Date.now() / 1000);
    if (ws.data.rateSecond !== second) {
      ws.data.rateSecond = second;
      ws.data.rateCount = 0;
    }
    ws.data.rateCount++;
    if (ws.data.rateCount <= cap) return false;
    ws.close(1008, "Too many messages");
    return true;
  };

  const answerRest = async (request: Request, url: URL): Promise<Response> => {
    pushCapped(stats.restCalls, `${url.pathname}${url.search}`);
    const fault = faults.takeRestFault();
    if (fault.delayMs > 0) await waitUnlessClosed(fault.delayMs);
    const nowMs = Date.now();
    const answer =
      fault.status !== undefined
        ? venue.describeRestFault(fault.status, fault.retryAfterS)
        : venue.handleRest(
            {
              method: request.method,
              path: url.pathname,
              params: url.searchParams,
              body: request.method === "POST" ? await request.text() : undefined,
            },
            nowMs,
          );
    if (!answer) return new Response("Not Found", { status: 404 });
    const isText = typeof answer.body === "string";
    return new Response(isText ? (answer.body as string) : JSON.stringify(answer.body), {
      status: answer.status,
      headers: {
        "content-type": isText ? "text/plain;charset=UTF-8" : "application/json;charset=UTF-8",
        ...answer.headers,
      },
    });
  };

  const waitUnlessClosed = (ms: number) =>
    new Promise<void>((resolve) => {
      const finish = () => {
        clearTimeout(timer);
        pendingDelays.delete(finish);
        resolve();
      };
      const timer = setTimeout(finish, ms);
      pendingDelays.add(finish);
    });

  const recordIn = (lists: Map<string, BoundedList<unknown>>, frame: SimDataFrame) => {
    const key = `${frame.account}|${frame.stream}`;
    let list = lists.get(key);
    if (!list) {
      list = createBoundedList(options.groundTruthCap);
      lists.set(key, list);
    }
    list.push(frame.payload);
  };
  const recordTruth = (frame: SimDataFrame) => recordIn(groundTruth, frame);

  const activeStreams = () => {
    const active = new Map<SimAccount, Set<string>>();
    for (const ws of sockets.values()) {
      const { account, streams } = ws.data.session;
      if (streams.size === 0) continue;
      let set = active.get(account);
      if (!set) {
        set = new Set();
        active.set(account, set);
      }
      for (const stream of streams) set.add(stream);
    }
    return active;
  };

  const runTick = () => {
    if (closed) return;
    const nowMs = Date.now();
    const frames = venue.tick(nowMs, activeStreams());
    for (const frame of frames) {
      const recipients = [...sockets.values()].filter(
        (ws) => ws.data.session.account === frame.account && ws.data.session.streams.has(frame.stream),
      );
      const first = recipients[0];
      if (!first) continue;
      const verdict = faults.judgeFrame(frame, frame.encode(first.data.session), nowMs);
      recordIn(produced, frame);
      if (verdict.action === "drop") continue;
      for (const ws of recipients)
        ws.send(
          verdict.action === "garbage"
            ? verdict.text
            : (frame.encodeBinary?.(ws.data.session) ?? frame.encode(ws.data.session)),
        );
      if (verdict.action === "send") recordTruth(frame);
      stats.framesSent += recipients.length;
      if (faults.countDeliveries(recipients.length)) {
        dropAllSockets();
        break;
      }
    }
  };

  const readLists = (lists: Map<string, BoundedList<unknown>>, stream: string, account?: SimAccount) => {
    const accounts: readonly SimAccount[] = account ? [account] : venue.accounts;
    for (const candidate of accounts) {
      const list = lists.get(`${candidate}|${stream}`);
      if (list) return list.slice();
    }
    return [];
  };

  const tickTimer = setInterval(runTick, Math.max(1, options.tickMs));
  const pingTimer =
    options.pingEveryMs > 0
      ? setInterval(() => {
          for (const ws of sockets.values()) ws.ping();
        }, options.pingEveryMs)
      : undefined;

  return {
    port: server.port ?? options.port,
    faults: faults.api,
    stats,
    sentFrames: (stream, account) => readLists(groundTruth, stream, account),
    producedFrames: (stream, account) => readLists(produced, stream, account),
    async close() {
      if (closed) return;
      closed = true;
      clearInterval(tickTimer);
      if (pingTimer) clearInterval(pingTimer);
      for (const finish of [...pendingDelays]) finish();
      venue.close();
      for (const ws of [...sockets.values()]) ws.close(1001, "simulator closing");
      // Ground truth stays readable after close, for assertions made once the client is done.
      await server.stop(true);
    },
  };
}

function pushCapped(list: string[], item: string): void {
  list.push(item);
  if (list.length >= STATS_LIST_CAP * 1.5) list.splice(0, list.length - STATS_LIST_CAP);
}
