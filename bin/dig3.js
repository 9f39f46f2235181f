#!/usr/bin/env bun
// `npx dig3 …` from a clone: runs the TypeScript entry under Bun (installed by `npm install`).
await import("../src/main.ts");
