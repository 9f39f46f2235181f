// L1 action hashing as HyperLiquid's Python SDK does it (`action_hash`, `construct_phantom_agent`, `l1_payload` in
// hyperliquid/utils/signing.py): msgpack of the action (keys in insertion order, integers in their smallest width),
// the nonce as u64 big-endian, the vault flag and address, the optional expiry, all keccak-256'd into the phantom
// agent's connectionId. Plus the SDK's number-to-wire helpers.

import { encode } from "@msgpack/msgpack";
import { keccak_256 } from "@noble/hashes/sha3.js";
import { Dig3Error } from "../../../core/index.ts";
import { bytesToHex, concatBytes, EIP712_DOMAIN_FIELDS, hexToBytes, type TypedData } from "./typed-data.ts";

const UINT32_LIMIT = 0x1_0000_0000;
const INT32_MIN = -0x8000_0000;
const UINT64_MAX = (1n << 64n) - 1n;
const INT64_MIN = -(1n << 63n);

/** `msgpack` packs Python ints in the smallest width; the JS packer needs bigints past 32 bits to write 64-bit ints. */
function toPackable(value: unknown, path: string): unknown {
  if (typeof value === "number") {
    if (!Number.isFinite(value)) throw badAction(`${path} is not a finite number`);
    if (Number.isInteger(value) && (value >= UINT32_LIMIT || value < INT32_MIN)) {
      if (!Number.isSafeInteger(value))
        throw badAction(`${path} is an integer beyond 2^53; pass it as a bigint to keep it exact`);
      return BigInt(value);
    }
    return value;
  }
  if (typeof value === "bigint") {
    if (value > UINT64_MAX || value < INT64_MIN) throw badAction(`${path} does not fit 64 bits`);
    return value < BigInt(UINT32_LIMIT) && value >= BigInt(INT32_MIN) ? Number(value) : value;
  }
  if (Array.isArray(value)) return value.map((item, i) => toPackable(item, `${path}[${i}]`));
  if (value instanceof Uint8Array) return value;
  if (value !== null && typeof value === "object") {
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) {
      if (item !== undefined) out[key] = toPackable(item, `${path}.${key}`);
    }
    return out;
  }
  return value;
}

function badAction(message: string): Dig3Error {
  return new Dig3Error("E_BAD_INPUT", `hyperliquid action: ${message}`, {
    hint: "actions are JSON objects as HyperLiquid's /exchange endpoint takes them",
  });
}

/**
 * The msgpack bytes of an action, byte for byte as Python's `msgpack.packb`: maps keep insertion order (JS objects
 * do too, except integer-like keys, which HyperLiquid actions never use), ints take the smallest width (fixint,
 * uint8/16/32, uint64 past 2^32), non-integer numbers are float64, strings str8/16/32, undefined keys are left out.
 */
export function packAction(action: unknown): Uint8Array {
  return encode(toPackable(action, "action"), { useBigInt64: true, ignoreUndefined: true });
}

export interface ActionHashOptions {
  /** Vault or sub-account the action is for (`vaultAddress`); absent for the signer's own account. */
  vaultAddress?: string;
  /** `expiresAfter` (ms): the action is rejected after it. */
  expiresAfter?: number | bigint;
}

function u64BigEndian(value: number | bigint, what: string): Uint8Array {
  const n = typeof value === "bigint" ? value : Number.isSafeInteger(value) ? BigInt(value) : -1n;
  if (n < 0n || n > UINT64_MAX) throw badAction(`${what} must be a whole number in u64`);
  const bytes = new Uint8Array(8);
  new DataView(bytes.buffer).setBigUint64(0, n);
  return bytes;
}

/** `keccak256(msgpack(action) ‖ nonce u64 BE ‖ (0x00 | 0x01 ‖ vault) [‖ 0x00 ‖ expiresAfter u64 BE])`. */
export function hashAction(
  action: unknown,
  nonce: number | bigint,
  options: ActionHashOptions = {},
): Uint8Array {
  const parts: Uint8Array[] = [packAction(action), u64BigEndian(nonce, "nonce")];
  if (options.vaultAddress === undefined) parts.push(Uint8Array.of(0));
  else parts.push(Uint8Array.of(1), hexToBytes(options.vaultAddress, 20, "vault address"));
  if (options.expiresAfter !== undefined)
    parts.push(Uint8Array.of(0), u64BigEndian(options.expiresAfter, "expiresAfter"));
  return keccak_256(concatBytes(...parts));
}

