/**
 * The parts every report page is assembled from: the options, the rendered charts, the sections in
 * page order; rendering chart plans (static SVG, and the live spec with --interactive) into a page,
 * and the finished HTML (html-report.ts). Shared by the report of runs (build-report.ts) and of a
 * sweep (sweep-report-page.ts).
 */
import type { TopLevelSpec } from "vega-lite";
import { isoUtc } from "../core/interval.js";
import {
  chartFigure,
  escapeHtml,
  type LiveChart,
  type ReportSection,
  renderHtmlReport,
} from "./html-report.js";
import { compileSpec, renderSvg } from "./render-svg.js";
import type { ReportData } from "./report-data.js";
import type { ChartPlan } from "./run-chart-plans.js";

export interface ReportOptions {
  /** Add tooltips and pan/zoom, with the Vega runtime inlined (~0.5 MB) and the compiled specs. */
  readonly interactive?: boolean;
  /** The parent whose fills are drawn on the price path (default: the median parent). */
  readonly parentId?: string;
}

/** A chart of the report: its id, title, the data it draws (chart-data.ts records) and its spec. */
export interface ReportChart {
  readonly id: string;
  readonly title: string;
  readonly data: unknown;
  readonly spec: TopLevelSpec;
}

export interface BuiltReport {
  readonly html: string;
  readonly charts: readonly ReportChart[];
  /** Charts left out, with the reason shown in the page. */
  readonly omitted: readonly { id: string; title: string; reason: string }[];
  /** Vega's warnings while rendering (none expected; a test keeps it so), prefixed with the chart id. */
  readonly warnings: readonly string[];
}

/** What a page is assembled from while its charts render. */
interface ReportPage {
  readonly sections: ReportSection[];
  readonly charts: ReportChart[];
  readonly omitted: { id: string; title: string; reason: string }[];
  readonly live: LiveChart[];
  readonly warnings: string[];
}

const emptyPage = (): ReportPage => ({
  sections: [],
  charts: [],
  omitted: [],
  live: [],
  warnings: [],
});

/** Render each plan into `page`: its SVG in a figure, or a note saying why it is not drawn. */
async function renderPlans(
  page: ReportPage,
  plans: readonly ChartPlan[],
  interactive: boolean,
): Promise<void> {
  for (const plan of plans) {
    if (!plan.spec) {
      const reason = plan.reason ?? "no data";
      page.omitted.push({ id: plan.id, title: plan.title, reason });
      page.sections.push({
        id: plan.id,
        title: plan.title,
        body: `<p class="note">Not drawn: ${escapeHtml(reason)}.</p>`,
      });
      continue;
    }
    const spec = plan.spec(false);
    const rendered = await renderSvg(spec);
    for (const w of rendered.warnings) page.warnings.push(`${plan.id}: ${w}`);
    const elementId = `chart-${plan.id}`;
    page.charts.push({ id: plan.id, title: plan.title, data: plan.data, spec });
    if (interactive) page.live.push({ elementId, vegaSpec: await compileSpec(plan.spec(true)) });
    page.sections.push({
      id: plan.id,
      title: plan.title,
      body: chartFigure(elementId, rendered.svg, plan.caption),
    });
  }
}

/** What a page shows, top to bottom: table sections, the charts (drawn or noted), more sections. */
export interface PagePlan {
  readonly title: string;
  /** One line under the title (HTML). */
  readonly subtitle: string;
  readonly lead: readonly ReportSection[];
  readonly plans: readonly ChartPlan[];
  readonly tail: readonly ReportSection[];
}

/** Render the charts and assemble the page. */
export async function assemblePage(p: PagePlan, interactive: boolean): Promise<BuiltReport> {
  const page = emptyPage();
  page.sections.push(...p.lead);
  await renderPlans(page, p.plans, interactive);
  page.sections.push(...p.tail);
  const html = renderHtmlReport({
    title: p.title,
    subtitle: p.subtitle,
    sections: page.sections,
    live: page.live,
  });
  return { html, charts: page.charts, omitted: page.omitted, warnings: page.warnings };
}

/** "N parent order(s) from .. to .. UTC" of the rows. */
export function parentSpan(d: ReportData): string {
  const parents = new Set(d.parents.map((r) => r.parentId)).size;
  if (d.parents.length === 0) return `${parents} parent order(s)`;
  const first = d.parents.reduce((m, r) => Math.min(m, r.startMs), Number.POSITIVE_INFINITY);
  const last = d.parents.reduce((m, r) => Math.max(m, r.startMs), Number.NEGATIVE_INFINITY);
  return `${parents} parent order(s) from ${isoUtc(first).slice(0, 16)} to ${isoUtc(last).slice(0, 16)} UTC`;
}
