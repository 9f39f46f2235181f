// The writers' I/O thread: a busy series copies each full record buffer into a slot and hands it to a worker thread,
// which appends it to the day file while the JS thread fills the buffer again, so encoding and the write's copy run on
// both cores (the timer's flush of a partly filled buffer stays on the JS thread). Slots are parts of one
// SharedArrayBuffer; a slot holds at most one write at a time, for one file. A write the worker has not started when
// its writer needs the slot back is done by the JS thread itself, so a wait never depends on the worker being alive,
// only on a write under way.

import * as nodeFs from "node:fs";
import { availableParallelism } from "node:os";
import type { Dig3Error } from "../core/errors.ts";
import { toCutBackFailure, toStorageError } from "./io.ts";

/** Slots in the process: one per series with a write under way (32 at once; the rest write on the JS thread). */
const SLOT_COUNT = 32;
/** Bytes per slot: the writer's default (and largest useful) record buffer. */
export const WRITE_BEHIND_SLOT_BYTES = 64 * 1024;
/** Bytes of a failed write's error text kept per slot. */
const TEXT_BYTES = 256;
/**
 * Times the worker checks for a new write before it sleeps (about 5 ns each): a busy series queues its next buffer
 * tens of µs after the last, and a sleeping worker takes longer than that to wake. Measured side by side, 10 M trade
 * appends ran at 0.39–0.40× raw write with a worker that slept at once, 0.61–0.63× after 8k checks, 0.64–0.65× after
 * 100k; 32k costs at most about 0.2 ms of a core after the last write of a burst.
 */
const IDLE_SPINS = 32_768;
/** Times the JS thread checks for a write under way to finish before it sleeps: it is due in tens of µs. */
const JS_SPINS = 65_536;

// ctl (Int32Array) words: [0] writes queued so far (the worker sleeps on it), [1] faults to inject, [2] the injected
// errno's index in FAULT_CODES, [3] 1 while the worker sleeps, [4] 1 while the JS thread waits for a write, [5] and [6]
// writes done by the worker and by the JS thread; then the queue of slot numbers (SLOT_COUNT words, a hint of the
// order to write in); then per slot: state, fd, length, whether the cut-back failed, error text length. The worker's
// text spells these places as literals. A wake-up costs µs, so each side wakes the other only when it sleeps: a
// thread sets its flag before it checks the word it waits on, the other sets that word before it reads the flag.
const QUEUED_AT = 0;
const FAULTS_AT = 1;
const FAULT_CODE_AT = 2;
const WORKER_SLEEPS_AT = 3;
const JS_WAITS_AT = 4;
const WORKER_WRITES_AT = 5;
const JS_WRITES_AT = 6;
const QUEUE_AT = 8;
const META_AT = QUEUE_AT + SLOT_COUNT;
const META_WORDS = 5;

// Slot states (the worker's text spells them as literals): FREE, OWNED by a writer, its write QUEUED, RUNNING (on
// either thread), then 4 WRITTEN or FAILED until the owner settles it.
const FREE = 0;
const OWNED = 1;
const QUEUED = 2;
const RUNNING = 3;
const FAILED = 5;

/** Errnos a test can inject (`injectWriteBehindFaults`). */
const FAULT_CODES = ["ENOSPC", "EIO"] as const;

/** What both threads share; posted to the worker once. */
interface SharedState {
  ctl: Int32Array;
  /** Per slot: the file's length before the write (cut back to it on failure). */
  lengthBefore: Float64Array;
  /** Per slot: a failed write's errno and message, UTF-8. */
  text: Uint8Array;
  data: SharedArrayBuffer;
  slotCount: number;
  slotBytes: number;
  textBytes: number;
  metaAt: number;
  metaWords: number;
  faultCodes: readonly string[];
}

/**
 * Appends a queued slot's bytes to its file and publishes the outcome. Run by the worker and by the JS thread alike;
 * it is sent to the worker as source text, so it refers to nothing outside itself (its states are literals).
 */
