/**
 * Calibration of the square-root law by log-linear OLS.
 *
 *   |ΔP/P| = σ · η · (|Q|/V)^δ   ⇒   y = a + δ·x,  y = ln(|ΔP/P| / σ),  x = ln(|Q|/V),  a = ln η
 *
 * Fitted by ordinary least squares (ml-matrix). With residual variance s² = RSS/(n − 2) the covariance
 * of (a, δ) is s²(AᵀA)⁻¹; SE(δ) is its diagonal, and SE(η) follows from the delta method,
 * SE(η) = η · SE(a). Note that η = e^â is the median (not the mean) of the implied coefficient under
 * log-normal noise; the mean is e^{â + s²/2}.
 *
 * Input: one point per observed (meta)order: qty (base units, sign ignored), volume V (base units per
 * period, e.g. ADV), sigma (volatility per the same period, fraction) and impact ΔP/P. Impact may be
 * signed (it is then expected to have the order's sign) or absolute: its absolute value is used.
 * Rows with impact = 0 or qty = 0 have no logarithm; they are excluded and counted (excluded.zeroImpact,
 * excluded.zeroQty), as are rows with a non-finite field or V <= 0 or σ <= 0 (excluded.invalid).
 * Used rows whose signed impact opposes the order (impact·qty < 0) are counted in `oppositeSign`.
 *
 * Source: price-impact-ml-chapter (seed), "Calibration via Log-Linearization".
 * Limitations: OLS on logs weighs small orders as much as large ones and is biased by the zero-impact
 * rows it must drop (frequent for tiny orders); errors assumed homoscedastic in logs.
 */
import { inverse, Matrix } from "ml-matrix";
import { ExecsimError } from "../core/errors.js";

export interface SquareRootCalibrationPoint {
  /** Order size in base units (sign ignored). */
  qty: number;
  /** Volume per period V (e.g. ADV), base units. */
  volume: number;
  /** Volatility over the period of V, fraction. */
  sigma: number;
  /** Observed ΔP/P (signed or absolute; |impact| is used). */
  impact: number;
}

export interface SquareRootCalibration {
  eta: number;
  delta: number;
  etaSE: number;
  deltaSE: number;
  /** a = ln η and its SE. */
  lnEta: number;
  lnEtaSE: number;
  /** Coefficient of determination of the log-log fit. */
  r2: number;
  /** Residual standard deviation in log units. */
  residualStd: number;
  /** Points used in the fit. */
  n: number;
  /** Used points whose signed impact opposes the order's sign (a price move against the impact law's
   * direction, e.g. noise or a reversal); they enter the fit through |impact| but are worth watching. */
  oppositeSign: number;
  /** Points excluded, total and by reason. */
  excluded: number;
  excludedBreakdown: { zeroImpact: number; zeroQty: number; invalid: number };
}

/** Fit η and δ of the square-root law to observed impacts. Needs at least 3 usable points. */
export function calibrateSquareRoot(points: readonly SquareRootCalibrationPoint[]): SquareRootCalibration {
  const xs: number[] = [];
  const ys: number[] = [];
  const ex = { zeroImpact: 0, zeroQty: 0, invalid: 0 };
  let oppositeSign = 0;
  for (const p of points) {
    if (
      !(
        Number.isFinite(p.qty) &&
        Number.isFinite(p.impact) &&
        Number.isFinite(p.volume) &&
        Number.isFinite(p.sigma)
      ) ||
      p.volume <= 0 ||
      p.sigma <= 0
    ) {
      ex.invalid++;
    } else if (p.qty === 0) {
      ex.zeroQty++;
    } else if (p.impact === 0) {
      ex.zeroImpact++;
    } else {
      if (p.impact * p.qty < 0) oppositeSign++;
      xs.push(Math.log(Math.abs(p.qty) / p.volume));
      ys.push(Math.log(Math.abs(p.impact) / p.sigma));
    }
  }
  const excluded = ex.zeroImpact + ex.zeroQty + ex.invalid;
  const n = xs.length;
  if (n < 3) {
    throw new ExecsimError(
      "INSUFFICIENT_DATA",
      `square-root calibration needs at least 3 points with non-zero size and impact, got ${n} ` +
        `(${excluded} excluded: ${ex.zeroImpact} zero impact, ${ex.zeroQty} zero size, ${ex.invalid} invalid). ` +
        "Supply more observations.",
    );
  }
  const design = new Matrix(n, 2);
  for (let i = 0; i < n; i++) {
    design.set(i, 0, 1);
    design.set(i, 1, xs[i]!);
  }
  const y = Matrix.columnVector(ys);
  const xtx = design.transpose().mmul(design);
  const meanX = xs.reduce((s, v) => s + v, 0) / n;
  const sxx = xs.reduce((s, v) => s + (v - meanX) ** 2, 0);
  if (!(sxx > 1e-12 * n)) {
    throw new ExecsimError(
      "INSUFFICIENT_DATA",
      "square-root calibration needs orders of different sizes relative to volume (all |Q|/V are equal, " +
        "so δ is not identified). Supply observations over a range of sizes.",
    );
  }
  const xtxInv = inverse(xtx);
  const beta = xtxInv.mmul(design.transpose().mmul(y));
  const a = beta.get(0, 0);
  const b = beta.get(1, 0);
  let rss = 0;
  let tss = 0;
  const meanY = ys.reduce((s, v) => s + v, 0) / n;
  for (let i = 0; i < n; i++) {
    const r = ys[i]! - a - b * xs[i]!;
    rss += r * r;
    tss += (ys[i]! - meanY) ** 2;
  }
  const s2 = n > 2 ? rss / (n - 2) : Number.NaN;
  const lnEtaSE = Math.sqrt(s2 * xtxInv.get(0, 0));
  const deltaSE = Math.sqrt(s2 * xtxInv.get(1, 1));
  const eta = Math.exp(a);
  return {
    eta,
    delta: b,
    etaSE: eta * lnEtaSE,
    deltaSE,
    lnEta: a,
    lnEtaSE,
    r2: tss > 0 ? 1 - rss / tss : 1,
    residualStd: Math.sqrt(s2),
    n,
    oppositeSign,
    excluded,
    excludedBreakdown: ex,
  };
}
