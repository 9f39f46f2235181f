// Seeded randomness for the venue simulator: a small PRNG (mulberry32) and string hashing (FNV-1a),
// so one seed gives the same market data on every run.

export interface Rng {
  /** Uniform in [0, 1). */
  next(): number;
  /** Uniform integer in [minIncl, maxIncl]. */
  int(minIncl: number, maxIncl: number): number;
  chance(probability: number): boolean;
  /** Standard normal (Box-Muller). */
  normal(): number;
}

export function createRng(seed: number): Rng {
  let state = seed >>> 0 || 0x9e3779b9;
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (minIncl, maxIncl) => minIncl + Math.floor(next() * (maxIncl - minIncl + 1)),
    chance: (probability) => next() < probability,
    normal: () => {
      const u = Math.max(next(), 1e-12);
      return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * next());
    },
  };
}

/** A 32-bit hash of the parts (FNV-1a over their text), for per-symbol seeds and time-keyed noise. */
export function hashParts(...parts: ReadonlyArray<string | number>): number {
  let hash = 0x811c9dc5;
  const text = parts.join("\u0001");
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

/** A deterministic number in [0, 1) keyed by the parts. */
export function hashUnit(...parts: ReadonlyArray<string | number>): number {
  return createRng(hashParts(...parts)).next();
}
