/**
 * A feed-forward network with two hidden ReLU layers for impact regression, as in the ML chapter
 * (price-impact-ml-chapter.txt, "Neural Network Predictor"):
 *
 *   h1 = ReLU(W1 x + b1),  h2 = ReLU(W2 h1 + b2),  ŷ_net = W3 h2 + b3,
 *   loss L = (1/B) Σ_b (ŷ_net,b − t_b)² + l2 · (||W1||² + ||W2||² + ||W3||²)   (biases not penalised)
 *
 * trained by back-propagation with mini-batch Adam (Kingma & Ba 2015; β1 = 0.9, β2 = 0.999, ε = 1e-8)
 * or SGD with momentum. The label is standardised inside the model: t = (y − yMean)/yScale with yMean
 * and yScale fitted on the training rows, and predictions are returned in label units,
 * ŷ = yMean + yScale · ŷ_net. Inputs are expected to be standardised already (FeatureStandardizer).
 *
 * Initialisation (seeded): He et al. (2015) for the ReLU layers, W ~ N(0, 2/fan_in); LeCun
 * N(0, 1/fan_in) for the linear output layer; biases 0. Mini-batches are drawn by a Fisher-Yates
 * shuffle from the same seeded Rng, so the same seed gives bit-identical weights.
 * Early stopping: the LAST `validationFraction` of the rows (rows are in time order, so the validation
 * rows are later than the training rows) are held out; after each epoch the validation MSE is measured,
 * training stops after `patience` epochs without an improvement larger than `minDelta`, and the weights
 * of the best epoch are restored.
 *
 * Units: ŷ in label units (the impact datasets use a signed fraction of price, ΔP/P); reported MSEs are
 * in label units squared. Parameters and defaults: DEFAULT_MLP_ARCHITECTURE, DEFAULT_MLP_TRAINING.
 * Memory layout: all parameters live in one Float64Array [W1 (h1×d, row per unit) | b1 | W2 (h2×h1) |
 * b2 | W3 (h2) | b3]; the gradient and Adam moments use the same layout, and all work buffers are
 * allocated once per training run (no allocation per sample or per batch).
 * Limitations: single output; no dropout or batch norm; ReLU units can die with too large a learning
 * rate; a small net and few epochs are enough for the handful of features used here.
 */
import { ExecsimError } from "../../core/errors.js";
import { createRng, type Rng } from "../../core/rng.js";
import { checkXy, type FeatureMatrix, predictRows } from "./feature-matrix.js";
import {
  readEnvelope,
  readFloatArray,
  readInteger,
  readNumber,
  readStringArray,
  toArray,
} from "./model-json.js";

export const MLP_KIND = "execsim.ml.mlp";

export interface MlpArchitecture {
  /** Units in the first hidden layer. */
  hidden1: number;
  /** Units in the second hidden layer. */
  hidden2: number;
}

export const DEFAULT_MLP_ARCHITECTURE: Readonly<MlpArchitecture> = Object.freeze({
  hidden1: 16,
  hidden2: 16,
});

export interface MlpTrainingOptions {
  optimizer: "adam" | "sgd";
  /** Step size (Adam default 1e-3; for SGD try 1e-2). */
  learningRate: number;
  batchSize: number;
  maxEpochs: number;
  /** Epochs without validation improvement before stopping. */
  patience: number;
  /** An improvement must beat the best validation MSE by more than this (label units squared). */
  minDelta: number;
  /** Share of the (time-ordered) rows held out at the end for early stopping; 0 disables it. */
  validationFraction: number;
  /** L2 penalty on the weights (not the biases), in standardised-label units. */
  l2: number;
  beta1: number;
  beta2: number;
  epsilon: number;
  /** SGD momentum (ignored by Adam). */
  momentum: number;
}

export const DEFAULT_MLP_TRAINING: Readonly<MlpTrainingOptions> = Object.freeze({
  optimizer: "adam",
  learningRate: 1e-3,
  batchSize: 32,
  maxEpochs: 200,
  patience: 20,
  minDelta: 0,
  validationFraction: 0.2,
  l2: 0,
  beta1: 0.9,
  beta2: 0.999,
  epsilon: 1e-8,
  momentum: 0.9,
});

