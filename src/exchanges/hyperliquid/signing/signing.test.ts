// HyperLiquid signing against the official Python SDK's published vectors (tests/signing_test.py, see
// ../shared/reference/hyperliquid-signing-vectors.md): float_to_int_for_hashing, the phantom agent's connectionId,
// L1 actions on mainnet and testnet (dummy, orders with and without cloid, trigger orders, vault, sub-accounts,
// scheduleCancel), user-signed USD transfer and withdrawal; then the encoded typed data, msgpack widths and
// determinism of the other documented actions.

import { describe, expect, test } from "bun:test";
import { Dig3Error } from "../../../core/index.ts";
import {
  addressOf,
  batchModifyAction,
  bytesToHex,
  cancelAction,
  cancelByCloidAction,
  encodeType,
  floatToIntForHashing,
  floatToUsdInt,
  floatToWire,
  hashAction,
  l1ActionTypedData,
  modifyAction,
  orderAction,
  packAction,
  phantomAgentOf,
  readPrivateKey,
  scheduleCancelAction,
  signL1Action,
  signUserSignedAction,
  updateIsolatedMarginAction,
  updateLeverageAction,
  userSignedTypedData,
} from "./index.ts";

const KEY = readPrivateKey("0x0123456789012345678901234567890123456789012345678901234567890123");
const DUMMY = { type: "dummy", num: floatToIntForHashing(1000) };
const VAULT = "0x1719884eb866cb12b2287399b15f7db5e7d775ea";

function hexOf(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString("hex");
}

describe("float_to_int_for_hashing", () => {
  test("the published values, exact past 2^53", () => {
    expect(floatToIntForHashing(123123123123)).toBe(12312312312300000000n);
    expect(floatToIntForHashing(0.00001231)).toBe(1231n);
    expect(floatToIntForHashing(1.033)).toBe(103300000n);
  });

  test("a value that would round is an error, not a silent change", () => {
    expect(() => floatToIntForHashing(0.000012312312)).toThrow(Dig3Error);
    expect(() => floatToIntForHashing(0.000012312312)).toThrow("float_to_int causes rounding");
    expect(floatToUsdInt(10.5)).toBe(10_500_000n);
  });
});

