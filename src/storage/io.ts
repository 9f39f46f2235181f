// The file-system facade storage goes through (node:fs by default; tests inject failures), the mapping of system
// errors to Dig3Error codes with hints, and whole-buffer write/read helpers that never leave a partial write behind.

import * as nodeFs from "node:fs";
import { Dig3Error } from "../core/errors.ts";

/**
 * The part of node:fs storage uses. Synchronous, but for `read`: appends are batched, so syscalls are few, and only a
 * scan over a whole day reads ahead off the JS thread.
 */
export interface StorageFs {
  openSync(path: string, flags: string, mode?: number): number;
  closeSync(fd: number): void;
  writeSync(fd: number, buffer: Uint8Array, offset: number, length: number): number;
  readSync(fd: number, buffer: Uint8Array, offset: number, length: number, position: number): number;
  /** node:fs `read`, resolving to the bytes read. Without it, reads that could run ahead use `readSync`. */
  read?(fd: number, buffer: Uint8Array, offset: number, length: number, position: number): Promise<number>;
  fstatSync(fd: number): { size: number };
  ftruncateSync(fd: number, lengthBytes: number): void;
  statSync(path: string): { size: number; mtimeMs: number };
  mkdirSync(path: string, options: { recursive: true }): unknown;
  readdirSync(path: string): string[];
  readFileSync(path: string): Uint8Array;
  unlinkSync(path: string): void;
  renameSync(from: string, to: string): void;
  linkSync(existing: string, newPath: string): void;
}

export const nodeStorageFs: StorageFs = {
  openSync: (path, flags, mode) => nodeFs.openSync(path, flags, mode),
  closeSync: (fd) => nodeFs.closeSync(fd),
  writeSync: (fd, buffer, offset, length) => nodeFs.writeSync(fd, buffer, offset, length),
  readSync: (fd, buffer, offset, length, position) => nodeFs.readSync(fd, buffer, offset, length, position),
  read: (fd, buffer, offset, length, position) =>
    new Promise((resolve, reject) => {
      nodeFs.read(fd, buffer, offset, length, position, (error, bytesRead) => {
        if (error) reject(error);
        else resolve(bytesRead);
      });
    }),
  fstatSync: (fd) => nodeFs.fstatSync(fd),
  ftruncateSync: (fd, lengthBytes) => nodeFs.ftruncateSync(fd, lengthBytes),
  statSync: (path) => nodeFs.statSync(path),
  mkdirSync: (path, options) => nodeFs.mkdirSync(path, options),
  readdirSync: (path) => nodeFs.readdirSync(path),
  readFileSync: (path) => nodeFs.readFileSync(path),
  unlinkSync: (path) => nodeFs.unlinkSync(path),
  renameSync: (from, to) => nodeFs.renameSync(from, to),
  linkSync: (existing, newPath) => nodeFs.linkSync(existing, newPath),
};

/** The `code` of a Node system error (`ENOSPC` …), if it is one. */
export function readErrnoCode(error: unknown): string | undefined {
  if (typeof error !== "object" || error === null) return undefined;
  const code = (error as { code?: unknown }).code;
  return typeof code === "string" ? code : undefined;
}

/**
 * A system error as a Dig3Error: ENOSPC/EDQUOT → E_DISK_FULL, EACCES/EPERM/EROFS → E_PERMISSION, ENOENT →
 * E_FILE_NOT_FOUND, anything else → E_IO. Dig3Errors pass through. `action` reads like "append to".
 */
export function toStorageError(error: unknown, action: string, path: string): Dig3Error {
  if (error instanceof Dig3Error) return error;
  const code = readErrnoCode(error);
  const reason = error instanceof Error ? error.message : String(error);
  const details = { path, errno: code };
  switch (code) {
    case "ENOSPC":
    case "EDQUOT":
      return new Dig3Error("E_DISK_FULL", `disk full: cannot ${action} ${path}`, {
        hint: "free space on that disk or point --storage-root elsewhere; records not yet written stay buffered and are retried on the next flush",
        cause: error,
        details,
      });
    case "EACCES":
    case "EPERM":
    case "EROFS":
      return new Dig3Error("E_PERMISSION", `permission denied: cannot ${action} ${path} (${code})`, {
        hint: "make the storage directory writable by this user, or choose another --storage-root",
        cause: error,
        details,
      });
    case "ENOENT":
      return new Dig3Error("E_FILE_NOT_FOUND", `not found: cannot ${action} ${path}`, {
        hint: "check the path and --storage-root",
        cause: error,
        details,
      });
    default:
      return new Dig3Error("E_IO", `I/O error: cannot ${action} ${path}: ${reason}`, {
        hint: "check the disk and the path (the system error is in the message)",
        cause: error,
        details,
      });
  }
}

