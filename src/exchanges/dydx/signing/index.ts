// dYdX v4 signing, one import for callers (load it lazily: `await import(".../dydx/signing/index.ts")`, so market
// data never pulls in @cosmjs): wallet from a mnemonic, key loading, SIGN_MODE_DIRECT transaction signing.

export * from "./sign.ts";
export * from "./wallet.ts";
