/**
 * `execsim runs list|show|diff|export|delete|prune`: stored runs, newest first; one run's config,
 * status and per-parent TCA (with a notice when its candles changed since); what changed between two
 * runs; one stored table of a run or a batch as CSV, JSON lines or Parquet; deleting and pruning runs
 * with their rows, then VACUUM (src/store/run-housekeeping.ts).
 */
import type { Argv, CommandModule } from "yargs";
import { ExecsimError } from "../core/errors.js";
import { parseTimeMs } from "../core/interval.js";
import { diffRuns } from "../experiment/baseline/runs-diff.js";
import { formatRunConfigFile } from "../experiment/run-config-file.js";
import { flagsOfStoredRun } from "../experiment/run-flags.js";
import { checkWritableFile } from "../report/build-report.js";
import { parseRunId, selectedRunIds } from "../report/report-data.js";
import {
  checkExportArgs,
  EXPORT_FORMATS,
  EXPORT_TABLES,
  type ExportFormat,
  exportChunks,
  exportParquet,
  writeExportFile,
} from "../report/result-export.js";
import { formatSnapshotDiff } from "../report/snapshot-diff-text.js";
import { parentRowsFromStored, parentTable, runsTable } from "../report/tca-tables.js";
import { venueSplitTable } from "../report/venue-split-table.js";
import { checkRunCandles } from "../store/run-candles-check.js";
import { type DeleteResult, deleteRuns, pruneRuns } from "../store/run-housekeeping.js";
import { getRun, listRuns, parentTcaRows } from "../store/run-queries.js";
import { venueSplit } from "../store/venue-tca-store.js";
import { type GlobalArgs, printJson, withStore } from "./cli-helpers.js";
import { requireExistingStore } from "./store-guard.js";

type ListArgs = GlobalArgs & { limit: number; status?: string; batch?: string };
type ShowArgs = GlobalArgs & { id: string; config: boolean };
type DeleteArgs = GlobalArgs & { ids: string[] };
type PruneArgs = GlobalArgs & { before?: string; keep?: number; "dry-run": boolean };

const listCommand: CommandModule<GlobalArgs, ListArgs> = {
  command: "list",
  describe: "stored runs, newest first (a 'running' run whose process is gone shows as stale)",
  builder: (y: Argv<GlobalArgs>) =>
    y
      .option("limit", { type: "number", default: 50, describe: "at most this many runs" })
      .option("status", { type: "string", choices: ["running", "completed", "failed", "stale"] })
      .option("batch", {
        type: "string",
        describe: "only the runs of this compare batch id",
      }) as Argv<ListArgs>,
  handler: async (argv) => {
    if (!(Number.isInteger(argv.limit) && argv.limit > 0))
      throw new ExecsimError("INVALID_ARGUMENT", `--limit must be a whole number > 0, got ${argv.limit}`);
    const rows = await withStore(argv, (store) =>
      listRuns(store, { limit: argv.limit, status: argv.status, batchId: argv.batch }),
    );
    if (argv.json) printJson(rows);
    else
      process.stdout.write(
        rows.length === 0 ? "no runs stored yet; try `execsim compare`\n" : `${runsTable(rows)}\n`,
      );
  },
};

