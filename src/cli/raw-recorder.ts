// Raw traffic recording for `capture --raw` and `record`: the hub's raw taps (inbound frames, REST bodies) written as
// NDJSON in the ../shared/wire line format, one file per venue account and UTC day under `<dir>/<exchange>/<account>/`,
// so `dig3 decode` can re-normalize any capture.

import { appendFileSync, mkdirSync } from "node:fs";
import { join } from "node:path";
import type { HubOptions } from "../station/index.ts";

type RawFrame = Parameters<NonNullable<HubOptions["onRawFrame"]>>[0];
type RawRestBody = Parameters<NonNullable<HubOptions["onRawRest"]>>[0];

export interface RawRecorder {
  /** Hub options that route the raw taps here. */
  readonly hubOptions: HubOptions;
  /** Where files go; set once the storage root is known (lines before that are buffered). */
  open(dir: string): void;
  readonly path: string | undefined;
  readonly lines: number;
  readonly bytes: number;
  /** Writes what is buffered and stops the flush timer. */
  close(): void;
}

const FLUSH_EVERY_MS = 250;
const SAFE_NAME = /[^a-z0-9._-]/g;

export function createRawRecorder(): RawRecorder {
  let dir: string | undefined;
  let lines = 0;
  let bytes = 0;
  /** Pending lines by file path (relative until the directory is known). */
  const pending = new Map<string, string[]>();
  const madeDirs = new Set<string>();

  function push(exchange: string, account: string, recvTsUs: number, line: string): void {
    const day = new Date(recvTsUs / 1000).toISOString().slice(0, 10);
    const key = `${exchange.toLowerCase().replace(SAFE_NAME, "_")}/${account}/${day}.ndjson`;
    let list = pending.get(key);
    if (!list) {
      list = [];
      pending.set(key, list);
    }
    list.push(line);
    lines++;
  }

  function flush(): void {
    if (dir === undefined) return;
    for (const [key, list] of pending) {
      if (list.length === 0) continue;
      const path = join(dir, key);
      const parent = path.slice(0, path.lastIndexOf("/"));
      if (!madeDirs.has(parent)) {
        mkdirSync(parent, { recursive: true });
        madeDirs.add(parent);
      }
      const text = `${list.join("\n")}\n`;
      appendFileSync(path, text);
      bytes += Buffer.byteLength(text);
      list.length = 0;
    }
  }

  const timer = setInterval(flush, FLUSH_EVERY_MS);
  timer.unref?.();
  const onExit = () => flush();
  process.on("exit", onExit);

  return {
    hubOptions: {
      onRawFrame(frame: RawFrame) {
        push(
          frame.exchange,
          frame.account,
          frame.recvTsUs,
          JSON.stringify({ ts: frame.recvTsUs / 1000, dir: "in", url: frame.url, frame: frame.text }),
        );
      },
      onRawRest(body: RawRestBody) {
        push(
          body.exchange,
          body.account,
          body.recvTsUs,
          JSON.stringify({ ts: body.recvTsUs / 1000, url: body.url, body: body.body }),
        );
      },
    },
    open(target: string) {
      dir = target;
    },
    get path() {
      return dir;
    },
    get lines() {
      return lines;
    },
    get bytes() {
      return bytes;
    },
    close() {
      clearInterval(timer);
      flush();
      process.off("exit", onExit);
    },
  };
}
