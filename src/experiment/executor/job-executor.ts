/**
 * The strategy job executor: runs strategies on parent orders in worker threads, so that a careless
 * or hostile strategy cannot take the process or the other strategies' results with it, and hands
 * every ParentExecution to ONE consumer in the main thread in a canonical order.
 *
 * Jobs: one per (strategy, chunk of consecutive parents) (default: one chunk = all parents), each in
 * a worker thread with its own copy of the series. A user's strategy file always runs alone in its
 * worker, so whatever it does to its thread's globals stays in its own runs; the built-ins (our code)
 * share max(1, concurrency − 1) workers one after the other (a worker costs a thread start, a module
 * load and a JIT warm-up, and one core stays with the main thread's TCA and storage). At most
 * `concurrency` workers run at once (default os.availableParallelism()).
 *
 * Containment, per (strategy, parent): a budget of `timeoutMs` from the moment the worker is ready
 * (or from the previous parent's result) to the parent's result. A strategy that exceeds it, ends its
 * thread (process.exit), or throws outside the engine's call stack (an uncaught error in a stray
 * timer) fails its WHOLE run at once: the parent it was on and every parent it has not finished are
 * recorded as failed executions with the reason (a hung strategy would hang again, so they are not
 * tried), its other jobs are stopped, and the other strategies carry on. Errors a strategy throws
 * inside a callback fail only that parent, as in-process (the engine catches them).
 *
 * Order and determinism: results are buffered and passed to `onExecution` strategy-major, then in
 * parent order — the order simulate() uses — whatever the number of workers and whichever finishes
 * first, and every result is computed exactly as in-process (same engine, same per-parent random
 * streams), so stored rows are byte-identical for any concurrency. A failed parent's arrival and end
 * mids are the venue's market mids at its start and end (as the engine records them), computed here.
 *
 * Loading: the worker entry is strategy-worker.js next to this file in a compiled build, or its esbuild
 * bundle (with the built-in strategies) when running from the TypeScript sources (worker-bundle.ts);
 * when a user's strategy file is TypeScript, its worker loads tsx's hooks first.
 */
import { createRequire } from "node:module";
import { availableParallelism } from "node:os";
import { pathToFileURL } from "node:url";
import { Worker, type WorkerOptions } from "node:worker_threads";
import { ExecsimError } from "../../core/errors.js";
import type { ParentExecution, ParentOrder } from "../../core/execution-types.js";
import type { CandleSeries } from "../../core/market-types.js";
import { createRng } from "../../core/rng.js";
import { type FeeSchedule, validateFees } from "../../engine/fees.js";
import { simulate, validateParent } from "../../engine/simulator.js";
import { loadStrategy, parseStrategySpec } from "../../engine/strategy-loader.js";
import { createVenue } from "../../venues/venue-factory.js";
import {
  type StrategyJobSource,
  type VenueSource,
  venueParamsOf,
  type WorkerJob,
  type WorkerMessage,
} from "./job-protocol.js";
import { type WorkerEntry, workerEntry } from "./worker-bundle.js";

/** Default budget per (strategy, parent), ms (`--strategy-timeout`). */
export const DEFAULT_STRATEGY_TIMEOUT_MS = 30_000;
/** Time a worker may take to load the engine and its strategy before its first parent, ms (at least). */
const LOAD_BUDGET_MS = 60_000;

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
  /** Workers at once (default min(jobs, availableParallelism())). */
  readonly concurrency?: number;
  /** Parents per job (default: all of a strategy's parents in one job). */
  readonly chunkSize?: number;
  /** Each result, strategy-major then in parent order. May throw: the executor then stops and rejects. */
  readonly onExecution: (e: ParentExecution) => void;
}

/** Tasks run one after the other in one worker; `parents` indices are global. */
interface Job {
  readonly tasks: readonly { readonly strategy: number; readonly from: number; readonly to: number }[];
}

/**
 * A worker that loads tsx (its ESM and CommonJS hooks, as `node --import tsx` does) in its own thread
 * and then imports `entry` (an `--import` in the worker's execArgv does not apply to the worker's
 * entry module on Node 20).
 */
function typescriptWorker(entry: URL, options: WorkerOptions): Worker {
  // the ESM builds of tsx's two register APIs (require.resolve finds the CommonJS ones beside them)
  const api = (which: string) =>
    pathToFileURL(
      createRequire(import.meta.url)
        .resolve(`tsx/${which}/api`)
        .replace(/\.cjs$/, ".mjs"),
    ).href;
  const boot =
    `Promise.all([import(${JSON.stringify(api("esm"))}), import(${JSON.stringify(api("cjs"))})])` +
    `.then(([esm, cjs]) => { esm.register(); cjs.register(); return import(${JSON.stringify(entry.href)}); });`;
  return new Worker(boot, { ...options, eval: true });
}

