/**
 * `execsim schedule`: the optimal Almgren-Chriss liquidation schedule (src/optimize/almgren-chriss.ts):
 * holdings trajectory, trade list, expected cost E, its standard deviation √V, utility E + λV and the
 * half-life 1/κ. With a λ grid (`--lambda 1e-7,1e-6,1e-5` or `--lambda 1e-8:1e-5:7` for 7 log-spaced
 * values) it prints the efficient frontier instead.
 *
 * Time unit: σ, η, γ are per `--time-unit` (default 1d, the paper's convention): σ in price per
 * √(time unit), η in price per (unit per time unit); the horizon (a duration such as 5d or 90m) is
 * converted to that unit, τ = T/N.
 * Without explicit --sigma, --eta, --gamma, --epsilon the missing ones are derived from stored candles
 * (--symbol, default: the built-in dataset) in day units by AC's rules of thumb (cost-curve.ts):
 * σ = daily vol × mid, ε = half spread, η = spread/(1 % ADV), γ = spread/(10 % ADV), then converted to
 * the time unit u (in days): σ_u = σ·√u, η_u = η/u (γ and ε have no time dimension).
 * Read-only (the default dataset is written on first use).
 */
import type { Argv, CommandModule } from "yargs";
import { ExecsimError, isExecsimError } from "../core/errors.js";
import { DAY_MS, isoUtc, parseDurationMs } from "../core/interval.js";
import { acEtaOf, resolveModelSpec } from "../experiment/model-by-name.js";
import { isModelSpec, parseModelSpec } from "../experiment/model-spec.js";
import { type AlmgrenChrissSchedule, almgrenChrissSchedule } from "../optimize/almgren-chriss.js";
import { acParamsFromMarket } from "../optimize/cost-curve.js";
import { almgrenChrissFrontier, type FrontierPoint, lambdaGrid } from "../optimize/efficient-frontier.js";
import { formatNumber, formatTable } from "../report/format-table.js";
import type { ExecsimDatabase } from "../store/database.js";
import { printJson, withStore } from "./cli-helpers.js";
import {
  addMarketOptions,
  calibratedModelJson,
  loadMarketInputs,
  type MarketArgs,
  type MarketInputs,
  type StoredModelUse,
  storedModelAt,
} from "./estimate-command.js";
import { seriesKeyArg, timeRangeArg } from "./series-args.js";
import { requireStoredModelDb, requireStoreFor } from "./store-guard.js";

export interface ScheduleArgs extends MarketArgs {
  model: string;
  qty: number;
  horizon: string;
  steps: number;
  sigma?: number;
  eta?: number;
  gamma?: number;
  epsilon?: number;
  lambda: string;
  "time-unit": string;
}

/** Caps that keep memory and output bounded: schedule steps and λ points. */
export const MAX_SCHEDULE_STEPS = 1_000_000;
export const MAX_LAMBDAS = 10_000;

/** "1e-6" -> [1e-6]; "1e-7,1e-6" -> list; "1e-8:1e-5:7" -> 7 log-spaced values. */
export function parseLambdas(text: string): number[] {
  const t = String(text).trim();
  const bad = () =>
    new ExecsimError(
      "INVALID_ARGUMENT",
      `--lambda "${text}": give a number >= 0 (1e-6), a list (1e-7,1e-6,1e-5) or a log grid from:to:count (1e-8:1e-5:7)`,
    );
  if (t.includes(":")) {
    const parts = t.split(":").map(Number);
    if (parts.length !== 3 || parts.some((x) => !Number.isFinite(x))) throw bad();
    requireLambdaCount(parts[2]!);
    return lambdaGrid(parts[0]!, parts[1]!, parts[2]!);
  }
  const xs = t.split(",").map((s) => Number(s.trim()));
  if (xs.length === 0 || xs.some((x) => !(Number.isFinite(x) && x >= 0)) || t === "") throw bad();
  requireLambdaCount(xs.length);
  return xs;
}

function requireLambdaCount(n: number): void {
  if (n > MAX_LAMBDAS) {
    throw new ExecsimError(
      "INVALID_ARGUMENT",
      `--lambda: ${n} points is more than ${MAX_LAMBDAS}; a frontier needs a few dozen (e.g. 1e-8:1e-4:25)`,
    );
  }
}

export interface ScheduleParams {
  sigma: number;
  eta: number;
  gamma: number;
  epsilon: number;
  source: Record<"sigma" | "eta" | "gamma" | "epsilon", string>;
}

export interface ScheduleResult {
  qty: number;
  horizon: number;
  horizonLabel: string;
  timeUnit: string;
  steps: number;
  params: ScheduleParams;
  market: MarketInputs | null;
  lambdas: number[];
  schedule: AlmgrenChrissSchedule | null;
  lambda: number | null;
  frontier: FrontierPoint[] | null;
  /** `--model model:NAME[@V]`: the stored model and its regime at the window's end. */
  calibrated?: StoredModelUse;
}