describe("L1 actions: published vectors", () => {
  test("phantom agent of an IOC order (ETH asset 4, 0.0147 @ 1670.1, nonce 1677777606040, mainnet)", () => {
    const action = orderAction([
      { asset: 4, isBuy: true, size: 0.0147, limitPx: 1670.1, orderType: { limit: { tif: "Ioc" } } },
    ]);
    const agent = phantomAgentOf(hashAction(action, 1677777606040), false);
    expect(agent).toEqual({
      source: "a",
      connectionId: "0x0fcbeda5ae3c4950a548021552a4fea2226858c4453571bf3f24ba017eac2908",
    });
  });

  test("dummy action {type: dummy, num: float_to_int_for_hashing(1000)}, nonce 0, no vault", () => {
    expect(signL1Action(DUMMY, 0, KEY)).toEqual({
      r: "0x53749d5b30552aeb2fca34b530185976545bb22d0b3ce6f62e31be961a59298",
      s: "0x755c40ba9bf05223521753995abb2f73ab3229be8ec921f350cb447e384d8ed8",
      v: 27,
    });
    expect(signL1Action(DUMMY, 0, KEY, { testnet: true })).toEqual({
      r: "0x542af61ef1f429707e3c76c5293c80d01f74ef853e34b76efffcb57e574f9510",
      s: "0x17b8b32f086e8cdede991f1e2c529f5dd5297cbe8128500e00cbaf766204a613",
      v: 28,
    });
  });

  const gtc = (cloid?: string) =>
    orderAction([
      { asset: 1, isBuy: true, size: 100, limitPx: 100, orderType: { limit: { tif: "Gtc" } }, cloid },
    ]);

  test("order ETH (asset 1) buy 100 @ 100 GTC, nonce 0", () => {
    expect(signL1Action(gtc(), 0, KEY)).toEqual({
      r: "0xd65369825a9df5d80099e513cce430311d7d26ddf477f5b3a33d2806b100d78e",
      s: "0x2b54116ff64054968aa237c20ca9ff68000f977c93289157748a3162b6ea940e",
      v: 28,
    });
    expect(signL1Action(gtc(), 0, KEY, { testnet: true })).toEqual({
      r: "0x82b2ba28e76b3d761093aaded1b1cdad4960b3af30212b343fb2e6cdfa4e3d54",
      s: "0x6b53878fc99d26047f4d7e8c90eb98955a109f44209163f52d8dc4278cbbd9f5",
      v: 27,
    });
  });

  // The vectors below are from the same SDK test file (signing_test.py), beyond the reference sheet.
  test("order with cloid 0x…01", () => {
    const action = gtc("0x00000000000000000000000000000001");
    expect(signL1Action(action, 0, KEY)).toEqual({
      r: "0x41ae18e8239a56cacbc5dad94d45d0b747e5da11ad564077fcac71277a946e3",
      s: "0x3c61f667e747404fe7eea8f90ab0e76cc12ce60270438b2058324681a00116da",
      v: 27,
    });
    expect(signL1Action(action, 0, KEY, { testnet: true })).toEqual({
      r: "0xeba0664bed2676fc4e5a743bf89e5c7501aa6d870bdb9446e122c9466c5cd16d",
      s: "0x7f3e74825c9114bc59086f1eebea2928c190fdfbfde144827cb02b85bbe90988",
      v: 28,
    });
  });

  test("trigger (stop-loss market) order, triggerPx 103", () => {
    const action = orderAction([
      {
        asset: 1,
        isBuy: true,
        size: 100,
        limitPx: 100,
        orderType: { trigger: { triggerPx: 103, isMarket: true, tpsl: "sl" } },
      },
    ]);
    expect(signL1Action(action, 0, KEY)).toEqual({
      r: "0x98343f2b5ae8e26bb2587daad3863bc70d8792b09af1841b6fdd530a2065a3f9",
      s: "0x6b5bb6bb0633b710aa22b721dd9dee6d083646a5f8e581a20b545be6c1feb405",
      v: 27,
    });
    expect(signL1Action(action, 0, KEY, { testnet: true })).toEqual({
      r: "0x971c554d917c44e0e1b6cc45d8f9404f32172a9d3b3566262347d0302896a2e4",
      s: "0x206257b104788f80450f8e786c329daa589aa0b32ba96948201ae556d5637eac",
      v: 28,
    });
  });

  test("dummy action for a vault", () => {
    expect(signL1Action(DUMMY, 0, KEY, { vaultAddress: VAULT })).toEqual({
      r: "0x3c548db75e479f8012acf3000ca3a6b05606bc2ec0c29c50c515066a326239",
      s: "0x4d402be7396ce74fbba3795769cda45aec00dc3125a984f2a9f23177b190da2c",
      v: 28,
    });
    expect(signL1Action(DUMMY, 0, KEY, { vaultAddress: VAULT, testnet: true })).toEqual({
      r: "0xe281d2fb5c6e25ca01601f878e4d69c965bb598b88fac58e475dd1f5e56c362b",
      s: "0x7ddad27e9a238d045c035bc606349d075d5c5cd00a6cd1da23ab5c39d4ef0f60",
      v: 27,
    });
  });

  test("createSubAccount and subAccountTransfer", () => {
    const create = { type: "createSubAccount", name: "example" };
    expect(signL1Action(create, 0, KEY)).toEqual({
      r: "0x51096fe3239421d16b671e192f574ae24ae14329099b6db28e479b86cdd6caa7",
      s: "0xb71f7d293af92d3772572afb8b102d167a7cef7473388286bc01f52a5c5b423",
      v: 27,
    });
    expect(signL1Action(create, 0, KEY, { testnet: true })).toEqual({
      r: "0xa699e3ed5c2b89628c746d3298b5dc1cca604694c2c855da8bb8250ec8014a5b",
      s: "0x53f1b8153a301c72ecc655b1c315d64e1dcea3ee58921fd7507e35818fcc1584",
      v: 28,
    });
    const transfer = {
      type: "subAccountTransfer",
      subAccountUser: "0x1d9470d4b963f552e6f671a81619d395877bf409",
      isDeposit: true,
      usd: 10,
    };
    expect(signL1Action(transfer, 0, KEY)).toEqual({
      r: "0x43592d7c6c7d816ece2e206f174be61249d651944932b13343f4d13f306ae602",
      s: "0x71a926cb5c9a7c01c3359ec4c4c34c16ff8107d610994d4de0e6430e5cc0f4c9",
      v: 28,
    });
    expect(signL1Action(transfer, 0, KEY, { testnet: true })).toEqual({
      r: "0xe26574013395ad55ee2f4e0575310f003c5bb3351b5425482e2969fa51543927",
      s: "0xefb08999196366871f919fd0e138b3a7f30ee33e678df7cfaf203e25f0a4278",
      v: 28,
    });
  });

  test("scheduleCancel without and with a time", () => {
    expect(signL1Action(scheduleCancelAction(), 0, KEY)).toEqual({
      r: "0x6cdfb286702f5917e76cd9b3b8bf678fcc49aec194c02a73e6d4f16891195df9",
      s: "0x6557ac307fa05d25b8d61f21fb8a938e703b3d9bf575f6717ba21ec61261b2a0",
      v: 27,
    });
    expect(signL1Action(scheduleCancelAction(), 0, KEY, { testnet: true })).toEqual({
      r: "0xc75bb195c3f6a4e06b7d395acc20bbb224f6d23ccff7c6a26d327304e6efaeed",
      s: "0x342f8ede109a29f2c0723bd5efb9e9100e3bbb493f8fb5164ee3d385908233df",
      v: 28,
    });
    expect(signL1Action(scheduleCancelAction(123456789), 0, KEY)).toEqual({
      r: "0x609cb20c737945d070716dcc696ba030e9976fcf5edad87afa7d877493109d55",
      s: "0x16c685d63b5c7a04512d73f183b3d7a00da5406ff1f8aad33f8ae2163bab758b",
      v: 28,
    });
    expect(signL1Action(scheduleCancelAction(123456789), 0, KEY, { testnet: true })).toEqual({
      r: "0x4e4f2dbd4107c69783e251b7e1057d9f2b9d11cee213441ccfa2be63516dc5bc",
      s: "0x706c656b23428c8ba356d68db207e11139ede1670481a9e01ae2dfcdb0e1a678",
      v: 27,
    });
  });
});

