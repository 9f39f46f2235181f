// Contracts between the simulator core (server, faults, ground truth) and one venue implementation (`SimVenue`).
// A venue owns its protocol: URL paths, subscribe/ack frames, data frames, REST endpoints and error bodies.

export type SimAccount = "spot" | "linear" | "inverse";
export type SimMode = "synthetic" | "recorded";

/** One client WebSocket as a venue sees it. */
export interface SimSession {
  readonly id: number;
  readonly account: SimAccount;
  /** Streams this socket receives, in the venue's own names (e.g. `btcusdt@trade`). */
  readonly streams: Set<string>;
  /** Venue-specific per-socket settings (e.g. Binance `combined`). */
  readonly props: Record<string, unknown>;
  /** Sends a control reply (ack, error, listing); never subject to data-frame faults. */
  reply(text: string): void;
}

/** One data frame a venue produced on a tick, for every socket subscribed to `stream` on `account`. */
export interface SimDataFrame {
  account: SimAccount;
  stream: string;
  /** Ground truth: what a correct parser reads out of this frame. */
  payload: unknown;
  /** Marks a sequenced book update, the target of `skipBookUpdate`. Venue-native symbol. */
  bookSymbol?: string;
  /** Wire text for one socket (a venue may frame differently per socket, e.g. combined vs raw). */
  encode(session: SimSession): string;
  /** Binary wire bytes for venues whose data frames are binary (MEXC spot protobuf); sent instead of `encode`, which
   *  stays the readable form that faults garble. */
  encodeBinary?(session: SimSession): Uint8Array;
}

export interface SimRestRequest {
  method: string;
  path: string;
  params: URLSearchParams;
  /** The request body as text (POST), for venues whose calls are named there (HyperLiquid's `POST /info`). */
  body?: string;
}

export interface SimRestResponse {
  status: number;
  /** A string is sent verbatim; anything else as JSON. */
  body: unknown;
  headers?: Record<string, string>;
}

/** Which streams have at least one subscriber, per account. */
export type ActiveStreams = ReadonlyMap<SimAccount, ReadonlySet<string>>;

export interface SimVenueContext {
  mode: SimMode;
  seed: number;
  tickMs: number;
  /** Root of the recorded wire data (`…/shared/wire`); the venue reads its own folder under it. */
  wireDir: string;
}

export interface SimWsRoute {
  account: SimAccount;
  /** Streams named in the URL, subscribed on connect. */
  streams: string[];
  props: Record<string, unknown>;
}

export type ClientFrameKind = "subscribe" | "unsubscribe" | "other" | "error";

export interface SimVenue {
  /** Lower-case venue id: the first path segment of its WebSocket URLs and the `DIG3_<ID>_…` env names. */
  readonly id: string;
  readonly accounts: readonly SimAccount[];
  /** Path of the account's WebSocket endpoint, e.g. `/binance/spot/stream`. */
  wsPath(account: SimAccount): string;
  /** Env overrides that point dig3 at the simulator, `account` choosing the main WebSocket URL. */
  envFor(
    account: SimAccount,
    urls: { wsUrlOf(account: SimAccount): string; restUrl: string },
  ): Record<string, string>;
  /** Matches an upgrade request; undefined = not a WebSocket endpoint of this venue (404). */
  matchWsRoute(url: URL): SimWsRoute | undefined;
  /** The venue's cap on client messages (text frames, pings, pongs) per second per socket; past it the socket is closed. */
  maxClientMessagesPerSecond?(account: SimAccount): number;
  /** Handles one client text frame: replies through `session.reply` and edits `session.streams`. */
  handleClientText(session: SimSession, text: string): ClientFrameKind;
  /** Advances one tick; returns frames for the streams in `active` only. */
  tick(nowMs: number, active: ActiveStreams): SimDataFrame[];
  /** Answers a REST call; undefined = unknown path (the core answers 404). */
  handleRest(request: SimRestRequest, nowMs: number): SimRestResponse | undefined;
  /** The venue's body and headers for an injected HTTP error status (429, 418, 5xx). */
  describeRestFault(status: number, retryAfterS: number | undefined): SimRestResponse;
  /** Releases timers or caches the venue holds. */
  close(): void;
}

export type SimVenueFactory = (context: SimVenueContext) => Promise<SimVenue> | SimVenue;
