/**
 * The messages between the strategy job executor (main thread, job-executor.ts) and its workers
 * (strategy-worker.ts). Plain data only: everything crosses the thread boundary by structured clone,
 * so a worker gets its own COPY of the candle series and nothing it does reaches the main thread's.
 */
import type { ParentExecution, ParentOrder } from "../../core/execution-types.js";
import type { CandleSeries } from "../../core/market-types.js";
import type { FeeSchedule } from "../../engine/fees.js";

/** How a worker rebuilds one strategy: loadStrategy(spec, { label, baseDir }). */
export interface StrategyJobSource {
  /** The spec as the user gave it (built-in name or file path, with parameters). */
  readonly spec: string;
  /** The result label (the name the main thread loaded it under). */
  readonly label: string;
  /** Directory relative file paths resolve against. */
  readonly baseDir: string;
  /**
   * A built-in (our code, well-behaved): it may share a worker with other built-ins, one after the
   * other. Anything else (a user's file) always gets a worker of its own.
   */
  readonly trusted?: boolean;
  /**
   * Parameters by parent id, over the spec's own (a calibrated model's η and γ for IS / adaptive,
   * model-by-name.ts): the worker loads the strategy with them for that parent. Absent: the spec's.
   */
  readonly paramsByParent?: Readonly<Record<string, Readonly<Record<string, number>>>>;
}

/** One strategy on parents [from, to) (indices into WorkerJob.parents). */
export interface WorkerTask {
  readonly strategy: StrategyJobSource;
  readonly from: number;
  readonly to: number;
}

/** The venue a worker builds per (strategy, parent): createVenue(model, params). */
export interface VenueSource {
  readonly model: string;
  readonly params: Readonly<Record<string, unknown>>;
  /** Parameters by parent id instead of `params` (a calibrated model's regime per parent). */
  readonly paramsByParent?: Readonly<Record<string, Readonly<Record<string, unknown>>>>;
}

/** The venue factory of a VenueSource: a fresh venue for `parent` with its own parameters. */
export function venueParamsOf(v: VenueSource, parentId: string): Record<string, unknown> {
  return { ...(v.paramsByParent?.[parentId] ?? v.params) };
}

/** workerData of one worker: its tasks, run one after the other (one task unless all are built-ins). */
export interface WorkerJob {
  readonly tasks: readonly WorkerTask[];
  readonly venue: VenueSource;
  readonly series: CandleSeries;
  readonly parents: readonly ParentOrder[];
  readonly latencyMs: number;
  readonly fees: FeeSchedule;
  readonly seed: string | number;
  /** Directory URL of the bundled built-in strategies (<file>.mjs), or undefined to load the sources. */
  readonly builtinDir: string | undefined;
}

/** Worker → main. */
export type WorkerMessage =
  /** Task `task`'s strategy is loaded; its first parent starts now. */
  | { readonly type: "ready"; readonly task: number }
  /** The result of parent `index` (into WorkerJob.parents) of task `task`. */
  | {
      readonly type: "execution";
      readonly task: number;
      readonly index: number;
      readonly execution: ParentExecution;
    }
  | { readonly type: "fatal"; readonly message: string };

/** A ParentExecution with its lazily materialised records made plain own properties (cloneable). */
export function plainExecution(e: ParentExecution): ParentExecution {
  return { ...e, children: e.children, fills: e.fills };
}
