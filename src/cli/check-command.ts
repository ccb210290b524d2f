/** `execsim check NAME | --all`: re-run committed baselines and fail (exit 1) with a diff when a number moved. */
import type { Argv, CommandModule } from "yargs";
import { ExecsimError } from "../core/errors.js";
import { DEFAULT_BASELINE_DIR, listBaselines, readBaseline } from "../experiment/baseline/baseline-file.js";
import { type CheckBaselineResult, checkBaseline } from "../experiment/baseline/baseline-run.js";
import { formatSnapshotDiff } from "../report/snapshot-diff-text.js";
import { type GlobalArgs, printJson, withStore } from "./cli-helpers.js";

type CheckArgs = GlobalArgs & {
  name?: string;
  dir: string;
  all: boolean;
  update: boolean;
  "tolerance-bps"?: number;
};

export const checkCommand: CommandModule<GlobalArgs, CheckArgs> = {
  command: "check [name]",
  // its one-line description is in commands.ts (shown by --help before this module loads)
  builder: (y: Argv<GlobalArgs>) =>
    y
      .positional("name", { type: "string", describe: "baseline name (baselines/NAME.json)" })
      .option("dir", { type: "string", default: DEFAULT_BASELINE_DIR, describe: "folder of the baselines" })
      .option("all", { type: "boolean", default: false, describe: "check every baseline in the folder" })
      .option("tolerance-bps", {
        type: "number",
        describe:
          "compare metrics within this many bps (fractions within X·1e-4) and skip the fills hashes; default: exact (1e-9) with fills hashes",
      })
      .option("update", {
        type: "boolean",
        default: false,
        describe:
          "rewrite the baseline with the new results after a change that was meant, printing what changed",
      })
      .example("$0 check my-algo", "exact check of baselines/my-algo.json")
      .example("$0 check --all --tolerance-bps 0.01", "every baseline, metrics within 0.01 bps")
      .example(
        "$0 check --all --update",
        "accept the new numbers (review the printed diff and the file diff)",
      ) as Argv<CheckArgs>,
  handler: async (argv) => {
    if ((argv.name === undefined) === !argv.all)
      throw new ExecsimError(
        "INVALID_ARGUMENT",
        "name one baseline (execsim check NAME) or pass --all, not both",
      );
    const tol = argv["tolerance-bps"];
    if (tol !== undefined && !(Number.isFinite(tol) && tol >= 0))
      throw new ExecsimError("INVALID_ARGUMENT", `--tolerance-bps must be a number >= 0 (bps), got ${tol}`);
    const names = argv.all ? listBaselines(argv.dir) : [argv.name!];
    if (names.length === 0)
      throw new ExecsimError(
        "NOT_FOUND",
        `no baselines (*.json) in ${argv.dir}; save one with \`execsim baseline save NAME\``,
      );
    // every baseline is read and validated before anything runs: a malformed one fails the whole check (exit 2)
    for (const n of names) readBaseline(argv.dir, n);
    const progress = process.stderr.isTTY && !argv.json;
    const results: CheckBaselineResult[] = [];
    await withStore(argv, async (store) => {
      for (const n of names) {
        if (progress) process.stderr.write(`checking ${n}…\n`);
        const r = await checkBaseline(store, n, {
          dir: argv.dir,
          toleranceBps: tol ?? null,
          update: argv.update,
        });
        results.push(r);
        if (!argv.json) {
          process.stdout.write(`${formatSnapshotDiff(`baseline ${n}`, r.diff)}\n`);
          if (r.updated) process.stdout.write(`updated ${r.file}\n`);
        }
      }
    });
    const ok = results.every((r) => r.ok);
    if (argv.json)
      printJson({
        ok,
        baselines: results.map((r) => ({
          name: r.name,
          file: r.file,
          ok: r.ok,
          updated: r.updated,
          runIds: r.runIds,
          diff: r.diff,
        })),
      });
    if (!ok && !argv.update) process.exitCode = 1;
  },
};
