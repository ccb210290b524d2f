/**
 * `execsim sweep` in the library: run one strategy at every point of a parameter grid over the same
 * parents `compare` would use, store each point (its run with parent-level TCA rows, its summary and
 * cost parts as `compare --json` prints them, the Almgren-Chriss theoretical point for IS), and
 * recommend a point (recommend.ts).
 *
 * Jobs: one grid point × one chunk of consecutive parents (sweep-job.ts), run in the main thread
 * (workers = 1, or an in-memory database) or in worker threads (sweep-workers.ts), each with its own
 * read-only connection. ONE writer (this module, main thread) stores a point once all its chunks are
 * in, points in grid order and parents in plan order, so the stored rows are the same for any worker
 * count. Run ids follow the point order.
 * Interrupt: an aborted `signal` stops the jobs; finished points stay stored, the sweep is marked
 * "interrupted", and resumeSweep(id) runs the pending points (same data checked by the candles hash).
 */
import { ExecsimError } from "../../core/errors.js";
import { createRng } from "../../core/rng.js";
import { ALMGREN_CHRISS_PLAN_DEFAULTS } from "../../engine/ac-plan.js";
import { SeriesPrefixSums } from "../../engine/pre-start-sums.js";
import { costPartsByStrategy } from "../../report/tca-tables.js";
import type { ExecsimDatabase } from "../../store/database.js";
import { codeVersion, SqliteResultSink } from "../../store/result-sink.js";
import { processAlive } from "../../store/run-queries.js";
import {
  createSweep,
  finishSweepPoint,
  getSweep,
  setSweepStatus,
  sweepPointRows,
} from "../../store/sweep-store.js";
import { aggregateByStrategy, summarize } from "../../tca/aggregate.js";
import type { ParentTca } from "../../tca/parent-tca.js";
import type { PreTradeEstimate } from "../../tca/pre-trade.js";
import { type PreparedBatch, prepareBatch } from "../batch.js";
import { type AcParentInputs, acInputsAtStart, acPointTheory } from "./ac-theory.js";
import { recommendPoint } from "./recommend.js";
import { runSweepJob, type SweepJob, type SweepJobResult } from "./sweep-job.js";
import { planSweep, type SweepInput, type SweepPlan } from "./sweep-plan.js";
import { type SweepResult, sweepResultFromStore } from "./sweep-result.js";
import { SweepWorkerPool } from "./sweep-workers.js";

export interface SweepRunOptions {
  /** Worker threads (default 1 = in the main thread). */
  readonly workers?: number;
  readonly signal?: AbortSignal;
  /** Called after each stored point: points done (of the sweep), total, ms since the start. */
  readonly onProgress?: (done: number, total: number, elapsedMs: number) => void;
}

/** Plan, validate and run a new sweep; returns it as stored. */
export async function runSweep(
  store: ExecsimDatabase,
  input: SweepInput,
  opts: SweepRunOptions = {},
): Promise<SweepResult> {
  const plan = await planSweep(input);
  // workers load their modules while this thread prepares the data
  const pool = startPool(store, plan, opts);
  try {
    const prepared = await prepareBatch(store, plan.config);
    const sweepId = createSweep(
      store,
      {
        strategy: input.strategy,
        config: { input: storedInput(input), grid: plan.grid, specs: plan.points.map((p) => p.spec) },
        seed: plan.config.seed,
        symbol: prepared.key.symbol,
        category: prepared.key.category,
        interval: prepared.key.interval,
        fromMs: prepared.plan.fromMs,
        toMs: prepared.plan.toMs,
        candlesHash: prepared.hash,
        codeVersion: codeVersion(),
      },
      plan.points.map((p, i) => ({ label: prepared.strategies[i]!.name, params: { ...p.params } })),
    );
    return await executeSweep(store, sweepId, plan, prepared, opts, pool);
  } finally {
    pool?.close();
  }
}

/** A worker pool when it can help: more than one worker and a database file the workers can open. */
function startPool(store: ExecsimDatabase, plan: SweepPlan, opts: SweepRunOptions): SweepWorkerPool | null {
  const workers = Math.max(1, Math.floor(opts.workers ?? 1));
  if (workers < 2 || store.path === ":memory:" || store.path === "") return null;
  return new SweepWorkerPool(store.path, workers);
}

