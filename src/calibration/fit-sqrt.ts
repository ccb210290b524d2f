/**
 * Square-root law fitted to parent-level costs (the library's convention, square-root-impact.ts: the
 * law predicts the cost of the parent's average fill against the arrival price):
 *
 *   c = η · σ · (|Q| / V)^δ        c the parent's cost (fraction of A), σ daily realized volatility and
 *                                  V the ADV over the day before the start, Q the filled quantity
 *
 * OLS: log-linear least squares with classical standard errors (impact/square-root-calibration.ts:
 * y = ln(c/σ) = ln η + δ·ln(|Q|/V); SE(η) = η·SE(ln η) by the delta method). Parents with c = 0 have no
 * logarithm and are left out; a negative cost (a price improvement) enters with |c| and is counted in
 * `oppositeSign`.
 * Robust variant: Huber M-estimation by iteratively reweighted least squares on the same log-linear
 * regression (tuning k = 1.345 on residuals scaled by MAD/0.6745; weights w = min(1, k/|u|); at most
 * 50 iterations). Chosen over Theil-Sen because it keeps 95 % of OLS's efficiency under normal log
 * errors, extends to the intercept and the slope at once, and costs O(n) per iteration where Theil-Sen
 * costs O(n²) pairs; it bounds the pull of the few parents whose cost is tiny or noisy (common: a log
 * turns a near-zero cost into a huge negative y). Its SEs are the final weighted fit's.
 * Units: η dimensionless, δ dimensionless. Source: price-impact-ml-chapter (seed), "Calibration via
 * Log-Linearization"; Huber (1964), "Robust estimation of a location parameter".
 * Limitations: the log fit estimates the median cost (the mean is e^{s²/2} higher); for a desk's fills
 * the cost includes the spread and the market's move (calibration-points.ts), which flatten δ for small
 * orders; errors assumed homoscedastic in logs.
 */
import { calibrateSquareRoot } from "../impact/square-root-calibration.js";
import { squareRootFraction } from "../impact/square-root-impact.js";
import type { CalibrationPoint } from "./calibration-points.js";
import type { KindFit, KindFitter } from "./kind-fit.js";
import { leastSquares } from "./least-squares.js";

const HUBER_K = 1.345;

function logRows(points: readonly CalibrationPoint[]): { rows: number[][]; y: number[] } {
  const rows: number[][] = [];
  const y: number[] = [];
  for (const p of points) {
    const q = Math.abs(p.qty);
    if (q > 0 && p.cost !== 0 && p.adv > 0 && p.sigmaDaily > 0 && Number.isFinite(p.cost)) {
      rows.push([1, Math.log(q / p.adv)]);
      y.push(Math.log(Math.abs(p.cost) / p.sigmaDaily));
    }
  }
  return { rows, y };
}

function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

/** Huber IRLS of the log-linear regression: ln η, δ and their SEs. */
export function huberLogLinear(rows: number[][], y: number[]) {
  let fit = leastSquares(rows, y);
  for (let it = 0; it < 50; it++) {
    const res = y.map((v, i) => v - fit.beta[0]! - fit.beta[1]! * rows[i]![1]!);
    const scale = median(res.map(Math.abs)) / 0.6745;
    if (!(scale > 0)) break;
    const w = res.map((e) => Math.min(1, HUBER_K / Math.abs(e / scale)));
    const next = leastSquares(rows, y, w);
    const moved = Math.abs(next.beta[0]! - fit.beta[0]!) + Math.abs(next.beta[1]! - fit.beta[1]!);
    fit = next;
    if (moved < 1e-10) break;
  }
  return fit;
}

export const sqrtFitter: KindFitter = {
  minPoints: 3,
  errorUnit: "cost, fraction of the arrival price",
  fit(points: readonly CalibrationPoint[]): KindFit {
    const cal = calibrateSquareRoot(
      points.map((p) => ({ qty: Math.abs(p.qty), volume: p.adv, sigma: p.sigmaDaily, impact: p.cost })),
    );
    const { rows, y } = logRows(points);
    const robust = huberLogLinear(rows, y);
    const etaRobust = Math.exp(robust.beta[0]!);
    const eta = cal.eta;
    const delta = cal.delta;
    const predictCost = (p: CalibrationPoint) =>
      squareRootFraction(p.sigmaDaily, eta, delta, Math.abs(p.qty), p.adv);
    return {
      params: { eta, delta },
      standardErrors: { eta: cal.etaSE, delta: cal.deltaSE },
      stats: {
        n: cal.n,
        r2: cal.r2,
        residualStd: cal.residualStd,
        excluded: cal.excluded,
        oppositeSign: cal.oppositeSign,
        etaRobust,
        etaRobustSE: etaRobust * robust.se[0]!,
        deltaRobust: robust.beta[1]!,
        deltaRobustSE: robust.se[1]!,
      },
      rss: cal.residualStd ** 2 * (cal.n - 2),
      nParams: 2,
      nObs: cal.n,
      predictCost,
      errors: (test) => test.map((p) => predictCost(p) - p.cost),
    };
  },
};
