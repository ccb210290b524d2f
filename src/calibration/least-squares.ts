/**
 * Linear least squares with classical standard errors, the weighted variant the robust fits iterate,
 * and the F-test of pooled against per-group fits (Chow 1960) that the regime test reports.
 *
 *   OLS:  β̂ = (XᵀX)⁻¹Xᵀy,  s² = RSS/(n − p),  Cov(β̂) = s²(XᵀX)⁻¹,  R² = 1 − RSS/TSS (TSS about the
 *         mean of y when X has an intercept column, about 0 otherwise)
 *   WLS:  the same with XᵀWX and Xᵀ W y (weights w_i ≥ 0); RSS is Σ w_i e_i².
 *   Chow: F = ((RSS_pooled − Σ_k RSS_k) / ((K − 1)p)) / (Σ_k RSS_k / (n − Kp)),  F ~ F((K−1)p, n − Kp)
 *         under "the K groups share the coefficients" (normal errors, equal variances); p-value 1 − F_cdf.
 * Units: whatever X and y carry. Source: any econometrics text (e.g. Greene, Econometric Analysis, §5.5
 * for the Chow test). Limitations: homoscedastic errors assumed for the SEs and the F-test; for a
 * nonlinear model (the propagator's decay) the F-test is the usual large-sample approximation.
 */
import jstat from "jstat";
import { inverse, Matrix } from "ml-matrix";
import { ExecsimError } from "../core/errors.js";

export interface LeastSquaresFit {
  readonly beta: readonly number[];
  readonly se: readonly number[];
  readonly rss: number;
  readonly r2: number;
  readonly n: number;
  readonly p: number;
}

/** Weighted (w given) or ordinary least squares of y on the rows of X. */
export function leastSquares(
  rows: readonly (readonly number[])[],
  y: readonly number[],
  w?: readonly number[],
): LeastSquaresFit {
  const n = rows.length;
  const p = rows[0]?.length ?? 0;
  if (n <= p) {
    throw new ExecsimError(
      "INSUFFICIENT_DATA",
      `a least-squares fit of ${p} coefficient(s) needs more than ${p} observations, got ${n}; supply more parents`,
    );
  }
  const xtx = new Matrix(p, p);
  const xty = new Matrix(p, 1);
  for (let i = 0; i < n; i++) {
    const r = rows[i]!;
    const wi = w ? w[i]! : 1;
    for (let a = 0; a < p; a++) {
      xty.set(a, 0, xty.get(a, 0) + wi * r[a]! * y[i]!);
      for (let b = 0; b < p; b++) xtx.set(a, b, xtx.get(a, b) + wi * r[a]! * r[b]!);
    }
  }
  let inv: Matrix;
  try {
    inv = inverse(xtx);
  } catch {
    throw singular();
  }
  const beta = inv.mmul(xty).to1DArray();
  if (!beta.every(Number.isFinite)) throw singular();
  const hasIntercept = rows.every((r) => r[0] === 1);
  let sw = 0;
  let my = 0;
  for (let i = 0; i < n; i++) {
    sw += w ? w[i]! : 1;
    my += (w ? w[i]! : 1) * y[i]!;
  }
  my = hasIntercept ? my / sw : 0;
  let rss = 0;
  let tss = 0;
  for (let i = 0; i < n; i++) {
    const r = rows[i]!;
    let f = 0;
    for (let a = 0; a < p; a++) f += r[a]! * beta[a]!;
    const wi = w ? w[i]! : 1;
    rss += wi * (y[i]! - f) ** 2;
    tss += wi * (y[i]! - my) ** 2;
  }
  const s2 = rss / (n - p);
  const se = beta.map((_, a) => Math.sqrt(Math.max(0, s2 * inv.get(a, a))));
  return { beta, se, rss, r2: tss > 0 ? 1 - rss / tss : 1, n, p };
}

function singular(): ExecsimError {
  return new ExecsimError(
    "INSUFFICIENT_DATA",
    "the fit's regressors are collinear (e.g. every parent has the same size or duration), so the " +
      "coefficients are not identified; supply parents of different sizes and durations",
  );
}

/** Result of a test of whether K groups share one set of coefficients. */
export interface RegimeTest {
  readonly test: "chow-f";
  readonly statistic: number;
  readonly df1: number;
  readonly df2: number;
  readonly pValue: number;
}

/** Chow F-test from the pooled RSS and the per-group RSS (each group fitted with p coefficients). */
export function chowTest(pooledRss: number, groupRss: readonly number[], n: number, p: number): RegimeTest {
  const k = groupRss.length;
  const df1 = (k - 1) * p;
  const df2 = n - k * p;
  const within = groupRss.reduce((a, b) => a + b, 0);
  if (!(df1 > 0 && df2 > 0)) return { test: "chow-f", statistic: Number.NaN, df1, df2, pValue: Number.NaN };
  const statistic =
    within > 0 ? Math.max(0, (pooledRss - within) / df1) / (within / df2) : Number.POSITIVE_INFINITY;
  const pValue = Number.isFinite(statistic) ? 1 - jstat.jStat.centralF.cdf(statistic, df1, df2) : 0;
  return { test: "chow-f", statistic, df1, df2, pValue };
}