/** A failed execution for a parent the strategy did not finish (nothing traded). */
function failedExecution(
  spec: StrategyJobsSpec,
  strategy: string,
  parent: ParentOrder,
  error: string,
): ParentExecution {
  let arrivalMid = Number.NaN;
  let endMid = Number.NaN;
  try {
    const v = createVenue(spec.venue.model, venueParamsOf(spec.venue, parent.id));
    v.reset(spec.series, createRng(spec.seed).fork(`market/${parent.id}`));
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

/**
 * The jobs: every (strategy, chunk) task; a user's strategy gets a job per task, the built-ins share
 * `lanes` jobs (round-robin by strategy), so the default compare loads the engine once per core.
 */
function planJobs(spec: StrategyJobsSpec, chunk: number, lanes: number): Job[] {
  const P = spec.parents.length;
  const own: Job[] = [];
  const shared: { strategy: number; from: number; to: number }[][] = [];
  let lane = 0;
  spec.strategies.forEach((src, s) => {
    const tasks = [];
    for (let from = 0; from < P; from += chunk)
      tasks.push({ strategy: s, from, to: Math.min(P, from + chunk) });
    if (!src.trusted) for (const t of tasks) own.push({ tasks: [t] });
    else {
      shared[lane] = [...(shared[lane] ?? []), ...tasks];
      lane = (lane + 1) % lanes;
    }
  });
  return [...shared.map((tasks) => ({ tasks })), ...own];
}

/** Run every strategy on every parent in worker threads; resolves when every result was consumed. */
export async function runStrategyJobs(spec: StrategyJobsSpec): Promise<void> {
  const S = spec.strategies.length;
  const P = spec.parents.length;
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
  // built-ins share max(1, cores − 1) workers: one core stays with this thread's TCA and storage
  const jobs = planJobs(spec, Math.max(1, Math.floor(spec.chunkSize ?? P)), Math.max(1, cores - 1));
  const concurrency = Math.max(1, Math.min(jobs.length, cores));
  const entry: WorkerEntry = await workerEntry();
  const slots: (ParentExecution | undefined)[] = new Array(S * P);
  const failed = new Set<number>();
  const running = new Map<Job, Worker>();
  let next = 0;

  return new Promise<void>((resolve, reject) => {
    let settled = false;
    const stopAll = () => {
      for (const w of running.values()) void w.terminate();
      running.clear();
    };
    const abort = (e: unknown) => {
      if (settled) return;
      settled = true;
      stopAll();
      reject(e);
    };
    const flush = () => {
      try {
        while (next < S * P && slots[next] !== undefined) {
          const e = slots[next]!;
          slots[next] = undefined; // consumed: let it be collected
          next++;
          spec.onExecution(e);
        }
      } catch (e) {
        abort(e);
        return;
      }
      if (next === S * P && !settled) {
        settled = true;
        stopAll();
        resolve();
      } else startMore();
    };
    const failStrategy = (s: number, at: number, why: string) => {
      if (failed.has(s)) return;
      failed.add(s);
      const label = spec.strategies[s]!.label;
      const notRun = `not run: strategy "${label}" failed on parent "${spec.parents[at]!.id}" (${why})`;
      for (let p = 0; p < P; p++) {
        const k = s * P + p;
        if (k < next || slots[k] !== undefined) continue;
        slots[k] = failedExecution(spec, label, spec.parents[p]!, p === at ? why : notRun);
      }
      for (const [job, w] of running) {
        if (!job.tasks.every((t) => t.strategy === s)) continue;
        void w.terminate();
        running.delete(job);
      }
    };
    const startMore = () => {
      while (!settled && running.size < concurrency && jobs.length > 0) {
        const job = jobs.shift()!;
        const tasks = job.tasks.filter((t) => !failed.has(t.strategy));
        if (tasks.length > 0) start({ tasks });
      }
    };
    const start = (job: Job) => {
      const srcs = job.tasks.map((t) => spec.strategies[t.strategy]!);
      // from the bundle (TypeScript sources), a user's .ts file needs tsx in its thread; a compiled
      // build's strategy loader registers tsx itself for such a file
      const typescript =
        entry.typescript ||
        (entry.builtinDir !== undefined &&
          srcs.some((src) => /\.[cm]?ts$/i.test(parseStrategySpec(src.spec).name)));
      const data: WorkerJob = {
        tasks: job.tasks.map((t, i) => ({ strategy: srcs[i]!, from: t.from, to: t.to })),
        venue: spec.venue,
        series: spec.series,
        parents: spec.parents,
        latencyMs: spec.latencyMs,
        fees: spec.fees,
        seed: spec.seed,
        builtinDir: entry.builtinDir?.href,
      };
      let worker: Worker;
      try {
        // a strategy's own prints go to stderr: stdout carries the command's output (e.g. --json)
        const options: WorkerOptions = { workerData: data, stdout: true };
        worker = typescript ? typescriptWorker(entry.url, options) : new Worker(entry.url, options);
        worker.stdout.pipe(process.stderr, { end: false });
      } catch (e) {
        abort(e);
        return;
      }
      running.set(job, worker);
      let cur = 0; // the task being loaded or run
      let done = job.tasks[0]!.from; // the parent it is on
      let over = false; // the job ended (all its results in, or it was stopped)
      let timer: NodeJS.Timeout | undefined;
      const overBudget = () =>
        `exceeded its time budget of ${spec.timeoutMs} ms (--strategy-timeout) on this parent order`;
      const loadBudget = () => `did not load within ${Math.max(LOAD_BUDGET_MS, spec.timeoutMs)} ms`;
      /** The job's thread died or hung: fail the strategy it was on, run its other tasks in a new job. */
      const die = (why: string) => {
        if (over || settled) return;
        over = true;
        clearTimeout(timer);
        const rest = job.tasks.slice(cur + 1);
        failStrategy(job.tasks[cur]!.strategy, done, why);
        if (running.get(job) === worker) running.delete(job);
        void worker.terminate();
        if (rest.length > 0) jobs.unshift({ tasks: rest });
        flush();
      };
      const arm = (ms: number, why: () => string) => {
        clearTimeout(timer);
        timer = setTimeout(() => die(why()), ms);
      };
      arm(Math.max(LOAD_BUDGET_MS, spec.timeoutMs), loadBudget);
      worker.on("message", (m: WorkerMessage) => {
        if (over || settled) return;
        if (m.type === "ready") {
          cur = m.task;
          done = job.tasks[cur]!.from;
          arm(spec.timeoutMs, overBudget);
        } else if (m.type === "execution") {
          const task = job.tasks[m.task]!;
          // (a strategy failed in another job of its own keeps the failure recorded for it)
          if (!failed.has(task.strategy)) slots[task.strategy * P + m.index] = m.execution;
          done = m.index + 1;
          if (done < task.to) arm(spec.timeoutMs, overBudget);
          else if (m.task + 1 < job.tasks.length) {
            cur = m.task + 1;
            done = job.tasks[cur]!.from;
            arm(Math.max(LOAD_BUDGET_MS, spec.timeoutMs), loadBudget);
          } else {
            over = true;
            clearTimeout(timer);
            running.delete(job);
            void worker.terminate();
          }
          flush();
        } else die(`could not run: ${m.message}`);
      });
      worker.on("error", (e: Error) =>
        die(`uncaught error in the strategy's thread: ${e.name}: ${e.message}`),
      );
      worker.on("exit", (code: number) =>
        die(
          `the strategy ended its thread (process.exit(${code}) or equivalent) before finishing this parent order`,
        ),
      );
    };
    if (S * P === 0) {
      settled = true;
      resolve();
      return;
    }
    startMore();
  });
}

/**
 * The same jobs in this thread, without containment (no time budget: a hang hangs the caller, a
 * process.exit ends it): same results, same order. For trusted strategies in scripts, and the
 * baseline the executor's cost is measured against (bench/executor-bench.ts).
 */
export async function runStrategyJobsInProcess(spec: StrategyJobsSpec): Promise<void> {
  const loaded = [];
  for (const s of spec.strategies) {
    if (s.paramsByParent !== undefined)
      throw new ExecsimError(
        "INVALID_CONFIG",
        "parameters per parent need the worker executor (runStrategyJobs)",
      );
    loaded.push(await loadStrategy(s.spec, { label: s.label, baseDir: s.baseDir }));
  }
  simulate({
    series: spec.series,
    parents: spec.parents,
    strategies: loaded,
    createVenue: (p) => createVenue(spec.venue.model, venueParamsOf(spec.venue, p.id)),
    latencyMs: spec.latencyMs,
    fees: spec.fees,
    seed: spec.seed,
    onExecution: spec.onExecution,
  });
}
