import { describe, expect, it } from "vitest";
import { defineStrategy, type ExecutionStrategy, isExecutionStrategy, simulate } from "../../src/index.js";
import { makeSeries, parent, spec } from "../helpers/engine-fixtures.js";

describe("defineStrategy", () => {
  const counter = defineStrategy({
    name: "counter",
    description: "sends `n` children of `q` at the start",
    defaults: { n: 2, q: 1 },
    validate: (p) => {
      if (p.n < 1) throw new Error("n must be >= 1");
    },
    create: (p) => {
      let sent = 0; // per-instance state
      return {
        start(ctx) {
          for (let i = 0; i < p.n; i++) {
            ctx.submit({ qtyBase: p.q });
            sent++;
          }
          expect(sent).toBe(p.n);
        },
      };
    },
  });

  it("merges parameters over the defaults, freezes them, and exposes name, description and defaults", () => {
    expect(counter.strategyName).toBe("counter");
    expect(counter.description).toMatch(/children/);
    expect(counter.defaults).toEqual({ n: 2, q: 1 });
    expect(Object.isFrozen(counter.defaults)).toBe(true);
    const s = counter({ q: 0.5 });
    expect(s.name).toBe("counter");
    expect(isExecutionStrategy(s)).toBe(true);
    expect(() => counter({ n: 0 })).toThrow(/n must be >= 1/);
    expect(() => counter({ m: 1 } as never)).toThrow(/no parameter "m"; known parameters: n, q/);
  });

  it("gives every parent a fresh instance (state does not leak between parent orders)", () => {
    const r = simulate(
      spec(
        makeSeries(),
        [parent({ id: "a" }), parent({ id: "b" })],
        [{ name: "counter", create: () => counter({ n: 3 }) }],
      ),
    );
    expect(r.map((e) => e.status)).toEqual(["completed", "completed"]);
    expect(r.map((e) => e.children.length)).toEqual([3, 3]);
  });

  it("isExecutionStrategy checks the shape", () => {
    const ok: ExecutionStrategy = { name: "x", start() {} };
    expect(isExecutionStrategy(ok)).toBe(true);
    expect(isExecutionStrategy({ name: "", start() {} })).toBe(false);
    expect(isExecutionStrategy({ name: "x" })).toBe(false);
    expect(isExecutionStrategy({ name: "x", start() {}, onBar: 3 })).toBe(false);
    expect(isExecutionStrategy(null)).toBe(false);
  });
});
