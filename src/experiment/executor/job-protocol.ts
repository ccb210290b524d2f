/**
 * The messages between the strategy job executor (main thread, worker-pool.ts) and its workers
 * (strategy-worker.ts). Plain data only: everything crosses the thread boundary by structured clone.
 * The candle series is the exception that is not copied for our own code: the built-ins' workers get
 * the main thread's SharedArrayBuffer (nothing writes it); a user's file's worker gets its own COPY
 * (transferred), so nothing it does reaches another thread's bars; a "store" worker reads its own
 * through a read-only database connection.
 */
import type { ParentExecution, ParentOrder } from "../../core/execution-types.js";
import type { CandleSeries } from "../../core/market-types.js";
import type { FeeSchedule } from "../../engine/fees.js";
import type { RunConfig } from "../../engine/run-config.js";
import type { RoutedVenueParams } from "../../venues/routing/routed-venue.js";
import type { VenueQuoteSettings, VenueQuotes } from "../execution-tca.js";

/** How a worker rebuilds one strategy: loadStrategy(spec, { label, baseDir }). */
export interface StrategyJobSource {
  /** The spec as the user gave it (built-in name or file path, with parameters). */
  readonly spec: string;
  /** The result label (the name the main thread loaded it under). */
  readonly label: string;
  /** Directory relative file paths resolve against. */
  readonly baseDir: string;
  /**
   * A built-in (our code, well-behaved): it may share a long-lived worker with other built-in tasks,
   * one after the other. Anything else (a user's file) always gets a fresh worker per task.
   */
  readonly trusted?: boolean;
  /** With pools (`--routing`): this strategy's venue is a RoutedVenue over the run's venue. */
  readonly routing?: RoutedVenueParams;
  /**
   * Parameters by parent id, over the spec's own (a calibrated model's η and γ for IS / adaptive,
   * model-by-name.ts): the worker loads the strategy with them for that parent. Absent: the spec's.
   */
  readonly paramsByParent?: Readonly<Record<string, Readonly<Record<string, number>>>>;
}

/** The venue a worker builds per (strategy, parent): createVenue(model, params). */
export interface VenueSource {
  readonly model: string;
  readonly params: Readonly<Record<string, unknown>>;
  /**
   * Set when `model` is the path of a user's venue file (defineVenue): the worker loads it first,
   * relative to this directory. Such a run gives every task a fresh worker (the venue is user code).
   */
  readonly fileBaseDir?: string;
  /** Parameters by parent id instead of `params` (a calibrated model's regime per parent). */
  readonly paramsByParent?: Readonly<Record<string, Readonly<Record<string, unknown>>>>;
}

/** The parameters of a VenueSource's venue for one parent (its own when it has them). */
export function venueParamsOf(v: VenueSource, parentId: string): Record<string, unknown> {
  return { ...(v.paramsByParent?.[parentId] ?? v.params) };
}

/**
 * What every worker of one executor run starts from (its first message), set up once per worker:
 * - "series": the series (shared or a copy: worker-pool.ts) and parents handed over; each parent's
 *   ParentExecution is posted back (a SeriesResult, with the venue figures of its TCA when `quotes` is
 *   set) and analysed in the main thread (compare, run);
 * - "store": the worker opens the database READ-ONLY (its own connection; the main thread is the one
 *   writer), prepares the same batch as the main thread from `config` (which names its series), and
 *   posts each parent's execution WITHOUT child orders and fills, with its parent-level TCA (sweep).
 */
export type WorkerSetup =
  | {
      readonly kind: "series";
      readonly venue: VenueSource;
      readonly series: CandleSeries;
      readonly parents: readonly ParentOrder[];
      readonly latencyMs: number;
      readonly fees: FeeSchedule;
      readonly seed: string | number;
      /** Set: the worker quotes each execution's venue figures for the TCA (execution-tca.ts). */
      readonly quotes?: VenueQuoteSettings;
    }
  | { readonly kind: "store"; readonly dbPath: string; readonly config: RunConfig }
  /** Only load each task's strategy and post what the main thread needs to know of it. */
  | { readonly kind: "describe" };

/** A strategy as loaded in a worker, without its code (the main thread never imports a user's file). */
export interface StrategyDescription {
  readonly name: string;
  readonly source: string;
  readonly sha256: string;
  readonly params: Readonly<Record<string, number | boolean | string>>;
  readonly integerParams: readonly string[];
}

/**
 * workerData of one worker: what kind of set-up it will get, so it imports that kind's modules at
 * once. The set-up itself (with the series) comes in the first message, so a worker can be started
 * before the main thread has read the data (warm-workers.ts), and nothing of it stays reachable
 * through `workerData` (a strategy could import node:worker_threads and read it there).
 */
export interface WorkerData {
  readonly kind: WorkerSetup["kind"];
  /** Directory URL of the bundled built-in strategies (<file>.mjs), or undefined to load the sources. */
  readonly builtinDir: string | undefined;
  /** Built-in strategy specs to import while the set-up is on its way (a head start, nothing runs). */
  readonly preload?: readonly string[];
}

/** Main → worker, first: the set-up (a "series" one with the series shared or transferred). */
export interface WorkerSetupMessage {
  readonly type: "setup";
  readonly setup: WorkerSetup;
}

/** One strategy on parents [from, to). */
export interface WorkerTask {
  /** The task's number in this executor run (echoed in the worker's messages). */
  readonly id: number;
  /** Index of the strategy (in "store" mode: into the prepared batch's strategies). */
  readonly strategy: number;
  readonly source: StrategyJobSource;
  readonly from: number;
  readonly to: number;
  /** ("describe" set-up) what `source.spec` names: a strategy (default) or a venue file (defineVenue). */
  readonly what?: "strategy" | "venue";
}

/**
 * Main → worker: the set-up (first), then tasks, run one after the other in the order sent (a shared
 * worker is sent its next task before it finishes the current one), or null (end).
 */
export type WorkerRequest = WorkerSetupMessage | WorkerTask | null;

/** Worker → main. */
export type WorkerMessage<R = unknown> =
  /** Task `task`'s strategy is loaded; its first parent starts now. */
  | { readonly type: "ready"; readonly task: number }
  /** The result of parent `index` of task `task`. */
  | { readonly type: "result"; readonly task: number; readonly index: number; readonly result: R }
  /** ("describe" set-up) the task's strategy as loaded. */
  | { readonly type: "described"; readonly task: number; readonly description: StrategyDescription }
  | { readonly type: "fatal"; readonly message: string; readonly code?: string };

/** A "series" worker's result for one parent, with its venue figures when the set-up asked for them. */
export interface SeriesResult {
  readonly execution: ParentExecution;
  readonly quotes?: VenueQuotes;
}

/** A ParentExecution with its lazily materialised records made plain own properties (cloneable). */
export function plainExecution(e: ParentExecution): ParentExecution {
  return { ...e, children: e.children, fills: e.fills };
}