const showCommand: CommandModule<GlobalArgs, ShowArgs> = {
  command: "show <id>",
  describe: "one run: config, status, timings and per-parent TCA",
  builder: (y: Argv<GlobalArgs>) =>
    y
      .positional("id", {
        // a string, parsed below: yargs would turn "abc" into NaN and the message could not quote it
        type: "string",
        describe: "run id (see runs list)",
        demandOption: true,
      })
      .option("config", {
        type: "boolean",
        default: false,
        describe:
          "print only the run's resolved config as a file `execsim run|compare --config FILE` accepts (YAML; JSON with --json)",
      })
      .example(
        "$0 runs show 12 --config > run.yaml",
        "save run 12's config; `execsim compare --config run.yaml` repeats it",
      ) as Argv<ShowArgs>,
  handler: async (argv) => {
    const id = parseRunId(argv.id);
    if (argv.config) {
      const run = await withStore(argv, (store) => getRun(store, id));
      process.stdout.write(formatRunConfigFile(flagsOfStoredRun(run), argv.json ? "json" : "yaml"));
      return;
    }
    const { run, tca, check, venues } = await withStore(argv, (store) => {
      const r = getRun(store, id);
      return {
        run: r,
        tca: parentTcaRows(store, id),
        check: checkRunCandles(store, r),
        venues: venueSplit(store, id),
      };
    });
    if (argv.json) {
      printJson({
        ...run,
        candlesMatch: check.matches,
        currentCandlesHash: check.currentHash,
        parents: tca,
        ...(venues.length > 0 ? { venues } : {}),
      });
      return;
    }
    const lines = [
      ...(check.matches
        ? []
        : [
            `notice: the stored candles of this run's range no longer match its candles hash (${check.currentHash === null ? "they were deleted" : "they were re-imported with different values"}); re-running it will not reproduce these results`,
          ]),
      `run ${run.id}: ${run.command} ${run.strategy}  status ${run.status}${run.error ? ` (${run.error})` : ""}`,
      `data ${run.symbol} ${run.category} ${run.interval}, ${new Date(run.fromMs).toISOString()} .. ${new Date(run.toMs).toISOString()}, candles sha256 ${run.candlesHash.slice(0, 16)}…`,
      `seed ${run.seed}, code ${run.codeVersion}${run.batchId ? `, batch ${run.batchId}` : ""}`,
      ...strategySourceLines(run.config, run.strategy),
      ...impactModelLines(run.config),
      `config ${JSON.stringify(run.config)}`,
      `timings ${JSON.stringify(run.timings)}`,
      "",
      tca.length > 0
        ? parentTable(parentRowsFromStored(tca))
        : run.summary !== null
          ? `stored with --store summary (no per-parent rows): summary ${JSON.stringify(run.summary)}`
          : "no parent orders stored for this run",
      ...(venues.length > 0 ? ["", venueSplitTable(venues)] : []),
    ];
    process.stdout.write(`${lines.join("\n")}\n`);
  },
};

function printDeleted(r: DeleteResult, json: boolean | undefined, dryRun = false): void {
  if (json) {
    printJson({ ...r, dryRun });
    return;
  }
  const mb = (b: number) => `${(b / 1e6).toFixed(1)} MB`;
  const what = dryRun ? "would delete" : "deleted";
  const ids = r.deleted.length > 0 ? ` (${r.deleted.join(", ")})` : "";
  const size = dryRun
    ? `; database ${mb(r.bytesBefore)}`
    : `; database ${mb(r.bytesBefore)} -> ${mb(r.bytesAfter)}`;
  process.stdout.write(`${what} ${r.deleted.length} run${r.deleted.length === 1 ? "" : "s"}${ids}${size}\n`);
}

const deleteCommand: CommandModule<GlobalArgs, DeleteArgs> = {
  command: "delete <ids..>",
  describe: "delete runs (with their orders, fills and TCA), then VACUUM the database",
  builder: (y: Argv<GlobalArgs>) =>
    y
      .positional("ids", {
        type: "string",
        array: true,
        describe: "run ids (see runs list)",
        demandOption: true,
      })
      .example("$0 runs delete 3 4 7", "delete three runs") as unknown as Argv<DeleteArgs>,
  handler: async (argv) => {
    const ids = argv.ids.map((x) => parseRunId(x));
    requireExistingStore(argv);
    const result = await withStore(argv, (store) => deleteRuns(store, ids));
    printDeleted(result, argv.json);
  },
};

