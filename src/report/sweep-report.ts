/**
 * Terminal output of a sweep: one row per grid point (realized shortfall mean ± sd, its cost parts,
 * the Almgren-Chriss theoretical mean and sd for IS), and the two frontiers as a small text chart
 * (x: shortfall sd, y: mean shortfall, both bps; realized points marked by their grid number, the
 * theoretical ones by letters a, b, ... in the same order).
 */
import type { SweepResult } from "../experiment/sweep/sweep-result.js";
import { formatCells } from "./format-table.js";
import type { TableCells } from "./tca-tables.js";

const f = (x: number | null | undefined, d = 2): string =>
  x === null || x === undefined || !Number.isFinite(x) ? "-" : x.toFixed(d);

export function paramsText(p: Readonly<Record<string, number>>): string {
  return Object.entries(p)
    .map(
      ([k, v]) =>
        `${k}=${v !== 0 && Math.abs(v) < 1e-3 ? v.toExponential(2) : String(Number(v.toPrecision(4)))}`,
    )
    .join(" ");
}

/** A grid point as the point table needs it (a SweepResult point or a stored one, sweep-report-data.ts). */
export interface SweepTablePoint {
  readonly index: number;
  readonly params: Readonly<Record<string, number>>;
  readonly status: string;
  readonly summary: {
    readonly parents: number;
    readonly fillRate: number;
    readonly shortfallBps: { readonly mean: number; readonly std: number; readonly p90: number };
  } | null;
  readonly costParts: { readonly tradingCostBps: number; readonly timingBps: number } | null;
  readonly theoretical: { readonly meanBps: number; readonly sdBps: number } | null;
}

/** The cells of the point table: one row per grid point, the recommended one marked with *. */
export function sweepCells(points: readonly SweepTablePoint[], recommendedIndex: number | null): TableCells {
  return {
    headers: [
      "#",
      "params",
      "status",
      "parents",
      "filled %",
      "IS bps mean ± sd",
      "IS p90",
      "spread+impact",
      "timing",
      "theory mean ± sd",
    ],
    rows: points.map((p) => [
      String(p.index + 1),
      paramsText(p.params),
      p.status + (recommendedIndex === p.index ? " *" : ""),
      p.summary ? String(p.summary.parents) : "-",
      p.summary ? f(p.summary.fillRate * 100, 1) : "-",
      p.summary ? `${f(p.summary.shortfallBps.mean)} ± ${f(p.summary.shortfallBps.std)}` : "-",
      p.summary ? f(p.summary.shortfallBps.p90) : "-",
      f(p.costParts?.tradingCostBps),
      f(p.costParts?.timingBps),
      p.theoretical ? `${f(p.theoretical.meanBps)} ± ${f(p.theoretical.sdBps)}` : "-",
    ]),
  };
}

/** The point table of `execsim sweep` and `sweeps show`. */
export function sweepTable(r: SweepResult): string {
  return formatCells(sweepCells(r.points, r.recommended?.index ?? null));
}

const MARKS = "123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ";
const THEORY = "abcdefghijklmnopqrstuvwxyz";

/** The realized (grid numbers) and theoretical (letters) frontiers in the (sd, mean) plane. */
export function frontierChart(r: SweepResult, width = 56, height = 14): string {
  const pts: { x: number; y: number; c: string }[] = [];
  r.points.forEach((p, i) => {
    const s = p.summary?.shortfallBps;
    if (s && Number.isFinite(s.mean) && Number.isFinite(s.std))
      pts.push({ x: s.std, y: s.mean, c: MARKS[i] ?? "+" });
    const t = p.theoretical;
    if (t && Number.isFinite(t.meanBps) && Number.isFinite(t.sdBps))
      pts.push({ x: t.sdBps, y: t.meanBps, c: THEORY[i] ?? "o" });
  });
  if (pts.length === 0) return "(no finished points to chart)";
  const xs = pts.map((p) => p.x);
  const ys = pts.map((p) => p.y);
  const [x0, x1] = [Math.min(...xs), Math.max(...xs)];
  const [y0, y1] = [Math.min(...ys), Math.max(...ys)];
  const grid = Array.from({ length: height }, () => Array<string>(width).fill(" "));
  for (const p of pts) {
    const cx = x1 > x0 ? Math.round(((p.x - x0) / (x1 - x0)) * (width - 1)) : 0;
    const cy = y1 > y0 ? Math.round(((y1 - p.y) / (y1 - y0)) * (height - 1)) : height - 1;
    grid[cy]![cx] = p.c;
  }
  const label = (y: number) => f(y).padStart(9);
  const lines = grid.map((row, i) => {
    const y = y1 - (i / Math.max(1, height - 1)) * (y1 - y0);
    return `${i === 0 || i === height - 1 ? label(y) : " ".repeat(9)} |${row.join("")}`;
  });
  lines.push(`${" ".repeat(9)} +${"-".repeat(width)}`);
  lines.push(`${" ".repeat(11)}${f(x0).padEnd(width - 8)}${f(x1).padStart(8)}`);
  lines.push(
    `mean shortfall (bps, up) against its standard deviation (bps, right): 1, 2, ... realized at grid point 1, 2, ...; a, b, ... Almgren-Chriss theory at the same points`,
  );
  return lines.join("\n");
}
