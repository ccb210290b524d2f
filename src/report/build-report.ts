/**
 * `execsim report` in the library: stored runs → chart data → Vega-Lite specs → static SVG → one
 * self-contained HTML page (sections in a fixed order: summary tables, charts, per-parent TCA, what is
 * needed to reproduce the runs). A chart whose rows were not stored (e.g. runs without fill rows) is
 * replaced by a note saying why. A sweep's report (sweep-report-page.ts) is the same page with the
 * sweep's point table, its efficient frontier and its config in front of the per-point charts.
 *
 * Deterministic: no clock, no random ids; the same store gives the same bytes.
 */
import { accessSync, constants, existsSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { ExecsimError } from "../core/errors.js";
import type { ExecsimDatabase } from "../store/database.js";
import { aggregateByStrategy } from "../tca/aggregate.js";
import { escapeHtml } from "./html-report.js";
import { loadReportData, type ReportData, type ReportSelector } from "./report-data.js";
import { assemblePage, type BuiltReport, parentSpan, type ReportOptions } from "./report-page.js";
import { parentsSection, reproduceSection, summarySection } from "./report-sections.js";
import { runChartPlans } from "./run-chart-plans.js";
import { loadSweepReportData } from "./sweep-report-data.js";
import { renderSweepReport } from "./sweep-report-page.js";

/** Build the report of stored runs (a batch or a run) from loaded data. */
export async function renderReport(d: ReportData, opts: ReportOptions = {}): Promise<BuiltReport> {
  const order = aggregateByStrategy(d.parents).map((s) => s.strategy);
  const first = d.runs[0]!;
  const subtitle = escapeHtml(
    `${first.symbol} ${first.category} interval ${first.interval}; ${d.runs.length} run(s): ${order.join(", ")}; ` +
      `${parentSpan(d)}; code ${first.codeVersion}`,
  );
  return assemblePage(
    {
      title: d.title,
      subtitle,
      lead: [summarySection(d)],
      plans: runChartPlans(d, order, opts),
      tail: [parentsSection(d, order), reproduceSection(d)],
    },
    opts.interactive ?? false,
  );
}

/** Build the report of stored results: a batch, a run or a sweep. */
export async function buildReport(
  store: ExecsimDatabase,
  sel: ReportSelector,
  opts: ReportOptions = {},
): Promise<BuiltReport> {
  if ("sweepId" in sel) return renderSweepReport(loadSweepReportData(store, sel.sweepId), opts);
  return renderReport(loadReportData(store, sel), opts);
}

/** INVALID_ARGUMENT unless a file can be written at `file` (its folder exists and is writable; not a folder). */
export function checkWritableFile(file: string, flag = "--out"): void {
  const full = path.resolve(file);
  if (existsSync(full) && statSync(full).isDirectory())
    throw new ExecsimError(
      "INVALID_ARGUMENT",
      `${flag} ${file} is a folder; give a file name, e.g. ${path.join(file, "report.html")}`,
    );
  const dir = path.dirname(full);
  if (!existsSync(dir) || !statSync(dir).isDirectory())
    throw new ExecsimError(
      "INVALID_ARGUMENT",
      `${flag} ${file}: the folder ${dir} does not exist; create it first`,
    );
  try {
    accessSync(existsSync(full) ? full : dir, constants.W_OK);
  } catch {
    throw new ExecsimError(
      "INVALID_ARGUMENT",
      `${flag} ${file}: not writable; pick a file in a folder you can write to`,
    );
  }
}

/** Write `content` to `file`, turning a refusal into INVALID_ARGUMENT (exit 2). */
export function writeOutputFile(file: string, content: string | Uint8Array, flag = "--out"): void {
  checkWritableFile(file, flag);
  try {
    writeFileSync(file, content);
  } catch (e) {
    throw new ExecsimError("INVALID_ARGUMENT", `${flag} ${file}: cannot write it (${(e as Error).message})`);
  }
}

/** Build the report and write it to `file`; returns the page's size and what it holds. */
export async function writeReport(
  store: ExecsimDatabase,
  sel: ReportSelector,
  file: string,
  opts: ReportOptions = {},
): Promise<{ path: string; bytes: number; charts: string[]; omitted: BuiltReport["omitted"] }> {
  checkWritableFile(file);
  const r = await buildReport(store, sel, opts);
  writeOutputFile(file, r.html);
  return {
    path: file,
    bytes: Buffer.byteLength(r.html),
    charts: r.charts.map((c) => c.id),
    omitted: r.omitted,
  };
}
