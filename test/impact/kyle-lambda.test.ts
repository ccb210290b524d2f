import { describe, expect, it } from "vitest";
import { seriesFromCandles } from "../../src/core/market-types.js";
import { createRng } from "../../src/core/rng.js";
import { kyleLambda, kyleLambdaFromCandles } from "../../src/impact/kyle-lambda.js";

describe("Kyle's lambda", () => {
  it("hand-computed 4-point regression", () => {
    // q = -2,-1,1,2 ; Δp = -0.5,-0.1,0.3,0.3: q̄ = 0, p̄ = 0, Sqq = 10, Sqp = 1+0.1+0.3+0.6 = 2.0
    const est = kyleLambda([
      { signedVolume: -2, dp: -0.5 },
      { signedVolume: -1, dp: -0.1 },
      { signedVolume: 1, dp: 0.3 },
      { signedVolume: 2, dp: 0.3 },
    ]);
    expect(est.lambda).toBeCloseTo(0.2, 14);
    expect(est.intercept).toBeCloseTo(0, 14);
    // Spp = 0.25+0.01+0.09+0.09 = 0.44; RSS = 0.44 − 0.2·2 = 0.04; s² = 0.02; SE = √(0.002)
    expect(est.lambdaSE).toBeCloseTo(Math.sqrt(0.002), 12);
    expect(est.r2).toBeCloseTo(4 / 4.4, 12);
    expect(est.n).toBe(4);
  });

  it("recovers a known λ from simulated order flow within 3 SE", () => {
    const rng = createRng("kyle");
    const pts = [];
    for (let i = 0; i < 2000; i++) {
      const q = 100 * rng.normal();
      pts.push({ signedVolume: q, dp: 0.003 * q + 0.5 * rng.normal() });
    }
    const est = kyleLambda(pts);
    expect(Math.abs(est.lambda - 0.003)).toBeLessThan(3 * est.lambdaSE);
    expect(est.lambdaSE).toBeCloseTo(0.5 / (100 * Math.sqrt(2000)), 4);
  });

  it("counts non-finite points and refuses unidentified fits", () => {
    const est = kyleLambda([
      { signedVolume: 1, dp: 1 },
      { signedVolume: 2, dp: 2.1 },
      { signedVolume: 3, dp: 2.9 },
      { signedVolume: Number.NaN, dp: 1 },
    ]);
    expect(est.n).toBe(3);
    expect(est.excluded).toBe(1);
    expect(() => kyleLambda([{ signedVolume: 1, dp: 1 }])).toThrow(/at least 3/);
    expect(() => kyleLambda([1, 2, 3].map((dp) => ({ signedVolume: 5, dp })))).toThrow(/does not vary/);
  });

  it("candle proxy q = sign(close − open)·volume; positive even without impact (documented bias)", () => {
    const rng = createRng("kyle-candles");
    const candles = [];
    let p = 100;
    for (let i = 0; i < 500; i++) {
      const open = p;
      const close = open + rng.normal(); // price moves independent of volume: no impact
      const volume = 10 + 5 * rng.uniform();
      candles.push({
        openTimeMs: i * 60_000,
        open,
        high: Math.max(open, close) + 0.1,
        low: Math.min(open, close) - 0.1,
        close,
        volume,
        turnover: Number.NaN,
      });
      p = close;
    }
    const series = seriesFromCandles({ symbol: "T", category: "linear", interval: "1" }, 60_000, candles);
    const est = kyleLambdaFromCandles(series);
    // λ̂ → E|Δp|·E[v]/Var(q) = √(2/π)·12.5/(E[v²]) with E[v²] = 12.5² + 25/12
    const expected = (Math.sqrt(2 / Math.PI) * 12.5) / (12.5 ** 2 + 25 / 12);
    expect(est.lambda).toBeGreaterThan(0);
    expect(est.lambda).toBeCloseTo(expected, 2);
    // the same data regressed on truly signed (here: random-signed) volume shows no impact
    const pts = candles.map((c) => ({
      dp: c.close - c.open,
      signedVolume: (rng.uniform() < 0.5 ? -1 : 1) * c.volume,
    }));
    const honest = kyleLambda(pts);
    expect(Math.abs(honest.lambda)).toBeLessThan(3 * honest.lambdaSE);
  });
});
