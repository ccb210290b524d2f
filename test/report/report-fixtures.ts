/** Hand-built report inputs: a ParentTca with every field set (override what a test needs) and fills. */
import type { ReportFill } from "../../src/report/report-data.js";
import type { ParentTca } from "../../src/tca/parent-tca.js";

const MIN = 60_000;

export function tcaRow(over: Partial<ParentTca> = {}): ParentTca {
  return {
    strategy: "twap",
    parentId: "p1",
    side: "buy",
    status: "completed",
    error: null,
    startMs: 0,
    endMs: 4 * MIN,
    qtyBase: 4,
    filledQtyBase: 4,
    unfilledQtyBase: 0,
    childCount: 4,
    fillCount: 4,
    arrivalMid: 100,
    endMid: 100,
    avgFillPrice: 100,
    arrivalNotionalQuote: 400,
    shortfallQuote: 0,
    shortfallBps: 0,
    spreadQuote: 0,
    temporaryImpactQuote: 0,
    permanentImpactQuote: 0,
    transientImpactQuote: 0,
    timingQuote: 0,
    feesQuote: 0,
    opportunityQuote: 0,
    spreadBps: 0,
    temporaryImpactBps: 0,
    permanentImpactBps: 0,
    transientImpactBps: 0,
    timingBps: 0,
    feesBps: 0,
    opportunityBps: 0,
    activeEndMs: 4 * MIN,
    intervalVwap: 100,
    intervalTwap: 100,
    marketVolumeBase: 10,
    vwapSlippageBps: 0,
    twapSlippageBps: 0,
    participationRate: 0.4,
    horizonVwap: 100,
    horizonVolumeBase: 10,
    horizonVwapSlippageBps: 0,
    horizonParticipationRate: 0.4,
    preTradeModel: null,
    preTradeBps: Number.NaN,
    preTradeQuote: Number.NaN,
    fillState: "filled",
    completionQuote: 0,
    completionBps: 0,
    rankedCostBps: 0,
    ...over,
  };
}

export function fill(over: Partial<ReportFill> = {}): ReportFill {
  return {
    strategy: "twap",
    parentId: "p1",
    timeMs: 0,
    qtyBase: 1,
    avgPrice: 100,
    marketMid: 100,
    midBefore: 100,
    midAfter: 100,
    ...over,
  };
}
