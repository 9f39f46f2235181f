// Faults on demand: which data frames to hold back, garble or skip, when to cut every socket, and what the next
// REST calls answer. The server applies them to data frames and REST only, never to control replies or pongs.

import type { SimAccount, SimDataFrame } from "./types.ts";

export interface SimFaults {
  /** Close every client socket after n more data frames (counted per socket delivery), once. */
  dropAfterFrames(n: number): void;
  /** Close every client socket now (abruptly, as a network drop). */
  dropNow(): void;
  /** Send no data frames for ms; sockets stay open and pings are still answered. The market keeps moving. */
  silence(ms: number): void;
  /** The next n data frames are replaced by invalid text or truncated JSON. */
  sendGarbage(n: number): void;
  /** Drop one sequenced book update (of `symbol`, venue-native, any case; optionally one account): a gap. */
  skipBookUpdate(symbol?: string, account?: SimAccount): void;
  /** Send the next book checksum frame (of `symbol`, venue-native, any case; optionally one account) with a wrong value. */
  corruptChecksum(symbol?: string, account?: SimAccount): void;
  /** The next `count` REST calls answer `status` (e.g. 429 with Retry-After, 500). */
  restStatus(status: number, count: number, retryAfterS?: number): void;
  /** Every REST answer is delayed by ms (0 turns it off). */
  restDelay(ms: number): void;
  /** Cancels every pending fault. */
  clear(): void;
  /** Faults asked for and not applied yet (a skip or corruption waits for a frame of its symbol). */
  pending(): { skips: number; corruptions: number; garbage: number };
}

/** A data frame carrying a venue book checksum, which `corruptChecksum` can send with a wrong value. */
export interface ChecksumFrame extends SimDataFrame {
  /** Venue-native symbol of the book the checksum covers. */
  checksumSymbol: string;
  /** The frame's wire text (`sampleText`, encoded for the first recipient) with the checksum changed. */
  encodeCorrupted(sampleText: string): string;
}

export type FrameVerdict =
  | { action: "send" }
  | { action: "drop"; reason: "silence" | "skip-book" }
  | { action: "garbage"; text: string };

export interface RestFault {
  status?: number;
  retryAfterS?: number;
  delayMs: number;
}

export interface FaultEngine {
  readonly api: SimFaults;
  /** Decides what happens to one data frame; `sampleText` is its wire text (garbage is cut from it). */
  judgeFrame(frame: SimDataFrame, sampleText: string, nowMs: number): FrameVerdict;
  /** Counts frames delivered to sockets; true once when a `dropAfterFrames` budget is used up. */
  countDeliveries(deliveries: number): boolean;
  /** What the next REST call gets (consumes one injected status). */
  takeRestFault(): RestFault;
}

export function createFaultEngine(hooks: { dropAllSockets(): void; nowMs(): number }): FaultEngine {
  let dropAfter: number | undefined;
  let silenceUntilMs = 0;
  let garbageLeft = 0;
  let garbageCount = 0;
  let skips: Array<{ symbol?: string; account?: SimAccount }> = [];
  let corruptions: Array<{ symbol?: string; account?: SimAccount }> = [];
  let restStatuses: Array<{ status: number; retryAfterS?: number }> = [];
  let restDelayMs = 0;

  const api: SimFaults = {
    dropAfterFrames: (n) => {
      dropAfter = Math.max(0, Math.floor(n));
    },
    dropNow: () => hooks.dropAllSockets(),
    silence: (ms) => {
      silenceUntilMs = hooks.nowMs() + Math.max(0, ms);
    },
    sendGarbage: (n) => {
      garbageLeft += Math.max(0, Math.floor(n));
    },
    skipBookUpdate: (symbol, account) => {
      skips.push({ symbol: symbol?.toUpperCase(), account });
    },
    corruptChecksum: (symbol, account) => {
      corruptions.push({ symbol: symbol?.toUpperCase(), account });
    },
    restStatus: (status, count, retryAfterS) => {
      for (let i = 0; i < count; i++)
        restStatuses.push(retryAfterS === undefined ? { status } : { status, retryAfterS });
    },
    restDelay: (ms) => {
      restDelayMs = Math.max(0, ms);
    },
    pending: () => ({ skips: skips.length, corruptions: corruptions.length, garbage: garbageLeft }),
    clear: () => {
      dropAfter = undefined;
      silenceUntilMs = 0;
      garbageLeft = 0;
      skips = [];
      corruptions = [];
      restStatuses = [];
      restDelayMs = 0;
    },
  };

  return {
    api,
    judgeFrame(frame, sampleText, nowMs) {
      if (nowMs < silenceUntilMs) return { action: "drop", reason: "silence" };
      if (frame.bookSymbol !== undefined) {
        const symbol = frame.bookSymbol.toUpperCase();
        const index = skips.findIndex(
          (skip) =>
            (!skip.symbol || skip.symbol === symbol) && (!skip.account || skip.account === frame.account),
        );
        if (index >= 0) {
          skips.splice(index, 1);
          return { action: "drop", reason: "skip-book" };
        }
      }
      if ("checksumSymbol" in frame && corruptions.length > 0) {
        const checksumFrame = frame as ChecksumFrame;
        const symbol = checksumFrame.checksumSymbol.toUpperCase();
        const index = corruptions.findIndex(
          (want) =>
            (!want.symbol || want.symbol === symbol) && (!want.account || want.account === frame.account),
        );
        if (index >= 0) {
          corruptions.splice(index, 1);
          return { action: "garbage", text: checksumFrame.encodeCorrupted(sampleText) };
        }
      }
      if (garbageLeft > 0) {
        garbageLeft--;
        return { action: "garbage", text: garbleText(sampleText, garbageCount++) };
      }
      return { action: "send" };
    },
    countDeliveries(deliveries) {
      if (dropAfter === undefined || deliveries <= 0) return false;
      dropAfter -= deliveries;
      if (dropAfter > 0) return false;
      dropAfter = undefined;
      return true;
    },
    takeRestFault() {
      const next = restStatuses.shift();
      return next ? { ...next, delayMs: restDelayMs } : { delayMs: restDelayMs };
    },
  };
}

/** Rotates through truncated JSON, plain non-JSON text and a broken object. */
function garbleText(text: string, index: number): string {
  switch (index % 3) {
    case 0:
      return text.slice(0, Math.max(1, Math.floor(text.length / 2)));
    case 1:
      return "\u0000\u0007 not json \uFFFD";
    default:
      return `{"stream":${text.slice(0, 12)}`;
  }
}
