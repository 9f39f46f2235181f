// Public surface of the book layer: L2 book state and the sync state machine (both pure, no I/O).

export { createL2Book, type L2Book } from "./l2-book.ts";
export * from "./sync.ts";