export interface MlpTrainingReport {
  /** Epochs actually run. */
  epochs: number;
  /** 1-based epoch whose weights were kept (the last epoch when there is no validation split). */
  bestEpoch: number;
  stoppedEarly: boolean;
  trainRows: number;
  validationRows: number;
  /** Mean training MSE per epoch (label units squared, averaged over mini-batches, excluding l2). */
  trainMse: number[];
  /** Validation MSE per epoch (label units squared); empty without a validation split. */
  validationMse: number[];
  /** Validation MSE of the restored weights (NaN without a validation split). */
  bestValidationMse: number;
}

export interface MlpJson {
  kind: typeof MLP_KIND;
  version: 1;
  names: string[];
  hidden1: number;
  hidden2: number;
  yMean: number;
  yScale: number;
  params: number[];
}

/** Rows held out at the end for early stopping: round(n · fraction), at least 1 when fraction > 0. */
export function validationRows(n: number, fraction: number): number {
  return fraction > 0 ? Math.max(1, Math.round(n * fraction)) : 0;
}

/** Number of parameters of a d → h1 → h2 → 1 network. */
export function mlpParameterCount(d: number, a: MlpArchitecture): number {
  return a.hidden1 * d + a.hidden1 + a.hidden2 * a.hidden1 + a.hidden2 + a.hidden2 + 1;
}

function checkArchitecture(d: number, a: MlpArchitecture): void {
  for (const [k, v] of [
    ["inputs", d],
    ["hidden1", a.hidden1],
    ["hidden2", a.hidden2],
  ] as const) {
    if (!(Number.isInteger(v) && v >= 1 && v <= 4096)) {
      throw new ExecsimError("INVALID_ARGUMENT", `network ${k} must be an integer in 1..4096, got ${v}`);
    }
  }
}

function validateOptions(o: MlpTrainingOptions): void {
  const bad = (what: string, hint: string) => {
    throw new ExecsimError("INVALID_ARGUMENT", `network training ${what}: ${hint}`);
  };
  if (o.optimizer !== "adam" && o.optimizer !== "sgd")
    bad("optimizer", `use "adam" or "sgd", got ${o.optimizer}`);
  if (!(o.learningRate > 0 && o.learningRate < 10))
    bad("learningRate", `must be in (0, 10), got ${o.learningRate}`);
  if (!(Number.isInteger(o.batchSize) && o.batchSize >= 1))
    bad("batchSize", `must be an integer >= 1, got ${o.batchSize}`);
  if (!(Number.isInteger(o.maxEpochs) && o.maxEpochs >= 1))
    bad("maxEpochs", `must be an integer >= 1, got ${o.maxEpochs}`);
  if (!(Number.isInteger(o.patience) && o.patience >= 1))
    bad("patience", `must be an integer >= 1, got ${o.patience}`);
  if (!(o.minDelta >= 0)) bad("minDelta", `must be >= 0, got ${o.minDelta}`);
  if (!(o.validationFraction >= 0 && o.validationFraction < 1)) {
    bad("validationFraction", `must be in [0, 1), got ${o.validationFraction}`);
  }
  if (!(o.l2 >= 0)) bad("l2", `must be >= 0, got ${o.l2}`);
  if (!(o.beta1 >= 0 && o.beta1 < 1 && o.beta2 >= 0 && o.beta2 < 1)) bad("beta1/beta2", "must be in [0, 1)");
  if (!(o.epsilon > 0)) bad("epsilon", `must be > 0, got ${o.epsilon}`);
  if (!(o.momentum >= 0 && o.momentum < 1)) bad("momentum", `must be in [0, 1), got ${o.momentum}`);
}

export class MlpRegressor {
  readonly names: readonly string[];
  readonly nInputs: number;
  readonly hidden1: number;
  readonly hidden2: number;
  /** All weights and biases in the layout described in the file header. */
  readonly params: Float64Array;
  /** Label standardisation: ŷ = yMean + yScale · network output. */
  yMean: number;
  yScale: number;

  // Offsets into params.
  private readonly oB1: number;
  private readonly oW2: number;
  private readonly oB2: number;
  private readonly oW3: number;
  private readonly oB3: number;
  // Single-row buffers for predictRow.
  private readonly r1: Float64Array;
  private readonly r2: Float64Array;

