/**
 * Running a prepared batch's strategies: the workers started ahead while it prepares, the strategy job
 * executor's input (batch.ts, recalibrate-loop.ts), and the runs with per-parent model parameters in
 * this thread (BatchOptions.executor "in-process") with the same numbers.
 */
import { availableParallelism } from "node:os";
import type { ParentExecution, ParentOrder } from "../core/execution-types.js";
import { SeriesPrefixSums } from "../engine/pre-start-sums.js";
import type { RunConfig } from "../engine/run-config.js";
import { simulate } from "../engine/simulator.js";
import { isStrategyPath, loadStrategy, parseStrategySpec } from "../engine/strategy-loader.js";
import type { RoutedVenueParams } from "../venues/routing/routed-venue.js";
import { isVenuePath } from "../venues/venue-registry.js";
import type { PreparedBatch } from "./batch.js";
import type { StrategyJobsSpec } from "./executor/job-executor.js";
import { prestartWorkers, type WarmWorkers } from "./executor/warm-workers.js";

const warmOf = new WeakMap<PreparedBatch, WarmWorkers>();

/**
 * The built-ins' workers of a batch that runs in worker threads, started as its preparation begins
 * (warm-workers.ts): as many as the executor keeps for built-ins (max(1, cores − 1)), at most one per
 * built-in strategy; none for a user's venue file (every task then gets a fresh worker) or the
 * closed loop (its rounds start their own).
 */
export function startBatchWorkers(config: RunConfig): WarmWorkers | undefined {
  if (isVenuePath(config.impact) || config.recalibrateEvery !== undefined) return undefined;
  const builtins = config.strategies.filter((s) => !isStrategyPath(parseStrategySpec(s).name));
  const count = Math.min(builtins.length, Math.max(1, availableParallelism() - 1));
  return count > 0 ? prestartWorkers({ kind: "series", count, preload: builtins }) : undefined;
}

/** Keep a prepared batch's warm workers for its execution. */
export function keepWarmWorkers(p: PreparedBatch, warm: WarmWorkers | undefined): void {
  if (warm !== undefined) warmOf.set(p, warm);
}

/** The warm workers kept for a prepared batch (once: they are handed over). */
export function takeWarmWorkers(p: PreparedBatch): WarmWorkers | undefined {
  const warm = warmOf.get(p);
  warmOf.delete(p);
  return warm;
}

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
  const routingOf = new Map<string, RoutedVenueParams>();
  for (const g of p.routes ?? [])
    if (g.routing) for (const s of g.strategies) routingOf.set(s.name, g.routing);
  return {
    series: p.plan.series,
    parents,
    strategies: p.strategies.map((s, i) => {
      const spec = p.specs?.[i] ?? config.strategies[i]!;
      const routing = routingOf.get(s.name);
      const byParent = models?.strategyParams(s.name, spec, s.source, parents);
      return {
        spec,
        label: s.name,
        baseDir: p.baseDir,
        trusted: s.source.startsWith("builtin:"),
        ...(routing ? { routing } : {}),
        ...(byParent ? { paramsByParent: byParent } : {}),
      };
    }),
    venue: {
      model: config.impact,
      params: { ...p.venueParams },
      ...(isVenuePath(config.impact) ? { fileBaseDir: p.baseDir } : {}),
      ...(venueByParent ? { paramsByParent: venueByParent } : {}),
    },
    latencyMs: config.latencyMs,
    fees: { takerRate: config.takerFeeRate, makerRate: config.makerFeeRate },
    seed: config.seed,
    timeoutMs: config.strategyTimeoutMs,
    onExecution,
  };
}

/**
 * `--impact model:NAME` in this thread: strategy-major, then parent order (simulate()'s), each parent's
 * venue its own and IS / adaptive loaded with the parent's model parameters, as the workers do.
 */
export async function simulateModelInProcess(
  p: PreparedBatch,
  onExecution: (e: ParentExecution) => void,
  parents: readonly ParentOrder[] = p.plan.parents,
  sums: SeriesPrefixSums = new SeriesPrefixSums(p.plan.series),
): Promise<void> {
  const { config, plan, models } = p;
  const run = (parents: readonly ParentOrder[], strategy: PreparedBatch["strategies"][number]) =>
    simulate({
      series: plan.series,
      parents,
      strategies: [strategy],
      createVenue: p.createVenue,
      latencyMs: config.latencyMs,
      fees: { takerRate: config.takerFeeRate, makerRate: config.makerFeeRate },
      seed: config.seed,
      prefixSums: sums,
      onExecution,
      retainResults: false,
    });
  for (const [i, s] of p.strategies.entries()) {
    const spec = config.strategies[i]!;
    const byParent = models?.strategyParams(s.name, spec, s.source, parents);
    if (byParent === undefined) run(parents, s);
    else
      for (const parent of parents) {
        const params = byParent[parent.id];
        run([parent], params ? await loadStrategy(spec, { label: s.name, baseDir: p.baseDir, params }) : s);
      }
  }
}
