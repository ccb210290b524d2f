import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { buildParamGrid, parseParamAxis } from "../../src/experiment/sweep/param-grid.js";

describe("sweep parameter grids", () => {
  it("lo:hi:n is log-spaced when lo > 0 and hi/lo >= 10 (decades exact), else linear", () => {
    expect(parseParamAxis("lambda=1e-7:1e-3:5").values).toEqual([1e-7, 1e-6, 1e-5, 1e-4, 1e-3]);
    expect(parseParamAxis("lambda=1e-7:1e-3:5").kind).toBe("log");
    // hi/lo = 5 < 10: linear, 1, 3, 5
    expect(parseParamAxis("rate=1:5:3")).toMatchObject({ kind: "linear", values: [1, 3, 5] });
    expect(parseParamAxis("rate=0:1:5").values).toEqual([0, 0.25, 0.5, 0.75, 1]);
    // --scale overrides the automatic choice
    expect(parseParamAxis("rate=1:100:3", "linear").values).toEqual([1, 50.5, 100]);
    expect(parseParamAxis("rate=1:4:3", "log").values).toEqual([1, 2, 4]);
  });

  it("lists keep their order (the way to include 0), a single value is one point", () => {
    expect(parseParamAxis("lambda=0,1e-6,1e-5").values).toEqual([0, 1e-6, 1e-5]);
    expect(parseParamAxis("lambda=2e-6").values).toEqual([2e-6]);
  });

  it("several --param give the product grid, the first varying slowest", () => {
    const g = buildParamGrid(["lambda=0,1e-6", "slices=10,20,30"]);
    expect(g.points).toEqual([
      { lambda: 0, slices: 10 },
      { lambda: 0, slices: 20 },
      { lambda: 0, slices: 30 },
      { lambda: 1e-6, slices: 10 },
      { lambda: 1e-6, slices: 20 },
      { lambda: 1e-6, slices: 30 },
    ]);
  });

  it("whole-valued parameters are rounded and the duplicates dropped with a note", () => {
    // 1, 1.5, 2, 2.5, 3 -> 1, 2, 2, 3, 3 (Math.round rounds .5 up) -> 1, 2, 3
    const g = buildParamGrid(["slices=1:3:5"]);
    expect(g.points).toEqual([{ slices: 1 }, { slices: 2 }, { slices: 3 }]);
    expect(g.notes.join("\n")).toMatch(/slices takes whole values: 1.5, 2.5/);
    expect(g.notes.join("\n")).toMatch(/2 duplicate grid point\(s\) dropped/);
    // log 1..10 in 4: 1, 2.154, 4.642, 10 -> 1, 2, 5, 10
    expect(buildParamGrid(["slices=1:10:4"]).points.map((p) => p.slices)).toEqual([1, 2, 5, 10]);
    // declared whole-valued parameters too; others are untouched
    expect(buildParamGrid(["depth=0.4,1.6"], { integerParams: ["depth"] }).points).toEqual([
      { depth: 0 },
      { depth: 2 },
    ]);
    expect(buildParamGrid(["rate=0.4,0.6"]).points).toEqual([{ rate: 0.4 }, { rate: 0.6 }]);
  });

  it.each([
    ["lambda=1e-3:1e-7:5", /lo \(0.001\) is greater than hi/],
    ["lambda=1e-7:1e-3:0", /n must be a whole number >= 1/],
    ["lambda=1e-7:1e-3:2.5", /n must be a whole number >= 1/],
    ["lambda=abc", /value "abc" is not a number/],
    ["lambda=1e-7:x:3", /hi "x" is not a number/],
    ["lambda=1e-7:1e-3", /three parts/],
    ["lambda", /no '='/],
    ["lambda=", /no values/],
  ])("%s is refused with a message saying what to write", (spec, msg) => {
    expect(() => buildParamGrid([spec])).toThrow(msg);
  });

  it("a log grid through 0 is refused, pointing at the list form", () => {
    expect(() => buildParamGrid(["lambda=0:1e-3:4"], { scale: "log" })).toThrow(
      /log grid needs lo > 0.*lambda=0,1e-6,1e-5/,
    );
    expect(() => buildParamGrid(["lambda=-1:1:3"], { scale: "log" })).toThrow(/log grid needs lo > 0/);
    expect(() => buildParamGrid(["a=1", "a=2"])).toThrow(/given twice/);
    expect(() => buildParamGrid([])).toThrow(/at least one parameter/);
  });

  it("property: a range has n distinct ascending points from lo to hi inclusive", () => {
    fc.assert(
      fc.property(
        fc.double({ min: 1e-9, max: 1e3, noNaN: true }),
        fc.double({ min: 1.001, max: 1e4, noNaN: true }),
        fc.integer({ min: 2, max: 40 }),
        fc.constantFrom<"log" | "linear">("log", "linear"),
        (lo, ratio, n, scale) => {
          const hi = lo * ratio;
          const v = parseParamAxis(`x=${lo}:${hi}:${n}`, scale).values;
          expect(v.length).toBe(n);
          expect(v[0]).toBe(lo);
          expect(v[n - 1]).toBe(hi);
          for (let i = 1; i < n; i++) expect(v[i]!).toBeGreaterThanOrEqual(v[i - 1]!);
        },
      ),
    );
  });
});

describe("whole-valued parameters a strategy declares", () => {
  it("defineStrategy's integerParams are rounded in the sweep grid, other parameters are not", async () => {
    const { planSweep } = await import("../../src/experiment/sweep/sweep-plan.js");
    const file = new URL("./fixtures/whole-valued.ts", import.meta.url).pathname;
    const plan = await planSweep({ strategy: file, params: ["depth=1:3:5", "share=0.25,0.75"] });
    expect(plan.points.map((p) => p.params)).toEqual([
      { depth: 1, share: 0.25 },
      { depth: 1, share: 0.75 },
      { depth: 2, share: 0.25 },
      { depth: 2, share: 0.75 },
      { depth: 3, share: 0.25 },
      { depth: 3, share: 0.75 },
    ]);
    expect(plan.grid.notes.join("\n")).toMatch(/depth takes whole values: 1.5, 2.5/);
    expect(plan.almgrenChriss).toBe(false);
  });
});
