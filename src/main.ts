#!/usr/bin/env bun
// Entry point of the dig3 CLI (and of the compiled binary): run the command tree, exit with its code.

import { runCli } from "./cli/main.ts";

const code = await runCli(process.argv.slice(2));
process.exit(code);
