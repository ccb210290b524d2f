/**
 * Adaptive: start from the Almgren-Chriss (IS) trajectory and trade faster or slower on the
 * volatility and spread observed during the execution.
 *
 * At slice k < N−1 the AC plan would trade the fraction φ_k = (x_k − x_{k+1}) / x_k of what is
 * still to do (x: AC holdings, see almgren-chriss.ts). The adaptive child is
 *   q_k = R_k · min(1, φ_k · f_k),     f_k = clamp( (σ_now/σ_0)^a · (s_now/s_0)^(−b), fMin, fMax )
 * where R_k is the quantity not yet filled or in flight, σ_now the realized volatility of the last
 * `volWindowBars` closed bars (root mean square of close-to-close log returns), σ_0 the same
 * statistic over the `volWindowBars` bars before the start, s_now the relative half-spread
 * (half-spread / mid) observed now and s_0 the one observed at the start. Both references are taken at
 * the start, so f_0 = 1: the factor reacts to how the market CHANGES during the execution. (Measuring
 * σ_0 over the whole pre-start history instead mixes in the intraday volatility pattern: on the real
 * BTCUSDT month at 12:00 UTC it slowed the schedule from the first slice and left a median 12% (up to
 * 36%) of the parent to the last slice; with the trailing window, 1.8% (up to 17%), and spread + impact
 * 3.29 bps instead of 3.37 — TWAP 3.31, IS 3.28.) The last slice sends everything left.
 * With f_k = 1 at every slice and full fills this is exactly the AC schedule.
 *
 * Direction (documented and tested): higher volatility than before the start → trade faster
 * (waiting carries more price risk; in AC the urgency κ grows with σ); a wider spread than at the
 * start → trade slower (each unit costs more now; the deferred quantity is spread over later
 * slices because φ applies to what remains).
 *
 * Parameters (defaults): the IS parameters (lambda 1e-6, sigma/eta/gamma −1 = estimate, sliceMs 0,
 * slices 0, limitPrice 0), volWindowBars (30), volExponent a (1), spreadExponent b (1),
 * minSpeed fMin (0.25), maxSpeed fMax (4).
 * Limitations: reacts to bar-level volatility with a lag of up to volWindowBars; with λ = 0 the
 * base plan is TWAP and only the speed factor moves it; no price-level (mean-reversion) signal.
 */
import {
  ALMGREN_CHRISS_PLAN_DEFAULTS,
  type AlmgrenChrissPlan,
  type AlmgrenChrissPlanParams,
  defineStrategy,
  ExecsimError,
  type MarketView,
  planAlmgrenChriss,
  type StrategyContext,
  validateAlmgrenChrissPlanParams,
} from "../src/strategy.js";

export interface AdaptiveParams extends AlmgrenChrissPlanParams {
  volWindowBars: number;
  volExponent: number;
  spreadExponent: number;
  minSpeed: number;
  maxSpeed: number;
}

/** RMS of close-to-close log returns over bars [from, to) of the view (NaN with < 2 returns). */
export function rmsLogReturn(m: MarketView, from: number, to: number): number {
  let s = 0;
  let n = 0;
  for (let i = Math.max(1, from); i < to; i++) {
    const r = Math.log(m.close(i) / m.close(i - 1));
    s += r * r;
    n++;
  }
  return n >= 2 ? Math.sqrt(s / n) : Number.NaN;
}

export const adaptive = defineStrategy<AdaptiveParams>({
  name: "adaptive",
  description: "Almgren-Chriss schedule sped up on high volatility and slowed down on wide spreads",
  defaults: {
    ...ALMGREN_CHRISS_PLAN_DEFAULTS,
    volWindowBars: 30,
    volExponent: 1,
    spreadExponent: 1,
    minSpeed: 0.25,
    maxSpeed: 4,
  },
  validate: (p) => {
    validateAlmgrenChrissPlanParams("adaptive", p);
    if (!(Number.isInteger(p.volWindowBars) && p.volWindowBars >= 3))
      throw new ExecsimError(
        "INVALID_CONFIG",
        `adaptive volWindowBars must be a whole number >= 3, got ${p.volWindowBars}`,
      );
    if (!(p.minSpeed > 0 && p.maxSpeed >= p.minSpeed))
      throw new ExecsimError(
        "INVALID_CONFIG",
        `adaptive needs 0 < minSpeed <= maxSpeed, got ${p.minSpeed} and ${p.maxSpeed}`,
      );
    if (!(Number.isFinite(p.volExponent) && Number.isFinite(p.spreadExponent)))
      throw new ExecsimError(
        "INVALID_CONFIG",
        "adaptive volExponent and spreadExponent must be finite numbers",
      );
  },
  create: (p) => {
    let plan: AlmgrenChrissPlan | undefined;
    let k = 0;
    let vol0 = Number.NaN;
    let spread0 = Number.NaN;

    const speed = (ctx: StrategyContext): number => {
      const m = ctx.market;
      let f = 1;
      const volNow = rmsLogReturn(m, m.length - p.volWindowBars, m.length);
      if (vol0 > 0 && volNow > 0) f *= (volNow / vol0) ** p.volExponent;
      const spreadNow = m.halfSpread() / m.mid();
      if (spread0 > 0 && spreadNow > 0) f *= (spreadNow / spread0) ** -p.spreadExponent;
      return Math.min(p.maxSpeed, Math.max(p.minSpeed, f));
    };

    const fire = (ctx: StrategyContext): void => {
      const pl = plan!;
      const n = pl.timesMs.length;
      const rest = ctx.parent.unscheduledQtyBase;
      let qty = rest;
      if (k < n - 1) {
        const xk = pl.holdingFractions[k]!;
        const phi = xk > 0 ? (xk - pl.holdingFractions[k + 1]!) / xk : 1;
        qty = rest * Math.min(1, phi * speed(ctx));
      }
      if (qty > ctx.parent.qtyBase * 1e-12) {
        ctx.submit({
          qtyBase: qty,
          tag: `slice-${k}`,
          limitPrice: p.limitPrice > 0 ? p.limitPrice : undefined,
        });
      }
      k++;
      if (k < n) ctx.setTimer(pl.timesMs[k]!, "adaptive");
    };

    return {
      start(ctx) {
        plan = planAlmgrenChriss(ctx, p);
        const m = ctx.market;
        vol0 = rmsLogReturn(m, m.length - p.volWindowBars, m.length);
        spread0 = m.halfSpread() / m.mid();
        k = 0;
        fire(ctx);
      },
      onTimer(ctx) {
        fire(ctx);
      },
    };
  },
});

export default adaptive;
