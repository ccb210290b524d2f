/**
 * Copying one bar between columnar series (market-types.ts): every column of row `i` of `from` into
 * row `j` of `to`. Internal helper (not part of the public API in src/index.ts); `to` must have
 * room for row j (typed arrays ignore writes past their end).
 */
import type { CandleSeries } from "./market-types.js";

export function copyBar(from: CandleSeries, i: number, to: CandleSeries, j: number): void {
  to.openTimeMs[j] = from.openTimeMs[i]!;
  to.open[j] = from.open[i]!;
  to.high[j] = from.high[i]!;
  to.low[j] = from.low[i]!;
  to.close[j] = from.close[i]!;
  to.volume[j] = from.volume[i]!;
  to.turnover[j] = from.turnover[i]!;
}
