import { describe, expect, it } from "vitest";
import { aggregateByStrategy, summarize } from "../../src/tca/aggregate.js";
import { barsOverlapping, intervalBenchmarks, slippageBps } from "../../src/tca/benchmarks.js";
import { parentTca } from "../../src/tca/parent-tca.js";
import { MIN, makeExecution, T0, threeBars } from "./fixtures.js";

describe("interval benchmarks", () => {
  it("VWAP uses turnover where a bar has it and the typical price otherwise; TWAP averages typical prices", () => {
    const b = intervalBenchmarks(threeBars(), T0, T0 + 3 * MIN);
    expect(b.vwap).toBeCloseTo(4045 / 40, 12);
    expect(b.twap).toBeCloseTo(101, 12);
    expect(b.volumeBase).toBe(40);
    expect(b.bars).toBe(3);
  });

  it("takes every bar that overlaps the window, and none outside it", () => {
    const s = threeBars();
    expect(barsOverlapping(s, T0 + 30_000, T0 + 90_000)).toEqual([0, 2]);
    expect(barsOverlapping(s, T0 + MIN, T0 + 2 * MIN)).toEqual([1, 2]);
    const second = intervalBenchmarks(s, T0 + MIN, T0 + 2 * MIN);
    expect(second.vwap).toBeCloseTo(101, 12);
    const outside = intervalBenchmarks(s, T0 + 10 * MIN, T0 + 20 * MIN);
    expect(outside.bars).toBe(0);
    expect(Number.isNaN(outside.vwap)).toBe(true);
    expect(Number.isNaN(outside.twap)).toBe(true);
  });

  it("slippage is positive when a buy pays more or a sell receives less than the benchmark", () => {
    expect(slippageBps("buy", 101, 100)).toBeCloseTo(100, 12);
    expect(slippageBps("sell", 101, 100)).toBeCloseTo(-100, 12);
    expect(slippageBps("sell", 99, 100)).toBeCloseTo(100, 12);
    expect(Number.isNaN(slippageBps("buy", Number.NaN, 100))).toBe(true);
  });
});

describe("per-strategy aggregation", () => {
  it("mean, sample std, median and type-7 p90", () => {
    const m = summarize([10, 1, 4, 3, 2, Number.NaN]);
    expect(m.n).toBe(5);
    expect(m.mean).toBe(4);
    // deviations -3,-2,-1,0,6 → 50 / 4 = 12.5
    expect(m.std).toBeCloseTo(Math.sqrt(12.5), 12);
    expect(m.median).toBe(3);
    // h = 4 × 0.9 = 3.6 → 4 + 0.6 × (10 − 4) = 7.6
    expect(m.p90).toBeCloseTo(7.6, 12);
    expect(summarize([5]).std).toBe(0);
    expect(summarize([]).n).toBe(0);
  });

  it("ranks a strategy with a failed parent after one without, and leaves failed parents out of the statistics", () => {
    const fill = (avg: number) => [{ q: 1, avg, marketMid: 100, perm: 0, trans: 0, half: 0, feeRate: 0 }];
    const rows = [
      parentTca(makeExecution("buy", 1, 100, 100, fill(100.3), "slow"), threeBars()),
      parentTca(makeExecution("buy", 1, 100, 100, fill(100.5), "slow"), threeBars()),
      parentTca(makeExecution("buy", 1, 100, 100, fill(100.1), "fast"), threeBars()),
      parentTca(
        { ...makeExecution("buy", 1, 100, 100, fill(110), "fast"), status: "failed", error: "boom" },
        threeBars(),
      ),
    ];
    const agg = aggregateByStrategy(rows);
    // "fast" is cheaper on the parent it completed (10 bps against 40) but failed the other one
    expect(agg.map((a) => a.strategy)).toEqual(["slow", "fast"]);
    expect(agg.map((a) => [a.rank, a.complete])).toEqual([
      [1, true],
      [2, false],
    ]);
    expect(agg[1]!.failed).toBe(1);
    expect(agg[1]!.shortfallBps.n).toBe(1);
    expect(agg[1]!.shortfallBps.mean).toBeCloseTo(10, 9);
    expect(agg[0]!.shortfallBps.mean).toBeCloseTo(40, 9);
    expect(agg[0]!.shortfallBps.std).toBeCloseTo(Math.sqrt(200), 9);
  });
});

describe("paired comparison with the best strategy", () => {
  it("takes per-parent differences, so a shared market move cancels", () => {
    const fill = (avg: number) => [{ q: 1, avg, marketMid: 100, perm: 0, trans: 0, half: 0, feeRate: 0 }];
    const exec = (strategy: string, parent: string, avg: number) => {
      const e = makeExecution("buy", 1, 100, 100, fill(avg), strategy);
      return parentTca({ ...e, parent: { ...e.parent, id: parent } }, threeBars());
    };
    // parent A: the market ran up 1% for both; parent B: flat. "b" pays 2 bps more on A and 4 bps more on B.
    const rows = [exec("a", "A", 101), exec("a", "B", 100.1), exec("b", "A", 101.02), exec("b", "B", 100.14)];
    const [a, b] = aggregateByStrategy(rows);
    expect(a!.strategy).toBe("a");
    expect(a!.vsBest).toEqual({ n: 2, meanBps: 0, seBps: 0 });
    expect(b!.vsBest.n).toBe(2);
    expect(b!.vsBest.meanBps).toBeCloseTo(3, 9);
    // differences 2 and 4: sd √2, se √2/√2 = 1 — while each strategy's own sd is about 64 bps
    expect(b!.vsBest.seBps).toBeCloseTo(1, 9);
    expect(b!.shortfallBps.std).toBeGreaterThan(60);
  });
});
