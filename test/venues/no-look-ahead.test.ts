/**
 * The venue is the world at time t: it may read the bar containing t, never a later one. Property:
 * perturbing every bar after the one containing t (prices, ranges, volumes, even open times further
 * out) leaves every quote and execution up to t unchanged, for every venue kind.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { ExecutionResult } from "../../src/core/execution-types.js";
import type { CandleSeries, Side } from "../../src/core/market-types.js";
import { createRng } from "../../src/core/rng.js";
import { generateSyntheticCandles } from "../../src/market/synthetic-candles.js";
import { barIndexAt } from "../../src/venues/sub-bar-path.js";
import { createVenue, VENUE_KINDS } from "../../src/venues/venue-factory.js";
import { cloneSeries } from "../helpers/series-fixtures.js";

const base = generateSyntheticCandles({
  symbol: "SYN",
  category: "linear",
  interval: "1",
  startMs: 0,
  bars: 300,
  seed: 3,
});

/** Scale every bar after `after` by random factors (keeping each bar's OHLC consistent). */
function perturbAfter(s: CandleSeries, after: number, seed: number): CandleSeries {
  const out = cloneSeries(s);
  const rng = createRng(seed);
  for (let i = after + 1; i < out.length; i++) {
    const f = Math.exp(0.05 * rng.normal());
    const widen = 1 + 0.01 * rng.uniform();
    out.open[i] = out.open[i]! * f;
    out.close[i] = out.close[i]! * f * Math.exp(0.002 * rng.normal());
    out.high[i] = Math.max(out.open[i]!, out.close[i]!, out.high[i]! * f) * widen;
    out.low[i] = Math.min(out.open[i]!, out.close[i]!, out.low[i]! * f) / widen;
    out.volume[i] = out.volume[i]! * Math.exp(rng.normal());
  }
  return out;
}

const opArb = fc.record({
  side: fc.constantFrom<Side>("buy", "sell"),
  qty: fc.double({ min: 0, max: 100, noNaN: true }),
  dtMs: fc.integer({ min: 0, max: 5 * 60_000 }),
});

describe("no look-ahead", () => {
  it("quotes and executions up to t do not change when the bars after t change", () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...VENUE_KINDS),
        fc.integer({ min: 0, max: 280 }),
        fc.array(opArb, { minLength: 1, maxLength: 12 }),
        fc.integer(),
        (kind, startBar, ops, seed) => {
          // the times the ops happen at, and the last bar they touch
          const times: number[] = [];
          let t = base.openTimeMs[startBar]! + 7_000;
          for (const op of ops) {
            t += op.dtMs;
            times.push(t);
          }
          const lastBar = barIndexAt(base, t);
          if (lastBar >= base.length - 1) return; // nothing after t to perturb
          const run = (s: CandleSeries) => {
            const v = createVenue(kind);
            v.reset(s, createRng("world"));
            const out: (ExecutionResult | number)[] = [];
            ops.forEach((op, j) => {
              v.advanceTo(times[j]!);
              out.push(v.mid(), v.halfSpread(), v.marketMid());
              out.push(v.quote(op.side, op.qty));
              out.push(v.execute(op.side, op.qty));
            });
            return out;
          };
          expect(run(perturbAfter(base, lastBar, seed))).toEqual(run(base));
        },
      ),
      { seed: 42, numRuns: 120 },
    );
  });

  it("the same perturbation applied from the current bar on does change the book (the check has teeth)", () => {
    const t = base.openTimeMs[150]! + 30_000;
    const run = (s: CandleSeries) => {
      const v = createVenue("book");
      v.reset(s, createRng("world"));
      v.advanceTo(t);
      return v.quote("buy", 50);
    };
    expect(run(perturbAfter(base, 149, 1))).not.toEqual(run(base));
  });
});
