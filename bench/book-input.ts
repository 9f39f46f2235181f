// What one book-apply figure feeds its contenders: a venue's depth stream from a recording, the snapshots that load
// each book before the timed updates (snapshot frames of the stream, or recorded REST bodies), and tardis-dev's
// exchange id. Each venue's inputs live in bench/venues/.

import type { Account } from "../src/core/index.ts";
import type { ExchangeAdapter } from "../src/exchanges/_shared/adapter.ts";
import type { TardisExchange } from "./peers/tardis.ts";

export interface BookInput {
  name: string;
  /** The recording's folder in ../shared/wire. */
  venue: string;
  file: string;
  /** Which frames of the recording make up the depth stream, snapshots included. */
  keep: (message: unknown) => boolean;
  adapter: ExchangeAdapter;
  account: Account;
  tardis: TardisExchange;
  /** Snapshot frames of the stream: loaded (untimed) before the timed updates, in both contenders. */
  isSnapshot?: (message: unknown) => boolean;
  /** Books loaded from recorded REST snapshots (untimed), which the stream's first diffs bridge to. */
  rest?: {
    file: string;
    /** The venue symbol a snapshot request asked for. */
    nativeOf: (url: URL) => string;
    /** The message tardis' live feed makes of the body (its feeds inject REST snapshots into the stream). */
    tardisMessageOf: (native: string, body: unknown) => object;
  };
}
