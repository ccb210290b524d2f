/** `execsim baseline save NAME`: run a compare configuration and write it as a committable golden baseline. */
import type { Argv, CommandModule } from "yargs";
import { ExecsimError } from "../core/errors.js";
import { splitStrategyList } from "../engine/strategy-loader.js";
import { checkBaselineName, DEFAULT_BASELINE_DIR } from "../experiment/baseline/baseline-file.js";
import { saveBaseline } from "../experiment/baseline/baseline-run.js";
import { isModelSpec } from "../experiment/model-spec.js";
import { reportFailedRuns } from "./batch-output.js";
import { type GlobalArgs, printJson, withStore } from "./cli-helpers.js";
import { type CompareArgs, compareOptions } from "./compare-command.js";
import { configFromArgs, preflight } from "./simulation-options.js";

type SaveArgs = CompareArgs & { name: string; dir: string; "with-data": boolean };

const saveCommand: CommandModule<GlobalArgs, SaveArgs> = {
  command: "save <name>",
  describe:
    "run a compare configuration (its flags or --config FILE) and write baselines/NAME.json: config, candles hash, per-strategy metrics, per-parent costs and fills hashes",
  builder: (y: Argv<GlobalArgs>) =>
    compareOptions(y)
      .positional("name", {
        type: "string",
        demandOption: true,
        describe: "baseline name (letters, digits, . _ -)",
      })
      .option("dir", { type: "string", default: DEFAULT_BASELINE_DIR, describe: "folder of the baselines" })
      .option("with-data", {
        type: "boolean",
        default: false,
        describe:
          "also write the candles used as NAME.candles.csv.gz, so a CI machine with an empty database can check it",
      })
      .example(
        "$0 baseline save my-algo --strategies twap,./strategies/my-algo.ts",
        "commit baselines/my-algo.json",
      )
      .example(
        "$0 baseline save btc-june --config btc-june.yaml --with-data",
        "on real candles, saved beside the baseline for CI",
      ) as unknown as Argv<SaveArgs>,
  handler: async (argv) => {
    checkBaselineName(argv.name);
    if (isModelSpec(argv.impact))
      throw new ExecsimError(
        "INVALID_ARGUMENT",
        `--impact ${argv.impact}: a baseline is checked on a fresh database that holds no calibrated models; ` +
          "name the model's venue and parameters instead (`execsim models show NAME` lists them), e.g. --impact sqrt --impact-param eta=...",
      );
    const config = configFromArgs(argv, splitStrategyList(argv.strategies));
    await preflight(config, argv);
    const saved = await withStore(argv, (store) =>
      saveBaseline(store, argv.name, config, { dir: argv.dir, withData: argv["with-data"] }),
    );
    const b = saved.baseline;
    if (argv.json) {
      printJson({
        name: b.name,
        file: saved.file,
        candlesFile: saved.candlesFile,
        data: b.data,
        strategies: b.strategies.map((s) => ({ label: s.label, sha256: s.sha256, metrics: s.metrics })),
        runs: saved.batch.runs,
      });
    } else {
      const parents = b.strategies[0]?.parents.length ?? 0;
      process.stdout.write(
        `saved baseline ${b.name} to ${saved.file}: ${b.strategies.length} strateg${b.strategies.length === 1 ? "y" : "ies"} (${b.strategies.map((s) => s.label).join(", ")}), ${parents} parent order(s) each, on ${b.data.symbol} ${b.data.from.slice(0, 16)} .. ${b.data.to.slice(0, 16)} UTC (${b.data.bars} bars, sha256 ${b.data.candlesHash.slice(0, 16)}…)\n` +
          (saved.candlesFile ? `candles written to ${saved.candlesFile}\n` : "") +
          `Commit it; \`execsim check ${b.name}\` re-runs it and fails when a number moves.\n`,
      );
    }
    reportFailedRuns(saved.batch.runs);
  },
};

export const baselineCommand: CommandModule = {
  command: "baseline <command>",
  // its one-line description is in commands.ts (shown by --help before this module loads)
  builder: (y: Argv) =>
    y.command(saveCommand as unknown as CommandModule).demandCommand(1, "Name a baseline subcommand: save."),
  handler: () => {},
};
