/**
 * Implementation Shortfall (IS) after Almgren & Chriss (2000): trade along the optimal
 * trajectory for a risk aversion λ.
 *
 * Schedule: the slice grid of TWAP (N slices, step τ = sliceMs or the bar interval); holdings
 * x_j = X·sinh(κ(T − t_j))/sinh(κT) from `almgrenChrissSchedule` with T = N·τ in days and
 * κ from (2/τ²)(cosh κτ − 1) = λσ²/η̃, η̃ = η − γτ/2. Slice k (at t_k) trades n_{k+1} = x_k − x_{k+1};
 * the child is sized to bring filled + in flight up to the cumulative target X − x_{k+1} (catch-up,
 * as TWAP). A buy follows the same trajectory as a sell (the quantity still to buy plays x).
 *
 * Parameters (defaults): lambda (1e-6 per quote unit, the risk aversion of Almgren & Chriss's
 * example; it depends on the currency scale: λ·σ² must be comparable to η/T²), sigma, eta, gamma
 * (−1 = estimate with `almgrenChrissMarketParams` from the bars before the start and the mid and
 * half-spread observed at the start: σ = daily realized vol × price, η = spread/(1% ADV),
 * γ = spread/(10% ADV)), sliceMs (0 = bar interval), slices (0 = from sliceMs), catchUp (true),
 * limitPrice (0 = none).
 * λ = 0 gives κ = 0 and exactly the TWAP schedule (then nothing needs estimating). Larger λ
 * front-loads: more is traded early, cutting price risk at a higher impact cost.
 * Limitations: static schedule decided at the start (see adaptive.ts for a reactive variant);
 * linear impact; constant σ, η, γ over the horizon.
 */
import {
  ALMGREN_CHRISS_PLAN_DEFAULTS,
  type AlmgrenChrissPlan,
  type AlmgrenChrissPlanParams,
  defineStrategy,
  planAlmgrenChriss,
  type StrategyContext,
  sliceTag,
  submitToTarget,
  validateAlmgrenChrissPlanParams,
} from "../src/strategy.js";

export type AlmgrenChrissStrategyParams = AlmgrenChrissPlanParams;

export const almgrenChriss = defineStrategy<AlmgrenChrissPlanParams>({
  name: "almgren-chriss",
  description: "Implementation Shortfall: the Almgren-Chriss optimal trajectory for risk aversion lambda",
  defaults: ALMGREN_CHRISS_PLAN_DEFAULTS,
  validate: (p) => validateAlmgrenChrissPlanParams("almgren-chriss", p),
  create: (p) => {
    let plan: AlmgrenChrissPlan | undefined;
    let k = 0;
    const opts = { tag: "", limitPrice: p.limitPrice }; // reused for every slice (submitToTarget only reads it)
    const fire = (ctx: StrategyContext): void => {
      const pl = plan!;
      const target = p.catchUp
        ? pl.cumTargets[k]!
        : // without catch-up: planned slice on top of everything sent so far
          ctx.parent.filledQtyBase +
          ctx.parent.pendingQtyBase +
          (pl.cumTargets[k]! - (k > 0 ? pl.cumTargets[k - 1]! : 0));
      opts.tag = sliceTag(k);
      submitToTarget(ctx, target, opts);
      k++;
      if (k < pl.timesMs.length) ctx.setTimer(pl.timesMs[k]!, "ac");
    };
    return {
      start(ctx) {
        plan = planAlmgrenChriss(ctx, p);
        k = 0;
        fire(ctx);
      },
      onTimer(ctx) {
        fire(ctx);
      },
    };
  },
});

export default almgrenChriss;