/** Whether the schedule reads the store: a stored model, or a parameter to derive from candles. */
function needsMarket(argv: ScheduleArgs): boolean {
  return (
    isModelSpec(argv.model) || [argv.sigma, argv.eta, argv.gamma, argv.epsilon].some((x) => x === undefined)
  );
}

/** Check every flag that needs no data, so that bad input fails before the store is opened. */
export function validateScheduleArgs(argv: ScheduleArgs): {
  unitMs: number;
  horizonMs: number;
  lambdas: number[];
} {
  if (isModelSpec(argv.model)) {
    parseModelSpec(argv.model, "--model");
    if (argv.eta !== undefined || argv.gamma !== undefined)
      throw new ExecsimError(
        "INVALID_ARGUMENT",
        `--eta / --gamma: --model ${argv.model} takes them from the stored model; drop them or use --model ac`,
      );
  } else if (String(argv.model).toLowerCase() !== "ac") {
    throw new ExecsimError(
      "INVALID_ARGUMENT",
      `--model "${argv.model}": only ac (Almgren-Chriss) schedules are available, from its own parameters or a stored calibrated model model:NAME[@VERSION]`,
    );
  }
  if (!(Number.isFinite(argv.qty) && argv.qty !== 0)) {
    throw new ExecsimError(
      "INVALID_ARGUMENT",
      `--qty must be a non-zero number of units (negative = buy programme), got ${argv.qty}`,
    );
  }
  if (!(Number.isInteger(argv.steps) && argv.steps >= 1 && argv.steps <= MAX_SCHEDULE_STEPS)) {
    throw new ExecsimError(
      "INVALID_ARGUMENT",
      `--steps must be a whole number in [1, ${MAX_SCHEDULE_STEPS}] (each step is a row of output), got ${argv.steps}`,
    );
  }
  const unitMs = parseDurationMs(argv["time-unit"]);
  if (!(unitMs > 0))
    throw new ExecsimError("INVALID_ARGUMENT", `--time-unit must be a duration > 0, e.g. 1d or 1h`);
  const horizonMs = parseDurationMs(argv.horizon);
  if (!(horizonMs > 0))
    throw new ExecsimError("INVALID_ARGUMENT", `--horizon must be a duration > 0, e.g. 5d or 90m`);
  for (const name of ["sigma", "eta", "gamma", "epsilon"] as const) {
    const v = argv[name];
    if (v !== undefined && !(Number.isFinite(v) && v >= 0)) {
      throw new ExecsimError("INVALID_ARGUMENT", `--${name} must be a number >= 0, got ${v}`);
    }
  }
  seriesKeyArg(argv); // --symbol, --category, --interval, --from, --to
  timeRangeArg(argv);
  return { unitMs, horizonMs, lambdas: parseLambdas(argv.lambda) };
}

export function runSchedule(store: ExecsimDatabase | null, argv: ScheduleArgs): ScheduleResult {
  const { unitMs, horizonMs, lambdas } = validateScheduleArgs(argv);
  const unitDays = unitMs / DAY_MS;
  const needMarket = needsMarket(argv);
  let market: MarketInputs | null = null;
  let derived: ReturnType<typeof acParamsFromMarket> | null = null;
  let fitted: { eta: number; gamma: number | null } | null = null;
  let calibrated: StoredModelUse | undefined;
  if (needMarket) {
    if (!store)
      throw new ExecsimError(
        "INVALID_ARGUMENT",
        "give --sigma, --eta, --gamma and --epsilon, or a store to derive them from",
      );
    // the stored model first: an unknown name writes nothing (not even the built-in dataset)
    const model = isModelSpec(argv.model) ? resolveModelSpec(store, argv.model, "--model") : undefined;
    market = loadMarketInputs(store, argv);
    if (model) {
      calibrated = storedModelAt(store, model, market);
      fitted = acEtaOf(calibrated.use.belief, market, argv.qty, horizonMs / DAY_MS);
      if (fitted === null)
        throw new ExecsimError(
          "INVALID_ARGUMENT",
          `--model ${argv.model}: a propagator model fits the decay of impact, not the AC coefficients; use a sqrt or ac model`,
        );
    }
    derived = acParamsFromMarket({
      mid: market.mid,
      sigmaDaily: market.sigmaDaily,
      adv: market.adv,
      spread: market.spread,
    });
  }
  const pick = (given: number | undefined, fromDays: () => number): [number, string] =>
    given !== undefined ? [given, "given"] : [fromDays(), "candles (AC rule of thumb)"];
  const [sigma, sSigma] = pick(argv.sigma, () => derived!.sigma * Math.sqrt(unitDays));
  const fromModel = calibrated ? `${calibrated.use.belief.label}` : "";
  const [eta, sEta] =
    fitted !== null ? [fitted.eta / unitDays, fromModel] : pick(argv.eta, () => derived!.eta / unitDays);
  const [gamma, sGamma] =
    fitted !== null && fitted.gamma !== null
      ? [fitted.gamma, fromModel]
      : pick(argv.gamma, () => derived!.gamma);
  const [epsilon, sEpsilon] = pick(argv.epsilon, () => derived!.epsilon);
  const params: ScheduleParams = {
    sigma,
    eta,
    gamma,
    epsilon,
    source: { sigma: sSigma, eta: sEta, gamma: sGamma, epsilon: sEpsilon },
  };
  const base = { qty: argv.qty, horizon: horizonMs / unitMs, steps: argv.steps, sigma, eta, gamma, epsilon };
  const result: ScheduleResult = {
    qty: argv.qty,
    horizon: base.horizon,
    horizonLabel: argv.horizon,
    timeUnit: argv["time-unit"],
    steps: argv.steps,
    params,
    market,
    lambdas,
    schedule: null,
    lambda: null,
    frontier: null,
    ...(calibrated ? { calibrated } : {}),
  };
  if (lambdas.length === 1) {
    result.lambda = lambdas[0]!;
    result.schedule = almgrenChrissSchedule({ ...base, lambda: lambdas[0]! });
  } else {
    result.frontier = almgrenChrissFrontier(base, lambdas);
  }
  return result;
}

