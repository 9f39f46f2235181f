// HTX wire shapes: WebSocket frames (spot, USDT- and coin-margined market sockets, `ws_index`, the notification
// sockets) and REST bodies, each with its docs page and one real payload. Frames arrive gzip-compressed and are
// inflated by the transport; market sockets send JSON numbers, index klines and some REST bodies decimal text.

// Docs: spot https://huobiapi.github.io/docs/spot/v1/en/ (current pages: https://www.htx.com/en-us/opend/newApiPages/),
// USDT-margined https://huobiapi.github.io/docs/usdt_swap/v1/en/, coin-margined
// https://huobiapi.github.io/docs/coin_margined_swap/v1/en/.

/**
 * Market-socket heartbeat: the server sends `{"ping": n}` every 5 s and drops a client that leaves two (spot) or five
 * (futures) of them unanswered; the answer is `{"pong": n}` with the same number.
 * Docs: https://huobiapi.github.io/docs/spot/v1/en/ ("Heartbeat and Connection"),
 * https://huobiapi.github.io/docs/usdt_swap/v1/en/ ("Market Heartbeat")
 * @example {"ping":1618678073643}
 */
export interface HtxPingFrame {
  ping: number;
}

/**
 * Notification-socket heartbeat (`linear-swap-notification`, `swap-notification`): `ts` is text, echoed in
 * `{"op":"pong","ts":…}`.
 * Docs: https://huobiapi.github.io/docs/usdt_swap/v1/en/ ("Order Push Heartbeat")
 * @example {"op":"ping","ts":"1492420473058"}
 */
export interface HtxOpPingFrame {
  op: "ping";
  ts: string | number;
}

/**
 * Market-socket subscribe (`sub`) and unsubscribe (`unsub`) answers. Contract depth subscriptions echo `data_type`.
 * Docs: https://huobiapi.github.io/docs/spot/v1/en/ ("Subscribe to Topic", "Unsubscribe")
 * @example {"id":5,"status":"ok","subbed":"market.yfihusd.depth.step0","ts":1618678070655}
 * @example {"id":"id4","status":"ok","unsubbed":"market.btcusdt.trade.detail","ts":1494326028889}
 */
export interface HtxSubAckFrame {
  id: string | number | null;
  status: "ok";
  subbed?: string;
  unsubbed?: string;
  data_type?: string;
  ts: number;
}

/**
 * Request or subscribe error on a market socket. The topic is not echoed, only the client's `id`.
 * Docs: https://huobiapi.github.io/docs/spot/v1/en/ ("Error Code" of Websocket Market Data)
 * @example {"status":"error","ts":1790134833291,"id":"e-size400","err-code":"bad-request","err-msg":"invalid topic market.BTC-USDT.depth.size_400.high_freq"}
 */
export interface HtxErrorFrame {
  status: "error";
  ts: number;
  id?: string | number | null;
  "err-code": string;
  "err-msg": string;
}

/**
 * Notification-socket answer to `{"op":"sub"|"unsub","cid","topic"}`; `err-code` 0 is success.
 * Docs: https://huobiapi.github.io/docs/usdt_swap/v1/en/ ("[General] Subscribe Liquidation Orders (no authentication)")
 * @example {"op":"sub","cid":"1","topic":"public.BTC-USDT.funding_rate","ts":1606780803260,"err-code":0}
 */
export interface HtxOpAckFrame {
  op: "sub" | "unsub";
  cid?: string;
  topic: string;
  ts: number;
  "err-code": number;
  "err-msg"?: string;
}

/** Every pushed market frame: `ch` names the topic, `ts` is the server's send time, `tick` the payload. */
export interface HtxPushFrame<T> {
  ch: string;
  ts: number;
  tick: T;
}

