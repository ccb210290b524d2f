/**
 * Completion cost and honest ranking (issue 10): a parent's unfilled rest is charged the cost of
 * trading it at the horizon end with the run's venue model, the ranking key is shortfall + completion,
 * strategies that did not fill every parent rank after those that did, and fill states are
 * filled | partial | unfilled. Expected numbers are computed by hand from the stub venue's formula
 * (avg price = mid ± (h + eta·q), h = halfSpreadBps of the mid).
 */
import { describe, expect, it } from "vitest";
import { createRng } from "../../src/index.js";
import { aggregateByStrategy } from "../../src/tca/aggregate.js";
import { completionCostQuote, fillStateOf } from "../../src/tca/completion-cost.js";
import { parentTca } from "../../src/tca/parent-tca.js";
import { StubVenue } from "../helpers/stub-venue.js";
import { makeExecution, threeBars } from "./fixtures.js";

const fill = (q: number, avg: number) => ({ q, avg, marketMid: 100, perm: 0, trans: 0, half: 0, feeRate: 0 });

describe("completion cost", () => {
  it("prices the unfilled rest as one taker order at the horizon end (hand-computed)", () => {
    // end (T0 + 3 min) is at the last bar's close: stub mid = its close 101; h = 101 · 10 bps = 0.101
    // buy 4: avg = 101 + 0.101 + 0.01 · 4 = 101.141, N = 404.564; cost = 404.564 − 404 + 0.00055 · 404.564
    const rest4 = (side: "buy" | "sell") =>
      completionCostQuote(
        new StubVenue({ halfSpreadBps: 10, eta: 0.01 }),
        threeBars(),
        createRng(1),
        makeExecution(side, 10, 100, 101, []).parent,
        4,
        0.00055,
      );
    expect(rest4("buy")).toBeCloseTo(0.564 + 0.00055 * 404.564, 10);
    // a sell pays the same way down: avg = 101 − 0.141, cost = 404 − 403.436 + fee
    expect(rest4("sell")).toBeCloseTo(0.564 + 0.00055 * 403.436, 10);
    const e = makeExecution("buy", 10, 100, 101, [fill(6, 100.2)]);
    expect(completionCostQuote(new StubVenue(), threeBars(), createRng(1), e.parent, 0, 0.00055)).toBe(0);
  });

  it("goes into the parent TCA: completion and ranked cost in bps of the arrival notional, fill state", () => {
    const e = makeExecution("buy", 10, 100, 101, [fill(6, 100.2)]);
    const t = parentTca(e, threeBars(), { completionQuote: 0.8 });
    // shortfall = 6 · 0.2 + 4 · (101 − 100) = 5.2 quote = 52 bps of 1000; completion 0.8 = 8 bps
    expect(t.shortfallBps).toBeCloseTo(52, 9);
    expect(t.completionBps).toBeCloseTo(8, 9);
    expect(t.rankedCostBps).toBeCloseTo(60, 9);
    expect(t.fillState).toBe("partial");
    const full = parentTca(makeExecution("buy", 10, 100, 101, [fill(10, 100.2)]), threeBars());
    expect([full.fillState, full.completionBps, full.rankedCostBps]).toEqual([
      "filled",
      0,
      full.shortfallBps,
    ]);
    const none = parentTca(makeExecution("buy", 10, 100, 101, []), threeBars(), { completionQuote: 2 });
    expect([none.fillState, none.completionBps]).toEqual(["unfilled", 20]);
  });

  it("fill states: dust counts as filled, 76 % is partial, nothing is unfilled", () => {
    expect(fillStateOf(10, 10 - 1e-12)).toBe("filled");
    expect(fillStateOf(10, 7.6)).toBe("partial");
    expect(fillStateOf(10, 0)).toBe("unfilled");
  });
});

describe("honest ranking", () => {
  it("a strategy that fills nothing is not ranked first although the drift made its shortfall the lowest", () => {
    // the market fell 2 % over the horizon: leaving a buy unfilled shows a shortfall of −200 bps
    const idle = parentTca(makeExecution("buy", 10, 100, 98, [], "idle"), threeBars(), {
      completionQuote: 1,
    });
    const worker = parentTca(makeExecution("buy", 10, 100, 98, [fill(10, 100.1)], "worker"), threeBars());
    const partial = parentTca(makeExecution("buy", 10, 100, 98, [fill(5, 100.1)], "half"), threeBars(), {
      completionQuote: 0.5,
    });
    const agg = aggregateByStrategy([idle, partial, worker]);
    expect(agg.map((s) => [s.strategy, s.rank, s.complete, s.unfilledParents])).toEqual([
      ["worker", 1, true, 0],
      ["idle", 2, false, 1],
      ["half", 3, false, 1],
    ]);
    // within the incomplete group by ranked cost, bps of the 1000 arrival notional: idle −200 + 10 = −190;
    // half: execution 5 · 0.1 = 5 bps, opportunity 5 · (98 − 100) = −100 bps, completion 0.5 = 5 bps → −90
    expect(agg[1]!.rankedCostBps.mean).toBeCloseTo(-190, 9);
    expect(agg[2]!.rankedCostBps.mean).toBeCloseTo(-90, 9);
    expect(agg[2]!.completionBps.mean).toBeCloseTo(5, 9);
    expect(agg[0]!.rankedCostBps.mean).toBe(agg[0]!.shortfallBps.mean);
  });
});
