import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { EventQueue, PHASE_ARRIVAL, PHASE_BAR, PHASE_TIMER } from "../../src/engine/event-queue.js";

describe("EventQueue", () => {
  it("pops by time, then phase, then insertion order", () => {
    const q = new EventQueue(2);
    q.push(10, PHASE_TIMER, 1);
    q.push(10, PHASE_ARRIVAL, 2);
    q.push(5, PHASE_TIMER, 3);
    q.push(10, PHASE_TIMER, 4);
    q.push(10, PHASE_ARRIVAL, 5);
    q.push(10, PHASE_BAR, 6);
    const out: number[] = [];
    while (q.size > 0) out.push(q.pop());
    expect(out).toEqual([3, 6, 2, 5, 1, 4]);
    expect(q.peekTime()).toBe(Number.POSITIVE_INFINITY);
    expect(() => q.pop()).toThrow(RangeError);
  });

  it("agrees with a stable sort on (time, phase) for random pushes and interleaved pops", () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.integer({ min: 0, max: 20 }), fc.integer({ min: 0, max: 2 }), fc.boolean()), {
          maxLength: 200,
        }),
        (ops) => {
          const q = new EventQueue(1);
          const model: { t: number; ph: number; seq: number; ref: number }[] = [];
          let seq = 0;
          const popped: number[] = [];
          const expected: number[] = [];
          ops.forEach(([t, ph, popNow], ref) => {
            q.push(t, ph, ref);
            model.push({ t, ph, seq: seq++, ref });
            if (popNow) {
              model.sort((a, b) => a.t - b.t || a.ph - b.ph || a.seq - b.seq);
              expected.push(model.shift()!.ref);
              popped.push(q.pop());
            }
          });
          model.sort((a, b) => a.t - b.t || a.ph - b.ph || a.seq - b.seq);
          for (const m of model) expected.push(m.ref);
          while (q.size > 0) popped.push(q.pop());
          expect(popped).toEqual(expected);
        },
      ),
      { seed: 42, numRuns: 300 },
    );
  });
});