/**
 * `market.$symbol.trade.detail` (spot and contracts): the fills of one taker order. Spot rows carry `tradeId` (the
 * trade id to use; `id` is a 26-digit number JSON cannot hold); contract rows carry `id`, `amount` in contracts,
 * `quantity` in coins and `trade_turnover` in the quote. `direction` is the taker's side.
 * Docs: https://huobiapi.github.io/docs/spot/v1/en/ ("Trade Detail"),
 * https://huobiapi.github.io/docs/usdt_swap/v1/en/ ("[General] Subscribe Trade Detail Data")
 * @example {"ch":"market.yfihusd.trade.detail","ts":1618678079712,"tick":{"id":181648752,"ts":1618678079699,"data":[{"id":181648752255757425015366,"ts":1618678079699,"tradeId":179336,"amount":5.0E-4,"price":50171.57,"direction":"buy"}]}}
 * @example {"ch":"market.BTT-USDT.trade.detail","ts":1645287034941,"tick":{"id":78224221555,"ts":1645287034907,"data":[{"amount":2,"quantity":2000000,"trade_turnover":4.04,"ts":1645287034907,"id":782242215550000,"price":0.00000202,"direction":"sell"}]}}
 */
export interface HtxTradeTick {
  id: number;
  ts: number;
  data: Array<{
    id: number | string;
    tradeId?: number;
    ts: number;
    amount: number;
    price: number;
    direction: "buy" | "sell" | "";
    quantity?: number;
    trade_turnover?: number;
  }>;
}

/**
 * `market.$symbol.mbp.$levels` (spot, `/feed` socket): price-level changes; `prevSeqNum` is the `seqNum` of the
 * previous message (of the refresh for the first one after it), a size of 0 removes the level. The 150-level feed is
 * the difference of two snapshots 100 ms apart and sends empty sides when nothing changed.
 * Docs: https://huobiapi.github.io/docs/spot/v1/en/ ("Market By Price (incremental update)")
 * @example {"ch":"market.btcusdt.mbp.150","ts":1593561601106,"tick":{"seqNum":109409288253,"prevSeqNum":109409288226,"asks":[[9138.67,0.036178]],"bids":[]}}
 */
export interface HtxMbpTick {
  seqNum: number;
  prevSeqNum: number;
  bids?: [number, number][];
  asks?: [number, number][];
}

/**
 * The refresh (full 150-level image) a `{"req":"market.$symbol.mbp.150","id":…}` on the same socket returns; its
 * `seqNum` is the `prevSeqNum` of the first incremental message that follows it.
 * Docs: https://huobiapi.github.io/docs/spot/v1/en/ ("Market By Price (incremental update)", steps 1 to 4)
 * @example {"id":"1","status":"ok","ts":1593561601666,"rep":"market.btcusdt.mbp.150","data":{"bids":[[9137.67,4.683547],[9137.35,0.0089]],"asks":[[9137.68,0.190075],[9137.75,0.01]],"seqNum":109409288160}}
 */
export interface HtxMbpRefreshFrame {
  id: string | number;
  status: "ok";
  ts: number;
  rep: string;
  data: { seqNum: number; bids: [number, number][]; asks: [number, number][] };
}

/**
 * `market.$contract_code.depth.size_150.high_freq` subscribed with `"data_type":"incremental"`: the first push
 * is `event: "snapshot"`, then `event: "update"` deltas; `version` is "auto increment in single websocket connection"
 * (one per push of the topic). `ts` inside `tick` is when the book was checked.
 * Docs: https://huobiapi.github.io/docs/usdt_swap/v1/en/ ("[General] Subscribe Incremental Market Depth Data",
 * and the FAQ "How to maintain local MBP data": "if the version is not incremented, you need to re-subscribe")
 * @example {"ch":"market.BCH-USD.depth.size_150.high_freq","tick":{"asks":[],"bids":[[239.34,1021]],"ch":"market.BCH-USD.depth.size_150.high_freq","event":"update","id":9530712377,"mrid":9530712377,"ts":1592904821308,"version":164176090},"ts":1592904821309}
 */
export interface HtxHighFreqDepthTick {
  ch: string;
  event: "snapshot" | "update";
  id: number;
  mrid: number;
  ts: number;
  version: number;
  bids: [number, number][];
  asks: [number, number][];
}

