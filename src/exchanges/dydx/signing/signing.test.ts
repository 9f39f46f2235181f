// dYdX v4 signing against cosmjs' own published vectors (packages/proto-signing/src/testutils.spec.ts: the faucet
// mnemonic's pubkey and address, and SIGN_MODE_DIRECT signatures over three SignDocs of chain `simd-testing`): the
// `dydx` address carries the same 20 key-hash bytes as the published `cosmos` one; key loading never leaks the mnemonic.

import { describe, expect, test } from "bun:test";
import { chmodSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Secp256k1, Secp256k1Signature, sha256 } from "@cosmjs/crypto";
import { fromBase64, fromBech32, fromHex, toBase64, toHex } from "@cosmjs/encoding";
import { SignDoc } from "cosmjs-types/cosmos/tx/v1beta1/tx";
import {
  createDydxWallet,
  DYDX_MNEMONIC_ENV,
  loadDydxMnemonic,
  makeDydxAuthInfo,
  signDydxTx,
} from "./index.ts";

const FAUCET = {
  mnemonic:
    "economy stock theory fatal elder harbor betray wasp final emotion task crumble siren bottom lizard educate guess current outdoor pair theory focus wife stone",
  pubkey: "A08EGB7ro1ORuFhjOnZcSgwYlpe0DSFjVNUIkNNQxwKQ",
  address: "cosmos1pkptre7fdkl6gfrzlesjjvhxhlc3r4gmmk8rs6",
};

const BODY =
  "0a90010a1c2f636f736d6f732e62616e6b2e763162657461312e4d736753656e6412700a2d636f736d6f7331706b707472653766646b6c366766727a6c65736a6a766878686c63337234676d6d6b38727336122d636f736d6f7331717970717870713971637273737a673270767871367273307a716733797963356c7a763778751a100a0575636f736d120731323334353637";
const AUTH_PREFIX =
  "0a500a460a1f2f636f736d6f732e63727970746f2e736563703235366b312e5075624b657912230a21034f04181eeba35391b858633a765c4a0c189697b40d216354d50890d350c7029012040a0208011800";
// Published: sequence → SignDoc bytes and the signed TxRaw (`signedTxBytes`), whose last field is the 64-byte
// signature. (The vectors' separate `signature` field does not verify against these SignDocs, so it is not used.)
const VECTORS = [
  {
    sequence: 0,
    signedTxBytes:
      "0a97010a90010a1c2f636f736d6f732e62616e6b2e763162657461312e4d736753656e6412700a2d636f736d6f7331706b707472653766646b6c366766727a6c65736a6a766878686c63337234676d6d6b38727336122d636f736d6f7331717970717870713971637273737a673270767871367273307a716733797963356c7a763778751a100a0575636f736d12073132333435363712001800126b0a500a460a1f2f636f736d6f732e63727970746f2e736563703235366b312e5075624b657912230a21034f04181eeba35391b858633a765c4a0c189697b40d216354d50890d350c7029012040a020801180012170a0d0a0575636f736d12043230303010c09a0c1a0022001a40d1bb55b0f3e5f9c260a20c8ccf2cb44f19bafccba84c7fb6e2b77fac401b15c9228c33236a701dd7a7c4a481aa5dedb902c982fe565504c4f4e7f39ccfcd73d6",
    signature:
      "d1bb55b0f3e5f9c260a20c8ccf2cb44f19bafccba84c7fb6e2b77fac401b15c9228c33236a701dd7a7c4a481aa5dedb902c982fe565504c4f4e7f39ccfcd73d6",
    signBytes: `0a97010a90010a1c2f636f736d6f732e62616e6b2e763162657461312e4d736753656e6412700a2d636f736d6f7331706b707472653766646b6c366766727a6c65736a6a766878686c63337234676d6d6b38727336122d636f736d6f7331717970717870713971637273737a673270767871367273307a716733797963356c7a763778751a100a0575636f736d12073132333435363712001800126b${AUTH_PREFIX}12170a0d0a0575636f736d12043230303010c09a0c1a0022001a0c73696d642d74657374696e672001`,
  },
  {
    sequence: 1,
    signedTxBytes:
      "0a97010a90010a1c2f636f736d6f732e62616e6b2e763162657461312e4d736753656e6412700a2d636f736d6f7331706b707472653766646b6c366766727a6c65736a6a766878686c63337234676d6d6b38727336122d636f736d6f7331717970717870713971637273737a673270767871367273307a716733797963356c7a763778751a100a0575636f736d12073132333435363712001800126b0a500a460a1f2f636f736d6f732e63727970746f2e736563703235366b312e5075624b657912230a21034f04181eeba35391b858633a765c4a0c189697b40d216354d50890d350c7029012040a020801180112170a0d0a0575636f736d12043230303010c09a0c1a0022001a40d6d876ec9c01d03b025443822b1385e29ed559341ec71853ac310219b4bcb4112bf24265a19d805f0cbb1cb39f4ac4fe75235445070aa14845733117a746c248",
    signature:
      "d6d876ec9c01d03b025443822b1385e29ed559341ec71853ac310219b4bcb4112bf24265a19d805f0cbb1cb39f4ac4fe75235445070aa14845733117a746c248",
    signBytes: `0a97010a90010a1c2f636f736d6f732e62616e6b2e763162657461312e4d736753656e6412700a2d636f736d6f7331706b707472653766646b6c366766727a6c65736a6a766878686c63337234676d6d6b38727336122d636f736d6f7331717970717870713971637273737a673270767871367273307a716733797963356c7a763778751a100a0575636f736d12073132333435363712001800126b${AUTH_PREFIX.slice(0, -2)}0112170a0d0a0575636f736d12043230303010c09a0c1a0022001a0c73696d642d74657374696e672001`,
  },
];

