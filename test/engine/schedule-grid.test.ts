import { describe, expect, it } from "vitest";
import { sliceGrid, sliceTag } from "../../src/engine/schedule-grid.js";

describe("sliceGrid", () => {
  it("steps by the bar interval and keeps a short last slice (N = ceil(horizon / step))", () => {
    const g = sliceGrid(1000, 150_000, { barIntervalMs: 60_000 });
    expect(g.n).toBe(3);
    expect(g.stepMs).toBe(60_000);
    expect(g.timesMs).toEqual([1000, 61_000, 121_000]);
  });

  it("with slices > 0 cuts the horizon into that many equal steps", () => {
    const g = sliceGrid(0, 100, { slices: 4, barIntervalMs: 60_000 });
    expect(g).toEqual({ n: 4, stepMs: 25, timesMs: [0, 25, 50, 75] });
  });
});

describe("sliceTag", () => {
  it("is slice-<k> for any k (cached below 4096, made on demand above)", () => {
    expect(sliceTag(0)).toBe("slice-0");
    expect(sliceTag(1439)).toBe("slice-1439");
    expect(sliceTag(5000)).toBe("slice-5000"); // beyond the cache: made on demand
    expect(sliceTag(7)).toBe(`slice-${7}`);
    expect(sliceTag(-1)).toBe("slice--1");
    expect(sliceTag(2.5)).toBe("slice-2.5");
  });
});