/** Finish an interrupted (or failed) sweep: plan it again from what was stored, run its pending points. */
export async function resumeSweep(
  store: ExecsimDatabase,
  sweepId: number,
  opts: SweepRunOptions = {},
): Promise<SweepResult> {
  const row = getSweep(store, sweepId);
  if (row.status === "completed") return sweepResultFromStore(store, sweepId);
  if (row.status === "running" && row.pid !== process.pid && processAlive(row.pid))
    throw new ExecsimError(
      "INVALID_ARGUMENT",
      `sweep ${sweepId} is still running (process ${row.pid}); stop it with Ctrl-C first, then resume it`,
    );
  const stored = row.config as { input: SweepInput };
  const plan = await planSweep(stored.input);
  const pool = startPool(store, plan, opts);
  try {
    const prepared = await prepareBatch(store, plan.config);
    if (prepared.hash !== row.candlesHash)
      throw new ExecsimError(
        "INVALID_CONFIG",
        `sweep ${sweepId} cannot be resumed: the stored candles it ran on have changed since it started (sha256 ${row.candlesHash.slice(0, 12)}… now ${prepared.hash.slice(0, 12)}…); start a new sweep`,
      );
    setSweepStatus(store, sweepId, "running");
    return await executeSweep(store, sweepId, plan, prepared, opts, pool);
  } finally {
    pool?.close();
  }
}

/** The input as stored: plain JSON (the run config's frozen objects copied). */
function storedInput(input: SweepInput): SweepInput {
  return JSON.parse(JSON.stringify(input)) as SweepInput;
}

async function executeSweep(
  store: ExecsimDatabase,
  sweepId: number,
  plan: SweepPlan,
  prepared: PreparedBatch,
  opts: SweepRunOptions,
  pool: SweepWorkerPool | null,
): Promise<SweepResult> {
  const t0 = performance.now();
  const rows = sweepPointRows(store, sweepId);
  const pending = rows.filter((r) => r.status === "pending").map((r) => r.idx);
  const total = rows.length;
  let done = total - pending.length;
  const workers = pool?.size ?? 1;
  const nParents = prepared.plan.parents.length;
  // enough jobs to keep every worker busy, points first so the writer can store early
  const chunks = Math.max(1, Math.min(nParents, Math.ceil((2 * workers) / Math.max(1, pending.length))));
  const size = Math.ceil(nParents / chunks);
  const jobs: SweepJob[] = [];
  for (const point of pending)
    for (let from = 0; from < nParents; from += size)
      jobs.push({ point, from, to: Math.min(nParents, from + size) });
  const perPoint = new Map<number, SweepJobResult[]>();
  let writer: ReturnType<typeof pointWriter> | undefined;
  let nextPending = 0;
  const onResult = (r: SweepJobResult) => {
    const list = perPoint.get(r.point) ?? [];
    list.push(r);
    perPoint.set(r.point, list);
    // store every point that is complete, in grid order
    while (nextPending < pending.length) {
      const idx = pending[nextPending]!;
      const got = perPoint.get(idx) ?? [];
      if (got.reduce((a, j) => a + (j.to - j.from), 0) < nParents) break;
      got.sort((a, b) => a.from - b.from);
      writer!(idx, got);
      perPoint.delete(idx);
      nextPending++;
      done++;
      opts.onProgress?.(done, total, performance.now() - t0);
    }
  };
  let outcome: "done" | "aborted";
  try {
    if (pool !== null && jobs.length > 1) {
      // the workers prepare while this thread sets up the writer (and the theory inputs)
      // the series named outright: the workers read it, they never write (not even the built-in data)
      const config = { ...plan.config, ...prepared.key };
      const running = pool.run(config, jobs, onResult, opts.signal);
      running.catch(() => {}); // awaited below; not unhandled if the writer's set-up throws first
      writer = pointWriter(store, sweepId, plan, prepared);
      outcome = await running;
    } else {
      writer = pointWriter(store, sweepId, plan, prepared);
      outcome = "done";
      const preTrade = new Map<string, PreTradeEstimate>();
      for (const job of jobs) {
        // yield between jobs so that Ctrl-C (the signal) is seen
        await new Promise((r) => setImmediate(r));
        if (opts.signal?.aborted) {
          outcome = "aborted";
          break;
        }
        onResult(runSweepJob(prepared, job, preTrade));
      }
    }
  } catch (e) {
    const msg = e instanceof ExecsimError ? `${e.code}: ${e.message}` : String((e as Error)?.message ?? e);
    setSweepStatus(store, sweepId, "failed", { error: msg });
    throw e;
  }
  const timings = { totalMs: Math.round(performance.now() - t0), workers: pool?.size ?? 1 };
  if (outcome === "aborted") {
    setSweepStatus(store, sweepId, "interrupted", {
      error: `interrupted after ${done} of ${total} points; \`execsim sweep --resume ${sweepId}\` finishes it`,
      timings,
    });
    return sweepResultFromStore(store, sweepId);
  }
  const result = sweepResultFromStore(store, sweepId);
  const recommended = recommendPoint(result.points, plan.rule);
  setSweepStatus(store, sweepId, "completed", { recommended, timings });
  return sweepResultFromStore(store, sweepId);
}

