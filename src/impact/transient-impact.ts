/**
 * Transient (decaying) impact of a schedule of child trades: the propagator model.
 *
 *   D(t)    = Σ_{t_i <= t} λ q_i G(t − t_i)          price displacement at t, trades at t included
 *   D(t_k−) = Σ_{t_i <  t_k} λ q_i G(t_k − t_i)      displacement just before trade k
 *   cost    = Σ_k q_k (D(t_k−) + λ q_k / 2)           expected cost of the schedule (price·units)
 *
 * A trade of q units (> 0 buy, < 0 sell) shifts the price by λq at once (a block walks a linear book
 * of depth 1/λ: average fill D(t−) + λq/2), and that shift decays with the kernel G (G(0) = 1). The
 * cost is positive when it hurts the trader for buys and sells alike (q and D share a sign).
 * Kernels (src/impact/decay-kernels.ts): exponential G(ℓ) = e^{−ρℓ} (Obizhaeva & Wang 2013) — handled
 * in O(N + M) by the recursion D(t_k−) = e^{−ρ(t_k − t_{k−1})}(D(t_{k−1}−) + λq_{k−1}); power law
 * G(ℓ) = G0/(ℓ0 + ℓ)^β (Bouchaud, Gefen, Potters & Wyart 2004) — O(N·M) direct sums (no Markov
 * structure).
 * Units: times in ms (the kernels' lag unit), q in base units, λ in price units per base unit, D in
 * price units. Divide D by the arrival price for a relative impact.
 * Limitations: linear in size (a concave f(q) such as the square root breaks the cost identity above);
 * deterministic decay independent of market activity; trades at equal times are applied in order.
 */
import { ExecsimError, requireNonNegative } from "../core/errors.js";
import type { DecayKernel } from "./decay-kernels.js";

function checkSchedule(timesMs: ArrayLike<number>, qtys: ArrayLike<number>): void {
  if (timesMs.length !== qtys.length) {
    throw new ExecsimError(
      "INVALID_ARGUMENT",
      `times and quantities must have the same length, got ${timesMs.length} and ${qtys.length}`,
    );
  }
  for (let i = 0; i < timesMs.length; i++) {
    const t = timesMs[i]!;
    if (!Number.isFinite(t) || !Number.isFinite(qtys[i]!)) {
      throw new ExecsimError(
        "INVALID_ARGUMENT",
        `trade ${i}: time and quantity must be finite, got ${t}, ${qtys[i]}`,
      );
    }
    if (i > 0 && t < timesMs[i - 1]!) {
      throw new ExecsimError(
        "INVALID_ARGUMENT",
        `trade times must be ascending; trade ${i} at ${t} ms precedes trade ${i - 1}`,
      );
    }
  }
}

function rhoOf(kernel: DecayKernel): number | undefined {
  return kernel.kind === "exponential" ? kernel.params.rhoPerMs : undefined;
}

/**
 * D(t_k−) for every trade k: the displacement each trade meets (excluding its own). O(N) for the
 * exponential kernel, O(N²) otherwise.
 */
export function preTradeDisplacement(
  timesMs: ArrayLike<number>,
  qtys: ArrayLike<number>,
  kernel: DecayKernel,
  impactPerUnit: number,
): Float64Array {
  checkSchedule(timesMs, qtys);
  requireNonNegative(impactPerUnit, "impactPerUnit (λ, price per unit)");
  const n = qtys.length;
  const out = new Float64Array(n);
  const rho = rhoOf(kernel);
  if (rho !== undefined) {
    let d = 0;
    for (let k = 0; k < n; k++) {
      if (k > 0) d = Math.exp(-rho * (timesMs[k]! - timesMs[k - 1]!)) * (d + impactPerUnit * qtys[k - 1]!);
      out[k] = d;
    }
    return out;
  }
  for (let k = 0; k < n; k++) {
    let d = 0;
    const tk = timesMs[k]!;
    for (let i = 0; i < k; i++) d += impactPerUnit * qtys[i]! * kernel.value(tk - timesMs[i]!);
    out[k] = d;
  }
  return out;
}

/**
 * D(t) at each (ascending) evaluation time, trades at exactly t included. O(N + M) for the
 * exponential kernel, O(N·M) otherwise.
 */
export function transientImpactPath(
  timesMs: ArrayLike<number>,
  qtys: ArrayLike<number>,
  kernel: DecayKernel,
  impactPerUnit: number,
  evalTimesMs: ArrayLike<number>,
): Float64Array {
  checkSchedule(timesMs, qtys);
  requireNonNegative(impactPerUnit, "impactPerUnit (λ, price per unit)");
  const m = evalTimesMs.length;
  for (let j = 1; j < m; j++) {
    if (!(evalTimesMs[j]! >= evalTimesMs[j - 1]!)) {
      throw new ExecsimError("INVALID_ARGUMENT", `evaluation times must be ascending (index ${j})`);
    }
  }
  const n = qtys.length;
  const out = new Float64Array(m);
  const rho = rhoOf(kernel);
  if (rho !== undefined) {
    // d = displacement right after the last applied trade, at time tLast
    let d = 0;
    let tLast = 0;
    let i = 0;
    for (let j = 0; j < m; j++) {
      const t = evalTimesMs[j]!;
      while (i < n && timesMs[i]! <= t) {
        d = d * Math.exp(-rho * (timesMs[i]! - tLast)) + impactPerUnit * qtys[i]!;
        tLast = timesMs[i]!;
        i++;
      }
      out[j] = i === 0 ? 0 : d * Math.exp(-rho * (t - tLast));
    }
    return out;
  }
  for (let j = 0; j < m; j++) {
    const t = evalTimesMs[j]!;
    let d = 0;
    for (let i = 0; i < n && timesMs[i]! <= t; i++)
      d += impactPerUnit * qtys[i]! * kernel.value(t - timesMs[i]!);
    out[j] = d;
  }
  return out;
}

/** Expected cost Σ q_k (D(t_k−) + λq_k/2) of a schedule of block trades (price units × units, >= 0 per trade side). */
export function transientImpactCost(
  timesMs: ArrayLike<number>,
  qtys: ArrayLike<number>,
  kernel: DecayKernel,
  impactPerUnit: number,
): number {
  const pre = preTradeDisplacement(timesMs, qtys, kernel, impactPerUnit);
  let cost = 0;
  for (let k = 0; k < qtys.length; k++) {
    const q = qtys[k]!;
    cost += q * (pre[k]! + 0.5 * impactPerUnit * q);
  }
  return cost;
}