/** "1d" -> "days", "1h" -> "hours", other units -> "× <unit>". */
function unitName(unit: string): string {
  const names: Record<string, string> = {
    "1d": "days",
    "1h": "hours",
    "1m": "minutes",
    "1s": "seconds",
    "1w": "weeks",
  };
  return names[unit.trim().toLowerCase()] ?? `× ${unit}`;
}

const finiteOrNull = (x: number): number | null => (Number.isFinite(x) ? x : null);

function toJson(r: ScheduleResult): unknown {
  const common = {
    model: "ac",
    ...(r.calibrated ? { calibratedModel: calibratedModelJson(r.calibrated) } : {}),
    qty: r.qty,
    horizon: r.horizon,
    timeUnit: r.timeUnit,
    steps: r.steps,
    params: r.params,
    market: r.market && { ...r.market, from: isoUtc(r.market.fromMs), to: isoUtc(r.market.toMs) },
  };
  if (r.schedule) {
    const s = r.schedule;
    return {
      ...common,
      lambda: r.lambda,
      tau: s.tau,
      etaTilde: s.etaTilde,
      kappa: s.kappa,
      kappaT: s.kappa * r.horizon,
      halfLife: finiteOrNull(s.halfLife),
      expectedCost: s.expectedCost,
      variance: s.variance,
      stdDev: s.stdDev,
      utility: s.utility,
      trajectory: Array.from(s.holdings, (x, j) => ({
        step: j,
        time: s.times[j],
        holdings: x,
        trade: j === 0 ? null : s.trades[j - 1],
      })),
    };
  }
  return { ...common, frontier: r.frontier!.map((p) => ({ ...p, halfLife: finiteOrNull(p.halfLife) })) };
}

function printText(r: ScheduleResult): void {
  const p = r.params;
  const lines = [
    `Almgren-Chriss schedule: ${r.qty > 0 ? "sell" : "buy"} ${Math.abs(r.qty)} over ${r.horizonLabel} (T = ${formatNumber(r.horizon)} ${unitName(r.timeUnit)}) in ${r.steps} steps`,
    `params     σ ${formatNumber(p.sigma)}  η ${formatNumber(p.eta)}  γ ${formatNumber(p.gamma)}  ε ${formatNumber(p.epsilon)}  (per ${r.timeUnit})`,
  ];
  if (r.calibrated)
    lines.push(
      `model      ${r.calibrated.use.belief.label} (${r.calibrated.kind})${r.calibrated.regime ? `: regime ${r.calibrated.regime} by the realized volatility before the window's end` : ""}`,
    );
  const derived = Object.entries(p.source).filter(([, v]) => v !== "given" && !v.startsWith("model:"));
  if (derived.length > 0 && r.market) {
    const m = r.market;
    lines.push(
      `from       ${derived.map(([k]) => k).join(", ")} derived from ${m.key.symbol} ${m.key.category} ${m.key.interval} (${m.bars} bars${m.defaultDataset ? ", built-in dataset" : ""}): mid ${m.mid}, daily vol ${(m.sigmaDaily * 100).toFixed(3)} %, ADV ${m.adv.toPrecision(6)}, spread ${(m.spread * 1e4).toFixed(3)} bps`,
    );
  }
  if (r.schedule) {
    const s = r.schedule;
    lines.push(
      `λ ${r.lambda}  τ ${formatNumber(s.tau)}  η̃ ${formatNumber(s.etaTilde)}  κ ${formatNumber(s.kappa)}  κT ${formatNumber(s.kappa * r.horizon)}  half-life ${Number.isFinite(s.halfLife) ? `${formatNumber(s.halfLife)} ${unitName(r.timeUnit)}` : "∞ (TWAP)"}`,
      "",
      formatTable(
        ["step", "time", "holdings", "trade"],
        Array.from(s.holdings, (x, j) => [j, s.times[j]!, x, j === 0 ? "" : s.trades[j - 1]!]),
      ),
      "",
      `expected cost E   ${formatNumber(s.expectedCost)}`,
      `std dev √V        ${formatNumber(s.stdDev)}`,
      `utility E + λV    ${formatNumber(s.utility)}`,
      `half-life 1/κ     ${Number.isFinite(s.halfLife) ? `${formatNumber(s.halfLife)} ${unitName(r.timeUnit)}` : "∞ (λ = 0: straight line)"}`,
    );
  } else {
    lines.push(
      "",
      "efficient frontier",
      formatTable(
        ["lambda", "kappa", "E", "sqrt(V)", "E + lambda V", "half-life"],
        r.frontier!.map((f) => [
          f.lambda,
          f.kappa,
          f.expectedCost,
          f.stdDev,
          f.utility,
          Number.isFinite(f.halfLife) ? f.halfLife : "inf",
        ]),
      ),
    );
  }
  process.stdout.write(`${lines.join("\n")}\n`);
}

