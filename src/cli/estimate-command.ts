/**
 * `execsim estimate`: the pre-trade cost curve of one order — expected cost and its standard
 * deviation for several execution horizons — under the square-root law (sqrt) or Almgren-Chriss (ac),
 * with σ (daily volatility), ADV, the spread and the mid taken from stored candles
 * (src/market/market-stats; formulas in src/optimize/cost-curve.ts).
 * Without --symbol it uses the built-in default dataset (written to the store on first use).
 * Read-only apart from that: nothing else is written.
 */

import type { Argv, CommandModule } from "yargs";
import type { CalibratedModel } from "../calibration/calibrated-model.js";
import { ExecsimError } from "../core/errors.js";
import { DAY_MS, isoUtc, parseDurationMs } from "../core/interval.js";
import { CATEGORIES, type SeriesKey } from "../core/market-types.js";
import { type ModelAtTime, modelAt, resolveModelSpec } from "../experiment/model-by-name.js";
import { isModelSpec, parseModelSpec } from "../experiment/model-spec.js";
import { ensureDefaultDataset } from "../market/default-dataset.js";
import { marketStats, readStatsSeries } from "../market/market-stats.js";
import {
  COST_CURVE_MODELS,
  type CostCurveModel,
  type CostCurvePoint,
  preTradeCostCurve,
} from "../optimize/cost-curve.js";
import { formatTable } from "../report/format-table.js";
import { readSeries } from "../store/candle-store.js";
import type { ExecsimDatabase } from "../store/database.js";
import { type GlobalArgs, printJson, withStore } from "./cli-helpers.js";
import { MAX_SCHEDULE_STEPS } from "./schedule-command.js";
import { orderArg, seriesKeyArg, timeRangeArg } from "./series-args.js";
import { requireStoredModelDb, requireStoreFor } from "./store-guard.js";

/** Market flags shared by `estimate` and `schedule`. */
export interface MarketArgs extends GlobalArgs {
  symbol?: string;
  category: string;
  interval: string;
  from?: string;
  to?: string;
  mid?: number;
  "spread-bps"?: number;
}

/** The market inputs of the models, with where they came from. */
export interface MarketInputs {
  key: SeriesKey;
  defaultDataset: boolean;
  fromMs: number;
  toMs: number;
  bars: number;
  mid: number;
  midSource: "given" | "last close";
  sigmaDaily: number;
  adv: number;
  /** Relative full spread (fraction). */
  spread: number;
  spreadSource: "given" | "Corwin-Schultz" | "Abdi-Ranaldo";
}

export function addMarketOptions<T>(y: Argv<T>): Argv<T> {
  return y
    .option("symbol", {
      type: "string",
      describe: "stored series to take σ, ADV, spread and mid from (default: the built-in dataset)",
    })
    .option("category", {
      type: "string",
      default: "linear",
      describe: `market category (${CATEGORIES.join(", ")})`,
    })
    .option("interval", { type: "string", default: "1", describe: "bar interval of the stored series" })
    .option("from", {
      type: "string",
      describe: "start of the statistics window (ISO-8601 or epoch ms; default: all)",
    })
    .option("to", { type: "string", describe: "end of the statistics window, exclusive (default: all)" })
    .option("mid", { type: "number", describe: "arrival mid price (default: the window's last close)" })
    .option("spread-bps", {
      type: "number",
      describe: "bid-ask spread in bps (default: Corwin-Schultz estimate, else Abdi-Ranaldo)",
    }) as Argv<T>;
}