/**
 * Appends all of `bytes` to `fd` (opened for append) whose current length is `lengthBefore`. If any write fails,
 * the file is cut back to `lengthBefore` so that no partial record stays behind, and the mapped error is thrown.
 */
export function appendFully(
  fs: StorageFs,
  fd: number,
  bytes: Uint8Array,
  lengthBefore: number,
  path: string,
): void {
  let done = 0;
  try {
    while (done < bytes.length) {
      const wrote = fs.writeSync(fd, bytes, done, bytes.length - done);
      if (wrote <= 0) throw Object.assign(new Error("write returned 0 bytes"), { code: "EIO" });
      done += wrote;
    }
  } catch (error) {
    const mapped = toStorageError(error, "append to", path);
    if (done > 0 || !isSizeKnown(fs, fd, lengthBefore)) {
      try {
        fs.ftruncateSync(fd, lengthBefore);
      } catch (truncateError) {
        throw toCutBackFailure(mapped, truncateError, { ...mapped.details, partialBytes: done });
      }
    }
    throw mapped;
  }
}

/** A failed append whose partial bytes could not be cut back either (the next open of the series cuts them). */
export function toCutBackFailure(
  mapped: Dig3Error,
  cause: unknown,
  details: Record<string, unknown>,
): Dig3Error {
  return new Dig3Error(mapped.code, `${mapped.message}; cutting the partial write back also failed`, {
    hint: "the next open of this series cuts the torn tail; check the disk",
    cause,
    details,
  });
}

function isSizeKnown(fs: StorageFs, fd: number, lengthBefore: number): boolean {
  try {
    return fs.fstatSync(fd).size === lengthBefore;
  } catch {
    return false;
  }
}

/** Reads exactly `length` bytes at `position` into `buffer` at `offset`, or fewer at the end of the file; returns the count. */
export function readAt(
  fs: StorageFs,
  fd: number,
  buffer: Uint8Array,
  offset: number,
  length: number,
  position: number,
): number {
  let done = 0;
  while (done < length) {
    const got = fs.readSync(fd, buffer, offset + done, length - done, position + done);
    if (got <= 0) break;
    done += got;
  }
  return done;
}

/** `readAt` through `fs.read` (off the JS thread) when the facade has it. */
async function readAtAsync(
  fs: StorageFs,
  fd: number,
  buffer: Uint8Array,
  offset: number,
  length: number,
  position: number,
): Promise<number> {
  if (!fs.read) return readAt(fs, fd, buffer, offset, length, position);
  let done = 0;
  while (done < length) {
    const got = await fs.read(fd, buffer, offset + done, length - done, position + done);
    if (got <= 0) break;
    done += got;
  }
  return done;
}

/** Reads exactly `into.length` bytes at `position` (E_IO if the file is shorter). */
export function readFullyAt(
  fs: StorageFs,
  fd: number,
  into: Uint8Array,
  position: number,
  path: string,
): void {
  let got: number;
  try {
    got = readAt(fs, fd, into, 0, into.length, position);
  } catch (error) {
    throw toStorageError(error, "read", path);
  }
  checkFullRead(got, into, position, path);
}

/** `readFullyAt` through the facade's asynchronous read: `into` filled from `position`, else E_IO (short read). */
export async function readFullyAtAsync(
  fs: StorageFs,
  fd: number,
  into: Uint8Array,
  position: number,
  path: string,
): Promise<Uint8Array> {
  let got: number;
  try {
    got = await readAtAsync(fs, fd, into, 0, into.length, position);
  } catch (error) {
    throw toStorageError(error, "read", path);
  }
  checkFullRead(got, into, position, path);
  return into;
}

/** E_IO when a read came back shorter than the bytes the file's size promised. */
function checkFullRead(got: number, into: Uint8Array, position: number, path: string): void {
  if (got === into.length) return;
  throw toStorageError(
    Object.assign(new Error(`short read: ${got} of ${into.length} bytes at ${position}`), { code: "EIO" }),
    "read",
    path,
  );
}
