// v4_orderbook `contents` read in place, in the layout the indexer sends (compact JSON, no whitespace): update rows
// `["price","size"]` (a further offset item skipped), snapshot rows `{"price":"…","size":"…"}`. On this path the
// generic FrameScanner (a whitespace check and a call per token) cost as much as JSON.parse; these reads look at each
// character once. They accept exactly what `toDydxLevels` makes levels of in that layout; on anything else they fail
// and the frame takes the JSON.parse path.

import type { Level } from "../../core/index.ts";
import { checkedRead, plainTextEndAt, readDecimalTextAt } from "../_shared/checked-values.ts";
import { FrameScanner } from "../_shared/scan.ts";
import { readDecimalIn } from "../_shared/values.ts";

const QUOTE = 34;
const COMMA = 44;
const OPEN_BRACKET = 91;
const CLOSE_BRACKET = 93;
const OPEN_BRACE = 123;
const CLOSE_BRACE = 125;
const LETTER_A = 97;
const LETTER_B = 98;

const BIDS_KEY = '"bids":';
const ASKS_KEY = '"asks":';
const PRICE_KEY = '{"price":"';
const SIZE_KEY = ',"size":"';

/** One change of a book message: the levels of each side (an absent side is no change). */
export interface BookChange {
  bids: Level[];
  asks: Level[];
}

/** For the rare offset item of an update row: any JSON value, validated. */
const skipper = new FrameScanner();

/**
 * A cursor over one frame: `pos` moves past what each read consumed, and is -1 after a surprise, after which every
 * read fails at once (the caller tests `pos` where it decides).
 */
export class CompactReader {
  text = "";
  pos = -1;

  reset(text: string, pos: number): void {
    this.text = text;
    this.pos = pos;
  }

  /** Consumes `code` at `pos`, or fails. */
  expect(code: number): boolean {
    if (this.pos >= 0 && this.text.charCodeAt(this.pos) === code) {
      this.pos++;
      return true;
    }
    this.pos = -1;
    return false;
  }

  /** `[{…},…]`: the changes of a `channel_batch_data` message. */
  bookChanges(): BookChange[] | undefined {
    const changes: BookChange[] = [];
    if (!this.expect(OPEN_BRACKET)) return undefined;
    if (this.text.charCodeAt(this.pos) === CLOSE_BRACKET) {
      this.pos++;
      return changes;
    }
    for (;;) {
      const change = this.bookChange();
      if (change === undefined) return undefined;
      changes.push(change);
      const code = this.text.charCodeAt(this.pos);
      this.pos++;
      if (code === CLOSE_BRACKET) return changes;
      if (code !== COMMA) return this.failed();
    }
  }

  /** `{"bids":[…],"asks":[…]}`, either side absent, in either order: one book message's contents. */
  bookChange(): BookChange | undefined {
    // An absent side is no change; its empty list is made at the end, not before a row is read.
    let bids: Level[] | undefined;
    let asks: Level[] | undefined;
    if (!this.expect(OPEN_BRACE)) return undefined;
    const text = this.text;
    if (text.charCodeAt(this.pos) === CLOSE_BRACE) {
      this.pos++;
      return { bids: [], asks: [] };
    }
    for (;;) {
      // `"bids":` or `"asks":`, told apart by their first letter; any other key is JSON.parse's to read.
      const pos = this.pos;
      const letter = text.charCodeAt(pos + 1);
      if (
        !(letter === LETTER_B
          ? text.startsWith(BIDS_KEY, pos)
          : letter === LETTER_A && text.startsWith(ASKS_KEY, pos))
      )
        return this.failed();
      this.pos = pos + BIDS_KEY.length;
      const levels = this.levels();
      if (levels === undefined) return undefined;
      if (letter === LETTER_B) bids = levels;
      else asks = levels;
      const code = text.charCodeAt(this.pos);
      this.pos++;
      if (code === CLOSE_BRACE) return { bids: bids ?? [], asks: asks ?? [] };
      if (code !== COMMA) return this.failed();
    }
  }

  /**
   * `[row,…]`, rows `["price","size",…]` or `{"price":"…","size":"…"}`: levels as `toDydxLevels` makes them. A row
   * it would refuse (no finite price or size, a negative size) fails here, and JSON.parse's path says malformed.
   */
  levels(): Level[] | undefined {
    if (!this.expect(OPEN_BRACKET)) return undefined;
    const text = this.text;
    if (text.charCodeAt(this.pos) === CLOSE_BRACKET) {
      this.pos++;
      return [];
    }
    // Made with its first level (a push into an empty array costs more): most updates hold one.
    let levels: Level[] | undefined;
    for (;;) {
      const rowAt = this.pos;
      let price: number;
      let size: number;
      if (text.charCodeAt(rowAt) === OPEN_BRACKET) {
        this.pos = rowAt + 1;
        price = this.decimal();
        if (!this.expect(COMMA)) return undefined;
        size = this.decimal();
        // A third item (an offset, where sent) is validated and skipped, as JSON.parse would.
        while (this.pos >= 0 && text.charCodeAt(this.pos) === COMMA) this.skipItem();
        if (!this.expect(CLOSE_BRACKET)) return undefined;
      } else if (text.startsWith(PRICE_KEY, rowAt)) {
        this.pos = rowAt + PRICE_KEY.length - 1;
        price = this.decimal();
        if (this.pos < 0 || !text.startsWith(SIZE_KEY, this.pos)) return this.failed();
        this.pos += SIZE_KEY.length - 1;
        size = this.decimal();
        if (!this.expect(CLOSE_BRACE)) return undefined;
      } else {
        return this.failed();
      }
      if (this.pos < 0 || !Number.isFinite(price) || !Number.isFinite(size) || size < 0) return this.failed();
      if (levels === undefined) levels = [[price, size]];
      else levels.push([price, size]);
      const code = text.charCodeAt(this.pos);
      this.pos++;
      if (code === CLOSE_BRACKET) return levels;
      if (code !== COMMA) return this.failed();
    }
  }

  /**
   * A quoted decimal at `pos`, as `toNumber` reads that text: a DECIMAL text by `readDecimalTextAt` (one test a
   * digit), any other text by `readDecimalIn`, which is what `toNumber` calls. An escape, a control character or an
   * empty text fails (JSON.parse's path reads the first, refuses the others).
   */
  decimal(): number {
    const text = this.text;
    if (this.pos < 0 || text.charCodeAt(this.pos) !== QUOTE) return this.failedNumber();
    const start = this.pos + 1;
    const value = readDecimalTextAt(text, start);
    if (checkedRead.end >= 0) {
      this.pos = checkedRead.end + 1;
      return value;
    }
    const end = plainTextEndAt(text, start);
    if (end < 0) return this.failedNumber();
    this.pos = end + 1;
    return readDecimalIn(text, start, end);
  }

  /** `,value` inside a row, the value validated as JSON. */
  private skipItem(): void {
    const s = skipper;
    s.reset(this.text);
    s.pos = this.pos + 1;
    s.skipValue();
    this.pos = s.ok ? s.pos : -1;
  }

  private failed(): undefined {
    this.pos = -1;
    return undefined;
  }

  private failedNumber(): number {
    this.pos = -1;
    return Number.NaN;
  }
}