/**
 * `market.$symbol.depth.step0` (spot and contracts): a whole unmerged book (150 levels) on every push. dig3 does not
 * subscribe to it, but recorded traffic is full of it; every push is read as a snapshot.
 * Docs: https://huobiapi.github.io/docs/spot/v1/en/ ("Market Depth")
 * @example {"ch":"market.ICP-USD.depth.step0","ts":1645289384959,"tick":{"mrid":66097718001,"id":1645289384,"bids":[[20.13,514],[20.12,425]],"asks":[[20.16,380]],"ts":1645289384955,"version":1645289384,"ch":"market.ICP-USD.depth.step0"}}
 */
export interface HtxDepthStepTick {
  bids: [number, number][];
  asks: [number, number][];
  ts?: number;
  version?: number;
  mrid?: number;
}

/**
 * `market.$symbol.kline.$period`: the bar in progress; `id` is its open time in seconds. Spot: `amount` base volume,
 * `vol` quote volume. Contracts: `vol` contracts, `amount` coins, `trade_turnover` quote volume (USDT-margined).
 * Docs: https://huobiapi.github.io/docs/spot/v1/en/ ("Market Candlestick"),
 * https://huobiapi.github.io/docs/usdt_swap/v1/en/ ("[General] Subscribe Kline data")
 * @example {"ch":"market.BTC-USDT.kline.1min","ts":1603707124366,"tick":{"id":1603707120,"mrid":131592424,"open":13067.7,"close":13067.7,"high":13067.7,"low":13067.7,"amount":0.004,"vol":4,"trade_turnover":52.2708,"count":1}}
 */
export interface HtxKlineTick {
  id: number;
  open: number;
  close: number;
  high: number;
  low: number;
  amount: number;
  vol: number;
  count?: number;
  trade_turnover?: number;
}

/**
 * `market.$symbol.ticker` (spot, every 100 ms): rolling 24 h stats with the best bid and ask and the last trade.
 * Docs: https://huobiapi.github.io/docs/spot/v1/en/ ("Market Ticker")
 * @example {"ch":"market.btcusdt.ticker","ts":1630982370526,"tick":{"open":51732,"high":52785.64,"low":51000,"close":52735.63,"amount":13259.24137056181,"vol":687640987.4125315,"count":448737,"bid":52732.88,"bidSize":0.036,"ask":52732.89,"askSize":0.583653,"lastPrice":52735.63,"lastSize":0.03}}
 */
export interface HtxSpotTickerTick {
  open: number;
  high: number;
  low: number;
  close: number;
  amount: number;
  vol: number;
  count: number;
  bid: number;
  bidSize: number;
  ask: number;
  askSize: number;
  lastPrice: number;
  lastSize: number;
}

/**
 * `market.$contract_code.detail` (contracts): rolling 24 h stats; `bid`/`ask` are `[price, contracts]`, "not updated
 * in real time, there will be some delay (about 500ms)". `vol` contracts, `amount` coins, `trade_turnover` quote.
 * Docs: https://huobiapi.github.io/docs/usdt_swap/v1/en/ ("[General] Subscribe Market Detail Data")
 * @example {"ch":"market.BTC-USDT.detail","ts":1603707870528,"tick":{"id":1603707840,"mrid":131599205,"open":12916.2,"close":13065.8,"high":13205.3,"low":12852.8,"amount":30.316,"vol":30316,"trade_turnover":395073.4918,"count":2983,"ask":[13081.9,206],"bid":[13071.9,38]}}
 */
export interface HtxDetailTick {
  id: number;
  open: number;
  close: number;
  high: number;
  low: number;
  amount: number;
  vol: number;
  count: number;
  trade_turnover?: number;
  ask?: [number, number];
  bid?: [number, number];
}

/**
 * `market.$symbol.bbo`: best bid and ask. Spot sends flat fields, contracts `[price, contracts]` pairs.
 * Docs: https://huobiapi.github.io/docs/spot/v1/en/ ("Best Bid/Offer"),
 * https://www.htx.com/en-us/opend/newApiPages/?id=5d51475e-77b6-11ed-9966-0242ac110003
 * @example {"ch":"market.btcusdt.bbo","ts":1575158404058,"tick":{"seqId":103273695595,"ask":7543.59,"askSize":2.323241,"bid":7541.16,"bidSize":0.002329,"quoteTime":1575158404057,"symbol":"btcusdt"}}
 * @example {"ch":"market.BTC-USDT.bbo","ts":1630454400495,"tick":{"mrid":64797873746,"id":1630454400,"bid":[47176.5,1],"ask":[47176.6,9249],"ts":1630454400495,"version":64797873746,"ch":"market.BTC-USDT.bbo"}}
 */
