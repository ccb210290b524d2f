/**
 * Using a stored calibrated model by name (issue 18): `--impact model:NAME[@V]` in compare, run and
 * sweep. The model is resolved ONCE, when the flags become a RunConfig (run-flags.ts), and recorded in
 * full (name, version, parameters, regimes) in the config, so a run is reproducible without the store
 * and `runs show` says which model it used.
 *
 * What the model drives, per parent order:
 *  - the simulated market: the venue of the model's kind with the fitted parameters
 *    (calibration/venue-params.ts `venueParamsFor`), the parent's regime's when the model has a regime
 *    rule, with any --impact-param given beside the model on top (they change the market, not the
 *    plans: e.g. "what if η is really 0.8");
 *  - the pre-trade estimate stored with each parent (pre_trade_model `model:NAME@V`): sqrt → the
 *    square-root law with the fitted η, δ (tca/pre-trade.ts); ac → spread + fees + the Almgren-Chriss
 *    cost of trading Q evenly over the horizon T (days), (η·Q/T + γ·Q/2)/mid (linear-impact.ts);
 *    propagator → spread + fees + the propagator cost of an even schedule, one child per bar, with the
 *    fitted λ and decay (propagatorCostPerUnit; the default square-root reference without λ);
 *  - the IS and adaptive strategies' η and γ (unless their spec sets them): ac → the fitted η, γ;
 *    sqrt → the linear η with the same cost for this parent traded evenly over its horizon,
 *    η_lin = mid·η·σ·(Q/ADV)^δ·T/Q (γ is left to the strategy's estimate); propagator → unchanged.
 * The regime of a parent is that of the realized volatility over the rule's lookback before its start
 * (calibration/regimes.ts `realizedVolBefore`, closed bars only, `regimeOf`); a parent whose volatility
 * is unknown (too few bars) uses the pooled fit.
 *
 * Plain data only: the per-parent parameters travel to the worker threads in the job (VenueSource /
 * StrategyJobSource paramsByParent), never as closures. Limitations: σ, ADV and the mid behind the
 * linear η are the ones the pre-trade estimate uses (the trailing window before the start, the last
 * close); one set of parameters per parent for its whole horizon.
 */
import type { CalibratedModel, CalibratedModelKind } from "../calibration/calibrated-model.js";
import { realizedVolBefore, regimeOf } from "../calibration/regimes.js";
import { venueParamsFor } from "../calibration/venue-params.js";
import { ExecsimError } from "../core/errors.js";
import type { ParentOrder } from "../core/execution-types.js";
import { DAY_MS } from "../core/interval.js";
import type { CandleSeries } from "../core/market-types.js";
import type { ImpactModelConfig, RunConfig, RunConfigInput } from "../engine/run-config.js";
import { parseStrategySpec } from "../engine/strategy-loader.js";
import { type DecayKernel, exponentialKernelFromHalfLife, powerLawKernel } from "../impact/decay-kernels.js";
import type { ExecsimDatabase } from "../store/database.js";
import { getCalibratedModel } from "../store/model-store.js";
import { type PreTradeEstimate, type PreTradeOptions, squareRootPreTrade } from "../tca/pre-trade.js";
import { formatModelSpec, type ModelRef, parseModelSpec } from "./model-spec.js";

/** Finds a stored model (latest version without one); throws NOT_FOUND for an unknown name / version. */
export type ModelLookup = (ref: ModelRef) => CalibratedModel;

/** The lookup of a store. */
export function storeModelLookup(store: ExecsimDatabase): ModelLookup {
  return (ref) => getCalibratedModel(store, ref.name, ref.version);
}

/**
 * `--impact model:NAME[@V]` with its `--impact-param` values → the impact, impactParams and
 * impactModel fields of a RunConfigInput (the pooled fit's venue; per-parent regimes come later).
 */
export function impactFromModel(
  spec: string,
  overrides: Readonly<Record<string, unknown>>,
  lookup: ModelLookup,
  barMs: number,
): Pick<RunConfigInput, "impact" | "impactParams" | "impactModel"> {
  const model = lookup(parseModelSpec(spec));
  const venue = venueParamsFor(model, null, barMs);
  const impactModel: ImpactModelConfig = {
    ...model,
    spec: formatModelSpec(model.name, model.version),
    overrides: { ...overrides },
  };
  return { impact: venue.impact, impactParams: { ...venue.impactParams, ...overrides }, impactModel };
}

