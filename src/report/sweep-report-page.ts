/**
 * The report of a stored sweep (`execsim report --sweep ID`): the sweep's point table (as `execsim
 * sweep` prints it) with the recommendation and each point's mean cost parts; the efficient frontier
 * (frontier-spec.ts: realized mean against sd of shortfall with ±1 se bars, the Almgren-Chriss curve,
 * the recommended point); the per-point charts of the points' runs (run-chart-plans.ts, one "strategy"
 * per grid point in grid order); the per-parent TCA; and what reproduces it: the sweep's stored config,
 * seed, data identity (candles sha256 checked against the store now) and code version, then its runs.
 *
 * A sweep stores parent-level rows only, so the fill charts (trajectories, fills on the price path)
 * are left out with a note. Every number comes from the store; no clock, so the bytes repeat.
 */
import { isoUtc } from "../core/interval.js";
import { candlesHash } from "../store/result-sink.js";
import { frontierSpec } from "./frontier-spec.js";
import { escapeHtml, htmlTable, type ReportSection } from "./html-report.js";
import { assemblePage, type BuiltReport, parentSpan, type ReportOptions } from "./report-page.js";
import { hashCheck, parentsSection, reproduceSection } from "./report-sections.js";
import { type ChartPlan, runChartPlans } from "./run-chart-plans.js";
import { paramsText, sweepCells } from "./sweep-report.js";
import { type SweepReportData, sweepFrontier } from "./sweep-report-data.js";
import { costPartsCells, type TableCells } from "./tca-tables.js";

const fmt = (x: number, d = 2) => (Number.isFinite(x) ? x.toFixed(d) : "-");

function axesText(s: SweepReportData): string {
  const grid = (s.sweep.config as { grid?: { axes?: { name?: string; kind?: string; spec?: string }[] } })
    ?.grid;
  const axes = grid?.axes ?? [];
  return axes.length > 0
    ? axes.map((a) => `${a.name} (${a.kind}: ${a.spec})`).join(" × ")
    : [...new Set(s.points.flatMap((p) => Object.keys(p.params)))].join(" × ");
}

/** A per-strategy table with its first column named for grid points. */
const pointCells = (t: TableCells): TableCells => ({ headers: ["#", ...t.headers.slice(1)], rows: t.rows });

function sweepSection(s: SweepReportData): ReportSection {
  const { sweep, points, recommended } = s;
  const notes = ((sweep.config as { grid?: { notes?: string[] } })?.grid?.notes ?? []).map(
    (n) => `<li>${escapeHtml(n)}</li>`,
  );
  const unfinished =
    sweep.status === "completed"
      ? ""
      : ` Not finished (${escapeHtml(sweep.status)})${sweep.error ? `: ${escapeHtml(sweep.error)}` : ""}.`;
  const rec = recommended
    ? ` Recommended: <b>#${recommended.index + 1} ${escapeHtml(recommended.label)}</b> (${escapeHtml(recommended.rule)}): ` +
      `IS ${fmt(recommended.shortfallBps)} ± ${fmt(recommended.sdBps)} bps (mean ± sd over its parents).`
    : sweep.status === "completed"
      ? " Recommended: none (no completed point meets the rule)."
      : "";
  const parts = points.flatMap((p) =>
    p.costParts ? [{ ...p.costParts, strategy: String(p.index + 1) }] : [],
  );
  return {
    id: "sweep",
    title: "Sweep points",
    body:
      `<p>${escapeHtml(sweep.strategy)} over ${escapeHtml(axesText(s))}: ${points.length} point(s), status ${escapeHtml(sweep.status)}.${unfinished}${rec}</p>\n` +
      (notes.length > 0 ? `<ul>${notes.join("")}</ul>\n` : "") +
      htmlTable(sweepCells(points, recommended?.index ?? null)) +
      '\n<p class="note-plain">IS = implementation shortfall against the arrival mid incl. fees and opportunity cost, bps ' +
      "of the arrival notional (costs &gt; 0 hurt), over the point's parents; * = recommended. theory = the " +
      "Almgren-Chriss expected cost and sd for the σ, η, γ the strategy estimated per parent (IS only).</p>\n" +
      (parts.length > 0
        ? `<p>Mean cost parts per point (bps of the arrival notional):</p>\n${htmlTable(pointCells(costPartsCells(parts)))}`
        : ""),
  };
}

