// The exit hook the station and CLI install: on process exit and on SIGINT/SIGTERM, every open series writer is
// flushed and closed (locks released). Installing is explicit; the storage library never installs it by itself.

import type { Dig3Error } from "../core/errors.ts";
import { closeAllOpenWriters, type WritersResult } from "./writer.ts";

export interface ExitFlushOptions {
  /** Signals to catch (default SIGINT and SIGTERM). */
  signals?: readonly NodeJS.Signals[];
  /** Told about writers that could not flush (e.g. the disk is full). */
  onError?: (errors: Dig3Error[]) => void;
  /**
   * After closing the writers on a signal, re-raise it when nobody else listens for it, so the process ends the way
   * it would have without the hook (default true). Set false when the caller handles the signal itself.
   */
  reraiseSignal?: boolean;
}

/** Installs the hook; returns the function that removes it. */
export function installExitFlush(options: ExitFlushOptions = {}): () => void {
  const signals = options.signals ?? (["SIGINT", "SIGTERM"] as const);
  const reraise = options.reraiseSignal ?? true;

  function closeWriters(): WritersResult {
    const result = closeAllOpenWriters();
    if (result.errors.length > 0) options.onError?.(result.errors);
    return result;
  }

  function onExit(): void {
    closeWriters();
  }

  function onSignal(signal: NodeJS.Signals): void {
    closeWriters();
    if (!reraise) return;
    uninstall();
    if (process.listenerCount(signal) === 0) process.kill(process.pid, signal);
  }

  let isInstalled = true;
  function uninstall(): void {
    if (!isInstalled) return;
    isInstalled = false;
    process.off("exit", onExit);
    for (const signal of signals) process.off(signal, onSignal);
  }

  process.on("exit", onExit);
  for (const signal of signals) process.on(signal, onSignal);
  return uninstall;
}