export interface HtxBboTick {
  ask: number | [number, number];
  bid: number | [number, number];
  askSize?: number;
  bidSize?: number;
  quoteTime?: number;
  ts?: number;
}

/**
 * `market.$contract_code.mark_price.$period`, only on `wss://api.hbdm.com/ws_index` (the contract sockets answer
 * `invalid topic`): a kline of the mark price in decimal text; `close` is the latest mark.
 * Docs: https://www.htx.com/en-us/opend/newApiPages/?id=8cb7d626-77b5-11ed-9966-0242ac110003 (USDT-margined),
 * https://www.htx.com/en-us/opend/newApiPages/?id=5d51525d-77b6-11ed-9966-0242ac110003 (coin-margined)
 * @example {"ch":"market.BTC-USDT.mark_price.1min","tick":{"id":1790135100,"open":"86834.8","close":"86826.6","high":"86838.2","low":"86826.6","amount":"0","vol":"0","count":"0","trade_turnover":"0"},"ts":1790135117624}
 */
export interface HtxMarkPriceTick {
  id: number;
  open: string;
  close: string;
  high: string;
  low: string;
}

/** A notification-socket push: `{"op":"notify","topic":…,"ts":…,"data":[…]}`. */
export interface HtxNotifyFrame<T> {
  op: "notify";
  topic: string;
  ts: number;
  data: T[];
}

/**
 * `public.$contract_code.funding_rate` on the notification socket: the current period's rate, recomputed about
 * every 5 s; `funding_time` is when it was computed, `settlement_time` the settlement it applies to.
 * Docs: https://www.htx.com/en-us/opend/newApiPages/?id=5d515a03-77b6-11ed-9966-0242ac110003,
 * https://huobiapi.github.io/docs/usdt_swap/v1/en/ ("[General] Subscribe funding rate (no authentication)")
 * @example {"op":"notify","topic":"public.BTC-USDT.funding_rate","ts":1606780803260,"data":[{"symbol":"BTC","contract_code":"BTC-USDT","fee_asset":"USDT","funding_time":"1606780800000","funding_rate":"0.000100000000000000","estimated_rate":"0.000236636095370214","settlement_time":"1606780800000"}]}
 */
export interface HtxFundingRow {
  symbol: string;
  contract_code: string;
  fee_asset: string;
  funding_time: string;
  funding_rate: string;
  estimated_rate: string | null;
  settlement_time: string;
}

/**
 * `public.$contract_code.liquidation_orders` on the notification socket. `direction` is the side of the liquidation
 * order (a long being closed is `sell`), `volume` contracts, `amount` coins, `trade_turnover` quote, `price` the
 * bankruptcy price.
 * Docs: https://www.htx.com/en-us/opend/newApiPages/?id=8cb7e25d-77b5-11ed-9966-0242ac110003
 * @example {"op":"notify","topic":"public.BTC-USDT.liquidation_orders","ts":1608226502344,"data":[{"symbol":"BTC","contract_code":"BTC-USDT","direction":"sell","offset":"close","volume":227.0,"price":23350.5,"created_at":1608226502284,"amount":0.227,"trade_turnover":5300.5635}]}
 */
export interface HtxLiquidationRow {
  symbol: string;
  contract_code: string;
  direction: "buy" | "sell";
  offset: string;
  volume: number;
  price: number;
  created_at: number;
  amount?: number;
  trade_turnover?: number;
}

// ── REST ───────────────────────────────────────────────────────────────────────────────────────────────────────

/**
 * Every REST answer: `status` `ok` or `error`. Spot errors use `err-code`/`err-msg`, contract errors
 * `err_code`/`err_msg`.
 * Docs: https://huobiapi.github.io/docs/spot/v1/en/ ("Response Format"), https://huobiapi.github.io/docs/usdt_swap/v1/en/
 * @example {"status":"error","err-code":"invalid-parameter","err-msg":"invalid symbol","data":null}
 * @example {"status":"error","err_code":1014,"err_msg":"This contract doesn't exist.","ts":1603707576468}
 */
