/**
 * Almgren-Chriss optimal liquidation, exact discrete-time solution (Almgren & Chriss 2000, §2-3).
 *
 * Model: liquidate X units over N intervals of length τ = T/N. Holdings x_0 = X, …, x_N = 0; the trade
 * in interval j is n_j = x_{j−1} − x_j. Price S_k = S_{k−1} + στ^½ξ_k − τ·g(n_k/τ) with permanent
 * impact g(v) = γv; each trade fills at S_{k−1} − h(n_k/τ) with temporary impact h(v) = ε·sign(v) + ηv.
 *
 *   η̃ = η − γτ/2                                   (must be > 0)
 *   (2/τ²)(cosh κτ − 1) = λσ²/η̃                     κ = (2/τ)·asinh(½τ·√(λσ²/η̃))  (same equation)
 *   x_j = X · sinh(κ(T − t_j)) / sinh(κT),  t_j = jτ
 *   E = ½γX² + ε Σ|n_j| + (η̃/τ) Σ n_j²               expected implementation shortfall (quote units)
 *   V = σ²τ Σ_{k=1..N} x_k²                          its variance
 *   U = E + λV,  half-life θ = 1/κ                   (time units)
 *
 * Units (consistent, the paper's convention is the day): qty in units (shares, BTC); horizon T and
 * τ in time units; σ in price units per √(time unit) (e.g. $/share/day^½ — daily vol × price); η in
 * (price/unit)/(unit/time unit); γ in (price/unit)/unit; ε in price/unit (half spread); λ in 1/price
 * (1/$). E, √V in quote currency. κ in 1/time unit.
 *
 * λ = 0 gives κ = 0 and the straight-line (TWAP) schedule x_j = X(1 − j/N). A negative qty (a buy
 * programme) mirrors the schedule: holdings and trades change sign, E and V do not.
 *
 * Seed vs paper: the seed (price-impact-ml-chapter) writes κ = √(λσ²/η̃) (the continuous-time limit,
 * equal to the exact κ only as τ → 0: 0.6164 instead of 0.6071 per day in the paper's example),
 * x_j with sinh(κ(T−t_j)τ) (a spurious extra τ) and V = σ²τ Σ_{j=1..N} x_{j−1}² (an index shifted
 * by one: it counts x_0 = X, although the first trade fills at the arrival price without risk, and
 * overstates V by σ²τX²). We follow the paper: exact discrete κ, sinh(κ(T−t_j)),
 * V = σ²τ Σ_{k=1..N} x_k².
 *
 * The paper's worked example (§3, S0 = 50, X = 10⁶, T = 5 days, N = 5, σ = 0.95, ε = 0.0625,
 * η = 2.5e-6, γ = 2.5e-7, λ = 1e-6) is reproduced in test/optimize/almgren-chriss.test.ts.
 *
 * Limitations: arithmetic Brownian motion without drift, constant parameters, linear impact,
 * deterministic (static) schedule; assumes all trades have the sign of X (true for λ >= 0).
 */
import { ExecsimError, requireNonNegative, requirePositive } from "../core/errors.js";

export interface AlmgrenChrissParams {
  /** Units to liquidate, X (> 0 sell programme; < 0 buy programme). */
  qty: number;
  /** Horizon T in time units (days in the paper's convention). */
  horizon: number;
  /** Number of intervals N (integer >= 1). */
  steps: number;
  /** σ: price volatility in price units per √(time unit). */
  sigma: number;
  /** η: temporary impact, (price/unit) per (unit/time unit). */
  eta: number;
  /** γ: permanent impact, (price/unit) per unit. */
  gamma: number;
  /** ε: fixed temporary cost per unit (half spread plus fees), price/unit. */
  epsilon: number;
  /** λ: risk aversion, 1/price units (0 = risk neutral = TWAP). */
  lambda: number;
}

export interface AlmgrenChrissSchedule {
  /** κ, urgency in 1/time unit. */
  kappa: number;
  /** τ = T/N. */
  tau: number;
  /** η̃ = η − γτ/2. */
  etaTilde: number;
  /** t_j = jτ, j = 0..N. */
  times: Float64Array;
  /** x_j, j = 0..N (x_0 = X, x_N = 0). */
  holdings: Float64Array;
  /** n_j = x_{j−1} − x_j, j = 1..N (stored at index j − 1). */
  trades: Float64Array;
  /** E, quote currency. */
  expectedCost: number;
  /** V, quote currency². */
  variance: number;
  /** √V. */
  stdDev: number;
  /** E + λV. */
  utility: number;
  /** 1/κ in time units (Infinity when λ = 0). */
  halfLife: number;
}

