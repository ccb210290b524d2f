/**
 * The propagator's decay fitted to markout curves (transient-impact.ts, Bouchaud et al. 2004): after a
 * parent with fills q_j at t_j (base units, one side), the displacement it left at time t ≥ its end is
 *
 *   D(t) = λ_p · g(t; θ),    g(t; θ) = Σ_j |q_j| · G(t − t_j; θ)
 *
 * exponential kernel G(ℓ) = 2^(−ℓ / halfLifeMs) (θ = halfLifeMs), or power law
 * G(ℓ) = (ℓ0 / (ℓ0 + ℓ))^β (θ = β, ℓ0 = l0Ms fixed, default the venue's 60 000 ms). Observations: each
 * parent's markouts d(h)·A at end + h (price units; calibration-points.ts). Each parent gets its own
 * scale λ_p (impact per unit varies with liquidity; the venue fixes λ per parent at its first trade), so
 * θ is fitted to the SHAPE of the curves: θ̂ minimises the profiled sum of squares
 *   S(θ) = Σ_p [ Σ_h D_ph² − (Σ_h D_ph g_ph)² / Σ_h g_ph² ]
 * (a 60-point log grid, then golden-section search). Standard error of θ: delete-a-group jackknife over
 * parents (G = min(P, 20) contiguous groups in time; Var(ln θ̂) = (G−1)/G · Σ_g (ln θ̂_(−g) − mean)²,
 * SE(θ) = θ·SE(ln θ)), which holds when the noise differs from parent to parent and when a parent's
 * markouts are correlated (they share the market's path), where the curvature of S would be optimistic.
 * lambda (price per base unit; the venue's `lambda`) is the common scale at θ̂, Σ D g / Σ g², with its
 * OLS standard error. Units: halfLifeMs and l0Ms milliseconds, β dimensionless.
 * Source: Bouchaud, Gefen, Potters & Wyart (2004); the hedging seed (the propagator "accounts for the
 * temporal decay of impact"); Efron & Stein (1981) / Shao & Wu (1989) for the grouped jackknife.
 * Limitations: the jackknife needs a handful of parents (with fewer than 5 its SE is rough); λ's SE is
 * the classical one; with a desk's fills the curve includes the market's move after the end; linear in
 * size (no concavity).
 */
import { ExecsimError } from "../core/errors.js";
import type { CalibrationPoint } from "./calibration-points.js";
import type { KindFit, KindFitter } from "./kind-fit.js";

export type PropagatorKernel = "exponential" | "power-law";

export interface PropagatorFitOptions {
  kernel: PropagatorKernel;
  /** Power-law ℓ0 (ms). */
  l0Ms: number;
}

export const DEFAULT_PROPAGATOR_FIT: Readonly<PropagatorFitOptions> = Object.freeze({
  kernel: "exponential",
  l0Ms: 60_000,
});

interface Curve {
  point: CalibrationPoint;
  /** Times end + h (ms) and observed displacement (price units). */
  times: number[];
  d: number[];
  /** Power law, computed once per ℓ0: per time, |q_j| and ln(ℓ0 / (ℓ0 + t − t_j)) of the fills before it. */
  powerLaw?: { l0Ms: number; q: Float64Array[]; logRatio: Float64Array[] };
}

function curves(points: readonly CalibrationPoint[]): Curve[] {
  const out: Curve[] = [];
  for (const p of points) {
    const times: number[] = [];
    const d: number[] = [];
    for (const m of p.markouts ?? []) {
      if (!Number.isFinite(m.move)) continue;
      times.push(p.endMs + m.horizonMs);
      d.push(m.move * p.arrivalPrice);
    }
    if (times.length >= 2 && p.fills.length > 0) out.push({ point: p, times, d });
  }
  return out;
}

interface Kernel {
  readonly G: (lag: number) => number;
  /** Exponential only: G(a + b) = G(a)·G(b), so a curve needs one pass over its fills. */
  readonly separable: boolean;
  /** Power law: ℓ0 and β (G = exp(β·ln(ℓ0/(ℓ0 + ℓ))), with the logarithms cached per curve). */
  readonly powerLaw?: { l0Ms: number; beta: number };
}