  constructor(names: readonly string[], arch: MlpArchitecture, params: Float64Array, yMean = 0, yScale = 1) {
    const d = names.length;
    checkArchitecture(d, arch);
    const nParams = mlpParameterCount(d, arch);
    if (params.length !== nParams) {
      throw new ExecsimError(
        "INVALID_ARGUMENT",
        `a ${d}-${arch.hidden1}-${arch.hidden2}-1 network has ${nParams} parameters, got ${params.length}`,
      );
    }
    if (!(Number.isFinite(yMean) && Number.isFinite(yScale) && yScale > 0)) {
      throw new ExecsimError(
        "INVALID_ARGUMENT",
        `label scaling needs finite yMean and yScale > 0, got ${yMean}, ${yScale}`,
      );
    }
    this.names = [...names];
    this.nInputs = d;
    this.hidden1 = arch.hidden1;
    this.hidden2 = arch.hidden2;
    this.params = params;
    this.yMean = yMean;
    this.yScale = yScale;
    this.oB1 = arch.hidden1 * d;
    this.oW2 = this.oB1 + arch.hidden1;
    this.oB2 = this.oW2 + arch.hidden2 * arch.hidden1;
    this.oW3 = this.oB2 + arch.hidden2;
    this.oB3 = this.oW3 + arch.hidden2;
    this.r1 = new Float64Array(arch.hidden1);
    this.r2 = new Float64Array(arch.hidden2);
  }

  /** A freshly initialised network: He-normal hidden layers, LeCun-normal output layer, zero biases. */
  static initialize(names: readonly string[], arch: MlpArchitecture, rng: Rng): MlpRegressor {
    const d = names.length;
    checkArchitecture(d, arch);
    const net = new MlpRegressor(names, arch, new Float64Array(mlpParameterCount(d, arch)));
    const p = net.params;
    const s1 = Math.sqrt(2 / d);
    for (let i = 0; i < net.oB1; i++) p[i] = s1 * rng.normal();
    const s2 = Math.sqrt(2 / arch.hidden1);
    for (let i = net.oW2; i < net.oB2; i++) p[i] = s2 * rng.normal();
    const s3 = Math.sqrt(1 / arch.hidden2);
    for (let i = net.oW3; i < net.oB3; i++) p[i] = s3 * rng.normal();
    return net;
  }

  get architecture(): MlpArchitecture {
    return { hidden1: this.hidden1, hidden2: this.hidden2 };
  }

  /**
   * Loss L (in network units: targets t as given, no label scaling) and its gradient with respect to
   * every parameter, written into `grad` (same layout as params), over the rows `rows[0..count)` of
   * `x` (row-major, nInputs columns). Exposed for the finite-difference gradient check.
   */
  lossAndGradient(
    x: Float64Array,
    t: ArrayLike<number>,
    rows: Int32Array,
    count: number,
    grad: Float64Array,
    l2 = 0,
    work?: MlpWork,
  ): number {
    const w = work ?? new MlpWork(this, count);
    const { a1, a2, out, d2 } = w;
    const d = this.nInputs;
    const h1 = this.hidden1;
    const h2 = this.hidden2;
    const p = this.params;
    const { oB1, oW2, oB2, oW3, oB3 } = this;
    this.forwardBatch(x, rows, count, w);
    grad.fill(0);
    let loss = 0;
    const inv = 1 / count;
    // Output layer: δ3_b = 2 e_b / B; gW3 = Σ_b δ3_b a2_b; δ2_bj = δ3_b W3_j [a2_bj > 0].
    for (let b = 0; b < count; b++) {
      const e = out[b]! - t[rows[b]!]!;
      loss += e * e;
      const dOut = 2 * e * inv;
      grad[oB3]! += dOut;
      const a2b = b * h2;
      for (let j = 0; j < h2; j++) {
        const a = a2[a2b + j]!;
        if (a > 0) {
          grad[oW3 + j]! += dOut * a;
          d2[a2b + j] = dOut * p[oW3 + j]!;
        } else d2[a2b + j] = 0;
      }
    }
    // Second hidden layer: gW2_jk = Σ_b δ2_bj a1_bk, gb2_j = Σ_b δ2_bj.
    for (let j = 0; j < h2; j++) {
      const row = oW2 + j * h1;
      let gb = 0;
      for (let b = 0; b < count; b++) {
        const dj = d2[b * h2 + j]!;
        if (dj === 0) continue;
        gb += dj;
        const a1b = b * h1;
        for (let k = 0; k < h1; k++) grad[row + k]! += dj * a1[a1b + k]!;
      }
      grad[oB2 + j]! += gb;
    }
    // δ1_bk = Σ_j δ2_bj W2_jk [a1_bk > 0]; gW1_ki = Σ_b δ1_bk x_bi, gb1_k = Σ_b δ1_bk.
    for (let b = 0; b < count; b++) {
      const a1b = b * h1;
      const a2b = b * h2;
      const xb = rows[b]! * d;
      for (let k = 0; k < h1; k++) {
        if (!(a1[a1b + k]! > 0)) continue;
        let dk = 0;
        for (let j = 0; j < h2; j++) dk += d2[a2b + j]! * p[oW2 + j * h1 + k]!;
        if (dk === 0) continue;
        const row = k * d;
        for (let i = 0; i < d; i++) grad[row + i]! += dk * x[xb + i]!;
        grad[oB1 + k]! += dk;
      }
    }
    loss *= inv;
    w.dataLoss = loss;
    if (l2 > 0) {
      // Weights only (biases are not penalised): W1 = [0, oB1), W2 = [oW2, oB2), W3 = [oW3, oB3).
      loss +=
        l2 *
        (this.penalise(0, oB1, l2, grad) +
          this.penalise(oW2, oB2, l2, grad) +
          this.penalise(oW3, oB3, l2, grad));
    }
    return loss;
  }

