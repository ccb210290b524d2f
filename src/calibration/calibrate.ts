/**
 * `execsim calibrate` as a library call: points from a fills file or stored runs, the fit
 * (fit-calibrated-model.ts), and the record saved as the next version of its name
 * (store/model-store.ts). Everything that can fail on the input (the model kind, the name, the regime
 * count, the file's rows, the runs, too few parents, an empty regime) fails before the record is
 * written; the save is the only write. `calibrationJson` is the `--json` shape: the record's
 * parameters flattened under the library's names with an `SE` suffix for each standard error (sqrt:
 * eta, etaSE, delta, deltaSE; ac: eta, etaSE, gamma, gammaSE; propagator: halfLifeMs or beta, with
 * lambda), plus r2, n, oosRmse, the regimes, the regime test, the ML comparison and the venue
 * parameters.
 */
import { ExecsimError } from "../core/errors.js";
import type { Interval } from "../core/interval.js";
import type { Category } from "../core/market-types.js";
import type { ExecsimDatabase } from "../store/database.js";
import { saveCalibratedModel, validateModelName } from "../store/model-store.js";
import {
  CALIBRATED_MODEL_KINDS,
  type CalibratedModel,
  type CalibratedModelKind,
} from "./calibrated-model.js";
import type { CalibrationPoints } from "./calibration-points.js";
import { type CalibrationReport, fitCalibratedModel, fitterOf } from "./fit-calibrated-model.js";
import type { PropagatorFitOptions } from "./fit-propagator.js";
import { calibrationPointsFromFillsFile, fillsFileSource } from "./points-from-fills.js";
import { calibrationPointsFromRuns } from "./points-from-runs.js";
import { type VenueParams, venueParamsFor } from "./venue-params.js";

export interface CalibrateInput {
  /** A fills file (combined or fills-only), or ... */
  fills?: string;
  /** A separate parents file for `fills`. */
  parents?: string;
  /** ... stored run ids. Exactly one of the two. */
  runs?: readonly number[];
  model: string;
  name: string;
  /** Market of fills that carry no symbol. */
  symbol?: string;
  category?: Category;
  interval?: Interval;
  /** Volatility regimes (>= 2; 3 = calm / normal / stressed). */
  regimes?: number;
  propagator?: Partial<PropagatorFitOptions>;
  folds?: number;
  /** Skip the ML comparison (faster). */
  noMl?: boolean;
}

export interface CalibrateResult {
  readonly model: CalibratedModel;
  readonly report: CalibrationReport;
  readonly data: Pick<CalibrationPoints, "dropped" | "notes">;
  /** The venue and parameters the pooled fit plugs into (null when a coefficient is unusable). */
  readonly venue: VenueParams | null;
}

/** Input checks that need no data (run before any file or store is read). */
export function validateCalibrateInput(input: CalibrateInput): void {
  if ((input.fills === undefined) === (input.runs === undefined || input.runs.length === 0))
    throw new ExecsimError(
      "INVALID_ARGUMENT",
      "name the executions to calibrate on: either --fills FILE or --run ID [ID ...], not both",
    );
  if (!(CALIBRATED_MODEL_KINDS as readonly string[]).includes(input.model))
    throw new ExecsimError(
      "INVALID_ARGUMENT",
      `unknown model kind "${input.model}": use one of ${CALIBRATED_MODEL_KINDS.join(", ")}`,
    );
  validateModelName(input.name);
  fitterOf(input.model, input.propagator);
  if (input.regimes !== undefined && !(Number.isInteger(input.regimes) && input.regimes >= 2))
    throw new ExecsimError(
      "INVALID_ARGUMENT",
      `--regimes must be an integer >= 2 (3 = calm / normal / stressed terciles), got ${input.regimes}`,
    );
  if (input.folds !== undefined && !(Number.isInteger(input.folds) && input.folds >= 1))
    throw new ExecsimError("INVALID_ARGUMENT", `--folds must be an integer >= 1, got ${input.folds}`);
  if (input.parents !== undefined && input.fills === undefined)
    throw new ExecsimError("INVALID_ARGUMENT", "--parents goes with --fills (the fills of those parents)");
  for (const id of input.runs ?? [])
    if (!(Number.isInteger(id) && id >= 1))
      throw new ExecsimError("INVALID_ARGUMENT", `--run takes run ids (integers >= 1), got ${id}`);
}

