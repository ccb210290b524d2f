/**
 * TWAP: trade the parent in equal slices at equal time steps over the horizon.
 *
 * Schedule: N = ceil(horizon / sliceMs) slices at t_k = start + k·sliceMs, k = 0..N−1. Each slice
 * is s = Q/N, rounded down to a multiple of `lotSize` when one is given; the last slice takes the
 * remainder Q − (N−1)·s (so the slices sum to Q exactly). With `slices` > 0 the horizon is cut into
 * that many slices instead (sliceMs = horizon / slices).
 *
 * Catch-up (default on): at slice k the child is sized to bring the quantity filled or in flight
 * up to the cumulative target s·(k+1) (Q at the last slice), so a slice cut by the participation
 * cap or a limit is made up later; off, every child is exactly its planned slice.
 *
 * Parameters (defaults): sliceMs (0 = the bar interval), slices (0 = from sliceMs), lotSize (0 = no
 * rounding), catchUp (true), limitPrice (0 = none; the parent's limit always applies).
 * Limitations: slices are submitted at fixed times whatever the market does; a child submitted so
 * that it arrives after the horizon end is rejected by the engine (keep latency < sliceMs).
 */
import {
  defineStrategy,
  ExecsimError,
  type StrategyContext,
  sliceGrid,
  sliceTag,
  submitToTarget,
} from "../src/strategy.js";

export interface TwapParams {
  sliceMs: number;
  slices: number;
  lotSize: number;
  catchUp: boolean;
  limitPrice: number;
}

/** The planned slice sizes for qty over n slices: equal, lot-rounded, remainder in the last. */
export function twapSlices(qty: number, n: number, lotSize = 0): number[] {
  if (!(Number.isInteger(n) && n >= 1)) {
    throw new ExecsimError("INVALID_ARGUMENT", `TWAP needs a whole number of slices >= 1, got ${n}`);
  }
  let s = qty / n;
  if (lotSize > 0) s = Math.floor(s / lotSize + 1e-9) * lotSize;
  const out = new Array<number>(n).fill(s);
  out[n - 1] = qty - s * (n - 1);
  return out;
}

export const twap = defineStrategy<TwapParams>({
  name: "twap",
  description: "equal slices at equal time steps over the horizon, remainder in the last slice",
  defaults: { sliceMs: 0, slices: 0, lotSize: 0, catchUp: true, limitPrice: 0 },
  validate: (p) => {
    if (!(p.sliceMs >= 0 && Number.isFinite(p.sliceMs)))
      throw new ExecsimError(
        "INVALID_CONFIG",
        `twap sliceMs must be >= 0 (0 = bar interval), got ${p.sliceMs}`,
      );
    if (!(Number.isInteger(p.slices) && p.slices >= 0))
      throw new ExecsimError("INVALID_CONFIG", `twap slices must be a whole number >= 0, got ${p.slices}`);
    if (!(p.lotSize >= 0))
      throw new ExecsimError("INVALID_CONFIG", `twap lotSize must be >= 0, got ${p.lotSize}`);
    if (!(p.limitPrice >= 0))
      throw new ExecsimError(
        "INVALID_CONFIG",
        `twap limitPrice must be >= 0 (0 = none), got ${p.limitPrice}`,
      );
  },
  create: (p) => {
    let times: number[] = [];
    let cum: number[] = [];
    let sizes: number[] = [];
    let k = 0;

    const limitPrice = p.limitPrice > 0 ? p.limitPrice : undefined;
    const opts = { tag: "", limitPrice }; // reused for every slice (submitToTarget only reads it)
    const fire = (ctx: StrategyContext): void => {
      opts.tag = sliceTag(k);
      if (p.catchUp) submitToTarget(ctx, cum[k]!, opts);
      else if (sizes[k]! > 0) ctx.submit({ qtyBase: sizes[k]!, tag: sliceTag(k), limitPrice });
      k++;
      if (k < times.length) ctx.setTimer(times[k]!, "twap");
    };

    return {
      start(ctx) {
        const par = ctx.parent;
        const grid = sliceGrid(par.startMs, par.horizonMs, {
          sliceMs: p.sliceMs,
          slices: p.slices,
          barIntervalMs: ctx.market.intervalMs,
        });
        const n = grid.n;
        sizes = twapSlices(par.qtyBase, n, p.lotSize);
        times = [...grid.timesMs];
        let acc = 0;
        cum = sizes.map((s, i) => {
          acc += s;
          return i === n - 1 ? par.qtyBase : acc;
        });
        k = 0;
        fire(ctx);
      },
      onTimer(ctx) {
        fire(ctx);
      },
    };
  },
});

export default twap;
