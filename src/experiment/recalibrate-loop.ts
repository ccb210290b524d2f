/**
 * The closed loop (issue 18, the hedging seed's "execute → measure → recalibrate → plan the next order"):
 * `compare --impact model:NAME --recalibrate every:N`.
 *
 * Parents run in time order (start, then id), in blocks of N (built-in strategies in this thread, a
 * user's strategy file contained in a worker per block: the same numbers either way). Before block k (k ≥ 1), for EACH strategy
 * (its run is its own loop), the named model is refitted (calibration/fit-calibrated-model.ts
 * `fitCalibratedModel`, same kind, no ML comparison) on the calibration points of that strategy's
 * parents that ENDED at or before the block's first start (no look-ahead: a later parent's fills can
 * change nothing planned before it). Points use the own-impact basis (calibration-points.ts: the
 * historical market's move and the spread removed, what remains is the impact the venue charged), so on
 * the simulator's venue a refit converges to the venue's parameters. With a regime rule the refit keeps
 * the stored rule (one fit per regime) when every regime has enough parents, else it is pooled; when
 * even the pooled fit has too few parents (or fails, or gives parameters that cannot plan: δ outside
 * (0, 2], η ≤ 0, γ < 0, or a standard error above the value) a sqrt model refits η alone with δ held
 * at the stored value (parents of one size barely identify δ), any other keeps the previous
 * parameters; the step says why. The refitted parameters then set, for the block's parents, the
 * pre-trade estimate and the IS / adaptive η and γ (model-by-name.ts); the simulated market stays the named model's (plus any
 * --impact-param), so the loop measures how fast the plans learn it.
 *
 * Report per strategy and step: the parents the step's parameters planned, the fills and parents the
 * refit used, the parameters, and over the step's parents the mean pre-trade estimate, the mean realized
 * execution cost it predicts (spread + impact + fees, bps of arrival notional; the market's drift and
 * the opportunity cost are not what an impact model predicts) and the estimate's error (mean and RMS of
 * cost − estimate). Markouts (the ac γ, the propagator's decay) are the venue's own impact after each
 * parent's end, replayed from its fills, and only where the bar holding the time closed by the block's
 * start (later ones are NaN: no look-ahead). Deterministic: the refit's record has the block's start as
 * its fit time.
 */
import type { NewCalibratedModel } from "../calibration/calibrated-model.js";
import {
  buildCalibrationPoints,
  type CalibrationPoint,
  type MarkoutReader,
} from "../calibration/calibration-points.js";
import { fitCalibratedModel } from "../calibration/fit-calibrated-model.js";
import { executedParent, ownImpactMarkouts } from "../calibration/points-from-runs.js";
import { isExecsimError } from "../core/errors.js";
import type { ParentExecution, ParentOrder } from "../core/execution-types.js";
import { isoUtc } from "../core/interval.js";
import { SeriesPrefixSums } from "../engine/pre-start-sums.js";
import type { ParentTca } from "../tca/parent-tca.js";
import type { PreparedBatch } from "./batch.js";
import { simulateModelInProcess, strategyJobsFor } from "./batch-jobs.js";
import { runStrategyJobs } from "./executor/job-executor.js";
import type { ModelBelief, ParentModels } from "./model-by-name.js";

/** One set of parameters of one strategy's loop and how the parents it planned turned out. */
export interface RecalibrationStep {
  readonly strategy: string;
  /** 0 = the stored model; k = the refit before the k-th block. */
  readonly step: number;
  /** Index (time order) and start of the first parent planned with these parameters. */
  readonly fromParent: number;
  readonly fromMs: number;
  /** Parents planned with these parameters. */
  readonly parents: number;
  /** "model": the stored parameters; "refit": refitted (pooled or per regime); "kept": the refit failed. */
  readonly source: "model" | "refit" | "kept";
  /** Parents (calibration points) and fills the refit used (0 for the stored model). */
  readonly nParents: number;
  readonly nFills: number;
  /** The pooled parameters in use, with standard errors for a refit. */
  readonly params: Readonly<Record<string, number>>;
  readonly standardErrors: Readonly<Record<string, number>>;
  /** Per-regime refit (labels) when the refit kept the stored rule. */
  readonly regimes: readonly string[];
  readonly note: string | null;
  /** Means over the step's completed parents, bps of arrival notional (NaN when none). */
  readonly meanEstimateBps: number;
  readonly meanCostBps: number;
  readonly meanErrorBps: number;
  readonly rmsErrorBps: number;
}

