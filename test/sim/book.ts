// The simulator's L2 book on an integer price grid (price in ticks, quantity in lot steps), and the change set
// one update carries. Venue-neutral: a venue numbers the updates and formats the levels its own way.

export type BookSide = "bid" | "ask";

/** Levels changed by one update: price ticks -> new quantity in steps (0 = level removed). Last write wins. */
export interface BookChanges {
  bids: Map<number, number>;
  asks: Map<number, number>;
}

export interface SimBook {
  readonly bids: Map<number, number>;
  readonly asks: Map<number, number>;
  bestBidTicks(): number | undefined;
  bestAskTicks(): number | undefined;
  /** Sets a level and records the change when it differs from the current state. */
  setLevel(side: BookSide, priceTicks: number, qtySteps: number, changes: BookChanges): void;
  /** Best-first levels of one side, at most `limit`. */
  topLevels(side: BookSide, limit: number): Array<[priceTicks: number, qtySteps: number]>;
}

export function createBookChanges(): BookChanges {
  return { bids: new Map(), asks: new Map() };
}

export function countBookChanges(changes: BookChanges): number {
  return changes.bids.size + changes.asks.size;
}

export function createBook(): SimBook {
  const bids = new Map<number, number>();
  const asks = new Map<number, number>();
  const sideMap = (side: BookSide) => (side === "bid" ? bids : asks);
  return {
    bids,
    asks,
    bestBidTicks: () => findExtreme(bids, Math.max),
    bestAskTicks: () => findExtreme(asks, Math.min),
    setLevel(side, priceTicks, qtySteps, changes) {
      const levels = sideMap(side);
      const current = levels.get(priceTicks) ?? 0;
      if (current === qtySteps) return;
      if (qtySteps > 0) levels.set(priceTicks, qtySteps);
      else levels.delete(priceTicks);
      (side === "bid" ? changes.bids : changes.asks).set(priceTicks, qtySteps);
    },
    topLevels(side, limit) {
      const sorted = [...sideMap(side).entries()].sort((a, b) =>
        side === "bid" ? b[0] - a[0] : a[0] - b[0],
      );
      return sorted.slice(0, Math.max(0, limit));
    },
  };
}

function findExtreme(
  levels: Map<number, number>,
  pick: (a: number, b: number) => number,
): number | undefined {
  let best: number | undefined;
  for (const price of levels.keys()) best = best === undefined ? price : pick(best, price);
  return best;
}
