/**
 * The recommended grid point of a sweep, from the REALIZED shortfall of each point over its parents:
 *   --lambda-star X  minimise E + X·Var, E and Var the mean and sample variance (n − 1) of the
 *                    per-parent shortfall in quote currency; X in 1/quote, the unit of is:lambda
 *                    (Almgren & Chriss's mean-variance criterion applied to what was realized);
 *   --max-sd B       the cheapest point (lowest mean shortfall, bps) whose shortfall standard
 *                    deviation is at most B bps;
 *   both             the E + X·Var minimum among the points within B bps;
 *   neither          the cheapest point (risk-neutral, X = 0).
 * Only completed points with at least one completed parent count; ties go to the earlier grid point.
 * Limitation: E and Var are sample estimates over the sweep's parents (no confidence band).
 */
import type { MetricSummary, StrategySummary } from "../../tca/aggregate.js";

export interface RecommendationRule {
  readonly lambdaStar: number | null;
  readonly maxSdBps: number | null;
}

export interface RecommendablePoint {
  readonly index: number;
  readonly label: string;
  readonly params: Readonly<Record<string, number>>;
  readonly status: string;
  readonly summary: StrategySummary | null;
  readonly shortfallQuote: MetricSummary | null;
}

export interface Recommendation {
  readonly index: number;
  readonly label: string;
  readonly params: Readonly<Record<string, number>>;
  readonly rule: string;
  /** E + X·Var in quote² units of the criterion (quote), or null for a bps rule. */
  readonly objectiveQuote: number | null;
  readonly shortfallBps: number;
  readonly sdBps: number;
  readonly shortfallQuote: number;
  readonly sdQuote: number;
}

export function describeRule(r: RecommendationRule): string {
  if (r.lambdaStar !== null && r.maxSdBps !== null)
    return `min E + ${r.lambdaStar}·Var (quote) among points with shortfall sd <= ${r.maxSdBps} bps`;
  if (r.lambdaStar !== null) return `min E + ${r.lambdaStar}·Var of the realized shortfall (quote)`;
  if (r.maxSdBps !== null) return `lowest mean shortfall with sd <= ${r.maxSdBps} bps`;
  return "lowest mean shortfall (risk-neutral; give --lambda-star or --max-sd to price risk)";
}

/** The recommended point, or null when no point qualifies. */
export function recommendPoint(
  points: readonly RecommendablePoint[],
  rule: RecommendationRule,
): Recommendation | null {
  let best: RecommendablePoint | null = null;
  let bestScore = Number.POSITIVE_INFINITY;
  for (const p of points) {
    const s = p.summary;
    const q = p.shortfallQuote;
    if (p.status !== "completed" || s === null || q === null || !(s.shortfallBps.n > 0 && q.n > 0)) continue;
    if (rule.maxSdBps !== null && !(s.shortfallBps.std <= rule.maxSdBps)) continue;
    const score = rule.lambdaStar !== null ? q.mean + rule.lambdaStar * q.std * q.std : s.shortfallBps.mean;
    if (score < bestScore) {
      bestScore = score;
      best = p;
    }
  }
  if (best === null) return null;
  const s = best.summary!;
  const q = best.shortfallQuote!;
  return {
    index: best.index,
    label: best.label,
    params: best.params,
    rule: describeRule(rule),
    objectiveQuote: rule.lambdaStar !== null ? bestScore : null,
    shortfallBps: s.shortfallBps.mean,
    sdBps: s.shortfallBps.std,
    shortfallQuote: q.mean,
    sdQuote: q.std,
  };
}
