/**
 * Ordinary least squares with an intercept: the linear impact predictor of the ML chapter
 * (price-impact-ml-chapter.txt, "Linear Regression Baseline": ŷ = w0 + Σ_i w_i x_i, fitted by OLS).
 *
 *   β̂ = argmin ||y − Xβ||²,  X = [1 | features]  (n × (p+1)), solved by Householder QR (ml-matrix),
 *   σ̂² = RSS / (n − p − 1),   Cov(β̂) = σ̂² (XᵀX)⁻¹ = σ̂² R⁻¹R⁻ᵀ,   SE_j = sqrt(Cov_jj),
 *   R² = 1 − RSS/TSS,  adjusted R² = 1 − (1 − R²)(n − 1)/(n − p − 1).
 *
 * Units: coefficients are in label units per feature unit (per standard deviation when the features
 * were standardised first, as the walk-forward evaluation does); SE in the same units.
 * Parameters: none (no regularisation). QR is used instead of the normal equations for accuracy.
 * Rank: a column whose QR pivot |R_kk| is below 1e-9 × its norm is (nearly) a combination of the
 * columns before it (a constant feature is collinear with the intercept); the fit is refused with
 * MODEL_ERROR naming it, instead of returning meaningless coefficients.
 * Limitations: homoskedastic standard errors (impact residuals are usually heteroskedastic: treat the
 * SEs as indicative); no weights.
 */
import { Matrix, QrDecomposition } from "ml-matrix";
import { ExecsimError } from "../../core/errors.js";
import { checkXy, type FeatureMatrix, predictRows } from "./feature-matrix.js";
import {
  readEnvelope,
  readFloatArray,
  readInteger,
  readNumber,
  readStringArray,
  toArray,
} from "./model-json.js";

export const OLS_KIND = "execsim.ml.ols";

export interface OlsFitStats {
  /** Number of rows fitted. */
  n: number;
  r2: number;
  adjustedR2: number;
  /** Residual variance σ̂² = RSS / (n − p − 1), label units squared. */
  residualVariance: number;
}

export interface OlsJson {
  kind: typeof OLS_KIND;
  version: 1;
  names: string[];
  intercept: number;
  weights: number[];
  interceptSE: number;
  weightSE: number[];
  n: number;
  r2: number;
  adjustedR2: number;
  residualVariance: number;
}

export class OlsRegressor {
  constructor(
    readonly names: readonly string[],
    readonly intercept: number,
    readonly weights: Float64Array,
    readonly interceptSE: number,
    readonly weightSE: Float64Array,
    readonly stats: Readonly<OlsFitStats>,
  ) {}