/** Fit and store a calibrated model (the next version of `input.name`). */
export function calibrate(db: ExecsimDatabase, input: CalibrateInput): CalibrateResult {
  validateCalibrateInput(input);
  const data =
    input.fills !== undefined
      ? calibrationPointsFromFillsFile(input.fills, {
          db,
          ...(input.parents !== undefined ? { parents: input.parents } : {}),
          ...(input.symbol !== undefined ? { symbol: input.symbol } : {}),
          ...(input.category !== undefined ? { category: input.category } : {}),
          ...(input.interval !== undefined ? { interval: input.interval } : {}),
        })
      : calibrationPointsFromRuns(db, input.runs!);
  const source =
    input.fills === undefined
      ? `runs:${input.runs!.join(",")}`
      : input.parents === undefined
        ? fillsFileSource(input.fills)
        : `${fillsFileSource(input.fills)} ${fillsFileSource(input.parents).replace(/^fills:/, "parents:")}`;
  let fitted: ReturnType<typeof fitCalibratedModel>;
  try {
    fitted = fitCalibratedModel(input.model as CalibratedModelKind, data.points, {
      name: input.name,
      source,
      symbol: input.symbol ?? null,
      ...(input.regimes !== undefined ? { regimes: input.regimes } : {}),
      ...(input.propagator ? { propagator: input.propagator } : {}),
      ...(input.folds !== undefined ? { folds: input.folds } : {}),
      compareMl: !input.noMl,
    });
  } catch (e) {
    // say why parents were left out (e.g. no day of candles before them) next to "too few parents"
    if (e instanceof ExecsimError && e.code === "INSUFFICIENT_DATA" && data.notes.length > 0)
      throw new ExecsimError(e.code, `${e.message} (${data.notes.join("; ")})`, undefined, { cause: e });
    throw e;
  }
  const { model, report } = fitted;
  const stored = saveCalibratedModel(db, model);
  let venue: VenueParams | null = null;
  try {
    venue = venueParamsFor(stored, null);
  } catch (e) {
    if (!(e instanceof ExecsimError)) throw e;
    report.notes.push(e.message);
  }
  return { model: stored, report, data: { dropped: data.dropped, notes: data.notes }, venue };
}

/** Parameters and their SEs flattened: { eta, etaSE, delta, deltaSE, ... }. */
function flatParams(p: Readonly<Record<string, number>>, se: Readonly<Record<string, number>>) {
  const out: Record<string, number | null> = {};
  for (const [k, v] of Object.entries(p)) {
    out[k] = fin(v);
    if (se[k] !== undefined) out[`${k}SE`] = fin(se[k]);
  }
  return out;
}

const fin = (x: number | undefined): number | null => (x !== undefined && Number.isFinite(x) ? x : null);

/** The `execsim calibrate --json` object. */
export function calibrationJson(r: CalibrateResult): Record<string, unknown> {
  const m = r.model;
  const s = m.stats;
  const robust =
    m.model === "sqrt"
      ? {
          method: "huber-irls",
          eta: fin(s.etaRobust),
          etaSE: fin(s.etaRobustSE),
          delta: fin(s.deltaRobust),
          deltaSE: fin(s.deltaRobustSE),
        }
      : undefined;
  return {
    model: m.model,
    name: m.name,
    version: m.version,
    ...flatParams(m.params, m.standardErrors),
    ...(m.model === "ac" ? { epsilon: fin(s.epsilon), epsilonSE: fin(s.epsilonSE) } : {}),
    r2: fin(s.r2),
    n: r.report.n,
    oosRmse: fin(r.report.oosRmse),
    inSampleRmse: fin(r.report.inSampleRmse),
    errorUnit: r.report.errorUnit,
    oosBlocks: r.report.oosBlocks,
    ...(robust ? { robust } : {}),
    regimes: m.regimes.map((g, i) => ({
      label: g.label,
      n: g.n,
      volLow: fin(r.report.regimes[i]?.volLow),
      volHigh: fin(r.report.regimes[i]?.volHigh),
      ...flatParams(g.params, g.standardErrors),
      r2: fin(g.stats.r2),
      oosRmse: fin(g.stats.oosRmse),
    })),
    regimeRule: m.regimeRule,
    regimeTest: r.report.regimeTest
      ? {
          ...r.report.regimeTest,
          statistic: fin(r.report.regimeTest.statistic),
          pValue: fin(r.report.regimeTest.pValue),
        }
      : null,
    ml: (r.report.ml?.rows ?? []).map((row) => ({
      model: row.model,
      oosRmse: fin(row.oosRmse),
      relativeMse: fin(row.relativeMse),
      n: row.n,
    })),
    venue: r.venue,
    symbol: m.symbol,
    fromMs: m.fromMs,
    toMs: m.toMs,
    source: m.source,
    fittedAt: m.fittedAt,
    dropped: r.data.dropped,
    notes: [...r.data.notes, ...r.report.notes],
  };
}
