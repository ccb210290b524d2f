import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  costPartRows,
  impactVsParticipation,
  MARKET_SERIES,
  medianParentId,
  pricePath,
  shortfallDistribution,
  trajectories,
} from "../../src/report/chart-data.js";
import { flatSeries } from "../helpers/series-fixtures.js";
import { fill, tcaRow } from "./report-fixtures.js";

const MIN = 60_000;

describe("shortfallDistribution", () => {
  it("keeps completed parents and gives the mean with its standard error sd/√n", () => {
    const rows = [1, 2, 3, 6].map((x, i) => tcaRow({ parentId: `p${i}`, shortfallBps: x }));
    rows.push(tcaRow({ parentId: "bad", status: "failed", shortfallBps: 1000 }));
    const { points, means } = shortfallDistribution(rows, ["twap"]);
    expect(points.map((p) => p.shortfallBps)).toEqual([1, 2, 3, 6]);
    // mean 3; sample variance (4 + 1 + 0 + 9) / 3 = 14/3; se = sqrt(14/3) / 2
    expect(means).toHaveLength(1);
    expect(means[0]!.n).toBe(4);
    expect(means[0]!.meanBps).toBe(3);
    expect(means[0]!.seBps).toBeCloseTo(Math.sqrt(14 / 3) / 2, 12);
    expect(means[0]!.loBps).toBeCloseTo(3 - 1.0801234497346435, 12);
  });
});

describe("medianParentId", () => {
  it("picks the parent with the (lower) median mean shortfall across strategies", () => {
    const rows = [
      tcaRow({ strategy: "a", parentId: "x", shortfallBps: 10 }),
      tcaRow({ strategy: "b", parentId: "x", shortfallBps: 20 }), // mean 15
      tcaRow({ strategy: "a", parentId: "y", shortfallBps: 1 }),
      tcaRow({ strategy: "b", parentId: "y", shortfallBps: 3 }), // mean 2
      tcaRow({ strategy: "a", parentId: "z", shortfallBps: 8 }), // mean 8
      tcaRow({ strategy: "b", parentId: "w", status: "failed", shortfallBps: 0 }),
    ];
    expect(medianParentId(rows)).toBe("z");
    expect(medianParentId(rows.filter((r) => r.parentId !== "z"))).toBe("y");
    expect(medianParentId([])).toBeNull();
  });
});

describe("trajectories", () => {
  // four 1-minute bars with volumes 1, 2, 3, 4 (total 10); two parents over [0, 4 min), Q = 4
  const s = flatSeries(6);
  [1, 2, 3, 4, 5, 6].forEach((v, i) => {
    s.volume[i] = v;
  });
  const rows = [tcaRow({ parentId: "p1", shortfallBps: 5 }), tcaRow({ parentId: "p2", shortfallBps: 10 })];
  const fills = [
    ...[0.5, 1.5, 2.5, 3.5].map((m) => fill({ parentId: "p1", timeMs: m * MIN })),
    fill({ parentId: "p2", timeMs: 0.5 * MIN, qtyBase: 4 }),
  ];

  it("draws the median parent's cumulative fill fraction and the market's volume fraction at bar closes", () => {
    const t = trajectories(rows, fills, s, ["twap"], "p1")!;
    const line = (series: string) =>
      t.lines.filter((p) => p.series === series).map((p) => [p.minute, p.fraction]);
    expect(line("twap")).toEqual([
      [0, 0],
      [1, 0.25],
      [2, 0.5],
      [3, 0.75],
      [4, 1],
    ]);
    // closed bars' volume / 10: 0, 1, 1+2, 1+2+3, 10 (bars 4 and 5 are after the horizon)
    const market = line(MARKET_SERIES);
    expect(market.map((p) => p[0])).toEqual([0, 1, 2, 3, 4]);
    expect(market.map((p) => p[1])).toEqual([0, 0.1, 0.3, 0.6, 1]);
  });

  it("bands the 10th-90th percentile over all completed parents", () => {
    const t = trajectories(rows, fills, s, ["twap"], "p1")!;
    // minute 1: p1 has 0.25, p2 has 1 → type-7 quantiles 0.25 + 0.1·0.75 and 0.25 + 0.9·0.75
    const b = t.band.find((x) => x.minute === 1)!;
    expect(b.p10).toBeCloseTo(0.325, 12);
    expect(b.p90).toBeCloseTo(0.925, 12);
    expect(t.band.find((x) => x.minute === 0)).toMatchObject({ p10: 0, p90: 0 });
  });

  it("needs the median parent to have completed", () => {
    expect(trajectories(rows, fills, s, ["twap"], "nope")).toBeNull();
  });
});

