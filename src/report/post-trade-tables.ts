/** Terminal table of `execsim tca --run`: markouts per parent and per run. */
import type { PostTradeTca } from "../experiment/post-trade-tca.js";
import { formatTable } from "./format-table.js";

/** x with `digits` decimals, or "-" when it is null or not finite. */
export function fixedOrDash(x: number | null | undefined, digits = 2): string {
  return x === null || x === undefined || !Number.isFinite(x) ? "-" : x.toFixed(digits);
}

/** Markouts per parent (end vs arrival / mean of its fills, bps) and the run's means, one column per horizon. */
export function markoutTable(t: PostTradeTca): string {
  const horizons = t.markouts.map((m) => m.horizon);
  const rows = t.parents.map((p) => [
    p.parentId,
    ...p.markouts.map((m) => `${fixedOrDash(m.parentBps)} / ${fixedOrDash(m.fillBps)}`),
  ]);
  rows.push([
    "run mean",
    ...t.markouts.map((m) => `${fixedOrDash(m.parentBps)} / ${fixedOrDash(m.fillBps)}`),
  ]);
  return formatTable(["parent", ...horizons], rows);
}
