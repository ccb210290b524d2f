import { describe, expect, it } from "vitest";
import { DAY_MS } from "../../src/core/interval.js";
import { allocSeries } from "../../src/core/market-types.js";
import { barsBefore, squareRootPreTrade } from "../../src/tca/pre-trade.js";

const MIN = 60_000;
const START = Date.UTC(2024, 0, 1);

/** 3 days of 1-minute bars; closes alternate 100, 100·e^0.001 (every log return is ±0.001); volume 2 per bar. */
function zigzag() {
  const n = 3 * 1440;
  const s = allocSeries({ symbol: "ZZ", category: "linear", interval: "1" }, MIN, n);
  for (let i = 0; i < n; i++) {
    const c = i % 2 === 0 ? 100 : 100 * Math.exp(0.001);
    s.openTimeMs[i] = START + i * MIN;
    s.open[i] = s.high[i] = s.low[i] = s.close[i] = c;
    s.volume[i] = 2;
    s.turnover[i] = 2 * c;
  }
  return s;
}

describe("square-root pre-trade estimate", () => {
  it("uses σ and ADV from the bars before the start: σ_day = 0.001·√1440, ADV = 2880", () => {
    const s = zigzag();
    const start = START + 2 * DAY_MS;
    const pre = squareRootPreTrade(s, { side: "buy", qtyBase: 28.8, startMs: start }, 100, {
      halfSpread: 0.01,
      feeRate: 0.00055,
      lookbackMs: DAY_MS,
    });
    const sigma = 0.001 * Math.sqrt(1440);
    expect(pre.sigmaDaily).toBeCloseTo(sigma, 12);
    expect(pre.advBase).toBeCloseTo(2880, 9);
    // η·σ·√(Q/ADV) = 0.5 · 0.0379473 · √0.01 = 0.00189737 → 18.9737 bps; + 1 bps half-spread + 5.5 bps fee
    const expected = 0.5 * sigma * 0.1 * 1e4 + 1 + 5.5;
    expect(pre.costBps).toBeCloseTo(expected, 9);
    expect(pre.costQuote).toBeCloseTo((expected / 1e4) * 28.8 * 100, 9);
  });

  it("does not look at bars that close after the start", () => {
    const s = zigzag();
    const start = START + 2 * DAY_MS;
    const before = squareRootPreTrade(s, { side: "sell", qtyBase: 10, startMs: start }, 100);
    for (let i = 2 * 1440; i < s.length; i++) {
      s.close[i] = 500;
      s.volume[i] = 1e6;
    }
    const after = squareRootPreTrade(s, { side: "sell", qtyBase: 10, startMs: start }, 100);
    expect(after).toEqual(before);
    const window = barsBefore(s, start + 30_000, DAY_MS);
    // the bar opened at start closes at start + 1 min > start + 30 s: excluded
    expect(window.openTimeMs[window.length - 1]).toBe(start - MIN);
  });

  it("refuses to estimate from less than a day of history", () => {
    const s = zigzag();
    expect(() => squareRootPreTrade(s, { side: "buy", qtyBase: 1, startMs: START + 600 * MIN }, 100)).toThrow(
      /day/,
    );
  });
});

describe("pre-trade estimate without an impact model", () => {
  it("is the half-spread plus the fee when the venue has no impact", () => {
    const pre = squareRootPreTrade(
      zigzag(),
      { side: "buy", qtyBase: 28.8, startMs: START + 2 * DAY_MS },
      100,
      {
        halfSpread: 0.02,
        feeRate: 0.00055,
        withoutImpact: true,
      },
    );
    expect(pre.model).toBe("none");
    expect(pre.costBps).toBeCloseTo(2 + 5.5, 12);
  });
});
