// HyperLiquid signing, one import for callers (the CLI loads it lazily): action builders, L1 and user-signed
// signatures, the hashing steps underneath for inspection.

export * from "./action-hash.ts";
export * from "./actions.ts";
export * from "./sign.ts";
export * from "./typed-data.ts";
