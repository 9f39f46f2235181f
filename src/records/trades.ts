// Trade and aggregated-trade records (48 B each, Rust TradePoint / AggTradePoint), with dig3's receive-time
// extension at bytes 40..48, and the converters from TradeEvent / AggTradeEvent.

import type { AggTradeEvent, Side, TradeEvent } from "../core/events.ts";
import { formatHex8, type RecordWords, readI64, writeI64, writeU64Hex } from "./binary.ts";
import { type ColumnDef, defineRecord, type FieldInput } from "./define.ts";
import { hashFnv1a64Halves, writeFnv1a64 } from "./fnv.ts";

export interface TradeRecord {
  tsMs: number;
  price: number;
  size: number;
  side: Side;
  /**
   * FNV-1a-64 of the venue trade id text (UTF-8): its high u32. The hash is two numbers, not text or a bigint, so the
   * writer stores it as it is (`tradeIdHashHexOf` spells it in hex, `tradeIdHashOf` makes it from an id).
   */
  tradeIdHashHi: number;
  /** FNV-1a-64 of the venue trade id text: its low u32. */
  tradeIdHashLo: number;
  /** Local receive time, µs since the epoch (dig3 extension); undefined in files written by the Rust dig3. */
  recvTsUs: number | undefined;
}

export interface AggTradeRecord {
  tsMs: number;
  price: number;
  size: number;
  side: Side;
  /** The u64 aggregate id as decimal text (a non-numeric venue id is stored as its FNV-1a-64). */
  aggId: string;
  recvTsUs: number | undefined;
}

const TWO_POW_32 = 4294967296;
const TWO_POW_MINUS_32 = 1 / TWO_POW_32;
/**
 * A whole number 0 <= t < 2^52 plus 2^52 is a float whose low 52 bits are t: one f64 store writes t's low u32 exactly,
 * and a u32 store of the high half over it is cheaper than converting t (past 2^31) to a u32.
 */
const TWO_POW_52 = 2 ** 52;

function tradeFields(idField: FieldInput): FieldInput[] {
  return [
    { name: "tsMs", offset: 0, type: "i64", unit: "ms", doc: "exchange trade time" },
    { name: "price", offset: 8, type: "f64", unit: "quote" },
    { name: "size", offset: 16, type: "f64", unit: "base" },
    { name: "side", offset: 24, type: "u8", doc: "taker side: 0 buy, 1 sell" },
    idField,
    { name: "reserved", offset: 33, type: "zero", size: 7, doc: "zero" },
    {
      name: "recvTsUs",
      offset: 40,
      type: "i64",
      unit: "us",
      zeroMeansAbsent: true,
      extension: true,
      doc: "dig3 extension: local receive time; 0 = unknown (Rust-written files)",
    },
  ];
}

const tradeColumns: ColumnDef[] = [
  { key: "tsMs", header: "time", format: "time_ms", unit: "ms" },
  { key: "price", header: "price", format: "price" },
  { key: "size", header: "size", format: "size" },
  { key: "side", header: "side", format: "side" },
];

/**
 * 1 for a sell, else 0, without a branch: taker sides alternate unpredictably, and a mispredicted `? 1 : 0` costs
 * as much as writing the rest of the record's fields.
 */
function encodeSide(side: Side): number {
  return +(side === "sell");
}

/** Bytes 33..40 of both layouts as two overlapping u32 stores (cheaper than a 7-byte loop per record). */
function writeReservedZeros(view: DataView, offset: number): void {
  view.setUint32(offset, 0, true);
  view.setUint32(offset + 3, 0, true);
}

function writeRecvTsUs(view: DataView, offset: number, recvTsUs: number | undefined): void {
  if (recvTsUs !== undefined && recvTsUs > 0) writeI64(view, offset, recvTsUs);
  else view.setFloat64(offset, 0);
}

function readRecvTsUs(view: DataView, offset: number): number | undefined {
  const value = readI64(view, offset);
  return value === 0 ? undefined : value;
}

/** The fields both layouts share, around their ids. */
type TradeFields = Pick<TradeRecord, "tsMs" | "price" | "size" | "side" | "recvTsUs">;

