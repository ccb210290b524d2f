/**
 * `execsim report` in the library: stored runs → chart data → Vega-Lite specs → static SVG → one
 * self-contained HTML page (sections in a fixed order: summary tables, charts, per-parent TCA, what is
 * needed to reproduce the runs). A chart whose rows were not stored (e.g. runs without fill rows) is
 * replaced by a note saying why. Sections are a plain list, so a sweep's frontier section slots in
 * beside the others once sweeps are stored (frontierSpec is ready in chart-specs.ts).
 *
 * Deterministic: no clock, no random ids; the same store gives the same bytes.
 */
import { accessSync, constants, existsSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import type { TopLevelSpec } from "vega-lite";
import { ExecsimError } from "../core/errors.js";
import { isoUtc } from "../core/interval.js";
import type { ExecsimDatabase } from "../store/database.js";
import { candlesHash } from "../store/result-sink.js";
import { aggregateByStrategy } from "../tca/aggregate.js";
import {
  costPartRows,
  impactVsParticipation,
  medianParentId,
  pricePath,
  shortfallDistribution,
  trajectories,
} from "./chart-data.js";
import { costPartsSpec, impactSpec, pricePathSpec, shortfallSpec, trajectorySpec } from "./chart-specs.js";
import {
  chartFigure,
  escapeHtml,
  htmlTable,
  type LiveChart,
  type ReportSection,
  renderHtmlReport,
} from "./html-report.js";
import { compileSpec, renderSvg } from "./render-svg.js";
import { loadReportData, type ReportData, type ReportSelector } from "./report-data.js";
import {
  comparisonCells,
  costPartsByStrategy,
  costPartsCells,
  parentCells,
  parentRowsFromTca,
} from "./tca-tables.js";

export interface ReportOptions {
  /** Add tooltips and pan/zoom, with the Vega runtime inlined (the page grows by ~0.5 MB). */
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

interface ChartPlan {
  id: string;
  title: string;
  caption: string;
  data?: unknown;
  spec?: (interactive: boolean) => TopLevelSpec;
  reason?: string;
}

const fmt = (x: number, d = 2) => (Number.isFinite(x) ? x.toFixed(d) : "-");

function chartPlans(
  d: ReportData,
  order: readonly string[],
  medianId: string | null,
  parentId: string | null,
): ChartPlan[] {
  const rows = d.parents;
  const dist = shortfallDistribution(rows, order);
  const parts = costPartsByStrategy(rows, order);
  const partRows = costPartRows(parts);
  const noParents =
    rows.length === 0
      ? "no per-parent rows were stored for these runs (run with --store summary: the aggregate TCA only)"
      : null;
  const noFills =
    noParents ??
    (d.strategiesWithoutFills.length === order.length
      ? "the runs' fills were not stored (run with --store parents: parent-level rows only), so there is no fill to draw"
      : null);
  const partial =
    d.strategiesWithoutFills.length > 0 && !noFills
      ? ` Left out (fills not stored): ${d.strategiesWithoutFills.map(escapeHtml).join(", ")}.`
      : "";
  const traj = medianId && !noFills ? trajectories(rows, d.fills, d.candles, order, medianId) : null;
  const path = parentId && !noFills ? pricePath(rows, d.fills, d.candles, parentId) : null;
  const iv = impactVsParticipation(rows, order);
  const plans: ChartPlan[] = [
    {
      id: "shortfall",
      title: "Shortfall distribution",
      caption:
        "Implementation shortfall per parent order (bps of the arrival notional, costs > 0 hurt), completed parents. " +
        "Box: quartiles and median; whiskers: min and max. Black diamond and bar: the mean ± one standard error (sd/√n). " +
        dist.means
          .map((m) => `${escapeHtml(m.strategy)} ${fmt(m.meanBps)} ± ${fmt(m.seBps)} (n = ${m.n})`)
          .join("; "),
      data: dist,
      ...(dist.points.length > 0
        ? { spec: () => shortfallSpec(dist.points, dist.means, order) }
        : { reason: noParents ?? "no parent order completed with a finite shortfall" }),
    },
    {
      id: "cost-parts",
      title: "Mean cost parts",
      caption:
        "Mean cost parts per strategy over completed parents, stacked (bps of the arrival notional; negative parts, " +
        "e.g. favourable timing, stack below zero). They add up to the mean shortfall, drawn as the black tick. " +
        "impact = own temporary + permanent + transient impact; timing = the market's drift from the arrival mid to each " +
        "fill; opportunity = the unfilled rest valued at the horizon end.",
      data: { parts, rows: partRows },
      ...(partRows.length > 0
        ? {
            spec: () =>
              costPartsSpec(
                partRows,
                parts
                  .filter((p) => Number.isFinite(p.shortfallBps))
                  .map((p) => ({ strategy: p.strategy, shortfallBps: p.shortfallBps })),
                order,
              ),
          }
        : { reason: noParents ?? "no parent order completed, so there are no cost parts to average" }),
    },
    {
      id: "trajectories",
      title: "Execution trajectories",
      caption:
        `Cumulative fraction of the parent filled over the horizon: the median parent (${escapeHtml(medianId ?? "-")}, ` +
        "the one with the median mean shortfall across strategies) as lines, the 10th–90th percentile over all completed " +
        "parents as the shaded band, and the market's cumulative volume over the median parent's horizon (dashed black): " +
        `a strategy that tracks the volume profile follows the dashed line.${partial}`,
      data: traj,
      ...(traj
        ? { spec: (i: boolean) => trajectorySpec(traj, order, i) }
        : { reason: noFills ?? "no parent order completed" }),
    },
    {
      id: "price-path",
      title: `Fills on the price path (parent ${parentId ?? "-"})`,
      caption:
        "One panel per strategy. Grey: the market's candles (low–high range, close tick), starting a little before the " +
        "parent's start at minute 0. Blue points: the fills at their average prices, sized by quantity. Orange: the mid " +
        "the trader faced before each fill, i.e. the market mid plus the trader's own permanent and transient impact. " +
        `Rules: the arrival mid (dotted) and the market VWAP over the horizon (dashed).${partial}` +
        (d.candles ? "" : " The candles are no longer in the store, so only the fills are drawn."),
      data: path,
      ...(path && path.fills.length > 0
        ? { spec: (i: boolean) => pricePathSpec(path, order, i) }
        : { reason: noFills ?? "the chosen parent has no fill" }),
    },
    {
      id: "impact",
      title: "Realized impact against participation",
      caption:
        "Own impact (temporary + permanent + transient, bps of the arrival notional) against the participation rate " +
        "(own fills / market volume over the active window) per parent, log-log. Participation varies with the " +
        "market's volume even at a fixed order size. Dashed: the square-root law I = c·√ρ with c fitted in log space " +
        `(c = ${fmt(iv.sqrtScaleBps, 3)} bps)` +
        (iv.excluded > 0
          ? `; ${iv.excluded} parent(s) with zero or negative impact or no fill cannot go on log axes.`
          : "."),
      data: iv,
      ...(iv.points.length > 0
        ? { spec: (i: boolean) => impactSpec(iv, order, i) }
        : {
            reason:
              noParents ??
              "no parent order has both a positive own impact and a positive participation (e.g. an impact model of none)",
          }),
    },
  ];
  return plans;
}

function reproduceSection(d: ReportData): ReportSection {
  const first = d.runs[0]!;
  const hashNow = d.candles ? candlesHash(d.candles) : null;
  const runRows = d.runs.map((r) => [
    String(r.id),
    r.strategy,
    r.command,
    r.status,
    r.seed,
    r.batchId ?? "-",
    `${r.symbol} ${r.category} ${r.interval}`,
    `${isoUtc(r.fromMs).slice(0, 16)} .. ${isoUtc(r.toMs).slice(0, 16)}`,
    r.candlesHash,
    hashNow === null
      ? "candles not in the store"
      : hashNow === r.candlesHash
        ? "matches the store"
        : "DIFFERS from the store",
    r.codeVersion,
  ]);
  const configs = new Map<string, string[]>();
  for (const r of d.runs) {
    const { strategySources: _omit, ...shared } = (r.config ?? {}) as Record<string, unknown>;
    const text = JSON.stringify(shared, null, 2);
    configs.set(text, [...(configs.get(text) ?? []), String(r.id)]);
  }
  const configHtml = [...configs.entries()]
    .map(
      ([text, ids]) =>
        `<details open><summary>config of run(s) ${ids.join(", ")}</summary><pre>${escapeHtml(text)}</pre></details>`,
    )
    .join("\n");
  const sources = d.runs.map((r) => {
    const list = (r.config as { strategySources?: unknown[] } | null)?.strategySources ?? [];
    const s = list.find((x) => (x as { name?: string })?.name === r.strategy);
    return s ? `<li>${escapeHtml(r.strategy)}: <code>${escapeHtml(JSON.stringify(s))}</code></li>` : "";
  });
  return {
    id: "reproduce",
    title: "Runs, data and code",
    body:
      htmlTable({
        headers: [
          "run",
          "strategy",
          "command",
          "status",
          "seed",
          "batch",
          "data",
          "candles used (UTC)",
          "candles sha256",
          "check now",
          "code version",
        ],
        rows: runRows,
      }) +
      `\n<p>Every run used the candles above (sha256 over their bytes, checked again against the store while this report was written). ` +
      `Re-running with the config below, the same seed and code version gives identical TCA rows; this report again: <code>execsim report ${
        first.batchId ? `--batch ${escapeHtml(first.batchId)}` : `--run ${first.id}`
      }</code>.</p>\n<ul>${sources.join("")}</ul>\n${configHtml}`,
  };
}

function summarySection(d: ReportData): ReportSection {
  const summary = aggregateByStrategy(d.parents);
  const parts = costPartsByStrategy(
    d.parents,
    summary.map((s) => s.strategy),
  );
  return {
    id: "summary",
    title: "Strategy comparison",
    body:
      htmlTable(comparisonCells(summary)) +
      '\n<p class="note-plain">IS = implementation shortfall against the arrival mid incl. fees and opportunity cost, bps ' +
      "of the arrival notional; costs &gt; 0 hurt. IS − best = mean paired difference to rank 1 over the same parents " +
      "(standard error): a gap within 2 se is not supported by this sample.</p>\n" +
      htmlTable(costPartsCells(parts)),
  };
}

function parentsSection(d: ReportData, order: readonly string[]): ReportSection {
  const blocks = order.map((s) => {
    const rows = d.parents.filter((r) => r.strategy === s);
    return `<details><summary>${escapeHtml(s)}: ${rows.length} parent order(s)</summary>${htmlTable(parentCells(parentRowsFromTca(rows)))}</details>`;
  });
  return { id: "parents", title: "Per-parent TCA", body: blocks.join("\n") };
}

/** Build the report of stored results from loaded data. */
export async function renderReport(d: ReportData, opts: ReportOptions = {}): Promise<BuiltReport> {
  const order = aggregateByStrategy(d.parents).map((s) => s.strategy);
  if (opts.parentId !== undefined && !d.parents.some((r) => r.parentId === opts.parentId))
    throw new ExecsimError(
      "NOT_FOUND",
      `no parent order "${opts.parentId}" in these runs; \`execsim runs show <id>\` lists a run's parents`,
    );
  const medianId = medianParentId(d.parents);
  const parentId = opts.parentId ?? medianId;
  const charts: ReportChart[] = [];
  const omitted: { id: string; title: string; reason: string }[] = [];
  const live: LiveChart[] = [];
  const warnings: string[] = [];
  const sections: ReportSection[] = [summarySection(d)];
  for (const plan of chartPlans(d, order, medianId, parentId)) {
    if (!plan.spec) {
      const reason = plan.reason ?? "no data";
      omitted.push({ id: plan.id, title: plan.title, reason });
      sections.push({
        id: plan.id,
        title: plan.title,
        body: `<p class="note">Not drawn: ${escapeHtml(reason)}.</p>`,
      });
      continue;
    }
    const spec = plan.spec(false);
    const rendered = await renderSvg(spec);
    for (const w of rendered.warnings) warnings.push(`${plan.id}: ${w}`);
    const svg = rendered.svg;
    const elementId = `chart-${plan.id}`;
    charts.push({ id: plan.id, title: plan.title, data: plan.data, spec });
    if (opts.interactive) live.push({ elementId, vegaSpec: await compileSpec(plan.spec(true)) });
    sections.push({ id: plan.id, title: plan.title, body: chartFigure(elementId, svg, plan.caption) });
  }
  sections.push(parentsSection(d, order), reproduceSection(d));
  const first = d.runs[0]!;
  const parents = new Set(d.parents.map((r) => r.parentId)).size;
  const subtitle = escapeHtml(
    `${first.symbol} ${first.category} interval ${first.interval}; ${d.runs.length} run(s): ${order.join(", ")}; ` +
      `${parents} parent order(s)` +
      (d.parents.length > 0
        ? ` from ${isoUtc(d.parents.reduce((m, r) => Math.min(m, r.startMs), Number.POSITIVE_INFINITY)).slice(0, 16)} to ${isoUtc(d.parents.reduce((m, r) => Math.max(m, r.startMs), Number.NEGATIVE_INFINITY)).slice(0, 16)} UTC`
        : "") +
      `; code ${first.codeVersion}`,
  );
  const html = renderHtmlReport({ title: d.title, subtitle, sections, live });
  return { html, charts, omitted, warnings };
}

/** Build the report of stored results. */
export async function buildReport(
  store: ExecsimDatabase,
  sel: ReportSelector,
  opts: ReportOptions = {},
): Promise<BuiltReport> {
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
