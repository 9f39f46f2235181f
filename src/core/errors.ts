// Dig3Error: the one error type of dig3, with a closed set of codes and a hint that says what to do next.
// Library code throws or returns these; the CLI prints message + hint (never a stack) and maps codes to exit codes.

export const ERROR_CODES = [
  "E_UNKNOWN_EXCHANGE",
  "E_UNKNOWN_SYMBOL",
  "E_UNKNOWN_ACCOUNT",
  "E_UNKNOWN_STREAM",
  "E_BAD_INPUT",
  "E_BAD_INTERVAL",
  "E_NOT_IMPLEMENTED",
  "E_WIRE_ABSENT",
  "E_NETWORK",
  "E_TIMEOUT",
  "E_HTTP",
  "E_RATE_LIMITED",
  "E_VENUE",
  "E_PARSE",
  "E_FILE_CORRUPT",
  "E_FILE_NOT_FOUND",
  "E_LOCKED",
  "E_IO",
  "E_DISK_FULL",
  "E_PERMISSION",
  "E_CLOSED",
  /** A validated connect asked for a venue or stream that no check (recorded, simulator, live) has verified. */
  "E_NOT_VALIDATED",
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

/** Codes that mean the caller asked for something wrong (CLI exit 2), as opposed to a runtime failure (exit 1). */
const USAGE_CODES: ReadonlySet<ErrorCode> = new Set<ErrorCode>([
  "E_UNKNOWN_EXCHANGE",
  "E_UNKNOWN_SYMBOL",
  "E_UNKNOWN_ACCOUNT",
  "E_UNKNOWN_STREAM",
  "E_BAD_INPUT",
  "E_BAD_INTERVAL",
  "E_NOT_IMPLEMENTED",
  "E_WIRE_ABSENT",
]);

export interface Dig3ErrorOptions {
  hint?: string;
  cause?: unknown;
  /** Extra machine-readable context (venue code, HTTP status, retry-after …). */
  details?: Record<string, unknown>;
}

export class Dig3Error extends Error {
  override readonly name = "Dig3Error";
  readonly code: ErrorCode;
  readonly hint: string | undefined;
  readonly details: Record<string, unknown> | undefined;

  constructor(code: ErrorCode, message: string, options: Dig3ErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.hint = options.hint;
    this.details = options.details;
  }

  /** True when the error is the caller's input (unknown venue, bad flag …) rather than the world failing. */
  get isUsage(): boolean {
    return USAGE_CODES.has(this.code);
  }

  toJSON(): Record<string, unknown> {
    return { code: this.code, message: this.message, hint: this.hint, details: this.details };
  }
}

export function isDig3Error(value: unknown): value is Dig3Error {
  return value instanceof Dig3Error;
}

/** Wraps anything thrown into a Dig3Error, keeping Dig3Errors as they are. */
export function toDig3Error(value: unknown, fallback: ErrorCode = "E_IO"): Dig3Error {
  if (value instanceof Dig3Error) return value;
  const message = value instanceof Error ? value.message : String(value);
  return new Dig3Error(fallback, message, { cause: value });
}