  /**
   * Train in place on standardised features `m` and labels `y` (rows in time order). Returns the
   * training report; the parameters end at the best validation epoch.
   */
  train(
    m: FeatureMatrix,
    y: ArrayLike<number>,
    options: Partial<MlpTrainingOptions>,
    rng: Rng,
  ): MlpTrainingReport {
    checkXy(m, y, "network training");
    if (m.nCols !== this.nInputs || m.names.some((n, i) => n !== this.names[i])) {
      throw new ExecsimError(
        "INVALID_ARGUMENT",
        `network inputs are [${this.names.join(", ")}] but the matrix has [${m.names.join(", ")}]`,
      );
    }
    const o: MlpTrainingOptions = { ...DEFAULT_MLP_TRAINING, ...options };
    validateOptions(o);
    const n = m.nRows;
    const nVal = validationRows(n, o.validationFraction);
    const nTrain = n - nVal;
    if (nTrain < 2) {
      throw new ExecsimError(
        "INSUFFICIENT_DATA",
        `network training needs at least 2 training rows after holding out ${nVal} for validation, got ${n} rows`,
      );
    }
    // Label standardisation from the training rows only.
    let mean = 0;
    for (let r = 0; r < nTrain; r++) mean += y[r]!;
    mean /= nTrain;
    let v = 0;
    for (let r = 0; r < nTrain; r++) v += (y[r]! - mean) ** 2;
    const sd = Math.sqrt(v / nTrain);
    this.yMean = mean;
    this.yScale = sd > 1e-300 ? sd : 1;
    const t = new Float64Array(n);
    for (let r = 0; r < n; r++) t[r] = (y[r]! - this.yMean) / this.yScale;

    const B = Math.min(o.batchSize, nTrain);
    const work = new MlpWork(this, Math.max(B, Math.min(nVal, 1024)));
    const order = new Int32Array(nTrain);
    for (let i = 0; i < nTrain; i++) order[i] = i;
    const valRows = new Int32Array(nVal);
    for (let i = 0; i < nVal; i++) valRows[i] = nTrain + i;
    const batchRows = new Int32Array(B);
    const P = this.params.length;
    const grad = new Float64Array(P);
    const m1 = new Float64Array(P);
    const m2 = new Float64Array(P);
    const best = new Float64Array(this.params);
    const scale2 = this.yScale * this.yScale;
    const report: MlpTrainingReport = {
      epochs: 0,
      bestEpoch: 0,
      stoppedEarly: false,
      trainRows: nTrain,
      validationRows: nVal,
      trainMse: [],
      validationMse: [],
      bestValidationMse: Number.NaN,
    };
    let bestVal = Number.POSITIVE_INFINITY;
    let wait = 0;
    let step = 0;
    for (let epoch = 1; epoch <= o.maxEpochs; epoch++) {
      // Fisher-Yates shuffle of the training rows.
      for (let i = nTrain - 1; i > 0; i--) {
        const j = rng.int(i + 1);
        const tmp = order[i]!;
        order[i] = order[j]!;
        order[j] = tmp;
      }
      let sumMse = 0;
      let batches = 0;
      for (let start = 0; start < nTrain; start += B) {
        const count = Math.min(B, nTrain - start);
        for (let i = 0; i < count; i++) batchRows[i] = order[start + i]!;
        this.lossAndGradient(m.x, t, batchRows, count, grad, o.l2, work);
        sumMse += work.dataLoss;
        batches++;
        step++;
        this.applyUpdate(o, grad, m1, m2, step);
      }
      report.trainMse.push((sumMse / batches) * scale2);
      report.epochs = epoch;
      if (nVal === 0) continue;
      const val = this.mseOnRows(m.x, t, valRows, work) * scale2;
      report.validationMse.push(val);
      if (!Number.isFinite(val)) {
        throw new ExecsimError(
          "MODEL_ERROR",
          `network training diverged at epoch ${epoch} (validation MSE ${val}); lower the learning rate`,
        );
      }
      if (val < bestVal - o.minDelta) {
        bestVal = val;
        best.set(this.params);
        report.bestEpoch = epoch;
        wait = 0;
      } else if (++wait >= o.patience) {
        report.stoppedEarly = true;
        break;
      }
    }
    if (nVal > 0) {
      this.params.set(best);
      report.bestValidationMse = bestVal;
    } else {
      report.bestEpoch = report.epochs;
      for (let i = 0; i < P; i++) {
        if (!Number.isFinite(this.params[i]!)) {
          throw new ExecsimError(
            "MODEL_ERROR",
            "network training diverged (non-finite weights); lower the learning rate",
          );
        }
      }
    }
    return report;
  }