/** Validate parameters and return τ and η̃; throws INVALID_ARGUMENT / MODEL_ERROR with a fix. */
export function almgrenChrissPrep(p: AlmgrenChrissParams): { tau: number; etaTilde: number } {
  if (!Number.isFinite(p.qty)) {
    throw new ExecsimError("INVALID_ARGUMENT", `qty must be a finite number of units, got ${p.qty}`);
  }
  requirePositive(p.horizon, "horizon (T, in time units)");
  if (!(Number.isInteger(p.steps) && p.steps >= 1)) {
    throw new ExecsimError("INVALID_ARGUMENT", `steps (N) must be an integer >= 1, got ${p.steps}`);
  }
  requireNonNegative(p.sigma, "sigma (price units per √time unit)");
  requirePositive(p.eta, "eta (temporary impact coefficient)");
  requireNonNegative(p.gamma, "gamma (permanent impact coefficient)");
  requireNonNegative(p.epsilon, "epsilon (half spread per unit)");
  requireNonNegative(p.lambda, "lambda (risk aversion)");
  const tau = p.horizon / p.steps;
  const etaTilde = p.eta - (p.gamma * tau) / 2;
  if (!(etaTilde > 0)) {
    throw new ExecsimError(
      "MODEL_ERROR",
      `eta-tilde = eta − gamma·tau/2 = ${p.eta} − ${p.gamma}·${tau}/2 = ${etaTilde} <= 0: the discrete ` +
        "Almgren-Chriss problem has no interior optimum (trading in one block would look free). Use more " +
        "steps (a smaller tau), a larger eta or a smaller gamma.",
      { eta: p.eta, gamma: p.gamma, tau, etaTilde },
    );
  }
  return { tau, etaTilde };
}

/** κ from (2/τ²)(cosh κτ − 1) = λσ²/η̃, solved stably as κ = (2/τ)·asinh(½τ√(λσ²/η̃)). */
export function almgrenChrissKappa(lambda: number, sigma: number, etaTilde: number, tau: number): number {
  const kTilde = Math.sqrt((lambda * sigma * sigma) / etaTilde);
  return (2 / tau) * Math.asinh(0.5 * tau * kTilde);
}

/**
 * Fraction of the position still held at time t: sinh(κ(T−t))/sinh(κT), written with exponentials so
 * that large κT does not overflow; the limit 1 − t/T as κT → 0.
 */
export function holdingFraction(kappa: number, horizon: number, t: number): number {
  const kT = kappa * horizon;
  if (kT < 1e-6) return smallKappaFraction(kT, (horizon - t) / horizon);
  return sinhRatio(kappa, horizon, t, -Math.expm1(-2 * kT));
}

/**
 * sinh(κ(T−t))/sinh(κT) = e^{−κt}(1 − e^{−2κ(T−t)}) / (1 − e^{−2κT}), with the t-independent
 * denominator `den` = 1 − e^{−2κT} passed in (a schedule computes it once for all its times).
 */
function sinhRatio(kappa: number, horizon: number, t: number, den: number): number {
  return (Math.exp(-kappa * t) * -Math.expm1(-2 * kappa * (horizon - t))) / den;
}

/** sinh(r·b)/sinh(b) for small b = κT and r = (T − t)/T: r(1 + b²(r² − 1)/6), error O(b⁴). */
function smallKappaFraction(b: number, r: number): number {
  return b === 0 ? r : r * (1 + (b * b * (r * r - 1)) / 6);
}