function kernelOf(o: PropagatorFitOptions, theta: number): Kernel {
  return o.kernel === "exponential"
    ? { G: (lag) => 2 ** (-lag / theta), separable: true }
    : {
        G: (lag) => (o.l0Ms / (o.l0Ms + lag)) ** theta,
        separable: false,
        powerLaw: { l0Ms: o.l0Ms, beta: theta },
      };
}

function powerLawCache(c: Curve, l0Ms: number): NonNullable<Curve["powerLaw"]> {
  if (c.powerLaw?.l0Ms === l0Ms) return c.powerLaw;
  const fills = c.point.fills;
  const q: Float64Array[] = [];
  const logRatio: Float64Array[] = [];
  for (const t of c.times) {
    const before = fills.filter((f) => f.timeMs <= t);
    q.push(Float64Array.from(before, (f) => Math.abs(f.qty)));
    logRatio.push(Float64Array.from(before, (f) => Math.log(l0Ms / (l0Ms + t - f.timeMs))));
  }
  c.powerLaw = { l0Ms, q, logRatio };
  return c.powerLaw;
}

/** g(t; θ) at each time of the curve (times ascending). */
function gOf(c: Curve, k: Kernel): number[] {
  const fills = c.point.fills;
  const t0 = c.times[0]!;
  if (k.powerLaw) {
    const { q, logRatio } = powerLawCache(c, k.powerLaw.l0Ms);
    const beta = k.powerLaw.beta;
    return q.map((qs, i) => {
      const L = logRatio[i]!;
      let s = 0;
      for (let j = 0; j < qs.length; j++) s += qs[j]! * Math.exp(beta * L[j]!);
      return s;
    });
  }
  if (k.separable && fills.every((f) => f.timeMs <= t0)) {
    let base = 0;
    for (const f of fills) base += Math.abs(f.qty) * k.G(t0 - f.timeMs);
    return c.times.map((t) => base * k.G(t - t0));
  }
  return c.times.map((t) => {
    let s = 0;
    for (const f of fills) if (f.timeMs <= t) s += Math.abs(f.qty) * k.G(t - f.timeMs);
    return s;
  });
}

/** Profiled sum of squares S(θ) (per-parent λ). */
function profiledSse(cs: readonly Curve[], o: PropagatorFitOptions, theta: number): number {
  const G = kernelOf(o, theta);
  let s = 0;
  for (const c of cs) {
    const g = gOf(c, G);
    let dd = 0;
    let dg = 0;
    let gg = 0;
    for (let i = 0; i < g.length; i++) {
      dd += c.d[i]! ** 2;
      dg += c.d[i]! * g[i]!;
      gg += g[i]! ** 2;
    }
    s += gg > 0 ? dd - (dg * dg) / gg : dd;
  }
  return Math.max(0, s);
}

/** ln θ search range. */
function range(o: PropagatorFitOptions): [number, number] {
  return o.kernel === "exponential"
    ? [Math.log(1_000), Math.log(30 * 86_400_000)]
    : [Math.log(0.01), Math.log(3)];
}

function minimise(f: (u: number) => number, lo: number, hi: number, N = 60, tol = 1e-10): number {
  let best = 0;
  let bestV = Number.POSITIVE_INFINITY;
  const us = Array.from({ length: N + 1 }, (_, i) => lo + ((hi - lo) * i) / N);
  us.forEach((u, i) => {
    const v = f(u);
    if (v < bestV) {
      bestV = v;
      best = i;
    }
  });
  let a = us[Math.max(0, best - 1)]!;
  let b = us[Math.min(N, best + 1)]!;
  const r = (Math.sqrt(5) - 1) / 2;
  let c = b - r * (b - a);
  let d = a + r * (b - a);
  let fc = f(c);
  let fd = f(d);
  for (let it = 0; it < 100 && b - a > tol; it++) {
    if (fc < fd) {
      b = d;
      d = c;
      fd = fc;
      c = b - r * (b - a);
      fc = f(c);
    } else {
      a = c;
      c = d;
      fc = fd;
      d = a + r * (b - a);
      fd = f(d);
    }
  }
  return (a + b) / 2;
}