/** The parameters the plans use for one parent: the model's kind and its (regime's) fitted values. */
export interface ModelBelief {
  readonly kind: CalibratedModelKind;
  readonly params: Readonly<Record<string, number>>;
  /** What the pre-trade estimate is labelled with, e.g. model:btc@2 or model:btc@2/stressed. */
  readonly label: string;
}

/** Per-parent use of a run's calibrated model: regimes, venue parameters, plans. */
export class ParentModels {
  readonly model: ImpactModelConfig;
  /** Regime index of each parent id (null: no rule, or the volatility before its start is unknown). */
  readonly regimeByParent: ReadonlyMap<string, number | null>;
  private readonly beliefs = new Map<string, ModelBelief>();

  /**
   * `complete` fills in what the venue's parameters leave to defaults that depend on the market (the
   * instrument's spread defaults, batch.ts); identity by default.
   */
  constructor(
    readonly config: RunConfig,
    readonly series: CandleSeries,
    readonly parents: readonly ParentOrder[],
    private readonly complete: (params: Record<string, unknown>) => Record<string, unknown> = (x) => x,
  ) {
    if (!config.impactModel)
      throw new ExecsimError("INVALID_CONFIG", "ParentModels needs a config with --impact model:NAME");
    this.model = config.impactModel;
    const rule = this.model.regimeRule;
    this.regimeByParent = new Map(
      parents.map((p) => [
        p.id,
        rule === null ? null : regimeOf(rule, realizedVolBefore(series, p.startMs, rule.lookbackMs)),
      ]),
    );
  }

  /** Label of a parent's regime ("pooled" without one). */
  regimeLabel(parentId: string): string {
    const r = this.regimeByParent.get(parentId) ?? null;
    return r === null ? "pooled" : (this.model.regimes[r]?.label ?? "pooled");
  }

  /** The venue's parameters for each parent, when the model has regimes (else the config's apply to all). */
  venueParamsByParent(): Record<string, Record<string, unknown>> | undefined {
    if (this.model.regimeRule === null) return undefined;
    const out: Record<string, Record<string, unknown>> = {};
    for (const p of this.parents) out[p.id] = this.venueParams(p.id);
    return out;
  }

  /**
   * What a run config records per parent when the model has regimes: `regimeByParent` (labels) and
   * `impactParamsByParent` (the venue's parameters; markout-replay.ts rebuilds each parent's venue
   * from them). Nothing without a regime rule (`impactParams` then holds for every parent).
   */
  storedParents():
    | {
        regimeByParent: Record<string, string>;
        impactParamsByParent: Record<string, Record<string, unknown>>;
      }
    | undefined {
    const impactParamsByParent = this.venueParamsByParent();
    if (impactParamsByParent === undefined) return undefined;
    return {
      regimeByParent: Object.fromEntries(this.parents.map((p) => [p.id, this.regimeLabel(p.id)])),
      impactParamsByParent,
    };
  }

  /** The venue's parameters for one parent (its regime's fit, the overrides on top). */
  venueParams(parentId: string): Record<string, unknown> {
    const r = this.regimeByParent.get(parentId) ?? null;
    if (r === null) return this.complete({ ...this.config.impactParams });
    const v = venueParamsFor(this.model, r, this.series.intervalMs);
    return this.complete({ ...v.impactParams, ...this.model.overrides });
  }

  /** The model's own belief for a parent: its regime's fit, or the pooled one. */
  modelBelief(parentId: string): ModelBelief {
    const r = this.regimeByParent.get(parentId) ?? null;
    const fit = r === null ? undefined : this.model.regimes[r];
    return {
      kind: this.model.model,
      params: fit?.params ?? this.model.params,
      label: fit ? `${this.model.spec}/${fit.label}` : this.model.spec,
    };
  }

  /** Set what `strategy` plans parent `parentId` with (the closed loop's refitted parameters). */
  setBelief(strategy: string, parentId: string, belief: ModelBelief): void {
    this.beliefs.set(`${strategy}\u0000${parentId}`, belief);
  }

