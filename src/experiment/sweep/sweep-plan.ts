/**
 * Planning a sweep, with every check done before anything is written: the grid (param-grid.ts), one
 * strategy spec per grid point (the base spec's fixed parameters, then the swept ones: `is:lambda=1e-7`,
 * labelled `is(lambda=1e-7)`), each loaded once so an unknown parameter or a bad value fails here
 * (INVALID_CONFIG, exit 2), the run config (the flags of `compare`), and the recommendation rule.
 */
import { ExecsimError } from "../../core/errors.js";
import { buildRunConfig, type RunConfig, type RunConfigInput } from "../../engine/run-config.js";
import { parseStrategySpec } from "../../engine/strategy-loader.js";
import { loadStrategiesContained } from "../executor/contained-load.js";
import { importBudgetMs } from "../executor/worker-pool.js";
import { buildParamGrid, type GridPoint, type GridScale, type ParamGrid } from "./param-grid.js";
import type { RecommendationRule } from "./recommend.js";

/** What a sweep is asked to do (stored with it, so a resume can plan it again). */
export interface SweepInput {
  /** Base strategy spec, e.g. "is" or "is:eta=1e-3" (fixed parameters). */
  readonly strategy: string;
  /** `--param` specs: name=lo:hi:n, name=a,b,c or name=value. */
  readonly params: readonly string[];
  readonly scale?: GridScale;
  /** Recommendation: E + lambdaStar·Var (1/quote), or the cheapest point with sd <= maxSdBps. */
  readonly lambdaStar?: number | null;
  readonly maxSdBps?: number | null;
  /** Data, parent, venue and seed settings as for compare (its strategies are ignored). */
  readonly run?: RunConfigInput;
}

export interface SweepPointSpec {
  readonly index: number;
  readonly params: GridPoint;
  /** Strategy spec run at this point. */
  readonly spec: string;
}

export interface SweepPlan {
  readonly input: SweepInput;
  readonly grid: ParamGrid;
  readonly points: readonly SweepPointSpec[];
  /** The run config whose strategies are the points' specs, in grid order. */
  readonly config: RunConfig;
  readonly rule: RecommendationRule;
  /** True for the built-in IS / Almgren-Chriss strategy (the theoretical frontier applies). */
  readonly almgrenChriss: boolean;
}

function optionalNumber(x: number | null | undefined, flag: string, min: number): number | null {
  if (x === undefined || x === null) return null;
  if (!(Number.isFinite(x) && x >= min))
    throw new ExecsimError("INVALID_ARGUMENT", `${flag} must be a number >= ${min}, got ${x}`);
  return x;
}

export async function planSweep(input: SweepInput): Promise<SweepPlan> {
  const base = parseStrategySpec(input.strategy);
  if (base.name === "")
    throw new ExecsimError("INVALID_ARGUMENT", "--strategy: name the strategy to sweep, e.g. --strategy is");
  // the base strategy first: it must exist, and it says which parameters take whole values (a user's
  // file is imported only in a contained worker, within the load budget of the run's time budget)
  const loadMs = importBudgetMs(
    buildRunConfig({ ...(input.run ?? {}), strategies: [input.strategy] }).strategyTimeoutMs,
  );
  const baseDir = process.cwd();
  const [baseStrategy] = await loadStrategiesContained([{ spec: input.strategy, baseDir }], loadMs);
  const grid = buildParamGrid(input.params, {
    scale: input.scale ?? "auto",
    integerParams: baseStrategy!.integerParams,
  });
  for (const a of grid.axes) {
    if (a.name in base.params)
      throw new ExecsimError(
        "INVALID_ARGUMENT",
        `--param ${a.name} is also fixed in --strategy ${input.strategy}; sweep it or fix it, not both`,
      );
  }
  const fixed = Object.entries(base.params).map(([k, v]) => `${k}=${v}`);
  const points = grid.points.map((params, index) => ({
    index,
    params,
    spec: `${base.name}:${[...fixed, ...Object.entries(params).map(([k, v]) => `${k}=${v}`)].join(":")}`,
  }));
  // load every point once: an unknown parameter or a value the strategy refuses fails here
  const loaded = await loadStrategiesContained(
    points.map((p) => ({ spec: p.spec, baseDir })),
    loadMs,
  );
  const config = buildRunConfig({ ...(input.run ?? {}), strategies: points.map((p) => p.spec) });
  return {
    input,
    grid,
    points,
    config,
    rule: {
      lambdaStar: optionalNumber(input.lambdaStar, "--lambda-star", 0),
      maxSdBps: optionalNumber(input.maxSdBps, "--max-sd", 0),
    },
    almgrenChriss: loaded[0]?.source === "builtin:almgren-chriss",
  };
}
