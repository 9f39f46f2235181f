// EIP-712 typed-data hashing (https://eips.ethereum.org/EIPS/eip-712) for the flat structs HyperLiquid signs: the
// `Agent` phantom agent of L1 actions and the `HyperliquidTransaction:*` user-signed actions. Pure; throws on input
// that does not fit the declared types.

import { keccak_256 } from "@noble/hashes/sha3.js";
import { Dig3Error } from "../../../core/index.ts";

export interface TypedField {
  name: string;
  type: string;
}

export interface TypedDomain {
  name: string;
  version: string;
  chainId: number | bigint;
  verifyingContract: string;
}

/** Everything one signature covers, in the shape eth_account's `encode_typed_data(full_message=…)` reads. */
export interface TypedData {
  domain: TypedDomain;
  types: Record<string, readonly TypedField[]>;
  primaryType: string;
  message: Record<string, unknown>;
}

export const EIP712_DOMAIN_FIELDS: readonly TypedField[] = [
  { name: "name", type: "string" },
  { name: "version", type: "string" },
  { name: "chainId", type: "uint256" },
  { name: "verifyingContract", type: "address" },
];

const encoder = new TextEncoder();

function badInput(message: string): Dig3Error {
  return new Dig3Error("E_BAD_INPUT", message, {
    hint: "the action does not fit HyperLiquid's signing types; see the field named above",
  });
}

export function bytesToHex(bytes: Uint8Array): string {
  let hex = "";
  for (const byte of bytes) hex += byte.toString(16).padStart(2, "0");
  return `0x${hex}`;
}

/** `0x…` hex → bytes; `expectedLength` checks the byte count. */
export function hexToBytes(hex: string, expectedLength?: number, what = "hex value"): Uint8Array {
  const body = hex.startsWith("0x") || hex.startsWith("0X") ? hex.slice(2) : hex;
  if (body.length % 2 !== 0 || !/^[0-9a-fA-F]*$/.test(body)) throw badInput(`${what} is not hex`);
  const bytes = new Uint8Array(body.length / 2);
  for (let i = 0; i < bytes.length; i++) bytes[i] = Number.parseInt(body.slice(i * 2, i * 2 + 2), 16);
  if (expectedLength !== undefined && bytes.length !== expectedLength)
    throw badInput(`${what} must be ${expectedLength} bytes, got ${bytes.length}`);
  return bytes;
}

export function concatBytes(...parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((sum, part) => sum + part.length, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}

/** A 32-byte big-endian word of a non-negative or two's-complement integer. */
function wordOf(value: bigint): Uint8Array {
  const word = new Uint8Array(32);
  let rest = BigInt.asUintN(256, value);
  for (let i = 31; i >= 0; i--) {
    word[i] = Number(rest & 0xffn);
    rest >>= 8n;
  }
  return word;
}

function integerOf(value: unknown, field: string): bigint {
  if (typeof value === "bigint") return value;
  if (typeof value === "number" && Number.isSafeInteger(value)) return BigInt(value);
  if (typeof value === "string" && /^(0x[0-9a-fA-F]+|-?\d+)$/.test(value)) return BigInt(value);
  throw badInput(`field '${field}' must be an integer`);
}

/** `encodeType`: the primary type, then the struct types it references, sorted by name. */
export function encodeType(primaryType: string, types: TypedData["types"]): string {
  const found = new Set<string>();
  const visit = (name: string) => {
    if (found.has(name) || !types[name]) return;
    found.add(name);
    for (const field of types[name]) visit(field.type.replace(/\[\d*\]$/, ""));
  };
  visit(primaryType);
  found.delete(primaryType);
  const order = [primaryType, ...[...found].sort()];
  return order
    .map((name) => `${name}(${(types[name] ?? []).map((f) => `${f.type} ${f.name}`).join(",")})`)
    .join("");
}

export function hashType(primaryType: string, types: TypedData["types"]): Uint8Array {
  return keccak_256(encoder.encode(encodeType(primaryType, types)));
}

function encodeValue(type: string, value: unknown, field: string, types: TypedData["types"]): Uint8Array {
  if (types[type]) {
    if (typeof value !== "object" || value === null) throw badInput(`field '${field}' must be a ${type}`);
    return hashStruct(type, value as Record<string, unknown>, types);
  }
  if (type.endsWith("]")) throw badInput(`field '${field}': array types are not used by HyperLiquid signing`);
  if (type === "string") {
    if (typeof value !== "string") throw badInput(`field '${field}' must be a string`);
    return keccak_256(encoder.encode(value));
  }
  if (type === "bytes") {
    const bytes = value instanceof Uint8Array ? value : hexToBytes(String(value), undefined, field);
    return keccak_256(bytes);
  }
  if (type === "bool") {
    if (typeof value !== "boolean") throw badInput(`field '${field}' must be true or false`);
    return wordOf(value ? 1n : 0n);
  }
  if (type === "address") {
    if (typeof value !== "string") throw badInput(`field '${field}' must be an address`);
    const word = new Uint8Array(32);
    word.set(hexToBytes(value, 20, `field '${field}'`), 12);
    return word;
  }
  const fixed = /^bytes(\d+)$/.exec(type);
  if (fixed) {
    const size = Number(fixed[1]);
    const bytes = value instanceof Uint8Array ? value : hexToBytes(String(value), size, `field '${field}'`);
    if (bytes.length !== size) throw badInput(`field '${field}' must be ${size} bytes`);
    const word = new Uint8Array(32);
    word.set(bytes, 0);
    return word;
  }
  const integer = /^(u?)int(\d+)$/.exec(type);
  if (integer) {
    const bits = BigInt(integer[2]!);
    const n = integerOf(value, field);
    const unsigned = integer[1] === "u";
    const fits = unsigned ? n >= 0n && n < 1n << bits : n >= -(1n << (bits - 1n)) && n < 1n << (bits - 1n);
    if (!fits) throw badInput(`field '${field}' does not fit ${type}`);
    return wordOf(n);
  }
  throw badInput(`field '${field}': unsupported type '${type}'`);
}

/** `hashStruct(s) = keccak256(typeHash ‖ encodeData(s))`; fields the type does not declare are ignored. */
export function hashStruct(
  primaryType: string,
  message: Record<string, unknown>,
  types: TypedData["types"],
): Uint8Array {
  const fields = types[primaryType];
  if (!fields) throw badInput(`unknown struct type '${primaryType}'`);
  const parts: Uint8Array[] = [hashType(primaryType, types)];
  for (const field of fields) {
    if (!(field.name in message)) throw badInput(`field '${field.name}' is missing`);
    parts.push(encodeValue(field.type, message[field.name], field.name, types));
  }
  return keccak_256(concatBytes(...parts));
}

export function hashDomain(domain: TypedDomain): Uint8Array {
  return hashStruct("EIP712Domain", domain as unknown as Record<string, unknown>, {
    EIP712Domain: EIP712_DOMAIN_FIELDS,
  });
}

/** The digest an EIP-712 signature signs: `keccak256(0x19 0x01 ‖ domainSeparator ‖ hashStruct(message))`. */
export function hashTypedData(data: TypedData): Uint8Array {
  return keccak_256(
    concatBytes(
      Uint8Array.of(0x19, 0x01),
      hashDomain(data.domain),
      hashStruct(data.primaryType, data.message, data.types),
    ),
  );
}