function writeSlot(fs: typeof nodeFs, shared: SharedState, slot: number, countAt: number): void {
  const ctl = shared.ctl;
  const meta = shared.metaAt + slot * shared.metaWords;
  const fd = ctl[meta + 1]!;
  const length = ctl[meta + 2]!;
  const lengthBefore = shared.lengthBefore[slot]!;
  const bytes = new Uint8Array(shared.data, slot * shared.slotBytes, length);
  let done = 0;
  try {
    // An injected fault fails after half the bytes are written, so the cut-back is exercised too.
    const isFaulty = Atomics.load(ctl, 1) > 0 && Atomics.sub(ctl, 1, 1) > 0;
    const end = isFaulty ? length >> 1 : length;
    while (done < end) {
      const wrote = fs.writeSync(fd, bytes, done, end - done);
      if (wrote <= 0) throw Object.assign(new Error("EIO: write returned 0 bytes, write"), { code: "EIO" });
      done += wrote;
    }
    if (isFaulty) {
      const code = shared.faultCodes[Atomics.load(ctl, 2)];
      throw Object.assign(new Error(`${code}: injected write fault, write`), { code });
    }
    Atomics.store(ctl, meta, 4); // WRITTEN
  } catch (error) {
    let isCutBackFailed = 0;
    try {
      if (done > 0 || fs.fstatSync(fd).size !== lengthBefore) fs.ftruncateSync(fd, lengthBefore);
    } catch {
      isCutBackFailed = 1;
    }
    const code = (error as { code?: unknown }).code;
    const message = error instanceof Error ? error.message : String(error);
    const encoded = new TextEncoder().encode(`${typeof code === "string" ? code : ""}\n${message}`);
    const length = Math.min(encoded.length, shared.textBytes);
    shared.text.set(encoded.subarray(0, length), slot * shared.textBytes);
    ctl[meta + 3] = isCutBackFailed;
    ctl[meta + 4] = length;
    Atomics.store(ctl, meta, 5); // FAILED
  }
  Atomics.add(ctl, countAt, 1);
  if (Atomics.load(ctl, 4) !== 0) Atomics.notify(ctl, meta);
}

/**
 * The worker's loop, sent as source text with `writeSlot` (and node:fs, required by the text around them, where no
 * bundler rewrites it): take queued slots in order; sleep when there are none.
 */
function runIoThread(fs: typeof nodeFs, write: typeof writeSlot, idleSpins: number): void {
  const scope = globalThis as unknown as { onmessage: (event: MessageEvent<SharedState>) => void };
  scope.onmessage = (event) => {
    const shared = event.data;
    const ctl = shared.ctl;
    // From the first write ever queued: writers may queue before this thread has started.
    let taken = 0;
    for (;;) {
      for (let spins = 0; Atomics.load(ctl, 0) === taken; spins++) {
        if (spins < idleSpins) continue;
        Atomics.store(ctl, 3, 1);
        Atomics.wait(ctl, 0, taken);
        Atomics.store(ctl, 3, 0);
      }
      const slot = Atomics.load(ctl, 8 + ((taken >>> 0) % shared.slotCount));
      taken = (taken + 1) | 0;
      // QUEUED → RUNNING; a slot the JS thread took back meanwhile (or a stale hint) is skipped.
      if (Atomics.compareExchange(ctl, shared.metaAt + slot * shared.metaWords, 2, 3) === 2)
        write(fs, shared, slot, 5);
    }
  };
}

