/**
 * Quantity conservation and record consistency, as properties over random strategies: a scripted
 * strategy sends random children (sizes, limits, timings, cancels) against random participation
 * caps, latencies and parent limits.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { type ExecutionStrategy, MINUTE_MS, type ParentOrder, simulate } from "../../src/index.js";
import { makeSeries, parent, spec, T0 } from "../helpers/engine-fixtures.js";

const series = makeSeries({ volume: (i) => 5 + (i % 11) });

interface Action {
  atMin: number;
  qty: number;
  limitBps: number | null;
  cancelPrevious: boolean;
}

function scripted(actions: Action[], S: number): ExecutionStrategy {
  return {
    name: "scripted",
    start(ctx) {
      actions.forEach((a, k) => {
        ctx.setTimer(S + a.atMin * MINUTE_MS, String(k));
      });
    },
    onTimer(ctx, tag) {
      const a = actions[Number(tag)]!;
      const mid = ctx.market.mid();
      const limitPrice =
        a.limitBps === null
          ? undefined
          : mid * (1 + (ctx.parent.side === "buy" ? 1 : -1) * a.limitBps * 1e-4);
      const id = ctx.submit({ qtyBase: a.qty, ...(limitPrice !== undefined ? { limitPrice } : {}) });
      if (a.cancelPrevious) ctx.cancel(id);
    },
  };
}

const action = fc.record({
  atMin: fc.integer({ min: 0, max: 70 }),
  qty: fc.double({ min: 0.01, max: 8, noNaN: true }),
  limitBps: fc.option(fc.double({ min: -2, max: 30, noNaN: true })),
  cancelPrevious: fc.boolean(),
});

describe("conservation of quantity (property)", () => {
  it("fills never exceed the parent, children's filled quantities match their fills, caps and limits hold", () => {
    fc.assert(
      fc.property(
        fc.array(action, { minLength: 1, maxLength: 30 }),
        fc.option(fc.double({ min: 0.05, max: 1, noNaN: true })),
        fc.integer({ min: 0, max: 3 * MINUTE_MS }),
        fc.constantFrom<"buy" | "sell">("buy", "sell"),
        fc.double({ min: 1, max: 40, noNaN: true }),
        (actions, cap, latencyMs, side, qtyBase) => {
          const S = T0 + 60 * MINUTE_MS;
          const p: ParentOrder = parent({
            side,
            qtyBase,
            ...(cap !== null ? { maxParticipation: cap } : {}),
          });
          const [e] = simulate(
            spec(series, [p], [{ name: "scripted", create: () => scripted(actions, S) }], {
              latencyMs,
              venue: { halfSpreadBps: 2, eta: 0.5, gamma: 0.1 },
            }),
          );
          expect(e!.status).toBe("completed");
          const filled = e!.fills.reduce((a, f) => a + f.qtyBase, 0);
          expect(filled).toBeLessThanOrEqual(qtyBase * (1 + 1e-12));
          const byChild = new Map<string, number>();
          for (const f of e!.fills) {
            byChild.set(f.childId, (byChild.get(f.childId) ?? 0) + f.qtyBase);
            expect(f.timeMs).toBeGreaterThanOrEqual(p.startMs);
            expect(f.timeMs).toBeLessThanOrEqual(p.endMs);
            expect(f.feeQuote).toBeCloseTo(f.notionalQuote * 0.00055, 9);
            expect(f.notionalQuote).toBeCloseTo(f.avgPrice * f.qtyBase, 6);
          }
          for (const c of e!.children) {
            expect(c.filledQtyBase).toBeCloseTo(byChild.get(c.id) ?? 0, 12);
            expect(c.filledQtyBase).toBeLessThanOrEqual(c.qtyBase * (1 + 1e-12));
            expect(c.status).not.toBe("pending");
            expect(c.arriveMs).toBe(c.submitMs + latencyMs);
            if (c.status === "filled") expect(c.filledQtyBase).toBeCloseTo(c.qtyBase, 9);
            if (c.status === "rejected" || c.status === "cancelled") expect(c.filledQtyBase).toBe(0);
            if (c.status !== "filled") expect(c.reason).toBeTruthy();
            if (c.arriveMs > p.endMs) expect(c.status === "rejected" || c.status === "cancelled").toBe(true);
            if (c.limitPrice !== undefined) {
              for (const f of e!.fills.filter((x) => x.childId === c.id)) {
                // The stub venue's worst price is avg + (avg − mid − h) on the trade's side.
                const worst = 2 * f.avgPrice - f.midBefore - (side === "buy" ? f.halfSpread : -f.halfSpread);
                if (side === "buy") expect(worst).toBeLessThanOrEqual(c.limitPrice * (1 + 1e-9));
                else expect(worst).toBeGreaterThanOrEqual(c.limitPrice * (1 - 1e-9));
              }
            }
          }
          if (cap !== null) {
            const perBar = new Map<number, number>();
            for (const f of e!.fills) {
              const b = Math.floor((f.timeMs - T0) / MINUTE_MS);
              perBar.set(b, (perBar.get(b) ?? 0) + f.qtyBase);
            }
            for (const [b, q] of perBar) expect(q).toBeLessThanOrEqual(cap * series.volume[b]! * (1 + 1e-9));
          }
        },
      ),
      { seed: 42, numRuns: 200 },
    );
  });
});
