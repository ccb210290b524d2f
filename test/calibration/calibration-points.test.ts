/**
 * Parent-level points, by hand on a flat market (price 100, 100 base units per 1-minute bar) whose
 * closes jump to 102 from the bar that opens at the parent's end. One buy parent over [2 d, 2 d + 10 min):
 * 4 @ 100.5 at +1 min and 6 @ 101 at +5 min, arrival A = 100.
 *   shortfall cost   (4·0.5 + 6·1) / (10·100) = 0.008
 *   own-impact cost  with market mids 100.2 / 100.4 and half-spreads 0.1 / 0.2:
 *                    (4·(0.3 − 0.1) + 6·(0.6 − 0.2)) / (10·100) = 3.2 / 1000 = 0.0032
 *   participation    10 / (10 bars · 100) = 0.01;   ADV = 100 · 1440 = 144 000;   σ = 0 (flat before)
 *   markouts (candles) at the end: 0 (the last closed bar is still 100); from +1 min: (102 − 100)/100 = 0.02
 */
import { describe, expect, it } from "vitest";
import {
  buildCalibrationPoints,
  candleMarkouts,
  type ExecutedParent,
} from "../../src/calibration/calibration-points.js";
import { flatSeries } from "../helpers/series-fixtures.js";

const MIN = 60_000;
const START = 2 * 1440 * MIN;
const END = START + 10 * MIN;

function market() {
  const s = flatSeries(3 * 1440, 100, 100);
  for (let i = END / MIN; i < s.length; i++) s.close[i] = 102;
  return s;
}

const parent: ExecutedParent = {
  parentId: "P1",
  symbol: "FLAT",
  sideSign: 1,
  startMs: START,
  endMs: END,
  arrivalPrice: 100,
  fills: [
    { timeMs: START + MIN, qtyBase: 4, price: 100.5, marketMid: 100.2, halfSpread: 0.1 },
    { timeMs: START + 5 * MIN, qtyBase: 6, price: 101, marketMid: 100.4, halfSpread: 0.2 },
  ],
};

describe("buildCalibrationPoints", () => {
  it("shortfall basis with candle markouts", () => {
    const s = market();
    const { points, dropped } = buildCalibrationPoints(s, [parent], "shortfall", candleMarkouts(s));
    expect(dropped).toEqual({ noFills: 0, insufficientHistory: 0, invalid: 0 });
    const p = points[0]!;
    expect(p.cost).toBeCloseTo(0.008, 15);
    expect(p.qty).toBe(10);
    expect(p.avgPrice).toBeCloseTo(100.8, 12);
    expect(p.participation).toBeCloseTo(0.01, 15);
    expect(p.adv).toBeCloseTo(144_000, 8);
    expect(p.sigmaDaily).toBe(0);
    expect(p.fills).toEqual([
      { timeMs: START + MIN, qty: 4 },
      { timeMs: START + 5 * MIN, qty: 6 },
    ]);
    expect(p.markouts![0]).toEqual({ horizonMs: 0, move: 0 });
    expect(p.markouts![1]!.move).toBeCloseTo(0.02, 15);
    expect(p.markouts![p.markouts!.length - 1]!.move).toBeCloseTo(0.02, 15);
  });

  it("own-impact basis removes the market's move and the spread", () => {
    const { points } = buildCalibrationPoints(market(), [parent], "own-impact", null);
    expect(points[0]!.cost).toBeCloseTo(0.0032, 15);
    expect(points[0]!.markouts).toBeNull();
  });

  it("a sell's cost is positive when it sells below the arrival; parents without fills or history are dropped", () => {
    const sell: ExecutedParent = {
      ...parent,
      parentId: "S",
      sideSign: -1,
      fills: [{ timeMs: START + MIN, qtyBase: 5, price: 99, marketMid: 100, halfSpread: 0 }],
    };
    const early: ExecutedParent = { ...parent, parentId: "E", startMs: 60 * MIN, endMs: 70 * MIN };
    const none: ExecutedParent = { ...parent, parentId: "N", fills: [] };
    const { points, dropped, notes } = buildCalibrationPoints(
      market(),
      [sell, early, none],
      "shortfall",
      null,
    );
    expect(points.map((p) => [p.parentId, p.qty, p.cost])).toEqual([["S", -5, 0.01]]);
    expect(dropped).toEqual({ noFills: 1, insufficientHistory: 1, invalid: 0 });
    expect(notes.join(" ")).toMatch(/less than a day after the first stored candle/);
  });
});
