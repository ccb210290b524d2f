/**
 * `execsim ml <evaluate|train|predict>`: machine-learned impact predictors on stored candles.
 *
 * Candles carry no record of our own orders, so training labels are SIMULATED: orders are drawn at
 * random times on the stored series and labelled by a known impact law plus seeded log-normal noise
 * (src/impact/ml/synthetic-impact-samples.ts) — `--truth sqrt` (the square-root law) or `--truth tod`
 * (the square-root law times a time-of-day factor). Features come from the candles themselves (bars
 * closed at or before each order; src/impact/ml/feature-builder.ts).
 *   evaluate  walk-forward (split by time) RMSE / MAE / R² of sqrt (calibrated), ols and mlp
 *   train     fit one predictor on all samples and write it as versioned JSON (--out)
 *   predict   load such a file and predict the impact of one order at a time on the stored series
 * Without --symbol the built-in default dataset is used (written to the store on first use).
 * Nothing else is written; `train` writes its file atomically (temporary file, then rename).
 */

import { existsSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import type { Argv, CommandModule } from "yargs";
import { ExecsimError } from "../core/errors.js";
import { isoUtc, parseTimeMs } from "../core/interval.js";
import { CATEGORIES, type CandleSeries, type SeriesKey } from "../core/market-types.js";
import { createRng } from "../core/rng.js";
import {
  fitImpactPredictor,
  ML_MODEL_KINDS,
  MlImpactPredictor,
  type MlModelKind,
} from "../impact/ml/impact-predictor.js";
import { OlsRegressor } from "../impact/ml/linear-regression.js";
import type { MlpArchitecture, MlpTrainingOptions } from "../impact/ml/neural-network.js";
import {
  generateImpactSamples,
  type ImpactTruth,
  type SyntheticImpactSet,
  squareRootTruth,
  timeOfDayTruth,
} from "../impact/ml/synthetic-impact-samples.js";
import {
  EVALUATED_MODELS,
  type EvaluatedModel,
  type WalkForwardReport,
  walkForwardEvaluate,
} from "../impact/ml/walk-forward.js";
import { ensureDefaultDataset } from "../market/default-dataset.js";
import { formatTable } from "../report/format-table.js";
import { readSeries } from "../store/candle-store.js";
import type { ExecsimDatabase } from "../store/database.js";
import { type GlobalArgs, printJson, withStore } from "./cli-helpers.js";
import { withProgress } from "./progress.js";
import { orderArg, seriesKeyArg, timeRangeArg } from "./series-args.js";
import { requireStoreFor } from "./store-guard.js";

interface SeriesArgs extends GlobalArgs {
  symbol?: string;
  category: string;
  interval: string;
  from?: string;
  to?: string;
}

interface LabelArgs extends SeriesArgs {
  truth: string;
  samples: number;
  eta: number;
  delta: number;
  amplitude: number;
  "peak-hour": number;
  noise: number;
  seed: string;
  hidden: string;
  epochs: number;
  lr: number;
  batch: number;
  patience: number;
}

export interface MlEvaluateArgs extends LabelArgs {
  folds: number;
  scheme: string;
  "initial-train": number;
  models: string;
}

export interface MlTrainArgs extends LabelArgs {
  model: string;
  out: string;
  force?: boolean;
}

export interface MlPredictArgs extends SeriesArgs {
  "model-file": string;
  qty: number;
  side: string;
  at?: string;
}

function addSeriesOptions<T>(y: Argv<T>): Argv<T> {
  return y
    .option("symbol", { type: "string", describe: "stored series (default: the built-in dataset)" })
    .option("category", {
      type: "string",
      default: "linear",
      describe: `market category (${CATEGORIES.join(", ")})`,
    })
    .option("interval", { type: "string", default: "1", describe: "bar interval of the stored series" })
    .option("from", { type: "string", describe: "first candle to use (ISO-8601 or epoch ms; default: all)" })
    .option("to", {
      type: "string",
      describe: "end of the candles to use, exclusive (default: all)",
    }) as Argv<T>;
}

function addLabelOptions<T>(y: Argv<T>): Argv<T> {
  return addSeriesOptions(y)
    .option("truth", {
      type: "string",
      default: "tod",
      describe: "simulated impact law: sqrt or tod (sqrt × time-of-day factor)",
    })
    .option("samples", { type: "number", default: 3000, describe: "number of simulated orders" })
    .option("eta", { type: "number", default: 0.5, describe: "truth: impact coefficient η" })
    .option("delta", { type: "number", default: 0.5, describe: "truth: exponent δ" })
    .option("amplitude", {
      type: "number",
      default: 0.8,
      describe: "tod truth: amplitude A of 1 + A cos(2π(h − peak)/24)",
    })
    .option("peak-hour", {
      type: "number",
      default: 14,
      describe: "tod truth: UTC hour of the highest impact",
    })
    .option("noise", { type: "number", default: 0.2, describe: "log-normal label noise (sd of the log)" })
    .option("seed", {
      type: "string",
      default: "42",
      describe: "seed of the simulated orders and of the network",
    })
    .option("hidden", { type: "string", default: "16,16", describe: "network hidden layer sizes h1,h2" })
    .option("epochs", { type: "number", default: 100, describe: "network: maximum epochs" })
    .option("lr", { type: "number", default: 5e-3, describe: "network: Adam learning rate" })
    .option("batch", { type: "number", default: 32, describe: "network: mini-batch size" })
    .option("patience", {
      type: "number",
      default: 20,
      describe: "network: early-stopping patience (epochs)",
    }) as Argv<T>;
}

/** Validate the series flags; returns the key (undefined: the built-in dataset) and the time range. */
function checkSeriesArgs(argv: SeriesArgs): { key: SeriesKey | undefined; fromMs: number; toMs: number } {
  return { key: seriesKeyArg(argv), ...timeRangeArg(argv) };
}

/** withStore, except that a named --symbol in a database that does not exist is NOT_FOUND (none created). */
function withSeriesStore<T>(argv: SeriesArgs, fn: (store: ExecsimDatabase) => T): Promise<T> {
  const key = seriesKeyArg(argv);
  if (key) requireStoreFor(argv, key);
  return withStore(argv, fn);
}

function loadSeries(
  store: ExecsimDatabase,
  argv: SeriesArgs,
): { key: SeriesKey; series: CandleSeries; defaultDataset: boolean } {
  const { key, fromMs, toMs } = checkSeriesArgs(argv);
  const k = key ?? ensureDefaultDataset(store);
  return { key: k, series: readSeries(store, k, fromMs, toMs), defaultDataset: key === undefined };
}

function truthFromArgs(argv: LabelArgs): ImpactTruth {
  const truth = String(argv.truth).toLowerCase();
  if (!(argv.eta > 0)) throw new ExecsimError("INVALID_ARGUMENT", `--eta must be > 0, got ${argv.eta}`);
  if (!(argv.delta > 0 && argv.delta <= 2))
    throw new ExecsimError("INVALID_ARGUMENT", `--delta must be in (0, 2], got ${argv.delta}`);
  if (truth === "sqrt") return squareRootTruth({ eta: argv.eta, delta: argv.delta });
  if (truth === "tod") {
    return timeOfDayTruth({
      eta: argv.eta,
      delta: argv.delta,
      amplitude: argv.amplitude,
      peakHourUtc: argv["peak-hour"],
    });
  }
  throw new ExecsimError("INVALID_ARGUMENT", `--truth "${argv.truth}": use sqrt or tod`);
}

function networkFromArgs(argv: LabelArgs): Partial<MlpTrainingOptions & MlpArchitecture> {
  const h = String(argv.hidden)
    .split(",")
    .map((s) => Number(s.trim()));
  if (h.length !== 2 || !h.every((v) => Number.isInteger(v) && v >= 1 && v <= 1024)) {
    throw new ExecsimError(
      "INVALID_ARGUMENT",
      `--hidden "${argv.hidden}": give two layer sizes such as 16,16`,
    );
  }
  return {
    hidden1: h[0]!,
    hidden2: h[1]!,
    maxEpochs: argv.epochs,
    learningRate: argv.lr,
    batchSize: argv.batch,
    patience: argv.patience,
  };
}

/** Check every label and network flag before the store is touched (nothing is written on bad input). */
function validateLabelArgs(argv: LabelArgs): {
  truth: ImpactTruth;
  network: Partial<MlpTrainingOptions & MlpArchitecture>;
} {
  if (!(Number.isInteger(argv.samples) && argv.samples >= 50 && argv.samples <= 1_000_000)) {
    throw new ExecsimError(
      "INVALID_ARGUMENT",
      `--samples must be an integer in 50..1000000, got ${argv.samples}`,
    );
  }
  if (!(argv.noise >= 0))
    throw new ExecsimError("INVALID_ARGUMENT", `--noise must be >= 0, got ${argv.noise}`);
  const network = networkFromArgs(argv);
  const checks: [string, number, boolean][] = [
    ["--epochs", argv.epochs, Number.isInteger(argv.epochs) && argv.epochs >= 1],
    ["--lr", argv.lr, argv.lr > 0 && argv.lr < 10],
    ["--batch", argv.batch, Number.isInteger(argv.batch) && argv.batch >= 1],
    ["--patience", argv.patience, Number.isInteger(argv.patience) && argv.patience >= 1],
  ];
  for (const [flag, v, ok] of checks) {
    if (!ok) {
      throw new ExecsimError(
        "INVALID_ARGUMENT",
        `${flag} ${v} is out of range (epochs, batch, patience: integers >= 1; lr in (0, 10))`,
      );
    }
  }
  return { truth: truthFromArgs(argv), network };
}

function simulate(series: CandleSeries, argv: LabelArgs, truth: ImpactTruth): SyntheticImpactSet {
  return generateImpactSamples(
    series,
    { count: argv.samples, truth, logNoiseSd: argv.noise },
    createRng(`${argv.seed}/samples`),
  );
}

export interface MlEvaluateResult {
  key: SeriesKey;
  defaultDataset: boolean;
  rows: number;
  report: WalkForwardReport;
}

/** Validate every `ml evaluate` flag (before the store is opened). */
export function checkMlEvaluateArgs(argv: MlEvaluateArgs) {
  const models = String(argv.models)
    .split(",")
    .map((s) => s.trim().toLowerCase())
    .filter(Boolean);
  const bad = models.filter((m) => !EVALUATED_MODELS.includes(m as EvaluatedModel));
  if (models.length === 0 || bad.length > 0) {
    throw new ExecsimError(
      "INVALID_ARGUMENT",
      `--models "${argv.models}": choose from ${EVALUATED_MODELS.join(", ")}`,
    );
  }
  const scheme = String(argv.scheme);
  if (scheme !== "expanding" && scheme !== "rolling") {
    throw new ExecsimError("INVALID_ARGUMENT", `--scheme "${argv.scheme}": use expanding or rolling`);
  }
  if (!(Number.isInteger(argv.folds) && argv.folds >= 1)) {
    throw new ExecsimError("INVALID_ARGUMENT", `--folds must be an integer >= 1, got ${argv.folds}`);
  }
  if (!(argv["initial-train"] > 0 && argv["initial-train"] < 1)) {
    throw new ExecsimError(
      "INVALID_ARGUMENT",
      `--initial-train must be in (0, 1), got ${argv["initial-train"]}`,
    );
  }
  checkSeriesArgs(argv);
  return {
    models: models as EvaluatedModel[],
    scheme: scheme as "expanding" | "rolling",
    ...validateLabelArgs(argv),
  };
}

export function runMlEvaluate(
  store: ExecsimDatabase,
  argv: MlEvaluateArgs,
  onFold?: (done: number, total: number) => void,
): MlEvaluateResult {
  const { models, scheme, truth, network } = checkMlEvaluateArgs(argv);
  const { key, series, defaultDataset } = loadSeries(store, argv);
  const set = simulate(series, argv, truth);
  const report = walkForwardEvaluate(set.dataset, {
    folds: argv.folds,
    scheme,
    initialTrainFraction: argv["initial-train"],
    models,
    network,
    seed: argv.seed,
    ...(onFold ? { onFold } : {}),
  });
  return { key, defaultDataset, rows: set.dataset.features.nRows, report };
}

function printEvaluate(r: MlEvaluateResult, argv: MlEvaluateArgs): void {
  const models = Object.keys(r.report.overall) as EvaluatedModel[];
  const head = [
    `walk-forward evaluation of ML impact predictors on ${r.key.symbol} ${r.key.category} ${r.key.interval}${r.defaultDataset ? " (built-in default dataset)" : ""}`,
    `labels     simulated: ${argv.truth} law, η ${argv.eta}, δ ${argv.delta}${argv.truth === "tod" ? `, A ${argv.amplitude}, peak ${argv["peak-hour"]}h UTC` : ""}, log-noise ${argv.noise}, seed ${argv.seed}; ${r.rows} orders`,
    `folds      ${r.report.folds.length} (${r.report.options.scheme}); metrics on costs sign(Q)·ΔP/P in bps; R² out of sample`,
    "",
  ];
  const rows: (string | number)[][] = [];
  for (const f of r.report.folds) {
    for (const m of models) {
      const x = f.metrics[m]!;
      rows.push([
        String(f.index),
        `${isoUtc(f.testFromMs).slice(0, 16)}`,
        m,
        x.n,
        x.rmse * 1e4,
        x.mae * 1e4,
        x.bias * 1e4,
        x.r2,
      ]);
    }
  }
  for (const m of models) {
    const x = r.report.overall[m]!;
    rows.push(["all", "", m, x.n, x.rmse * 1e4, x.mae * 1e4, x.bias * 1e4, x.r2]);
  }
  const table = formatTable(
    ["fold", "test from", "model", "n", "RMSE bps", "MAE bps", "bias bps", "R²"],
    rows,
  );
  const calib = r.report.folds
    .filter((f) => f.sqrt)
    .map(
      (f) =>
        `fold ${f.index}: η ${f.sqrt!.eta.toFixed(4)} ± ${f.sqrt!.etaSE.toFixed(4)}, δ ${f.sqrt!.delta.toFixed(4)} ± ${f.sqrt!.deltaSE.toFixed(4)}`,
    );
  process.stdout.write(
    `${head.join("\n")}\n${table}\n${calib.length ? `\nsquare-root baseline calibration\n${calib.join("\n")}\n` : ""}`,
  );
}

export interface MlTrainResult {
  key: SeriesKey;
  defaultDataset: boolean;
  model: MlModelKind;
  rows: number;
  out: string;
  training: { epochs: number; bestEpoch: number; bestValidationMse: number; stoppedEarly: boolean } | null;
  inSampleR2: number | null;
}

/** Validate every `ml train` flag (before the store is opened). */
export function checkMlTrainArgs(argv: MlTrainArgs) {
  const model = String(argv.model).toLowerCase() as MlModelKind;
  if (!ML_MODEL_KINDS.includes(model)) {
    throw new ExecsimError(
      "INVALID_ARGUMENT",
      `--model "${argv.model}": use one of ${ML_MODEL_KINDS.join(", ")}`,
    );
  }
  const out = String(argv.out);
  if (existsSync(out) && !argv.force) {
    throw new ExecsimError("INVALID_ARGUMENT", `--out ${out} already exists; pass --force to overwrite it`);
  }
  checkSeriesArgs(argv);
  return { model, out, ...validateLabelArgs(argv) };
}

export function runMlTrain(store: ExecsimDatabase, argv: MlTrainArgs): MlTrainResult {
  const { model, out, truth, network } = checkMlTrainArgs(argv);
  const { key, series, defaultDataset } = loadSeries(store, argv);
  const set = simulate(series, argv, truth);
  const { predictor, training } = fitImpactPredictor(set.dataset, { model, network, seed: argv.seed });
  const tmp = `${out}.tmp-${process.pid}`;
  try {
    writeFileSync(tmp, `${JSON.stringify(predictor)}\n`);
    renameSync(tmp, out);
  } catch (e) {
    throw new ExecsimError(
      "INVALID_ARGUMENT",
      `cannot write --out ${out}: ${(e as Error).message}; check the path`,
    );
  }
  return {
    key,
    defaultDataset,
    model,
    rows: set.dataset.features.nRows,
    out,
    training: training
      ? {
          epochs: training.epochs,
          bestEpoch: training.bestEpoch,
          bestValidationMse: training.bestValidationMse,
          stoppedEarly: training.stoppedEarly,
        }
      : null,
    inSampleR2: predictor.regressor instanceof OlsRegressor ? predictor.regressor.stats.r2 : null,
  };
}

export interface MlPredictResult {
  model: MlModelKind;
  key: SeriesKey;
  atMs: number;
  qty: number;
  mid: number;
  impactFraction: number;
  impactBps: number;
  costQuote: number;
}

/** Validate every `ml predict` flag and load the predictor file (before the store is opened). */
export function checkMlPredictArgs(argv: MlPredictArgs) {
  const file = String(argv["model-file"]);
  if (!existsSync(file)) {
    throw new ExecsimError(
      "NOT_FOUND",
      `--model-file ${file} does not exist; create one with "execsim ml train --out ${file}"`,
    );
  }
  const predictor = MlImpactPredictor.fromJSON(readFileSync(file, "utf8"));
  const { signedQty } = orderArg(argv);
  checkSeriesArgs(argv);
  const atMs = argv.at !== undefined ? parseTimeMs(argv.at, "--at") : undefined;
  return { predictor, qty: signedQty, atMs };
}

export function runMlPredict(store: ExecsimDatabase, argv: MlPredictArgs): MlPredictResult {
  const { predictor, qty, atMs: at } = checkMlPredictArgs(argv);
  const { key, series } = loadSeries(store, argv);
  const last = series.openTimeMs[series.length - 1]! + series.intervalMs;
  const atMs = at ?? last;
  const [f] = predictor.predictSamples(series, [{ timeMs: atMs, qty }]);
  if (!Number.isFinite(f!)) {
    throw new ExecsimError(
      "INSUFFICIENT_DATA",
      `no prediction at ${isoUtc(atMs)}: the feature windows (ADV over ${predictor.featureConfig.advWindowMs / 86_400_000} days) need closed candles before that time; choose a later --at or store more candles`,
    );
  }
  // Arrival mid: the close of the last bar closed at or before atMs.
  let i = series.length - 1;
  while (i >= 0 && series.openTimeMs[i]! + series.intervalMs > atMs) i--;
  const mid = series.close[i]!;
  return {
    model: predictor.model,
    key,
    atMs,
    qty,
    mid,
    impactFraction: f!,
    impactBps: f! * 1e4,
    costQuote: Math.abs(f!) * Math.abs(qty) * mid,
  };
}

const evaluateCommand: CommandModule<object, MlEvaluateArgs> = {
  command: "evaluate",
  describe:
    "walk-forward RMSE / MAE / R² of the square-root baseline, OLS and the network on simulated labels",
  builder: (y: Argv) =>
    addLabelOptions(y)
      .option("folds", { type: "number", default: 4, describe: "number of test blocks" })
      .option("scheme", {
        type: "string",
        default: "expanding",
        describe: "training window: expanding or rolling",
      })
      .option("initial-train", {
        type: "number",
        default: 0.5,
        describe: "share of orders in the first training set",
      })
      .option("models", {
        type: "string",
        default: EVALUATED_MODELS.join(","),
        describe: "models to compare",
      })
      .example("$0 ml evaluate", "time-of-day labels on the built-in dataset: network vs square-root law")
      .example(
        "$0 ml evaluate --truth sqrt --symbol BTCUSDT --folds 3",
        "square-root labels on stored Bybit candles",
      )
      .strictOptions() as unknown as Argv<MlEvaluateArgs>,
  handler: async (argv) => {
    checkMlEvaluateArgs(argv); // bad flags fail before the store is opened or created
    const r = await withProgress(argv, "ml evaluate", "folds", (bar) =>
      withSeriesStore(argv, (store) => runMlEvaluate(store, argv, (d, t) => bar.update(d, t))),
    );
    if (argv.json) {
      printJson({
        series: r.key,
        defaultDataset: r.defaultDataset,
        rows: r.rows,
        options: r.report.options,
        folds: r.report.folds,
        overall: r.report.overall,
      });
    } else printEvaluate(r, argv);
  },
};

const trainCommand: CommandModule<object, MlTrainArgs> = {
  command: "train",
  describe: "train one predictor (ols or mlp) on simulated labels and write it as JSON",
  builder: (y: Argv) =>
    addLabelOptions(y)
      .option("model", {
        type: "string",
        default: "mlp",
        describe: `predictor: ${ML_MODEL_KINDS.join(", ")}`,
      })
      .option("out", {
        type: "string",
        demandOption: true,
        describe: "file to write the trained predictor to",
      })
      .option("force", { type: "boolean", default: false, describe: "overwrite --out if it exists" })
      .example("$0 ml train --out impact-mlp.json", "train the network on the built-in dataset")
      .strictOptions() as unknown as Argv<MlTrainArgs>,
  handler: async (argv) => {
    checkMlTrainArgs(argv);
    const r = await withSeriesStore(argv, (store) => runMlTrain(store, argv));
    if (argv.json) printJson(r);
    else {
      const t = r.training
        ? `epochs ${r.training.epochs} (best ${r.training.bestEpoch}${r.training.stoppedEarly ? ", stopped early" : ""}), validation RMSE ${(Math.sqrt(r.training.bestValidationMse) * 1e4).toFixed(3)} bps`
        : `in-sample R² ${r.inSampleR2?.toFixed(4)}`;
      process.stdout.write(
        `trained ${r.model} on ${r.rows} simulated orders on ${r.key.symbol} ${r.key.category} ${r.key.interval}${r.defaultDataset ? " (built-in default dataset)" : ""}\n${t}\nwrote ${r.out}\n`,
      );
    }
  },
};

const predictCommand: CommandModule<object, MlPredictArgs> = {
  command: "predict",
  describe: "predict the impact of one order with a trained predictor file",
  builder: (y: Argv) =>
    addSeriesOptions(y)
      .option("model-file", {
        type: "string",
        demandOption: true,
        describe: "predictor JSON written by `ml train`",
      })
      .option("qty", { type: "number", demandOption: true, describe: "order size in base units (> 0)" })
      .option("side", { type: "string", default: "buy", describe: "buy or sell" })
      .option("at", {
        type: "string",
        describe: "decision time (ISO-8601 or epoch ms; default: after the last bar)",
      })
      .example(
        "$0 ml predict --model-file impact-mlp.json --qty 25 --side sell",
        "impact of selling 25 units now",
      )
      .strictOptions() as unknown as Argv<MlPredictArgs>,
  handler: async (argv) => {
    checkMlPredictArgs(argv);
    const r = await withSeriesStore(argv, (store) => runMlPredict(store, argv));
    if (argv.json) printJson({ ...r, at: isoUtc(r.atMs) });
    else {
      process.stdout.write(
        `${r.model} predictor: ${r.qty > 0 ? "buying" : "selling"} ${Math.abs(r.qty)} ${r.key.symbol} at ${isoUtc(r.atMs)} (mid ${r.mid})\n` +
          `impact ΔP/P ${r.impactBps.toFixed(4)} bps, cost ${r.costQuote.toFixed(2)} quote\n`,
      );
    }
  },
};

export const mlCommand: CommandModule = {
  command: "ml <command>",
  // its one-line description is in commands.ts (shown by --help before this module loads)
  builder: (y: Argv) =>
    y
      .command(evaluateCommand)
      .command(trainCommand)
      .command(predictCommand)
      .demandCommand(1, "Name an ml subcommand; see the list above."),
  handler: () => {},
};
