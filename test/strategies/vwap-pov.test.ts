import { describe, expect, it } from "vitest";
import { HOUR_MS, MINUTE_MS, simulate } from "../../src/index.js";
import { pov } from "../../strategies/pov.js";
import { cumulativeShare, vwap, vwapWeights } from "../../strategies/vwap.js";
import { DAY, longSeries, makeSeries, parent, spec, T0 } from "../helpers/engine-fixtures.js";

const hourOf = (t: number) => Math.floor((t % 86_400_000) / HOUR_MS);

describe("vwap schedule", () => {
  // Volume of every bar in UTC hour h is 1 + h, so the pre-start profile is (1 + h) / 300.
  const series = longSeries({ volume: (_i, t) => 1 + hourOf(t) });
  const p = parent({ qtyBase: 14, startMs: DAY(2, 1), endMs: DAY(2, 5) });

  it("hourly slices are proportional to the pre-start hourly profile (2:3:4:5 for hours 1-4)", () => {
    const [r] = simulate(spec(series, [p], [{ name: "vwap", create: () => vwap({ sliceMs: HOUR_MS }) }]));
    expect(r!.status).toBe("completed");
    expect(r!.children.map((c) => c.qtyBase)).toEqual([2, 3, 4, 5].map((x) => expect.closeTo(x, 10)));
    expect(r!.children.map((c) => c.submitMs)).toEqual([1, 2, 3, 4].map((h) => DAY(2, h)));
  });

  it("minute slices spread each hour's share evenly over its minutes", () => {
    const [r] = simulate(spec(series, [p], [{ name: "vwap", create: () => vwap() }]));
    const q = r!.children.map((c) => c.qtyBase);
    expect(q).toHaveLength(240);
    expect(q[0]).toBeCloseTo(2 / 60, 12); // hour 1: 14 × (2/14) / 60
    expect(q[59]).toBeCloseTo(2 / 60, 12);
    expect(q[60]).toBeCloseTo(3 / 60, 12);
    expect(q[239]).toBeCloseTo(5 / 60, 10);
    expect(q.reduce((a, b) => a + b, 0)).toBeCloseTo(14, 10);
  });

  it("the default 15-minute profile buckets shape slices inside a one-hour parent (hourly buckets would flatten it to TWAP)", () => {
    // Every bar in minutes 0-14 of an hour trades 3, every other bar 1: the first quarter-hour holds
    // 3/(3+1+1+1) = 1/2 of an hour's volume, each other quarter 1/6.
    const quarterly = longSeries({ volume: (_i, t) => (Math.floor((t % HOUR_MS) / MINUTE_MS) < 15 ? 3 : 1) });
    const hp = parent({ qtyBase: 12, startMs: DAY(2, 1), endMs: DAY(2, 2) });
    const [r] = simulate(spec(quarterly, [hp], [{ name: "vwap", create: () => vwap() }]));
    const q = r!.children.map((c) => c.qtyBase);
    expect(q).toHaveLength(60);
    expect(q[0]).toBeCloseTo((12 * 0.5) / 15, 12);
    expect(q[14]).toBeCloseTo((12 * 0.5) / 15, 12);
    expect(q[15]).toBeCloseTo(12 / 6 / 15, 12);
    expect(q[59]).toBeCloseTo(12 / 6 / 15, 10);
  });

  it("ignores the volume traded after the start (the profile uses only earlier bars)", () => {
    const spiked = longSeries({
      volume: (_i, t) => (t >= DAY(2, 1) ? 1000 * (24 - hourOf(t)) : 1 + hourOf(t)),
    });
    const a = simulate(spec(series, [p], [{ name: "vwap", create: () => vwap({ sliceMs: HOUR_MS }) }]))[0]!;
    const b = simulate(spec(spiked, [p], [{ name: "vwap", create: () => vwap({ sliceMs: HOUR_MS }) }]))[0]!;
    expect(b.children.map((c) => c.qtyBase)).toEqual(a.children.map((c) => c.qtyBase));
  });

  it("cumulativeShare and vwapWeights integrate the profile across bucket and day boundaries", () => {
    const prof = new Float64Array([0.25, 0.75]); // two 12-hour buckets
    expect(cumulativeShare(prof, T0)).toBe(Math.floor(T0 / 86_400_000));
    expect(cumulativeShare(prof, T0 + 6 * HOUR_MS) - cumulativeShare(prof, T0)).toBeCloseTo(0.125, 12);
    expect(cumulativeShare(prof, T0 + 18 * HOUR_MS) - cumulativeShare(prof, T0)).toBeCloseTo(0.625, 12);
    // 06:00 -> 30:00 (next day 06:00) is one whole day.
    const w = vwapWeights(prof, [T0 + 6 * HOUR_MS, T0 + 18 * HOUR_MS, T0 + 30 * HOUR_MS]);
    expect(w[0]).toBeCloseTo(0.5, 12); // 0.125 + 0.375
    expect(w[1]).toBeCloseTo(0.5, 12); // 0.375 + 0.125
    expect(vwapWeights(new Float64Array(2), [0, 1, 2, 3])).toEqual([1 / 3, 1 / 3, 1 / 3]);
  });

  it("with no history before the start the profile is flat and VWAP equals TWAP", () => {
    const s = makeSeries({ n: 200 });
    const [r] = simulate(
      spec(
        s,
        [parent({ startMs: T0, endMs: T0 + 10 * MINUTE_MS })],
        [{ name: "vwap", create: () => vwap() }],
      ),
    );
    expect(r!.children.map((c) => c.qtyBase)).toEqual(new Array(10).fill(expect.closeTo(1, 12)));
  });
});

