// Kraken spot book integrity: the CRC32 checksum of the top 10 levels exactly as the docs define it, and the JSON
// reading that keeps each price and quantity as the text Kraken sent (the checksum hashes that text, not a number).

import type { BookView, Level } from "../../../core/index.ts";
import { parseJson } from "../../_shared/values.ts";

/** "The checksum is always calculated over the top 10 price levels regardless of subscription depth." */
export const KRAKEN_CHECKSUM_DEPTH = 10;

/**
 * One value's contribution: "Remove `.` from price … Remove leading zeros" (same for qty). The venue text is used
 * when the level kept it (Level[2] / Level[3]); without it the number's shortest text stands in, which is only
 * right when the venue sent no trailing zeros.
 */
export function formatChecksumValue(text: string | undefined, value: number): string {
  const source = text ?? String(value);
  return source.replace(".", "").replace(/^0+/, "");
}

function appendLevels(out: string[], levels: readonly Level[]): void {
  for (const level of levels) {
    out.push(formatChecksumValue(level[2], level[0]), formatChecksumValue(level[3], level[1]));
  }
}

/** The string Kraken feeds to CRC32: the top 10 asks (low to high) then the top 10 bids (high to low). */
export function checksumInputOf(book: BookView): string {
  const parts: string[] = [];
  appendLevels(parts, book.asks(KRAKEN_CHECKSUM_DEPTH));
  appendLevels(parts, book.bids(KRAKEN_CHECKSUM_DEPTH));
  return parts.join("");
}

/**
 * "Concatenate asks + bids strings, then pass the result to a CRC32 function. Cast the result to an unsigned 32-bit
 * integer and compare to the checksum" — https://docs.kraken.com/api/docs/guides/spot-ws-book-v2
 */
export function checksumOfKrakenBook(book: BookView): number {
  return Bun.hash.crc32(checksumInputOf(book)) >>> 0;
}

const BOOK_CHANNEL_RE = /"channel"\s*:\s*"book"/;

/** The reviver's third argument (JSON.parse source text access), not yet in every lib typing. */
interface ReviverContext {
  source?: string;
}

/** Keeps `price` and `qty` numbers as their source text ("0.00100000", not 0.001). */
function keepNumberText(this: unknown, key: string, value: unknown, context?: ReviverContext): unknown {
  if ((key === "price" || key === "qty") && typeof value === "number" && context?.source)
    return context.source;
  return value;
}

/**
 * Parses a WebSocket v2 frame; in `book` frames, prices and quantities come back as the exact text on the wire.
 * "Parse price and qty fields using a decimal or string decoder to preserve full precision" — the v2 book sends JSON
 * numbers with the pair's full precision (`"qty":0.00000000`), which a plain JSON.parse would shorten.
 * Undefined when the text is not JSON.
 */
export function parseKrakenSpotJson(frame: string): unknown {
  if (!BOOK_CHANNEL_RE.test(frame)) return parseJson(frame);
  try {
    return JSON.parse(frame, keepNumberText as Parameters<typeof JSON.parse>[1]);
  } catch {
    return undefined;
  }
}