export interface PhantomAgent {
  /** `a` on mainnet, `b` on testnet. */
  source: "a" | "b";
  /** The action hash, `0x` + 64 hex digits. */
  connectionId: string;
}

export function phantomAgentOf(actionHash: Uint8Array, testnet: boolean): PhantomAgent {
  return { source: testnet ? "b" : "a", connectionId: bytesToHex(actionHash) };
}

/**
 * The typed data of an L1 action: domain `Exchange` v1 on chain 1337 with the zero verifying contract, primary type
 * `Agent(string source,bytes32 connectionId)`. (The Rust original signed with chain 42161/421614 and an address
 * source; that is not HyperLiquid's scheme.)
 */
export function l1TypedData(agent: PhantomAgent): TypedData {
  return {
    domain: {
      chainId: 1337,
      name: "Exchange",
      verifyingContract: "0x0000000000000000000000000000000000000000",
      version: "1",
    },
    types: {
      Agent: [
        { name: "source", type: "string" },
        { name: "connectionId", type: "bytes32" },
      ],
      EIP712Domain: EIP712_DOMAIN_FIELDS,
    },
    primaryType: "Agent",
    message: { source: agent.source, connectionId: agent.connectionId },
  };
}

// ── numbers on the wire (hyperliquid/utils/signing.py) ───────────────────────────────────────────────────────

/** Python's `round`: half to even. */
function roundHalfEven(x: number): number {
  const floor = Math.floor(x);
  const diff = x - floor;
  if (diff > 0.5) return floor + 1;
  if (diff < 0.5) return floor;
  return floor % 2 === 0 ? floor : floor + 1;
}

/** `float_to_int(x, power)`: x · 10^power as an exact integer; throws when that would round by 1e-3 or more. */
export function floatToInt(x: number, power: number): bigint {
  // Python multiplies an int exactly (`123123123123 * 10**8`); JS cannot tell 1000 from 1000.0, so whole numbers
  // take the exact path, as the SDK's own tests pass them.
  if (Number.isSafeInteger(x)) return BigInt(x) * 10n ** BigInt(power);
  const withDecimals = x * 10 ** power;
  const rounded = roundHalfEven(withDecimals);
  if (!Number.isFinite(withDecimals) || Math.abs(rounded - withDecimals) >= 1e-3) {
    throw new Dig3Error("E_BAD_INPUT", `float_to_int causes rounding: ${x} at 10^${power}`, {
      hint: `HyperLiquid hashes this number with ${power} decimals; pass a value with at most ${power} decimals`,
    });
  }
  // The double is an integer here; BigInt keeps its exact value past 2^53, as Python's int(round(x)) does.
  return BigInt(rounded);
}

/** `float_to_int_for_hashing`: 8 decimals. */
export function floatToIntForHashing(x: number): bigint {
  return floatToInt(x, 8);
}

/** `float_to_usd_int`: 6 decimals (USDC amounts of `updateIsolatedMargin`). */
export function floatToUsdInt(x: number): bigint {
  return floatToInt(x, 6);
}

/** `float_to_wire`: 8 decimals, trailing zeros cut (`100`, `0.0147`, `1670.1`); throws when that would round. */
export function floatToWire(x: number): string {
  const rounded = x.toFixed(8);
  if (Math.abs(Number(rounded) - x) >= 1e-12) {
    throw new Dig3Error("E_BAD_INPUT", `float_to_wire causes rounding: ${x}`, {
      hint: "prices and sizes go on the wire with at most 8 decimals",
    });
  }
  // Decimal(rounded).normalize() in `:f` form: no exponent, no trailing zeros, no dangling point.
  const trimmed = rounded.includes(".") ? rounded.replace(/0+$/, "").replace(/\.$/, "") : rounded;
  return trimmed === "" ? "0" : trimmed;
}