  /** Prediction (label units) for one row of standardised features. */
  predictRow(row: ArrayLike<number>): number {
    const d = this.nInputs;
    const p = this.params;
    const h1 = this.r1;
    const h2 = this.r2;
    for (let k = 0; k < this.hidden1; k++) {
      let s = p[this.oB1 + k]!;
      const w = k * d;
      for (let i = 0; i < d; i++) s += p[w + i]! * row[i]!;
      h1[k] = Math.max(s, 0);
    }
    let out = p[this.oB3]!;
    for (let j = 0; j < this.hidden2; j++) {
      let s = p[this.oB2 + j]!;
      const w = this.oW2 + j * this.hidden1;
      for (let k = 0; k < this.hidden1; k++) s += p[w + k]! * h1[k]!;
      h2[j] = Math.max(s, 0);
      out += p[this.oW3 + j]! * h2[j]!;
    }
    return this.yMean + this.yScale * out;
  }

  /** Predictions (label units) for every row of a standardised matrix. */
  predict(m: FeatureMatrix): Float64Array {
    return predictRows(
      m,
      this.nInputs,
      () => `network expects ${this.nInputs} features, got ${m.nCols}`,
      (row) => this.predictRow(row),
    );
  }

  toJSON(): MlpJson {
    return {
      kind: MLP_KIND,
      version: 1,
      names: [...this.names],
      hidden1: this.hidden1,
      hidden2: this.hidden2,
      yMean: this.yMean,
      yScale: this.yScale,
      params: toArray(this.params),
    };
  }

  static fromJSON(input: unknown): MlpRegressor {
    const o = readEnvelope(input, MLP_KIND, [1]);
    const names = readStringArray(o, "names", MLP_KIND);
    if (names.length < 1)
      throw new ExecsimError("PARSE_ERROR", `${MLP_KIND}: "names" must list at least one input`);
    const arch = {
      hidden1: readInteger(o, "hidden1", MLP_KIND, 1),
      hidden2: readInteger(o, "hidden2", MLP_KIND, 1),
    };
    const yScale = readNumber(o, "yScale", MLP_KIND);
    if (!(yScale > 0))
      throw new ExecsimError("PARSE_ERROR", `${MLP_KIND}: "yScale" must be > 0, got ${yScale}`);
    const params = readFloatArray(o, "params", MLP_KIND, mlpParameterCount(names.length, arch));
    return new MlpRegressor(names, arch, params, readNumber(o, "yMean", MLP_KIND), yScale);
  }

  /** Forward pass for rows[0..count) into the work buffers (a1, a2 post-ReLU; out linear). */
  private forwardBatch(x: Float64Array, rows: Int32Array, count: number, w: MlpWork): void {
    const { a1, a2, out } = w;
    const d = this.nInputs;
    const h1 = this.hidden1;
    const h2 = this.hidden2;
    const p = this.params;
    const { oB1, oW2, oB2, oW3, oB3 } = this;
    for (let b = 0; b < count; b++) {
      const xb = rows[b]! * d;
      const a1b = b * h1;
      for (let k = 0; k < h1; k++) {
        let s = p[oB1 + k]!;
        const wk = k * d;
        for (let i = 0; i < d; i++) s += p[wk + i]! * x[xb + i]!;
        a1[a1b + k] = Math.max(s, 0);
      }
      const a2b = b * h2;
      let o = p[oB3]!;
      for (let j = 0; j < h2; j++) {
        let s = p[oB2 + j]!;
        const wj = oW2 + j * h1;
        for (let k = 0; k < h1; k++) s += p[wj + k]! * a1[a1b + k]!;
        const a = Math.max(s, 0);
        a2[a2b + j] = a;
        o += p[oW3 + j]! * a;
      }
      out[b] = o;
    }
  }