const pruneCommand: CommandModule<GlobalArgs, PruneArgs> = {
  command: "prune",
  describe: "delete runs created before a date and/or all but the newest N, then VACUUM the database",
  builder: (y: Argv<GlobalArgs>) =>
    y
      .option("before", {
        type: "string",
        describe: "delete runs created before this time (ISO-8601 UTC or epoch ms)",
      })
      .option("keep", { type: "number", describe: "keep the newest N runs, delete the rest" })
      .option("dry-run", { type: "boolean", default: false, describe: "only list what would be deleted" })
      .example("$0 runs prune --keep 20", "keep the 20 newest runs")
      .example(
        "$0 runs prune --before 2026-01-01",
        "delete runs created before 2026",
      ) as unknown as Argv<PruneArgs>,
  handler: async (argv) => {
    if (argv.before === undefined && argv.keep === undefined)
      throw new ExecsimError("INVALID_ARGUMENT", "runs prune: give --before DATE or --keep N (or both)");
    const beforeMs = argv.before !== undefined ? parseTimeMs(argv.before, "--before") : undefined;
    requireExistingStore(argv);
    const result = await withStore(argv, (store) =>
      pruneRuns(store, {
        ...(beforeMs !== undefined ? { beforeMs } : {}),
        ...(argv.keep !== undefined ? { keep: argv.keep } : {}),
        dryRun: argv["dry-run"],
      }),
    );
    printDeleted(result, argv.json, argv["dry-run"]);
  },
};

/** "strategy <source> sha256 <hex>, params {...}" for the run's strategy, from the stored config. */
function strategySourceLines(config: unknown, strategy: string): string[] {
  const list = (config as { strategySources?: unknown } | null)?.strategySources;
  if (!Array.isArray(list)) return [];
  const s = list.find((x) => (x as { name?: unknown })?.name === strategy) as
    | { source?: string; sha256?: string; params?: Record<string, unknown> }
    | undefined;
  if (!s) return [];
  const params = s.params && Object.keys(s.params).length > 0 ? `, params ${JSON.stringify(s.params)}` : "";
  return [`strategy ${s.source ?? "?"} sha256 ${s.sha256 ?? "(not recorded)"}${params}`];
}

/** "impact model model:NAME@V (kind; params, regimes)" when the run used a stored calibrated model. */
function impactModelLines(config: unknown): string[] {
  const m = (config as { impactModel?: unknown } | null)?.impactModel as
    | { spec?: string; model?: string; params?: Record<string, number>; regimes?: { label: string }[] }
    | undefined;
  if (!m?.spec) return [];
  const regimes =
    m.regimes && m.regimes.length > 0 ? `, regimes ${m.regimes.map((r) => r.label).join("/")}` : "";
  const recal = (config as { recalibrateEvery?: number }).recalibrateEvery;
  return [
    `impact model ${m.spec} (${m.model ?? "?"}; ${JSON.stringify(m.params ?? {})}${regimes})${recal ? `, refitted every ${recal} parents` : ""}`,
  ];
}

type ExportArgs = GlobalArgs & { id?: string; batch?: string; table: string; format: string; out?: string };

/** Write a chunked export to stdout, waiting for the pipe to drain between chunks. */
async function writeChunksToStdout(chunks: Iterable<string | Uint8Array>): Promise<void> {
  for (const chunk of chunks)
    if (!process.stdout.write(chunk)) await new Promise((resolve) => process.stdout.once("drain", resolve));
}

