// Public surface of the station layer (and what the CLI may use of the layers below it).

export { createL2Book, type L2Book } from "../book/index.ts";
export { ExchangeHub, type HubDiagnostic, type HubOptions } from "../hub/index.ts";
export * from "./decode.ts";
export * from "./station.ts";
