/**
 * Almgren-Chriss coefficients fitted to parent-level costs and markouts, in the units of the library's
 * linear impact (linear-impact.ts) and of the almgren-chriss venue (parametric-venues.ts): prices in
 * quote per base, quantities in base units, time in DAYS.
 *
 * For a parent with fills q_j (base, all one side), F = Σ q_j, duration T (days; at least one bar) and
 * arrival price A, the AC model prices each fill at A + γ·Q_<j + ε + η·v (permanent impact of what was
 * traded before it, fixed cost, temporary impact of the trading rate v = F/T), so its cost per unit is
 *
 *   y = c·A = ε + γ·E + η·v,     E = Σ_j q_j·Q_<j / F   (base units: the quantity traded before the
 *                                                       average unit; F(N−1)/(2N) for N equal slices)
 *
 * γ (permanent, price per base unit) from the markout that stays: the displacement the parent left at the
 * longest markout horizon with data, d·A = γ·F (least squares through the origin over parents); then ε
 * and η (temporary, price per base unit per base/day) by least squares of y − γ̂·E on [1, v]. Without
 * markouts, γ comes from the joint regression y = ε + γE + ηv. Standard errors are classical OLS; the
 * second stage treats γ̂ as known (its uncertainty is reported separately as gammaSE).
 * Conversion to the venue: the fit is already in the venue's units (c·A turns the cost fraction into
 * quote per base; T in ms is divided by 86 400 000), and the venue charges η on a child's rate q/τ
 * (τ = one bar), which equals the parent's rate F/T when the parent trades one child per bar.
 * Source: Almgren & Chriss (2000) for the model; Almgren, Thum, Hauptmann & Li (2005), "Direct
 * estimation of equity market impact" for fitting the permanent part from the price that stays after the
 * order and the temporary part from cost against trading rate. Limitations: linear impact; one rate
 * per parent (uneven schedules blur η); with a desk's fills the market's own move since arrival is in
 * both the cost and the markout (noise, not bias, when orders do not predict returns).
 */
import { DAY_MS } from "../core/interval.js";
import type { CalibrationPoint } from "./calibration-points.js";
import type { KindFit, KindFitter } from "./kind-fit.js";
import { leastSquares } from "./least-squares.js";

/** E = Σ q_j·Q_<j / F and v = F / T of a point (base units; base per day). */
export function acRegressors(p: CalibrationPoint): { exposure: number; rate: number; filled: number } {
  let before = 0;
  let e = 0;
  for (const f of p.fills) {
    const q = Math.abs(f.qty);
    e += q * before;
    before += q;
  }
  const tDays = Math.max(p.endMs - p.startMs, p.barMs) / DAY_MS;
  return { exposure: before > 0 ? e / before : 0, rate: before / tDays, filled: before };
}

/** The displacement left at the longest horizon with data (fraction of A), or NaN. */
export function lastingMarkout(p: CalibrationPoint): { move: number; horizonMs: number } {
  const m = p.markouts ?? [];
  for (let i = m.length - 1; i >= 0; i--)
    if (Number.isFinite(m[i]!.move)) return { move: m[i]!.move, horizonMs: m[i]!.horizonMs };
  return { move: Number.NaN, horizonMs: Number.NaN };
}

export const acFitter: KindFitter = {
  minPoints: 4,
  errorUnit: "cost, fraction of the arrival price",
  fit(points: readonly CalibrationPoint[]): KindFit {
    const reg = points.map(acRegressors);
    const y = points.map((p) => p.cost * p.arrivalPrice);
    const lasting = points.map(lastingMarkout);
    const withMarkout = points.map((_, i) => i).filter((i) => Number.isFinite(lasting[i]!.move));
    let gamma: number;
    let gammaSE: number;
    let epsilon: number;
    let epsilonSE: number;
    let eta: number;
    let etaSE: number;
    let r2: number;
    let rss: number;
    const fromMarkouts = withMarkout.length >= 2;
    if (fromMarkouts) {
      const g = leastSquares(
        withMarkout.map((i) => [reg[i]!.filled]),
        withMarkout.map((i) => lasting[i]!.move * points[i]!.arrivalPrice),
      );
      gamma = g.beta[0]!;
      gammaSE = g.se[0]!;
      const t = leastSquares(
        reg.map((r) => [1, r.rate]),
        y.map((v, i) => v - gamma * reg[i]!.exposure),
      );
      [epsilon, eta] = t.beta as [number, number];
      [epsilonSE, etaSE] = t.se as [number, number];
      r2 = t.r2;
      rss = t.rss;
    } else {
      const j = leastSquares(
        reg.map((r) => [1, r.exposure, r.rate]),
        y,
      );
      [epsilon, gamma, eta] = j.beta as [number, number, number];
      [epsilonSE, gammaSE, etaSE] = j.se as [number, number, number];
      r2 = j.r2;
      rss = j.rss;
    }
    const predictCost = (p: CalibrationPoint) => {
      const r = acRegressors(p);
      return (epsilon + gamma * r.exposure + eta * r.rate) / p.arrivalPrice;
    };
    const refPrice = points.reduce((s, p) => s + p.arrivalPrice, 0) / points.length;
    const horizons = withMarkout.map((i) => lasting[i]!.horizonMs);
    return {
      params: { eta, gamma },
      standardErrors: { eta: etaSE, gamma: gammaSE },
      stats: {
        n: points.length,
        r2,
        epsilon,
        epsilonSE,
        gammaFromMarkouts: fromMarkouts ? 1 : 0,
        markoutHorizonMs: horizons.length > 0 ? Math.min(...horizons) : Number.NaN,
        refPrice,
      },
      rss,
      nParams: 3,
      nObs: points.length,
      predictCost,
      errors: (test) => test.map((p) => predictCost(p) - p.cost),
    };
  },
};
