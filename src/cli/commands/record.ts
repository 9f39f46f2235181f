// `dig3 record --config capture.toml`: the venue's raw traffic only (inbound frames and REST bodies as NDJSON in the
// ../shared/wire line format), no day files, so a session can be re-normalized later with `dig3 decode`.

import { defineCommand } from "citty";
import { captureArgs, runCapture } from "./capture.ts";

const { persist: _persist, ...recordArgs } = captureArgs;

export default defineCommand({
  meta: { name: "record" },
  args: {
    ...recordArgs,
    out: {
      type: "string",
      description:
        "where the NDJSON goes: <out>/<exchange>/<account>/<day>.ndjson (default <storage root>/raw)",
      valueHint: "dir",
    },
  },
  run({ args }) {
    return runCapture(args, { rawOnly: true, raw: true });
  },
});
