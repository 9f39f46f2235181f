// Bitfinex v2 wire shapes: WebSocket events and channel frames (arrays keyed by a channel id) and REST bodies, each
// with its docs page and one real payload. Numbers arrive as JSON numbers, symbols as `tBTCUSD` / `tBTCF0:USTF0`.
// Parsers read these tolerantly (values.ts), so the types say what Bitfinex sends, not what `parse` trusts.

/**
 * Connection-level events (objects with `event`). `info` opens every connection and carries codes 20051 (server
 * restart: reconnect), 20060 / 20061 (maintenance start / end); `conf` acknowledges the flags; `subscribed` maps a
 * channel id to its channel; `error` refuses a request (10300 subscription failed, 10301 already subscribed, 10302
 * unknown channel, 10305 channel limit reached, 10400 / 10401 unsubscribe failed / not subscribed).
 * Docs: https://docs.bitfinex.com/docs/ws-general (Info Messages, Error Codes, Configuration, Ping/Pong)
 * @example {"event":"info","version":2,"serverId":"083bd8d4-aca7-4690-a573-eabfc8103de8","platform":{"status":1}}
 * @example {"event":"conf","status":"OK","flags":65536}
 * @example {"event":"subscribed","channel":"book","chanId":225206,"symbol":"tDOGUSD","prec":"P0","freq":"F0","len":"100","pair":"DOGUSD"}
 * @example {"event":"info","code":20051,"msg":"Stop/Restart Websocket Server (please reconnect)"}
 * @example {"event":"error","msg":"subscribe: dup","code":10301,"channel":"book","symbol":"tBTCUSD"}
 * @example {"event":"pong","ts":1511545528111,"cid":1234}
 */
export interface BitfinexEventFrame {
  event: "info" | "conf" | "subscribed" | "unsubscribed" | "error" | "pong" | string;
  code?: number;
  msg?: string;
  version?: number;
  platform?: { status: number };
  status?: string;
  flags?: number;
  chanId?: number;
  channel?: string;
  symbol?: string;
  key?: string;
  prec?: string;
  freq?: string;
  len?: string;
  cid?: number;
  ts?: number;
}

/**
 * Connection flags sent in `{"event":"conf","flags":N}` (a sum): TIMESTAMP 32768 appends the send time in ms to
 * every channel frame; SEQ_ALL 65536 appends one sequence number counted over the whole connection (all channels,
 * heartbeats included); OB_CHECKSUM 131072 sends `[CHAN_ID,"cs",CHECKSUM]` after book changes. With both, the
 * sequence comes before the timestamp.
 * Docs: https://docs.bitfinex.com/docs/ws-general (Configuration), https://docs.bitfinex.com/docs/ws-websocket-checksum
 * @example [198,[10335,2,1.25],1581721279360]
 * @example [232950,[278200,1.7023900800000002,282030,2.2626931299999997,-66440,-0.1903,282780,32.20946748,402510,231840],3]
 * @example [89,"te",[382489563,1564617600709,0.00705845,10087.98969503],18,1564617600784]
 */
export type BitfinexChannelFrame = [chanId: number, ...rest: unknown[]];

/** Heartbeat of an idle channel, every 15 s. @example [6959,"hb",3603,1569715249702] */
export type BitfinexHeartbeatFrame = [chanId: number, "hb", ...stamps: number[]];

/**
 * Book (precision P0): a snapshot of `[PRICE, COUNT, AMOUNT]` rows, then one row per update. COUNT 0 removes the
 * price level (AMOUNT 1 on the bid side, -1 on the ask side); otherwise AMOUNT > 0 is a bid and < 0 an ask.
 * Docs: https://docs.bitfinex.com/reference/ws-public-books
 * @example [17082,[[7254.7,3,3.3]]]
 * @example [17082,[7254.5,0,1]]
 * @example [6959,[[216,2,31.52],[218.75,1,-13.33333333],[218.76,1,-2]],10,1564617600541]
 */
export type BitfinexBookLevel = [price: number, count: number, amount: number];

/**
 * Book checksum (OB_CHECKSUM): a signed CRC32 of the top 25 levels, see `checksumOfBook` in book.ts.
 * Docs: https://docs.bitfinex.com/docs/ws-websocket-checksum — "[ CHAN_ID, 'cs', CHECKSUM ]", then the SEQ_ALL /
 * TIMESTAMP stamps like every channel frame. No recording here carries one (the recorded session did not ask for it).
 */
export type BitfinexChecksumFrame = [chanId: number, "cs", checksum: number, ...stamps: number[]];

/**
 * Trades: a snapshot of recent trades on subscribe, then `te` (trade executed) and `tu` (the same trade once
 * written, 1–2 s later). dig3 reads `te` and ignores `tu`, which repeats it. AMOUNT > 0: the taker bought.
 * Docs: https://docs.bitfinex.com/reference/ws-public-trades
 * @example [89,"te",[382489563,1564617600709,0.00705845,10087.98969503],18,1564617600784]
 */
