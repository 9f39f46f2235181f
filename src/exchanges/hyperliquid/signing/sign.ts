// HyperLiquid signatures: L1 actions (phantom agent, EIP-712 domain `Exchange` on chain 1337) and user-signed actions
// (domain `HyperliquidSignTransaction` on the chain named by `signatureChainId`), secp256k1 with RFC 6979 nonces and
// low s, `{ r, s, v }` as the official SDK prints them (hex without leading zeros, v 27/28). The key never leaves
// these functions and never appears in an error message.
// Docs: https://hyperliquid.gitbook.io/hyperliquid-docs/for-developers/api/signing

import { secp256k1 } from "@noble/curves/secp256k1.js";
import { keccak_256 } from "@noble/hashes/sha3.js";
import { Dig3Error } from "../../../core/index.ts";
import { type ActionHashOptions, hashAction, l1TypedData, phantomAgentOf } from "./action-hash.ts";
import {
  bytesToHex,
  EIP712_DOMAIN_FIELDS,
  hashTypedData,
  type TypedData,
  type TypedField,
} from "./typed-data.ts";

export interface HyperliquidSignature {
  r: string;
  s: string;
  v: number;
}

/** A private key held as bytes; `toString` and JSON never show it. */
export interface PrivateKey {
  readonly bytes: Uint8Array;
}

const KEY_RE = /^(0x)?[0-9a-fA-F]{64}$/;

/** Reads a `0x`-prefixed (or bare) 32-byte hex key; the error names the problem, never the text. */
export function readPrivateKey(text: string): PrivateKey {
  const trimmed = text.trim();
  if (!KEY_RE.test(trimmed)) {
    throw new Dig3Error("E_BAD_INPUT", "the HyperLiquid private key is not 32 bytes of hex", {
      hint: "write it as 0x followed by 64 hex digits (the key itself is never printed)",
    });
  }
  const hex = trimmed.startsWith("0x") ? trimmed.slice(2) : trimmed;
  const bytes = new Uint8Array(32);
  for (let i = 0; i < 32; i++) bytes[i] = Number.parseInt(hex.slice(i * 2, i * 2 + 2), 16);
  if (!secp256k1.utils.isValidSecretKey(bytes)) {
    throw new Dig3Error("E_BAD_INPUT", "the HyperLiquid private key is outside the secp256k1 range", {
      hint: "use the key of an Ethereum account (the key itself is never printed)",
    });
  }
  const key: PrivateKey = { bytes };
  Object.defineProperty(key, "toJSON", { value: () => "[private key]" });
  Object.defineProperty(key, "toString", { value: () => "[private key]" });
  return key;
}

/** The signer's address: the last 20 bytes of keccak256 of the uncompressed public key. */
export function addressOf(key: PrivateKey): string {
  const publicKey = secp256k1.getPublicKey(key.bytes, false);
  return bytesToHex(keccak_256(publicKey.subarray(1)).subarray(12));
}

/** Signs a 32-byte digest as eth_account's `sign_message` does: RFC 6979 k, low s, v = 27 + recovery bit. */
export function signDigest(digest: Uint8Array, key: PrivateKey): HyperliquidSignature {
  const recovered = secp256k1.sign(digest, key.bytes, { prehash: false, lowS: true, format: "recovered" });
  const signature = secp256k1.Signature.fromBytes(recovered, "recovered");
  return {
    r: `0x${signature.r.toString(16)}`,
    s: `0x${signature.s.toString(16)}`,
    v: 27 + (signature.recovery ?? 0),
  };
}

export function signTypedData(data: TypedData, key: PrivateKey): HyperliquidSignature {
  return signDigest(hashTypedData(data), key);
}

export interface L1SignOptions extends ActionHashOptions {
  testnet?: boolean;
}

/** The typed data an L1 action is signed as (phantom agent of its hash), for inspection and tests. */
export function l1ActionTypedData(
  action: unknown,
  nonce: number | bigint,
  options: L1SignOptions = {},
): TypedData {
  return l1TypedData(phantomAgentOf(hashAction(action, nonce, options), options.testnet ?? false));
}

/** `sign_l1_action(wallet, action, vault, nonce, expires_after, is_mainnet)`. */
export function signL1Action(
  action: unknown,
  nonce: number | bigint,
  key: PrivateKey,
  options: L1SignOptions = {},
): HyperliquidSignature {
  return signTypedData(l1ActionTypedData(action, nonce, options), key);
}

// ── user-signed actions ──────────────────────────────────────────────────────────────────────────────────────

/** `signatureChainId` the SDK signs with (Arbitrum Sepolia, 421614); any chain the wallet signs on is accepted. */
export const DEFAULT_SIGNATURE_CHAIN_ID = "0x66eee";

function fields(...pairs: [string, string][]): readonly TypedField[] {
  return pairs.map(([name, type]) => ({ name, type }));
}

const CHAIN: [string, string] = ["hyperliquidChain", "string"];

/** Action `type` → EIP-712 primary type and fields, as in the SDK's `*_SIGN_TYPES`. */
export const USER_SIGNED_TYPES: Readonly<
  Record<string, { primaryType: string; fields: readonly TypedField[] }>
