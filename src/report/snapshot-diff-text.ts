/**
 * A readable text form of a SnapshotDiff (baseline check, `runs diff`, the vitest helper): per
 * strategy, which metric moved (old → new, and by how much), whether its file changed, how many
 * parents' fills changed, and the parents that moved most.
 */
import type { MetricChange, SnapshotDiff, StrategyDiff } from "../experiment/baseline/snapshot-diff.js";

/** A number with 10 significant digits (trailing zeros dropped); null as "n/a". */
function fmt(x: number | null): string {
  return x === null ? "n/a" : String(Number(x.toPrecision(10)));
}

function fmtDelta(x: number | null): string {
  if (x === null) return "";
  const s = Math.abs(x) >= 1e-3 || x === 0 ? x.toFixed(4) : x.toExponential(2);
  return ` (${x > 0 ? "+" : ""}${s})`;
}

function metricLine(m: MetricChange, width: number): string {
  return `    ${m.metric.padEnd(width)}  ${fmt(m.old)} → ${fmt(m.new)}${fmtDelta(m.delta)}`;
}

function strategyLines(d: StrategyDiff): string[] {
  if (d.presence === "added") return [`  ${d.strategy}: new strategy, not in the baseline`];
  if (d.presence === "removed") return [`  ${d.strategy}: missing from the new results`];
  const lines = [`  ${d.strategy}:${d.failing ? "" : " unchanged results"}`];
  if (d.sha256Change)
    lines.push(
      `    strategy file changed (sha256 ${(d.sha256Change.old ?? "none").slice(0, 12)} → ${(d.sha256Change.new ?? "none").slice(0, 12)}); reported, not a failure by itself`,
    );
  const width = Math.max(0, ...d.metrics.map((m) => m.metric.length));
  for (const m of d.metrics) lines.push(metricLine(m, width));
  if (d.parentsAdded.length > 0) lines.push(`    parents added: ${d.parentsAdded.join(", ")}`);
  if (d.parentsRemoved.length > 0) lines.push(`    parents removed: ${d.parentsRemoved.join(", ")}`);
  if (d.statusChanged > 0) lines.push(`    ${d.statusChanged} parent(s) changed status`);
  if (d.fillsChanged > 0 || d.valuesChanged > 0)
    lines.push(
      `    fills changed on ${d.fillsChanged} of ${d.parents} parents; shortfall or cost parts changed on ${d.valuesChanged}`,
    );
  if (d.moved.length > 0 && d.failing) {
    lines.push("    parents that moved most (shortfall, bps):");
    for (const p of d.moved) {
      const status = p.oldStatus !== p.newStatus ? `, ${p.oldStatus} → ${p.newStatus}` : "";
      lines.push(
        `      ${p.parentId}  ${fmt(p.oldShortfallBps)} → ${fmt(p.newShortfallBps)}${fmtDelta(p.deltaBps)}${p.fillsChanged ? ", fills changed" : ""}${status}`,
      );
    }
  }
  return lines;
}

/** The diff as text lines under a heading (`title`, e.g. "baseline builtins"). */
export function formatSnapshotDiff(title: string, diff: SnapshotDiff): string {
  const how = diff.mode === "exact" ? "exact" : `within ${diff.toleranceBps} bps`;
  const failing = diff.strategies.filter((d) => d.failing).length;
  const head = diff.ok
    ? `PASS ${title}: ${diff.compared} strateg${diff.compared === 1 ? "y" : "ies"} reproduced (${how})`
    : `FAIL ${title}: ${failing} of ${diff.compared} strateg${diff.compared === 1 ? "y" : "ies"} changed (${how})`;
  return [head, ...diff.strategies.flatMap(strategyLines)].join("\n");
}
