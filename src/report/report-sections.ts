/**
 * The table sections of a report of stored runs: the strategy comparison (as `execsim compare` prints
 * it, with the cost parts), the per-parent TCA per strategy, and what reproduces the runs (runs, seed,
 * data identity checked against the store now, code version, config).
 */
import { isoUtc } from "../core/interval.js";
import { candlesHash } from "../store/result-sink.js";
import { aggregateByStrategy } from "../tca/aggregate.js";
import { escapeHtml, htmlTable, type ReportSection } from "./html-report.js";
import type { ReportData } from "./report-data.js";
import {
  comparisonCells,
  costPartsByStrategy,
  costPartsCells,
  parentCells,
  parentRowsFromTca,
} from "./tca-tables.js";

/** The stored candles hash against the candles in the store now (their hash, or null when gone). */
export function hashCheck(hashNow: string | null, stored: string): string {
  if (hashNow === null) return "candles not in the store";
  return hashNow === stored ? "matches the store" : "DIFFERS from the store";
}

/**
 * The runs behind a report: a table per run (seed, data, candles sha256 checked against the store now,
 * code version) and each distinct config once. `again` is the command that writes the report again;
 * `omitKeys` are config keys left out of the grouping (a sweep's runs differ only in `strategies` and `sweep`,
 * which the sweep's own config lists).
 */
export function reproduceSection(
  d: ReportData,
  opts: { again?: string; omitKeys?: readonly string[] } = {},
): ReportSection {
  const first = d.runs[0];
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
    hashCheck(hashNow, r.candlesHash),
    r.codeVersion,
  ]);
  const configs = new Map<string, string[]>();
  for (const r of d.runs) {
    const shared = { ...((r.config ?? {}) as Record<string, unknown>) };
    for (const k of ["strategySources", ...(opts.omitKeys ?? [])]) delete shared[k];
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
      `Re-running with the config below, the same seed and code version gives identical TCA rows; this report again: <code>${escapeHtml(
        opts.again ?? `execsim report ${first?.batchId ? `--batch ${first.batchId}` : `--run ${first?.id}`}`,
      )}</code>.</p>\n<ul>${sources.join("")}</ul>\n${configHtml}`,
  };
}

export function summarySection(d: ReportData): ReportSection {
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

export function parentsSection(d: ReportData, order: readonly string[]): ReportSection {
  const blocks = order.map((s) => {
    const rows = d.parents.filter((r) => r.strategy === s);
    return `<details><summary>${escapeHtml(s)}: ${rows.length} parent order(s)</summary>${htmlTable(parentCells(parentRowsFromTca(rows)))}</details>`;
  });
  return { id: "parents", title: "Per-parent TCA", body: blocks.join("\n") };
}