function frontierPlan(s: SweepReportData): ChartPlan {
  const f = sweepFrontier(s.points, s.recommended);
  const left =
    f.notDrawn.length > 0
      ? ` Not drawn: ${f.notDrawn.map((n) => `#${n.point} (${escapeHtml(n.reason)})`).join("; ")}.`
      : "";
  const rec = f.recommended
    ? ` Star: the recommended point #${f.recommended.point} (${escapeHtml(s.recommended!.rule)}).`
    : "";
  return {
    id: "frontier",
    title: "Efficient frontier",
    caption:
      "Mean against standard deviation of the implementation shortfall per grid point (bps of the arrival notional, " +
      "over the point's completed parents); labels are the grid numbers of the table above, bars ±1 standard error " +
      "of the mean (sd/√n). " +
      (f.theory.length > 0
        ? "Grey dashed: the Almgren-Chriss theoretical frontier at the same points (the model's expected cost and sd, " +
          "mean over parents). "
        : "No theoretical frontier: it is computed for the IS strategy only. ") +
      "Lower and to the left is better; a point up and to the right of another is dominated." +
      rec +
      left,
    data: f,
    ...(f.realized.length > 0
      ? { spec: (i: boolean) => frontierSpec(f, i) }
      : { reason: "no grid point has finished with a mean and standard deviation of shortfall" }),
  };
}

/** The strategy spec of the recommended point (else the first), as `execsim run --strategy` takes it. */
function pointSpec(s: SweepReportData): string {
  const specs = (s.sweep.config as { specs?: unknown[] } | null)?.specs ?? [];
  const spec = specs[s.recommended?.index ?? 0] ?? specs[0];
  return typeof spec === "string" ? spec : "<the point's strategy spec>";
}

function sweepIdentity(s: SweepReportData): string {
  const w = s.sweep;
  const hashNow = s.candles ? candlesHash(s.candles) : null;
  const table = htmlTable({
    headers: [
      "sweep",
      "strategy",
      "status",
      "seed",
      "data",
      "candles used (UTC)",
      "candles sha256",
      "check now",
      "code version",
    ],
    rows: [
      [
        String(w.id),
        w.strategy,
        w.status,
        w.seed,
        `${w.symbol} ${w.category} ${w.interval}`,
        `${isoUtc(w.fromMs).slice(0, 16)} .. ${isoUtc(w.toMs).slice(0, 16)}`,
        w.candlesHash,
        hashCheck(hashNow, w.candlesHash),
        w.codeVersion,
      ],
    ],
  });
  const points = s.points.map((p) => `#${p.index + 1} ${paramsText(p.params)}`).join("; ");
  return (
    `${table}\n<p>Grid: ${escapeHtml(points)}. The sweep's stored config (what <code>execsim sweep --resume ${w.id}</code> plans ` +
    `again) is below; the same config, seed and code version on these candles give the same points.</p>\n` +
    `<details open><summary>config of sweep ${w.id}</summary><pre>${escapeHtml(JSON.stringify(w.config, null, 2))}</pre></details>`
  );
}

/** Build the report of a stored sweep from loaded data. */
export async function renderSweepReport(s: SweepReportData, opts: ReportOptions = {}): Promise<BuiltReport> {
  const d = s.runs;
  const w = s.sweep;
  const order = d.runs.map((r) => r.strategy);
  const noParents =
    d.runs.length === 0 ? "no grid point of this sweep has finished, so there are no parent rows" : undefined;
  const plans = runChartPlans(d, order, opts, {
    noFills: `a sweep stores parent-level rows only (no fills); to see a point's fills, run it with the sweep's flags: execsim run --strategy ${pointSpec(s)}`,
    ...(noParents ? { noParents } : {}),
  });
  const runs = reproduceSection(d, {
    again: `execsim report --sweep ${w.id}`,
    omitKeys: ["strategies", "sweep"],
  });
  const subtitle = escapeHtml(
    `${w.symbol} ${w.category} interval ${w.interval}; ${w.strategy} over ${axesText(s)}, ${s.points.length} point(s), ` +
      `${w.status}; ${parentSpan(d)}; code ${w.codeVersion}`,
  );
  return assemblePage(
    {
      title: d.title,
      subtitle,
      lead: [sweepSection(s)],
      plans: [frontierPlan(s), ...plans],
      tail: [
        parentsSection(d, order),
        {
          id: "reproduce",
          title: "Sweep, data and code",
          body: `${sweepIdentity(s)}\n<h3>The points' runs</h3>\n${runs.body}`,
        },
      ],
    },
    opts.interactive ?? false,
  );
}
