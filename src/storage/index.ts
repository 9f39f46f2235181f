// Public surface of the storage layer: day-file paths and name sanitizing, the series writer (with its registry
// and exit hook), the series reader and whole-day reads for tools, torn-tail checks, locks and the fs facade.

export * from "./exit-flush.ts";
export * from "./io.ts";
export * from "./lock.ts";
export * from "./paths.ts";
export * from "./reader.ts";
export * from "./recovery.ts";
export * from "./sparse-index.ts";
export * from "./writer.ts";
