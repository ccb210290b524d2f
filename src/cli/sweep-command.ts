/**
 * `execsim sweep`: one strategy over a parameter grid on the same parents as `compare`, the realized
 * cost/risk frontier beside Almgren-Chriss's theoretical one (IS), a recommended point, stored and
 * resumable (library: src/experiment/sweep/). Ctrl-C stops cleanly (finished points kept, sweep
 * marked interrupted, exit code 130); `--resume ID` finishes it.
 */
import { availableParallelism } from "node:os";
import type { Argv, CommandModule } from "yargs";
import { ExecsimError } from "../core/errors.js";
import { SWEEP_CONFIG_KINDS } from "../experiment/run-config-file.js";
import { resumeSweep, runSweep } from "../experiment/sweep/run-sweep.js";
import { planSweep, type SweepInput } from "../experiment/sweep/sweep-plan.js";
import type { SweepResult } from "../experiment/sweep/sweep-result.js";
import { checkWritableFile, writeReport } from "../report/build-report.js";
import { frontierChart, sweepTable } from "../report/sweep-report.js";
import { resolveDbPath } from "../store/database.js";
import { type GlobalArgs, printJson, withStore } from "./cli-helpers.js";
import { configFileOption } from "./config-option.js";
import { startProgress } from "./progress.js";
import { printReportWritten, withReportOption } from "./report-command.js";
import { configFromArgs, preflight, type SimulationArgs, simulationOptions } from "./simulation-options.js";
import { storeExists } from "./store-guard.js";

type SweepArgs = GlobalArgs &
  SimulationArgs & {
    strategy: string;
    param?: string[];
    scale?: string;
    "lambda-star"?: number;
    "max-sd"?: number;
    workers: number;
    resume?: number;
    config?: string;
    report?: string;
  };

function workersArg(n: number): number {
  if (!(Number.isInteger(n) && n >= 1))
    throw new ExecsimError("INVALID_ARGUMENT", `--workers must be a whole number >= 1, got ${n}`);
  return n;
}