const exportCommand: CommandModule<GlobalArgs, ExportArgs> = {
  command: "export [id]",
  describe:
    "one stored table of a run or a batch as CSV, JSON lines or Parquet (columns documented in the README)",
  builder: (y: Argv<GlobalArgs>) =>
    y
      .positional("id", { type: "string", describe: "run id (see runs list); or --batch" })
      .option("batch", { type: "string", describe: "every run of this compare batch id" })
      .option("table", {
        type: "string",
        choices: [...EXPORT_TABLES],
        demandOption: true,
        describe: "parents, children (child orders), fills or tca (parent and child TCA rows)",
      })
      .option("format", {
        type: "string",
        choices: [...EXPORT_FORMATS],
        default: "csv",
        describe: "csv, jsonl or parquet",
      })
      .option("out", { type: "string", describe: "output file (default: stdout); written atomically" })
      .example("$0 runs export 3 --table fills --out fills.csv", "the fills of run 3")
      .example("$0 runs export --batch 3f2c… --table tca --format jsonl", "TCA rows of every run of a batch")
      .strictOptions() as unknown as Argv<ExportArgs>,
  handler: async (argv) => {
    if ((argv.id === undefined) === (argv.batch === undefined))
      throw new ExecsimError(
        "INVALID_ARGUMENT",
        "name a run id or --batch ID (exactly one); `execsim runs list` shows both",
      );
    checkExportArgs(argv.table, argv.format);
    const table = argv.table;
    const format = argv.format as ExportFormat;
    const sel = argv.batch !== undefined ? { batchId: String(argv.batch) } : { runId: parseRunId(argv.id!) };
    const toFile = argv.out !== undefined && argv.out !== "-";
    if (toFile) checkWritableFile(argv.out!);
    requireExistingStore(argv);
    await withStore(argv, async (store) => {
      const ids = selectedRunIds(store, sel);
      if (!toFile)
        return writeChunksToStdout(
          format === "parquet"
            ? [await exportParquet(store, ids, table)]
            : exportChunks(store, ids, table, format),
        );
      const bytes = await writeExportFile(store, ids, table, format, argv.out!);
      const summary = { file: argv.out, table, format, runs: ids, bytes };
      if (argv.json) printJson(summary);
      else
        process.stdout.write(`wrote the ${table} of run(s) ${ids.join(", ")} to ${argv.out} (${format})\n`);
    });
  },
};

type DiffArgs = GlobalArgs & { a: string; b: string; "tolerance-bps"?: number };

const diffCommand: CommandModule<GlobalArgs, DiffArgs> = {
  command: "diff <a> <b>",
  describe:
    "what changed from run A to run B: metrics old → new, parents whose fills changed and those that moved most (the `execsim check` diff)",
  builder: (y: Argv<GlobalArgs>) =>
    y
      .positional("a", { type: "string", demandOption: true, describe: "the old run's id" })
      .positional("b", { type: "string", demandOption: true, describe: "the new run's id" })
      .option("tolerance-bps", {
        type: "number",
        describe: "report only metrics that moved more than this many bps and skip the fills hashes",
      })
      .example("$0 runs diff 3 7", "run 7 against run 3") as Argv<DiffArgs>,
  handler: async (argv) => {
    const a = parseRunId(argv.a);
    const b = parseRunId(argv.b);
    const tol = argv["tolerance-bps"];
    if (tol !== undefined && !(Number.isFinite(tol) && tol >= 0))
      throw new ExecsimError("INVALID_ARGUMENT", `--tolerance-bps must be a number >= 0 (bps), got ${tol}`);
    const d = await withStore(argv, (store) => diffRuns(store, a, b, { toleranceBps: tol ?? null }));
    if (argv.json) {
      printJson(d);
      return;
    }
    const lines: string[] = [];
    for (const c of d.config)
      lines.push(`config ${c.flag}: ${JSON.stringify(c.old ?? null)} → ${JSON.stringify(c.new ?? null)}`);
    if (d.data) lines.push(`candles: ${d.data.old} → ${d.data.new}`);
    lines.push(formatSnapshotDiff(`run ${b} against run ${a}`, d.diff));
    process.stdout.write(`${lines.join("\n")}\n`);
  },
};

export const runsCommand: CommandModule = {
  command: "runs <command>",
  // its one-line description is in commands.ts (shown by --help before this module loads)
  builder: (y: Argv) =>
    y
      .command(listCommand as unknown as CommandModule)
      .command(showCommand as unknown as CommandModule)
      .command(diffCommand as unknown as CommandModule)
      .command(exportCommand as unknown as CommandModule)
      .command(deleteCommand as unknown as CommandModule)
      .command(pruneCommand as unknown as CommandModule)
      .demandCommand(1, "Name a runs subcommand: list, show, diff, export, delete or prune."),
  handler: () => {},
};
