/** The split of a routed run by venue (`execsim runs show`): quantity, share, average price, fees, cost. */
import type { VenueSplitRow } from "../store/venue-tca-store.js";
import { formatTable } from "./format-table.js";

export function venueSplitTable(rows: readonly VenueSplitRow[]): string {
  const table = formatTable(
    [
      "venue",
      "parents",
      "fills",
      "filled base",
      "share %",
      "avg price",
      "exch. fees",
      "pool fees",
      "cost bps mean",
    ],
    rows.map((r) => [
      r.venue,
      r.parents,
      r.fills,
      r.filledQtyBase,
      r.qtyShare * 100,
      r.avgPrice ?? "-",
      r.feesQuote,
      r.poolFeesQuote,
      r.costBpsMean,
    ]),
  );
  return (
    `${table}\n` +
    "by venue (routed run): fees in quote; cost bps = the venue's execution cost + exchange fees + pool fees, " +
    "bps of each parent's arrival notional, summed over venues it adds up to the mean IS without opportunity cost"
  );
}
