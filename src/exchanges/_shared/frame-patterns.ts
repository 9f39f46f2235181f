// Pieces of regular expressions that match a venue's hottest frames whole, in the exact layout the venue sends
// (no whitespace, keys in its order). What they admit is written plainly, with no escape, so a captured text is the
// value JSON.parse would give, and a frame any piece turns away takes the venue's JSON.parse path instead.
// None captures: a venue pattern wraps the values it reads in groups.

/** A JSON string's text with no escape, quote or control character in it: the text JSON.parse would give. */
export const PLAIN_TEXT = String.raw`[^"\\\x00-\x1f]+`;

/** `PLAIN_TEXT`, or an empty text: ids, tags and hashes a reader does not read, which a venue may send empty. */
export const ANY_PLAIN_TEXT = String.raw`[^"\\\x00-\x1f]*`;

/** A JSON integer (no sign, no leading zero). */
export const INTEGER = String.raw`(?:0|[1-9]\d*)`;

/** A JSON integer of at most 15 digits: an exact double whose `String` is this text (a trade id). */
export const SHORT_INTEGER = String.raw`(?:0|[1-9]\d{0,14})`;

/** Epoch milliseconds: a positive JSON integer of at most 16 digits (`isTime` holds for its number). */
export const TIME_MS = String.raw`[1-9]\d{0,15}`;

/** A decimal text that `Number` and `toNumber` read alike: digits, and at most one dot between digits. */
export const DECIMAL = String.raw`\d+(?:\.\d+)?`;

/** A JSON boolean, `(t)` captured where a pattern asks which: the group holds "t" for true, nothing for false. */
export const BOOLEAN = "(?:true|false)";
