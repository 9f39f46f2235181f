// The `.blob` side of header + blob records: the 12-byte blob pointer (u64 offset + u32 length), the two-sided
// level payload of order books, and a growable in-memory BlobWriter that storage and cure can flush to a file.

import { Dig3Error } from "../core/errors.ts";
import type { Level } from "../core/events.ts";
import { readU64, writeU64 } from "./binary.ts";
import type { BlobSlot, BlobWriter } from "./define.ts";

export const BLOB_POINTER_BYTES = 12;

export interface BlobPointer {
  offsetBytes: number;
  lengthBytes: number;
}

export function writeBlobPointer(
  view: DataView,
  offset: number,
  blobOffset: number,
  lengthBytes: number,
): void {
  writeU64(view, offset, blobOffset);
  view.setUint32(offset + 8, lengthBytes, true);
}

export function readBlobPointer(view: DataView, offset: number): BlobPointer {
  return { offsetBytes: readU64(view, offset), lengthBytes: view.getUint32(offset + 8, true) };
}

/** Bytes of a two-sided level payload: u32 count + 16 B per level, for bids then asks. */
export function measureLevelsBlob(bids: readonly Level[], asks: readonly Level[]): number {
  return 8 + 16 * (bids.length + asks.length);
}

/** Appends `[u32 n][n × (f64 price, f64 size)]` for bids, then the same for asks; returns the blob pointer. */
export function appendLevelsBlob(
  blob: BlobWriter,
  bids: readonly Level[],
  asks: readonly Level[],
): BlobPointer {
  const lengthBytes = measureLevelsBlob(bids, asks);
  const slot = blob.reserve(lengthBytes);
  const at = writeSide(slot.view, slot.offset, bids);
  writeSide(slot.view, at, asks);
  return { offsetBytes: slot.blobOffset, lengthBytes };
}

function writeSide(view: DataView, offset: number, levels: readonly Level[]): number {
  view.setUint32(offset, levels.length, true);
  let at = offset + 4;
  for (let i = 0; i < levels.length; i++) {
    const level = levels[i]!;
    view.setFloat64(at, level[0], true);
    view.setFloat64(at + 8, level[1], true);
    at += 16;
  }
  return at;
}

export interface DecodedLevels {
  bids: Level[];
  asks: Level[];
}

/**
 * Reads the level payload a header points at. A zero length decodes to empty sides (Rust: header-only record).
 * Throws E_FILE_CORRUPT when the pointer runs past the blob or a count runs past the payload.
 */
export function readLevelsBlob(blob: Uint8Array | undefined, pointer: BlobPointer): DecodedLevels {
  if (pointer.lengthBytes === 0) return { bids: [], asks: [] };
  if (!blob) {
    throw new Dig3Error("E_FILE_CORRUPT", "record points into a .blob file that was not given", {
      hint: "open the day's .blob file next to the .dat",
    });
  }
  const end = pointer.offsetBytes + pointer.lengthBytes;
  if (end > blob.length) {
    throw new Dig3Error(
      "E_FILE_CORRUPT",
      `blob pointer ${pointer.offsetBytes}+${pointer.lengthBytes} runs past the .blob (${blob.length} bytes)`,
      { hint: "run 'dig3 cure' to cut the torn tail" },
    );
  }
  const view = new DataView(blob.buffer, blob.byteOffset, blob.byteLength);
  const bids: Level[] = [];
  const asks: Level[] = [];
  const afterBids = readSide(view, pointer.offsetBytes, end, bids);
  readSide(view, afterBids, end, asks);
  return { bids, asks };
}

function readSide(view: DataView, offset: number, end: number, into: Level[]): number {
  if (offset + 4 > end) throw corruptPayload();
  const count = view.getUint32(offset, true);
  let at = offset + 4;
  if (at + count * 16 > end) throw corruptPayload();
  for (let i = 0; i < count; i++) {
    into.push([view.getFloat64(at, true), view.getFloat64(at + 8, true)]);
    at += 16;
  }
  return at;
}

function corruptPayload(): Dig3Error {
  return new Dig3Error("E_FILE_CORRUPT", "book blob payload is shorter than its level counts", {
    hint: "run 'dig3 cure' on the file",
  });
}

export interface BlobBuffer extends BlobWriter {
  /** Absolute `.blob` offset of the first buffered byte. */
  readonly startOffset: number;
  /** Bytes buffered since the last `clear`. */
  readonly lengthBytes: number;
  /** The buffered bytes (a view, valid until the next `reserve` or `clear`). */
  bytes(): Uint8Array;
  /** Drops the buffered bytes after they were written out; the next byte lands at `startOffset + lengthBytes`. */
  clear(): void;
}

/** A growable BlobWriter. `startOffset` is the current `.blob` file length (0 for a new day). */
export function createBlobBuffer(startOffset = 0, initialCapacityBytes = 64 * 1024): BlobBuffer {
  let bytes = new Uint8Array(Math.max(64, initialCapacityBytes));
  let view = new DataView(bytes.buffer);
  let start = startOffset;
  let length = 0;
  const slot: BlobSlot = { view, offset: 0, blobOffset: 0 };
  return {
    get startOffset() {
      return start;
    },
    get lengthBytes() {
      return length;
    },
    reserve(lengthBytes: number): BlobSlot {
      if (length + lengthBytes > bytes.length) {
        let capacity = bytes.length * 2;
        while (capacity < length + lengthBytes) capacity *= 2;
        const grown = new Uint8Array(capacity);
        grown.set(bytes.subarray(0, length));
        bytes = grown;
        view = new DataView(bytes.buffer);
      }
      slot.view = view;
      slot.offset = length;
      slot.blobOffset = start + length;
      length += lengthBytes;
      return slot;
    },
    bytes(): Uint8Array {
      return bytes.subarray(0, length);
    },
    clear(): void {
      start += length;
      length = 0;
    },
  };
}
