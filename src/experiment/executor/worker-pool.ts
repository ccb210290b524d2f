/**
 * The strategy job executor's pool: runs tasks (one strategy × a chunk of consecutive parents) in
 * worker threads (strategy-worker.ts), contains each (strategy, parent), and hands every result to ONE
 * consumer in the main thread in a canonical order. compare/run (job-executor.ts) and sweep
 * (sweep/run-sweep.ts) both run through it: one executor for containment and parallelism.
 *
 * Workers: every worker sets up its data once (job-protocol.ts WorkerSetup, its first message).
 * Built-in strategies (our code) run in long-lived workers (at most `sharedWorkers` of them, taken
 * first from `prestarted` ones: warm-workers.ts) that are always sent their next built-in task before
 * they finish the current one, so a worker never waits for the main thread to store a result and
 * hand out work. They share a "series" set-up's bars when those are in a SharedArrayBuffer. A user's
 * strategy file gets a FRESH worker per task, ended after it, with a PRIVATE copy of the series, so
 * whatever it does to its thread's globals or its bars stays in its own task (and, the result of a
 * task depending on nothing else, the stored numbers do not depend on the worker count). At most
 * `concurrency` workers exist at once.
 *
 * Containment, per (strategy, parent): a budget of `timeoutMs` from the moment the task's strategy is
 * loaded (or from the previous parent's result) to the parent's result; loading (the worker's set-up
 * and the strategy module's import) has loadBudgetMs(timeoutMs). A strategy that exceeds it,
 * ends its thread (process.exit), throws outside the engine's call stack (an uncaught error in a stray
 * timer) or fails to load fails its WHOLE run at once: the parent it was on and every parent it has not
 * finished get `failed(strategy, parent, why)` (a hung strategy would hang again, so they are not
 * tried), its other tasks are dropped, the worker is ended (and replaced when tasks remain), and the
 * other strategies carry on. Errors a strategy throws inside a callback fail only that parent, as
 * in-process (the engine catches them).
 *
 * Order: results are buffered and passed to `onResult` strategy-major, then in parent order, whatever
 * the number of workers and whichever finishes first. An aborted `signal` stops the workers and
 * resolves "aborted" (results not yet passed on are dropped).
 */
import { availableParallelism } from "node:os";
import type { Worker } from "node:worker_threads";
import { ExecsimError } from "../../core/errors.js";
import { candleColumns } from "../../core/market-types.js";
import { copySeriesWindow } from "../../engine/market-view.js";
import type {
  StrategyJobSource,
  WorkerData,
  WorkerMessage,
  WorkerSetup,
  WorkerSetupMessage,
  WorkerTask,
} from "./job-protocol.js";
import type { WarmWorkers } from "./warm-workers.js";
import { startWorker, type WorkerEntry, workerEntry } from "./worker-bundle.js";

/** Tasks a shared worker holds at once: the one it runs and the next (sent ahead). */
const SHARED_DEPTH = 2;

/**
 * Time a worker may take to set up (the series copied or read: years of bars on real data) and load
 * its strategy before its first parent: at least 60 s, ms.
 */
export function loadBudgetMs(timeoutMs: number): number {
  return Math.max(60_000, timeoutMs);
}

/**
 * Time a user's strategy module may take to import in a contained worker (contained-load.ts, before
 * anything runs): twice the budget per parent, at least 10 s (a thread start, tsx for a .ts file), ms.
 */
export function importBudgetMs(timeoutMs: number): number {
  return Math.max(10_000, 2 * timeoutMs);
}

export interface ContainedJobsSpec<R> {
  /** What each worker starts from. */
  readonly setup: WorkerSetup;
  /** The strategies, in canonical (result) order. */
  readonly strategies: readonly StrategyJobSource[];
  /** Parent ids, in plan order (for the failure messages). */
  readonly parentIds: readonly string[];
  /** Budget per (strategy, parent), ms (> 0). */
  readonly timeoutMs: number;
  /** Budget for a worker's set-up and a task's strategy load, ms (default loadBudgetMs(timeoutMs)). */
  readonly loadMs?: number;
  /** Workers at once (default availableParallelism()). */
  readonly concurrency?: number;
  /** Long-lived workers for the built-ins (default: concurrency). */
  readonly sharedWorkers?: number;
  /** Parents per task (default: all parents in one task per strategy). */
  readonly chunkSize?: number;
  /** Each result, strategy-major then in parent order. May throw: the pool then stops and rejects. */
  readonly onResult: (strategy: number, parent: number, result: R) => void;
  /** The result recorded for a parent a failed strategy did not finish. */
  readonly failed: (strategy: number, parent: number, why: string) => R;
  readonly signal?: AbortSignal;
  /** Workers started ahead (for built-ins; same set-up kind), taken before any is started here. */
  readonly prestarted?: WarmWorkers;
}

