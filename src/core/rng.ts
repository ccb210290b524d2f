/**
 * Seeded random numbers. All randomness in execsim flows from an Rng created here and passed in
 * explicitly; nothing reads Math.random. Backed by seedrandom's Alea generator (fast, 32-bit state
 * mixing, period ~2^116), which gives the same stream for the same seed on every platform.
 */
import seedrandom from "seedrandom";

export interface Rng {
  /** Uniform on [0, 1). */
  uniform(): number;
  /** Standard normal N(0, 1) (Marsaglia polar method, one cached spare). */
  normal(): number;
  /** Student-t with `nu` > 2 degrees of freedom, scaled to unit variance. */
  studentT(nu: number): number;
  /** Integer uniform on [0, n). */
  int(n: number): number;
  /** Derive an independent child stream (e.g. one per strategy or per parent order). */
  fork(label: string): Rng;
}

export function createRng(seed: string | number): Rng {
  return new AleaRng(String(seed));
}

class AleaRng implements Rng {
  private readonly gen: () => number;
  private spare = 0;
  private hasSpare = false;

  constructor(private readonly seed: string) {
    this.gen = seedrandom.alea(seed);
  }

  uniform(): number {
    return this.gen();
  }

  normal(): number {
    if (this.hasSpare) {
      this.hasSpare = false;
      return this.spare;
    }
    let u: number;
    let v: number;
    let s: number;
    do {
      u = 2 * this.gen() - 1;
      v = 2 * this.gen() - 1;
      s = u * u + v * v;
    } while (s >= 1 || s === 0);
    const m = Math.sqrt((-2 * Math.log(s)) / s);
    this.spare = v * m;
    this.hasSpare = true;
    return u * m;
  }

  studentT(nu: number): number {
    if (!(nu > 2)) throw new RangeError(`studentT needs nu > 2 for a finite variance, got ${nu}`);
    // t = Z / sqrt(ChiSq(nu)/nu); chi-square as a sum of squares for integer nu, Gamma otherwise.
    const z = this.normal();
    const chi = 2 * this.gamma(nu / 2);
    const t = z / Math.sqrt(chi / nu);
    return t * Math.sqrt((nu - 2) / nu);
  }

  int(n: number): number {
    return Math.floor(this.gen() * n);
  }

  fork(label: string): Rng {
    return new AleaRng(`${this.seed}/${label}`);
  }

  /** Gamma(shape, 1) by Marsaglia-Tsang (2000). */
  private gamma(shape: number): number {
    if (shape < 1) {
      const u = this.gen();
      return this.gamma(shape + 1) * u ** (1 / shape);
    }
    const d = shape - 1 / 3;
    const c = 1 / Math.sqrt(9 * d);
    for (;;) {
      let x: number;
      let v: number;
      do {
        x = this.normal();
        v = 1 + c * x;
      } while (v <= 0);
      v = v * v * v;
      const u = this.gen();
      if (u < 1 - 0.0331 * x * x * x * x) return d * v;
      if (Math.log(u) < 0.5 * x * x + d * (1 - v + Math.log(v))) return d * v;
    }
  }
}
