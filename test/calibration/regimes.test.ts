/**
 * Volatility regimes: the realized volatility before a start (hand-computed), the tercile rule, the
 * regime of a volatility, per-regime fits that recover different coefficients, the Chow F-test, and the
 * input errors (unknown kind, too few parents, a regime without parents).
 */
import { describe, expect, it } from "vitest";
import { fitCalibratedModel } from "../../src/calibration/fit-calibrated-model.js";
import { chowTest } from "../../src/calibration/least-squares.js";
import { realizedVolBefore, regimeOf, regimeRuleFromTerciles } from "../../src/calibration/regimes.js";
import { ExecsimError } from "../../src/core/errors.js";
import { DAY, sqrtLawPoints } from "../helpers/calibration-fixtures.js";
import { flatSeries } from "../helpers/series-fixtures.js";

describe("realizedVolBefore", () => {
  const s = flatSeries(6, 100);
  s.close.set([100, 101, 100, 102, 50, 200]);
  const t0 = s.openTimeMs[0]!;
  it("uses only the bars closed at or before the start", () => {
    // bars 0..3 closed by t0 + 4 min (bar 4, closing at 5 min, is in progress and not used)
    const r = [Math.log(1.01), Math.log(100 / 101), Math.log(1.02)];
    const expected = Math.sqrt(((r[0]! ** 2 + r[1]! ** 2 + r[2]! ** 2) / 3) * 1440);
    expect(realizedVolBefore(s, t0 + 4 * 60_000 + 59_999, DAY)).toBeCloseTo(expected, 14);
    // the lookback cuts the window: only bars opened at or after start − lookback
    const r2 = Math.log(1.02);
    const onlyTwo = Math.sqrt(((r[1]! ** 2 + r2 ** 2) / 2) * 1440);
    expect(realizedVolBefore(s, t0 + 4 * 60_000, 3 * 60_000)).toBeCloseTo(onlyTwo, 14);
    expect(realizedVolBefore(s, t0 + 2 * 60_000, DAY)).toBeNaN();
  });
});

describe("regime rule", () => {
  it("cuts at the terciles and places volatilities in [cut_{i−1}, cut_i)", () => {
    const rule = regimeRuleFromTerciles([0.01, 0.02, 0.03, 0.04, Number.NaN, 0.05, 0.06, 0.07], 3, DAY);
    // 7 finite values; quantile positions 2 and 4: 0.03 and 0.05
    expect(rule.cuts[0]).toBeCloseTo(0.03, 15);
    expect(rule.cuts[1]).toBeCloseTo(0.05, 15);
    expect(rule.labels).toEqual(["calm", "normal", "stressed"]);
    expect(regimeOf(rule, 0.029)).toBe(0);
    expect(regimeOf(rule, 0.03)).toBe(1);
    expect(regimeOf(rule, 0.2)).toBe(2);
    expect(regimeOf(rule, Number.NaN)).toBeNull();
  });
});

describe("chowTest", () => {
  it("matches the F table: F(2, 30) = 3.316 has p = 0.05", () => {
    // F = ((RSS_p − RSS_w)/2) / (RSS_w/30); RSS_w = 30 and RSS_p = 30 + 2·3.3158 give F = 3.3158
    const t = chowTest(30 + 2 * 3.3158, [10, 20], 34, 2);
    expect(t.df1).toBe(2);
    expect(t.df2).toBe(30);
    expect(t.statistic).toBeCloseTo(3.3158, 10);
    expect(t.pValue).toBeCloseTo(0.05, 4);
  });
});

describe("per-regime fits", () => {
  // three regimes by σ band, each with its own law (η, δ): calm 0.2/0.4, normal 0.5/0.55, stressed 1.0/0.75
  const laws = [
    { eta: 0.2, delta: 0.4, band: [0.01, 0.02] },
    { eta: 0.5, delta: 0.55, band: [0.025, 0.035] },
    { eta: 1.0, delta: 0.75, band: [0.04, 0.05] },
  ];
  const pts = laws.flatMap((l, k) =>
    sqrtLawPoints(90, { eta: l.eta, delta: l.delta, noise: 0.2 }, `r${k}`, k * 1000).map((p, i) => {
      const sigma = l.band[0]! + ((l.band[1]! - l.band[0]!) * i) / 89;
      return { ...p, sigmaDaily: sigma, regimeVol: sigma, cost: (p.cost / p.sigmaDaily) * sigma };
    }),
  );
  it("recover each regime's η and δ within 3 SE and reject equal coefficients", () => {
    const { model, report } = fitCalibratedModel("sqrt", pts, {
      name: "r",
      source: "t",
      symbol: "TEST",
      regimes: 3,
      compareMl: false,
    });
    expect(model.regimeRule!.labels).toEqual(["calm", "normal", "stressed"]);
    model.regimes.forEach((r, k) => {
      expect(r.n).toBe(90);
      expect(Math.abs(r.params.delta! - laws[k]!.delta)).toBeLessThan(3 * r.standardErrors.delta!);
      expect(Math.abs(r.params.eta! - laws[k]!.eta)).toBeLessThan(3 * r.standardErrors.eta!);
    });
    expect(report.regimeTest!.pValue).toBeLessThan(1e-6);
    expect(report.regimeTest!.df1).toBe(4);
    expect(report.regimeTest!.df2).toBe(270 - 6);
  });

  it("do not reject when every regime follows one law (seeded: p well above 0.05)", () => {
    const same = sqrtLawPoints(150, { eta: 0.5, delta: 0.6, noise: 0.3 }, "same");
    const { report } = fitCalibratedModel("sqrt", same, {
      name: "r",
      source: "t",
      symbol: null,
      regimes: 3,
      compareMl: false,
    });
    expect(report.regimeTest!.pValue).toBeGreaterThan(0.05);
  });
});

describe("input errors (exit 2 codes)", () => {
  const pts = sqrtLawPoints(12, { eta: 0.5, delta: 0.5, noise: 0.1 }, 1);
  const code = (f: () => unknown) => {
    try {
      f();
    } catch (e) {
      expect(e).toBeInstanceOf(ExecsimError);
      return [(e as ExecsimError).code, (e as Error).message] as const;
    }
    throw new Error("no error");
  };
  it("an unknown model kind", () => {
    const [c, m] = code(() => fitCalibratedModel("cubic", pts, { name: "x", source: "t", symbol: null }));
    expect(c).toBe("INVALID_ARGUMENT");
    expect(m).toContain("sqrt, ac, propagator");
  });
  it("too few parents", () => {
    const [c, m] = code(() =>
      fitCalibratedModel("sqrt", pts.slice(0, 2), { name: "x", source: "t", symbol: null }),
    );
    expect(c).toBe("INSUFFICIENT_DATA");
    expect(m).toContain("2 parent(s)");
  });
  it("a regime with no parents", () => {
    // all volatilities equal: the cuts coincide and the calm regime [0, v) is empty
    const flat = pts.map((p) => ({ ...p, regimeVol: 0.02 }));
    const [c, m] = code(() =>
      fitCalibratedModel("sqrt", flat, {
        name: "x",
        source: "t",
        symbol: null,
        regimes: 3,
        compareMl: false,
      }),
    );
    expect(c).toBe("INSUFFICIENT_DATA");
    expect(m).toContain("regime calm");
    expect(m).toContain("0 parent(s)");
  });
  it("a regime count below 2", () => {
    const [c] = code(() =>
      fitCalibratedModel("sqrt", pts, { name: "x", source: "t", symbol: null, regimes: 1 }),
    );
    expect(c).toBe("INVALID_ARGUMENT");
  });
});
