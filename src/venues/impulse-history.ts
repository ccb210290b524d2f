/**
 * A bounded history of impulses for kernels without a Markov form (the power law):
 *
 *   S(t) = Σ_j w_j · G(t − t_j) / G(0)
 *
 * kept in a ring buffer of at most `capacity` impulses (times ascending). When it is full, the two
 * oldest impulses are merged into one of weight w0 + w1 at their |w|-weighted mean time
 * t̄ = (|w0|·t0 + |w1|·t1) / (|w0| + |w1|): for lags much longer than t1 − t0 (the oldest impulses are
 * the ones with the longest lags) G(t − t0) ≈ G(t − t1) ≈ G(t − t̄), so the sum is preserved to first
 * order (exactly for equal times; the error is of order G″·(t1 − t0)² and vanishes as t grows). Same-sign
 * merges are accurate; opposite-sign pairs lose the small difference term w0·(G(t−t0) − G(t−t1)).
 *
 * Cost: add O(1), value O(capacity) kernel evaluations. Units: times in ms, weights in whatever the
 * caller sums (base units of a hole, price units of a displacement).
 */
import type { DecayKernel } from "../impact/decay-kernels.js";

export class ImpulseHistory {
  private readonly times: Float64Array;
  private readonly weights: Float64Array;
  private start = 0;
  private count = 0;
  private readonly g0: number;

  constructor(
    private readonly kernel: DecayKernel,
    capacity: number,
  ) {
    this.times = new Float64Array(capacity);
    this.weights = new Float64Array(capacity);
    this.g0 = kernel.value(0);
  }

  clear(): void {
    this.start = 0;
    this.count = 0;
  }

  get size(): number {
    return this.count;
  }

  /** Add an impulse of weight w at time t (t not earlier than the last impulse). */
  add(t: number, w: number): void {
    const cap = this.times.length;
    if (this.count === cap) {
      const i0 = this.start;
      const i1 = i0 + 1 === cap ? 0 : i0 + 1;
      const w0 = this.weights[i0]!;
      const w1 = this.weights[i1]!;
      const a0 = Math.abs(w0);
      const a1 = Math.abs(w1);
      if (a0 + a1 > 0) this.times[i1] = (a0 * this.times[i0]! + a1 * this.times[i1]!) / (a0 + a1);
      this.weights[i1] = w0 + w1;
      this.start = i1;
      this.count--;
    }
    const idx = (this.start + this.count) % cap;
    this.times[idx] = t;
    this.weights[idx] = w;
    this.count++;
  }

  /** S(t) = Σ w_j G(t − t_j) / G(0). */
  value(t: number): number {
    const cap = this.times.length;
    let s = 0;
    for (let j = 0, i = this.start; j < this.count; j++, i = i + 1 === cap ? 0 : i + 1) {
      s += this.weights[i]! * this.kernel.value(t - this.times[i]!);
    }
    return s / this.g0;
  }
}
