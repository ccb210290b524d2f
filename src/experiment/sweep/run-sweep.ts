/**
 * `execsim sweep` in the library: run one strategy at every point of a parameter grid over the same
 * parents `compare` would use, store each point (its run with parent-level TCA rows, its summary and
 * cost parts as `compare --json` prints them, the Almgren-Chriss theoretical point for IS), and
 * recommend a point (recommend.ts).
 *
 * Jobs: one grid point × one chunk of consecutive parents (sweep-job.ts), run by the strategy job
 * executor (executor/worker-pool.ts, the one compare uses) in `workers` worker threads, each reading
 * the candles through its own read-only connection and analysing its parents (parent-level TCA), with
 * the executor's containment: a time budget per (grid point, parent) (`--strategy-timeout`), and a
 * point whose strategy hangs, exits its thread or fails to load is stored as failed (its parents with
 * the reason) while the other points carry on. ONE writer (this module, main thread) stores each point
 * once all its parents are in, points in grid order and parents in plan order, so the stored rows are
 * the same for any worker count. Run ids follow the point order. An in-memory database (no worker can
 * open it) runs in this thread, without containment.
 * Interrupt: an aborted `signal` stops the jobs; finished points stay stored, the sweep is marked
 * "interrupted", and resumeSweep(id) runs the pending points (same data checked by the candles hash).
 */
import { ExecsimError } from "../../core/errors.js";
import { createRng } from "../../core/rng.js";
import { ALMGREN_CHRISS_PLAN_DEFAULTS } from "../../engine/ac-plan.js";
import { SeriesPrefixSums } from "../../engine/pre-start-sums.js";
import { isStrategyPath, parseStrategySpec } from "../../engine/strategy-loader.js";
import { costPartsByStrategy } from "../../report/tca-tables.js";
import type { ExecsimDatabase } from "../../store/database.js";
import { codeVersion, codeVersionAsync, SqliteResultSink } from "../../store/result-sink.js";
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
import { type BatchOptions, type PrepareBatchOptions, type PreparedBatch, prepareBatch } from "../batch.js";
import { batchParentTca } from "../batch-tca.js";
import { failedExecution } from "../executor/job-executor.js";
import { prestartWorkers, type WarmWorkers } from "../executor/warm-workers.js";
import { runContainedJobs } from "../executor/worker-pool.js";
import { type AcParentInputs, acInputsAtStart, acPointTheory } from "./ac-theory.js";
import { recommendPoint } from "./recommend.js";
import { type AnalysedParent, parentOnly, runSweepJob } from "./sweep-job.js";
import { planSweep, type SweepInput, type SweepPlan } from "./sweep-plan.js";
import { type SweepResult, sweepResultFromStore } from "./sweep-result.js";

export interface SweepRunOptions {
  /** Worker threads (default 1; an in-memory database always runs in the main thread). */
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
  const { plan, prepared, warm } = await prepareSweep(store, input, opts);
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
      codeVersion: await codeVersionAsync(),
    },
    plan.points.map((p, i) => ({ label: prepared.strategies[i]!.name, params: { ...p.params } })),
  );
  return await executeSweep(store, sweepId, plan, prepared, opts, warm);
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
  const { plan, prepared, warm } = await prepareSweep(store, stored.input, opts, (p) => {
    if (p.hash !== row.candlesHash)
      throw new ExecsimError(
        "INVALID_CONFIG",
        `sweep ${sweepId} cannot be resumed: the stored candles it ran on have changed since it started (sha256 ${row.candlesHash.slice(0, 12)}… now ${p.hash.slice(0, 12)}…); start a new sweep`,
      );
  });
  setSweepStatus(store, sweepId, "running");
  return await executeSweep(store, sweepId, plan, prepared, opts, warm);
}

/**
 * Start the sweep's workers, then plan and prepare it (`check` may refuse the prepared batch); the
 * workers are ended when anything here fails. `git describe` (the runs' code version) runs meanwhile.
 */
async function prepareSweep(
  store: ExecsimDatabase,
  input: SweepInput,
  opts: SweepRunOptions,
  check?: (prepared: PreparedBatch) => void,
): Promise<{ plan: SweepPlan; prepared: PreparedBatch; warm: WarmWorkers | undefined }> {
  const warm = startSweepWorkers(store, input, opts);
  void codeVersionAsync();
  try {
    const plan = await planSweep(input);
    const prepared = await prepareBatch(store, plan.config, batchOptions(store));
    check?.(prepared);
    return { plan, prepared, warm };
  } catch (e) {
    warm?.close();
    throw e;
  }
}

/**
 * The sweep's workers, started before it plans and prepares (warm-workers.ts): their module load
 * overlaps this thread's work. None when the sweep runs in this thread (an in-memory database).
 */
function startSweepWorkers(
  store: ExecsimDatabase,
  input: SweepInput,
  opts: SweepRunOptions,
): WarmWorkers | undefined {
  // a user's strategy file gets a fresh worker per job: none to start ahead
  if (inThisThread(store) || isStrategyPath(parseStrategySpec(input.strategy).name)) return undefined;
  return prestartWorkers({ kind: "store", count: Math.max(1, Math.floor(opts.workers ?? 1)) });
}