/** The optimal Almgren-Chriss schedule with its expected cost, variance, utility and half-life. */
export function almgrenChrissSchedule(p: AlmgrenChrissParams): AlmgrenChrissSchedule {
  const { tau, etaTilde } = almgrenChrissPrep(p);
  const N = p.steps;
  const X = p.qty;
  const kappa = almgrenChrissKappa(p.lambda, p.sigma, etaTilde, tau);
  const times = new Float64Array(N + 1);
  const holdings = new Float64Array(N + 1);
  const trades = new Float64Array(N);
  holdings[0] = X;
  const kT = kappa * p.horizon;
  const smallKT = kT < 1e-6;
  const den = -Math.expm1(-2 * kT);
  for (let j = 1; j < N; j++) {
    const t = j * tau;
    times[j] = t;
    // (N − j)/N is exact in floating point where 1 − t/T is not (TWAP holdings come out round)
    holdings[j] = smallKT ? X * smallKappaFraction(kT, (N - j) / N) : X * sinhRatio(kappa, p.horizon, t, den);
  }
  times[N] = p.horizon;
  holdings[N] = 0;
  let sumAbs = 0;
  let sumSq = 0;
  let sumX2 = 0;
  for (let j = 1; j <= N; j++) {
    const n = holdings[j - 1]! - holdings[j]!;
    trades[j - 1] = n;
    sumAbs += Math.abs(n);
    sumSq += n * n;
    const x = holdings[j]!;
    sumX2 += x * x;
  }
  const expectedCost = 0.5 * p.gamma * X * X + p.epsilon * sumAbs + (etaTilde / tau) * sumSq;
  const variance = p.sigma * p.sigma * tau * sumX2;
  return {
    kappa,
    tau,
    etaTilde,
    times,
    holdings,
    trades,
    expectedCost,
    variance,
    stdDev: Math.sqrt(variance),
    utility: expectedCost + p.lambda * variance,
    halfLife: kappa > 0 ? 1 / kappa : Number.POSITIVE_INFINITY,
  };
}

/**
 * E and V of the optimal schedule in closed form (Almgren & Chriss 2000, eqs. for E(x), V(x) of the
 * efficient strategy):
 *   E = ½γX² + ε|X| + η̃X² · tanh(½κτ)(τ sinh 2κT + 2T sinh κτ) / (2τ² sinh² κT)
 *   V = ½σ²X² · (τ sinh κT cosh κ(T−τ) − T sinh κτ) / (sinh² κT · sinh κτ)
 * and for κ = 0 (TWAP): E = ½γX² + ε|X| + η̃X²/T, V = ⅓σ²X²T(1 − 1/N)(1 − 1/(2N)) (V by its series
 * in κT below κT = 1e-3, where the exact form cancels).
 * Evaluated with bounded ratios (e^{−κT} forms of coth, 1/sinh, sinh κτ/sinh κT) so it does not
 * overflow for large κT. O(1): used by the cost curve, the frontier and the AC impact model, and
 * checked against the direct sums of almgrenChrissSchedule in the tests.
 */
export function almgrenChrissClosedForm(p: AlmgrenChrissParams): {
  kappa: number;
  expectedCost: number;
  variance: number;
} {
  const { etaTilde } = almgrenChrissPrep(p);
  return almgrenChrissClosedFormUnchecked(
    p.qty,
    p.horizon,
    p.steps,
    p.sigma,
    p.gamma,
    p.epsilon,
    p.lambda,
    etaTilde,
  );
}

/**
 * almgrenChrissClosedForm without validation or object arguments, for hot loops whose parameters were
 * validated once (τ = T/N; the caller guarantees T > 0, N >= 1, η̃ = η − γτ/2 > 0).
 */