describe("user-signed actions: published vectors", () => {
  const message = {
    destination: "0x5e9ee1089755c3435139848e47e6635505d5a13a",
    amount: "1",
    time: 1687816341423,
  };

  test("USD transfer on testnet", () => {
    expect(signUserSignedAction(message, KEY, { type: "usdSend", testnet: true })).toEqual({
      r: "0x637b37dd731507cdd24f46532ca8ba6eec616952c56218baeff04144e4a77073",
      s: "0x11a6a24900e6e314136d2592e2f8d502cd89b7c15b198e1bee043c9589f9fad7",
      v: 27,
    });
  });

  test("withdrawal from the bridge on testnet", () => {
    expect(signUserSignedAction(message, KEY, { type: "withdraw3", testnet: true })).toEqual({
      r: "0x8363524c799e90ce9bc41022f7c39b4e9bdba786e5f9c72b20e43e1462c37cf9",
      s: "0x58b1411a775938b83e29182e8ef74975f9054c8e97ebf5ec2dc8d51bfc893881",
      v: 28,
    });
  });

  test("typed data: domain from signatureChainId, hyperliquidChain from the network, type from the action", () => {
    const data = userSignedTypedData({ type: "usdSend", ...message, signatureChainId: "0xa4b1" });
    expect(data.domain).toEqual({
      name: "HyperliquidSignTransaction",
      version: "1",
      chainId: 42161n,
      verifyingContract: "0x0000000000000000000000000000000000000000",
    });
    expect(data.primaryType).toBe("HyperliquidTransaction:UsdSend");
    expect(data.message.hyperliquidChain).toBe("Mainnet");
    expect(encodeType(data.primaryType, data.types)).toBe(
      "HyperliquidTransaction:UsdSend(string hyperliquidChain,string destination,string amount,uint64 time)",
    );
    // The SDK's default chain, 0x66eee = 421614 (Arbitrum Sepolia), whatever the network.
    expect(userSignedTypedData({ type: "spotSend", ...message, token: "PURR:0xc1fb" }).domain.chainId).toBe(
      421614n,
    );
    expect(() => signUserSignedAction({ type: "order" }, KEY)).toThrow(
      "not a user-signed HyperLiquid action",
    );
    expect(() => signUserSignedAction({ type: "usdSend", amount: "1", time: 1 }, KEY)).toThrow(
      "field 'destination' is missing",
    );
  });
});

