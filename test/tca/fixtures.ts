/** Hand-made executions and series for the TCA tests (no engine, no venue). */
import type {
  ChildOrderRecord,
  FillRecord,
  ParentExecution,
  ParentOrder,
} from "../../src/core/execution-types.js";
import { type CandleSeries, type Side, seriesFromCandles } from "../../src/core/market-types.js";

export const T0 = Date.UTC(2024, 0, 2, 12, 0, 0);
export const MIN = 60_000;

/**
 * Three 1-minute bars from T0: typical prices 100, 101, 102; volumes 10, 20, 10; the middle bar has
 * no turnover (NaN) so the VWAP uses its typical price there.
 * VWAP = (1000 + 101·20 + 1025) / 40 = 101.125, TWAP = (100 + 101 + 102) / 3 = 101.
 */
export function threeBars(): CandleSeries {
  return seriesFromCandles({ symbol: "TEST", category: "linear", interval: "1" }, MIN, [
    { openTimeMs: T0, open: 100, high: 101, low: 99, close: 100, volume: 10, turnover: 1000 },
    { openTimeMs: T0 + MIN, open: 100, high: 102, low: 100, close: 101, volume: 20, turnover: Number.NaN },
    { openTimeMs: T0 + 2 * MIN, open: 101, high: 104, low: 101, close: 101, volume: 10, turnover: 1025 },
  ]);
}

export interface FillSpec {
  q: number;
  avg: number;
  marketMid: number;
  perm: number;
  trans: number;
  half: number;
  feeRate: number;
  timeMs?: number;
}

/** A parent execution with one child per fill; midBefore = marketMid + perm + trans (venue contract). */
export function makeExecution(
  side: Side,
  qty: number,
  arrivalMid: number,
  endMid: number,
  fills: readonly FillSpec[],
  strategy = "test",
): ParentExecution {
  const parent: ParentOrder = {
    id: "p1",
    symbol: "TEST",
    side,
    qtyBase: qty,
    startMs: T0,
    endMs: T0 + 3 * MIN,
  };
  const children: ChildOrderRecord[] = [];
  const recs: FillRecord[] = [];
  fills.forEach((f, i) => {
    const id = `c${i}`;
    const t = f.timeMs ?? T0 + i * MIN;
    children.push({
      id,
      parentId: "p1",
      strategy,
      side,
      qtyBase: f.q,
      submitMs: t,
      arriveMs: t,
      filledQtyBase: f.q,
      status: "filled",
    });
    const notional = f.q * f.avg;
    const before = f.marketMid + f.perm + f.trans;
    recs.push({
      childId: id,
      parentId: "p1",
      strategy,
      venue: "test",
      side,
      timeMs: t,
      qtyBase: f.q,
      avgPrice: f.avg,
      notionalQuote: notional,
      feeQuote: notional * f.feeRate,
      liquidity: "taker",
      marketMid: f.marketMid,
      midBefore: before,
      midAfter: before,
      halfSpread: f.half,
      permanentImpactBefore: f.perm,
      transientImpactBefore: f.trans,
      levelsConsumed: 1,
    });
  });
  return { strategy, parent, children, fills: recs, arrivalMid, endMid, status: "completed" };
}
