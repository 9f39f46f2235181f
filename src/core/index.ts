// Public surface of the core layer: events, accounts, symbols, stream kinds and capabilities, errors, time.

export * from "./accounts.ts";
export * from "./errors.ts";
export * from "./events.ts";
export * from "./streams.ts";
export * from "./symbols.ts";
export * from "./time.ts";
export * from "./book-rules.ts";