/** The single writer: stores one finished point (its run, its parent rows, its summary row). */
function pointWriter(
  store: ExecsimDatabase,
  sweepId: number,
  plan: SweepPlan,
  p: PreparedBatch,
): (idx: number, jobs: readonly SweepJobResult[]) => void {
  // parent-level rows (runs, parent orders, parent TCA): what a frontier needs
  const sink = new SqliteResultSink(store, { level: "parents" });
  const version = codeVersion();
  const theory = plan.almgrenChriss ? theoryInputs(p) : null;
  // the first point's theory inputs now, while the jobs run (workers), not at its first write
  theory?.(p.strategies[0]!.params);
  return (idx, jobs) => {
    const s = p.strategies[idx]!;
    const point = plan.points[idx]!;
    const runId = sink.beginRun({
      command: "sweep",
      strategy: s.name,
      batchId: `sweep-${sweepId}`,
      config: {
        ...p.config,
        strategies: [point.spec],
        symbol: p.key.symbol,
        category: p.key.category,
        interval: p.key.interval,
        venue: p.venueDescription,
        parentQtyBase: p.plan.qtyBase,
        advBase: Number.isFinite(p.plan.advBase) ? p.plan.advBase : null,
        parents: p.plan.parents.length,
        store: "parents",
        strategySources: [
          { name: s.name, spec: point.spec, source: s.source, sha256: s.sha256, params: s.params },
        ],
        sweep: { id: sweepId, index: idx, params: point.params },
      },
      seed: p.config.seed,
      symbol: p.key.symbol,
      category: p.key.category,
      interval: p.key.interval,
      fromMs: p.plan.fromMs,
      toMs: p.plan.toMs,
      candlesHash: p.hash,
      codeVersion: version,
    });
    try {
      const tcas: ParentTca[] = [];
      const errors: string[] = [];
      for (const j of jobs)
        j.executions.forEach((e, k) => {
          const tca = j.tca[k]!;
          tcas.push(tca);
          if (e.status === "failed") errors.push(`${e.parent.id}: ${e.error ?? "failed"}`);
          sink.recordExecution(runId, e, tca, []);
        });
      const status = errors.length > 0 ? "failed" : "completed";
      sink.endRun(
        runId,
        status,
        errors.length > 0
          ? `${errors.length} parent order(s) failed; ${errors.slice(0, 3).join("; ")}`
          : null,
      );
      const lambda = point.params.lambda ?? Number(s.params.lambda ?? ALMGREN_CHRISS_PLAN_DEFAULTS.lambda);
      finishSweepPoint(store, sweepId, idx, {
        status,
        runId,
        summary: aggregateByStrategy(tcas)[0] ?? null,
        costParts: costPartsByStrategy(tcas, [s.name])[0] ?? null,
        theoretical: theory === null ? null : acPointTheory(theory(s.params), lambda),
        shortfallQuote: summarize(tcas.filter((t) => t.status === "completed").map((t) => t.shortfallQuote)),
      });
    } catch (e) {
      sink.failRun(runId, String((e as Error)?.message ?? e));
      throw e;
    }
  };
}

/** Per-parent AC inputs for a point's strategy settings (cached: they do not depend on λ). */
function theoryInputs(p: PreparedBatch): (params: Readonly<Record<string, unknown>>) => AcParentInputs[] {
  const cache = new Map<string, AcParentInputs[]>();
  const sums = new SeriesPrefixSums(p.plan.series);
  const root = createRng(p.config.seed);
  return (params) => {
    const d = ALMGREN_CHRISS_PLAN_DEFAULTS;
    const settings = {
      sigma: Number(params.sigma ?? d.sigma),
      eta: Number(params.eta ?? d.eta),
      gamma: Number(params.gamma ?? d.gamma),
      sliceMs: Number(params.sliceMs ?? d.sliceMs),
      slices: Number(params.slices ?? d.slices),
    };
    const key = JSON.stringify(settings);
    let list = cache.get(key);
    if (!list) {
      list = [];
      for (const parent of p.plan.parents) {
        const x = acInputsAtStart(
          p.plan.series,
          parent,
          p.createVenue(),
          root.fork(`market/${parent.id}`),
          settings,
          sums,
        );
        if (!("error" in x)) list.push(x);
      }
      cache.set(key, list);
    }
    return list;
  };
}
