import { describe, expect, it } from "vitest";
import {
  allocSeries,
  almgrenChrissMarketParams,
  type CandleSeries,
  type ExecutionVenue,
  MINUTE_MS,
  type ParentExecution,
  simulate,
} from "../../src/index.js";
import { adaptive } from "../../strategies/adaptive.js";
import { almgrenChriss } from "../../strategies/almgren-chriss.js";
import { twap } from "../../strategies/twap.js";
import { DAY, longSeries, parent, spec, T0 } from "../helpers/engine-fixtures.js";
import { StubVenue } from "../helpers/stub-venue.js";

const series = longSeries();
const p = parent({ startMs: DAY(2), endMs: DAY(2) + 60 * MINUTE_MS });
const given = { sigma: 1200, eta: 0.005, gamma: 0.0005 };

function run(
  create: Parameters<typeof spec>[2][number]["create"],
  s: CandleSeries = series,
  venue?: () => ExecutionVenue,
) {
  const sp = spec(s, [p], [{ name: "x", create }]);
  const r = simulate(venue ? { ...sp, createVenue: venue } : sp)[0]!;
  expect(r.status, r.error).toBe("completed");
  return r;
}
const qtys = (r: ParentExecution) => r.children.map((c) => c.qtyBase);
const filledBy = (r: ParentExecution, t: number) =>
  r.fills.filter((f) => f.timeMs < t).reduce((a, f) => a + f.qtyBase, 0);

describe("almgrenChrissMarketParams", () => {
  it("reproduces Almgren & Chriss's rules of thumb: spread 1/8, ADV 5e6 -> eta 2.5e-6, gamma 2.5e-7", () => {
    // Two days of 1-minute bars with 5e6/1440 volume each (ADV 5e6) and closes alternating
    // ±r in log: realized per-bar vol r, daily r·√1440.
    const n = 2880;
    const s = allocSeries({ symbol: "X", category: "spot", interval: "1" }, MINUTE_MS, n);
    const r = 0.001;
    for (let i = 0; i < n; i++) {
      s.openTimeMs[i] = T0 + i * MINUTE_MS;
      const c = 50 * Math.exp(i % 2 === 0 ? 0 : r);
      s.open[i] = s.high[i] = s.low[i] = s.close[i] = c;
      s.volume[i] = 5e6 / 1440;
      s.turnover[i] = Number.NaN;
    }
    const m = almgrenChrissMarketParams(s, 50, 1 / 16);
    expect(m.eta).toBeCloseTo(2.5e-6, 15);
    expect(m.gamma).toBeCloseTo(2.5e-7, 16);
    expect(m.epsilon).toBe(0.0625);
    expect(m.sigma).toBeCloseTo(r * Math.sqrt(1440) * 50, 9);
    expect(m.source).toEqual({
      sigma: "estimated",
      eta: "estimated",
      gamma: "estimated",
      epsilon: "estimated",
    });
    const g = almgrenChrissMarketParams(s, 50, 1 / 16, { sigma: 0.95, eta: 1e-6 });
    expect([g.sigma, g.eta, g.gamma]).toEqual([0.95, 1e-6, expect.closeTo(2.5e-7, 16)]);
  });

  it("says what to pass when there is not enough history", () => {
    const short = longSeries({ n: 100 });
    expect(() => almgrenChrissMarketParams(short, 100, 0.01)).toThrow(
      /cannot estimate eta and gamma .* pass eta and gamma explicitly/,
    );
  });
});

describe("IS (Almgren-Chriss) schedule", () => {
  it("with lambda = 0 equals TWAP (same children, same times)", () => {
    const a = run(() => almgrenChriss({ lambda: 0 }));
    const b = run(() => twap());
    expect(qtys(a)).toHaveLength(60);
    expect(qtys(a)).toEqual(qtys(b).map((q) => expect.closeTo(q, 12)));
    expect(a.children.map((c) => c.submitMs)).toEqual(b.children.map((c) => c.submitMs));
  });

  it("trades the exact discrete AC trajectory for given sigma, eta, gamma", () => {
    const lambda = 1e-6;
    const r = run(() => almgrenChriss({ lambda, ...given }));
    // Independent evaluation: tau = 1 min in days, T = 1 hour, N = 60.
    const N = 60;
    const tau = 1 / 1440;
    const T = N * tau;
    const etaT = given.eta - (given.gamma * tau) / 2;
    const kappa = (2 / tau) * Math.asinh(0.5 * tau * Math.sqrt((lambda * given.sigma ** 2) / etaT));
    const x = (t: number) => (10 * Math.sinh(kappa * (T - t))) / Math.sinh(kappa * T);
    expect(kappa * T).toBeGreaterThan(0.5); // a visibly curved trajectory
    qtys(r).forEach((q, j) => {
      expect(q).toBeCloseTo(x(j * tau) - x((j + 1) * tau), 10);
    });
  });

  it("front-loads more as lambda grows", () => {
    const lambdas = [0, 1e-7, 1e-6, 1e-5];
    const runs = lambdas.map((lambda) => run(() => almgrenChriss({ lambda, ...given })));
    const first = runs.map((r) => qtys(r)[0]!);
    const half = runs.map((r) => filledBy(r, p.startMs + 30 * MINUTE_MS));
    for (let i = 1; i < lambdas.length; i++) {
      expect(first[i]!).toBeGreaterThan(first[i - 1]!);
      expect(half[i]!).toBeGreaterThan(half[i - 1]!);
    }
    for (const r of runs) expect(r.fills.reduce((a, f) => a + f.qtyBase, 0)).toBeCloseTo(10, 10);
  });

  it("estimates sigma, eta and gamma from the bars before the start when not given", () => {
    const r = run(() => almgrenChriss({ lambda: 1e-5 }));
    const hist = { ...series, length: 2 * 1440 } as CandleSeries; // bars closed by the start (day 2 00:00)
    const stub = new StubVenue();
    stub.reset(series, null as never);
    stub.advanceTo(p.startMs);
    // What the strategy observes at the start: the last close (no own impact yet) and the venue's
    // relative half-spread applied to it (src/engine/parent-run.ts venueMid / venueHalfSpread).
    const observedMid = series.close[2 * 1440 - 1]!;
    const observedHalfSpread = (stub.halfSpread() / stub.mid()) * observedMid;
    const m = almgrenChrissMarketParams(hist, observedMid, observedHalfSpread);
    const e = run(() => almgrenChriss({ lambda: 1e-5, sigma: m.sigma, eta: m.eta, gamma: m.gamma }));
    expect(qtys(r)).toEqual(qtys(e));
    expect(qtys(r)[0]!).toBeGreaterThan(10 / 60); // and it is not TWAP
  });
});

