/**
 * The strategy job executor for compare and run: every strategy on every parent order in worker
 * threads (worker-pool.ts: a time budget per (strategy, parent), a hang, process.exit or stray error
 * fails only that strategy's run), the built-ins' workers sharing the series (a SharedArrayBuffer,
 * read only by our code), a user's file's worker with its own COPY ("series" set-up), every
 * ParentExecution handed to ONE consumer in the main thread, strategy-major then in parent order (the
 * order simulate() uses), so stored rows are byte-identical for any concurrency.
 *
 * Workers: the built-ins (our code) share max(1, concurrency − 1) long-lived workers (a worker costs a
 * thread start, a module load and a JIT warm-up, and one core stays with the main thread's TCA and
 * storage); a user's strategy file runs alone in a fresh worker. At most `concurrency` workers run at
 * once (default os.availableParallelism()). A failed parent's arrival and end mids are the venue's
 * market mids at its start and end (as the engine records them), computed here.
 *
 * Loading: the worker entry is strategy-worker.js next to this file in a compiled build, or its esbuild
 * bundle (with the built-in strategies) when running from the TypeScript sources (worker-bundle.ts);
 * when a user's strategy file is TypeScript, its worker loads tsx's hooks first.
 */
import { availableParallelism } from "node:os";
import { ExecsimError } from "../../core/errors.js";
import type { ExecutionVenue, ParentExecution, ParentOrder } from "../../core/execution-types.js";
import { type CandleSeries, sharedSeries } from "../../core/market-types.js";
import { createRng } from "../../core/rng.js";
import { type FeeSchedule, validateFees } from "../../engine/fees.js";
import { simulate, validateParent } from "../../engine/simulator.js";
import { loadStrategy } from "../../engine/strategy-loader.js";
import { RoutedVenue } from "../../venues/routing/routed-venue.js";
import { createVenue } from "../../venues/venue-factory.js";
import { loadVenueFile } from "../../venues/venue-registry.js";
import type { VenueQuoteSettings, VenueQuotes } from "../execution-tca.js";
import {
  type SeriesResult,
  type StrategyJobSource,
  type VenueSource,
  venueParamsOf,
} from "./job-protocol.js";
import type { WarmWorkers } from "./warm-workers.js";
import { runContainedJobs } from "./worker-pool.js";

/** Default budget per (strategy, parent), ms (`--strategy-timeout`). */
export const DEFAULT_STRATEGY_TIMEOUT_MS = 30_000;

export interface StrategyJobsSpec {
  readonly series: CandleSeries;
  readonly parents: readonly ParentOrder[];
  readonly strategies: readonly StrategyJobSource[];
  readonly venue: VenueSource;
  readonly latencyMs: number;
  readonly fees: FeeSchedule;
  readonly seed: string | number;
  /** Budget per (strategy, parent), ms (> 0). */
  readonly timeoutMs: number;
  /** Workers at once (default availableParallelism()). */
  readonly concurrency?: number;
  /** Parents per job (default: all of a strategy's parents in one job). */
  readonly chunkSize?: number;
  /**
   * Each result, strategy-major then in parent order, with its venue figures when `quotes` is set (not
   * for the parents of a strategy that failed). May throw: the executor then stops and rejects.
   */
  readonly onExecution: (e: ParentExecution, quotes?: VenueQuotes) => void;
  /** Set: the workers quote each execution's venue figures for the TCA (execution-tca.ts). */
  readonly quotes?: VenueQuoteSettings;
  /** Workers started ahead ("series" kind, warm-workers.ts): the built-ins' workers are taken from them. */
  readonly prestarted?: WarmWorkers;
}

/**
 * A failed execution for a parent the strategy did not finish (nothing traded); its mids are the
 * venue's market mids at the parent's start and end (NaN when even that fails).
 */
export function failedExecution(
  makeVenue: (parent: ParentOrder) => ExecutionVenue,
  series: CandleSeries,
  seed: string | number,
  strategy: string,
  parent: ParentOrder,
  error: string,
): ParentExecution {
  let arrivalMid = Number.NaN;
  let endMid = Number.NaN;
  try {
    const v = makeVenue(parent);
    v.reset(series, createRng(seed).fork(`market/${parent.id}`));
    v.advanceTo(parent.startMs);
    arrivalMid = v.marketMid();
    v.advanceTo(parent.endMs);
    endMid = v.marketMid();
  } catch {
    // the mids stay NaN: the failure itself is what gets recorded
  }
  return {
    strategy,
    parent,
    children: [],
    fills: [],
    arrivalMid,
    endMid,
    filledQtyBase: 0,
    unfilledQtyBase: parent.qtyBase,
    status: "failed",
    error,
  };
}