interface Slot {
  readonly worker: Worker;
  readonly shared: boolean;
  /** The task it runs, then the one sent ahead (shared workers), in the order sent. */
  tasks: WorkerTask[];
  /** The parent the running task is on. */
  at: number;
  timer: NodeJS.Timeout | undefined;
}

/**
 * The set-up message of a worker: a shared (built-in) worker gets the set-up as it is (a series in a
 * SharedArrayBuffer is then shared, not copied); any other gets a private copy of the series, moved
 * (transferred) to it.
 */
export function setupMessage(setup: WorkerSetup, shared: boolean): [WorkerSetupMessage, ArrayBuffer[]] {
  if (setup.kind !== "series" || shared) return [{ type: "setup", setup }, []];
  const series = copySeriesWindow(setup.series, 0, setup.series.length);
  const buffers = candleColumns(series).map((a) => a.buffer as ArrayBuffer);
  return [{ type: "setup", setup: { ...setup, series } }, buffers];
}

/** Run every strategy on every parent in worker threads; resolves when every result was consumed. */
export async function runContainedJobs<R>(spec: ContainedJobsSpec<R>): Promise<"done" | "aborted"> {
  const S = spec.strategies.length;
  const P = spec.parentIds.length;
  if (!(Number.isFinite(spec.timeoutMs) && spec.timeoutMs > 0))
    throw new ExecsimError(
      "INVALID_ARGUMENT",
      `the strategy time budget must be > 0 ms, got ${spec.timeoutMs}`,
    );
  if (S * P === 0) return "done";
  if (spec.signal?.aborted) return "aborted";
  const concurrency = Math.max(1, Math.floor(spec.concurrency ?? availableParallelism()));
  const sharedMax = Math.max(1, Math.min(concurrency, Math.floor(spec.sharedWorkers ?? concurrency)));
  const chunk = Math.max(1, Math.floor(spec.chunkSize ?? P));
  const queue: WorkerTask[] = [];
  spec.strategies.forEach((source, s) => {
    for (let from = 0; from < P; from += chunk)
      queue.push({ id: queue.length, strategy: s, source, from, to: Math.min(P, from + chunk) });
  });
  const entry: WorkerEntry = await workerEntry();
  await spec.prestarted?.ready;
  // a user's venue file is loaded in the workers too (a .ts one needs tsx there)
  const venueFile =
    spec.setup.kind === "series" && spec.setup.venue.fileBaseDir !== undefined
      ? [spec.setup.venue.model]
      : [];
  const results: (R | undefined)[] = new Array(S * P);
  const failedStrategies = new Set<number>();
  const workers = new Set<Slot>();
  let next = 0;

  return new Promise<"done" | "aborted">((resolve, reject) => {
    let settled = false;
    const end = (slot: Slot) => {
      clearTimeout(slot.timer);
      workers.delete(slot);
      slot.worker.removeAllListeners();
      slot.worker.on("error", () => {}); // a late error of a thread being ended is of no interest
      void slot.worker.terminate();
    };
    /** End a worker; the tasks it was sent ahead (not started) go back to the front of the queue. */
    const endAndRequeue = (slot: Slot) => {
      end(slot);
      queue.unshift(...slot.tasks.slice(1));
      slot.tasks = [];
    };
    const settle = (how: "done" | "aborted" | { error: unknown }) => {
      if (settled) return;
      settled = true;
      spec.signal?.removeEventListener("abort", onAbort);
      spec.prestarted?.close();
      for (const w of [...workers]) end(w);
      if (typeof how === "string") resolve(how);
      else reject(how.error);
    };
    const onAbort = () => settle("aborted");
    spec.signal?.addEventListener("abort", onAbort);
    const flush = () => {
      try {
        while (!settled && next < S * P && results[next] !== undefined) {
          const r = results[next]!;
          results[next] = undefined; // consumed: let it be collected
          const k = next++;
          spec.onResult(Math.floor(k / P), k % P, r);
        }
      } catch (e) {
        settle({ error: e });
        return;
      }
      if (settled) return;
      if (next === S * P) settle("done");
      else startMore();
    };
    const failStrategy = (s: number, at: number, why: string) => {
      if (failedStrategies.has(s)) return;
      failedStrategies.add(s);
      const label = spec.strategies[s]!.label;
      const notRun = `not run: strategy "${label}" failed on parent "${spec.parentIds[at]}" (${why})`;
      for (let p = 0; p < P; p++) {
        const k = s * P + p;
        if (k < next || results[k] !== undefined) continue;
        results[k] = spec.failed(s, p, p === at ? why : notRun);
      }
      for (const w of [...workers]) if (w.tasks[0]?.strategy === s) endAndRequeue(w);
    };
    const overBudget = () =>
      `exceeded its time budget of ${spec.timeoutMs} ms (--strategy-timeout) on this parent order`;
    const loadMs = spec.loadMs ?? loadBudgetMs(spec.timeoutMs);
    const arm = (slot: Slot, ms: number, why: () => string) => {
      clearTimeout(slot.timer);
      slot.timer = setTimeout(() => die(slot, why()), ms);
    };
    /** The worker died or hung: fail the strategy it was on (if any), replace it when tasks remain. */
    const die = (slot: Slot, why: string) => {
      if (settled || !workers.has(slot)) return;
      const task = slot.tasks[0];
      const at = slot.at;
      endAndRequeue(slot);
      if (task !== undefined) failStrategy(task.strategy, at, why);
      flush();
    };
    /** The slot's first task starts (or the one sent ahead becomes the running one): its load budget. */
    const begin = (slot: Slot, task: WorkerTask) => {
      slot.at = task.from;
      arm(slot, loadMs, () => `did not load within ${loadMs} ms`);
    };
    const assign = (slot: Slot, task: WorkerTask) => {
      slot.tasks.push(task);
      if (slot.tasks.length === 1) begin(slot, task);
      slot.worker.postMessage(task);
    };
    const spawn = (shared: boolean, strategySpec: string): Slot | null => {
      let worker: Worker | undefined = shared ? spec.prestarted?.take() : undefined;
      try {
        if (worker === undefined) {
          const data: WorkerData = { kind: spec.setup.kind, builtinDir: entry.builtinDir?.href };
          worker = startWorker(entry, data, [strategySpec, ...venueFile]);
        }
        const [message, transfer] = setupMessage(spec.setup, shared);
        worker.postMessage(message, transfer);
      } catch (e) {
        if (worker !== undefined) void worker.terminate();
        settle({ error: e });
        return null;
      }
      const slot: Slot = { worker, shared, tasks: [], at: 0, timer: undefined };
      workers.add(slot);
      worker.on("message", (m: WorkerMessage<R>) => {
        const task = slot.tasks[0];
        if (settled || !workers.has(slot) || task === undefined) return;
        // (a failed set-up is reported with the task the worker was given)
        if (m.type === "fatal") return die(slot, `could not run: ${m.message}`);
        if (m.task !== task.id) return;
        if (m.type === "ready") arm(slot, spec.timeoutMs, overBudget);
        else if (m.type === "result") {
          if (!failedStrategies.has(task.strategy)) results[task.strategy * P + m.index] = m.result;
          slot.at = m.index + 1;
          if (slot.at < task.to) arm(slot, spec.timeoutMs, overBudget);
          else {
            clearTimeout(slot.timer);
            slot.tasks.shift();
            const ahead = slot.tasks[0];
            if (ahead !== undefined) begin(slot, ahead);
            else if (!slot.shared) end(slot);
          }
          flush();
        }
      });
      worker.on("error", (e: Error) =>
        die(slot, `uncaught error in the strategy's thread: ${e.name}: ${e.message}`),
      );
      worker.on("exit", (code: number) =>
        die(
          slot,
          `the strategy ended its thread (process.exit(${code}) or equivalent) before finishing this parent order`,
        ),
      );
      return slot;
    };
    const nextTrusted = (): WorkerTask | undefined => {
      const i = queue.findIndex((t) => t.source.trusted === true);
      return i < 0 ? undefined : queue.splice(i, 1)[0];
    };
    const startMore = () => {
      // drop the tasks of failed strategies
      for (let i = queue.length - 1; i >= 0; i--)
        if (failedStrategies.has(queue[i]!.strategy)) queue.splice(i, 1);
      // idle shared workers take the next built-in task
      for (const slot of workers) {
        if (settled || !slot.shared || slot.tasks.length > 0) continue;
        const task = nextTrusted();
        if (task !== undefined) assign(slot, task);
      }
      // new workers while there are tasks and room
      while (!settled && workers.size < concurrency && queue.length > 0) {
        const sharedCount = [...workers].filter((w) => w.shared).length;
        const i = queue.findIndex((t) => t.source.trusted !== true || sharedCount < sharedMax);
        if (i < 0) break;
        const task = queue.splice(i, 1)[0]!;
        const slot = spawn(task.source.trusted === true, task.source.spec);
        if (slot === null) return;
        assign(slot, task);
      }
      // then every shared worker is sent its next task ahead; one with nothing left to do ends
      for (const slot of [...workers]) {
        if (settled || !slot.shared) continue;
        while (slot.tasks.length < SHARED_DEPTH) {
          const task = nextTrusted();
          if (task === undefined) break;
          assign(slot, task);
        }
        if (slot.tasks.length === 0) end(slot);
      }
    };
    startMore();
  });
}
