import { describe, expect, it } from "vitest";
import { exponentialKernel, powerLawKernel } from "../../src/impact/decay-kernels.js";
import { ImpulseHistory } from "../../src/venues/impulse-history.js";

const MIN = 60_000;

describe("ImpulseHistory", () => {
  it("sums w·G(t − t_j)/G(0) exactly while it has room", () => {
    const k = powerLawKernel(MIN, 0.5); // G(3ℓ0) = 1/2, G(8ℓ0) = 1/3
    const h = new ImpulseHistory(k, 8);
    h.add(0, 10);
    expect(h.value(0)).toBe(10);
    h.add(5 * MIN, -4);
    expect(h.value(8 * MIN)).toBeCloseTo(10 / 3 - 4 / 2, 12);
    // an unnormalised kernel (G(0) = 2) gives the same sums
    const g = new ImpulseHistory(powerLawKernel(MIN, 0.5, 2), 8);
    g.add(0, 10);
    expect(g.value(3 * MIN)).toBeCloseTo(5, 12);
    h.clear();
    expect(h.size).toBe(0);
    expect(h.value(1e9)).toBe(0);
  });

  it("merges the two oldest impulses at their |w|-weighted mean time (exact for equal times)", () => {
    const k = exponentialKernel(1 / MIN);
    const h = new ImpulseHistory(k, 2);
    h.add(0, 3);
    h.add(0, 5);
    h.add(MIN, 1); // merges (0, 3) and (0, 5) into (0, 8)
    expect(h.size).toBe(2);
    expect(h.value(2 * MIN)).toBeCloseTo(8 * Math.exp(-2) + Math.exp(-1), 12);
    // unequal times: (0, 1) and (2ℓ, 3) merge to (1.5ℓ, 4)
    const m = new ImpulseHistory(k, 2);
    m.add(0, 1);
    m.add(2 * MIN, 3);
    m.add(3 * MIN, 0);
    expect(m.value(4 * MIN)).toBeCloseTo(4 * Math.exp(-2.5), 12);
  });

  it("stays within 1 % of the exact power-law sum over 600 trades with 256 slots (measured 0.25 %)", () => {
    const k = powerLawKernel(MIN, 0.5);
    const bounded = new ImpulseHistory(k, 256);
    const exact = new ImpulseHistory(k, 1000);
    let worst = 0;
    for (let i = 0; i < 600; i++) {
      const t = i * MIN;
      const w = i % 7 === 3 ? -5 : 5;
      bounded.add(t, w);
      exact.add(t, w);
      const e = exact.value(t + 30_000);
      worst = Math.max(worst, Math.abs(bounded.value(t + 30_000) - e) / Math.abs(e));
    }
    expect(worst).toBeLessThan(0.01);
    expect(worst).toBeGreaterThan(0); // merging did happen
  });
});
