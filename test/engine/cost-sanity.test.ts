/**
 * Economic sanity of the default simulator, as a quant would check it (seeded, so deterministic):
 * through the default book venue on the built-in-style synthetic candles (seed 42), one buy (or sell)
 * parent a day at 12:00 UTC over a one-hour horizon, sized as a fraction of the average daily volume
 * before the first parent, as `execsim compare` does.
 *
 * - a bigger order costs more impact in bps, concavely (square-root-like, not linear), buys and sells
 *   alike;
 * - the Almgren-Chriss (IS) schedule trades faster as the risk aversion λ grows: it pays more impact
 *   and carries less timing risk (the spread of the timing cost over the parents shrinks), and λ = 0
 *   costs exactly what TWAP costs;
 * - POV at a higher rate finishes sooner and pays more impact.
 * "Impact" below is the execution cost against the mid the trader would have faced without its own
 * trading: spread + temporary + permanent + transient (timing/drift and fees excluded), in bps of the
 * arrival notional.
 */
import { describe, expect, it } from "vitest";
import { sliceSeries } from "../../src/core/market-types.js";
import { DAY_MS, HOUR_MS, type ParentOrder, parentTca, simulate } from "../../src/index.js";
import { averageDailyVolume } from "../../src/market/stats/daily-volume.js";
import { generateSyntheticCandles } from "../../src/market/synthetic-candles.js";
import { createVenue } from "../../src/venues/venue-factory.js";
import { almgrenChriss } from "../../strategies/almgren-chriss.js";
import { pov } from "../../strategies/pov.js";
import { twap } from "../../strategies/twap.js";

const START = Date.UTC(2024, 0, 1);
const DAYS = 12;
const series = generateSyntheticCandles({
  symbol: "SYN-BTCUSDT",
  category: "linear",
  interval: "1",
  startMs: START,
  bars: DAYS * 1440,
  seed: 42,
});
/** ADV over the two days before the first parent. */
const ADV = averageDailyVolume(sliceSeries(series, 0, 2 * 1440)).volumeBase;

function parents(advFraction: number, side: "buy" | "sell" = "buy"): ParentOrder[] {
  const out: ParentOrder[] = [];
  for (let d = 2; d < DAYS; d++) {
    const startMs = START + d * DAY_MS + 12 * HOUR_MS;
    out.push({
      id: `d${d}`,
      symbol: series.symbol,
      side,
      qtyBase: advFraction * ADV,
      startMs,
      endMs: startMs + HOUR_MS,
    });
  }
  return out;
}

interface Costs {
  impactBps: number[];
  timingBps: number[];
  filled: number[];
}

function run(ps: ParentOrder[], create: () => ReturnType<typeof twap>): Costs {
  const execs = simulate({
    series,
    parents: ps,
    strategies: [{ name: "s", create }],
    createVenue: () => createVenue("book"),
    latencyMs: 100,
    seed: 42,
  });
  const out: Costs = { impactBps: [], timingBps: [], filled: [] };
  for (const e of execs) {
    expect(e.status, e.error).toBe("completed");
    const t = parentTca(e, series);
    out.impactBps.push(t.spreadBps + t.temporaryImpactBps + t.permanentImpactBps + t.transientImpactBps);
    out.timingBps.push(t.timingBps);
    out.filled.push(t.filledQtyBase / t.qtyBase);
  }
  return out;
}

const mean = (x: number[]) => x.reduce((a, b) => a + b, 0) / x.length;
const sd = (x: number[]) => {
  const m = mean(x);
  return Math.sqrt(x.reduce((a, b) => a + (b - m) ** 2, 0) / (x.length - 1));
};

describe("cost sanity on the default book venue (synthetic candles, seed 42, 10 one-hour parents)", () => {
  it("a bigger order costs more impact per unit, concavely, for buys and sells alike", () => {
    const fractions = [0.0005, 0.002, 0.01, 0.05];
    for (const side of ["buy", "sell"] as const) {
      const c = fractions.map((f) => mean(run(parents(f, side), () => twap()).impactBps));
      if (process.env.EXECSIM_PRINT) console.log(side, fractions, c);
      for (const x of c) expect(x).toBeGreaterThan(0);
      for (let i = 1; i < c.length; i++) expect(c[i]!).toBeGreaterThan(c[i - 1]!);
      // 100× the size costs far less than 100× the bps (linear impact would give ~100×; the square
      // root ~10× on the impact part); and more than the spread alone would (it is not flat either).
      expect(c[3]! / c[0]!).toBeLessThan(20);
      expect(c[3]! / c[0]!).toBeGreaterThan(2);
    }
  });

  it("IS: λ = 0 costs what TWAP costs; a higher λ front-loads, pays more impact and less timing risk", () => {
    const ps = parents(0.01);
    const tw = run(ps, () => twap());
    const is0 = run(ps, () => almgrenChriss({ lambda: 0 }));
    // (equal up to float rounding: the AC trajectory's X − x_k and TWAP's running sum differ in the last bits)
    for (const [i, x] of is0.impactBps.entries()) expect(x).toBeCloseTo(tw.impactBps[i]!, 9);
    for (const [i, x] of is0.timingBps.entries()) expect(x).toBeCloseTo(tw.timingBps[i]!, 9);
    const lambdas = [1e-6, 1e-5, 1e-4];
    const runs = lambdas.map((lambda) => run(ps, () => almgrenChriss({ lambda })));
    const impact = [mean(tw.impactBps), ...runs.map((r) => mean(r.impactBps))];
    if (process.env.EXECSIM_PRINT)
      console.log({ impact, timingSd: [sd(tw.timingBps), ...runs.map((r) => sd(r.timingBps))] });
    for (let i = 1; i < impact.length; i++) expect(impact[i]!).toBeGreaterThan(impact[i - 1]!);
    // Timing risk: the holdings decay faster, so the drift applies to less inventory.
    expect(sd(runs[2]!.timingBps)).toBeLessThan(0.8 * sd(tw.timingBps));
    // The default λ = 1e-6 (Almgren & Chriss's example, 1/USD) is mild at a BTC price and a one-hour
    // horizon (κT ≈ 0.4 here): IS stays within 10% of TWAP's impact. Raise λ to see a different schedule.
    expect(impact[1]! / impact[0]!).toBeLessThan(1.1);
  });

  it("POV at a higher rate pays more impact", () => {
    const ps = parents(0.002);
    const slow = run(ps, () => pov({ rate: 0.05 }));
    const fast = run(ps, () => pov({ rate: 0.25 }));
    expect(mean(fast.impactBps)).toBeGreaterThan(mean(slow.impactBps));
    expect(mean(fast.filled)).toBeGreaterThanOrEqual(mean(slow.filled));
  });
});