/** The process's I/O thread and its slots. */
export interface WriteBehind {
  /**
   * A free slot's number, now owned by the caller, or -1 when all are taken: the next free one after the slot taken
   * last, so the slots take turns. The worker's write reads a slot's cache lines on the other core, and a slot copied
   * into again soon after costs the JS thread their transfer back (10 M trades: 27 against 25 ns a record, and 43
   * against 32 where the machine ran the two threads further apart).
   */
  takeSlot(): number;
  /** The slot's bytes (WRITE_BEHIND_SLOT_BYTES), to fill while it is owned. */
  bytesOf(slot: number): Uint8Array;
  /** Queues the first `length` bytes of an owned slot to be appended to `fd`, a file `lengthBefore` bytes long. */
  submit(slot: number, fd: number, length: number, lengthBefore: number): void;
  /**
   * Waits until the slot's queued write is done (writing it on this thread if the worker has not started it); the
   * slot is owned again. Returns the error of a failed write, whose file was cut back to its length before.
   */
  settle(slot: number, path: string): Dig3Error | undefined;
  /** Gives an owned, settled slot back. */
  releaseSlot(slot: number): void;
}

let shared: SharedState | undefined;
/** Held for the life of the process, so the worker is never collected (and stopped) while a write may be under way. */
let ioThread: Worker | undefined;
/** Set when this runtime cannot start the thread (no Worker or shared memory): writers write on the JS thread. */
let isUnavailable = false;

/**
 * Whether this process may run on two CPUs at once (its affinity, not the machine's count). On one CPU the two threads
 * only take turns, and each one's wait for the other spins away the other's turn: pinned to one CPU, 10 M trade appends
 * ran at 0.25× raw write through the I/O thread and at 0.44× on the JS thread alone (4 runs, measured side by side).
 */
export function hasSpareCpu(): boolean {
  spareCpu ??= availableParallelism() >= 2;
  return spareCpu;
}
let spareCpu: boolean | undefined;

/** The I/O thread, started on first use; undefined where it cannot run. */
export function getWriteBehind(): WriteBehind | undefined {
  if (shared === undefined && !isUnavailable) {
    try {
      shared = startIoThread();
    } catch {
      isUnavailable = true;
    }
  }
  return shared === undefined ? undefined : writeBehind;
}

function startIoThread(): SharedState {
  if (typeof Worker === "undefined" || typeof SharedArrayBuffer === "undefined")
    throw new Error("no threads");
  const state = createSharedState();
  const source = `(${runIoThread.toString()})(require("node:fs"), ${writeSlot.toString()}, ${IDLE_SPINS})`;
  ioThread = new Worker(URL.createObjectURL(new Blob([source], { type: "application/javascript" })));
  // Never keeps the process alive: a writer's close and the exit hook wait for (or do) what is queued.
  ioThread.unref();
  ioThread.postMessage(state);
  return state;
}

function createSharedState(): SharedState {
  return {
    ctl: new Int32Array(new SharedArrayBuffer((META_AT + SLOT_COUNT * META_WORDS) * 4)),
    lengthBefore: new Float64Array(new SharedArrayBuffer(SLOT_COUNT * 8)),
    text: new Uint8Array(new SharedArrayBuffer(SLOT_COUNT * TEXT_BYTES)),
    data: new SharedArrayBuffer(SLOT_COUNT * WRITE_BEHIND_SLOT_BYTES),
    slotCount: SLOT_COUNT,
    slotBytes: WRITE_BEHIND_SLOT_BYTES,
    textBytes: TEXT_BYTES,
    metaAt: META_AT,
    metaWords: META_WORDS,
    faultCodes: FAULT_CODES,
  };
}

let nextSlot = 0;
const stateAt = (slot: number) => META_AT + slot * META_WORDS;

