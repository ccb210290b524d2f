/** `execsim runs list|show`: stored runs, newest first; one run's config, status and per-parent TCA. */
import type { Argv, CommandModule } from "yargs";
import { ExecsimError } from "../core/errors.js";
import { diffRuns } from "../experiment/baseline/runs-diff.js";
import { formatRunConfigFile } from "../experiment/run-config-file.js";
import { flagsOfStoredRun } from "../experiment/run-flags.js";
import { formatSnapshotDiff } from "../report/snapshot-diff-text.js";
import { parentRowsFromStored, parentTable, runsTable } from "../report/tca-tables.js";
import { getRun, listRuns, parentTcaRows } from "../store/run-queries.js";
import { type GlobalArgs, printJson, withStore } from "./cli-helpers.js";

type ListArgs = GlobalArgs & { limit: number; status?: string; batch?: string };
type ShowArgs = GlobalArgs & { id: string; config: boolean };

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
    const id = runId(argv.id);
    if (argv.config) {
      const run = await withStore(argv, (store) => getRun(store, id));
      process.stdout.write(formatRunConfigFile(flagsOfStoredRun(run), argv.json ? "json" : "yaml"));
      return;
    }
    const { run, tca } = await withStore(argv, (store) => ({
      run: getRun(store, id),
      tca: parentTcaRows(store, id),
    }));
    if (argv.json) {
      printJson({ ...run, parents: tca });
      return;
    }
    const lines = [
      `run ${run.id}: ${run.command} ${run.strategy}  status ${run.status}${run.error ? ` (${run.error})` : ""}`,
      `data ${run.symbol} ${run.category} ${run.interval}, ${new Date(run.fromMs).toISOString()} .. ${new Date(run.toMs).toISOString()}, candles sha256 ${run.candlesHash.slice(0, 16)}…`,
      `seed ${run.seed}, code ${run.codeVersion}${run.batchId ? `, batch ${run.batchId}` : ""}`,
      ...strategySourceLines(run.config, run.strategy),
      `config ${JSON.stringify(run.config)}`,
      `timings ${JSON.stringify(run.timings)}`,
      "",
      tca.length > 0
        ? parentTable(parentRowsFromStored(tca))
        : run.summary !== null
          ? `stored with --store summary (no per-parent rows): summary ${JSON.stringify(run.summary)}`
          : "no parent orders stored for this run",
    ];
    process.stdout.write(`${lines.join("\n")}\n`);
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
    const a = runId(argv.a);
    const b = runId(argv.b);
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

/** A run id argument as a whole number > 0 (INVALID_ARGUMENT quoting it otherwise). */
function runId(raw: string): number {
  const id = /^\s*\d+\s*$/.test(String(raw)) ? Number(raw) : Number.NaN;
  if (!(Number.isSafeInteger(id) && id > 0))
    throw new ExecsimError(
      "INVALID_ARGUMENT",
      `run id must be a whole number > 0 (see \`execsim runs list\`), got "${raw}"`,
    );
  return id;
}

export const runsCommand: CommandModule = {
  command: "runs <command>",
  // its one-line description is in commands.ts (shown by --help before this module loads)
  builder: (y: Argv) =>
    y
      .command(listCommand as unknown as CommandModule)
      .command(showCommand as unknown as CommandModule)
      .command(diffCommand as unknown as CommandModule)
      .demandCommand(1, "Name a runs subcommand: list, show or diff."),
  handler: () => {},
};
