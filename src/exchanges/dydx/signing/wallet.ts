// dYdX v4 keys: a BIP-39 mnemonic → the Cosmos secp256k1 account at m/44'/118'/0'/0/0 with the `dydx` bech32 prefix,
// through @cosmjs/proto-signing's DirectSecp256k1HdWallet. The mnemonic comes from DIG3_DYDX_MNEMONIC or a file only
// its owner can read (0600), and never appears in an error or a log line.
// Docs: https://docs.dydx.exchange/api_integration-clients/validator_client (wallet from mnemonic, prefix "dydx")

import { readFileSync, statSync } from "node:fs";
import { DirectSecp256k1HdWallet } from "@cosmjs/proto-signing";
import { Dig3Error } from "../../../core/index.ts";

export const DYDX_BECH32_PREFIX = "dydx";
export const DYDX_MNEMONIC_ENV = "DIG3_DYDX_MNEMONIC";

/** The wallet of a mnemonic (default HD path m/44'/118'/0'/0/0, as the dYdX clients use). */
export async function createDydxWallet(
  mnemonic: string,
  prefix = DYDX_BECH32_PREFIX,
): Promise<DirectSecp256k1HdWallet> {
  try {
    return await DirectSecp256k1HdWallet.fromMnemonic(normalizeMnemonic(mnemonic), { prefix });
  } catch {
    // cosmjs' message may quote words of the mnemonic: replace it.
    throw new Dig3Error("E_BAD_INPUT", "the dYdX mnemonic is not a valid BIP-39 English mnemonic", {
      hint: "24 (or 12) words separated by spaces",
    });
  }
}

function normalizeMnemonic(text: string): string {
  return text.trim().split(/\s+/).join(" ");
}

/** The mnemonic from the environment, else from `file` (refused when group or others may read it). */
export function loadDydxMnemonic(env: Record<string, string | undefined>, file?: string): string {
  const fromEnv = env[DYDX_MNEMONIC_ENV];
  if (fromEnv && fromEnv.trim().length > 0) return normalizeMnemonic(fromEnv);
  if (!file) {
    throw new Dig3Error("E_BAD_INPUT", "no dYdX mnemonic", {
      hint: `set ${DYDX_MNEMONIC_ENV} or pass a key file with mode 0600`,
    });
  }
  let mode: number;
  try {
    mode = statSync(file).mode;
  } catch {
    throw new Dig3Error("E_FILE_NOT_FOUND", `cannot read the key file '${file}'`);
  }
  if ((mode & 0o077) !== 0) {
    throw new Dig3Error(
      "E_BAD_INPUT",
      `the key file '${file}' is readable by others (mode ${(mode & 0o777).toString(8).padStart(4, "0")})`,
      { hint: `chmod 600 '${file}'` },
    );
  }
  return normalizeMnemonic(readFileSync(file, "utf8"));
}