export const scheduleCommand: CommandModule<object, ScheduleArgs> = {
  command: "schedule",
  // its one-line description is in commands.ts (shown by --help before this module loads)
  builder: (y: Argv) =>
    addMarketOptions(
      y
        .option("model", {
          type: "string",
          default: "ac",
          describe:
            "schedule model: ac (Almgren-Chriss), or a stored calibrated model model:NAME[@VERSION] whose η, γ " +
            "(ac; sqrt: the linear η with the same cost for this order and horizon) the schedule uses",
        })
        .option("qty", { type: "number", demandOption: true, describe: "units to sell (negative: to buy)" })
        .option("horizon", {
          type: "string",
          demandOption: true,
          describe: "execution horizon: 5d, 6h, 90m, ...",
        })
        .option("steps", { type: "number", default: 10, describe: "number of intervals N (τ = T/N)" })
        .option("sigma", { type: "number", describe: "σ, price volatility per √(time unit)" })
        .option("eta", { type: "number", describe: "η, temporary impact, price per (unit per time unit)" })
        .option("gamma", { type: "number", describe: "γ, permanent impact, price per unit" })
        .option("epsilon", { type: "number", describe: "ε, fixed cost per unit (half spread + fees)" })
        .option("lambda", {
          type: "string",
          default: "0",
          describe: "risk aversion λ (1/quote): a value, a list a,b,c or a log grid from:to:count (frontier)",
        })
        .option("time-unit", {
          type: "string",
          default: "1d",
          describe: "time unit of σ, η and of the printed times (AC convention: 1d)",
        }),
    )
      .example(
        "$0 schedule --qty 1e6 --horizon 5d --steps 5 --sigma 0.95 --eta 2.5e-6 --gamma 2.5e-7 --epsilon 0.0625 --lambda 1e-6",
        "the worked example of Almgren & Chriss (2000)",
      )
      .example(
        "$0 schedule --qty 1e6 --horizon 5d --steps 5 --sigma 0.95 --eta 2.5e-6 --gamma 2.5e-7 --epsilon 0.0625 --lambda 1e-8:1e-5:7",
        "its efficient frontier",
      )
      .example(
        "$0 schedule --symbol BTCUSDT --qty 50 --horizon 2h --steps 24 --lambda 1e-4",
        "parameters from stored candles",
      )
      .strictOptions() as unknown as Argv<ScheduleArgs>,
  handler: async (argv) => {
    validateScheduleArgs(argv); // fail on bad flags before opening (or creating) the store
    const needStore = needsMarket(argv);
    if (isModelSpec(argv.model)) requireStoredModelDb(argv, argv.model);
    const key = seriesKeyArg(argv);
    if (needStore && key) requireStoreFor(argv, key); // never create a database to find it empty
    let r: ScheduleResult;
    try {
      r = needStore ? await withStore(argv, (store) => runSchedule(store, argv)) : runSchedule(null, argv);
    } catch (e) {
      // η̃ <= 0 comes from the flags (--steps, --eta, --gamma, --horizon): bad input, exit code 2.
      if (isExecsimError(e) && e.code === "MODEL_ERROR")
        throw new ExecsimError("INVALID_ARGUMENT", e.message);
      throw e;
    }
    if (argv.json) printJson(toJson(r));
    else printText(r);
  },
};
