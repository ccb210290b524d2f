/** `execsim calibrate`: fit an impact model to fills or stored runs and store it as a versioned record. */
import type { Argv, CommandModule } from "yargs";
import { calibrate, calibrationJson, validateCalibrateInput } from "../calibration/calibrate.js";
import { CALIBRATED_MODEL_KINDS } from "../calibration/calibrated-model.js";
import { parseInterval } from "../core/interval.js";
import { CATEGORIES, type Category } from "../core/market-types.js";
import { calibrationText } from "../report/calibration-table.js";
import { type GlobalArgs, printJson, withStore } from "./cli-helpers.js";
import { requireExistingStore, requireStoreFor } from "./store-guard.js";

type CalibrateArgs = GlobalArgs & {
  fills?: string;
  parents?: string;
  run?: (string | number)[];
  model: string;
  name: string;
  symbol?: string;
  category: string;
  interval: string;
  regimes?: number;
  kernel: string;
  l0: number;
  folds: number;
  ml: boolean;
};

/** `--run 3 4` or `--run 3,4` → [3, 4] (a malformed id becomes NaN, which validation rejects). */
function runIds(values: readonly (string | number)[]): number[] {
  return values.flatMap((v) =>
    String(v)
      .split(",")
      .filter((x) => x.trim() !== "")
      .map((x) => (/^\s*\d+\s*$/.test(x) ? Number(x) : Number.NaN)),
  );
}

export const calibrateCommand: CommandModule<GlobalArgs, CalibrateArgs> = {
  command: "calibrate",
  describe:
    "fit an impact model (sqrt, ac, propagator) to fills or stored runs, per volatility regime, and store it",
  builder: (y: Argv<GlobalArgs>) =>
    y
      .option("fills", {
        type: "string",
        describe:
          "your executions: a fills file (parent_id, timestamp, side, qty, price [, fee, venue, arrival_price, symbol]) " +
          "or a parents + fills file as for `orders import`",
      })
      .option("parents", {
        type: "string",
        describe:
          "a separate parents file for --fills (parent_id, symbol, side, qty, start, end), as `orders import` takes",
      })
      .option("run", {
        type: "string",
        array: true,
        describe: "stored run id(s) to calibrate on (simulated or imported): --run 3 4, or --run 3,4",
      })
      .option("model", {
        type: "string",
        demandOption: true,
        describe: `model kind: ${CALIBRATED_MODEL_KINDS.join(" | ")}`,
      })
      .option("name", {
        type: "string",
        demandOption: true,
        describe: "name to store the model under (a new version each time)",
      })
      .option("symbol", {
        type: "string",
        describe: "market of fills that carry no symbol (its stored candles give σ and ADV)",
      })
      .option("category", {
        type: "string",
        default: "linear",
        choices: CATEGORIES as string[],
        describe: "category of the candles (--fills)",
      })
      .option("interval", { type: "string", default: "1", describe: "bar interval of the candles (--fills)" })
      .option("regimes", {
        type: "number",
        describe: "split by realized volatility into N regimes (3 = calm / normal / stressed terciles)",
      })
      .option("kernel", {
        type: "string",
        default: "exponential",
        choices: ["exponential", "power-law"],
        describe: "propagator decay kernel: exponential (fits halfLifeMs) or power-law (fits beta)",
      })
      .option("l0", { type: "number", default: 60_000, describe: "power-law kernel ℓ0 in ms (held fixed)" })
      .option("folds", { type: "number", default: 4, describe: "walk-forward out-of-sample test blocks" })
      .option("ml", {
        type: "boolean",
        default: true,
        describe: "compare with the ML predictors out of sample (--no-ml skips it)",
      })
      .example("$0 calibrate --fills fills.csv --symbol BTCUSDT --model sqrt --name btc-sqrt --regimes 3", "")
      .example("$0 calibrate --run 12 13 --model propagator --name sim-prop --json", "")
      .epilogue(
        "Each parent order is one observation: its cost against the arrival price, its size against the ADV and the " +
          "daily volatility of the day before its start, and its markouts after the end. sqrt fits η and δ of " +
          "c = η·σ·(Q/V)^δ (log-linear OLS and a Huber-robust variant); ac fits η (temporary) and γ (permanent, from the " +
          "markout that stays); propagator fits the decay of the markout curve. Errors: in-sample and walk-forward out of " +
          "sample (by time); with --regimes one fit per regime and a Chow F-test of whether they differ. The OLS and " +
          "network predictors are scored on the same split. Then: `execsim models show NAME`, `--impact model:NAME`.",
      ) as unknown as Argv<CalibrateArgs>,
  handler: async (argv) => {
    const input = {
      ...(argv.fills !== undefined ? { fills: argv.fills } : {}),
      ...(argv.parents !== undefined ? { parents: argv.parents } : {}),
      ...(argv.run !== undefined ? { runs: runIds(argv.run) } : {}),
      model: argv.model,
      name: argv.name,
      ...(argv.symbol !== undefined ? { symbol: argv.symbol } : {}),
      category: argv.category as Category,
      interval: parseInterval(argv.interval),
      ...(argv.regimes !== undefined ? { regimes: argv.regimes } : {}),
      propagator: { kernel: argv.kernel as "exponential" | "power-law", l0Ms: argv.l0 },
      folds: argv.folds,
      noMl: !argv.ml,
    };
    validateCalibrateInput(input);
    // a missing database is reported, not created
    if (input.fills === undefined) requireExistingStore(argv);
    else
      requireStoreFor(argv, {
        symbol: input.symbol ?? "(the fills' symbol)",
        category: input.category,
        interval: input.interval,
      });
    const result = await withStore(argv, (store) => calibrate(store, input));
    if (argv.json) printJson(calibrationJson(result));
    else process.stdout.write(calibrationText(result));
  },
};