describe("impactVsParticipation", () => {
  it("fits c in I = c·√ρ in log space and counts points that cannot go on log axes", () => {
    const rows = [
      // impact 0.3 bps at 1 % and 0.6 bps at 4 %: exactly 3·√ρ
      tcaRow({
        parentId: "a",
        temporaryImpactBps: 0.1,
        permanentImpactBps: 0.1,
        transientImpactBps: 0.1,
        participationRate: 0.01,
      }),
      tcaRow({ parentId: "b", temporaryImpactBps: 0.6, participationRate: 0.04 }),
      tcaRow({ parentId: "c", participationRate: 0.02 }), // no impact
      tcaRow({ parentId: "d", temporaryImpactBps: 1e-13, participationRate: 0.02 }), // float dust of impact none
    ];
    const iv = impactVsParticipation(rows, ["twap"]);
    expect(iv.points.map((p) => p.parentId)).toEqual(["a", "b"]);
    expect(iv.excluded).toBe(2);
    expect(iv.sqrtScaleBps).toBeCloseTo(3, 12);
    expect(iv.reference[0]!.participation).toBeCloseTo(0.01, 15);
    expect(iv.reference[0]!.impactBps).toBeCloseTo(0.3, 12);
    expect(iv.reference.at(-1)!.participation).toBeCloseTo(0.04, 15);
    expect(iv.reference.at(-1)!.impactBps).toBeCloseTo(0.6, 12);
  });
});

describe("pricePath", () => {
  it("takes the horizon's candles with a lead-in and puts the own impact in bps of the arrival mid", () => {
    const s = flatSeries(20);
    const rows = [tcaRow({ parentId: "p", startMs: 10 * MIN, endMs: 14 * MIN, horizonVwap: 100.2 })];
    const p = pricePath(
      rows,
      [fill({ parentId: "p", timeMs: 11 * MIN, midBefore: 100.5, qtyBase: 2 })],
      s,
      "p",
    )!;
    // a quarter of the 4-bar horizon = 1 bar of lead-in: bars opening at minutes 9..13
    expect(p.bars.map((b) => b.minute)).toEqual([-1, 0, 1, 2, 3]);
    expect(p.fills).toEqual([
      { strategy: "twap", minute: 1, price: 100, qtyBase: 2, midWithImpact: 100.5, ownImpactBps: 50 },
    ]);
    expect(p.vwap).toBe(100.2);
    expect(p.arrivalMid).toBe(100);
  });
});

describe("costPartRows", () => {
  it("gives one row per part in stacking order and drops undefined parts", () => {
    const rows = costPartRows([
      { strategy: "is", spreadBps: 1, impactBps: 2, timingBps: -3, feesBps: 5.5, opportunityBps: Number.NaN },
    ]);
    expect(rows).toEqual([
      { strategy: "is", part: "spread", order: 0, bps: 1 },
      { strategy: "is", part: "impact", order: 1, bps: 2 },
      { strategy: "is", part: "timing", order: 2, bps: -3 },
      { strategy: "is", part: "fees", order: 3, bps: 5.5 },
    ]);
  });
});

describe("trajectories (property)", () => {
  it("every line and band is a fraction that never falls, ends at the filled share, and p10 ≤ p90", () => {
    const s = flatSeries(40);
    fc.assert(
      fc.property(
        fc.array(
          fc.array(
            fc.record({
              minute: fc.double({ min: 0, max: 29.99, noNaN: true }),
              qty: fc.integer({ min: 1, max: 5 }),
            }),
            {
              maxLength: 12,
            },
          ),
          { minLength: 1, maxLength: 6 },
        ),
        (parents) => {
          const rows = parents.map((_fs, i) =>
            tcaRow({ parentId: `p${i}`, endMs: 30 * MIN, qtyBase: 60, shortfallBps: i }),
          );
          const fills = parents.flatMap((fs, i) =>
            fs.map((f) => fill({ parentId: `p${i}`, timeMs: f.minute * MIN, qtyBase: f.qty })),
          );
          const t = trajectories(rows, fills, s, ["twap"], medianParentId(rows)!)!;
          for (const series of ["twap", MARKET_SERIES]) {
            const line = t.lines.filter((p) => p.series === series);
            expect(line.at(-1)!.minute).toBe(30);
            for (let k = 1; k < line.length; k++)
              expect(line[k]!.fraction).toBeGreaterThanOrEqual(line[k - 1]!.fraction);
          }
          const med = parents[Number(t.parentId.slice(1))]!;
          const filled = med.reduce((a, f) => a + f.qty, 0);
          expect(t.lines.filter((p) => p.series === "twap").at(-1)!.fraction).toBeCloseTo(filled / 60, 12);
          for (const b of t.band) {
            expect(b.p10).toBeLessThanOrEqual(b.p90);
            expect(b.p10).toBeGreaterThanOrEqual(0);
            expect(b.p90).toBeLessThanOrEqual(1);
          }
        },
      ),
    );
  });
});