export interface HtxRestEnvelope {
  status: "ok" | "error";
  ts?: number | string;
  "err-code"?: string;
  "err-msg"?: string;
  err_code?: number;
  err_msg?: string;
}

/**
 * Spot symbols: `GET /v2/settings/common/symbols`. `sc` is the symbol, `tpp`/`tap` the price and amount decimals,
 * `state` one of unknown, not-online, pre-online, online, suspend, offline, transfer-board, fuse; `te` trade enabled.
 * Docs: https://huobiapi.github.io/docs/spot/v1/en/ ("Get all Supported Trading Symbol(V2)")
 * @example {"tags":"","state":"online","wr":"1.5","sc":"ethusdt","bcdn":"ETH","qcdn":"USDT","tpp":2,"tap":4,"fp":8,"te":true,"sp":"main","bc":"eth","qc":"usdt","toa":1514779200000,"ttp":8,"w":999400000,"lr":5,"dn":"ETH/USDT"}
 */
export interface HtxSpotSymbol {
  sc: string;
  bc: string;
  qc: string;
  state: string;
  te?: boolean;
  tpp: number;
  tap: number;
  dn?: string;
}

/**
 * Contract list: `GET /linear-swap-api/v1/swap_contract_info?business_type=all` (USDT-margined swaps and futures),
 * `GET /swap-api/v1/swap_contract_info` (coin-margined swaps). `contract_status` 1 is listed and trading;
 * `delivery_date` is `YYYYMMDD` for futures and empty for swaps; `contract_size` is coins (USD on coin-margined).
 * Docs: https://huobiapi.github.io/docs/usdt_swap/v1/en/ ("[General] Query Swap Info")
 * @example {"symbol":"BTC","contract_code":"BTC-USDT","contract_size":0.001,"price_tick":0.1,"delivery_date":"","delivery_time":"","create_date":"20201021","contract_status":1,"settlement_date":"1603728000000","support_margin_mode":"all","business_type":"swap","pair":"BTC-USDT","contract_type":"swap","trade_partition":"USDT"}
 */
export interface HtxContractInfo {
  symbol: string;
  contract_code: string;
  contract_size: number;
  price_tick: number;
  delivery_date?: string;
  contract_status: number;
  business_type?: "swap" | "futures";
  pair?: string;
  contract_type?: string;
  trade_partition?: string;
}

/**
 * 24 h ticker: `GET /market/detail/merged?symbol=` (spot, numbers) and `GET /linear-swap-ex/market/detail/merged`,
 * `/swap-ex/market/detail/merged?contract_code=` (contracts, decimal text, `ts` in the tick).
 * Docs: https://huobiapi.github.io/docs/spot/v1/en/ ("Get Latest Aggregated Ticker"),
 * https://huobiapi.github.io/docs/usdt_swap/v1/en/ ("[General] Get Market Data Overview")
 * @example {"ch":"market.btcusdt.detail.merged","status":"ok","ts":1629788763750,"tick":{"id":272156789143,"version":272156789143,"open":50080,"close":49820.92,"low":48767,"high":50500,"amount":12055.365781937457,"vol":598561868.5709001,"count":420573,"bid":[49819.48,2.58112],"ask":[49819.49,0.002411]}}
 */
export interface HtxMergedTicker {
  ch: string;
  ts: number;
  tick: {
    open: number | string;
    close: number | string;
    high: number | string;
    low: number | string;
    amount: number | string;
    vol: number | string;
    trade_turnover?: number | string;
    bid?: [number, number];
    ask?: [number, number];
    ts?: number;
  };
}