export function almgrenChrissClosedFormUnchecked(
  X: number,
  T: number,
  N: number,
  sigma: number,
  gamma: number,
  epsilon: number,
  lambda: number,
  etaTilde: number,
): { kappa: number; expectedCost: number; variance: number } {
  const tau = T / N;
  const kappa = almgrenChrissKappa(lambda, sigma, etaTilde, tau);
  const b = kappa * T;
  const base = 0.5 * gamma * X * X + epsilon * Math.abs(X);
  if (b < 1e-3) {
    // The exact V below loses ~ε/(κT)² to cancellation as κT → 0; use the series instead:
    // x_k/X ≈ r(1 + b²(r² − 1)/6), r = m/N, so Σx_k² ≈ X²[S2 + (b²/3)(S4 − S2)], error O(b⁴).
    const s2 = ((N - 1) * (2 * N - 1)) / (6 * N);
    const s4 = ((N - 1) * (2 * N - 1) * (3 * (N - 1) * (N - 1) + 3 * (N - 1) - 1)) / (30 * N * N * N);
    const variance = sigma * sigma * tau * X * X * (s2 + ((b * b) / 3) * (s4 - s2));
    if (b < 1e-6) return { kappa, expectedCost: base + (etaTilde * X * X) / T, variance };
    const sKT = Math.sinh(b);
    const sKtau = Math.sinh(kappa * tau);
    const expectedCost =
      base +
      (etaTilde * X * X * Math.tanh(0.5 * kappa * tau) * (tau * Math.sinh(2 * b) + 2 * T * sKtau)) /
        (2 * tau * tau * sKT * sKT);
    return { kappa, expectedCost, variance };
  }
  // b >= 1e-3: the paper's forms rewritten with bounded ratios so that nothing overflows for large κT
  //   E − base = η̃X² tanh(½κτ) [coth(κT)/τ + T·(sinh κτ / sinh κT)·(1/sinh κT)/τ²]
  //   V = ½σ²X² [τ·(cosh κ(T−τ)/sinh κT)/sinh κτ − T/sinh² κT]
  // Built from six exponentials (eb = e^{−b}, ea = e^{−a}, a = κτ, d = e^{−(b−a)}):
  //   1/sinh b = 2eb/(1 − eb²), coth b = (1 + eb²)/(1 − eb²), sinh a/sinh b = d(1 − ea²)/(1 − eb²),
  //   cosh(b − a)/sinh b = ea(1 + d²)/(1 − eb²), tanh(a/2) = (1 − ea)/(1 + ea), sinh a = (1 − ea²)/(2ea)
  // with 1 − e^{−x} from expm1 to keep full precision for small arguments.
  const a = kappa * tau;
  const eb = Math.exp(-b);
  const ea = Math.exp(-a);
  const oneMinusEb2 = -Math.expm1(-2 * b);
  const oneMinusEa2 = -Math.expm1(-2 * a);
  const d = a === b ? 1 : Math.exp(a - b); // not eb/ea, which is 0/0 once κτ > 745
  const invSinhB = (2 * eb) / oneMinusEb2;
  const cothB = (1 + eb * eb) / oneMinusEb2;
  const sinhRatio = a === b ? 1 : (d * oneMinusEa2) / oneMinusEb2;
  const coshRatio = (ea * (1 + d * d)) / oneMinusEb2;
  const tanhHalfA = -Math.expm1(-a) / (1 + ea);
  const expectedCost =
    base + etaTilde * X * X * tanhHalfA * (cothB / tau + (T * sinhRatio * invSinhB) / (tau * tau));
  // N = 1 sells everything at t = 0: no risk (the bracket below cancels to rounding error).
  // τ·coshRatio/sinh a = 2τ·ea·coshRatio/(1 − ea²); ea underflows to 0 only when V is 0 anyway.
  const variance =
    N === 1
      ? 0
      : Math.max(
          0,
          0.5 * sigma * sigma * X * X * ((2 * tau * ea * coshRatio) / oneMinusEa2 - T * invSinhB * invSinhB),
        );
  return { kappa, expectedCost, variance };
}

/**
 * E and V of an arbitrary schedule given by its holdings x_0 = X, …, x_N = 0 under the same model
 * (for comparing strategies, e.g. TWAP or a perturbed optimum, against the AC optimum).
 */
export function almgrenChrissCostOf(
  holdings: ArrayLike<number>,
  p: Omit<AlmgrenChrissParams, "qty" | "steps">,
): { expectedCost: number; variance: number; utility: number } {
  const N = holdings.length - 1;
  const X = holdings[0] ?? Number.NaN;
  const xN = holdings[N] ?? Number.NaN;
  if (!(N >= 1 && Math.abs(xN) <= 1e-9 * Math.abs(X))) {
    throw new ExecsimError(
      "INVALID_ARGUMENT",
      `holdings must run from x_0 = X to x_N = 0 with at least two points, got ${holdings.length} points ending at ${xN}`,
    );
  }
  const { tau, etaTilde } = almgrenChrissPrep({ ...p, qty: X, steps: N });
  let sumAbs = 0;
  let sumSq = 0;
  let sumX2 = 0;
  for (let j = 1; j <= N; j++) {
    const n = holdings[j - 1]! - holdings[j]!;
    sumAbs += Math.abs(n);
    sumSq += n * n;
    sumX2 += holdings[j]! * holdings[j]!;
  }
  const expectedCost = 0.5 * p.gamma * X * X + p.epsilon * sumAbs + (etaTilde / tau) * sumSq;
  const variance = p.sigma * p.sigma * tau * sumX2;
  return { expectedCost, variance, utility: expectedCost + p.lambda * variance };
}

/** E and V of the optimal schedule in O(1) (the overflow-safe closed forms), after validation. */
export const almgrenChrissCostRisk: typeof almgrenChrissClosedForm = almgrenChrissClosedForm;
