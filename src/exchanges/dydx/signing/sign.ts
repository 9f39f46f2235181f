// dYdX v4 transaction signing (SIGN_MODE_DIRECT): a SignDoc of body bytes, auth-info bytes, chain id and account
// number, signed by the wallet (secp256k1 over sha256 of the SignDoc bytes, 64-byte r‖s), then the TxRaw to broadcast.
// Docs: https://docs.cosmos.network/main/learn/advanced/transactions (SignDoc, TxRaw), dYdX chain id dydx-mainnet-1

// Only @cosmjs/proto-signing is imported (the one declared dependency); TxRaw's three fields are encoded here.
import {
  type DirectSecp256k1HdWallet,
  encodePubkey,
  makeAuthInfoBytes,
  makeSignBytes,
  makeSignDoc,
} from "@cosmjs/proto-signing";

export const DYDX_CHAIN_ID = { mainnet: "dydx-mainnet-1", testnet: "dydx-testnet-4" } as const;

export interface DydxSignInput {
  bodyBytes: Uint8Array;
  authInfoBytes: Uint8Array;
  chainId: string;
  accountNumber: number | bigint;
}

export interface DydxSigned {
  /** The signer's bech32 address (`dydx1…`). */
  address: string;
  /** sha256-hashed SignDoc bytes that were signed. */
  signBytes: Uint8Array;
  /** 64 bytes, r‖s (low s). */
  signature: Uint8Array;
  /** TxRaw protobuf bytes, ready for broadcast_tx. */
  txBytes: Uint8Array;
}

/** Signs one transaction with the wallet's first account. */
export async function signDydxTx(wallet: DirectSecp256k1HdWallet, input: DydxSignInput): Promise<DydxSigned> {
  const [account] = await wallet.getAccounts();
  if (!account) throw new Error("the wallet has no account");
  const signDoc = makeSignDoc(
    input.bodyBytes,
    input.authInfoBytes,
    input.chainId,
    Number(input.accountNumber),
  );
  const { signed, signature } = await wallet.signDirect(account.address, signDoc);
  const signatureBytes = Uint8Array.from(atob(signature.signature), (char) => char.charCodeAt(0));
  const txBytes = encodeTxRaw(signed.bodyBytes, signed.authInfoBytes, [signatureBytes]);
  return { address: account.address, signBytes: makeSignBytes(signed), signature: signatureBytes, txBytes };
}

/** Auth info for a single secp256k1 signer: the wallet's pubkey, its sequence, fee and gas limit. */
export async function makeDydxAuthInfo(
  wallet: DirectSecp256k1HdWallet,
  sequence: number,
  fee: { denom: string; amount: string }[],
  gasLimit: number,
): Promise<Uint8Array> {
  const [account] = await wallet.getAccounts();
  if (!account) throw new Error("the wallet has no account");
  const pubkey = encodePubkey({
    type: "tendermint/PubKeySecp256k1",
    value: btoa(String.fromCharCode(...account.pubkey)),
  });
  return makeAuthInfoBytes([{ pubkey, sequence }], fee, gasLimit, undefined, undefined);
}

function varint(value: number): number[] {
  const bytes: number[] = [];
  let rest = value;
  while (rest > 0x7f) {
    bytes.push((rest & 0x7f) | 0x80);
    rest = Math.floor(rest / 128);
  }
  bytes.push(rest);
  return bytes;
}

/** `cosmos.tx.v1beta1.TxRaw`: body_bytes = 1, auth_info_bytes = 2, signatures = 3 (repeated), all length-delimited. */
export function encodeTxRaw(
  bodyBytes: Uint8Array,
  authInfoBytes: Uint8Array,
  signatures: Uint8Array[],
): Uint8Array {
  const out: number[] = [];
  const field = (tag: number, bytes: Uint8Array) => {
    if (bytes.length === 0) return;
    out.push(tag, ...varint(bytes.length), ...bytes);
  };
  field(0x0a, bodyBytes);
  field(0x12, authInfoBytes);
  for (const signature of signatures) out.push(0x1a, ...varint(signature.length), ...signature);
  return Uint8Array.from(out);
}