  /** Mean squared error (network units) over `rows`, in chunks that fit the work buffers. */
  private mseOnRows(x: Float64Array, t: Float64Array, rows: Int32Array, w: MlpWork): number {
    let sse = 0;
    for (let start = 0; start < rows.length; start += w.capacity) {
      const chunk = rows.subarray(start, Math.min(rows.length, start + w.capacity));
      this.forwardBatch(x, chunk, chunk.length, w);
      for (let b = 0; b < chunk.length; b++) sse += (w.out[b]! - t[chunk[b]!]!) ** 2;
    }
    return sse / rows.length;
  }

  private applyUpdate(
    o: MlpTrainingOptions,
    grad: Float64Array,
    m1: Float64Array,
    m2: Float64Array,
    step: number,
  ): void {
    const p = this.params;
    const lr = o.learningRate;
    if (o.optimizer === "adam") {
      const b1 = o.beta1;
      const b2 = o.beta2;
      const c1 = 1 - b1 ** step;
      const c2 = 1 - b2 ** step;
      for (let i = 0; i < p.length; i++) {
        const g = grad[i]!;
        const mi = b1 * m1[i]! + (1 - b1) * g;
        const vi = b2 * m2[i]! + (1 - b2) * g * g;
        m1[i] = mi;
        m2[i] = vi;
        p[i]! -= (lr * (mi / c1)) / (Math.sqrt(vi / c2) + o.epsilon);
      }
    } else {
      for (let i = 0; i < p.length; i++) {
        const vi = o.momentum * m1[i]! - lr * grad[i]!;
        m1[i] = vi;
        p[i]! += vi;
      }
    }
  }

  /** Add the l2 gradient 2·l2·w to grad over [from, to) and return Σ w² there. */
  private penalise(from: number, to: number, l2: number, grad: Float64Array): number {
    const p = this.params;
    let s = 0;
    for (let i = from; i < to; i++) {
      s += p[i]! * p[i]!;
      grad[i]! += 2 * l2 * p[i]!;
    }
    return s;
  }
}

/** Work buffers for a batch of up to `capacity` rows (allocated once per training run). */
export class MlpWork {
  readonly capacity: number;
  readonly a1: Float64Array;
  readonly a2: Float64Array;
  readonly out: Float64Array;
  readonly d2: Float64Array;
  /** Mean squared error of the last lossAndGradient call, without the l2 term. */
  dataLoss = 0;

  constructor(net: MlpRegressor, capacity: number) {
    this.capacity = Math.max(1, capacity);
    this.a1 = new Float64Array(this.capacity * net.hidden1);
    this.a2 = new Float64Array(this.capacity * net.hidden2);
    this.out = new Float64Array(this.capacity);
    this.d2 = new Float64Array(this.capacity * net.hidden2);
  }
}

/**
 * Initialise (seed → He init) and train a network in one call. The initial weights come from
 * `rng.fork("init")` and the mini-batch order from `rng.fork("batches")`, so the two streams do not
 * depend on each other. Returns the trained model and its report.
 */
export function trainMlp(
  m: FeatureMatrix,
  y: ArrayLike<number>,
  options: Partial<MlpTrainingOptions> &
    Partial<MlpArchitecture> & { seed?: string | number; rng?: Rng } = {},
): { model: MlpRegressor; report: MlpTrainingReport } {
  const rng = options.rng ?? createRng(options.seed ?? 42);
  const arch = {
    hidden1: options.hidden1 ?? DEFAULT_MLP_ARCHITECTURE.hidden1,
    hidden2: options.hidden2 ?? DEFAULT_MLP_ARCHITECTURE.hidden2,
  };
  const model = MlpRegressor.initialize(m.names, arch, rng.fork("init"));
  const report = model.train(m, y, options, rng.fork("batches"));
  return { model, report };
}
