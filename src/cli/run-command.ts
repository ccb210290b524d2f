/** `execsim run`: one strategy over the parent orders, per-parent TCA printed and stored. */
import type { Argv, CommandModule } from "yargs";
import { ExecsimError } from "../core/errors.js";
import { splitStrategyList } from "../engine/strategy-loader.js";
import { runBatch } from "../experiment/batch.js";
import { RUN_CONFIG_KINDS } from "../experiment/run-config-file.js";
import { checkWritableFile, writeReport } from "../report/build-report.js";
import { COMPARISON_LEGEND, comparisonTable, parentRowsFromTca, parentTable } from "../report/tca-tables.js";
import { aggregateByStrategy } from "../tca/aggregate.js";
import { batchDataJson, describeBatch, reportFailedRuns, reportWarnings } from "./batch-output.js";
import { type GlobalArgs, printJson, withStore } from "./cli-helpers.js";
import { configFileOption } from "./config-option.js";
import { withProgress } from "./progress.js";
import { printReportWritten, withReportOption } from "./report-command.js";
import {
  batchOptionsFromArgs,
  configFromArgs,
  preflight,
  type SimulationArgs,
  simulationOptions,
} from "./simulation-options.js";

type RunArgs = GlobalArgs & SimulationArgs & { strategy: string; config?: string; report?: string };

export const runCommand: CommandModule<GlobalArgs, RunArgs> = {
  command: "run",
  // its one-line description is in commands.ts (shown by --help before this module loads)
  builder: (y: Argv<GlobalArgs>) =>
    configFileOption(
      withReportOption(simulationOptions(y)).option("strategy", {
        type: "string",
        default: "twap",
        describe:
          "built-in name (twap, vwap, pov, is, adaptive) or a strategy file (./my-strategy.ts), optionally with " +
          "parameters name:key=value[:key=value] (numbers or true/false), e.g. is:lambda=1e-5 or ./my.ts:foo=1",
      }),
      RUN_CONFIG_KINDS,
    )
      .example(
        "$0 run --strategy is:lambda=1e-5",
        "implementation shortfall with risk aversion λ = 1e-5 (1/quote)",
      )
      .example("$0 run --strategy vwap --horizon 2h", "VWAP over two hours on the built-in data")
      .example(
        "$0 run --config run.yaml",
        "the flags in run.yaml (`execsim runs show ID --config` writes one)",
      ) as unknown as Argv<RunArgs>,
  handler: async (argv) => {
    const specs = splitStrategyList(argv.strategy);
    if (specs.length !== 1)
      throw new ExecsimError(
        "INVALID_ARGUMENT",
        `--strategy takes one strategy, got ${specs.length} ("${argv.strategy}"); use \`execsim compare --strategies\` for several`,
      );
    const config = configFromArgs(argv, specs);
    if ((config.routing?.length ?? 0) > 1)
      throw new ExecsimError(
        "INVALID_ARGUMENT",
        `--routing: \`execsim run\` takes one routing mode, got ${config.routing!.join(",")}; use \`execsim compare --routing\` for several`,
      );
    if (argv.report !== undefined) checkWritableFile(argv.report, "--report");
    await preflight(config, argv);
    const { result, report } = await withProgress(argv, "run", "executions", (bar) =>
      withStore(argv, async (store) => {
        const result = await runBatch(store, config, "run", {
          ...batchOptionsFromArgs(argv),
          onProgress: (d, t) => bar.update(d, t),
        });
        const report =
          argv.report === undefined
            ? null
            : await writeReport(store, { runId: result.runs[0]!.runId }, argv.report);
        return { result, report };
      }),
    );
    const run = result.runs[0]!;
    if (argv.json) {
      printJson({
        runId: run.runId,
        strategy: run.strategy,
        status: run.status,
        error: run.error,
        data: batchDataJson(result),
        parentQtyBase: result.parentQtyBase,
        warnings: result.warnings,
        summary: result.summary[0] ?? null,
        parents: result.tca,
        ...(report ? { report: report.path } : {}),
      });
    } else {
      reportWarnings(result.warnings);
      process.stdout.write(`${describeBatch(result)}\n\n${parentTable(parentRowsFromTca(result.tca))}\n\n`);
      process.stdout.write(
        `${comparisonTable(aggregateByStrategy(result.tca))}\n\n${COMPARISON_LEGEND}\n\nStored as run ${run.runId}.\n`,
      );
      if (report) printReportWritten(report);
    }
    reportFailedRuns([run]);
  },
};