describe("dydx wallet", () => {
  test("the faucet mnemonic gives the published pubkey; the dydx address is the cosmos one re-prefixed", async () => {
    const wallet = await createDydxWallet(FAUCET.mnemonic);
    const [account] = await wallet.getAccounts();
    expect(toBase64(account!.pubkey)).toBe(FAUCET.pubkey);
    expect(account!.address.startsWith("dydx1")).toBe(true);
    expect(toHex(fromBech32(account!.address, 90).data)).toBe(toHex(fromBech32(FAUCET.address, 90).data));
    const cosmos = await createDydxWallet(FAUCET.mnemonic, "cosmos");
    expect((await cosmos.getAccounts())[0]!.address).toBe(FAUCET.address);
  });

  test("cosmjs' Go-compatibility vector: the same address as the Go implementation", async () => {
    const mnemonic = "oyster design unusual machine spread century engine gravity focus cave carry slot";
    const wallet = await createDydxWallet(mnemonic, "cosmos");
    expect((await wallet.getAccounts())[0]!.address).toBe("cosmos1cjsxept9rkggzxztslae9ndgpdyt2408lk850u");
  });

  test("a bad mnemonic is refused without echoing it", async () => {
    const secret = "zebra zebra zebra banana";
    const error = await createDydxWallet(secret).catch((e: Error) => e);
    expect(error).toBeInstanceOf(Error);
    expect(String((error as Error).message)).not.toContain("zebra");
  });
});

describe("signDirect vectors", () => {
  for (const vector of VECTORS) {
    test(`sequence ${vector.sequence}: the published signature and TxRaw`, async () => {
      const doc = SignDoc.decode(fromHex(vector.signBytes));
      // The published SignDoc body is the vector's bodyBytes plus explicit empty memo and zero timeout height.
      expect(toHex(doc.bodyBytes)).toBe(`${BODY}12001800`);
      expect(doc.chainId).toBe("simd-testing");
      const wallet = await createDydxWallet(FAUCET.mnemonic);
      const signed = await signDydxTx(wallet, {
        bodyBytes: doc.bodyBytes,
        authInfoBytes: doc.authInfoBytes,
        chainId: doc.chainId,
        accountNumber: doc.accountNumber,
      });
      expect(toHex(signed.signBytes)).toBe(vector.signBytes);
      expect(toHex(signed.signature)).toBe(vector.signature);
      // The whole published signedTxBytes: TxRaw{body (0x97 bytes), authInfo (0x6b bytes), signature}.
      expect(toHex(signed.txBytes)).toBe(vector.signedTxBytes);
      const valid = await Secp256k1.verifySignature(
        Secp256k1Signature.fromFixedLength(signed.signature),
        sha256(signed.signBytes),
        fromBase64(FAUCET.pubkey),
      );
      expect(valid).toBe(true);
    });
  }
});

test("makeDydxAuthInfo rebuilds the vectors' auth info", async () => {
  const wallet = await createDydxWallet(FAUCET.mnemonic);
  const authInfo = await makeDydxAuthInfo(wallet, 1, [{ denom: "ucosm", amount: "2000" }], 200_000);
  const published = toHex(SignDoc.decode(fromHex(VECTORS[1]!.signBytes)).authInfoBytes);
  // The vectors' older encoder also wrote the empty fee payer and granter (`1a00 2200`); proto3 omits them.
  expect(toHex(authInfo)).toBe(published.replace("12170a0d", "12130a0d").replace(/1a002200$/, ""));
});

describe("key loading", () => {
  test("env first, then a 0600 file; a group-readable file is refused", () => {
    expect(loadDydxMnemonic({ [DYDX_MNEMONIC_ENV]: `  ${FAUCET.mnemonic}\n` })).toBe(FAUCET.mnemonic);
    const dir = mkdtempSync(join(tmpdir(), "dydx-key-"));
    const file = join(dir, "mnemonic");
    writeFileSync(file, `${FAUCET.mnemonic}\n`);
    chmodSync(file, 0o600);
    expect(loadDydxMnemonic({}, file)).toBe(FAUCET.mnemonic);
    chmodSync(file, 0o644);
    expect(() => loadDydxMnemonic({}, file)).toThrow("readable by others");
    expect(() => loadDydxMnemonic({})).toThrow("no dYdX mnemonic");
  });
});
