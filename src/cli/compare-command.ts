/** `execsim compare`: several strategies on the same parent orders, a table best first, all stored. */
import type { Argv, CommandModule } from "yargs";
import { splitStrategyList } from "../engine/strategy-loader.js";
import { runBatch } from "../experiment/batch.js";
import { COMPARE_CONFIG_KINDS } from "../experiment/run-config-file.js";
import { comparisonTable, costPartsByStrategy, costPartsTable } from "../report/tca-tables.js";
import { batchDataJson, describeBatch, reportFailedRuns } from "./batch-output.js";
import { type GlobalArgs, printJson, withStore } from "./cli-helpers.js";
import { configFileOption } from "./config-option.js";
import {
  batchOptionsFromArgs,
  configFromArgs,
  preflight,
  type SimulationArgs,
  simulationOptions,
} from "./simulation-options.js";

export type CompareArgs = GlobalArgs & SimulationArgs & { strategies: string; config?: string };

/** The flags of `execsim compare` (also taken by `execsim baseline save`), with --config. */
export function compareOptions(y: Argv<GlobalArgs>): Argv<CompareArgs> {
  return configFileOption(
    simulationOptions(y).option("strategies", {
      type: "string",
      default: "twap,vwap,pov,is",
      describe:
        "comma-separated built-in names (twap, vwap, pov, is, adaptive) or strategy files (./my-strategy.ts), " +
        "each optionally with parameters name:key=value[:key=value] (numbers or true/false), e.g. " +
        "is:lambda=1e-5,pov:rate=0.2; a strategy may be listed with different parameters, labelled is(lambda=1e-5)",
    }),
    COMPARE_CONFIG_KINDS,
  );
}

export const compareCommand: CommandModule<GlobalArgs, CompareArgs> = {
  command: "compare",
  // its one-line description is in commands.ts (shown by --help before this module loads)
  builder: (y: Argv<GlobalArgs>) =>
    compareOptions(y)
      .example("$0 compare", "TWAP, VWAP, POV and IS on the built-in data, one parent per day")
      .example(
        "$0 compare --strategies twap,is:lambda=1e-5,is:lambda=1e-4,pov:rate=0.2",
        "IS at two risk aversions (λ, 1/quote) against TWAP and a 20% POV",
      )
      .example(
        "$0 compare --symbol BTCUSDT --from 2025-06-01 --to 2025-06-15 --adv-fraction 0.001 --horizon 30m",
        "on imported Bybit candles",
      )
      .example("$0 compare --config compare.yaml --seed 7", "the flags in compare.yaml, with another seed"),
  handler: async (argv) => {
    const config = configFromArgs(argv, splitStrategyList(argv.strategies));
    await preflight(config, argv);
    const result = await withStore(argv, (store) =>
      runBatch(store, config, "compare", batchOptionsFromArgs(argv)),
    );
    const parts = costPartsByStrategy(
      result.tca,
      result.summary.map((s) => s.strategy),
    );
    if (argv.json) {
      printJson({
        batchId: result.batchId,
        data: { ...batchDataJson(result), candlesHash: result.candlesHash },
        parents: result.parents,
        firstParentMs: result.firstParentMs,
        lastParentMs: result.lastParentMs,
        parentQtyBase: result.parentQtyBase,
        advBase: Number.isFinite(result.advBase) ? result.advBase : null,
        runs: result.runs,
        summary: result.summary,
        costParts: parts,
        timingsMs: result.timingsMs,
      });
    } else {
      process.stdout.write(`${describeBatch(result)}\n\n${comparisonTable(result.summary)}\n\n`);
      process.stdout.write(
        "IS = implementation shortfall vs arrival mid incl. fees and opportunity cost, bps of arrival notional; " +
          "costs > 0 hurt. IS − best = mean paired difference with rank 1 over the same parents (standard error): " +
          "a gap within 2 se is not supported by this sample.\n\n",
      );
      process.stdout.write(`${costPartsTable(parts)}\n\n`);
      process.stdout.write(
        "Mean cost parts (bps of arrival notional, completed parents; they add up to the mean IS): spread = half " +
          "the quoted spread, impact = own temporary + permanent + transient impact, timing = the market's drift " +
          "from the arrival mid to each fill, opport. = the unfilled rest valued at the horizon end.\n" +
          `Stored as runs ${result.runs.map((r) => r.runId).join(", ")} (batch ${result.batchId}); ` +
          "`execsim runs show <id>` for the per-parent breakdown.\n",
      );
    }
    reportFailedRuns(result.runs);
  },
};
