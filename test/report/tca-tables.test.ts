/** The cost-parts table under `execsim compare`: hand-computed means that add up to the mean shortfall. */
import { describe, expect, it } from "vitest";
import { costPartsByStrategy, costPartsTable, formatCell } from "../../src/report/tca-tables.js";
import { parentTca } from "../../src/tca/parent-tca.js";
import { makeExecution, threeBars } from "../tca/fixtures.js";

describe("costPartsByStrategy", () => {
  it("averages spread, impact, timing, fees and opportunity over completed parents; the parts add up", () => {
    const bars = threeBars();
    // "a": buy 2 at arrival 100, one fill of 1 at 100.3 with market mid 100.1, own impact 0.05 + 0.05,
    // half-spread 0.05, fee 0.1%; the other 1 is unfilled and the end mid is 101. Per 2 × 100 = 200 quote:
    //   spread 0.05 → 2.5 bps; temporary (100.3 − 100.2) − 0.05 = 0.05, permanent 0.05, transient 0.05
    //   → impact 7.5 bps; timing 0.1 → 5 bps; fees 0.1003 → 5.015 bps; opportunity 1·(101 − 100) → 50 bps.
    const a = makeExecution(
      "buy",
      2,
      100,
      101,
      [{ q: 1, avg: 100.3, marketMid: 100.1, perm: 0.05, trans: 0.05, half: 0.05, feeRate: 0.001 }],
      "a",
    );
    // a failed parent of "a" is left out of the means
    const aFailed = { ...makeExecution("buy", 2, 100, 100, [], "a"), status: "failed" as const, error: "x" };
    // "b": buy 2 filled at 100.02 against a mid of 100 with half-spread 0.01: spread 1 bp, impact 1 bp.
    const b = makeExecution(
      "buy",
      2,
      100,
      100,
      [{ q: 2, avg: 100.02, marketMid: 100, perm: 0, trans: 0, half: 0.01, feeRate: 0 }],
      "b",
    );
    const rows = [a, aFailed, b].map((e) => parentTca(e, bars));
    const [pb, pa] = costPartsByStrategy(rows, ["b", "a"]);
    expect(pb!.strategy).toBe("b");
    expect(pb!.spreadBps).toBeCloseTo(1, 9);
    expect(pb!.impactBps).toBeCloseTo(1, 9);
    expect(pb!.shortfallBps).toBeCloseTo(2, 9);
    expect(pa!.n).toBe(1);
    expect(pa!.spreadBps).toBeCloseTo(2.5, 9);
    expect(pa!.impactBps).toBeCloseTo(7.5, 9);
    expect(pa!.tradingCostBps).toBeCloseTo(10, 9);
    expect(pa!.timingBps).toBeCloseTo(5, 9);
    expect(pa!.feesBps).toBeCloseTo(5.015, 9);
    expect(pa!.opportunityBps).toBeCloseTo(50, 9);
    expect(pa!.shortfallBps).toBeCloseTo(70.015, 9);
    for (const p of [pa!, pb!]) {
      expect(p.spreadBps + p.impactBps + p.timingBps + p.feesBps + p.opportunityBps).toBeCloseTo(
        p.shortfallBps,
        9,
      );
    }
    const text = costPartsTable([pb!, pa!]).split("\n");
    expect(text[0]).toMatch(/strategy\s+spread\s+impact\s+spread\+impact\s+timing\s+fees\s+opport\./);
    expect(text[2]).toMatch(/^b\s+1\.00\s+1\.00\s+2\.00\s+0\.00\s+0\.00\s+0\.00\s+2\.00$/);
    // 5.015 and 70.015 print as 5.01 and 70.01 (toFixed of the binary value just below the half)
    expect(text[3]).toMatch(/^a\s+2\.50\s+7\.50\s+10\.00\s+5\.00\s+5\.01\s+50\.00\s+70\.01$/);
  });
});

describe("huge values", () => {
  it("print in exponent form with 3 significant digits instead of 50-digit numbers", () => {
    expect(formatCell(1.9e53)).toBe("1.90e+53");
    expect(formatCell(-2.5e12, 1)).toBe("-2.50e+12");
    expect(formatCell(999_999_999.994)).toBe("999999999.99");
    expect(formatCell(Number.POSITIVE_INFINITY)).toBe("-");
  });
});
