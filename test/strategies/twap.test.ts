import { describe, expect, it } from "vitest";
import { MINUTE_MS, simulate } from "../../src/index.js";
import { twap, twapSlices } from "../../strategies/twap.js";
import { makeSeries, parent, spec, T0 } from "../helpers/engine-fixtures.js";

describe("twap schedule", () => {
  it("twapSlices puts the remainder in the last slice", () => {
    // 10 over 3 slices with lot 0.1: 3.3, 3.3, 3.4.
    const s = twapSlices(10, 3, 0.1);
    expect(s[0]).toBeCloseTo(3.3, 12);
    expect(s[1]).toBeCloseTo(3.3, 12);
    expect(s[2]).toBeCloseTo(3.4, 12);
    expect(s.reduce((a, b) => a + b, 0)).toBeCloseTo(10, 12);
    // Without a lot size the slices are exactly equal up to the last one absorbing float dust.
    const e = twapSlices(1, 7);
    for (let i = 0; i < 6; i++) expect(e[i]).toBe(1 / 7);
    expect(e[6]).toBe(1 - 6 * (1 / 7));
  });

  it("trades equal slices at every bar of the horizon (60 one-minute slices of 10/60)", () => {
    const series = makeSeries();
    const [r] = simulate(spec(series, [parent()], [{ name: "twap", create: () => twap() }]));
    expect(r!.status).toBe("completed");
    expect(r!.children).toHaveLength(60);
    r!.children.forEach((c, k) => {
      expect(c.submitMs).toBe(T0 + (60 + k) * MINUTE_MS);
      expect(c.qtyBase).toBeCloseTo(10 / 60, 12);
      expect(c.status).toBe("filled");
    });
    const total = r!.fills.reduce((a, f) => a + f.qtyBase, 0);
    expect(total).toBeCloseTo(10, 10);
  });

  it("with a lot size, slices are equal lots and the last slice carries the remainder", () => {
    const series = makeSeries();
    // 7 slices of 10-minute steps over 65 minutes: ceil(65/10) = 7; 10/7 = 1.428.. -> 1.4 lots.
    const p = parent({ endMs: T0 + 125 * MINUTE_MS });
    const [r] = simulate(
      spec(series, [p], [{ name: "twap", create: () => twap({ sliceMs: 10 * MINUTE_MS, lotSize: 0.1 }) }]),
    );
    const q = r!.children.map((c) => c.qtyBase);
    expect(q).toHaveLength(7);
    for (let i = 0; i < 6; i++) expect(q[i]).toBeCloseTo(1.4, 12);
    expect(q[6]).toBeCloseTo(10 - 6 * 1.4, 12); // 1.6
    expect(r!.children.map((c) => c.submitMs - p.startMs)).toEqual(
      [0, 1, 2, 3, 4, 5, 6].map((k) => k * 10 * MINUTE_MS),
    );
  });

  it("catches up a slice cut by the participation cap in the next slice", () => {
    // Volume 1 per bar, cap 50%: at most 0.5 per bar. 4 slices of 1.25 over 4 bars: each cut to 0.5,
    // the shortfall rolls into the next child (target - filled).
    const series = makeSeries({ volume: () => 1 });
    const p = parent({ qtyBase: 5, endMs: T0 + 64 * MINUTE_MS, maxParticipation: 0.5 });
    const [r] = simulate(spec(series, [p], [{ name: "twap", create: () => twap() }]));
    const q = r!.children.map((c) => c.qtyBase);
    expect(q[0]).toBeCloseTo(1.25, 12);
    expect(q[1]).toBeCloseTo(2.5 - 0.5, 12);
    expect(q[2]).toBeCloseTo(3.75 - 1.0, 12);
    expect(q[3]).toBeCloseTo(5 - 1.5, 12);
    expect(r!.fills.reduce((a, f) => a + f.qtyBase, 0)).toBeCloseTo(2, 12);
    expect(r!.children.every((c) => c.status === "partial")).toBe(true);
  });

  it("rejects unknown and mistyped parameters", () => {
    expect(() => twap({ slice: 3 } as never)).toThrow(/no parameter "slice"/);
    expect(() => twap({ sliceMs: "1m" } as never)).toThrow(/must be a number/);
    expect(() => twap({ slices: 2.5 })).toThrow(/whole number/);
  });
});
