/**
 * TCA on executions produced by the real engine and venues (not hand-made): the accounting identity,
 * child-to-parent consistency, and the venue contract the decomposition relies on
 * (midBefore − marketMid = permanent + transient impact), over random seeds, sides, sizes and fill models.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { ParentOrder } from "../../src/core/execution-types.js";
import type { Side } from "../../src/core/market-types.js";
import { simulate } from "../../src/engine/simulator.js";
import { generateSyntheticCandles } from "../../src/market/synthetic-candles.js";
import { childTca } from "../../src/tca/child-tca.js";
import { parentTca, sumOfParts } from "../../src/tca/parent-tca.js";
import { createVenue } from "../../src/venues/venue-factory.js";
import { pov } from "../../strategies/pov.js";
import { twap } from "../../strategies/twap.js";

const START = Date.UTC(2024, 0, 1);
const series = generateSyntheticCandles({
  symbol: "SYN",
  category: "linear",
  interval: "1",
  startMs: START,
  bars: 2 * 1440,
  seed: 11,
});
const TAKER = 0.00055;

describe("TCA of simulated executions (property, real engine and venues)", () => {
  it("parts add up, children add up to the parent, and the venue's impact fields are consistent", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 1_000_000 }),
        fc.constantFrom<Side>("buy", "sell"),
        fc.double({ min: 0.5, max: 400, noNaN: true }),
        fc.constantFrom("book", "sqrt", "propagator", "almgren-chriss", "none"),
        (seed, side, qty, kind) => {
          const parent: ParentOrder = {
            id: "p",
            symbol: "SYN",
            side,
            qtyBase: qty,
            startMs: START + 1440 * 60_000 + 12 * 3_600_000,
            endMs: START + 1440 * 60_000 + 13 * 3_600_000,
          };
          const out = simulate({
            series,
            parents: [parent],
            strategies: [
              { name: "twap", create: () => twap({}) },
              { name: "pov", create: () => pov({}) },
            ],
            createVenue: () => createVenue(kind, {}),
            latencyMs: 100,
            fees: { takerRate: TAKER, makerRate: 0.0002 },
            seed,
          });
          expect(out).toHaveLength(2);
          for (const e of out) {
            expect(e.status).toBe("completed");
            expect(e.fills.length).toBeGreaterThan(0);
            const t = parentTca(e, series);
            const notional = t.arrivalNotionalQuote;
            const tol = 1e-9 * notional;
            expect(Math.abs(t.shortfallQuote - sumOfParts(t))).toBeLessThanOrEqual(tol);
            const s = side === "buy" ? 1 : -1;
            let transient = 0;
            let filledNotional = 0;
            for (const f of e.fills) {
              transient += s * f.qtyBase * f.transientImpactBefore;
              filledNotional += f.notionalQuote;
            }
            // the venue contract: what the decomposition books as transient is the venue's transient impact
            expect(Math.abs(t.transientImpactQuote - transient)).toBeLessThanOrEqual(tol);
            expect(t.feesQuote).toBeCloseTo(TAKER * filledNotional, 9);
            expect(t.spreadQuote).toBeGreaterThanOrEqual(0);
            const cs = childTca(e, series);
            const sum = (
              k: "spreadQuote" | "temporaryImpactQuote" | "permanentImpactQuote" | "timingQuote",
            ) => cs.reduce((a, c) => a + c[k], 0);
            for (const k of [
              "spreadQuote",
              "temporaryImpactQuote",
              "permanentImpactQuote",
              "timingQuote",
            ] as const)
              expect(Math.abs(sum(k) - t[k])).toBeLessThanOrEqual(tol);
            expect(t.filledQtyBase).toBeLessThanOrEqual(qty * (1 + 1e-12));
          }
        },
      ),
      { seed: 42, numRuns: 25 },
    );
  });
});
