/** `execsim report`: a self-contained HTML report (charts + TCA tables) of a stored batch, run or sweep. */
import path from "node:path";
import type { Argv, CommandModule } from "yargs";
import { ExecsimError } from "../core/errors.js";
import { checkWritableFile, writeReport } from "../report/build-report.js";
import { parseRunId, parseSweepId, type ReportSelector } from "../report/report-data.js";
import { type GlobalArgs, printJson, withStore } from "./cli-helpers.js";
import { requireExistingStore } from "./store-guard.js";

type ReportArgs = GlobalArgs & {
  batch?: string;
  run?: string;
  sweep?: string;
  out: string;
  interactive: boolean;
  parent?: string;
};

/** The one selector among --batch / --run / --sweep; INVALID_ARGUMENT unless exactly one is given. */
export function reportSelector(argv: { batch?: string; run?: string; sweep?: string }): ReportSelector {
  const given = (["batch", "run", "sweep"] as const).filter((k) => argv[k] !== undefined);
  if (given.length !== 1)
    throw new ExecsimError(
      "INVALID_ARGUMENT",
      `name exactly one of --batch ID, --run ID or --sweep ID (got ${given.length === 0 ? "none" : given.map((k) => `--${k}`).join(" and ")}); \`execsim runs list\` and \`execsim sweeps list\` show the ids`,
    );
  if (argv.batch !== undefined) return { batchId: String(argv.batch) };
  if (argv.run !== undefined) return { runId: parseRunId(argv.run) };
  return { sweepId: String(parseSweepId(argv.sweep!)) };
}

/** Print where a report went (stdout, text mode) and any chart that was left out. */
export function printReportWritten(r: {
  path: string;
  bytes: number;
  charts: string[];
  omitted: readonly { id: string; reason: string }[];
}): void {
  process.stdout.write(
    `report written to ${r.path} (${r.charts.length} charts, ${Math.ceil(r.bytes / 1024)} KiB)\n`,
  );
  for (const o of r.omitted) process.stdout.write(`  chart "${o.id}" left out: ${o.reason}\n`);
}

export const reportCommand: CommandModule<GlobalArgs, ReportArgs> = {
  command: "report",
  describe: "write a self-contained HTML report (charts, TCA tables, config) of a stored batch, run or sweep",
  builder: (y: Argv<GlobalArgs>) =>
    y
      .option("batch", { type: "string", describe: "batch id of an `execsim compare` (see runs list)" })
      .option("run", { type: "string", describe: "run id (see runs list)" })
      .option("sweep", {
        type: "string",
        describe: "sweep id of an `execsim sweep` (see sweeps list): its efficient frontier and points",
      })
      .option("out", { type: "string", default: "report.html", describe: "output HTML file" })
      .option("interactive", {
        type: "boolean",
        default: false,
        describe: "tooltips and pan/zoom, with the Vega runtime inlined (~0.7 MB larger; still offline)",
      })
      .option("parent", {
        type: "string",
        describe: "parent order whose fills are drawn on the price path (default: the median parent)",
      })
      .example("$0 report --batch 3f2c… --out report.html", "report of one `execsim compare`")
      .example("$0 report --run 12 --interactive", "one run, with tooltips and zoom")
      .example(
        "$0 report --sweep 3 --out sweep.html",
        "a sweep: realized vs theoretical frontier, recommended point",
      )
      .strictOptions() as unknown as Argv<ReportArgs>,
  handler: async (argv) => {
    const sel = reportSelector(argv);
    checkWritableFile(argv.out);
    requireExistingStore(argv);
    const opts = {
      interactive: argv.interactive,
      ...(argv.parent !== undefined ? { parentId: argv.parent } : {}),
    };
    const r = await withStore(argv, (store) => writeReport(store, sel, argv.out, opts));
    if (argv.json) printJson(r);
    else printReportWritten(r);
  },
};

/**
 * Where the report of one of `count` batches goes: FILE itself for one batch, else FILE with the
 * batch's symbol before the extension (report.html → report.BTCUSDT.html).
 */
export function reportFileFor(file: string, symbol: string, count: number): string {
  if (count <= 1) return file;
  const ext = path.extname(file);
  return `${file.slice(0, file.length - ext.length)}.${symbol}${ext}`;
}

/** The `--report FILE` option of `run`, `compare` and `sweep`. */
export function withReportOption<T>(y: Argv<T>): Argv<T & { report?: string }> {
  return y.option("report", {
    type: "string",
    describe: "also write a self-contained HTML report of the results to this file (see `execsim report`)",
  }) as Argv<T & { report?: string }>;
}