/**
 * A trade or agg-trade record through aligned views: the bytes `encode` writes, for the usual record, whose exchange
 * time is in [0, 2^52) ms and receive time in [0, 2^52) µs (0, the "unknown", comes out as the zeros `encode` writes);
 * false, with nothing written, for any other (the caller's `encode` writes it). `offset` is a multiple of 8, so 0..8,
 * 8..16, 16..24 and 40..48 are whole words, and bytes 24..40 (side, the id's u64 at the unaligned 25..33, zeros) are
 * four u32 stores; the caller gives the id's little-endian halves, shifted into place here modulo 2^32, as DataView's
 * setUint32 takes them. One check of both times: a branch for each, with the stores of both ways inline, cost 4 ns
 * of 10 a record (measured).
 */
function storeTradeWords(
  value: TradeFields,
  words: RecordWords,
  offset: number,
  idLo: number,
  idHi: number,
): boolean {
  const tsMs = Math.trunc(value.tsMs);
  const recvTsUs = value.recvTsUs;
  if (!(tsMs >= 0 && tsMs < TWO_POW_52 && recvTsUs !== undefined && recvTsUs >= 0 && recvTsUs < TWO_POW_52)) {
    return false;
  }
  const u32 = words.u32;
  const f64 = words.f64;
  const at = offset >> 2;
  const word = offset >> 3;
  f64[word] = tsMs + TWO_POW_52;
  u32[at + 1] = Math.floor(tsMs * TWO_POW_MINUS_32);
  f64[word + 1] = value.price;
  f64[word + 2] = value.size;
  u32[at + 6] = encodeSide(value.side) | (idLo << 8);
  u32[at + 7] = (idLo >>> 24) | (idHi << 8);
  u32[at + 8] = idHi >>> 24;
  u32[at + 9] = 0;
  const recvWholeUs = Math.trunc(recvTsUs);
  f64[word + 5] = recvWholeUs + TWO_POW_52;
  u32[at + 11] = Math.floor(recvWholeUs * TWO_POW_MINUS_32);
  return true;
}

export const tradesRecord = defineRecord<TradeRecord>({
  kind: "trades",
  slugBase: "trades",
  size: 48,
  stream: "trade",
  doc: "one trade (Rust TradePoint, 48 B)",
  fields: tradeFields({
    name: "tradeIdHash",
    offset: 25,
    type: "u64_hash",
    doc: "FNV-1a-64 of the venue trade id text (UTF-8)",
  }),
  columns: tradeColumns,
  encode(value, view, offset) {
    writeI64(view, offset, value.tsMs);
    view.setFloat64(offset + 8, value.price, true);
    view.setFloat64(offset + 16, value.size, true);
    view.setUint8(offset + 24, encodeSide(value.side));
    view.setUint32(offset + 25, value.tradeIdHashLo, true);
    view.setUint32(offset + 29, value.tradeIdHashHi, true);
    writeReservedZeros(view, offset + 33);
    writeRecvTsUs(view, offset + 40, value.recvTsUs);
  },
  encodeWords(value, words, offset) {
    if (!storeTradeWords(value, words, offset, value.tradeIdHashLo, value.tradeIdHashHi)) {
      tradesRecord.encode(value, words.view, offset);
    }
  },
  decode(view, offset) {
    return {
      tsMs: readI64(view, offset),
      price: view.getFloat64(offset + 8, true),
      size: view.getFloat64(offset + 16, true),
      side: view.getUint8(offset + 24) === 1 ? "sell" : "buy",
      tradeIdHashHi: view.getUint32(offset + 29, true),
      tradeIdHashLo: view.getUint32(offset + 25, true),
      recvTsUs: readRecvTsUs(view, offset + 40),
    };
  },
});

