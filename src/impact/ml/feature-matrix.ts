/**
 * A dense, row-major feature matrix: the one shape every ML piece in src/impact/ml/ reads and writes.
 *
 *   x[r * nCols + c] = value of feature c for row r
 *
 * Units are whatever the producing code documents (see feature-builder.ts for the impact features).
 * Rows of an impact dataset are kept in ascending sample time so that "train before test" splits
 * (walk-forward, the network's validation tail) are plain index ranges.
 * Limitations: dense storage only; n × d must fit in memory as Float64.
 */
import { ExecsimError } from "../../core/errors.js";

export interface FeatureMatrix {
  readonly names: readonly string[];
  readonly nRows: number;
  readonly nCols: number;
  /** Row-major values, length nRows * nCols. */
  readonly x: Float64Array;
}

/** Build a matrix from an array of rows (convenient in tests and small examples). */
export function matrixFromRows(
  names: readonly string[],
  rows: readonly (readonly number[])[],
): FeatureMatrix {
  const nCols = names.length;
  const x = new Float64Array(rows.length * nCols);
  rows.forEach((row, r) => {
    if (row.length !== nCols) {
      throw new ExecsimError(
        "INVALID_ARGUMENT",
        `row ${r} has ${row.length} values but there are ${nCols} feature names; give one value per feature`,
      );
    }
    x.set(row, r * nCols);
  });
  return { names: [...names], nRows: rows.length, nCols, x };
}

/** Copy rows [from, to) into a new matrix. */
export function sliceRows(m: FeatureMatrix, from: number, to: number): FeatureMatrix {
  checkRange(m.nRows, from, to);
  return { names: m.names, nRows: to - from, nCols: m.nCols, x: m.x.slice(from * m.nCols, to * m.nCols) };
}

/** Copy the listed rows (in the given order) into a new matrix. */
export function selectRows(m: FeatureMatrix, rows: ArrayLike<number>): FeatureMatrix {
  const out = new Float64Array(rows.length * m.nCols);
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i]!;
    if (!(Number.isInteger(r) && r >= 0 && r < m.nRows)) {
      throw new ExecsimError("INVALID_ARGUMENT", `row index ${r} is outside 0..${m.nRows - 1}`);
    }
    out.set(m.x.subarray(r * m.nCols, (r + 1) * m.nCols), i * m.nCols);
  }
  return { names: m.names, nRows: rows.length, nCols: m.nCols, x: out };
}

/** The values of one column (a copy). */
export function column(m: FeatureMatrix, name: string): Float64Array {
  const c = m.names.indexOf(name);
  if (c < 0) {
    throw new ExecsimError(
      "NOT_FOUND",
      `feature "${name}" is not in this matrix; it has ${m.names.join(", ")}`,
    );
  }
  const out = new Float64Array(m.nRows);
  for (let r = 0; r < m.nRows; r++) out[r] = m.x[r * m.nCols + c]!;
  return out;
}

/**
 * Apply a one-row predictor to every row of `m` (a row is a subarray view, no copy); throws
 * INVALID_ARGUMENT with `widthError()` when `m` does not have the `nInputs` columns the model was fitted on.
 */
export function predictRows(
  m: FeatureMatrix,
  nInputs: number,
  widthError: () => string,
  predictRow: (row: Float64Array) => number,
): Float64Array {
  if (m.nCols !== nInputs) throw new ExecsimError("INVALID_ARGUMENT", widthError());
  const out = new Float64Array(m.nRows);
  for (let r = 0; r < m.nRows; r++) out[r] = predictRow(m.x.subarray(r * nInputs, (r + 1) * nInputs));
  return out;
}

export function checkRange(n: number, from: number, to: number): void {
  if (!(Number.isInteger(from) && Number.isInteger(to) && from >= 0 && from <= to && to <= n)) {
    throw new ExecsimError("INVALID_ARGUMENT", `row range [${from}, ${to}) is not inside [0, ${n})`);
  }
}

/** Throw unless x and y describe the same number of rows and every value is finite. */
export function checkXy(m: FeatureMatrix, y: ArrayLike<number>, what: string): void {
  if (m.x.length !== m.nRows * m.nCols) {
    throw new ExecsimError(
      "INVALID_ARGUMENT",
      `${what}: matrix has ${m.x.length} values, expected nRows*nCols = ${m.nRows * m.nCols}`,
    );
  }
  if (y.length !== m.nRows) {
    throw new ExecsimError(
      "INVALID_ARGUMENT",
      `${what}: ${m.nRows} feature rows but ${y.length} labels; give one label per row`,
    );
  }
  for (let i = 0; i < m.x.length; i++) {
    if (!Number.isFinite(m.x[i]!)) {
      const r = Math.floor(i / m.nCols);
      throw new ExecsimError(
        "INVALID_ARGUMENT",
        `${what}: feature "${m.names[i % m.nCols]}" of row ${r} is ${m.x[i]}; drop or fill non-finite rows first`,
      );
    }
  }
  for (let r = 0; r < y.length; r++) {
    if (!Number.isFinite(y[r]!)) {
      throw new ExecsimError(
        "INVALID_ARGUMENT",
        `${what}: label of row ${r} is ${y[r]}; labels must be finite`,
      );
    }
  }
}
