/** The markout arithmetic (src/tca/markouts.ts): hand values and invariants. */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  lastCloseMid,
  type MarkoutParent,
  markoutBps,
  markoutRows,
  summarizeMarkouts,
} from "../../src/tca/markouts.js";
import { flatSeries } from "../helpers/series-fixtures.js";

describe("markouts", () => {
  it("signs a markout so that a move in the trade's direction is adverse (positive)", () => {
    expect(markoutBps(1, 100, 101)).toBeCloseTo(100, 12); // bought, the price went on up 1 %
    expect(markoutBps(-1, 100, 101)).toBeCloseTo(-100, 12); // sold, then it rose: favourable
    expect(markoutBps(1, 100, Number.NaN)).toBeNaN();
    expect(markoutBps(1, 0, 100)).toBeNaN();
  });

  it("reads the close of the last bar closed at or before a time, NaN outside the data", () => {
    const s = flatSeries(3, 100);
    s.close[0] = 10;
    s.close[1] = 11;
    s.close[2] = 12;
    // bars open at 0, 1, 2 min and close at 1, 2, 3 min
    expect(lastCloseMid(s, 59_999)).toBeNaN();
    expect(lastCloseMid(s, 60_000)).toBe(10);
    expect(lastCloseMid(s, 119_999)).toBe(10);
    expect(lastCloseMid(s, 120_000)).toBe(11);
    expect(lastCloseMid(s, 180_000)).toBe(12);
    expect(lastCloseMid(s, 180_001)).toBeNaN();
  });

  const parentArb = fc.record({
    side: fc.constantFrom<1 | -1>(1, -1),
    arrival: fc.double({ min: 1, max: 1e5, noNaN: true }),
    fills: fc.array(
      fc.record({
        qty: fc.double({ min: 1e-3, max: 1e3, noNaN: true }),
        ref: fc.double({ min: 1, max: 1e5, noNaN: true }),
        later: fc.double({ min: 1, max: 1e5, noNaN: true }),
      }),
      { minLength: 1, maxLength: 8 },
    ),
    end: fc.double({ min: 1, max: 1e5, noNaN: true }),
  });

  it("a parent's fill average lies between its fills' markouts, and flipping the side flips every sign", () => {
    fc.assert(
      fc.property(parentArb, (g) => {
        const mk = (sideSign: 1 | -1): MarkoutParent => ({
          parentId: "p",
          sideSign,
          qtyBase: 1,
          endMs: 1_000,
          arrivalMid: g.arrival,
          fills: g.fills.map((f, i) => ({ fillSeq: i, timeMs: i, qtyBase: f.qty, refMid: f.ref })),
        });
        // the mid h = 60 s after the end (61 s) is g.end; after fill i (at i ms) it is g.fills[i].later
        const path = (_p: MarkoutParent, times: readonly number[]) =>
          times.map((t) => (t === 61_000 ? g.end : g.fills[t - 60_000]!.later));
        const rows = markoutRows([mk(g.side)], [60_000], path);
        const flipped = markoutRows([mk(g.side === 1 ? -1 : 1)], [60_000], path);
        const fills = rows.filter((r) => r.level === "fill").map((r) => r.markoutBps);
        const parent = rows[0]!;
        expect(parent.level).toBe("parent");
        expect(parent.fillAvgBps).toBeGreaterThanOrEqual(
          Math.min(...fills) - 1e-9 * Math.max(1, Math.abs(Math.min(...fills))),
        );
        expect(parent.fillAvgBps).toBeLessThanOrEqual(
          Math.max(...fills) + 1e-9 * Math.max(1, Math.abs(Math.max(...fills))),
        );
        rows.forEach((r, i) => {
          // exact negation (a sum, not Object.is, so that 0 and −0 agree)
          expect(flipped[i]!.markoutBps + r.markoutBps).toBe(0);
        });
      }),
    );
  });

  it("run means average over parents and count what the data could not give", () => {
    const p = (id: string, end: number): MarkoutParent => ({
      parentId: id,
      sideSign: 1,
      qtyBase: 1,
      endMs: end,
      arrivalMid: 100,
      fills: [{ fillSeq: 0, timeMs: end - 1, qtyBase: 1, refMid: 100 }],
    });
    // mid 102 at every time up to 10_000, unknown after
    const rows = markoutRows([p("a", 1_000), p("b", 5_000)], [1_000, 9_000], (_p, times) =>
      times.map((t) => (t <= 10_000 ? 102 : Number.NaN)),
    );
    const [h1, h9] = summarizeMarkouts(rows, [1_000, 9_000]);
    expect(h1).toMatchObject({ parents: 2, parentsWithFills: 2, missing: 0 });
    expect(h1!.parentBps).toBeCloseTo(200, 12);
    // 9 s: parent b's end (14 s) and its fill (13.999 s) lie beyond the data
    expect(h9).toMatchObject({ parents: 1, parentsWithFills: 1, missing: 2 });
    expect(h9!.fillBps).toBeCloseTo(200, 12);
  });
});
