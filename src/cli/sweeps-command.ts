/** `execsim sweeps list|show`: stored parameter sweeps, newest first; one sweep's points and recommendation. */
import type { Argv, CommandModule } from "yargs";
import { ExecsimError } from "../core/errors.js";
import { sweepResultFromStore } from "../experiment/sweep/sweep-result.js";
import { formatTable } from "../report/format-table.js";
import { resolveDbPath } from "../store/database.js";
import { listSweeps } from "../store/sweep-store.js";
import { type GlobalArgs, printJson, withStore } from "./cli-helpers.js";
import { storeExists } from "./store-guard.js";
import { printSweepJson, printSweepText } from "./sweep-command.js";

type ListArgs = GlobalArgs & { limit: number; status?: string };
type ShowArgs = GlobalArgs & { id: string };

const listCommand: CommandModule<GlobalArgs, ListArgs> = {
  command: "list",
  describe: "stored sweeps, newest first",
  builder: (y: Argv<GlobalArgs>) =>
    y
      .option("limit", { type: "number", default: 50, describe: "at most this many sweeps" })
      .option("status", {
        type: "string",
        choices: ["running", "completed", "interrupted", "failed"],
      }) as Argv<ListArgs>,
  handler: async (argv) => {
    if (!(Number.isInteger(argv.limit) && argv.limit > 0))
      throw new ExecsimError("INVALID_ARGUMENT", `--limit must be a whole number > 0, got ${argv.limit}`);
    // a read-only command creates no database: none means no sweeps
    const rows = storeExists(argv)
      ? await withStore(argv, (store) => listSweeps(store, { limit: argv.limit, status: argv.status }))
      : [];
    if (argv.json) {
      printJson(rows);
      return;
    }
    process.stdout.write(
      rows.length === 0
        ? "no sweeps stored yet; try `execsim sweep --param lambda=1e-7:1e-3:7`\n"
        : `${formatTable(
            ["id", "created (UTC)", "strategy", "points", "status", "data", "recommended"],
            rows.map((r) => [
              String(r.id),
              new Date(r.createdAtMs).toISOString().slice(0, 19).replace("T", " "),
              r.strategy,
              String(r.points),
              r.status,
              `${r.symbol} ${r.interval}`,
              (r.recommended as { label?: string } | null)?.label ?? "-",
            ]),
          )}\n`,
    );
  },
};

const showCommand: CommandModule<GlobalArgs, ShowArgs> = {
  command: "show <id>",
  describe: "one sweep: its points, frontiers and recommendation",
  builder: (y: Argv<GlobalArgs>) =>
    y.positional("id", {
      type: "string",
      describe: "sweep id (see sweeps list)",
      demandOption: true,
    }) as Argv<ShowArgs>,
  handler: async (argv) => {
    const id = /^\s*\d+\s*$/.test(String(argv.id)) ? Number(argv.id) : Number.NaN;
    if (!(Number.isSafeInteger(id) && id > 0))
      throw new ExecsimError(
        "INVALID_ARGUMENT",
        `sweep id must be a whole number > 0 (see \`execsim sweeps list\`), got "${argv.id}"`,
      );
    if (!storeExists(argv))
      throw new ExecsimError(
        "NOT_FOUND",
        `no database at ${resolveDbPath(argv.db)}, so no sweep ${id}; check --db / EXECSIM_DB`,
      );
    const r = await withStore(argv, (store) => sweepResultFromStore(store, id));
    if (argv.json) printSweepJson(r);
    else printSweepText(r);
  },
};

export const sweepsCommand: CommandModule = {
  command: "sweeps <command>",
  builder: (y: Argv) =>
    y
      .command(listCommand as unknown as CommandModule)
      .command(showCommand as unknown as CommandModule)
      .demandCommand(1, "Name a sweeps subcommand: list or show."),
  handler: () => {},
};