describe("encoding", () => {
  test("L1 typed data: Exchange v1 on chain 1337, Agent(string source,bytes32 connectionId)", () => {
    const data = l1ActionTypedData(DUMMY, 0, { testnet: true });
    expect(data.domain).toEqual({
      chainId: 1337,
      name: "Exchange",
      verifyingContract: "0x0000000000000000000000000000000000000000",
      version: "1",
    });
    expect(encodeType("Agent", data.types)).toBe("Agent(string source,bytes32 connectionId)");
    expect(data.message.source).toBe("b");
    expect(data.message.connectionId).toBe(bytesToHex(hashAction(DUMMY, 0)));
  });

  test("msgpack: insertion order, smallest int widths, uint64 past 2^32, float64, bigints", () => {
    expect(hexOf(packAction({ type: "dummy", num: floatToIntForHashing(1000) }))).toBe(
      `82a474797065a564756d6d79a36e756dcf${(100_000_000_000).toString(16).padStart(16, "0")}`,
    );
    expect(hexOf(packAction({ b: 1, a: [127, 128, 65535, 65536, -1, -33, true, null] }))).toBe(
      "82a16201a16198" + "7f" + "cc80" + "cdffff" + "ce00010000" + "ff" + "d0df" + "c3" + "c0",
    );
    expect(hexOf(packAction({ x: 1.5 }))).toBe("81a178cb3ff8000000000000");
    expect(hexOf(packAction({ n: 12312312312300000000n }))).toBe("81a16ecfaade1ed08a4f5300");
    expect(hexOf(packAction({ n: 5n, skipped: undefined }))).toBe("81a16e05");
    expect(() => packAction({ n: 2 ** 60 })).toThrow("beyond 2^53");
  });

  test("order wire: a b p s r t c, trigger isMarket triggerPx tpsl, builder last", () => {
    const action = orderAction(
      [
        {
          asset: 10_107,
          isBuy: false,
          size: 0.0147,
          limitPx: 1670.1,
          reduceOnly: true,
          orderType: { trigger: { triggerPx: 1600, isMarket: false, tpsl: "tp" } },
          cloid: "0x1234567890abcdef1234567890abcdef",
        },
      ],
      {
        grouping: "normalTpsl",
        builder: { address: "0xABCDEF0000000000000000000000000000000001", feeTenthsBps: 10 },
      },
    );
    expect(JSON.stringify(action)).toBe(
      JSON.stringify({
        type: "order",
        orders: [
          {
            a: 10107,
            b: false,
            p: "1670.1",
            s: "0.0147",
            r: true,
            t: { trigger: { isMarket: false, triggerPx: "1600", tpsl: "tp" } },
            c: "0x1234567890abcdef1234567890abcdef",
          },
        ],
        grouping: "normalTpsl",
        builder: { b: "0xabcdef0000000000000000000000000000000001", f: 10 },
      }),
    );
    expect(() => orderAction([{ ...baseOrder, cloid: "0x01" }])).toThrow("not a client order id");
  });

  test("cancel, cancelByCloid, modify, batchModify, leverage, isolated margin: shapes and keys", () => {
    expect(cancelAction([{ asset: 4, oid: 91490942 }])).toEqual({
      type: "cancel",
      cancels: [{ a: 4, o: 91490942 }],
    });
    expect(JSON.stringify(cancelByCloidAction([{ asset: 4, cloid: CLOID }]))).toBe(
      JSON.stringify({ type: "cancelByCloid", cancels: [{ asset: 4, cloid: CLOID }] }),
    );
    expect(JSON.stringify(modifyAction(77, baseOrder))).toBe(
      JSON.stringify({
        type: "modify",
        oid: 77,
        order: { a: 1, b: true, p: "100", s: "1", r: false, t: { limit: { tif: "Alo" } } },
      }),
    );
    expect(batchModifyAction([{ oid: CLOID, order: baseOrder }])).toMatchObject({
      type: "batchModify",
      modifies: [{ oid: CLOID, order: { a: 1 } }],
    });
    expect(JSON.stringify(updateLeverageAction(3, 20, false))).toBe(
      JSON.stringify({ type: "updateLeverage", asset: 3, isCross: false, leverage: 20 }),
    );
    expect(updateIsolatedMarginAction(3, 12.5)).toEqual({
      type: "updateIsolatedMargin",
      asset: 3,
      isBuy: true,
      ntli: 12_500_000n,
    });
  });

  test("every documented action signs deterministically and differently by network, vault and expiry", () => {
    const actions = [
      orderAction([{ ...baseOrder, cloid: CLOID }]),
      orderAction([{ ...baseOrder, orderType: { trigger: { triggerPx: 95, isMarket: true, tpsl: "sl" } } }]),
      cancelAction([{ asset: 1, oid: 5 }]),
      cancelByCloidAction([{ asset: 1, cloid: CLOID }]),
      modifyAction(5, baseOrder),
      batchModifyAction([{ oid: 5, order: baseOrder }]),
      updateLeverageAction(1, 10),
      updateIsolatedMarginAction(1, 5),
    ];
    const seen = new Set<string>();
    for (const action of actions) {
      const nonce = 1_700_000_000_000;
      const first = signL1Action(action, nonce, KEY);
      expect(signL1Action(structuredClone(action), nonce, KEY)).toEqual(first);
      for (const variant of [
        first,
        signL1Action(action, nonce, KEY, { testnet: true }),
        signL1Action(action, nonce, KEY, { vaultAddress: VAULT }),
        signL1Action(action, nonce, KEY, { expiresAfter: nonce + 60_000 }),
        signL1Action(action, nonce + 1, KEY),
      ]) {
        expect(variant.r).toMatch(/^0x[0-9a-f]{1,64}$/);
        expect([27, 28]).toContain(variant.v);
        seen.add(variant.r);
      }
    }
    expect(seen.size).toBe(actions.length * 5);
  });

  test("expiresAfter and vault append to the hashed bytes as the SDK does", () => {
    const plain = hashAction(DUMMY, 7);
    expect(hashAction(DUMMY, 7, { expiresAfter: 1 })).not.toEqual(plain);
    expect(hashAction(DUMMY, 7, { vaultAddress: VAULT })).not.toEqual(plain);
    expect(() => hashAction(DUMMY, 7, { vaultAddress: "0x12" })).toThrow("vault address must be 20 bytes");
    expect(() => hashAction(DUMMY, -1)).toThrow("nonce");
  });

  test("float_to_wire: 8 decimals, trailing zeros cut, rounding refused", () => {
    expect(floatToWire(100)).toBe("100");
    expect(floatToWire(0.0147)).toBe("0.0147");
    expect(floatToWire(1670.1)).toBe("1670.1");
    expect(floatToWire(0.00000001)).toBe("0.00000001");
    expect(() => floatToWire(0.000000001)).toThrow("float_to_wire causes rounding");
  });
});

describe("keys", () => {
  test("the vector key's address; bad keys are refused without echoing them", () => {
    expect(addressOf(KEY)).toBe("0x14791697260e4c9a71f18484c9f997b308e59325");
    expect(JSON.stringify({ key: KEY })).toBe('{"key":"[private key]"}');
    expect(String(KEY)).toBe("[private key]");
    const secret = "0x0123456789012345678901234567890123456789012345678901234567890zzz";
    try {
      readPrivateKey(secret);
      throw new Error("accepted");
    } catch (error) {
      expect(error).toBeInstanceOf(Dig3Error);
      expect(String((error as Dig3Error).message) + String((error as Dig3Error).hint)).not.toContain(
        "0123456789",
      );
    }
    expect(() => readPrivateKey(`0x${"0".repeat(64)}`)).toThrow("outside the secp256k1 range");
  });
});

const CLOID = "0x00000000000000000000000000000abc";
const baseOrder = {
  asset: 1,
  isBuy: true,
  size: 1,
  limitPx: 100,
  orderType: { limit: { tif: "Alo" as const } },
};
