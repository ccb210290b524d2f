/**
 * Feature standardisation (z-scores), fitted on the training rows only and then applied unchanged to
 * validation and test rows, so nothing about later data leaks into the scaling:
 *
 *   z[r, c] = (x[r, c] − mean_c) / scale_c,   mean_c = (1/n) Σ_r x[r, c],
 *   scale_c = sqrt((1/n) Σ_r (x[r, c] − mean_c)²)   (population standard deviation)
 *
 * Units: z is dimensionless; mean and scale carry the feature's own units.
 * A column that is constant on the training rows (scale 0, or below 1e-12 × max(1, |mean|)) gets
 * scale 1, so it maps to 0 and is flagged in `constantColumns` (a linear model then refuses it with a
 * clear message rather than dividing by zero).
 * Source: the usual practice for gradient-trained networks (e.g. LeCun et al. 1998, "Efficient
 * BackProp"); the ML chapter (price-impact-ml-chapter.txt) trains on features of very different scales
 * (participation ~1e-3, sign ±1), which is why this step is needed.
 * Limitations: no robust (median/IQR) option; outliers move mean and scale.
 */
import { ExecsimError } from "../../core/errors.js";
import type { FeatureMatrix } from "./feature-matrix.js";
import { readEnvelope, readFloatArray, readStringArray, toArray } from "./model-json.js";

export const STANDARDIZER_KIND = "execsim.ml.standardizer";

export interface StandardizerJson {
  kind: typeof STANDARDIZER_KIND;
  version: 1;
  names: string[];
  mean: number[];
  scale: number[];
  constantColumns: string[];
}

export class FeatureStandardizer {
  readonly names: readonly string[];
  readonly mean: Float64Array;
  readonly scale: Float64Array;
  /** Names of columns that were constant on the fitting rows (they standardise to 0). */
  readonly constantColumns: readonly string[];

  constructor(
    names: readonly string[],
    mean: Float64Array,
    scale: Float64Array,
    constantColumns: readonly string[] = [],
  ) {
    if (mean.length !== names.length || scale.length !== names.length) {
      throw new ExecsimError(
        "INVALID_ARGUMENT",
        "standardizer: names, mean and scale must have the same length",
      );
    }
    for (let c = 0; c < scale.length; c++) {
      if (!(Number.isFinite(mean[c]!) && Number.isFinite(scale[c]!) && scale[c]! > 0)) {
        throw new ExecsimError(
          "INVALID_ARGUMENT",
          `standardizer: column "${names[c]}" has mean ${mean[c]} and scale ${scale[c]}; scale must be finite and > 0`,
        );
      }
    }
    this.names = [...names];
    this.mean = mean;
    this.scale = scale;
    this.constantColumns = [...constantColumns];
  }

  /** Fit mean and population standard deviation per column on `m` (the training rows). */
  static fit(m: FeatureMatrix): FeatureStandardizer {
    if (m.nRows < 2) {
      throw new ExecsimError(
        "INSUFFICIENT_DATA",
        `standardizer needs at least 2 training rows, got ${m.nRows}`,
      );
    }
    const d = m.nCols;
    const mean = new Float64Array(d);
    const scale = new Float64Array(d);
    for (let r = 0; r < m.nRows; r++) for (let c = 0; c < d; c++) mean[c]! += m.x[r * d + c]!;
    for (let c = 0; c < d; c++) mean[c]! /= m.nRows;
    for (let r = 0; r < m.nRows; r++) {
      for (let c = 0; c < d; c++) {
        const e = m.x[r * d + c]! - mean[c]!;
        scale[c]! += e * e;
      }
    }
    const constant: string[] = [];
    for (let c = 0; c < d; c++) {
      const s = Math.sqrt(scale[c]! / m.nRows);
      if (s > 1e-12 * Math.max(1, Math.abs(mean[c]!))) {
        scale[c] = s;
      } else {
        scale[c] = 1;
        constant.push(m.names[c]!);
      }
    }
    return new FeatureStandardizer(m.names, mean, scale, constant);
  }

  /** Standardise `m` (a new matrix; `m` is not modified). */
  transform(m: FeatureMatrix): FeatureMatrix {
    this.checkColumns(m);
    const d = m.nCols;
    const out = new Float64Array(m.x.length);
    for (let r = 0; r < m.nRows; r++) {
      for (let c = 0; c < d; c++) out[r * d + c] = (m.x[r * d + c]! - this.mean[c]!) / this.scale[c]!;
    }
    return { names: m.names, nRows: m.nRows, nCols: d, x: out };
  }

  /** Standardise one row in place into `out` (no allocation; for prediction loops). */
  transformRow(row: ArrayLike<number>, out: Float64Array): Float64Array {
    for (let c = 0; c < this.mean.length; c++) out[c] = (row[c]! - this.mean[c]!) / this.scale[c]!;
    return out;
  }

  /** Undo `transform`. */
  inverseTransform(m: FeatureMatrix): FeatureMatrix {
    this.checkColumns(m);
    const d = m.nCols;
    const out = new Float64Array(m.x.length);
    for (let r = 0; r < m.nRows; r++) {
      for (let c = 0; c < d; c++) out[r * d + c] = m.x[r * d + c]! * this.scale[c]! + this.mean[c]!;
    }
    return { names: m.names, nRows: m.nRows, nCols: d, x: out };
  }

  toJSON(): StandardizerJson {
    return {
      kind: STANDARDIZER_KIND,
      version: 1,
      names: [...this.names],
      mean: toArray(this.mean),
      scale: toArray(this.scale),
      constantColumns: [...this.constantColumns],
    };
  }

  static fromJSON(input: unknown): FeatureStandardizer {
    const o = readEnvelope(input, STANDARDIZER_KIND, [1]);
    const names = readStringArray(o, "names", STANDARDIZER_KIND);
    const mean = readFloatArray(o, "mean", STANDARDIZER_KIND, names.length);
    const scale = readFloatArray(o, "scale", STANDARDIZER_KIND, names.length);
    const constant = readStringArray(o, "constantColumns", STANDARDIZER_KIND);
    try {
      return new FeatureStandardizer(names, mean, scale, constant);
    } catch (e) {
      throw new ExecsimError("PARSE_ERROR", `${STANDARDIZER_KIND}: ${(e as Error).message}`);
    }
  }

  private checkColumns(m: FeatureMatrix): void {
    if (m.nCols !== this.names.length || m.names.some((n, i) => n !== this.names[i])) {
      throw new ExecsimError(
        "INVALID_ARGUMENT",
        `standardizer was fitted on [${this.names.join(", ")}] but got [${m.names.join(", ")}]; build features with the same configuration`,
      );
    }
  }
}
