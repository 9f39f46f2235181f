// `bun run bench [--quick] [--json] [--only a,b] [--venue v,w] [--write]`: dig3's hot paths side by side with their peers and the
// machine's own limits, on the same bytes in one run. `--quick` (seconds) is what CI runs so the benchmarks never
// rot; `--write` puts the run into bench/RESULTS.md with the machine, date and command.

import { measureBook } from "./book.ts";
import { measureDecode } from "./decode.ts";
import type { Figure, FigureOptions } from "./figures.ts";
import { printFigures } from "./figures.ts";
import { measureInspect } from "./inspect.ts";
import { measureMemory } from "./memory.ts";
import { measurePersist } from "./persist.ts";
import { writeResults } from "./results.ts";
import { measureStartup } from "./startup.ts";
import { BOOK_INPUTS, DECODE_INPUTS } from "./venues/index.ts";

const argv = process.argv.slice(2);
const USAGE = `usage: bun run bench [--quick] [--json] [--only group,group] [--venue venue,venue] [--write]
  --quick   short inputs, seconds (what CI runs)
  --json    one {name, unit, dig3, peer, peerName, ratio} object per figure on stdout
  --only    run only these groups: decode, book, persist, inspect, startup, memory
  --venue   decode and book figures of these venues only (binance, okx, kraken …)
  --write   also write bench/RESULTS.md (machine, date, command, table)`;
if (argv.includes("--help") || argv.includes("-h")) {
  console.log(USAGE);
  process.exit(0);
}
// A mistyped flag must not start a run of minutes with the flag silently ignored.
const KNOWN_FLAGS = new Set(["--quick", "--json", "--write", "--only", "--venue"]);
const VALUE_FLAGS = new Set(["--only", "--venue"]);
const unknown = argv.filter((arg, i) => !KNOWN_FLAGS.has(arg) && !VALUE_FLAGS.has(argv[i - 1] ?? ""));
if (unknown.length > 0) {
  console.error(`bench: unknown argument '${unknown[0]}'\n${USAGE}`);
  process.exit(2);
}
const quick = argv.includes("--quick");
const asJson = argv.includes("--json");
const write = argv.includes("--write");
const onlyAt = argv.indexOf("--only");
const only = onlyAt >= 0 ? new Set((argv[onlyAt + 1] ?? "").split(",")) : undefined;
const venueAt = argv.indexOf("--venue");
const venues = venueAt >= 0 ? new Set((argv[venueAt + 1] ?? "").split(",")) : undefined;

const GROUPS: Record<string, (options: FigureOptions) => Promise<Figure[]>> = {
  decode: measureDecode,
  book: measureBook,
  persist: measurePersist,
  inspect: measureInspect,
  startup: measureStartup,
  memory: measureMemory,
};

if (only) {
  for (const name of only) {
    if (!GROUPS[name]) {
      console.error(`bench: unknown group '${name}'; groups: ${Object.keys(GROUPS).join(", ")}`);
      process.exit(2);
    }
  }
}

if (venues) {
  const known = new Set([...DECODE_INPUTS, ...BOOK_INPUTS].map((input) => input.venue));
  for (const venue of venues) {
    if (!known.has(venue)) {
      console.error(`bench: no input for venue '${venue}'; venues: ${[...known].join(", ")}`);
      process.exit(2);
    }
  }
}

/**
 * One group in a process of its own: a group leaves its heap, its JIT's type feedback and its peers' timers behind
 * (ccxt's throttlers, for one), and the next group's figure would carry them. Measured: inspect after decode in one
 * process ran at 0.53x of raw read, alone at 0.72-0.78x. `childVenues` narrows the child to those venues' inputs.
 */
function measureInChild(name: string, childVenues: ReadonlySet<string> | undefined): Figure[] {
  const child = Bun.spawnSync(
    [
      process.execPath,
      import.meta.path,
      "--only",
      name,
      "--json",
      ...(quick ? ["--quick"] : []),
      ...(childVenues ? ["--venue", [...childVenues].join(",")] : []),
    ],
    { stdout: "pipe", stderr: "inherit", env: process.env },
  );
  if (child.exitCode !== 0) {
    const which = childVenues ? ` (${[...childVenues].join(", ")})` : "";
    console.error(`bench: group ${name}${which} failed (exit ${child.exitCode})`);
    process.exit(1);
  }
  const lines = child.stdout
    .toString()
    .split("\n")
    .filter((line) => line.startsWith("{"));
  // JSON has no NaN: a figure without a peer comes back with nulls.
  return lines.map((line) => {
    const figure = JSON.parse(line) as Figure;
    return { ...figure, peer: figure.peer ?? Number.NaN, ratio: figure.ratio ?? Number.NaN };
  });
}

/** The venues of each group that reads recordings, in the order of its inputs. */
const VENUE_GROUPS: Record<string, readonly { venue: string }[]> = {
  decode: DECODE_INPUTS,
  book: BOOK_INPUTS,
};

/**
 * Whether a run measures group `name` venue by venue, each venue in a child of its own: a full run of a group that
 * reads recordings, over more than one venue. Then a venue's figures are what `--venue` alone gives, whichever venues
 * ran before it. In one process each venue's figures carried the type feedback the venues before it left in code
 * each contender shares across venues (measured, decode: dig3's ratio to tardis-dev came out 5% higher in one process
 * than venue by venue, the geometric mean over 30 inputs; single inputs' ratios differed by up to 16% against
 * tardis-dev and 46% against ccxt between the two).
 */
function isByVenue(name: string): boolean {
  return !quick && name in VENUE_GROUPS && venues?.size !== 1;
}

/** A group's figures from child processes: one for the group, or one per venue (`isByVenue`). */
function measureGroup(name: string): Figure[] {
  if (!isByVenue(name)) return measureInChild(name, venues);
  const ordered = [...new Set(VENUE_GROUPS[name]!.map((input) => input.venue))].filter(
    (venue) => !venues || venues.has(venue),
  );
  return ordered.flatMap((venue) => measureInChild(name, new Set([venue])));
}

const names = Object.keys(GROUPS).filter((name) => !only || only.has(name));
const figures: Figure[] = [];
const startedMs = Date.now();
for (const name of names) {
  if (!asJson) console.error(`bench: ${name}…`);
  const inChild = names.length > 1 || isByVenue(name);
  figures.push(...(inChild ? measureGroup(name) : await GROUPS[name]!({ quick, venues })));
}
printFigures(figures, asJson);
if (write) writeResults(figures, { argv, elapsedMs: Date.now() - startedMs });
