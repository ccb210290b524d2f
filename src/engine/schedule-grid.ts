/**
 * The time grid that slice-based strategies (TWAP, IS, adaptive, VWAP) share: N slices at
 * t_k = start + k·step, k = 0..N−1.
 *
 * With `slices` > 0: N = slices and step = horizon / N. Otherwise step = sliceMs (or the bar
 * interval when sliceMs is 0) and N = ceil(horizon / step), so the last slice may cover less than a
 * full step. Units: ms.
 */
import { ExecsimError } from "../core/errors.js";
import type { StrategyContext } from "./strategy-api.js";

export interface SliceGrid {
  /** Number of slices N ≥ 1. */
  readonly n: number;
  /** Time between slices, ms. */
  readonly stepMs: number;
  /** t_k = startMs + k·stepMs. */
  readonly timesMs: readonly number[];
}

export function sliceGrid(
  startMs: number,
  horizonMs: number,
  opts: { sliceMs?: number; slices?: number; barIntervalMs: number },
): SliceGrid {
  const slices = opts.slices ?? 0;
  const sliceMs = opts.sliceMs ?? 0;
  if (!(horizonMs > 0))
    throw new ExecsimError("INVALID_ARGUMENT", `horizon must be > 0 ms, got ${horizonMs}`);
  if (!(Number.isInteger(slices) && slices >= 0))
    throw new ExecsimError(
      "INVALID_CONFIG",
      `slices must be a whole number >= 0 (0 = from sliceMs), got ${slices}`,
    );
  if (!(Number.isFinite(sliceMs) && sliceMs >= 0))
    throw new ExecsimError(
      "INVALID_CONFIG",
      `sliceMs must be >= 0 ms (0 = the bar interval), got ${sliceMs}`,
    );
  let n: number;
  let stepMs: number;
  if (slices > 0) {
    n = slices;
    stepMs = horizonMs / n;
  } else {
    stepMs = sliceMs > 0 ? sliceMs : opts.barIntervalMs;
    n = Math.max(1, Math.ceil(horizonMs / stepMs - 1e-9));
  }
  const timesMs = new Array<number>(n);
  for (let k = 0; k < n; k++) timesMs[k] = startMs + k * stepMs;
  return { n, stepMs, timesMs };
}

/**
 * The engine's own context implements this (parent-run.ts): `submit` without building the request
 * object and the child-id string that submitToTarget would throw away. Same checks, same record.
 */
export const SUBMIT_SLICE: unique symbol = Symbol("execsim.submitSlice");
interface SliceSubmitter {
  [SUBMIT_SLICE](qty: number, limitPrice: number | undefined, tag: string | undefined): void;
}

const SLICE_TAGS: string[] = [];
/** Slices whose tag string is kept for reuse (a bound on the cache, ~100 KB at most). */
const SLICE_TAG_CACHE = 4096;

/**
 * The tag "slice-<k>" for slice k. The strings for k < 4096 are made once per process and shared by
 * every parent order, so a strategy tagging each slice allocates nothing per slice.
 */
export function sliceTag(k: number): string {
  if (k >= SLICE_TAG_CACHE || !(k >= 0) || !Number.isInteger(k)) return `slice-${k}`;
  let t = SLICE_TAGS[k];
  if (t === undefined) {
    for (let j = SLICE_TAGS.length; j <= k; j++) SLICE_TAGS.push(`slice-${j}`);
    t = SLICE_TAGS[k]!;
  }
  return t;
}

/**
 * Send the child order that brings the quantity filled or in flight up to `cumTargetQty` (never
 * more than what is still unscheduled). Returns the quantity sent, 0 when already at or past the
 * target. This is the catch-up rule: a slice cut by the participation cap or a limit is made up
 * by the next call.
 */
export function submitToTarget(
  ctx: StrategyContext,
  cumTargetQty: number,
  opts: { tag?: string; limitPrice?: number } = {},
): number {
  const p = ctx.parent;
  const qty = Math.min(p.unscheduledQtyBase, cumTargetQty - (p.filledQtyBase + p.pendingQtyBase));
  if (!(qty > p.qtyBase * 1e-12)) return 0;
  const lp = opts.limitPrice;
  const limitPrice = lp !== undefined && lp > 0 ? lp : undefined;
  const fast = (ctx as Partial<SliceSubmitter>)[SUBMIT_SLICE];
  if (fast !== undefined) fast.call(ctx, qty, limitPrice, opts.tag);
  else ctx.submit({ qtyBase: qty, limitPrice, tag: opts.tag });
  return qty;
}
