// Public surface of the station layer (and what the CLI may use of the layers below it).

export { createL2Book, type L2Book } from "../book/index.ts";
export {
  ExchangeHub,
  type HubDiagnostic,
  type HubOptions,
  readValidationSnapshot,
  type StreamStamps,
  VALIDATION_SNAPSHOT_PATH,
  type ValidationSnapshot,
  type ValidationStamp,
  type ValidationVia,
  withStamp,
} from "../hub/index.ts";
export { isSnapshotAnchor } from "../records/index.ts";
export * from "./decode.ts";
export { BAR_KINDS, type BarKind, type BarSpec, isBarKind } from "./derived-bars.ts";
export { SILENCE_DEFAULTS_MS, type StationSettings } from "./options.ts";
export * from "./station.ts";
