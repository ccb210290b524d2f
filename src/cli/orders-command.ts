/** `execsim orders import`: a desk's own parent orders and fills in, analysed and stored as an imported run. */
import type { Argv, CommandModule } from "yargs";
import { parseInterval } from "../core/interval.js";
import { CATEGORIES, type Category } from "../core/market-types.js";
import { importOwnOrders } from "../experiment/import-own-orders.js";
import { readOwnOrders } from "../experiment/own-orders-file.js";
import { parentRowsFromTca, parentTable } from "../report/tca-tables.js";
import { type GlobalArgs, printJson, withStore } from "./cli-helpers.js";

type ImportArgs = GlobalArgs & { parents: string; fills?: string; category: string; interval: string };

const importCommand: CommandModule<GlobalArgs, ImportArgs> = {
  command: "import <parents> [fills]",
  describe: "import your own parent orders and fills (CSV or JSON) as a run with source 'imported'",
  builder: (y: Argv<GlobalArgs>) =>
    y
      .positional("parents", {
        type: "string",
        describe:
          "parent orders: parent_id, symbol, side, qty, start, end [, limit_price, arrival_price]; " +
          "or one file holding parents and fills with a kind column (parent | fill)",
        demandOption: true,
      })
      .positional("fills", {
        type: "string",
        describe: "fills: parent_id, timestamp, side, qty, price [, fee (quote), venue, arrival_price]",
      })
      .option("category", {
        type: "string",
        default: "linear",
        choices: CATEGORIES as string[],
        describe: "category of the stored candles the orders are measured against",
      })
      .option("interval", { type: "string", default: "1", describe: "bar interval of those candles" })
      .example("$0 orders import parents.csv fills.csv", "check, analyse and store as one run per symbol")
      .example("$0 orders import executions.json --json", "one JSON file {parents: [...], fills: [...]}")
      .epilogue(
        "Times are ISO-8601 UTC or epoch s/ms; quantities in base units, prices and fees in quote. Without " +
          "arrival_price the arrival is the close of the last bar that closed at or before the parent's start. " +
          "A missing fee counts as zero (the TCA says so). Every bad row is listed with file, line and field and " +
          "nothing is written; importing the same executions again returns the stored run. " +
          "Then: `execsim tca --run <id>` for the decomposition with markouts.",
      ) as unknown as Argv<ImportArgs>,
  handler: async (argv) => {
    const interval = parseInterval(argv.interval);
    // the files are read and checked before the store is opened: a bad file creates no database
    const orders = readOwnOrders(argv.parents, argv.fills);
    const result = await withStore(argv, (store) =>
      importOwnOrders(store, orders, { category: argv.category as Category, interval }),
    );
    const runs = result.runs.map(({ tca: _t, ...r }) => r);
    if (argv.json) {
      printJson({ runId: runs[0]!.runId, created: runs[0]!.created, runs });
      return;
    }
    for (const r of result.runs)
      process.stdout.write(
        `${r.created ? "imported" : "already stored"}: ${r.parents} parent order(s), ${r.fills} fill(s) of ${r.symbol} ` +
          `as run ${r.runId}${r.feesMissing > 0 ? ` (${r.feesMissing} fill(s) without a fee, counted as zero)` : ""}\n\n` +
          `${parentTable(parentRowsFromTca(r.tca))}\n\n`,
      );
    process.stdout.write(
      `\`execsim tca --run ${runs[0]!.runId}\` for the cost decomposition and markouts; \`execsim runs show ${runs[0]!.runId}\` for the stored run.\n`,
    );
  },
};

export const ordersCommand: CommandModule = {
  command: "orders <command>",
  describe: "your own executions: import parent orders and fills",
  builder: (y: Argv) =>
    y
      .command(importCommand as unknown as CommandModule)
      .demandCommand(1, "Name an orders subcommand: import."),
  handler: () => {},
};