/** Run every strategy on every parent in worker threads; resolves when every result was consumed. */
export async function runStrategyJobs(spec: StrategyJobsSpec): Promise<void> {
  if (!(Number.isFinite(spec.timeoutMs) && spec.timeoutMs > 0))
    throw new ExecsimError(
      "INVALID_ARGUMENT",
      `the strategy time budget must be > 0 ms, got ${spec.timeoutMs}`,
    );
  // bad input fails here, before any thread starts (the workers' simulate() repeats these checks)
  validateFees(spec.fees);
  const ids = new Set<string>();
  for (const p of spec.parents) {
    validateParent(p, spec.series);
    if (ids.has(p.id)) throw new ExecsimError("INVALID_CONFIG", `parent order id "${p.id}" appears twice`);
    ids.add(p.id);
  }
  const cores = Math.max(1, spec.concurrency ?? availableParallelism());
  const baseVenue = (p: ParentOrder) => createVenue(spec.venue.model, venueParamsOf(spec.venue, p.id));
  const venueOf = (src: StrategyJobSource) => {
    const routing = src.routing;
    return routing ? (p: ParentOrder) => new RoutedVenue(baseVenue(p), routing) : baseVenue;
  };
  // a user's venue file is user code: no task shares a worker then
  const userVenue = spec.venue.fileBaseDir !== undefined;
  await runContainedJobs<SeriesResult>({
    setup: {
      kind: "series",
      venue: spec.venue,
      // in a SharedArrayBuffer (prepareBatch reads it so): the built-ins' workers share it, a user's
      // file gets its own copy
      series: sharedSeries(spec.series),
      parents: spec.parents,
      latencyMs: spec.latencyMs,
      fees: spec.fees,
      seed: spec.seed,
      ...(spec.quotes !== undefined ? { quotes: spec.quotes } : {}),
    },
    strategies: userVenue ? spec.strategies.map((x) => ({ ...x, trusted: false })) : spec.strategies,
    parentIds: spec.parents.map((p) => p.id),
    timeoutMs: spec.timeoutMs,
    concurrency: cores,
    // built-ins share max(1, cores − 1) workers: one core stays with this thread's TCA and storage
    sharedWorkers: Math.max(1, cores - 1),
    ...(spec.chunkSize !== undefined ? { chunkSize: spec.chunkSize } : {}),
    ...(spec.prestarted !== undefined ? { prestarted: spec.prestarted } : {}),
    onResult: (_s, _p, r) => spec.onExecution(r.execution, r.quotes),
    failed: (s, p, why) => {
      const src = spec.strategies[s]!;
      const parent = spec.parents[p]!;
      return { execution: failedExecution(venueOf(src), spec.series, spec.seed, src.label, parent, why) };
    },
  });
}

/**
 * The same jobs in this thread, without containment (no time budget: a hang hangs the caller, a
 * process.exit ends it): same results, same order. For trusted strategies in scripts, and the
 * baseline the executor's cost is measured against (bench/executor-bench.ts).
 */
export async function runStrategyJobsInProcess(spec: StrategyJobsSpec): Promise<void> {
  if (spec.venue.fileBaseDir !== undefined) await loadVenueFile(spec.venue.model, spec.venue.fileBaseDir);
  const baseVenue = (p: ParentOrder) => createVenue(spec.venue.model, venueParamsOf(spec.venue, p.id));
  // one simulate per strategy (each with its own venue when routed): the same order as the executor's
  for (const s of spec.strategies) {
    if (s.paramsByParent !== undefined)
      throw new ExecsimError(
        "INVALID_CONFIG",
        "parameters per parent need the worker executor (runStrategyJobs)",
      );
    const routing = s.routing;
    simulate({
      series: spec.series,
      parents: spec.parents,
      strategies: [await loadStrategy(s.spec, { label: s.label, baseDir: s.baseDir })],
      createVenue: routing ? (p) => new RoutedVenue(baseVenue(p), routing) : baseVenue,
      latencyMs: spec.latencyMs,
      fees: spec.fees,
      seed: spec.seed,
      onExecution: spec.onExecution,
    });
  }
}