> = {
  usdSend: {
    primaryType: "HyperliquidTransaction:UsdSend",
    fields: fields(CHAIN, ["destination", "string"], ["amount", "string"], ["time", "uint64"]),
  },
  spotSend: {
    primaryType: "HyperliquidTransaction:SpotSend",
    fields: fields(
      CHAIN,
      ["destination", "string"],
      ["token", "string"],
      ["amount", "string"],
      ["time", "uint64"],
    ),
  },
  withdraw3: {
    primaryType: "HyperliquidTransaction:Withdraw",
    fields: fields(CHAIN, ["destination", "string"], ["amount", "string"], ["time", "uint64"]),
  },
  usdClassTransfer: {
    primaryType: "HyperliquidTransaction:UsdClassTransfer",
    fields: fields(CHAIN, ["amount", "string"], ["toPerp", "bool"], ["nonce", "uint64"]),
  },
  sendAsset: {
    primaryType: "HyperliquidTransaction:SendAsset",
    fields: fields(
      CHAIN,
      ["destination", "string"],
      ["sourceDex", "string"],
      ["destinationDex", "string"],
      ["token", "string"],
      ["amount", "string"],
      ["fromSubAccount", "string"],
      ["nonce", "uint64"],
    ),
  },
  approveAgent: {
    primaryType: "HyperliquidTransaction:ApproveAgent",
    fields: fields(CHAIN, ["agentAddress", "address"], ["agentName", "string"], ["nonce", "uint64"]),
  },
  approveBuilderFee: {
    primaryType: "HyperliquidTransaction:ApproveBuilderFee",
    fields: fields(CHAIN, ["maxFeeRate", "string"], ["builder", "address"], ["nonce", "uint64"]),
  },
  tokenDelegate: {
    primaryType: "HyperliquidTransaction:TokenDelegate",
    fields: fields(
      CHAIN,
      ["validator", "address"],
      ["wei", "uint64"],
      ["isUndelegate", "bool"],
      ["nonce", "uint64"],
    ),
  },
  userDexAbstraction: {
    primaryType: "HyperliquidTransaction:UserDexAbstraction",
    fields: fields(CHAIN, ["user", "address"], ["enabled", "bool"], ["nonce", "uint64"]),
  },
  convertToMultiSigUser: {
    primaryType: "HyperliquidTransaction:ConvertToMultiSigUser",
    fields: fields(CHAIN, ["signers", "string"], ["nonce", "uint64"]),
  },
};

export interface UserSignOptions {
  testnet?: boolean;
  /** The action's `type` when the action itself does not carry one. */
  type?: string;
}

function userTypesOf(type: string | undefined): { primaryType: string; fields: readonly TypedField[] } {
  const entry = type === undefined ? undefined : USER_SIGNED_TYPES[type];
  if (!entry) {
    throw new Dig3Error("E_BAD_INPUT", `'${type ?? "(no type)"}' is not a user-signed HyperLiquid action`, {
      hint: `user-signed types: ${Object.keys(USER_SIGNED_TYPES).join(", ")}; other actions are L1 actions (--kind l1)`,
    });
  }
  return entry;
}

/**
 * The action as it is signed and sent: `hyperliquidChain` set from the network (as `sign_user_signed_action` does),
 * `signatureChainId` kept when given, else the SDK's `0x66eee`.
 */
export function prepareUserSignedAction(
  action: Record<string, unknown>,
  testnet: boolean,
): Record<string, unknown> {
  return {
    ...action,
    signatureChainId: action.signatureChainId ?? DEFAULT_SIGNATURE_CHAIN_ID,
    hyperliquidChain: testnet ? "Testnet" : "Mainnet",
  };
}

export function userSignedTypedData(
  action: Record<string, unknown>,
  options: UserSignOptions = {},
): TypedData {
  const { primaryType, fields: payload } = userTypesOf(
    options.type ?? (typeof action.type === "string" ? action.type : undefined),
  );
  const message = prepareUserSignedAction(action, options.testnet ?? false);
  const chainText = String(message.signatureChainId);
  if (!/^0x[0-9a-fA-F]+$/.test(chainText)) {
    throw new Dig3Error("E_BAD_INPUT", `signatureChainId '${chainText}' is not a hex chain id`, {
      hint: "write it as 0x66eee (Arbitrum Sepolia) or the chain your wallet signs on",
    });
  }
  return {
    domain: {
      name: "HyperliquidSignTransaction",
      version: "1",
      chainId: BigInt(chainText),
      verifyingContract: "0x0000000000000000000000000000000000000000",
    },
    types: { [primaryType]: payload, EIP712Domain: EIP712_DOMAIN_FIELDS },
    primaryType,
    message,
  };
}

/** `sign_user_signed_action`: withdrawals, transfers, agent and builder approvals. */
export function signUserSignedAction(
  action: Record<string, unknown>,
  key: PrivateKey,
  options: UserSignOptions = {},
): HyperliquidSignature {
  return signTypedData(userSignedTypedData(action, options), key);
}
