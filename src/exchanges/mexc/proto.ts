// MEXC spot push frames are protobuf (`PushDataV3ApiWrapper`): the public message schemas, declared here field by
// field from MEXC's published definitions, and the binary decoder that turns a frame into the JSON text `parse` reads
// (the ProtoJSON shape: camelCase names, 64-bit integers as decimal text, unset fields left out).

import protobuf from "protobufjs/light.js";

/**
 * The part of MEXC's spot push schema dig3 reads (github.com/mexcdevelop/websocket-proto, `PushDataV3ApiWrapper.proto`
 * and the `Public*V3Api.proto` files of the channels subscribed). The wrapper's `body` oneof has more members (the
 * retired non-aggregated channels 301/302/303/305, batches 310-312, private bodies 304/306/307); they are left out
 * because unknown fields are skipped on decode, and such a push then reaches `parse` as its channel name alone.
 *
 * `PublicAggreDealsV3ApiItem`: the published file lists `tradeId = 5` and then both `bool isRpi = 6` and
 * `int64 version = 6`, a duplicate number protoc rejects; field 6 is therefore not declared (skipped when sent).
 * `PublicAggreDepthsV3Api.lastOrderCreateTime = 6` (int64) appears in newer copies and is declared.
 */
export const MEXC_PUSH_SCHEMA = {
  nested: {
    PushDataV3ApiWrapper: {
      oneofs: {
        body: {
          oneof: [
            "publicSpotKline",
            "publicMiniTicker",
            "publicAggreDepths",
            "publicAggreDeals",
            "publicAggreBookTicker",
          ],
        },
        _symbol: { oneof: ["symbol"] },
        _symbolId: { oneof: ["symbolId"] },
        _createTime: { oneof: ["createTime"] },
        _sendTime: { oneof: ["sendTime"] },
      },
      fields: {
        channel: { type: "string", id: 1 },
        symbol: { type: "string", id: 3, options: { proto3_optional: true } },
        symbolId: { type: "string", id: 4, options: { proto3_optional: true } },
        createTime: { type: "int64", id: 5, options: { proto3_optional: true } },
        sendTime: { type: "int64", id: 6, options: { proto3_optional: true } },
        publicSpotKline: { type: "PublicSpotKlineV3Api", id: 308 },
        publicMiniTicker: { type: "PublicMiniTickerV3Api", id: 309 },
        publicAggreDepths: { type: "PublicAggreDepthsV3Api", id: 313 },
        publicAggreDeals: { type: "PublicAggreDealsV3Api", id: 314 },
        publicAggreBookTicker: { type: "PublicAggreBookTickerV3Api", id: 315 },
      },
    },
    PublicAggreDealsV3Api: {
      fields: {
        deals: { rule: "repeated", type: "PublicAggreDealsV3ApiItem", id: 1 },
        eventType: { type: "string", id: 2 },
      },
    },
    PublicAggreDealsV3ApiItem: {
      fields: {
        price: { type: "string", id: 1 },
        quantity: { type: "string", id: 2 },
        tradeType: { type: "int32", id: 3 },
        time: { type: "int64", id: 4 },
        tradeId: { type: "string", id: 5 },
      },
    },
    PublicAggreDepthsV3Api: {
      fields: {
        asks: { rule: "repeated", type: "PublicAggreDepthV3ApiItem", id: 1 },
        bids: { rule: "repeated", type: "PublicAggreDepthV3ApiItem", id: 2 },
        eventType: { type: "string", id: 3 },
        fromVersion: { type: "string", id: 4 },
        toVersion: { type: "string", id: 5 },
        lastOrderCreateTime: { type: "int64", id: 6 },
      },
    },
    PublicAggreDepthV3ApiItem: {
      fields: { price: { type: "string", id: 1 }, quantity: { type: "string", id: 2 } },
    },
    PublicAggreBookTickerV3Api: {
      fields: {
        bidPrice: { type: "string", id: 1 },
        bidQuantity: { type: "string", id: 2 },
        askPrice: { type: "string", id: 3 },
        askQuantity: { type: "string", id: 4 },
      },
    },
    PublicSpotKlineV3Api: {
      fields: {
        interval: { type: "string", id: 1 },
        windowStart: { type: "int64", id: 2 },
        openingPrice: { type: "string", id: 3 },
        closingPrice: { type: "string", id: 4 },
        highestPrice: { type: "string", id: 5 },
        lowestPrice: { type: "string", id: 6 },
        volume: { type: "string", id: 7 },
        amount: { type: "string", id: 8 },
        windowEnd: { type: "int64", id: 9 },
      },
    },
    PublicMiniTickerV3Api: {
      fields: {
        symbol: { type: "string", id: 1 },
        price: { type: "string", id: 2 },
        rate: { type: "string", id: 3 },
        zonedRate: { type: "string", id: 4 },
        high: { type: "string", id: 5 },
        low: { type: "string", id: 6 },
        volume: { type: "string", id: 7 },
        quantity: { type: "string", id: 8 },
        lastCloseRate: { type: "string", id: 9 },
        lastCloseZonedRate: { type: "string", id: 10 },
        lastCloseHigh: { type: "string", id: 11 },
        lastCloseLow: { type: "string", id: 12 },
      },
    },
  },
} as const;

const root = protobuf.Root.fromJSON(MEXC_PUSH_SCHEMA as unknown as protobuf.INamespace);
const wrapperType = root.lookupType("PushDataV3ApiWrapper");
const utf8 = new TextDecoder("utf-8", { fatal: true });

/** ProtoJSON-like conversion: 64-bit integers as decimal text (versions and ms times exceed 2^53 soon enough). */
const TO_OBJECT: protobuf.IConversionOptions = { longs: String };

/** A decoded push as a plain object (ProtoJSON field names, int64 as text). Throws on bytes that are no wrapper. */
export function decodeMexcPush(bytes: Uint8Array): Record<string, unknown> {
  return wrapperType.toObject(wrapperType.decode(bytes), TO_OBJECT);
}

/** Encodes a push given in the ProtoJSON shape (the simulator and tests build frames with this). */
export function encodeMexcPush(push: Record<string, unknown>): Uint8Array {
  return wrapperType.encode(wrapperType.fromObject(push)).finish();
}

/**
 * Binary frame → text for `parse`. Spot pushes are protobuf (a wrapper starts with field 1, tag byte 0x0a) and become
 * their JSON form; a gzip frame (the futures socket compresses when asked to) is inflated; JSON sent as binary is
 * read as UTF-8. Throws on anything else: the transport drops the frame and counts a decode error.
 */
export function decodeMexcBinary(bytes: Uint8Array): string {
  const first = bytes[0];
  if (first === 0x1f && bytes[1] === 0x8b)
    return utf8.decode(Bun.gunzipSync(bytes as Uint8Array<ArrayBuffer>));
  if (first === 0x7b || first === 0x5b) return utf8.decode(bytes);
  return JSON.stringify(decodeMexcPush(bytes));
}