  /** What `strategy` plans parent `parentId` with: a refit when set, else the model's. */
  belief(strategy: string, parentId: string): ModelBelief {
    return this.beliefs.get(`${strategy}\u0000${parentId}`) ?? this.modelBelief(parentId);
  }

  /** The pre-trade estimate of a parent under `belief` (see the doc block). */
  preTrade(
    parent: ParentOrder,
    arrivalMid: number,
    belief: ModelBelief,
    opts: Pick<PreTradeOptions, "halfSpread" | "feeRate">,
  ): PreTradeEstimate {
    return modelPreTrade(this.series, parent, arrivalMid, belief, opts);
  }

  /**
   * IS / adaptive parameters per parent id for the strategy `spec` (loaded from `source`), or
   * undefined when the strategy takes none from the model (another strategy, or its spec sets both).
   */
  strategyParams(
    strategy: string,
    spec: string,
    source: string,
    parents: readonly ParentOrder[] = this.parents,
  ): Record<string, Record<string, number>> | undefined {
    if (source !== "builtin:almgren-chriss" && source !== "builtin:adaptive") return undefined;
    const given = parseStrategySpec(spec).params;
    const out: Record<string, Record<string, number>> = {};
    let any = false;
    for (const p of parents) {
      const lin = linearParams(this.series, p, this.belief(strategy, p.id));
      const keep = Object.fromEntries(Object.entries(lin).filter(([k]) => !(k in given)));
      if (Object.keys(keep).length > 0) {
        out[p.id] = keep;
        any = true;
      }
    }
    return any ? out : undefined;
  }
}

/** Last close strictly before `t` (the mid a plan made at `t` knows), NaN when none. */
function lastCloseBefore(series: CandleSeries, t: number): number {
  let lo = 0;
  let hi = series.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (series.openTimeMs[mid]! + series.intervalMs <= t) lo = mid + 1;
    else hi = mid;
  }
  return lo > 0 ? series.close[lo - 1]! : Number.NaN;
}

/** Almgren-Chriss η (and γ) for IS / adaptive from a belief (see the doc block); {} when none applies. */
export function linearParams(
  series: CandleSeries,
  parent: ParentOrder,
  belief: ModelBelief,
): Record<string, number> {
  let market = { mid: Number.NaN, sigmaDaily: Number.NaN, adv: Number.NaN };
  if (belief.kind === "sqrt") {
    const mid = lastCloseBefore(series, parent.startMs);
    try {
      const pre = squareRootPreTrade(series, parent, mid);
      market = { mid, sigmaDaily: pre.sigmaDaily, adv: pre.advBase };
    } catch {
      return {}; // too little history for σ / ADV: the strategy estimates its own
    }
  }
  const ac = acEtaOf(belief, market, parent.qtyBase, (parent.endMs - parent.startMs) / DAY_MS);
  const out: Record<string, number> = {};
  if (ac && Number.isFinite(ac.eta) && ac.eta > 0) out.eta = ac.eta;
  if (ac && ac.gamma !== null && Number.isFinite(ac.gamma) && ac.gamma >= 0) out.gamma = ac.gamma;
  return out;
}

/**
 * Mean impact cost per unit (price units) of trading `q` evenly over `tMs`, one child per bar of `barMs`,
 * under the linear propagator with the fitted λ and kernel G (exponential halfLifeMs, or power-law β,
 * l0Ms): child k pays the decayed impact of the children before it plus half its own,
 *   λ·(q/N)·( (1/N)·Σ_{m=1}^{N−1} (N − m)·G(m·Δ) + 1/2 ),   N = max(1, round(T/Δ)).
 * NaN without λ or a kernel.
 */
export function propagatorCostPerUnit(
  b: Readonly<Record<string, number>>,
  q: number,
  tMs: number,
  barMs: number,
): number {
  const lambda = b.lambda;
  if (!(lambda !== undefined && Number.isFinite(lambda))) return Number.NaN;
  let kernel: DecayKernel;
  try {
    kernel =
      b.beta !== undefined
        ? powerLawKernel(b.l0Ms ?? Number.NaN, b.beta)
        : exponentialKernelFromHalfLife(b.halfLifeMs ?? Number.NaN);
  } catch {
    return Number.NaN;
  }
  const n = Math.max(1, Math.round(tMs / barMs));
  let decayed = 0;
  for (let m = 1; m < n; m++) decayed += (n - m) * kernel.value(m * barMs);
  return lambda * (q / n) * (decayed / n + 0.5);
}