/** Delete-a-group jackknife SE of ln θ̂ (groups: contiguous runs of the curves, at most 20). */
function jackknifeSeOfLogTheta(
  cs: readonly Curve[],
  o: PropagatorFitOptions,
  u: number,
  lo: number,
  hi: number,
): number {
  const G = Math.min(cs.length, 20);
  if (G < 3) return Number.NaN;
  const us: number[] = [];
  for (let g = 0; g < G; g++) {
    const a = Math.floor((g * cs.length) / G);
    const b = Math.floor(((g + 1) * cs.length) / G);
    const rest = [...cs.slice(0, a), ...cs.slice(b)];
    // start near θ̂: a group's removal moves it little
    us.push(
      minimise((v) => profiledSse(rest, o, Math.exp(v)), Math.max(lo, u - 1), Math.min(hi, u + 1), 10, 1e-7),
    );
  }
  const mean = us.reduce((x, y) => x + y, 0) / G;
  return Math.sqrt(((G - 1) / G) * us.reduce((x, y) => x + (y - mean) ** 2, 0));
}

export function propagatorFitter(options: Partial<PropagatorFitOptions> = {}): KindFitter {
  const o: PropagatorFitOptions = { ...DEFAULT_PROPAGATOR_FIT, ...options };
  if (o.kernel !== "exponential" && o.kernel !== "power-law")
    throw new ExecsimError(
      "INVALID_ARGUMENT",
      `--kernel: use exponential or power-law, got ${String(o.kernel)}`,
    );
  if (!(o.l0Ms > 0 && Number.isFinite(o.l0Ms)))
    throw new ExecsimError("INVALID_ARGUMENT", `the power-law l0 must be > 0 ms, got ${o.l0Ms}`);
  const thetaName = o.kernel === "exponential" ? "halfLifeMs" : "beta";
  return {
    minPoints: 2,
    errorUnit: "markout, fraction of the arrival price",
    fit(points: readonly CalibrationPoint[], fitOpts: { standardErrors?: boolean } = {}): KindFit {
      const cs = curves(points);
      if (cs.length < 2) {
        throw new ExecsimError(
          "INSUFFICIENT_DATA",
          `the propagator's decay is fitted to markout curves, but only ${cs.length} parent(s) have at least two ` +
            "markouts (the candles must reach past the parents' ends; simulated runs need a venue that can be replayed); " +
            "supply more parents or candles after them",
        );
      }
      const nObs = cs.reduce((s, c) => s + c.times.length, 0);
      const [lo, hi] = range(o);
      const S = (u: number) => profiledSse(cs, o, Math.exp(u));
      const u = minimise(S, lo, hi);
      const theta = Math.exp(u);
      const sse = S(u);
      const seU = fitOpts.standardErrors === false ? Number.NaN : jackknifeSeOfLogTheta(cs, o, u, lo, hi);
      // the common scale λ at θ̂
      const G = kernelOf(o, theta);
      const gs = cs.map((c) => gOf(c, G));
      let dg = 0;
      let gg = 0;
      let dd = 0;
      cs.forEach((c, k) => {
        c.d.forEach((d, i) => {
          dg += d * gs[k]![i]!;
          gg += gs[k]![i]! ** 2;
          dd += d * d;
        });
      });
      const lambda = gg > 0 ? dg / gg : Number.NaN;
      const lambdaSE = gg > 0 && nObs > 1 ? Math.sqrt((dd - (dg * dg) / gg) / (nObs - 1) / gg) : Number.NaN;
      const predict = (c: Curve) => gOf(c, G).map((g) => (lambda * g) / c.point.arrivalPrice);
      const params: Record<string, number> = { [thetaName]: theta, lambda };
      if (o.kernel === "power-law") params.l0Ms = o.l0Ms;
      return {
        params,
        standardErrors: { [thetaName]: theta * seU, lambda: lambdaSE },
        stats: {
          n: cs.length,
          nMarkouts: nObs,
          r2: dd > 0 ? 1 - sse / dd : 1,
          kernelPowerLaw: o.kernel === "power-law" ? 1 : 0,
        },
        rss: sse,
        nParams: 1,
        nObs: nObs - cs.length,
        errors: (test) =>
          curves(test).flatMap((c) => {
            const pred = predict(c);
            return pred.map((v, i) => v - c.d[i]! / c.point.arrivalPrice);
          }),
      };
    },
  };
}
