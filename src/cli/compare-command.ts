/** `execsim compare`: several strategies on the same parent orders, a table best first, all stored. */
import type { Argv, CommandModule } from "yargs";
import { ExecsimError } from "../core/errors.js";
import { splitStrategyList } from "../engine/strategy-loader.js";
import { type BatchResult, runBatch } from "../experiment/batch.js";
import { compareOnParents } from "../experiment/compare-own-parents.js";
import { readParentOrders } from "../experiment/own-orders-file.js";
import { COMPARE_CONFIG_KINDS } from "../experiment/run-config-file.js";
import { checkWritableFile, writeReport } from "../report/build-report.js";
import { recalibrationTable } from "../report/recalibration-table.js";
import {
  COMPARISON_LEGEND,
  comparisonTable,
  costPartsByStrategy,
  costPartsTable,
} from "../report/tca-tables.js";
import { venueSplit } from "../store/venue-tca-store.js";
import { batchDataJson, describeBatch, reportFailedRuns, reportWarnings } from "./batch-output.js";
import { type GlobalArgs, printJson, withStore } from "./cli-helpers.js";
import { configFileOption } from "./config-option.js";
import { withProgress } from "./progress.js";
import { printReportWritten, reportFileFor, withReportOption } from "./report-command.js";
import {
  batchOptionsFromArgs,
  configFromArgs,
  preflight,
  type SimulationArgs,
  simulationOptions,
} from "./simulation-options.js";

export type CompareArgs = GlobalArgs &
  SimulationArgs & { strategies: string; config?: string; parents?: string };