/** An in-memory database cannot be opened by a worker: its sweep runs in this thread, uncontained. */
function inThisThread(store: ExecsimDatabase): boolean {
  return store.path === ":memory:" || store.path === "";
}

/**
 * How prepareBatch loads the points' strategy: contained unless the sweep runs in this thread (its
 * workers are the sweep's own, of the "store" kind: none started for the batch).
 */
function batchOptions(store: ExecsimDatabase): BatchOptions & PrepareBatchOptions {
  return { executor: inThisThread(store) ? "in-process" : "threads", warmWorkers: false };
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
  warm: WarmWorkers | undefined,
): Promise<SweepResult> {
  const t0 = performance.now();
  const rows = sweepPointRows(store, sweepId);
  const pending = rows.filter((r) => r.status === "pending").map((r) => r.idx);
  const total = rows.length;
  let done = total - pending.length;
  const contained = !inThisThread(store);
  const workers = contained ? Math.max(1, Math.floor(opts.workers ?? 1)) : 1;
  const parents = prepared.plan.parents;
  const nParents = parents.length;
  const preTrade = new Map<string, PreTradeEstimate>();
  let writer: ReturnType<typeof pointWriter> | undefined;
  let got: AnalysedParent[] = [];
  // results come point by point (grid order), parents in plan order: store each point once complete
  const onResult = (s: number, p: number, r: AnalysedParent) => {
    got.push(r);
    if (p < nParents - 1) return;
    writer ??= pointWriter(store, sweepId, plan, prepared);
    writer(pending[s]!, got);
    got = [];
    done++;
    opts.onProgress?.(done, total, performance.now() - t0);
  };
  let outcome: "done" | "aborted" = "done";
  try {
    if (contained) {
      // enough jobs to keep every worker busy, points first so the writer can store early
      const chunks = Math.max(1, Math.min(nParents, Math.ceil((2 * workers) / Math.max(1, pending.length))));
      const series = prepared.plan.series;
      const seed = plan.config.seed;
      outcome = await runContainedJobs<AnalysedParent>({
        // the series named outright: the workers read it, they never write (not even the built-in data)
        setup: { kind: "store", dbPath: store.path, config: { ...plan.config, ...prepared.key } },
        strategies: pending.map((idx) => ({
          spec: plan.points[idx]!.spec,
          label: prepared.strategies[idx]!.name,
          baseDir: prepared.baseDir,
          trusted: prepared.strategies[idx]!.source.startsWith("builtin:"),
        })),
        parentIds: parents.map((x) => x.id),
        timeoutMs: plan.config.strategyTimeoutMs,
        concurrency: workers,
        sharedWorkers: workers,
        chunkSize: Math.ceil(nParents / chunks),
        onResult,
        failed: (s, p, why) => {
          const label = prepared.strategies[pending[s]!]!.name;
          const e = failedExecution(prepared.createVenue, series, seed, label, parents[p]!, why);
          return { execution: parentOnly(e), tca: batchParentTca(prepared, e, preTrade) };
        },
        ...(opts.signal ? { signal: opts.signal } : {}),
        ...(warm !== undefined ? { prestarted: warm } : {}),
      });
    } else {
      for (const [s, point] of pending.entries()) {
        // yield between points so that Ctrl-C (the signal) is seen
        await new Promise((r) => setImmediate(r));
        if (opts.signal?.aborted) {
          outcome = "aborted";
          break;
        }
        runSweepJob(prepared, { point, from: 0, to: nParents }, preTrade, (p, r) => onResult(s, p, r));
      }
    }
  } catch (e) {
    const msg = e instanceof ExecsimError ? `${e.code}: ${e.message}` : String((e as Error)?.message ?? e);
    setSweepStatus(store, sweepId, "failed", { error: msg });
    throw e;
  } finally {
    warm?.close(); // the ones not taken
  }
  const timings = { totalMs: Math.round(performance.now() - t0), workers };
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
  // the points as just read (their JSON is large: the theoretical frontier per parent), the rest re-read
  const row = getSweep(store, sweepId);
  return {
    ...result,
    status: row.status,
    error: row.error,
    recommended: row.recommended as SweepResult["recommended"],
    timings: row.timings,
  };
}

/** The single writer: stores one finished point (its run, its parent rows, its summary row). */
function pointWriter(
  store: ExecsimDatabase,
  sweepId: number,
  plan: SweepPlan,
  p: PreparedBatch,
): (idx: number, parents: readonly AnalysedParent[]) => void {
  // parent-level rows (runs, parent orders, parent TCA): what a frontier needs
  const sink = new SqliteResultSink(store, { level: "parents" });
  const version = codeVersion();
  const theory = plan.almgrenChriss ? theoryInputs(p) : null;
  // the first point's theory inputs now, while the jobs run (workers), not at its first write
  theory?.(p.strategies[0]!.params);
  return (idx, parents) => {
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
      for (const { execution: e, tca } of parents) {
        tcas.push(tca);
        if (e.status === "failed") errors.push(`${e.parent.id}: ${e.error ?? "failed"}`);
        sink.recordExecution(runId, e, tca, []);
      }
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