/** Read the series named by the flags (or the default dataset) and compute the model inputs. */
export function loadMarketInputs(store: ExecsimDatabase, argv: MarketArgs): MarketInputs {
  const given = seriesKeyArg(argv);
  const { fromMs, toMs } = timeRangeArg(argv);
  const defaultDataset = given === undefined;
  const key = given ?? ensureDefaultDataset(store);
  const series =
    argv.from !== undefined || argv.to !== undefined
      ? readStatsSeries(store, key, fromMs, toMs, { minDays: 1 })
      : readSeries(store, key);
  const stats = marketStats(series);
  let mid = series.close[series.length - 1]!;
  let midSource: MarketInputs["midSource"] = "last close";
  if (argv.mid !== undefined) {
    if (!(Number.isFinite(argv.mid) && argv.mid > 0))
      throw new ExecsimError("INVALID_ARGUMENT", `--mid must be a price > 0, got ${argv.mid}`);
    mid = argv.mid;
    midSource = "given";
  }
  let spread: number;
  let spreadSource: MarketInputs["spreadSource"];
  if (argv["spread-bps"] !== undefined) {
    const s = argv["spread-bps"];
    if (!(Number.isFinite(s) && s >= 0))
      throw new ExecsimError("INVALID_ARGUMENT", `--spread-bps must be >= 0, got ${s}`);
    spread = s / 1e4;
    spreadSource = "given";
  } else if (stats.corwinSchultz.spread > 0) {
    spread = stats.corwinSchultz.spread;
    spreadSource = "Corwin-Schultz";
  } else {
    spread = stats.abdiRanaldo.spread;
    spreadSource = "Abdi-Ranaldo";
  }
  return {
    key,
    defaultDataset,
    fromMs: stats.fromMs,
    toMs: stats.toMs,
    bars: stats.bars,
    mid,
    midSource,
    sigmaDaily: stats.volatility.daily,
    adv: stats.dailyVolume.volumeBase,
    spread,
    spreadSource,
  };
}

export interface EstimateArgs extends MarketArgs {
  qty: number;
  side: string;
  horizons: string;
  model: string;
  eta?: number;
  delta?: number;
  lambda: number;
  steps: number;
}

/** "1m,10m,1h,1d" -> [{label, days}], validated. */
export function parseHorizons(text: string): { label: string; days: number }[] {
  const parts = String(text)
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
  if (parts.length === 0)
    throw new ExecsimError("INVALID_ARGUMENT", "--horizons: give durations such as 1m,10m,1h,1d");
  return parts.map((label) => {
    const ms = parseDurationMs(label);
    if (!(ms > 0))
      throw new ExecsimError("INVALID_ARGUMENT", `--horizons: "${label}" must be a duration > 0`);
    return { label, days: ms / DAY_MS };
  });
}

export interface EstimateResult {
  model: CostCurveModel;
  /** `--model model:NAME[@V]`: the stored model used, its regime at the decision time. */
  calibrated?: StoredModelUse;
  qty: number;
  market: MarketInputs;
  params: Record<string, number>;
  points: (CostCurvePoint & { horizon: string })[];
}

/** Check every flag that needs no data, so that bad input fails before the store is opened. */
export function validateEstimateArgs(argv: EstimateArgs): {
  model: CostCurveModel;
  side: "buy" | "sell";
  horizons: { label: string; days: number }[];
} {
  const stored = isModelSpec(argv.model);
  if (stored) {
    parseModelSpec(argv.model, "--model");
    if (argv.eta !== undefined || argv.delta !== undefined)
      throw new ExecsimError(
        "INVALID_ARGUMENT",
        `--eta / --delta: --model ${argv.model} takes its coefficients from the stored model; drop them or use --model sqrt`,
      );
  }
  const model = (stored ? "sqrt" : String(argv.model)) as CostCurveModel;
  if (!COST_CURVE_MODELS.includes(model)) {
    throw new ExecsimError(
      "INVALID_ARGUMENT",
      `--model "${argv.model}": use one of ${COST_CURVE_MODELS.join(", ")}`,
    );
  }
  const { side } = orderArg(argv);
  if (model !== "sqrt" && (argv.eta !== undefined || argv.delta !== undefined)) {
    throw new ExecsimError(
      "INVALID_ARGUMENT",
      "--eta and --delta are square-root coefficients: use them with --model sqrt (ac takes η and γ from AC's rules of thumb; for explicit AC parameters use execsim schedule)",
    );
  }
  seriesKeyArg(argv); // --symbol, --category, --interval, --from, --to: checked before the store opens
  timeRangeArg(argv);
  const horizons = parseHorizons(argv.horizons);
  if (!(Number.isInteger(argv.steps) && argv.steps >= 1 && argv.steps <= MAX_SCHEDULE_STEPS)) {
    throw new ExecsimError(
      "INVALID_ARGUMENT",
      `--steps must be a whole number in [1, ${MAX_SCHEDULE_STEPS}], got ${argv.steps}`,
    );
  }
  const nonNegative: [string, number | undefined][] = [
    ["eta", argv.eta],
    ["lambda", argv.lambda],
    ["spread-bps", argv["spread-bps"]],
  ];
  for (const [name, v] of nonNegative) {
    if (v !== undefined && !(Number.isFinite(v) && v >= 0)) {
      throw new ExecsimError("INVALID_ARGUMENT", `--${name} must be a number >= 0, got ${v}`);
    }
  }
  for (const [name, v] of [
    ["delta", argv.delta],
    ["mid", argv.mid],
  ] as [string, number | undefined][]) {
    if (v !== undefined && !(Number.isFinite(v) && v > 0)) {
      throw new ExecsimError("INVALID_ARGUMENT", `--${name} must be a number > 0, got ${v}`);
    }
  }
  return { model, side, horizons };
}