export const aggTradesRecord = defineRecord<AggTradeRecord>({
  kind: "agg_trades",
  slugBase: "agg_trades",
  size: 48,
  stream: "agg_trade",
  doc: "one aggregated trade (Rust AggTradePoint, 48 B)",
  fields: tradeFields({ name: "aggId", offset: 25, type: "u64", doc: "venue aggregate trade id" }),
  columns: [...tradeColumns, { key: "aggId", header: "agg id", format: "text" }],
  encode(value, view, offset) {
    writeI64(view, offset, value.tsMs);
    view.setFloat64(offset + 8, value.price, true);
    view.setFloat64(offset + 16, value.size, true);
    view.setUint8(offset + 24, encodeSide(value.side));
    writeAggId(view, offset + 25, value.aggId);
    writeReservedZeros(view, offset + 33);
    writeRecvTsUs(view, offset + 40, value.recvTsUs);
  },
  encodeWords(value, words, offset) {
    const aggId = value.aggId;
    if (aggId.length <= 15 && DECIMAL_U64.test(aggId)) {
      const id = Number(aggId);
      const hi = Math.floor(id / TWO_POW_32);
      if (storeTradeWords(value, words, offset, id - hi * TWO_POW_32, hi)) return;
    }
    aggTradesRecord.encode(value, words.view, offset);
  },
  decode(view, offset) {
    return {
      tsMs: readI64(view, offset),
      price: view.getFloat64(offset + 8, true),
      size: view.getFloat64(offset + 16, true),
      side: view.getUint8(offset + 24) === 1 ? "sell" : "buy",
      aggId: readAggId(view, offset + 25),
      recvTsUs: readRecvTsUs(view, offset + 40),
    };
  },
});

const DECIMAL_U64 = /^[0-9]{1,20}$/;
const U64_MAX = (1n << 64n) - 1n;

/** Decimal text of a u64 up to 2^64−1 goes in as is; anything else (text ids, overflow) as its FNV-1a-64. */
function writeAggId(view: DataView, offset: number, aggId: string): void {
  if (aggId.length <= 15 && DECIMAL_U64.test(aggId)) {
    const value = Number(aggId);
    const hi = Math.floor(value / TWO_POW_32);
    view.setUint32(offset, value - hi * TWO_POW_32, true);
    view.setUint32(offset + 4, hi, true);
    return;
  }
  if (DECIMAL_U64.test(aggId) && BigInt(aggId) <= U64_MAX) {
    writeU64Hex(view, offset, BigInt(aggId).toString(16));
    return;
  }
  writeFnv1a64(aggId, view, offset);
}

function readAggId(view: DataView, offset: number): string {
  const hi = view.getUint32(offset + 4, true);
  const lo = view.getUint32(offset, true);
  if (hi < 0x200000) return String(hi * TWO_POW_32 + lo);
  return BigInt(`0x${formatHex8(hi)}${formatHex8(lo)}`).toString();
}

/** The record storage writes for a trade event. */
export function tradeRecordOf(event: TradeEvent): TradeRecord {
  const hash = hashFnv1a64Halves(event.tradeId);
  return {
    tsMs: event.tsMs,
    price: event.price,
    size: event.size,
    side: event.side,
    tradeIdHashHi: hash.hi,
    tradeIdHashLo: hash.lo,
    recvTsUs: event.recvTsUs,
  };
}

/** The id hash fields of a trade record for a venue trade id. */
export function tradeIdHashOf(tradeId: string): Pick<TradeRecord, "tradeIdHashHi" | "tradeIdHashLo"> {
  const hash = hashFnv1a64Halves(tradeId);
  return { tradeIdHashHi: hash.hi, tradeIdHashLo: hash.lo };
}

/** Prefix of the trade id of a trade read back from a day file, which stores only the id's FNV-1a-64. */
export const HASHED_TRADE_ID_PREFIX = "fnv1a64:";

/** The trade id a trade read back from a day file carries: `fnv1a64:` and its id hash in hex. */
export function hashedTradeIdOf(record: Pick<TradeRecord, "tradeIdHashHi" | "tradeIdHashLo">): string {
  return HASHED_TRADE_ID_PREFIX + tradeIdHashHexOf(record);
}

/** A trade record's id hash as 16 lowercase hex digits, most significant first (how FNV vectors are written). */
export function tradeIdHashHexOf(record: Pick<TradeRecord, "tradeIdHashHi" | "tradeIdHashLo">): string {
  return formatHex8(record.tradeIdHashHi >>> 0) + formatHex8(record.tradeIdHashLo >>> 0);
}

export function aggTradeRecordOf(event: AggTradeEvent): AggTradeRecord {
  return {
    tsMs: event.tsMs,
    price: event.price,
    size: event.size,
    side: event.side,
    aggId: event.aggId,
    recvTsUs: event.recvTsUs,
  };
}
