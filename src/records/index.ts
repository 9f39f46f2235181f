// Public surface of the records layer: every binary record kind declared once (`defineRecord`), its converters
// from normalized events and back, the registry by kind, slug and stream, and bulk column readers.

export * from "./binary.ts";
export * from "./blob.ts";
export * from "./book.ts";
export * from "./book-anchors.ts";
export * from "./columns.ts";
export * from "./define.ts";
export * from "./derivatives.ts";
export * from "./fnv.ts";
export * from "./gaps.ts";
export * from "./klines.ts";
export * from "./record-events.ts";
export * from "./registry.ts";
export * from "./tickers.ts";
export * from "./trades.ts";