export const sweepCommand: CommandModule<GlobalArgs, SweepArgs> = {
  command: "sweep",
  // its one-line description is in commands.ts
  builder: (y: Argv<GlobalArgs>) =>
    withReportOption(configFileOption(simulationOptions(y), SWEEP_CONFIG_KINDS))
      .hide("store") // a sweep stores parent-level rows
      .option("strategy", {
        type: "string",
        default: "is",
        describe:
          "the strategy to sweep (built-in name or file), optionally with fixed parameters, e.g. is:eta=1e-3",
      })
      .option("param", {
        type: "string",
        array: true,
        describe:
          "a swept strategy parameter (repeat for a product grid): name=lo:hi:n (log-spaced when lo > 0 and hi/lo >= 10, " +
          "else linear), name=a,b,c (a list; the way to include 0) or name=value",
      })
      .option("scale", {
        type: "string",
        choices: ["log", "linear"],
        describe: "spacing of every lo:hi:n range",
      })
      .option("lambda-star", {
        type: "number",
        describe:
          "recommend the point minimising E + X·Var of the realized shortfall in quote (X in 1/quote, as is:lambda)",
      })
      .option("max-sd", {
        type: "number",
        describe: "recommend the cheapest point whose shortfall standard deviation is at most this many bps",
      })
      .option("workers", {
        type: "number",
        default: availableParallelism(),
        describe: "worker threads (one job = one grid point × a chunk of parents; 1 = in this thread)",
      })
      .option("resume", { type: "number", describe: "finish the interrupted sweep with this id" })
      .example(
        "$0 sweep --strategy is --param lambda=1e-7:1e-3:7",
        "tune IS risk aversion on the built-in data",
      )
      .example(
        "$0 sweep --param lambda=0,1e-6,1e-5 --max-sd 20",
        "include λ = 0 (TWAP); the cheapest point within 20 bps sd",
      )
      .example("$0 sweep --strategy twap --param slices=5:60:6 --scale linear", "a TWAP slice count sweep")
      .example(
        "$0 sweep --config sweep.yaml --seed 7",
        "the flags in sweep.yaml (param: { lambda: 1e-7:1e-3:7 })",
      )
      .example("$0 sweep --resume 3", "finish sweep 3 after Ctrl-C")
      .example(
        "$0 sweep --param lambda=1e-7:1e-3:7 --report sweep.html",
        "also write the HTML report (frontier chart; see `execsim report --sweep`)",
      ) as unknown as Argv<SweepArgs>,
  handler: async (argv) => {
    const workers = workersArg(argv.workers);
    if (argv.report !== undefined) checkWritableFile(argv.report, "--report");
    const controller = new AbortController();
    const onSigint = () => {
      process.stderr.write("\nstopping after the points in progress are dropped; finished points are kept\n");
      controller.abort();
    };
    const progress = startProgress(argv, "sweep", "points");
    const opts = {
      workers,
      signal: controller.signal,
      onProgress: (done: number, total: number) => progress.update(done, total),
    };
    let result: SweepResult;
    process.once("SIGINT", onSigint);
    try {
      if (argv.resume !== undefined) {
        if (!(Number.isSafeInteger(argv.resume) && argv.resume > 0))
          throw new ExecsimError(
            "INVALID_ARGUMENT",
            `--resume needs a sweep id (see \`execsim sweeps list\`), got ${argv.resume}`,
          );
        if ((argv.param ?? []).length > 0)
          throw new ExecsimError(
            "INVALID_ARGUMENT",
            "--resume runs the stored sweep as it was planned; drop --param (start a new sweep for another grid)",
          );
        if (!storeExists(argv))
          throw new ExecsimError(
            "NOT_FOUND",
            `no database at ${resolveDbPath(argv.db)}, so no sweep ${argv.resume} to resume`,
          );
        const id = argv.resume;
        result = await withStore(argv, (store) => resumeSweep(store, id, opts));
      } else {
        const config = configFromArgs(argv, [argv.strategy]);
        const { strategies: _ignored, ...run } = config;
        const input: SweepInput = {
          strategy: argv.strategy,
          params: argv.param ?? [],
          ...(argv.scale ? { scale: argv.scale as "log" | "linear" } : {}),
          lambdaStar: argv["lambda-star"] ?? null,
          maxSdBps: argv["max-sd"] ?? null,
          run,
        };
        await planSweep(input); // every grid / parameter check before the store is opened
        await preflight(config, argv);
        result = await withStore(argv, (store) => runSweep(store, input, opts));
      }
    } finally {
      process.removeListener("SIGINT", onSigint);
      progress.stop();
    }
    const reportFile = argv.report;
    const report =
      reportFile === undefined
        ? null
        : await withStore(argv, (store) =>
            writeReport(store, { sweepId: String(result.sweepId) }, reportFile),
          );
    if (argv.json) printSweepJson(report ? { ...result, report: report.path } : result);
    else printSweepText(result);
    if (report && !argv.json) printReportWritten(report);
    if (result.status === "interrupted") process.exitCode = 130;
    else if (result.points.some((p) => p.status === "failed")) process.exitCode = 1;
  },
};

/** The JSON of `sweep` and `sweeps show`: {sweepId, status, data, points, recommended, notes[, report]}. */
export function printSweepJson(r: SweepResult & { report?: string }): void {
  printJson(r);
}

export function printSweepText(r: SweepResult): void {
  const out = [
    `sweep ${r.sweepId}: ${r.strategy} over ${r.axes.map((a) => `${a.name} (${a.kind}: ${a.spec})`).join(" × ")}, ` +
      `${r.points.length} point(s) on ${r.data.symbol} ${r.data.category} ${r.data.interval}; status ${r.status}`,
    ...r.notes.map((n) => `note: ${n}`),
    "",
    sweepTable(r),
    "",
    frontierChart(r),
    "",
    r.recommended
      ? `recommended: #${r.recommended.index + 1} ${r.recommended.label} (${r.recommended.rule}): ` +
        `IS ${r.recommended.shortfallBps.toFixed(2)} ± ${r.recommended.sdBps.toFixed(2)} bps`
      : r.status === "completed"
        ? "recommended: none (no completed point meets the rule)"
        : `not finished: ${r.error ?? r.status}`,
    "IS = implementation shortfall vs arrival mid, bps of arrival notional (costs > 0 hurt); theory = the " +
      "Almgren-Chriss expected cost and sd for the σ, η, γ the strategy estimated per parent (IS only).",
  ];
  process.stdout.write(`${out.join("\n")}\n`);
}
