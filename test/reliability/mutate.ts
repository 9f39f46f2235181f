// A small seeded mutator for fuzzing: a PRNG, and byte-, text- and JSON-level mutations of a frame.

export interface Random {
  next(): number;
  int(below: number): number;
  chance(p: number): boolean;
}

/** mulberry32: deterministic for a seed, fast enough for tens of thousands of cases per second. */
export function createRandom(seed: number): Random {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return { next, int: (below) => Math.floor(next() * below), chance: (p) => next() < p };
}

const ODD_VALUES: unknown[] = [
  null,
  true,
  0,
  -1,
  1e308,
  Number.MAX_SAFE_INTEGER + 2,
  "",
  "NaN",
  "-0",
  "1e999",
  "abc",
  "\u0000",
  [],
  {},
  [[]],
  [null, null],
  { a: [1, "x"] },
  "9".repeat(400),
];

function mutateValue(value: unknown, random: Random, depth = 0): unknown {
  if (Array.isArray(value)) {
    if (value.length === 0 || random.chance(0.15)) return ODD_VALUES[random.int(ODD_VALUES.length)];
    const copy = [...value];
    const i = random.int(copy.length);
    if (random.chance(0.15)) copy.splice(i, 1);
    else if (random.chance(0.1)) copy.push(copy[i]);
    else copy[i] = mutateValue(copy[i], random, depth + 1);
    return copy;
  }
  if (value !== null && typeof value === "object") {
    const keys = Object.keys(value);
    if (keys.length === 0 || random.chance(0.1)) return ODD_VALUES[random.int(ODD_VALUES.length)];
    const copy: Record<string, unknown> = { ...(value as Record<string, unknown>) };
    const key = keys[random.int(keys.length)]!;
    if (random.chance(0.2)) delete copy[key];
    else copy[key] = mutateValue(copy[key], random, depth + 1);
    return copy;
  }
  if (typeof value === "string" && random.chance(0.3)) {
    const n = Number(value);
    if (Number.isFinite(n)) return random.chance(0.5) ? String(-n) : String(n * 1e12);
  }
  return ODD_VALUES[random.int(ODD_VALUES.length)];
}

/** One mutation of a frame: JSON-aware most of the time, else truncation, byte flips or junk. */
export function mutateFrame(frame: string, random: Random): string {
  const roll = random.next();
  if (roll < 0.55) {
    try {
      let value = JSON.parse(frame) as unknown;
      for (let n = 1 + random.int(3); n > 0; n--) value = mutateValue(value, random);
      return JSON.stringify(value);
    } catch {}
  }
  if (roll < 0.7) return frame.slice(0, random.int(frame.length + 1));
  if (roll < 0.85) {
    const chars = [...frame];
    for (let flips = 1 + random.int(4); flips > 0 && chars.length > 0; flips--) {
      const i = random.int(chars.length);
      chars[i] = String.fromCharCode((chars[i]!.charCodeAt(0) ^ (1 << random.int(7))) & 0xffff);
    }
    return chars.join("");
  }
  if (roll < 0.95) {
    const at = random.int(frame.length + 1);
    const junk = ["{", "}", "[", "]", '"', ",", ":", "\\", "\u0000", "null", "\ud800"][random.int(11)]!;
    return frame.slice(0, at) + junk + frame.slice(at);
  }
  return random.chance(0.5) ? "[".repeat(2000) : `{"data":${"[".repeat(500)}1${"]".repeat(500)}}`;
}