/** The flags of `execsim compare` (also taken by `execsim baseline save`), with --config. */
export function compareOptions(y: Argv<GlobalArgs>): Argv<CompareArgs> {
  return configFileOption(
    simulationOptions(y)
      .option("recalibrate", {
        type: "string",
        describe:
          "closed loop, with --impact model:NAME: every:N refits the model every N parents (in time order) on each strategy's " +
          "fills of the parents that ended before the next one starts; the pre-trade estimate and IS / adaptive then plan with the refit",
      })
      .option("strategies", {
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

/** Flags that shape the generated parents, so they do not apply with --parents. */
const GENERATOR_FLAGS = ["qty", "adv-fraction", "adv-days", "side", "horizon", "start-time"] as const;

export const compareCommand: CommandModule<GlobalArgs, CompareArgs> = {
  command: "compare",
  // its one-line description is in commands.ts (shown by --help before this module loads)
  builder: (y: Argv<GlobalArgs>) =>
    withReportOption(compareOptions(y))
      .option("parents", {
        type: "string",
        describe:
          "run on your own parent orders from this CSV / JSON file (parent_id, symbol, side, qty, start, end " +
          "[, limit_price]) instead of one generated parent a day; --qty, --adv-fraction, --side, --horizon and " +
          "--start-time do not apply; one batch per symbol of the file",
      })
      .example("$0 compare", "TWAP, VWAP, POV and IS on the built-in data, one parent per day")
      .example(
        "$0 compare --parents my-orders.csv --symbol BTCUSDT",
        "the strategies on your own parent orders",
      )
      .example(
        "$0 compare --strategies twap,is:lambda=1e-5,is:lambda=1e-4,pov:rate=0.2",
        "IS at two risk aversions (λ, 1/quote) against TWAP and a 20% POV",
      )
      .example(
        "$0 compare --symbol BTCUSDT --from 2025-06-01 --to 2025-06-15 --adv-fraction 0.001 --horizon 30m",
        "on imported Bybit candles",
      )
      .example("$0 compare --config compare.yaml --seed 7", "the flags in compare.yaml, with another seed")
      .example(
        "$0 compare --symbol BTCUSDT --impact model:btc-sqrt --recalibrate every:5",
        "the stored model btc-sqrt as the market, refitted every 5 parents on the run's own fills",
      ),
  handler: async (argv) => {
    const config = configFromArgs(argv, splitStrategyList(argv.strategies));
    const reportFile = (argv as { report?: string }).report;
    if (reportFile !== undefined) checkWritableFile(reportFile, "--report");
    if (argv.parents !== undefined) {
      const given = GENERATOR_FLAGS.filter((f) => argv[f] !== undefined);
      if (given.length > 0)
        throw new ExecsimError(
          "INVALID_ARGUMENT",
          `--${given.join(", --")} ${given.length === 1 ? "does" : "do"} not apply with --parents: each parent order in ` +
            `${argv.parents} has its own side, size, start and end`,
        );
      // strategies, venue and the file are checked before the store is opened: bad input creates no database
      await preflight(config);
      const parents = readParentOrders(argv.parents);
      const { results, reports } = await withStore(argv, async (store) => {
        const results = await compareOnParents(store, config, parents, batchOptionsFromArgs(argv));
        const reports: (string | null)[] = [];
        for (const r of results)
          reports.push(
            reportFile === undefined
              ? null
              : (
                  await writeReport(
                    store,
                    { batchId: r.batchId! },
                    reportFileFor(reportFile, r.symbol, results.length),
                  )
                ).path,
          );
        return { results, reports };
      });
      if (argv.json) {
        const out = results.map((r, i) => ({
          ...compareJson(r),
          ...(reports[i] ? { report: reports[i] } : {}),
        }));
        printJson(out.length === 1 ? out[0] : { batches: out, runs: results.flatMap((r) => r.runs) });
      } else
        results.forEach((r, i) => {
          printCompare(r, true);
          if (reports[i]) process.stdout.write(`report written to ${reports[i]}\n`);
        });
      reportFailedRuns(results.flatMap((r) => r.runs));
      return;
    }
    await preflight(config, argv);
    const { result, venues, report } = await withProgress(argv, "compare", "executions", (bar) =>
      withStore(argv, async (store) => {
        const result = await runBatch(store, config, "compare", {
          ...batchOptionsFromArgs(argv),
          onProgress: (d, t) => bar.update(d, t),
        });
        // routed runs (--pools): each run's split by venue, from tca_venues
        const venues = config.pools
          ? result.runs.map((r) => ({
              strategy: r.strategy,
              runId: r.runId,
              venues: venueSplit(store, r.runId),
            }))
          : undefined;
        const report =
          reportFile === undefined
            ? null
            : await writeReport(store, { batchId: result.batchId! }, reportFile);
        return { result, venues, report };
      }),
    );
    if (argv.json)
      printJson({
        ...compareJson(result),
        ...(venues ? { venues } : {}),
        ...(report ? { report: report.path } : {}),
      });
    else {
      printCompare(result, false);
      if (venues) {
        const pct = (x: number) => `${(x * 100).toFixed(x >= 0.1 ? 1 : 3)}%`;
        const lines = venues.map(
          (v) =>
            `  ${v.strategy}: ${v.venues.map((x) => `${x.venue} ${pct(x.qtyShare)}`).join(", ") || "no fills"}`,
        );
        process.stdout.write(
          `\nQuantity by venue (routed runs; runs show <id> for fees and cost by venue):\n${lines.join("\n")}\n`,
        );
      }
      if (report) printReportWritten(report);
    }
    reportFailedRuns(result.runs);
  },
};

/** The JSON of one compare batch. */
function compareJson(result: BatchResult) {
  return {
    batchId: result.batchId,
    data: { ...batchDataJson(result), candlesHash: result.candlesHash },
    parents: result.parents,
    firstParentMs: result.firstParentMs,
    lastParentMs: result.lastParentMs,
    parentQtyBase: Number.isFinite(result.parentQtyBase) ? result.parentQtyBase : null,
    advBase: Number.isFinite(result.advBase) ? result.advBase : null,
    warnings: result.warnings,
    spread: result.spread,
    instrument: result.instrument,
    runs: result.runs,
    summary: result.summary,
    costParts: costPartsByStrategy(
      result.tca,
      result.summary.map((s) => s.strategy),
    ),
    ...(result.recalibration ? { recalibration: result.recalibration } : {}),
    timingsMs: result.timingsMs,
  };
}

/** The terminal report of one compare batch. */
function printCompare(result: BatchResult, ownParents: boolean): void {
  reportWarnings(result.warnings);
  const parts = costPartsByStrategy(
    result.tca,
    result.summary.map((s) => s.strategy),
  );
  process.stdout.write(`${describeBatch(result, ownParents)}\n\n${comparisonTable(result.summary)}\n\n`);
  process.stdout.write(`${COMPARISON_LEGEND}\n\n`);
  process.stdout.write(`${costPartsTable(parts)}\n\n`);
  if (result.recalibration) process.stdout.write(`${recalibrationTable(result.recalibration)}\n\n`);
  process.stdout.write(
    "Mean cost parts (bps of arrival notional, completed parents; they add up to the mean IS): spread = half " +
      "the quoted spread, impact = own temporary + permanent + transient impact, timing = the market's drift " +
      "from the arrival mid to each fill, opport. = the unfilled rest valued at the horizon end.\n" +
      `Stored as runs ${result.runs.map((r) => r.runId).join(", ")} (batch ${result.batchId}); ` +
      "`execsim runs show <id>` for the per-parent breakdown.\n",
  );
}