/** The pre-trade estimate of `order` under `belief` (see the doc block). */
export function modelPreTrade(
  series: CandleSeries,
  order: ParentOrder,
  arrivalMid: number,
  belief: ModelBelief,
  opts: Pick<PreTradeOptions, "halfSpread" | "feeRate">,
): PreTradeEstimate {
  const b = belief.params;
  if (belief.kind === "sqrt")
    return {
      ...squareRootPreTrade(series, order, arrivalMid, { ...opts, eta: b.eta, delta: b.delta }),
      model: belief.label,
    };
  const q = order.qtyBase;
  const tMs = order.endMs - order.startMs;
  const perUnit =
    belief.kind === "ac"
      ? (b.eta ?? 0) * (q / (tMs / DAY_MS)) + ((b.gamma ?? 0) * q) / 2
      : propagatorCostPerUnit(b, q, tMs, series.intervalMs);
  if (!Number.isFinite(perUnit)) return squareRootPreTrade(series, order, arrivalMid, opts);
  const noImpact = squareRootPreTrade(series, order, arrivalMid, { ...opts, withoutImpact: true });
  const costBps = noImpact.costBps + (perUnit / arrivalMid) * 1e4;
  return {
    ...noImpact,
    model: belief.label,
    costBps,
    costQuote: (costBps / 1e4) * q * arrivalMid,
  };
}

/** A stored model as the pre-trade tools (`estimate`, `schedule --model model:NAME`) use it. */
export interface ModelAtTime {
  readonly model: CalibratedModel;
  /** `model:NAME@V`. */
  readonly spec: string;
  /** The regime of the volatility before `atMs` (null without a rule or when it is unknown). */
  readonly regime: string | null;
  readonly regimeVol: number | null;
  readonly belief: ModelBelief;
}

/** The stored model `model:NAME[@V]` names; INVALID_ARGUMENT / NOT_FOUND (exit 2) when it names none. */
export function resolveModelSpec(store: ExecsimDatabase, spec: string, what: string): CalibratedModel {
  return getCalibratedModel(store, ...refArgs(parseModelSpec(spec, what)));
}

/**
 * A stored model for a decision at `atMs` on the candles `series` (the bars before it): the
 * parameters of the regime of the realized volatility before `atMs`.
 */
export function modelAt(model: CalibratedModel, series: CandleSeries, atMs: number): ModelAtTime {
  const full = formatModelSpec(model.name, model.version);
  const rule = model.regimeRule;
  const vol = rule === null ? null : realizedVolBefore(series, atMs, rule.lookbackMs);
  const r = rule === null || vol === null ? null : regimeOf(rule, vol);
  const fit = r === null ? undefined : model.regimes[r];
  return {
    model,
    spec: full,
    regime: fit?.label ?? null,
    regimeVol: vol !== null && Number.isFinite(vol) ? vol : null,
    belief: {
      kind: model.model,
      params: fit?.params ?? model.params,
      label: fit ? `${full}/${fit.label}` : full,
    },
  };
}

function refArgs(ref: ModelRef): [string, number | undefined] {
  return [ref.name, ref.version];
}

/**
 * The Almgren-Chriss η (per day) of a belief for trading `qty` over `horizonDays` at `mid` with daily
 * volatility σ and ADV (sqrt: the linear η with the same cost, see the doc block); null for a
 * propagator model (its fit has no cost level in those units).
 */
export function acEtaOf(
  belief: ModelBelief,
  m: { mid: number; sigmaDaily: number; adv: number },
  qty: number,
  horizonDays: number,
): { eta: number; gamma: number | null } | null {
  const b = belief.params;
  if (belief.kind === "ac") return { eta: b.eta!, gamma: b.gamma ?? null };
  if (belief.kind !== "sqrt") return null;
  const q = Math.abs(qty);
  return { eta: m.mid * b.eta! * m.sigmaDaily * (q / m.adv) ** b.delta! * (horizonDays / q), gamma: null };
}
