import { describe, expect, it } from "vitest";
import { createRng } from "../../src/core/rng.js";

describe("seeded rng", () => {
  it("the same seed gives the same stream; forks are independent but reproducible", () => {
    const a = createRng(42);
    const b = createRng(42);
    const xs = Array.from({ length: 5 }, () => a.uniform());
    expect(Array.from({ length: 5 }, () => b.uniform())).toEqual(xs);
    expect(createRng(43).uniform()).not.toBe(xs[0]);
    expect(createRng(42).fork("x").uniform()).toBe(createRng(42).fork("x").uniform());
  });

  it("normal and unit-variance student-t have the right first two moments", () => {
    const r = createRng("moments");
    const n = 200_000;
    for (const draw of [() => r.normal(), () => r.studentT(4)]) {
      let s = 0;
      let s2 = 0;
      for (let i = 0; i < n; i++) {
        const x = draw();
        s += x;
        s2 += x * x;
      }
      expect(Math.abs(s / n)).toBeLessThan(0.01);
      expect(s2 / n).toBeGreaterThan(0.95);
      expect(s2 / n).toBeLessThan(1.05);
    }
  });
});
