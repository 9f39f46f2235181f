// What one decode figure feeds its contenders: a stream's frames picked out of a recording, dig3's adapter for them,
// and how tardis-dev and ccxt pro are set up to read the same frames. Each venue's inputs live in bench/venues/.

import type { Account } from "../src/core/index.ts";
import type { ExchangeAdapter } from "../src/exchanges/_shared/adapter.ts";
import type { CcxtSpec } from "./peers/ccxt.ts";
import type { TardisDecoder, TardisExchange, TardisNormalizer } from "./peers/tardis.ts";

export interface DecodeInput {
  name: string;
  /** The recording's folder in ../shared/wire. */
  venue: string;
  file: string;
  /** Which frames of the recording make up this stream. */
  keep: (message: unknown) => boolean;
  adapter: ExchangeAdapter;
  account: Account;
  /** Absent where tardis-dev maps no such venue (MEXC, Lighter): the input then has no tardis-dev figure. */
  tardis?: { exchange: TardisExchange; normalizers: TardisNormalizer[] };
  ccxt: CcxtSpec;
  /**
   * Diff streams whose peers' books check an update-id chain from a REST snapshot: each call is one pass of the
   * recording, and this seeds the peers (untimed) where the first recorded diff starts: tardis once, ccxt (through
   * the spec it returns) before each call. Only on inputs with a tardis-dev peer.
   */
  seedPeers?: (base: readonly string[], tardis: TardisDecoder) => CcxtSpec;
  /** Work the ccxt path does besides decoding (it has no decode-only path), said beside its figure. */
  ccxtNote?: string;
}
