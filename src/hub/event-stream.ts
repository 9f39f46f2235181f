// EventStream: a hub subscription as a closable async iterator. Events queue until read; a failed subscribe
// (E_WIRE_ABSENT, E_NOT_IMPLEMENTED, E_UNKNOWN_SYMBOL …) rejects the next read instead of being swallowed.

import type { MarketEvent, StreamSpec } from "../core/index.ts";

export interface EventStream<T extends MarketEvent = MarketEvent> extends AsyncIterableIterator<T> {
  /** The resolved spec once the subscription runs; rejects with the Dig3Error when it could not start. */
  readonly ready: Promise<StreamSpec>;
  /** Stops the subscription; pending and later reads end the iteration. */
  close(): void;
  /** Oldest events dropped because the reader fell more than the queue capacity behind. */
  readonly dropped: number;
}

/** Events kept for a reader that falls behind; past it the oldest go (and are counted in `dropped`). */
export const EVENT_STREAM_CAPACITY = 100_000;

interface Started {
  spec: StreamSpec;
  close(): void;
}

/** Wraps a subscription that delivers to a listener into an async iterator; `start` is called once. */
export function createEventStream<T extends MarketEvent>(
  start: (listener: (event: MarketEvent) => void) => Promise<Started>,
  onClose: () => void = () => {},
): EventStream<T> {
  const queued: T[] = [];
  let waiting: { resolve(result: IteratorResult<T>): void; reject(error: unknown): void } | undefined;
  let failure: unknown;
  let closed = false;
  let running: Started | undefined;
  let dropped = 0;

  const push = (event: MarketEvent): void => {
    if (closed) return;
    if (waiting) {
      const reader = waiting;
      waiting = undefined;
      reader.resolve({ value: event as T, done: false });
    } else {
      queued.push(event as T);
      if (queued.length > EVENT_STREAM_CAPACITY) {
        queued.shift();
        dropped++;
      }
    }
  };

  const ready = start(push).then(
    (started) => {
      if (closed) started.close();
      else running = started;
      return started.spec;
    },
    (error: unknown) => {
      failure = error;
      if (waiting) {
        const reader = waiting;
        waiting = undefined;
        reader.reject(error);
      }
      throw error;
    },
  );
  // The failure is delivered through next(); an unobserved `ready` must not crash the process.
  ready.catch(() => {});

  const close = (): void => {
    if (closed) return;
    closed = true;
    running?.close();
    running = undefined;
    queued.length = 0;
    if (waiting) {
      const reader = waiting;
      waiting = undefined;
      reader.resolve({ value: undefined, done: true });
    }
    onClose();
  };

  const stream: EventStream<T> = {
    ready,
    close,
    get dropped() {
      return dropped;
    },
    next(): Promise<IteratorResult<T>> {
      const event = queued.shift();
      if (event) return Promise.resolve({ value: event, done: false });
      if (failure !== undefined) return Promise.reject(failure);
      if (closed) return Promise.resolve({ value: undefined, done: true });
      return new Promise((resolve, reject) => {
        waiting = { resolve, reject };
      });
    },
    return(): Promise<IteratorResult<T>> {
      close();
      return Promise.resolve({ value: undefined, done: true });
    },
    [Symbol.asyncIterator]() {
      return stream;
    },
  };
  return stream;
}