export function runEstimate(store: ExecsimDatabase, argv: EstimateArgs): EstimateResult {
  const { side, horizons, model: named } = validateEstimateArgs(argv);
  let model = named;
  // the stored model first: an unknown name writes nothing (not even the built-in dataset)
  const stored = isModelSpec(argv.model) ? resolveModelSpec(store, argv.model, "--model") : undefined;
  const market = loadMarketInputs(store, argv);
  const qty = side === "sell" ? -argv.qty : argv.qty;
  let sqrt = { eta: argv.eta ?? 0.5, delta: argv.delta ?? 0.5 };
  let acFit: { eta?: number; gamma?: number } = {};
  let calibrated: StoredModelUse | undefined;
  if (stored) {
    calibrated = storedModelAt(store, stored, market);
    const b = calibrated.use.belief;
    if (b.kind === "sqrt") sqrt = { eta: b.params.eta!, delta: b.params.delta! };
    else if (b.kind === "ac") {
      model = "ac";
      acFit = { eta: b.params.eta!, gamma: b.params.gamma! };
    } else
      throw new ExecsimError(
        "INVALID_ARGUMENT",
        `--model ${argv.model}: a propagator model fits the decay of impact, not a cost level; estimate with a sqrt or ac model`,
      );
  }
  const points = preTradeCostCurve({
    model,
    qty,
    horizonsDays: horizons.map((h) => h.days),
    market: { mid: market.mid, sigmaDaily: market.sigmaDaily, adv: market.adv, spread: market.spread },
    sqrt,
    ac: { lambda: argv.lambda, steps: argv.steps, ...acFit },
  }).map((p, i) => ({ ...p, horizon: horizons[i]!.label }));
  const params: Record<string, number> =
    model === "sqrt" ? sqrt : { lambda: argv.lambda, steps: argv.steps, ...acFit };
  return { model, qty, market, params, points, ...(calibrated ? { calibrated } : {}) };
}

/** How `--model model:NAME[@V]` was used: the stored model and the regime at the window's end. */
export interface StoredModelUse {
  spec: string;
  kind: string;
  regime: string | null;
  regimeVol: number | null;
  use: ModelAtTime;
}

/** The `calibratedModel` JSON of estimate and schedule. */
export function calibratedModelJson(u: StoredModelUse) {
  return { spec: u.spec, model: u.kind, regime: u.regime, regimeVol: u.regimeVol };
}

/** A stored model at the end of the statistics window of `market` (its regime there). */
export function storedModelAt(
  store: ExecsimDatabase,
  model: CalibratedModel,
  market: MarketInputs,
): StoredModelUse {
  const lookback = (model.regimeRule?.lookbackMs ?? DAY_MS) + DAY_MS;
  const series = readSeries(store, market.key, market.toMs - lookback, market.toMs);
  const use = modelAt(model, series, market.toMs);
  return { spec: use.spec, kind: use.model.model, regime: use.regime, regimeVol: use.regimeVol, use };
}

