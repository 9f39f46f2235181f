// `dig3 sign hyperliquid --action '<json>' --nonce N [--vault ADDR] [--expires-after MS] [--testnet] [--kind l1|user]`:
// signs one HyperLiquid action and prints `{"r","s","v"}`. The key comes from DIG3_HYPERLIQUID_PRIVATE_KEY or
// --key-file (owner-only permissions); it is never printed, logged or written anywhere. Signing code loads lazily.

import { statSync } from "node:fs";
import { defineCommand } from "citty";
import { Dig3Error } from "../../core/index.ts";
import { findExchange } from "../../exchanges/index.ts";
import { commonArgs } from "../args.ts";
import { printJson } from "../output.ts";

const KEY_ENV = "DIG3_HYPERLIQUID_PRIVATE_KEY";

function usage(message: string, hint: string): Dig3Error {
  return new Dig3Error("E_BAD_INPUT", message, { hint });
}

/**
 * Parses the action JSON; integers past 2^53 keep their exact digits (as bigints) by reading the source text, so
 * `float_to_int_for_hashing` sized numbers survive the trip.
 */
export function parseActionJson(text: string): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(text, (_key, parsed: unknown, context?: { source?: string }) => {
      const source = context?.source;
      if (typeof parsed === "number" && source && /^-?\d+$/.test(source) && !Number.isSafeInteger(parsed))
        return BigInt(source);
      return parsed;
    });
  } catch (error) {
    throw usage(
      `--action is not JSON: ${(error as Error).message}`,
      `for example --action '{"type":"scheduleCancel"}'`,
    );
  }
  if (typeof value !== "object" || value === null || Array.isArray(value))
    throw usage("--action must be a JSON object", `for example --action '{"type":"scheduleCancel"}'`);
  return value as Record<string, unknown>;
}

function parseNonce(text: string | undefined): bigint | undefined {
  if (text === undefined) return undefined;
  if (!/^\d+$/.test(text.trim()))
    throw usage(`--nonce must be a whole number of ms, got '${text}'`, "e.g. --nonce 1700000000000");
  return BigInt(text.trim());
}

/** Reads the key text from --key-file (owner-only permissions required) or the environment; never echoes it. */
async function readKeyText(keyFile: string | undefined): Promise<string> {
  if (keyFile !== undefined) {
    let mode: number;
    try {
      mode = statSync(keyFile).mode;
    } catch {
      throw new Dig3Error("E_FILE_NOT_FOUND", `cannot read the key file '${keyFile}'`, {
        hint: "give the path of a file holding the private key (0x + 64 hex digits)",
      });
    }
    if ((mode & 0o077) !== 0) {
      throw new Dig3Error(
        "E_PERMISSION",
        `the key file '${keyFile}' is readable by others (mode ${(mode & 0o777).toString(8).padStart(4, "0")})`,
        { hint: `restrict it to its owner: chmod 600 ${keyFile}` },
      );
    }
    return Bun.file(keyFile).text();
  }
  const fromEnv = process.env[KEY_ENV];
  if (fromEnv === undefined || fromEnv.trim() === "") {
    throw usage(
      "no HyperLiquid private key",
      `set ${KEY_ENV}, or pass --key-file PATH (a file with mode 600)`,
    );
  }
  return fromEnv;
}

export default defineCommand({
  meta: { name: "sign" },
  args: {
    exchange: { type: "positional", description: "venue id: hyperliquid", required: true },
    action: {
      type: "string",
      description: "the action as JSON, exactly as it will be sent",
      valueHint: "json",
      required: true,
    },
    nonce: {
      type: "string",
      description: "nonce in ms (L1 actions; user-signed: fills time/nonce if absent)",
      valueHint: "N",
    },
    vault: {
      type: "string",
      description: "vault or sub-account address the L1 action is for",
      valueHint: "0x…",
    },
    "expires-after": {
      type: "string",
      description: "L1 actions: reject after this time (ms)",
      valueHint: "ms",
    },
    testnet: { type: "boolean", description: "sign for testnet (L1 source b, hyperliquidChain Testnet)" },
    kind: {
      type: "string",
      description: "l1 (default) or user (withdrawals, transfers, approvals)",
      valueHint: "l1|user",
    },
    "key-file": {
      type: "string",
      description: `file holding the private key (mode 600); default: $${KEY_ENV}`,
      valueHint: "path",
    },
    ...commonArgs,
  },
  async run({ args }) {
    const exchange = findExchange(args.exchange).id;
    if (exchange !== "hyperliquid") {
      throw new Dig3Error("E_NOT_IMPLEMENTED", `signing for '${exchange}' is not implemented`, {
        hint:
          exchange === "lighter"
            ? "Lighter's scheme (Poseidon2 over Goldilocks, Schnorr on ECgFp5) has no reviewed npm package yet; see src/exchanges/lighter/README.md"
            : "dig3 signs HyperLiquid actions: dig3 sign hyperliquid --action '<json>' --nonce N",
      });
    }
    const kind = (args.kind ?? "l1").toLowerCase();
    if (kind !== "l1" && kind !== "user")
      throw usage(
        `--kind must be l1 or user, got '${args.kind}'`,
        "--kind l1 (orders, cancels …) or --kind user",
      );
    const action = parseActionJson(args.action);
    const nonce = parseNonce(args.nonce);
    const expiresAfter = parseNonce(args["expires-after"]);
    const testnet = args.testnet === true;
    const signing = await import("../../exchanges/hyperliquid/signing/index.ts");
    const key = signing.readPrivateKey(await readKeyText(args["key-file"]));
    if (kind === "l1") {
      if (nonce === undefined)
        throw usage(
          "--nonce is required for L1 actions",
          "use the current time in ms, e.g. --nonce $(date +%s000)",
        );
      const options: { testnet: boolean; vaultAddress?: string; expiresAfter?: bigint } = { testnet };
      if (args.vault !== undefined) options.vaultAddress = args.vault;
      if (expiresAfter !== undefined) options.expiresAfter = expiresAfter;
      printJson(signing.signL1Action(action, nonce, key, options));
      return;
    }
    if (args.vault !== undefined || expiresAfter !== undefined)
      throw usage(
        "--vault and --expires-after apply to L1 actions only",
        "user-signed actions carry their own fields",
      );
    const types = typeof action.type === "string" ? signing.USER_SIGNED_TYPES[action.type] : undefined;
    const stamp = types?.fields.find((field) => field.name === "time" || field.name === "nonce")?.name;
    if (stamp && nonce !== undefined) {
      if (action[stamp] === undefined) action[stamp] = nonce;
      else if (BigInt(String(action[stamp])) !== nonce)
        throw usage(
          `--nonce ${nonce} differs from the action's ${stamp} ${String(action[stamp])}`,
          "give one of them",
        );
    }
    printJson(signing.signUserSignedAction(action, key, { testnet }));
  },
});
