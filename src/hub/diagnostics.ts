// Diagnostics the hub reports instead of logging (library code never writes to the console): the CLI decides.

import type { Account, StreamKind } from "../core/index.ts";

export interface HubDiagnostic {
  level: "debug" | "info" | "warn" | "error";
  exchange: string;
  account?: Account;
  /** Stable machine-readable tag: `unmatched-topic`, `venue-error`, `socket-down`, `socket-error`, `poll-error` … */
  code: string;
  message: string;
  /** The stream it concerns, when it concerns one (set by the Station for its series: persistence, heal …). */
  stream?: { kind: StreamKind; symbol: string; interval?: string };
}

export type DiagnosticListener = (diagnostic: HubDiagnostic) => void;