function printText(r: EstimateResult): void {
  const m = r.market;
  const head = [
    `pre-trade cost of ${r.qty > 0 ? "buying" : "selling"} ${Math.abs(r.qty)} ${m.key.symbol} (${r.model} model${m.defaultDataset ? ", built-in default dataset" : ""})`,
    `market     ${m.key.symbol} ${m.key.category} ${m.key.interval}, ${isoUtc(m.fromMs)} .. ${isoUtc(m.toMs)} (${m.bars} bars)`,
    `inputs     mid ${m.mid} (${m.midSource}), daily vol ${(m.sigmaDaily * 100).toFixed(3)} %, ADV ${m.adv.toPrecision(6)}, spread ${(m.spread * 1e4).toFixed(3)} bps (${m.spreadSource})`,
    ...(r.calibrated
      ? [
          `model      ${r.calibrated.spec} (${r.calibrated.kind})${r.calibrated.regime ? `, regime ${r.calibrated.regime} (realized vol ${((r.calibrated.regimeVol ?? 0) * 100).toFixed(3)} % before ${isoUtc(m.toMs)})` : ""}`,
        ]
      : []),
    `params     ${Object.entries(r.params)
      .map(([k, v]) => `${k} ${v}`)
      .join(", ")}`,
    "",
  ];
  const table = formatTable(
    ["horizon", "E cost (quote)", "E (bps)", "SD (quote)", "SD (bps)"],
    r.points.map((p) => [p.horizon, p.expectedCostQuote, p.expectedCostBps, p.stdDevQuote, p.stdDevBps]),
  );
  process.stdout.write(`${head.join("\n")}\n${table}\n`);
}

export const estimateCommand: CommandModule<object, EstimateArgs> = {
  command: "estimate",
  // its one-line description is in commands.ts (shown by --help before this module loads)
  builder: (y: Argv) =>
    addMarketOptions(
      y
        .option("qty", { type: "number", demandOption: true, describe: "order size in base units (> 0)" })
        .option("side", { type: "string", default: "buy", describe: "buy or sell" })
        .option("horizons", {
          type: "string",
          default: "1m,10m,1h,1d",
          describe: "comma-separated execution horizons (30s, 10m, 1h, 1d, ...)",
        })
        .option("model", {
          type: "string",
          default: "sqrt",
          describe: `cost model: ${COST_CURVE_MODELS.join(", ")}, or a stored calibrated model model:NAME[@VERSION] (its fitted coefficients; with regimes, those of the volatility before the window's end)`,
        })
        .option("eta", { type: "number", describe: "sqrt: impact coefficient η (default 0.5)" })
        .option("delta", { type: "number", describe: "sqrt: exponent δ (default 0.5)" })
        .option("lambda", {
          type: "number",
          default: 0,
          describe: "ac: risk aversion λ in 1/quote (0 = TWAP)",
        })
        .option("steps", { type: "number", default: 10, describe: "ac: intervals per horizon" }),
    )
      .example("$0 estimate --qty 10", "cost curve of buying 10 units on the built-in dataset")
      .example(
        "$0 estimate --symbol BTCUSDT --qty 25 --side sell --horizons 1m,10m,1h --model ac",
        "Almgren-Chriss (rules-of-thumb η, γ) on stored Bybit candles",
      )
      .strictOptions() as unknown as Argv<EstimateArgs>,
  handler: async (argv) => {
    validateEstimateArgs(argv); // fail on bad flags before opening (or creating) the store
    if (isModelSpec(argv.model)) requireStoredModelDb(argv, argv.model);
    const key = seriesKeyArg(argv);
    if (key) requireStoreFor(argv, key); // a named series needs an existing database; never create one
    const r = await withStore(argv, (store) => runEstimate(store, argv));
    if (argv.json) {
      printJson({
        model: r.model,
        qty: r.qty,
        market: { ...r.market, from: isoUtc(r.market.fromMs), to: isoUtc(r.market.toMs) },
        params: r.params,
        ...(r.calibrated ? { calibratedModel: calibratedModelJson(r.calibrated) } : {}),
        points: r.points,
      });
    } else printText(r);
  },
};