export type BitfinexTrade = [id: number, mts: number, amount: number, price: number];

/**
 * Trading-pair ticker. DAILY_CHANGE_RELATIVE is a fraction (0.0262 = 2.62 %). Funding tickers (`fUSD`) are longer.
 * Docs: https://docs.bitfinex.com/reference/ws-public-ticker
 * @example [232949,[0.068965,60157.36709703,0.0774,48578.50804052,0.001969,0.0262,0.076989,101459.39453471,0.0828,0.068961],1]
 */
export type BitfinexTicker = [
  bid: number,
  bidSize: number,
  ask: number,
  askSize: number,
  dailyChange: number,
  dailyChangeRelative: number,
  lastPrice: number,
  volume: number,
  high: number,
  low: number,
];

/**
 * Candles, key `trade:1m:tBTCUSD`: a snapshot (newest first), then the current candle on every change. Note the
 * column order OPEN, CLOSE, HIGH, LOW. Time frames: 1m 5m 15m 30m 1h 3h 6h 12h 1D 1W 14D 1M.
 * Docs: https://docs.bitfinex.com/reference/ws-public-candles
 * @example [343351,[1574698200000,7379.785503,7383.8,7388.3,7379.785503,1.68829482]]
 */
export type BitfinexCandle = [
  mts: number,
  open: number,
  close: number,
  high: number,
  low: number,
  volume: number,
];

/**
 * Derivatives status, key `deriv:tBTCF0:USTF0` (one message carries mark, funding and open interest).
 * Indexes: 0 TIME_MS, 2 DERIV_PRICE, 3 SPOT_PRICE, 5 INSURANCE_FUND_BALANCE, 7 NEXT_FUNDING_EVT_TIMESTAMP_MS,
 * 8 NEXT_FUNDING_ACCRUED, 9 NEXT_FUNDING_STEP, 11 CURRENT_FUNDING, 14 MARK_PRICE, 17 OPEN_INTEREST, 21 CLAMP_MIN,
 * 22 CLAMP_MAX. REST `/v2/status/deriv?keys=` rows put the KEY first (indexes + 1).
 * Docs: https://docs.bitfinex.com/reference/ws-public-status
 * @example [335856,[1596124822000,null,0.896,0.771995,null,1396531.67460709,null,1596153600000,0.0001056,6,null,-0.01381344,null,null,0.7664,null,null,246502.09001551,null,null,null,null,0.3]]
 */
export type BitfinexDerivStatus = (number | null)[];

/**
 * Liquidation feed, key `liq:global`: rows for every pair (derivatives and margin positions on spot pairs).
 * `["pos", POS_ID, MTS, _, SYMBOL, AMOUNT, BASE_PRICE, _, IS_MATCH, IS_MARKET_SOLD, _, PRICE_ACQUIRED]`;
 * AMOUNT > 0 is a long position (liquidated by selling); IS_MATCH 0 is the trigger, 1 a market execution.
 * Docs: https://docs.bitfinex.com/reference/ws-public-status, https://docs.bitfinex.com/reference/rest-public-liquidations
 * @example [386841,[["pos",143683674,1593522802742,null,"tBTCF0:USTF0",0.00268657,9135.972557016,null,0,1,null,9080]],7,1593566593351]
 */
export type BitfinexLiquidationRow = [
  tag: "pos",
  positionId: number,
  mts: number,
  placeholder: null,
  symbol: string,
  amount: number,
  basePrice: number,
  placeholder2: null,
  isMatch: number,
  isMarketSold: number,
  placeholder3: null,
  priceAcquired: number | null,
];

/**
 * REST configs: `/v2/conf/pub:list:pair:exchange` (spot pairs without the `t`), `pub:list:pair:futures`
 * (`BTCF0:USTF0`), `pub:map:currency:sym` (`[["UST","USDT"],…]`). Several keys joined by commas answer one array
 * per key, in order. Docs: https://docs.bitfinex.com/reference/rest-public-conf
 * @example [["AAABBB","AAVE:USD","ADABTC","BTCUSD","BTCUST","TESTBTC:TESTUSD"]]
 */
export type BitfinexConfBody = unknown[][];

/**
 * REST tickers, `/v2/tickers?symbols=tBTCUSD`: one row per symbol, the symbol first, then the WS ticker fields.
 * Docs: https://docs.bitfinex.com/reference/rest-public-tickers — shape `[[SYMBOL, BID, BID_SIZE, ASK, ASK_SIZE,
 * DAILY_CHANGE, DAILY_CHANGE_RELATIVE, LAST_PRICE, VOLUME, HIGH, LOW], …]`.
 */
export type BitfinexRestTicker = [symbol: string, ...ticker: BitfinexTicker];

/**
 * REST error body (with an HTTP 4xx/5xx status): `["error", CODE, "message"]`.
 * Docs: https://docs.bitfinex.com/docs/rest-general
 * @example ["error",10020,"limit: invalid"]
 */
export type BitfinexRestError = ["error", number, string];