export interface RecalibrationReport {
  readonly model: string;
  readonly kind: string;
  readonly every: number;
  readonly steps: readonly RecalibrationStep[];
}

/** The parents in the order the loop runs them: by start, then id. */
export function timeOrdered(parents: readonly ParentOrder[]): ParentOrder[] {
  return [...parents].sort((a, b) => a.startMs - b.startMs || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/** The markouts of executions that ended by `beforeMs`, read only from bars closed by then (or none). */
export type MarkoutsOf = (usable: readonly ParentExecution[], beforeMs: number) => MarkoutReader | null;

/**
 * The own-impact markouts of a prepared batch's executions (each parent's fills replayed on its venue,
 * points-from-runs.ts), NaN wherever the bar holding the time closes after `beforeMs`: the loop's
 * refit sees no price after its decision time.
 */
export function loopMarkouts(p: PreparedBatch): MarkoutsOf {
  const bar = p.plan.series.intervalMs;
  return (usable, beforeMs) => {
    const parents = new Map(usable.map((e) => [e.parent.id, e.parent]));
    const replayed = usable.map((e) => ({
      parent: e.parent,
      fills: e.fills.map(
        (f) => ({ timeMs: f.timeMs, qtyBase: f.qtyBase, sideSign: f.side === "buy" ? 1 : -1 }) as const,
      ),
    }));
    const read = ownImpactMarkouts(
      p.plan.series,
      p.config.seed,
      (id) => p.createVenue(id === undefined ? undefined : parents.get(id)),
      replayed,
    );
    return (q, times) => {
      const v = read(q, times);
      return times.map((t, i) => (t + bar <= beforeMs ? v[i]! : Number.NaN));
    };
  };
}

/** What the refit gives for a block, or why it kept the previous parameters. */
export interface Refit {
  readonly fit: NewCalibratedModel | null;
  readonly nParents: number;
  readonly nFills: number;
  readonly note: string | null;
}

/**
 * Refit `models`' named model on the executions that ended at or before `beforeMs` (the next parent's
 * start). Pure in its inputs: the executions after `beforeMs` are not read.
 */
export function refitBefore(
  models: ParentModels,
  done: readonly ParentExecution[],
  beforeMs: number,
  markouts?: MarkoutsOf,
): Refit {
  const usable = done.filter((e) => e.parent.endMs <= beforeMs && e.fills.length > 0);
  const nFills = usable.reduce((a, e) => a + e.fills.length, 0);
  const m = models.model;
  const reader = markouts ? markouts(usable, beforeMs) : null;
  const pts = buildCalibrationPoints(models.series, usable.map(executedParent), "own-impact", reader);
  const opts = {
    name: m.name,
    source: `recalibrate:${m.spec}`,
    symbol: m.symbol,
    compareMl: false,
    fittedAt: isoUtc(beforeMs),
  };
  const attempts = m.regimeRule === null ? [null] : [m.regimeRule, null];
  let why = "";
  for (const rule of attempts) {
    try {
      const r = fitCalibratedModel(m.model, pts.points, rule === null ? opts : { ...opts, regimes: rule });
      const bad = [r.model, ...r.model.regimes].map(unusableFit).find((x) => x !== null);
      if (bad) {
        why = `the refit is not usable for planning (${bad})`;
        continue;
      }
      return { fit: r.model, nParents: pts.points.length, nFills, note: null };
    } catch (e) {
      if (!isExecsimError(e)) throw e;
      why = e.message;
    }
  }
  // sqrt: parents of one size barely identify δ; hold it at the stored model's and refit η alone
  const held = m.model === "sqrt" ? etaWithDeltaHeld(pts.points, m.params.delta!) : null;
  if (held !== null)
    return {
      fit: {
        name: m.name,
        model: m.model,
        params: held.params,
        standardErrors: held.standardErrors,
        regimeRule: null,
        regimes: [],
        symbol: m.symbol,
        fromMs: Math.min(...pts.points.map((x) => x.startMs)),
        toMs: Math.max(...pts.points.map((x) => x.endMs)),
        fittedAt: opts.fittedAt,
        source: opts.source,
        stats: { n: held.n },
      },
      nParents: pts.points.length,
      nFills,
      note: `η refitted with δ held at the stored ${m.params.delta} (${why})`,
    };
  return { fit: null, nParents: pts.points.length, nFills, note: `kept the previous parameters: ${why}` };
}

/**
 * The square-root law's η with δ held: the log-linear fit of fit-sqrt.ts with a known slope,
 * ln η̂ = mean(ln(|c|/σ) − δ·ln(|Q|/V)), SE(η̂) = η̂·sd/√n (delta method); null with fewer than 2 usable
 * parents.
 */
export function etaWithDeltaHeld(
  points: readonly CalibrationPoint[],
  delta: number,
): { params: Record<string, number>; standardErrors: Record<string, number>; n: number } | null {
  const r: number[] = [];
  for (const p of points) {
    const q = Math.abs(p.qty);
    if (q > 0 && p.cost !== 0 && p.adv > 0 && p.sigmaDaily > 0 && Number.isFinite(p.cost))
      r.push(Math.log(Math.abs(p.cost) / p.sigmaDaily) - delta * Math.log(q / p.adv));
  }
  const n = r.length;
  if (n < 2) return null;
  const m = r.reduce((a, b) => a + b, 0) / n;
  const sd = Math.sqrt(r.reduce((a, b) => a + (b - m) ** 2, 0) / (n - 1));
  const eta = Math.exp(m);
  return { params: { eta, delta }, standardErrors: { eta: (eta * sd) / Math.sqrt(n), delta: 0 }, n };
}

/**
 * Why fitted parameters cannot plan (the venue's and the pre-trade's ranges: η > 0, 0 < δ ≤ 2, γ ≥ 0),
 * or null. A refit on a few parents of the same size can put δ anywhere: it is then not used.
 */
export function unusable(params: Readonly<Record<string, number>>): string | null {
  const { eta, delta, gamma } = params;
  if (eta !== undefined && !(Number.isFinite(eta) && eta > 0)) return `eta ${eta} is not > 0`;
  if (delta !== undefined && !(Number.isFinite(delta) && delta > 0 && delta <= 2))
    return `delta ${delta} is outside (0, 2]`;
  if (gamma !== undefined && !(Number.isFinite(gamma) && gamma >= 0)) return `gamma ${gamma} is < 0`;
  return null;
}

/**
 * Why a fit cannot plan: unusable() of its parameters, or a parameter whose standard error is not
 * finite or exceeds its value (the parents do not identify it, e.g. every parent has the same size);
 * null when it can.
 */
export function unusableFit(fit: {
  readonly params: Readonly<Record<string, number>>;
  readonly standardErrors: Readonly<Record<string, number>>;
}): string | null {
  const bad = unusable(fit.params);
  if (bad !== null) return bad;
  for (const [k, v] of Object.entries(fit.params)) {
    const se = fit.standardErrors[k];
    if (se !== undefined && !(Number.isFinite(se) && se <= Math.abs(v)))
      return `${k} ${v} has a standard error of ${se}: these parents do not identify it`;
  }
  return null;
}

/** The belief a refit gives one parent (its regime's fit when the refit has the rule's regimes). */
function beliefOf(
  models: ParentModels,
  fit: NewCalibratedModel,
  parentId: string,
  step: number,
): ModelBelief {
  const r = models.regimeByParent.get(parentId) ?? null;
  const regime = r !== null && fit.regimes.length > 0 ? fit.regimes[r] : undefined;
  const label = `${models.model.spec}+refit${step}`;
  return {
    kind: models.model.model,
    params: regime?.params ?? fit.params,
    label: regime ? `${label}/${regime.label}` : label,
  };
}

const mean = (xs: readonly number[]) =>
  xs.length === 0 ? Number.NaN : xs.reduce((a, b) => a + b, 0) / xs.length;

/** The execution cost an impact model predicts: spread + impact + fees (bps of arrival notional). */
function modelledCostBps(t: ParentTca): number {
  return t.spreadBps + t.temporaryImpactBps + t.permanentImpactBps + t.transientImpactBps + t.feesBps;
}

/**
 * Run a prepared batch (with `--impact model:NAME`) as the closed loop, block by block; every
 * execution goes to `onExecution` (which stores it and returns its TCA) in block, strategy, parent order.
 */
export async function runRecalibrationLoop(
  p: PreparedBatch,
  every: number,
  onExecution: (e: ParentExecution) => ParentTca,
): Promise<RecalibrationReport> {
  const models = p.models!;
  const parents = timeOrdered(p.plan.parents);
  const names = p.strategies.map((s) => s.name);
  const done = new Map<string, ParentExecution[]>(names.map((n) => [n, []]));
  const current = new Map<string, { fit: NewCalibratedModel | null; step: number }>(
    names.map((n) => [n, { fit: null, step: 0 }]),
  );
  const steps: RecalibrationStep[] = [];
  const markouts = loopMarkouts(p);
  const trusted = p.strategies.every((s) => s.source.startsWith("builtin:"));
  const sums = new SeriesPrefixSums(p.plan.series);
  for (let k = 0, step = 0; k < parents.length; k += every, step++) {
    const block = parents.slice(k, k + every);
    const startMs = block[0]!.startMs;
    const open = new Map<
      string,
      { meta: Omit<RecalibrationStep, `mean${string}` | "rmsErrorBps">; tca: ParentTca[] }
    >();
    for (const name of names) {
      const cur = current.get(name)!;
      let meta: Omit<RecalibrationStep, `mean${string}` | "rmsErrorBps">;
      const base = { strategy: name, step, fromParent: k, fromMs: startMs, parents: block.length };
      if (step === 0)
        meta = {
          ...base,
          source: "model",
          nParents: 0,
          nFills: 0,
          params: models.model.params,
          standardErrors: models.model.standardErrors,
          regimes: models.model.regimes.map((r) => r.label),
          note: null,
        };
      else {
        const r = refitBefore(models, done.get(name)!, startMs, markouts);
        if (r.fit !== null) current.set(name, { fit: r.fit, step });
        const fit = r.fit ?? cur.fit;
        meta = {
          ...base,
          source: r.fit !== null ? "refit" : "kept",
          nParents: r.nParents,
          nFills: r.nFills,
          params: fit?.params ?? models.model.params,
          standardErrors: fit?.standardErrors ?? models.model.standardErrors,
          regimes: (fit ?? models.model).regimes.map((x) => x.label),
          note: r.note,
        };
      }
      const use = current.get(name)!;
      if (use.fit !== null)
        for (const parent of block)
          models.setBelief(name, parent.id, beliefOf(models, use.fit, parent.id, use.step));
      open.set(name, { meta, tca: [] });
    }
    const consume = (e: ParentExecution) => {
      const tca = onExecution(e);
      done.get(e.strategy)?.push(e);
      if (e.status === "completed") open.get(e.strategy)?.tca.push(tca);
    };
    // built-ins (our code) run in this thread: a block is small and a worker's start would dominate;
    // the same numbers either way (batch-jobs.ts). A user's strategy file stays contained.
    if (trusted) await simulateModelInProcess(p, consume, block, sums);
    else await runStrategyJobs(strategyJobsFor(p, block, consume));
    for (const name of names) {
      const o = open.get(name)!;
      const est = o.tca.map((t) => t.preTradeBps);
      const cost = o.tca.map(modelledCostBps);
      const err = cost.map((c, i) => c - est[i]!);
      steps.push({
        ...o.meta,
        meanEstimateBps: mean(est),
        meanCostBps: mean(cost),
        meanErrorBps: mean(err),
        rmsErrorBps: Math.sqrt(mean(err.map((x) => x * x))),
      });
    }
  }
  return { model: models.model.spec, kind: models.model.model, every, steps };
}
