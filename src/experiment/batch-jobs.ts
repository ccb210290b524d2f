/** The strategy job executor's input for a prepared batch (batch.ts, recalibrate-loop.ts). */
import type { ParentExecution, ParentOrder } from "../core/execution-types.js";
import type { PreparedBatch } from "./batch.js";
import type { StrategyJobsSpec } from "./executor/job-executor.js";

/**
 * The job executor's input for a prepared batch on `parents`: with `--impact model:NAME`, each
 * parent's venue parameters (its regime's) and the IS / adaptive parameters of each strategy's plan
 * travel in the job as plain data (model-by-name.ts).
 */
export function strategyJobsFor(
  p: PreparedBatch,
  parents: readonly ParentOrder[],
  onExecution: (e: ParentExecution) => void,
): StrategyJobsSpec {
  const { config, models } = p;
  const venueByParent = models?.venueParamsByParent();
  return {
    series: p.plan.series,
    parents,
    strategies: p.strategies.map((s, i) => {
      const spec = config.strategies[i]!;
      const byParent = models?.strategyParams(s.name, spec, s.source, parents);
      return {
        spec,
        label: s.name,
        baseDir: p.baseDir,
        trusted: s.source.startsWith("builtin:"),
        ...(byParent ? { paramsByParent: byParent } : {}),
      };
    }),
    venue: {
      model: config.impact,
      params: config.impactParams,
      ...(venueByParent ? { paramsByParent: venueByParent } : {}),
    },
    latencyMs: config.latencyMs,
    fees: { takerRate: config.takerFeeRate, makerRate: config.makerFeeRate },
    seed: config.seed,
    timeoutMs: config.strategyTimeoutMs,
    onExecution,
  };
}
