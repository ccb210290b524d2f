/**
 * POV (percentage of volume): trade a target fraction of the market's volume as it prints.
 *
 * At each bar close t inside the horizon the strategy has seen the volume V_i of every bar i that
 * closed since the start (a bar straddling the start or end counts pro rata for the part inside
 * [start, end]). It sends the child that brings filled + in flight up to
 *   target(t) = rate · Σ_i V_i · overlap_i,     capped at the parent quantity,
 * so it trades about rate × each bar's volume, one bar behind (it cannot see a bar's volume before
 * the bar closes), and makes up shortfalls (cap, limit) at the next bar. It stops when the parent is
 * done or the horizon ends; whatever is left is left unfilled.
 *
 * `rate` is a fraction of the market's historical volume, which does not include the simulated
 * trader's own fills (rate r of market volume is r/(1+r) of market-plus-own volume).
 *
 * Parameters (defaults): rate (0.1 = 10%), minChildQty (0: smaller children are deferred until
 * they reach it, except at the last bar), limitPrice (0 = none).
 * Limitations: bar-level reaction (a real POV algo reacts to trade prints); with latency the
 * child trades in the next bar, so realised participation per bar can differ from `rate`.
 */
import { defineStrategy, ExecsimError, submitToTarget } from "../src/strategy.js";

export interface PovParams {
  rate: number;
  minChildQty: number;
  limitPrice: number;
}

export const pov = defineStrategy<PovParams>({
  name: "pov",
  description: "trades a target fraction of each bar's volume until done or the horizon ends",
  defaults: { rate: 0.1, minChildQty: 0, limitPrice: 0 },
  validate: (p) => {
    if (!(p.rate > 0 && p.rate <= 1))
      throw new ExecsimError(
        "INVALID_CONFIG",
        `pov rate must be in (0, 1] (e.g. 0.1 for 10% of volume), got ${p.rate}`,
      );
    if (!(p.minChildQty >= 0))
      throw new ExecsimError("INVALID_CONFIG", `pov minChildQty must be >= 0, got ${p.minChildQty}`);
    if (!(p.limitPrice >= 0))
      throw new ExecsimError("INVALID_CONFIG", `pov limitPrice must be >= 0 (0 = none), got ${p.limitPrice}`);
  },
  create: (p) => {
    let seenVolume = 0;
    return {
      start() {
        seenVolume = 0;
      },
      onBar(ctx, bar) {
        const par = ctx.parent;
        const iMs = bar.closeTimeMs - bar.openTimeMs;
        const overlap = (Math.min(bar.closeTimeMs, par.endMs) - Math.max(bar.openTimeMs, par.startMs)) / iMs;
        if (overlap > 0) seenVolume += bar.volume * overlap;
        const target = Math.min(par.qtyBase, p.rate * seenVolume);
        const sent = par.filledQtyBase + par.pendingQtyBase;
        const last = bar.closeTimeMs + iMs > par.endMs;
        if (target - sent < p.minChildQty && !last) return;
        submitToTarget(ctx, target, { tag: `bar-${bar.index}`, limitPrice: p.limitPrice });
      },
    };
  },
});

export default pov;
