// A bounded async queue: producers push events, one consumer iterates them with `for await`. When the consumer
// falls behind by more than `capacity`, the oldest events are dropped and counted (memory stays bounded).

export interface EventQueue<T> extends AsyncIterableIterator<T> {
  push(item: T): void;
  /** Ends iteration after the queued items are consumed. */
  end(): void;
  readonly dropped: number;
  readonly size: number;
}

export function createEventQueue<T>(capacity = 100_000): EventQueue<T> {
  const items: T[] = [];
  let head = 0;
  let ended = false;
  let dropped = 0;
  let waiter: ((result: IteratorResult<T>) => void) | undefined;

  function take(): T {
    const item = items[head]!;
    items[head] = undefined as T;
    head++;
    if (head > 4096 && head * 2 > items.length) {
      items.splice(0, head);
      head = 0;
    }
    return item;
  }

  const queue: EventQueue<T> = {
    push(item) {
      if (ended) return;
      if (waiter) {
        const resolve = waiter;
        waiter = undefined;
        resolve({ value: item, done: false });
        return;
      }
      items.push(item);
      if (items.length - head > capacity) {
        take();
        dropped++;
      }
    },
    end() {
      ended = true;
      if (waiter) {
        const resolve = waiter;
        waiter = undefined;
        resolve({ value: undefined, done: true });
      }
    },
    next() {
      if (items.length > head) return Promise.resolve({ value: take(), done: false });
      if (ended) return Promise.resolve({ value: undefined, done: true });
      return new Promise((resolve) => {
        waiter = resolve;
      });
    },
    return() {
      queue.end();
      items.length = 0;
      head = 0;
      return Promise.resolve({ value: undefined, done: true });
    },
    [Symbol.asyncIterator]() {
      return queue;
    },
    get dropped() {
      return dropped;
    },
    get size() {
      return items.length - head;
    },
  };
  return queue;
}
