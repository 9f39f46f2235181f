// Public surface of the hub layer.

export type { HubDiagnostic } from "./diagnostics.ts";
export type { EndpointOverrides } from "./endpoints.ts";
export type { EventStream } from "./event-stream.ts";
export * from "./hub.ts";
export type { ResolvedSymbol } from "./symbols.ts";
export * from "./validation.ts";
