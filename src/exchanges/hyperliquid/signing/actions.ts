// Builders of HyperLiquid /exchange actions in the exact key order of the official Python SDK (exchange.py,
// utils/signing.py): orders (limit, trigger/TP-SL, client order ids, builder fee), cancel, cancelByCloid, modify,
// batchModify, scheduleCancel, updateLeverage, updateIsolatedMargin. Key order matters: the action is msgpack'd as built.
// Docs: https://hyperliquid.gitbook.io/hyperliquid-docs/for-developers/api/exchange-endpoint

import { Dig3Error } from "../../../core/index.ts";
import { floatToUsdInt, floatToWire } from "./action-hash.ts";

export type Tif = "Alo" | "Ioc" | "Gtc";
export type Tpsl = "tp" | "sl";
export type Grouping = "na" | "normalTpsl" | "positionTpsl";

export type OrderType =
  | { limit: { tif: Tif } }
  | { trigger: { triggerPx: number; isMarket: boolean; tpsl: Tpsl } };

/** One order as a caller states it; `asset` is the venue's asset id (perp index, 10000 + spot index, HIP-3 ids). */
export interface OrderRequest {
  asset: number;
  isBuy: boolean;
  size: number;
  limitPx: number;
  orderType: OrderType;
  reduceOnly?: boolean;
  /** Client order id: `0x` + 32 hex digits (16 bytes). */
  cloid?: string;
}

export interface OrderWire {
  a: number;
  b: boolean;
  p: string;
  s: string;
  r: boolean;
  t: { limit: { tif: Tif } } | { trigger: { isMarket: boolean; triggerPx: string; tpsl: Tpsl } };
  c?: string;
}

const CLOID_RE = /^0x[0-9a-fA-F]{32}$/;

/** A client order id as the SDK's `Cloid.to_raw()` sends it; throws unless it is 16 bytes of hex. */
export function toCloid(cloid: string): string {
  if (!CLOID_RE.test(cloid)) {
    throw new Dig3Error("E_BAD_INPUT", `'${cloid}' is not a client order id`, {
      hint: "a cloid is 0x followed by 32 hex digits (16 bytes)",
    });
  }
  return cloid;
}

export function orderTypeWire(orderType: OrderType): OrderWire["t"] {
  if ("limit" in orderType) return { limit: { tif: orderType.limit.tif } };
  const { trigger } = orderType;
  return {
    trigger: { isMarket: trigger.isMarket, triggerPx: floatToWire(trigger.triggerPx), tpsl: trigger.tpsl },
  };
}

/** `order_request_to_order_wire`: a, b, p, s, r, t, then c when there is a cloid. */
export function orderWire(order: OrderRequest): OrderWire {
  const wire: OrderWire = {
    a: order.asset,
    b: order.isBuy,
    p: floatToWire(order.limitPx),
    s: floatToWire(order.size),
    r: order.reduceOnly ?? false,
    t: orderTypeWire(order.orderType),
  };
  if (order.cloid !== undefined) wire.c = toCloid(order.cloid);
  return wire;
}

/** `order_wires_to_order_action`: type, orders, grouping, then builder `{b, f}` when one takes a fee. */
export function orderAction(
  orders: readonly OrderRequest[],
  options: { grouping?: Grouping; builder?: { address: string; feeTenthsBps: number } } = {},
): Record<string, unknown> {
  const action: Record<string, unknown> = {
    type: "order",
    orders: orders.map(orderWire),
    grouping: options.grouping ?? "na",
  };
  if (options.builder)
    action.builder = { b: options.builder.address.toLowerCase(), f: options.builder.feeTenthsBps };
  return action;
}

export function cancelAction(cancels: readonly { asset: number; oid: number }[]): Record<string, unknown> {
  return { type: "cancel", cancels: cancels.map(({ asset, oid }) => ({ a: asset, o: oid })) };
}

export function cancelByCloidAction(
  cancels: readonly { asset: number; cloid: string }[],
): Record<string, unknown> {
  return {
    type: "cancelByCloid",
    cancels: cancels.map(({ asset, cloid }) => ({ asset, cloid: toCloid(cloid) })),
  };
}

/** The single-order `modify` action of the docs: type, oid (order id or cloid), order. */
export function modifyAction(oid: number | string, order: OrderRequest): Record<string, unknown> {
  return { type: "modify", oid: typeof oid === "string" ? toCloid(oid) : oid, order: orderWire(order) };
}

/** `bulk_modify_orders_new`: type batchModify, modifies [{oid, order}]. */
export function batchModifyAction(
  modifies: readonly { oid: number | string; order: OrderRequest }[],
): Record<string, unknown> {
  return {
    type: "batchModify",
    modifies: modifies.map(({ oid, order }) => ({
      oid: typeof oid === "string" ? toCloid(oid) : oid,
      order: orderWire(order),
    })),
  };
}

/** Dead man's switch: cancel all open orders at `timeMs`; without it, any scheduled cancel is unset. */
export function scheduleCancelAction(timeMs?: number): Record<string, unknown> {
  return timeMs === undefined ? { type: "scheduleCancel" } : { type: "scheduleCancel", time: timeMs };
}

export function updateLeverageAction(
  asset: number,
  leverage: number,
  isCross = true,
): Record<string, unknown> {
  return { type: "updateLeverage", asset, isCross, leverage };
}

/** `update_isolated_margin`: the USDC amount as a 6-decimal integer (`ntli`). */
export function updateIsolatedMarginAction(asset: number, amountUsd: number): Record<string, unknown> {
  return { type: "updateIsolatedMargin", asset, isBuy: true, ntli: floatToUsdInt(amountUsd) };
}
