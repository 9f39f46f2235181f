// A capped, append-only list for the simulator's histories (trades, bars, ground truth): keeps the newest
// `capacity` items, drops the oldest, O(1) amortized append.

export interface BoundedList<T> {
  readonly capacity: number;
  size(): number;
  push(item: T): void;
  /** Item by position, 0 = oldest retained. */
  at(index: number): T | undefined;
  /** Items in [fromIndex, toIndexExcl) of the retained ones. */
  slice(fromIndex?: number, toIndexExcl?: number): T[];
  /** First position whose key is >= target (keys must be non-decreasing), or size() when none. */
  lowerBound(target: number, keyOf: (item: T) => number): number;
  clear(): void;
}

export function createBoundedList<T>(capacity: number): BoundedList<T> {
  let items: T[] = [];
  let head = 0;
  const size = () => items.length - head;
  return {
    capacity,
    size,
    push(item) {
      items.push(item);
      if (size() > capacity) head++;
      if (head >= capacity || (head > 1024 && head > items.length / 2)) {
        items = items.slice(head);
        head = 0;
      }
    },
    at: (index) => (index >= 0 && index < size() ? items[head + index] : undefined),
    slice: (fromIndex = 0, toIndexExcl = size()) =>
      items.slice(head + Math.max(0, fromIndex), head + Math.min(size(), Math.max(0, toIndexExcl))),
    lowerBound(target, keyOf) {
      let lo = 0;
      let hi = size();
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if (keyOf(items[head + mid] as T) < target) lo = mid + 1;
        else hi = mid;
      }
      return lo;
    },
    clear() {
      items = [];
      head = 0;
    },
  };
}