describe("pov schedule", () => {
  const vol = (i: number) => 10 + (i % 5) * 3;
  const series = makeSeries({ volume: (i) => vol(i) });
  const S = T0 + 60 * MINUTE_MS;

  it("trades rate × each bar's volume right after the bar closes", () => {
    const [r] = simulate(
      spec(series, [parent({ qtyBase: 1000 })], [{ name: "pov", create: () => pov({ rate: 0.1 }) }]),
    );
    expect(r!.children).toHaveLength(60);
    r!.children.forEach((c, k) => {
      expect(c.submitMs).toBe(S + (k + 1) * MINUTE_MS);
      expect(c.qtyBase).toBeCloseTo(0.1 * vol(60 + k), 10);
    });
    let expected = 0;
    for (let i = 60; i < 120; i++) expected += 0.1 * vol(i);
    expect(r!.fills.reduce((a, f) => a + f.qtyBase, 0)).toBeCloseTo(expected, 9);
  });

  it("counts a bar straddling the start pro rata and stops once the parent is done", () => {
    const p = parent({ qtyBase: 5, startMs: S + 30_000 });
    const [r] = simulate(spec(series, [p], [{ name: "pov", create: () => pov({ rate: 0.2 }) }]));
    const q = r!.children.map((c) => c.qtyBase);
    expect(q[0]).toBeCloseTo(0.2 * 0.5 * vol(60), 12);
    expect(q[1]).toBeCloseTo(0.2 * vol(61), 12);
    const filled = r!.fills.reduce((a, f) => a + f.qtyBase, 0);
    expect(filled).toBeCloseTo(5, 12);
    // 0.2 × (0.5·vol(60) + vol(61) + ...) reaches 5 at the third bar: 0.2 × (8.5 + 13 + 16) = 7.5 > 5.
    expect(q).toHaveLength(3);
    expect(q[2]).toBeCloseTo(5 - q[0]! - q[1]!, 12);
  });

  it("defers children below minChildQty until they reach it", () => {
    const [r] = simulate(
      spec(
        series,
        [parent({ qtyBase: 1000 })],
        [{ name: "pov", create: () => pov({ rate: 0.1, minChildQty: 2.5 }) }],
      ),
    );
    // Bar volumes 10,13,16,19,22 (from bar 60): 1.0 (defer), 2.3 (defer, total 2.3), 3.9 -> send 3.9 ...
    expect(r!.children[0]!.submitMs).toBe(S + 3 * MINUTE_MS);
    expect(r!.children[0]!.qtyBase).toBeCloseTo(0.1 * (vol(60) + vol(61) + vol(62)), 12);
    expect(r!.children.slice(0, -1).every((c) => c.qtyBase >= 2.5 - 1e-12)).toBe(true);
  });
});