  static fit(m: FeatureMatrix, y: ArrayLike<number>): OlsRegressor {
    checkXy(m, y, "OLS");
    const n = m.nRows;
    const p = m.nCols;
    if (n <= p + 1) {
      throw new ExecsimError(
        "INSUFFICIENT_DATA",
        `OLS with ${p} features and an intercept needs more than ${p + 1} rows to estimate errors, got ${n}`,
      );
    }
    const k = p + 1;
    const X = new Matrix(n, k);
    const Y = new Matrix(n, 1);
    for (let r = 0; r < n; r++) {
      X.set(r, 0, 1);
      for (let c = 0; c < p; c++) X.set(r, c + 1, m.x[r * p + c]!);
      Y.set(r, 0, y[r]!);
    }
    const qr = new QrDecomposition(X);
    const R = qr.upperTriangularMatrix;
    for (let j = 0; j < k; j++) {
      let norm = 0;
      for (let r = 0; r < n; r++) norm += X.get(r, j) ** 2;
      if (!(Math.abs(R.get(j, j)) > 1e-9 * Math.sqrt(norm)) || norm === 0) {
        const what = j === 0 ? "the intercept" : `feature "${m.names[j - 1]}"`;
        throw new ExecsimError(
          "MODEL_ERROR",
          `OLS: ${what} is constant or a linear combination of the columns before it on these ${n} rows; ` +
            "drop it or use data where it varies",
        );
      }
    }
    const beta = qr.solve(Y);
    let rss = 0;
    let mean = 0;
    for (let r = 0; r < n; r++) mean += y[r]!;
    mean /= n;
    let tss = 0;
    for (let r = 0; r < n; r++) {
      let fit = beta.get(0, 0);
      for (let c = 0; c < p; c++) fit += beta.get(c + 1, 0) * m.x[r * p + c]!;
      rss += (y[r]! - fit) ** 2;
      tss += (y[r]! - mean) ** 2;
    }
    const dof = n - k;
    const s2 = rss / dof;
    // (XᵀX)⁻¹ = R⁻¹ R⁻ᵀ with R⁻¹ by back substitution (R is k × k upper triangular).
    const Rinv = new Float64Array(k * k);
    for (let col = 0; col < k; col++) {
      for (let i = k - 1; i >= 0; i--) {
        let s = i === col ? 1 : 0;
        for (let j = i + 1; j < k; j++) s -= R.get(i, j) * Rinv[j * k + col]!;
        Rinv[i * k + col] = s / R.get(i, i);
      }
    }
    const se = new Float64Array(k);
    for (let i = 0; i < k; i++) {
      let d = 0;
      for (let j = i; j < k; j++) d += Rinv[i * k + j]! ** 2;
      se[i] = Math.sqrt(s2 * d);
    }
    // Constant labels: R² is 1 for an exact fit and 0 otherwise (TSS = 0 leaves it undefined).
    const r2 = tss > 0 ? 1 - rss / tss : rss === 0 ? 1 : 0;
    const weights = new Float64Array(p);
    for (let c = 0; c < p; c++) weights[c] = beta.get(c + 1, 0);
    return new OlsRegressor(m.names, beta.get(0, 0), weights, se[0]!, se.slice(1), {
      n,
      r2,
      adjustedR2: 1 - ((1 - r2) * (n - 1)) / dof,
      residualVariance: s2,
    });
  }

  /** ŷ for one row of raw (as-fitted) feature values. */
  predictRow(row: ArrayLike<number>): number {
    let s = this.intercept;
    for (let c = 0; c < this.weights.length; c++) s += this.weights[c]! * row[c]!;
    return s;
  }

  predict(m: FeatureMatrix): Float64Array {
    return predictRows(
      m,
      this.weights.length,
      () => `OLS was fitted on ${this.weights.length} features (${this.names.join(", ")}) but got ${m.nCols}`,
      (row) => this.predictRow(row),
    );
  }

  toJSON(): OlsJson {
    return {
      kind: OLS_KIND,
      version: 1,
      names: [...this.names],
      intercept: this.intercept,
      weights: toArray(this.weights),
      interceptSE: this.interceptSE,
      weightSE: toArray(this.weightSE),
      n: this.stats.n,
      r2: this.stats.r2,
      adjustedR2: this.stats.adjustedR2,
      residualVariance: this.stats.residualVariance,
    };
  }

  static fromJSON(input: unknown): OlsRegressor {
    const o = readEnvelope(input, OLS_KIND, [1]);
    const names = readStringArray(o, "names", OLS_KIND);
    return new OlsRegressor(
      names,
      readNumber(o, "intercept", OLS_KIND),
      readFloatArray(o, "weights", OLS_KIND, names.length),
      readNumber(o, "interceptSE", OLS_KIND),
      readFloatArray(o, "weightSE", OLS_KIND, names.length),
      {
        n: readInteger(o, "n", OLS_KIND, 1),
        r2: readNumber(o, "r2", OLS_KIND),
        adjustedR2: readNumber(o, "adjustedR2", OLS_KIND),
        residualVariance: readNumber(o, "residualVariance", OLS_KIND),
      },
    );
  }
}