/**
 * Book snapshot: `GET /market/depth?symbol=&type=step0` (150 levels unless `depth` 5, 10 or 20),
 * `GET /linear-swap-ex/market/depth?contract_code=&type=step0`. Its `version` is not the socket's `seqNum` or
 * `version`, so the snapshot carries no sequence.
 * Docs: https://huobiapi.github.io/docs/spot/v1/en/ ("Get Market Depth")
 * @example {"ch":"market.btcusdt.depth.step0","status":"ok","ts":1629790438801,"tick":{"ts":1629790438215,"version":136107114472,"bids":[[49790.87,0.779876],[49785.9,0.000182]],"asks":[[49790.88,2.980472],[49790.89,0.006613]]}}
 */
export interface HtxDepthSnapshot {
  ch: string;
  ts: number;
  tick: { ts: number; version: number; bids: [number, number][]; asks: [number, number][] };
}

/**
 * Recent trades, newest first, grouped by taker order: `GET /market/history/trade?symbol=&size=` (spot rows name the
 * trade id `trade-id`), `GET /linear-swap-ex/market/history/trade?contract_code=&size=` (contract rows: `id`).
 * Docs: https://huobiapi.github.io/docs/spot/v1/en/ ("Get the Most Recent Trades")
 * @example {"ch":"market.btcusdt.trade.detail","status":"ok","ts":1629793657842,"data":[{"id":136108764379,"ts":1629793656939,"data":[{"id":1.361087643793484e+26,"ts":1629793656939,"trade-id":102517381182,"amount":0.000124,"price":49656.4,"direction":"buy"}]}]}
 */
export interface HtxHistoryTrades {
  ch: string;
  data: Array<{
    id: number;
    ts: number;
    data: Array<{
      id: number;
      "trade-id"?: number;
      ts: number;
      amount: number;
      price: number;
      direction: string;
      quantity?: number;
    }>;
  }>;
}

/**
 * Klines: `GET /market/history/kline?symbol=&period=&size=` (spot: newest `size` only, newest first),
 * `GET /linear-swap-ex/market/history/kline?contract_code=&period=&size=|from=&to=` (seconds).
 * Docs: https://huobiapi.github.io/docs/spot/v1/en/ ("Get Klines(Candles)")
 * @example {"ch":"market.btcusdt.kline.5min","status":"ok","ts":1629769247172,"data":[{"id":1629769200,"open":49056.37,"close":49025.51,"low":49022.86,"high":49056.38,"amount":3.946281917950917,"vol":193489.67275732,"count":196}]}
 */
export interface HtxHistoryKlines {
  ch: string;
  data: HtxKlineTick[];
}

/**
 * Settled funding, newest first, paged: `GET /linear-swap-api/v1/swap_historical_funding_rate?contract_code=
 * &page_index=&page_size=` (page size at most 50), `/swap-api/v1/swap_historical_funding_rate`.
 * Docs: https://huobiapi.github.io/docs/usdt_swap/v1/en/ ("[General] Query historical funding rate")
 * @example {"status":"ok","data":{"total_page":4,"current_page":1,"total_size":4,"data":[{"avg_premium_index":"0.000683","funding_rate":"0.000100000000000000","realized_rate":"0.000100000000000000","funding_time":"1603872000000","contract_code":"BTC-USDT","symbol":"BTC","fee_asset":"USDT"}]},"ts":1603873004573}
 */
export interface HtxFundingHistory {
  data: {
    total_page: number;
    current_page: number;
    data: Array<{ funding_rate: string; funding_time: string; contract_code: string }>;
  };
  ts: number;
}

/**
 * Open interest: `GET /linear-swap-api/v1/swap_open_interest?contract_code=` (`volume` contracts, `amount` coins,
 * `value` USDT), `/swap-api/v1/swap_open_interest` (no `value`).
 * Docs: https://huobiapi.github.io/docs/usdt_swap/v1/en/ ("[General] Get Swap Open Interest Information")
 * @example {"status":"ok","data":[{"volume":7192610.0,"amount":7192.61,"symbol":"BTC","value":93693412.4342,"contract_code":"BTC-USDT","trade_amount":0,"trade_volume":0,"trade_turnover":0,"business_type":"swap","pair":"BTC-USDT","contract_type":"swap"}],"ts":1603697102434}
 */
export interface HtxOpenInterest {
  data: Array<{ volume: number; amount: number; value?: number; contract_code: string }>;
  ts: number;
}