/** A stub venue whose half-spread is multiplied by `factor` from time `fromMs` on. */
class SpreadStepVenue extends StubVenue {
  constructor(
    private readonly fromMs: number,
    private readonly factor: number,
  ) {
    super({ halfSpreadBps: 2 });
  }
  override halfSpread(): number {
    return super.halfSpread() * (this.t >= this.fromMs ? this.factor : 1);
  }
}

describe("adaptive schedule", () => {
  const base = { lambda: 1e-6, ...given };

  it("with zero exponents (speed factor 1) reproduces the AC schedule", () => {
    const a = run(() => adaptive({ ...base, volExponent: 0, spreadExponent: 0 }));
    const b = run(() => almgrenChriss(base));
    expect(qtys(a)).toEqual(qtys(b).map((q) => expect.closeTo(q, 10)));
  });

  it("speeds up when volatility rises after the start and slows down when it falls", () => {
    const start = 2 * 1440;
    const hot = longSeries({ volAt: (i) => (i >= start ? 0.004 : 0.001) });
    const calm = longSeries({ volAt: (i) => (i >= start ? 0.00025 : 0.001) });
    const opts = { ...base, spreadExponent: 0, volWindowBars: 10 };
    const t = p.startMs + 30 * MINUTE_MS;
    const isHot = filledBy(
      run(() => almgrenChriss(base), hot),
      t,
    );
    const adHot = filledBy(
      run(() => adaptive(opts), hot),
      t,
    );
    const isCalm = filledBy(
      run(() => almgrenChriss(base), calm),
      t,
    );
    const adCalm = filledBy(
      run(() => adaptive(opts), calm),
      t,
    );
    expect(adHot).toBeGreaterThan(isHot + 1);
    expect(adCalm).toBeLessThan(isCalm - 1);
  });

  it("measures volatility against the window before the start: f = 1 at the start, whatever came earlier", () => {
    // Volatile history, then quiet from 60 bars before the start on, and quiet during the execution:
    // the market does not change during the execution, so adaptive must follow AC exactly. (With σ_0
    // over the whole history, σ_now/σ_0 ≈ 1/4 slowed every slice and dumped the rest at the end.)
    const start = 2 * 1440;
    const quietedDown = longSeries({ volAt: (i) => (i >= start - 60 ? 0.0005 : 0.004) });
    const opts = { ...base, spreadExponent: 0, volWindowBars: 30 };
    const ad = run(() => adaptive(opts), quietedDown);
    const is = run(() => almgrenChriss(base), quietedDown);
    expect(qtys(ad)[0]).toBeCloseTo(qtys(is)[0]!, 10);
    const t = p.startMs + 30 * MINUTE_MS;
    expect(filledBy(ad, t)).toBeGreaterThan(0.8 * filledBy(is, t));
    expect(qtys(ad).at(-1)!).toBeLessThan(3 * qtys(is).at(-1)!);
  });

  it("slows down while the spread is wider than at the start, then catches up", () => {
    const step = p.startMs + 10 * MINUTE_MS;
    const venue = () => new SpreadStepVenue(step, 4);
    const opts = { ...base, volExponent: 0 };
    const ad = run(() => adaptive(opts), series, venue);
    const is = run(() => almgrenChriss(base), series, venue);
    // Before the step both follow AC; after it adaptive trades a quarter of AC's fraction.
    const t10 = p.startMs + 10 * MINUTE_MS;
    expect(filledBy(ad, t10)).toBeCloseTo(filledBy(is, t10), 10);
    const adQ = qtys(ad);
    const isQ = qtys(is);
    expect(adQ[10]!).toBeLessThan(isQ[10]! * 0.5);
    expect(filledBy(ad, p.startMs + 40 * MINUTE_MS)).toBeLessThan(
      filledBy(is, p.startMs + 40 * MINUTE_MS) - 1,
    );
    // The last slice sends what is left: both finish.
    expect(ad.fills.reduce((a, f) => a + f.qtyBase, 0)).toBeCloseTo(10, 10);
  });
});
