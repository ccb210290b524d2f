/**
 * The text report of `execsim calibrate`: the fitted parameters with standard errors, the fit's
 * in-sample and walk-forward error, the per-regime fits with the regime test, the ML comparison and
 * the venue the model plugs into.
 */
import type { CalibrateResult } from "../calibration/calibrate.js";
import { isoUtc } from "../core/interval.js";
import { formatNumber, formatTable } from "./format-table.js";

const num = (x: number | undefined) => (x !== undefined && Number.isFinite(x) ? x : "-");

function paramRows(p: Readonly<Record<string, number>>, se: Readonly<Record<string, number>>) {
  return Object.keys(p).map((k) => [k, num(p[k]), num(se[k])]);
}

export function calibrationText(r: CalibrateResult): string {
  const m = r.model;
  const rep = r.report;
  const out: string[] = [];
  out.push(
    `calibrated ${m.model} model "${m.name}" version ${m.version}: ${rep.n} parent(s)` +
      `${m.symbol ? ` of ${m.symbol}` : ""}, ${isoUtc(m.fromMs)} to ${isoUtc(m.toMs)} (${m.source})`,
    "",
    formatTable(["parameter", "value", "SE"], paramRows(m.params, m.standardErrors)),
  );
  const s = m.stats;
  if (m.model === "sqrt")
    out.push(
      `robust (Huber IRLS): eta ${formatNumber(s.etaRobust ?? Number.NaN)} ± ${formatNumber(s.etaRobustSE ?? Number.NaN)}, ` +
        `delta ${formatNumber(s.deltaRobust ?? Number.NaN)} ± ${formatNumber(s.deltaRobustSE ?? Number.NaN)}`,
    );
  if (m.model === "ac")
    out.push(
      `epsilon (fixed cost per unit) ${formatNumber(s.epsilon ?? Number.NaN)} ± ${formatNumber(s.epsilonSE ?? Number.NaN)}; ` +
        `gamma from ${s.gammaFromMarkouts === 1 ? "the markouts that stay" : "the cost regression (no markouts)"}`,
    );
  out.push(
    `fit: r2 ${formatNumber(s.r2 ?? Number.NaN)}, in-sample RMSE ${formatNumber(rep.inSampleRmse)}, ` +
      `out-of-sample RMSE ${formatNumber(rep.oosRmse)} (walk-forward, ${rep.oosBlocks} block(s); ${rep.errorUnit})`,
  );
  if (m.regimes.length > 0) {
    const keys = Object.keys(m.params);
    out.push(
      "",
      `regimes (realized volatility per √day over ${(m.regimeRule!.lookbackMs / 3_600_000).toFixed(0)} h before each start):`,
      formatTable(
        ["regime", "vol from", "vol to", "n", ...keys.flatMap((k) => [k, `${k} SE`]), "r2", "oosRmse"],
        m.regimes.map((g, i) => [
          g.label,
          num(rep.regimes[i]?.volLow),
          num(rep.regimes[i]?.volHigh),
          g.n,
          ...keys.flatMap((k) => [num(g.params[k]), num(g.standardErrors[k])]),
          num(g.stats.r2),
          num(g.stats.oosRmse),
        ]),
      ),
    );
    const t = rep.regimeTest;
    if (t)
      out.push(
        `regime test (Chow F): F = ${formatNumber(t.statistic)} (${t.df1}, ${t.df2}), p = ${formatNumber(t.pValue)}: ` +
          (t.pValue < 0.05
            ? "the regimes' parameters differ (5 % level)"
            : "no evidence at the 5 % level that the regimes differ"),
      );
  }
  if (rep.ml && rep.ml.rows.length > 0)
    out.push(
      "",
      `out-of-sample cost prediction, same walk-forward blocks (${rep.ml.blocks}); relative MSE < 1 beats the square-root law:`,
      formatTable(
        ["model", "oos RMSE", "relative MSE", "test parents"],
        rep.ml.rows.map((x) => [x.model, num(x.oosRmse), num(x.relativeMse), x.n]),
      ),
    );
  if (r.venue)
    out.push(
      "",
      `use it: --impact model:${m.name}@${m.version} (venue ${r.venue.impact}: ` +
        `${Object.entries(r.venue.impactParams)
          .map(([k, v]) => `${k}=${typeof v === "number" ? formatNumber(v) : v}`)
          .join(", ")})`,
    );
  const notes = [...r.data.notes, ...rep.notes];
  if (notes.length > 0) out.push("", ...notes.map((n) => `note: ${n}`));
  return `${out.join("\n")}\n`;
}