const writeBehind: WriteBehind = {
  takeSlot(): number {
    const ctl = shared!.ctl;
    for (let i = 0; i < SLOT_COUNT; i++) {
      const slot = (nextSlot + i) % SLOT_COUNT;
      if (ctl[stateAt(slot)] === FREE) {
        ctl[stateAt(slot)] = OWNED;
        nextSlot = (slot + 1) % SLOT_COUNT;
        return slot;
      }
    }
    return -1;
  },
  bytesOf(slot: number): Uint8Array {
    return new Uint8Array(shared!.data, slot * WRITE_BEHIND_SLOT_BYTES, WRITE_BEHIND_SLOT_BYTES);
  },
  submit(slot: number, fd: number, length: number, lengthBefore: number): void {
    const { ctl } = shared!;
    const meta = stateAt(slot);
    ctl[meta + 1] = fd;
    ctl[meta + 2] = length;
    shared!.lengthBefore[slot] = lengthBefore;
    Atomics.store(ctl, meta, QUEUED);
    // One producer (this thread): the queue entry is in place before the count that shows it.
    const queued = ctl[QUEUED_AT]!;
    Atomics.store(ctl, QUEUE_AT + ((queued >>> 0) % SLOT_COUNT), slot);
    Atomics.store(ctl, QUEUED_AT, (queued + 1) | 0);
    if (Atomics.load(ctl, WORKER_SLEEPS_AT) !== 0) Atomics.notify(ctl, QUEUED_AT, 1);
  },
  settle(slot: number, path: string): Dig3Error | undefined {
    const { ctl } = shared!;
    const meta = stateAt(slot);
    let spins = 0;
    for (;;) {
      const state = Atomics.load(ctl, meta);
      if (state === QUEUED) {
        if (Atomics.compareExchange(ctl, meta, QUEUED, RUNNING) === QUEUED)
          writeSlot(nodeFs, shared!, slot, JS_WRITES_AT);
      } else if (state === RUNNING) {
        if (spins++ < JS_SPINS) continue;
        Atomics.store(ctl, JS_WAITS_AT, 1);
        Atomics.wait(ctl, meta, RUNNING);
        Atomics.store(ctl, JS_WAITS_AT, 0);
      } else {
        ctl[meta] = OWNED;
        return state === FAILED ? readFailure(slot, path) : undefined;
      }
    }
  },
  releaseSlot(slot: number): void {
    shared!.ctl[stateAt(slot)] = FREE;
  },
};

/** A failed slot write as the Dig3Error a write on this thread would have thrown. */
function readFailure(slot: number, path: string): Dig3Error {
  const { ctl, text } = shared!;
  const meta = stateAt(slot);
  const at = slot * TEXT_BYTES;
  const [code, ...message] = new TextDecoder().decode(text.subarray(at, at + ctl[meta + 4]!)).split("\n");
  const mapped = toStorageError(Object.assign(new Error(message.join("\n")), { code }), "append to", path);
  return ctl[meta + 3] === 0 ? mapped : toCutBackFailure(mapped, mapped, { ...mapped.details });
}

/** Slot writes done so far by the I/O thread and (the worker had not started them when needed) by the JS thread. */
export function countWriteBehindWrites(): { byWorker: number; here: number } {
  if (shared === undefined) return { byWorker: 0, here: 0 };
  return {
    byWorker: Atomics.load(shared.ctl, WORKER_WRITES_AT),
    here: Atomics.load(shared.ctl, JS_WRITES_AT),
  };
}

/** Slots no writer holds (all of them before the I/O thread starts). */
export function countFreeWriteBehindSlots(): number {
  if (shared === undefined) return SLOT_COUNT;
  let free = 0;
  for (let slot = 0; slot < SLOT_COUNT; slot++) if (shared.ctl[stateAt(slot)] === FREE) free++;
  return free;
}

/**
 * Tests: the next `count` slot writes fail halfway with `code` (the bytes written are cut back), on whichever thread
 * does them. 0 clears.
 */
export function injectWriteBehindFaults(count: number, code: (typeof FAULT_CODES)[number] = "ENOSPC"): void {
  if (!getWriteBehind()) return;
  Atomics.store(shared!.ctl, FAULT_CODE_AT, FAULT_CODES.indexOf(code));
  Atomics.store(shared!.ctl, FAULTS_AT, count);
}
